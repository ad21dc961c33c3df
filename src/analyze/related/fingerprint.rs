//! What the build cache keys related incidents on: everything
//! [`super::compute()`] reads.

use super::cause::cause_text;
use super::compute::{MIN_SIMILARITY, TOP_K};
use super::nearest::{CROSS_KNN, KNN};
use super::reasons::REASONS;
use super::vectors::CONCEPT_WEIGHT;
use crate::model::Postmortem;

/// Fingerprint of what [`super::compute()`] reads of one document: its cause text,
/// date, status (drafts are listed nowhere) and services. Keep the
/// two in step: the build cache reuses a result whose inputs' fingerprint
/// ([`inputs_fingerprint`]) matches.
pub fn input_fingerprint(pm: &Postmortem) -> crate::fingerprint::Fingerprint {
    crate::fingerprint::Hasher::new()
        .str(&cause_text(pm))
        .value(&(&pm.date, pm.is_draft(), &pm.meta.written.services))
        .finish()
}

/// Fingerprint of everything [`super::compute()`] reads, from each document's
/// [`input_fingerprint`], in order.
pub fn inputs_fingerprint(
    parts: &[crate::fingerprint::Fingerprint],
    lex: &crate::analyze::lexicon::Lexicon,
) -> crate::fingerprint::Fingerprint {
    let mut h = crate::fingerprint::Hasher::new();
    h.str("related").value(&(KNN, TOP_K, CROSS_KNN, REASONS));
    h.value(&(MIN_SIMILARITY, CONCEPT_WEIGHT))
        .u128(lex.fingerprint());
    for p in parts {
        h.u128(*p);
    }
    h.finish()
}
