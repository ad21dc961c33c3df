//! Writing the site: everything goes into a temporary folder next to the
//! output, which then replaces the old site with renames. A failed or
//! interrupted build leaves the previous site as it was.

use super::OutputFile;
use std::path::{Path, PathBuf};

/// Errors writing the site.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("refusing to write `{0}`: output paths must stay inside the output folder")]
    UnsafePath(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Rejects paths that could escape the output folder. Slugs already make
/// this impossible; this is the last line of defence.
fn checked(rel: &str) -> Result<&str, OutputError> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
        || rel
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        Err(OutputError::UnsafePath(rel.to_string()))
    } else {
        Ok(rel)
    }
}

/// Sibling paths used while replacing `out`.
fn siblings(out: &Path) -> (PathBuf, PathBuf) {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let pid = std::process::id();
    (
        parent.join(format!(".{name}.new-{pid}")),
        parent.join(format!(".{name}.old-{pid}")),
    )
}

/// Writes `files` as the new content of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let (staging, old) = siblings(out);
    if let Some(parent) = staging.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let result = (|| {
        // Folders first (once each), then the files in parallel.
        let mut dirs = std::collections::BTreeSet::new();
        for f in files {
            let path = staging.join(checked(&f.path)?);
            if let Some(dir) = path.parent() {
                dirs.insert(dir.to_path_buf());
            }
        }
        for dir in &dirs {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        use rayon::prelude::*;
        files.par_iter().try_for_each(|f| {
            let path = staging.join(&f.path);
            std::fs::write(&path, &f.bytes).map_err(|source| OutputError::Io { path, source })
        })
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &old).map_err(io(out))?;
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the old site back rather than leave nothing.
            let _ = std::fs::rename(&old, out);
            return Err(OutputError::Io {
                path: out.to_path_buf(),
                source: e,
            });
        }
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        std::fs::rename(&staging, out).map_err(io(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for p in ["../x", "/etc/x", "a/../../b", "a\\b", "a//b", "", "a/\0"] {
            assert!(checked(p).is_err(), "{p:?}");
        }
        assert!(checked("postmortems/결제.html").is_ok());
    }

    #[test]
    fn replaces_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[OutputFile {
                path: "a.html".into(),
                bytes: b"1".to_vec(),
            }],
        )
        .unwrap();
        write_site(
            &out,
            &[OutputFile {
                path: "b/c.html".into(),
                bytes: b"2".to_vec(),
            }],
        )
        .unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read(out.join("b/c.html")).unwrap(), b"2");
        let bad = write_site(
            &out,
            &[OutputFile {
                path: "../evil".into(),
                bytes: vec![],
            }],
        );
        assert!(bad.is_err());
        assert_eq!(std::fs::read(out.join("b/c.html")).unwrap(), b"2");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging folders left"
        );
    }
}
