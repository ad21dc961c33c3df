//! Front-matter rules: `unknown-severity`, `invalid-date`, `no-title`, `no-date`,
//! `date-in-future`, `end-before-start`. Values are read as the parser reads them (aliases,
//! `Key: value` lines under the title); findings point at the line where
//! the key is written.

use super::rules::Rule;
use super::source::Source;
use super::{norm_severity, Context, Hit};
use crate::model::Postmortem;
use crate::parse::times::{leading_date, parse_stamp, Stamp};
use std::ops::Range;

/// Values that say "not known" on purpose: not a malformed date.
const UNKNOWN: &[&str] = &[
    "?", "??", "-", "unknown", "n/a", "na", "tbd", "none", "null", "모름", "미정",
];

/// Where `key` is written and the span of `value` on that line (the whole
/// value part when `value` is not found verbatim); line 1 when the key
/// cannot be found.
fn locate(
    src: &Source<'_>,
    ctx: &Context<'_>,
    key: &str,
    value: &str,
) -> (usize, Option<Range<usize>>) {
    match src.key_line(key, ctx.aliases) {
        Some((n, range)) => {
            let line = src.line(n);
            let exact = line[range.clone()]
                .find(value)
                .map(|i| range.start + i..range.start + i + value.len());
            (n, Some(exact.unwrap_or(range)))
        }
        None => (1, None),
    }
}

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    unknown_severity(pm, src, ctx, hits);
    missing_date(pm, hits);
    future_date(pm, src, ctx, hits);
    missing_title(pm, hits);
    invalid_date(pm, src, ctx, hits);
    let stamps = timestamps(pm, src, ctx, hits);
    end_before_start(&stamps, src, ctx, hits);
}

/// `unknown-severity`: a level outside the team's scale.
fn unknown_severity(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    if let Some(sev) = &pm.meta.severity {
        if !ctx.settings.severities.contains(&norm_severity(sev)) {
            let (line, span) = locate(src, ctx, "severity", sev);
            hits.push(Hit::new(
                Rule::UnknownSeverity,
                line,
                span,
                format!(
                    "severity `{sev}` is not one of {}",
                    ctx.settings.severities.join(", ")
                ),
                "use one of those values; if your team uses other levels, list them in hindsight.toml: `[check]` `severities = [\"P1\", \"P2\"]`",
            ));
        }
    }
}

/// `no-date`: parsing found no day the incident began.
fn missing_date(pm: &Postmortem, hits: &mut Vec<Hit>) {
    if pm
        .diagnostics
        .iter()
        .any(|d| d.message == crate::parse::NO_DATE)
    {
        hits.push(Hit::new(
            Rule::NoDate,
            1,
            None,
            "no date: trends, the incident counts and the date-ordered feeds leave this postmortem out",
            "add `date: YYYY-MM-DD` (the day the incident began) to the front matter, or write it in the title or the file name",
        ));
    }
}

/// `no-title`: the site shows a stand-in title.
fn missing_title(pm: &Postmortem, hits: &mut Vec<Hit>) {
    if pm
        .diagnostics
        .iter()
        .any(|d| d.message.starts_with(super::NO_TITLE))
    {
        hits.push(Hit::new(
            Rule::NoTitle,
            1,
            None,
            format!("no title: the site shows `{}` in its place", pm.title),
            "add `title: …` to the front matter, or a `# Title` line above the text",
        ));
    }
}

/// `invalid-date` on the `date` key.
fn invalid_date(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    if let Some(date) = &pm.meta.date {
        if !is_unknown(date) && leading_date(date.trim()).is_none() {
            let (line, span) = locate(src, ctx, "date", date);
            hits.push(Hit::new(
                Rule::InvalidDate,
                line,
                span,
                format!("`date: {date}` is not a date"),
                "write the day the incident started as YYYY-MM-DD, e.g. `date: 2024-06-18`",
            ));
        }
    }
}

/// The readable timestamps among started/detected/mitigated/resolved, as
/// (key, written value, stamp); `invalid-date` for each unreadable one.
fn timestamps<'m>(
    pm: &'m Postmortem,
    src: &Source<'_>,
    ctx: &Context<'_>,
    hits: &mut Vec<Hit>,
) -> Vec<(&'static str, &'m str, Stamp)> {
    let meta = &pm.meta;
    let mut stamps = Vec::new();
    for (key, value) in [
        ("started", &meta.written.started),
        ("detected", &meta.written.detected),
        ("mitigated", &meta.written.mitigated),
        ("resolved", &meta.written.resolved),
    ] {
        let Some(v) = value else { continue };
        if is_unknown(v) {
            continue;
        }
        match parse_stamp(v).filter(|s| s.date.is_some()) {
            Some(st) => stamps.push((key, v.as_str(), st)),
            None => {
                let (line, span) = locate(src, ctx, key, v);
                hits.push(Hit::new(
                    Rule::InvalidDate,
                    line,
                    span,
                    format!("`{key}: {v}` is not a timestamp hindsight can read"),
                    format!("write a date, a time and a zone, e.g. `{key}: 2024-06-18T21:40:00Z` or `{key}: 2024-06-18 21:40 UTC`; leave the key out when it is not known"),
                ));
            }
        }
    }
    stamps
}

/// `end-before-start`: an end stamp earlier than the start it follows.
fn end_before_start(
    stamps: &[(&str, &str, Stamp)],
    src: &Source<'_>,
    ctx: &Context<'_>,
    hits: &mut Vec<Hit>,
) {
    // Times without a zone are read in `started`'s zone.
    let get = |k: &str| stamps.iter().find(|(key, _, _)| *key == k);
    let zone = get("started").and_then(|(_, _, s)| s.offset);
    let minutes = |s: &Stamp| match s.time {
        Some(_) => s.epoch_minutes(zone),
        // A bare date compares as its first minute.
        None => Stamp {
            time: chrono::NaiveTime::from_hms_opt(0, 0, 0),
            ..*s
        }
        .epoch_minutes(zone),
    };
    let pairs = [
        ("detected", "started"),
        ("mitigated", "started"),
        ("resolved", "started"),
        ("resolved", "mitigated"),
    ];
    let mut reported = Vec::new();
    for (end, start) in pairs {
        let (Some(e), Some(s)) = (get(end), get(start)) else {
            continue;
        };
        // Date-only values compare by day only.
        let before = if e.2.time.is_none() || s.2.time.is_none() {
            e.2.date < s.2.date
        } else {
            matches!((minutes(&e.2), minutes(&s.2)), (Some(a), Some(b)) if a < b)
        };
        if before && !reported.contains(&end) {
            reported.push(end);
            let (line, span) = locate(src, ctx, end, e.1);
            hits.push(Hit::new(
                Rule::EndBeforeStart,
                line,
                span,
                format!("`{end}` ({}) is before `{start}` ({})", e.1, s.1),
                "check both timestamps and their time zones (a time without a zone is read in `started`'s zone); a wrong date is the usual cause",
            ));
        }
    }
}

fn is_unknown(v: &str) -> bool {
    let v = v.trim().to_lowercase();
    v.is_empty() || UNKNOWN.contains(&v.as_str())
}

/// `date-in-future`: no incident has happened after today, so such a date
/// was written or read wrongly (a version number, a typo in the year), and
/// trends and the feeds would place it where no reader looks.
fn future_date(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let Some(date) = pm
        .date
        .as_deref()
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    else {
        return;
    };
    if date <= ctx.today {
        return;
    }
    // Where it is written: its origin's line, else the front-matter key.
    let line = pm
        .origins
        .date
        .as_ref()
        .and_then(|o| o.line)
        .or_else(|| {
            ["started", "date"]
                .iter()
                .find_map(|k| src.key_line(k, ctx.aliases).map(|(n, _)| n))
        })
        .unwrap_or(1);
    hits.push(Hit::new(
        Rule::DateInFuture,
        line,
        None,
        format!(
            "the incident date {date} is after today ({}): trends and the feeds would place it in the future",
            ctx.today
        ),
        "correct the date where it is written, or state the day the incident began with `date: YYYY-MM-DD` in the front matter",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Settings;
    use crate::config::CheckConfig;

    #[test]
    fn a_date_after_today_is_reported_where_it_is_written() {
        // "today" is 2026-06-01 in these tests.
        let md = clean("").replace("2026-01-10", "2027-01-10");
        let f = lint(&md);
        let future: Vec<_> = f
            .iter()
            .filter(|f| f.rule.id() == "date-in-future")
            .collect();
        assert_eq!(future.len(), 1, "{f:#?}");
        assert_eq!(future[0].line, 6, "{future:#?}");
        assert!(future[0]
            .message
            .contains("2027-01-10 is after today (2026-06-01)"));
        assert!(lint(&clean("")).is_empty());
    }

    #[test]
    fn unknown_severity_points_at_the_value() {
        let md = clean("").replace("severity: SEV2", "severity: SEV9");
        let f = lint(&md);
        assert_eq!(ids(&f), [("unknown-severity", 4)], "{f:#?}");
        assert_eq!((f[0].column, f[0].end_column), (11, 15));
        assert!(f[0].help.contains("severities"));
        // Spellings that normalize to a known value are fine.
        for ok in [
            "sev-1",
            "Sev 2",
            "SEV0",
            "critical",
            "High (all jobs failed)",
            "P2",
        ] {
            let md = clean("").replace("severity: SEV2", &format!("severity: {ok}"));
            assert!(lint(&md).is_empty(), "{ok}");
        }
        // Aliases and metadata lines are followed to the line.
        let md = clean("").replace("severity: SEV2", "sev: purple");
        assert_eq!(ids(&lint(&md)), [("unknown-severity", 4)]);
        let md = clean("").replace("severity: SEV2", "sev: critical");
        let config: CheckConfig = toml::from_str("severities = [\"critical\", \"major\"]").unwrap();
        let s = Settings::from_config(&config).unwrap();
        assert!(lint_in("postmortems/a.md", &md, &[], s).is_empty());
    }

    #[test]
    fn dates_that_do_not_parse() {
        let md = clean("")
            .replace("date: 2026-01-10", "date: last tuesday")
            .replace("started: 2026-01-10T09:00:00Z", "started: around lunch");
        let f = lint(&md);
        assert_eq!(
            ids(&f),
            [("invalid-date", 3), ("invalid-date", 6)],
            "{f:#?}"
        );
        assert!(f[1].message.contains("`started: around lunch`"));
        // "unknown" is an honest value, not a malformed one.
        let md = clean("").replace("started: 2026-01-10T09:00:00Z", "started: unknown");
        assert!(lint(&md).is_empty());
    }

    #[test]
    fn resolved_before_started() {
        let md = clean("").replace(
            "resolved: 2026-01-10T11:00:00Z",
            "resolved: 2026-01-09T11:00:00Z",
        );
        let f = lint(&md);
        assert_eq!(ids(&f), [("end-before-start", 7)], "{f:#?}");
        assert!(f[0]
            .message
            .contains("`resolved` (2026-01-09T11:00:00Z) is before `started`"));
        // Zones are honoured: 19:30 KST is 10:30 UTC, after 09:00 UTC.
        let md = clean("").replace(
            "resolved: 2026-01-10T11:00:00Z",
            "resolved: 2026-01-10 19:30 KST",
        );
        assert!(lint(&md).is_empty());
        let md = clean("").replace(
            "resolved: 2026-01-10T11:00:00Z",
            "resolved: 2026-01-10 17:30 KST",
        );
        assert_eq!(ids(&lint(&md)), [("end-before-start", 7)]);
    }
}
