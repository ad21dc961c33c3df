//! Git history for every postmortem in one pass over the commits (never one
//! `git log` per file): created and updated dates, contributors after
//! `.mailmap`, and each file's revision list. Renames are followed.
//!
//! The walk compares only the content folder's subtree: a commit that does not
//! touch it costs one tree-id comparison, and a commit that does is diffed
//! ([`super::commit_diff`]) descending only into subtrees whose ids differ
//! (the same shortcut `git log` takes).

use super::commit_diff::{read_commits, Commit};
use crate::model::{History, Revision};
use git2::{Oid, Repository, Sort, Tree};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What one pass over history produced.
#[derive(Debug, Default)]
pub struct HistoryIndex {
    /// By repository path, for the requested paths that have commits.
    pub files: BTreeMap<String, History>,
    /// The repository is a shallow clone: dates may be wrong.
    pub shallow: bool,
    /// Commits looked at.
    pub commits: usize,
}

/// The revisions of every path ever written under the content folder, as
/// one walk found them: what the build cache keeps between builds.
#[derive(Debug, Default, Clone)]
pub struct RawHistory {
    /// By path (after later renames), newest first.
    pub revs: BTreeMap<String, Vec<Revision>>,
    /// Older path → path it was renamed to, for renames seen in the walk.
    pub alias: HashMap<String, String>,
    /// Commits looked at.
    pub commits: usize,
    /// Commits with more than one parent among them.
    pub merges: usize,
}

impl RawHistory {
    /// Appends the revisions of an older walk (from an ancestor of this
    /// walk's first commit): older paths follow this walk's renames.
    pub fn extend_with_older(&mut self, older: RawHistory) {
        // The older walk's paths are already the names they had at its
        // head, so only this walk's renames apply.
        for (path, list) in older.revs {
            let target = self.alias.get(&path).cloned().unwrap_or(path);
            self.revs.entry(target).or_default().extend(list);
        }
        self.commits += older.commits;
        self.merges += older.merges;
    }

    /// Created/updated/contributors of the `wanted` paths.
    pub fn index(&self, repo: &Repository, wanted: &BTreeSet<String>) -> HistoryIndex {
        let files = self
            .revs
            .iter()
            .filter(|(path, _)| wanted.contains(*path))
            .map(|(path, revisions)| (path.clone(), summarize(revisions.clone())))
            .collect();
        HistoryIndex {
            files,
            shallow: repo.is_shallow(),
            commits: self.commits,
        }
    }
}

/// Walks the commits reachable from `head` but not from `hide`, recording
/// every path written under `content`.
///
/// Listing the commits is sequential; reading and diffing their trees (most
/// of the time: inflating and parsing objects) runs in parallel over runs of
/// consecutive commits, each with its own handle on the repository; the
/// changes are then recorded in walk order, which renames depend on.
pub fn walk(
    repo: &Repository,
    head: Oid,
    hide: Option<Oid>,
    content: &str,
) -> Result<RawHistory, git2::Error> {
    use rayon::prelude::*;
    // libgit2 re-hashes every object it reads to verify it by default; git
    // itself does not when walking history, and it is a fifth of a build.
    git2::opts::strict_hash_verification(false);
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    walk.push(head)?;
    if let Some(h) = hide {
        walk.hide(h)?;
    }
    let read = tracing::debug_span!("history walk/list+read").entered();
    let list = tracing::debug_span!("history walk/list").entered();
    let oids: Vec<Oid> = walk.collect::<Result<_, _>>().map_err(|e| {
        let which = unreadable_commit(repo, head).map_or_else(
            || format!("walking the history from {head}"),
            |c| format!("commit {c}"),
        );
        git2::Error::from_str(&format!(
            "{which}: {}; the repository may be damaged: run `git fsck` in it",
            e.message()
        ))
    })?;
    drop(list);

    // A run per worker and then some (runs differ in cost); short walks (a
    // rebuild's few new commits) stay on this thread and this handle.
    let runs = (rayon::current_num_threads() * 4)
        .min(oids.len() / MIN_RUN)
        .max(1);
    let run_len = oids.len().div_ceil(runs).max(1);
    let handles: Option<Vec<Repository>> = if runs > 1 {
        (0..runs)
            .map(|_| Repository::open(repo.path()).ok())
            .collect()
    } else {
        None
    };
    let commits: Vec<Vec<Commit>> = match handles {
        Some(handles) => oids
            .par_chunks(run_len)
            .zip(handles)
            .map(|(run, repo)| read_commits(&repo, run, content))
            .collect::<Result<_, _>>()?,
        None => vec![read_commits(repo, &oids, content)?],
    };
    drop(read);

    // Older commits touch a path under an older name; `alias` maps it to the
    // current path once a rename was seen.
    let mut alias: HashMap<String, String> = HashMap::new();
    let mut revs: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    let mut merges = 0usize;
    for commit in commits.into_iter().flatten() {
        merges += usize::from(commit.merge);
        let Some(t) = commit.touched else { continue };
        for (rel, blob, renamed_from) in t.writes {
            let path = super::join_repo_path(content, &rel);
            let current = alias.get(&path).cloned().unwrap_or(path.clone());
            revs.entry(current.clone()).or_default().push(Revision {
                commit: commit.oid.to_string(),
                date: t.date.clone(),
                author: t.author.clone(),
                subject: t.subject.clone(),
                blob: blob.to_string(),
            });
            if let Some(old) = renamed_from {
                alias.insert(super::join_repo_path(content, &old), current);
            }
        }
    }
    Ok(RawHistory {
        revs,
        alias,
        commits: oids.len(),
        merges,
    })
}

/// The first commit reachable from `head` that cannot be read, to name it
/// when the walk fails (libgit2's message has no object id).
fn unreadable_commit(repo: &Repository, head: Oid) -> Option<Oid> {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![head];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match repo.find_commit(id) {
            Ok(c) => stack.extend(c.parent_ids()),
            Err(_) => return Some(id),
        }
    }
    None
}

/// Fewest commits worth a run of their own (opening a handle and warming
/// its caches costs about as much as reading that many commits).
const MIN_RUN: usize = 256;

/// Created, updated and contributors from a newest-first revision list.
fn summarize(revisions: Vec<Revision>) -> History {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &revisions {
        *counts.entry(r.author.as_str()).or_default() += 1;
    }
    let mut contributors: Vec<(&str, usize)> = counts.into_iter().collect();
    contributors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    History {
        created: revisions.last().map(|r| r.date.clone()),
        updated: revisions.first().map(|r| r.date.clone()),
        contributors: contributors
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect(),
        revisions,
        uncommitted: false,
        reliable: true,
    }
}

/// Blob ids of every file under `content` in `tree` (HEAD's), by
/// repository path: one walk instead of a path lookup per postmortem.
pub fn committed_blobs(tree: Option<&Tree<'_>>, content: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Some(tree) = tree else { return out };
    let prefix = content.trim_matches('/');
    let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let name = String::from_utf8_lossy(entry.name_bytes());
        let path = format!("{dir}{name}");
        if entry.kind() == Some(git2::ObjectType::Tree) {
            // Descend only on the way to, or inside, the content folder.
            let inside = prefix.is_empty()
                || path == prefix
                || path.starts_with(&format!("{prefix}/"))
                || prefix.starts_with(&format!("{path}/"));
            return if inside {
                git2::TreeWalkResult::Ok
            } else {
                git2::TreeWalkResult::Skip
            };
        }
        out.insert(path, entry.id().to_string());
        git2::TreeWalkResult::Ok
    });
    out
}

/// Sets `uncommitted` when the file's current blob is not the one committed
/// at HEAD (`committed` from [`committed_blobs`]).
pub fn mark_uncommitted(
    history: &mut History,
    committed: &HashMap<String, String>,
    path: &str,
    current_blob: &str,
) {
    history.uncommitted = committed.get(path).map(String::as_str) != Some(current_blob);
}

/// The bytes of a blob by its hex id (`None` when it is missing, e.g. on a
/// shallow clone). Used to read old versions of a postmortem.
pub fn blob_bytes(repo: &Repository, id: &str) -> Option<Vec<u8>> {
    let oid = Oid::from_str(id).ok()?;
    repo.find_blob(oid).ok().map(|b| b.content().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_compares_with_head_tree() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"# A\n").unwrap();
        let mut sub = repo.treebuilder(None).unwrap();
        sub.insert("a.md", blob, 0o100644).unwrap();
        let sub = sub.write().unwrap();
        let mut root = repo.treebuilder(None).unwrap();
        root.insert("postmortems", sub, 0o040000).unwrap();
        let tree = repo.find_tree(root.write().unwrap()).unwrap();
        let mut h = History {
            // A newest revision holding other content (e.g. a discarded merge side).
            revisions: vec![Revision {
                commit: String::new(),
                date: String::new(),
                author: String::new(),
                subject: String::new(),
                blob: super::super::blob_id(b"# other\n"),
            }],
            ..Default::default()
        };
        let current = super::super::blob_id(b"# A\n");
        let committed = committed_blobs(Some(&tree), "postmortems");
        assert_eq!(committed.len(), 1);
        mark_uncommitted(&mut h, &committed, "postmortems/a.md", &current);
        assert!(!h.uncommitted);
        mark_uncommitted(&mut h, &committed, "postmortems/a.md", "0000");
        assert!(h.uncommitted);
        mark_uncommitted(&mut h, &committed, "postmortems/new.md", &current);
        assert!(h.uncommitted);
        mark_uncommitted(
            &mut h,
            &committed_blobs(None, ""),
            "postmortems/a.md",
            &current,
        );
        assert!(h.uncommitted);
        assert_eq!(committed_blobs(Some(&tree), "").len(), 1);
        assert!(committed_blobs(Some(&tree), "other").is_empty());
    }

    #[test]
    fn a_long_walk_read_in_parallel_runs_follows_renames_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let n = MIN_RUN * 3 + 17;
        let mut parent: Option<Oid> = None;
        for i in 0..n {
            // a.md edited every commit, renamed to b.md (unchanged) halfway.
            let (name, text) = if i < n / 2 {
                ("a.md", format!("# A\nline {i}\n"))
            } else if i == n / 2 {
                ("b.md", format!("# A\nline {}\n", i - 1))
            } else {
                ("b.md", format!("# A\nline {i}\n"))
            };
            let mut sub = repo.treebuilder(None).unwrap();
            sub.insert(name, repo.blob(text.as_bytes()).unwrap(), 0o100644)
                .unwrap();
            let mut root = repo.treebuilder(None).unwrap();
            root.insert("postmortems", sub.write().unwrap(), 0o040000)
                .unwrap();
            let tree = repo.find_tree(root.write().unwrap()).unwrap();
            let when = git2::Time::new(1_600_000_000 + i as i64 * 3600, 0);
            let sig =
                git2::Signature::new(&format!("Author {}", i % 3), "a@example.com", &when).unwrap();
            let parents: Vec<git2::Commit<'_>> = parent
                .map(|p| repo.find_commit(p).unwrap())
                .into_iter()
                .collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            parent = Some(
                repo.commit(None, &sig, &sig, &format!("c{i}"), &tree, &refs)
                    .unwrap(),
            );
        }
        let head = parent.unwrap();
        let raw = walk(&repo, head, None, "postmortems").unwrap();
        assert_eq!(raw.commits, n);
        assert_eq!(raw.revs.keys().collect::<Vec<_>>(), ["postmortems/b.md"]);
        let revs = &raw.revs["postmortems/b.md"];
        let subjects: Vec<String> = revs.iter().map(|r| r.subject.clone()).collect();
        let want: Vec<String> = (0..n).rev().map(|i| format!("c{i}")).collect();
        assert_eq!(subjects, want, "every commit, newest first");
        assert_eq!(revs[0].author, format!("Author {}", (n - 1) % 3));
        assert_eq!(
            raw.alias.get("postmortems/a.md").map(String::as_str),
            Some("postmortems/b.md")
        );
    }
}
