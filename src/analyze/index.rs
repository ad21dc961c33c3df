//! The tantivy index of the corpus and the one scoring function that both the
//! command line and the static browser index use: a term's score for a
//! document is its BM25 score (tantivy's `Bm25Weight`, tantivy's statistics)
//! summed over the fields with their boosts, scaled and rounded to an integer
//! so that sums are exact in Rust and JavaScript alike.

use super::analyzer::{HindsightTokenizer, TOKENIZER_NAME};
use super::query::{has_phrase, Phrase, Query};
use crate::model::{Canonical, Postmortem};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tantivy::postings::Postings;
use tantivy::query::Bm25Weight;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocSet, Index, IndexReader, Searcher, TantivyDocument, Term, TERMINATED};

/// Scores are multiplied by this before rounding.
pub const SCORE_SCALE: f32 = 1000.0;

/// Searchable fields and their boosts.
pub const FIELDS: [(&str, f32); 4] = [
    ("title", 3.0),
    ("summary", 2.0),
    ("causes", 1.5),
    ("body", 1.0),
];

/// Errors building or reading the index.
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct IndexError(#[from] tantivy::TantivyError);

impl From<std::io::Error> for IndexError {
    fn from(e: std::io::Error) -> Self {
        IndexError(e.into())
    }
}

/// A term's postings: (document number, scaled score), by document number.
pub type TermPostings = Vec<(u32, u32)>;

/// The corpus indexed in memory.
pub struct SearchIndex {
    searcher: Searcher,
    _reader: IndexReader,
    fields: [Field; 4],
    ord: String,
    docs: u32,
}

/// The text of a postmortem, by field.
pub fn field_texts(pm: &Postmortem) -> [String; 4] {
    let section = |k: Canonical| -> String {
        pm.sections
            .iter()
            .filter(|s| s.canonical == Some(k))
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let summary = pm
        .summary
        .clone()
        .unwrap_or_else(|| section(Canonical::Summary));
    let causes = [
        Canonical::RootCauses,
        Canonical::Trigger,
        Canonical::ContributingFactors,
    ]
    .into_iter()
    .map(section)
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("\n");
    [pm.title.clone(), summary, causes, indexed_body(&pm.body)]
}

/// The body as indexed: a ticked task-list box (`- [x]`) reads as an open
/// one (`- [ ]`). The box is syntax, not a word anyone searches for, and
/// without it ticking an action item changes no term count, so a rebuild can
/// keep the search index as it was.
fn indexed_body(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let item = line.trim_start();
        let marker = item.strip_prefix(['-', '*', '+']).or_else(|| {
            let digits = item.len() - item.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0)
                .then(|| item[digits..].strip_prefix(['.', ')']))
                .flatten()
        });
        let at = marker
            .filter(|rest| rest.starts_with([' ', '\t']))
            .map(|rest| line.len() - rest.trim_start().len())
            .filter(|&at| matches!(line.get(at..at + 3), Some("[x]" | "[X]")));
        match at {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push_str("[ ]");
                out.push_str(&line[at + 3..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

impl SearchIndex {
    /// Indexes `pms`; document numbers are their positions in the slice.
    pub fn build(pms: &[Postmortem]) -> Result<SearchIndex, IndexError> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = FIELDS.map(|(name, _)| schema.add_text_field(name, text.clone()));
        let ord_name = "ord".to_string();
        let ord = schema.add_u64_field(&ord_name, NumericOptions::default().set_fast());
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(
            TOKENIZER_NAME,
            TextAnalyzer::from(HindsightTokenizer::default()),
        );
        // Two indexing threads match this project's 2-core target machine;
        // documents carry their number in `ord`, so segment layout is irrelevant.
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let mut writer =
            index.writer_with_num_threads::<TantivyDocument>(threads, 60_000_000 * threads)?;
        for (i, pm) in pms.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            for (field, value) in fields.iter().zip(field_texts(pm)) {
                doc.add_text(*field, value);
            }
            doc.add_u64(ord, i as u64);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader()?;
        reader.reload()?;
        Ok(SearchIndex {
            searcher: reader.searcher(),
            _reader: reader,
            fields,
            ord: ord_name,
            docs: pms.len() as u32,
        })
    }

    /// Number of indexed documents.
    pub fn len(&self) -> u32 {
        self.docs
    }

    /// True when nothing was indexed.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// BM25 weights per field for a term with the given per-field document frequencies.
    fn weights(&self, doc_freqs: &[u64; 4]) -> Result<[Option<Bm25Weight>; 4], IndexError> {
        let total_docs = u64::from(self.docs.max(1));
        let mut out: [Option<Bm25Weight>; 4] = Default::default();
        for (i, field) in self.fields.iter().enumerate() {
            if doc_freqs[i] == 0 {
                continue;
            }
            let mut tokens = 0u64;
            for seg in self.searcher.segment_readers() {
                tokens += seg.inverted_index(*field)?.total_num_tokens();
            }
            let avg = tokens as f32 / total_docs as f32;
            out[i] = Some(
                Bm25Weight::for_one_term_without_explain(doc_freqs[i], total_docs, avg)
                    .boost_by(FIELDS[i].1),
            );
        }
        Ok(out)
    }

    /// Scores of one term in every document that has it, summed over fields.
    fn score_term(
        &self,
        infos: &[(usize, usize, tantivy::postings::TermInfo)],
    ) -> Result<TermPostings, IndexError> {
        let mut df = [0u64; 4];
        for (seg, field, info) in infos {
            let _ = seg;
            df[*field] += u64::from(info.doc_freq);
        }
        let weights = self.weights(&df)?;
        let mut scores: BTreeMap<u32, f32> = BTreeMap::new();
        for (seg, field, info) in infos {
            let reader = &self.searcher.segment_readers()[*seg];
            let Some(weight) = &weights[*field] else {
                continue;
            };
            let inverted = reader.inverted_index(self.fields[*field])?;
            let norms = reader.get_fieldnorms_reader(self.fields[*field])?;
            let ords = reader.fast_fields().u64(&self.ord)?;
            let mut postings =
                inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                let score = weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                if let Some(ord) = ords.first(doc) {
                    *scores.entry(ord as u32).or_default() += score;
                }
                doc = postings.advance();
            }
        }
        Ok(scores
            .into_iter()
            .map(|(d, s)| (d, (s * SCORE_SCALE).round().max(1.0) as u32))
            .collect())
    }

    /// Postings of one analyzed term (empty when the corpus lacks it).
    pub fn postings(&self, term: &str) -> Result<TermPostings, IndexError> {
        let mut infos = Vec::new();
        for (s, seg) in self.searcher.segment_readers().iter().enumerate() {
            for (f, field) in self.fields.iter().enumerate() {
                let inverted = seg.inverted_index(*field)?;
                if let Some(info) = inverted.get_term_info(&Term::from_field_text(*field, term))? {
                    infos.push((s, f, info));
                }
            }
        }
        self.score_term(&infos)
    }

    /// Every term with its postings, sorted by term (code point order).
    pub fn all_postings(&self) -> Result<Vec<(String, TermPostings)>, IndexError> {
        let mut by_term: HashMap<Vec<u8>, Vec<(usize, usize, tantivy::postings::TermInfo)>> =
            HashMap::new();
        for (s, seg) in self.searcher.segment_readers().iter().enumerate() {
            for (f, field) in self.fields.iter().enumerate() {
                let inverted = seg.inverted_index(*field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    by_term.entry(stream.key().to_vec()).or_default().push((
                        s,
                        f,
                        stream.value().clone(),
                    ));
                }
            }
        }
        let mut terms: Vec<(Vec<u8>, Vec<_>)> = by_term.into_iter().collect();
        // UTF-8 byte order is code point order.
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        use rayon::prelude::*;
        terms
            .into_par_iter()
            .map(|(key, infos)| {
                Ok((
                    String::from_utf8_lossy(&key).into_owned(),
                    self.score_term(&infos)?,
                ))
            })
            .collect()
    }
}

/// How a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Documents with every term.
    And,
    /// No document has every term: documents with any.
    Or,
    /// No term to search for, but filters or exclusions: every document they keep.
    Browse,
}

/// Ranked documents for a query.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The query's analyzed terms.
    pub terms: Vec<String>,
    /// How the terms were combined (all, any, or none to match).
    pub mode: Mode,
    /// (document number, score), best first.
    pub hits: Vec<(u32, u64)>,
    /// More documents had every word of a phrase than [`PHRASE_CHECKS`]:
    /// those after it were not checked for the phrase.
    pub phrase_limited: bool,
}

/// How many of the best documents with every word of a phrase are checked
/// for the phrase itself (the browser fetches each one's text to check).
pub const PHRASE_CHECKS: usize = 50;

/// What [`rank`] reads of the corpus.
pub struct Lookup<'a> {
    /// Number of documents.
    pub docs: u32,
    /// Postings of one analyzed term.
    pub postings: &'a dyn Fn(&str) -> Result<TermPostings, IndexError>,
    /// The filters: `None` when none is set.
    pub keep: Option<&'a dyn Fn(u32) -> bool>,
    /// Whether a document has every phrase (in one of its fields).
    pub has_phrases: &'a dyn Fn(u32, &[Phrase]) -> bool,
}

/// The query semantics of docs/src/search-index.md: analyze, AND, else OR
/// (not with a phrase), leave out excluded words, filter, rank by score then
/// document number, check phrases. With no term but filters or exclusions,
/// every document they keep, by document number.
pub fn rank(query: &Query, on: &Lookup<'_>) -> Result<Ranked, IndexError> {
    let terms = &query.terms;
    let lists: Vec<TermPostings> = terms
        .iter()
        .map(|t| (on.postings)(t))
        .collect::<Result<_, _>>()?;
    let mut sums: BTreeMap<u32, (u64, usize)> = BTreeMap::new();
    for list in &lists {
        for &(doc, score) in list {
            let e = sums.entry(doc).or_default();
            e.0 += u64::from(score);
            e.1 += 1;
        }
    }
    let and: Vec<(u32, u64)> = sums
        .iter()
        .filter(|(_, (_, n))| *n == terms.len())
        .map(|(d, (s, _))| (*d, *s))
        .collect();
    let (mode, mut hits) = if terms.is_empty() {
        if on.keep.is_none() && query.excluded.is_empty() {
            return Ok(Ranked {
                terms: Vec::new(),
                mode: Mode::And,
                hits: Vec::new(),
                phrase_limited: false,
            });
        }
        (Mode::Browse, (0..on.docs).map(|d| (d, 0)).collect())
    } else if !and.is_empty() || terms.len() <= 1 || !query.phrases.is_empty() {
        (Mode::And, and)
    } else {
        (Mode::Or, sums.iter().map(|(d, (s, _))| (*d, *s)).collect())
    };
    let out = excluded_docs(&query.excluded, on.postings)?;
    hits.retain(|(d, _)| !out.contains(d) && on.keep.is_none_or(|keep| keep(*d)));
    hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut phrase_limited = false;
    if !query.phrases.is_empty() {
        phrase_limited = hits.len() > PHRASE_CHECKS;
        hits.truncate(PHRASE_CHECKS);
        hits.retain(|(d, _)| (on.has_phrases)(*d, &query.phrases));
    }
    Ok(Ranked {
        terms: terms.clone(),
        mode,
        hits,
        phrase_limited,
    })
}

/// Documents that have every term of some excluded word.
fn excluded_docs(
    excluded: &[Vec<String>],
    postings: &dyn Fn(&str) -> Result<TermPostings, IndexError>,
) -> Result<BTreeSet<u32>, IndexError> {
    let mut out = BTreeSet::new();
    for word in excluded {
        let mut have: Option<BTreeSet<u32>> = None;
        for t in word {
            let docs: BTreeSet<u32> = postings(t)?.into_iter().map(|(d, _)| d).collect();
            have = Some(match have {
                None => docs,
                Some(h) => h.intersection(&docs).copied().collect(),
            });
        }
        out.extend(have.unwrap_or_default());
    }
    Ok(out)
}

/// The texts a phrase is looked for in and snippets come from: title,
/// summary (empty when none), and the body as indexed. The site's search
/// index stores the last two per document (`search/text-*.json.gz`).
pub fn passage_fields(pm: &Postmortem) -> [String; 3] {
    [
        pm.title.clone(),
        pm.summary.clone().unwrap_or_default(),
        indexed_body(&pm.body),
    ]
}

/// Whether one of `fields` has each phrase.
pub fn fields_have_phrases(fields: &[String], phrases: &[Phrase]) -> bool {
    phrases
        .iter()
        .all(|p| fields.iter().any(|f| has_phrase(f, p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyzer;
    use crate::parse::{parse_file, ParseOptions};

    #[test]
    fn ticked_boxes_index_like_open_ones() {
        let body = "- [x] add alert\n  * [X] nested\n3. [x] numbered\n1) [ ] open\n[x] not an item\n-[x] no space\n- see [x]\n";
        assert_eq!(
            indexed_body(body),
            "- [ ] add alert\n  * [ ] nested\n3. [ ] numbered\n1) [ ] open\n[x] not an item\n-[x] no space\n- see [x]\n"
        );
        let tokens = |b: &str| analyzer::tokens(&indexed_body(b)).len();
        assert_eq!(tokens("- [x] rotate keys"), tokens("- [ ] rotate keys"));
    }

    fn corpus() -> Vec<Postmortem> {
        let docs = [
            "# Expired certificate\n\n## Summary\nThe mTLS certificate expired.\n\n## Root Causes\ncert-manager renewal failed silently.\n",
            "# Connection pool exhaustion\n\n## Summary\npostgres connection pool timeouts.\n",
            "# 인증서 만료\n\n## 요약\n결제 서버의 인증서가 만료되었다.\n",
            "# Disk full\n\n## Summary\nKafka brokers ran out of disk; certificate unrelated.\n",
        ];
        docs.iter()
            .enumerate()
            .map(|(i, d)| {
                parse_file(&format!("p/{i}.md"), d.as_bytes(), &ParseOptions::default()).unwrap()
            })
            .collect()
    }

    /// Ranks `q` over `idx`, phrases checked in the passage fields of `pms`.
    fn ranked(
        idx: &SearchIndex,
        pms: &[Postmortem],
        q: &str,
        keep: Option<&dyn Fn(u32) -> bool>,
    ) -> Ranked {
        let postings = |t: &str| idx.postings(t);
        let phrases =
            |d: u32, p: &[Phrase]| fields_have_phrases(&passage_fields(&pms[d as usize]), p);
        let on = Lookup {
            docs: idx.len(),
            postings: &postings,
            keep,
            has_phrases: &phrases,
        };
        rank(&Query::parse(q), &on).unwrap()
    }

    fn docs(r: &Ranked) -> Vec<u32> {
        r.hits.iter().map(|h| h.0).collect()
    }

    #[test]
    fn titles_outrank_bodies_and_all_postings_agree_with_lookup() {
        let pms = corpus();
        let idx = SearchIndex::build(&pms).unwrap();
        assert_eq!(docs(&ranked(&idx, &pms, "certificate", None)), vec![0, 3]);
        let all = idx.all_postings().unwrap();
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        for (term, list) in &all {
            assert_eq!(&idx.postings(term).unwrap(), list, "{term}");
        }
    }

    #[test]
    fn korean_particles_and_or_fallback() {
        let pms = corpus();
        let idx = SearchIndex::build(&pms).unwrap();
        assert_eq!(ranked(&idx, &pms, "인증서가", None).hits[0].0, 2);
        let r = ranked(&idx, &pms, "certificate kafka", None);
        assert_eq!((r.mode, r.hits[0].0), (Mode::And, 3));
        assert_eq!(ranked(&idx, &pms, "certificate zebra", None).mode, Mode::Or);
        assert!(ranked(&idx, &pms, "!!!", None).hits.is_empty());
    }

    #[test]
    fn phrases_exclusions_and_browsing() {
        let pms = corpus();
        let idx = SearchIndex::build(&pms).unwrap();
        // Both documents have the words; only the first has them in this order.
        assert_eq!(
            docs(&ranked(&idx, &pms, "certificate expired", None)),
            vec![0]
        );
        assert_eq!(
            docs(&ranked(&idx, &pms, "\"connection pool\"", None)),
            vec![1]
        );
        assert!(ranked(&idx, &pms, "\"pool connection\"", None)
            .hits
            .is_empty());
        // A phrase never falls back to any word.
        let r = ranked(&idx, &pms, "\"expired certificate\" zebra", None);
        assert_eq!((r.mode, r.hits.len()), (Mode::And, 0));
        assert_eq!(
            docs(&ranked(&idx, &pms, "certificate -kafka", None)),
            vec![0]
        );
        // No word: filters or exclusions browse, by document number.
        let sev = |d: u32| d != 1;
        let r = ranked(&idx, &pms, "", Some(&sev));
        assert_eq!((r.mode, docs(&r)), (Mode::Browse, vec![0, 2, 3]));
        assert_eq!(docs(&ranked(&idx, &pms, "-certificate", None)), vec![1, 2]);
        assert!(ranked(&idx, &pms, "", None).hits.is_empty());
    }
}
