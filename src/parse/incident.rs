//! The day an incident happened, and what the whole document says about
//! dates before its timeline is read: where the incident date came from,
//! whether numeric dates are written month first, and which day the file is
//! about when nothing says more.

use super::dates;
use super::timeline::DocDates;
use super::times;
use crate::model::{DateFrom, Diagnostic, Level, Meta};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// Where the incident date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A metadata key (`date`, `started`) in front matter or a key line.
    Key(&'static str),
    /// The title heading.
    Title,
    /// The file name: the document itself does not state the day.
    FileName,
    /// The file name's day, which the text states too, first at this body
    /// offset.
    Text(usize),
}

impl Found {
    /// How a timeline names this source of its dates.
    pub fn date_from(self) -> DateFrom {
        match self {
            Found::FileName => DateFrom::FileName,
            _ => DateFrom::Incident,
        }
    }
}

/// The incident date and where it came from: front matter (or a key line)
/// `started`, else `date`, else a date in the title, else a date at the
/// start of the file name.
pub fn incident_date(
    meta: &Meta,
    h1: Option<&str>,
    stem: &str,
    body: &str,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, Found)> {
    if let Some((date, _)) = meta
        .written
        .started
        .as_deref()
        .and_then(|s| times::leading_date(s.trim()))
    {
        return Some((date, Found::Key("started")));
    }
    if let Some(d) = meta.date.as_deref() {
        match times::leading_date(d.trim()) {
            Some((date, _)) => return Some((date, Found::Key("date"))),
            None => diags.push(Diagnostic {
                level: Level::Warning,
                path: path.to_string(),
                line: None,
                message: format!("`date: {d}` (front matter or a `Date:` line) is not a date; write it as YYYY-MM-DD"),
            }),
        }
    }
    // "# 2019-01-18, …", "# Outage 3-14-22", "# … - June 5, 2024".
    let month_first = DocDates::numeric_habit(body);
    if let Some(d) = h1.and_then(|t| title_date(t, month_first)) {
        return Some((d, Found::Title));
    }
    let from_name = times::leading_date(stem).map(|(d, _)| d)?;
    match dates::find(body) {
        // The text says the same day (`# 2019-01-18, …`, a byline).
        Some((hit, at)) if hit.year.is_some() && hit.on(None) == Some(from_name) => {
            Some((from_name, Found::Text(at)))
        }
        _ => Some((from_name, Found::FileName)),
    }
}

/// Earlier days the document gives for the incident than the one it is
/// filed under: a detection date, a date its summary states, the first
/// dated timeline entry.
#[derive(Debug, Default, Clone, Copy)]
pub struct Earlier {
    /// A detection date the document states.
    pub detected: Option<NaiveDate>,
    /// A date the summary states.
    pub summary: Option<NaiveDate>,
    /// A dateline or byline near the top (see [`dateline`]).
    pub dateline: Option<NaiveDate>,
    /// The day of the first dated timeline entry.
    pub first_entry: Option<NaiveDate>,
    /// The first entry is timed in the evening (from 18:00).
    pub first_entry_evening: bool,
}

/// Which statement dates the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Began {
    /// The date the document is filed under (see [`Found`]).
    Stated,
    /// The detection date the document states.
    Detected,
    /// A date the summary states.
    Summary,
    /// A dateline or byline near the top.
    Dateline,
    /// The first dated timeline entry.
    Timeline,
}

/// The day the incident began. A date the document is filed under is often
/// the day it was written or published (security disclosures are dated by
/// publication, write-ups by the meeting), so an earlier day the text states
/// wins: the detection date, then a date the summary states, then the first
/// dated timeline entry. How far back the timeline may move it depends on
/// how deliberately the filed date was written: never past front matter; a
/// title's day only to the evening before (an incident that began before
/// midnight; an earlier entry is usually the change that caused it); a
/// day or two past a `Date:` line, which often dates the write-up; up to a
/// year past a file name. `started` always holds.
pub fn began(
    stated: Option<(NaiveDate, Found)>,
    front_matter_date: bool,
    earlier: Earlier,
) -> Option<(NaiveDate, Began)> {
    let Some((day, found)) = stated else {
        let from_text = earlier.summary.map(|d| (d, Began::Summary));
        let from_dateline = earlier.dateline.map(|d| (d, Began::Dateline));
        return from_text
            .or(from_dateline)
            .or(earlier.first_entry.map(|d| (d, Began::Timeline)));
    };
    let before = |d: &NaiveDate, days: i64| *d < day && (day - *d).num_days() <= days;
    let timeline_days = match found {
        Found::Key("started") => return Some((day, Began::Stated)),
        Found::Key(_) if front_matter_date => 0,
        Found::Title | Found::Text(_) => i64::from(earlier.first_entry_evening),
        Found::FileName => 366,
        Found::Key(_) => 2,
    };
    if let Some(d) = earlier.detected.filter(|d| before(d, 366)) {
        return Some((d, Began::Detected));
    }
    if let Some(d) = earlier.summary.filter(|d| before(d, 366)) {
        return Some((d, Began::Summary));
    }
    if let Some(d) = earlier.dateline.filter(|d| before(d, 366)) {
        return Some((d, Began::Dateline));
    }
    match earlier.first_entry.filter(|d| before(d, timeline_days)) {
        Some(d) => Some((d, Began::Timeline)),
        None => Some((day, Began::Stated)),
    }
}

/// The first day a summary states with its year: `On March 1st, 2025`, or
/// the start of a range whose year comes at its end (`Between November 3
/// and November 14, 2025`). A month and day with no year nearby is not
/// enough: a summary mentions the change that caused an incident as often
/// as the incident.
pub fn summary_date(text: &str, month_first: Option<bool>) -> Option<NaiveDate> {
    let mut rest = text;
    while let Some((hit, at)) = dates::find(rest) {
        let after = &rest[at + hit.len.max(1)..];
        let hit = match (hit.order, month_first) {
            (dates::Order::Either, Some(false)) => hit.swapped().unwrap_or(hit),
            (dates::Order::Either, None) if hit.year.is_some() => {
                rest = after;
                continue;
            }
            _ => hit,
        };
        if hit.year.is_some() {
            return day_range_start(&rest[..at], &hit).or_else(|| hit.on(None));
        }
        if let Some(d) = range_start(&hit, after) {
            return Some(d);
        }
        rest = after;
    }
    None
}

/// The first day of a range written with one month (`Between 2nd and 6th
/// December 2019`): `before` is the text before the full date.
fn day_range_start(before: &str, hit: &dates::DateHit) -> Option<NaiveDate> {
    static DAY_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|to|through|until|-|–|—)\s*$").unwrap()
    });
    let day: u32 = DAY_TO.captures(before)?[1].parse().ok()?;
    let start = NaiveDate::from_ymd_opt(hit.year?, hit.month, day)?;
    (start < hit.on(None)?).then_some(start)
}

/// A paragraph near the top of the document that is only a date
/// (`Thursday, Mar. 22, 2018`) or a byline with one (`Ana Ruiz
/// 2021-02-22.`): the day the author dates the document, with the
/// paragraph's body offset.
pub fn dateline<'a>(
    paragraphs: impl Iterator<Item = (&'a str, usize)>,
) -> Option<(NaiveDate, usize)> {
    paragraphs.take(8).find_map(|(p, at)| {
        let t = p.trim().trim_matches(['*', '_', '.', ' ']);
        let (hit, _) = dates::find(t)?;
        (super::summary::is_byline(t) && hit.year.is_some() && hit.order == dates::Order::Fixed)
            .then(|| hit.on(None).map(|d| (d, at)))
            .flatten()
    })
}

/// A yearless date that opens a range closed by a date with a year
/// (`Feb. 5th to Feb. 12th, 2018`).
fn range_start(hit: &dates::DateHit, after: &str) -> Option<NaiveDate> {
    let (end, gap) = dates::find(after)?;
    let joiner = after[..gap].trim().trim_start_matches(',').trim();
    let joins = ["to", "and", "-", "–", "—", "through", "until", "~", "〜"].contains(&joiner);
    let end_day = end.on(None)?;
    let start = hit.on(end.year)?;
    (joins && gap <= 16 && start <= end_day).then_some(start)
}

/// A full date in the title, read the way the document writes dates.
fn title_date(title: &str, month_first: Option<bool>) -> Option<NaiveDate> {
    let (hit, _) = dates::find(title)?;
    hit.year?;
    match (hit.order, month_first) {
        (dates::Order::Fixed, _) | (_, Some(true)) => hit.on(None),
        (_, Some(false)) => hit.swapped()?.on(None),
        _ => None,
    }
}

/// The incident date a clock-only timeline may take: the file name's date
/// only when the timeline itself states no other day, so that it never
/// silently contradicts the document.
fn timeline_fallback(
    incident: Option<(NaiveDate, Found)>,
    timeline_text: &str,
) -> Option<(NaiveDate, DateFrom)> {
    let incident = incident.map(|(d, found)| (d, found.date_from()));
    incident.filter(|(d, from)| {
        *from != DateFrom::FileName
            || dates::find(timeline_text).is_none_or(|(hit, _)| hit.on(Some(d.year())) == Some(*d))
    })
}

/// What the document says about dates, for its timeline sections.
pub fn doc_dates(
    meta: &Meta,
    incident: Option<(NaiveDate, Found)>,
    path: &str,
    body: &str,
    timeline_text: &str,
) -> DocDates {
    DocDates {
        incident: timeline_fallback(incident, timeline_text),
        near: incident
            .map(|(d, _)| d)
            .or_else(|| first_full_date(body))
            .or_else(|| path_month(path)),
        year: dates::lone_year(body.lines().find(|l| !l.trim().is_empty()).unwrap_or("")),
        month_first: DocDates::numeric_habit(body),
        zone: [
            &meta.written.started,
            &meta.written.detected,
            &meta.written.resolved,
        ]
        .iter()
        .find_map(|v| DocDates::zone_of(v.as_deref()?)),
    }
}

/// The first date with a year that reads only one way.
fn first_full_date(body: &str) -> Option<NaiveDate> {
    let mut rest = body;
    while let Some((hit, at)) = dates::find(rest) {
        if hit.year.is_some() && hit.order == dates::Order::Fixed {
            return hit.on(None);
        }
        rest = &rest[at + hit.len.max(1)..];
    }
    None
}

/// The first of the month of a `2026/01/` folder in the path.
fn path_month(path: &str) -> Option<NaiveDate> {
    static YM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|/)((?:19|20)\d{2})[/-](0[1-9]|1[0-2])/").unwrap());
    let c = YM.captures(path)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_a_file_is_about() {
        assert_eq!(
            path_month("2026/01/lb-cert.md").unwrap().to_string(),
            "2026-01-01"
        );
        assert_eq!(path_month("docs/pm.md"), None);
        assert_eq!(
            first_full_date("v2.6.3 on 01-10-2024 then 2024-02-03")
                .unwrap()
                .to_string(),
            "2024-02-03"
        );
        assert_eq!(
            title_date("Outage 3-14-22", None).unwrap().to_string(),
            "2022-03-14"
        );
        assert_eq!(title_date("12-01-2026 - BSEE down", None), None);
        assert_eq!(
            title_date("12-01-2026 - BSEE down", Some(false))
                .unwrap()
                .to_string(),
            "2026-01-12"
        );
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_summary_states_the_start() {
        let d = |t: &str| summary_date(t, None).map(|d| d.to_string());
        assert_eq!(
            d("On March 1st, 2025 the job failed").unwrap(),
            "2025-03-01"
        );
        assert_eq!(
            d("Between November 3 and November 14, 2025, invites failed").unwrap(),
            "2025-11-03"
        );
        assert_eq!(
            d("From Feb. 5th to Feb. 12th, 2018, sign-ups were lost").unwrap(),
            "2018-02-05"
        );
        assert_eq!(
            d("Between 2nd and 6th December 2019 the quota").unwrap(),
            "2019-12-02"
        );
        // A month and day alone may be the change that caused it.
        assert_eq!(d("A change on September 26 paused the job."), None);
        fn lines(ps: &'static [&'static str]) -> impl Iterator<Item = (&'static str, usize)> {
            ps.iter().copied().zip(0..)
        }
        assert_eq!(
            dateline(lines(&["Owner: x", "Thursday, Mar. 22, 2018", "Text."])).unwrap(),
            (day("2018-03-22"), 1)
        );
        assert_eq!(
            dateline(lines(&["_Ana Ruiz 2021-02-22._"])).unwrap(),
            (day("2021-02-22"), 0)
        );
        assert_eq!(dateline(lines(&["It broke on Mar. 22, 2018."])), None);
    }

    #[test]
    fn an_earlier_stated_day_wins_within_limits() {
        let at = |d: &str, found| Some((day(d), found));
        let earlier = |summary: Option<&str>, entry: Option<&str>, evening| Earlier {
            detected: None,
            summary: summary.map(day),
            dateline: None,
            first_entry: entry.map(day),
            first_entry_evening: evening,
        };
        let pick = |stated, fm, e| began(stated, fm, e).map(|(d, why)| (d.to_string(), why));
        // A file name dates the publication; the timeline the incident.
        assert_eq!(
            pick(
                at("2024-06-25", Found::FileName),
                false,
                earlier(None, Some("2024-01-10"), false)
            ),
            Some(("2024-01-10".into(), Began::Timeline))
        );
        // Front matter holds against the timeline, not against the summary.
        let fm = at("2025-03-03", Found::Key("date"));
        assert_eq!(
            pick(fm, true, earlier(None, Some("2025-03-02"), false))
                .unwrap()
                .1,
            Began::Stated
        );
        assert_eq!(
            pick(fm, true, earlier(Some("2025-03-01"), None, false)).unwrap(),
            ("2025-03-01".into(), Began::Summary)
        );
        // A title's day moves back only to the evening before.
        let title = at("2023-09-13", Found::Title);
        assert_eq!(
            pick(title, false, earlier(None, Some("2023-09-12"), false))
                .unwrap()
                .1,
            Began::Stated
        );
        assert_eq!(
            pick(title, false, earlier(None, Some("2023-09-12"), true))
                .unwrap()
                .1,
            Began::Timeline
        );
        // `started` always holds; a later summary date never moves it.
        let started = at("2026-04-16", Found::Key("started"));
        assert_eq!(
            pick(started, true, earlier(Some("2026-04-01"), None, false))
                .unwrap()
                .1,
            Began::Stated
        );
        assert_eq!(
            pick(title, false, earlier(Some("2023-09-20"), None, false))
                .unwrap()
                .1,
            Began::Stated
        );
        assert_eq!(
            pick(None, false, earlier(None, Some("2023-09-20"), false))
                .unwrap()
                .1,
            Began::Timeline
        );
    }
}
