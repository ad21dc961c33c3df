//! Term shards: one line per term (its documents, counts per field and
//! weights), packed into gzip files of bounded size that end where their
//! content says, so an edit changes only the shards of the terms it changed.

use super::line::term_lines;
use super::{gzip, hash_of};
use crate::analyze::bm25::TermCounts;
use crate::cache::gzip::GzipMemo;
use crate::site::OutputFile;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Largest estimated compressed size of a term shard. Small: most of a
/// shard is neighbouring terms the query does not need, and at 10,000
/// postmortems 24 KB roughly halved a cold three-word query's bytes against
/// 48 KB for a slightly longer manifest (bench/search_bench.sh).
pub(super) const SHARD_TARGET: usize = 24 * 1024;
/// Compressed / raw size of term lines (0.24 at 10,000 postmortems), for
/// estimates. Fixed, so that where a shard ends depends on its own lines.
const RATIO: f64 = 0.24;
/// Past half the target, a shard ends after a line whose term's hash is a
/// multiple of this: where shards end is decided by their content, so an
/// edit that changes one shard's lines leaves the next shards as they were.
const CUT_EVERY: u128 = 64;
/// Hard limit of a term shard's compressed size.
pub(super) const SHARD_MAX: usize = 64 * 1024;

/// One term shard, as the manifest lists it and as the build cache keeps
/// it for the next build ([`super::patch`]). The file is
/// `search/terms-<hash>.txt.gz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Term of its first line.
    pub(super) first: String,
    /// Term of its last line.
    pub(super) last: String,
    pub(super) hash: String,
    /// Its first line continues the previous shard's last term.
    pub(super) continues: bool,
    /// The packer started it empty (not the second half of a shard split
    /// for size): the same lines from here on give the same shards.
    pub(super) starts_pack: bool,
}

impl Shard {
    /// Path of its file in the site.
    pub(super) fn path(&self) -> String {
        format!("search/terms-{}.txt.gz", self.hash)
    }
}

/// A shard as the manifest lists it: `[first term, hash]`, or
/// `[first term, hash, 1]` when its first line continues the previous
/// shard's last term (so a reader fetches the previous shard only then).
pub(super) struct Listed<'a>(pub(super) &'a Shard);

impl Serialize for Listed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let shard = self.0;
        let mut seq = s.serialize_seq(Some(if shard.continues { 3 } else { 2 }))?;
        seq.serialize_element(&shard.first)?;
        seq.serialize_element(&shard.hash)?;
        if shard.continues {
            seq.serialize_element(&1)?;
        }
        seq.end()
    }
}

/// True when a shard past half its target ends after `term`'s lines (see
/// [`CUT_EVERY`]).
pub(super) fn is_cut(term: &str) -> bool {
    crate::fingerprint::fingerprint(term.as_bytes()).is_multiple_of(CUT_EVERY)
}

/// Packs every term's lines into shards.
pub(super) fn shards(terms: &[TermCounts], memo: &GzipMemo) -> (Vec<Shard>, Vec<OutputFile>) {
    let lines: Vec<(bool, Vec<String>)> = terms
        .par_iter()
        .map(|t| (is_cut(&t.term), term_lines(t)))
        .collect();
    let mut packer = Packer::new(memo);
    for (cut, lines) in &lines {
        for line in lines {
            packer.line(line);
        }
        packer.end_term(*cut);
    }
    packer.finish()
}

/// Packs lines, in term order, into shards whose compressed size stays
/// under the limits, ending each where its content says. What it does next
/// depends only on the lines of the shard it is filling, so from a shard
/// that [`Shard::starts_pack`] on, the same lines give the same shards.
pub(super) struct Packer<'a> {
    memo: &'a GzipMemo,
    shards: Vec<Shard>,
    files: Vec<OutputFile>,
    /// Lines of the shard being filled, and where each starts.
    text: String,
    starts: Vec<usize>,
    /// The term of the previous shard's last line.
    last_term: Option<String>,
}

fn estimate(len: usize) -> usize {
    (len as f64 * RATIO) as usize
}

/// The term a line is of.
pub(super) fn term_of(line: &str) -> &str {
    line.split('\t').next().unwrap_or_default()
}

impl<'a> Packer<'a> {
    pub(super) fn new(memo: &'a GzipMemo) -> Self {
        Packer {
            memo,
            shards: Vec::new(),
            files: Vec::new(),
            text: String::new(),
            starts: Vec::new(),
            last_term: None,
        }
    }

    /// Adds one line (ending in a newline).
    pub(super) fn line(&mut self, line: &str) {
        if !self.starts.is_empty() && estimate(self.text.len() + line.len()) > SHARD_TARGET {
            self.flush();
        }
        self.starts.push(self.text.len());
        self.text.push_str(line);
    }

    /// Ends a term after its last line; `cut` is [`is_cut`] of the term.
    pub(super) fn end_term(&mut self, cut: bool) {
        if cut && estimate(self.text.len()) >= SHARD_TARGET / 2 {
            self.flush();
        }
    }

    /// True when no line waits for a shard.
    pub(super) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Takes a shard as it is, with its file: only when [`Self::is_empty`].
    pub(super) fn keep(&mut self, shard: Shard, file: OutputFile) {
        debug_assert!(self.is_empty());
        self.last_term = Some(shard.last.clone());
        self.shards.push(shard);
        self.files.push(file);
    }

    /// The shards made, with their files.
    pub(super) fn finish(mut self) -> (Vec<Shard>, Vec<OutputFile>) {
        self.flush();
        (self.shards, self.files)
    }

    /// Compresses the waiting lines into one shard, or more when the
    /// estimate was off (rare): split in halves, keeping order.
    fn flush(&mut self) {
        let (text, starts) = (&self.text, &self.starts);
        let mut pending = vec![(0, starts.len())];
        let mut head = true;
        while let Some((a, b)) = pending.pop() {
            if a == b {
                continue;
            }
            let end = starts.get(b).map_or(text.len(), |s| *s);
            let chunk = &text[starts[a]..end];
            let gz = self.memo.get(chunk.as_bytes(), gzip);
            if gz.len() > SHARD_MAX && b - a > 1 {
                let mid = a + (b - a) / 2;
                pending.push((mid, b));
                pending.push((a, mid));
                continue;
            }
            let first = term_of(chunk).to_string();
            let last = term_of(&text[starts[b - 1]..]).to_string();
            let shard = Shard {
                continues: self.last_term.as_ref() == Some(&first),
                hash: hash_of(&gz),
                first,
                last,
                starts_pack: head,
            };
            head = false;
            self.last_term = Some(shard.last.clone());
            self.files.push(OutputFile::new(shard.path(), gz));
            self.shards.push(shard);
        }
        self.text.clear();
        self.starts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::decode_lines;
    use super::*;
    use crate::analyze::scorer::NF;
    use std::collections::BTreeMap;

    fn body_term(term: &str, postings: impl Iterator<Item = (u32, u32)>) -> TermCounts {
        TermCounts {
            term: term.to_string(),
            weights: [None, None, None, Some(1.5)],
            postings: postings.map(|(d, c)| (d, [0, 0, 0, c])).collect(),
        }
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
}
