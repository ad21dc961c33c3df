//! Analyze: what the corpus as a whole says. The search index (tantivy, with
//! the analyzer shared with the browser) lives here; later stages only read
//! its results.

pub mod analyzer;
pub mod index;
pub mod snippet;
