//! Compressed bytes by the fingerprint of what was compressed: the static
//! search index is hundreds of gzipped files, and an edit changes only some
//! of them. Entries not used by a build are dropped when it is saved.

use super::{fingerprint, Cache, Fingerprint};
use std::collections::HashMap;
use std::sync::Mutex;

const FILE: &str = "gzip.bin";

/// A compression memo for one build.
#[derive(Default)]
pub struct GzipMemo {
    old: HashMap<Fingerprint, Vec<u8>>,
    used: Mutex<HashMap<Fingerprint, Vec<u8>>>,
}

impl GzipMemo {
    /// The previous build's memo (empty without a cache).
    pub fn load(cache: &Cache) -> GzipMemo {
        let old: Vec<(Fingerprint, Vec<u8>)> = cache.read(FILE).unwrap_or_default();
        GzipMemo {
            old: old.into_iter().collect(),
            used: Mutex::default(),
        }
    }

    /// `compress(bytes)`, or what it gave last time for the same bytes.
    pub fn get(&self, bytes: &[u8], compress: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
        let key = fingerprint(bytes);
        let out = self
            .old
            .get(&key)
            .cloned()
            .unwrap_or_else(|| compress(bytes));
        self.used
            .lock()
            .expect("not poisoned")
            .insert(key, out.clone());
        out
    }

    /// Keeps what this build used, when it differs from what was loaded.
    pub fn save(&self, cache: &Cache) {
        let used = self.used.lock().expect("not poisoned");
        let same = used.len() == self.old.len() && used.keys().all(|k| self.old.contains_key(k));
        if cache.enabled() && !same {
            let mut list: Vec<(&Fingerprint, &Vec<u8>)> = used.iter().collect();
            list.sort_by_key(|(k, _)| **k);
            // Losing it only costs time next build.
            let _ = cache.write(FILE, &list);
        }
    }
}
