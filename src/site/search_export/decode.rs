//! Reads the index's files back, as the browser does, for tests: every
//! score computed from the shards, norms and manifest must be tantivy's.

use super::{gunzip, MANIFEST};
use crate::analyze::index::TermPostings;
use crate::analyze::scorer::{Scorer, NF};
use crate::site::OutputFile;
use std::collections::BTreeMap;

/// One decoded shard line: term, weights, (document, counts) postings.
pub(super) type Line = (String, [Option<f32>; NF], Vec<(u32, [u32; NF])>);

/// Decodes one shard line.
pub(super) fn decode_line(line: &str) -> Option<Line> {
    let (term, weights, postings) = super::line::parse(line)?;
    Some((term.to_string(), weights, postings))
}

/// Every line of the term shards in `files`, decoded.
pub(super) fn decode_lines(files: &[OutputFile]) -> Vec<Line> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/terms-")) {
        out.extend(
            String::from_utf8_lossy(&gunzip(&f.content.whole()).unwrap_or_default())
                .lines()
                .filter_map(decode_line),
        );
    }
    out
}

/// Term → postings decoded back from the index's files and scored as the
/// browser scores them (docs/src/search-index.md).
pub(super) fn decode_all(files: &[OutputFile]) -> BTreeMap<String, TermPostings> {
    let file = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.content.whole())
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&file(MANIFEST).unwrap_or_default()).unwrap_or_default();
    let tokens: [u64; NF] = serde_json::from_value(manifest["tokens"].clone()).unwrap_or_default();
    let docs = manifest["docs"].as_u64().unwrap_or(0) as u32;
    let norms_file = format!(
        "search/norms-{}.bin.gz",
        manifest["norms"].as_str().unwrap_or("")
    );
    let norms = gunzip(&file(&norms_file).unwrap_or_default()).unwrap_or_default();
    let scorer = Scorer::new(&tokens, docs);
    let mut out: BTreeMap<String, TermPostings> = BTreeMap::new();
    for (term, weights, postings) in decode_lines(files) {
        let scored = postings.iter().map(|(d, c)| {
            let at = *d as usize * NF;
            let n: [u8; NF] = std::array::from_fn(|f| norms.get(at + f).copied().unwrap_or(0));
            (*d, scorer.score(&weights, c, &n))
        });
        out.entry(term).or_default().extend(scored);
    }
    out
}

mod tests {
    use super::super::files;
    use super::super::line::term_lines;
    use super::super::shards::SHARD_MAX;
    use super::*;
    use crate::analyze::bm25::{self, IndexCounts, TermCounts};
    use crate::analyze::index::{SearchIndex, SCORE_SCALE};
    use crate::cache::gzip::GzipMemo;
    use crate::model::Postmortem;

    fn index_of_pms(pms: &[Postmortem]) -> IndexCounts {
        let refs: Vec<&Postmortem> = pms.iter().collect();
        let mut vocab = bm25::Vocab::default();
        let docs = bm25::count(&refs, &mut vocab);
        bm25::index_counts(&docs.iter().collect::<Vec<_>>(), &vocab)
    }

    /// The files of the sample knowledge base, scored as the browser scores
    /// them, give tantivy's scores.
    #[test]
    fn the_files_score_as_tantivy_does() {
        let pms = bm25::sample_postmortems();
        let (out, _) = files(&pms, &index_of_pms(&pms), &GzipMemo::default());
        let theirs: BTreeMap<String, TermPostings> = SearchIndex::build(&pms)
            .unwrap()
            .all_postings()
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(decode_all(&out), theirs);
    }

    #[test]
    fn a_postmortem_with_100000_distinct_words_stays_within_bounds() {
        let mut body = String::from("# Word soup\n\n## Summary\n");
        for i in 0..100_000u32 {
            body.push_str(&format!("w{i:x}q "));
        }
        let pm =
            crate::parse::parse_file("p/soup.md", body.as_bytes(), &Default::default()).unwrap();
        let pms = vec![pm];
        let index = index_of_pms(&pms);
        assert!(index.terms.len() > 100_000);
        let (out, _) = files(&pms, &index, &GzipMemo::default());
        let shards: Vec<_> = out
            .iter()
            .filter(|f| f.path.starts_with("search/terms-"))
            .collect();
        assert!(shards.len() > 1);
        assert!(shards.iter().all(|f| f.content.len() <= SHARD_MAX));
        let theirs = SearchIndex::build(&pms).unwrap().all_postings().unwrap();
        assert_eq!(decode_all(&out), theirs.into_iter().collect());
    }

    /// The same score in binary64 arithmetic.
    fn f64_score(
        weights: &[Option<f32>; NF],
        counts: &[u32; NF],
        norms: &[u8; NF],
        tokens: &[u64; NF],
        docs: u64,
    ) -> u32 {
        let mut score = 0f64;
        for f in 0..NF {
            if let (Some(w), c @ 1..) = (weights[f], counts[f]) {
                let avg = tokens[f] as f64 / docs as f64;
                let len = tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(norms[f]) as f64;
                let cache = 1.2 * (1.0 - 0.75 + 0.75 * len / avg);
                score += f64::from(w) * (f64::from(c) / (f64::from(c) + cache));
            }
        }
        (score * 1000.0).round().max(1.0) as u32
    }

    /// tests/fixtures/bm25.json: tantivy's field-norm table and scores that
    /// the JavaScript tests check their scoring against. The scores come
    /// from tantivy's `Bm25Weight`; the weights and counts are written as on
    /// a term line. `HINDSIGHT_BLESS=1` rewrites the file.
    #[allow(
        clippy::too_many_lines,
        reason = "the fixture and its cases are written in one place"
    )]
    #[test]
    fn the_scoring_fixture_is_tantivys() {
        use tantivy::fieldnorm::FieldNormReader;
        use tantivy::query::Bm25Weight;
        let mut cases = Vec::new();
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        // Cases where binary64 arithmetic gives another integer than
        // binary32: a reader that skips the rounding fails on these.
        let mut f64_differs = 0;
        for docs in [1u64, 2, 7, 569, 1000, 10_000, 123_457] {
            let tokens: [u64; NF] =
                std::array::from_fn(|f| docs * [6, 40, 70, 1200][f] + next(docs * 9 + 1));
            let (mut kept, mut tries) = (0, 0);
            while kept < 12 || (f64_differs < 8 && tries < 20_000) {
                tries += 1;
                let mut t = TermCounts {
                    term: "t".into(),
                    weights: [None; NF],
                    postings: vec![(0, [0; NF])],
                };
                let mut norms = [0u8; NF];
                let mut want = 0f32;
                // Body only half the time, else a random set of fields.
                let fields: Vec<usize> = if next(2) == 0 {
                    vec![NF - 1]
                } else {
                    let one = next(NF as u64) as usize;
                    (0..NF).filter(|&f| f == one || next(2) == 0).collect()
                };
                for f in 0..NF {
                    if !fields.contains(&f) {
                        continue;
                    }
                    let df = 1 + next(docs);
                    let tf = 1 + [next(3), next(40), next(2000)][next(3) as usize] as u32;
                    let id = next(256) as u8;
                    t.weights[f] = Some(crate::analyze::scorer::weight(df, docs, f));
                    t.postings[0].1[f] = tf;
                    norms[f] = id;
                    let avg = tokens[f] as f32 / docs as f32;
                    want += Bm25Weight::for_one_term_without_explain(df, docs, avg)
                        .boost_by(crate::analyze::index::FIELDS[f].1)
                        .score(id, tf);
                }
                let in_f64 = f64_score(&t.weights, &t.postings[0].1, &norms, &tokens, docs);
                let score = (want * SCORE_SCALE).round().max(1.0) as u32;
                // Twelve ordinary cases per corpus size, and cases that
                // tell the arithmetics apart (8 in all).
                if in_f64 != score && f64_differs < 8 {
                    f64_differs += 1;
                } else if kept < 12 {
                    kept += 1;
                } else {
                    continue;
                }
                let line = term_lines(&t).remove(0);
                let parts: Vec<&str> = line.trim_end().split('\t').collect();
                cases.push(serde_json::json!({
                    "docs": docs,
                    "tokens": tokens,
                    "weights": parts[3],
                    "counts": parts[2],
                    "norms": norms,
                    "score": score,
                }));
            }
        }
        assert_eq!(f64_differs, 8);
        let table: Vec<u32> = (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect();
        let json = serde_json::json!({ "field_norms": table, "cases": cases });
        let text = serde_json::to_string_pretty(&json).unwrap() + "\n";
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bm25.json");
        if std::env::var_os("HINDSIGHT_BLESS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == text,
            "{} is out of date: run with HINDSIGHT_BLESS=1",
            path.display()
        );
        // And the Rust scorer gives those scores from the file's strings.
        for c in json["cases"].as_array().unwrap() {
            let line = format!(
                "t\t0\t{}\t{}\n",
                c["counts"].as_str().unwrap(),
                c["weights"].as_str().unwrap()
            );
            let (_, weights, postings) = decode_line(&line).unwrap();
            let tokens: [u64; NF] = serde_json::from_value(c["tokens"].clone()).unwrap();
            let norms: [u8; NF] = serde_json::from_value(c["norms"].clone()).unwrap();
            let scorer = Scorer::new(&tokens, c["docs"].as_u64().unwrap() as u32);
            assert_eq!(
                u64::from(scorer.score(&weights, &postings[0].1, &norms)),
                c["score"].as_u64().unwrap()
            );
        }
    }
}
