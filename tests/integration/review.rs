//! `hindsight review --base REV` on a real git repository: a branch adds a
//! postmortem whose root cause happened before (a planted similar incident
//! among unrelated ones) and edits another; the Markdown comment has each
//! one's findings, the planted incident first among the similar ones with a
//! link, and a recurrence warning.

use crate::common::*;

fn pm(title: &str, date: &str, cause: &str, item: &str) -> String {
    include_str!("../fixtures/integration/review/payments-gateway-postmortem.md")
        .replace("{title}", title)
        .replace("{date}", date)
        .replace("{cause}", cause)
        .replace("{item}", item)
}

const OWNED: &str = "- [ ] @ops add an alert (P1, 2030-01-01)";
const PLANTED: &str = "postmortems/2023-04-11-cert-expiry.md";
const NEW: &str = "postmortems/2026-05-01-handshake-failures.md";
const DNS: &str = "postmortems/2023-07-01-dns.md";

fn fixture(config: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write("hindsight.toml", config);
    let past = [
        (PLANTED, "Card payments down", "2023-04-11", "The mTLS client certificate expired because the renewal cron job had silently failed for weeks."),
        ("postmortems/2023-05-01-slow-checkout.md", "Slow checkout", "2023-05-01", "A database index was dropped by a migration, so queries did full table scans."),
        ("postmortems/2023-06-01-queue-backlog.md", "Queue backlog", "2023-06-01", "The consumer group rebalanced in a loop after a broker upgrade changed session timeouts."),
        (DNS, "DNS outage", "2023-07-01", "A resolver config push removed the forward zone for internal names."),
        ("postmortems/2023-08-01-disk-full.md", "Disk full", "2023-08-01", "Log retention was disabled, so the broker disks filled up."),
        ("postmortems/2023-09-01-cdn-purge.md", "Assets purged", "2023-09-01", "The purge API treated an empty file list as purge everything."),
    ];
    for (path, title, date, cause) in past {
        r.write(path, pm(title, date, cause, OWNED));
    }
    r.commit("Past postmortems", ALICE_OLD, T0);
    r.tag("base");
    // The branch: a new postmortem whose cause happened before (and an
    // action item with no owner), and an edit to an old one.
    r.write(
        NEW,
        pm(
            "Handshake failures between gateway and acquirer",
            "2026-05-01",
            "cert-manager could not renew the client certificate; renewal kept failing silently until the certificate expired.",
            "- [ ] add an expiry alert for client certificates (P1, 2030-01-01)",
        ),
    );
    r.write(
        DNS,
        pm(
            "DNS outage",
            "2023-07-01",
            "A resolver config push removed the forward zone for internal names.",
            OWNED,
        )
        .replace(
            "Some customers were affected.",
            "About 40% of internal calls failed.",
        ),
    );
    r.commit("Add handshake postmortem", BOB, T0 + DAY);
    r
}

fn review(r: &TestRepo, base: &str) -> Run {
    hindsight(&[
        "review",
        "--repo",
        r.path().to_str().unwrap(),
        "--base",
        base,
        "--as-of",
        "2026-06-01",
    ])
}

/// The part of the comment about one postmortem (from its `###` heading
/// to the next).
fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md
        .find(&format!("### {title}"))
        .unwrap_or_else(|| panic!("no section {title}:\n{md}"));
    let rest = &md[start + 4..];
    &md[start..start + 4 + rest.find("\n### ").unwrap_or(rest.len())]
}

#[test]
fn review_names_the_planted_similar_incident() {
    let r = fixture("base_url = \"https://pm.example/\"\n");
    let run = review(&r, "base");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    assert!(
        md.starts_with("<!-- hindsight-review -->\n## Hindsight review\n"),
        "{md}"
    );
    assert!(
        md.contains("2 postmortems changed since `base`: ❌ 1 error. Compared with the 7 postmortems in the repository."),
        "{md}"
    );

    let new = section(md, "Handshake failures between gateway and acquirer");
    assert!(
        new.contains(&format!("`{NEW}` · new · 2026-05-01 · SEV2")),
        "{new}"
    );
    // Recurrence warning naming the planted incident, with its page.
    let planted_link =
        "[Card payments down](https://pm.example/postmortems/2023-04-11-cert-expiry.html)";
    assert!(
        new.contains(&format!("> **This has happened before.** It looks like a recurrence of {planted_link} (2023-04-11, similarity 0.")),
        "{new}"
    );
    // The planted incident is the most similar one.
    let similar = new
        .split("**Similar past incidents**")
        .nth(1)
        .expect("similar list");
    let first = similar
        .lines()
        .find(|l| l.starts_with("1. "))
        .expect("an item");
    assert!(
        first.starts_with(&format!(
            "1. {planted_link} — 2023-04-11 · SEV2 · similarity 0."
        )),
        "{first}"
    );
    assert!(
        !similar.contains("Handshake failures"),
        "a postmortem is not similar to itself"
    );
    assert!(
        similar
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count()
            <= 3
    );
    // Its lint finding, with the line and how to fix it.
    assert!(
        new.contains("| ❌ error | 24 | `action-item-owner` | action item has no owner: “add an expiry alert for client certificates” | name the one person who will do it"),
        "{new}"
    );

    // The edited old postmortem: changed, clean, not a recurrence of anything.
    let dns = section(md, "DNS outage");
    assert!(
        dns.contains(&format!("`{DNS}` · changed · 2023-07-01 · SEV2")),
        "{dns}"
    );
    assert!(dns.contains("✅ No findings."), "{dns}");
    assert!(!dns.contains("This has happened before"), "{dns}");
    // The root-cause cluster: the new one falls in the planted incident's
    // (named by its oldest member, linked on the site); the DNS one in none.
    assert!(
        new.contains("**Root-cause cluster:** [")
            && new.contains("](https://pm.example/root-causes/2023-04-11-cert-expiry.html) (2 postmortems), with [Card payments down]"),
        "{new}"
    );
    assert!(dns.contains("**Root-cause cluster:** none yet"), "{dns}");
    // Unchanged postmortems get no section.
    assert!(!md.contains("### Card payments down"), "{md}");
}

#[test]
fn links_go_to_the_repository_without_a_site_and_no_change_says_so() {
    let r = fixture("repo_url = \"https://git.example/acme/pm\"\n");
    let base = r.repo.revparse_single("base").unwrap().id().to_string();
    let run = review(&r, "base");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "[Card payments down](https://git.example/acme/pm/blob/{base}/{PLANTED})"
        )),
        "{}",
        run.stdout
    );
    let head = review(&r, "HEAD");
    assert_eq!(head.code, 0);
    assert!(
        head.stdout
            .contains("No postmortems added or changed since `HEAD`."),
        "{}",
        head.stdout
    );
    // A base that does not exist is a usage error.
    assert_eq!(review(&r, "nope").code, 2);
}
