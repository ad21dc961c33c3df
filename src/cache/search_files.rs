//! The static search index's files as the last build made them, with the
//! fingerprint of everything they were made from and what the next build
//! needs to patch them. Most edits of a postmortem (ticking an action item,
//! a new timeline line) change nothing the index holds, and then a rebuild
//! takes the files as they are; an edit of a few documents' text changes
//! a few term shards, and a rebuild makes only those anew.
//!
//! One file, rewritten only when the index changed.

use super::{Cache, Fingerprint};
use crate::mapped::Bytes;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

const NAME: &str = "search-files.bin";

#[derive(Deserialize)]
struct Stored<S> {
    key: Fingerprint,
    files: Files,
    state: S,
}

#[derive(Serialize)]
struct ToStore<'a, S> {
    key: Fingerprint,
    files: Vec<(&'a str, &'a serde_bytes::Bytes)>,
    state: &'a S,
}

/// Files as (path, bytes); the bytes stay in the mapped cache file until
/// read (most are never: the site already holds them).
pub type Files = Vec<(String, Bytes)>;

/// The files the last build stored, with their key and state.
pub fn load<S: DeserializeOwned>(cache: &Cache) -> Option<(Fingerprint, Files, S)> {
    let stored: Stored<S> = cache.read(NAME)?;
    Some((stored.key, stored.files, stored.state))
}

/// Stores `files` and `state` under `key`; a failure only costs time next
/// build.
pub fn save<'a, S: Serialize>(
    cache: &Cache,
    key: Fingerprint,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
    state: &S,
) {
    let files = files
        .map(|(p, b)| (p, serde_bytes::Bytes::new(b)))
        .collect();
    let _ = cache.write(NAME, &ToStore { key, files, state });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_with_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        assert!(load::<u8>(&cache).is_none());
        let files = [("search/a.gz", &b"one"[..]), ("search/m.json", &b"two"[..])];
        save(&cache, 7, files.iter().copied(), &vec![3u32, 4]);
        let (key, back, state) = load::<Vec<u32>>(&cache).unwrap();
        assert_eq!((key, back.len(), state), (7, 2, vec![3, 4]));
        assert_eq!((back[1].0.as_str(), &*back[1].1), files[1]);
        assert!(load::<Vec<u32>>(&Cache::disabled()).is_none());
    }
}
