//! The load stage: the postmortem files of the tree built (a revision or
//! the working tree), with the theme and the reading lists from the same
//! tree. Files the build cache already holds parsed are not read again.

use super::open::{output_dir, Opened};
use crate::cache::{docs::DocCache, stat::StatCache};
use crate::model::{Diagnostic, Level};
use crate::parse;
use crate::source::{self, revision, worktree, KnownBy, Loaded};
use anyhow::Result;

/// The postmortem files and how to name where they came from.
pub(super) fn load(src: &Opened, docs: &DocCache) -> Result<(Loaded, String)> {
    let stats = if src.commit.is_none() {
        StatCache::load(&src.cache)
    } else {
        StatCache::default()
    };
    let known = |path: &str, by: KnownBy<'_>| -> Option<String> {
        let blob = match by {
            KnownBy::Stat(s) => stats.blob(path, s)?,
            KnownBy::Blob(b) => b,
        };
        docs.contains(docs.key(path, blob))
            .then(|| blob.to_string())
    };
    Ok(match src.revision() {
        Some((repo, c)) => {
            let label = format!(
                "revision {} ({})",
                src.rev.as_deref().unwrap_or("HEAD"),
                &c.id().to_string()[..10]
            );
            (revision::load(repo, &c, &src.selector, &known)?, label)
        }
        None => {
            let out = output_dir(&src.repo_dir, &src.config);
            let root = src.worktree_root();
            let loaded = worktree::load(&root, &src.selector, &[out], &known, src.git.as_ref())?;
            (loaded, "working tree".to_string())
        }
    })
}

/// Remembers the files' metadata, so the next build of the working tree
/// knows unchanged files without reading them.
pub(super) fn save_stats(src: &Opened, loaded: &Loaded) {
    if src.commit.is_none() {
        let _ = StatCache::save(
            &src.cache,
            loaded
                .files
                .iter()
                .filter_map(|f| Some((f.path.clone(), f.stat?, f.blob.clone()))),
        );
    }
}

/// The files beside the postmortems, from the same tree.
pub(super) struct SideFiles {
    /// The user's theme files.
    pub theme: Option<source::theme_files::ThemeFiles>,
    /// Reading lists (`reading-lists/*.toml`), parsed, in file order.
    pub reading_lists: Vec<parse::reading_list::ReadingListDoc>,
    /// Problems with file and line in them.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the theme and the reading lists (at the repository root).
pub(super) fn side_files(src: &Opened) -> Result<SideFiles> {
    let (theme, lists) = match src.revision() {
        Some((repo, c)) => (
            source::theme_files::from_revision(repo, &c, &src.config.theme)?,
            source::reading_lists::from_revision(repo, &c)?,
        ),
        None => {
            let root = src.worktree_root();
            (
                source::theme_files::from_worktree(&root, &src.config.theme)?,
                source::reading_lists::from_worktree(&root)?,
            )
        }
    };
    let (reading_lists, mut diagnostics) = parse::reading_list::parse_all(
        lists
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice())),
    );
    diagnostics.extend(lists.skipped.iter().map(|s| Diagnostic {
        level: Level::Error,
        path: s.path.clone(),
        line: None,
        message: format!("skipped: {}", s.reason),
    }));
    Ok(SideFiles {
        theme,
        reading_lists,
        diagnostics,
    })
}
