//! The reading club on real temporary git repositories: postmortem of the
//! month (curated and scored), the Atom feeds (parsed with feed-rs), reading
//! lists (a missing postmortem is an error with file and line), discussion
//! packets, Wheel of Misfortune pages and the home page's "On this day" data.

use crate::common::*;
use std::path::Path;

const STRONG: &str = "---
title: Checkout failed after a config push
date: 2024-03-05
severity: SEV1
services: [checkout-api]
summary: A config push disabled the tax engine; 12% of checkouts failed for 40 minutes.
---
## Impact
12% of checkouts failed.

## Root Causes
A config push disabled the tax engine. Nobody reviewed it.

## Timeline
- 2024-03-05 10:00 — config pushed
- 2024-03-05 10:05 — error rate alert fires
- 2024-03-05 10:40 — config rolled back

## Action Items
- [ ] @dana — validate config in CI (P1, 2024-04-01)
- [x] @lee — alert on tax errors (P2, 2024-04-02)

## Lessons Learned
Configs need tests too.
";

const WEAK: &str = "---
title: Slow admin page
date: 2024-03-20
severity: SEV3
---
## Summary
The admin page was slow for an hour.
";

const DNS: &str = "---
title: Resolvers return SERVFAIL after a forwarder change
date: 2024-05-02
severity: SEV2
services: [dns]
started: 2024-05-02T13:07:00Z
detected: 2024-05-02T13:09:00Z
mitigated: 2024-05-02T13:54:00Z
resolved: 2024-05-02T15:30:00Z
---
## Summary
Internal DNS answered SERVFAIL for 47 minutes.

## Root Causes
FORWARDER-TYPO in the zone config sent queries nowhere.

## Resolution
ROLLBACK-OF-RESOLVERS restored the previous config.

## Timeline
- 2024-05-02 13:07 — ansible run applies the new forwarder
- 2024-05-02 13:09 — paged: checkout-api DNS errors
- 2024-05-02 13:20 — responders suspect the network
- 2024-05-02 13:54 — resolver config reverted

## Lessons Learned
### What went wrong
- WRONG-CANARY: the canary resolver was not in the rotation.
### Where we got lucky
- LUCKY-QUIET-HOUR: it happened at a quiet hour.

## Action Items
- [ ] @ruth — lint forwarder config (P1, 2024-06-01)
";

const KOREAN: &str = "---
title: 결제 승인 지연
date: 2023-11-10
severity: SEV2
---
## 요약
결제 승인이 느려졌다.
";

const SCRIPT: &str = "---
title: \"Outage </script><script>alert(1)</script> & more\"
date: 2022-01-07
---
## Summary
A title that tries to break out of a script element.
";

/// Five postmortems in four months, committed by two people.
fn club_repo(toml: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write("hindsight.toml", toml);
    r.write("postmortems/2024-03-05-config-push.md", STRONG);
    r.write("postmortems/2024-03-20-slow-admin.md", WEAK);
    r.write("postmortems/2023-11-10-결제.md", KOREAN);
    r.write("postmortems/2022-01-07-script.md", SCRIPT);
    r.commit("Add postmortems", ALICE_NEW, T0);
    r.write("postmortems/2024-05-02-dns.md", DNS);
    r.commit("Add the DNS postmortem", BOB, T0 + 3 * DAY);
    r
}

const BASE: &str = "base_url = \"https://kb.example.com/team\"\n";

fn parse_feed(out: &Path, name: &str) -> (String, feed_rs::model::Feed) {
    let xml = std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    // A missing <id> would otherwise be filled in by the parser.
    let feed = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| "MISSING-ID".to_string())
        .build()
        .parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{name} is not a valid feed: {e}"));
    (xml, feed)
}

/// RFC 4287's required elements: feed id, title, updated, author; each entry
/// id, title, updated and a link; ids unique.
fn assert_atom_essentials(name: &str, xml: &str, feed: &feed_rs::model::Feed) -> Vec<String> {
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{name}");
    assert!(
        xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{name}"
    );
    assert_ne!(feed.id, "MISSING-ID", "{name}: feed id");
    assert!(
        feed.title.as_ref().is_some_and(|t| !t.content.is_empty()),
        "{name}: title"
    );
    assert!(feed.updated.is_some(), "{name}: updated");
    assert!(!feed.authors.is_empty(), "{name}: author");
    let entries = xml.matches("<entry>").count();
    assert_eq!(entries, feed.entries.len(), "{name}");
    for tag in ["<id>", "<title>", "<updated>"] {
        // One per entry plus the feed's own.
        assert_eq!(xml.matches(tag).count(), entries + 1, "{name}: {tag}");
    }
    let mut ids = Vec::new();
    for e in &feed.entries {
        assert_ne!(e.id, "MISSING-ID", "{name}: entry id");
        assert!(
            e.title.as_ref().is_some_and(|t| !t.content.is_empty()),
            "{name}: entry title"
        );
        assert!(e.updated.is_some(), "{name}: entry {} updated", e.id);
        assert!(!e.links.is_empty(), "{name}: entry {} link", e.id);
        ids.push(e.id.clone());
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids {ids:?}");
    ids
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn feeds_are_valid_atom_with_stable_ids_and_absolute_links() {
    // The two thin postmortems score under the minimum: curated, so that
    // the feed still carries the Korean and the script-like titles.
    let r = club_repo(&format!(
        "{BASE}[featured]\n\"2023-11\" = \"postmortems/2023-11-10-결제.md\"\n\"2022-01\" = \"postmortems/2022-01-07-script.md\"\n"
    ));
    let out = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        out.path().join("a"),
        out.path().join("b"),
        out.path().join("c"),
    );
    let run = build(r.path(), &a, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("base_url"),
        "no warning with base_url set:\n{}",
        run.stderr
    );
    assert_eq!(build(r.path(), &b, &[]).code, 0);
    assert_eq!(build(r.path(), &c, &["--rev", "HEAD"]).code, 0);

    let (xml, potm) = parse_feed(&a, "potm.xml");
    let ids = assert_atom_essentials("potm.xml", &xml, &potm);
    assert_eq!(potm.id, "https://kb.example.com/team/potm.xml");
    let titles: Vec<&str> = potm
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.as_str())
        .collect();
    assert_eq!(
        titles,
        vec![
            "May 2024: Resolvers return SERVFAIL after a forwarder change",
            "March 2024: Checkout failed after a config push",
            "November 2023: 결제 승인 지연",
            "January 2022: Outage </script><script>alert(1)</script> & more",
        ]
    );
    let updated: Vec<String> = potm
        .entries
        .iter()
        .map(|e| e.updated.unwrap().to_rfc3339())
        .collect();
    assert_eq!(
        updated,
        ["2024-05-01", "2024-03-01", "2023-11-01", "2022-01-01"]
            .map(|d| format!("{d}T00:00:00+00:00"))
    );
    assert_eq!(
        potm.updated.unwrap().to_rfc3339(),
        "2024-05-01T00:00:00+00:00"
    );
    assert_eq!(
        ids[1],
        "tag:kb.example.com,2024-03:potm/2024-03-05-config-push"
    );
    for e in &potm.entries {
        let href = &e.links[0].href;
        assert!(
            href.starts_with("https://kb.example.com/team/postmortems/"),
            "{href}"
        );
        assert!(href.is_ascii(), "percent-encoded: {href}");
        let summary = &e.summary.as_ref().expect("summary").content;
        assert!(summary.contains("Why it was picked: "), "{summary}");
    }
    assert!(potm.entries[1]
        .summary
        .as_ref()
        .unwrap()
        .content
        .starts_with("A config push disabled the tax engine"));
    assert_eq!(
        potm.entries[2].links[0].href,
        "https://kb.example.com/team/postmortems/2023-11-10-%EA%B2%B0%EC%A0%9C.html"
    );

    let (xml, newest) = parse_feed(&a, "feed.xml");
    let ids = assert_atom_essentials("feed.xml", &xml, &newest);
    assert_eq!(newest.entries.len(), 5);
    assert_eq!(
        ids[0], "https://kb.example.com/team/postmortems/2024-05-02-dns.html",
        "newest first, permalinks"
    );
    for e in &newest.entries {
        assert!(e.updated >= e.published, "{}", e.id);
    }

    // Same repository and revision: same bytes, same ids (working tree or git objects).
    assert_same_tree(&a, &b);
    for feed in ["potm.xml", "feed.xml"] {
        assert_eq!(
            std::fs::read(a.join(feed)).unwrap(),
            std::fs::read(c.join(feed)).unwrap(),
            "{feed} from the working tree and from --rev HEAD"
        );
    }
}

#[test]
fn without_base_url_the_build_warns_and_feeds_use_relative_links() {
    let r = club_repo("title = \"Team\"\n");
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "a warning, not an error:\n{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("warning: hindsight.toml: `base_url` is not set")),
        "{}",
        run.stderr
    );
    for name in ["potm.xml", "feed.xml"] {
        let (xml, feed) = parse_feed(out.path(), name);
        let ids = assert_atom_essentials(name, &xml, &feed);
        assert!(
            ids.iter().all(|id| id.starts_with("urn:hindsight:team:")),
            "{ids:?}"
        );
        assert!(
            !xml.contains("href=\"http"),
            "{name} has an absolute link:\n{xml}"
        );
    }
    let (_, potm) = parse_feed(out.path(), "potm.xml");
    assert_eq!(
        potm.entries[0].links[0].href,
        "postmortems/2024-05-02-dns.html"
    );
}

/// The month anchors of potm/index.html in page order, with each pick's id.
fn picks(out: &Path) -> Vec<(String, String)> {
    let html = page(out, "potm/index.html");
    html.split("<li class=\"pick card\" id=\"")
        .skip(1)
        .map(|s| {
            let month = s.split('"').next().unwrap().to_string();
            let href = hrefs(s)[0].clone();
            let id = href
                .trim_start_matches("../postmortems/")
                .trim_end_matches(".html")
                .to_string();
            (month, id)
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn curated_picks_beat_the_score_and_thin_months_get_none() {
    let r = club_repo(BASE);
    let out = tempfile::tempdir().unwrap();
    let scored = out.path().join("scored");
    assert_eq!(build(r.path(), &scored, &[]).code, 0);
    assert_eq!(
        picks(&scored),
        pairs(&[
            ("2024-05", "2024-05-02-dns"),
            ("2024-03", "2024-03-05-config-push"),
        ]),
        "the one-paragraph postmortems of 2023-11 and 2022-01 score under the minimum"
    );
    let archive = page(&scored, "potm/index.html");
    assert!(
        archive.contains("Picked because it is a"),
        "the reason is shown"
    );
    assert!(
        archive.contains("scores at least 12 of 46"),
        "the page says why some months have no pick"
    );
    // The home page shows the newest month's pick.
    let home = page(&scored, "index.html");
    let current = home
        .split("class=\"potm-current\"")
        .nth(1)
        .expect("current pick on the home page");
    assert!(current.contains("May 2024") && current.contains("Resolvers return SERVFAIL"));
    assert!(hrefs(&home).iter().any(|h| h == "potm/index.html"));

    // A curator's front matter beats the score.
    let weak = WEAK.replace("severity: SEV3\n", "severity: SEV3\nfeatured: 2024-03\n");
    r.write("postmortems/2024-03-20-slow-admin.md", &weak);
    let curated = out.path().join("curated");
    assert_eq!(build(r.path(), &curated, &[]).code, 0);
    assert_eq!(
        picks(&curated)[1],
        ("2024-03".into(), "2024-03-20-slow-admin".into())
    );
    assert!(page(&curated, "potm/index.html").contains("curated"));

    // hindsight.toml beats front matter; the overruled claim is reported.
    // The DNS postmortem, now March's pick, is not picked again for May.
    r.write(
        "hindsight.toml",
        format!("{BASE}[featured]\n\"2024-03\" = \"postmortems/2024-05-02-dns.md\"\n"),
    );
    let config = out.path().join("config");
    let run = build(r.path(), &config, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("postmortems/2024-03-20-slow-admin.md: warning: featured: 2024-03 is also claimed by hindsight.toml:3"),
        "{}",
        run.stderr
    );
    assert_eq!(picks(&config), pairs(&[("2024-03", "2024-05-02-dns")]));

    // A name in [featured] that matches nothing is an error with its line.
    r.write(
        "hindsight.toml",
        format!("{BASE}\n[featured]\n2024-03 = \"nope\"\n"),
    );
    let run = build(r.path(), &out.path().join("bad"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hindsight.toml:4: error: [featured] names `nope`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_archive_pages_every_two_years_of_picks() {
    // 26 months, each with a postmortem that scores above the minimum.
    let r = TestRepo::new();
    for m in 0..26u32 {
        let (year, month) = (2022 + m / 12, m % 12 + 1);
        let date = format!("{year}-{month:02}-05");
        r.write(
            &format!("postmortems/{date}-push.md"),
            STRONG
                .replace("2024-03-05", &date)
                .replace("after a config push", &format!("after push {m}")),
        );
    }
    r.commit("Add postmortems", ALICE_NEW, T0);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(r.path(), out.path(), &[]).code, 0);
    let first = picks(out.path());
    assert_eq!(first.len(), 24, "a page holds two years of months");
    assert_eq!(first[0].0, "2024-02", "newest first");
    let html = page(out.path(), "potm/index.html");
    assert!(
        html.contains("1–24 of 26 · page 1 of 2"),
        "the pager says where we are"
    );
    assert!(hrefs(&html).iter().any(|h| h == "../potm/page/2.html"));
    let second = page(out.path(), "potm/page/2.html");
    assert!(second.contains("id=\"2022-02\"") && second.contains("id=\"2022-01\""));
    assert!(
        !second.contains("id=\"2022-03\""),
        "each month on one page only"
    );
    assert!(
        hrefs(&second)
            .iter()
            .any(|h| h == "../../postmortems/2022-01-05-push.html"),
        "links from the second page reach the site root"
    );
}

const LIST: &str = r#"title = "Start here"
description = "Read these first."
questions = ["Which of these could happen to us?"]

[[items]]
postmortem = "2024-03-05-config-push"
note = "Configs need review."

[[items]]
postmortem = "2024-05-02-dns-outage"
note = "A typo in the id."

[[items]]
postmortem = "postmortems/2023-11-10-결제.md"
questions = ["Who owns payments latency?"]
"#;

#[test]
fn reading_lists_render_and_a_missing_postmortem_is_an_error_with_file_and_line() {
    let r = club_repo(BASE);
    r.write("reading-lists/start-here.toml", LIST);
    r.write(
        "reading-lists/broken.toml",
        "title = \"Broken\"\n[[items]\npostmortem = \"x\"\n",
    );
    r.write("reading-lists/notes.txt", "not a list");
    r.commit("Add reading lists", CAROL, T0 + 5 * DAY);
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("reading-lists/start-here.toml:"))
        .unwrap_or_else(|| panic!("no error for the list:\n{}", run.stderr));
    assert!(
        line.starts_with(
            "reading-lists/start-here.toml:10: error: item 2 names `2024-05-02-dns-outage`"
        ),
        "{line}"
    );
    assert!(line.contains("did you mean `2024-05-02-dns`"), "{line}");
    assert!(
        run.stderr.contains("reading-lists/broken.toml:2: error:"),
        "{}",
        run.stderr
    );
    // The site is still built, and the list shows the gap.
    let list = page(out.path(), "reading-lists/start-here.html");
    assert!(list.contains("Not found") && list.contains("2024-05-02-dns-outage"));
    assert!(list.contains("Configs need review.") && list.contains("Who owns payments latency?"));
    let links = hrefs(&list);
    let first = links
        .iter()
        .position(|h| h == "../postmortems/2024-03-05-config-push.html");
    let third = links
        .iter()
        .position(|h| h == "../postmortems/2023-11-10-결제.html");
    assert!(
        first.is_some() && first < third,
        "items in file order: {links:?}"
    );
    assert!(hrefs(&page(out.path(), "reading-lists/index.html"))
        .contains(&"../reading-lists/start-here.html".to_string()));
    assert!(!out.path().join("reading-lists/broken.html").exists());

    // Fixed in the working tree only: a worktree build passes, a build of
    // the commit still reads the committed list and still fails.
    r.write(
        "reading-lists/start-here.toml",
        LIST.replace("dns-outage", "dns"),
    );
    std::fs::remove_file(r.path().join("reading-lists/broken.toml")).unwrap();
    let fixed = build(r.path(), &out.path().join("fixed"), &[]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    let rev = build(r.path(), &out.path().join("rev"), &["--rev", "HEAD"]);
    assert_eq!(rev.code, 1, "{}", rev.stderr);
    assert!(
        rev.stderr
            .contains("reading-lists/start-here.toml:10: error: item 2"),
        "{}",
        rev.stderr
    );
}

#[test]
fn discussion_packets_and_wheel_pages_come_from_the_document() {
    let r = club_repo(BASE);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(r.path(), out.path(), &[]).code, 0);

    let packet = page(out.path(), "discuss/2024-05-02-dns.html");
    for text in [
        "Internal DNS answered SERVFAIL for 47 minutes.",
        "WRONG-CANARY",
        "LUCKY-QUIET-HOUR",
        "The first signal was “paged: checkout-api DNS errors”, 2 min after",
        "Mitigation took 47 min, full resolution 2 h 23 min",
        "1 of 1 action items are still open",
        "depend on dns",
    ] {
        assert!(packet.contains(text), "packet lacks {text}");
    }
    let css = page(out.path(), "static/style.css");
    assert!(
        css.contains("@media print") && css.contains(".packet"),
        "print styles"
    );
    // A document that does not say where we got lucky is not given luck.
    let weak = page(out.path(), "discuss/2024-03-20-slow-admin.html");
    assert!(weak.contains("The postmortem does not say."));

    // Wheel: the first signal is shown; everything else is inside <details>,
    // one level per step, and the answer only in the last one.
    let wheel = page(out.path(), "wheel/2024-05-02-dns.html");
    // The page's own <details> (the header's menu) come before the game.
    let game = &wheel[wheel.find("<article class=\"wheel\"").expect("the game")..];
    let (shown, hidden) = game.split_once("<details").expect("steps in <details>");
    assert!(shown.contains("paged: checkout-api DNS errors"));
    for secret in [
        "Resolvers return SERVFAIL",
        "FORWARDER-TYPO",
        "ROLLBACK-OF-RESOLVERS",
        "ansible run",
        "responders suspect",
    ] {
        assert!(
            !shown.contains(secret),
            "{secret} is visible before the first step"
        );
    }
    let (steps, answer) = hidden
        .split_once("class=\"wheel-reveal\"")
        .expect("a reveal step");
    assert!(steps.contains("responders suspect") && steps.contains("resolver config reverted"));
    for secret in [
        "FORWARDER-TYPO",
        "ROLLBACK-OF-RESOLVERS",
        "ansible run",
        "Resolvers return SERVFAIL",
    ] {
        assert!(
            !steps.contains(secret),
            "{secret} shows before the last step"
        );
        assert!(answer.contains(secret), "{secret} is revealed at the end");
    }
    assert_eq!(
        game.matches("<details").count(),
        3,
        "two steps after the signal, then the reveal"
    );
    assert_eq!(game.matches("</details>").count(), 3);
    assert!(
        !wheel.contains("<title>Resolvers"),
        "the title would give it away"
    );

    let spin = page(out.path(), "wheel/index.html");
    assert!(hrefs(&spin).contains(&"../wheel/2024-05-02-dns.html".to_string()));
    assert!(
        !spin.contains("Resolvers return SERVFAIL"),
        "the spin page does not spoil"
    );
    assert!(spin.contains("static/wheel.js"));
    assert!(out.path().join("static/wheel.js").is_file());
    // No timeline, no wheel page; every postmortem page links its packet.
    assert!(!out.path().join("wheel/2024-03-20-slow-admin.html").exists());
    let pm_page = hrefs(&page(out.path(), "postmortems/2024-05-02-dns.html"));
    for h in [
        "../discuss/2024-05-02-dns.html",
        "../wheel/2024-05-02-dns.html",
    ] {
        assert!(pm_page.iter().any(|l| l == h), "{h} not in {pm_page:?}");
    }
}

#[test]
fn on_this_day_data_is_one_script_per_month_that_titles_cannot_break() {
    let r = club_repo(BASE);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(r.path(), out.path(), &[]).code, 0);
    let home = page(out.path(), "index.html");
    assert!(home.contains("static/on-this-day.js") && home.contains("data-src=\"on-this-day/\""));
    assert!(out.path().join("static/on-this-day.js").is_file());
    // Twelve files, empty months too (the browser asks for today's).
    let mut rows = Vec::new();
    for m in 1..=12 {
        let js = page(out.path(), &format!("on-this-day/{m:02}.js"));
        let json = js
            .strip_prefix("window.HINDSIGHT_ON_THIS_DAY = ")
            .and_then(|j| j.strip_suffix(";\n"))
            .unwrap_or_else(|| panic!("{m:02}.js: {js}"));
        let month: Vec<[String; 4]> = serde_json::from_str(json).expect("a JSON array");
        rows.extend(month.into_iter().map(|r| (m, r)));
    }
    assert_eq!(rows.len(), 5, "{rows:?}");
    let (m, script) = rows
        .iter()
        .find(|(_, r)| r[2] == "postmortems/2022-01-07-script.html")
        .unwrap();
    assert_eq!(*m, 1);
    assert_eq!(script[0], "07");
    assert_eq!(script[1], "2022");
    // The title is data in a JSON string: a `</script>` in it stays text.
    assert_eq!(
        script[3],
        "Outage </script><script>alert(1)</script> & more"
    );
    assert!(
        !home.contains("<script>alert"),
        "titles on the home page are escaped"
    );
}
