//! A working-tree file's metadata (size, times, inode) as compared between
//! builds, so an unchanged file need not be read again.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// A file's metadata as compared between builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    /// Size in bytes.
    pub size: u64,
    /// Last modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
    /// Last status change time, nanoseconds since the Unix epoch (0 when not compared).
    pub ctime_ns: i128,
    /// Inode number.
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
