//! Git edge cases, one test each on a real temporary repository: empty
//! repository, unborn branch, detached HEAD, shallow clone, a submodule in
//! the content folder, Git LFS pointers, a file added in a merge commit, a
//! rename with edits, a non-UTF-8 file name, a .mailmap with bad lines.

use crate::common::*;
use std::path::Path;
use std::process::Command;

const PM: &str = include_str!("../fixtures/integration/git_edge_cases/disk-full.md");

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(["-c", "protocol.file.allow=always"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn built(out: &Path) -> Vec<String> {
    export(out).into_keys().collect()
}

#[test]
fn empty_repository_says_what_is_missing() {
    let r = TestRepo::new();
    let out = r.path().join("public");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("content folder not found"),
        "{}",
        run.stderr
    );
    let run = build(r.path(), &out, &["--rev", "HEAD"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("HEAD"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn unborn_branch_builds_the_working_tree_as_uncommitted() {
    let r = TestRepo::new();
    r.write("postmortems/2024-01-01-disk.md", PM);
    let out = r.path().join("public");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no commits yet"), "{}", run.stderr);
    assert_eq!(export(&out)["2024-01-01-disk"]["uncommitted"], true);

    // HEAD on a branch with no commits while another branch has some.
    r.commit("first", BOB, T0);
    r.repo.set_head("refs/heads/orphan").unwrap();
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(built(&out), ["2024-01-01-disk"]);
}

#[test]
fn detached_head_builds_and_dates_from_that_commit() {
    let r = TestRepo::new();
    r.write("postmortems/2024-01-01-disk.md", PM);
    let first = r.commit("first", BOB, T0);
    r.write("postmortems/2024-01-01-disk.md", format!("{PM}\nMore.\n"));
    r.write("postmortems/2024-02-01-dns.md", "# DNS\n");
    r.commit("second", CAROL, T0 + DAY);
    r.repo.set_head_detached(first).unwrap();
    r.repo
        .checkout_head(Some(
            git2::build::CheckoutBuilder::new()
                .force()
                .remove_untracked(true),
        ))
        .unwrap();
    for extra in [&[][..], &["--rev", "HEAD"][..]] {
        let out = r.path().join("public");
        let run = build(r.path(), &out, extra);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        let pms = export(&out);
        assert_eq!(
            pms.keys().collect::<Vec<_>>(),
            ["2024-01-01-disk"],
            "{extra:?}"
        );
        assert_eq!(
            pms["2024-01-01-disk"]["revisions"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(pms["2024-01-01-disk"]["uncommitted"], false);
    }
}

#[test]
fn shallow_clone_is_flagged() {
    let r = TestRepo::new();
    for i in 0..3 {
        r.write(
            "postmortems/2024-01-01-disk.md",
            format!("{PM}\nPass {i}.\n"),
        );
        r.commit(&format!("pass {i}"), BOB, T0 + i * DAY);
    }
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    git(
        clones.path(),
        &["clone", "--quiet", "--depth", "1", &url, "c"],
    );
    let out = clones.path().join("out");
    let run = build(&clones.path().join("c"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert_eq!(export(&out)["2024-01-01-disk"]["history_reliable"], false);
}

#[test]
fn submodule_in_the_content_folder_is_not_read_and_is_reported() {
    let other = TestRepo::new();
    other.write("2023-05-05-theirs.md", PM);
    other.commit("theirs", BOB, T0);
    let r = TestRepo::new();
    r.write("postmortems/2024-01-01-disk.md", PM);
    r.commit("ours", BOB, T0);
    let url = other.path().to_str().unwrap();
    git(
        r.path(),
        &["submodule", "--quiet", "add", url, "postmortems/vendor"],
    );
    git(r.path(), &["commit", "--quiet", "-m", "add submodule"]);
    assert!(r
        .path()
        .join("postmortems/vendor/2023-05-05-theirs.md")
        .exists());
    for extra in [&[][..], &["--rev", "HEAD"][..]] {
        let out = r.path().join("public");
        let run = build(r.path(), &out, extra);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        assert_eq!(built(&out), ["2024-01-01-disk"], "{extra:?}");
        assert!(
            run.stderr
                .contains("postmortems/vendor: submodule, not read"),
            "{extra:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn git_lfs_pointers_are_skipped_naming_git_lfs_pull() {
    let r = TestRepo::new();
    r.write("postmortems/2024-01-01-disk.md", PM);
    r.write(
        "postmortems/2024-01-02-big.md",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 123456\n",
    );
    r.commit("lfs", BOB, T0);
    for extra in [&[][..], &["--rev", "HEAD"][..]] {
        let out = r.path().join("public");
        let run = build(r.path(), &out, extra);
        assert_eq!(run.code, 1, "{extra:?}: {}", run.stderr);
        assert!(
            run.stderr.lines().any(|l| l
                .starts_with("postmortems/2024-01-02-big.md:1: error: skipped: Git LFS pointer")
                && l.contains("git lfs pull")),
            "{extra:?}: {}",
            run.stderr
        );
        assert!(run.summary().contains("skipped 1"), "{}", run.summary());
        assert_eq!(built(&out), ["2024-01-01-disk"]);
    }
}

#[test]
fn file_added_in_a_merge_commit_has_that_commit_as_history() {
    let r = TestRepo::new();
    r.write("postmortems/2024-01-01-disk.md", PM);
    let base = r.commit("base", BOB, T0);
    r.write("postmortems/2024-02-01-side.md", "# Side\n");
    let side = r.commit("side branch", CAROL, T0 + DAY);
    r.reset_hard(base);
    r.write("postmortems/2024-02-01-side.md", "# Side\n");
    r.write("postmortems/2024-03-01-merge.md", "# Only in the merge\n");
    r.commit_merge("merge side", ALICE_NEW, T0 + 2 * DAY, side);
    let out = r.path().join("public");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    let merged = &pms["2024-03-01-merge"];
    assert_eq!(merged["created"], "2021-03-03");
    assert_eq!(merged["revisions"][0]["subject"], "merge side");
    assert_eq!(merged["uncommitted"], false);
    assert_eq!(pms["2024-02-01-side"]["created"], "2021-03-02");
}

#[test]
fn rename_with_edits_keeps_the_history() {
    let r = TestRepo::new();
    r.write("postmortems/draft-disk.md", PM);
    r.commit("draft", BOB, T0);
    std::fs::remove_file(r.path().join("postmortems/draft-disk.md")).unwrap();
    r.write(
        "postmortems/2024-01-01-disk-full.md",
        PM.replace("Disk full", "Disk full on batch hosts"),
    );
    r.write(
        "postmortems/2024-05-05-new.md",
        "# Unrelated\n\nSomething else entirely.\n",
    );
    r.commit("rename and edit", CAROL, T0 + DAY);
    let out = r.path().join("public");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    let renamed = &pms["2024-01-01-disk-full"];
    assert_eq!(
        renamed["created"], "2021-03-01",
        "history follows the rename"
    );
    assert_eq!(renamed["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(strs(&renamed["contributors"]).len(), 2);
    assert_eq!(
        pms["2024-05-05-new"]["created"], "2021-03-02",
        "not a rename"
    );
}

#[test]
fn non_utf8_file_name_builds_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let r = TestRepo::new();
    std::fs::create_dir_all(r.path().join("postmortems")).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"2024-01-01-caf\xe9.md");
    std::fs::write(r.path().join("postmortems").join(name), PM).unwrap();
    let mut index = r.repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    r.commit("latin-1 name", BOB, T0);
    for extra in [&[][..], &["--rev", "HEAD"][..]] {
        let out = r.path().join("public");
        let run = build(r.path(), &out, extra);
        assert!(run.code <= 1, "{extra:?}: {}", run.stderr);
        assert!(
            run.summary().contains("Built 1 postmortem"),
            "{}",
            run.stderr
        );
        let pms = export(&out);
        let (id, pm) = pms.iter().next().unwrap();
        assert!(id.starts_with("2024-01-01-caf"), "{id}");
        assert!(out.join(format!("postmortems/{id}.html")).is_file());
        assert!(pm["path"].as_str().unwrap().contains('\u{fffd}'));
    }
}

#[test]
fn mailmap_with_bad_lines_still_maps_the_good_ones() {
    let r = TestRepo::new();
    r.write(
        ".mailmap",
        b"# comment\n\nnot a mailmap line\n<unclosed@example.com\nAlice Kim <\xff\xfe>\n<> <>\nAlice Kim <alice.kim@example.com> <alice@old.example>\n   \t\n" as &[u8],
    );
    r.write("postmortems/2024-01-01-disk.md", PM);
    r.commit("old identity", ALICE_OLD, T0);
    let out = r.path().join("public");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        strs(&export(&out)["2024-01-01-disk"]["contributors"]),
        ["Alice Kim"]
    );
}
