//! What the previous builds left on disk, so a build renders and writes only
//! the files whose inputs changed.
//!
//! Two copies of the site live side by side: the output folder (the current
//! site) and a spare folder beside it (`.<name>.prev`, the site before). A
//! build updates the spare to the new site and exchanges the two (see
//! [`super::output`]). The manifest in the build cache records, for both,
//! every file's fingerprint (of its inputs, or of its bytes) and its size,
//! time and inode as written, so a file someone changed since is never
//! trusted.

use crate::cache::{stat::Stat, Cache, Fingerprint, Hasher};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One copy of the site as the manifest knows it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SiteState {
    /// Inode of the folder (it moves between the two names).
    pub dir_ino: u64,
    /// Path → (fingerprint, metadata as written).
    pub files: BTreeMap<String, (Fingerprint, Stat)>,
}

/// The manifest of one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The output folder (the current site), when the manifest knows it.
    pub out: Option<SiteState>,
    /// The spare folder beside it (the site before), when the manifest knows it.
    pub spare: Option<SiteState>,
    /// `spare` is vouched for only while the seal file beside the manifest
    /// holds this value: a build breaks the seal (deletes a tiny file)
    /// before it touches the spare, instead of rewriting the manifest's
    /// megabytes twice per build.
    pub seal: Fingerprint,
}

/// The spare folder beside `out`.
pub fn spare_dir(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.prev"))
}

/// The folder holding `out`, and `out`'s own name.
pub(super) fn parent_and_name(out: &Path) -> (&Path, String) {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (parent, name)
}

fn manifest_name(out: &Path) -> String {
    let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let abs = match (
        abs.parent().and_then(|p| p.canonicalize().ok()),
        abs.file_name(),
    ) {
        (Some(p), Some(n)) => p.join(n),
        _ => abs,
    };
    let key = Hasher::new().str(&abs.to_string_lossy()).finish();
    format!("site-{key:032x}.bin")
}

/// Inode of the folder at `p` (not following a symlink).
pub(super) fn dir_ino(p: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(p)
        .ok()
        .filter(|m| m.is_dir())
        .map(|m| m.ino())
}

/// A written file's metadata as the manifest records it.
pub(super) fn written_stat(path: &Path) -> Option<Stat> {
    Stat::of_link(path).map(Stat::without_ctime)
}

/// The reuse plan of one build.
#[derive(Default)]
pub struct Reuse {
    cache: Cache,
    name: String,
    out: PathBuf,
    /// Files of the spare that are as the manifest says.
    pub(super) spare: HashMap<String, (Fingerprint, Stat)>,
    /// Every file found in the spare (valid or not), to delete what the new
    /// site lacks and to replace (never overwrite) what it changes.
    pub(super) spare_all: HashSet<String>,
    /// The spare folder is the one the manifest describes.
    pub(super) spare_known: bool,
    /// The current site's manifest entry (checked file by file when used).
    current: Option<SiteState>,
    /// Fingerprints given by the renderer, by path.
    made: Mutex<HashMap<String, Fingerprint>>,
}

impl Reuse {
    /// Nothing can be reused (no cache).
    pub fn none(out: &Path) -> Reuse {
        Reuse {
            out: out.to_path_buf(),
            ..Default::default()
        }
    }

    /// Reads the manifest and checks the spare folder against it.
    pub fn plan(out: &Path, cache: &Cache) -> Reuse {
        let mut r = Reuse::none(out);
        if !cache.enabled() {
            return r;
        }
        r.cache = cache.clone();
        r.name = manifest_name(out);
        let manifest: Manifest = cache.read(&r.name).unwrap_or_default();
        r.current = manifest.out.filter(|s| dir_ino(out) == Some(s.dir_ino));
        let spare = spare_dir(out);
        let sealed = cache.read::<Fingerprint>(&r.seal_name()) == Some(manifest.seal);
        let Some(state) = manifest
            .spare
            .filter(|s| sealed && dir_ino(&spare) == Some(s.dir_ino))
        else {
            return r;
        };
        r.spare_known = true;
        let found = list_files(&spare);
        r.spare = found
            .par_iter()
            .filter_map(|(path, stat)| {
                let (fp, want) = state.files.get(path)?;
                (want == stat).then(|| (path.clone(), (*fp, *stat)))
            })
            .collect();
        r.spare_all = found.into_iter().map(|(p, _)| p).collect();
        r
    }

    /// Records `path`'s fingerprint; true when the file need not be
    /// rendered because the spare or the current site holds it already.
    pub fn keep(&self, path: &str, fp: Fingerprint) -> bool {
        self.made
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), fp);
        self.spare.get(path).is_some_and(|(f, _)| *f == fp) || self.current_has(path, fp)
    }

    /// The current site holds `path` with `fp`, untouched since written.
    pub(super) fn current_has(&self, path: &str, fp: Fingerprint) -> bool {
        let Some(state) = &self.current else {
            return false;
        };
        state.files.get(path).is_some_and(|(f, stat)| {
            *f == fp && written_stat(&self.out.join(path)).is_some_and(|s| s == *stat)
        })
    }

    /// The fingerprints the renderer gave, by path (taken: asked once).
    pub(super) fn take_made(&self) -> HashMap<String, Fingerprint> {
        std::mem::take(&mut *self.made.lock().expect("not poisoned"))
    }

    /// Before the spare is touched: the manifest stops vouching for it (its
    /// seal is broken), so an interrupted build never trusts a half-updated
    /// folder.
    pub(super) fn forget_spare(&self) {
        let Some(dir) = self.cache.dir() else { return };
        match std::fs::remove_file(dir.join(self.seal_name())) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            // The seal stays: a manifest without the spare says the same.
            Err(_) => {
                self.write_manifest(self.current.as_ref(), None, 0);
            }
        }
    }

    /// Records the new site and the current one, which the exchange makes
    /// the spare; the value to [`Reuse::seal`] with after the exchange, when
    /// recorded.
    pub(super) fn record(&self, new: SiteState) -> Option<Fingerprint> {
        let seal = crate::fingerprint::unique();
        self.write_manifest(Some(&new), self.current.as_ref(), seal)
            .then_some(seal)
    }

    /// After the exchange: the spare is as recorded.
    pub(super) fn seal(&self, seal: Fingerprint) {
        let _ = self.cache.write(&self.seal_name(), &seal);
    }

    fn seal_name(&self) -> String {
        format!("{}.seal", self.name)
    }

    /// Writes the manifest by reference: the encoding of a [`Manifest`],
    /// without copying the tables of tens of thousands of files. True when
    /// written.
    fn write_manifest(
        &self,
        out: Option<&SiteState>,
        spare: Option<&SiteState>,
        seal: Fingerprint,
    ) -> bool {
        #[derive(Serialize)]
        struct ManifestRef<'a> {
            out: Option<&'a SiteState>,
            spare: Option<&'a SiteState>,
            seal: Fingerprint,
        }
        self.cache.enabled()
            && self
                .cache
                .write(&self.name, &ManifestRef { out, spare, seal })
                .is_ok()
    }

    /// True when the build keeps the spare (only worth it with a cache).
    pub(super) fn keeps_spare(&self) -> bool {
        self.cache.enabled()
    }
}

/// Every file under `dir` (relative `/` paths) with its metadata, links
/// not followed; top-level folders are listed in parallel. Names that are
/// not UTF-8 are left out (the site never writes one).
fn list_files(dir: &Path) -> Vec<(String, Stat)> {
    let Ok(top) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let top: Vec<std::fs::DirEntry> = top.filter_map(Result::ok).collect();
    let mut out: Vec<(String, Stat)> = top
        .par_iter()
        .flat_map_iter(|e| {
            let mut found = Vec::new();
            list_entry(e, "", &mut found);
            found
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Adds `entry` (in folder `prefix`) to `out`: a file with its metadata as
/// written, or a folder's files.
fn list_entry(entry: &std::fs::DirEntry, prefix: &str, out: &mut Vec<(String, Stat)>) {
    let Some(name) = entry.file_name().to_str().map(str::to_string) else {
        return;
    };
    let rel = if prefix.is_empty() {
        name
    } else {
        format!("{prefix}/{name}")
    };
    match entry.file_type() {
        Ok(t) if t.is_dir() => {
            let children = std::fs::read_dir(entry.path()).into_iter().flatten();
            for child in children.flatten() {
                list_entry(&child, &rel, out);
            }
        }
        Ok(_) => {
            if let Some(stat) = Stat::of_entry(entry) {
                out.push((rel, stat.without_ctime()));
            }
        }
        Err(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_file_with_its_metadata_as_written_links_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("index.html"), "i").unwrap();
        std::fs::write(d.join("a/one.html"), "1").unwrap();
        std::fs::write(d.join("a/b/two.html"), "22").unwrap();
        std::fs::create_dir(d.join("empty")).unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("link")).unwrap();
        let found = list_files(d);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["a/b/two.html", "a/one.html", "index.html", "link"]);
        for (path, stat) in &found {
            assert_eq!(Some(*stat), written_stat(&d.join(path)), "{path}");
        }
        assert_eq!(found[0].1.size, 2);
        assert!(list_files(&d.join("missing")).is_empty());
    }

    #[test]
    fn the_spare_is_trusted_only_while_sealed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let spare = spare_dir(&out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&spare).unwrap();
        std::fs::write(spare.join("a.html"), "a").unwrap();
        let cache = Cache::in_git_dir(&dir.path().join("git"));
        let state = |d: &Path| SiteState {
            dir_ino: dir_ino(d).unwrap(),
            files: list_files(d)
                .into_iter()
                .map(|(p, s)| (p, (7, s)))
                .collect(),
        };
        // As after an exchange: the new site in `out`, the one before in the spare.
        let mut built = Reuse::plan(&out, &cache);
        built.current = Some(state(&spare));
        let seal = built.record(state(&out)).unwrap();
        built.seal(seal);
        let next = Reuse::plan(&out, &cache);
        assert!(next.spare_known);
        assert_eq!(next.spare.get("a.html").map(|(fp, _)| *fp), Some(7));
        // The next build breaks the seal before it touches the spare; a
        // build after it (the first one interrupted) does not trust it.
        next.forget_spare();
        assert!(!Reuse::plan(&out, &cache).spare_known);
        // A seal of another manifest does not count either.
        cache
            .write(&next.seal_name(), &crate::fingerprint::unique())
            .unwrap();
        assert!(!Reuse::plan(&out, &cache).spare_known);
    }
}
