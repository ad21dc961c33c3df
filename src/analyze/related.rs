//! Related and recurring incidents: which postmortems describe the same thing
//! going wrong.
//!
//! Each postmortem becomes a TF-IDF vector of the text that says what went
//! wrong (title, root causes, trigger, contributing factors, five whys; the
//! summary and body only when it has none of those). Inverse document
//! frequency removes template boilerplate: words every postmortem has weigh
//! nothing, and terms in more than [`MAX_DF_SHARE`] of the corpus are dropped
//! outright. Similarity is the cosine of two vectors, accumulated through an
//! inverted index so the cost grows with shared rare terms, not with N².

use super::analyzer::terms;
use crate::model::{Canonical, Postmortem};
use rayon::prelude::*;
use std::collections::HashMap;

/// How many related postmortems each one lists.
pub const TOP_K: usize = 5;
/// How many nearest neighbours each document keeps for clustering: enough
/// for a family of similar incidents to hold together as one graph
/// community, few enough to keep the graph sparse.
pub const KNN: usize = 10;
/// Terms in more than this share of postmortems are boilerplate.
pub const MAX_DF_SHARE: f64 = 0.2;
/// Cosine similarity from which an earlier postmortem is flagged as the same
/// root cause recurring. Calibrated on the fixture below and the sample
/// knowledge base: its two planted recurrences score 0.16 and 0.20, the best
/// pair that only shares a service and the template 0.11.
pub const RECURRENCE_THRESHOLD: f64 = 0.14;

/// A related postmortem: document number and cosine similarity (0..1).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub doc: usize,
    pub score: f64,
}

/// Related postmortems of every document, plus the recurrence each one
/// looks like (an earlier document above the threshold).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Related {
    /// The [`TOP_K`] most similar documents, best first.
    pub related: Vec<Vec<Link>>,
    pub recurrence_of: Vec<Option<Link>>,
    /// The [`KNN`] most similar documents, best first (the clustering graph).
    pub neighbours: Vec<Vec<Link>>,
    /// The weighted cause terms behind the similarities (cluster labels).
    pub vectors: TermVectors,
}

/// Sparse TF-IDF unit vectors of the cause texts.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TermVectors {
    /// Term of each id, sorted.
    pub vocab: Vec<String>,
    /// Per document: (term id, weight), by term id; terms of a single
    /// document are left out (they match nothing).
    pub docs: Vec<Vec<(u32, f32)>>,
}

/// English function words: in a small corpus they are not frequent enough
/// for IDF to silence them, and they say nothing about what went wrong.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "doe", "during", "each", "few", "for", "from", "further", "had", "ha", "have", "having",
    "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "more", "most",
    "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "wa", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "why", "will", "with", "would", "you",
];

/// The text that says what went wrong.
pub fn cause_text(pm: &Postmortem) -> String {
    let kinds = [
        Canonical::RootCauses,
        Canonical::Trigger,
        Canonical::ContributingFactors,
        Canonical::FiveWhys,
    ];
    let mut parts: Vec<&str> = pm
        .sections
        .iter()
        .filter(|s| s.canonical.is_some_and(|k| kinds.contains(&k)))
        .map(|s| s.text.as_str())
        .collect();
    let fallback = parts.iter().all(|p| p.trim().is_empty());
    if fallback {
        parts.clear();
        if let Some(s) = &pm.summary {
            parts.push(s);
        }
        parts.push(&pm.body);
    }
    // The summary says what went wrong in the fewest words: always include it.
    let mut text = pm.title.clone();
    if !fallback {
        if let Some(s) = &pm.summary {
            text.push('\n');
            text.push_str(s);
        }
    }
    for p in parts {
        text.push('\n');
        text.push_str(p);
    }
    if let Some(c) = &pm.meta.root_cause_category {
        text.push('\n');
        text.push_str(c);
    }
    text
}

/// Terms of a cause text, without stop words.
fn cause_terms(text: &str) -> impl Iterator<Item = String> {
    terms(text)
        .into_iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
}

/// Sparse unit vectors, one per document, over term ids.
fn vectors(texts: &[String]) -> TermVectors {
    // Each text is tokenized once: its distinct terms, sorted, with counts.
    let tfs: Vec<Vec<(String, u32)>> = texts
        .par_iter()
        .map(|t| {
            let mut all: Vec<String> = cause_terms(t).collect();
            all.sort_unstable();
            let mut tf: Vec<(String, u32)> = Vec::new();
            for term in all {
                match tf.last_mut() {
                    Some((last, c)) if *last == term => *c += 1,
                    _ => tf.push((term, 1)),
                }
            }
            tf.shrink_to_fit();
            tf
        })
        .collect();
    let df: HashMap<&str, u32> = tfs
        .par_iter()
        .fold(HashMap::new, |mut df: HashMap<&str, u32>, tf| {
            for (term, _) in tf {
                *df.entry(term.as_str()).or_default() += 1;
            }
            df
        })
        .reduce(HashMap::new, |mut a, b| {
            for (t, n) in b {
                *a.entry(t).or_default() += n;
            }
            a
        });
    let n = texts.len() as f64;
    // In a tiny corpus a share is too few documents; never cut below 5.
    let max_df =
        ((n * MAX_DF_SHARE).ceil() as u32).max(5.min(texts.len().saturating_sub(1) as u32));
    // Term ids in sorted order keep everything deterministic.
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, d)| **d <= max_df)
        .map(|(t, _)| *t)
        .collect();
    vocab.sort_unstable();
    let ids: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    let docs = tfs
        .par_iter()
        .map(|tf| {
            // Terms no other document has still count in the norm (a long
            // cause text sharing one word with another is not a match), but
            // are left out of the vector: they cannot match anything.
            let mut norm = 0.0f64;
            let mut v: Vec<(u32, f32)> = Vec::with_capacity(tf.len());
            // Sorted terms give sorted ids (the vocabulary is sorted) and a
            // fixed summation order for the norm.
            for (term, c) in tf {
                let Some(&id) = ids.get(term.as_str()) else {
                    continue;
                };
                let d = df[term.as_str()];
                let w = (1.0 + f64::from(*c).ln()) * (n / f64::from(d)).ln().max(0.0);
                norm += w * w;
                if d >= 2 {
                    v.push((id, w as f32));
                }
            }
            let norm = norm.sqrt() as f32;
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        })
        .collect();
    TermVectors {
        vocab: vocab.into_iter().map(String::from).collect(),
        docs,
    }
}

/// Terms of a document used to look for similar ones: its heaviest, as
/// MoreLikeThis does. Light terms are frequent ones; skipping them bounds the
/// cost without changing which documents come out on top.
pub const QUERY_TERMS: usize = 40;

/// Similarity rounded to 0.001, as shown and exported.
fn rounded(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// The [`KNN`] best candidates (raw score, document) by rounded score, ties
/// by document number. Only the candidates that can make the cut are
/// rounded and sorted: a common term makes thousands of candidates.
fn top_links(candidates: &mut [(f32, u32)]) -> Vec<Link> {
    let cut = if candidates.len() > KNN {
        candidates.select_nth_unstable_by(KNN - 1, |a, b| b.0.total_cmp(&a.0));
        rounded(candidates[KNN - 1].0)
    } else {
        0.0
    };
    let mut links: Vec<Link> = candidates
        .iter()
        .map(|&(score, doc)| Link {
            doc: doc as usize,
            score: rounded(score),
        })
        .filter(|l| l.score > 0.0 && l.score >= cut)
        .collect();
    links.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    links.truncate(KNN);
    links
}

/// Fingerprint of what [`compute`] reads of one document: its cause text
/// and date. Keep the two in step: the build cache reuses a result whose
/// inputs' fingerprint ([`inputs_fingerprint`]) matches.
pub fn input_fingerprint(pm: &Postmortem) -> crate::fingerprint::Fingerprint {
    crate::fingerprint::Hasher::new()
        .str(&cause_text(pm))
        .value(&pm.date)
        .finish()
}

/// Fingerprint of everything [`compute`] reads, from each document's
/// [`input_fingerprint`], in order.
pub fn inputs_fingerprint(
    parts: &[crate::fingerprint::Fingerprint],
) -> crate::fingerprint::Fingerprint {
    let mut h = crate::fingerprint::Hasher::new();
    h.str("related").value(&(KNN, TOP_K));
    for p in parts {
        h.u128(*p);
    }
    h.finish()
}

/// Computes related postmortems for `pms` (document numbers are positions).
pub fn compute(pms: &[Postmortem]) -> Related {
    let texts: Vec<String> = pms.par_iter().map(cause_text).collect();
    let vectors = vectors(&texts);
    drop(texts);
    let vecs = &vectors.docs;
    let vocab_len = vecs
        .iter()
        .flat_map(|v| v.iter().map(|(t, _)| *t as usize + 1))
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab_len];
    for (doc, v) in vecs.iter().enumerate() {
        for &(term, w) in v {
            postings[term as usize].push((doc as u32, w));
        }
    }
    let n = pms.len();
    let neighbours: Vec<Vec<Link>> = vecs
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0f32; n], Vec::<(f32, u32)>::new()),
            |(acc, candidates), (doc, v)| {
                let mut query: Vec<(u32, f32)> = v.clone();
                query.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                query.truncate(QUERY_TERMS);
                // No branch in the hot loop: add everything, then scan.
                for &(term, w) in &query {
                    for &(other, w2) in &postings[term as usize] {
                        acc[other as usize] += w * w2;
                    }
                }
                acc[doc] = 0.0;
                candidates.clear();
                for (other, a) in acc.iter_mut().enumerate() {
                    if *a > 0.0 {
                        candidates.push((std::mem::take(a), other as u32));
                    }
                }
                top_links(candidates)
            },
        )
        .collect();
    let related: Vec<Vec<Link>> = neighbours
        .iter()
        .map(|ls| ls[..ls.len().min(TOP_K)].to_vec())
        .collect();
    let recurrence_of = related
        .iter()
        .enumerate()
        .map(|(doc, links)| {
            let date = pms[doc].date.as_deref()?;
            links
                .iter()
                .find(|l| {
                    l.score >= RECURRENCE_THRESHOLD
                        && pms[l.doc].date.as_deref().is_some_and(|d| d < date)
                })
                .copied()
        })
        .collect();
    Related {
        related,
        recurrence_of,
        neighbours,
        vectors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_file;

    fn pm(path: &str, md: &str) -> Postmortem {
        parse_file(path, md.as_bytes(), &Default::default()).unwrap()
    }

    /// Same root cause in different words (and one in Korean) versus
    /// postmortems that only share a service and the template.
    fn fixture() -> Vec<Postmortem> {
        let template = |title: &str, cause: &str, date: &str| {
            format!("---\ntitle: {title}\ndate: {date}\nservices: [payments-gateway]\n---\n## Summary\nCustomers saw errors on payments-gateway for a while.\n\n## Impact\nSome customers were affected.\n\n## Root Causes\n{cause}\n\n## Action Items\n- [ ] @ops add an alert (P1, 2030-01-01)\n\n## Lessons Learned\n### What went well\nThe team responded quickly.\n")
        };
        vec![
            pm("a.md", &template("Payments down", "The mTLS client certificate expired because the renewal cron job had silently failed for weeks.", "2023-04-11")),
            pm("b.md", &template("Handshake failures", "cert-manager could not renew the client certificate; renewal kept failing silently until the certificate expired.", "2024-06-18")),
            pm("c.md", &template("결제 장애", "클라이언트 인증서 갱신 작업이 조용히 실패하여 인증서가 만료되었다. certificate renewal expired", "2025-01-02")),
            pm("d.md", &template("Slow checkout", "A database index was dropped by a migration, so queries did full table scans.", "2023-05-01")),
            pm("e.md", &template("Queue backlog", "The consumer group rebalanced in a loop after a broker upgrade changed session timeouts.", "2023-06-01")),
            pm("f.md", &template("DNS outage", "A resolver config push removed the forward zone for internal names.", "2023-07-01")),
            pm("g.md", &template("Disk full", "Log retention was disabled, so the broker disks filled up.", "2023-08-01")),
        ]
    }

    #[test]
    fn recurring_pairs_are_found_template_pairs_are_not() {
        let pms = fixture();
        let r = compute(&pms);
        let top3 = |d: usize| {
            r.related[d]
                .iter()
                .take(3)
                .map(|l| l.doc)
                .collect::<Vec<_>>()
        };
        assert!(top3(0).contains(&1), "{:?}", r.related[0]);
        assert!(top3(1).contains(&0), "{:?}", r.related[1]);
        assert!(
            top3(2).contains(&0) || top3(2).contains(&1),
            "{:?}",
            r.related[2]
        );
        assert_eq!(
            r.recurrence_of[1].map(|l| l.doc),
            Some(0),
            "{:?}",
            r.related[1]
        );
        for d in 3..pms.len() {
            assert_eq!(
                r.recurrence_of[d], None,
                "template-only doc {d}: {:?}",
                r.related[d]
            );
        }
        // Deterministic.
        let again = compute(&pms);
        assert_eq!(format!("{:?}", again.related), format!("{:?}", r.related));
    }
}
