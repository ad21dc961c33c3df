//! Whole-file parsing tests on the formats DESIGN.md lists.

use super::*;
use crate::model::ActionType;

fn parse(src: &str) -> Postmortem {
    parse_file(
        "postmortems/2021-06-22-x.md",
        src.as_bytes(),
        &ParseOptions::default(),
    )
    .unwrap()
}

#[test]
fn pagerduty_plain_bullets_with_owner_labels() {
    let pm = parse("# Emails delayed\n\n## Action Items\n\n- Catch per-message errors in the email consumer and publish to\n  `notifications-email.dlq` (owner: Sam Okafor, due 2022-02-18) — done\n- Runbook: how to skip a poison message safely (owner: Ravi Patel)\n");
    assert_eq!(pm.action_items.len(), 2);
    assert_eq!(pm.action_items[0].owner.as_deref(), Some("Sam Okafor"));
    assert_eq!(pm.action_items[0].due.as_deref(), Some("2022-02-18"));
    assert!(pm.action_items[0].done);
    assert_eq!(pm.action_items[1].owner.as_deref(), Some("Ravi Patel"));
    assert!(!pm.action_items[1].done);
}

#[test]
fn trailing_dash_owner_and_date() {
    let pm = parse("# DNS\n\n## Action items\n\n- Add a post-deploy check that resolves names — Lukas Novak, 2021-11-19\n- Template: fail loudly on unknown keys — Lukas Novak\n");
    assert_eq!(pm.action_items[0].owner.as_deref(), Some("Lukas Novak"));
    assert_eq!(pm.action_items[0].due.as_deref(), Some("2021-11-19"));
    assert_eq!(pm.action_items[1].owner.as_deref(), Some("Lukas Novak"));
}

#[test]
fn dfds_style_team_template() {
    let src = "# All services returning 503 in Kubernetes \n\n## Summary\nThe VPC CNI was replaced.\n\n## Timeline\nAll times in UTC.\n\n| Time | Event |\n| :--------------- | --------- |\n| 2021-06-22 08:21 | VPC CNI replaced by the pipeline   |\n| 2021-06-22 08:29 | **Discovery:** alerts\n\n## Contributing Factors\n- pipeline\n\n## Action Items\n- Pin the CNI version\n    - see PR\n- **Add a smoke test**: after each pipeline run\n\n## Lessons Learned\n-\n\n## Attendees\n- RF, PW\n\n## Stats\n- Category: Kubernetes\n- Time to detection: 8 minutes\n- Time to recovery:  25 minutes\n";
    let pm = parse(src);
    assert_eq!(pm.title, "All services returning 503 in Kubernetes");
    assert_eq!(pm.date.as_deref(), Some("2021-06-22"));
    assert_eq!(pm.timeline.len(), 2);
    assert_eq!(pm.timeline[0].time.as_deref(), Some("2021-06-22T08:21Z"));
    assert_eq!(pm.timeline[1].text, "Discovery: alerts");
    assert_eq!(pm.action_items.len(), 2);
    assert_eq!(pm.durations.minutes_to_detect, Some(8));
    assert_eq!(pm.durations.minutes_to_resolve, Some(25));
    let kinds: Vec<_> = pm.sections.iter().filter_map(|s| s.canonical).collect();
    assert!(
        kinds.contains(&Canonical::ContributingFactors)
            && kinds.contains(&Canonical::Stats)
            && kinds.contains(&Canonical::Attendees)
    );
}

#[test]
fn google_style_with_front_matter() {
    let src = "---\ntitle: Shakespeare Sonnet++ Postmortem\ndate: 2015-10-21\nseverity: sev-1\nstarted: 2015-10-21T14:51:00Z\ndetected: 2015-10-21T14:53:00Z\nresolved: 2015-10-21T15:57:00Z\njira: OPS-9\n---\n\n## Summary\nShakespeare Search down for 66 minutes.\n\n## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n| Update playbook | mitigate | jennifer | n/a **DONE** |\n| Add load shedding | prevent | martym | Bug 5554823 **TODO** |\n\n## Lessons Learned\n### What went well\n- monitoring\n### Where we got lucky\n- a fan\n\n## Timeline\n2015-10-21 (*all times UTC*)\n\n- 14:51 News reports\n- 14:53 Traffic up 88x\n";
    let pm = parse(src);
    assert_eq!(pm.severity.as_deref(), Some("SEV1"));
    assert_eq!(pm.durations.minutes_to_detect, Some(2));
    assert_eq!(pm.durations.minutes_to_resolve, Some(66));
    assert_eq!(
        pm.summary.as_deref(),
        Some("Shakespeare Search down for 66 minutes.")
    );
    assert!(pm.action_items[0].done && !pm.action_items[1].done);
    assert_eq!(pm.action_items[1].kind, ActionType::Prevent);
    assert_eq!(pm.timeline[1].time.as_deref(), Some("2015-10-21T14:53Z"));
    assert_eq!(pm.meta.written.extra["jira"], "OPS-9");
    assert!(pm.section(Canonical::Lucky).is_some());
}

#[test]
fn setext_korean_without_front_matter() {
    let src = "결제 장애 보고서\n==========\n\n- 심각도: SEV2\n- 서비스: payments, ledger\n\n요약\n----\n인증서가 만료되었다.\n\n타임라인\n--------\n| 시각 (KST) | 내용 |\n|---|---|\n| 2024-05-02 09:12 | 오류율 급증 |\n\n재발 방지\n--------\n- [ ] @김민수 인증서 만료 알림 (P1, 2024-06-01)\n";
    let pm = parse(src);
    assert_eq!(pm.title, "결제 장애 보고서");
    assert_eq!(pm.severity.as_deref(), Some("SEV2"));
    assert_eq!(pm.meta.written.services, vec!["payments", "ledger"]);
    assert_eq!(
        pm.timeline[0].time.as_deref(),
        Some("2024-05-02T09:12+09:00")
    );
    assert_eq!(pm.action_items[0].owner.as_deref(), Some("김민수"));
    assert!(pm.section(Canonical::Summary).is_some());
}

#[test]
fn metadata_line_with_several_pairs() {
    let pm = parse(
        "# X\n\n*Severity: SEV2 — Status: resolved — Author: Hannah Schultz*\n\n## Summary\ntext\n",
    );
    assert_eq!(pm.severity.as_deref(), Some("SEV2"));
    assert_eq!(pm.meta.written.status.as_deref(), Some("resolved"));
    assert_eq!(pm.meta.written.authors, vec!["Hannah Schultz"]);
}

#[test]
fn bad_inputs_are_reported_not_fatal() {
    let opts = ParseOptions::default();
    assert!(parse_file("a.md", b"", &opts).is_err());
    assert!(parse_file("a.md", b"  \n\n", &opts).is_err());
    assert!(
        parse_file("a.md", b"# x\n\0\x01binary", &opts)
            .unwrap_err()
            .line
            == Some(2)
    );
    let lfs = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n";
    assert!(parse_file("a.md", lfs, &opts)
        .unwrap_err()
        .reason
        .contains("LFS"));
    let pm = parse_file("a.md", b"# ok\n\nline two \xff\xfe bad\n", &opts).unwrap();
    assert_eq!(pm.diagnostics[0].line, Some(3));
    let pm = parse_file("a.md", b"---\ntitle: [unclosed\n---\n# Body title\n", &opts).unwrap();
    assert!(pm.has_errors());
    assert_eq!(pm.title, "Body title");
    assert!(pm.diagnostics[0].line.unwrap() >= 2);
    let pm = parse_file("a.md", b"---\ntitle: x\n# never closed\n", &opts).unwrap();
    assert!(pm.has_errors());
}

#[test]
fn never_invents_values() {
    let pm = parse("Just some notes about an outage.\n");
    assert_eq!(pm.title, "x", "the file name's words as written");
    assert_eq!(pm.date.as_deref(), Some("2021-06-22"));
    assert_eq!(pm.severity, None);
    assert_eq!(pm.durations, Default::default());
    assert!(pm.timeline.is_empty() && pm.action_items.is_empty());
}

#[test]
fn yaml_bomb_is_an_error_not_a_hang() {
    // Nine levels of nine aliases: 387 million strings if expanded.
    let mut fm = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10u8 {
        let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        fm.push_str(&format!(
            "{cur}: &{cur} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    fm.push_str("---\n# Bomb\n");
    // The front matter budget stops the expansion: an error with its line,
    // and the body still builds.
    let pm = parse(&fm);
    assert!(pm.has_errors(), "{:?}", pm.diagnostics);
    assert!(
        pm.diagnostics[0].message.contains("front matter too large"),
        "{:?}",
        pm.diagnostics
    );
    assert_eq!(pm.title, "Bomb");
}

#[test]
fn action_items_only_matches_the_full_parse() {
    let src = "---\ntitle: X\n---\n\n# Title\n\n## Summary\nText.\n\n```\n## Action Items\n```\n\n## Action Items\n- [x] @bob rotate certs (P1, 2021-03-10)\n- [ ] add an alert\n\n### Later\n| Action Item | Owner | Status |\n|---|---|---|\n| write runbook | ann | DONE |\n\n## Lessons\n- [ ] not an item\n";
    let full = parse(src).action_items;
    let fast = action_items_only(src.as_bytes(), &Default::default()).expect("has the section");
    let key = |v: &[crate::model::ActionItem]| -> Vec<(String, bool)> {
        v.iter().map(|a| (a.text.to_string(), a.done)).collect()
    };
    assert_eq!(key(&full), key(&fast));
    assert_eq!(fast.len(), 3);
    assert!(action_items_only(
        b"# T\n\nAction Items\n------------\n- [x] a\n",
        &Default::default()
    )
    .is_none());
}

#[test]
fn team_headings_from_the_config_win() {
    let user = std::collections::BTreeMap::from([
        (
            "action_items".to_string(),
            vec!["Homework for the team".to_string()],
        ),
        ("not_a_kind".to_string(), vec!["x".to_string()]),
    ]);
    let (headings, unknown) = super::headings::Headings::new(&user);
    assert_eq!(unknown, ["not_a_kind"]);
    let opts = ParseOptions {
        headings,
        ..Default::default()
    };
    let md = "# Key leak\n\n## Homework for the team\n\n- [ ] Rotate keys monthly\n- [x] Scope the key to one app\n";
    let pm = parse_file("a.md", md.as_bytes(), &opts).unwrap();
    assert_eq!(pm.action_items.len(), 2);
    let plain = parse_file("a.md", md.as_bytes(), &ParseOptions::default()).unwrap();
    assert!(plain.action_items.is_empty());
}

#[test]
fn a_date_key_as_a_heading_takes_the_line_below() {
    let pm = parse(
        "# 配信停止\n\n## 障害の内容\nアプリが起動しなくなった。\n\n### 発生日時\n2021年11月25日午後3時\n\n### 復旧日時\n2021年11月26日午前10時47分\n",
    );
    assert_eq!(
        pm.meta.written.started.as_deref(),
        Some("2021年11月25日午後3時")
    );
    assert_eq!(
        pm.meta.written.resolved.as_deref(),
        Some("2021年11月26日午前10時47分")
    );
    assert_eq!(pm.date.as_deref(), Some("2021-11-25"));
    // A heading that names no date key, or a long line, is not a value.
    let pm = parse("# T\n\n## Date\nWe picked the date of the next drill together.\n");
    assert_eq!(pm.meta.date, None);
}

#[test]
fn a_horizontal_rule_above_the_title_is_not_front_matter() {
    let pm = parse("---\n\n# Boot failure\n\n**Severity:** P2\n\n## Summary\n\nThe laptop stopped booting after a kernel update.\n\n---\n");
    assert_eq!(pm.title, "Boot failure");
    assert_eq!(pm.meta.severity.as_deref(), Some("P2"));
    assert!(pm.summary.is_some());
    assert!(pm.diagnostics.iter().all(|d| d.level != Level::Error));
}

#[test]
fn a_timeline_inside_a_timeline_is_read_once_with_its_dates() {
    let pm = parse(
        "# Flags outages\n\n## Incident Timeline\n\n### March 3, 2025 - Cache overload\n\nThe cache filled.\n\n**Timeline:**\n\n- **21:45 UTC** - deploy\n- **23:10 UTC** - recovered\n\n### March 6, 2025 - Rate limits\n\n**Timeline:**\n\n- **18:00 UTC** - limiter on\n- **18:30 UTC** - limiter off\n",
    );
    let times: Vec<&str> = pm
        .timeline
        .iter()
        .filter_map(|e| e.time.as_deref())
        .collect();
    assert_eq!(
        times,
        [
            "2025-03-03T21:45Z",
            "2025-03-03T23:10Z",
            "2025-03-06T18:00Z",
            "2025-03-06T18:30Z"
        ]
    );
}
