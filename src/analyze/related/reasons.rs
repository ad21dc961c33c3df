//! Why two postmortems are related: the heaviest terms they share.

use super::vectors::TermVectors;
use crate::analyze::concepts::CONCEPT_PREFIX;
use crate::analyze::lexicon::Lexicon;

/// How many shared terms explain a related link.
pub const REASONS: usize = 3;

/// The names of the heaviest terms documents `a` and `b` share: concepts
/// first (a compound's parts are left out when it is shared), then words.
pub(super) fn shared_names(v: &TermVectors, a: usize, b: usize, lex: &Lexicon) -> Vec<String> {
    let (va, vb) = (&v.docs[a], &v.docs[b]);
    let mut shared: Vec<(bool, f32, u32)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < va.len() && j < vb.len() {
        match va[i].0.cmp(&vb[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let term = &v.vocab[va[i].0 as usize];
                shared.push((
                    !term.starts_with(CONCEPT_PREFIX),
                    va[i].1 * vb[j].1,
                    va[i].0,
                ));
                i += 1;
                j += 1;
            }
        }
    }
    let concept = |t: u32| {
        let term = &v.vocab[t as usize];
        let id = term.strip_prefix(CONCEPT_PREFIX)?;
        lex.concepts.iter().position(|c| c.id == id)
    };
    // Compound concepts (a cause), then other concepts, then words.
    let simple = |t: u32| concept(t).is_none_or(|k| lex.concepts[k].parts.is_empty());
    shared.sort_by(|x, y| {
        (x.0, simple(x.2))
            .cmp(&(y.0, simple(y.2)))
            .then(y.1.total_cmp(&x.1))
            .then(x.2.cmp(&y.2))
    });
    let shared_concepts: Vec<usize> = shared.iter().filter_map(|s| concept(s.2)).collect();
    let is_part = |k: usize| {
        shared_concepts
            .iter()
            .any(|&c| lex.concepts[c].parts.contains(&(k as u32)))
    };
    shared
        .iter()
        .filter(|s| concept(s.2).is_none_or(|k| !is_part(k)))
        .take(REASONS)
        .map(|s| match concept(s.2) {
            Some(k) => lex.concepts[k].name().to_string(),
            None => v.vocab[s.2 as usize].clone(),
        })
        .collect()
}
