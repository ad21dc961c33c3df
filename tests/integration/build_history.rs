//! Git history on real repositories: created/updated dates, contributors
//! after .mailmap, revision lists, uncommitted files, `--rev` on a bare
//! clone, and shallow clones.

use crate::common::*;
use git2::build::RepoBuilder;
use serde_json::Value;

const DNS_V1: &str = "---\ntitle: Internal DNS SERVFAIL\ndate: 2021-02-27\nseverity: SEV2\n---\n\n## Summary\nResolvers returned SERVFAIL for internal names.\n";
const DNS_V2: &str =
    include_str!("../fixtures/integration/build_history/dns-servfail-v2-timeline.md");
const DNS_V3: &str =
    include_str!("../fixtures/integration/build_history/dns-servfail-v3-action-items.md");
const CACHE: &str = "# Cache stampede on the catalogue\n\n## Summary\nA cold cache sent every request to the database.\n";

/// Builds the history fixture; returns the repository and the commit ids of
/// the three DNS revisions (oldest first).
fn history_fixture() -> (TestRepo, [git2::Oid; 3]) {
    let r = TestRepo::new();
    // Two identities of Alice (an old address and a bare login name) map to one person.
    r.write(
        ".mailmap",
        "Alice Kim <alice.kim@example.com> <alice@old.example>\nAlice Kim <alice.kim@example.com> alice <alice.kim@example.com>\n",
    );
    r.write("postmortems/2021-02-27-dns.md", DNS_V1);
    r.write("postmortems/2021-02-20-cache.md", CACHE);
    let old_alice: Who = ("A. Kim", "alice@old.example");
    let c1 = r.commit("Add DNS postmortem", old_alice, T0);

    r.write("postmortems/2021-02-27-dns.md", DNS_V2);
    let c2 = r.commit("Add timeline to DNS postmortem", BOB, T0 + 10 * DAY);

    // A commit outside the content folder is not a revision of any postmortem.
    r.write("README.md", "# Postmortems\n");
    r.commit("Update README", CAROL, T0 + 20 * DAY);

    // 2021-03-31 20:00 UTC is 2021-04-01 05:00 in the author's zone (KST).
    r.write("postmortems/2021-02-27-dns.md", DNS_V3);
    let c3 = r.commit_at(
        "DNS: action items\n\nLonger body that is not the subject.",
        ALICE_NEW,
        T0 + 30 * DAY + 10 * 3600,
        9 * 60,
    );

    // An exact rename keeps the file's history.
    std::fs::rename(
        r.path().join("postmortems/2021-02-20-cache.md"),
        r.path().join("postmortems/2021-02-20-cache-stampede.md"),
    )
    .unwrap();
    r.commit("Rename cache postmortem", CAROL, T0 + 40 * DAY);
    (r, [c1, c2, c3])
}

#[test]
fn dates_contributors_and_revisions_come_from_history() {
    let (r, [c1, c2, c3]) = history_fixture();
    // Working-tree state: one committed file edited, one new untracked file.
    r.write(
        "postmortems/2021-02-27-dns.md",
        format!("{DNS_V3}\n## Lessons Learned\n- uncommitted edit\n"),
    );
    r.write(
        "postmortems/2021-05-05-new.md",
        "# Brand new incident\n\n## Summary\nNot committed yet.\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.summary().starts_with("Built 3 postmortems"),
        "{}",
        run.summary()
    );
    let pms = export(out.path());
    assert_eq!(pms.len(), 3, "{:?}", pms.keys());

    let dns = &pms["2021-02-27-dns"];
    assert_eq!(dns["created"], "2021-03-01");
    assert_eq!(
        dns["updated"], "2021-04-01",
        "date in the author's own zone"
    );
    assert_eq!(
        strs(&dns["contributors"]),
        ["Alice Kim", "Bob Lee"],
        "mailmap folds both Alice identities; most commits first"
    );
    let revs = dns["revisions"].as_array().unwrap();
    let field = |k: &str| -> Vec<&str> { revs.iter().map(|r| r[k].as_str().unwrap()).collect() };
    assert_eq!(
        field("subject"),
        [
            "DNS: action items",
            "Add timeline to DNS postmortem",
            "Add DNS postmortem"
        ],
        "newest first, subjects only, README-only commit left out"
    );
    assert_eq!(field("author"), ["Alice Kim", "Bob Lee", "Alice Kim"]);
    assert_eq!(field("date"), ["2021-04-01", "2021-03-11", "2021-03-01"]);
    assert_eq!(
        field("commit"),
        [c3.to_string(), c2.to_string(), c1.to_string()]
    );
    assert_eq!(dns["uncommitted"], true, "edited in the working tree");
    assert_eq!(dns["history_reliable"], true);
    assert!(
        !serde_json::to_string(dns).unwrap().contains("A. Kim"),
        "raw identity leaked past .mailmap"
    );

    let cache = &pms["2021-02-20-cache-stampede"];
    assert_eq!(cache["uncommitted"], false);
    assert_eq!(cache["created"], "2021-03-01", "history follows the rename");
    assert_eq!(cache["updated"], "2021-04-10");
    assert_eq!(strs(&cache["contributors"]), ["Alice Kim", "Carol Diaz"]);
    assert_eq!(cache["revisions"].as_array().unwrap().len(), 2);

    let new = &pms["2021-05-05-new"];
    assert_eq!(new["uncommitted"], true);
    assert_eq!(new["created"], Value::Null);
    assert_eq!(new["updated"], Value::Null);
    assert!(new["revisions"].as_array().unwrap().is_empty());
    assert!(new["contributors"].as_array().unwrap().is_empty());

    // The page shows the same history.
    let html = page(out.path(), dns["url"].as_str().unwrap());
    assert!(html.contains("Revision history"), "{html}");
    assert!(html.contains("Add timeline to DNS postmortem"));
    assert!(html.contains("Alice Kim, Bob Lee"));
    assert!(html.contains(&c3.to_string()[..10]));
    assert!(html.contains("uncommitted changes"));
    let html = page(out.path(), new["url"].as_str().unwrap());
    assert!(html.contains("not committed yet"));
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn rev_on_a_bare_clone_builds_committed_content() {
    let r = TestRepo::new();
    r.write(".mailmap", "Alice Kim <alice.kim@example.com>\n");
    r.write("hindsight.toml", "title = \"Queue KB\"\n");
    r.write(
        "postmortems/2022-01-10-queue.md",
        "# Queue backlog (first draft)\n\n## Summary\nConsumers stalled.\n",
    );
    r.commit("Add queue postmortem", BOB, T0);
    r.write(
        "postmortems/2022-01-10-queue.md",
        "# Queue backlog\n\n## Summary\nConsumers stalled for an hour.\n",
    );
    r.commit("Queue: final wording", ALICE_NEW, T0 + 5 * DAY);
    r.tag("v2");
    // Working-tree edits that a --rev build must ignore.
    r.write(
        "postmortems/2022-01-10-queue.md",
        "# Queue backlog (local edit)\n",
    );
    r.write(
        "postmortems/2022-02-01-draft.md",
        "# Draft, not committed\n",
    );

    let clones = tempfile::tempdir().unwrap();
    let bare = clones.path().join("kb.git");
    RepoBuilder::new()
        .bare(true)
        .clone(r.path().to_str().unwrap(), &bare)
        .expect("bare clone");
    assert!(
        !bare.join("postmortems").exists(),
        "a bare clone has no working tree"
    );

    let out = tempfile::tempdir().unwrap();
    let from_bare = out.path().join("bare-v2");
    let run = build(&bare, &from_bare, &["--rev", "v2"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let pms = export(&from_bare);
    assert_eq!(
        pms.keys().collect::<Vec<_>>(),
        ["2022-01-10-queue"],
        "untracked draft left out"
    );
    let q = &pms["2022-01-10-queue"];
    assert_eq!(
        q["title"], "Queue backlog",
        "committed content, not the local edit"
    );
    assert_eq!(q["uncommitted"], false);
    assert_eq!(q["created"], "2021-03-01");
    assert_eq!(q["updated"], "2021-03-06");
    assert_eq!(
        strs(&q["contributors"]),
        ["Alice Kim", "Bob Lee"],
        "mailmap read from the bare clone's HEAD"
    );
    assert_eq!(q["history_reliable"], true);
    let home = page(&from_bare, "index.html");
    assert!(
        home.contains("Queue KB"),
        "hindsight.toml read from the revision"
    );
    assert!(!home.contains("local edit"));

    // An older revision builds the older text and the history up to it.
    let old = out.path().join("bare-old");
    let run = build(&bare, &old, &["--rev", "v2~1"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let q = &export(&old)["2022-01-10-queue"];
    assert_eq!(q["title"], "Queue backlog (first draft)");
    assert_eq!(q["updated"], "2021-03-01");
    assert_eq!(q["revisions"].as_array().unwrap().len(), 1);

    // The same revision from the original (non-bare) repository: the same
    // site, byte for byte, whatever its working tree says.
    let from_repo = out.path().join("repo-v2");
    let run = build(r.path(), &from_repo, &["--rev", "v2"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert_same_tree(&from_bare, &from_repo);

    // Without --rev the working tree (with its edits) is what gets built.
    let wt = out.path().join("worktree");
    let run = build(r.path(), &wt, &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let pms = export(&wt);
    assert_eq!(
        pms["2022-01-10-queue"]["title"],
        "Queue backlog (local edit)"
    );
    assert!(pms.contains_key("2022-02-01-draft"));

    // An unknown revision is a usage error, and nothing is written.
    let bad = out.path().join("bad");
    let run = build(&bare, &bad, &["--rev", "no-such-tag"]);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(run.stderr.contains("no-such-tag"), "{}", run.stderr);
    assert!(!bad.exists());
}

#[test]
fn shallow_clone_is_reported_and_dates_marked_unreliable() {
    let r = TestRepo::new();
    for (i, who) in [ALICE_NEW, BOB, CAROL].into_iter().enumerate() {
        r.write(
            "postmortems/2023-06-01-lb.md",
            format!("# Load balancer drain\n\n## Summary\nRevision {i}.\n"),
        );
        r.commit(
            &format!("LB postmortem, pass {i}"),
            who,
            T0 + i as i64 * DAY,
        );
    }
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", &url, "shallow"])
        .current_dir(clones.path())
        .status()
        .expect("git clone");
    assert!(status.success());
    let shallow = clones.path().join("shallow");
    assert!(shallow.join(".git/shallow").exists(), "clone is shallow");

    let out = tempfile::tempdir().unwrap();
    // Full history first, for contrast.
    let full = out.path().join("full");
    let run = build(r.path(), &full, &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        !run.stderr.to_lowercase().contains("shallow"),
        "{}",
        run.stderr
    );
    let lb = &export(&full)["2023-06-01-lb"];
    assert_eq!(lb["history_reliable"], true);
    assert_eq!(lb["created"], "2021-03-01");
    assert_eq!(lb["revisions"].as_array().unwrap().len(), 3);

    for (name, extra) in [("wt", &[][..]), ("rev", &["--rev", "HEAD"][..])] {
        let dir = out.path().join(name);
        let run = build(&shallow, &dir, extra);
        assert_eq!(run.code, 0, "{name}: stderr:\n{}", run.stderr);
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with("warning:") && l.contains("shallow")),
            "{name}: no shallow warning in:\n{}",
            run.stderr
        );
        let lb = &export(&dir)["2023-06-01-lb"];
        assert_eq!(lb["history_reliable"], false, "{name}");
        assert_eq!(lb["uncommitted"], false, "{name}");
        // Only the fetched commit is visible; the flag says so.
        assert_eq!(lb["revisions"].as_array().unwrap().len(), 1, "{name}");
        let html = page(&dir, lb["url"].as_str().unwrap());
        assert!(html.contains("shallow"), "{name}: page does not say so");
    }
}

#[test]
fn merge_that_keeps_one_side_leaves_the_file_committed() {
    let r = TestRepo::new();
    let path = "postmortems/2021-02-01-queue.md";
    r.write(path, "# Queue stall\n\nbase\n");
    let base = r.commit("Add queue postmortem", ALICE_NEW, T0);
    // A feature branch edits the file ...
    r.write(path, "# Queue stall\n\nfeature wording\n");
    let feature = r.commit("Feature: reword", BOB, T0 + DAY);
    // ... main edits it too, later ...
    r.reset_hard(base);
    r.write(path, "# Queue stall\n\nmain wording\n");
    r.commit("Main: reword", CAROL, T0 + 4 * DAY);
    // ... and the merge keeps the feature's version (`-X theirs`).
    r.write(path, "# Queue stall\n\nfeature wording\n");
    r.commit_merge("Merge feature", ALICE_NEW, T0 + 5 * DAY, feature);
    let status = r.repo.status_file(std::path::Path::new(path)).unwrap();
    assert_eq!(status, git2::Status::CURRENT, "git sees the file as clean");

    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let q = &export(out.path())["2021-02-01-queue"];
    assert_eq!(q["uncommitted"], false, "the working tree equals HEAD: {q}");
    assert_eq!(q["created"], "2021-03-01");
    let subjects: Vec<&str> = q["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert!(subjects.contains(&"Feature: reword"), "{subjects:?}");
    assert!(
        !subjects.contains(&"Merge feature"),
        "a merge that only takes one side's version is not a revision: {subjects:?}"
    );
    assert_eq!(subjects.last(), Some(&"Add queue postmortem"));
}

/// A bare clone without --rev builds what HEAD points at (it has no working tree).
#[test]
fn bare_clone_without_rev_builds_head() {
    let r = TestRepo::new();
    r.write(
        "postmortems/2024-01-01-a.md",
        "# Bare one\n\n## Summary\nx\n",
    );
    r.commit("Add a", BOB, T0);
    let tmp = tempfile::tempdir().unwrap();
    let bare = tmp.path().join("bare.git");
    RepoBuilder::new()
        .bare(true)
        .clone(r.path().to_str().unwrap(), &bare)
        .unwrap();
    let out = tmp.path().join("site");
    let run = hindsight(&[
        "build",
        "--repo",
        bare.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    assert_eq!(pms["2024-01-01-a"]["title"], "Bare one");
}
