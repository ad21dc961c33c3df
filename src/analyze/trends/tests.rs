//! Unit tests of the trend numbers on hand-made corpora.

use super::csv::to_csv;
use super::*;
use crate::analyze::related::Link;
use crate::model::{ActionItem, ActionType};

fn pm(id: &str, date: Option<&str>, sev: Option<&str>) -> Postmortem {
    Postmortem {
        date: date.map(String::from),
        severity: sev.map(String::from),
        ..Postmortem::bare(id)
    }
}

fn item(text: &str, due: Option<&str>, done_at: Option<&str>) -> ActionItem {
    ActionItem {
        text: text.into(),
        owner: None,
        due: due.map(String::from),
        priority: None,
        kind: ActionType::Other,
        done: done_at.is_some(),
        bug: None,
        line: 1,
        done_at: done_at.map(String::from),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn median_and_p90_on_skewed_data() {
    // Nine short incidents and one 40-hour outage: the mean (249) says
    // nothing about a typical incident, the median does.
    let v = [10.0, 12.0, 15.0, 20.0, 20.0, 25.0, 30.0, 30.0, 60.0, 2400.0];
    let s = stat(&v);
    assert_eq!(s.count, 10);
    assert_eq!(s.median, Some(22.5));
    // h = 9 * 0.9 = 8.1 → 60 + 0.1 * (2400 - 60) = 294.
    assert_eq!(s.p90, Some(294.0));
    assert_eq!(stat(&[7.0]).median, Some(7.0));
    assert_eq!(stat(&[7.0]).p90, Some(7.0));
    assert_eq!(stat(&[]).median, None);
    // Unsorted input.
    assert_eq!(quantile(&[3.0, 1.0, 2.0], 0.5), Some(2.0));
}

#[test]
fn months_when_span_is_short_quarters_when_long() {
    let pms = vec![
        pm("a", Some("2024-01-15"), Some("SEV1")),
        pm("b", Some("2024-01-20"), Some("SEV2")),
        pm("c", Some("2024-03-02"), None),
        pm("d", None, Some("SEV1")),
    ];
    let t = compute(
        &pms,
        &Related::default(),
        &Default::default(),
        day("2024-06-01"),
    );
    let i = &t.incidents;
    assert_eq!(i.granularity, "month");
    assert_eq!(i.severities, ["SEV1", "SEV2", "unknown"]);
    assert_eq!(i.undated, 1);
    let periods: Vec<(&str, usize)> = i
        .periods
        .iter()
        .map(|p| (p.period.as_str(), p.total))
        .collect();
    assert_eq!(periods, [("2024-01", 2), ("2024-02", 0), ("2024-03", 1)]);
    assert_eq!(i.periods[0].by_severity["SEV1"], 1);
    assert_eq!(i.periods[0].by_severity["unknown"], 0);
    assert_eq!(i.periods[2].by_severity["unknown"], 1);

    // 2021-11 .. 2024-12 is 38 months: quarters.
    let pms = vec![
        pm("a", Some("2021-11-30"), Some("SEV1")),
        pm("b", Some("2021-12-01"), Some("SEV1")),
        pm("c", Some("2022-01-01"), Some("SEV2")),
        pm("d", Some("2024-12-31"), Some("SEV2")),
    ];
    let t = compute(
        &pms,
        &Related::default(),
        &Default::default(),
        day("2025-01-01"),
    );
    assert_eq!(t.incidents.granularity, "quarter");
    let p = &t.incidents.periods;
    assert_eq!(p.len(), 13);
    assert_eq!((p[0].period.as_str(), p[0].total), ("2021-Q4", 2));
    assert_eq!((p[1].period.as_str(), p[1].total), ("2022-Q1", 1));
    assert_eq!((p[12].period.as_str(), p[12].total), ("2024-Q4", 1));
    // Durations are always per quarter.
    assert_eq!(t.durations.len(), 13);
    assert_eq!(t.durations[0].quarter, "2021-Q4");
}

#[test]
fn durations_per_quarter_with_counts() {
    let mut pms = Vec::new();
    for (i, (d, detect, resolve)) in [
        ("2024-01-05", Some(5), Some(60)),
        ("2024-02-05", Some(15), Some(120)),
        ("2024-03-05", None, Some(6000)),
        ("2024-07-05", Some(30), None),
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = pm(&format!("p{i}"), Some(d), None);
        p.durations.minutes_to_detect = detect;
        p.durations.minutes_to_resolve = resolve;
        pms.push(p);
    }
    let t = compute(
        &pms,
        &Related::default(),
        &Default::default(),
        day("2024-08-01"),
    );
    let q: Vec<&str> = t.durations.iter().map(|d| d.quarter.as_str()).collect();
    assert_eq!(q, ["2024-Q1", "2024-Q2", "2024-Q3"]);
    let q1 = &t.durations[0];
    assert_eq!(q1.detect.count, 2);
    assert_eq!(q1.detect.median, Some(10.0));
    assert_eq!(q1.resolve.count, 3);
    assert_eq!(q1.resolve.median, Some(120.0));
    assert_eq!(q1.resolve.p90, Some(4824.0));
    assert_eq!(t.durations[1].detect.count, 0);
    assert_eq!(t.durations[1].detect.median, None);
    assert_eq!(t.durations[2].detect.median, Some(30.0));
}

#[test]
fn a_stated_duration_stands_in_for_a_missing_time_to_resolve() {
    let mut a = pm("a", Some("2024-01-05"), None);
    a.durations.minutes_total = Some(90);
    let mut b = pm("b", Some("2024-01-06"), None);
    b.durations.minutes_to_resolve = Some(30);
    b.durations.minutes_total = Some(500);
    let t = compute(
        &[a, b],
        &Related::default(),
        &Default::default(),
        day("2024-08-01"),
    );
    let q1 = &t.durations[0];
    assert_eq!(q1.resolve.count, 2);
    assert_eq!(q1.resolve.median, Some(60.0), "30 (resolve wins) and 90");
}

#[test]
fn follow_through_and_overdue() {
    let mut a = pm("a", Some("2024-01-01"), Some("SEV1"));
    a.action_items = vec![
        item("on time", Some("2024-02-01"), Some("2024-01-20")),
        item("late", Some("2024-02-01"), Some("2024-03-01")),
        item("no due", None, Some("2024-01-10")),
        item("open overdue", Some("2024-03-01"), None),
        item("open not yet due", Some("2024-12-01"), None),
    ];
    let mut b = pm("b", Some("2024-05-31"), Some("SEV2"));
    b.action_items = vec![item("open no due", None, None)];
    b.meta.written.services = vec!["api".into(), "db".into()];
    a.meta.written.services = vec!["api".into()];
    let t = compute(
        &[a, b],
        &Related::default(),
        &Default::default(),
        day("2024-06-10"),
    );
    let f = &t.action_items;
    assert_eq!((f.total, f.open, f.done, f.done_dated), (6, 3, 3, 3));
    // Settled: on time, late, open overdue → 1 of 3 by the due date.
    assert_eq!((f.due_settled, f.done_by_due), (3, 1));
    assert_eq!(f.share_done_by_due, Some(0.333));
    assert_eq!(f.overdue.len(), 1);
    assert_eq!(f.overdue[0].text, "open overdue");
    assert_eq!(f.overdue[0].days_overdue, 101);
    // Ages: 161, 161 and 10 days.
    assert_eq!(f.open_age_days.count, 3);
    assert_eq!(f.open_age_days.median, Some(161.0));
    let buckets: Vec<usize> = f.open_age.iter().map(|c| c.count).collect();
    assert_eq!(buckets, [1, 0, 2, 0, 0]);
    let services: Vec<(&str, usize)> = t
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.count))
        .collect();
    assert_eq!(services, [("api", 2), ("db", 1)]);
}

#[test]
fn recurring_listed_and_csv_matches() {
    let pms = vec![
        pm("new", Some("2024-05-01"), Some("SEV1")),
        pm("old", Some("2023-05-01"), Some("SEV1")),
    ];
    let related = Related {
        related: vec![Vec::new(), Vec::new()],
        recurrence_of: vec![
            Some(Link {
                doc: 1,
                score: 0.21234,
            }),
            None,
        ],
        ..Default::default()
    };
    let t = compute(&pms, &related, &Default::default(), day("2024-06-01"));
    assert_eq!(t.recurring.len(), 1);
    assert_eq!(t.recurring[0].id, "new");
    assert_eq!(t.recurring[0].recurrence_of, "old");
    assert_eq!(t.recurring[0].score, 0.212);
    let csv = to_csv(&t);
    assert!(csv.starts_with("table,key,series,value\n"));
    assert!(csv.contains("incidents_per_month,2024-05,SEV1,1\n"));
    assert!(csv.contains("recurring,new,old,0.212\n"));
    // Deterministic.
    assert_eq!(
        to_json(&t),
        to_json(&compute(
            &pms,
            &related,
            &Default::default(),
            day("2024-06-01")
        ))
    );
}

fn timed(id: &str, date: &str, detect: i64, resolve: i64) -> Postmortem {
    let mut p = pm(id, Some(date), Some("SEV2"));
    p.durations.minutes_to_detect = Some(detect);
    p.durations.minutes_to_resolve = Some(resolve);
    p
}

#[test]
fn the_headline_compares_the_quarter_of_as_of_with_the_one_before() {
    let mut draft = timed("draft", "2024-05-02", 1, 1);
    draft.meta.written.status = Some("draft".into());
    let mut late = timed("b", "2024-05-01", 20, 300);
    late.action_items = vec![
        item("on time", Some("2024-05-20"), Some("2024-05-03")),
        item("overdue", Some("2024-05-05"), None),
        item("not yet due", Some("2024-06-30"), None),
    ];
    let pms = vec![
        timed("a", "2024-04-02", 10, 100),
        late,
        timed("c", "2024-02-10", 30, 60),
        timed("d", "2023-12-30", 99, 99),
        draft,
        pm("e", None, None),
    ];
    let t = compute(
        &pms,
        &Related::default(),
        &Default::default(),
        day("2024-05-10"),
    );
    let h = &t.headline;
    assert_eq!(
        (h.quarter.as_str(), h.previous_quarter.as_str()),
        ("2024-Q2", "2024-Q1")
    );
    assert_eq!((h.incidents.now, h.incidents.previous), (Some(2), Some(1)));
    assert_eq!(h.incidents.direction, Some("up"));
    assert_eq!(h.minutes_to_detect.now, Some(15.0));
    assert_eq!(h.minutes_to_detect.previous, Some(30.0));
    assert_eq!(h.minutes_to_detect.direction, Some("down"));
    assert_eq!(h.minutes_to_resolve.now, Some(200.0));
    assert_eq!(h.minutes_to_resolve.direction, Some("up"));
    assert_eq!(h.done_on_time.done_by_due, 1);
    assert_eq!(h.done_on_time.due_settled, 2);
    assert_eq!(h.done_on_time.share, Some(0.5));
    assert_eq!(h.overdue, 1);
    // The records: every finished postmortem, none of the draft.
    let ids: Vec<&str> = t.records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let b = &t.records[1];
    assert_eq!((b.due_settled, b.done_by_due, b.overdue), (2, 1, 1));
    assert_eq!(t.records[4].severity, UNKNOWN);
    assert_eq!(t.records[4].date, None);
}

#[test]
fn a_quarter_without_durations_has_no_direction() {
    let pms = vec![pm("a", Some("2024-04-02"), None)];
    let t = compute(
        &pms,
        &Related::default(),
        &Default::default(),
        day("2024-04-10"),
    );
    let h = &t.headline;
    assert_eq!((h.incidents.now, h.incidents.previous), (Some(1), Some(0)));
    assert_eq!(h.minutes_to_detect.now, None);
    assert_eq!(h.minutes_to_detect.direction, None);
    assert_eq!(h.done_on_time.share, None);
}

#[test]
fn a_team_comes_from_the_front_matter() {
    let mut a = pm("a", Some("2024-04-02"), None);
    a.meta
        .written
        .extra
        .insert("owner_team".into(), " storage ".into());
    let mut b = pm("b", Some("2024-04-03"), None);
    b.meta
        .written
        .extra
        .insert("team".into(), "payments".into());
    b.meta
        .written
        .extra
        .insert("owner_team".into(), "ignored".into());
    let c = pm("c", Some("2024-04-04"), None);
    let teams: Vec<Option<String>> = [a, b, c].iter().map(records::team).collect();
    assert_eq!(
        teams,
        [
            Some("storage".to_string()),
            Some("payments".to_string()),
            None
        ]
    );
}

#[test]
fn a_service_gets_the_numbers_of_its_own_incidents() {
    let mut a = timed("a", "2024-04-02", 10, 100);
    a.meta.written.services = vec!["api".into()];
    a.action_items = vec![item("late", Some("2024-04-05"), None)];
    let mut b = timed("b", "2024-01-02", 30, 50);
    b.meta.written.services = vec!["api".into(), "db".into()];
    let mut c = timed("c", "2024-04-03", 5, 5);
    c.meta.written.services = vec!["db".into()];
    let s = for_service(&[a, b, c], "api", day("2024-05-10"));
    assert_eq!(s.service, "api");
    assert_eq!(s.headline.incidents.now, Some(1));
    assert_eq!(s.headline.incidents.previous, Some(1));
    assert_eq!(s.headline.minutes_to_resolve.now, Some(100.0));
    assert_eq!(s.headline.overdue, 1);
    let totals: Vec<usize> = s.incidents.periods.iter().map(|p| p.total).collect();
    assert_eq!(totals, [1, 0, 0, 1]);
    assert_eq!(s.action_items.total, 1);
}
