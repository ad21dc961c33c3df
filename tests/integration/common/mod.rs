//! Helpers shared by the integration tests: real temporary git repositories
//! (git2, fixed authors and dates so every run is the same) and runs of the
//! real `hindsight` binary.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// 2021-03-01T10:00:00Z, the start of every test history.
pub(crate) const T0: i64 = 1_614_592_800;
pub(crate) const DAY: i64 = 86_400;

/// A commit author: name, email.
pub(crate) type Who = (&'static str, &'static str);

pub(crate) const ALICE_OLD: Who = ("Alice Kim", "alice@old.example");
pub(crate) const ALICE_NEW: Who = ("alice", "alice.kim@example.com");
pub(crate) const BOB: Who = ("Bob Lee", "bob@example.com");
pub(crate) const CAROL: Who = ("Carol Diaz", "carol@example.com");

/// A temporary git repository with a working tree.
pub(crate) struct TestRepo {
    pub dir: TempDir,
    pub repo: Repository,
}

impl TestRepo {
    pub(crate) fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("git init");
        TestRepo { dir, repo }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) relative to the repository root.
    pub(crate) fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Commits every change in the working tree (additions, edits, deletions)
    /// as `who` at `when` (seconds since the epoch) in the zone `offset_min`.
    pub(crate) fn commit_at(&self, message: &str, who: Who, when: i64, offset_min: i32) -> Oid {
        self.commit_full(message, who, when, offset_min, &[])
    }

    /// A merge commit of HEAD and `other` holding the working tree as is.
    pub(crate) fn commit_merge(&self, message: &str, who: Who, when: i64, other: Oid) -> Oid {
        self.commit_full(message, who, when, 0, &[other])
    }

    /// Moves HEAD's branch (and the working tree) back to `commit`.
    pub(crate) fn reset_hard(&self, commit: Oid) {
        let obj = self.repo.find_object(commit, None).unwrap();
        self.repo.reset(&obj, git2::ResetType::Hard, None).unwrap();
    }

    fn commit_full(
        &self,
        message: &str,
        who: Who,
        when: i64,
        offset_min: i32,
        extra_parents: &[Oid],
    ) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::new(who.0, who.1, &Time::new(when, offset_min)).unwrap();
        let parent = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|id| self.repo.find_commit(id).unwrap());
        let extra: Vec<git2::Commit<'_>> = extra_parents
            .iter()
            .map(|id| self.repo.find_commit(*id).unwrap())
            .collect();
        let parents: Vec<&git2::Commit<'_>> = parent.iter().chain(extra.iter()).collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    /// [`Self::commit_at`] in UTC.
    pub(crate) fn commit(&self, message: &str, who: Who, when: i64) -> Oid {
        self.commit_at(message, who, when, 0)
    }

    /// A lightweight tag on HEAD.
    pub(crate) fn tag(&self, name: &str) {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo
            .tag_lightweight(name, head.as_object(), false)
            .unwrap();
    }
}

/// What one run of the binary did.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        Run {
            code: out.status.code().expect("exited normally, not by a signal"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The final summary line ("Built N postmortems into …").
    pub(crate) fn summary(&self) -> &str {
        self.stderr
            .lines()
            .rev()
            .find(|l| l.starts_with("Built "))
            .unwrap_or_else(|| panic!("no summary line in stderr:\n{}", self.stderr))
    }
}

/// Runs `hindsight ARGS` from a neutral folder (never this project's root,
/// so a default `--repo .` cannot pick up the sample knowledge base).
pub(crate) fn hindsight(args: &[&str]) -> Run {
    hindsight_in(&std::env::temp_dir(), args)
}

/// Runs `hindsight ARGS` in `dir`, as a user's shell there would.
pub(crate) fn hindsight_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run hindsight");
    Run::of(out)
}

/// `hindsight build --repo REPO --out OUT EXTRA…`.
pub(crate) fn build(repo: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        "--repo",
        repo.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    hindsight(&args)
}

/// Parses `OUT/postmortems.json` and returns its postmortems by id.
pub(crate) fn export(out: &Path) -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(out.join("postmortems.json")).expect("postmortems.json");
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["format_version"], 1, "format_version");
    json["postmortems"]
        .as_array()
        .expect("postmortems is an array")
        .iter()
        .map(|p| (p["id"].as_str().expect("id").to_string(), p.clone()))
        .collect()
}

/// The export entry with `path`, or a panic listing what is there.
pub(crate) fn by_path<'a>(pms: &'a BTreeMap<String, Value>, path: &str) -> &'a Value {
    pms.values()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in export; have {:?}", pms.keys()))
}

/// A string array field as `Vec<&str>`.
pub(crate) fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("string"))
        .collect()
}

/// Reads a page of the built site.
pub(crate) fn page(out: &Path, url: &str) -> String {
    std::fs::read_to_string(out.join(url)).unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// Every file below `dir` as relative path → bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Asserts two built sites hold the same files with the same bytes.
pub(crate) fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "same file list"
    );
    assert!(ta.len() > 3, "a real site was built: {:?}", ta.keys());
    for (path, bytes) in &ta {
        assert!(
            bytes == &tb[path],
            "{path} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// Decodes the HTML character references templates emit in attributes
/// (minijinja escapes `/` as `&#x2f;`), as a browser would.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href` of a page, decoded as a browser resolves it to a file
/// (character references, then percent-encoding: `%EC%9E%A5` → `장`).
pub(crate) fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(v, _)| {
            percent_encoding::percent_decode_str(&unescape(v))
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}
