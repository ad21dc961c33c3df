//! Git history between builds: the revisions every path had at the last
//! built commit. When the new HEAD descends from it by commits without
//! merges, only the new commits are walked and the old revisions appended
//! (following renames made since). Anything else (a rewritten branch, a
//! merge, another content folder, a changed `.mailmap`, a shallow clone)
//! walks all of history again, which gives the same result by definition.

use super::{Cache, Fingerprint, Hasher};
use crate::model::Revision;
use crate::source::history::{self, RawHistory};
use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

const FILE: &str = "history.bin";

/// (commit, date, author, subject, blob): a [`Revision`] with its blob, which
/// the public model does not serialize.
type Row = (String, String, String, String, String);

#[derive(Serialize, Deserialize)]
struct Stored {
    head: String,
    content: String,
    mailmap: Fingerprint,
    commits: usize,
    revs: Vec<(String, Vec<Row>)>,
}

impl Stored {
    fn into_raw(self) -> RawHistory {
        RawHistory {
            revs: self
                .revs
                .into_iter()
                .map(|(path, rows)| {
                    let list = rows
                        .into_iter()
                        .map(|(commit, date, author, subject, blob)| Revision {
                            commit,
                            date,
                            author,
                            subject,
                            blob,
                        })
                        .collect();
                    (path, list)
                })
                .collect(),
            commits: self.commits,
            ..Default::default()
        }
    }

    fn of(raw: &RawHistory, head: Oid, content: &str, mailmap: Fingerprint) -> Stored {
        Stored {
            head: head.to_string(),
            content: content.to_string(),
            mailmap,
            commits: raw.commits,
            revs: raw
                .revs
                .iter()
                .map(|(path, list)| {
                    let rows = list
                        .iter()
                        .map(|r| {
                            (
                                r.commit.clone(),
                                r.date.clone(),
                                r.author.clone(),
                                r.subject.clone(),
                                r.blob.clone(),
                            )
                        })
                        .collect();
                    (path.clone(), rows)
                })
                .collect(),
        }
    }
}

/// What decides author names besides the commits: the `.mailmap` file (of
/// the working tree, or of HEAD in a bare repository) and the
/// `mailmap.file` / `mailmap.blob` settings.
fn mailmap_key(repo: &Repository, head: Oid) -> Fingerprint {
    let mut h = Hasher::new();
    match repo.workdir() {
        Some(dir) => {
            h.bytes(&std::fs::read(dir.join(".mailmap")).unwrap_or_default());
        }
        None => {
            let blob = repo
                .find_commit(head)
                .and_then(|c| c.tree())
                .ok()
                .and_then(|t| t.get_name(".mailmap").map(|e| e.id().to_string()));
            h.str(&blob.unwrap_or_default());
        }
    }
    if let Ok(config) = repo.config() {
        for key in ["mailmap.file", "mailmap.blob"] {
            let value = config.get_string(key).unwrap_or_default();
            h.str(&value);
            if key == "mailmap.file" && !value.is_empty() {
                h.bytes(&std::fs::read(&value).unwrap_or_default());
            }
        }
    }
    h.finish()
}

/// How the history was obtained (for timings and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryRead {
    /// Same commit as last time: nothing walked.
    Unchanged,
    /// Only commits since the last build were walked.
    Incremental(usize),
    /// All of history was walked.
    Full,
}

/// [`timed_raw`] on a thread of its own, with its own handle on the
/// repository at `repo_dir`: history is read while the files are.
pub fn spawn_raw(
    cache: Cache,
    repo_dir: std::path::PathBuf,
    head: Oid,
    content: String,
) -> std::thread::JoinHandle<Result<(RawHistory, HistoryRead), git2::Error>> {
    std::thread::spawn(move || {
        let repo = Repository::open(&repo_dir)?;
        timed_raw(&cache, &repo, head, &content, "beside loading")
    })
}

/// [`raw`] in a span `history walk (<label>)` (`HINDSIGHT_TIMINGS`).
pub fn timed_raw(
    cache: &Cache,
    repo: &Repository,
    head: Oid,
    content: &str,
    label: &str,
) -> Result<(RawHistory, HistoryRead), git2::Error> {
    tracing::debug_span!("history walk", what = label).in_scope(|| raw(cache, repo, head, content))
}

/// The revisions of every path ever written under `content` up to `head`
/// ([`RawHistory::index`] then picks the wanted paths): from the cache when
/// it has this commit, else by walking the commits new since the cached one,
/// else all of history.
pub fn raw(
    cache: &Cache,
    repo: &Repository,
    head: Oid,
    content: &str,
) -> Result<(RawHistory, HistoryRead), git2::Error> {
    if !cache.enabled() || repo.is_shallow() {
        return Ok((history::walk(repo, head, None, content)?, HistoryRead::Full));
    }
    let mailmap = mailmap_key(repo, head);
    let prev = cache
        .read::<Stored>(FILE)
        .filter(|s| s.content == content && s.mailmap == mailmap)
        .and_then(|s| Oid::from_str(&s.head).ok().map(|h| (h, s)));
    let (raw, how) = match prev {
        Some((h, s)) if h == head => (s.into_raw(), HistoryRead::Unchanged),
        Some((h, s)) if repo.graph_descendant_of(head, h).unwrap_or(false) => {
            let mut new = history::walk(repo, head, Some(h), content)?;
            if new.merges == 0 {
                let n = new.commits;
                new.extend_with_older(s.into_raw());
                (new, HistoryRead::Incremental(n))
            } else {
                (history::walk(repo, head, None, content)?, HistoryRead::Full)
            }
        }
        _ => (history::walk(repo, head, None, content)?, HistoryRead::Full),
    };
    if how != HistoryRead::Unchanged {
        // Losing the cache only costs speed next time.
        let _ = cache.write(FILE, &Stored::of(&raw, head, content, mailmap));
    }
    Ok((raw, how))
}
