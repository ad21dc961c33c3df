//! Per-document fingerprints of what one analysis reads, kept by document
//! fingerprint: a rebuild fingerprints the inputs of a whole-corpus result
//! (related incidents, the search index) by reading only the edited
//! documents, then reuses the result when the combined fingerprint matches.

use super::{Cache, Fingerprint};
use crate::model::Postmortem;
use rayon::prelude::*;
use std::collections::HashMap;

/// `part(pm)` of every document, in order: from file `name` when the
/// document's fingerprint is there, computed otherwise (then the file is
/// rewritten). `fingerprints` are the documents' (same order as `pms`);
/// without a cache every part is computed.
pub fn of(
    cache: &Cache,
    name: &str,
    pms: &[Postmortem],
    fingerprints: &[Fingerprint],
    part: impl Fn(&Postmortem) -> Fingerprint + Sync,
) -> Vec<Fingerprint> {
    if !cache.enabled() || fingerprints.len() != pms.len() {
        return pms.par_iter().map(&part).collect();
    }
    let known: HashMap<Fingerprint, Fingerprint> = cache
        .read::<Vec<(Fingerprint, Fingerprint)>>(name)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let parts: Vec<(Fingerprint, bool)> = pms
        .par_iter()
        .zip(fingerprints)
        .map(|(pm, fp)| match known.get(fp) {
            Some(p) => (*p, true),
            None => (part(pm), false),
        })
        .collect();
    let stale = parts.iter().any(|(_, known)| !known) || known.len() != parts.len();
    let parts: Vec<Fingerprint> = parts.into_iter().map(|(p, _)| p).collect();
    if stale {
        save(cache, name, fingerprints, &parts);
    }
    parts
}

/// Stores `parts` (same order as `fingerprints`) in file `name`, for [`of`]
/// in the next build. Losing it only costs time then.
pub fn save(cache: &Cache, name: &str, fingerprints: &[Fingerprint], parts: &[Fingerprint]) {
    let pairs: Vec<(Fingerprint, Fingerprint)> = fingerprints
        .iter()
        .copied()
        .zip(parts.iter().copied())
        .collect();
    let _ = cache.write(name, &pairs);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn only_unknown_documents_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_git_dir(dir.path());
        let pms: Vec<Postmortem> = ["a", "b"]
            .iter()
            .map(|t| {
                crate::parse::parse_file(
                    &format!("{t}.md"),
                    format!("# {t}\n").as_bytes(),
                    &Default::default(),
                )
                .unwrap()
            })
            .collect();
        let calls = AtomicUsize::new(0);
        let part = |pm: &Postmortem| {
            calls.fetch_add(1, Ordering::Relaxed);
            super::super::fingerprint(pm.title.as_bytes())
        };
        let first = of(&cache, "p.bin", &pms, &[1, 2], part);
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        let again = of(&cache, "p.bin", &pms, &[1, 3], part);
        assert_eq!(calls.load(Ordering::Relaxed), 3, "only the new fingerprint");
        assert_eq!(first, again);
        assert_eq!(of(&Cache::disabled(), "p.bin", &pms, &[1, 3], part), first);
    }
}
