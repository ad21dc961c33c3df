//! Regression tests for the red team's findings: a hostile repository (or a
//! pull request to one) must not delete folders, exhaust memory, publish
//! git credentials or files from outside the repository, run script from
//! a setting, mix two builds, drop postmortems silently, or drive the
//! terminal. Each test attacks a class, not one payload.

use crate::common::*;
use std::path::Path;

const OK: &str = "---\ntitle: Fine\ndate: 2024-01-01\n---\n# Fine\n\n## Summary\nAll good.\n";

/// Every file of the site as text (lossy), for "nothing leaked" checks.
fn site_text(out: &Path) -> String {
    tree(out)
        .into_iter()
        .map(|(p, b)| {
            let text = if p.ends_with(".gz") {
                use std::io::Read;
                let mut s = String::new();
                let _ = flate2::read::GzDecoder::new(&b[..]).read_to_string(&mut s);
                s
            } else {
                String::from_utf8_lossy(&b).into_owned()
            };
            format!("{p}\n{text}\n")
        })
        .collect()
}

#[test]
fn out_in_hindsight_toml_never_deletes_what_is_not_a_site() {
    let parent = tempfile::tempdir().unwrap();
    let sibling = parent.path().join("sibling");
    std::fs::create_dir_all(&sibling).unwrap();
    std::fs::write(sibling.join("keep.txt"), "mine").unwrap();
    let sibling_abs = sibling.to_str().unwrap().to_string();
    for out in [
        sibling_abs.as_str(),
        "../sibling",
        ".git/objects",
        ".git",
        "postmortems/2024",
        "postmortems",
        ".",
        "a/../../sibling",
    ] {
        let r = TestRepo::new();
        r.write("postmortems/2024/a.md", OK);
        r.commit("one", BOB, T0);
        // An uncommitted draft: only the working tree has it.
        r.write("postmortems/2024/draft.md", OK);
        // A relative `../sibling` is taken from the repository's parent.
        let link = r.path().join("../sibling");
        let _ = std::os::unix::fs::symlink(&sibling, &link);
        r.write("hindsight.toml", format!("out = {out:?}\n"));
        for _ in 0..2 {
            let run = hindsight(&["build", "--repo", r.path().to_str().unwrap()]);
            assert_eq!(run.code, 2, "out = {out:?}: {}", run.stderr);
            assert!(run.stderr.contains("refusing"), "{}", run.stderr);
        }
        assert!(
            r.path().join("postmortems/2024/draft.md").is_file(),
            "{out}"
        );
        assert!(r.path().join("postmortems/2024/a.md").is_file(), "{out}");
        assert!(
            git2::Repository::open(r.path()).unwrap().head().is_ok(),
            "{out}"
        );
        assert_eq!(
            std::fs::read_to_string(sibling.join("keep.txt")).unwrap(),
            "mine"
        );
        let _ = std::fs::remove_file(&link);
    }
}

#[test]
fn out_on_the_command_line_replaces_only_new_empty_or_built_folders() {
    let r = TestRepo::new();
    r.write("postmortems/a.md", OK);
    r.commit("one", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.tex"), "years of work").unwrap();
    let run = build(r.path(), &mine, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert!(mine.join("thesis.tex").is_file());

    // A file or a link named as the output stays what it is.
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "notes").unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&mine, &link).unwrap();
    for out in [&file, &link] {
        let run = build(r.path(), out, &[]);
        assert_eq!(run.code, 2, "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "notes");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());

    // New and empty folders are fine, and so is a site built before.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for out in [dir.path().join("new"), empty] {
        for _ in 0..2 {
            let run = build(r.path(), &out, &[]);
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
        assert!(out.join("index.html").is_file());
    }
}

/// An anchored map of `keys` keys, then `levels` levels each repeating the
/// level below ten times through merge keys.
fn merge_bomb(keys: usize, levels: usize) -> String {
    let mut y = String::from("---\ntitle: Bomb\nbase: &l0\n");
    for i in 0..keys {
        y.push_str(&format!("  k{i}: v\n"));
    }
    for l in 1..=levels {
        let refs = vec![format!("*l{}", l - 1); 10].join(", ");
        y.push_str(&format!("l{l}: &l{l}\n  <<: [{refs}]\n"));
    }
    y.push_str("---\n# Bomb\n");
    y
}

#[test]
fn expanded_front_matter_is_budgeted_in_build_and_check() {
    let r = TestRepo::new();
    for levels in [3, 4, 5] {
        r.write(
            &format!("postmortems/bomb{levels}.md"),
            merge_bomb(1000, levels),
        );
    }
    // Aliases of a long string: few values, many bytes.
    let long = "x".repeat(4000);
    let mut strings = format!("---\ntitle: Long\ns: &s \"{long}\"\nlist: [");
    strings.push_str(&vec!["*s"; 2000].join(", "));
    strings.push_str("]\n---\n# Long\n");
    r.write("postmortems/long.md", strings);
    r.write("postmortems/ok.md", OK);
    r.commit("bombs", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run = build(r.path(), &dir.path().join("site"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for f in ["bomb3", "bomb4", "bomb5", "long"] {
        assert!(
            run.stderr.contains(&format!("postmortems/{f}.md:")),
            "{f}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("front matter too large"),
        "{}",
        run.stderr
    );
    let check = hindsight(&["check", "--repo", r.path().to_str().unwrap()]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    let largest = tree(&dir.path().join("site"))
        .values()
        .map(Vec::len)
        .max()
        .unwrap();
    assert!(largest < 4 << 20, "a {largest}-byte file");
}

const TOKEN: &str = "AUTHORIZATION: basic c2VjcmV0LXRva2VuLWZvci1jaQ==";

#[test]
fn links_into_git_or_out_of_the_repository_publish_nothing() {
    let r = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), format!("# {TOKEN}\n")).unwrap();
    r.write("postmortems/ok.md", OK);
    r.write(
        "notes/tracked.md",
        "# Tracked elsewhere\n\n## Summary\nShared.\n",
    );
    let pm = r.path().join("postmortems");
    let links = [
        ("config.md", "../.git/config"),
        ("config", "../.git/config"),
        ("head.md", "../.git/HEAD"),
        (
            "abs.md",
            outside
                .path()
                .join("secret.md")
                .to_str()
                .unwrap()
                .to_string()
                .leak() as &str,
        ),
        ("tracked.md", "../notes/tracked.md"),
    ];
    for (name, target) in links {
        std::os::unix::fs::symlink(target, pm.join(name)).unwrap();
    }
    r.commit("links", BOB, T0);
    // After the commit, so it is not tracked: what CI checkouts hold.
    let mut config = std::fs::read_to_string(r.path().join(".git/config")).unwrap();
    config.push_str(&format!(
        "[http \"https://github.com/\"]\n\textraheader = {TOKEN}\n"
    ));
    std::fs::write(r.path().join(".git/config"), config).unwrap();
    std::fs::write(r.path().join("untracked.md"), format!("# {TOKEN}\n")).unwrap();
    std::os::unix::fs::symlink("../untracked.md", pm.join("untracked.md")).unwrap();

    for rev in [&[][..], &["--rev", "HEAD"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let run = build(r.path(), &out, rev);
        assert!(run.code <= 1, "{rev:?}: {}", run.stderr);
        let text = site_text(&out);
        assert!(
            !text.contains("c2VjcmV0"),
            "{rev:?}: the token was published"
        );
        assert!(
            !text.contains("repositoryformatversion"),
            "{rev:?}: .git/config published"
        );
        for name in ["config.md", "head.md", "abs.md"] {
            assert!(
                run.stderr.contains(&format!("postmortems/{name}")),
                "{rev:?} {name}: {}",
                run.stderr
            );
        }
        // A link to a tracked file inside the repository is read.
        let pms = export(&out);
        assert!(
            pms.values().any(|p| p["path"] == "postmortems/tracked.md"),
            "{rev:?}"
        );
    }
}

#[test]
fn images_behind_links_or_out_of_the_repository_are_never_copied() {
    let r = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), TOKEN).unwrap();
    std::fs::create_dir_all(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/s.png"), TOKEN).unwrap();
    let secret = outside.path().join("secret.png");
    let body = format!(
        "{OK}\n![a](img/out.png) ![b](img/dir/s.png) ![c](img/in.png) ![d](../.git/x.png)\n![e](img/git.png) ![f]({}) <img src=\"../../{}\">\n",
        secret.display(),
        secret.display()
    );
    r.write("postmortems/a.md", body);
    r.write("postmortems/img/real.png", "fine");
    r.write(".git/x.png", TOKEN);
    let img = r.path().join("postmortems/img");
    std::os::unix::fs::symlink(&secret, img.join("out.png")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("dir"), img.join("dir")).unwrap();
    std::os::unix::fs::symlink("real.png", img.join("in.png")).unwrap();
    std::os::unix::fs::symlink("../../.git/config", img.join("git.png")).unwrap();
    r.commit("links", BOB, T0);
    for rev in [&[][..], &["--rev", "HEAD"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let run = build(r.path(), &out, rev);
        assert_eq!(run.code, 0, "{rev:?}: {}", run.stderr);
        let text = site_text(&out);
        assert!(!text.contains(TOKEN), "{rev:?}: the secret was published");
        assert!(
            !text.contains("repositoryformatversion"),
            "{rev:?}: .git/config published"
        );
        let copies: Vec<String> = tree(&out)
            .into_keys()
            .filter(|p| p.starts_with("assets/"))
            .collect();
        assert!(copies.is_empty(), "{rev:?}: {copies:?}");
        // Each one is said, with its line.
        for dest in [
            "img/out.png",
            "img/dir/s.png",
            "img/in.png",
            "img/git.png",
            "../.git/x.png",
        ] {
            assert!(
                run.stderr.contains(&format!("`{dest}` is not copied")),
                "{rev:?} {dest}: {}",
                run.stderr
            );
        }
        assert_eq!(
            run.stderr.matches("is not published").count(),
            2,
            "{}",
            run.stderr
        );
    }
}

#[test]
fn theme_and_reading_lists_come_from_inside_the_repository_only() {
    let r = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("static")).unwrap();
    std::fs::write(outside.path().join("static/leak.css"), TOKEN).unwrap();
    std::fs::write(
        outside.path().join("list.toml"),
        format!("title = \"{TOKEN}\"\n"),
    )
    .unwrap();
    r.write("postmortems/ok.md", OK);
    r.commit("one", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let outside_str = outside.path().to_str().unwrap();
    for theme in ["../x", outside_str] {
        r.write("hindsight.toml", format!("theme = {theme:?}\n"));
        let run = build(r.path(), &out, &[]);
        assert_eq!(run.code, 2, "theme = {theme}: {}", run.stderr);
        assert!(run.stderr.contains("theme"), "{}", run.stderr);
    }
    std::fs::remove_file(r.path().join("hindsight.toml")).unwrap();
    std::fs::create_dir_all(r.path().join("theme")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("static"), r.path().join("theme/static"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), r.path().join("reading-lists")).unwrap();
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!out.exists() || !site_text(&out).contains("c2VjcmV0"));
    std::fs::remove_file(r.path().join("theme/static")).unwrap();
    let run = build(r.path(), &out, &[]);
    assert!(run.stderr.contains("reading-lists"), "{}", run.stderr);
    assert!(
        !site_text(&out).contains("c2VjcmV0"),
        "a linked reading list was read"
    );

    // With --rev the theme is the revision's, not the working tree's.
    std::fs::remove_file(r.path().join("reading-lists")).unwrap();
    r.write("theme/static/brand.css", "/* committed */");
    r.commit("theme", BOB, T0 + DAY);
    r.write("theme/static/brand.css", "/* edited, not committed */");
    let run = build(r.path(), &out, &["--rev", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(page(&out, "static/brand.css"), "/* committed */");
}

#[test]
fn url_settings_must_be_http_or_https() {
    let r = TestRepo::new();
    r.write("postmortems/ok.md", OK);
    r.commit("one", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    for key in ["repo_url", "edit_url", "base_url"] {
        for value in [
            "javascript:alert(document.domain)",
            "JAVASCRIPT:x",
            "data:text/html,x",
            "//evil.example/x",
        ] {
            r.write(
                "hindsight.toml",
                format!("title = \"t\"\n{key} = {value:?}\n"),
            );
            let run = build(r.path(), &dir.path().join("site"), &[]);
            assert_eq!(run.code, 2, "{key} = {value}: {}", run.stderr);
            assert!(
                run.stderr.contains("hindsight.toml:2") && run.stderr.contains(key),
                "{}",
                run.stderr
            );
        }
    }
    r.write(
        "hindsight.toml",
        "repo_url = \"https://git.example.com/a/b\"\n",
    );
    let run = build(r.path(), &dir.path().join("site"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let r = TestRepo::new();
    for i in 0..60 {
        r.write(
            &format!("postmortems/2024-01-{:02}-pm{i}.md", i % 28 + 1),
            format!("# Incident {i}\n\n## Summary\nSomething {i} broke.\n"),
        );
    }
    r.commit("many", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    assert_eq!(build(r.path(), &reference, &["-q", "--no-cache"]).code, 0);
    let out = dir.path().join("site");
    let repo = r.path().to_path_buf();
    for _ in 0..3 {
        let spawn = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
                .args(["build", "-q", "--repo"])
                .arg(&repo)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap(), b.join().unwrap())
        });
        for o in [&a, &b] {
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let (got, want) = (tree(&out), tree(&reference));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
    }
}

#[test]
fn control_characters_never_reach_feeds_pages_or_the_terminal() {
    let r = TestRepo::new();
    r.write(
        "postmortems/2024-02-02-ctl.md",
        format!(
            "---\ntitle: \"Bell\\x07 tab\\x0b esc\\e[31m red\\x01\"\ndate: 2024-02-02\nsummary: \"osc \\e]52;c;ZXZpbA==\\x07 done\"\n---\n# Heading\n\nBody with \u{1b}[2J a clear-screen.\n\n{}\n\nA NUL \u{0} past the binary sniff.\n",
            "filler text ".repeat(800)
        ),
    );
    r.write("postmortems/2024-02-03-\u{1b}]0;pwned\u{7}.md", OK);
    r.commit("ctl", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build(r.path(), &out, &[]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "raw ESC on the terminal: {:?}",
        run.stderr
    );
    let feed = std::fs::read(out.join("feed.xml")).unwrap();
    feed_rs::parser::parse(&feed[..]).expect("feed.xml is well-formed");
    for (path, bytes) in tree(&out) {
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
                "{path} holds a control character"
            );
        }
    }
    let search = hindsight(&["search", "--repo", r.path().to_str().unwrap(), "red"]);
    assert!(!search.stdout.contains('\u{1b}'), "{:?}", search.stdout);
    let check = hindsight(&["check", "--repo", r.path().to_str().unwrap()]);
    assert!(!check.stderr.contains('\u{1b}') && !check.stdout.contains('\u{1b}'));
}

#[test]
fn front_matter_after_blank_lines_or_with_old_mac_line_endings_is_read() {
    let r = TestRepo::new();
    r.write(
        "postmortems/blank.md",
        "\n\n---\ntitle: After blank lines\ndate: 2024-03-01\n---\n# Heading\n",
    );
    r.write(
        "postmortems/cr.md",
        "---\rtitle: Old Mac endings\rdate: 2024-03-02\r---\r# Heading\r\rBody.\r",
    );
    r.write("postmortems/hr.md", "\n---\n\n# Rule first\n\nText.\n");
    r.commit("odd", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    assert_eq!(
        by_path(&pms, "postmortems/blank.md")["title"],
        "After blank lines"
    );
    assert_eq!(
        by_path(&pms, "postmortems/cr.md")["title"],
        "Old Mac endings"
    );
    assert_eq!(by_path(&pms, "postmortems/hr.md")["title"], "Rule first");
}

/// Every Markdown file the filesystem shows under `postmortems/` (links
/// to folders listed through the link), as repository paths.
fn markdown_files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.join("postmortems")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let is_link = e.file_type().unwrap().is_symlink();
            if path.is_dir() {
                // A link to a folder inside the repository, or a real folder.
                if !is_link
                    || path
                        .canonicalize()
                        .unwrap()
                        .starts_with(root.canonicalize().unwrap())
                {
                    stack.push(path);
                }
                continue;
            }
            let name = e.file_name().to_string_lossy().to_lowercase();
            let name = name.trim_end();
            if (name.ends_with(".md") || name.ends_with(".markdown"))
                && !name.starts_with('_')
                && !name.contains("template")
            {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.push(rel);
            }
        }
    }
    found.sort();
    found
}

/// Asserts each Markdown file is built or named in the summary, in a
/// working-tree and a `--rev` build, and that both account for the same.
fn assert_nothing_dropped(r: &TestRepo, what: &str) {
    let expected = markdown_files(r.path());
    let mut accounts = Vec::new();
    for rev in [&[][..], &["--rev", "HEAD"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let run = build(r.path(), &out, rev);
        assert!(run.code <= 1, "{what} {rev:?}: {}", run.stderr);
        let built: Vec<String> = if out.join("postmortems.json").exists() {
            export(&out)
                .values()
                .map(|p| p["path"].as_str().unwrap().to_string())
                .collect()
        } else {
            Vec::new()
        };
        let mut account = Vec::new();
        for f in &expected {
            let named = run.stderr.contains(f.as_str());
            assert!(
                built.contains(f) || named,
                "{what} {rev:?}: {f:?} neither built nor named:\n{}",
                run.stderr
            );
            account.push((f.clone(), built.contains(f)));
        }
        accounts.push(account);
    }
    assert_eq!(
        accounts[0], accounts[1],
        "{what}: working tree and --rev disagree"
    );
}

#[test]
fn markdown_in_skipped_folders_and_odd_names_is_named() {
    let r = TestRepo::new();
    r.write("postmortems/ok.md", OK);
    r.write("postmortems/.drafts/hidden.md", OK);
    r.write("postmortems/node_modules/pkg/README.md", OK);
    r.write("postmortems/target/built.md", OK);
    r.write("postmortems/2024/target/deep.md", OK);
    r.write("postmortems/trailing space.md ", OK);
    r.write("elsewhere/linked.md", OK);
    std::os::unix::fs::symlink("../elsewhere", r.path().join("postmortems/linked")).unwrap();
    r.commit("odd places", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build(r.path(), &out, &[]);
    for f in [
        "postmortems/.drafts/hidden.md",
        "postmortems/node_modules/pkg/README.md",
        "postmortems/target/built.md",
        "postmortems/2024/target/deep.md",
        "postmortems/linked/linked.md",
    ] {
        assert!(run.stderr.contains(f), "{f}: {}", run.stderr);
    }
    assert!(export(&out)
        .values()
        .any(|p| p["path"] == "postmortems/trailing space.md "));
    assert_nothing_dropped(&r, "fixed tree");
}

#[test]
fn random_trees_lose_no_markdown_file() {
    let names = [
        "a.md",
        "B.MD",
        "c.markdown",
        "d.md ",
        "notes.txt",
        ".hidden.md",
        "e f.md",
        "2024-01-01.md",
    ];
    let dirs = [
        "x",
        ".cfg",
        "node_modules",
        "target",
        "deep/er",
        "sp ace",
        "2024",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for round in 0..12 {
        let r = TestRepo::new();
        r.write("postmortems/seed.md", OK);
        for _ in 0..8 {
            let dir = dirs[next(dirs.len())];
            let name = names[next(names.len())];
            let path = if next(3) == 0 {
                format!("postmortems/{name}")
            } else {
                format!("postmortems/{dir}/{name}")
            };
            r.write(
                &path,
                format!("# Round {round} {path}\n\n## Summary\nText.\n"),
            );
        }
        if next(2) == 0 {
            r.write("outside-content/x.md", OK);
            let _ = std::os::unix::fs::symlink(
                "../outside-content",
                r.path().join(format!("postmortems/link{round}")),
            );
        }
        if next(2) == 0 {
            let _ = std::os::unix::fs::symlink("seed.md", r.path().join("postmortems/alias.md"));
        }
        r.commit("random tree", BOB, T0);
        assert_nothing_dropped(&r, &format!("round {round}"));
    }
}

#[test]
fn a_theme_template_that_never_ends_fails_the_build() {
    let r = TestRepo::new();
    r.write("postmortems/ok.md", OK);
    r.write(
        "theme/templates/postmortem.html",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}x{% endfor %}{% endfor %}{% endfor %}",
    );
    r.commit("slow theme", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run = build(r.path(), &dir.path().join("site"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("postmortem.html"), "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn review_comments_quote_names_and_titles_without_markup_or_mentions() {
    let r = TestRepo::new();
    r.write("postmortems/ok.md", OK);
    r.commit("base", BOB, T0);
    let name = "postmortems/x`<img src=x onerror=alert(1)>`[link](javascript:x).md";
    r.write(name, "# Ping @acme/sre and @everyone\n\n## Summary\nx\n");
    r.commit("add", BOB, T0 + DAY);
    let run = hindsight(&[
        "review",
        "--repo",
        r.path().to_str().unwrap(),
        "--base",
        "HEAD~1",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        !out.contains("@acme") && !out.contains("@everyone"),
        "{out}"
    );
    assert!(out.contains("@&#8203;acme"), "{out}");
    // Every backtick run that opens a span closes it: the name stays code.
    let fenced =
        out.contains("``postmortems/x`<img src=x onerror=alert(1)>`[link](javascript:x).md``");
    assert!(fenced, "{out}");
}

#[test]
fn limits_and_counts_that_overflowed_or_said_nothing() {
    let r = TestRepo::new();
    r.write("postmortems/ok.md", OK);
    r.write(
        "postmortems/big.md",
        format!("# Big\n\n{}\n", "word ".repeat(400)),
    );
    r.commit("one", BOB, T0);
    let dir = tempfile::tempdir().unwrap();
    r.write("hindsight.toml", "max_file_bytes = 18446744073709551615\n");
    let run = build(r.path(), &dir.path().join("a"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.summary().starts_with("Built 2 postmortems"),
        "{}",
        run.stderr
    );
    r.write("hindsight.toml", "max_file_bytes = 1000\n");
    let run = build(r.path(), &dir.path().join("b"), &[]);
    assert!(
        run.stderr.contains("KiB, over the 1000 B limit"),
        "{}",
        run.stderr
    );
    let search = hindsight(&[
        "search",
        "--repo",
        r.path().to_str().unwrap(),
        "--limit",
        "0",
        "fine",
    ]);
    assert_eq!(search.code, 2, "{}", search.stderr);
    assert!(
        !search.stdout.contains("No postmortem matches"),
        "{}",
        search.stdout
    );
}

#[test]
fn trends_csv_cells_are_not_formulas() {
    let r = TestRepo::new();
    // Cells a spreadsheet would run: `=HYPERLINK(..)` as the severity,
    // `@SUM(A1)` and `+cmd` as services, `-ann` as an item's owner.
    r.write(
        "postmortems/2024-01-01-a.md",
        include_str!("../fixtures/integration/hostile_red_team/csv-formula-cells.md"),
    );
    r.commit("one", BOB, T0);
    let run = hindsight(&[
        "trends",
        "--repo",
        r.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in run.stdout.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@'])
                    && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "formula cell {cell:?} in {line:?}"
            );
        }
    }
}

#[test]
fn a_cache_that_cannot_be_saved_is_a_warning_and_leaves_nothing() {
    let r = TestRepo::new();
    r.write("postmortems/ok.md", OK);
    r.commit("one", BOB, T0);
    let cache = r.path().join(".git/hindsight-cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(cache.join(".docs.bin.tmp-4000000"), "a killed build's").unwrap();
    let dir = tempfile::tempdir().unwrap();
    // As if the disk were nearly full: every cache file would take the
    // space the cache must leave free.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["build", "--repo"])
        .arg(r.path())
        .arg("--out")
        .arg(dir.path().join("site"))
        .env("HINDSIGHT_CACHE_KEEP_FREE", u64::MAX.to_string())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: the build cache was not saved"),
        "{stderr}"
    );
    assert!(dir.path().join("site/index.html").is_file());
    let temporaries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
}

/// Overwrites the loose object `id` with bytes that do not inflate.
fn corrupt(r: &TestRepo, id: git2::Oid) {
    let hex = id.to_string();
    let path = r
        .path()
        .join(".git/objects")
        .join(&hex[..2])
        .join(&hex[2..]);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"not a zlib stream").unwrap();
}

#[test]
fn damaged_git_objects_are_named_never_silently_skipped() {
    for what in ["tree", "commit"] {
        let r = TestRepo::new();
        r.write("postmortems/2024-01-01-a.md", OK);
        r.commit("first", BOB, T0);
        r.write("postmortems/2024-01-01-a.md", format!("{OK}\nMore.\n"));
        let middle = r.commit("second", CAROL, T0 + DAY);
        r.write(
            "postmortems/2024-01-01-a.md",
            format!("{OK}\nMore.\nEven more.\n"),
        );
        r.commit("third", ALICE_NEW, T0 + 2 * DAY);
        let commit = r.repo.find_commit(middle).unwrap();
        let id = match what {
            "tree" => commit.tree().unwrap().get_name("postmortems").unwrap().id(),
            _ => middle,
        };
        drop(commit);
        corrupt(&r, id);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let run = build(r.path(), &out, &[]);
        let said = run.stderr.contains("git fsck") && run.stderr.contains(&middle.to_string()[..7])
            || run.stderr.contains(&id.to_string());
        if run.code == 0 {
            // Built anyway: then the history must not claim to be complete.
            let pm = export(&out).into_values().next().unwrap();
            assert_eq!(pm["history_reliable"], false, "{what}: {}", run.stderr);
        }
        assert!(
            said && run.stderr.contains("git fsck"),
            "{what}: {}",
            run.stderr
        );
    }
}
