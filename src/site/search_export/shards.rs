//! Term shards: one line per term (its documents, counts per field and
//! weights), packed into gzip files of bounded size that end where their
//! content says, so an edit changes only the shards of the terms it changed.

use super::{gzip, hash_of};
use crate::analyze::bm25::TermCounts;
use crate::analyze::scorer::NF;
use crate::cache::gzip::GzipMemo;
use crate::site::OutputFile;
use rayon::prelude::*;
use serde::Serialize;

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
pub(super) fn term_lines(t: &TermCounts) -> Vec<String> {
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
pub(super) struct Shard {
    pub(super) first: String,
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
pub(super) fn shards(terms: &[TermCounts], memo: &GzipMemo) -> (Vec<Shard>, Vec<OutputFile>) {
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

#[cfg(test)]
mod tests {
    use super::super::decode::{decode_line, decode_lines, Line};
    use super::*;
    use std::collections::BTreeMap;

    fn body_term(term: &str, postings: impl Iterator<Item = (u32, u32)>) -> TermCounts {
        TermCounts {
            term: term.to_string(),
            weights: [None, None, None, Some(1.5)],
            postings: postings.map(|(d, c)| (d, [0, 0, 0, c])).collect(),
        }
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
}
