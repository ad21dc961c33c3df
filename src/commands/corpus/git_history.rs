//! The history stage: created/updated dates, contributors and revisions of
//! every postmortem from one pass over the commits, read from the
//! repository or from a described history (`history =` in hindsight.toml)
//! written into a throwaway repository.

use super::open::Opened;
use super::parse_files::Keys;
use crate::cache::{self, Cache};
use crate::model::Postmortem;
use crate::source::described_history::Written;
use crate::source::{self, history, history::RawHistory, Loaded};
use anyhow::{Context, Result};
use git2::{Oid, Repository};
use std::collections::{BTreeMap, BTreeSet};
use std::thread::JoinHandle;

type RawJob = JoinHandle<Result<(RawHistory, cache::history::HistoryRead), git2::Error>>;

/// Where history is read from, and its walk when it started early.
pub(super) struct HistorySource {
    /// The throwaway repository of a described history (removed on drop).
    described: Option<(Written, Repository)>,
    /// The commit history is read up to.
    head: Option<Oid>,
    cache: Cache,
    job: Option<RawJob>,
}

/// What the history stage says about the whole build.
pub(super) struct HistoryReport {
    pub shallow: bool,
    pub commits: usize,
    /// Committer date of the head commit: the day "now" means in the output.
    pub head_date: Option<chrono::NaiveDate>,
}

impl HistorySource {
    /// Writes the described history if there is one, and starts the walk.
    ///
    /// History does not depend on the files. With a build cache it is
    /// read on its own thread while they are: a rebuild walks only the new
    /// commits, beside a load that leaves a core free. Without one the
    /// whole history is walked after the files are parsed: parsing every
    /// file keeps both cores busy, and sharing them would only slow both.
    pub(super) fn start(src: &Opened, warnings: &mut Vec<String>) -> Result<HistorySource> {
        let described = match &src.config.history {
            Some(file) => {
                let written = source::described_history::load(
                    &src.worktree_root(),
                    src.git.as_ref(),
                    src.commit,
                    file,
                    &src.selector.content,
                )?;
                warnings.extend(written.warnings.iter().cloned());
                let repo = Repository::open_bare(written.git_dir())
                    .context("opening the described history")?;
                Some((written, repo))
            }
            None => None,
        };
        let (head, cache) = match &described {
            // The throwaway repository changes every build: nothing to cache.
            Some((w, _)) => (Some(w.head), Cache::disabled()),
            None => (src.head(), src.cache.clone()),
        };
        let job = head.filter(|_| cache.enabled()).map(|head| {
            cache::history::spawn_raw(
                cache.clone(),
                src.repo_dir.clone(),
                head,
                src.selector.content.clone(),
            )
        });
        Ok(HistorySource {
            described,
            head,
            cache,
            job,
        })
    }

    /// The paths a described history ends with (`None`: the repository's).
    pub(super) fn described_paths(&self) -> Option<&BTreeSet<String>> {
        self.described.as_ref().map(|(w, _)| &w.paths)
    }

    fn repo<'a>(&'a self, src: &'a Opened) -> Option<&'a Repository> {
        match &self.described {
            Some((_, repo)) => Some(repo),
            None => src.git.as_ref(),
        }
    }

    /// The repository history is read from and its head, when both exist.
    pub(super) fn at<'a>(&'a self, src: &'a Opened) -> Option<(&'a Repository, Oid)> {
        Some((self.repo(src)?, self.head?))
    }

    /// Reads every postmortem's history into it; `blobs` are the blob ids
    /// of the files as built, by path (to tell uncommitted edits).
    pub(super) fn read(
        &mut self,
        src: &Opened,
        blobs: &BTreeMap<&str, &str>,
        postmortems: &mut [Postmortem],
        warnings: &mut Vec<String>,
    ) -> Result<HistoryReport> {
        let job = self.job.take();
        let Some((repo, head)) = self.at(src) else {
            for pm in postmortems.iter_mut() {
                pm.history.uncommitted = src.git.is_some();
                pm.history.reliable = false;
            }
            return Ok(HistoryReport {
                shallow: false,
                commits: 0,
                head_date: None,
            });
        };
        let head_date = repo
            .find_commit(head)
            .ok()
            .and_then(|c| chrono::DateTime::from_timestamp(c.time().seconds(), 0))
            .map(|d| d.date_naive());
        let wanted: BTreeSet<String> = postmortems.iter().map(|p| p.path.clone()).collect();
        let (raw, _) = match job {
            Some(job) => job.join().expect("reading history never panics"),
            None => cache::history::timed_raw(
                &self.cache,
                repo,
                head,
                &src.selector.content,
                "after loading",
            ),
        }
        .context("reading git history")?;
        // The walk's own time is noted with it; this is the rest.
        let after_walk = tracing::debug_span!("history after the walk").entered();
        let index = raw.index(repo, &wanted);
        if index.shallow {
            warnings.push(
                "shallow clone: created/updated dates and contributors only cover the fetched commits; \
                 fetch full history (e.g. `git fetch --unshallow`, or `fetch-depth: 0` in CI)"
                    .into(),
            );
        }
        let report = HistoryReport {
            shallow: index.shallow,
            commits: index.commits,
            head_date,
        };
        let head_tree = repo.find_commit(head).and_then(|c| c.tree()).ok();
        let committed = if src.commit.is_none() {
            history::committed_blobs(head_tree.as_ref(), &src.selector.content)
        } else {
            Default::default()
        };
        let mut files = index.files;
        for pm in postmortems.iter_mut() {
            let mut h = files.remove(&pm.path).unwrap_or_default();
            h.reliable = !report.shallow;
            if src.commit.is_none() {
                let blob = blobs.get(pm.path.as_str()).copied().unwrap_or("");
                history::mark_uncommitted(&mut h, &committed, &pm.path, blob);
            }
            pm.history = h;
        }
        drop(after_walk);
        Ok(report)
    }
}

/// Each loaded file's blob id, by path.
pub(super) fn blobs_of(loaded: &Loaded) -> BTreeMap<&str, &str> {
    loaded
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.blob.as_str()))
        .collect()
}

/// The files whose ticked items must be dated again (their revisions
/// changed), recording the new key of each in `keys`.
pub(super) fn stale_done_dates(postmortems: &[Postmortem], keys: &mut Keys) -> BTreeSet<String> {
    let mut stale = BTreeSet::new();
    for pm in postmortems {
        let now = cache::docs::done_key(&pm.history.revisions);
        if let Some(k) = keys.get_mut(&pm.path) {
            if k.1 != Some(now) {
                stale.insert(pm.path.clone());
            }
            k.1 = Some(now);
        }
    }
    stale
}
