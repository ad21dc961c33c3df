//! BM25 as tantivy computes it, from what the static search index stores: a
//! term's weight per field, its count per field in a document, the
//! document's field lengths (tantivy's one-byte codes) and the corpus's
//! total tokens per field. Every operation is binary32 and in tantivy's
//! order, so a score equals [`super::index::SearchIndex`]'s to the last bit;
//! `site-theme/static/search-core.js` does the same with `Math.fround`
//! (docs/src/search-index.md, "Scores").

use super::index::{FIELDS, SCORE_SCALE};
use tantivy::fieldnorm::FieldNormReader;

/// Number of searchable fields.
pub const NF: usize = FIELDS.len();
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// tantivy's BM25 weight of a term in field `f` that `df` of `docs`
/// documents have there: `idf × (1 + k1)`, boosted (`Bm25Weight`, which
/// keeps this number private).
pub fn weight(df: u64, docs: u64, f: usize) -> f32 {
    let x = ((docs - df) as f32 + 0.5) / (df as f32 + 0.5);
    let w = (1.0 + x).ln() * (1.0 + K1);
    let boost = FIELDS[f].1;
    // tantivy's `boost_by` leaves a boost of 1 out.
    if boost == 1.0 {
        w
    } else {
        w * boost
    }
}

/// The length part of BM25 for each field and field-length code.
pub struct Scorer {
    cache: [[f32; 256]; NF],
}

impl Scorer {
    /// For a corpus of `docs` documents with `tokens[f]` tokens in field `f`.
    pub fn new(tokens: &[u64; NF], docs: u32) -> Scorer {
        let mut cache = [[0f32; 256]; NF];
        for (f, row) in cache.iter_mut().enumerate() {
            let avg = tokens[f] as f32 / docs.max(1) as f32;
            for (id, c) in row.iter_mut().enumerate() {
                let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
                *c = K1 * (1.0 - B + B * len / avg);
            }
        }
        Scorer { cache }
    }

    /// A term's scaled score in a document: its BM25 score summed over the
    /// fields in field order, times [`SCORE_SCALE`], rounded, at least 1.
    pub fn score(&self, weights: &[Option<f32>; NF], counts: &[u32; NF], norms: &[u8; NF]) -> u32 {
        let mut score = 0f32;
        for f in 0..NF {
            if let (Some(w), c @ 1..) = (weights[f], counts[f]) {
                let tf = c as f32;
                score += w * (tf / (tf + self.cache[f][norms[f] as usize]));
            }
        }
        (score * SCORE_SCALE).round().max(1.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::Bm25Weight;

    /// Weights and scores equal tantivy's over a spread of statistics.
    #[test]
    fn same_as_tantivy() {
        for &(docs, df) in &[
            (1u64, 1u64),
            (7, 3),
            (1000, 1),
            (10_000, 9_999),
            (123_457, 42),
        ] {
            for f in 0..NF {
                let tokens = [docs * 7, docs * 61, docs * 93 + 5, docs * 1187 + 11];
                let avg = tokens[f] as f32 / docs as f32;
                let theirs =
                    Bm25Weight::for_one_term_without_explain(df, docs, avg).boost_by(FIELDS[f].1);
                let scorer = Scorer::new(&tokens, docs as u32);
                let mut weights = [None; NF];
                weights[f] = Some(weight(df, docs, f));
                for id in [0u8, 1, 17, 40, 99, 180, 255] {
                    for tf in [1u32, 2, 3, 17, 1000] {
                        let mut counts = [0; NF];
                        counts[f] = tf;
                        let mut norms = [0; NF];
                        norms[f] = id;
                        let want = (theirs.score(id, tf) * SCORE_SCALE).round().max(1.0) as u32;
                        assert_eq!(scorer.score(&weights, &counts, &norms), want);
                    }
                }
            }
        }
    }
}
