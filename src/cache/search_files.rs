//! The static search index's files as the last build made them, with the
//! fingerprint of everything they were made from. Scores depend on corpus
//! statistics, so any change to what is indexed recomputes every posting and
//! shard; but most edits of a postmortem (ticking an action item, a new
//! timeline line) change nothing the index holds, and then a rebuild takes
//! the files as they are instead of recomputing them.
//!
//! One file, rewritten only when the index changed.

use super::{Cache, Fingerprint};
use serde::{Deserialize, Serialize};
use serde_bytes::{ByteBuf, Bytes};

const NAME: &str = "search-files.bin";

#[derive(Deserialize)]
struct Stored {
    key: Fingerprint,
    files: Vec<(String, ByteBuf)>,
}

#[derive(Serialize)]
struct ToStore<'a> {
    key: Fingerprint,
    files: Vec<(&'a str, &'a Bytes)>,
}

/// Files as (path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The files the last build stored, with their key.
pub fn load(cache: &Cache) -> Option<(Fingerprint, Files)> {
    let stored: Stored = cache.read(NAME)?;
    let files = stored
        .files
        .into_iter()
        .map(|(path, bytes)| (path, bytes.into_vec()))
        .collect();
    Some((stored.key, files))
}

/// Stores `files` under `key`; a failure only costs time next build.
pub fn save<'a>(cache: &Cache, key: Fingerprint, files: impl Iterator<Item = (&'a str, &'a [u8])>) {
    let files = files.map(|(p, b)| (p, Bytes::new(b))).collect();
    let _ = cache.write(NAME, &ToStore { key, files });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_with_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        assert_eq!(load(&cache), None);
        let files = [("search/a.gz", &b"one"[..]), ("search/m.json", &b"two"[..])];
        save(&cache, 7, files.iter().copied());
        let (key, back) = load(&cache).unwrap();
        assert_eq!((key, back.len()), (7, 2));
        assert_eq!((back[1].0.as_str(), back[1].1.as_slice()), files[1]);
        assert_eq!(load(&Cache::disabled()), None);
    }
}
