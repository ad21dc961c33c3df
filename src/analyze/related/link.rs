//! A link to a related postmortem, and the rounding every score gets.

/// A related postmortem: document number and cosine similarity (0..1).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// Document number: position in the corpus.
    pub doc: usize,
    /// Cosine similarity, 0..1, rounded to 0.001.
    pub score: f64,
}

/// Similarity rounded to 0.001, as shown and exported.
pub(super) fn rounded(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}
