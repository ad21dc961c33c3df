//! `hindsight check` on real git repositories: `--base` lints exactly the
//! postmortems a branch adds or changes (plus uncommitted ones) at the right
//! lines, every rule fires through the binary and stays quiet on a clean
//! file, the three output formats, exit codes, hindsight.toml levels, and
//! the CI workflow that `hindsight init` writes.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A postmortem with no findings; `title` keeps titles (and so
/// `duplicate-title`) apart.
fn clean(title: &str) -> String {
    include_str!("../fixtures/integration/check/clean-postmortem.md").replace("{title}", title)
}

/// `(path, rule, line)` of every finding in `check --format json` output.
fn findings(stdout: &str) -> BTreeSet<(String, String, u64)> {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(v["format_version"], 1);
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, u64)]) -> BTreeSet<(String, String, u64)> {
    items
        .iter()
        .map(|(p, r, l)| (p.to_string(), r.to_string(), *l))
        .collect()
}

fn check(repo: &std::path::Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--repo",
        repo.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ];
    args.extend_from_slice(extra);
    hindsight(&args)
}

const NEW: &str = "postmortems/2026-05-01-checkout-errors.md";
const CHANGED: &str = "postmortems/2024-03-01-dns.md";
const LEGACY: &str = "postmortems/2023-01-01-legacy.md";
const DRAFT: &str = "postmortems/2026-05-02-draft.md";

/// The added postmortem: a blaming root cause (line 20), an item with no
/// owner (24), one with no due date whose text has a `%` (25), and a
/// timeline out of order (32).
const NEW_TEXT: &str =
    include_str!("../fixtures/integration/check/checkout-errors-with-findings.md");

/// A base commit, `main` moved on by another change to the legacy file,
/// and HEAD on a branch from the base that adds one postmortem, edits
/// another and leaves a draft uncommitted.
fn branch_fixture() -> (TestRepo, git2::Oid) {
    let r = TestRepo::new();
    r.write("hindsight.toml", "exclude = [\"README.md\"]\n");
    r.write("postmortems/README.md", "# Our postmortems\n");
    r.write(CHANGED, clean("DNS resolvers dropped a zone"));
    // Missing impact, an item without owner: reported only without --base.
    r.write(
        LEGACY,
        clean("Legacy outage")
            .replace("## Impact\n\nProducers saw errors for two hours.\n\n", "")
            .replace("@dana add", "add"),
    );
    let base = r.commit("Base", ALICE_OLD, T0);
    r.tag("base");

    // main moves on: an edit to the legacy file the branch does not have.
    r.write(
        LEGACY,
        clean("Legacy outage, edited on main").replace("@dana add", "add"),
    );
    let main = r.commit("Edit on main", BOB, T0 + DAY);
    r.repo
        .branch("main", &r.repo.find_commit(main).unwrap(), false)
        .unwrap();
    r.reset_hard(base);

    // The branch.
    r.write(NEW, NEW_TEXT);
    r.write(
        CHANGED,
        clean("DNS resolvers dropped a zone").replace(
            "Broker 3 ran out of disk.",
            "Broker 3 ran out of disk.\nSee [the first outage](2021-01-01-dns-first.md).",
        ),
    );
    r.write("postmortems/README.md", "# Our postmortems, edited\n");
    let head = r.commit(
        "Add checkout postmortem, link the DNS one",
        CAROL,
        T0 + 2 * DAY,
    );
    // Uncommitted: a new draft with an unknown severity (line 4).
    r.write(
        DRAFT,
        clean("Draft of a queue backlog").replace("severity: SEV2", "severity: SEV9"),
    );
    (r, head)
}

#[test]
fn base_reports_exactly_the_changed_files_at_their_lines() {
    let (r, _) = branch_fixture();
    let run = check(r.path(), &["--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "errors exit 1: {}", run.stderr);
    assert_eq!(
        findings(&run.stdout),
        set(&[
            (NEW, "blameless-language", 20),
            (NEW, "action-item-owner", 24),
            (NEW, "action-item-due", 25),
            (NEW, "timeline-order", 32),
            (CHANGED, "broken-link", 15),
            (DRAFT, "unknown-severity", 4),
        ]),
        "{}",
        run.stdout
    );
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v["checked"],
        serde_json::json!([CHANGED, NEW, DRAFT]),
        "README.md is excluded, the legacy file unchanged on this branch"
    );
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(
        run.stderr
            .contains("5 errors, 1 warning in 3 postmortems changed since main"),
        "{}",
        run.stderr
    );
    // Columns: the broken link's target, the out-of-order time.
    let col = |rule: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| {
                (
                    f["column"].as_u64().unwrap(),
                    f["end_column"].as_u64().unwrap(),
                )
            })
            .unwrap()
    };
    assert_eq!(col("broken-link"), (24, 47));
    assert_eq!(col("timeline-order"), (3, 19));

    // The same base as a commit id, and as a tag.
    let by_tag = check(r.path(), &["--base", "base", "--format", "json"]);
    assert_eq!(findings(&by_tag.stdout), findings(&run.stdout));

    // Without --base: every postmortem, the legacy file too.
    let all = check(r.path(), &["--format", "json"]);
    let all = findings(&all.stdout);
    assert!(all.is_superset(&findings(&run.stdout)));
    assert!(all.contains(&(LEGACY.to_string(), "required-sections".to_string(), 2)));
    assert!(all.contains(&(LEGACY.to_string(), "action-item-owner".to_string(), 22)));
}

#[test]
fn base_against_a_revision_ignores_the_working_tree() {
    let (r, head) = branch_fixture();
    let head = head.to_string();
    let run = check(
        r.path(),
        &["--rev", &head, "--base", "base", "--format", "json"],
    );
    let got = findings(&run.stdout);
    assert!(!got.iter().any(|(p, _, _)| p == DRAFT), "{got:?}");
    assert!(got.contains(&(NEW.to_string(), "timeline-order".to_string(), 32)));
}

#[test]
fn github_format_is_workflow_commands() {
    let (r, _) = branch_fixture();
    let run = check(r.path(), &["--base", "main", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    let re = regex::Regex::new(
        r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),endColumn=(\d+),title=hindsight ([a-z-]+)::([^\r\n]+)$",
    )
    .unwrap();
    for l in &lines {
        let c = re
            .captures(l)
            .unwrap_or_else(|| panic!("not a workflow command: {l}"));
        // The message and its help, joined by an escaped line feed.
        assert!(c[7].contains("%0A"), "{l}");
        assert!(!c[7].contains('\n'));
    }
    assert!(lines.contains(&format!("::error file={NEW},line=32,col=3,endColumn=19,title=hindsight timeline-order::timeline entry `2026-05-01 09:55` is earlier than the entry above it (`2026-05-01 10:00`, line 31)%0Aorder the entries by time; if this happened on a later day, start that day with a date line such as `**2024-06-19**` or write the full date").as_str()), "{}", run.stdout);
    let warning = lines
        .iter()
        .find(|l| l.starts_with("::warning "))
        .expect("the blameless-language warning");
    assert!(warning.starts_with(&format!("::warning file={NEW},line=20,col=3,endColumn=14,title=hindsight blameless-language::“human error” makes a person the cause%0A")), "{warning}");
    // `%` in a message is escaped as %25.
    let due = lines
        .iter()
        .find(|l| l.contains("action-item-due"))
        .unwrap();
    assert!(due.contains("cut the error budget burn to 5%25”"), "{due}");
}

#[test]
fn text_format_shows_the_line_underlined() {
    let (r, _) = branch_fixture();
    let run = check(r.path(), &["--base", "main"]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(
        out.contains("error[timeline-order]: timeline entry `2026-05-01 09:55` is earlier"),
        "{out}"
    );
    assert!(out.contains(&format!("--> {NEW}:32:3")), "{out}");
    assert!(
        out.contains("32 | - 2026-05-01 09:55 — errors start"),
        "{out}"
    );
    assert!(out.contains("   |   ^^^^^^^^^^^^^^^^"), "{out}");
    assert!(out.contains("= help: order the entries by time"), "{out}");
    assert!(out.contains("warning[blameless-language]"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colors when not on a terminal");
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn every_rule_fires_through_the_binary_and_a_clean_file_has_none() {
    let r = TestRepo::new();
    let p = |name: &str| format!("postmortems/{name}.md");
    let mut files: Vec<(String, String, &[&str])> = vec![
        (p("2026-01-10-clean"), clean("Clean"), &[]),
        (
            p("2026-01-10-sections"),
            clean("Sections").replace("## Impact\n\nProducers saw errors for two hours.\n\n", ""),
            &["required-sections"],
        ),
        (
            p("2026-01-10-severity"),
            clean("Severity").replace("SEV2", "SEV9"),
            &["unknown-severity"],
        ),
        (
            p("2026-01-10-date"),
            clean("Date").replace("date: 2026-01-10", "date: someday"),
            &["invalid-date"],
        ),
        (
            p("3f2a9c1e-77b0-4d1e-9a51-0c6e2b8d4f10"),
            clean("Untitled").replace("title: Untitled\n", "").replace("# Untitled\n\n", ""),
            &["no-title"],
        ),
        (
            p("2026-01-10-end"),
            clean("End").replace("resolved: 2026-01-10T11", "resolved: 2026-01-09T11"),
            &["end-before-start"],
        ),
        (
            p("2026-01-10-owner"),
            clean("Owner").replace("@dana add", "add"),
            &["action-item-owner"],
        ),
        (
            p("2026-01-10-due"),
            clean("Due").replace(" (P1, 2026-08-01)", ""),
            &["action-item-due"],
        ),
        (
            p("2026-01-10-overdue"),
            clean("Overdue").replace("2026-08-01", "2026-03-01"),
            &["action-item-overdue"],
        ),
        (
            p("2026-01-10-vague"),
            clean("Vague").replace("add a disk usage alert", "look into disk usage"),
            &["vague-action-item"],
        ),
        (
            p("2026-01-10-order"),
            clean("Order").replace("09:05 — alert", "08:55 — alert"),
            &["timeline-order"],
        ),
        (
            p("2026-01-10-zone"),
            clean("Zone")
                .replace("All times UTC.\n\n", "")
                .replace("T09:00:00Z", "")
                .replace("T11:00:00Z", ""),
            &["timeline-no-zone"],
        ),
        (
            p("nodate"),
            clean("No date")
                .replace("date: 2026-01-10\n", "")
                .replace("started: 2026-01-10T09:00:00Z\nresolved: 2026-01-10T11:00:00Z\n", "")
                .replace("- 2026-01-10 ", "- "),
            // Nothing states the day: neither the document nor its entries.
            &["no-date", "timeline-no-date"],
        ),
        (
            p("2026-01-10-blame-en"),
            clean("Blame EN").replace(
                "Log retention was disabled by a config change.",
                "The operator failed to check the retention flag.",
            ),
            &["blameless-language"],
        ),
        (
            p("2026-01-10-blame-ko"),
            clean("Blame KO").replace(
                "Log retention was disabled by a config change.",
                "작업자의 부주의로 보존 설정이 꺼졌다.",
            ),
            &["blameless-language"],
        ),
        (
            p("2026-01-10-person"),
            clean("Person").replace(
                "Log retention was disabled by a config change.",
                "Dana Kim disabled log retention in a config change.",
            ),
            &["person-in-root-cause"],
        ),
        (
            p("2026-01-10-link"),
            clean("Link").replace(
                "Broker 3 ran out of disk.",
                "Broker 3 ran out of disk, [again](2025-01-01-gone.md); see [clean](2026-01-10-clean.md).",
            ),
            &["broken-link"],
        ),
        (
            p("2026-01-10-image"),
            clean("Image").replace(
                "Broker 3 ran out of disk.",
                "Broker 3 ran out of disk: ![graph](img/disk.png).",
            ),
            &["unpublished-link"],
        ),
        (
            p("2026-01-10-id-a"),
            clean("Id A").replace("severity: SEV2", "severity: SEV2\nid: same"),
            &["duplicate-id"],
        ),
        (
            p("2026-01-10-id-b"),
            clean("Id B").replace("severity: SEV2", "severity: SEV2\nid: same"),
            &["duplicate-id"],
        ),
        (
            p("2026-01-10-future"),
            clean("Future").replace("2026-01-10", "2026-09-10"),
            &["date-in-future"],
        ),
        (p("2026-01-10-title-a"), clean("Twice"), &["duplicate-title"]),
        (p("2026-01-10-title-b"), clean("Twice"), &["duplicate-title"]),
        (
            p("2026-01-10-yaml"),
            clean("Yaml").replace("authors: [Dana Kim]", "authors: [Dana Kim"),
            &["parse-error"],
        ),
    ];
    // An empty Markdown file is not a postmortem at all.
    files.push((p("2026-01-10-empty"), "\n".into(), &["parse-error"]));
    for (path, text, _) in &files {
        r.write(path, text);
    }
    r.commit("Postmortems", ALICE_OLD, T0);
    let run = check(r.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut got: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, rule, _) in findings(&run.stdout) {
        got.entry(path).or_default().insert(rule);
    }
    for (path, _, want) in &files {
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        let have = got.remove(path).unwrap_or_default();
        assert_eq!(have, want, "{path}");
    }
    assert!(got.is_empty(), "{got:?}");
    // Every rule of the engine is covered above.
    let list = hindsight(&[
        "check",
        "--list-rules",
        "--repo",
        r.path().to_str().unwrap(),
    ]);
    let listed: BTreeSet<&str> = list
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let covered: BTreeSet<&str> = files
        .iter()
        .flat_map(|(_, _, w)| w.iter().copied())
        .collect();
    assert_eq!(listed, covered);
}

#[test]
fn levels_from_hindsight_toml_exit_codes_and_ignore_comments() {
    let r = TestRepo::new();
    let overdue = clean("Overdue").replace("2026-08-01", "2026-03-01");
    r.write("postmortems/2026-01-10-a.md", &overdue);
    r.commit("a", ALICE_OLD, T0);
    // A warning alone exits 0, unless warnings are denied.
    let run = check(r.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("warning[action-item-overdue]"));
    assert_eq!(check(r.path(), &["--deny-warnings"]).code, 1);

    // Raised to an error in hindsight.toml.
    r.write(
        "hindsight.toml",
        "[check.rules]\naction-item-overdue = \"error\"\n",
    );
    let run = check(r.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[action-item-overdue]"));
    // Turned off.
    r.write(
        "hindsight.toml",
        "[check.rules]\naction-item-overdue = \"off\"\n",
    );
    let run = check(r.path(), &["--deny-warnings"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    // Silenced on its line.
    r.write("hindsight.toml", "");
    r.write(
        "postmortems/2026-01-10-a.md",
        overdue.replace(
            "(P1, 2026-03-01)",
            "(P1, 2026-03-01) <!-- hindsight-ignore action-item-overdue -->",
        ),
    );
    assert_eq!(check(r.path(), &["--deny-warnings"]).code, 0);

    // Usage and configuration errors exit 2 and say what to do.
    r.write(
        "hindsight.toml",
        "[check.rules]\naction-items-overdue = \"off\"\n",
    );
    let run = check(r.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("hindsight.toml:2: [check.rules] names unknown rule `action-items-overdue`; known rules: required-sections,"), "{}", run.stderr);
    r.write("hindsight.toml", "");
    let run = check(r.path(), &["--base", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no-such-branch") && run.stderr.contains("fetch-depth: 0"),
        "{}",
        run.stderr
    );
    let run = check(r.path(), &["--format", "xml"]);
    assert_eq!(run.code, 2);
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn init_writes_a_ci_workflow_that_parses() {
    let dir = tempfile::tempdir().unwrap();
    let run = hindsight(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(".github/workflows/hindsight.yml"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/hindsight.yml")).unwrap();
    let y: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("valid YAML");
    let on = &y["on"];
    assert!(!on["pull_request"].is_string(), "triggers: {on:?}");
    assert!(
        on.get("pull_request").is_some() && on.get("push").is_some(),
        "{on:?}"
    );
    assert_eq!(on["push"]["branches"][0], "main");
    let jobs = y["jobs"].as_mapping().expect("jobs");
    let names: Vec<&str> = jobs.keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(names, ["check", "build", "deploy"]);
    let steps = |job: &str| -> Vec<serde_yaml_ng::Value> {
        y["jobs"][job]["steps"].as_sequence().unwrap().clone()
    };
    let runs = |job: &str| -> String {
        steps(job)
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let uses = |job: &str| -> Vec<String> {
        steps(job)
            .iter()
            .filter_map(|s| s["uses"].as_str().map(str::to_string))
            .collect()
    };
    // Pull requests: check with annotations, then the review comment.
    let check = &y["jobs"]["check"];
    assert_eq!(check["if"], "github.event_name == 'pull_request'");
    assert_eq!(check["permissions"]["pull-requests"], "write");
    assert_eq!(steps("check")[0]["with"]["fetch-depth"], 0);
    // Each hindsight step uses this repository's action at this version's
    // tag (the release binary, no cargo install): its command and args.
    let action = hindsight::commands::scaffold::action_ref();
    let hindsight_steps = |job: &str| -> Vec<(String, String, String)> {
        steps(job)
            .iter()
            .filter(|s| s["uses"].as_str() == Some(action.as_str()))
            .map(|s| {
                let with = |k: &str| s["with"][k].as_str().unwrap_or_default().to_string();
                (with("command"), with("args"), with("output-file"))
            })
            .collect()
    };
    let base = "--base origin/${{ github.base_ref }}";
    assert_eq!(
        hindsight_steps("check"),
        [
            (
                "check".into(),
                format!("{base} --format github"),
                String::new()
            ),
            ("review".into(), base.to_string(), "review.md".into()),
        ]
    );
    let r = runs("check");
    assert!(!r.contains("cargo install"), "{r}");
    assert!(r.contains("gh pr comment \"$PR\" --body-file review.md --edit-last --create-if-none"));
    // main: build, then publish on GitHub Pages.
    assert_eq!(
        hindsight_steps("build"),
        [("build".into(), "--out public".into(), String::new())]
    );
    assert!(uses("build")
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact@")));
    assert_eq!(y["jobs"]["deploy"]["needs"], "build");
    assert_eq!(y["jobs"]["deploy"]["permissions"]["pages"], "write");
    assert_eq!(y["jobs"]["deploy"]["permissions"]["id-token"], "write");
    assert!(uses("deploy")
        .iter()
        .any(|u| u.starts_with("actions/deploy-pages@")));
    // The scaffolded hindsight.toml has a [check] table hindsight accepts.
    let toml = std::fs::read_to_string(dir.path().join("hindsight.toml")).unwrap();
    assert!(toml.contains("[check.rules]"));
    let run = hindsight(&["check", "--repo", dir.path().to_str().unwrap()]);
    assert_eq!(
        run.code, 0,
        "an empty knowledge base is clean: {}",
        run.stderr
    );
}

/// `hindsight … | head`: a reader that stops early ends the command
/// quietly with exit 0 (as ripgrep does), never with a panic.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let r = TestRepo::new();
    for i in 0..300 {
        r.write(
            &format!("postmortems/2024-01-01-pm{i}.md"),
            format!("# Incident {i}\n\n## Action Items\n- [ ] fix thing {i}\n"),
        );
    }
    r.commit("many", BOB, T0);
    for args in [
        &["check", "--format", "json"][..],
        &["trends", "--format", "csv"][..],
        &["search", "incident", "--limit", "300", "--json"][..],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(args)
            .arg("--repo")
            .arg(r.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {:?} {stderr}",
            out.status
        );
    }
}
