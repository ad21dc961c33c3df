//! When one timeline entry says it happened: the run of date, weekday, time
//! and zone at its start, in any order (`12:45 PM PST Saturday Oct 30th:`,
//! `June 14th, 2022, 10:00 AM:`, `10/20/2022 - 15:38 CST -`), or at its end
//! (`… deployed the contract at 2021-02-13 5:37 AM +UTC`).

use crate::parse::dates::{self, DateHit};
use crate::parse::times::{leading_clock, leading_zone};
use chrono::NaiveTime;
use regex::Regex;
use std::sync::LazyLock;

/// What an entry's stamp states, before the context fills the gaps.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct EntryStamp {
    pub date: Option<DateHit>,
    pub time: Option<NaiveTime>,
    pub seconds: bool,
    /// A time was written but cannot be read exactly (`13:3x`, `--:--`).
    pub unreadable_time: bool,
    /// The end of a range (`14:20-16:00`).
    pub end: Option<NaiveTime>,
    /// The zone as written and its offset in minutes when known.
    pub zone: Option<(String, Option<i32>)>,
    /// The stamp exactly as written.
    pub raw: String,
    /// The entry's text without the stamp and its separators.
    pub rest: String,
    /// The stamp opens with "next day" (`다음 날 오전 1:05`).
    pub next_day: bool,
}

impl EntryStamp {
    fn states_something(&self) -> bool {
        self.date.is_some() || self.time.is_some() || self.unreadable_time
    }
}

/// Placeholders and half-known times: `13:3x`, `--:--`, `HH:mm`, `??:??`.
static UNREADABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d{1,2}:\d?[x?]{1,2}|--:--|hh:mm|\?\?:\?\?|\d{1,2}:\?\?)").unwrap()
});
/// What a range's end looks like after the start time.
static RANGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:-|–|~|〜|～|to)\s*").unwrap());
/// Words around a time that only say it is approximate or a bound.
const HEDGES: [&str; 11] = [
    "approx.",
    "approximately",
    "approx",
    "ca.",
    "around",
    "about",
    "~",
    "≈",
    "頃",
    "경",
    "ごろ",
];
const AFTERS: [&str; 6] = ["이후", "이전", "頃", "경", "ごろ", "+"];

/// Decorations people put around stamps: emphasis, brackets, commas.
fn skip_decor(s: &str) -> usize {
    let mut rest = s;
    loop {
        let t = rest.trim_start_matches([' ', '\t', '*', '_', '`', '[', '(', ',', '@', '（']);
        let t = HEDGES
            .iter()
            .find_map(|h| t.strip_prefix(h))
            .map_or(t, |x| {
                // A hedge word must end at a word boundary.
                if x.starts_with(|c: char| c.is_alphanumeric()) && !t.starts_with(['~', '≈']) {
                    t
                } else {
                    x
                }
            });
        if t.len() == rest.len() {
            return s.len() - rest.len();
        }
        rest = t;
    }
}

/// A separator between two parts of a stamp (`-`, `:`, `/`, `|`, `at`).
fn joiner(s: &str) -> Option<usize> {
    let t = s.trim_start();
    let ws = s.len() - t.len();
    let j = ["-", "–", "—", ":", "/", "|", "at ", "on "]
        .iter()
        .find(|j| t.starts_with(**j))?;
    Some(ws + j.len())
}

/// Whether a date, time or zone starts right after the decorations of `s`.
fn part_follows(s: &str, have_zone: bool) -> bool {
    let t = &s[skip_decor(s)..];
    dates::leading(t).is_some()
        || leading_clock(t).is_some()
        || UNREADABLE.is_match(t)
        || (!have_zone && leading_zone(t).is_some_and(|(_, _, n)| n > 1))
}

/// Words before a time that move it to the day after the previous entry.
const NEXT_DAY: [&str; 5] = ["다음 날", "익일", "翌日", "next day", "the next day"];

/// Reads the stamp at the start of `text`, if it has one.
pub(super) fn leading(text: &str) -> Option<EntryStamp> {
    let mut st = EntryStamp::default();
    let mut pos = 0;
    let lead = &text[skip_decor(text)..];
    if let Some(w) = NEXT_DAY.iter().find(|w| {
        lead.get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w))
    }) {
        let after = text.len() - lead.len() + w.len();
        if part_follows(text[after..].trim_start_matches([',', ' ']), false) {
            st.next_day = true;
            pos = after;
        }
    }
    let mut stamp_end = 0;
    loop {
        let at = pos + skip_decor(&text[pos..]);
        let s = &text[at..];
        if let Some(n) =
            dates::weekday_len(s).filter(|_| st.states_something() || dates::leading(s).is_some())
        {
            pos = at + n;
            continue;
        }
        if st.date.is_none() && st.time.is_none() {
            if let Some(hit) = dates::leading(s) {
                st.date = Some(hit);
                pos = at + hit.len;
                stamp_end = pos;
                continue;
            }
        }
        if st.date.is_none() && st.time.is_some() {
            if let Some(hit) =
                dates::leading(s).filter(|h| h.year.is_some() || h.order == dates::Order::Fixed)
            {
                st.date = Some(hit);
                pos = at + hit.len;
                stamp_end = pos;
                continue;
            }
        }
        if st.time.is_none() && !st.unreadable_time {
            if let Some(n) = read_time(s, &mut st) {
                pos = at + n;
                stamp_end = pos;
                continue;
            }
        }
        if st.states_something() {
            if let Some(end) = conversion(&text[pos..at], s) {
                // `03:40（UTC 07-24 18:40）`: the same moment in another
                // zone; the entry's own stamp is the one before it.
                stamp_end = at + end;
                break;
            }
        }
        if st.zone.is_none() && st.states_something() {
            if let Some((name, off, n)) = leading_zone(s) {
                st.zone = Some((name, off));
                pos = at + n;
                stamp_end = pos;
                continue;
            }
        }
        if st.states_something() {
            if let Some(j) = joiner(&text[pos..]) {
                if part_follows(&text[pos + j..], st.zone.is_some()) {
                    pos += j;
                    continue;
                }
            }
        }
        break;
    }
    if !st.states_something() {
        return None;
    }
    st.raw = text[..stamp_end]
        .trim_matches(|c: char| c.is_whitespace() || "*_`[(~".contains(c))
        .to_string();
    st.rest = tidy_rest(&text[stamp_end..]);
    Some(st)
}

/// A parenthesis that gives the stamp again in another zone, zone first
/// (`(UTC 03:43)`, `（UTC 07-24 18:40）`): `skipped` is what the
/// decorations took before `s`. Returns the bytes of `s` up to and with
/// the closing parenthesis.
fn conversion(skipped: &str, s: &str) -> Option<usize> {
    if !skipped.contains(['(', '（']) {
        return None;
    }
    let (_, _, n) = leading_zone(s)?;
    let after = s[n..].trim_start();
    if dates::leading(after).is_none() && leading_clock(after).is_none() {
        return None;
    }
    let close = s.find([')', '）'])?;
    Some(close + s[close..].chars().next()?.len_utf8())
}

/// Reads a clock time, a range's end and hedges after it; bytes used.
fn read_time(s: &str, st: &mut EntryStamp) -> Option<usize> {
    let mut used = if let Some((t, seconds, n)) = leading_clock(s) {
        st.time = Some(t);
        st.seconds = seconds;
        n
    } else {
        let m = UNREADABLE.find(s)?;
        st.unreadable_time = true;
        m.end()
    };
    if let Some(r) = RANGE.find(&s[used..]) {
        let after = used + r.end();
        if let Some((end, _, n)) = leading_clock(&s[after..]) {
            st.end = Some(end);
            used = after + n;
        } else if let Some(m) = UNREADABLE.find(&s[after..]) {
            used = after + m.end();
        }
    }
    loop {
        let t = s[used..].trim_start();
        match AFTERS.iter().find(|a| t.starts_with(**a)) {
            Some(a) => used = s.len() - t.len() + a.len(),
            None => break,
        }
    }
    Some(used)
}

/// The text after a stamp, without the separators and emphasis around it.
fn tidy_rest(s: &str) -> String {
    s.trim_start_matches(|c: char| c.is_whitespace() || "*_`])）~".contains(c))
        .trim_start_matches(['—', '–', '-', ':', '|', '=', '：'])
        .trim_start_matches(|c: char| c.is_whitespace() || "*_`".contains(c))
        .trim()
        .to_string()
}

/// Words that lead into a stamp written inside an entry's text.
const AT: [&str; 3] = ["at", "on", "@"];

/// A stamp that ends the entry (`… at 2021-02-13 5:37 AM +UTC.`), with a
/// date and a time. The rest is the text before it.
pub(super) fn trailing(text: &str) -> Option<EntryStamp> {
    let body = text.trim_end_matches(['.', ')', ' ', '*', '_']);
    let from = body.len().saturating_sub(48);
    body.char_indices()
        .filter(|&(i, c)| i >= from && c.is_ascii_alphanumeric())
        .filter(|&(i, _)| !body[..i].ends_with(|p: char| p.is_ascii_alphanumeric() || p == ':'))
        .find_map(|(i, _)| {
            let st = leading(&body[i..])?;
            let whole = st.rest.is_empty() && st.time.is_some() && st.date.is_some();
            whole.then(|| {
                let before = body[..i].trim_end().trim_end_matches(['(', ',']);
                let before = AT
                    .iter()
                    .find_map(|w| before.strip_suffix(w))
                    .unwrap_or(before);
                EntryStamp {
                    rest: before.trim_end().to_string(),
                    ..st
                }
            })
        })
}

/// A stamp inside a bullet after "at" or "on" (`Attack started at
/// Feb-08-2021 08:10:01 PM +UTC with a series of swaps`), with a date and a
/// time, when the bullet holds exactly one. The rest is the text around it.
pub(super) fn inner(text: &str) -> Option<EntryStamp> {
    let mut found = text.match_indices(' ').filter_map(|(i, _)| {
        let before = text[..i].trim_end();
        let word = before.rsplit(' ').next()?;
        if !AT.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            return None;
        }
        let st = leading(&text[i + 1..]).filter(|st| st.date.is_some() && st.time.is_some())?;
        let head = before[..before.len() - word.len()].trim_end();
        let rest = [head, st.rest.as_str()].join(" ").trim().to_string();
        Some(EntryStamp { rest, ..st })
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (
        Option<(Option<i32>, u32, u32)>,
        Option<String>,
        Option<String>,
        String,
    );

    fn read(s: &str) -> Read {
        let st = leading(s).unwrap_or_else(|| panic!("no stamp in {s:?}"));
        (
            st.date.map(|d| (d.year, d.month, d.day)),
            st.time.map(|t| t.format("%H:%M").to_string()),
            st.zone.map(|z| z.0),
            st.rest,
        )
    }

    #[test]
    fn date_and_time_in_either_order() {
        let r = read("12:45 PM PST Saturday Oct 30th: Gas prices pass the cap");
        assert_eq!(r.0, Some((None, 10, 30)));
        assert_eq!(r.1.as_deref(), Some("12:45"));
        assert_eq!(r.2.as_deref(), Some("PST"));
        assert_eq!(r.3, "Gas prices pass the cap");
        let r = read("13:20 PM PST Saturday Oct 30th : Alert fires");
        assert_eq!(
            (r.1.as_deref(), r.3.as_str()),
            (Some("13:20"), "Alert fires")
        );
        let r = read("June 14th, 2022, 10:00 AM: The report arrived");
        assert_eq!(
            (r.0, r.1.as_deref()),
            (Some((Some(2022), 6, 14)), Some("10:00"))
        );
        assert_eq!(r.3, "The report arrived");
        let r = read("10/20/2022 - 15:38 CST - Node restarted");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref(), r.3.as_str()),
            (Some("15:38"), Some("CST"), "Node restarted")
        );
        let r = read("10:05 12th Sep 2023 - commit split the module");
        assert_eq!(
            (r.0, r.3.as_str()),
            (Some((Some(2023), 9, 12)), "commit split the module")
        );
        let r = read("07-27-2023 2:14 pm - PR approved");
        assert_eq!(
            (r.1.as_deref(), r.3.as_str()),
            (Some("14:14"), "PR approved")
        );
    }

    #[test]
    fn ranges_hedges_and_unreadable_times() {
        let st = leading("14:20-16:00 Through the next two hours").unwrap();
        assert_eq!(
            st.end.map(|t| t.format("%H:%M").to_string()).as_deref(),
            Some("16:00")
        );
        assert_eq!(st.rest, "Through the next two hours");
        assert_eq!(
            read("2025-01-09 ~16:00 UTC: Rollback").1.as_deref(),
            Some("16:00")
        );
        assert_eq!(read("03:00경 CDN 404 시작").3, "CDN 404 시작");
        assert_eq!(read("10:17:20 이후 재시도").1.as_deref(), Some("10:17"));
        let st = leading("13:3x 원인 확정").unwrap();
        assert!(st.unreadable_time && st.time.is_none());
        assert_eq!(st.rest, "원인 확정");
        assert_eq!(read("February 15, 2024: 7:56am UTC").3, "");
        assert!(leading("Deploy of 2.6.3 went out").is_none());
        assert!(leading("Problem starts").is_none());
    }

    #[test]
    fn a_zone_before_a_converted_time_is_not_the_entry_s() {
        let r = read("03:40（UTC 07-24 18:40） the first deploy run stalls");
        assert_eq!((r.0, r.1.as_deref(), r.2), (None, Some("03:40"), None));
        assert_eq!(r.3, "the first deploy run stalls");
        let r = read("2026-03-25 18:11 (UTC 09:11) | latency spikes");
        assert_eq!((r.1.as_deref(), r.2), (Some("18:11"), None));
        assert_eq!(r.3, "latency spikes");
        // A zone alone in parentheses is the entry's own.
        let r = read("18:11 (UTC) latency spikes");
        assert_eq!(
            (r.2.as_deref(), r.3.as_str()),
            (Some("UTC"), "latency spikes")
        );
    }

    #[test]
    fn stamps_at_the_end() {
        let st = trailing("Attacker deployed the contract at 2021-02-13 5:37 AM +UTC").unwrap();
        assert_eq!(st.rest, "Attacker deployed the contract");
        assert_eq!(st.zone.map(|z| z.0).as_deref(), Some("UTC"));
        assert!(trailing("Version 2.6.3 shipped on 2021-02-13").is_none());
        let st = inner("Attack started at Feb-08-2021 08:10:01 PM +UTC with three swaps").unwrap();
        assert_eq!(st.rest, "Attack started with three swaps");
        assert!(
            inner("Deployed at 2024-03-01 10:00 and rolled back on 2024-03-01 10:30").is_none()
        );
        assert!(inner("Deployed at noon on Friday").is_none());
        let st = trailing("Pool drained at Feb-08-2021 06:17:19 PM +UTC").unwrap();
        assert_eq!(st.rest, "Pool drained");
        assert_eq!(st.time.map(|t| t.to_string()).as_deref(), Some("18:17:19"));
    }
}
