//! Which files changed since a base revision, for `check --base` and
//! `review --base`: the diff of trees from the merge base of BASE and HEAD
//! to HEAD (what `git diff BASE...HEAD` shows, so commits that landed on
//! the base branch meanwhile are not counted), plus uncommitted changes in
//! the working tree (staged, unstaged and untracked files).

use super::revision::resolve;
use super::SourceError;
use git2::{Delta, DiffOptions, Repository, Status, StatusOptions};
use std::collections::BTreeMap;

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// New since the base (a new postmortem).
    Added,
    /// Edited, renamed or copied.
    Modified,
}

/// Files changed since the base, by repository path.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Commit the diff starts from (the merge base, else the base itself).
    pub from: String,
    /// Changed files under the content folder, by repository path, and how each changed.
    pub files: BTreeMap<String, ChangeKind>,
}

/// Files under `content` (a repository folder, `""` for the root) changed
/// between `base` and `head` (HEAD when `None`), plus, when `worktree` is
/// set, uncommitted changes. Deleted files are left out: there is nothing
/// left to check.
pub fn since(
    repo: &Repository,
    base: &str,
    head: Option<&git2::Commit<'_>>,
    worktree: bool,
    content: &str,
) -> Result<Changes, SourceError> {
    let base_commit = resolve(repo, base)?;
    let head_commit = match head {
        Some(c) => Some(c.clone()),
        None => repo.head().ok().and_then(|h| h.peel_to_commit().ok()),
    };
    let from = match &head_commit {
        Some(h) => repo
            .merge_base(base_commit.id(), h.id())
            .ok()
            .and_then(|id| repo.find_commit(id).ok())
            .unwrap_or_else(|| base_commit.clone()),
        None => base_commit.clone(),
    };
    let inside = |path: &str| {
        content.is_empty() || path == content || path.starts_with(&format!("{content}/"))
    };
    let mut files = BTreeMap::new();

    let from_tree = from.tree()?;
    let head_tree = head_commit.as_ref().map(|c| c.tree()).transpose()?;
    let mut opts = DiffOptions::new();
    opts.ignore_submodules(true);
    let mut diff = repo.diff_tree_to_tree(Some(&from_tree), head_tree.as_ref(), Some(&mut opts))?;
    diff.find_similar(None)?;
    for delta in diff.deltas() {
        let kind = match delta.status() {
            Delta::Added | Delta::Untracked => ChangeKind::Added,
            Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange => {
                ChangeKind::Modified
            }
            _ => continue,
        };
        if let Some(path) = delta.new_file().path().and_then(|p| p.to_str()) {
            if inside(path) {
                files.insert(path.to_string(), kind);
            }
        }
    }

    if worktree && !repo.is_bare() {
        let mut opts = StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .exclude_submodules(true);
        for entry in repo.statuses(Some(&mut opts))?.iter() {
            let s = entry.status();
            let kind = if s.intersects(Status::WT_NEW | Status::INDEX_NEW) {
                ChangeKind::Added
            } else if s.intersects(
                Status::WT_MODIFIED
                    | Status::INDEX_MODIFIED
                    | Status::WT_RENAMED
                    | Status::INDEX_RENAMED
                    | Status::WT_TYPECHANGE
                    | Status::INDEX_TYPECHANGE,
            ) {
                ChangeKind::Modified
            } else {
                continue;
            };
            let Ok(path) = entry.path() else { continue };
            if inside(path) {
                // A file added since the base and edited since stays added.
                let e = files.entry(path.to_string()).or_insert(kind);
                *e = (*e).min(kind);
            }
        }
    }
    Ok(Changes {
        from: from.id().to_string(),
        files,
    })
}
