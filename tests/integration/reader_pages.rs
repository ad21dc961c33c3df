//! What readers get from a build besides the pages themselves: drafts kept
//! out of the feeds, trends and related incidents; each page's language;
//! and the build's summary of the errors `hindsight check` finds.

use crate::common::*;

fn cert(title: &str, date: &str, status: &str, extra: &str) -> String {
    include_str!("../fixtures/integration/reader_pages/gateway-cert-expired.md")
        .replace("{title}", title)
        .replace("{date}", date)
        .replace("{status}", status)
        .replace("{extra}", extra)
}

fn drafts_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "hindsight.toml",
        "title = \"KB\"\nbase_url = \"https://kb.example/\"\n",
    );
    r.write(
        "postmortems/2024-01-10-cert-a.md",
        cert("Gateway certificate expired", "2024-01-10", "complete", ""),
    );
    r.write(
        "postmortems/2024-02-10-cert-b.md",
        cert(
            "Gateway certificate expired again",
            "2024-02-10",
            "published",
            "",
        ),
    );
    // The draft reads the most alike and is newest: without the rules it
    // would be related to both, top the feed and be March's pick.
    r.write(
        "postmortems/2024-03-10-cert-draft.md",
        cert(
            "Gateway certificate expired a third time",
            "2024-03-10",
            "Draft (review Friday)",
            "featured: 2024-03\n",
        ),
    );
    // Unrelated incidents, so the certificate words are rare enough to
    // relate the three (words in over a fifth of the corpus are dropped).
    let topics = [
        "disk", "dns", "kafka", "redis", "billing", "search", "cdn", "auth", "email", "queue",
        "mobile", "ledger", "backup", "quota",
    ];
    for (i, topic) in topics.iter().enumerate() {
        r.write(
            &format!("postmortems/2023-{:02}-01-{topic}.md", i % 12 + 1),
            include_str!("../fixtures/integration/reader_pages/unrelated-outage.md")
                .replace("{topic}", topic)
                .replace("{i}", &i.to_string())
                .replace("{month:02}", &format!("{:02}", i % 12 + 1)),
        );
    }
    r.commit("postmortems", BOB, 1_710_000_000);
    r
}

#[test]
fn drafts_are_built_with_a_badge_but_left_out_of_feeds_trends_and_others_related() {
    let r = drafts_repo();
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(out.path());
    let draft_id = by_path(&pms, "postmortems/2024-03-10-cert-draft.md")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let draft_page = page(out.path(), &format!("postmortems/{draft_id}.html"));
    assert!(
        draft_page.contains("class=\"badge-draft\">Draft<"),
        "{draft_page}"
    );
    // Its authors see what it resembles; nobody else sees it as related.
    assert!(
        draft_page.contains("id=\"h-related\""),
        "a draft lists its related incidents"
    );
    let draft = by_path(&pms, "postmortems/2024-03-10-cert-draft.md");
    let related: Vec<&str> = draft["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for path in [
        "postmortems/2024-01-10-cert-a.md",
        "postmortems/2024-02-10-cert-b.md",
    ] {
        let id = by_path(&pms, path)["id"].as_str().unwrap();
        assert!(related.contains(&id), "{id} not in {related:?}");
    }

    for file in ["feed.xml", "potm.xml", "trends.json"] {
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert!(!text.contains(&draft_id), "{file} names the draft:\n{text}");
        assert!(
            !text.contains("a third time"),
            "{file} names the draft:\n{text}"
        );
    }
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(feed.contains("Gateway certificate expired again"), "{feed}");
    let trends: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("trends.json")).unwrap())
            .unwrap();
    let counted: u64 = trends["incidents"]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        counted, 16,
        "only the finished incidents count: {}",
        trends["incidents"]
    );

    for path in [
        "postmortems/2024-01-10-cert-a.md",
        "postmortems/2024-02-10-cert-b.md",
    ] {
        let id = by_path(&pms, path)["id"].as_str().unwrap();
        let html = page(out.path(), &format!("postmortems/{id}.html"));
        assert!(
            html.contains("id=\"h-related\""),
            "{path} has related incidents"
        );
        assert!(
            !html.contains(&format!("{draft_id}.html")),
            "{path} shows the draft as related or as a recurrence"
        );
    }
    // Listed like any other postmortem, with its badge.
    let home = page(out.path(), "index.html");
    assert!(home.contains("Gateway certificate expired a third time"));
    assert!(home.contains("badge-draft"));
}

#[test]
fn pages_say_their_language() {
    let r = TestRepo::new();
    r.write("hindsight.toml", "title = \"KB\"\nlanguage = \"en-GB\"\n");
    r.write(
        "postmortems/2025-11-03-ledger.md",
        "---\ntitle: 일일 대사 배치 9시간 지연\ndate: 2025-11-03\n---\n\n## 요약\n마이그레이션과 같은 advisory lock을 사용해 대사 배치가 9시간 지연되었습니다.\n",
    );
    r.write(
        "postmortems/2025-11-04-api.md",
        "---\ntitle: API latency, reviewed with 김지훈\ndate: 2025-11-04\n---\n\n## Summary\nThe API was slow for an hour; 김지훈 found the cause.\n",
    );
    r.write(
        "postmortems/2025-11-05-stated.md",
        "---\ntitle: Paiements refusés\ndate: 2025-11-05\nlang: fr\n---\n\n## Résumé\nLes paiements ont été refusés.\n",
    );
    r.commit("postmortems", BOB, 1_762_000_000);
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(out.path());
    let lang_of = |path: &str| {
        let id = by_path(&pms, path)["id"].as_str().unwrap();
        let html = page(out.path(), &format!("postmortems/{id}.html"));
        let lang = html.split("<html lang=\"").nth(1).unwrap();
        (lang[..lang.find('"').unwrap()].to_string(), html)
    };
    let (ko, html) = lang_of("postmortems/2025-11-03-ledger.md");
    assert_eq!(ko, "ko");
    assert!(
        html.contains("<header class=\"site-header\" lang=\"en-GB\">"),
        "{html}"
    );
    assert_eq!(
        lang_of("postmortems/2025-11-04-api.md").0,
        "en-GB",
        "a Korean name is not Korean text"
    );
    assert_eq!(lang_of("postmortems/2025-11-05-stated.md").0, "fr");
    let home = page(out.path(), "index.html");
    assert!(
        home.starts_with("<!doctype html>\n<html lang=\"en-GB\">"),
        "{home}"
    );
    assert!(home.contains("<li class=\"card\" lang=\"ko\">"), "{home}");
    let stated = lang_of("postmortems/2025-11-05-stated.md").1;
    assert!(
        !stated.contains("<dt>Lang</dt>"),
        "`lang` steers the page, it is not a fact"
    );
}

#[test]
fn build_reports_the_errors_check_finds() {
    let r = TestRepo::new();
    r.write(
        "postmortems/2024-05-01-bad.md",
        include_str!("../fixtures/integration/reader_pages/bad-metadata.md"),
    );
    // A policy rule made an error: `check` reports it, the build does not
    // (it reports what it read, not how the team writes).
    r.write(
        "hindsight.toml",
        "[check.rules]\naction-item-due = \"error\"\n",
    );
    r.commit("postmortems", BOB, 1_715_000_000);
    let check = hindsight(&["check", "--repo", r.path().to_str().unwrap()]);
    let said = format!("{}{}", check.stdout, check.stderr);
    for rule in ["unknown-severity", "end-before-start", "action-item-due"] {
        assert!(said.contains(rule), "check reports {rule}:\n{said}");
    }
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(
        run.code, 0,
        "check errors do not fail the build: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("postmortems/2024-05-01-bad.md:4: error:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[unknown-severity]"), "{}", run.stderr);
    assert!(run.stderr.contains("[end-before-start]"), "{}", run.stderr);
    assert!(!run.stderr.contains("action-item-due"), "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("Check: "))
        .unwrap_or_else(|| panic!("no check line:\n{}", run.stderr));
    assert!(
        line.starts_with("Check: 2 errors in 1 postmortem "),
        "{line}"
    );
    // -q keeps errors.
    let quiet = build(r.path(), out.path(), &["-q"]);
    assert!(
        quiet.stderr.contains("[unknown-severity]"),
        "{}",
        quiet.stderr
    );
}
