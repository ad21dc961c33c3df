//! Term counts of each postmortem for the static search index, kept
//! between builds by document fingerprint: a rebuild counts only the edited
//! documents and recomputes the scores from the counts
//! ([`crate::analyze::bm25`]).
//!
//! The vocabulary (term ids) is one file, rewritten only when it grows; the
//! counts are spread over shards ([`super::sharded`]), so an edit rewrites
//! one shard. Every count carries the epoch of the vocabulary its ids come
//! from: a vocabulary that is dropped and rebuilt gets a new epoch, and
//! counts of another epoch are never trusted.

use super::sharded::Sharded;
use super::{Cache, Fingerprint};
use crate::analyze::bm25::{self, DocTerms, IndexCounts, Vocab};
use crate::model::Postmortem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

const VOCAB: &str = "terms-vocab.bin";
const SHARDS: usize = 16;

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    /// Identifies this vocabulary among all it may have replaced; never 0.
    epoch: Fingerprint,
    vocab: Vocab,
}

/// The term counts of every postmortem of a build, ready to be scored.
pub struct Counts {
    /// The epoch of the vocabulary the ids come from.
    pub epoch: Fingerprint,
    vocab: Vocab,
    docs: Vec<DocTerms>,
}

impl Counts {
    /// Each document's [`bm25::terms_fingerprint`], from its counts.
    pub fn fingerprints(&self) -> Vec<Fingerprint> {
        self.docs
            .par_iter()
            .map(|d| d.fingerprint(&self.vocab))
            .collect()
    }

    /// Every term with its counts and weights (document numbers are positions).
    pub fn index_counts(&self) -> IndexCounts {
        bm25::index_counts(&self.docs.iter().collect::<Vec<_>>(), &self.vocab)
    }
}

/// The term counts of `pms`: cached ones by `fingerprints` (same order as
/// `pms`, or empty without a cache), the others counted now and cached.
pub fn count(cache: &Cache, pms: &[Postmortem], fingerprints: &[Fingerprint]) -> Counts {
    let t0 = tracing::debug_span!("index/counts").entered();
    let off = Cache::disabled();
    let use_cache = cache.enabled() && fingerprints.len() == pms.len();
    let cache = if use_cache { cache } else { &off };
    let mut stored: Stored = cache.read(VOCAB).unwrap_or_default();
    // A vocabulary grown far beyond what a corpus this size uses (terms of
    // long-gone documents) is dropped with its counts and rebuilt.
    let fresh = stored.epoch == 0 || stored.vocab.len() > 4 * 100_000.max(pms.len() * 100);
    if fresh {
        stored = Stored {
            epoch: super::unique(),
            vocab: Vocab::default(),
        };
    }
    let mut store: Sharded<(Fingerprint, DocTerms)> =
        Sharded::load(cache, "terms", SHARDS, |(epoch, _)| *epoch);
    let known = stored.vocab.len();
    let mut docs: Vec<Option<DocTerms>> = (0..pms.len())
        .map(|i| trusted(store.take(*fingerprints.get(i)?)?, stored.epoch, known))
        .collect();
    let missing: Vec<usize> = (0..pms.len()).filter(|&i| docs[i].is_none()).collect();
    let refs: Vec<&Postmortem> = missing.iter().map(|&i| &pms[i]).collect();
    for (i, d) in missing.iter().zip(bm25::count(&refs, &mut stored.vocab)) {
        docs[*i] = Some(d);
    }
    let docs: Vec<DocTerms> = docs.into_iter().map(Option::unwrap_or_default).collect();
    drop(t0);
    if use_cache {
        // Losing either only costs time next build. The vocabulary first:
        // counts never refer to ids a saved vocabulary lacks.
        if fresh || stored.vocab.len() != known {
            let _ = cache.write(VOCAB, &stored);
        }
        let live: Vec<(Fingerprint, Fingerprint)> =
            fingerprints.iter().map(|f| (*f, stored.epoch)).collect();
        let _ = store.save(cache, &live, |j| (stored.epoch, &docs[j]));
    }
    Counts {
        epoch: stored.epoch,
        vocab: stored.vocab,
        docs,
    }
}

/// The cached vocabulary, if any, with its epoch: what a rebuild that
/// counts only a few documents ([`count_few`]) adds to.
pub fn vocab(cache: &Cache) -> Option<(Fingerprint, Vocab)> {
    let stored: Stored = cache.read(VOCAB)?;
    (stored.epoch != 0).then_some((stored.epoch, stored.vocab))
}

/// The counts [`count`] cached under `keys` with vocabulary `epoch`, of
/// `known` terms (`None` where there are none to trust). Reads only the
/// store's shards that hold them.
pub fn stored(
    cache: &Cache,
    epoch: Fingerprint,
    known: usize,
    keys: &[Fingerprint],
) -> Vec<Option<DocTerms>> {
    let store: Vec<Option<(Fingerprint, DocTerms)>> =
        Sharded::read_some(cache, "terms", SHARDS, keys);
    store
        .into_iter()
        .map(|entry| trusted(entry?, epoch, known))
        .collect()
}

/// A cached entry's counts when they are of vocabulary `epoch` and use only
/// ids among its `known` terms: counts of another vocabulary, or with ids it
/// does not cover (a build stopped before saving it), are not trusted.
fn trusted((e, d): (Fingerprint, DocTerms), epoch: Fingerprint, known: usize) -> Option<DocTerms> {
    (e == epoch && d.max_id().is_none_or(|m| (m as usize) < known)).then_some(d)
}

/// Counts `pms` with `vocab` (of epoch `epoch`), saving the vocabulary when
/// it grew: counts never refer to ids a saved vocabulary lacks. The counts
/// themselves are the caller's to keep.
pub fn count_few(
    cache: &Cache,
    epoch: Fingerprint,
    vocab: &mut Vocab,
    pms: &[&Postmortem],
) -> Vec<DocTerms> {
    let known = vocab.len();
    let docs = bm25::count(pms, vocab);
    if vocab.len() != known {
        let stored = Stored {
            epoch,
            vocab: std::mem::take(vocab),
        };
        let _ = cache.write(VOCAB, &stored);
        *vocab = stored.vocab;
    }
    docs
}
