//! Postmortem of the month on a small fixture corpus.

use super::*;
use crate::model::Revision;

const STRONG: &str = "---
title: Checkout failed after a config push
date: 2024-03-05
severity: SEV1
---
## Summary
Checkout failed for 40 minutes.

## Impact
12% of checkouts failed.

## Root Causes
A config push disabled the tax engine.

## Timeline
- 2024-03-05 10:00 — config pushed
- 2024-03-05 10:05 — alert fires
- 2024-03-05 10:40 — config rolled back

## Action Items
- [ ] @dana — validate config in CI (P1, 2024-04-01)
- [x] @lee — alert on tax errors (P2, 2024-04-02)
- [ ] write a runbook

## Lessons Learned
Configs need tests too.
";

const WEAK: &str = "---
title: Slow admin page
date: 2024-03-20
severity: SEV3
---
## Summary
The admin page was slow.
";

fn pm(path: &str, text: &str, people: usize, revisions: usize) -> Postmortem {
    let mut p = crate::parse::parse_file(path, text.as_bytes(), &Default::default()).unwrap();
    p.history.contributors = (0..people).map(|i| format!("person {i}")).collect();
    p.history.revisions = (0..revisions)
        .map(|i| Revision {
            commit: format!("{i:040}"),
            date: "2024-03-30".into(),
            author: "person 0".into(),
            subject: "edit".into(),
            blob: String::new(),
        })
        .collect();
    p
}

fn with_date(text: &str, date: &str) -> String {
    text.replace("2024-03-20", date)
}

fn corpus() -> Vec<Postmortem> {
    vec![
        pm("postmortems/strong.md", STRONG, 2, 3),
        // Short, but discussed enough to reach MIN_SCORE (2 + 6 + 4).
        pm("postmortems/weak.md", WEAK, 3, 4),
        pm("postmortems/feb.md", &with_date(WEAK, "2024-02-11"), 3, 4),
    ]
}

fn run(pms: &[Postmortem], featured: &BTreeMap<String, Featured>) -> (Vec<Pick>, Vec<Diagnostic>) {
    let refs = Refs::new(pms, "postmortems");
    picks(pms, featured, &refs)
}

fn months(picks: &[Pick]) -> Vec<(&str, &str)> {
    picks
        .iter()
        .map(|p| (p.month.as_str(), p.id.as_str()))
        .collect()
}

fn config(toml: &str) -> BTreeMap<String, Featured> {
    crate::config::Config::parse(toml, std::path::Path::new("hindsight.toml"))
        .unwrap()
        .featured
}

#[test]
fn the_score_follows_the_documented_table() {
    let s = score(&corpus()[0]);
    let points: Vec<(&str, u32)> = s.parts.iter().map(|p| (p.what, p.points)).collect();
    assert_eq!(
        points,
        vec![
            ("complete sections", 12),
            ("concrete action items", 4),
            ("detailed timeline", 3),
            ("severity", 6),
            ("contributors", 4),
            ("revisions", 3),
        ]
    );
    assert_eq!(s.total, 32);
    assert_eq!(s.parts[0].detail, "impact, root causes, timeline, lessons");
    let weak = score(&pm("postmortems/weak.md", WEAK, 1, 1));
    assert_eq!(
        weak.total,
        2 + 2 + 1,
        "SEV3 + one contributor + one revision"
    );
    assert!(MAX_SCORE == s.parts.iter().map(|p| p.max).sum::<u32>());
}

#[test]
fn every_month_with_postmortems_gets_the_highest_score() {
    let pms = corpus();
    let (picks, diags) = run(&pms, &BTreeMap::new());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        months(&picks),
        vec![("2024-03", "strong"), ("2024-02", "feb")],
        "newest first"
    );
    let reason = picks[0].reason.text();
    assert!(
        reason
            == "Picked because it is a SEV1 with all four key sections, 2 action items with an owner and a due date and 2 contributors (score 32/46).",
        "{reason}"
    );
}

#[test]
fn a_month_below_the_minimum_score_has_no_automatic_pick() {
    let pms = vec![
        pm("postmortems/strong.md", STRONG, 2, 3),
        pm("postmortems/thin.md", &with_date(WEAK, "2024-02-11"), 1, 1),
    ];
    assert!(score(&pms[1]).total < MIN_SCORE);
    let (picks, _) = run(&pms, &BTreeMap::new());
    assert_eq!(months(&picks), vec![("2024-03", "strong")]);
    // A curator can still pick it.
    let (picks, _) = run(
        &pms,
        &config("[featured]\n\"2024-02\" = \"postmortems/thin.md\"\n"),
    );
    assert_eq!(
        months(&picks),
        vec![("2024-03", "strong"), ("2024-02", "thin")]
    );
}

#[test]
fn drafts_are_not_picked_by_score() {
    let draft = STRONG.replace("severity: SEV1", "severity: SEV1\nstatus: draft");
    let pms = vec![
        pm("postmortems/strong.md", &draft, 2, 3),
        pm("postmortems/weak.md", WEAK, 3, 4),
        pm(
            "postmortems/only-draft.md",
            &with_date(&draft, "2024-05-01").replace("2024-03-05", "2024-05-01"),
            1,
            1,
        ),
    ];
    assert!(pms[0].is_draft());
    let (picks, _) = run(&pms, &BTreeMap::new());
    assert_eq!(
        months(&picks),
        vec![("2024-03", "weak")],
        "a month of drafts has no pick"
    );
}

#[test]
fn curated_beats_the_score_and_config_beats_front_matter() {
    let mut pms = corpus();
    pms[1].meta.written.featured = Some("2024-03".into());
    let (picks, diags) = run(&pms, &BTreeMap::new());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(months(&picks)[0], ("2024-03", "weak"));
    assert_eq!(picks[0].reason, Reason::CuratedInFrontMatter);
    assert_eq!(picks[0].reason.text(), "curated (featured in front matter)");

    // hindsight.toml names another postmortem for the same month: it wins,
    // and the front matter's claim is reported, not dropped silently.
    let featured = config("[featured]\n\"2024-03\" = \"postmortems/feb.md\"\n");
    let (picks, diags) = run(&pms, &featured);
    assert_eq!(months(&picks)[0], ("2024-03", "feb"));
    assert_eq!(picks[0].reason, Reason::CuratedInConfig { line: 2 });
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].path, "postmortems/weak.md");
    assert!(
        diags[0].message.contains("hindsight.toml:2"),
        "{}",
        diags[0]
    );
    // feb.md is featured in March, so February has no automatic pick.
    assert_eq!(months(&picks), vec![("2024-03", "feb")]);
}

#[test]
fn a_curated_month_needs_no_incident_of_its_own() {
    let mut pms = corpus();
    pms[0].meta.written.featured = Some("2024-04".into());
    let (picks, _) = run(&pms, &BTreeMap::new());
    // strong is April's (curated) pick, so March falls to the next best.
    assert_eq!(
        months(&picks),
        vec![
            ("2024-04", "strong"),
            ("2024-03", "weak"),
            ("2024-02", "feb")
        ]
    );
}

#[test]
fn ties_break_by_later_date_then_smaller_id() {
    let pms = vec![
        pm("postmortems/b.md", &with_date(WEAK, "2024-05-01"), 3, 4),
        pm("postmortems/a.md", &with_date(WEAK, "2024-05-01"), 3, 4),
        pm("postmortems/c.md", &with_date(WEAK, "2024-05-09"), 3, 4),
        pm("postmortems/d.md", &with_date(WEAK, "2024-06-02"), 3, 4),
        pm("postmortems/e.md", &with_date(WEAK, "2024-06-02"), 3, 4),
    ];
    let (picks, _) = run(&pms, &BTreeMap::new());
    assert_eq!(months(&picks), vec![("2024-06", "d"), ("2024-05", "c")]);
}

#[test]
fn same_input_same_picks_whatever_the_order() {
    let pms = corpus();
    let mut reversed = corpus();
    reversed.reverse();
    let (a, _) = run(&pms, &BTreeMap::new());
    let (b, _) = run(&pms, &BTreeMap::new());
    let (c, _) = run(&reversed, &BTreeMap::new());
    assert_eq!(a, b);
    let strip = |p: &[Pick]| {
        p.iter()
            .map(|p| (p.month.clone(), p.id.clone(), p.reason.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&c));
}

#[test]
fn bad_curation_is_reported_with_file_and_line() {
    let mut pms = corpus();
    pms[2].meta.written.featured = Some("May 2024".into());
    let featured = config(
        "title = \"x\"\n[featured]\n\"2024-3\" = \"strong\"\n\"2024-04\" = \"pm-2099-001\"\n",
    );
    let (picks, diags) = run(&pms, &featured);
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t
                .starts_with("hindsight.toml:3: error: [featured] key `2024-3` is not a month")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("hindsight.toml:4: error: [featured] names `pm-2099-001`")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("postmortems/feb.md: warning: featured: `May 2024`")),
        "{text:?}"
    );
    assert_eq!(
        months(&picks),
        vec![("2024-03", "strong"), ("2024-02", "feb")]
    );
}

#[test]
fn months_are_validated() {
    assert_eq!(month_of("2026-05").as_deref(), Some("2026-05"));
    assert_eq!(month_of("2026-05-31").as_deref(), Some("2026-05"));
    for bad in ["2026-13", "2026-5", "May 2026", "2026-05-1", "", "2026-00"] {
        assert_eq!(month_of(bad), None, "{bad}");
    }
}

#[test]
fn a_curators_note_comes_from_config_else_front_matter() {
    let mut pms = corpus();
    pms[1].meta.written.featured = Some("2024-03".into());
    pms[1].meta.featured_note = Some("Read how it was found.".into());
    let (picks, _) = run(&pms, &BTreeMap::new());
    assert_eq!(picks[0].note.as_deref(), Some("Read how it was found."));
    let featured = config(
        "[featured]\n\"2024-03\" = { id = \"postmortems/weak.md\", note = \"From the curator.\" }\n",
    );
    let (picks, diags) = run(&pms, &featured);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(picks[0].note.as_deref(), Some("From the curator."));
    assert_eq!(picks[0].reason, Reason::CuratedInConfig { line: 2 });
}
