//! Root-cause clusters: postmortems grouped by what went wrong.
//!
//! **Algorithm.** The graph is the one related incidents already computed:
//! each postmortem linked to its [`KNN`](super::related::KNN) most similar
//! ones by cosine of TF-IDF cause vectors, links below [`EDGE_MIN`] dropped.
//! Its communities (the Louvain method, see [`super::louvain`]) are the
//! clusters. Why not agglomerative clustering on all pairs (e.g. `kodama`)?
//! It needs the N² distance matrix: 50 million pairs and 200 MB at 10,000
//! postmortems, seconds to fill, for links that are almost all zero. Why not
//! k-means? It needs k up front and a random start. Modularity picks the
//! number of clusters from the data, the graph is sparse (cost grows with
//! N·KNN), and a fixed visiting order makes it deterministic. Postmortems
//! with no link above the threshold stay unclustered rather than being
//! forced into a group.
//!
//! **Stable ids.** A cluster's id is the id of its oldest member (earliest
//! date, then id). Adding a postmortem changes at most the clusters it joins
//! or bridges: the others keep their members, so their ids and pages stay.
//!
//! **Labels are names.** The lexicon concept (see [`super::lexicon`]) that
//! at least half of the members share, a compound concept (`certificate
//! expiry`) before a simple one, then by summed weight over the members; its
//! names in the other languages are the aliases. Without one, the curated
//! `root_cause_category` when at least half of the members that set one
//! agree (and, beyond a pair, at least two do); otherwise the cluster's most
//! distinctive words.
//!
//! **One cause, one cluster.** Communities whose mean cause vectors are
//! alike ([`MERGE_MIN`]) are joined, and communities named by the same
//! concept are one cluster: the graph splits a cause by service or language when its
//! postmortems link more within those than across, but a cause is what a
//! cluster is about.

use super::concepts::CONCEPT_PREFIX;
use super::lexicon::Lexicon;
use super::louvain;
use super::related::{Related, TermVectors};
use crate::model::Postmortem;
use std::collections::BTreeMap;

/// Links weaker than this are not evidence of a shared root cause. Above
/// the best pair of the sample knowledge base that only shares a service and
/// the template (0.11), below [`super::related::RECURRENCE_THRESHOLD`]: two
/// incidents can share a cause family without being the same cause
/// recurring. On generated families, links inside a family score 0.3–0.6,
/// and any value from 0.1 to 0.25 gives the same clusters.
pub const EDGE_MIN: f64 = 0.12;
/// Communities whose mean cause vectors have at least this cosine are one
/// cause ([`merge_alike`]). On generated corpora of 8 causes told by two
/// authors each in three languages, 0.3 to 0.5 join the authors' halves and
/// 0.25 starts joining different causes; 0.6 joins nothing.
pub const MERGE_MIN: f64 = 0.4;
/// How many terms make a label when no category is curated.
pub const LABEL_TERMS: usize = 3;

/// One root-cause cluster.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cluster {
    /// Stable id: the id of the oldest member.
    pub id: String,
    /// Short human-readable name.
    pub label: String,
    /// Whether `label` is the authors' `root_cause_category`.
    pub curated: bool,
    /// The label's concept id, when a lexicon concept names the cluster.
    pub concept: Option<String>,
    /// The concept's names in the other languages.
    pub aliases: Vec<String>,
    /// The most distinctive terms, heaviest first.
    pub terms: Vec<String>,
    /// Document numbers, in corpus order.
    pub members: Vec<usize>,
}

/// All clusters, largest first (ties by id), and each document's cluster.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Clusters {
    /// Every cluster, largest first (ties by id).
    pub clusters: Vec<Cluster>,
    /// Index into `clusters`; `None` for a postmortem like no other.
    pub of_doc: Vec<Option<usize>>,
}

/// Fingerprint of what [`compute`] reads of one document besides its
/// related links: its id, date, services and root-cause category. Keep the
/// two in step: the build cache reuses clusters whose inputs match.
pub fn input_fingerprint(pm: &Postmortem) -> crate::fingerprint::Fingerprint {
    crate::fingerprint::Hasher::new()
        .str(&pm.id)
        .value(&(
            &pm.date,
            &pm.meta.written.services,
            &pm.meta.written.root_cause_category,
        ))
        .finish()
}

/// Clusters `pms` (document numbers are positions) from their related
/// links, naming them with the built-in lexicon.
pub fn compute(pms: &[Postmortem], related: &Related) -> Clusters {
    compute_with(pms, related, Lexicon::builtin())
}

/// Clusters `pms` from their related links (computed with the same `lex`),
/// naming them by the concepts of `lex`.
pub fn compute_with(pms: &[Postmortem], related: &Related, lex: &Lexicon) -> Clusters {
    let n = pms.len();
    // Each undirected link once, with the stronger of its two directions
    // (a document's query keeps only its heaviest terms, so they differ).
    let mut edges: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for (a, links) in related.neighbours.iter().enumerate() {
        for l in links.iter().filter(|l| l.score >= EDGE_MIN) {
            let key = (a.min(l.doc) as u32, a.max(l.doc) as u32);
            let w = edges.entry(key).or_insert(0.0);
            *w = w.max(l.score);
        }
    }
    let edges: Vec<(u32, u32, f64)> = edges.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    let community = louvain::communities(n, &edges);
    let mut groups: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (doc, c) in community.iter().enumerate() {
        groups.entry(*c).or_default().push(doc);
    }
    // Communities named by one concept are one cluster.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut unnamed: Vec<Vec<usize>> = Vec::new();
    let groups: Vec<Vec<usize>> = groups.into_values().filter(|m| m.len() >= 2).collect();
    for members in merge_alike(groups, &related.vectors) {
        match naming_concept(&members, related, lex) {
            Some(k) => by_name.entry(k).or_default().extend(members),
            None => unnamed.push(members),
        }
    }
    let mut clusters: Vec<Cluster> = by_name
        .into_values()
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .chain(unnamed)
        .map(|members| cluster(members, pms, related, lex))
        .collect();
    clusters.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut of_doc = vec![None; n];
    for (k, c) in clusters.iter().enumerate() {
        for &doc in &c.members {
            of_doc[doc] = Some(k);
        }
    }
    Clusters { clusters, of_doc }
}

/// One cluster of `members`: id, label and terms.
fn cluster(members: Vec<usize>, pms: &[Postmortem], related: &Related, lex: &Lexicon) -> Cluster {
    let oldest = members
        .iter()
        .min_by(|a, b| {
            let (a, b) = (&pms[**a], &pms[**b]);
            (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id))
        })
        .copied()
        .unwrap_or(members[0]);
    let terms = distinctive_terms(&members, pms, related);
    let concept = naming_concept(&members, related, lex)
        .and_then(|id| lex.concepts.iter().find(|c| c.id == id));
    let (label, curated) = match (concept, curated_label(&members, pms)) {
        (Some(c), _) => (c.name().to_string(), false),
        (None, Some(category)) => (category, true),
        (None, None) => (terms.join(" · "), false),
    };
    Cluster {
        id: pms[oldest].id.clone(),
        label,
        curated,
        concept: concept.map(|c| c.id.clone()),
        aliases: concept
            .map(|c| c.aliases().into_iter().map(String::from).collect())
            .unwrap_or_default(),
        terms,
        members,
    }
}

/// The concept naming `members`: shared by at least half of them, a
/// compound before a simple concept, then by summed weight, then by id.
fn naming_concept(members: &[usize], related: &Related, lex: &Lexicon) -> Option<String> {
    let v = &related.vectors;
    let mut sum: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
    for &doc in members {
        for &(t, w) in v.docs.get(doc).map(Vec::as_slice).unwrap_or(&[]) {
            if v.vocab[t as usize].starts_with(CONCEPT_PREFIX) {
                let e = sum.entry(t).or_default();
                e.0 += 1;
                e.1 += f64::from(w);
            }
        }
    }
    let quorum = members.len().div_ceil(2);
    let compound = |t: u32| {
        let id = &v.vocab[t as usize][CONCEPT_PREFIX.len_utf8()..];
        lex.concepts
            .iter()
            .find(|c| c.id == id)
            .is_some_and(|c| !c.parts.is_empty())
    };
    sum.into_iter()
        .filter(|(_, (n, _))| *n >= quorum)
        .max_by(|a, b| {
            (compound(a.0), a.1 .1)
                .partial_cmp(&(compound(b.0), b.1 .1))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.0.cmp(&a.0))
        })
        .map(|(t, _)| v.vocab[t as usize][CONCEPT_PREFIX.len_utf8()..].to_string())
}

/// The members' most common `root_cause_category` (compared case- and
/// space-insensitively, shown as the oldest member wrote it), when at
/// least half of the members that set one agree on it.
fn curated_label(members: &[usize], pms: &[Postmortem]) -> Option<String> {
    let mut counts: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    let mut set = 0;
    // Oldest first, so a spelling is shown as the first author wrote it.
    let mut by_age = members.to_vec();
    by_age.sort_by(|a, b| (&pms[*a].date, &pms[*a].id).cmp(&(&pms[*b].date, &pms[*b].id)));
    for doc in by_age {
        let Some(c) = pms[doc].meta.written.root_cause_category.as_deref() else {
            continue;
        };
        let key = c.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.is_empty() {
            continue;
        }
        set += 1;
        counts.entry(key.to_lowercase()).or_insert((0, c.trim())).0 += 1;
    }
    // Most votes; ties go to the alphabetically first key (BTreeMap order).
    let (_, (count, shown)) = counts.iter().fold(
        None,
        |best: Option<(&String, &(usize, &str))>, (k, v)| match best {
            Some((_, b)) if b.0 >= v.0 => best,
            _ => Some((k, v)),
        },
    )?;
    // One author's category does not name a larger cluster.
    (count * 2 >= set && (*count >= 2 || members.len() <= 2)).then(|| shown.to_string())
}

/// Terms that at least half of the members share, by summed weight over
/// the members, heaviest first: a term one long postmortem repeats does not
/// name the cluster. Words of the members' service names are left out: a
/// service is where it broke, not why.
fn distinctive_terms(members: &[usize], pms: &[Postmortem], related: &Related) -> Vec<String> {
    let v = &related.vectors;
    let services: std::collections::BTreeSet<String> = members
        .iter()
        .flat_map(|&d| &pms[d].meta.written.services)
        .flat_map(|s| super::words::words(s))
        .map(|w| w.text)
        .collect();
    let mut sum: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
    for &doc in members {
        for &(t, w) in v.docs.get(doc).map(Vec::as_slice).unwrap_or(&[]) {
            let e = sum.entry(t).or_default();
            e.0 += 1;
            e.1 += f64::from(w);
        }
    }
    let quorum = members.len().div_ceil(2);
    let mut terms: Vec<(u32, f64)> = sum
        .into_iter()
        .filter(|(t, (n, _))| {
            let term = &v.vocab[*t as usize];
            *n >= quorum && !services.contains(term) && !term.starts_with(CONCEPT_PREFIX)
        })
        .map(|(t, (_, w))| (t, w))
        .collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms
        .into_iter()
        .take(LABEL_TERMS)
        .map(|(t, _)| v.vocab[t as usize].clone())
        .collect()
}

#[cfg(test)]
#[path = "clusters_tests.rs"]
mod tests;

/// A community's mean cause vector, unit length, by term id.
fn centroid(members: &[usize], vectors: &TermVectors) -> Vec<(u32, f64)> {
    let mut sum: BTreeMap<u32, f64> = BTreeMap::new();
    for &doc in members {
        for &(t, w) in vectors.docs.get(doc).map(Vec::as_slice).unwrap_or(&[]) {
            *sum.entry(t).or_default() += f64::from(w);
        }
    }
    let norm = sum.values().map(|w| w * w).sum::<f64>().sqrt();
    sum.into_iter()
        .map(|(t, w)| (t, if norm > 0.0 { w / norm } else { 0.0 }))
        .collect()
}

/// Cosine of two unit vectors sorted by term id.
fn cosine(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Joins communities whose mean cause vectors point the same way, most
/// alike first (average linkage on centroids), until no pair reaches
/// [`MERGE_MIN`]. The graph splits one cause where its authors word it
/// differently, since each document's nearest neighbours are then mostly
/// its own author's; over a whole community the shared concepts and words
/// still dominate.
fn merge_alike(mut groups: Vec<Vec<usize>>, vectors: &TermVectors) -> Vec<Vec<usize>> {
    let mut cents: Vec<Vec<(u32, f64)>> = groups.iter().map(|g| centroid(g, vectors)).collect();
    let g = groups.len();
    let mut sim = vec![vec![0.0; g]; g];
    for i in 0..g {
        for j in i + 1..g {
            sim[i][j] = cosine(&cents[i], &cents[j]);
        }
    }
    let mut alive = vec![true; g];
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in (0..g).filter(|&i| alive[i]) {
            for j in (i + 1..g).filter(|&j| alive[j]) {
                if sim[i][j] >= MERGE_MIN && best.is_none_or(|(s, _, _)| sim[i][j] > s) {
                    best = Some((sim[i][j], i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let moved = std::mem::take(&mut groups[j]);
        groups[i].extend(moved);
        groups[i].sort_unstable();
        alive[j] = false;
        cents[i] = centroid(&groups[i], vectors);
        for k in (0..g).filter(|&k| alive[k] && k != i) {
            let s = cosine(&cents[i], &cents[k]);
            let (a, b) = (i.min(k), i.max(k));
            sim[a][b] = s;
        }
    }
    groups.into_iter().filter(|m| !m.is_empty()).collect()
}
