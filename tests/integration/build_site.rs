//! The built site and postmortems.json on real repositories: every format
//! DESIGN.md lists, the pages, determinism, atomic replacement, exit codes,
//! `init` and `new`, extension-less files and `--exclude`.

use crate::common::*;
use serde_json::Value;

const GOOGLE: &str = r#"---
title: Checkout errors after the tax-engine flag
date: 2022-09-13
severity: sev-2
status: resolved
services: [checkout-api, tax-engine]
tags: [feature-flag, deploy]
authors: [Dana Kim]
started: 2022-09-13T14:00:00Z
detected: 2022-09-13T14:12:00Z
mitigated: 2022-09-13T14:40:00Z
resolved: 2022-09-13T16:00:00Z
jira: OPS-42
---

# Checkout errors after the tax-engine flag

## Summary
Checkout failed for 12% of orders after the tax-engine flag was enabled.

See also [the DNS incident](2021-11-04-dns.md#timeline) and [the runbook](https://runbooks.example.com/tax).

<script>alert("pwned")</script>

<img src="x.png" onerror="alert(1)">

## Impact
12% of checkouts failed for two hours.

## Root Causes
The flag's default tax region was empty.

## Trigger
The flag was enabled for all regions at once.

## Resolution
The flag was turned off.

## Detection
The checkout error-rate alert.

## Action Items

| Action Item | Type | Owner | Bug | Status |
|---|---|---|---|---|
| Validate flag defaults in CI | prevent | dana | OPS-43 | DONE |
| Document the flag rollback | process | lee | OPS-44 | In progress |

- [ ] @sam.park — alert on tax-engine errors (P1, 2022-10-01)

## Lessons Learned
### What went well
- The rollback took one click.
### What went wrong
- Nothing validated the default.
### Where we got lucky
- Traffic was low.

## Timeline
2022-09-13 (all times UTC)

- 14:00 — flag enabled for all regions
- 14:12 — error-rate alert fires
- 16:00 — errors back to baseline
"#;

const TEAM: &str = "# Payments API returning 503

## Summary
A deploy left payments-api without database credentials.

## Timeline
All times in UTC.

| Time | Event |
| :--- | --- |
| 2023-02-14 10:02 | Deploy of payments-api 4.2 starts |
| 2023-02-14 10:10 | **Discovery:** 5xx alert fires |
| 2023-02-14 10:35 | Rollback complete |

## Contributing Factors
- The secret was renamed in the same change.

## Action Items
- Add a canary stage to the payments pipeline
    - see the pipeline PR
- Alert on 5xx per pod

## Lessons Learned
- Secrets and code should not change together.

## Attendees
- RF, PW

## Stats
- Category: Deploy
- Time to detection: 8 minutes
- Time to recovery: 33 minutes
";

const SETEXT: &str = "DNS resolution failures
=======================

Date: 2021-11-04
Severity: SEV1

Summary
-------
Internal DNS returned SERVFAIL for twenty minutes.

Timeline
--------
- 09:14 — resolver config pushed
- 09:20 — alerts fire
- 09:34 — config rolled back

Action Items
------------
- [x] @lukas — roll back the resolver config (P0, 2021-11-05)
- [ ] @mira — add a canary for resolver changes (P2, 2021-12-01)
";

const KOREAN: &str = "---
title: 결제 서버 인증서 만료 장애
date: 2024-05-02
severity: SEV2
services: [payments]
---

## 요약
인증서가 만료되어 결제 API 호출이 실패했다.

## 타임라인
| 시각 (KST) | 내용 |
|---|---|
| 09:12 | 오류율 급증 |
| 09:20 | 온콜 엔지니어 호출 |

## 장애 원인
인증서 자동 갱신이 꺼져 있었다.

## 재발 방지 대책
- [ ] @김민수 인증서 만료 알림 추가 (P1, 2024-06-01)

## 교훈
- 만료일을 모니터링해야 한다.

## 통계
- 탐지 시간: 12분
- 복구 시간: 2시간
";

const PAGERDUTY: &str = "# Notification emails delayed

## Overview
Emails were delayed by up to three hours.

## What Happened
- 2022-02-15 08:00 — consumer starts crash-looping
- 2022-02-15 11:05 — poison message skipped

## Contributing Factors
- No dead-letter queue.

## Responders
- Sam Okafor

## Action Items
- Publish failing messages to a dead-letter queue (owner: Sam Okafor, due 2022-02-18) — done
";

/// A repository holding one postmortem of each format, committed.
fn formats_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write("postmortems/2022-09-13-checkout-tax.md", GOOGLE);
    r.write("postmortems/payments-503.md", TEAM);
    r.write("postmortems/2021-11-04-dns.md", SETEXT);
    r.write("postmortems/2024-05-02-결제-인증서.md", KOREAN);
    r.write("postmortems/2022-02-15-email-delays.md", PAGERDUTY);
    r.commit("Add postmortems", BOB, T0);
    r
}

fn sections(pm: &Value) -> Vec<&str> {
    strs(&pm["sections"])
}

fn times(pm: &Value) -> Vec<Option<&str>> {
    pm["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["time"].as_str())
        .collect()
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn every_format_is_parsed_into_sections_actions_timeline_and_durations() {
    let r = formats_repo();
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.summary().starts_with("Built 5 postmortems") && run.summary().contains("(5 ok,"),
        "{}",
        run.summary()
    );
    let pms = export(out.path());

    // Google SRE template with YAML front matter.
    let g = by_path(&pms, "postmortems/2022-09-13-checkout-tax.md");
    assert_eq!(g["id"], "2022-09-13-checkout-tax");
    assert_eq!(g["url"], "postmortems/2022-09-13-checkout-tax.html");
    assert_eq!(g["title"], "Checkout errors after the tax-engine flag");
    assert_eq!(g["date"], "2022-09-13");
    assert_eq!(g["severity"], "SEV2");
    assert_eq!(strs(&g["services"]), ["checkout-api", "tax-engine"]);
    assert_eq!(strs(&g["tags"]), ["feature-flag", "deploy"]);
    assert_eq!(g["extra"]["jira"], "OPS-42", "unknown keys kept");
    for s in [
        "summary",
        "impact",
        "root_causes",
        "trigger",
        "resolution",
        "detection",
        "action_items",
        "lessons",
        "went_well",
        "went_wrong",
        "lucky",
        "timeline",
    ] {
        assert!(sections(g).contains(&s), "{s} missing: {:?}", sections(g));
    }
    assert_eq!(g["minutes_to_detect"], 12);
    assert_eq!(g["minutes_to_mitigate"], 40);
    assert_eq!(g["minutes_to_resolve"], 120);
    let a = g["action_items"].as_array().unwrap();
    assert_eq!(a.len(), 3, "{a:?}");
    assert_eq!(a[0]["text"], "Validate flag defaults in CI");
    assert_eq!(a[0]["type"], "prevent");
    assert_eq!(a[0]["owner"], "dana");
    assert_eq!(a[0]["done"], true);
    assert_eq!(a[1]["type"], "process");
    assert_eq!(a[1]["done"], false);
    assert_eq!(a[2]["owner"], "sam.park");
    assert_eq!(a[2]["priority"], "P1");
    assert_eq!(a[2]["due"], "2022-10-01");
    assert_eq!(a[2]["text"], "alert on tax-engine errors");
    assert_eq!(
        times(g),
        [
            Some("2022-09-13T14:00Z"),
            Some("2022-09-13T14:12Z"),
            Some("2022-09-13T16:00Z")
        ]
    );
    assert_eq!(g["timeline"][1]["text"], "error-rate alert fires");

    // Short team template: no front matter, a `| Time | Event |` table, a Stats block.
    let t = by_path(&pms, "postmortems/payments-503.md");
    assert_eq!(t["title"], "Payments API returning 503");
    assert_eq!(t["date"], "2023-02-14", "date from the timeline");
    assert_eq!(t["severity"], Value::Null, "never invented");
    assert_eq!(
        sections(t),
        [
            "summary",
            "timeline",
            "contributing_factors",
            "action_items",
            "lessons",
            "attendees",
            "stats"
        ]
    );
    assert_eq!(
        times(t),
        [
            Some("2023-02-14T10:02Z"),
            Some("2023-02-14T10:10Z"),
            Some("2023-02-14T10:35Z")
        ]
    );
    assert_eq!(t["timeline"][1]["text"], "Discovery: 5xx alert fires");
    assert_eq!(t["minutes_to_detect"], 8);
    assert_eq!(t["minutes_to_mitigate"], Value::Null);
    assert_eq!(t["minutes_to_resolve"], 33);
    let a = t["action_items"].as_array().unwrap();
    assert_eq!(a.len(), 2, "nested detail bullet is not an item: {a:?}");
    assert_eq!(a[0]["text"], "Add a canary stage to the payments pipeline");
    assert_eq!(a[0]["owner"], Value::Null);
    assert_eq!(a[0]["type"], "other");

    // Setext headings, metadata lines instead of front matter.
    let s = by_path(&pms, "postmortems/2021-11-04-dns.md");
    assert_eq!(s["title"], "DNS resolution failures");
    assert_eq!(s["date"], "2021-11-04");
    assert_eq!(s["severity"], "SEV1");
    assert_eq!(sections(s), ["summary", "timeline", "action_items"]);
    assert_eq!(
        times(s),
        [
            Some("2021-11-04T09:14"),
            Some("2021-11-04T09:20"),
            Some("2021-11-04T09:34")
        ]
    );
    let a = s["action_items"].as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(
        (&a[0]["owner"], &a[0]["done"]),
        (&"lukas".into(), &true.into())
    );
    assert_eq!(a[0]["priority"], "P0");
    assert_eq!(
        (&a[1]["owner"], &a[1]["done"]),
        (&"mira".into(), &false.into())
    );
    assert_eq!(a[1]["due"], "2021-12-01");

    // Korean headings, a KST timeline table and Korean Stats lines.
    let k = by_path(&pms, "postmortems/2024-05-02-결제-인증서.md");
    assert_eq!(k["id"], "2024-05-02-결제-인증서");
    assert_eq!(k["title"], "결제 서버 인증서 만료 장애");
    assert_eq!(
        sections(k),
        [
            "summary",
            "timeline",
            "root_causes",
            "action_items",
            "lessons",
            "stats"
        ]
    );
    assert_eq!(
        times(k),
        [
            Some("2024-05-02T09:12+09:00"),
            Some("2024-05-02T09:20+09:00")
        ]
    );
    assert_eq!(k["timeline"][0]["text"], "오류율 급증");
    let a = k["action_items"].as_array().unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["owner"], "김민수");
    assert_eq!(a[0]["due"], "2024-06-01");
    assert_eq!(k["minutes_to_detect"], 12);
    assert_eq!(k["minutes_to_resolve"], 120);

    // PagerDuty headings.
    let p = by_path(&pms, "postmortems/2022-02-15-email-delays.md");
    assert_eq!(
        sections(p),
        [
            "summary",
            "timeline",
            "contributing_factors",
            "attendees",
            "action_items"
        ]
    );
    assert_eq!(
        times(p),
        [Some("2022-02-15T08:00"), Some("2022-02-15T11:05")]
    );
    let a = p["action_items"].as_array().unwrap();
    assert_eq!(a[0]["owner"], "Sam Okafor");
    assert_eq!(a[0]["due"], "2022-02-18");
    assert_eq!(a[0]["done"], true);

    for pm in pms.values() {
        assert!(pm["errors"].as_array().unwrap().is_empty(), "{pm}");
        assert_eq!(pm["uncommitted"], false);
        assert_eq!(pm["created"], "2021-03-01");
    }
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn site_has_pages_lists_rewritten_links_and_no_raw_html() {
    let r = formats_repo();
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let pms = export(out.path());

    // One page per postmortem, at the URL the export gives.
    for pm in pms.values() {
        let html = page(out.path(), pm["url"].as_str().unwrap());
        let title = pm["title"].as_str().unwrap();
        assert!(html.contains(title), "{} lacks its title", pm["url"]);
    }
    // Home and lists by year, service, tag and severity.
    let home = hrefs(&page(out.path(), "index.html"));
    for pm in pms.values() {
        let url = pm["url"].as_str().unwrap();
        assert!(home.iter().any(|h| h == url), "home lacks {url}: {home:?}");
    }
    for list in [
        "years/index.html",
        "years/2022.html",
        "services/index.html",
        "services/checkout-api.html",
        "tags/index.html",
        "tags/feature-flag.html",
        "severities/index.html",
        "severities/sev2.html",
    ] {
        assert!(out.path().join(list).is_file(), "{list} missing");
    }
    let sev2 = hrefs(&page(out.path(), "severities/sev2.html"));
    for listed in [
        "../postmortems/2022-09-13-checkout-tax.html",
        "../postmortems/2024-05-02-결제-인증서.html",
    ] {
        assert!(sev2.iter().any(|h| h == listed), "{listed} not in {sev2:?}");
    }
    assert!(
        !sev2.iter().any(|h| h.contains("2021-11-04-dns")),
        "SEV1 listed under SEV2"
    );
    assert!(out.path().join("static/style.css").is_file());

    let g = page(out.path(), "postmortems/2022-09-13-checkout-tax.html");
    // A link to another postmortem's Markdown file points at its page,
    // its fragment at the heading's id there.
    let links = hrefs(&g);
    assert!(
        links
            .iter()
            .any(|h| h == "../postmortems/2021-11-04-dns.html#sec-timeline"),
        "link not rewritten: {links:?}"
    );
    let dns = page(out.path(), "postmortems/2021-11-04-dns.html");
    assert!(dns.contains("id=\"sec-timeline\""), "{dns}");
    assert!(!g.contains("2021-11-04-dns.md"));
    assert!(links
        .iter()
        .any(|h| h == "https://runbooks.example.com/tax"));
    // Every relative link on the page resolves to a built file.
    for h in links
        .iter()
        .filter(|h| !h.contains("://") && !h.starts_with('#'))
    {
        let file = h.split('#').next().unwrap();
        let target = out.path().join("postmortems").join(file);
        assert!(target.exists(), "broken link {h}");
    }
    // Raw HTML is sanitized.
    assert!(!g.contains("<script>alert"), "raw script survived");
    assert!(!g.contains("pwned"));
    assert!(!g.contains("onerror"));
    // Action items with state, the timeline, durations.
    assert!(g.contains("Validate flag defaults in CI"));
    assert!(g.contains("1 of 3 done"));
    // The author's own action-item list is folded behind the table, once.
    let folds: Vec<&str> = g
        .split("<details class=\"as-written\">")
        .skip(1)
        .map(|d| d.split("</details>").next().unwrap_or(""))
        .collect();
    assert!(
        folds
            .iter()
            .any(|d| d.contains("Validate flag defaults in CI")),
        "{g}"
    );
    assert_eq!(
        g.matches("Validate flag defaults in CI").count(),
        2,
        "table and fold only"
    );
    assert_eq!(
        g.matches("<details class=\"as-written\">").count(),
        g.matches("<summary>As written</summary>").count()
    );
    assert!(g.contains("2022-09-13T14:12Z"));
    assert!(g.contains("Time to detect"));
    assert!(g.contains("12 min"));
    assert!(g.contains("OPS-42"), "unknown front-matter keys are shown");
}

#[test]
fn two_builds_are_byte_identical() {
    let r = formats_repo();
    r.write(
        "postmortems/2025-01-01-uncommitted.md",
        "# Still a draft\n\n## Summary\nwip\n",
    );
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    let ra = build(r.path(), &a, &[]);
    let rb = build(r.path(), &b, &[]);
    assert_eq!((ra.code, rb.code), (0, 0), "{}\n{}", ra.stderr, rb.stderr);
    assert_same_tree(&a, &b);
    // And the same again from git objects.
    let (c, d) = (out.path().join("c"), out.path().join("d"));
    assert_eq!(build(r.path(), &c, &["--rev", "HEAD"]).code, 0);
    assert_eq!(build(r.path(), &d, &["--rev", "HEAD"]).code, 0);
    assert_same_tree(&c, &d);
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let r = formats_repo();
    // Default output: REPO/public.
    let ok = hindsight(&["build", "--repo", r.path().to_str().unwrap()]);
    assert_eq!(ok.code, 0, "stderr:\n{}", ok.stderr);
    let public = r.path().join("public");
    let before = tree(&public);
    assert!(before.contains_key("index.html") && before.contains_key("postmortems.json"));

    // A broken theme override makes the next build fail.
    r.write(
        "theme/templates/postmortem.html",
        "{% if %}broken{% endif %}\n",
    );
    r.write("postmortems/2025-03-03-new.md", "# A newer incident\n");
    let failed = hindsight(&["build", "--repo", r.path().to_str().unwrap()]);
    assert_eq!(failed.code, 2, "stderr:\n{}", failed.stderr);
    assert!(
        failed.stderr.contains("postmortem.html"),
        "{}",
        failed.stderr
    );
    assert!(!failed.stderr.contains("panicked"), "{}", failed.stderr);
    assert!(
        tree(&public) == before,
        "the previous site changed after a failed build"
    );
    let leftovers: Vec<String> = std::fs::read_dir(r.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");

    // Fixing the theme builds the new site in place.
    std::fs::remove_dir_all(r.path().join("theme")).unwrap();
    let fixed = hindsight(&["build", "--repo", r.path().to_str().unwrap()]);
    assert_eq!(fixed.code, 0, "stderr:\n{}", fixed.stderr);
    assert!(public.join("postmortems/2025-03-03-new.html").is_file());
}

#[test]
fn exit_codes() {
    let r = formats_repo();
    let out = tempfile::tempdir().unwrap();
    // 0: everything built cleanly.
    let clean = build(r.path(), &out.path().join("a"), &[]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(clean.summary().contains("0 with errors); skipped 0"));

    // 2: the repository folder does not exist.
    let missing = r.path().join("no-such-folder");
    let run = build(&missing, &out.path().join("b"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);
    assert!(!out.path().join("b").exists());

    // 2: an unknown revision.
    let run = build(r.path(), &out.path().join("c"), &["--rev", "v9.9.9"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("v9.9.9"), "{}", run.stderr);

    // 2: a missing content folder, and an unknown flag.
    let run = build(r.path(), &out.path().join("d"), &["--content", "nope"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(hindsight(&["build", "--no-such-flag"]).code, 2);

    // 1: a postmortem with an error still builds, with the rest.
    r.write(
        "postmortems/2025-02-02-bad-yaml.md",
        "---\ntitle: [unclosed\n---\n# Bad front matter\n",
    );
    let out_e = out.path().join("e");
    let run = build(r.path(), &out_e, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(export(&out_e).len(), 6);

    // 1: a file skipped (empty), even when nothing has errors.
    std::fs::remove_file(r.path().join("postmortems/2025-02-02-bad-yaml.md")).unwrap();
    r.write("postmortems/2025-02-03-empty.md", "");
    let out_f = out.path().join("f");
    let run = build(r.path(), &out_f, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.summary().contains("skipped 1"), "{}", run.summary());
    assert_eq!(export(&out_f).len(), 5);
}

#[test]
fn init_and_new_scaffold_a_knowledge_base() {
    let base = tempfile::tempdir().unwrap();
    let kb = base.path().join("kb");
    let run = hindsight(&["init", kb.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(kb.join("hindsight.toml").is_file());
    let template = kb.join("postmortems/_template.md");
    assert!(template.is_file());
    let toml = std::fs::read_to_string(kb.join("hindsight.toml")).unwrap();
    assert!(toml.contains("content = \"postmortems\""), "{toml}");

    let before = chrono::Local::now().date_naive();
    let run = hindsight(&[
        "new",
        "Checkout errors after deploy",
        "--repo",
        kb.to_str().unwrap(),
    ]);
    let after = chrono::Local::now().date_naive();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap_or_default();
    let created = std::path::PathBuf::from(first.strip_prefix("created ").expect(first));
    let name = created.file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        [before, after]
            .iter()
            .any(|d| name == format!("{}-checkout-errors-after-deploy.md", d.format("%Y-%m-%d"))),
        "{name}"
    );
    assert!(kb.join("postmortems").join(&name).is_file());
    let text = std::fs::read_to_string(&created).unwrap();
    assert!(text.contains("Checkout errors after deploy"), "{text}");
    // The same title again is refused rather than overwritten.
    let again = hindsight(&[
        "new",
        "Checkout errors after deploy",
        "--repo",
        kb.to_str().unwrap(),
    ]);
    assert_eq!(again.code, 2);
    assert_eq!(std::fs::read_to_string(&created).unwrap(), text);

    // Build it (a git repository with no commits yet): the template and
    // README are not postmortems.
    let out = base.path().join("site");
    let run = build(&kb, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    assert_eq!(pms.len(), 1, "{:?}", pms.keys());
    let pm = pms.values().next().unwrap();
    assert_eq!(pm["title"], "Checkout errors after deploy");
    assert_eq!(pm["path"], format!("postmortems/{name}"));
    assert!(
        pms.values()
            .all(|p| !p["path"].as_str().unwrap().contains("_template")),
        "template was built"
    );
    assert!(run.summary().contains("excluded 2"), "{}", run.summary());
}

#[test]
fn extensionless_markdown_is_built_licence_is_not_and_exclude_works() {
    let r = TestRepo::new();
    // A repository of postmortems at its root, as some teams keep them.
    r.write(
        "PM2022-009 - Bad AMI causing Kubernetes issues",
        include_str!("../fixtures/integration/build_site/bad-ami-extensionless.md"),
    );
    r.write(
        "LICENSE",
        "MIT License\n\nPermission is hereby granted, free of charge...\n",
    );
    r.write("NOTES", "just some notes, no heading\n");
    r.write("README.md", "# Our postmortems\n\nAn index.\n");
    r.write(
        "2021-06-22-cni.md",
        "# All services returning 503\n\n## Timeline\n| Time | Event |\n|---|---|\n| 2021-06-22 08:21 | CNI replaced |\n",
    );
    r.commit("Import postmortems", CAROL, T0);

    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(
        r.path(),
        &site,
        &["--content", ".", "--exclude", "README.md"],
    );
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let pms = export(&site);
    let mut paths: Vec<&str> = pms.values().map(|p| p["path"].as_str().unwrap()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "2021-06-22-cni.md",
            "PM2022-009 - Bad AMI causing Kubernetes issues"
        ]
    );
    let ami = by_path(&pms, "PM2022-009 - Bad AMI causing Kubernetes issues");
    assert_eq!(ami["title"], "Bad AMI causing Kubernetes issues");
    assert_eq!(ami["minutes_to_detect"], 1183);
    assert_eq!(ami["minutes_to_resolve"], 15840);
    assert_eq!(ami["created"], "2021-03-01");
    assert!(site.join(ami["url"].as_str().unwrap()).is_file());
    assert!(run.summary().contains("excluded 1"), "{}", run.summary());

    // Without --exclude the README is built as well; LICENSE never is.
    let site2 = out.path().join("site2");
    let run = build(r.path(), &site2, &["--content", "."]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let pms = export(&site2);
    assert_eq!(pms.len(), 3, "{:?}", pms.keys());
    assert!(pms.values().any(|p| p["path"] == "README.md"));
    assert!(!pms
        .values()
        .any(|p| p["path"] == "LICENSE" || p["path"] == "NOTES"));

    // The same selection from git objects.
    let site3 = out.path().join("site3");
    let run = build(
        r.path(),
        &site3,
        &["--content", ".", "--exclude", "README.md", "--rev", "HEAD"],
    );
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let mut rev_paths: Vec<String> = export(&site3)
        .values()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect();
    rev_paths.sort();
    assert_eq!(rev_paths, paths);
}

#[test]
fn out_folder_never_replaces_the_repository_or_its_postmortems() {
    let r = formats_repo();
    r.write("precious.txt", "not part of any site\n");
    let before = tree(r.path());
    let parent = r.path().parent().unwrap().to_path_buf();
    for out in [
        r.path().to_path_buf(),
        r.path().join("postmortems"),
        r.path().join(".git"),
        parent,
    ] {
        let run = build(r.path(), &out, &[]);
        assert_eq!(
            run.code,
            2,
            "--out {}: stderr:\n{}",
            out.display(),
            run.stderr
        );
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
        assert!(
            tree(r.path()) == before,
            "--out {} changed the repository",
            out.display()
        );
    }
    assert!(git2::Repository::open(r.path()).is_ok());
    // A site folder inside the repository is fine, and is not read back as content.
    let run = build(r.path(), &r.path().join("site"), &["--content", "."]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let run = build(r.path(), &r.path().join("site"), &["--content", "."]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.summary().starts_with("Built 5 postmortems"),
        "{}",
        run.summary()
    );
}

#[test]
fn hindsight_toml_aliases_edit_links_and_flags_that_override_it() {
    let r = TestRepo::new();
    r.write(
        "hindsight.toml",
        include_str!("../fixtures/integration/build_site/acme-hindsight.toml"),
    );
    r.write(
        "incidents/2020-10-06-vpn.md",
        include_str!("../fixtures/integration/build_site/vpn-aliased-dates.md"),
    );
    r.write("incidents/drafts/2020-11-01-wip.md", "# Work in progress\n");
    r.write(
        "postmortems/2019-01-01-elsewhere.md",
        "# In another folder\n",
    );
    r.commit("Add VPN postmortem", CAROL, T0);
    let out = tempfile::tempdir().unwrap();

    // Relative --repo, content and excludes from hindsight.toml.
    let name = r.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(
        r.path().parent().unwrap().canonicalize().unwrap(),
        std::env::temp_dir().canonicalize().unwrap(),
        "test repositories live in the folder the binary runs from"
    );
    let site = out.path().join("a");
    let run = hindsight(&["build", "--repo", name, "--out", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(run.summary().contains("excluded 1"), "{}", run.summary());
    let pms = export(&site);
    assert_eq!(pms.keys().collect::<Vec<_>>(), ["2020-10-06-vpn"]);
    let vpn = &pms["2020-10-06-vpn"];
    assert_eq!(vpn["date"], "2020-10-06", "date from the aliased `started`");
    assert_eq!(vpn["started"], "2020-10-06T09:00:00Z");
    assert_eq!(vpn["minutes_to_resolve"], 150);
    assert_eq!(vpn["minutes_to_detect"], Value::Null, "`?` stays unknown");
    assert_eq!(
        vpn["minutes_to_mitigate"],
        Value::Null,
        "`N/A` stays unknown"
    );
    assert_eq!(vpn["created"], "2021-03-01");
    let a = vpn["action_items"].as_array().unwrap();
    assert_eq!(
        (&a[0]["done"], &a[1]["done"]),
        (&true.into(), &false.into())
    );
    assert_eq!(a[1]["priority"], "P2");
    let html = page(&site, "postmortems/2020-10-06-vpn.html");
    assert!(html.contains("Acme incidents"));
    let branch = r.repo.head().unwrap().shorthand().unwrap().to_string();
    let edit = format!("https://git.example.com/acme/pm/edit/{branch}/incidents/2020-10-06-vpn.md");
    assert!(hrefs(&html).contains(&edit), "no edit link {edit}");

    // Flags override the file: another content folder (spelled loosely).
    let site = out.path().join("b");
    let run = build(r.path(), &site, &["--content", "./postmortems/"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let pms = export(&site);
    let pm = &pms["2019-01-01-elsewhere"];
    assert_eq!(pm["path"], "postmortems/2019-01-01-elsewhere.md");
    assert_eq!(
        pm["created"], "2021-03-01",
        "history found for a loosely spelled folder"
    );
    assert_eq!(pm["uncommitted"], false);
}

/// Severities as teams write them land on one scale: one page per level,
/// and `search --severity` finds every spelling of it.
#[test]
fn severities_as_written_share_one_scale() {
    let r = TestRepo::new();
    for (i, sev) in [
        "High (100% failure rate for affected jobs)",
        "\"🔴 Critical\"",
        "SEV-2",
        "sev 1",
        "P2",
    ]
    .iter()
    .enumerate()
    {
        r.write(
            &format!("postmortems/2024-01-0{}-pm{i}.md", i + 1),
            format!("---\ntitle: Incident {i}\nseverity: {sev}\n---\n# Incident {i}\n\n## Summary\nBroke.\n"),
        );
    }
    r.commit("severities", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build(r.path(), &out, &[]);
    assert!(run.code <= 1, "{}", run.stderr);
    let mut pages: Vec<String> = std::fs::read_dir(out.join("severities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(pages, ["index.html", "sev1.html", "sev2.html"]);
    let search = hindsight(&[
        "search",
        "--repo",
        r.path().to_str().unwrap(),
        "--severity",
        "high",
        "--json",
        "broke",
    ]);
    let json: Value = serde_json::from_str(&search.stdout).unwrap();
    assert_eq!(
        json["results"].as_array().unwrap().len(),
        3,
        "{}",
        search.stdout
    );
}
