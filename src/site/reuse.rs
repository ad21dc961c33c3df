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
    pub out: Option<SiteState>,
    pub spare: Option<SiteState>,
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

/// Fingerprint of a file known only by its bytes (domain-separated from
/// input fingerprints).
pub fn content_fingerprint(bytes: &[u8]) -> Fingerprint {
    Hasher::new().str("bytes").bytes(bytes).finish()
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
        let Some(state) = manifest
            .spare
            .filter(|s| dir_ino(&spare) == Some(s.dir_ino))
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

    /// Before the spare is touched: the manifest stops vouching for it, so
    /// an interrupted build never trusts a half-updated folder.
    pub(super) fn forget_spare(&self) {
        self.write_manifest(self.current.as_ref(), None);
    }

    /// After the exchange: the new site and the previous one.
    pub(super) fn record(&self, new: SiteState) {
        self.write_manifest(Some(&new), self.current.as_ref());
    }

    /// Writes the manifest by reference: the encoding of a [`Manifest`],
    /// without copying the tables of tens of thousands of files.
    fn write_manifest(&self, out: Option<&SiteState>, spare: Option<&SiteState>) {
        #[derive(Serialize)]
        struct ManifestRef<'a> {
            out: Option<&'a SiteState>,
            spare: Option<&'a SiteState>,
        }
        if self.cache.enabled() {
            let _ = self.cache.write(&self.name, &ManifestRef { out, spare });
        }
    }

    /// True when the build keeps the spare (only worth it with a cache).
    pub(super) fn keeps_spare(&self) -> bool {
        self.cache.enabled()
    }
}

/// Every file under `dir` (relative `/` paths) with its metadata; top-level
/// folders are listed in parallel.
fn list_files(dir: &Path) -> Vec<(String, Stat)> {
    let Ok(top) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let top: Vec<PathBuf> = top.filter_map(|e| e.ok().map(|e| e.path())).collect();
    let mut out: Vec<(String, Stat)> = top
        .par_iter()
        .flat_map_iter(|p| {
            walkdir::WalkDir::new(p)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(dir).ok()?;
                    let rel = rel.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
                    Some((rel, written_stat(e.path())?))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
