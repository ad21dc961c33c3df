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

use super::concepts::{self, CONCEPT_PREFIX};
use super::lexicon::Lexicon;
use super::words::words;
use crate::model::{Canonical, Postmortem};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// How many related postmortems each one lists.
pub const TOP_K: usize = 5;
/// How many nearest neighbours each document keeps for clustering: enough
/// for a family of similar incidents to hold together as one graph
/// community, few enough to keep the graph sparse.
pub const KNN: usize = 10;
/// How many of the nearest documents written in another language each
/// document also keeps as neighbours: same-language documents share
/// template and function words, so without these slots a cause written in
/// two languages would make two graph communities.
pub const CROSS_KNN: usize = 3;
/// Terms in more than this share of postmortems are boilerplate.
pub const MAX_DF_SHARE: f64 = 0.2;
/// Cosine similarity from which an earlier postmortem is flagged as the same
/// root cause recurring. Calibrated on the fixture below and the sample
/// knowledge base: its planted recurrences score well above it, pairs that
/// only share a service and the template below.
pub const RECURRENCE_THRESHOLD: f64 = 0.14;
/// Similarity below which a postmortem is not listed as related: below it,
/// two postmortems share little more than the template's words.
pub const MIN_SIMILARITY: f64 = 0.1;
/// Weight of a concept term relative to a word of the same TF-IDF: a
/// concept is the same cause named in any language or wording, a word only
/// in one.
pub const CONCEPT_WEIGHT: f64 = 2.0;
/// How many shared terms explain a related link.
pub const REASONS: usize = 3;

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
    /// The [`TOP_K`] most similar documents at or above [`MIN_SIMILARITY`],
    /// best first, except that the best one in another language takes the
    /// third place when none of the first three is in another language.
    pub related: Vec<Vec<Link>>,
    /// Why each of `related` is related: the names of the heaviest shared
    /// concepts and words, same shape as `related`.
    pub reasons: Vec<Vec<Vec<String>>>,
    pub recurrence_of: Vec<Option<Link>>,
    /// The [`KNN`] most similar documents, best first, then up to
    /// [`CROSS_KNN`] more in another language (the clustering graph).
    pub neighbours: Vec<Vec<Link>>,
    /// The weighted cause terms behind the similarities (cluster labels).
    pub vectors: TermVectors,
    /// Each document's language, from the script of its cause text.
    pub languages: Vec<Language>,
}

/// The language a cause text is written in, as far as its script tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Language {
    English,
    Korean,
    Japanese,
}

impl Language {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Korean => "ko",
            Language::Japanese => "ja",
        }
    }

    /// Korean when at least a third of the letters are Hangul, Japanese when
    /// as many are kana or Han, otherwise English (any Latin script).
    pub fn of(text: &str) -> Language {
        let (mut hangul, mut japanese, mut letters) = (0usize, 0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            match c as u32 {
                0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => hangul += 1,
                0x3040..=0x30FF | 0x4E00..=0x9FFF => japanese += 1,
                _ => {}
            }
        }
        if hangul * 3 >= letters && hangul > 0 {
            Language::Korean
        } else if japanese * 3 >= letters && japanese > 0 {
            Language::Japanese
        } else {
            Language::English
        }
    }
}

/// Sparse TF-IDF unit vectors of the cause texts.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TermVectors {
    /// Term of each id, sorted; a concept's term is [`CONCEPT_PREFIX`] and
    /// its id.
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

/// Korean and Japanese words that say nothing about a cause (after
/// [`words`] strips particles and splits scripts).
const CJK_STOP_WORDS: &[&str] = &[
    "때문",
    "이후",
    "이번",
    "통해",
    "대한",
    "위해",
    "모든",
    "해당",
    "경우",
    "이전",
    "동안",
    "다시",
    "하지만",
    "그리고",
    "그러나",
    "또한",
    "있었",
    "없었",
    "있는",
    "없는",
    "같은",
    "발생",
    "문제",
    "상황",
    "확인",
    "정도",
    "결과",
    "우리",
    "당시",
    "部分",
    "発生",
    "場合",
    "確認",
    "状態",
    "問題",
    "今回",
    "以降",
    "以前",
    "結果",
    "一部",
    "全",
    "可能",
    "必要",
    "当時",
    "我々",
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

/// Terms of a postmortem's cause text: concepts, and words that are not
/// stop words, numbers or words of a service name (a service is where it
/// broke, not why).
fn cause_terms(pm: &Postmortem, lex: &Lexicon, services: &HashSet<String>) -> Vec<String> {
    concepts::terms(lex, &cause_text(pm), |w| {
        !STOP_WORDS.contains(&w)
            && !CJK_STOP_WORDS.contains(&w)
            && !services.contains(w)
            && !w.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Words of every service name in the corpus.
fn service_words(pms: &[Postmortem]) -> HashSet<String> {
    pms.iter()
        .flat_map(|pm| &pm.meta.services)
        .flat_map(|s| words(s))
        .map(|w| w.text)
        .collect()
}

/// Sparse unit vectors, one per document, over term ids.
fn vectors(terms: Vec<Vec<String>>) -> TermVectors {
    // Each document's distinct terms, sorted, with counts.
    let n_docs = terms.len();
    let tfs: Vec<Vec<(String, u32)>> = terms
        .into_par_iter()
        .map(|mut all| {
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
    let n = n_docs as f64;
    // In a tiny corpus a share is too few documents; never cut below 5.
    let max_df = ((n * MAX_DF_SHARE).ceil() as u32).max(5.min(n_docs.saturating_sub(1) as u32));
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
                let boost = if term.starts_with(CONCEPT_PREFIX) {
                    CONCEPT_WEIGHT
                } else {
                    1.0
                };
                let w = boost * (1.0 + f64::from(*c).ln()) * (n / f64::from(d)).ln().max(0.0);
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

/// The best `k` links among `candidates` (raw score, document) whose
/// document `keep` accepts, by rounded score, ties by document number.
fn best_where(candidates: &[(f32, u32)], k: usize, keep: impl Fn(u32) -> bool) -> Vec<Link> {
    let mut best: Vec<Link> = Vec::with_capacity(k + 1);
    for &(score, doc) in candidates.iter().filter(|c| keep(c.1)) {
        let l = Link {
            doc: doc as usize,
            score: rounded(score),
        };
        let worse = |a: &Link, b: &Link| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        if l.score > 0.0 && (best.len() < k || worse(&l, &best[best.len() - 1]).is_lt()) {
            let at = best.partition_point(|b| worse(b, &l).is_lt());
            best.insert(at, l);
            best.truncate(k);
        }
    }
    best
}

/// Fingerprint of what [`compute`] reads of one document: its cause text,
/// date, status (drafts have no related incidents) and services. Keep the
/// two in step: the build cache reuses a result whose inputs' fingerprint
/// ([`inputs_fingerprint`]) matches.
pub fn input_fingerprint(pm: &Postmortem) -> crate::fingerprint::Fingerprint {
    crate::fingerprint::Hasher::new()
        .str(&cause_text(pm))
        .value(&(&pm.date, pm.is_draft(), &pm.meta.services))
        .finish()
}

/// Fingerprint of everything [`compute`] reads, from each document's
/// [`input_fingerprint`], in order.
pub fn inputs_fingerprint(
    parts: &[crate::fingerprint::Fingerprint],
) -> crate::fingerprint::Fingerprint {
    let mut h = crate::fingerprint::Hasher::new();
    h.str("related").value(&(KNN, TOP_K, CROSS_KNN, REASONS));
    h.value(&(
        MIN_SIMILARITY,
        CONCEPT_WEIGHT,
        super::lexicon::LEXICON_VERSION,
    ));
    for (name, text) in super::lexicon::FILES {
        h.str(name).str(text);
    }
    for p in parts {
        h.u128(*p);
    }
    h.finish()
}

/// Computes related postmortems for `pms` (document numbers are positions)
/// with the built-in lexicon.
pub fn compute(pms: &[Postmortem]) -> Related {
    compute_with(pms, Lexicon::builtin())
}

/// Computes related postmortems for `pms` comparing the concepts of `lex`.
pub fn compute_with(pms: &[Postmortem], lex: &Lexicon) -> Related {
    let services = service_words(pms);
    let languages: Vec<Language> = pms
        .par_iter()
        .map(|pm| Language::of(&cause_text(pm)))
        .collect();
    let terms: Vec<Vec<String>> = pms
        .par_iter()
        .map(|pm| cause_terms(pm, lex, &services))
        .collect();
    let vectors = vectors(terms);
    let neighbours = nearest(&vectors, &languages);
    let related: Vec<Vec<Link>> = neighbours
        .iter()
        .enumerate()
        .map(|(doc, ls)| {
            // A draft is not finished saying why: it lists nothing and is
            // listed nowhere, though it still counts in its cluster.
            if pms[doc].is_draft() {
                return Vec::new();
            }
            let ls: Vec<Link> = ls
                .iter()
                .filter(|l| !pms[l.doc].is_draft())
                .copied()
                .collect();
            listed(&ls, |d| languages[d] != languages[doc])
        })
        .collect();
    let reasons = related
        .iter()
        .enumerate()
        .map(|(doc, ls)| {
            ls.iter()
                .map(|l| shared_names(&vectors, doc, l.doc, lex))
                .collect()
        })
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
        reasons,
        recurrence_of,
        neighbours,
        vectors,
        languages,
    }
}

/// The related list from a document's neighbours: the [`TOP_K`] best at or
/// above [`MIN_SIMILARITY`], with the best one in another language moved up
/// to third place when the first three are all in the document's language.
fn listed(neighbours: &[Link], other_language: impl Fn(usize) -> bool) -> Vec<Link> {
    let mut ranked: Vec<Link> = neighbours
        .iter()
        .filter(|l| l.score >= MIN_SIMILARITY)
        .copied()
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    let top = 3.min(ranked.len());
    if !ranked[..top].iter().any(|l| other_language(l.doc)) {
        if let Some(i) = ranked.iter().position(|l| other_language(l.doc)) {
            let l = ranked.remove(i);
            ranked.insert(top.min(2), l);
        }
    }
    ranked.truncate(TOP_K);
    ranked
}

/// Each document's [`KNN`] nearest documents plus its [`CROSS_KNN`] nearest
/// in another language, through an inverted index of the vectors. Two
/// documents in the same language score the cosine of their whole vectors;
/// in different languages, the cosine of their concept terms alone, since
/// words of two languages say nothing about each other.
fn nearest(v: &TermVectors, languages: &[Language]) -> Vec<Vec<Link>> {
    let vecs = &v.docs;
    let concept: Vec<bool> = v
        .vocab
        .iter()
        .map(|t| t.starts_with(CONCEPT_PREFIX))
        .collect();
    let concept_norm: Vec<f32> = vecs
        .iter()
        .map(|d| {
            d.iter()
                .filter(|(t, _)| concept[*t as usize])
                .map(|(_, w)| w * w)
                .sum::<f32>()
                .sqrt()
        })
        .collect();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); v.vocab.len()];
    for (doc, d) in vecs.iter().enumerate() {
        for &(term, w) in d {
            postings[term as usize].push((doc as u32, w));
        }
    }
    let n = vecs.len();
    vecs.par_iter()
        .enumerate()
        .map_init(
            || (vec![0f32; n], vec![0f32; n], Vec::<(f32, u32)>::new()),
            |(acc, acc_concepts, candidates), (doc, d)| {
                let mut query: Vec<(u32, f32)> = d.clone();
                query.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                query.truncate(QUERY_TERMS);
                // No branch in the hot loops: add everything, then scan.
                for &(term, w) in &query {
                    let into = if concept[term as usize] {
                        &mut *acc_concepts
                    } else {
                        &mut *acc
                    };
                    for &(other, w2) in &postings[term as usize] {
                        into[other as usize] += w * w2;
                    }
                }
                acc[doc] = 0.0;
                acc_concepts[doc] = 0.0;
                candidates.clear();
                let lang = languages[doc];
                for (other, (a, c)) in acc.iter_mut().zip(acc_concepts.iter_mut()).enumerate() {
                    let (words, concepts) = (std::mem::take(a), std::mem::take(c));
                    let score = if languages[other] == lang {
                        words + concepts
                    } else if concepts > 0.0 {
                        concepts / (concept_norm[doc] * concept_norm[other])
                    } else {
                        0.0
                    };
                    if score > 0.0 {
                        candidates.push((score, other as u32));
                    }
                }
                let cross = best_where(candidates, CROSS_KNN, |d| languages[d as usize] != lang);
                let mut links = top_links(candidates);
                for l in cross {
                    if !links.iter().any(|m| m.doc == l.doc) {
                        links.push(l);
                    }
                }
                links
            },
        )
        .collect()
}

/// The names of the heaviest terms documents `a` and `b` share: concepts
/// first (a compound's parts are left out when it is shared), then words.
fn shared_names(v: &TermVectors, a: usize, b: usize, lex: &Lexicon) -> Vec<String> {
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
