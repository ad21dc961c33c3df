//! Single files of the tree being built, by repository path: the working
//! tree or a revision's git objects, the same source the postmortems come
//! from. Only what is inside the repository: no symbolic link is followed
//! (at the end of the path or on the way), nothing in a `.git` folder is
//! read, and in the working tree nothing git ignores or that lies in the
//! output folder.

use git2::{ObjectType, Repository};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Git file modes of regular files (plain and executable).
const MODES_FILE: [i32; 2] = [0o100644, 0o100755];

/// What is at a repository path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// A regular file of `size` bytes.
    File {
        /// Size in bytes.
        size: u64,
    },
    /// A folder.
    Folder,
    /// Nothing.
    Missing,
    /// Something that is never read, and why (a symbolic link, a file git
    /// ignores, …).
    Refused(&'static str),
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// It is not a regular file that may be read (see [`Probe`]).
    Not(Probe),
    /// It is larger than the limit asked for: its size.
    TooLarge(u64),
    /// Reading it failed.
    Failed(String),
}

/// Reads files of one tree.
pub struct RepoFiles {
    kind: Kind,
}

enum Kind {
    Worktree {
        /// The repository's folder, canonical.
        root: PathBuf,
        /// Folders never read from (the output), canonical.
        avoid: Vec<PathBuf>,
        git: Option<Mutex<Repository>>,
    },
    Tree {
        repo: Mutex<Repository>,
        tree: git2::Oid,
    },
}

/// Why a repository path is never read, whatever is there: empty, absolute,
/// climbing (`..`), or into a `.git` folder.
pub fn refused_path(path: &str) -> Option<&'static str> {
    if path.is_empty() || path.starts_with('/') || path.contains(['\\', '\0']) {
        return Some("not a path inside the repository");
    }
    for seg in path.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Some("not a path inside the repository");
        }
        if seg.eq_ignore_ascii_case(".git") {
            return Some("inside git's own folder: never read");
        }
    }
    None
}

impl RepoFiles {
    /// Files of the working tree at `root`; `avoid` lists folders never
    /// read (the output); `git` is the repository, if any, whose ignore
    /// rules apply.
    pub fn worktree(root: &Path, avoid: &[PathBuf], git: Option<&Path>) -> std::io::Result<Self> {
        Ok(RepoFiles {
            kind: Kind::Worktree {
                root: root.canonicalize()?,
                avoid: avoid.iter().filter_map(|p| p.canonicalize().ok()).collect(),
                git: git.and_then(|g| Repository::open(g).ok()).map(Mutex::new),
            },
        })
    }

    /// Files of `commit`'s tree in the repository at `git`.
    pub fn revision(git: &Path, commit: git2::Oid) -> Result<Self, git2::Error> {
        let repo = Repository::open(git)?;
        let tree = repo.find_commit(commit)?.tree_id();
        Ok(RepoFiles {
            kind: Kind::Tree {
                repo: Mutex::new(repo),
                tree,
            },
        })
    }

    /// What is at the repository path `path`.
    pub fn probe(&self, path: &str) -> Probe {
        if let Some(why) = refused_path(path) {
            return Probe::Refused(why);
        }
        match &self.kind {
            Kind::Worktree { root, avoid, git } => {
                worktree_probe(root, avoid, git.as_ref(), path).0
            }
            Kind::Tree { repo, tree } => {
                let repo = repo.lock().expect("not poisoned");
                tree_entry(&repo, *tree, path).0
            }
        }
    }

    /// The bytes of the regular file at `path`, when at most `max`.
    pub fn read(&self, path: &str, max: u64) -> Result<Vec<u8>, NotRead> {
        if let Some(why) = refused_path(path) {
            return Err(NotRead::Not(Probe::Refused(why)));
        }
        match &self.kind {
            Kind::Worktree { root, avoid, git } => {
                let (probe, full) = worktree_probe(root, avoid, git.as_ref(), path);
                match probe {
                    Probe::File { size } if size > max => Err(NotRead::TooLarge(size)),
                    Probe::File { .. } => read_no_follow(&full, max),
                    other => Err(NotRead::Not(other)),
                }
            }
            Kind::Tree { repo, tree } => {
                let repo = repo.lock().expect("not poisoned");
                match tree_entry(&repo, *tree, path) {
                    (Probe::File { size }, _) if size > max => Err(NotRead::TooLarge(size)),
                    (Probe::File { .. }, Some(id)) => repo
                        .find_blob(id)
                        .map(|b| b.content().to_vec())
                        .map_err(|e| {
                            NotRead::Failed(format!(
                                "cannot read blob {id}: {}; run `git fsck`",
                                e.message()
                            ))
                        }),
                    (other, _) => Err(NotRead::Not(other)),
                }
            }
        }
    }
}

/// What is at `path` under `root`, looking at each component without
/// following links, and the full path.
fn worktree_probe(
    root: &Path,
    avoid: &[PathBuf],
    git: Option<&Mutex<Repository>>,
    path: &str,
) -> (Probe, PathBuf) {
    let mut full = root.to_path_buf();
    let mut meta = None;
    for seg in path.split('/') {
        full.push(seg);
        match full.symlink_metadata() {
            Ok(m) if m.file_type().is_symlink() => {
                return (
                    Probe::Refused("symbolic link: not followed, only regular files are published"),
                    full,
                )
            }
            Ok(m) => meta = Some(m),
            Err(_) => return (Probe::Missing, full),
        }
    }
    if avoid.iter().any(|a| full.starts_with(a)) {
        return (Probe::Refused("inside the output folder"), full);
    }
    let ignored = git.is_some_and(|g| {
        g.lock()
            .expect("not poisoned")
            .is_path_ignored(Path::new(path))
            .unwrap_or(true)
    });
    if ignored {
        return (
            Probe::Refused("ignored by git (.gitignore): never published"),
            full,
        );
    }
    let probe = match meta {
        Some(m) if m.is_file() => Probe::File { size: m.len() },
        Some(m) if m.is_dir() => Probe::Folder,
        _ => Probe::Refused("not a regular file"),
    };
    (probe, full)
}

/// Reads a regular file without following a link at its end (one may
/// have replaced it since it was looked at), at most `max` bytes.
fn read_no_follow(full: &Path, max: u64) -> Result<Vec<u8>, NotRead> {
    use std::os::unix::fs::OpenOptionsExt;
    let failed = |e: std::io::Error| NotRead::Failed(format!("cannot read: {e}"));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(full)
        .map_err(failed)?;
    let meta = file.metadata().map_err(failed)?;
    if !meta.is_file() {
        return Err(NotRead::Not(Probe::Refused("not a regular file")));
    }
    if meta.len() > max {
        return Err(NotRead::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // `take` guards against a file that grows while it is read.
    file.by_ref()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > max {
        return Err(NotRead::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What is at `path` in the tree `tree`, and the blob of a regular file.
fn tree_entry(repo: &Repository, tree: git2::Oid, path: &str) -> (Probe, Option<git2::Oid>) {
    let Ok(entry) = repo
        .find_tree(tree)
        .and_then(|t| t.get_path(Path::new(path)))
    else {
        return (Probe::Missing, None);
    };
    match entry.kind() {
        Some(ObjectType::Tree) => (Probe::Folder, None),
        Some(ObjectType::Blob) if MODES_FILE.contains(&entry.filemode()) => {
            match repo.odb().and_then(|o| o.read_header(entry.id())) {
                Ok((size, _)) => (Probe::File { size: size as u64 }, Some(entry.id())),
                Err(_) => (
                    Probe::Refused("its git object cannot be read; run `git fsck`"),
                    None,
                ),
            }
        }
        Some(ObjectType::Blob) => (
            Probe::Refused("symbolic link: not followed, only regular files are published"),
            None,
        ),
        _ => (
            Probe::Refused("submodule: not part of this repository"),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_are_never_read() {
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "./a",
            "a//b",
            ".git/config",
            "x/.GIT/HEAD",
            "a\\b",
        ] {
            assert!(refused_path(bad).is_some(), "{bad:?}");
        }
        assert_eq!(refused_path("docs/img/a b.png"), None);
        assert_eq!(refused_path(".github/x.yml"), None);
    }

    #[test]
    fn worktree_reads_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, outside) = (dir.path().join("repo"), dir.path().join("outside"));
        std::fs::create_dir_all(repo.join("img")).unwrap();
        std::fs::create_dir_all(repo.join("public")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.png"), "secret").unwrap();
        std::fs::write(repo.join("img/a.png"), "png").unwrap();
        std::fs::write(repo.join("public/b.png"), "site").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.png"), repo.join("img/s.png")).unwrap();
        std::os::unix::fs::symlink(&outside, repo.join("linked")).unwrap();
        std::os::unix::fs::symlink(repo.join("img/a.png"), repo.join("img/in.png")).unwrap();
        let files = RepoFiles::worktree(&repo, &[repo.join("public")], None).unwrap();
        assert_eq!(files.read("img/a.png", 10).unwrap(), b"png");
        assert_eq!(files.read("img/a.png", 2), Err(NotRead::TooLarge(3)));
        assert_eq!(files.probe("img"), Probe::Folder);
        assert_eq!(files.probe("img/none.png"), Probe::Missing);
        for refused in [
            "img/s.png",
            "linked/secret.png",
            "img/in.png",
            "public/b.png",
        ] {
            assert!(
                matches!(files.probe(refused), Probe::Refused(_)),
                "{refused}"
            );
            assert!(files.read(refused, 100).is_err(), "{refused}");
        }
    }

    #[test]
    fn revision_reads_blobs_of_its_own_tree() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let sig = git2::Signature::now("a", "a@example.com").unwrap();
        let blob = repo.blob(b"png").unwrap();
        let mut img = repo.treebuilder(None).unwrap();
        img.insert("a.png", blob, 0o100644).unwrap();
        let link = repo.blob(b"../../../etc/passwd").unwrap();
        img.insert("s.png", link, 0o120000).unwrap();
        let img = img.write().unwrap();
        let mut root = repo.treebuilder(None).unwrap();
        root.insert("img", img, 0o040000).unwrap();
        let tree = repo.find_tree(root.write().unwrap()).unwrap();
        let commit = repo.commit(None, &sig, &sig, "m", &tree, &[]).unwrap();
        let files = RepoFiles::revision(dir.path(), commit).unwrap();
        assert_eq!(files.read("img/a.png", 10).unwrap(), b"png");
        assert_eq!(files.probe("img/a.png"), Probe::File { size: 3 });
        assert_eq!(files.probe("img"), Probe::Folder);
        assert_eq!(files.probe("img/b.png"), Probe::Missing);
        assert!(matches!(files.probe("img/s.png"), Probe::Refused(_)));
        assert_eq!(files.read("img/a.png", 1), Err(NotRead::TooLarge(3)));
    }
}
