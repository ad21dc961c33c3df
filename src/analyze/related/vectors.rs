//! TF-IDF unit vectors of the cause terms: inverse document frequency
//! silences template boilerplate, and concepts weigh more than words.

use crate::analyze::concepts::CONCEPT_PREFIX;
use rayon::prelude::*;
use std::collections::HashMap;

/// Terms in more than this share of postmortems are boilerplate.
pub const MAX_DF_SHARE: f64 = 0.2;
/// Weight of a concept term relative to a word of the same TF-IDF: a
/// concept is the same cause named in any language or wording, a word only
/// in one.
pub const CONCEPT_WEIGHT: f64 = 2.0;

/// Sparse TF-IDF unit vectors of the cause texts.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TermVectors {
    /// Term of each id, sorted; a concept's term is [`CONCEPT_PREFIX`] and
    /// its id.
    pub vocab: Vec<String>,
    /// Per document: (term id, weight), by term id; terms of a single
    /// document are left out (they match nothing).
    pub docs: Vec<Vec<(u32, f32)>>,
}

/// Sparse unit vectors, one per document, over term ids.
pub(super) fn vectors(terms: Vec<Vec<String>>) -> TermVectors {
    // Each document's distinct terms, sorted, with counts.
    let n_docs = terms.len();
    let tfs: Vec<Vec<(String, u32)>> = terms
        .into_par_iter()
        .map(|mut all| {
            all.sort_unstable();
            let mut tf: Vec<(String, u32)> = Vec::new();
            for term in all {
                match tf.last_mut() {
                    Some((last, c)) if *last == term => *c += 1,
                    _ => tf.push((term, 1)),
                }
            }
            tf.shrink_to_fit();
            tf
        })
        .collect();
    let df: HashMap<&str, u32> = tfs
        .par_iter()
        .fold(HashMap::new, |mut df: HashMap<&str, u32>, tf| {
            for (term, _) in tf {
                *df.entry(term.as_str()).or_default() += 1;
            }
            df
        })
        .reduce(HashMap::new, |mut a, b| {
            for (t, n) in b {
                *a.entry(t).or_default() += n;
            }
            a
        });
    let n = n_docs as f64;
    // In a tiny corpus a share is too few documents; never cut below 5.
    let max_df = ((n * MAX_DF_SHARE).ceil() as u32).max(5.min(n_docs.saturating_sub(1) as u32));
    // Term ids in sorted order keep everything deterministic.
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, d)| **d <= max_df)
        .map(|(t, _)| *t)
        .collect();
    vocab.sort_unstable();
    let ids: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    let docs = tfs
        .par_iter()
        .map(|tf| {
            // Terms no other document has still count in the norm (a long
            // cause text sharing one word with another is not a match), but
            // are left out of the vector: they cannot match anything.
            let mut norm = 0.0f64;
            let mut v: Vec<(u32, f32)> = Vec::with_capacity(tf.len());
            // Sorted terms give sorted ids (the vocabulary is sorted) and a
            // fixed summation order for the norm.
            for (term, c) in tf {
                let Some(&id) = ids.get(term.as_str()) else {
                    continue;
                };
                let d = df[term.as_str()];
                let boost = if term.starts_with(CONCEPT_PREFIX) {
                    CONCEPT_WEIGHT
                } else {
                    1.0
                };
                let w = boost * (1.0 + f64::from(*c).ln()) * (n / f64::from(d)).ln().max(0.0);
                norm += w * w;
                if d >= 2 {
                    v.push((id, w as f32));
                }
            }
            let norm = norm.sqrt() as f32;
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        })
        .collect();
    TermVectors {
        vocab: vocab.into_iter().map(String::from).collect(),
        docs,
    }
}
