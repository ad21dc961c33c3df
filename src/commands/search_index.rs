//! The static search index's files for a build, made on their own thread
//! beside analysis and pages: kept from the last build when nothing they
//! are made from changed, patched when a few documents' terms changed (only
//! the shards of the terms they changed are made anew), else made from
//! every document's term counts.

use super::corpus::Corpus;
use crate::analyze::bm25::{self, DocTerms, Edit, IndexCounts};
use crate::analyze::scorer::NF;
use crate::cache::gzip::GzipMemo;
use crate::cache::{parts, search_files, terms, Fingerprint};
use crate::model::Postmortem;
use crate::site::content::Content;
use crate::site::{self, search_export, OutputFile};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Per-document fingerprints of the index's inputs (see [`parts`]).
const PARTS: &str = "search-parts.bin";
/// Most documents whose terms changed for which a rebuild patches the
/// shards; past that it makes them all anew (each changed document's terms
/// touch more shards, and a patch reads them one by one).
const PATCH_MAX: usize = 64;
/// Most documents' counts kept beside the files (those patched in since
/// the last build that made the index anew); past that the next build
/// makes it anew, and saves every document's counts in their store.
const PATCH_KEPT: usize = 256;

/// What a build keeps beside the index's files for the next one to patch
/// them.
#[derive(Serialize, Deserialize)]
struct State {
    /// The epoch of the vocabulary the counts' term ids come from.
    epoch: Fingerprint,
    /// Per document, in order: the key of its term counts (in the term
    /// counts' store, or in `counts`) and its
    /// [`crate::analyze::bm25::terms_fingerprint`].
    docs: Vec<(Fingerprint, Fingerprint)>,
    /// Counts of documents patched in since the store was last saved whole.
    counts: Vec<(Fingerprint, DocTerms)>,
    /// Total tokens per field, and each document's field-length codes.
    tokens: [u64; NF],
    norms: Vec<[u8; NF]>,
    /// The term shards, in order.
    shards: Vec<search_export::Shard>,
}

/// What the search-index thread gives back: the index's files, the
/// compression memo they used when they were made anew (saved once the site
/// is written) and the term counts (freed with the rest of the build's garbage).
pub(super) type SearchIndex = (site::SearchFiles, Option<GzipMemo>, Option<IndexCounts>);

/// The static search index's files (see the module's doc).
pub(super) fn make(corpus: &Corpus) -> SearchIndex {
    // Which way the index was made is recorded as the span's `what`.
    let made = tracing::debug_span!("index", what = tracing::field::Empty).entered();
    let (cache, pms, fps) = (&corpus.cache, &corpus.postmortems, &corpus.doc_fingerprints);
    // Whether the index changed needs the terms of edited documents only.
    let mut checked = None;
    let mut memo = None;
    if let Some((key, files, state)) = search_files::load::<State>(cache) {
        let check = tracing::debug_span!("index/check").entered();
        let terms = parts::of(
            cache,
            PARTS,
            pms,
            fps,
            crate::analyze::bm25::terms_fingerprint,
        );
        let key_now = search_export::fingerprint(pms, &terms);
        drop(check);
        if key_now == key {
            made.record("what", "kept, beside analysis and pages");
            // Written from the mapped cache file, if at all.
            let files = files
                .into_iter()
                .map(|(path, bytes)| OutputFile {
                    path,
                    content: Content::Pieces(vec![bytes]),
                })
                .collect();
            let key = Some(key);
            return (site::SearchFiles { key, files }, None, None);
        }
        let gzip = memo.insert(GzipMemo::load(cache));
        if let Some((files, state)) = patch(cache, pms, fps, &terms, &state, &files, gzip) {
            made.record("what", "patched, beside analysis and pages");
            tracing::debug_span!("index/save").in_scope(|| save(cache, key_now, &files, &state));
            let key = Some(key_now);
            return (site::SearchFiles { key, files }, memo, None);
        }
        checked = Some((terms, key_now));
    }
    let counts = terms::count(cache, pms, fps);
    let gzip = memo.unwrap_or_else(|| GzipMemo::load(cache));
    let t1 = tracing::debug_span!("index/postings").entered();
    let index = counts.index_counts();
    drop(t1);
    // The per-document fingerprints the check above made (and saved), and
    // the key from them, are the ones the counts give: made once either way.
    let parts = cache.enabled().then(|| {
        checked.unwrap_or_else(|| {
            let parts = counts.fingerprints();
            parts::save(cache, PARTS, fps, &parts);
            let key = search_export::fingerprint(pms, &parts);
            (parts, key)
        })
    });
    let epoch = counts.epoch;
    drop(counts);
    made.record("what", "beside analysis and pages");
    drop(made);
    let t0 = tracing::debug_span!("search files", what = "beside analysis and pages").entered();
    let (files, shards) = search_export::files(pms, &index, &gzip);
    let key = parts.map(|(parts, key)| {
        let state = State {
            epoch,
            docs: fps.iter().copied().zip(parts).collect(),
            counts: Vec::new(),
            tokens: index.tokens,
            norms: index.norms.clone(),
            shards,
        };
        save(cache, key, &files, &state);
        key
    });
    drop(t0);
    (site::SearchFiles { key, files }, Some(gzip), Some(index))
}

/// Keeps the files and what the next build needs to patch them.
fn save(cache: &crate::cache::Cache, key: Fingerprint, files: &[OutputFile], state: &State) {
    let whole: Vec<_> = files.iter().map(|f| f.content.whole()).collect();
    let named = files
        .iter()
        .zip(&whole)
        .map(|(f, b)| (f.path.as_str(), &b[..]));
    search_files::save(cache, key, named, state);
}

/// The index's files made from the last build's (`files`, `state`) when
/// the same documents are there and the terms of only a few changed (by
/// their fingerprints `terms`), with the state to keep; `None` when that
/// cannot be done, and the caller makes them anew.
fn patch(
    cache: &crate::cache::Cache,
    pms: &[Postmortem],
    fps: &[Fingerprint],
    terms: &[Fingerprint],
    state: &State,
    files: &search_files::Files,
    gzip: &GzipMemo,
) -> Option<(Vec<OutputFile>, State)> {
    let t0 = tracing::debug_span!("index/edit").entered();
    if state.docs.len() != terms.len() || fps.len() != terms.len() {
        return None;
    }
    let changed: Vec<usize> = (0..terms.len())
        .filter(|&d| state.docs[d].1 != terms[d])
        .collect();
    if changed.len() > PATCH_MAX || state.counts.len() > PATCH_KEPT {
        return None;
    }
    let (epoch, mut vocab) = terms::vocab(cache)?;
    if epoch != state.epoch {
        return None;
    }
    // The changed documents' counts as the last build indexed them: kept
    // beside the files, or in the counts' store.
    let kept: HashMap<Fingerprint, &DocTerms> = state.counts.iter().map(|(k, d)| (*k, d)).collect();
    let keys: Vec<Fingerprint> = changed.iter().map(|&d| state.docs[d].0).collect();
    let unkept: Vec<Fingerprint> = keys
        .iter()
        .copied()
        .filter(|k| !kept.contains_key(k))
        .collect();
    let mut stored = terms::stored(cache, epoch, vocab.len(), &unkept).into_iter();
    let before: Vec<DocTerms> = keys
        .iter()
        .map(|k| match kept.get(k) {
            Some(d) => Some((*d).clone()),
            None => stored.next().flatten(),
        })
        .collect::<Option<_>>()?;
    let refs: Vec<&Postmortem> = changed.iter().map(|&d| &pms[d]).collect();
    let now = terms::count_few(cache, epoch, &mut vocab, &refs);
    let triples: Vec<(u32, &DocTerms, &DocTerms)> = changed
        .iter()
        .zip(before.iter().zip(&now))
        .map(|(&d, (b, n))| (d as u32, b, n))
        .collect();
    let edit = Edit::new(&triples, &vocab);
    let (mut tokens, mut norms) = (state.tokens, state.norms.clone());
    for (&d, (b, n)) in changed.iter().zip(before.iter().zip(&now)) {
        let (was, _) = bm25::lengths(&[b]);
        let (is, norm) = bm25::lengths(&[n]);
        for f in 0..NF {
            tokens[f] = tokens[f].checked_sub(was[f])? + is[f];
        }
        norms[d] = norm[0];
    }
    drop(t0);
    let by_path: HashMap<&str, &crate::mapped::Bytes> =
        files.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let file = |path: &str| Some(Content::Pieces(vec![(*by_path.get(path)?).clone()]));
    let (files, shards) =
        search_export::patched(pms, (&tokens, &norms), &state.shards, &file, &edit, gzip)?;
    // The changed documents' counts are kept here from now on; the others
    // where they were.
    let mut docs = state.docs.clone();
    for &d in &changed {
        docs[d] = (fps[d], terms[d]);
    }
    let live: HashSet<Fingerprint> = docs.iter().map(|d| d.0).collect();
    let mut counts: Vec<(Fingerprint, DocTerms)> = state
        .counts
        .iter()
        .filter(|(k, _)| live.contains(k) && !changed.iter().any(|&d| fps[d] == *k))
        .cloned()
        .collect();
    counts.extend(changed.iter().map(|&d| fps[d]).zip(now));
    let state = State {
        epoch,
        docs,
        counts,
        tokens,
        norms,
        shards,
    };
    Some((files, state))
}
