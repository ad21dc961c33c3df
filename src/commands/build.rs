//! `hindsight build`: load → parse → render → write, and a summary that
//! accounts for every Markdown file under the content folder.

use super::corpus::{load_corpus_checked, output_dir};
pub use super::corpus::{Corpus, SourceArgs};
use super::progress::Progress;
use crate::controls::printable;
use crate::model::{Diagnostic, Level};
use crate::site::{self, out_guard::Origin, theme::Theme, SiteInput};
use crate::source::Skipped;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Options of `hindsight build`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BuildArgs {
    /// Where to read the postmortems from (repository, content folder, revision).
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output folder [default: from hindsight.toml, else public]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print only the summary and errors
    #[arg(long, short)]
    pub quiet: bool,
}

/// What a build did, file by file.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// The output folder written.
    pub out: PathBuf,
    /// Postmortems built.
    pub built: usize,
    /// Of those, postmortems with warnings but no errors.
    pub with_warnings: usize,
    /// Of those, postmortems with errors.
    pub with_errors: usize,
    /// Files that could not be read as postmortems, and why.
    pub skipped: Vec<Skipped>,
    /// Files left out by `exclude` patterns.
    pub excluded: Vec<String>,
    /// Markdown files in folders that are not searched, and why.
    pub not_read: Vec<Skipped>,
    /// Problems with file and line: the postmortems', reading lists', references'.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems of the build as a whole (configuration, history, cache, nothing found).
    pub warnings: Vec<String>,
    /// Commits read from git history.
    pub commits: usize,
    /// Errors outside the postmortems: reading lists, `[featured]`.
    pub other_errors: usize,
    /// Whether a build cache was used, and how many postmortems came from it.
    pub cache: Option<usize>,
    /// Files written, unchanged and deleted in the output.
    pub written: site::output::Written,
    /// Errors `hindsight check` reports in the postmortems built. They do
    /// not fail the build (the site shows what could be read).
    pub check_errors: Vec<Diagnostic>,
}

impl BuildReport {
    /// Exit code: 1 when any postmortem had errors or was skipped, or a
    /// reading list or `[featured]` has an error.
    pub fn exit_code(&self) -> i32 {
        if self.with_errors > 0 || !self.skipped.is_empty() || self.other_errors > 0 {
            1
        } else {
            0
        }
    }
}

/// Refuses an output folder the site must not replace (see
/// [`site::out_guard`]): the repository, its git folder, the postmortems, or
/// a folder that holds anything but an earlier site.
fn check_out_dir(config: &crate::config::Config, repo_dir: &Path, origin: Origin) -> Result<()> {
    let git = git2::Repository::open(repo_dir).ok();
    let repo = site::out_guard::Repo {
        dir: git.as_ref().and_then(|r| r.workdir()).unwrap_or(repo_dir),
        git_dir: git.as_ref().map(|r| r.path()),
        content: &config.content,
    };
    let out = output_dir(repo_dir, config);
    site::out_guard::check(&config.out, &out, origin, &repo)?;
    Ok(())
}

/// What the analyze stage gives the renderer.
struct Analysis {
    related: crate::analyze::related::Related,
    clusters: crate::analyze::clusters::Clusters,
    club: crate::analyze::club::Club,
    club_diagnostics: Vec<crate::model::Diagnostic>,
    trends: crate::analyze::trends::Trends,
}

/// Analyzes the corpus: related incidents, clusters, reading club, trends.
fn analyze(corpus: &Corpus, progress: &Progress) -> Result<Analysis> {
    progress.stage("Indexing for search, finding related incidents");
    let stage = tracing::info_span!("related").entered();
    let (pms, cache) = (&corpus.postmortems, &corpus.cache);
    let (related, related_key) =
        crate::cache::related::compute(pms, &corpus.doc_fingerprints, cache, &corpus.lexicon);
    drop(stage);
    let stage = tracing::info_span!("clusters").entered();
    let clusters =
        crate::cache::related::clusters(pms, &related, related_key, cache, &corpus.lexicon);
    drop(stage);
    let stage = tracing::info_span!("trends").entered();
    let (club, club_diagnostics) =
        crate::analyze::club::analyze(&corpus.postmortems, &corpus.config, &corpus.reading_lists);
    let trends = crate::analyze::trends::compute(
        &corpus.postmortems,
        &related,
        &clusters,
        super::trends::as_of(None, corpus.git.head_date)?,
    );
    drop(stage);
    Ok(Analysis {
        related,
        clusters,
        club,
        club_diagnostics,
        trends,
    })
}

/// Where references to files go, reading them from the tree the
/// postmortems came from (see [`site::assets`]).
fn plan_assets(corpus: &Corpus, repo_dir: &Path, out: &Path) -> Result<site::assets::Assets> {
    let git = git2::Repository::open(repo_dir).ok();
    let files = match (corpus.git.commit, &git) {
        (Some(commit), Some(repo)) => {
            crate::source::files::RepoFiles::revision(repo.path(), commit)?
        }
        _ => crate::source::files::RepoFiles::worktree(
            git.as_ref().and_then(|r| r.workdir()).unwrap_or(repo_dir),
            &[out.to_path_buf()],
            git.as_ref().map(|r| r.path()),
        )?,
    };
    // A revision is linked as built, unless a branch is named.
    let (config, branch) = (&corpus.config, corpus.git.head_branch.as_deref());
    let at = corpus
        .git
        .commit
        .map_or("main".to_string(), |c| c.to_string());
    let (branch, at) = match corpus.git.commit {
        Some(_) => (None, at.as_str()),
        None => (branch, "main"),
    };
    let blob = |path: &str| config.blob_link(path, branch, at).unwrap_or_default();
    let blob: Option<&(dyn Fn(&str) -> String + Sync)> =
        config.repo_url.is_some().then_some(&blob as _);
    Ok(site::assets::plan(&corpus.postmortems, &files, blob))
}

/// Runs a full build and writes the site: load and parse, then analysis
/// and rendering beside the search index, then writing, then the report.
pub fn run(args: &BuildArgs) -> Result<BuildReport> {
    let _whole = tracing::info_span!("whole run").entered();
    let progress = Progress::for_build(args.quiet);
    let origin = if args.out.is_some() {
        Origin::CommandLine
    } else {
        Origin::Config
    };
    let repo = &args.source.repo;
    let corpus = load_corpus_checked(&args.source, args.out.as_deref(), &progress, &|config| {
        check_out_dir(config, repo, origin)
    })?;
    let out = output_dir(repo, &corpus.config);
    // Two builds into one folder at once would mix their files.
    let _lock = site::out_guard::lock(&out, &|| {
        progress.stage(&format!(
            "Waiting for another build writing {}",
            out.display()
        ))
    })?;
    let t0 = tracing::debug_span!("theme").entered();
    let theme = Theme::load(corpus.theme.as_ref())?;
    drop(t0);
    let mut built = render(args, &corpus, &theme, &out, &progress)?;
    progress.stage(&format!("Writing {} files", built.files.len()));
    let stage = tracing::info_span!("write").entered();
    let written = write(&corpus, &out, &built)?;
    drop(stage);
    progress.finish();
    let report = report(&corpus, repo, out, &mut built, written);
    // Freeing ten thousand parsed postmortems and the rendered site takes a
    // noticeable fraction of a rebuild; nothing waits for it (the process
    // may exit first).
    let garbage = (corpus, built);
    std::thread::spawn(move || drop(garbage));
    Ok(report)
}

/// What analysis and rendering made, and what ran beside them.
struct Built {
    analysis: Analysis,
    /// What the previous build left (the spare folder's listing).
    reuse: site::reuse::Reuse,
    /// Memoized bytes of postmortems.json.
    export: crate::cache::memo::Memo,
    files: Vec<site::OutputFile>,
    gzip: Option<crate::cache::gzip::GzipMemo>,
    /// The search index's counts: not read, kept so they are freed with
    /// the rest off the main thread.
    _terms: Option<crate::analyze::bm25::IndexCounts>,
    asset_diagnostics: Vec<Diagnostic>,
    linted: Result<Vec<Diagnostic>>,
    /// Why the feeds have no absolute links, if they have none.
    base_url_warning: Option<String>,
}

/// Analyzes and renders the site. Four things run at once, each mostly on
/// its own core or disk: the search index (counts → postings → shards),
/// the check rules, what the previous build left (the spare folder's
/// listing, memoized bytes) with the assets, and analysis followed by the
/// pages, which need the others' results last.
fn render(
    args: &BuildArgs,
    corpus: &Corpus,
    theme: &Theme,
    out: &Path,
    progress: &Progress,
) -> Result<Built> {
    let config = &corpus.config;
    let head_branch = corpus.git.head_branch.clone();
    let edit_link = move |path: &str| config.edit_link(path, head_branch.as_deref());
    let base_url = site::feeds::base_url(config.base_url.as_deref());
    std::thread::scope(|s| {
        let search = s.spawn(|| super::search_index::make(corpus));
        let lint = s.spawn(|| check_errors(corpus, &args.source));
        let assets = s.spawn(|| {
            let t0 = tracing::debug_span!("assets", what = "beside analysis").entered();
            let assets = plan_assets(corpus, &args.source.repo, out);
            drop(t0);
            assets
        });
        let previous = s.spawn(|| {
            let t0 = tracing::debug_span!("previous build", what = "beside analysis").entered();
            let previous = (
                site::reuse::Reuse::plan(out, &corpus.cache),
                crate::cache::memo::Memo::load(&corpus.cache, "export"),
            );
            drop(t0);
            previous
        });
        let analysis = analyze(corpus, progress)?;
        let stage = tracing::info_span!("plan").entered();
        let (reuse, export) = previous
            .join()
            .expect("reading the previous build never panics");
        let assets = assets.join().expect("reading assets never panics")?;
        drop(stage);
        let stage = tracing::info_span!("render").entered();
        let input = SiteInput {
            title: &config.title,
            postmortems: &corpus.postmortems,
            edit_link: &edit_link,
            source_label: corpus.git.source_label.clone(),
            notice: corpus.git.shallow.then(|| {
                "Built from a shallow clone: created/updated dates and contributors may be incomplete."
                    .to_string()
            }),
            related: &analysis.related,
            clusters: &analysis.clusters,
            club: &analysis.club,
            base_url: base_url.as_deref().ok(),
            trends: &analysis.trends,
            reuse: &reuse,
            export: &export,
            doc_fingerprints: &corpus.doc_fingerprints,
            assets: &assets,
            language: &config.language,
            ticket_url: config.ticket_url.as_deref(),
            page_size: config.list_page_size.get(),
        };
        progress.stage(&format!(
            "Rendering {} postmortems",
            corpus.postmortems.len()
        ));
        let mut rest = None;
        let files = site::render(&input, theme, || {
            let (files, gzip, terms) = search.join().expect("the search index never panics");
            rest = Some((gzip, terms));
            files
        })?;
        drop(input);
        drop(stage);
        let (gzip, terms) = rest.expect("render asks for the search files");
        Ok(Built {
            analysis,
            reuse,
            export,
            files,
            gzip,
            _terms: terms,
            asset_diagnostics: assets.diagnostics,
            linted: lint.join().expect("the lint rules never panic"),
            base_url_warning: base_url.err(),
        })
    })
}

/// Writes the site; the memos go to the build cache meanwhile.
fn write(corpus: &Corpus, out: &Path, built: &Built) -> Result<site::output::Written> {
    Ok(std::thread::scope(|s| {
        s.spawn(|| {
            let t0 = tracing::debug_span!("write/memos", what = "beside the site").entered();
            if let Some(gzip) = &built.gzip {
                gzip.save(&corpus.cache);
            }
            built.export.save(&corpus.cache);
            drop(t0);
        });
        site::output::write_site(out, &built.files, &built.reuse)
    })?)
}

/// What the build says when it is done: counts, warnings and every problem
/// with its file and line, in file order.
fn report(
    corpus: &Corpus,
    repo: &Path,
    out: PathBuf,
    built: &mut Built,
    written: site::output::Written,
) -> BuildReport {
    let mut report = BuildReport {
        out,
        skipped: corpus.report.skipped.clone(),
        excluded: corpus.report.excluded.clone(),
        not_read: corpus.report.not_read.clone(),
        warnings: corpus.report.warnings.clone(),
        commits: corpus.git.commits,
        cache: corpus.cache.enabled().then_some(corpus.report.from_cache),
        written,
        ..Default::default()
    };
    for pm in &corpus.postmortems {
        report.built += 1;
        if pm.has_errors() {
            report.with_errors += 1;
        } else if !pm.diagnostics.is_empty() {
            report.with_warnings += 1;
        }
        report.diagnostics.extend(pm.diagnostics.iter().cloned());
    }
    match std::mem::replace(&mut built.linted, Ok(Vec::new())) {
        Ok(errors) => report.check_errors = errors,
        Err(e) => report
            .warnings
            .push(format!("the check rules could not run: {e:#}")),
    }
    report.warnings.extend(corpus.nothing_found(repo));
    report.warnings.extend(built.base_url_warning.take());
    report.warnings.extend(corpus.cache.save_warning());
    let club = std::mem::take(&mut built.analysis.club_diagnostics);
    report.other_errors = corpus
        .report
        .diagnostics
        .iter()
        .chain(&club)
        .filter(|d| d.level == Level::Error)
        .count();
    report
        .diagnostics
        .extend(corpus.report.diagnostics.iter().cloned());
    report.diagnostics.extend(club);
    // References the site cannot serve: warnings, the site is complete.
    report
        .diagnostics
        .extend(std::mem::take(&mut built.asset_diagnostics));
    report
        .diagnostics
        .sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    report
        .skipped
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    report
}

/// The errors `hindsight check` reports about what the build read from
/// the postmortems (severity, dates, start and end, the timeline, parse
/// problems: [`crate::check::Scope::Parsed`], the same engine and
/// settings), as diagnostics with the rule's id.
fn check_errors(corpus: &Corpus, source: &SourceArgs) -> Result<Vec<Diagnostic>> {
    let t0 = tracing::debug_span!("check rules", what = "beside the index").entered();
    let today = super::check::today(None)?;
    let scope = crate::check::Scope::Parsed;
    let linted = super::check::lint(corpus, source, None, today, scope)?;
    drop(t0);
    let built: std::collections::HashSet<&str> =
        corpus.postmortems.iter().map(|p| p.path.as_str()).collect();
    Ok(linted
        .findings
        .into_iter()
        // Files that could not be read are reported as skipped already.
        .filter(|f| f.level == Level::Error && built.contains(f.path.as_str()))
        .map(|f| Diagnostic {
            level: Level::Error,
            line: Some(f.line),
            message: format!("{} [{}]", f.message, f.rule.id()),
            path: f.path,
        })
        .collect())
}

/// Prints the report: each problem with file and line, then one summary line.
pub fn print_report(report: &BuildReport, quiet: bool) {
    for w in &report.warnings {
        eprintln!("warning: {}", printable(w));
    }
    for d in &report.diagnostics {
        if !quiet || d.level == Level::Error {
            eprintln!("{d}");
        }
    }
    for s in &report.skipped {
        eprintln!("{}: error: skipped: {}", printable(&s.location()), s.reason);
    }
    for d in &report.check_errors {
        eprintln!("{d}");
    }
    for s in &report.not_read {
        eprintln!("{}: note: {}", printable(&s.location()), s.reason);
    }
    let ok = report.built - report.with_warnings - report.with_errors;
    eprintln!(
        "Built {} postmortem{} into {} ({ok} ok, {} with warnings, {} with errors); skipped {}; excluded {}.",
        report.built,
        if report.built == 1 { "" } else { "s" },
        report.out.display(),
        report.with_warnings,
        report.with_errors,
        report.skipped.len(),
        report.excluded.len(),
    );
    if !report.check_errors.is_empty() {
        let files: std::collections::BTreeSet<&str> = report
            .check_errors
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        eprintln!(
            "Check: {} error{} in {} postmortem{} (named above; `hindsight check` explains each). The site is built; fix them before publishing.",
            report.check_errors.len(),
            if report.check_errors.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" },
        );
    }
    if !report.not_read.is_empty() {
        eprintln!(
            "Not read: {} Markdown file(s) in folders that are not searched (named above).",
            report.not_read.len()
        );
    }
    let w = report.written;
    match report.cache {
        Some(n) => eprintln!(
            "Cache: {n} of {} postmortems reused; {} files written, {} unchanged, {} deleted.",
            report.built, w.written, w.unchanged, w.deleted
        ),
        None => eprintln!("No build cache; {} files written.", w.written),
    }
    if report.other_errors > 0 {
        let n = report.other_errors;
        let s = if n == 1 { "" } else { "s" };
        eprintln!("{n} error{s} in reading lists or hindsight.toml (listed above); the rest of the site was built.");
    }
}
