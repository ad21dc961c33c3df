//! Term shards of an edited corpus made from the last build's shards: only
//! the shards holding a term whose postings changed are read, rewritten and
//! packed again; the others are taken as they are.
//!
//! The result is the same, byte for byte, as packing every term anew
//! ([`super::shards::shards`]): a term's line depends on its postings, its
//! weights on its document frequency (and the number of documents, which a
//! patch requires unchanged), and the packer's choices from a shard that
//! [`Shard::starts_pack`] on depend only on the lines that follow. So the
//! patch packs the changed stretch from the last such shard before it, and
//! goes on until the packer is empty at the start of an unchanged shard.

use super::gunzip;
use super::line::{self, term_lines};
use super::shards::{is_cut, term_of, Packer, Shard};
use crate::analyze::bm25::{Edit, TermCounts};
use crate::analyze::scorer::NF;
use crate::cache::gzip::GzipMemo;
use crate::site::content::Content;
use crate::site::OutputFile;
use std::collections::{BTreeMap, HashSet};

/// Postings of one term: (document number, count per field), by document.
type Postings = Vec<(u32, [u32; NF])>;

/// The text of each shard read (by shard), and the old postings of the
/// edited terms found in them.
type ReadShards<'e> = (Vec<Option<String>>, BTreeMap<&'e str, Postings>);

/// The shards and their files after `edit`, from `old` (the last build's
/// shards, whose files `file` gives by path) for an index of `docs`
/// documents. `None` when a file is missing or does not read as the build
/// wrote it: the caller then packs every term anew.
pub(super) fn patch(
    old: &[Shard],
    file: &dyn Fn(&str) -> Option<Content>,
    edit: &Edit,
    docs: u32,
    memo: &GzipMemo,
) -> Option<(Vec<Shard>, Vec<OutputFile>)> {
    let n = old.len();
    if n == 0 || !old[0].starts_pack {
        return None;
    }
    let (home, read) = homes(old, edit);
    let (mut texts, mut before) = old_postings(old, &read, file, edit)?;
    let fresh: BTreeMap<&str, Vec<String>> = edit
        .terms
        .iter()
        .map(|(t, now)| {
            let was = before.remove(t.as_str()).unwrap_or_default();
            (t.as_str(), new_lines(t, was, now, &edit.docs, docs))
        })
        .collect();

    let mut stream = Stream {
        packer: Packer::new(memo),
        open: None,
        placed: HashSet::new(),
        fresh: &fresh,
    };
    let mut k = 0;
    while k < n {
        let shard = &old[k];
        let continued = shard.continues && stream.open.as_deref() == Some(&shard.first);
        if !continued {
            stream.end_term();
        }
        if !read[k] && shard.starts_pack && !continued && stream.packer.is_empty() {
            k = stream.keep(old, k, file)?;
            continue;
        }
        let text = match texts[k].take() {
            Some(text) => text,
            None => unzip(file(&shard.path())?)?,
        };
        stream.rewrite(&text, &home[k]);
        k += 1;
    }
    stream.end_term();
    Some(stream.packer.finish())
}

/// Each edited term's home: the shard whose range its new lines fall in
/// (the last one starting before it); and which shards are read: the
/// homes, every shard that holds a line of an edited term, and back from
/// each to where the packer started empty.
fn homes<'e>(old: &[Shard], edit: &'e Edit) -> (Vec<Vec<&'e str>>, Vec<bool>) {
    let n = old.len();
    let mut home: Vec<Vec<&str>> = vec![Vec::new(); n];
    let mut read = vec![false; n];
    for t in edit.terms.keys() {
        let p = old.partition_point(|s| s.first.as_str() < t.as_str());
        let a = p.saturating_sub(1);
        home[a].push(t);
        read[a] = true;
        for q in p..n {
            if old[q].first != *t {
                break;
            }
            read[q] = true;
        }
    }
    for k in (1..n).rev() {
        if read[k] && !old[k].starts_pack {
            read[k - 1] = true;
        }
    }
    (home, read)
}

/// The text of each shard to read, and the old postings of every edited
/// term found in them. `None` when a file is missing or unreadable.
fn old_postings<'e>(
    old: &[Shard],
    read: &[bool],
    file: &dyn Fn(&str) -> Option<Content>,
    edit: &'e Edit,
) -> Option<ReadShards<'e>> {
    let mut texts: Vec<Option<String>> = vec![None; old.len()];
    let mut before: BTreeMap<&str, Postings> = BTreeMap::new();
    for k in (0..old.len()).filter(|&k| read[k]) {
        let text = texts[k].insert(unzip(file(&old[k].path())?)?);
        for l in text.split_inclusive('\n') {
            if let Some((t, _)) = edit.terms.get_key_value(term_of(l)) {
                before.entry(t).or_default().extend(line::parse(l)?.2);
            }
        }
    }
    Some((texts, before))
}

/// The packer fed line by line, ending each term before the next begins.
struct Stream<'a, 'm> {
    packer: Packer<'m>,
    /// The term whose lines were given last, not yet ended.
    open: Option<String>,
    /// Edited terms whose new lines were given.
    placed: HashSet<&'a str>,
    fresh: &'a BTreeMap<&'a str, Vec<String>>,
}

impl<'a> Stream<'a, '_> {
    /// The old shards from `k` as they are, up to the next place the
    /// packer started empty; the index after them.
    fn keep(
        &mut self,
        old: &[Shard],
        mut k: usize,
        file: &dyn Fn(&str) -> Option<Content>,
    ) -> Option<usize> {
        loop {
            let path = old[k].path();
            let content = file(&path)?;
            self.packer
                .keep(old[k].clone(), OutputFile { path, content });
            k += 1;
            if k == old.len() || old[k].starts_pack {
                return Some(k);
            }
        }
    }

    /// A read shard's lines, with the new lines of the edited terms whose
    /// home it is (`homes`, sorted) put in their places.
    fn rewrite(&mut self, text: &str, homes: &[&'a str]) {
        let mut homes = homes.iter().peekable();
        for l in text.split_inclusive('\n') {
            let term = term_of(l);
            while let Some(t) = homes.next_if(|t| **t < term) {
                self.place(t);
            }
            if let Some((t, _)) = self.fresh.get_key_value(term) {
                homes.next_if(|h| *h == t);
                self.place(t);
            } else {
                self.line(term, l);
            }
        }
        for t in homes {
            self.place(t);
        }
    }

    fn end_term(&mut self) {
        if let Some(t) = self.open.take() {
            self.packer.end_term(is_cut(&t));
        }
    }

    fn line(&mut self, term: &str, line: &str) {
        if self.open.as_deref() != Some(term) {
            self.end_term();
            self.open = Some(term.to_string());
        }
        self.packer.line(line);
    }

    /// The new lines of edited term `t`, once.
    fn place(&mut self, t: &'a str) {
        if !self.placed.insert(t) {
            return;
        }
        for l in &self.fresh[t] {
            self.line(t, l);
        }
    }
}

/// A term's lines after the edit: its postings outside the edited documents
/// as they were, with its postings in them now; weights from the new
/// document frequencies.
fn new_lines(term: &str, was: Postings, now: &Postings, edited: &[u32], docs: u32) -> Vec<String> {
    let mut postings: Postings = was
        .into_iter()
        .filter(|(d, _)| edited.binary_search(d).is_err())
        .chain(now.iter().copied())
        .collect();
    postings.sort_by_key(|(d, _)| *d);
    term_lines(&TermCounts::new(term.to_string(), postings, docs))
}

fn unzip(content: Content) -> Option<String> {
    String::from_utf8(gunzip(&content.whole())?).ok()
}

#[cfg(test)]
mod tests {
    use super::super::shards::shards;
    use super::*;

    /// Term → postings, for building test corpora.
    type Corpus = BTreeMap<String, Postings>;

    fn index(corpus: &Corpus, docs: u32) -> Vec<TermCounts> {
        corpus
            .iter()
            .filter(|(_, p)| !p.is_empty())
            .map(|(t, p)| TermCounts::new(t.clone(), p.clone(), docs))
            .collect()
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    const DOCS: u32 = 2000;

    /// A common term over several shards, many rare terms, and a stretch
    /// of terms with huge counts that compress badly (so some shards are
    /// split for size and do not start a pack).
    fn corpus(rng: &mut Rng) -> Corpus {
        let mut c = Corpus::new();
        c.insert(
            "common".into(),
            (0..DOCS).map(|d| (d, [0, 0, 1, 1 + d % 7])).collect(),
        );
        for i in 0..40_000u32 {
            let huge = (12_000..12_400).contains(&i);
            let n = if huge { 60 } else { 1 + rng.next(3) };
            let mut p: Postings = (0..n)
                .map(|_| {
                    let mut counts = [0u32; NF];
                    if huge {
                        counts = std::array::from_fn(|_| rng.next(1 << 31) as u32 + 1);
                    } else {
                        counts[rng.next(NF as u64) as usize] = 1 + rng.next(4) as u32;
                    }
                    (rng.next(u64::from(DOCS)) as u32, counts)
                })
                .collect();
            p.sort_by_key(|x| x.0);
            p.dedup_by_key(|x| x.0);
            c.insert(format!("t{i:05}"), p);
        }
        c
    }

    /// Changes the postings of a few documents: counts changed, terms
    /// dropped, terms new to the index (before all, after all, between).
    fn edit(c: &mut Corpus, rng: &mut Rng) -> Edit {
        let docs: Vec<u32> = {
            let mut d: Vec<u32> = (0..1 + rng.next(4))
                .map(|_| rng.next(u64::from(DOCS)) as u32)
                .collect();
            d.sort_unstable();
            d.dedup();
            d
        };
        let before = c.clone();
        let names: Vec<String> = c.keys().cloned().collect();
        for &d in &docs {
            for _ in 0..1 + rng.next(6) {
                let t = match rng.next(4) {
                    0 => names[rng.next(names.len() as u64) as usize].clone(),
                    1 => format!("t{:05}x", rng.next(40_000)),
                    2 => ["0first", "common", "zzlast", "commonz"][rng.next(4) as usize].into(),
                    _ => format!("t{:05}", rng.next(40_000)),
                };
                let p = c.entry(t).or_default();
                p.retain(|x| x.0 != d);
                if rng.next(3) > 0 {
                    let mut counts = [0u32; NF];
                    counts[rng.next(NF as u64) as usize] = 1 + rng.next(9) as u32;
                    p.push((d, counts));
                    p.sort_by_key(|x| x.0);
                }
            }
        }
        let in_docs = |p: Option<&Postings>| -> Postings {
            p.into_iter()
                .flatten()
                .filter(|x| docs.contains(&x.0))
                .copied()
                .collect()
        };
        let terms = c
            .keys()
            .chain(before.keys())
            .filter_map(|t| {
                let now = in_docs(c.get(t));
                (now != in_docs(before.get(t))).then(|| (t.clone(), now))
            })
            .collect();
        Edit { docs, terms }
    }

    /// A patch gives the same shards and files as packing anew, edit after
    /// edit, and reads few of the old shards.
    #[test]
    fn patched_shards_are_those_made_anew() {
        let memo = GzipMemo::default();
        let mut rng = Rng(11);
        let mut c = corpus(&mut rng);
        let (mut old, mut files) = shards(&index(&c, DOCS), &memo);
        assert!(old.len() > 20, "{}", old.len());
        assert!(
            old.iter().any(|s| !s.starts_pack),
            "some shard is split for size"
        );
        for round in 0..25 {
            let e = edit(&mut c, &mut rng);
            let by_path: BTreeMap<String, Vec<u8>> = files
                .iter()
                .map(|f| (f.path.clone(), f.content.whole().into_owned()))
                .collect();
            let reads = std::cell::Cell::new(0);
            let file = |p: &str| {
                reads.set(reads.get() + 1);
                Some(Content::Whole(by_path.get(p)?.clone()))
            };
            let (shards_p, files_p) = patch(&old, &file, &e, DOCS, &memo).unwrap();
            let (shards_n, files_n) = shards(&index(&c, DOCS), &memo);
            assert_eq!(shards_p, shards_n, "round {round}");
            let listing = |fs: &[OutputFile]| -> Vec<(String, Vec<u8>)> {
                fs.iter()
                    .map(|f| (f.path.clone(), f.content.whole().into_owned()))
                    .collect()
            };
            assert_eq!(listing(&files_p), listing(&files_n), "round {round}");
            (old, files) = (shards_n, files_n);
            // Every shard is looked up once to be kept or read; the ones
            // read to patch twice at most. Most are only kept.
            assert!(reads.get() < old.len() * 2);
        }
        // A missing or damaged file: no patch.
        let e = edit(&mut c, &mut rng);
        assert!(patch(&old, &|_| None, &e, DOCS, &memo).is_none());
        let garbage = |_: &str| Some(Content::Whole(b"not gzip".to_vec()));
        assert!(patch(&old, &garbage, &e, DOCS, &memo).is_none());
    }
}
