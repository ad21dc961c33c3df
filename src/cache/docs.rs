//! Parsed postmortems by path and blob id: a file whose content has not
//! changed is not parsed again. Each entry also keeps the dates of its ticked
//! action items with a fingerprint of the revisions they were read from, so
//! they are recomputed only when the file's history changed.
//!
//! Entries are spread over [`SHARDS`] files ([`super::sharded`]).

use super::sharded::Sharded;
use super::{Cache, Fingerprint, Hasher};
use crate::model::{Postmortem, Revision};
use serde::{Deserialize, Serialize};

/// Number of shard files.
pub const SHARDS: usize = 32;

/// One cached postmortem.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    /// As parsed (before ids are deduplicated and history attached), with
    /// `done_at` set as of the revisions `done_key` names.
    pub pm: Postmortem,
    /// Fingerprint of the revisions `done_at` was computed from.
    pub done_key: Option<Fingerprint>,
}

/// What a build found in the cache (entries are taken out as they are used).
pub struct DocCache {
    store: Sharded<Entry>,
    options: Fingerprint,
}

/// The tag of an entry: what may change while its key stays.
fn tag(done_key: Option<Fingerprint>) -> Fingerprint {
    done_key.map_or(0, |k| k.wrapping_add(1))
}

impl DocCache {
    /// Reads all shards (in parallel). `options` fingerprints everything
    /// besides a file's path and bytes that parsing depends on.
    pub fn load(cache: &Cache, options: Fingerprint) -> DocCache {
        DocCache {
            store: Sharded::load(cache, "docs", SHARDS, |e: &Entry| tag(e.done_key)),
            options,
        }
    }

    /// The key of a file's entry.
    pub fn key(&self, path: &str, blob: &str) -> Fingerprint {
        Hasher::new()
            .u128(self.options)
            .str(path)
            .str(blob)
            .finish()
    }

    /// True when the cache holds this key.
    pub fn contains(&self, key: Fingerprint) -> bool {
        self.store.contains(key)
    }

    /// Takes the entry out of the cache.
    pub fn take(&mut self, key: Fingerprint) -> Option<Entry> {
        self.store.take(key)
    }

    /// Writes the shards whose set of entries or done keys differ from what
    /// was loaded. `live` is every postmortem of this build with its key and
    /// done key; entries not in it are dropped.
    pub fn save(
        &self,
        cache: &Cache,
        live: &[(Fingerprint, Option<Fingerprint>, &Postmortem)],
    ) -> std::io::Result<usize> {
        let keys: Vec<(Fingerprint, Fingerprint)> =
            live.iter().map(|(k, d, _)| (*k, tag(*d))).collect();
        self.store.save(cache, &keys, |j| {
            let (_, done_key, pm) = live[j];
            // History is attached after loading, never cached with the entry.
            let mut pm = pm.clone();
            pm.history = Default::default();
            Entry { pm, done_key }
        })
    }
}

/// Fingerprint of the revisions that ticked action items are dated from.
pub fn done_key(revisions: &[Revision]) -> Fingerprint {
    let mut h = Hasher::new();
    for r in revisions {
        h.str(&r.blob).str(&r.date);
    }
    h.finish()
}
