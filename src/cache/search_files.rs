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

/// The files (path, bytes) the last build stored under `key`, if it is the same.
pub fn load(cache: &Cache, key: Fingerprint) -> Option<Vec<(String, Vec<u8>)>> {
    let stored: Stored = cache.read(NAME)?;
    (stored.key == key).then(|| {
        stored
            .files
            .into_iter()
            .map(|(path, bytes)| (path, bytes.into_vec()))
            .collect()
    })
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
    fn files_come_back_only_under_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        assert_eq!(load(&cache, 7), None);
        let files = [("search/a.gz", &b"one"[..]), ("search/m.json", &b"two"[..])];
        save(&cache, 7, files.iter().copied());
        let back = load(&cache, 7).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!((back[1].0.as_str(), back[1].1.as_slice()), files[1]);
        assert_eq!(load(&cache, 8), None, "another key");
        assert_eq!(load(&Cache::disabled(), 7), None);
    }
}
