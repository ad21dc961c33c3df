//! Related postmortems of a corpus: vectors, nearest neighbours, the
//! listed links with their reasons, and recurrences.

use super::cause::{cause_terms, cause_text, service_words};
use super::language::Language;
use super::link::Link;
use super::nearest::nearest;
use super::reasons::shared_names;
use super::vectors::{vectors, TermVectors};
use crate::analyze::lexicon::Lexicon;
use crate::model::Postmortem;
use rayon::prelude::*;

/// How many related postmortems each one lists.
pub const TOP_K: usize = 5;
/// Cosine similarity from which an earlier postmortem is flagged as the same
/// root cause recurring. Calibrated on the fixture below and the sample
/// knowledge base: its planted recurrences score well above it, pairs that
/// only share a service and the template below.
pub const RECURRENCE_THRESHOLD: f64 = 0.14;
/// Similarity below which a postmortem is not listed as related: below it,
/// two postmortems share little more than the template's words.
pub const MIN_SIMILARITY: f64 = 0.1;

/// Related postmortems of every document, plus the recurrence each one
/// looks like (an earlier document above the threshold).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Related {
    /// The [`TOP_K`] most similar documents at or above [`MIN_SIMILARITY`],
    /// best first, except that the best one in another language takes the
    /// third place when none of the first three is in another language.
    pub related: Vec<Vec<Link>>,
    /// Why each of `related` is related: the names of the heaviest shared
    /// concepts and words, same shape as `related`.
    pub reasons: Vec<Vec<Vec<String>>>,
    /// Per document, the most similar earlier one at or above [`RECURRENCE_THRESHOLD`], if any.
    pub recurrence_of: Vec<Option<Link>>,
    /// The [`KNN`](super::nearest::KNN) most similar documents, best first, then up to
    /// [`CROSS_KNN`](super::nearest::CROSS_KNN) more in another language (the clustering graph).
    pub neighbours: Vec<Vec<Link>>,
    /// The weighted cause terms behind the similarities (cluster labels).
    pub vectors: TermVectors,
    /// Each document's language, from the script of its cause text.
    pub languages: Vec<Language>,
}

/// Computes related postmortems for `pms` (document numbers are positions)
/// with the built-in lexicon.
pub fn compute(pms: &[Postmortem]) -> Related {
    compute_with(pms, Lexicon::builtin())
}

/// Computes related postmortems for `pms` comparing the concepts of `lex`.
pub fn compute_with(pms: &[Postmortem], lex: &Lexicon) -> Related {
    let services = service_words(pms);
    let languages: Vec<Language> = pms
        .par_iter()
        .map(|pm| Language::of(&cause_text(pm)))
        .collect();
    let terms: Vec<Vec<String>> = pms
        .par_iter()
        .map(|pm| cause_terms(pm, lex, &services))
        .collect();
    let vectors = vectors(terms);
    let neighbours = nearest(&vectors, &languages);
    let related: Vec<Vec<Link>> = neighbours
        .iter()
        .enumerate()
        .map(|(doc, ls)| {
            // A draft is listed nowhere (it is not finished saying why),
            // but lists what it resembles: its authors are the readers who
            // most need the past incidents, and many teams never change a
            // `status: draft`. A blank template still lists nothing: it
            // stays under the minimum similarity.
            let ls: Vec<Link> = ls
                .iter()
                .filter(|l| !pms[l.doc].is_draft())
                .copied()
                .collect();
            listed(&ls, |d| languages[d] != languages[doc])
        })
        .collect();
    let reasons = related
        .iter()
        .enumerate()
        .map(|(doc, ls)| {
            ls.iter()
                .map(|l| shared_names(&vectors, doc, l.doc, lex))
                .collect()
        })
        .collect();
    let recurrence_of = related
        .iter()
        .enumerate()
        .map(|(doc, links)| {
            let date = pms[doc].date.as_deref()?;
            links
                .iter()
                .find(|l| {
                    l.score >= RECURRENCE_THRESHOLD
                        && pms[l.doc].date.as_deref().is_some_and(|d| d < date)
                })
                .copied()
        })
        .collect();
    Related {
        related,
        reasons,
        recurrence_of,
        neighbours,
        vectors,
        languages,
    }
}

/// The related list from a document's neighbours: the [`TOP_K`] best at or
/// above [`MIN_SIMILARITY`], with the best one in another language moved up
/// to third place when the first three are all in the document's language.
fn listed(neighbours: &[Link], other_language: impl Fn(usize) -> bool) -> Vec<Link> {
    let mut ranked: Vec<Link> = neighbours
        .iter()
        .filter(|l| l.score >= MIN_SIMILARITY)
        .copied()
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    let top = 3.min(ranked.len());
    if !ranked[..top].iter().any(|l| other_language(l.doc)) {
        if let Some(i) = ranked.iter().position(|l| other_language(l.doc)) {
            let l = ranked.remove(i);
            ranked.insert(top.min(2), l);
        }
    }
    ranked.truncate(TOP_K);
    ranked
}
