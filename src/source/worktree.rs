//! Loads postmortems from the working tree (walkdir), so uncommitted edits
//! show up in a local preview.

use super::selector::Verdict;
use super::{
    blob_id, join_repo_path, Known, KnownBy, Loaded, Selector, Skipped, SourceError, SourceFile,
};
use crate::cache::stat::Stat;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Folders never searched for postmortems.
const SKIP_DIRS: &[&str] = &[".git", ".hindsight", "node_modules", "target"];

/// Reads every postmortem under `root/<content>`. `avoid` lists folders (such
/// as the output folder) that must not be read even when inside the content.
/// Files `known` answers for (unchanged since the last build) are not read.
pub fn load(
    root: &Path,
    sel: &Selector,
    avoid: &[PathBuf],
    known: &Known<'_>,
) -> Result<Loaded, SourceError> {
    let content_dir = root.join(&sel.content);
    if !content_dir.is_dir() {
        return Err(SourceError::ContentMissing {
            path: content_dir.display().to_string(),
        });
    }
    let canonical_root = root.canonicalize().map_err(|source| SourceError::Io {
        path: root.display().to_string(),
        source,
    })?;
    // The walk below never follows links, but its root is always followed.
    let canonical_content = content_dir
        .canonicalize()
        .map_err(|source| SourceError::Io {
            path: content_dir.display().to_string(),
            source,
        })?;
    if !canonical_content.starts_with(&canonical_root) {
        return Err(SourceError::ContentOutside {
            path: sel.content.clone(),
            target: canonical_content.display().to_string(),
        });
    }
    let avoid: Vec<PathBuf> = avoid.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut loaded = Loaded::default();
    // Submodules (a folder with its own `.git`) hold another repository's
    // files: left out, as `--rev` leaves them out, and said so.
    let submodules = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let hidden_dir = e.depth() > 0
                && e.file_type().is_dir()
                && (name.starts_with('.') || SKIP_DIRS.contains(&name.as_ref()));
            let avoided =
                e.file_type().is_dir() && e.path().canonicalize().is_ok_and(|p| avoid.contains(&p));
            let submodule =
                e.depth() > 0 && e.file_type().is_dir() && e.path().join(".git").exists();
            if submodule && !hidden_dir {
                submodules.borrow_mut().push(rel_to(root, e.path()));
            }
            !hidden_dir && !avoided && !submodule
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| rel_to(root, p)).unwrap_or_default();
                loaded
                    .skipped
                    .push(Skipped::new(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel_content = rel_to(&content_dir, entry.path());
        let path = join_repo_path(&sel.content, &rel_content);
        if entry.path().to_str().is_none() {
            loaded.warnings.push(format!(
                "{path}: file name is not valid UTF-8; shown with � in place of bad bytes"
            ));
        }
        let verdict = sel.verdict(&rel_content);
        match verdict {
            Verdict::Ignore => continue,
            Verdict::Excluded => {
                loaded.excluded.push(path);
                continue;
            }
            Verdict::Markdown | Verdict::Sniff => {}
        }
        // Symlinks are read only when they stay inside the repository.
        let target = if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(t) if t.starts_with(&canonical_root) && t.is_file() => t,
                Ok(t) if t.starts_with(&canonical_root) => continue,
                Ok(_) | Err(_) => {
                    if verdict == Verdict::Markdown {
                        loaded.skipped.push(Skipped::new(
                            path,
                            "symbolic link to a file outside the repository (or a broken link): not followed",
                        ));
                    }
                    continue;
                }
            }
        } else {
            entry.path().to_path_buf()
        };
        let stat = Stat::of(&target);
        if let Some(blob) = stat.as_ref().and_then(|s| known(&path, KnownBy::Stat(s))) {
            loaded.files.push(SourceFile {
                path,
                bytes: Vec::new(),
                blob,
                cached: true,
                stat,
            });
            continue;
        }
        match read(&target, sel, verdict == Verdict::Sniff) {
            Ok(Some(bytes)) => loaded.files.push(SourceFile {
                blob: blob_id(&bytes),
                path,
                bytes,
                cached: false,
                stat,
            }),
            Ok(None) => {}
            Err(reason) => loaded.skipped.push(Skipped::new(path, reason)),
        }
    }
    for path in submodules.into_inner() {
        loaded.warnings.push(format!(
            "{path}: submodule, not read: its postmortems belong to another repository; build that one, or copy them in"
        ));
    }
    loaded.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(loaded)
}

/// Reads a file within the size limit. `Ok(None)`: an extension-less file
/// that is not Markdown.
fn read(path: &Path, sel: &Selector, sniff: bool) -> Result<Option<Vec<u8>>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if size > sel.max_bytes {
        return Err(format!(
            "file is {} MiB, over the {} MiB limit: split it, or raise `max_file_bytes` in hindsight.toml",
            size / (1024 * 1024),
            sel.max_bytes / (1024 * 1024)
        ));
    }
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while we read it.
    file.by_ref()
        .take(sel.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if sniff && !Selector::sniff(&bytes) {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// `p` relative to `base`, `/`-separated.
fn rel_to(base: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(base).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selector(content: &str) -> Selector {
        Selector::new(content, &[], 1024 * 1024, false).unwrap()
    }

    #[test]
    fn content_folder_outside_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, secret) = (dir.path().join("repo"), dir.path().join("secret"));
        std::fs::create_dir_all(repo.join("pm")).unwrap();
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("key.md"), "# private key").unwrap();
        std::os::unix::fs::symlink(&secret, repo.join("linked")).unwrap();
        for content in ["../secret", "linked", "pm/../../secret"] {
            let err = load(
                &repo,
                &selector(content),
                &[],
                &crate::source::nothing_known,
            )
            .err();
            assert!(
                matches!(err, Some(SourceError::ContentOutside { .. })),
                "{content}: {err:?}"
            );
        }
    }

    #[test]
    fn symlinks_out_of_the_repository_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, secret) = (dir.path().join("repo"), dir.path().join("secret"));
        std::fs::create_dir_all(repo.join("pm")).unwrap();
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("key.md"), "# private key").unwrap();
        std::fs::write(repo.join("pm/ok.md"), "# ok").unwrap();
        std::fs::write(repo.join("inside.md"), "# inside").unwrap();
        std::os::unix::fs::symlink(secret.join("key.md"), repo.join("pm/file.md")).unwrap();
        std::os::unix::fs::symlink(&secret, repo.join("pm/dir")).unwrap();
        std::os::unix::fs::symlink(repo.join("inside.md"), repo.join("pm/in.md")).unwrap();
        let loaded = load(&repo, &selector("pm"), &[], &crate::source::nothing_known).unwrap();
        let read: Vec<&str> = loaded.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(read, ["pm/in.md", "pm/ok.md"]);
        assert!(loaded.files.iter().all(|f| f.bytes != b"# private key"));
        let skipped: Vec<&str> = loaded.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(skipped, ["pm/file.md"]);
        assert!(loaded.skipped[0].reason.contains("outside the repository"));
    }
}
