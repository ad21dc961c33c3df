//! What the document has said so far about the day, the year and the zone
//! of the entries that follow, and how an entry's own date is settled
//! against it.

use super::stamp::EntryStamp;
use crate::model::DateFrom;
use crate::parse::dates::{self, DateHit, Order};
use chrono::{Datelike, NaiveDate, NaiveTime};
use regex::Regex;
use std::sync::LazyLock;

/// What the whole document says about dates, read before the timeline.
#[derive(Debug, Clone, Default)]
pub struct DocDates {
    /// The incident date and where it came from (`Incident` or `FileName`).
    pub incident: Option<(NaiveDate, DateFrom)>,
    /// `Some(true)` when the document's numeric dates are written month
    /// first (a `07-27-2023` somewhere), `Some(false)` day first.
    pub month_first: Option<bool>,
    /// The zone the document's metadata states (`started: … KST`), for
    /// timelines that state none of their own.
    pub zone: Option<(String, Option<i32>)>,
    /// The day the file is about by any account (the file name's date
    /// included): only to choose between the two readings of `01-06-2025`.
    pub near: Option<NaiveDate>,
    /// A year the document states without a day (`December 2025`), for
    /// month-day entries when nothing nearer gives one.
    pub year: Option<i32>,
}

impl DocDates {
    /// The zone a metadata timestamp states (`2024-12-03 10:05 KST`).
    pub fn zone_of(value: &str) -> Option<(String, Option<i32>)> {
        super::stamp::leading(value)?.zone
    }

    /// Reads the numeric-date habit of a whole text: month first when some
    /// date can only be read that way and none only the other way; when no
    /// date settles it, the reading that keeps the text's dates closest
    /// together (`08-01`, `11-01`, `12-01-2026` are days of one January).
    pub fn numeric_habit(text: &str) -> Option<bool> {
        let (mut us, mut eu) = (false, false);
        let mut either = Vec::new();
        let mut rest = text;
        while let Some((hit, at)) = dates::find(rest) {
            match hit.month_first {
                Some(true) => us = true,
                Some(false) => eu = true,
                None if hit.order == Order::Either && hit.year.is_some() => either.push(hit),
                None => {}
            }
            rest = &rest[at + hit.len.max(1)..];
        }
        match (us, eu) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            (false, false) => closest_reading(&either),
            _ => None,
        }
    }
}

/// Month first (`true`) or day first, whichever spans fewer days; `None`
/// when both span the same or fewer than two dates were read.
fn closest_reading(hits: &[DateHit]) -> Option<bool> {
    let span = |swap: bool| {
        let days: Vec<NaiveDate> = hits
            .iter()
            .filter_map(|h| {
                if swap {
                    h.swapped()?.on(None)
                } else {
                    h.on(None)
                }
            })
            .collect();
        let (min, max) = (days.iter().min()?, days.iter().max()?);
        (days.len() == hits.len()).then(|| (*max - *min).num_days())
    };
    if hits.len() < 2 {
        return None;
    }
    match (span(false), span(true)) {
        (Some(a), Some(b)) if a < b => Some(true),
        (Some(a), Some(b)) if b < a => Some(false),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        _ => None,
    }
}

/// The running context while reading a timeline.
#[derive(Debug, Clone, Default)]
pub(super) struct Context {
    pub date: Option<NaiveDate>,
    pub from: Option<DateFrom>,
    /// A year stated without a full date (`Date (2021)`).
    pub year: Option<i32>,
    pub zone: Option<(String, Option<i32>)>,
    /// The clock time of the entry above, to see a timeline cross midnight.
    pub last_clock: Option<NaiveTime>,
}

/// Whether a timeline going from `before` to `now` crossed midnight: the
/// clock went back by 12 hours or more. A smaller step back is an entry
/// out of order, which `check` reports, not a new day.
fn crossed_midnight(before: Option<NaiveTime>, now: Option<NaiveTime>) -> bool {
    match (before, now) {
        (Some(b), Some(n)) => b - n >= chrono::TimeDelta::hours(12),
        _ => false,
    }
}

/// "All times in CET", "(all times PST)", "全時刻は JST", "시각(Z)".
static ZONE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    // Not `\b`: "時刻はJSTで" has no word boundary around the zone.
    Regex::new(r"(?:^|[^A-Za-z])((?i:utc|gmt|kst|jst|pst|pdt|est|edt|cet|cest|bst|ist|aest|sgt|cst|cdt|mst|mdt)|PT|ET|CT|[+-]\d{2}:\d{2}|\(Z\))(?:[^A-Za-z]|$)").unwrap()
});
/// An entry that says it happened the day after the one before.
static NEXT_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnext day\b|다음 날|익일|翌日|\(\+1 ?d(?:ay)?\)").unwrap());
/// A date in parentheses inside an entry (`(Mar 18)`): a stated day change.
static DATE_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（]([^()（）]{3,24})[)）]").unwrap());

impl Context {
    /// The context at the top of a timeline section: the section heading's
    /// zone and date, else the document's incident date.
    pub(super) fn start(heading: &str, doc: &DocDates) -> Self {
        let mut ctx = Context::default();
        if !ctx.note_zone(heading) {
            ctx.zone = doc.zone.clone();
        }
        if !ctx.note_date(heading, doc) {
            if let Some((d, from)) = doc.incident {
                ctx.date = Some(d);
                ctx.from = Some(from);
            }
        }
        ctx
    }

    /// Takes a zone stated in `text`; says whether it found one.
    pub(super) fn note_zone(&mut self, text: &str) -> bool {
        let Some(m) = ZONE_NOTE.captures(text).and_then(|c| c.get(1)) else {
            return false;
        };
        let name = m.as_str().trim_matches(['(', ')']);
        let name = if name == "Z" { "UTC" } else { name };
        let off = crate::parse::times::leading_zone(name).and_then(|z| z.1);
        self.zone = Some((name.to_ascii_uppercase(), off));
        true
    }

    /// Takes the first date in `text` (a heading, a date line) as the day
    /// of the entries below; a lone year sets the year. Says whether a date
    /// was found.
    pub(super) fn note_date(&mut self, text: &str, doc: &DocDates) -> bool {
        if let Some((hit, _)) = dates::find(text) {
            if let Some(d) = self.resolve(&hit, doc) {
                self.date = Some(d);
                self.from = Some(DateFrom::Context);
                self.year = Some(d.year());
                // A new day starts its own clock.
                self.last_clock = None;
                return true;
            }
        }
        if let Some(y) = dates::lone_year(text) {
            self.year = Some(y);
        }
        false
    }

    /// The date a hit names, with the year and the numeric order settled
    /// from the context and the document. `None` when it cannot be settled.
    pub(super) fn resolve(&self, hit: &DateHit, doc: &DocDates) -> Option<NaiveDate> {
        let year = hit
            .year
            .or(self.year)
            .or(self.date.map(|d| d.year()))
            .or(doc.incident.map(|(d, _)| d.year()))
            .or(doc.near.map(|d| d.year()))
            .or(doc.year);
        let a = hit.on(year);
        if hit.order == Order::Fixed {
            return a;
        }
        let b = hit.swapped().and_then(|h| h.on(year));
        match doc.month_first {
            Some(true) => a,
            Some(false) => b,
            None => {
                // The reading nearer the day the document is about.
                let near = self.date.or(doc.incident.map(|(d, _)| d)).or(doc.near)?;
                let dist = |d: Option<NaiveDate>| d.map(|d| (d - near).num_days().abs());
                match (dist(a), dist(b)) {
                    (Some(x), Some(y)) if x < y => a,
                    (Some(x), Some(y)) if y < x => b,
                    _ => None,
                }
            }
        }
    }

    /// The date of one entry: its own (which becomes the context), a stated
    /// day change, or the context's. Also whether its own date could not be
    /// settled.
    pub(super) fn date_for(
        &mut self,
        st: &EntryStamp,
        doc: &DocDates,
    ) -> (Option<NaiveDate>, bool) {
        let last_clock = self.last_clock;
        self.last_clock = st.time.or(last_clock);
        if let Some(hit) = &st.date {
            return match self.resolve(hit, doc) {
                Some(d) => {
                    self.date = Some(d);
                    self.from = Some(DateFrom::Entry);
                    (Some(d), false)
                }
                None => (None, true),
            };
        }
        let change = if st.next_day {
            self.date.and_then(|d| d.succ_opt())
        } else {
            self.stated_change(&st.rest, doc)
        };
        if let Some(d) = change {
            self.date = Some(d);
            self.from = Some(DateFrom::Rollover);
        } else if crossed_midnight(last_clock, st.time) {
            self.date = self.date.and_then(|d| d.succ_opt());
            self.from = self.date.and(Some(DateFrom::Midnight));
        }
        (self.date, false)
    }

    /// A day change the entry's text states: "next day", "(Mar 18)".
    fn stated_change(&self, text: &str, doc: &DocDates) -> Option<NaiveDate> {
        if NEXT_DAY.is_match(text) {
            return self.date?.succ_opt();
        }
        let inner = DATE_IN_PARENS.captures(text)?;
        let hit = dates::leading(inner[1].trim())?;
        self.resolve(&hit, doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(month_first: Option<bool>, incident: Option<&str>) -> DocDates {
        DocDates {
            incident: incident.map(|d| (d.parse().unwrap(), DateFrom::Incident)),
            month_first,
            zone: None,
            near: None,
            year: None,
        }
    }

    #[test]
    fn ambiguous_numeric_dates_follow_the_document() {
        let hit = dates::leading("01-10-2024").unwrap();
        let ctx = Context::default();
        assert_eq!(
            ctx.resolve(&hit, &doc(Some(true), None))
                .unwrap()
                .to_string(),
            "2024-01-10"
        );
        assert_eq!(
            ctx.resolve(&hit, &doc(Some(false), None))
                .unwrap()
                .to_string(),
            "2024-10-01"
        );
        assert_eq!(
            ctx.resolve(&hit, &doc(None, Some("2024-09-28")))
                .unwrap()
                .to_string(),
            "2024-10-01"
        );
        assert_eq!(ctx.resolve(&hit, &doc(None, None)), None);
        assert_eq!(
            DocDates::numeric_habit("01-10-2024 and 01-24-2024"),
            Some(true)
        );
        assert_eq!(DocDates::numeric_habit("14-03-2023 - title"), Some(false));
        let lb = "# 12-01-2026 - down\n- 08-01-2026 expired\n- 11-01-2026 10:00 failures";
        assert_eq!(DocDates::numeric_habit(lb), Some(false));
        assert_eq!(DocDates::numeric_habit("only 01-10-2024"), None);
    }

    #[test]
    fn headings_set_day_year_and_zone() {
        let d = doc(None, None);
        let ctx = Context::start(
            "Timeline (all times PST ) Saturday Oct 30th 2021 - Sunday",
            &d,
        );
        assert_eq!(ctx.date.unwrap().to_string(), "2021-10-30");
        assert_eq!(ctx.zone.as_ref().unwrap().0, "PST");
        let mut ctx = Context::default();
        assert!(!ctx.note_date("Date (2021)", &d));
        assert_eq!(ctx.year, Some(2021));
    }

    #[test]
    fn stated_day_changes() {
        let d = doc(None, Some("2024-03-17"));
        let mut ctx = Context::start("Timeline", &d);
        let st = super::super::stamp::leading("00:10 (Mar 18) backlog cleared").unwrap();
        assert_eq!(ctx.date_for(&st, &d).0.unwrap().to_string(), "2024-03-18");
        let st = super::super::stamp::leading("09:00 다음 날 재배포").unwrap();
        assert_eq!(ctx.date_for(&st, &d).0.unwrap().to_string(), "2024-03-19");
        assert_eq!(ctx.from, Some(DateFrom::Rollover));
    }
}
