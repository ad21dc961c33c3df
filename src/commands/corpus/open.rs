//! The first stage: open the repository, resolve the revision, read the
//! configuration from the same tree and set up what every later stage
//! shares (the file selector, the lexicon, the build cache).

use super::args::SourceArgs;
use crate::analyze::lexicon::Lexicon;
use crate::cache::Cache;
use crate::config::Config;
use crate::source::{self, revision, Selector};
use anyhow::{Context, Result};
use git2::{Oid, Repository};
use std::path::{Path, PathBuf};

/// The repository opened as the flags say.
pub(super) struct Opened {
    pub repo_dir: PathBuf,
    /// `None` outside git.
    pub git: Option<Repository>,
    /// The revision built (`--rev`, or HEAD of a bare repository); `None`
    /// for the working tree.
    pub commit: Option<Oid>,
    /// `--rev` as given, for the build's source label.
    pub rev: Option<String>,
    pub config: Config,
    /// The built-in concepts with the team's `[lexicon]`.
    pub lexicon: Lexicon,
    pub selector: Selector,
    /// The build cache (disabled outside git and with --no-cache).
    pub cache: Cache,
}

impl Opened {
    /// Opens `args.repo`; `out` overrides the output folder and `check`
    /// sees the configuration before anything else is read.
    pub(super) fn open(
        args: &SourceArgs,
        out: Option<&Path>,
        check: &dyn Fn(&Config) -> Result<()>,
    ) -> Result<Opened> {
        let repo_dir = &args.repo;
        if !repo_dir.exists() {
            anyhow::bail!("{}: repository folder not found", repo_dir.display());
        }
        let git = Repository::open(repo_dir).ok();
        let commit = revision_of(args, git.as_ref())?;
        // With --rev the configuration comes from the same revision, so a
        // tag always builds the same way.
        let mut config = match (commit, &git) {
            (Some(c), Some(repo)) => config_at(repo, &repo.find_commit(c)?)?,
            _ => Config::load(repo_dir)?,
        };
        if let Some(c) = &args.content {
            config.content = c.clone();
        }
        config.exclude.extend(args.exclude.iter().cloned());
        if let Some(o) = out {
            config.out = o.to_string_lossy().into_owned();
        }
        check(&config)?;
        let lexicon = Lexicon::with_team(&config.lexicon)?;
        let selector = Selector::new(
            &config.content,
            &config.exclude,
            config.max_file_bytes,
            config.extensionless_markdown,
        )
        .map_err(anyhow::Error::msg)
        .context("hindsight.toml / --exclude")?;
        let cache = match &git {
            Some(repo) if !args.no_cache => Cache::in_git_dir(repo.path()),
            _ => Cache::disabled(),
        };
        Ok(Opened {
            repo_dir: repo_dir.clone(),
            git,
            commit,
            rev: args.rev.clone(),
            config,
            lexicon,
            selector,
            cache,
        })
    }

    /// The repository and the commit built, with `--rev` (or a bare repository).
    pub(super) fn revision(&self) -> Option<(&Repository, git2::Commit<'_>)> {
        let repo = self.git.as_ref()?;
        Some((repo, repo.find_commit(self.commit?).ok()?))
    }

    /// The folder files are read from outside a revision: the working
    /// tree, or the repository folder itself outside git.
    pub(super) fn worktree_root(&self) -> PathBuf {
        self.git
            .as_ref()
            .and_then(|r| r.workdir().map(Path::to_path_buf))
            .unwrap_or_else(|| self.repo_dir.clone())
    }

    /// The commit the build treats as HEAD: the revision, else HEAD.
    pub(super) fn head(&self) -> Option<Oid> {
        match (self.commit, &self.git) {
            (Some(c), Some(_)) => Some(c),
            (None, Some(r)) => r.head().ok().and_then(|h| h.target()),
            _ => None,
        }
    }

    /// The checked-out branch (`None` when HEAD is detached or outside git).
    pub(super) fn head_branch(&self) -> Option<String> {
        self.git
            .as_ref()
            .and_then(|r| r.head().ok())
            .map(|h| String::from_utf8_lossy(h.shorthand_bytes()).into_owned())
            .filter(|b| b != "HEAD")
    }
}

fn revision_of(args: &SourceArgs, git: Option<&Repository>) -> Result<Option<Oid>> {
    Ok(match (&args.rev, git) {
        (Some(rev), Some(repo)) => Some(revision::resolve(repo, rev)?.id()),
        (Some(_), None) => {
            return Err(source::SourceError::NotARepo {
                repo: args.repo.display().to_string(),
                message: "no .git found".into(),
            }
            .into())
        }
        // A bare repository has no working tree: build what HEAD points at.
        (None, Some(repo)) if repo.is_bare() => Some(revision::resolve(repo, "HEAD")?.id()),
        (None, _) => None,
    })
}

/// hindsight.toml as stored in the commit's tree (defaults if absent).
fn config_at(repo: &Repository, commit: &git2::Commit<'_>) -> Result<Config> {
    let tree = commit.tree()?;
    let Ok(entry) = tree.get_path(Path::new(crate::config::FILE_NAME)) else {
        return Ok(Config::default());
    };
    let blob = repo.find_blob(entry.id())?;
    let text = String::from_utf8_lossy(blob.content());
    Ok(Config::parse(
        &text,
        Path::new(&format!(
            "{}:{}",
            &commit.id().to_string()[..10],
            crate::config::FILE_NAME
        )),
    )?)
}

/// The severity scale of `[check] severities`, as written.
pub fn severity_scale(config: &Config) -> Vec<String> {
    config
        .check
        .severities
        .iter()
        .flatten()
        .map(|s| s.value.clone())
        .collect()
}

/// Output folder: relative paths are relative to the repository folder.
pub fn output_dir(repo_dir: &Path, config: &Config) -> PathBuf {
    let out = Path::new(&config.out);
    if out.is_absolute() {
        out.to_path_buf()
    } else {
        repo_dir.join(out)
    }
}
