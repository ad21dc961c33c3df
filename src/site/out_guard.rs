//! Where a site may be written. A build replaces its output folder whole,
//! so an output path that a pull request can set in hindsight.toml, or a
//! mistyped `--out`, must never name a folder holding anything else: the
//! repository, its git objects, the postmortems, or any folder of the user's.
//!
//! A site is written only into a folder that does not exist, an empty
//! folder, or a folder that a build wrote before (it carries [`MARKER`]).
//! From hindsight.toml only a relative path inside the repository is
//! accepted, never inside a `.git` folder or the content folder.

use std::path::{Component, Path, PathBuf};

/// File every built site carries, so the next build knows it may replace
/// the folder.
pub const MARKER: &str = ".hindsight-site";

/// What [`MARKER`] says to whoever opens it.
pub const MARKER_TEXT: &str =
    "This folder is a site built by hindsight. `hindsight build` replaces it as a whole.\n";

/// Where the output path was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `out` in hindsight.toml, which a pull request can change.
    Config,
    /// `--out` on the command line.
    CommandLine,
}

/// Why a site will not be written to a folder.
#[derive(Debug, thiserror::Error)]
#[error("{path}: refusing to write the site there: {reason}")]
pub struct Refused {
    /// The output path as given.
    pub path: String,
    /// What is wrong and what to do.
    pub reason: String,
}

/// The repository a build reads, as the guard needs it.
pub struct Repo<'a> {
    /// The repository folder (`--repo`).
    pub dir: &'a Path,
    /// Git's own folder, when it is a git repository.
    pub git_dir: Option<&'a Path>,
    /// The content folder, relative to `dir`.
    pub content: &'a str,
}

/// Checks that `out` (the configured or given path, `resolved` against the
/// repository) may be replaced by a site.
pub fn check(given: &str, resolved: &Path, origin: Origin, repo: &Repo<'_>) -> Result<(), Refused> {
    let refuse = |reason: String| Refused {
        path: given.to_string(),
        reason,
    };
    if origin == Origin::Config {
        config_path_rules(given).map_err(|r| refuse(r.to_string()))?;
    }
    let out = real_path(resolved);
    let repo_root = real_path(repo.dir);
    if origin == Origin::Config && !out.starts_with(&repo_root) {
        return Err(refuse(
            "`out` in hindsight.toml resolves outside the repository (through a symbolic link); set it to a folder inside, or pass --out".into(),
        ));
    }
    let content = real_path(&repo.dir.join(repo.content));
    let mut protected = vec![(repo_root.clone(), "the repository")];
    // A content folder outside the repository is refused by the loader.
    if content.starts_with(&repo_root) {
        protected.push((content, "the content folder"));
    }
    if let Some(g) = repo.git_dir {
        protected.push((real_path(g), "git's own folder"));
    }
    for (p, what) in &protected {
        if p.starts_with(&out) {
            return Err(refuse(format!(
                "the output folder is replaced as a whole and this would delete {what} ({}); choose another folder",
                p.display()
            )));
        }
    }
    // With the whole repository as content (`content = "."`) the site may
    // sit inside it: the loaders never read the output folder.
    for (p, what) in &protected[1..] {
        if out.starts_with(p) && *p != repo_root {
            return Err(refuse(format!(
                "it is inside {what} ({}); choose a folder outside it",
                p.display()
            )));
        }
    }
    if out.components().any(|c| c.as_os_str() == ".git") {
        return Err(refuse(
            "it is inside a `.git` folder; choose another folder".into(),
        ));
    }
    existing_folder_rules(resolved).map_err(refuse)
}

/// `out` from hindsight.toml: a relative path that never climbs out.
fn config_path_rules(given: &str) -> Result<(), &'static str> {
    let path = Path::new(given);
    if given.trim().is_empty() {
        return Err("`out` in hindsight.toml is empty; set it to a folder such as \"public\"");
    }
    if path.is_absolute() || given.starts_with('~') || given.starts_with('\\') {
        return Err("`out` in hindsight.toml must be a relative path inside the repository; pass an absolute one with --out");
    }
    if path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err("`out` in hindsight.toml must stay inside the repository (no `..`); pass another folder with --out");
    }
    Ok(())
}

/// The folder itself: new, empty, or a site built before.
fn existing_folder_rules(out: &Path) -> Result<(), String> {
    let Ok(meta) = out.symlink_metadata() else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err("it is a symbolic link; a build replaces the folder whole and does not write through links: name the real folder".into());
    }
    if !meta.is_dir() {
        return Err("it is a file, not a folder; choose a folder".into());
    }
    if is_site_or_empty(out) {
        return Ok(());
    }
    Err(format!(
        "the folder is not empty and holds no site built by hindsight (no `{MARKER}` file); a build replaces the folder whole. Choose a new or empty folder, or empty this one yourself"
    ))
}

/// Whether `dir` is empty or a site a build wrote: it carries [`MARKER`], or
/// (sites written before the marker existed) `postmortems.json` beside
/// `index.html`.
pub fn is_site_or_empty(dir: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return false;
    };
    if entries.next().is_none() {
        return true;
    }
    let file = |name: &str| dir.join(name).symlink_metadata().is_ok_and(|m| m.is_file());
    file(MARKER) || (file("postmortems.json") && file("index.html"))
}

/// Holds the output folder for one build: a second build into the same
/// folder waits (after `waiting` says so) until the first has written. The
/// lock is on the folder holding the output and its spare, so it leaves no
/// file behind (a lock file deleted while another build waits on it would
/// let a third build in).
pub fn lock(out: &Path, waiting: &dyn Fn()) -> std::io::Result<Option<std::fs::File>> {
    let (parent, _) = super::reuse::parent_and_name(out);
    std::fs::create_dir_all(parent)?;
    let with_path = |e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: cannot lock: {e}", parent.display()))
    };
    // Only Unix opens a folder as a file; elsewhere builds are not locked.
    let Ok(dir) = std::fs::File::open(parent) else {
        return Ok(None);
    };
    match dir.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            dir.lock().map_err(with_path)?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(with_path(e)),
    }
    Ok(Some(dir))
}

/// Deletes a site folder with its marker last, so a build killed while
/// deleting leaves a folder that is still recognized as a site (or an
/// empty one), never one the next build must refuse.
pub fn remove_site(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// `p` with every link and `..` resolved: the deepest part that exists is
/// canonicalized and the rest appended.
fn real_path(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git/objects")).unwrap();
        std::fs::create_dir_all(repo.join("postmortems/2024")).unwrap();
        std::fs::write(repo.join("postmortems/2024/a.md"), "# a").unwrap();
        std::fs::create_dir_all(dir.path().join("sibling")).unwrap();
        std::fs::write(dir.path().join("sibling/keep.txt"), "mine").unwrap();
        (dir, repo)
    }

    fn run(repo: &Path, given: &str, origin: Origin) -> Result<(), Refused> {
        let r = Repo {
            dir: repo,
            git_dir: Some(&repo.join(".git")),
            content: "postmortems",
        };
        let resolved = if Path::new(given).is_absolute() {
            PathBuf::from(given)
        } else {
            repo.join(given)
        };
        check(given, &resolved, origin, &r)
    }

    #[test]
    fn config_paths_stay_inside_the_repository() {
        let (dir, repo) = setup();
        let sibling = dir.path().join("sibling");
        for bad in [
            sibling.to_str().unwrap(),
            "../sibling",
            ".git/objects",
            ".git",
            "postmortems/2024",
            "postmortems",
            ".",
            "",
            "a/../../sibling",
        ] {
            assert!(run(&repo, bad, Origin::Config).is_err(), "{bad:?}");
        }
        assert!(run(&repo, "public", Origin::Config).is_ok());
        assert!(run(&repo, "site/out", Origin::Config).is_ok());
        std::os::unix::fs::symlink(&sibling, repo.join("linked")).unwrap();
        assert!(run(&repo, "linked/out", Origin::Config).is_err());
    }

    #[test]
    fn only_new_empty_or_built_folders_are_replaced() {
        let (dir, repo) = setup();
        let sibling = dir.path().join("sibling");
        let e = run(&repo, sibling.to_str().unwrap(), Origin::CommandLine).unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
        std::fs::create_dir_all(dir.path().join("empty")).unwrap();
        for ok in ["empty", "new"] {
            let p = dir.path().join(ok);
            assert!(run(&repo, p.to_str().unwrap(), Origin::CommandLine).is_ok());
        }
        std::fs::write(sibling.join(MARKER), MARKER_TEXT).unwrap();
        assert!(run(&repo, sibling.to_str().unwrap(), Origin::CommandLine).is_ok());
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(run(&repo, file.to_str().unwrap(), Origin::CommandLine).is_err());
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("empty"), &link).unwrap();
        assert!(run(&repo, link.to_str().unwrap(), Origin::CommandLine).is_err());
        let git = repo.join(".git/objects");
        assert!(run(&repo, git.to_str().unwrap(), Origin::CommandLine).is_err());
        assert!(run(&repo, dir.path().to_str().unwrap(), Origin::CommandLine).is_err());
    }
}
