//! Bytes made from inputs, by the fingerprint of those inputs: compressed
//! search files, serialized export entries. A build takes what an earlier
//! one made for the same inputs instead of making it again. Entries live in
//! shards ([`super::sharded`]); entries a build did not use are dropped when
//! it saves, and only shards whose entries changed are rewritten.

use super::sharded::Sharded;
use super::{Cache, Fingerprint};
use crate::mapped::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;

const SHARDS: usize = 16;

/// One kind of memoized bytes for one build.
pub struct Memo {
    /// Byte strings as such (not as sequences of numbers), left in the
    /// mapped cache file until read.
    old: Mutex<Sharded<Bytes>>,
    /// Shared with the caller: one copy of each entry, however used.
    used: Mutex<HashMap<Fingerprint, Bytes>>,
}

impl Default for Memo {
    /// An empty memo that saves nothing (no cache).
    fn default() -> Self {
        Memo::load(&Cache::disabled(), "none")
    }
}

impl Memo {
    /// The previous build's entries named `prefix` (none without a cache).
    pub fn load(cache: &Cache, prefix: &'static str) -> Memo {
        Memo {
            old: Mutex::new(Sharded::load(cache, prefix, SHARDS, |_| 0)),
            used: Mutex::default(),
        }
    }

    /// The bytes made for `key` before, else `make()`; remembered either way.
    pub fn get(&self, key: Fingerprint, make: impl FnOnce() -> Vec<u8>) -> Bytes {
        let old = self.old.lock().expect("not poisoned").take(key);
        let out = old.unwrap_or_else(|| Bytes::from(make()));
        self.used
            .lock()
            .expect("not poisoned")
            .insert(key, out.clone());
        out
    }

    /// Keeps what this build used (rewriting only the shards that changed).
    pub fn save(&self, cache: &Cache) {
        let used = self.used.lock().expect("not poisoned");
        let mut keys: Vec<Fingerprint> = used.keys().copied().collect();
        keys.sort_unstable();
        let live: Vec<(Fingerprint, Fingerprint)> = keys.iter().map(|k| (*k, 0)).collect();
        // Losing it only costs time next build.
        let _ = self
            .old
            .lock()
            .expect("not poisoned")
            .save(cache, &live, |j| &used[&keys[j]]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_takes_what_the_first_made() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        let memo = Memo::load(&cache, "m");
        assert_eq!(&*memo.get(1, || b"one".to_vec()), b"one");
        assert_eq!(&*memo.get(2, || b"two".to_vec()), b"two");
        memo.save(&cache);
        let memo = Memo::load(&cache, "m");
        assert_eq!(&*memo.get(1, || unreachable!()), b"one");
        assert_eq!(&*memo.get(3, || b"three".to_vec()), b"three");
        memo.save(&cache);
        // Key 2 was not used by the second build: dropped.
        let memo = Memo::load(&cache, "m");
        assert_eq!(&*memo.get(2, || b"made".to_vec()), b"made");
    }
}
