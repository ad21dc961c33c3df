//! Files postmortems refer to by relative path: images copied into the
//! site with their links rewritten, links to other repository files sent
//! to the repository's web view, `#heading` anchors, references out of the
//! repository refused with file:line; warm builds equal cold ones, and
//! `--rev` reads the revision's files.

use crate::common::*;

const PM: &str = "---
id: a
title: Webhooks dropped
date: 2024-05-01
---
# Webhooks dropped

## Summary
The pods restarted ![pods](img/a.png) and the shared graph
![graph](../shared/b.png) shows it. See [references](#references).

Escaping: ![x](../../outside.png) and [p](file:///etc/passwd).

Setup is in [webhooks](../setup/webhooks.md); the fix was
[a script](../scripts/fix.sh). Later: ![later](img/later.png)

<img src=\"img/a.png\" alt=\"again\">

## References
- none
";

fn repo_with_assets(repo_url: bool) -> TestRepo {
    let r = TestRepo::new();
    r.write("postmortems/a.md", PM);
    r.write("postmortems/img/a.png", b"\x89PNG a");
    r.write("shared/b.png", b"\x89PNG b");
    r.write("setup/webhooks.md", "# Webhooks\n");
    r.write("scripts/fix.sh", "#!/bin/sh\n");
    if repo_url {
        r.write(
            "hindsight.toml",
            "repo_url = \"https://git.example.com/acme/pm\"\nbranch = \"main\"\n",
        );
    }
    r.commit("add", BOB, T0);
    r
}

#[test]
fn referenced_files_are_copied_linked_or_reported() {
    let r = repo_with_assets(true);
    let sites = tempfile::tempdir().unwrap();
    let out = sites.path().join("site");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Copies hold the same bytes, under the repository path.
    assert_eq!(
        std::fs::read(out.join("assets/postmortems/img/a.png")).unwrap(),
        b"\x89PNG a"
    );
    assert_eq!(
        std::fs::read(out.join("assets/shared/b.png")).unwrap(),
        b"\x89PNG b"
    );
    let files = tree(&out);
    let copies: Vec<&String> = files.keys().filter(|p| p.starts_with("assets/")).collect();
    assert_eq!(
        copies,
        ["assets/postmortems/img/a.png", "assets/shared/b.png"],
        "only files inside the repository are copied"
    );
    let html = page(&out, "postmortems/a.html");
    assert_eq!(
        html.matches("src=\"../assets/postmortems/img/a.png\"")
            .count(),
        2,
        "Markdown and HTML images: {html}"
    );
    assert!(html.contains("src=\"../assets/shared/b.png\""), "{html}");
    let links = hrefs(&html);
    for want in [
        "https://git.example.com/acme/pm/blob/main/setup/webhooks.md",
        "https://git.example.com/acme/pm/blob/main/scripts/fix.sh",
        "#sec-references",
    ] {
        assert!(links.iter().any(|l| l == want), "{want} in {links:?}");
    }
    assert!(html.contains("id=\"sec-references\""), "{html}");
    // The escaping references are reported with their line, not copied.
    for said in [
        "postmortems/a.md:12: warning: `../../outside.png` is not published",
        "postmortems/a.md:12: warning: `file:///etc/passwd` is not published",
        "postmortems/a.md:15: warning: `img/later.png` is not copied",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
    assert!(!html.contains("file:"), "{html}");

    // A rebuild with the cache writes the same site as a clean build, also
    // when only a referenced file appears (the postmortem is unchanged).
    let warm = build(r.path(), &out, &[]);
    assert_eq!(warm.code, 0, "{}", warm.stderr);
    assert_eq!(tree(&out), files, "a rebuild changes nothing");
    r.write("postmortems/img/later.png", b"\x89PNG later");
    r.commit("later", BOB, T0 + DAY);
    let warm = build(r.path(), &out, &[]);
    assert_eq!(warm.code, 0, "{}", warm.stderr);
    assert!(!warm.stderr.contains("later.png"), "{}", warm.stderr);
    let html = page(&out, "postmortems/a.html");
    assert!(
        html.contains("src=\"../assets/postmortems/img/later.png\""),
        "{html}"
    );
    let cold = sites.path().join("cold");
    let run = build(r.path(), &cold, &["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(&out, &cold);
}

#[test]
fn without_repo_url_links_stay_and_rev_reads_the_revision() {
    let r = repo_with_assets(false);
    // The working tree changes after the commit: --rev must not see it.
    r.write("postmortems/img/a.png", b"edited, not committed");
    let sites = tempfile::tempdir().unwrap();
    let (one, two) = (sites.path().join("one"), sites.path().join("two"));
    for out in [&one, &two] {
        let run = build(r.path(), out, &["--rev", "HEAD", "--no-cache"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_same_tree(&one, &two);
    assert_eq!(
        std::fs::read(one.join("assets/postmortems/img/a.png")).unwrap(),
        b"\x89PNG a"
    );
    let links = hrefs(&page(&one, "postmortems/a.html"));
    for written in ["../setup/webhooks.md", "../scripts/fix.sh"] {
        assert!(links.iter().any(|l| l == written), "{written} in {links:?}");
    }
    // The working tree build copies what is there now.
    let wt = sites.path().join("wt");
    let run = build(r.path(), &wt, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(wt.join("assets/postmortems/img/a.png")).unwrap(),
        b"edited, not committed"
    );
}

#[test]
fn check_names_links_the_site_cannot_serve() {
    let check = |r: &TestRepo| {
        hindsight(&[
            "check",
            "--repo",
            r.path().to_str().unwrap(),
            "--format",
            "json",
        ])
    };
    let lines = |run: &Run| -> Vec<(u64, String)> {
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let mut found: Vec<(u64, String)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "unpublished-link")
            .map(|f| {
                assert_eq!(f["path"], "postmortems/a.md");
                assert_eq!(f["level"], "warning");
                (
                    f["line"].as_u64().unwrap(),
                    f["help"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let without = lines(&check(&repo_with_assets(false)));
    let with = lines(&check(&repo_with_assets(true)));
    // Out of the repository (twice on line 12) and the missing image (15)
    // either way; the document and the script only without repo_url.
    assert_eq!(
        with.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [12, 12, 15]
    );
    assert_eq!(
        without.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [12, 12, 14, 15, 15]
    );
    assert!(
        without
            .iter()
            .any(|(l, help)| *l == 14 && help.contains("repo_url")),
        "{without:?}"
    );
}
