//! Timeline entries from bullet lists and tables. Clock-only times (`14:03`)
//! are resolved against the nearest date the document states (a date line or
//! heading inside the timeline, else the incident date), never the build date.

use super::blocks::Block;
use super::times::{leading_date, leading_stamp, Stamp};
use crate::model::TimelineEntry;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

static RANGE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-–~]\s*[\d?]{1,2}:[\d?]{2}").unwrap());

static ZONE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(utc|gmt|kst|jst|pst|pdt|est|edt|cet|cest|bst|ist|aest|sgt)\b|[+-]\d{2}:\d{2}",
    )
    .unwrap()
});

/// Header cells that name the time column.
fn is_time_header(cell: &str) -> bool {
    let c = cell.to_lowercase();
    ["time", "date", "when", "시간", "시각", "일시", "timestamp"]
        .iter()
        .any(|k| c.contains(k))
}

static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})월\s*(\d{1,2})일\s*").unwrap());

/// "1월 19일 09:00": a month and day without a year take the year of `date`.
fn with_year(text: &str, date: Option<NaiveDate>) -> Option<String> {
    let c = MONTH_DAY.captures(text)?;
    let year = chrono::Datelike::year(&date?);
    let d = NaiveDate::from_ymd_opt(year, c[1].parse().ok()?, c[2].parse().ok()?)?;
    Some(format!(
        "{} {}",
        d.format("%Y-%m-%d"),
        &text[c.get(0)?.end()..]
    ))
}

/// Reads a time at the start of `text`, tolerating the decorations people add
/// (`~`, `**`, `approx.`); returns the stamp, the raw time text and the rest.
fn split_time(text: &str) -> Option<(Stamp, String, String)> {
    let t = text.trim_start_matches(['~', '≈', '*', '_', '`', ' ', '[']);
    let t = t
        .strip_prefix("approx.")
        .or_else(|| t.strip_prefix("ca."))
        .unwrap_or(t)
        .trim_start();
    let (stamp, used) = leading_stamp(t)?;
    let raw = t[..used].trim().to_string();
    // Ranges ("09:00 - 11:00", "12:26-12:??") and markers ("12:00+") belong to the time.
    let mut rest = &t[used..];
    if let Some(r) = rest.strip_prefix(['+', '~']) {
        rest = r;
    }
    if let Some(m) = RANGE_END.find(rest) {
        rest = &rest[m.end()..];
    }
    let rest = rest
        .trim_start_matches(['*', '_', '`', ']'])
        .trim_start()
        .trim_start_matches(['—', '–', '-', ':', '|', '='])
        .trim()
        .to_string();
    Some((stamp, raw, rest))
}

/// Collects timeline entries from the blocks of a timeline section.
/// `incident_date` is the fallback date for clock-only times; `zone_in_doc`
/// says a zone was stated somewhere in the document.
pub fn extract(
    blocks: &[(usize, &Block)],
    incident_date: Option<NaiveDate>,
    zone_in_doc: bool,
) -> Vec<TimelineEntry> {
    let mut entries = Vec::new();
    let mut date = incident_date;
    let mut zone_noted = zone_in_doc;
    let mut default_offset: Option<i32> = None;
    let mut header: Option<(usize, Vec<String>)> = None;

    for &(line, block) in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text } => {
                note_context(text, &mut date, &mut zone_noted, &mut default_offset);
                // A paragraph can also hold "14:03 text" lines (no list
                // syntax), or table rows that a broken row cut off the table.
                if let Block::Paragraph { text } = block {
                    for (i, l) in text.lines().enumerate() {
                        let l = row_as_text(l);
                        if let Some((st, raw, rest)) = split_time(&l) {
                            if st.time.is_some() && !rest.is_empty() {
                                entries.push(entry(
                                    st,
                                    raw,
                                    rest,
                                    line + i,
                                    date,
                                    zone_noted,
                                    default_offset,
                                ));
                            }
                        }
                    }
                }
            }
            Block::Item { text, .. } => {
                match split_time(&with_year(text, date).unwrap_or_else(|| text.clone())) {
                    Some((st, _, rest)) if rest.is_empty() && st.time.is_none() => {
                        // A bullet holding only a date starts a new day.
                        date = st.date;
                    }
                    Some((st, raw, rest)) => {
                        if st.date.is_some() {
                            date = st.date;
                        }
                        entries.push(entry(st, raw, rest, line, date, zone_noted, default_offset));
                    }
                    None => entries.push(TimelineEntry {
                        time: None,
                        raw_time: None,
                        text: text.clone().into(),
                        line,
                        has_zone: zone_noted,
                    }),
                }
            }
            Block::TableRow {
                table,
                header: is_header,
                cells,
            } => {
                if *is_header {
                    for c in cells {
                        note_context(c, &mut None, &mut zone_noted, &mut default_offset);
                    }
                    header = Some((*table, cells.clone()));
                    continue;
                }
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let cols = header
                    .as_ref()
                    .filter(|(t, _)| t == table)
                    .map(|(_, h)| h.as_slice());
                let time_cols: Vec<usize> = match cols {
                    Some(h) if h.iter().any(|c| is_time_header(c)) => h
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| is_time_header(c))
                        .map(|(i, _)| i)
                        .collect(),
                    _ => vec![0],
                };
                let time_text = time_cols
                    .iter()
                    .filter_map(|&i| cells.get(i))
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ");
                let text = cells
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| !time_cols.contains(i) && !c.trim().is_empty())
                    .map(|(_, c)| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" — ");
                match split_time(&with_year(&time_text, date).unwrap_or(time_text.clone())) {
                    Some((st, raw, _)) => {
                        if st.date.is_some() {
                            date = st.date;
                        }
                        entries.push(entry(st, raw, text, line, date, zone_noted, default_offset));
                    }
                    None => entries.push(TimelineEntry {
                        time: None,
                        raw_time: (!time_text.trim().is_empty())
                            .then(|| time_text.trim().to_string()),
                        text: text.into(),
                        line,
                        has_zone: zone_noted,
                    }),
                }
            }
        }
    }
    entries
}

/// "| 2023-02-14 11:01 | LB detects nodes |" → "2023-02-14 11:01 — LB detects nodes".
fn row_as_text(line: &str) -> String {
    let t = line.trim();
    if !t.starts_with('|') {
        return t.to_string();
    }
    let cells: Vec<&str> = t
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    cells.join(" — ")
}

/// Dates and zones stated in a heading, paragraph or header cell apply to
/// the entries after them.
fn note_context(text: &str, date: &mut Option<NaiveDate>, zone: &mut bool, off: &mut Option<i32>) {
    if let Some((d, _)) = find_date(text) {
        *date = Some(d);
    }
    if let Some(m) = ZONE_NOTE.find(text) {
        *zone = true;
        if let Some((st, _)) = leading_stamp(&format!("00:00 {}", m.as_str())) {
            *off = st.offset.or(*off);
        }
    }
}

fn entry(
    st: Stamp,
    raw: String,
    text: String,
    line: usize,
    date: Option<NaiveDate>,
    zone_noted: bool,
    default_offset: Option<i32>,
) -> TimelineEntry {
    let mut st = st.on(date);
    if !st.zoned && st.time.is_some() && st.date.is_some() {
        st.offset = default_offset;
    }
    TimelineEntry {
        time: Some(st.normalized()),
        raw_time: Some(raw),
        text: text.into(),
        line,
        has_zone: st.zoned || zone_noted,
    }
}

/// The first date anywhere in `text`.
pub fn find_date(text: &str) -> Option<(NaiveDate, usize)> {
    text.char_indices()
        .filter(|(i, c)| {
            c.is_ascii_digit() && (*i == 0 || !text[..*i].ends_with(|p: char| p.is_ascii_digit()))
        })
        .find_map(|(i, _)| leading_date(&text[i..]).map(|(d, _)| (d, i)))
}

#[cfg(test)]
mod tests {
    use super::super::blocks::extract as blocks_of;
    use super::*;

    fn timeline(md: &str, date: Option<NaiveDate>) -> Vec<TimelineEntry> {
        let (blocks, _) = blocks_of(md);
        let refs: Vec<(usize, &Block)> = blocks.iter().map(|b| (b.offset, &b.block)).collect();
        extract(&refs, date, false)
    }

    #[test]
    fn bullets_resolve_against_the_stated_date() {
        let t = timeline("**2024-03-12** (all times UTC)\n\n- 14:03 — deploy starts\n- 14:10: alerts fire\n- later, nobody knows when\n", None);
        assert_eq!(t[0].time.as_deref(), Some("2024-03-12T14:03Z"));
        assert_eq!(t[0].text, "deploy starts");
        assert_eq!(t[1].text, "alerts fire");
        assert!(t[1].has_zone);
        assert_eq!(t[2].time, None);
    }

    #[test]
    fn tables_with_full_timestamps_and_odd_cells() {
        let md = "All times in UTC.\n\n| Time | Event |\n| :--- | --- |\n| 2021-06-22 08:21 | VPC CNI replaced |\n| ~2025-03-03 19:30 | approx |\n| 2020-10-06 09:00 - 11:00 | range |\n| 2022-05-?? HH:mm | unknown |\n| ... | placeholder |\n| 2020-12-21 HH:mm | date only |\n";
        let t = timeline(md, None);
        assert_eq!(t[0].time.as_deref(), Some("2021-06-22T08:21Z"));
        assert_eq!(t[0].text, "VPC CNI replaced");
        assert_eq!(t[1].time.as_deref(), Some("2025-03-03T19:30Z"));
        assert_eq!(t[2].time.as_deref(), Some("2020-10-06T09:00Z"));
        assert_eq!(t[3].time, None);
        assert_eq!(t[3].raw_time.as_deref(), Some("2022-05-?? HH:mm"));
        assert_eq!(t[4].time, None);
        assert_eq!(t[5].time.as_deref(), Some("2020-12-21"));
    }

    #[test]
    fn rows_after_a_broken_row_are_kept() {
        let md = "| Time | Event |\n| --- | --- |\n| 2023-02-14 11:00 | Mail sent\n|\n| 2023-02-14 11:01 | LB healthy |\n| 2023-02-14 11:08  | Follow-up\n|\n";
        let t = timeline(md, None);
        let times: Vec<_> = t
            .iter()
            .map(|e| e.time.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            times,
            ["2023-02-14T11:00", "2023-02-14T11:01", "2023-02-14T11:08"]
        );
        assert_eq!(t[1].text, "LB healthy");
    }

    #[test]
    fn clock_only_rows_use_incident_date_and_zone_header() {
        let d = NaiveDate::from_ymd_opt(2019, 12, 5);
        let t = timeline(
            "| Time (KST) | Event |\n|---|---|\n| 04:00 | manual terraform |\n",
            d,
        );
        assert_eq!(t[0].time.as_deref(), Some("2019-12-05T04:00+09:00"));
        assert!(t[0].has_zone);
    }

    #[test]
    fn korean_timeline() {
        let t = timeline(
            "- 2024-05-02 09:12 KST 결제 API 오류율 급증\n- 09:20 온콜 엔지니어 호출\n",
            None,
        );
        assert_eq!(t[0].time.as_deref(), Some("2024-05-02T09:12+09:00"));
        assert_eq!(t[1].time.as_deref(), Some("2024-05-02T09:20"));
        assert_eq!(t[1].text, "온콜 엔지니어 호출");
        let t = timeline(
            "- 1월 19일 09:00 — 정산 배치 재실행\n- 1월 20일 — 후속 회의\n",
            NaiveDate::from_ymd_opt(2023, 1, 18),
        );
        assert_eq!(t[0].time.as_deref(), Some("2023-01-19T09:00"));
        assert_eq!(t[1].time.as_deref(), Some("2023-01-20"));
    }
}
