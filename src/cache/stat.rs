//! What a working-tree file looked like when it was last read (size,
//! modification time, inode) and its blob id, so an unchanged file is not
//! read again (the idea of git's index). A file modified within
//! [`RACY_SECONDS`] of being recorded is not recorded: a later edit in the
//! same clock tick would keep its size and time.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const FILE: &str = "stat.bin";
const RACY_SECONDS: i128 = 2;

pub use crate::source::stat::Stat;

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
