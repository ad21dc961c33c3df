//! The scores of the static search index, computed without building a
//! tantivy index: from each document's term counts per field, with
//! tantivy's own BM25 weight and field-length coding, so every score is the
//! one [`super::index::SearchIndex`] gives (the command-line search) to the
//! last bit. Term counts depend on one document only, so the build cache
//! keeps them per document and a rebuild only re-counts edited documents;
//! the scores themselves depend on corpus statistics and are recomputed
//! each build, which takes a fraction of a second.

use super::analyzer;
use super::index::{field_texts, TermPostings, FIELDS, SCORE_SCALE};
use crate::cache::{Fingerprint, Hasher};
use crate::model::Postmortem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25Weight;

/// Term ids of one corpus, in order of first appearance. Ids never change
/// while the vocabulary lives, so per-document counts can be cached.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Vocab {
    terms: Vec<String>,
    #[serde(skip)]
    ids: HashMap<String, u32>,
}

impl Vocab {
    /// Number of terms ever seen.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when no term was seen.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn id(&mut self, term: &str) -> u32 {
        if self.ids.len() != self.terms.len() {
            self.ids = (0..)
                .zip(&self.terms)
                .map(|(i, t)| (t.clone(), i))
                .collect();
        }
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.to_string());
        self.ids.insert(term.to_string(), id);
        id
    }
}

/// One document's term counts: per field, `[length, n, (term, count) × n]`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocTerms(Vec<u32>);

impl DocTerms {
    /// (field length in tokens, (term id, count) pairs) per field.
    fn fields(&self) -> impl Iterator<Item = (u32, &[u32])> {
        let mut rest = self.0.as_slice();
        (0..FIELDS.len()).map(move |_| {
            let (len, n) = (rest[0], rest[1] as usize);
            let pairs = &rest[2..2 + 2 * n];
            rest = &rest[2 + 2 * n..];
            (len, pairs)
        })
    }

    /// [`terms_fingerprint`] of the document these counts are of; `vocab`
    /// is the one their ids come from.
    pub fn fingerprint(&self, vocab: &Vocab) -> Fingerprint {
        let term = |id: u32| vocab.terms.get(id as usize).map_or("", String::as_str);
        fingerprint_fields(
            self.fields()
                .map(|(len, pairs)| (len, pairs.chunks(2).map(|p| (term(p[0]), p[1])))),
        )
    }

    /// The largest term id used, if any.
    pub fn max_id(&self) -> Option<u32> {
        self.fields()
            .flat_map(|(_, pairs)| pairs.chunks(2).map(|p| p[0]))
            .max()
    }
}

/// Fingerprint of what the search index holds of one document: each
/// field's length and its terms with their counts, in term order.
pub fn terms_fingerprint(pm: &Postmortem) -> Fingerprint {
    let fields = raw_counts(pm);
    fingerprint_fields(
        fields
            .iter()
            .map(|(len, counts)| (*len, counts.iter().map(|(t, n)| (t.as_str(), *n)))),
    )
}

fn fingerprint_fields<'a, T: Iterator<Item = (&'a str, u32)>>(
    fields: impl Iterator<Item = (u32, T)>,
) -> Fingerprint {
    let mut h = Hasher::new();
    for (len, counts) in fields {
        h.u128(len.into());
        for (term, n) in counts {
            h.str(term).u128(n.into());
        }
        // Ends the field: terms cannot run into the next one.
        h.str("");
    }
    h.finish()
}

/// Tokens of each field of `pm` with their counts (no ids yet).
fn raw_counts(pm: &Postmortem) -> Vec<(u32, Vec<(String, u32)>)> {
    field_texts(pm)
        .iter()
        .map(|text| {
            let tokens = analyzer::tokens(text);
            let mut counts: HashMap<String, u32> = HashMap::new();
            for t in &tokens {
                *counts.entry(t.text.clone()).or_default() += 1;
            }
            let mut counts: Vec<(String, u32)> = counts.into_iter().collect();
            counts.sort_unstable();
            (tokens.len() as u32, counts)
        })
        .collect()
}

/// Counts the terms of `pms` (in parallel), adding new terms to `vocab`.
pub fn count(pms: &[&Postmortem], vocab: &mut Vocab) -> Vec<DocTerms> {
    let raw: Vec<_> = pms.par_iter().map(|pm| raw_counts(pm)).collect();
    raw.into_iter()
        .map(|fields| {
            let mut flat = Vec::new();
            for (len, counts) in fields {
                flat.push(len);
                flat.push(counts.len() as u32);
                for (term, n) in counts {
                    flat.push(vocab.id(&term));
                    flat.push(n);
                }
            }
            DocTerms(flat)
        })
        .collect()
}

/// tantivy's one-byte code of a field length.
fn norm_id(len: u32, memo: &mut HashMap<u32, u8>) -> u8 {
    *memo
        .entry(len)
        .or_insert_with(|| FieldNormReader::constant(1, len).fieldnorm_id(0))
}

/// Every term with its postings (document number = position in `docs`),
/// sorted by term: what `SearchIndex::all_postings` returns for the same
/// documents.
pub fn postings(docs: &[&DocTerms], vocab: &Vocab) -> Vec<(String, TermPostings)> {
    let n_docs = (docs.len() as u64).max(1);
    let nf = FIELDS.len();
    let nt = vocab.len();
    // Per field: total tokens; per (term, field): document frequency; per
    // term: number of (document, field) entries.
    let mut total = vec![0u64; nf];
    let mut df = vec![0u32; nt * nf];
    let mut start = vec![0usize; nt + 1];
    for d in docs {
        for (f, (len, pairs)) in d.fields().enumerate() {
            total[f] += u64::from(len);
            for p in pairs.chunks(2) {
                df[p[0] as usize * nf + f] += 1;
                start[p[0] as usize + 1] += 1;
            }
        }
    }
    for t in 0..nt {
        start[t + 1] += start[t];
    }
    // (doc, field, norm id, count), grouped by term (counting sort): in
    // document order and, within one, field order, as tantivy sums them.
    let mut entries = vec![(0u32, 0u8, 0u8, 0u32); start[nt]];
    let mut next = start.clone();
    let mut memo = HashMap::new();
    for (doc, d) in docs.iter().enumerate() {
        for (f, (len, pairs)) in d.fields().enumerate() {
            let norm = norm_id(len, &mut memo);
            for p in pairs.chunks(2) {
                let slot = &mut next[p[0] as usize];
                entries[*slot] = (doc as u32, f as u8, norm, p[1]);
                *slot += 1;
            }
        }
    }
    let avg: Vec<f32> = total.iter().map(|&t| t as f32 / n_docs as f32).collect();
    // tantivy's weight depends on (document frequency, field) only, and
    // making one fills a 256-entry table: one per distinct pair, not per term.
    let mut pairs: Vec<(u32, usize)> = (0..nt * nf)
        .filter(|&i| df[i] > 0)
        .map(|i| (df[i], i % nf))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let weights: HashMap<(u32, usize), Bm25Weight> = pairs
        .par_iter()
        .map(|&(n, f)| {
            let w = Bm25Weight::for_one_term_without_explain(u64::from(n), n_docs, avg[f])
                .boost_by(FIELDS[f].1);
            ((n, f), w)
        })
        .collect();
    let mut live: Vec<u32> = (0..nt as u32)
        .filter(|&t| start[t as usize + 1] > start[t as usize])
        .collect();
    // UTF-8 byte order is code point order, as in the tantivy term dictionary.
    live.par_sort_unstable_by(|a, b| {
        vocab.terms[*a as usize]
            .as_bytes()
            .cmp(vocab.terms[*b as usize].as_bytes())
    });
    live.par_iter()
        .map(|&t| {
            let t = t as usize;
            let entries = &entries[start[t]..start[t + 1]];
            let term_weights: Vec<Option<&Bm25Weight>> =
                (0..nf).map(|f| weights.get(&(df[t * nf + f], f))).collect();
            let mut out: TermPostings = Vec::with_capacity(entries.len());
            let mut i = 0;
            while i < entries.len() {
                let doc = entries[i].0;
                let mut score = 0f32;
                while i < entries.len() && entries[i].0 == doc {
                    let (_, f, norm, tf) = entries[i];
                    if let Some(w) = term_weights[f as usize] {
                        score += w.score(norm, tf);
                    }
                    i += 1;
                }
                out.push((doc, (score * SCORE_SCALE).round().max(1.0) as u32));
            }
            (vocab.terms[t].clone(), out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::index::SearchIndex;
    use crate::parse::{parse_file, ParseOptions};

    /// The sample knowledge base: every term's postings equal tantivy's.
    #[test]
    fn same_scores_as_tantivy_on_the_sample() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("postmortems");
        let mut pms = Vec::new();
        for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "md") {
                let bytes = std::fs::read(e.path()).unwrap();
                let path = e.path().to_string_lossy().into_owned();
                if let Ok(pm) = parse_file(&path, &bytes, &ParseOptions::default()) {
                    pms.push(pm);
                }
            }
        }
        assert!(pms.len() > 15);
        let refs: Vec<&Postmortem> = pms.iter().collect();
        let mut vocab = Vocab::default();
        // Count in two halves to exercise a vocabulary that grows.
        let mut docs = count(&refs[..10], &mut vocab);
        docs.extend(count(&refs[10..], &mut vocab));
        let ours = postings(&docs.iter().collect::<Vec<_>>(), &vocab);
        let theirs = SearchIndex::build(&pms).unwrap().all_postings().unwrap();
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(ours, theirs);
    }
}
