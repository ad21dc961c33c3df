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

/// The incident date and where it came from: front matter (or a key line)
/// `date`, else `started`, else a date in the title, else a date at the
/// start of the file name.
/// Where the incident date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A metadata key (`date`, `started`) in front matter or a key line.
    Key(&'static str),
    /// The title heading.
    Title,
    /// The file name: the document itself does not state the day.
    FileName,
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

pub fn incident_date(
    meta: &Meta,
    h1: Option<&str>,
    stem: &str,
    body: &str,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, Found)> {
    if let Some(d) = meta.date.as_deref() {
        match times::leading_date(d.trim()) {
            Some((date, _)) => return Some((date, Found::Key("date"))),
            None => diags.push(Diagnostic {
                level: Level::Warning,
                path: path.to_string(),
                line: None,
                message: format!("front matter `date: {d}` is not a date; write it as YYYY-MM-DD"),
            }),
        }
    }
    if let Some((date, _)) = meta
        .started
        .as_deref()
        .and_then(|s| times::leading_date(s.trim()))
    {
        return Some((date, Found::Key("started")));
    }
    // "# 2019-01-18, …", "# Outage 3-14-22", "# … - June 5, 2024".
    let month_first = DocDates::numeric_habit(body);
    if let Some(d) = h1.and_then(|t| title_date(t, month_first)) {
        return Some((d, Found::Title));
    }
    let from_name = times::leading_date(stem).map(|(d, _)| d)?;
    match dates::find(body) {
        // The title says the same day (`# 2019-01-18, …`).
        Some((hit, _)) if hit.year.is_some() && hit.on(None) == Some(from_name) => {
            Some((from_name, Found::Title))
        }
        _ => Some((from_name, Found::FileName)),
    }
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
        zone: [&meta.started, &meta.detected, &meta.resolved]
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
}
