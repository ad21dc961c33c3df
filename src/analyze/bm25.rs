//! The static search index's contents, computed without building a tantivy
//! index: from each document's term counts per field, each term's weight
//! per field and each document's field lengths in tantivy's one-byte code.
//! From these [`super::scorer`] computes every score to the last bit as
//! [`super::index::SearchIndex`] (the command-line search) does. Term counts
//! depend on one document only, so the build cache keeps them per document
//! and a rebuild only re-counts edited documents.

use super::analyzer;
use super::index::{field_texts, TermPostings};
use super::scorer::{self, Scorer, NF};
use crate::fingerprint::{Fingerprint, Hasher};
use crate::model::Postmortem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tantivy::fieldnorm::FieldNormReader;

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
        (0..NF).map(move |_| {
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

    /// Each term id with its count per field.
    fn per_term(&self) -> HashMap<u32, [u32; NF]> {
        let mut out: HashMap<u32, [u32; NF]> = HashMap::new();
        for (f, (_, pairs)) in self.fields().enumerate() {
            for p in pairs.chunks(2) {
                out.entry(p[0]).or_default()[f] = p[1];
            }
        }
        out
    }

    /// The largest term id used, if any.
    pub fn max_id(&self) -> Option<u32> {
        self.fields()
            .flat_map(|(_, pairs)| pairs.chunks(2).map(|p| p[0]))
            .max()
    }
}

/// What an edit changed in the index's postings.
#[derive(Debug, Default)]
pub struct Edit {
    /// Documents whose counts changed, sorted.
    pub docs: Vec<u32>,
    /// Each term whose postings changed, with its postings in `docs` now,
    /// by document (empty when none of them has it any more).
    pub terms: BTreeMap<String, Vec<(u32, [u32; NF])>>,
}

impl Edit {
    /// The edit from each changed document's counts before and now
    /// (document number, before, now); ids from `vocab`.
    pub fn new(changed: &[(u32, &DocTerms, &DocTerms)], vocab: &Vocab) -> Edit {
        let mut per_term: Vec<_> = changed
            .iter()
            .map(|(d, was, now)| (*d, was.per_term(), now.per_term()))
            .collect();
        per_term.sort_by_key(|p| p.0);
        let mut terms: BTreeSet<u32> = BTreeSet::new();
        for (_, was, now) in &per_term {
            terms.extend(
                now.iter()
                    .filter(|(t, c)| was.get(t) != Some(c))
                    .map(|e| *e.0),
            );
            terms.extend(was.keys().filter(|t| !now.contains_key(t)));
        }
        let mut docs: Vec<u32> = changed.iter().map(|c| c.0).collect();
        docs.sort_unstable();
        let terms = terms
            .into_iter()
            .map(|t| {
                let now = per_term
                    .iter()
                    .filter_map(|(d, _, now)| Some((*d, *now.get(&t)?)))
                    .collect();
                (vocab.terms[t as usize].clone(), now)
            })
            .collect();
        Edit { docs, terms }
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

/// One term of the static index: its weight per field (`None` where no
/// document has it) and, per document, its count per field.
pub struct TermCounts {
    /// The term.
    pub term: String,
    /// [`scorer::weight`] per field.
    pub weights: [Option<f32>; NF],
    /// (document number, count per field), by document number.
    pub postings: Vec<(u32, [u32; NF])>,
}

impl TermCounts {
    /// A term with its postings, weighted by how many of `docs` documents
    /// have it in each field.
    pub fn new(term: String, postings: Vec<(u32, [u32; NF])>, docs: u32) -> TermCounts {
        let mut df = [0u64; NF];
        for (_, counts) in &postings {
            for (n, c) in df.iter_mut().zip(counts) {
                *n += u64::from(*c > 0);
            }
        }
        TermCounts {
            term,
            weights: weights(df, docs),
            postings,
        }
    }
}

/// What the static search index is made of: enough to compute every score
/// (docs/src/search-index.md).
pub struct IndexCounts {
    /// Number of documents.
    pub docs: u32,
    /// Total tokens per field.
    pub tokens: [u64; NF],
    /// Per document, the length code of each field.
    pub norms: Vec<[u8; NF]>,
    /// Every term, sorted by term (code point order).
    pub terms: Vec<TermCounts>,
}

impl IndexCounts {
    /// Every term with its scored postings, as the browser computes them
    /// and as `SearchIndex::all_postings` gives them.
    pub fn scored(&self) -> Vec<(String, TermPostings)> {
        let scorer = Scorer::new(&self.tokens, self.docs);
        self.terms
            .par_iter()
            .map(|t| {
                let postings = t
                    .postings
                    .iter()
                    .map(|(d, c)| (*d, scorer.score(&t.weights, c, &self.norms[*d as usize])))
                    .collect();
                (t.term.clone(), postings)
            })
            .collect()
    }
}

/// Total tokens per field, and each document's field lengths in tantivy's
/// one-byte code.
pub fn lengths(docs: &[&DocTerms]) -> ([u64; NF], Vec<[u8; NF]>) {
    let mut tokens = [0u64; NF];
    let mut memo = HashMap::new();
    let norms = docs
        .iter()
        .map(|d| {
            let mut norm = [0u8; NF];
            for (f, (len, _)) in d.fields().enumerate() {
                tokens[f] += u64::from(len);
                norm[f] = norm_id(len, &mut memo);
            }
            norm
        })
        .collect();
    (tokens, norms)
}

/// A term's [`scorer::weight`] in each field, from its document frequency
/// there (`None` where no document has it) among `docs` documents.
fn weights(df: [u64; NF], docs: u32) -> [Option<f32>; NF] {
    let docs = u64::from(docs).max(1);
    std::array::from_fn(|f| (df[f] > 0).then(|| scorer::weight(df[f], docs, f)))
}

/// Every term with its counts and weights (document number = position in
/// `docs`), sorted by term.
pub fn index_counts(docs: &[&DocTerms], vocab: &Vocab) -> IndexCounts {
    let nt = vocab.len();
    // Per term: number of (document, field) entries.
    let (tokens, norms) = lengths(docs);
    let mut start = vec![0usize; nt + 1];
    for d in docs {
        for (_, pairs) in d.fields() {
            for p in pairs.chunks(2) {
                start[p[0] as usize + 1] += 1;
            }
        }
    }
    for t in 0..nt {
        start[t + 1] += start[t];
    }
    // (doc, field, count), grouped by term (counting sort): in document
    // order and, within one, field order.
    let mut entries = vec![(0u32, 0u8, 0u32); start[nt]];
    let mut next = start.clone();
    for (doc, d) in docs.iter().enumerate() {
        for (f, (_, pairs)) in d.fields().enumerate() {
            for p in pairs.chunks(2) {
                let slot = &mut next[p[0] as usize];
                entries[*slot] = (doc as u32, f as u8, p[1]);
                *slot += 1;
            }
        }
    }
    let mut live: Vec<u32> = (0..nt as u32)
        .filter(|&t| start[t as usize + 1] > start[t as usize])
        .collect();
    // UTF-8 byte order is code point order, as in the tantivy term dictionary.
    live.par_sort_unstable_by(|a, b| {
        vocab.terms[*a as usize]
            .as_bytes()
            .cmp(vocab.terms[*b as usize].as_bytes())
    });
    let terms = live
        .par_iter()
        .map(|&t| {
            let t = t as usize;
            let entries = &entries[start[t]..start[t + 1]];
            let mut postings: Vec<(u32, [u32; NF])> = Vec::with_capacity(entries.len());
            for &(doc, f, count) in entries {
                match postings.last_mut() {
                    Some((d, counts)) if *d == doc => counts[f as usize] = count,
                    _ => {
                        let mut counts = [0; NF];
                        counts[f as usize] = count;
                        postings.push((doc, counts));
                    }
                }
            }
            TermCounts::new(vocab.terms[t].clone(), postings, docs.len() as u32)
        })
        .collect();
    IndexCounts {
        docs: docs.len() as u32,
        tokens,
        norms,
        terms,
    }
}

/// The sample knowledge base's postmortems, parsed (for tests).
#[cfg(test)]
pub(crate) fn sample_postmortems() -> Vec<Postmortem> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("postmortems");
    let mut pms = Vec::new();
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "md") {
            let bytes = std::fs::read(e.path()).unwrap();
            let path = e.path().to_string_lossy().into_owned();
            if let Ok(pm) = crate::parse::parse_file(&path, &bytes, &Default::default()) {
                pms.push(pm);
            }
        }
    }
    assert!(pms.len() > 15);
    pms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::index::SearchIndex;

    /// An edit lists the terms whose counts changed in the edited
    /// documents, with their postings there now.
    #[test]
    fn an_edit_lists_the_terms_whose_counts_changed() {
        let parse = |path: &str, text: &str| {
            crate::parse::parse_file(path, text.as_bytes(), &Default::default()).unwrap()
        };
        let before = [
            parse("a.md", "# Disk full\n\nThe disk filled up overnight.\n"),
            parse("b.md", "# Disk alarm\n\nAn alarm.\n"),
        ];
        let after = [
            parse(
                "a.md",
                "# Disk full\n\nThe disk filled up overnight twice, alarm.\n",
            ),
            parse("b.md", "# Disk alarm beeps\n\nAn alarm.\n"),
        ];
        let mut vocab = Vocab::default();
        let was = count(&before.iter().collect::<Vec<_>>(), &mut vocab);
        let now = count(&after.iter().collect::<Vec<_>>(), &mut vocab);
        let edit = Edit::new(&[(1, &was[1], &now[1]), (0, &was[0], &now[0])], &vocab);
        assert_eq!(edit.docs, [0, 1]);
        let terms: Vec<&str> = edit.terms.keys().map(String::as_str).collect();
        // New words (stemmed); "disk" and "filled" keep their counts.
        assert_eq!(terms, ["alarm", "beep", "twice"]);
        assert_eq!(edit.terms["twice"].len(), 1);
        assert_eq!(edit.terms["twice"][0].0, 0);
        // A changed term's postings in every edited document that has it,
        // whether its count changed there (a) or not (b).
        let alarm: Vec<u32> = edit.terms["alarm"].iter().map(|p| p.0).collect();
        assert_eq!(alarm, [0, 1]);
    }

    /// The sample knowledge base: every term's postings equal tantivy's.
    #[test]
    fn same_scores_as_tantivy_on_the_sample() {
        let pms = sample_postmortems();
        let refs: Vec<&Postmortem> = pms.iter().collect();
        let mut vocab = Vocab::default();
        // Count in two halves to exercise a vocabulary that grows.
        let mut docs = count(&refs[..10], &mut vocab);
        docs.extend(count(&refs[10..], &mut vocab));
        let ours = index_counts(&docs.iter().collect::<Vec<_>>(), &vocab).scored();
        let theirs = SearchIndex::build(&pms).unwrap().all_postings().unwrap();
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(ours, theirs);
    }
}
