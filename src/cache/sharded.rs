//! Per-document cache entries spread over a fixed number of files by key,
//! so a build rewrites only the files whose entries changed: editing one
//! postmortem rewrites about one shard, not the whole store.

use super::{Cache, Fingerprint};
use rayon::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Entries of one kind, by key, as a build found them.
pub struct Sharded<V> {
    prefix: &'static str,
    shards: usize,
    entries: HashMap<Fingerprint, V>,
    /// Per shard, each key read with its tag, to tell which shards changed.
    loaded: Vec<BTreeMap<Fingerprint, Fingerprint>>,
}

impl<V: Serialize + DeserializeOwned + Send + Sync> Sharded<V> {
    /// Reads all shards `<prefix>-NN.bin` in parallel. `tag` summarizes
    /// what of an entry may change while its key stays (0 if nothing).
    pub fn load(
        cache: &Cache,
        prefix: &'static str,
        shards: usize,
        tag: impl Fn(&V) -> Fingerprint + Sync,
    ) -> Self {
        let read: Vec<Vec<(Fingerprint, V)>> = (0..shards)
            .into_par_iter()
            .map(|i| cache.read(&shard_name(prefix, i)).unwrap_or_default())
            .collect();
        let mut out = Sharded {
            prefix,
            shards,
            entries: HashMap::new(),
            loaded: vec![BTreeMap::new(); shards],
        };
        for (i, shard) in read.into_iter().enumerate() {
            for (key, value) in shard {
                // A misplaced entry (should not happen) is dropped, not trusted.
                if out.shard_of(key) == i {
                    out.loaded[i].insert(key, tag(&value));
                    out.entries.insert(key, value);
                }
            }
        }
        out
    }

    /// The entries of `keys` (`None` where absent), reading only the
    /// shards that hold them.
    pub fn read_some(
        cache: &Cache,
        prefix: &'static str,
        shards: usize,
        keys: &[Fingerprint],
    ) -> Vec<Option<V>> {
        let mut wanted: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, key) in keys.iter().enumerate() {
            wanted.entry(shard_index(*key, shards)).or_default().push(i);
        }
        let mut out: Vec<Option<V>> = keys.iter().map(|_| None).collect();
        for (shard, at) in wanted {
            let entries: Vec<(Fingerprint, V)> =
                cache.read(&shard_name(prefix, shard)).unwrap_or_default();
            let mut entries: HashMap<Fingerprint, V> = entries.into_iter().collect();
            for i in at {
                out[i] = entries.remove(&keys[i]);
            }
        }
        out
    }

    fn shard_of(&self, key: Fingerprint) -> usize {
        shard_index(key, self.shards)
    }

    /// True when the store holds this key.
    pub fn contains(&self, key: Fingerprint) -> bool {
        self.entries.contains_key(&key)
    }

    /// Takes the entry out of the store.
    pub fn take(&mut self, key: Fingerprint) -> Option<V> {
        self.entries.remove(&key)
    }

    /// Writes the shards whose keys or tags differ from what was loaded.
    /// `live` is every entry of this build as (key, tag); `value(i)` makes
    /// the entry of `live[i]`. Entries not in `live` are dropped. Returns
    /// how many shards were written.
    pub fn save<E: Serialize>(
        &self,
        cache: &Cache,
        live: &[(Fingerprint, Fingerprint)],
        value: impl Fn(usize) -> E + Sync,
    ) -> std::io::Result<usize> {
        if !cache.enabled() {
            return Ok(0);
        }
        let mut now = vec![BTreeMap::new(); self.shards];
        for (key, tag) in live {
            now[self.shard_of(*key)].insert(*key, *tag);
        }
        let dirty: Vec<usize> = (0..self.shards)
            .filter(|&i| now[i] != self.loaded[i])
            .collect();
        dirty.par_iter().try_for_each(|&i| {
            let entries: Vec<(Fingerprint, E)> = (0..live.len())
                .filter(|&j| self.shard_of(live[j].0) == i)
                .map(|j| (live[j].0, value(j)))
                .collect();
            cache.write(&shard_name(self.prefix, i), &entries)
        })?;
        Ok(dirty.len())
    }
}

fn shard_index(key: Fingerprint, shards: usize) -> usize {
    (key % shards as u128) as usize
}

fn shard_name(prefix: &str, i: usize) -> String {
    format!("{prefix}-{i:02}.bin")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_shards_are_written_and_entries_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        let store: Sharded<String> = Sharded::load(&cache, "t", 4, |_| 0);
        let live: Vec<(Fingerprint, Fingerprint)> = (0..8u128).map(|k| (k, 0)).collect();
        let name = |j: usize| format!("v{j}");
        assert_eq!(store.save(&cache, &live, name).unwrap(), 4);

        let mut store: Sharded<String> = Sharded::load(&cache, "t", 4, |_| 0);
        assert_eq!(store.take(5).as_deref(), Some("v5"));
        assert!(!store.contains(5) && store.contains(6));
        // Nothing changed: nothing written. One key gone: its shard only.
        assert_eq!(store.save(&cache, &live, name).unwrap(), 0);
        assert_eq!(store.save(&cache, &live[..7], name).unwrap(), 1);
        // A changed tag rewrites its shard.
        let mut tagged = live.clone();
        tagged[2].1 = 9;
        assert_eq!(store.save(&cache, &tagged, name).unwrap(), 1);
        // A few entries, without loading the rest.
        let some: Vec<Option<String>> = Sharded::read_some(&cache, "t", 4, &[6, 99, 2]);
        assert_eq!(some, [Some("v6".into()), None, Some("v2".into())]);
    }
}
