//! Related incidents between builds: reused when every cause text and date
//! is the same as last time ([`related::inputs_fingerprint`]); any change
//! recomputes all of them, since one document's terms move every weight.

use super::{Cache, Fingerprint};
use crate::analyze::related::{self, Related};
use crate::model::Postmortem;

const FILE: &str = "related.bin";

/// [`related::compute`], reusing the previous build's result when its
/// inputs are the same.
pub fn compute(pms: &[Postmortem], cache: &Cache) -> Related {
    if !cache.enabled() {
        return related::compute(pms);
    }
    let key = related::inputs_fingerprint(pms);
    if let Some((k, r)) = cache.read::<(Fingerprint, Related)>(FILE) {
        if k == key {
            return r;
        }
    }
    let r = related::compute(pms);
    // Losing it only costs time next build.
    let _ = cache.write(FILE, &(key, &r));
    r
}
