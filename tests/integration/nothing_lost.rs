//! Nothing is lost: every Markdown file under the content folder is counted
//! in the build summary exactly once — built (ok, with warnings, with
//! errors), skipped with a reason that names the file, or excluded — and
//! postmortems.json holds exactly the built ones. Checked on the working
//! tree and on the same files read from a revision.

use crate::common::*;
use std::collections::BTreeSet;

const GOOD: &str = "---\ntitle: Good\ndate: 2024-01-01\n---\n## Summary\nFine.\n";

/// Writes the mixed fixture; returns (built ids, skipped path → reason words).
fn fixture(r: &TestRepo) -> (Vec<&'static str>, Vec<(&'static str, &'static str)>) {
    r.write(
        "hindsight.toml",
        "content = \"pm\"\nexclude = [\"README.md\", \"drafts/**\"]\nmax_file_bytes = 4096\n",
    );
    // Built cleanly.
    r.write("pm/2024-01-01-good.md", GOOD);
    r.write(
        "pm/deep/er/2024-01-02-nested.md",
        "# Nested\n\n## Summary\nx\n",
    );
    r.write(
        "pm/2024-01-03-no-ext",
        "# Extension-less\n\n## Summary\nx\n",
    );
    r.write("pm/2024-01-04-upper.MARKDOWN", "# Upper case extension\n");
    // Built with a warning (invalid UTF-8) and with an error (bad YAML).
    r.write("pm/2024-01-05-latin1.md", b"# Caf\xe9\n\nx\n");
    r.write(
        "pm/2024-01-06-bad-yaml.md",
        "---\ntitle: [oops\n---\n# Bad YAML\n",
    );
    // Skipped, each with its reason.
    r.write("pm/2024-01-07-binary.md", b"PK\x03\x04\0\0binary");
    r.write("pm/2024-01-08-empty.md", "");
    r.write("pm/2024-01-09-blank.md", " \n\t\n");
    r.write("pm/2024-01-10-large.md", "# Large\n".repeat(1000));
    r.write(
        "pm/2024-01-11-lfs.md",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    // Excluded by a pattern: by hindsight.toml and the built-in template rules.
    r.write("pm/README.md", "# About this folder\n");
    r.write("pm/drafts/2024-02-01-draft.md", GOOD);
    r.write("pm/_template.md", "# Template\n");
    r.write("pm/postmortem-template.md", "# Template\n");
    // Not Markdown at all: never counted.
    r.write("pm/diagram.png", b"\x89PNG\r\n\x1a\n");
    r.write("pm/notes.txt", "notes");
    r.write("pm/Makefile", "all:\n\ttrue\n");
    (
        vec![
            "2024-01-01-good",
            "2024-01-02-nested",
            "2024-01-03-no-ext",
            "2024-01-04-upper",
            "2024-01-05-latin1",
            "2024-01-06-bad-yaml",
        ],
        vec![
            ("pm/2024-01-07-binary.md", "binary"),
            ("pm/2024-01-08-empty.md", "empty"),
            ("pm/2024-01-09-blank.md", "empty"),
            ("pm/2024-01-10-large.md", "max_file_bytes"),
            ("pm/2024-01-11-lfs.md", "git lfs pull"),
        ],
    )
}

fn check(run: &Run, out: &std::path::Path, ids: &[&str], skipped: &[(&str, &str)]) {
    assert_eq!(run.code, 1, "skipped files make exit 1:\n{}", run.stderr);
    let summary = run.summary();
    assert!(
        summary.contains("Built 6 postmortems")
            && summary.contains("(4 ok, 1 with warnings, 1 with errors); skipped 5; excluded 4."),
        "{summary}"
    );
    let built: BTreeSet<String> = export(out).into_keys().collect();
    let want: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        built, want,
        "postmortems.json holds exactly the built files"
    );
    for (path, words) in skipped {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(path) && l.contains("error: skipped:"))
            .unwrap_or_else(|| panic!("{path} not reported as skipped:\n{}", run.stderr));
        assert!(line.contains(words), "{line}");
    }
    for id in ids {
        assert!(out.join(format!("postmortems/{id}.html")).is_file(), "{id}");
    }
}

#[test]
fn every_markdown_file_is_built_skipped_or_excluded_and_counted() {
    let r = TestRepo::new();
    let (ids, skipped) = fixture(&r);
    let out = r.path().join("public");
    let run = build(r.path(), &out, &[]);
    check(&run, &out, &ids, &skipped);

    // The same files committed and built from the revision.
    r.commit("all", BOB, T0);
    let out_rev = r.path().join("public-rev");
    let run = build(r.path(), &out_rev, &["--rev", "HEAD"]);
    check(&run, &out_rev, &ids, &skipped);
}
