//! Timeline rules: `timeline-order`, `timeline-no-zone`,
//! `timeline-no-date`. Entries are compared as the parser resolved them
//! (clock times on the nearest stated date, in the stated zone).

use super::rules::Rule;
use super::source::Source;
use super::Hit;
use crate::model::{Postmortem, TimelineEntry};
use crate::parse::times::{parse_stamp, Stamp};
use regex::Regex;
use std::cmp::Ordering;
use std::ops::Range;
use std::sync::LazyLock;

/// A time zone stated anywhere: a zone name, an offset, or a `Z` timestamp.
static ZONE_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:utc|gmt|kst|jst|pst|pdt|mst|mdt|cst|cdt|est|edt|cet|cest|bst|ist|aest|aedt|sgt|hkt)\b|\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z\b|[+-]\d{2}:?\d{2}\b)|(?:한국|서울)\s*시간|time\s*zone")
        .unwrap()
});

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, hits: &mut Vec<Hit>) {
    let timed: Vec<(&TimelineEntry, Stamp)> = pm
        .timeline
        .iter()
        .filter_map(|e| Some((e, parse_stamp(e.time.as_deref()?)?)))
        .collect();

    for pair in timed.windows(2) {
        let ((prev, a), (cur, b)) = (&pair[0], &pair[1]);
        if compare(a, b) == Some(Ordering::Greater) && !overlaps(prev, cur, b) {
            let shown = |e: &TimelineEntry| {
                e.raw_time
                    .clone()
                    .or_else(|| e.time.clone())
                    .unwrap_or_default()
            };
            hits.push(Hit::new(
                Rule::TimelineOrder,
                cur.line,
                Some(time_span(src.line(cur.line), cur)),
                format!(
                    "timeline entry `{}` is earlier than the entry above it (`{}`, line {})",
                    shown(cur),
                    shown(prev),
                    prev.line
                ),
                "order the entries by time; if this happened on a later day, start that day with a date line such as `**2024-06-19**` or write the full date",
            ));
        }
    }

    let clock: Vec<&(&TimelineEntry, Stamp)> =
        timed.iter().filter(|(_, s)| s.time.is_some()).collect();
    let Some((first, _)) = clock.first() else {
        return;
    };
    let zone_stated = pm.timeline.iter().any(|e| e.has_zone) || ZONE_ANYWHERE.is_match(src.text);
    if !zone_stated {
        hits.push(Hit::new(
            Rule::TimelineNoZone,
            first.line,
            Some(time_span(src.line(first.line), first)),
            "timeline times have no time zone, and none is stated anywhere in the document",
            "say which zone the times are in: a line such as `All times UTC.` above the timeline, a `Time (UTC)` column header, or a zone on each time (`14:03 UTC`)",
        ));
    }
    if let Some((undated, _)) = clock.iter().find(|(_, s)| s.date.is_none()) {
        hits.push(Hit::new(
            Rule::TimelineNoDate,
            undated.line,
            Some(time_span(src.line(undated.line), undated)),
            "timeline times have no date, and the document states none",
            "give the incident a date (`date: 2024-06-18` in front matter, or a date at the start of the file name), put a date line such as `**2024-06-18**` above the entries, or write full timestamps",
        ));
    }
}

/// Order of two entries, when it can be told: by instant when both have a
/// date and a time, by day when one is only a date, by clock time when
/// neither has a date.
fn compare(a: &Stamp, b: &Stamp) -> Option<Ordering> {
    match (a.date, b.date) {
        (Some(da), Some(db)) => {
            if a.time.is_some() && b.time.is_some() {
                Some(a.epoch_minutes(None)?.cmp(&b.epoch_minutes(None)?))
            } else {
                Some(da.cmp(&db))
            }
        }
        (None, None) => {
            let (ta, tb) = (a.time?, b.time?);
            // 23:50 then 00:10 with no dates anywhere: the next day.
            let wraps = ta >= chrono::NaiveTime::from_hms_opt(18, 0, 0)?
                && tb < chrono::NaiveTime::from_hms_opt(6, 0, 0)?;
            (!wraps).then(|| ta.cmp(&tb))
        }
        _ => None,
    }
}

/// Whether `cur`, earlier than `prev`, is a range still running when
/// `prev` happened (`22:43〜23:00` after `22:45`): ranges overlap, so the
/// order is not wrong.
fn overlaps(prev: &TimelineEntry, cur: &TimelineEntry, cur_start: &Stamp) -> bool {
    let Some(end) = cur.end.as_deref().and_then(parse_stamp) else {
        return false;
    };
    let Some(p) = prev.time.as_deref().and_then(parse_stamp) else {
        return false;
    };
    // An end given as a clock time only is on the start's day.
    let end = Stamp {
        date: end.date.or(cur_start.date),
        ..end
    };
    compare(&end, &p).is_some_and(|o| o != Ordering::Less)
}

/// The time as written on the line, else the line's content.
fn time_span(line: &str, e: &TimelineEntry) -> Range<usize> {
    e.raw_time
        .as_deref()
        .filter(|r| !r.is_empty())
        .and_then(|r| line.find(r).map(|i| i..i + r.len()))
        .unwrap_or_else(|| super::source::content_span(line))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    fn with_timeline(t: &str) -> String {
        clean("").replace(
            "All times UTC.\n\n- 2026-01-10 09:00 — disk full\n- 2026-01-10 09:05 — alert fires\n",
            t,
        )
    }

    #[test]
    fn entries_out_of_order() {
        let md = with_timeline("All times UTC.\n\n- 2026-01-10 09:00 — disk full\n- 2026-01-10 08:55 — alert fires\n- 2026-01-10 09:10 — mitigated\n");
        let f = lint(&md);
        assert_eq!(ids(&f), [("timeline-order", 33)], "{f:#?}");
        assert!(f[0].message.contains(
            "`2026-01-10 08:55` is earlier than the entry above it (`2026-01-10 09:00`, line 32)"
        ));
        assert_eq!(marked(&f[0]), "2026-01-10 08:55");
    }

    #[test]
    fn date_lines_zones_and_tables_keep_order() {
        // A new day after a date line, a zone change, and a table.
        let md = with_timeline("**2026-01-10** (all times UTC)\n\n- 23:50 — disk full\n\n**2026-01-11**\n\n- 00:10 — alert fires\n- 09:30 KST — paged\n\n| Time (UTC) | Event |\n|---|---|\n| 2026-01-11 01:00 | mitigated |\n");
        let f = lint(&md);
        assert!(f.is_empty(), "{f:#?}");
        // A clock that goes back 12 hours or more crossed midnight: the
        // next day, not an entry out of order.
        let md = with_timeline("All times UTC.\n\n- 23:50 — disk full\n- 00:10 — alert fires\n");
        assert!(lint(&md).is_empty());
        // A step back of minutes is out of order.
        let md = with_timeline("All times UTC.\n\n- 23:50 — disk full\n- 23:40 — alert fires\n");
        assert_eq!(ids(&lint(&md)), [("timeline-order", 33)]);
    }

    #[test]
    fn a_range_still_running_is_not_out_of_order() {
        let md = with_timeline("All times UTC.\n\n- 2026-01-10 09:00 — disk full\n- 2026-01-10 09:20 — alert fires\n- 2026-01-10 09:10-09:40 — retries pile up\n- 2026-01-10 09:30 — paged\n");
        let f = lint(&md);
        assert!(
            of(&f, super::super::Rule::TimelineOrder).is_empty(),
            "{f:#?}"
        );
        // A range that ended before the entry above is out of order.
        let md = with_timeline("All times UTC.\n\n- 2026-01-10 09:00 — disk full\n- 2026-01-10 09:20 — alert fires\n- 2026-01-10 09:10-09:15 — retries pile up\n");
        assert_eq!(ids(&lint(&md)), [("timeline-order", 34)]);
    }

    #[test]
    fn zone_stated_nowhere() {
        let md = clean("")
            .replace("All times UTC.\n\n", "")
            .replace("T09:00:00Z", "")
            .replace("T11:00:00Z", "");
        let f = lint(&md);
        assert_eq!(ids(&f), [("timeline-no-zone", 30)], "{f:#?}");
        // A zone in the prose is enough.
        let md = md.replace(
            "Broker 3 ran out of disk.",
            "Broker 3 ran out of disk at 09:00 KST.",
        );
        assert!(lint(&md).is_empty());
    }

    #[test]
    fn no_date_anywhere() {
        let md = "# Disk full\n\n## Summary\nx\n\n## Impact\ny\n\n## Root Causes\nz\n\n## Action Items\n- [ ] @dana alert (P1, 2026-08-01)\n\n## Timeline\nAll times UTC.\n\n- 09:00 — disk full\n- 09:05 — alert\n";
        let f = lint_in("postmortems/disk-full.md", md, &[], Default::default());
        // No date anywhere: `no-date` for the file, and the entries.
        assert_eq!(
            ids(&f),
            [("no-date", 1), ("timeline-no-date", 18)],
            "{f:#?}"
        );
        // The date in the file name dates the clock times.
        let f = lint_in(
            "postmortems/2026-01-10-disk-full.md",
            md,
            &[],
            Default::default(),
        );
        assert!(f.is_empty(), "{f:#?}");
    }
}
