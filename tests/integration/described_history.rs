//! `history = "…"` in hindsight.toml: a knowledge base whose history is
//! described in a text file (the sample's case) is built with the described
//! authors, dates, rename and ticked action items, never the commits of the
//! repository it sits in.

use crate::common::*;

const CERT: &str = "\
# Expired certificate on the payments gateway

## Summary
The gateway's client certificate expired and card payments failed.

## Action items
- [x] Alert 21 days before a certificate expires (owner: @priya, due: 2023-05-01)
- [ ] Move the gateway certificate to the issuer (owner: @tomas, due: 2023-06-30)
";

const HISTORY: &str = "\
# Who wrote and reviewed the sample, as a team would have.
commit 2023-04-13 10:20 +0100
author Priya Raman <priya@larkspur.example>
message gateway: postmortem for the expired certificate
add postmortems/2023-04-12-gateway-cert.md

commit 2023-04-20 09:00 +0000
author Tomás Ortega <tomas@larkspur.example>
message Name the file after the UTC day
rename postmortems/2023-04-12-gateway-cert.md -> postmortems/2023-04-11-gateway-cert.md

commit 2023-05-02 16:05 +0200
author Tomás Ortega <tomas@larkspur.example>
message Tick the expiry alert
edit postmortems/2023-04-11-gateway-cert.md
- - [ ] Alert 21 days
+ - [x] Alert 21 days
";

/// A repository whose only commit is the tool's ("Add sample") by Carol.
fn sample_repo(history: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write("hindsight.toml", "history = \"postmortems/history.txt\"\n");
    r.write("postmortems/2023-04-11-gateway-cert.md", CERT);
    r.write("postmortems/history.txt", history);
    r.commit("Add sample", CAROL, T0 + 900 * DAY);
    r
}

#[test]
fn the_described_history_is_the_one_built() {
    let r = sample_repo(HISTORY);
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.summary().starts_with("Built 1 postmortem"),
        "{}",
        run.summary()
    );
    let pms = export(out.path());
    let pm = by_path(&pms, "postmortems/2023-04-11-gateway-cert.md");
    assert_eq!(strs(&pm["contributors"]), ["Tomás Ortega", "Priya Raman"]);
    assert_eq!(pm["created"], "2023-04-13");
    assert_eq!(pm["updated"], "2023-05-02");
    assert_eq!(
        pm["revisions"].as_array().unwrap().len(),
        3,
        "{}",
        pm["revisions"]
    );
    assert_eq!(pm["uncommitted"], false);
    let items = pm["action_items"].as_array().unwrap();
    assert_eq!(items[0]["done_at"], "2023-05-02", "{}", items[0]);
    assert!(items[1]["done_at"].is_null(), "{}", items[1]);
    let html = unescape(&page(
        out.path(),
        "postmortems/2023-04-11-gateway-cert.html",
    ));
    assert!(html.contains("Tick the expiry alert"), "revision list");
    assert!(
        !html.contains("Add sample"),
        "the repository's own commit is not the team's"
    );
    // "Now" in trends is the described history's last day.
    let trends = std::fs::read_to_string(out.path().join("trends.json")).unwrap();
    assert!(
        trends.contains("\"as_of\": \"2023-05-02\""),
        "{}",
        &trends[..200]
    );
}

#[test]
fn the_same_description_builds_the_same_site() {
    let r = sample_repo(HISTORY);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(build(r.path(), a.path(), &[]).code, 0);
    assert_eq!(build(r.path(), b.path(), &["--no-cache"]).code, 0);
    assert_same_tree(a.path(), b.path());
}

#[test]
fn an_edit_that_no_longer_matches_is_named_and_left_out() {
    let r = sample_repo(&HISTORY.replace("+ - [x] Alert 21 days", "+ - [x] Alert 30 days"));
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains("postmortems/history.txt:15: postmortems/2023-04-11-gateway-cert.md: `+ - [x] Alert 30 days` not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mistake_in_the_description_stops_the_build_at_its_line() {
    let r = sample_repo(&HISTORY.replace(
        "author Tomás Ortega <tomas@larkspur.example>\nmessage Name",
        "author Tomás Ortega\nmessage Name",
    ));
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("postmortems/history.txt:8: `author Tomás Ortega`"),
        "{}",
        run.stderr
    );
    let missing = sample_repo(HISTORY);
    missing.write(
        "hindsight.toml",
        "history = \"postmortems/nothing-here.txt\"\n",
    );
    let run = build(missing.path(), out.path(), &[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("postmortems/nothing-here.txt: not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_history_outside_the_repository_is_refused() {
    let r = sample_repo(HISTORY);
    r.write("hindsight.toml", "history = \"../history.txt\"\n");
    let run = build(r.path(), tempfile::tempdir().unwrap().path(), &[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("hindsight.toml `history`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_postmortem_the_description_does_not_name_is_reported() {
    let r = sample_repo(HISTORY);
    r.write(
        "postmortems/2024-01-02-queue.md",
        "# Queue backlog\n\n## Summary\nConsumers fell behind.\n",
    );
    r.commit("Add a postmortem", CAROL, T0 + 901 * DAY);
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains(
            "postmortems/2024-01-02-queue.md: not in the described history (postmortems/history.txt)"
        ),
        "{}",
        run.stderr
    );
    let pms = export(out.path());
    assert!(
        by_path(&pms, "postmortems/2024-01-02-queue.md")["contributors"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
