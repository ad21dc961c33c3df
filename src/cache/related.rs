//! Related incidents and root-cause clusters between builds. Related
//! incidents are reused when every cause text and date is the same as last
//! time ([`related::inputs_fingerprint`]); any change recomputes all of
//! them, since one document's terms move every weight. Each document's part
//! of that fingerprint is kept by document fingerprint, so a rebuild only
//! reads the cause text of edited documents. Clusters are reused when
//! related incidents and what clustering reads of each document are the same.

use super::{Cache, Fingerprint, Hasher};
use crate::analyze::clusters::{self, Clusters};
use crate::analyze::lexicon::Lexicon;
use crate::analyze::related::{self, Related};
use crate::model::Postmortem;
use rayon::prelude::*;

const RELATED: &str = "related.bin";
const PARTS: &str = "related-parts.bin";
const CLUSTERS: &str = "clusters.bin";

/// [`related::compute`], reusing the previous build's result when its
/// inputs are the same, with the fingerprint of those inputs.
/// `fingerprints` are the documents' (same order as `pms`; empty without a
/// cache).
pub fn compute(
    pms: &[Postmortem],
    fingerprints: &[Fingerprint],
    cache: &Cache,
    lex: &Lexicon,
) -> (Related, Fingerprint) {
    if !cache.enabled() || fingerprints.len() != pms.len() {
        return (related::compute_with(pms, lex), super::unique());
    }
    let parts = super::parts::of(cache, PARTS, pms, fingerprints, related::input_fingerprint);
    let key = related::inputs_fingerprint(&parts, lex);
    let r = cache.keyed(RELATED, key, || related::compute_with(pms, lex));
    (r, key)
}

/// [`clusters::compute`], reusing the previous build's clusters when
/// related incidents (by `related_key`, from [`compute`]) and each
/// document's [`clusters::input_fingerprint`] are the same.
pub fn clusters(
    pms: &[Postmortem],
    related: &Related,
    related_key: Fingerprint,
    cache: &Cache,
    lex: &Lexicon,
) -> Clusters {
    if !cache.enabled() {
        return clusters::compute_with(pms, related, lex);
    }
    let parts: Vec<Fingerprint> = pms.par_iter().map(clusters::input_fingerprint).collect();
    let mut h = Hasher::new();
    h.str("clusters").u128(related_key);
    for p in parts {
        h.u128(p);
    }
    cache.keyed(CLUSTERS, h.finish(), || {
        clusters::compute_with(pms, related, lex)
    })
}
