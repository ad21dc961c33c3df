//! Term counts of each postmortem for the static search index, kept
//! between builds by document fingerprint: a rebuild counts only the edited
//! documents and recomputes the scores from the counts
//! ([`crate::analyze::bm25`]).

use super::{Cache, Fingerprint};
use crate::analyze::bm25::{self, DocTerms, Vocab};
use crate::analyze::index::TermPostings;
use crate::model::Postmortem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const FILE: &str = "terms.bin";

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    vocab: Vocab,
    docs: HashMap<Fingerprint, DocTerms>,
}

/// Every term with its postings for `pms` (document numbers are positions).
/// `fingerprints` (same order as `pms`, or empty without a cache) key the
/// cached counts.
pub fn search_terms(
    cache: &Cache,
    pms: &[Postmortem],
    fingerprints: &[Fingerprint],
) -> Vec<(String, TermPostings)> {
    let use_cache = cache.enabled() && fingerprints.len() == pms.len();
    let mut stored: Stored = if use_cache {
        cache.read(FILE).unwrap_or_default()
    } else {
        Stored::default()
    };
    // A vocabulary grown far beyond what a corpus this size uses (terms of
    // long-gone documents) is dropped with its counts and rebuilt.
    if stored.vocab.len() > 4 * 100_000.max(pms.len() * 100) {
        stored = Stored::default();
    }
    // Counts whose term ids the vocabulary does not cover are not trusted.
    let known = stored.vocab.len() as u32;
    let mut docs: Vec<Option<DocTerms>> = (0..pms.len())
        .map(|i| {
            let fp = fingerprints.get(i)?;
            let d = stored.docs.remove(fp)?;
            d.max_id().is_none_or(|m| m < known).then_some(d)
        })
        .collect();
    let missing: Vec<usize> = (0..pms.len()).filter(|&i| docs[i].is_none()).collect();
    let refs: Vec<&Postmortem> = missing.iter().map(|&i| &pms[i]).collect();
    for (i, d) in missing.iter().zip(bm25::count(&refs, &mut stored.vocab)) {
        docs[*i] = Some(d);
    }
    let docs: Vec<DocTerms> = docs.into_iter().map(Option::unwrap_or_default).collect();
    let result = bm25::postings(&docs.iter().collect::<Vec<_>>(), &stored.vocab);
    if use_cache && (!missing.is_empty() || !stored.docs.is_empty()) {
        let keep = Stored {
            docs: fingerprints.iter().copied().zip(docs).collect(),
            vocab: stored.vocab,
        };
        // Losing it only costs time next build.
        let _ = cache.write(FILE, &keep);
    }
    result
}
