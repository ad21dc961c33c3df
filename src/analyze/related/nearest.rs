//! Each document's nearest documents, through an inverted index of the
//! vectors so the cost grows with shared rare terms, not with N².

use super::language::Language;
use super::link::{rounded, Link};
use super::vectors::TermVectors;
use crate::analyze::concepts::CONCEPT_PREFIX;
use rayon::prelude::*;

/// How many nearest neighbours each document keeps for clustering: enough
/// for a family of similar incidents to hold together as one graph
/// community, few enough to keep the graph sparse.
pub const KNN: usize = 10;
/// How many of the nearest documents written in another language each
/// document also keeps as neighbours: same-language documents share
/// template and function words, so without these slots a cause written in
/// two languages would make two graph communities.
pub const CROSS_KNN: usize = 3;
/// Terms of a document used to look for similar ones: its heaviest, as
/// MoreLikeThis does. Light terms are frequent ones; skipping them bounds the
/// cost without changing which documents come out on top.
pub const QUERY_TERMS: usize = 40;

/// The [`KNN`] best candidates (raw score, document) by rounded score, ties
/// by document number. Only the candidates that can make the cut are
/// rounded and sorted: a common term makes thousands of candidates.
fn top_links(candidates: &mut [(f32, u32)]) -> Vec<Link> {
    let cut = if candidates.len() > KNN {
        candidates.select_nth_unstable_by(KNN - 1, |a, b| b.0.total_cmp(&a.0));
        rounded(candidates[KNN - 1].0)
    } else {
        0.0
    };
    let mut links: Vec<Link> = candidates
        .iter()
        .map(|&(score, doc)| Link {
            doc: doc as usize,
            score: rounded(score),
        })
        .filter(|l| l.score > 0.0 && l.score >= cut)
        .collect();
    links.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    links.truncate(KNN);
    links
}

/// The best `k` links among `candidates` (raw score, document) whose
/// document `keep` accepts, by rounded score, ties by document number.
fn best_where(candidates: &[(f32, u32)], k: usize, keep: impl Fn(u32) -> bool) -> Vec<Link> {
    let mut best: Vec<Link> = Vec::with_capacity(k + 1);
    for &(score, doc) in candidates.iter().filter(|c| keep(c.1)) {
        let l = Link {
            doc: doc as usize,
            score: rounded(score),
        };
        let worse = |a: &Link, b: &Link| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        if l.score > 0.0 && (best.len() < k || worse(&l, &best[best.len() - 1]).is_lt()) {
            let at = best.partition_point(|b| worse(b, &l).is_lt());
            best.insert(at, l);
            best.truncate(k);
        }
    }
    best
}

/// Each document's [`KNN`] nearest documents plus its [`CROSS_KNN`] nearest
/// in another language, through an inverted index of the vectors. Two
/// documents in the same language score the cosine of their whole vectors;
/// in different languages, the cosine of their concept terms alone, since
/// words of two languages say nothing about each other.
pub(super) fn nearest(v: &TermVectors, languages: &[Language]) -> Vec<Vec<Link>> {
    let vecs = &v.docs;
    let concept: Vec<bool> = v
        .vocab
        .iter()
        .map(|t| t.starts_with(CONCEPT_PREFIX))
        .collect();
    let concept_norm: Vec<f32> = vecs
        .iter()
        .map(|d| {
            d.iter()
                .filter(|(t, _)| concept[*t as usize])
                .map(|(_, w)| w * w)
                .sum::<f32>()
                .sqrt()
        })
        .collect();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); v.vocab.len()];
    for (doc, d) in vecs.iter().enumerate() {
        for &(term, w) in d {
            postings[term as usize].push((doc as u32, w));
        }
    }
    let n = vecs.len();
    vecs.par_iter()
        .enumerate()
        .map_init(
            || (vec![0f32; n], vec![0f32; n], Vec::<(f32, u32)>::new()),
            |(acc, acc_concepts, candidates), (doc, d)| {
                let mut query: Vec<(u32, f32)> = d.clone();
                query.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                query.truncate(QUERY_TERMS);
                // No branch in the hot loops: add everything, then scan.
                for &(term, w) in &query {
                    let into = if concept[term as usize] {
                        &mut *acc_concepts
                    } else {
                        &mut *acc
                    };
                    for &(other, w2) in &postings[term as usize] {
                        into[other as usize] += w * w2;
                    }
                }
                acc[doc] = 0.0;
                acc_concepts[doc] = 0.0;
                candidates.clear();
                let lang = languages[doc];
                for (other, (a, c)) in acc.iter_mut().zip(acc_concepts.iter_mut()).enumerate() {
                    let (words, concepts) = (std::mem::take(a), std::mem::take(c));
                    let score = if languages[other] == lang {
                        words + concepts
                    } else if concepts > 0.0 {
                        concepts / (concept_norm[doc] * concept_norm[other])
                    } else {
                        0.0
                    };
                    if score > 0.0 {
                        candidates.push((score, other as u32));
                    }
                }
                let cross = best_where(candidates, CROSS_KNN, |d| languages[d as usize] != lang);
                let mut links = top_links(candidates);
                for l in cross {
                    if !links.iter().any(|m| m.doc == l.doc) {
                        links.push(l);
                    }
                }
                links
            },
        )
        .collect()
}
