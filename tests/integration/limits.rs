//! Bounded time and memory on hostile sizes: a YAML alias bomb, 10,000-level
//! nested lists and block quotes (and raw HTML), a 50 MB single line. Each
//! is reported with file and line or skipped with a reason, and the other
//! postmortems still build. (100,000 files in one folder: bench/many_files.sh.)

use crate::common::*;
use std::time::{Duration, Instant};

const OK: &str = "---\ntitle: Fine\ndate: 2024-01-01\n---\n# Fine\n\n## Summary\nok\n";

/// Builds and checks the wall time stays under `limit` (the measured
/// times are far lower; the margin is for a busy CI machine).
fn timed_build(r: &TestRepo, limit: Duration) -> (Run, std::path::PathBuf) {
    let out = r.path().join("public");
    let started = Instant::now();
    let run = build(r.path(), &out, &[]);
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    (run, out)
}

#[test]
fn yaml_alias_bomb_is_an_error_with_its_line() {
    let r = TestRepo::new();
    let mut yaml =
        String::from("---\ntitle: Bomb\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    // 9^10 = 3.5 billion strings if expanded.
    yaml.push_str("tags: *a9\n---\n# Bomb\n");
    r.write("postmortems/bomb.md", &yaml);
    r.write("postmortems/ok.md", OK);
    let (run, out) = timed_build(&r, Duration::from_secs(20));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("postmortems/bomb.md:")
            && run.stderr.contains("front matter too large"),
        "{}",
        run.stderr
    );
    assert!(
        run.summary().contains("Built 2 postmortems"),
        "{}",
        run.stderr
    );
    assert_eq!(export(&out)["bomb"]["tags"].as_array().unwrap().len(), 0);
}

#[test]
fn ten_thousand_levels_of_nesting_build_flattened() {
    let r = TestRepo::new();
    let n = 10_000;
    r.write(
        "postmortems/lists.md",
        format!("# Lists\n\n{}deepest\n", "- ".repeat(n)),
    );
    r.write(
        "postmortems/quotes.md",
        format!("# Quotes\n\n{} deepest\n", ">".repeat(n)),
    );
    r.write(
        "postmortems/mixed.md",
        format!("# Mixed\n\n{}deepest\n", "> - ".repeat(n)),
    );
    r.write(
        "postmortems/html.md",
        format!(
            "# Html\n\n{}deepest{}\n",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    );
    r.write("postmortems/ok.md", OK);
    let (run, out) = timed_build(&r, Duration::from_secs(60));
    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in ["lists", "quotes", "mixed", "html"] {
        let html = page(&out, &format!("postmortems/{id}.html"));
        assert!(
            html.contains("deepest") && html.contains("shown flattened"),
            "{id}"
        );
    }
}

#[test]
fn fifty_megabyte_line_is_skipped_by_the_size_limit() {
    let r = TestRepo::new();
    let line = "word ".repeat(10 * 1024 * 1024);
    r.write("postmortems/huge.md", format!("# Huge\n\n{line}\n"));
    r.write("postmortems/ok.md", OK);
    // A long line within the limit builds.
    r.write(
        "postmortems/long.md",
        format!("# Long\n\n{}\n", &line[..2 * 1024 * 1024]),
    );
    let (run, out) = timed_build(&r, Duration::from_secs(60));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "postmortems/huge.md: error: skipped: file is 50.00 MiB, over the 16.00 MiB limit"
        ) && run.stderr.contains("max_file_bytes"),
        "{}",
        run.stderr
    );
    let pms = export(&out);
    assert_eq!(pms.keys().collect::<Vec<_>>(), ["long", "ok"]);
}
