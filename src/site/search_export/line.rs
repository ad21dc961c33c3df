//! One term line of a shard, both ways: `term\tdocs\tcounts\tweights\n`
//! (docs/src/search-index.md). Written by every build; read back by a rebuild
//! that patches the shards an edit changed ([`super::patch`]) and by tests.

use crate::analyze::bm25::TermCounts;
use crate::analyze::scorer::NF;

/// Most postings on one line: a very common term is split over several
/// lines (and shards), so no shard outgrows [`super::shards::SHARD_MAX`].
const MAX_POSTINGS_PER_LINE: usize = 4000;
/// Base 36, lower case: the shortest digits JavaScript's parseInt reads.
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

/// One parsed line: term, weights, (document, counts per field) postings.
pub(super) type Line<'a> = (&'a str, [Option<f32>; NF], Vec<(u32, [u32; NF])>);

/// Parses one line as [`term_lines`] writes it; `None` when it is not one.
pub(super) fn parse(line: &str) -> Option<Line<'_>> {
    let num = |s: &str| u32::from_str_radix(s, 36).ok();
    let mut parts = line.strip_suffix('\n').unwrap_or(line).split('\t');
    let term = parts.next()?;
    let (docs, counts, weights) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let mut w = weights.split('.');
    let mut weights = [None; NF];
    for slot in &mut weights {
        let s = w.next()?;
        if !s.is_empty() {
            *slot = Some(f32::from_bits(num(s)?));
        }
    }
    let mut prev = 0u32;
    let mut postings = Vec::new();
    let (mut docs, mut counts) = (docs.split(','), counts.split(','));
    for (i, (d, c)) in docs.by_ref().zip(counts.by_ref()).enumerate() {
        let d = num(d)?;
        prev = if i == 0 { d } else { prev.checked_add(d)? };
        let mut per_field = [0; NF];
        if c.contains('.') {
            let mut c = c.split('.');
            for slot in &mut per_field {
                let s = c.next()?;
                *slot = if s.is_empty() { 0 } else { num(s)? };
            }
        } else {
            per_field[NF - 1] = num(c)?;
        }
        postings.push((prev, per_field));
    }
    // As many counts as documents.
    if docs.next().is_some() || counts.next().is_some() {
        return None;
    }
    Some((term, weights, postings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_long_terms_split() {
        let mut t = TermCounts {
            term: "the".into(),
            weights: [Some(0.1), None, Some(3.25), Some(f32::MAX)],
            postings: (0..10_000u32)
                .map(|d| (d * 3, [0, 0, 0, 1 + d % 5000]))
                .collect(),
        };
        // Counts in other fields than the body, and in several.
        t.postings[7].1 = [2, 0, 1, 0];
        t.postings[9000].1 = [1, 0, 0, 35];
        let lines = term_lines(&t);
        assert_eq!(lines.len(), 3);
        let back: Vec<Line> = lines.iter().map(|l| parse(l).unwrap()).collect();
        assert!(back
            .iter()
            .all(|(term, w, _)| *term == "the" && *w == t.weights));
        let postings: Vec<_> = back.into_iter().flat_map(|l| l.2).collect();
        assert_eq!(postings, t.postings);
        assert!(lines[0].starts_with("the\t0,3,3,"));
        assert!(lines[0].contains("\t1,2,3,4,5,6,7,2..1.,9,"));
    }

    #[test]
    fn malformed_lines_are_refused() {
        let t = TermCounts {
            term: "db".into(),
            weights: [None, Some(2.5), None, Some(0.75)],
            postings: vec![(3, [0, 1, 0, 2]), (40, [0, 0, 0, 7])],
        };
        let line = term_lines(&t).remove(0);
        let (term, weights, postings) = parse(&line).unwrap();
        assert_eq!((term, weights, &postings), ("db", t.weights, &t.postings));
        for bad in [
            "db\t3,1\t1\t.\t.\n",
            "db\t3\t1,2\t...\n",
            "db\t3\tz!\t...\n",
            "db\t3\t1\t..\n",
            "db\t3\t1\n",
            "db\t3\t1\t...\textra\n",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
