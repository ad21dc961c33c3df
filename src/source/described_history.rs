//! A history written down instead of committed (`history = "…"` in
//! hindsight.toml): commits with dates, authors and what each changed, in a
//! plain-text file. The build writes them into a throwaway git repository
//! and reads dates, contributors, revisions and ticked action items from it
//! exactly as from a team's own repository.
//!
//! Why: a demo or training knowledge base that lives inside another
//! project's repository (Hindsight's own sample) would otherwise show that
//! project's commits as every postmortem's history.
//!
//! The last version of every file is the file as it is now; earlier versions
//! are worked out backwards by undoing each commit's edits, so the
//! description only says what changed, never the whole text.
//!
//! ```text
//! commit 2023-04-13 10:20 +0100
//! author Priya Raman <priya.raman@larkspur.example>
//! message payments-gateway: postmortem for the expired mTLS certificate
//! add postmortems/2023-04-11-gw-cert.md
//!
//! commit 2023-05-02 16:05 +0200
//! author Tomás Ortega <tomas.ortega@larkspur.example>
//! message Tick the certificate expiry alert
//! edit postmortems/2023-04-11-gw-cert.md
//! - | OPS-1236 | In progress |
//! + | OPS-1236 | DONE |
//! rename postmortems/old-name.md -> postmortems/new-name.md
//! ```

use super::files::{refused_path, RepoFiles};
use git2::{Oid, Repository, Signature, Time};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A described history that cannot be used: the build stops and names the
/// line to fix.
#[derive(Debug, thiserror::Error)]
pub enum DescribedError {
    /// A line of the description cannot be read.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The description file, relative to the repository root.
        file: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong with the line, and how to fix it.
        message: String,
    },
    /// The description cannot be read or its path is refused.
    #[error("{file}: {message}")]
    Read {
        /// The description file, relative to the repository root.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// Writing the described commits into a repository failed.
    #[error("{file}: writing the described history: {source}")]
    Git {
        /// The description file, relative to the repository root.
        file: String,
        /// What git said.
        source: git2::Error,
    },
}

/// Reads the description at `file` (relative to the repository root) and
/// writes it, each file's final content taken from `commit`'s tree, else
/// from HEAD's, else from the working tree under `root`: the files a build
/// of that tree reads, so the last described version is what is built.
pub fn load(
    root: &Path,
    git: Option<&Repository>,
    commit: Option<Oid>,
    file: &str,
    content: &str,
) -> Result<Written, DescribedError> {
    let fail = |message: String| DescribedError::Read {
        file: file.to_string(),
        message,
    };
    path(file, "").map_err(|m| fail(format!("hindsight.toml `history`: {m}")))?;
    // The tree built first, so the last described version is the committed
    // blob; the working tree only for what HEAD does not hold.
    let tree = commit.or_else(|| git?.head().ok()?.target());
    let in_tree = git
        .zip(tree)
        .and_then(|(repo, c)| RepoFiles::revision(repo.path(), c).ok());
    let in_worktree = commit
        .is_none()
        .then(|| RepoFiles::worktree(root, &[], None).ok())
        .flatten();
    let read = |p: &str| -> Option<Vec<u8>> {
        [&in_tree, &in_worktree]
            .into_iter()
            .flatten()
            .find_map(|files| files.read(p, u64::MAX).ok())
    };
    let text = read(file).ok_or_else(|| {
        fail("not found: write it, or remove `history` from hindsight.toml to read the repository's commits".into())
    })?;
    let text = String::from_utf8(text).map_err(|_| fail("is not UTF-8 text".into()))?;
    Described::parse(&text, file, content)?.write(&read)
}

/// What one commit does to one file.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Add(String),
    /// The path and its (before, after) fragments.
    Edit(String, Vec<(String, String)>),
    Rename(String, String),
}

/// One described commit.
#[derive(Debug, Clone)]
struct Commit {
    line: usize,
    time: Time,
    name: String,
    email: String,
    message: String,
    /// Each with the line it is written on.
    ops: Vec<(usize, Op)>,
}

/// A parsed description, oldest commit first.
#[derive(Debug)]
pub struct Described {
    file: String,
    commits: Vec<Commit>,
    /// The paths the last commit's tree holds.
    final_paths: BTreeSet<String>,
}

/// The throwaway repository a description was written into.
#[derive(Debug)]
pub struct Written {
    /// Its git folder (removed when this is dropped).
    dir: tempfile::TempDir,
    /// The last commit.
    pub head: Oid,
    /// Edits that no longer match the files (`file:line: …`): the history
    /// is written without them.
    pub warnings: Vec<String>,
    /// The paths the description ends with: any other file has no history.
    pub paths: BTreeSet<String>,
}

impl Written {
    /// The git folder to open.
    pub fn git_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Described {
    /// Parses a description. `file` names it in messages; every path must
    /// be a plain relative path under `content`.
    pub fn parse(text: &str, file: &str, content: &str) -> Result<Described, DescribedError> {
        let err = |line: usize, message: String| DescribedError::Parse {
            file: file.to_string(),
            line,
            message,
        };
        let mut commits: Vec<Commit> = Vec::new();
        let mut last_edit: Option<usize> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            if raw.trim().is_empty() || raw.starts_with('#') {
                last_edit = None;
                continue;
            }
            let (word, rest) = raw.split_once(' ').unwrap_or((raw, ""));
            if word == "commit" {
                commits.push(new_commit(line, rest).map_err(|m| err(line, m))?);
                last_edit = None;
                continue;
            }
            let Some(commit) = commits.last_mut() else {
                return Err(err(
                    line,
                    "expected `commit YYYY-MM-DD HH:MM +ZZZZ` first".into(),
                ));
            };
            match word {
                "author" => {
                    let (name, email) = parse_author(rest).map_err(|m| err(line, m))?;
                    (commit.name, commit.email) = (name, email);
                }
                "message" => commit.message = rest.trim().to_string(),
                "add" => push_op(commit, line, Op::Add(path(rest, content).map_err(|m| err(line, m))?)),
                "edit" => {
                    let p = path(rest, content).map_err(|m| err(line, m))?;
                    push_op(commit, line, Op::Edit(p, Vec::new()));
                    last_edit = Some(line);
                }
                "rename" => {
                    let (from, to) = rest
                        .split_once(" -> ")
                        .ok_or_else(|| err(line, "write `rename OLD -> NEW`".into()))?;
                    let from = path(from, content).map_err(|m| err(line, m))?;
                    let to = path(to, content).map_err(|m| err(line, m))?;
                    push_op(commit, line, Op::Rename(from, to));
                }
                "-" | "+" => edit_line(commit, last_edit, word, rest).map_err(|m| err(line, m))?,
                _ => return Err(err(line, format!("unknown line `{word}`: expected commit, author, message, add, edit, rename, `- old` or `+ new`"))),
            }
        }
        let final_paths = check_commits(&commits).map_err(|(line, m)| err(line, m))?;
        Ok(Described {
            file: file.to_string(),
            commits,
            final_paths,
        })
    }

    /// The paths the described history ends with.
    pub fn final_paths(&self) -> &BTreeSet<String> {
        &self.final_paths
    }

    /// Writes the commits into a new bare repository; `read` gives each
    /// final path's content now (`None`: left out, with a warning).
    pub fn write(&self, read: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Written, DescribedError> {
        let git = |source| DescribedError::Git {
            file: self.file.clone(),
            source,
        };
        let io = |e: std::io::Error| git(git2::Error::from_str(&e.to_string()));
        let dir = tempfile::Builder::new()
            .prefix("hindsight-history")
            .tempdir()
            .map_err(io)?;
        let repo = Repository::init_bare(dir.path()).map_err(git)?;
        let mut warnings = Vec::new();
        let trees = self.trees(&repo, read, &mut warnings).map_err(git)?;
        let mut parent: Option<git2::Commit<'_>> = None;
        for (commit, tree) in self.commits.iter().zip(trees) {
            let sig = Signature::new(&commit.name, &commit.email, &commit.time).map_err(git)?;
            let tree = repo.find_tree(tree).map_err(git)?;
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            let message = format!("{}\n", commit.message);
            let id = repo
                .commit(Some("HEAD"), &sig, &sig, &message, &tree, &parents)
                .map_err(git)?;
            parent = Some(repo.find_commit(id).map_err(git)?);
        }
        let head = parent.map(|c| c.id()).unwrap_or(Oid::ZERO_SHA1);
        Ok(Written {
            dir,
            head,
            warnings,
            paths: self.final_paths.clone(),
        })
    }

    /// The tree after each commit, worked out from the newest backwards.
    fn trees(
        &self,
        repo: &Repository,
        read: &dyn Fn(&str) -> Option<Vec<u8>>,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Oid>, git2::Error> {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for path in &self.final_paths {
            match read(path) {
                Some(bytes) => {
                    files.insert(path.clone(), bytes);
                }
                None => warnings.push(format!(
                    "{}: {path} not found; left out of the described history",
                    self.file
                )),
            }
        }
        let mut trees = vec![Oid::ZERO_SHA1; self.commits.len()];
        for (i, commit) in self.commits.iter().enumerate().rev() {
            trees[i] = write_tree(repo, &files)?;
            for (line, op) in commit.ops.iter().rev() {
                if let Some(w) = undo(op, &mut files) {
                    warnings.push(format!("{}:{line}: {w}", self.file));
                }
            }
        }
        Ok(trees)
    }
}

fn new_commit(line: usize, when: &str) -> Result<Commit, String> {
    let time = chrono::DateTime::parse_from_str(when.trim(), "%Y-%m-%d %H:%M %z")
        .map_err(|e| format!("`commit {when}`: {e}; write `commit 2023-04-13 10:20 +0100`"))?;
    let offset = time.offset().local_minus_utc() / 60;
    Ok(Commit {
        line,
        time: Time::new(time.timestamp(), offset),
        name: String::new(),
        email: String::new(),
        message: String::new(),
        ops: Vec::new(),
    })
}

fn parse_author(rest: &str) -> Result<(String, String), String> {
    let bad = || format!("`author {rest}`: write `author Name <email>`");
    let (name, email) = rest.split_once('<').ok_or_else(bad)?;
    let email = email.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.is_empty() || email.contains(['<', '>']) {
        return Err(bad());
    }
    Ok((name.to_string(), email.to_string()))
}

fn push_op(commit: &mut Commit, line: usize, op: Op) {
    commit.ops.push((line, op));
}

/// A `- before` or `+ after` line of the edit above it.
fn edit_line(
    commit: &mut Commit,
    last_edit: Option<usize>,
    sign: &str,
    text: &str,
) -> Result<(), String> {
    let Some((_, Op::Edit(_, pairs))) = commit.ops.last_mut().filter(|_| last_edit.is_some())
    else {
        return Err(format!("`{sign}` line outside an `edit`"));
    };
    match (sign, pairs.last_mut()) {
        ("-", _) => pairs.push((text.to_string(), String::new())),
        ("+", Some((_, after))) if after.is_empty() => {
            if text.is_empty() {
                return Err("`+` needs the text as it is after this commit".into());
            }
            *after = text.to_string();
        }
        _ => return Err("write each change as a `- before` line, then a `+ after` line".into()),
    }
    Ok(())
}

/// A repository path under `content`: relative, no `.`/`..`/`.git` parts.
fn path(raw: &str, content: &str) -> Result<String, String> {
    let p = raw.trim();
    let plain = refused_path(p).is_none();
    let content = content.trim_matches('/');
    let inside = content.is_empty() || content == "." || p.starts_with(&format!("{content}/"));
    if plain && inside {
        Ok(p.to_string())
    } else {
        Err(format!(
            "`{p}`: give a relative path under the content folder `{content}`"
        ))
    }
}

/// Replays the commits forward to check each has an author, a message and
/// operations that fit the files as they are then; gives the final paths.
fn check_commits(commits: &[Commit]) -> Result<BTreeSet<String>, (usize, String)> {
    let mut paths = BTreeSet::new();
    let mut last_time = i64::MIN;
    for c in commits {
        if c.name.is_empty() || c.message.is_empty() || c.ops.is_empty() {
            return Err((
                c.line,
                "a commit needs `author`, `message` and at least one add, edit or rename".into(),
            ));
        }
        if c.time.seconds() < last_time {
            return Err((
                c.line,
                "commits go oldest first: this one is older than the one above".into(),
            ));
        }
        last_time = c.time.seconds();
        for (line, op) in &c.ops {
            let fits = match op {
                Op::Add(p) => paths
                    .insert(p.clone())
                    .then_some(())
                    .ok_or("is already there"),
                Op::Edit(_, pairs)
                    if pairs.is_empty() || pairs.iter().any(|(_, a)| a.is_empty()) =>
                {
                    Err("needs `- before` / `+ after` lines")
                }
                Op::Edit(p, _) => paths.contains(p).then_some(()).ok_or("is not there yet"),
                Op::Rename(from, to) => match (paths.remove(from), paths.insert(to.clone())) {
                    (true, true) => Ok(()),
                    (false, _) => Err("is not there to rename"),
                    (true, false) => Err("would replace a file that is there"),
                },
            };
            fits.map_err(|m| (*line, format!("{}: {m}", op_path(op))))?;
        }
    }
    Ok(paths)
}

fn op_path(op: &Op) -> &str {
    match op {
        Op::Add(p) | Op::Edit(p, _) | Op::Rename(p, _) => p,
    }
}

/// Turns the files after a commit's operation into the files before it;
/// says why when an edit no longer matches (the edit is then skipped).
fn undo(op: &Op, files: &mut BTreeMap<String, Vec<u8>>) -> Option<String> {
    match op {
        Op::Add(p) => {
            files.remove(p);
        }
        Op::Rename(from, to) => {
            if let Some(bytes) = files.remove(to) {
                files.insert(from.clone(), bytes);
            }
        }
        Op::Edit(p, pairs) => {
            let bytes = files.get_mut(p)?;
            for (before, after) in pairs.iter().rev() {
                let Some(at) = find(bytes, after.as_bytes()) else {
                    return Some(format!(
                        "{p}: `+ {after}` not found in the file as of this commit; edit left out"
                    ));
                };
                bytes.splice(at..at + after.len(), before.bytes());
            }
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Writes `files` (path → content) as a tree with nested folders.
fn write_tree(repo: &Repository, files: &BTreeMap<String, Vec<u8>>) -> Result<Oid, git2::Error> {
    let mut here = repo.treebuilder(None)?;
    let mut folders: BTreeMap<&str, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    for (path, bytes) in files {
        match path.split_once('/') {
            Some((folder, rest)) => {
                folders
                    .entry(folder)
                    .or_default()
                    .insert(rest.to_string(), bytes.clone());
            }
            None => {
                here.insert(path, repo.blob(bytes)?, 0o100644)?;
            }
        }
    }
    for (folder, inner) in folders {
        here.insert(folder, write_tree(repo, &inner)?, 0o040000)?;
    }
    here.write()
}

#[cfg(test)]
#[path = "described_history_tests.rs"]
mod tests;
