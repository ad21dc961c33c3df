//! `hindsight check`: lint every postmortem, or with `--base REV` only those
//! added or changed since REV, and print the findings as text, GitHub
//! workflow commands or JSON. Exit code 1 when there are errors (or
//! warnings with `--deny-warnings`).

use super::corpus::{load_corpus, Corpus, SourceArgs};
use super::progress::Progress;
use crate::check::{self, output, Counts, Finding, Settings};
use crate::model::plural;
use crate::model::Postmortem;
use crate::parse::{Aliases, ParseOptions};
use crate::source::changes::{self, ChangeKind};
use crate::source::join_repo_path;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output format of `hindsight check`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each finding with file:line:column, the rule, the source line underlined and how to fix it
    #[default]
    Text,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the pull request
    Github,
    /// One JSON document for scripts
    Json,
}

/// Options of `hindsight check`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CheckArgs {
    /// Where to read the postmortems from (repository, content folder, revision).
    #[command(flatten)]
    pub source: SourceArgs,
    /// Only check postmortems added or changed since REV (from the merge base of REV and HEAD, as `git diff REV...HEAD`), plus uncommitted changes in the working tree
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with code 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// The day overdue action items count from (YYYY-MM-DD) [default: SOURCE_DATE_EPOCH when set, else today (UTC)]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// List the rules with their levels (after hindsight.toml) and exit
    #[arg(long)]
    pub list_rules: bool,
}

/// One file that was checked.
#[derive(Debug, Clone)]
pub struct Target {
    /// Path relative to the repository root.
    pub path: String,
    /// How it changed since the base; `None` without `--base`.
    pub change: Option<ChangeKind>,
    /// Position in `Corpus::postmortems`; `None` for a file that could not
    /// be read as a postmortem.
    pub doc: Option<usize>,
}

/// What a check found.
pub struct Linted {
    /// Files checked, by path.
    pub targets: Vec<Target>,
    /// Findings, by path, line and column.
    pub findings: Vec<Finding>,
    /// Commit the `--base` diff started from (the merge base).
    pub from: Option<String>,
}

/// Reads files of the tree that was loaded: the working tree, or the
/// revision's git objects.
enum Reader {
    Worktree(PathBuf),
    Tree {
        repo: git2::Repository,
        tree: git2::Oid,
        paths: HashSet<String>,
    },
}

impl Reader {
    /// A reader of the tree `corpus` was loaded from.
    fn new(args: &SourceArgs, corpus: &Corpus) -> Result<Reader> {
        let git = git2::Repository::open(&args.repo).ok();
        match (corpus.git.commit, git) {
            (Some(commit), Some(repo)) => {
                let mut paths = HashSet::new();
                let tree = {
                    let tree = repo.find_commit(commit)?.tree()?;
                    tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                        if e.kind() == Some(git2::ObjectType::Blob) {
                            paths.insert(format!(
                                "{dir}{}",
                                String::from_utf8_lossy(e.name_bytes())
                            ));
                        }
                        git2::TreeWalkResult::Ok
                    })?;
                    tree.id()
                };
                Ok(Reader::Tree { repo, tree, paths })
            }
            (_, git) => Ok(Reader::Worktree(
                git.as_ref()
                    .and_then(|r| r.workdir().map(Path::to_path_buf))
                    .unwrap_or_else(|| args.repo.clone()),
            )),
        }
    }

    fn read(&self, path: &str) -> Option<String> {
        let bytes = match self {
            Reader::Worktree(root) => std::fs::read(root.join(path)).ok()?,
            Reader::Tree { repo, tree, .. } => {
                let tree = repo.find_tree(*tree).ok()?;
                let entry = tree.get_path(Path::new(path)).ok()?;
                repo.find_blob(entry.id()).ok()?.content().to_vec()
            }
        };
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The day overdue items count from: `--as-of`, else `SOURCE_DATE_EPOCH`,
/// else today in UTC.
pub fn today(as_of: Option<&str>) -> Result<chrono::NaiveDate> {
    super::trends::as_of(as_of, Some(chrono::Utc::now().date_naive()))
}

/// Files to check, each with how it changed, and the commit changes are
/// counted from.
type Wanted = (Vec<(String, Option<ChangeKind>)>, Option<String>);

/// The files `check` looks at, each with how it changed, and the commit
/// the changes are counted from: every postmortem and unreadable file, or
/// those changed since `base`.
fn wanted_files(
    corpus: &Corpus,
    source: &SourceArgs,
    base: Option<&str>,
    by_path: &BTreeMap<&str, usize>,
    unreadable: &BTreeMap<String, (Option<usize>, &str)>,
) -> Result<Wanted> {
    Ok(match base {
        None => (
            by_path
                .keys()
                .map(|p| p.to_string())
                .chain(unreadable.keys().cloned())
                .map(|p| (p, None))
                .collect(),
            None,
        ),
        Some(base) => {
            let repo = git2::Repository::open(&source.repo).with_context(|| {
                format!(
                    "{}: --base needs a git repository; run `git init` and commit, or drop --base to check every postmortem",
                    source.repo.display()
                )
            })?;
            // The tree that was loaded: a revision, or the working tree.
            let head = match corpus.git.commit {
                Some(c) => Some(repo.find_commit(c)?),
                None => None,
            };
            let worktree = corpus.git.commit.is_none();
            let content = crate::source::Selector::new(&corpus.config.content, &[], 0, false)
                .map_err(anyhow::Error::msg)?
                .content;
            let changed = changes::since(&repo, base, head.as_ref(), worktree, &content)
                .with_context(|| {
                    format!("--base {base}: in CI, fetch the base branch and full history first (actions/checkout: `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)")
                })?;
            (
                changed
                    .files
                    .into_iter()
                    .filter(|(p, _)| by_path.contains_key(p.as_str()) || unreadable.contains_key(p))
                    .map(|(p, k)| (p, Some(k)))
                    .collect(),
                Some(changed.from),
            )
        }
    })
}

/// The placeholder lines of the built-in template and of the repository's
/// own template file, if it has one: text `check` reports as unfilled.
fn template_placeholders(
    corpus: &Corpus,
    reader: &Reader,
    opts: &ParseOptions,
) -> Vec<(crate::model::Canonical, String)> {
    let builtin =
        crate::parse::parse_file("template.md", super::scaffold::TEMPLATE.as_bytes(), opts);
    let own_path = join_repo_path(&corpus.config.content, super::scaffold::TEMPLATE_FILE);
    let own = reader
        .read(&own_path)
        .and_then(|t| crate::parse::parse_file(&own_path, t.as_bytes(), opts).ok());
    builtin
        .ok()
        .iter()
        .chain(own.iter())
        .flat_map(check::placeholders)
        .collect()
}

/// Whether a repository path exists in what was loaded. Not `reader`
/// itself: git2 handles are not `Sync`, and the rules run in parallel.
fn exists_fn(reader: &Reader) -> Box<dyn Fn(&str) -> bool + Sync + '_> {
    match reader {
        Reader::Worktree(root) => {
            let root = root.clone();
            Box::new(move |p: &str| !p.is_empty() && root.join(p).exists())
        }
        Reader::Tree { paths, .. } => Box::new(move |p: &str| paths.contains(p)),
    }
}

/// Lints the corpus: every postmortem, or those changed since `base`.
pub fn lint(
    corpus: &Corpus,
    source: &SourceArgs,
    base: Option<&str>,
    today: chrono::NaiveDate,
    scope: check::Scope,
) -> Result<Linted> {
    let settings = Settings::from_config(&corpus.config.check)?;
    let reader = Reader::new(source, corpus)?;
    let by_path: BTreeMap<&str, usize> = corpus
        .postmortems
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    // Files that could not be read as postmortems.
    let unreadable: BTreeMap<String, (Option<usize>, &str)> = corpus
        .report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), (s.line, s.reason.as_str())))
        .collect();

    let (wanted, from) = wanted_files(corpus, source, base, &by_path, &unreadable)?;

    let opts = ParseOptions {
        aliases: Aliases::new(&corpus.config.aliases).0,
        headings: crate::parse::headings::Headings::new(&corpus.config.sections).0,
        severities: super::corpus::severity_scale(&corpus.config),
    };
    let placeholders = template_placeholders(corpus, &reader, &opts);
    let exists = exists_fn(&reader);
    let mut ctx = check::Context::new(
        &corpus.postmortems,
        &settings,
        today,
        &*exists,
        &opts.aliases,
    );
    ctx.placeholders = placeholders;
    ctx.repo_url = corpus.config.repo_url.is_some();

    let mut targets = Vec::new();
    let mut jobs: Vec<(&Postmortem, String)> = Vec::new();
    let mut findings = Vec::new();
    for (path, change) in wanted {
        let doc = by_path.get(path.as_str()).copied();
        match doc {
            Some(i) => {
                let pm = &corpus.postmortems[i];
                let text = reader
                    .read(&pm.path)
                    .with_context(|| format!("{}: cannot read", pm.path))?;
                jobs.push((pm, text));
            }
            None => {
                if let Some((line, reason)) = unreadable.get(&path) {
                    findings.extend(check::check_unreadable(&path, *line, reason, &settings));
                }
            }
        }
        targets.push(Target { path, change, doc });
    }
    let linted: Vec<Vec<Finding>> = jobs
        .par_iter()
        .map(|(pm, text)| check::check_postmortem_in(pm, text, &ctx, scope))
        .collect();
    findings.extend(linted.into_iter().flatten());
    findings.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    targets.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Linted {
        targets,
        findings,
        from,
    })
}

/// Runs `hindsight check` and returns the exit code.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let corpus = load_corpus(&args.source, None, &Progress::silent())?;
    let mut out = std::io::stdout().lock();
    if args.list_rules {
        let settings = Settings::from_config(&corpus.config.check)?;
        for r in check::Rule::ALL {
            let level = match settings.level(*r) {
                check::RuleLevel::Error => "error",
                check::RuleLevel::Warning => "warning",
                check::RuleLevel::Off => "off",
            };
            writeln!(out, "{:<22} {:<8} {}", r.id(), level, r.summary())?;
        }
        return Ok(0);
    }
    let today = today(args.as_of.as_deref())?;
    let linted = lint(
        &corpus,
        &args.source,
        args.base.as_deref(),
        today,
        check::Scope::All,
    )?;
    let counts = Counts::of(&linted.findings);
    let checked: Vec<String> = linted.targets.iter().map(|t| t.path.clone()).collect();
    match args.format {
        Format::Text => {
            let color = crate::color::color_enabled(crate::color::Stream::Stdout);
            write!(out, "{}", output::text(&linted.findings, color))?;
        }
        Format::Github => write!(out, "{}", output::github(&linted.findings))?,
        Format::Json => write!(out, "{}", output::json(&linted.findings, &checked))?,
    }
    if args.base.is_none() {
        if let Some(w) = corpus.nothing_found(&args.source.repo) {
            eprintln!("warning: {w}");
        }
    }
    let mut scope = plural(checked.len(), "postmortem", "postmortems");
    if let Some(base) = &args.base {
        scope.push_str(&format!(" changed since {base}"));
    }
    eprintln!(
        "hindsight check: {}, {} in {scope}",
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
    );
    let fail = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    Ok(i32::from(fail))
}
