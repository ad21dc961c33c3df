//! The build cache and the spare folder: a warm build gives exactly the files
//! of a cold build (`--no-cache`) after every kind of change, whatever
//! state the cache is in, and a build killed at any moment leaves the
//! previous site or the new one in the output folder, never a mix.

use crate::common::*;
use std::path::Path;

/// A repository with the sample knowledge base, committed.
fn sample_repo() -> TestRepo {
    let r = TestRepo::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["postmortems", "reading-lists"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            r.write(
                &format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    // The commits below are the history under test, not the sample's
    // described one.
    let config = std::fs::read_to_string(root.join("hindsight.toml")).unwrap();
    let config: Vec<&str> = config
        .lines()
        .filter(|l| !l.starts_with("history ="))
        .collect();
    r.write("hindsight.toml", config.join("\n"));
    r.commit("Import the sample", ALICE_NEW, T0);
    r
}

/// Builds warm into `out` and cold into a fresh folder; both must match.
/// Returns the warm build's cache line.
fn assert_warm_equals_cold(r: &TestRepo, out: &Path, step: &str) -> String {
    let warm = build(r.path(), out, &["-q"]);
    assert!(
        warm.code <= 1,
        "{step}: warm build failed:\n{}",
        warm.stderr
    );
    let cold_dir = tempfile::tempdir().unwrap();
    let cold_out = cold_dir.path().join("site");
    let cold = build(r.path(), &cold_out, &["-q", "--no-cache"]);
    assert_eq!(warm.code, cold.code, "{step}: exit codes");
    assert_eq!(
        warm.summary(),
        cold.summary()
            .replace(&*cold_out.to_string_lossy(), &out.to_string_lossy()),
        "{step}: summaries"
    );
    let (a, b) = (tree(out), tree(&cold_out));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{step}: file lists"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{step}: {path} differs from the cold build"
        );
    }
    assert!(cold.stderr.contains("No build cache;"), "{}", cold.stderr);
    warm.stderr
        .lines()
        .find(|l| l.starts_with("Cache: "))
        .unwrap_or_else(|| panic!("{step}: no cache line:\n{}", warm.stderr))
        .to_string()
}

/// (postmortems reused, files written) from a cache line.
fn cache_counts(line: &str) -> (usize, usize) {
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    (n[0], n[2])
}

fn first_postmortem(r: &TestRepo) -> String {
    let mut names: Vec<String> = std::fs::read_dir(r.path().join("postmortems"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    names.sort();
    format!("postmortems/{}", names[0])
}

fn edit(r: &TestRepo, rel: &str, f: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(r.path().join(rel)).unwrap();
    let new = f(&text);
    assert_ne!(new, text, "the edit of {rel} changes it");
    r.write(rel, new);
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn warm_builds_equal_cold_builds_after_every_kind_of_change() {
    let r = sample_repo();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = assert_warm_equals_cold(&r, &out, "first build");
    assert_eq!(cache_counts(&first).0, 0, "{first}");
    assert_warm_equals_cold(&r, &out, "nothing changed");
    // Now the spare holds the same site: nothing is parsed or written.
    let idle = assert_warm_equals_cold(&r, &out, "nothing changed, again");
    let pms = std::fs::read_dir(r.path().join("postmortems"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count()
        - 1;
    assert_eq!(cache_counts(&idle), (pms, 0), "{idle}");

    let target = first_postmortem(&r);
    edit(&r, &target, |t| t.replacen("- [ ]", "- [x]", 1));
    r.commit("Tick an action item", BOB, T0 + 30 * DAY);
    let tick = assert_warm_equals_cold(&r, &out, "action item ticked and committed");
    let (reused, written) = cache_counts(&tick);
    assert_eq!(reused, pms - 1, "only the edited file is parsed: {tick}");
    assert!(
        written > 0 && written < 60,
        "a few files are written: {tick}"
    );

    // A new sentence in the body only: the search index's terms change,
    // its document entries do not.
    edit(&r, &target, |t| {
        format!("{t}\nThe pager stayed silent overnight.\n")
    });
    r.commit("Add a sentence", CAROL, T0 + 30 * DAY + 3600);
    assert_warm_equals_cold(&r, &out, "body text edited and committed");

    // Short list pages from here on: the edits below move postmortems
    // between pages, add pages and take them away.
    edit(&r, "hindsight.toml", |t| format!("list_page_size = 2\n{t}"));
    assert_warm_equals_cold(&r, &out, "list pages of two");
    assert!(out.join("severities/sev2/page/2.html").is_file());

    // Uncommitted: the title shows on other pages (related incidents, lists).
    edit(&r, &target, |t| {
        if t.starts_with("# ") {
            t.replacen("# ", "# Retitled: ", 1)
        } else {
            t.replacen("\n# ", "\n# Retitled: ", 1)
        }
    });
    assert_warm_equals_cold(&r, &out, "uncommitted title change");
    r.commit("Retitle", CAROL, T0 + 31 * DAY);
    assert_warm_equals_cold(&r, &out, "title change committed");

    r.write(
        "postmortems/2026-01-05-new-cert-expiry.md",
        include_str!("../fixtures/integration/incremental/cert-expired-again.md"),
    );
    r.commit("Add a postmortem", ALICE_NEW, T0 + 40 * DAY);
    assert_warm_equals_cold(&r, &out, "postmortem added");

    let renamed = target.replace(".md", "-renamed.md");
    std::fs::rename(r.path().join(&target), r.path().join(&renamed)).unwrap();
    r.commit("Rename", BOB, T0 + 41 * DAY);
    assert_warm_equals_cold(&r, &out, "postmortem renamed");

    std::fs::remove_file(r.path().join("postmortems/2026-01-05-new-cert-expiry.md")).unwrap();
    r.commit("Remove", BOB, T0 + 42 * DAY);
    assert_warm_equals_cold(&r, &out, "postmortem removed");

    edit(&r, "hindsight.toml", |t| {
        format!("{t}\n[aliases]\nstarted = [\"began\"]\n")
    });
    edit(&r, "hindsight.toml", |t| {
        t.replacen("title = \"", "title = \"Renamed ", 1)
    });
    assert_warm_equals_cold(&r, &out, "hindsight.toml changed");

    r.write("site-theme/templates/base.html", {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = std::fs::read_to_string(root.join("site-theme/templates/base.html")).unwrap();
        base.replacen("<body", "<body data-custom-theme", 1)
    });
    edit(&r, "hindsight.toml", |t| {
        format!("theme = \"site-theme\"\n{t}")
    });
    assert_warm_equals_cold(&r, &out, "theme overridden");

    // History rewritten: HEAD no longer descends from the cached commit.
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    let older = head.parent(0).unwrap().parent(0).unwrap().id();
    r.reset_hard(older);
    edit(&r, &first_postmortem(&r), |t| {
        format!("{t}\nA note added on another branch.\n")
    });
    r.commit("Rewritten history", CAROL, T0 + 50 * DAY);
    assert_warm_equals_cold(&r, &out, "history rewritten");
}

#[test]
fn a_damaged_or_missing_cache_only_costs_time() {
    let r = sample_repo();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_warm_equals_cold(&r, &out, "first build");
    let cache = r.path().join(".git/hindsight-cache");
    let files: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() >= 5, "cache files: {files:?}");

    edit(&r, &first_postmortem(&r), |t| {
        t.replacen("- [ ]", "- [x]", 1)
    });
    // Flip bytes in the middle of every cache file.
    for f in &files {
        let mut b = std::fs::read(f).unwrap();
        let mid = b.len() / 2;
        b[mid] ^= 0x5a;
        std::fs::write(f, b).unwrap();
    }
    assert_warm_equals_cold(&r, &out, "corrupted cache");

    for f in &files {
        let b = std::fs::read(f).unwrap();
        std::fs::write(f, &b[..b.len() / 3]).unwrap();
    }
    edit(&r, &first_postmortem(&r), |t| format!("{t}\nMore notes.\n"));
    assert_warm_equals_cold(&r, &out, "truncated cache");

    std::fs::remove_dir_all(&cache).unwrap();
    assert_warm_equals_cold(&r, &out, "deleted cache");

    // Someone edits the published site by hand: the page is rebuilt.
    let index = out.join("index.html");
    std::fs::write(&index, "defaced").unwrap();
    assert_warm_equals_cold(&r, &out, "output edited by hand");
    std::fs::write(out.join("extra.txt"), "left by a deploy script").unwrap();
    assert_warm_equals_cold(&r, &out, "file added to the output");
}

/// A repository big enough that a build takes a while (so a kill lands in
/// every stage) and two versions of its content.
fn big_repo(n: usize) -> TestRepo {
    let r = TestRepo::new();
    for i in 0..n {
        r.write(
            &format!(
                "postmortems/2024/2024-{:02}-{:02}-incident-{i}.md",
                i % 12 + 1,
                i % 28 + 1
            ),
            include_str!("../fixtures/integration/incremental/numbered-incident.md")
                .replace("{i}", &i.to_string())
                .replace("{s}", &(i % 17).to_string())
                .replace("{m:02}", &format!("{:02}", i % 12 + 1))
                .replace("{d:02}", &format!("{:02}", i % 28 + 1))
                .replace("{v}", &(i % 4 + 1).to_string())
                .replace("{t}", &(i % 9).to_string())
                .replace("{mm:02}", &format!("{:02}", i % 50 + 5))
                .replace("{o}", &(i % 7).to_string()),
        );
    }
    r.commit("Import", ALICE_NEW, T0);
    r
}

/// Names of the files in `out/search/` whose names start with `prefix`.
fn search_files(out: &Path, prefix: &str) -> std::collections::BTreeSet<String> {
    std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// Every file of the site with its bytes, to name what a build changed.
fn contents(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The files whose bytes differ between two [`contents`], or that one lacks.
fn changed(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut names: Vec<String> = b
        .iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    names.extend(a.keys().filter(|k| !b.contains_key(*k)).cloned());
    names
}

/// A word added to one postmortem changes the term shard of that word (and
/// the field norms and manifest), not the other shards and not the document
/// blocks: the index stores counts, the browser scores (docs/src/search-index.md).
#[test]
fn a_text_edit_changes_a_few_search_files() {
    let r = big_repo(3000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_warm_equals_cold(&r, &out, "first build");
    // Twice, so that the spare folder holds this site too (see above).
    for _ in 0..2 {
        assert_eq!(build(r.path(), &out, &["-q"]).code, 0);
    }
    let (shards, blocks) = (search_files(&out, "terms-"), search_files(&out, "docs-"));
    assert!(shards.len() >= 8, "{} shards", shards.len());
    let i = 1507;
    let rel = format!(
        "postmortems/2024/2024-{:02}-{:02}-incident-{i}.md",
        i % 12 + 1,
        i % 28 + 1
    );
    let before = contents(&out);
    edit(&r, &rel, |t| format!("{t}\nZzyzxword.\n"));
    r.commit("Add a word", CAROL, T0 + DAY);
    let line = assert_warm_equals_cold(&r, &out, "a word added");
    let changed = changed(&before, &contents(&out));
    let after = search_files(&out, "terms-");
    let shards_changed = after.difference(&shards).count();
    assert!(
        (1..=2).contains(&shards_changed) && shards.difference(&after).count() == shards_changed,
        "{shards_changed} of {} shards changed",
        shards.len()
    );
    assert_eq!(search_files(&out, "docs-"), blocks);
    // The changed shards, the norms, the manifest and the postmortem's pages;
    // the Trends pages too, since a new commit moves their "as of" day.
    let (_, written) = cache_counts(&line);
    let undated: Vec<&String> = changed
        .iter()
        .filter(|f| !f.starts_with("trends"))
        .collect();
    assert!(undated.len() < 20, "{line}\nchanged: {changed:#?}");
    assert!(written <= changed.len(), "{line}\nchanged: {changed:#?}");
    // The shards are patched from the last build's (only the changed ones
    // are made): the same postmortem again, its new word gone and common
    // words added; then two postmortems in one commit, one of them a third
    // time.
    edit(&r, &rel, |t| {
        t.replace("\nZzyzxword.\n", "\nThe the service was down.\n")
    });
    r.commit("Reword", CAROL, T0 + 2 * DAY);
    assert_warm_equals_cold(&r, &out, "the same postmortem again");
    let other = "postmortems/2024/2024-05-09-incident-400.md";
    edit(&r, other, |t| {
        t.replacen("retries", "qwertyword retries", 1)
    });
    edit(&r, &rel, |t| format!("{t}\nZzyzxword again.\n"));
    r.commit("Two postmortems", CAROL, T0 + 3 * DAY);
    assert_warm_equals_cold(&r, &out, "two postmortems");
}

/// Two states of the working tree: as committed, and with 20 files edited.
fn set_state(r: &TestRepo, state: usize) {
    for i in 0..20 {
        let rel = format!(
            "postmortems/2024/2024-{:02}-{:02}-incident-{i}.md",
            i % 12 + 1,
            i % 28 + 1
        );
        let text = std::fs::read_to_string(r.path().join(&rel)).unwrap();
        let base = text.split("\nEdited.\n").next().unwrap().to_string();
        r.write(
            &rel,
            if state == 1 {
                format!("{base}\nEdited.\n")
            } else {
                base
            },
        );
    }
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let r = big_repo(400);
    let refs: Vec<_> = (0..2)
        .map(|s| {
            set_state(&r, s);
            let d = tempfile::tempdir().unwrap();
            let out = d.path().join("site");
            assert_eq!(build(r.path(), &out, &["-q", "--no-cache"]).code, 0);
            (d, tree(&out))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    set_state(&r, 0);
    assert_eq!(build(r.path(), &out, &["-q"]).code, 0);
    // How long a warm build with a change takes (the fastest of three), to
    // spread the kills over it.
    let mut span = u64::MAX;
    for state in [1, 0, 1] {
        set_state(&r, state);
        let t = std::time::Instant::now();
        assert_eq!(build(r.path(), &out, &["-q"]).code, 0);
        span = span.min(t.elapsed().as_micros() as u64);
    }
    let span = span.max(1000);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut killed = 0;
    for round in 0..16 {
        let state = (round + 1) % 2;
        set_state(&r, state);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = seed % span;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(["build", "-q", "--repo"])
            .arg(r.path())
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(delay));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&out);
        assert!(
            now == refs[0].1 || now == refs[1].1,
            "round {round} (killed after {delay} µs): the output is neither site"
        );
    }
    eprintln!("{killed} of 16 builds were killed before they finished");
    assert!(killed >= 6, "only {killed} of 16 builds were interrupted");
    // Whatever the kills left in the cache and the spare, the next build is right.
    for state in [1, 0] {
        set_state(&r, state);
        assert_eq!(build(r.path(), &out, &["-q"]).code, 0);
        assert!(tree(&out) == refs[state].1, "state {state} after the kills");
    }
}
