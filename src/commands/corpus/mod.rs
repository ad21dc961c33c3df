//! Load and parse a repository into a [`Corpus`]: the first half of the
//! pipeline, shared by every command that reads postmortems (build, search,
//! trends). [`load_corpus_checked`] names its stages in order: open, load,
//! parse, history, done dates, finish; each is a module here.

mod args;
mod done_dates;
mod files;
mod finish;
mod git_history;
mod open;
mod parse_files;

use super::progress::Progress;
use crate::cache::{self, docs::DocCache, Cache};
use crate::config::Config;
use crate::model::{Diagnostic, Postmortem};
use crate::parse;
use crate::source::{self, Skipped};
use anyhow::Result;
pub use args::SourceArgs;
use git_history::HistorySource;
use open::Opened;
pub use open::{output_dir, severity_scale};
use std::path::Path;

/// Everything loaded and parsed, before rendering (shared with other commands).
pub struct Corpus {
    /// hindsight.toml as read, with defaults for what it does not set.
    pub config: Config,
    /// The built-in concepts with the team's `[lexicon]` from hindsight.toml.
    pub lexicon: crate::analyze::lexicon::Lexicon,
    /// Every postmortem read, in corpus order: document numbers index it.
    pub postmortems: Vec<Postmortem>,
    /// The user's theme files, from the same tree as the postmortems.
    pub theme: Option<source::theme_files::ThemeFiles>,
    /// Reading lists (`reading-lists/*.toml`), parsed, in file order.
    pub reading_lists: Vec<parse::reading_list::ReadingListDoc>,
    /// The build cache (disabled outside git and with --no-cache).
    pub cache: Cache,
    /// Per postmortem (same order), a fingerprint of everything it is built
    /// from: path, content, id, history and diagnostics. Empty without a cache.
    pub doc_fingerprints: Vec<cache::Fingerprint>,
    /// What git says about the tree built.
    pub git: GitFacts,
    /// What loading found besides the postmortems, for the build's report.
    pub report: LoadReport,
}

/// What git says about the tree built.
pub struct GitFacts {
    /// "working tree" or "revision REV (abbreviated id)".
    pub source_label: String,
    /// The checked-out branch (`None` when detached or outside git).
    pub head_branch: Option<String>,
    /// Only part of history was fetched.
    pub shallow: bool,
    /// Commits read.
    pub commits: usize,
    /// The revision loaded; `None` for the working tree.
    pub commit: Option<git2::Oid>,
    /// Committer date of the commit built (HEAD for the working tree): the
    /// day "now" means in the output, so a revision always builds the same.
    pub head_date: Option<chrono::NaiveDate>,
}

/// What loading found besides the postmortems.
pub struct LoadReport {
    /// Files that could not be read as postmortems, and why.
    pub skipped: Vec<Skipped>,
    /// Files excluded by `exclude` patterns.
    pub excluded: Vec<String>,
    /// Markdown files in folders that are not searched, and why.
    pub not_read: Vec<Skipped>,
    /// Problems of the build as a whole (configuration, history, git).
    pub warnings: Vec<String>,
    /// Problems with file and line outside the postmortems (reading lists).
    pub diagnostics: Vec<Diagnostic>,
    /// Postmortems taken from the build cache instead of being parsed.
    pub from_cache: usize,
}

impl Corpus {
    /// When no postmortem was found (and none was skipped): what to run, as
    /// a warning. `repo_dir` is where other Markdown folders are looked for.
    pub fn nothing_found(&self, repo_dir: &Path) -> Option<String> {
        if !self.postmortems.is_empty() || !self.report.skipped.is_empty() {
            return None;
        }
        // Folders of Markdown are worth naming only when the build read none.
        let others = match self.git.commit {
            None => source::content_hint::folders(repo_dir),
            Some(_) => Vec::new(),
        };
        let elsewhere = if others.is_empty() {
            String::new()
        } else {
            format!(
                "; or, if they are elsewhere: {}",
                source::content_hint::suggest(repo_dir)
            )
        };
        Some(format!(
            "{}: no postmortems found (README.md, files starting with `_` and excluded files are not postmortems): \
             write the first one with `hindsight new \"Checkout errors after deploy\"`{elsewhere}",
            self.config.content
        ))
    }
}

/// Loads and parses the repository as `args` say (no rendering). `out` is
/// the output folder to keep out of the content (it may sit inside it).
pub fn load_corpus(args: &SourceArgs, out: Option<&Path>, progress: &Progress) -> Result<Corpus> {
    load_corpus_checked(args, out, progress, &|_| Ok(()))
}

/// [`load_corpus`], calling `check` on the configuration before anything is
/// read or written (the build refuses a dangerous output folder there).
pub fn load_corpus_checked(
    args: &SourceArgs,
    out: Option<&Path>,
    progress: &Progress,
    check: &dyn Fn(&Config) -> Result<()>,
) -> Result<Corpus> {
    progress.stage("Reading postmortems");
    let src = Opened::open(args, out, check)?;
    let stage = tracing::info_span!("load").entered();
    let mut warnings = Vec::new();
    let mut history = HistorySource::start(&src, &mut warnings)?;
    let setup = parse_files::ParseSetup::new(&src.config);
    let t0 = tracing::debug_span!("load/parsed-corpus cache").entered();
    let mut docs = DocCache::load(&src.cache, setup.key);
    drop(t0);
    let (loaded, source_label) = files::load(&src, &docs)?;
    warnings.extend(loaded.warnings.iter().cloned());
    warnings.extend(undescribed(&src, &history, &loaded));
    let side = files::side_files(&src)?;
    warnings.extend(git_warning(&src, &history));
    warnings.extend(setup.warnings.iter().cloned());
    drop(stage);
    let stage = tracing::info_span!("parse").entered();

    progress.stage(&format!("Parsing {} files", loaded.files.len()));
    files::save_stats(&src, &loaded);
    let parse_files::Parsed {
        mut postmortems,
        skipped,
        mut keys,
        reused,
    } = parse_files::parse(&loaded, &mut docs, &setup.opts);
    drop(stage);
    let stage = tracing::info_span!("history").entered();

    progress.stage("Reading git history (one pass over all commits)");
    let blobs = git_history::blobs_of(&loaded);
    let report = history.read(&src, &blobs, &mut postmortems, &mut warnings)?;
    drop(stage);
    let stage = tracing::info_span!("done_at").entered();
    if let Some((repo, _)) = history.at(&src) {
        progress.stage("Dating ticked action items from history");
        // Items are dated again only when the file's revisions changed.
        let stale = git_history::stale_done_dates(&postmortems, &mut keys);
        done_dates::date_action_items(repo, &mut postmortems, &setup.opts, &blobs, &stale);
    }
    // A described history's throwaway repository is removed here.
    drop(history);
    drop(stage);
    let stage = tracing::info_span!("cache").entered();

    let live: Vec<_> = postmortems
        .iter()
        .filter_map(|pm| keys.get(&pm.path).map(|(k, d)| (*k, *d, pm)))
        .collect();
    let _ = docs.save(&src.cache, &live);
    drop(live);
    drop(stage);
    let doc_fingerprints = finish::finish(&mut postmortems, &keys, src.cache.enabled());
    let head_branch = src.head_branch();
    Ok(Corpus {
        lexicon: src.lexicon,
        postmortems,
        theme: side.theme,
        reading_lists: side.reading_lists,
        doc_fingerprints,
        git: GitFacts {
            source_label,
            head_branch,
            shallow: report.shallow,
            commits: report.commits,
            commit: src.commit,
            head_date: report.head_date,
        },
        report: LoadReport {
            skipped,
            excluded: loaded.excluded,
            not_read: loaded.not_read,
            warnings,
            diagnostics: side.diagnostics,
            from_cache: reused,
        },
        cache: src.cache,
        config: src.config,
    })
}

/// Postmortems a described history does not name: built with no history.
fn undescribed(src: &Opened, history: &HistorySource, loaded: &source::Loaded) -> Vec<String> {
    let (Some(paths), Some(file)) = (history.described_paths(), &src.config.history) else {
        return Vec::new();
    };
    loaded
        .files
        .iter()
        .filter(|f| !paths.contains(&f.path))
        .map(|f| {
            format!(
                "{}: not in the described history ({file}), so its dates and contributors are unknown: \
                 describe it there with an `add {}` commit",
                f.path, f.path
            )
        })
        .collect()
}

/// What history cannot be read from, and what to run.
fn git_warning(src: &Opened, history: &HistorySource) -> Option<String> {
    if history.described_paths().is_some() {
        return None;
    }
    if src.git.is_none() {
        return Some(format!(
            "{}: not a git repository: created/updated dates and contributors are unknown; \
             run `git init && git add -A && git commit -m \"Postmortems\"` to have them",
            src.repo_dir.display()
        ));
    }
    src.head()
        .is_none()
        .then(|| "the repository has no commits yet: every postmortem is uncommitted".into())
}
