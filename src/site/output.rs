//! Writing the site. The new site is prepared in a spare folder beside the
//! output (`.<name>.prev`), then the two folders are exchanged with one
//! atomic `renameat2(RENAME_EXCHANGE)`: a build interrupted at any moment
//! leaves the previous site in the output folder, whole.
//!
//! With a build cache the spare keeps the site before last, so the next
//! build writes only the files that differ from it (see [`super::reuse`]);
//! without one it is deleted after the exchange.

use super::out_guard::{is_site_or_empty, remove_site, MARKER, MARKER_TEXT};
use super::reuse::{dir_ino, parent_and_name, spare_dir, written_stat, Reuse, SiteState};
use super::OutputFile;
use crate::cache::stat::Stat;
use crate::fingerprint::Fingerprint;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Errors writing the site.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Reading or writing a file or folder of the output failed.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An output path would lead outside the output folder.
    #[error("refusing to write `{0}`: output paths must stay inside the output folder")]
    UnsafePath(String),
    /// The spare folder beside the output holds files Hindsight did not write.
    #[error("{}: this folder is where the site before last is kept, but it holds files hindsight did not write; move it away, then build again", .0.display())]
    NotOurs(PathBuf),
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

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written (rendered or copied from the current site).
    pub written: usize,
    /// Files already right in the spare folder.
    pub unchanged: usize,
    /// Files of the spare that the new site does not have.
    pub deleted: usize,
}

/// Writes `files` (and the files `reuse` kept) as the new content of `out`.
pub fn write_site(out: &Path, files: &[OutputFile], reuse: &Reuse) -> Result<Written, OutputError> {
    let plan_span = tracing::debug_span!("write/plan").entered();
    // Two files at one path are refused by `render` already.
    for f in files {
        checked(&f.path)?;
    }
    let made = reuse.take_made();
    let spare = prepare_spare(out, reuse)?;
    let plan = Plan::new(files, made)?;
    plan.make_dirs(&spare)?;
    drop(plan_span);
    let wrote = tracing::debug_span!("write/files")
        .in_scope(|| plan.write_files(files, out, &spare, reuse))?;
    let _span = tracing::debug_span!("write/stale+exchange").entered();
    finish(out, &spare, reuse, plan.new, wrote)
}

/// Makes the spare folder ready to receive the new site: emptied when its
/// content is unknown (only if hindsight wrote it), and marked as a site.
fn prepare_spare(out: &Path, reuse: &Reuse) -> Result<PathBuf, OutputError> {
    let spare = spare_dir(out);
    remove_leftovers(out);
    if !reuse.spare_known {
        // Unknown content: start from an empty folder, but never empty a
        // folder that is not a site hindsight wrote.
        if let Ok(meta) = spare.symlink_metadata() {
            if !meta.is_dir() || !is_site_or_empty(&spare) {
                return Err(OutputError::NotOurs(spare));
            }
            remove_site(&spare).map_err(io(&spare))?;
        }
    }
    reuse.forget_spare();
    std::fs::create_dir_all(&spare).map_err(io(&spare))?;
    let marker = spare.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
    Ok(spare)
}

/// Every file of the new site and its fingerprint.
struct Plan<'a> {
    /// Fingerprints of the rendered files, in their order.
    rendered_fps: Vec<Fingerprint>,
    rendered: HashSet<&'a str>,
    /// Rendered and kept files, by path.
    new: BTreeMap<String, Fingerprint>,
}

impl<'a> Plan<'a> {
    fn new(
        files: &'a [OutputFile],
        made: HashMap<String, Fingerprint>,
    ) -> Result<Self, OutputError> {
        let rendered_fps: Vec<Fingerprint> = files
            .par_iter()
            .map(|f| {
                made.get(&f.path)
                    .copied()
                    .unwrap_or_else(|| f.content.fingerprint())
            })
            .collect();
        let rendered: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        // Every file of the new site: tens of thousands, so paths are moved,
        // not copied, and sorted once.
        let mut new: Vec<(String, Fingerprint)> = made
            .into_iter()
            .filter(|(path, _)| !rendered.contains(path.as_str()))
            .collect();
        // Kept files' paths (rendered ones were checked above).
        for (path, _) in &new {
            checked(path)?;
        }
        new.extend(
            files
                .iter()
                .zip(&rendered_fps)
                .map(|(f, fp)| (f.path.clone(), *fp)),
        );
        new.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(Plan {
            rendered_fps,
            rendered,
            new: new.into_iter().collect(),
        })
    }

    /// Folders first, once each, so files can be written in parallel.
    fn make_dirs(&self, spare: &Path) -> Result<(), OutputError> {
        let dirs: BTreeSet<&str> = self
            .new
            .keys()
            .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        for dir in dirs {
            let dir = spare.join(dir);
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        }
        Ok(())
    }

    /// Writes the rendered files and links the kept ones from `out`, each
    /// only if the spare does not have it already; returns what it wrote.
    fn write_files(
        &self,
        files: &[OutputFile],
        out: &Path,
        spare: &Path,
        reuse: &Reuse,
    ) -> Result<Vec<(String, Stat)>, OutputError> {
        let same =
            |path: &str, fp: &Fingerprint| reuse.spare.get(path).is_some_and(|(f, _)| f == fp);
        files
            .par_iter()
            .zip(&self.rendered_fps)
            .filter(|(f, fp)| !same(&f.path, fp))
            .map(|(f, _)| {
                let path = spare.join(&f.path);
                if reuse.spare_all.contains(&f.path) {
                    replace_file(&path, |tmp| f.content.write_to(tmp))?;
                } else {
                    f.content.write_to(&path).map_err(io(&path))?;
                }
                Ok((f.path.clone(), stat(&path)?))
            })
            .chain(
                self.new
                    .par_iter()
                    .filter(|(p, fp)| !self.rendered.contains(p.as_str()) && !same(p, fp))
                    .map(|(p, _)| {
                        let (from, to) = (out.join(p), spare.join(p));
                        let link = |to: &Path| {
                            std::fs::hard_link(&from, to)
                                .or_else(|_| std::fs::copy(&from, to).map(|_| ()))
                        };
                        if reuse.spare_all.contains(p) {
                            replace_file(&to, link)?;
                        } else {
                            link(&to).map_err(io(&to))?;
                        }
                        Ok((p.clone(), stat(&to)?))
                    }),
            )
            .collect()
    }
}

/// Deletes what the new site lacks from the spare, exchanges it with
/// `out` and records the new site (beside the exchange), then removes the
/// spare unless the cache keeps it.
fn finish(
    out: &Path,
    spare: &Path,
    reuse: &Reuse,
    new: BTreeMap<String, Fingerprint>,
    wrote: Vec<(String, Stat)>,
) -> Result<Written, OutputError> {
    let stale: Vec<&String> = reuse
        .spare_all
        .iter()
        .filter(|p| !new.contains_key(*p) && p.as_str() != MARKER)
        .collect();
    let counts = Written {
        written: wrote.len(),
        unchanged: new.len() - wrote.len(),
        deleted: stale.len(),
    };
    // The folder keeps its inode when exchanged: it is the new site's.
    let new_ino = dir_ino(spare).unwrap_or_default();
    // The manifest of tens of thousands of files is written while the spare
    // is tidied and exchanged. Written first, it vouches for nothing: its
    // sites are recognized by folder inode, and the spare only once sealed
    // after the exchange.
    let (seal, exchanged) = std::thread::scope(|s| {
        let manifest = s.spawn(move || {
            let _record = tracing::debug_span!("write/record", what = "beside").entered();
            let wrote: HashMap<String, Stat> = wrote.into_iter().collect();
            let files = new
                .into_iter()
                .map(|(path, fp)| {
                    let stat = match wrote.get(&path) {
                        Some(s) => *s,
                        None => reuse.spare.get(&path).map(|(_, s)| *s).unwrap_or_default(),
                    };
                    (path, (fp, stat))
                })
                .collect();
            reuse.record(SiteState {
                dir_ino: new_ino,
                files,
            })
        });
        let exchanged = remove_stale(spare, &stale).and_then(|()| exchange(spare, out));
        (manifest.join().expect("recording never panics"), exchanged)
    });
    exchanged?;
    if let Some(seal) = seal {
        reuse.seal(seal);
    }
    if !reuse.keeps_spare() && spare.symlink_metadata().is_ok() {
        remove_site(spare).map_err(io(spare))?;
    }
    Ok(counts)
}

/// Deletes the files the new site lacks from the spare, then the folders
/// they leave empty.
fn remove_stale(spare: &Path, stale: &[&String]) -> Result<(), OutputError> {
    let mut emptied = BTreeSet::new();
    for p in stale {
        let path = spare.join(p);
        std::fs::remove_file(&path).map_err(io(&path))?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != spare) {
            emptied.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    // Deepest first; a folder that still holds something stays.
    for d in emptied.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
    Ok(())
}

fn stat(path: &Path) -> Result<Stat, OutputError> {
    written_stat(path).ok_or_else(|| OutputError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other("file vanished after writing"),
    })
}

/// Makes `path` hold new content through a temporary name and a rename: the
/// old file may be a hard link shared with the current site, which must
/// not change.
fn replace_file(
    path: &Path,
    make: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".hindsight-tmp");
    let tmp = PathBuf::from(tmp);
    if make(&tmp).is_err() {
        // A leftover of a killed build: remove it and try once more.
        let _ = std::fs::remove_file(&tmp);
        make(&tmp).map_err(io(&tmp))?;
    }
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// Swaps the folders at `spare` and `out` in one step (Linux
/// `renameat2(RENAME_EXCHANGE)`); `out` not existing yet is a plain rename.
/// Where the exchange is not supported, two renames leave `out` missing for
/// an instant but never mixed.
fn exchange(spare: &Path, out: &Path) -> Result<(), OutputError> {
    if out.symlink_metadata().is_err() {
        return std::fs::rename(spare, out).map_err(io(out));
    }
    if exchange_atomic(spare, out).is_ok() {
        return Ok(());
    }
    let mut aside = spare.as_os_str().to_owned();
    aside.push(".swap");
    let aside = PathBuf::from(aside);
    std::fs::rename(out, &aside).map_err(io(out))?;
    if let Err(e) = std::fs::rename(spare, out) {
        let _ = std::fs::rename(&aside, out);
        return Err(io(out)(e));
    }
    std::fs::rename(&aside, spare).map_err(io(spare))
}

#[cfg(target_os = "linux")]
fn exchange_atomic(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them
    // like rename(2) does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomic(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this system"))
}

/// Staging folders of older versions or of killed builds.
fn remove_leftovers(out: &Path) {
    let (parent, name) = parent_and_name(out);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let ours = [".new-", ".old-"]
            .iter()
            .any(|k| n.starts_with(&format!(".{name}{k}")))
            || n == format!(".{name}.prev.swap");
        let path = e.path();
        let dir = e.file_type().is_ok_and(|t| t.is_dir());
        if ours && dir && is_site_or_empty(&path) && out.symlink_metadata().is_ok() {
            let _ = remove_site(&path);
        }
    }
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
            &[OutputFile::new("a.html", b"1".to_vec())],
            &Reuse::none(&out),
        )
        .unwrap();
        write_site(
            &out,
            &[OutputFile::new("b/c.html", b"2".to_vec())],
            &Reuse::none(&out),
        )
        .unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read(out.join("b/c.html")).unwrap(), b"2");
        let bad = write_site(
            &out,
            &[OutputFile::new("../evil", vec![])],
            &Reuse::none(&out),
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
