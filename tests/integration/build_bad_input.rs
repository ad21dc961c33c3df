//! Bad input never panics and is never dropped silently: each bad file gets
//! a message naming it, the rest builds, and the summary counts them.

use crate::common::*;
use serde_json::Value;

const GOOD: &str = "---\ntitle: Good postmortem\ndate: 2024-01-01\n---\n\n## Summary\nSee [incident 42](incident%20%2342.md) and [the Korean one](장애%20보고서.md).\n";

/// Files every variant of the fixture has (working tree and revision).
fn write_bad_files(r: &TestRepo, outside: &std::path::Path) {
    r.write(
        "postmortems/2024-01-02-latin1.md",
        b"# Caf\xe9 outage\n\n## Summary\nThe caf\xe9 closed early.\n",
    );
    r.write(
        "postmortems/2024-01-03-bad-yaml.md",
        "---\ntitle: [unclosed\nseverity: SEV2\n---\n# Bad front matter\n\nBody text.\n",
    );
    r.write(
        "postmortems/2024-01-04-binary.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    );
    r.write("postmortems/2024-01-05-empty.md", "");
    r.write(
        "postmortems/2022/db-outage.md",
        "# Database outage 2022\n\nDate: 2022-05-01\n\n## Summary\nFirst.\n",
    );
    r.write(
        "postmortems/2023/db-outage.md",
        "# Database outage 2023\n\nDate: 2023-05-01\n\n## Summary\nSecond.\n",
    );
    r.write(
        "postmortems/2024-02-01 disk full.md",
        "# Disk full\n\n## Summary\nA space in the name.\n",
    );
    r.write(
        "postmortems/장애 보고서.md",
        "# 디스크 장애\n\nDate: 2024-03-01\n\n## 요약\n한글 파일 이름.\n",
    );
    r.write(
        "postmortems/incident #42.md",
        "# Incident 42\n\nDate: 2024-04-01\n\n## Summary\nA hash in the name.\n",
    );
    let secret = outside.join("secret.md");
    std::fs::write(&secret, "# SECRET outside the repository\n").unwrap();
    std::os::unix::fs::symlink(&secret, r.path().join("postmortems/2024-01-07-outside.md"))
        .unwrap();
}

fn assert_good_files_built(pms: &std::collections::BTreeMap<String, Value>) {
    // Invalid UTF-8: built, with a warning on the right line.
    let latin1 = by_path(pms, "postmortems/2024-01-02-latin1.md");
    assert_eq!(latin1["title"], "Caf\u{fffd} outage");
    let w = latin1["warnings"].as_array().unwrap();
    assert!(
        w.iter()
            .any(|w| w["message"].as_str().unwrap().contains("UTF-8") && w["line"] == 1),
        "{w:?}"
    );
    assert!(latin1["errors"].as_array().unwrap().is_empty());

    // Malformed YAML: built from the body, with an error naming a line.
    let yaml = by_path(pms, "postmortems/2024-01-03-bad-yaml.md");
    assert_eq!(yaml["title"], "Bad front matter");
    let e = yaml["errors"].as_array().unwrap();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0]["line"].as_u64().unwrap() >= 2, "{e:?}");

    // Same slug twice: both built; the later path gets `-2` and a warning.
    let first = by_path(pms, "postmortems/2022/db-outage.md");
    let second = by_path(pms, "postmortems/2023/db-outage.md");
    assert_eq!(first["id"], "db-outage");
    assert_eq!(second["id"], "db-outage-2");
    assert_eq!(second["url"], "postmortems/db-outage-2.html");
    assert!(first["warnings"].as_array().unwrap().is_empty());
    assert!(
        second["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("postmortems/2022/db-outage.md"),
        "{}",
        second["warnings"]
    );

    // Odd file names: slugs that are safe in a URL.
    assert_eq!(
        by_path(pms, "postmortems/2024-02-01 disk full.md")["id"],
        "2024-02-01-disk-full"
    );
    assert_eq!(
        by_path(pms, "postmortems/장애 보고서.md")["id"],
        "장애-보고서"
    );
    assert_eq!(
        by_path(pms, "postmortems/incident #42.md")["id"],
        "incident-42"
    );

    for skipped in ["binary", "empty", "outside", "huge"] {
        assert!(
            !pms.values()
                .any(|p| p["path"].as_str().unwrap().contains(skipped)),
            "{skipped} was built"
        );
    }
}

fn assert_pages(out: &std::path::Path, pms: &std::collections::BTreeMap<String, Value>) {
    for pm in pms.values() {
        let url = pm["url"].as_str().unwrap();
        let html = page(out, url);
        assert!(html.contains("</html>"), "{url} is incomplete");
    }
    assert!(
        page(out, "postmortems/db-outage-2.html").contains("Database outage 2023"),
        "the -2 page shows the second file"
    );
    assert!(page(out, "postmortems/2024-01-03-bad-yaml.html").contains("This file has problems"));
    // Links to files with odd names, written percent-encoded, reach their pages.
    let good = hrefs(&page(out, "postmortems/2024-01-01-good.html"));
    for target in [
        "../postmortems/incident-42.html",
        "../postmortems/장애-보고서.html",
    ] {
        assert!(good.iter().any(|h| h == target), "{target} not in {good:?}");
    }
    // Nothing from the symlink's target leaked into the site.
    for (path, bytes) in tree(out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{path} contains the symlink target"
        );
    }
}

#[test]
fn bad_inputs_are_reported_and_skipped_while_the_rest_builds() {
    let r = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    r.write("postmortems/2024-01-01-good.md", GOOD);
    r.commit("Add good postmortem", BOB, T0);
    write_bad_files(&r, outside.path());
    // 20 MiB of Markdown, over the default 16 MiB limit.
    let mut huge = b"# Huge\n\n".to_vec();
    huge.resize(20 * 1024 * 1024, b'a');
    r.write("postmortems/2024-01-06-huge.md", &huge);

    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &[]);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let err_line = |needle: &str| -> String {
        run.stderr
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line about {needle} in:\n{}", run.stderr))
            .to_string()
    };
    assert!(err_line("2024-01-04-binary.md").contains("binary"));
    assert!(err_line("2024-01-05-empty.md").contains("empty"));
    let huge_line = err_line("2024-01-06-huge.md");
    assert!(
        huge_line.contains("20.00 MiB") && huge_line.contains("16.00 MiB"),
        "{huge_line}"
    );
    let link = err_line("2024-01-07-outside.md");
    assert!(
        link.contains("symbolic link") && link.contains("not followed"),
        "{link}"
    );
    assert!(err_line("2024-01-02-latin1.md:1:").contains("UTF-8"));
    assert!(err_line("2024-01-03-bad-yaml.md:").contains("error"));
    assert!(err_line("postmortems/2023/db-outage.md").contains("db-outage-2"));
    assert_eq!(
        run.summary(),
        format!(
            "Built 8 postmortems into {} (5 ok, 2 with warnings, 1 with errors); skipped 4; excluded 0.",
            out.path().display()
        )
    );

    let pms = export(out.path());
    assert_eq!(pms.len(), 8, "{:?}", pms.keys());
    assert_good_files_built(&pms);
    assert_pages(out.path(), &pms);
    assert_eq!(
        by_path(&pms, "postmortems/2024-01-01-good.md")["uncommitted"],
        false
    );
}

#[test]
fn bad_inputs_in_a_revision_are_reported_the_same_way() {
    let r = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    r.write("postmortems/2024-01-01-good.md", GOOD);
    write_bad_files(&r, outside.path());
    // Everything committed, the symlink as a link object.
    r.commit("Import everything", CAROL, T0);
    let head = r.repo.head().unwrap().peel_to_tree().unwrap();
    let link = head
        .get_path(std::path::Path::new("postmortems/2024-01-07-outside.md"))
        .unwrap();
    assert_eq!(link.filemode(), 0o120000, "committed as a symlink");

    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &["--rev", "HEAD"]);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("2024-01-07-outside.md") && l.contains("symbolic link")),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.summary(),
        format!(
            "Built 8 postmortems into {} (5 ok, 2 with warnings, 1 with errors); skipped 3; excluded 0.",
            out.path().display()
        )
    );
    let pms = export(out.path());
    assert_good_files_built(&pms);
    assert_pages(out.path(), &pms);
    for pm in pms.values() {
        assert_eq!(pm["created"], "2021-03-01", "{}", pm["path"]);
    }
}
