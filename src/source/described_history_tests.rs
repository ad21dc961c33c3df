use super::*;

const FILE: &str = "postmortems/history.txt";

fn parse(text: &str) -> Result<Described, DescribedError> {
    Described::parse(text, FILE, "postmortems")
}

/// The content of `path` at every commit of `written`, oldest first.
fn versions(written: &Written, path: &str) -> Vec<Option<String>> {
    let repo = Repository::open_bare(written.git_dir()).unwrap();
    let mut walk = repo.revwalk().unwrap();
    walk.push(written.head).unwrap();
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
        .unwrap();
    walk.map(|id| {
        let tree = repo.find_commit(id.unwrap()).unwrap().tree().unwrap();
        let entry = tree.get_path(Path::new(path)).ok()?;
        let blob = repo.find_blob(entry.id()).unwrap();
        Some(String::from_utf8(blob.content().to_vec()).unwrap())
    })
    .collect()
}

const HISTORY: &str = "\
# A team's history
commit 2023-04-13 10:20 +0100
author Priya Raman <priya@example.com>
message Add the certificate postmortem
add postmortems/2023-04-12-cert.md

commit 2023-04-20 09:00 +0000
author Tomás Ortega <tomas@example.com>
message Fix the date in the file name
rename postmortems/2023-04-12-cert.md -> postmortems/2023-04-11-cert.md

commit 2023-05-02 16:05 +0200
author Tomás Ortega <tomas@example.com>
message Tick the alert
edit postmortems/2023-04-11-cert.md
- | OPS-1 | TODO |
+ | OPS-1 | DONE |
-
+  (by hand)
";

const FINAL: &str = "# Cert\n\nIssued (by hand).\n\n| OPS-1 | DONE |\n";

#[test]
fn earlier_versions_are_the_final_file_with_later_edits_undone() {
    let described = parse(HISTORY).unwrap();
    let read = |p: &str| (p == "postmortems/2023-04-11-cert.md").then(|| FINAL.as_bytes().to_vec());
    let written = described.write(&read).unwrap();
    assert!(written.warnings.is_empty(), "{:?}", written.warnings);
    let before = "# Cert\n\nIssued.\n\n| OPS-1 | TODO |\n".to_string();
    assert_eq!(
        versions(&written, "postmortems/2023-04-12-cert.md"),
        [Some(before.clone()), None, None]
    );
    assert_eq!(
        versions(&written, "postmortems/2023-04-11-cert.md"),
        [None, Some(before), Some(FINAL.to_string())]
    );
}

#[test]
fn commits_carry_the_described_author_date_and_zone() {
    let read = |_: &str| Some(FINAL.as_bytes().to_vec());
    let written = parse(HISTORY).unwrap().write(&read).unwrap();
    let repo = Repository::open_bare(written.git_dir()).unwrap();
    let head = repo.find_commit(written.head).unwrap();
    assert_eq!(head.author().name().ok(), Some("Tomás Ortega"));
    assert_eq!(head.summary().ok().flatten(), Some("Tick the alert"));
    assert_eq!(head.time().offset_minutes(), 120);
    assert_eq!(head.time().seconds(), 1_683_036_300);
    assert_eq!(head.parent_count(), 1);
}

#[test]
fn the_same_description_writes_the_same_commits() {
    let read = |_: &str| Some(FINAL.as_bytes().to_vec());
    let a = parse(HISTORY).unwrap().write(&read).unwrap();
    let b = parse(HISTORY).unwrap().write(&read).unwrap();
    assert_eq!(a.head, b.head);
}

#[test]
fn an_edit_that_no_longer_matches_is_left_out_with_its_line() {
    let read = |_: &str| Some(b"| OPS-1 | CLOSED |\n".to_vec());
    let written = parse(HISTORY).unwrap().write(&read).unwrap();
    assert_eq!(written.warnings.len(), 1, "{:?}", written.warnings);
    let warning = &written.warnings[0];
    assert!(
        warning.starts_with("postmortems/history.txt:15: "),
        "{warning}"
    );
    assert!(warning.contains("`+  (by hand)` not found"), "{warning}");
    assert!(warning.ends_with("edit left out"), "{warning}");
}

#[test]
fn a_missing_file_is_named_and_the_rest_is_written() {
    let written = parse(HISTORY).unwrap().write(&|_: &str| None).unwrap();
    assert!(written.warnings[0].contains("2023-04-11-cert.md not found"));
    assert!(!written.head.is_zero());
}

fn error_of(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn mistakes_stop_with_the_line_to_fix() {
    let head = "commit 2023-04-13 10:20 +0100\nauthor A <a@x>\nmessage m\n";
    let cases = [
        ("add postmortems/a.md\n", "history.txt:1: expected `commit"),
        ("commit yesterday\n", "history.txt:1: `commit yesterday`"),
        ("commit 2023-04-13 10:20 +0100\nauthor A\n", "history.txt:2: `author A`"),
        (&format!("{head}add ../etc/passwd\n"), "history.txt:4: `../etc/passwd`"),
        (&format!("{head}add elsewhere/a.md\n"), "history.txt:4: `elsewhere/a.md`"),
        (&format!("{head}edit postmortems/a.md\n- x\n+ y\n"), "history.txt:4: postmortems/a.md: is not there yet"),
        (&format!("{head}add postmortems/a.md\n- x\n"), "history.txt:5: `-` line outside"),
        (&format!("{head}add postmortems/a.md\nrename postmortems/b.md -> postmortems/c.md\n"), "history.txt:5: postmortems/b.md: is not there to rename"),
        (&format!("{head}add postmortems/a.md\n\ncommit 2023-04-13 09:20 +0100\nauthor A <a@x>\nmessage m\nadd postmortems/b.md\n"), "history.txt:6: commits go oldest first"),
        ("commit 2023-04-13 10:20 +0100\nauthor A <a@x>\nadd postmortems/a.md\n", "history.txt:1: a commit needs"),
        (&format!("{head}frobnicate\n"), "history.txt:4: unknown line `frobnicate`"),
    ];
    for (text, want) in cases {
        let got = error_of(text);
        assert!(got.contains(want), "{text:?}: {got}");
    }
}
