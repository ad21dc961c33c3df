//! The static search index in `OUT/search/` (format: docs/search-index.md):
//! a small manifest, term shards of bounded compressed size, field norms,
//! document blocks and facets, gzip-compressed and named by content hash.

use super::views::{excerpt, page_url};
use super::OutputFile;
use crate::analyze::analyzer::ANALYZER_VERSION;
use crate::analyze::bm25::{IndexCounts, TermCounts};
use crate::analyze::index::{TermPostings, SCORE_SCALE};
use crate::analyze::scorer::{Scorer, NF};
use crate::cache::gzip::GzipMemo;
use crate::cache::{Fingerprint, Hasher};
use crate::model::Postmortem;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// The one file not named by its content's hash.
pub const MANIFEST: &str = "search/manifest.json";
/// Version of the file layout; the browser refuses others.
pub const FORMAT: u32 = 2;
/// Largest estimated compressed size of a term shard. Small: most of a
/// shard is neighbouring terms the query does not need, and at 10,000
/// postmortems 24 KB roughly halved a cold three-word query's bytes against
/// 48 KB for a slightly longer manifest (bench/search_bench.sh).
pub const SHARD_TARGET: usize = 24 * 1024;
/// Compressed / raw size of term lines (0.24 at 10,000 postmortems), for
/// estimates. Fixed, so that where a shard ends depends on its own lines.
const RATIO: f64 = 0.24;
/// Past half the target, a shard ends after a line whose term's hash is a
/// multiple of this: where shards end is decided by their content, so an
/// edit that changes one shard's lines leaves the next shards as they were.
const CUT_EVERY: u128 = 64;
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

/// A document's counts of a term: the body count alone when the term is
/// only in the body, else one entry per field joined by `.` (0 as empty).
fn push_counts(counts: &[u32; NF], out: &mut String) {
    if counts[..NF - 1].iter().all(|&c| c == 0) {
        base36(u64::from(counts[NF - 1]), out);
        return;
    }
    for (f, &c) in counts.iter().enumerate() {
        if f > 0 {
            out.push('.');
        }
        if c > 0 {
            base36(u64::from(c), out);
        }
    }
}

/// Lines for one term: `term\tdocs\tcounts\tweights\n`, split when long.
fn term_lines(t: &TermCounts) -> Vec<String> {
    let mut weights = String::new();
    for (f, w) in t.weights.iter().enumerate() {
        if f > 0 {
            weights.push('.');
        }
        if let Some(w) = w {
            base36(u64::from(w.to_bits()), &mut weights);
        }
    }
    t.postings
        .chunks(MAX_POSTINGS_PER_LINE)
        .map(|chunk| {
            let mut line = String::with_capacity(t.term.len() + chunk.len() * 6 + weights.len());
            // Tabs and newlines cannot occur in analyzer tokens.
            line.push_str(&t.term);
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
            for (i, (_, counts)) in chunk.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                push_counts(counts, &mut line);
            }
            line.push('\t');
            line.push_str(&weights);
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

/// Packs lines into shards whose compressed size stays under the limits,
/// ending each where its content says (see [`CUT_EVERY`]).
fn shards(terms: &[TermCounts], memo: &GzipMemo) -> (Vec<Shard>, Vec<OutputFile>) {
    let lines: Vec<(bool, Vec<String>)> = terms
        .par_iter()
        .map(|t| {
            let cut = crate::cache::fingerprint(t.term.as_bytes()).is_multiple_of(CUT_EVERY);
            (cut, term_lines(t))
        })
        .collect();
    let mut packer = Packer {
        terms,
        memo,
        shards: Vec::new(),
        files: Vec::new(),
        last_term: None,
    };
    let estimate = |len: usize| (len as f64 * RATIO) as usize;
    // The current shard: its text and where each line starts (term, offset).
    let mut text = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (t, (cut, term_lines)) in lines.iter().enumerate() {
        for line in term_lines {
            if !starts.is_empty() && estimate(text.len() + line.len()) > SHARD_TARGET {
                packer.flush(&text, &starts);
                text.clear();
                starts.clear();
            }
            starts.push((t, text.len()));
            text.push_str(line);
        }
        if *cut && estimate(text.len()) >= SHARD_TARGET / 2 {
            packer.flush(&text, &starts);
            text.clear();
            starts.clear();
        }
    }
    packer.flush(&text, &starts);
    (packer.shards, packer.files)
}

/// Shards made so far, and what the next one needs to know.
struct Packer<'a> {
    terms: &'a [TermCounts],
    memo: &'a GzipMemo,
    shards: Vec<Shard>,
    files: Vec<OutputFile>,
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
            let hash = hash_of(&gz);
            self.files
                .push(OutputFile::new(format!("search/terms-{hash}.txt.gz"), gz));
            let first = starts[a].0;
            let continues = self.last_term == Some(first);
            self.last_term = Some(starts[b - 1].0);
            self.shards.push(Shard {
                first: self.terms[first].term.clone(),
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
    tokens: [u64; NF],
    norms: String,
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
/// [`crate::analyze::bm25::terms_fingerprint`] (the index is made from
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
pub fn files(pms: &[Postmortem], index: &IndexCounts, memo: &GzipMemo) -> Vec<OutputFile> {
    let t0 = std::time::Instant::now();
    let (shards, mut out) = shards(&index.terms, memo);
    crate::timing::note("search files/shards", t0);
    let norms: Vec<u8> = index.norms.iter().flatten().copied().collect();
    let norms = memo.get(&norms, gzip);
    let norms_hash = hash_of(&norms);
    out.push(OutputFile::new(
        format!("search/norms-{norms_hash}.bin.gz"),
        norms,
    ));

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
        tokens: index.tokens,
        norms: norms_hash,
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
    out.push(OutputFile::new(MANIFEST, json));
    out
}

/// One decoded shard line: term, weights, (document, counts) postings.
pub type Line = (String, [Option<f32>; NF], Vec<(u32, [u32; NF])>);

/// Decodes one shard line (used by tests and the size benchmark).
pub fn decode_line(line: &str) -> Option<Line> {
    let num = |s: &str| u32::from_str_radix(s, 36).ok();
    let mut parts = line.trim_end_matches('\n').split('\t');
    let term = parts.next()?.to_string();
    let (docs, counts, weights) = (parts.next()?, parts.next()?, parts.next()?);
    let mut w = weights.split('.');
    let weights: [Option<f32>; NF] = std::array::from_fn(|_| {
        w.next()
            .filter(|s| !s.is_empty())
            .and_then(num)
            .map(f32::from_bits)
    });
    let mut prev = 0u32;
    let mut postings = Vec::new();
    for (i, (d, c)) in docs.split(',').zip(counts.split(',')).enumerate() {
        let d = num(d)?;
        prev = if i == 0 { d } else { prev + d };
        let counts: [u32; NF] = if c.contains('.') {
            let mut c = c.split('.');
            std::array::from_fn(|_| c.next().and_then(num).unwrap_or(0))
        } else {
            std::array::from_fn(|f| if f == NF - 1 { num(c).unwrap_or(0) } else { 0 })
        };
        postings.push((prev, counts));
    }
    Some((term, weights, postings))
}

/// Every line of the term shards in `files`, decoded.
pub fn decode_lines(files: &[OutputFile]) -> Vec<Line> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/terms-")) {
        out.extend(
            gunzip_text(&f.content.whole())
                .lines()
                .filter_map(decode_line),
        );
    }
    out
}

fn gunzip_text(gz: &[u8]) -> String {
    let mut text = String::new();
    let _ = std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gz), &mut text);
    text
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

/// A map used by tests: term → postings decoded back from the index's
/// files and scored as the browser scores them (docs/search-index.md).
pub fn decode_all(files: &[OutputFile]) -> BTreeMap<String, TermPostings> {
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
    let mut norms = Vec::new();
    let _ = std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&file(&norms_file).unwrap_or_default()[..]),
        &mut norms,
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::bm25;
    use crate::analyze::index::SearchIndex;

    fn index_of_pms(pms: &[Postmortem]) -> IndexCounts {
        let refs: Vec<&Postmortem> = pms.iter().collect();
        let mut vocab = bm25::Vocab::default();
        let docs = bm25::count(&refs, &mut vocab);
        bm25::index_counts(&docs.iter().collect::<Vec<_>>(), &vocab)
    }

    fn body_term(term: &str, postings: impl Iterator<Item = (u32, u32)>) -> TermCounts {
        TermCounts {
            term: term.to_string(),
            weights: [None, None, None, Some(1.5)],
            postings: postings.map(|(d, c)| (d, [0, 0, 0, c])).collect(),
        }
    }

    /// The files of the sample knowledge base, scored as the browser scores
    /// them, give tantivy's scores.
    #[test]
    fn the_files_score_as_tantivy_does() {
        let pms = bm25::sample_postmortems();
        let out = files(&pms, &index_of_pms(&pms), &GzipMemo::default());
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
        let out = files(&pms, &index, &GzipMemo::default());
        let shards: Vec<_> = out
            .iter()
            .filter(|f| f.path.starts_with("search/terms-"))
            .collect();
        assert!(shards.len() > 1);
        assert!(shards.iter().all(|f| f.content.len() <= SHARD_MAX));
        let theirs = SearchIndex::build(&pms).unwrap().all_postings().unwrap();
        assert_eq!(decode_all(&out), theirs.into_iter().collect());
    }

    #[test]
    fn lines_round_trip_and_long_terms_split() {
        let mut t = body_term("the", (0..10_000u32).map(|d| (d * 3, 1 + d % 5000)));
        t.weights = [Some(0.1), None, Some(3.25), Some(f32::MAX)];
        // Counts in other fields than the body, and in several.
        t.postings[7].1 = [2, 0, 1, 0];
        t.postings[9000].1 = [1, 0, 0, 35];
        let lines = term_lines(&t);
        assert_eq!(lines.len(), 3);
        let back: Vec<Line> = lines.iter().map(|l| decode_line(l).unwrap()).collect();
        assert!(back
            .iter()
            .all(|(term, w, _)| term == "the" && *w == t.weights));
        let postings: Vec<_> = back.into_iter().flat_map(|l| l.2).collect();
        assert_eq!(postings, t.postings);
        assert!(lines[0].starts_with("the\t0,3,3,"));
        assert!(lines[0].contains("\t1,2,3,4,5,6,7,2..1.,9,"));
    }

    /// Many terms, one very common, packed into shards.
    fn corpus() -> Vec<TermCounts> {
        let mut terms = vec![body_term(
            "common",
            (0..60_000u32).map(|d| (d, 1 + d % 977)),
        )];
        for i in 0..30_000u32 {
            terms.push(body_term(
                &format!("term{i:06}"),
                [(i % 60_000, 5 + i % 30)].into_iter(),
            ));
        }
        terms.sort_by(|a, b| a.term.cmp(&b.term));
        terms
    }

    #[test]
    fn shards_stay_within_bounds_however_common_a_term() {
        let terms = corpus();
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
        let mut decoded: BTreeMap<String, Vec<(u32, [u32; NF])>> = BTreeMap::new();
        for (term, _, postings) in decode_lines(&files) {
            decoded.entry(term).or_default().extend(postings);
        }
        assert_eq!(decoded.len(), terms.len());
        for t in &terms {
            assert_eq!(decoded[&t.term], t.postings);
        }
    }

    /// An edit to one term changes its shard and not the shards after it
    /// (their ends are where their content says).
    #[test]
    fn an_edit_changes_one_shard() {
        let names = |terms: &[TermCounts]| -> std::collections::BTreeSet<String> {
            shards(terms, &GzipMemo::default())
                .1
                .into_iter()
                .map(|f| f.path)
                .collect()
        };
        let mut terms = corpus();
        let before = names(&terms);
        assert!(before.len() > 10, "{}", before.len());
        let t = terms.len() / 3;
        terms[t].postings[0].1[NF - 1] += 1000;
        terms[t].postings.push((59_999, [0, 0, 0, 1]));
        let after = names(&terms);
        assert_eq!(before.difference(&after).count(), 1);
        assert_eq!(after.difference(&before).count(), 1);
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
