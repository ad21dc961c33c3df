//! Related and recurring incidents: which postmortems describe the same thing
//! going wrong.
//!
//! Each postmortem becomes a TF-IDF vector of the text that says what went
//! wrong (title, root causes, trigger, contributing factors, five whys; the
//! summary and body only when it has none of those). Inverse document
//! frequency removes template boilerplate: words every postmortem has weigh
//! nothing, and terms in more than [`MAX_DF_SHARE`] of the corpus are dropped
//! outright. Similarity is the cosine of two vectors, accumulated through an
//! inverted index so the cost grows with shared rare terms, not with N².
//!
//! One job per file: [`language`] of a text, its [`cause`] text and terms,
//! their [`vectors`], each document's [`nearest`] documents, the [`reasons`]
//! a link is listed, and [`compute`], which puts them together.

mod cause;
mod compute;
mod fingerprint;
mod language;
mod link;
mod nearest;
mod reasons;
#[cfg(test)]
mod tests;
mod vectors;

pub use self::cause::cause_text;
pub use self::compute::{
    compute, compute_with, Related, MIN_SIMILARITY, RECURRENCE_THRESHOLD, TOP_K,
};
pub use self::fingerprint::{input_fingerprint, inputs_fingerprint};
pub use self::language::Language;
pub use self::link::Link;
pub use self::nearest::{CROSS_KNN, KNN, QUERY_TERMS};
pub use self::reasons::REASONS;
pub use self::vectors::{TermVectors, CONCEPT_WEIGHT, MAX_DF_SHARE};
