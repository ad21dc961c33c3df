//! The user's theme folder (`theme` in hindsight.toml: `templates/` and
//! `static/`) read as files, from the working tree or from a revision like
//! the postmortems, and never from outside the repository: the static files
//! are published, so a link out of it would publish whatever it points at.

use super::SourceError;
use git2::{ObjectType, Repository, TreeWalkMode, TreeWalkResult};
use std::path::{Component, Path};

/// A theme's own files, by path under `templates/` and `static/`, sorted.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    /// Template name → bytes.
    pub templates: Vec<(String, Vec<u8>)>,
    /// Path under `static/` → bytes.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// The two folders a theme may have.
const PARTS: [&str; 2] = ["templates", "static"];

fn refuse(rel: &str, reason: &str) -> SourceError {
    SourceError::ThemeRefused {
        path: rel.to_string(),
        reason: reason.to_string(),
    }
}

/// `theme` must be a relative folder that stays inside the repository.
fn check_rel(rel: &str) -> Result<(), SourceError> {
    let path = Path::new(rel);
    if path.is_absolute() || rel.starts_with('~') {
        return Err(refuse(rel, "`theme` in hindsight.toml must be a folder inside the repository, written relative to it"));
    }
    if path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(refuse(
            rel,
            "`theme` in hindsight.toml must stay inside the repository (no `..`)",
        ));
    }
    Ok(())
}

/// Reads `root/rel` from the working tree; `None` when there is no theme
/// folder. Symbolic links inside it are not followed; the folder itself or
/// one of its two parts being a link out of the repository is an error.
pub fn from_worktree(root: &Path, rel: &str) -> Result<Option<ThemeFiles>, SourceError> {
    check_rel(rel)?;
    let dir = root.join(rel);
    if !dir.is_dir() {
        return Ok(None);
    }
    let io = |p: &Path| {
        let path = p.display().to_string();
        move |source| SourceError::Io { path, source }
    };
    let real_root = root.canonicalize().map_err(io(root))?;
    let mut files = ThemeFiles::default();
    for part in PARTS {
        let sub = dir.join(part);
        let Ok(meta) = sub.symlink_metadata() else {
            continue;
        };
        let real = sub.canonicalize().map_err(io(&sub))?;
        if meta.file_type().is_symlink() || !real.starts_with(&real_root) {
            return Err(refuse(
                &format!("{rel}/{part}"),
                "is a symbolic link or resolves outside the repository; put the theme's files themselves there",
            ));
        }
        let out = if part == "templates" {
            &mut files.templates
        } else {
            &mut files.assets
        };
        for entry in walkdir::WalkDir::new(&real)
            .sort_by_file_name()
            .follow_links(false)
        {
            let entry = entry.map_err(|e| SourceError::Io {
                path: sub.display().to_string(),
                source: e.into(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let name = super::worktree::rel_to(&real, entry.path());
            let bytes = std::fs::read(entry.path()).map_err(io(entry.path()))?;
            out.push((name, bytes));
        }
    }
    Ok(Some(files))
}

/// Reads the theme folder `rel` of `commit`'s tree; links are not followed.
pub fn from_revision(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    rel: &str,
) -> Result<Option<ThemeFiles>, SourceError> {
    check_rel(rel)?;
    let root = commit.tree()?;
    let dir = match root.get_path(Path::new(rel)) {
        Ok(e) if e.kind() == Some(ObjectType::Tree) => repo.find_tree(e.id())?,
        _ => return Ok(None),
    };
    let mut files = ThemeFiles::default();
    for part in PARTS {
        let Ok(entry) = dir.get_name(part).ok_or(()) else {
            continue;
        };
        if entry.kind() != Some(ObjectType::Tree) {
            continue;
        }
        let tree = repo.find_tree(entry.id())?;
        let out = if part == "templates" {
            &mut files.templates
        } else {
            &mut files.assets
        };
        let mut error = None;
        tree.walk(TreeWalkMode::PreOrder, |prefix, e| {
            // Regular files only: links (0o120000) and submodules are skipped.
            if e.kind() == Some(ObjectType::Blob) && matches!(e.filemode(), 0o100644 | 0o100755) {
                let name = format!("{prefix}{}", String::from_utf8_lossy(e.name_bytes()));
                match repo.find_blob(e.id()) {
                    Ok(b) => out.push((name, b.content().to_vec())),
                    Err(err) => error = Some(err),
                }
            }
            TreeWalkResult::Ok
        })?;
        if let Some(e) = error {
            return Err(e.into());
        }
        out.sort();
    }
    Ok(Some(files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_paths_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, outside) = (dir.path().join("repo"), dir.path().join("outside"));
        std::fs::create_dir_all(repo.join("theme")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        for bad in ["../outside", "/etc", "theme/../../outside"] {
            assert!(from_worktree(&repo, bad).is_err(), "{bad}");
        }
        std::os::unix::fs::symlink(&outside, repo.join("theme/static")).unwrap();
        let e = from_worktree(&repo, "theme").unwrap_err().to_string();
        assert!(e.contains("theme/static"), "{e}");
        std::fs::remove_file(repo.join("theme/static")).unwrap();
        std::fs::create_dir_all(repo.join("theme/static/css")).unwrap();
        std::fs::write(repo.join("theme/static/css/a.css"), "a").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), repo.join("theme/static/s.txt"))
            .unwrap();
        let files = from_worktree(&repo, "theme").unwrap().unwrap();
        assert_eq!(files.assets, vec![("css/a.css".to_string(), b"a".to_vec())]);
    }
}
