//! What a working-tree file looked like when it was last read (size,
//! modification time, inode) and its blob id, so an unchanged file is not
//! read again (the idea of git's index). A file modified within
//! [`RACY_SECONDS`] of being recorded is not recorded: a later edit in the
//! same clock tick would keep its size and time.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

const FILE: &str = "stat.bin";
const RACY_SECONDS: i128 = 2;

/// A file's metadata as compared between builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    pub ino: u64,
}

impl Stat {
    /// Metadata of the file at `path` (following a symlink).
    pub fn of(path: &Path) -> Option<Stat> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stat::from_meta(&m))
    }

    /// Metadata of the entry at `path` itself (not following a symlink).
    pub fn of_link(path: &Path) -> Option<Stat> {
        let m = std::fs::symlink_metadata(path).ok()?;
        Some(Stat::from_meta(&m))
    }

    /// Metadata of a folder entry itself (not following a symlink): read
    /// relative to the open folder, which saves looking up its whole path
    /// again (a tenth of a rebuild's time when tens of thousands of files
    /// are listed).
    pub fn of_entry(entry: &std::fs::DirEntry) -> Option<Stat> {
        Some(Stat::from_meta(&entry.metadata().ok()?))
    }

    /// The same without the change time, which hard links share: linking or
    /// unlinking one name of a file changes it for every other name.
    pub fn without_ctime(self) -> Stat {
        Stat {
            ctime_ns: 0,
            ..self
        }
    }

    fn from_meta(m: &std::fs::Metadata) -> Stat {
        use std::os::unix::fs::MetadataExt;
        Stat {
            size: m.len(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            ctime_ns: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
            ino: m.ino(),
        }
    }
}

/// Path → (metadata, blob id) from the previous build.
#[derive(Default, Serialize, Deserialize)]
pub struct StatCache {
    files: HashMap<String, (Stat, String)>,
}

impl StatCache {
    /// The previous build's table (empty when there is none).
    pub fn load(cache: &super::Cache) -> StatCache {
        cache.read(FILE).unwrap_or_default()
    }

    /// The blob id recorded for `path` if the file still has `stat`.
    pub fn blob(&self, path: &str, stat: &Stat) -> Option<&str> {
        self.files
            .get(path)
            .filter(|(s, _)| s == stat)
            .map(|(_, b)| b.as_str())
    }

    /// Records the files read now (`(path, stat, blob)`), replacing the table.
    pub fn save(
        cache: &super::Cache,
        files: impl Iterator<Item = (String, Stat, String)>,
    ) -> std::io::Result<()> {
        if !cache.enabled() {
            return Ok(());
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let racy = |s: &Stat| now - s.mtime_ns.max(s.ctime_ns) < RACY_SECONDS * 1_000_000_000;
        let table = StatCache {
            files: files
                .filter(|(_, s, _)| !racy(s))
                .map(|(p, s, b)| (p, (s, b)))
                .collect(),
        };
        cache.write(FILE, &table)
    }
}
