//! The static search index's files as the last build made them, with the
//! fingerprint of everything they were made from. Scores depend on corpus
//! statistics, so any change to what is indexed recomputes every posting and
//! shard; but most edits of a postmortem (ticking an action item, a new
//! timeline line) change nothing the index holds, and then a rebuild takes
//! the files as they are instead of recomputing them.
//!
//! One file, rewritten only when the index changed.

use super::{Cache, Fingerprint};
use crate::mapped::Bytes;
use serde::{Deserialize, Serialize};

const NAME: &str = "search-files.bin";

#[derive(Deserialize)]
struct Stored {
    key: Fingerprint,
    files: Files,
}

#[derive(Serialize)]
struct ToStore<'a> {
    key: Fingerprint,
    files: Vec<(&'a str, &'a serde_bytes::Bytes)>,
}

/// Files as (path, bytes); the bytes stay in the mapped cache file until
/// read (most are never: the site already holds them).
pub type Files = Vec<(String, Bytes)>;

/// The files the last build stored, with their key.
pub fn load(cache: &Cache) -> Option<(Fingerprint, Files)> {
    let stored: Stored = cache.read(NAME)?;
    Some((stored.key, stored.files))
}

/// Stores `files` under `key`; a failure only costs time next build.
pub fn save<'a>(cache: &Cache, key: Fingerprint, files: impl Iterator<Item = (&'a str, &'a [u8])>) {
    let files = files
        .map(|(p, b)| (p, serde_bytes::Bytes::new(b)))
        .collect();
    let _ = cache.write(NAME, &ToStore { key, files });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_with_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        assert!(load(&cache).is_none());
        let files = [("search/a.gz", &b"one"[..]), ("search/m.json", &b"two"[..])];
        save(&cache, 7, files.iter().copied());
        let (key, back) = load(&cache).unwrap();
        assert_eq!((key, back.len()), (7, 2));
        assert_eq!((back[1].0.as_str(), &*back[1].1), files[1]);
        assert!(load(&Cache::disabled()).is_none());
    }
}
