//! Parsed postmortems by path and blob id: a file whose content has not
//! changed is not parsed again. Each entry also keeps the dates of its ticked
//! action items with a fingerprint of the revisions they were read from, so
//! they are recomputed only when the file's history changed.
//!
//! Entries are spread over [`SHARDS`] files by key, and a build rewrites only
//! the shards whose entries changed: editing one postmortem rewrites about
//! 1/32 of the cache, not all of it.

use super::{Cache, Fingerprint, Hasher};
use crate::model::{Postmortem, Revision};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

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
#[derive(Default)]
pub struct DocCache {
    entries: HashMap<Fingerprint, Entry>,
    /// Per shard, the keys and done keys read, to tell which shards changed.
    loaded: Vec<BTreeMap<Fingerprint, Option<Fingerprint>>>,
    options: Fingerprint,
}

fn shard_name(i: usize) -> String {
    format!("docs-{i:02}.bin")
}

fn shard_of(key: Fingerprint) -> usize {
    (key % SHARDS as u128) as usize
}

impl DocCache {
    /// Reads all shards (in parallel). `options` fingerprints everything
    /// besides a file's path and bytes that parsing depends on.
    pub fn load(cache: &Cache, options: Fingerprint) -> DocCache {
        let shards: Vec<Vec<(Fingerprint, Entry)>> = (0..SHARDS)
            .into_par_iter()
            .map(|i| cache.read(&shard_name(i)).unwrap_or_default())
            .collect();
        let mut out = DocCache {
            options,
            loaded: vec![BTreeMap::new(); SHARDS],
            ..Default::default()
        };
        for (i, shard) in shards.into_iter().enumerate() {
            for (key, entry) in shard {
                // A misplaced entry (should not happen) is dropped, not trusted.
                if shard_of(key) == i {
                    out.loaded[i].insert(key, entry.done_key);
                    out.entries.insert(key, entry);
                }
            }
        }
        out
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
        self.entries.contains_key(&key)
    }

    /// Takes the entry out of the cache.
    pub fn take(&mut self, key: Fingerprint) -> Option<Entry> {
        self.entries.remove(&key)
    }

    /// Writes the shards whose set of entries or done keys differ from what
    /// was loaded. `live` is every postmortem of this build with its key and
    /// done key; entries not in it are dropped.
    pub fn save(
        &self,
        cache: &Cache,
        live: &[(Fingerprint, Option<Fingerprint>, &Postmortem)],
    ) -> std::io::Result<usize> {
        if !cache.enabled() {
            return Ok(0);
        }
        let mut now: Vec<BTreeMap<Fingerprint, Option<Fingerprint>>> =
            vec![BTreeMap::new(); SHARDS];
        for (key, done, _) in live {
            now[shard_of(*key)].insert(*key, *done);
        }
        let dirty: Vec<usize> = (0..SHARDS).filter(|&i| now[i] != self.loaded[i]).collect();
        dirty.par_iter().try_for_each(|&i| {
            let entries: Vec<(Fingerprint, Entry)> = live
                .iter()
                .filter(|(key, _, _)| shard_of(*key) == i)
                .map(|(key, done, pm)| {
                    let mut pm = (*pm).clone();
                    pm.history = Default::default();
                    (
                        *key,
                        Entry {
                            pm,
                            done_key: *done,
                        },
                    )
                })
                .collect();
            cache.write(&shard_name(i), &entries)
        })?;
        Ok(dirty.len())
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
