//! The static search index in `OUT/search/` (format: docs/search-index.md):
//! a small manifest, term shards of bounded compressed size, document blocks
//! and facets, gzip-compressed and named by content hash.

use super::views::{excerpt, page_url};
use super::OutputFile;
use crate::analyze::analyzer::ANALYZER_VERSION;
use crate::analyze::index::{TermPostings, SCORE_SCALE};
use crate::cache::gzip::GzipMemo;
use crate::cache::{Fingerprint, Hasher};
use crate::model::Postmortem;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Version of the file layout; the browser refuses others.
pub const FORMAT: u32 = 1;
/// Target compressed size of a term shard. Smaller than the 48 KB bound:
/// most of a shard is neighbouring terms the query does not need, and at
/// 10,000 postmortems 24 KB roughly halves a cold three-word query's bytes
/// for a slightly longer manifest (bench/search_bench.sh).
pub const SHARD_TARGET: usize = 24 * 1024;
/// Hard limit of a term shard's compressed size.
pub const SHARD_MAX: usize = 64 * 1024;
/// Most postings on one line: a very common term is split over several
/// lines (and shards), so no shard outgrows [`SHARD_MAX`].
const MAX_POSTINGS_PER_LINE: usize = 4000;
/// Documents per document block.
/// Small blocks: the ten hits of a page usually fall in ten different
/// blocks, so block size is most of a cold query's download. Blocks are named
/// from one hash of them all, so their number does not grow the manifest.
pub const DOC_BLOCK: usize = 5;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // GzEncoder writes mtime 0: output depends on the input only. Level 6:
    // 0.3% larger than level 9 on term shards, and about 2.7 times faster,
    // which matters to a rebuild that recompresses the shards an edit changed.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// Content hash used in file names (12 hex digits of the git blob id).
fn hash_of(bytes: &[u8]) -> String {
    super::super::source::blob_id(bytes)[..12].to_string()
}

fn base36(mut n: u64, out: &mut String) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Lines for one term: `term\tdocs\tscores\n`, split when long.
fn term_lines(term: &str, postings: &TermPostings) -> Vec<String> {
    postings
        .chunks(MAX_POSTINGS_PER_LINE)
        .map(|chunk| {
            let mut line = String::with_capacity(term.len() + chunk.len() * 7);
            // Tabs and newlines cannot occur in analyzer tokens.
            line.push_str(term);
            line.push('\t');
            let mut prev = 0u32;
            for (i, (doc, _)) in chunk.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                base36(u64::from(if i == 0 { *doc } else { doc - prev }), &mut line);
                prev = *doc;
            }
            line.push('\t');
            for (i, (_, score)) in chunk.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                base36(u64::from(*score), &mut line);
            }
            line.push('\n');
            line
        })
        .collect()
}

/// A shard in the manifest: `[first term, hash]`, or `[first term, hash, 1]`
/// when its first line continues the previous shard's last term (so a reader
/// fetches the previous shard only then). The file is `terms-<hash>.txt.gz`.
struct Shard {
    first: String,
    hash: String,
    continues: bool,
}

impl Serialize for Shard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(if self.continues { 3 } else { 2 }))?;
        seq.serialize_element(&self.first)?;
        seq.serialize_element(&self.hash)?;
        if self.continues {
            seq.serialize_element(&1)?;
        }
        seq.end()
    }
}

/// Packs lines into shards whose compressed size stays under the limits.
/// Lines are formatted in parallel; packing is sequential because each
/// shard's size estimate learns from the compression of the ones before.
fn shards(terms: &[(String, TermPostings)], memo: &GzipMemo) -> (Vec<Shard>, Vec<OutputFile>) {
    let lines: Vec<Vec<String>> = terms
        .par_iter()
        .map(|(term, postings)| term_lines(term, postings))
        .collect();
    let mut packer = Packer {
        terms,
        memo,
        shards: Vec::new(),
        files: Vec::new(),
        ratio: 0.4,
        last_term: None,
    };
    // The current shard: its text and where each line starts (term, offset).
    let mut text = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (t, term_lines) in lines.iter().enumerate() {
        for line in term_lines {
            let est = ((text.len() + line.len()) as f64 * packer.ratio) as usize;
            if !starts.is_empty() && est > SHARD_TARGET * 9 / 10 {
                packer.flush(&text, &starts);
                text.clear();
                starts.clear();
            }
            starts.push((t, text.len()));
            text.push_str(line);
        }
    }
    packer.flush(&text, &starts);
    (packer.shards, packer.files)
}

/// Shards made so far, and what the next one needs to know.
struct Packer<'a> {
    terms: &'a [(String, TermPostings)],
    memo: &'a GzipMemo,
    shards: Vec<Shard>,
    files: Vec<OutputFile>,
    /// Compressed / raw size, learned as shards are made.
    ratio: f64,
    /// The term of the previous shard's last line.
    last_term: Option<usize>,
}

impl Packer<'_> {
    /// Compresses lines `starts` of `text` into one shard, or more when the
    /// estimate was off (rare): split in halves, keeping order.
    fn flush(&mut self, text: &str, starts: &[(usize, usize)]) {
        let mut pending = vec![(0, starts.len())];
        while let Some((a, b)) = pending.pop() {
            if a == b {
                continue;
            }
            let end = starts.get(b).map_or(text.len(), |s| s.1);
            let chunk = &text[starts[a].1..end];
            let gz = self.memo.get(chunk.as_bytes(), gzip);
            if gz.len() > SHARD_MAX && b - a > 1 {
                let mid = a + (b - a) / 2;
                pending.push((mid, b));
                pending.push((a, mid));
                continue;
            }
            self.ratio = (gz.len() as f64 / chunk.len().max(1) as f64).clamp(0.05, 1.0);
            let hash = hash_of(&gz);
            self.files
                .push(OutputFile::new(format!("search/terms-{hash}.txt.gz"), gz));
            let first = starts[a].0;
            let continues = self.last_term == Some(first);
            self.last_term = Some(starts[b - 1].0);
            self.shards.push(Shard {
                first: self.terms[first].0.clone(),
                hash,
                continues,
            });
        }
    }
}

#[derive(Serialize)]
struct DocEntry<'a> {
    t: &'a str,
    u: String,
    d: Option<&'a str>,
    s: Option<&'a str>,
    v: &'a [String],
    m: String,
}

#[derive(Serialize)]
struct Facets {
    severity: Vec<i64>,
    year: Vec<i64>,
    services: Vec<Vec<usize>>,
    tags: Vec<Vec<usize>>,
}

#[derive(Serialize)]
struct FacetLists {
    file: String,
    severities: Vec<String>,
    years: Vec<String>,
    services: Vec<String>,
    tags: Vec<String>,
}

/// Document blocks: block k is `docs-<hash>-<k>.json.gz` and holds
/// documents k*size…; `hash` covers all blocks.
#[derive(Serialize)]
struct DocBlocks {
    size: usize,
    count: usize,
    hash: String,
}

#[derive(Serialize)]
struct Manifest {
    format: u32,
    analyzer: u32,
    docs: usize,
    score_scale: f32,
    shards: Vec<Shard>,
    doc_blocks: DocBlocks,
    facets: FacetLists,
}

fn index_of(list: &[String], v: &str) -> usize {
    list.binary_search_by(|x| x.as_str().cmp(v)).unwrap_or(0)
}

fn sorted_unique<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let set: std::collections::BTreeSet<&String> = values.collect();
    set.into_iter().cloned().collect()
}

/// Fingerprint of everything [`files`] is made from: what it reads of
/// `pms` (the document entries and facets) and `terms`, each document's
/// [`crate::analyze::bm25::terms_fingerprint`] (the postings are scored from
/// those counts). Equal fingerprints give equal files.
pub fn fingerprint(pms: &[Postmortem], terms: &[Fingerprint]) -> Fingerprint {
    let per_doc: Vec<Fingerprint> = pms
        .par_iter()
        .map(|pm| {
            Hasher::new()
                .str(&pm.title)
                .str(&pm.id)
                .value(&pm.date)
                .value(&pm.severity)
                .value(&pm.summary)
                .value(&pm.meta.services)
                .value(&pm.meta.tags)
                .finish()
        })
        .collect();
    let mut h = Hasher::new();
    h.u128(pms.len() as u128).u128(terms.len() as u128);
    for fp in per_doc.iter().chain(terms) {
        h.u128(*fp);
    }
    h.finish()
}

/// All files of the static search index. `pms` in site order (document numbers).
pub fn files(
    pms: &[Postmortem],
    terms: &[(String, TermPostings)],
    memo: &GzipMemo,
) -> Vec<OutputFile> {
    let (shards, mut out) = shards(terms, memo);

    let blocks: Vec<Vec<u8>> = pms
        .par_chunks(DOC_BLOCK)
        .map(|chunk| {
            let entries: Vec<DocEntry<'_>> = chunk
                .iter()
                .map(|pm| DocEntry {
                    t: &pm.title,
                    u: page_url(&pm.id),
                    d: pm.date.as_deref(),
                    s: pm.severity.as_deref(),
                    v: &pm.meta.services,
                    m: excerpt(pm.summary.as_deref().unwrap_or_default(), 240),
                })
                .collect();
            memo.get(
                &serde_json::to_vec(&entries).expect("plain data serializes"),
                gzip,
            )
        })
        .collect();

    let blocks_hash = hash_of(&blocks.concat());
    let block_count = blocks.len();
    for (k, gz) in blocks.into_iter().enumerate() {
        out.push(OutputFile::new(
            format!("search/docs-{blocks_hash}-{k}.json.gz"),
            gz,
        ));
    }

    let severities = sorted_unique(pms.iter().filter_map(|p| p.severity.as_ref()));
    let years_owned: Vec<String> = pms
        .iter()
        .filter_map(|p| p.date.as_ref().map(|d| d[..4].to_string()))
        .collect();
    let years = sorted_unique(years_owned.iter());
    let services = sorted_unique(pms.iter().flat_map(|p| &p.meta.services));
    let tags = sorted_unique(pms.iter().flat_map(|p| &p.meta.tags));
    let facets = Facets {
        severity: pms
            .iter()
            .map(|p| {
                p.severity
                    .as_deref()
                    .map_or(-1, |s| index_of(&severities, s) as i64)
            })
            .collect(),
        year: pms
            .iter()
            .map(|p| {
                p.date
                    .as_deref()
                    .map_or(-1, |d| index_of(&years, &d[..4]) as i64)
            })
            .collect(),
        services: pms
            .iter()
            .map(|p| {
                p.meta
                    .services
                    .iter()
                    .map(|s| index_of(&services, s))
                    .collect()
            })
            .collect(),
        tags: pms
            .iter()
            .map(|p| p.meta.tags.iter().map(|s| index_of(&tags, s)).collect())
            .collect(),
    };
    let gz = gzip(&serde_json::to_vec(&facets).expect("plain data serializes"));
    let facets_file = format!("facets-{}.json.gz", hash_of(&gz));
    out.push(OutputFile::new(format!("search/{facets_file}"), gz));

    let manifest = Manifest {
        format: FORMAT,
        analyzer: ANALYZER_VERSION,
        docs: pms.len(),
        score_scale: SCORE_SCALE,
        shards,
        doc_blocks: DocBlocks {
            size: DOC_BLOCK,
            count: block_count,
            hash: blocks_hash,
        },
        facets: FacetLists {
            file: facets_file,
            severities,
            years,
            services,
            tags,
        },
    };
    let mut json = serde_json::to_vec(&manifest).expect("plain data serializes");
    json.push(b'\n');
    out.push(OutputFile::new("search/manifest.json", json));
    out
}

/// Decodes one shard line (used by tests and the size benchmark).
pub fn decode_line(line: &str) -> Option<(String, TermPostings)> {
    let mut parts = line.trim_end_matches('\n').split('\t');
    let term = parts.next()?.to_string();
    let docs = parts.next()?;
    let scores = parts.next()?;
    let mut prev = 0u32;
    let docs: Vec<u32> = docs
        .split(',')
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from_str_radix(d, 36).unwrap_or(0);
            prev = if i == 0 { v } else { prev + v };
            prev
        })
        .collect();
    let scores = scores
        .split(',')
        .map(|s| u32::from_str_radix(s, 36).unwrap_or(0));
    Some((term, docs.into_iter().zip(scores).collect()))
}

/// Counts per shard file, for reports: (files, largest compressed size).
pub fn shard_stats(files: &[OutputFile]) -> (usize, usize) {
    let shards: Vec<&OutputFile> = files
        .iter()
        .filter(|f| f.path.starts_with("search/terms-"))
        .collect();
    (
        shards.len(),
        shards.iter().map(|f| f.content.len()).max().unwrap_or(0),
    )
}

/// A map used by tests: term → postings decoded back from the shards.
pub fn decode_all(files: &[OutputFile]) -> BTreeMap<String, TermPostings> {
    let mut out: BTreeMap<String, TermPostings> = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/terms-")) {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&f.content.whole()[..]),
            &mut text,
        );
        for line in text.lines() {
            if let Some((term, postings)) = decode_line(line) {
                out.entry(term).or_default().extend(postings);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postmortem_with_100000_distinct_words_stays_within_bounds() {
        use crate::analyze::index::SearchIndex;
        let mut body = String::from("# Word soup\n\n## Summary\n");
        for i in 0..100_000u32 {
            body.push_str(&format!("w{i:x}q "));
        }
        let pm =
            crate::parse::parse_file("p/soup.md", body.as_bytes(), &Default::default()).unwrap();
        let pms = vec![pm];
        let terms = SearchIndex::build(&pms).unwrap().all_postings().unwrap();
        assert!(terms.len() > 100_000);
        let out = files(&pms, &terms, &GzipMemo::default());
        let shards: Vec<_> = out
            .iter()
            .filter(|f| f.path.starts_with("search/terms-"))
            .collect();
        assert!(shards.len() > 1);
        assert!(shards.iter().all(|f| f.content.len() <= SHARD_MAX));
        assert_eq!(decode_all(&out).len(), terms.len());
    }

    #[test]
    fn lines_round_trip_and_long_terms_split() {
        let postings: TermPostings = (0..10_000u32).map(|d| (d * 3, 1 + d % 5000)).collect();
        let lines = term_lines("the", &postings);
        assert_eq!(lines.len(), 3);
        let back: TermPostings = lines
            .iter()
            .flat_map(|l| decode_line(l).unwrap().1)
            .collect();
        assert_eq!(back, postings);
    }

    #[test]
    fn shards_stay_within_bounds_however_common_a_term() {
        // 60,000 documents all containing one term, plus many rare terms.
        let mut terms: Vec<(String, TermPostings)> = vec![(
            "common".into(),
            (0..60_000u32).map(|d| (d, 1000 + d % 977)).collect(),
        )];
        for i in 0..30_000u32 {
            terms.push((format!("term{i:06}"), vec![(i % 60_000, 5 + i % 3000)]));
        }
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let (shards, files) = shards(&terms, &GzipMemo::default());
        assert!(
            files.iter().all(|f| f.content.len() <= SHARD_MAX),
            "largest {}",
            files.iter().map(|f| f.content.len()).max().unwrap()
        );
        assert!(shards.windows(2).all(|w| w[0].first <= w[1].first));
        // "common" spans several shards; all but its first are marked.
        let common: Vec<&Shard> = shards.iter().filter(|s| s.first == "common").collect();
        assert!(
            common.len() > 1 && common.iter().skip(1).all(|s| s.continues),
            "{}",
            common.len()
        );
        assert!(shards
            .iter()
            .filter(|s| s.first != "common")
            .all(|s| !s.continues));
        let decoded = decode_all(&files);
        assert_eq!(decoded.len(), terms.len());
        for (t, p) in &terms {
            assert_eq!(&decoded[t], p);
        }
    }
}
