//! The last stage of loading: unique ids, the postmortems in their
//! order (newest first), and a fingerprint of each for the build cache.

use super::parse_files::Keys;
use crate::cache;
use crate::model::{Diagnostic, Level, Postmortem};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Gives every postmortem a unique id and sorts them newest first; returns
/// their fingerprints (empty without a cache).
pub(super) fn finish(
    postmortems: &mut [Postmortem],
    keys: &Keys,
    cached: bool,
) -> Vec<cache::Fingerprint> {
    dedupe_ids(postmortems);
    postmortems.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    if !cached {
        return Vec::new();
    }
    postmortems
        .par_iter()
        .map(|pm| {
            let key = keys.get(&pm.path).map_or(0, |k| k.0);
            cache::Hasher::new()
                .u128(key)
                .str(&pm.id)
                .value(&pm.history)
                .value(&pm.action_items)
                .value(&pm.diagnostics)
                .finish()
        })
        .collect()
}

/// Two postmortems with the same id: the first by path keeps it, later ones
/// get `-2`, `-3`, … and a warning naming the other file. Ids are slugs
/// (lowercase, NFC), so ids that differ only in case or Unicode
/// normalization are the same id here too. `index` is taken by the list
/// pages beside postmortem pages (wheel/index.html, root-causes/index.html).
fn dedupe_ids(pms: &mut [Postmortem]) {
    pms.sort_by(|a, b| a.path.cmp(&b.path));
    let mut owner: BTreeMap<String, String> =
        BTreeMap::from([("index".into(), "the site's list pages".into())]);
    for pm in pms.iter_mut() {
        if let Some(first) = owner.get(&pm.id).cloned() {
            let mut n = 2;
            while owner.contains_key(&format!("{}-{n}", pm.id)) {
                n += 1;
            }
            let new_id = format!("{}-{n}", pm.id);
            pm.diagnostics.push(Diagnostic {
                level: Level::Warning,
                path: pm.path.clone(),
                line: None,
                message: format!("id `{}` is also used by {first}; this page is published as `{new_id}` (set a unique `id:` in front matter)", pm.id),
            });
            pm.id = new_id;
        }
        owner.insert(pm.id.clone(), pm.path.clone());
    }
}
