//! Analyze: what the corpus as a whole says. The search index (tantivy, with
//! the analyzer shared with the browser) lives here, and the reading club's
//! picks and lists ([`club`]); later stages only read their results.

pub mod analyzer;
pub mod bm25;
pub mod club;
pub mod clusters;
pub mod concepts;
pub mod done_at;
pub mod index;
pub mod lexicon;
pub mod louvain;
pub mod potm;
pub mod query;
pub mod reading_lists;
pub mod refs;
pub mod related;
pub mod scorer;
pub mod signal;
pub mod snippet;
pub mod trends;
pub mod words;
