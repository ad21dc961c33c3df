//! Where postmortems come from: the working tree ([`worktree`]), a revision's
//! git objects ([`revision`]), and what history says about each file
//! ([`history`]). Knows nothing of parsing or rendering.

pub mod changes;
pub mod commit_diff;
pub mod content_hint;
pub mod described_history;
pub mod files;
pub mod history;
pub mod reading_lists;
pub mod revision;
pub mod selector;
pub mod stat;
pub mod theme_files;
pub mod worktree;

pub use selector::{folder_verdict, FolderVerdict, Selector};

/// One candidate postmortem file, read but not parsed.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// The content; empty when `cached`.
    pub bytes: Vec<u8>,
    /// Git blob id of the content (computed for working-tree files).
    pub blob: String,
    /// Not read: the build cache already holds this path and blob parsed.
    pub cached: bool,
    /// Size, time and inode of a working-tree file, for the next build.
    pub stat: Option<stat::Stat>,
}

/// Asks the build cache whether a file need not be read: for a working-tree
/// file by path and metadata (answering its blob id), for a revision by
/// path and blob id (answering it again).
pub type Known<'a> = dyn Fn(&str, KnownBy<'_>) -> Option<String> + Sync + 'a;

/// What [`Known`] is asked with.
#[derive(Debug, Clone, Copy)]
pub enum KnownBy<'a> {
    /// Asked by a working-tree file's metadata; the answer is its blob id.
    Stat(&'a stat::Stat),
    /// Asked by a revision's blob id; the answer is that id again.
    Blob(&'a str),
}

/// A [`Known`] that knows nothing (no cache).
pub fn nothing_known(_: &str, _: KnownBy<'_>) -> Option<String> {
    None
}

/// A file under the content folder that will not be built, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Path relative to the repository, with `/` separators.
    pub path: String,
    /// The line the problem is on, when it has one (malformed front matter).
    pub line: Option<usize>,
    /// Why the file is not built, and what to do about it.
    pub reason: String,
}

impl Skipped {
    /// A file skipped as a whole.
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Skipped {
        Skipped {
            path: path.into(),
            line: None,
            reason: reason.into(),
        }
    }

    /// `path:line`, or the path alone.
    pub fn location(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}", self.path),
            None => self.path.clone(),
        }
    }
}

/// Everything a load found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Sorted by path.
    pub files: Vec<SourceFile>,
    /// Markdown files that could not be read.
    pub skipped: Vec<Skipped>,
    /// Markdown files left out by an `exclude` pattern.
    pub excluded: Vec<String>,
    /// Markdown files in folders that are not searched (hidden, dependency
    /// and build folders, folders behind symbolic links), with the reason:
    /// named in the summary, not errors.
    pub not_read: Vec<Skipped>,
    /// Problems that concern the load as a whole (e.g. not a git repository).
    pub warnings: Vec<String>,
}

/// Errors that stop a load.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// `hint` says what to pass instead (folders that hold Markdown).
    #[error("{path}: content folder not found; {hint}")]
    ContentMissing {
        /// The content folder's path as looked for.
        path: String,
        /// What to pass instead.
        hint: String,
    },
    /// The content folder (`..` in its path, or a symbolic link) resolves
    /// outside the repository: reading it could publish any file on the
    /// machine that builds the site.
    #[error("{path}: content folder resolves to {target}, outside the repository; set `content` to a folder inside it")]
    ContentOutside {
        /// The content folder's path as configured.
        path: String,
        /// Where it resolves to.
        target: String,
    },
    /// The revision given with `--rev` does not resolve in the repository.
    #[error("revision `{rev}` not found in {repo}: {message}")]
    RevNotFound {
        /// The revision as given.
        rev: String,
        /// The repository's path.
        repo: String,
        /// What git said.
        message: String,
    },
    /// `--rev` was given, but the folder is not a git repository.
    #[error("{repo}: not a git repository (needed for --rev): {message}; build the working tree without --rev, or run `git init` and commit first")]
    NotARepo {
        /// The folder's path.
        repo: String,
        /// What git said.
        message: String,
    },
    /// The theme folder is outside the repository or reached through a link.
    #[error("{path}: theme not read: {reason}")]
    ThemeRefused {
        /// The theme folder as configured.
        path: String,
        /// Why it is refused, and what to set instead.
        reason: String,
    },
    /// Reading the repository through git failed.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that could not be read.
        path: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
}

/// `a/b` joined with `c` as a repository path (no leading `./`).
pub fn join_repo_path(dir: &str, name: &str) -> String {
    let dir = dir.trim_matches('/');
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Git blob id of bytes, as git would compute it for the file.
pub fn blob_id(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map(|o| o.to_string())
        .unwrap_or_default()
}
