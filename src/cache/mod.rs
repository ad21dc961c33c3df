//! The build cache: results of earlier builds, keyed by what they were
//! computed from (git object ids and fingerprints of inputs), so a rebuild
//! redoes only the work whose inputs changed.
//!
//! The cache is an optimization only. Every file carries the tool's identity
//! and a checksum; a file that is missing, truncated, corrupt or written by
//! another build of the tool is ignored and the work is redone. Files are
//! replaced with a rename, so an interrupted build leaves the previous file.
//! The cache lives in the repository's git folder (`.git/hindsight-cache/`),
//! where it is never committed and never published.

pub mod docs;
pub mod gzip;
pub mod history;
pub mod memo;
pub mod parts;
pub mod related;
pub mod search_files;
pub mod sharded;
pub mod stat;
pub mod terms;

pub use crate::fingerprint::{fingerprint, unique, Fingerprint, Hasher};
use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Bumped when the layout of any cached value changes.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 4] = b"HSC\x01";

/// Identity of the running tool: its version and its executable (size and
/// modification time), so a rebuilt binary never trusts an older one's cache.
pub fn tool_identity() -> Fingerprint {
    static ID: OnceLock<Fingerprint> = OnceLock::new();
    *ID.get_or_init(|| {
        let mut h = Hasher::new();
        h.str(env!("CARGO_PKG_VERSION")).u128(FORMAT.into());
        if let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
        {
            h.u128(meta.len().into());
            if let Ok(t) = meta.modified() {
                let ns = t
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                h.u128(ns);
            }
        }
        h.finish()
    })
}

/// A folder of cache files, or nothing (`--no-cache`, no git folder).
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// Why files could not be saved, for one warning at the end.
    failures: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// Free space a cache write always leaves on the disk: a cache only saves
/// time, and must never be what fills the disk.
const KEEP_FREE: u64 = 512 * 1024 * 1024;

impl Cache {
    /// The cache of a repository whose git folder is `git_dir`. Temporary
    /// files that builds killed mid-write left behind are removed.
    pub fn in_git_dir(git_dir: &Path) -> Cache {
        let dir = git_dir.join("hindsight-cache");
        remove_stale_temporaries(&dir);
        Cache {
            dir: Some(dir),
            failures: Default::default(),
        }
    }

    /// No cache: every read misses, writes do nothing.
    pub fn disabled() -> Cache {
        Cache::default()
    }

    /// Why cache files could not be saved in this build, if any did not:
    /// one line for the build's warnings.
    pub fn save_warning(&self) -> Option<String> {
        let failures = self.failures.lock().ok()?;
        let first = failures.first()?;
        Some(format!(
            "the build cache was not saved ({} file{}; first: {first}): the site is complete, the next build will be slower",
            failures.len(),
            if failures.len() == 1 { "" } else { "s" }
        ))
    }

    /// True when reads can hit.
    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    /// The folder, when enabled.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Reads `name`; `None` when absent, corrupt or from another tool build.
    pub fn read<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let file = std::fs::File::open(self.dir.as_ref()?.join(name)).ok()?;
        // Mapped, not read into a buffer: the cache is hundreds of megabytes
        // at 10,000 postmortems, and a copy of it costs a tenth of a rebuild.
        // SAFETY: cache files are only ever replaced by a rename, never
        // changed in place, so the mapped bytes cannot change under us; a
        // file truncated by something else fails the checksum or faults,
        // which only a deliberate outside change can cause.
        let map = std::sync::Arc::new(unsafe { memmap2::Mmap::map(&file) }.ok()?);
        // Long text and bytes stay in the mapped file until read
        // (`crate::mapped`); the mapping lives as long as any points into it.
        crate::mapped::decoding_from(map.clone(), || decode(&map))
    }

    /// The value stored in `name` if it was made under `key`; otherwise
    /// `make()`, stored under `key` for the next build.
    pub fn keyed<T: Serialize + DeserializeOwned>(
        &self,
        name: &str,
        key: Fingerprint,
        make: impl FnOnce() -> T,
    ) -> T {
        if let Some((k, value)) = self.read::<(Fingerprint, T)>(name) {
            if k == key {
                return value;
            }
        }
        let value = make();
        // Losing it only costs time next build.
        let _ = self.write(name, &(key, &value));
        value
    }

    /// Writes `name` (temporary file, then rename). A failure only costs
    /// speed next time, so it is returned for a warning, never fatal.
    /// Every failure is also remembered for [`Cache::save_warning`].
    pub fn write<T: Serialize + ?Sized>(&self, name: &str, value: &T) -> std::io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let result = write_file(dir, name, value);
        if let Err(e) = &result {
            if let Ok(mut f) = self.failures.lock() {
                f.push(format!("{name}: {e}"));
            }
        }
        result
    }
}

/// Writes one cache file through a temporary name, leaving [`KEEP_FREE`]
/// on the disk; the temporary file never outlives a failure.
fn write_file<T: Serialize + ?Sized>(dir: &Path, name: &str, value: &T) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let bytes = encode(value)?;
    if let Some(free) = free_bytes(dir) {
        let keep = std::env::var("HINDSIGHT_CACHE_KEEP_FREE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(KEEP_FREE);
        if free < keep.saturating_add(bytes.len() as u64) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                format!(
                    "{} free on the disk; a cache file is not allowed to take the last {}",
                    indicatif::HumanBytes(free),
                    indicatif::HumanBytes(keep)
                ),
            ));
        }
    }
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::write(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, dir.join(name)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Bytes free for this user on the disk holding `dir`.
#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: a valid NUL-terminated path and a buffer statvfs fills.
    if unsafe { libc::statvfs(path.as_ptr(), stat.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled the buffer.
    let stat = unsafe { stat.assume_init() };
    // The field types differ between platforms (u32 on some, u64 here).
    #[allow(clippy::unnecessary_cast)]
    Some((stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64))
}

#[cfg(not(unix))]
fn free_bytes(_: &Path) -> Option<u64> {
    None
}

/// Removes `.NAME.tmp-PID` files whose process is gone (a build killed
/// while writing, or one that failed before the cleanup existed).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .rsplit_once(".tmp-")
            .and_then(|(_, p)| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id runs. Without /proc (not Linux) every
/// process counts as running, so nothing is removed there.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// `MAGIC | tool identity | checksum of payload | payload`.
fn encode<T: Serialize + ?Sized>(value: &T) -> std::io::Result<Vec<u8>> {
    let payload = postcard::to_stdvec(value).map_err(std::io::Error::other)?;
    let mut out = Vec::with_capacity(payload.len() + 36);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&tool_identity().to_le_bytes());
    out.extend_from_slice(&fingerprint(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let (magic, rest) = bytes.split_at_checked(4)?;
    let (tool, rest) = rest.split_at_checked(16)?;
    let (sum, payload) = rest.split_at_checked(16)?;
    if magic != MAGIC
        || tool != tool_identity().to_le_bytes()
        || sum != fingerprint(payload).to_le_bytes()
    {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache {
            dir: Some(dir.path().join("c")),
            ..Default::default()
        };
        cache.write("x.bin", &vec![1u32, 2, 3]).unwrap();
        assert_eq!(cache.read::<Vec<u32>>("x.bin"), Some(vec![1, 2, 3]));
        let path = dir.path().join("c/x.bin");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.read::<Vec<u32>>("x.bin"), None, "checksum");
        std::fs::write(&path, &bytes[..10]).unwrap();
        assert_eq!(cache.read::<Vec<u32>>("x.bin"), None, "truncated");
        assert_eq!(Cache::disabled().read::<Vec<u32>>("x.bin"), None);
    }

    #[test]
    fn failed_writes_leave_no_temporary_and_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        // A folder where the file should go makes the rename fail.
        std::fs::create_dir_all(dir.path().join("hindsight-cache/x.bin/inner")).unwrap();
        assert!(cache.write("x.bin", &vec![1u32]).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path().join("hindsight-cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["x.bin"]);
        assert!(cache.save_warning().unwrap().contains("x.bin"));
        // A temporary of a process that is gone is removed on the next open.
        let stale = dir.path().join("hindsight-cache/.y.bin.tmp-4000000");
        std::fs::write(&stale, "half").unwrap();
        let _ = Cache::in_git_dir(dir.path());
        assert!(!stale.exists());
    }

    #[test]
    fn hasher_separates_parts() {
        let a = Hasher::new().str("ab").str("c").finish();
        let b = Hasher::new().str("a").str("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, Hasher::new().str("ab").str("c").finish());
    }

    /// Template contexts are sequences of unknown length to postcard: their
    /// fingerprints must still follow their content (a constant one would
    /// keep stale pages).
    #[test]
    fn template_contexts_fingerprint_by_content() {
        use minijinja::{context, value::Serde};
        let fp = |items: Vec<u32>| {
            Hasher::new()
                .value(&context! { site => "x", items => Serde(items) })
                .finish()
        };
        assert_eq!(fp(vec![1, 2]), fp(vec![1, 2]));
        assert_ne!(fp(vec![1, 2]), fp(vec![1, 3]));
        assert_ne!(fp(vec![1, 2]), fp(vec![1, 2, 3]));
    }
}
