//! The static search index in `OUT/search/` (format: docs/src/search-index.md):
//! a small manifest, term shards of bounded compressed size ([`shards`]; one
//! line per term, [`line`]), field norms, document blocks and facets,
//! gzip-compressed and named by content hash. After an edit of a few
//! documents, the last build's shards are patched ([`patch`]).

#[cfg(test)]
mod decode;
mod line;
mod patch;
mod shards;

use super::views::{excerpt, page_url};
use super::OutputFile;
use crate::analyze::analyzer::ANALYZER_VERSION;
use crate::analyze::bm25::{Edit, IndexCounts};
use crate::analyze::index::{passage_fields, SCORE_SCALE};
use crate::analyze::scorer::NF;
use crate::cache::gzip::GzipMemo;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::model::Postmortem;
use rayon::prelude::*;
use serde::Serialize;
pub use shards::Shard;
use std::io::Write;

/// The one file not named by its content's hash.
pub const MANIFEST: &str = "search/manifest.json";
/// Folder of the passage files, named by postmortem id, not content hash.
pub const PASSAGES: &str = "search/text/";
/// Version of the file layout; the browser refuses others.
pub const FORMAT: u32 = 2;
/// Documents per document block.
/// Small blocks: the ten hits of a page usually fall in ten different
/// blocks, so block size is most of a cold query's download. Blocks are named
/// from one hash of them all, so their number does not grow the manifest.
pub const DOC_BLOCK: usize = 5;

pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    // GzEncoder writes mtime 0: output depends on the input only. Level 6:
    // 0.3% larger than level 9 on term shards, and about 2.7 times faster,
    // which matters to a rebuild that recompresses the shards an edit changed.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// The bytes `gzip` compressed; `None` when they are not gzip.
pub(super) fn gunzip(gz: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut out).ok()?;
    Some(out)
}

/// Content hash used in file names (12 hex digits of the git blob id).
pub(super) fn hash_of(bytes: &[u8]) -> String {
    super::super::source::blob_id(bytes)[..12].to_string()
}

#[derive(Serialize)]
struct DocEntry<'a> {
    t: &'a str,
    u: String,
    d: Option<&'a str>,
    s: Option<&'a str>,
    v: &'a [String],
    m: String,
    /// Name of the document's passage file (`text/<x>.json.gz`).
    x: &'a str,
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
struct Manifest<'a> {
    format: u32,
    analyzer: u32,
    docs: usize,
    score_scale: f32,
    tokens: [u64; NF],
    norms: String,
    shards: Vec<shards::Listed<'a>>,
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
                .value(&pm.meta.written.services)
                .value(&pm.meta.written.tags)
                .str(&pm.body)
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

/// Each document's passage file `search/text/<id>.json.gz`: `[summary,
/// body as indexed]` in JSON, gzip compressed, fetched only for the results
/// shown (their snippets) and to check phrases. Named by the postmortem's id,
/// not by content, so that editing one postmortem changes one file and not
/// the names in the document blocks.
fn passage_files(pms: &[Postmortem], memo: &GzipMemo) -> Vec<OutputFile> {
    pms.par_iter()
        .map(|pm| {
            let [_, summary, body] = passage_fields(pm);
            let json = serde_json::to_vec(&[summary, body]).expect("plain data serializes");
            OutputFile::new(
                format!("search/text/{}.json.gz", pm.id),
                memo.get(&json, gzip),
            )
        })
        .collect()
}

/// All files of the static search index, and its term shards (for
/// [`patched`] in the next build). `pms` in site order (document numbers).
pub fn files(
    pms: &[Postmortem],
    index: &IndexCounts,
    memo: &GzipMemo,
) -> (Vec<OutputFile>, Vec<Shard>) {
    let t0 = tracing::debug_span!("search files/shards").entered();
    let (shards, out) = shards::shards(&index.terms, memo);
    drop(t0);
    let out = with_shards(pms, &index.tokens, &index.norms, &shards, out, memo);
    (out, shards)
}

/// The files of [`files`] after `edit`, made from `old`, the shards of the
/// last build, whose files `file` gives by path; `tokens` and `norms` as in
/// [`IndexCounts`]. Only the shards of changed terms are made anew, and the
/// files are the same as [`files`] would make. `None` when the last
/// build's files cannot be used (the caller then makes them all).
pub fn patched(
    pms: &[Postmortem],
    (tokens, norms): (&[u64; NF], &[[u8; NF]]),
    old: &[Shard],
    file: &dyn Fn(&str) -> Option<super::content::Content>,
    edit: &Edit,
    memo: &GzipMemo,
) -> Option<(Vec<OutputFile>, Vec<Shard>)> {
    let t0 = tracing::debug_span!("search files/patched shards").entered();
    let (shards, out) = patch::patch(old, file, edit, pms.len() as u32, memo)?;
    drop(t0);
    let out = with_shards(pms, tokens, norms, &shards, out, memo);
    Some((out, shards))
}

/// The term shards' files `out` with the other files of the index.
fn with_shards(
    pms: &[Postmortem],
    tokens: &[u64; NF],
    norms: &[[u8; NF]],
    shards: &[Shard],
    mut out: Vec<OutputFile>,
    memo: &GzipMemo,
) -> Vec<OutputFile> {
    let norms: Vec<u8> = norms.iter().flatten().copied().collect();
    let norms = memo.get(&norms, gzip);
    let norms_hash = hash_of(&norms);
    out.push(OutputFile::new(
        format!("search/norms-{norms_hash}.bin.gz"),
        norms,
    ));

    out.extend(passage_files(pms, memo));
    let doc_blocks = doc_block_files(pms, memo, &mut out);
    let facets = facet_files(pms, &mut out);
    let manifest = Manifest {
        format: FORMAT,
        analyzer: ANALYZER_VERSION,
        docs: pms.len(),
        score_scale: SCORE_SCALE,
        tokens: *tokens,
        norms: norms_hash,
        shards: shards.iter().map(shards::Listed).collect(),
        doc_blocks,
        facets,
    };
    let mut json = serde_json::to_vec(&manifest).expect("plain data serializes");
    json.push(b'\n');
    out.push(OutputFile::new(MANIFEST, json));
    out
}

/// The documents' list entries in blocks of [`DOC_BLOCK`], added to `out`.
fn doc_block_files(pms: &[Postmortem], memo: &GzipMemo, out: &mut Vec<OutputFile>) -> DocBlocks {
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
                    v: &pm.meta.written.services,
                    m: excerpt(pm.summary.as_deref().unwrap_or_default(), 240),
                    x: &pm.id,
                })
                .collect();
            memo.get(
                &serde_json::to_vec(&entries).expect("plain data serializes"),
                gzip,
            )
        })
        .collect();
    let hash = hash_of(&blocks.concat());
    let count = blocks.len();
    for (k, gz) in blocks.into_iter().enumerate() {
        out.push(OutputFile::new(
            format!("search/docs-{hash}-{k}.json.gz"),
            gz,
        ));
    }
    DocBlocks {
        size: DOC_BLOCK,
        count,
        hash,
    }
}

/// Each document's facet values as indexes into sorted lists; the file is
/// added to `out` and the lists returned for the manifest.
fn facet_files(pms: &[Postmortem], out: &mut Vec<OutputFile>) -> FacetLists {
    let severities = sorted_unique(pms.iter().filter_map(|p| p.severity.as_ref()));
    let years_owned: Vec<String> = pms
        .iter()
        .filter_map(|p| p.date.as_ref().map(|d| d[..4].to_string()))
        .collect();
    let years = sorted_unique(years_owned.iter());
    let services = sorted_unique(pms.iter().flat_map(|p| &p.meta.written.services));
    let tags = sorted_unique(pms.iter().flat_map(|p| &p.meta.written.tags));
    let indexes = |list: &[String], values: &[String]| -> Vec<usize> {
        values.iter().map(|s| index_of(list, s)).collect()
    };
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
            .map(|p| indexes(&services, &p.meta.written.services))
            .collect(),
        tags: pms
            .iter()
            .map(|p| indexes(&tags, &p.meta.written.tags))
            .collect(),
    };
    let gz = gzip(&serde_json::to_vec(&facets).expect("plain data serializes"));
    let file = format!("facets-{}.json.gz", hash_of(&gz));
    out.push(OutputFile::new(format!("search/{file}"), gz));
    FacetLists {
        file,
        severities,
        years,
        services,
        tags,
    }
}
