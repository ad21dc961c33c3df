//! Load and parse a repository into a [`Corpus`]: the first half of the
//! pipeline, shared by every command that reads postmortems (build, search,
//! trends).

use super::progress::Progress;
use crate::cache::{self, docs::DocCache, stat::StatCache, Cache};
use crate::config::Config;
use crate::model::{Diagnostic, Level, Postmortem};
use crate::parse::{self, Aliases, ParseOptions};
use crate::source::{self, history, revision, worktree, KnownBy, Loaded, Selector, Skipped};
use crate::timing::Stopwatch;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where postmortems come from (shared by build, search, check, …).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// Repository to read (a working tree, or a bare repository with --rev)
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Folder of postmortems, relative to the repository [default: from hindsight.toml, else postmortems]
    #[arg(long)]
    pub content: Option<String>,
    /// Glob of files that are not postmortems, relative to the content folder (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read git objects at this revision instead of the working tree
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Neither read nor write the build cache (.git/hindsight-cache)
    #[arg(long)]
    pub no_cache: bool,
}

/// Everything loaded and parsed, before rendering (shared with other commands).
pub struct Corpus {
    pub config: Config,
    /// The built-in concepts with the team's `[lexicon]` from hindsight.toml.
    pub lexicon: crate::analyze::lexicon::Lexicon,
    pub postmortems: Vec<Postmortem>,
    pub loaded_skipped: Vec<Skipped>,
    pub excluded: Vec<String>,
    /// Markdown files in folders that are not searched, and why.
    pub not_read: Vec<Skipped>,
    /// The user's theme files, from the same tree as the postmortems.
    pub theme: Option<source::theme_files::ThemeFiles>,
    pub warnings: Vec<String>,
    pub source_label: String,
    pub head_branch: Option<String>,
    pub shallow: bool,
    pub commits: usize,
    /// The revision loaded; `None` for the working tree.
    pub commit: Option<git2::Oid>,
    /// Committer date of the commit built (HEAD for the working tree): the
    /// day "now" means in the output, so a revision always builds the same.
    pub head_date: Option<chrono::NaiveDate>,
    /// Reading lists (`reading-lists/*.toml`), parsed, in file order.
    pub reading_lists: Vec<parse::reading_list::ReadingListDoc>,
    /// Problems with file and line outside the postmortems (reading lists).
    pub diagnostics: Vec<Diagnostic>,
    /// The build cache (disabled outside git and with --no-cache).
    pub cache: Cache,
    /// Per postmortem (same order), a fingerprint of everything it is built
    /// from: path, content, id, history and diagnostics. Empty without a cache.
    pub doc_fingerprints: Vec<cache::Fingerprint>,
    /// Postmortems taken from the build cache instead of being parsed.
    pub from_cache: usize,
}

impl Corpus {
    /// When no postmortem was found (and none was skipped): what to run, as
    /// a warning. `repo_dir` is where other Markdown folders are looked for.
    pub fn nothing_found(&self, repo_dir: &Path) -> Option<String> {
        if !self.postmortems.is_empty() || !self.loaded_skipped.is_empty() {
            return None;
        }
        // Folders of Markdown are worth naming only when the build read none.
        let others = match self.commit {
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
    let repo_dir = &args.repo;
    if !repo_dir.exists() {
        anyhow::bail!("{}: repository folder not found", repo_dir.display());
    }
    let git = git2::Repository::open(repo_dir).ok();
    let mut warnings = Vec::new();

    // With --rev the configuration comes from the same revision, so a tag
    // always builds the same way.
    let commit = match (&args.rev, &git) {
        (Some(rev), Some(repo)) => Some(revision::resolve(repo, rev)?),
        (Some(_), None) => {
            return Err(source::SourceError::NotARepo {
                repo: repo_dir.display().to_string(),
                message: "no .git found".into(),
            }
            .into())
        }
        // A bare repository has no working tree: build what HEAD points at.
        (None, Some(repo)) if repo.is_bare() => Some(revision::resolve(repo, "HEAD")?),
        (None, _) => None,
    };
    let mut config = match (&commit, &git) {
        (Some(c), Some(repo)) => config_at(repo, c)?,
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
    let lexicon = crate::analyze::lexicon::Lexicon::with_team(&config.lexicon)?;
    let selector = Selector::new(
        &config.content,
        &config.exclude,
        config.max_file_bytes,
        config.extensionless_markdown,
    )
    .map_err(anyhow::Error::msg)
    .context("hindsight.toml / --exclude")?;

    let mut watch = Stopwatch::new();
    let cache = match &git {
        Some(repo) if !args.no_cache => Cache::in_git_dir(repo.path()),
        _ => Cache::disabled(),
    };
    // History does not depend on the files. With a build cache it is read
    // on its own thread while they are (from the commit the build will use
    // as HEAD): a rebuild walks only the new commits, beside a load that
    // leaves a core free. Without one the whole history is walked after the
    // files are parsed: parsing every file keeps both cores busy, and
    // sharing them would only slow both.
    let head: Option<git2::Oid> = match (&commit, &git) {
        (Some(c), Some(_)) => Some(c.id()),
        (None, Some(r)) => r.head().ok().and_then(|h| h.target()),
        _ => None,
    };
    // A described history stands in for the repository's commits; the
    // throwaway repository it is written into lives until history is read.
    let described = match &config.history {
        Some(file) => Some(source::described_history::load(
            &worktree_root(git.as_ref(), repo_dir),
            git.as_ref(),
            commit.as_ref(),
            file,
            &selector.content,
        )?),
        None => None,
    };
    let described_git = match &described {
        Some(w) => {
            warnings.extend(w.warnings.iter().cloned());
            Some(
                git2::Repository::open_bare(w.git_dir())
                    .context("opening the described history")?,
            )
        }
        None => None,
    };
    let (history_git, head) = match (&described, &described_git) {
        (Some(w), Some(d)) => (Some(d), Some(w.head)),
        _ => (git.as_ref(), head),
    };
    // The throwaway repository changes every build: nothing to cache.
    let history_cache = match described {
        Some(_) => Cache::disabled(),
        None => cache.clone(),
    };
    let history_job = head.filter(|_| history_cache.enabled()).map(|head| {
        cache::history::spawn_raw(
            history_cache.clone(),
            repo_dir.clone(),
            head,
            selector.content.clone(),
        )
    });
    let (aliases, unknown) = Aliases::new(&config.aliases);
    let t0 = std::time::Instant::now();
    let (headings, unknown_kinds) = parse::sections::Headings::new(&config.sections);
    // Parsed postmortems depend on the aliases, the section headings and
    // the severity scale.
    let parse_key = cache::Hasher::new()
        .value(&config.aliases)
        .value(&config.sections)
        .value(&severity_scale(&config))
        .finish();
    let mut docs = DocCache::load(&cache, parse_key);
    crate::timing::note("load/parsed-corpus cache", t0);
    let stats = if commit.is_none() {
        StatCache::load(&cache)
    } else {
        StatCache::default()
    };
    let known = |path: &str, by: KnownBy<'_>| -> Option<String> {
        let blob = match by {
            KnownBy::Stat(s) => stats.blob(path, s)?,
            KnownBy::Blob(b) => b,
        };
        docs.contains(docs.key(path, blob))
            .then(|| blob.to_string())
    };
    let (loaded, source_label): (Loaded, String) = match (&commit, &git) {
        (Some(c), Some(repo)) => {
            let label = format!(
                "revision {} ({})",
                args.rev.as_deref().unwrap_or("HEAD"),
                &c.id().to_string()[..10]
            );
            (revision::load(repo, c, &selector, &known)?, label)
        }
        _ => {
            let root = worktree_root(git.as_ref(), repo_dir);
            let out = output_dir(repo_dir, &config);
            let loaded = worktree::load(&root, &selector, &[out], &known, git.as_ref())?;
            (loaded, "working tree".to_string())
        }
    };
    warnings.extend(loaded.warnings.iter().cloned());
    if let (Some(w), Some(file)) = (&described, &config.history) {
        warnings.extend(loaded.files.iter().filter(|f| !w.paths.contains(&f.path)).map(|f| {
            format!(
                "{}: not in the described history ({file}), so its dates and contributors are unknown: \
                 describe it there with an `add {}` commit",
                f.path, f.path
            )
        }));
    }
    // The theme and the reading lists come from the same tree as the postmortems.
    let theme = match (&commit, &git) {
        (Some(c), Some(repo)) => source::theme_files::from_revision(repo, c, &config.theme)?,
        _ => source::theme_files::from_worktree(
            git.as_ref().and_then(|r| r.workdir()).unwrap_or(repo_dir),
            &config.theme,
        )?,
    };
    // Reading lists sit at the repository root, read from the same tree.
    let lists = match (&commit, &git) {
        (Some(c), Some(repo)) => source::reading_lists::from_revision(repo, c)?,
        _ => source::reading_lists::from_worktree(
            git.as_ref().and_then(|r| r.workdir()).unwrap_or(repo_dir),
        )?,
    };
    let (reading_lists, mut diagnostics) = parse::reading_list::parse_all(
        lists
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice())),
    );
    diagnostics.extend(lists.skipped.iter().map(|s| Diagnostic {
        level: Level::Error,
        path: s.path.clone(),
        line: None,
        message: format!("skipped: {}", s.reason),
    }));
    if git.is_none() && described.is_none() {
        warnings.push(format!(
            "{}: not a git repository: created/updated dates and contributors are unknown; \
             run `git init && git add -A && git commit -m \"Postmortems\"` to have them",
            repo_dir.display()
        ));
    } else if head.is_none() {
        warnings.push("the repository has no commits yet: every postmortem is uncommitted".into());
    }

    for key in unknown {
        warnings.push(format!(
            "hindsight.toml: [aliases] names unknown key `{key}`; known keys: {}",
            known_keys()
        ));
    }
    for kind in unknown_kinds {
        let known: Vec<&str> = crate::model::Canonical::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        warnings.push(format!(
            "hindsight.toml: [sections] names unknown section `{kind}`; known: {}",
            known.join(", ")
        ));
    }
    let opts = ParseOptions {
        aliases,
        headings,
        severities: severity_scale(&config),
    };
    let mut skipped = loaded.skipped.clone();
    watch.lap("load");
    progress.stage(&format!("Parsing {} files", loaded.files.len()));
    if commit.is_none() {
        let _ = StatCache::save(
            &cache,
            loaded
                .files
                .iter()
                .filter_map(|f| Some((f.path.clone(), f.stat?, f.blob.clone()))),
        );
    }
    // Cached files are taken from the cache; the others are parsed.
    let mut keys: BTreeMap<String, (cache::Fingerprint, Option<cache::Fingerprint>)> =
        BTreeMap::new();
    let mut from_cache = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for f in &loaded.files {
        // A file read again (its metadata changed) is still not parsed
        // again when its content is what the cache holds.
        let key = docs.key(&f.path, &f.blob);
        if let Some(entry) = docs.take(key) {
            keys.insert(f.path.clone(), (key, entry.done_key));
            from_cache.push(Ok(entry.pm));
            taken.insert(&f.path);
            continue;
        }
        if f.cached {
            // Not read because the cache held it, and now it does not: cannot happen
            // (keys are unique per path), but never parse empty bytes.
            from_cache.push(Err(Skipped::new(
                &f.path,
                "the build cache changed during the build; run the build again",
            )));
            taken.insert(&f.path);
            continue;
        }
        keys.insert(f.path.clone(), (key, None));
    }
    let results: Vec<Result<Postmortem, Skipped>> = loaded
        .files
        .par_iter()
        .filter(|f| !taken.contains(f.path.as_str()))
        .map(|f| {
            parse::parse_file(&f.path, &f.bytes, &opts).map_err(|s| Skipped {
                path: f.path.clone(),
                line: s.line,
                reason: s.reason,
            })
        })
        .collect();
    let reused = from_cache.len();
    let mut postmortems = Vec::with_capacity(results.len() + from_cache.len());
    for r in from_cache.into_iter().chain(results) {
        match r {
            Ok(pm) => postmortems.push(pm),
            Err(s) => skipped.push(s),
        }
    }

    watch.lap("parse");
    progress.stage("Reading git history (one pass over all commits)");
    // History: one pass over all commits for all files.
    let mut shallow = false;
    let mut commits = 0;
    let head_date = match (history_git, head) {
        (Some(repo), Some(h)) => repo
            .find_commit(h)
            .ok()
            .and_then(|c| chrono::DateTime::from_timestamp(c.time().seconds(), 0))
            .map(|d| d.date_naive()),
        _ => None,
    };
    if let (Some(repo), Some(head)) = (history_git, head) {
        let wanted: BTreeSet<String> = postmortems.iter().map(|p| p.path.clone()).collect();
        let (raw, _) = match history_job {
            Some(job) => job.join().expect("reading history never panics"),
            None => cache::history::timed_raw(
                &history_cache,
                repo,
                head,
                &selector.content,
                "history walk (after loading)",
            ),
        }
        .context("reading git history")?;
        // The walk's own time is noted with it; this is the rest.
        let after_walk = std::time::Instant::now();
        let index = raw.index(repo, &wanted);
        shallow = index.shallow;
        commits = index.commits;
        if shallow {
            warnings.push(
                "shallow clone: created/updated dates and contributors only cover the fetched commits; \
                 fetch full history (e.g. `git fetch --unshallow`, or `fetch-depth: 0` in CI)"
                    .into(),
            );
        }
        let blobs: BTreeMap<&str, &str> = loaded
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.blob.as_str()))
            .collect();
        let mut files = index.files;
        let head_tree = repo.find_commit(head).and_then(|c| c.tree()).ok();
        let committed = if commit.is_none() {
            history::committed_blobs(head_tree.as_ref(), &selector.content)
        } else {
            Default::default()
        };
        for pm in &mut postmortems {
            let mut h = files.remove(&pm.path).unwrap_or_default();
            h.reliable = !shallow;
            if commit.is_none() {
                history::mark_uncommitted(
                    &mut h,
                    &committed,
                    &pm.path,
                    blobs.get(pm.path.as_str()).copied().unwrap_or(""),
                );
            }
            pm.history = h;
        }
        crate::timing::note("history after the walk", after_walk);
        watch.lap("history");
        progress.stage("Dating ticked action items from history");
        // Items are dated again only when the file's revisions changed.
        let mut stale = BTreeSet::new();
        for pm in &postmortems {
            let now = cache::docs::done_key(&pm.history.revisions);
            if let Some(k) = keys.get_mut(&pm.path) {
                if k.1 != Some(now) {
                    stale.insert(pm.path.clone());
                }
                k.1 = Some(now);
            }
        }
        date_action_items(repo, &mut postmortems, &opts, &blobs, &stale);
    } else {
        for pm in &mut postmortems {
            pm.history.uncommitted = git.is_some();
            pm.history.reliable = false;
        }
    }

    drop(described_git);
    drop(described);
    // Dating ticked action items (nothing to do outside git).
    watch.lap("done_at");
    let live: Vec<_> = postmortems
        .iter()
        .filter_map(|pm| keys.get(&pm.path).map(|(k, d)| (*k, *d, pm)))
        .collect();
    let _ = docs.save(&cache, &live);
    drop(live);
    watch.lap("cache");
    dedupe_ids(&mut postmortems);
    postmortems.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let doc_fingerprints = if cache.enabled() {
        postmortems
            .par_iter()
            .map(|pm| {
                let key = keys.get(&pm.path).map_or(0, |k| k.0);
                cache::Hasher::new()
                    .u128(key)
                    .str(&pm.id)
                    .value(&pm.history)
                    .value(&pm.action_items)
                    .value(&pm.diagnostics)
                    .finish()
            })
            .collect()
    } else {
        Vec::new()
    };
    let head_branch = git
        .as_ref()
        .and_then(|r| r.head().ok())
        .map(|h| String::from_utf8_lossy(h.shorthand_bytes()).into_owned())
        .filter(|b| b != "HEAD");
    Ok(Corpus {
        config,
        lexicon,
        postmortems,
        loaded_skipped: skipped,
        excluded: loaded.excluded,
        not_read: loaded.not_read,
        theme,
        warnings,
        source_label,
        head_branch,
        shallow,
        commits,
        commit: commit.as_ref().map(|c| c.id()),
        head_date,
        reading_lists,
        diagnostics,
        cache,
        doc_fingerprints,
        from_cache: reused,
    })
}

/// Dates ticked action items from the old versions of their files. Only
/// files with a done item are read, newest revision first, and the walk
/// stops at the first version in which none of the items done now is done
/// (nothing older can change a `done_at`); a revision holding the current
/// content is not parsed again. Files are processed in parallel, each thread
/// with its own handle on the repository.
fn date_action_items(
    repo: &git2::Repository,
    pms: &mut [Postmortem],
    opts: &ParseOptions,
    current: &BTreeMap<&str, &str>,
    stale: &BTreeSet<String>,
) {
    use crate::analyze::done_at;
    use crate::model::ActionItem;
    use std::collections::{HashMap, HashSet};
    let git_dir = repo.path().to_path_buf();
    pms.par_iter_mut()
        .filter(|pm| stale.contains(&pm.path) && pm.action_items.iter().any(|a| a.done))
        .for_each_init(
            || git2::Repository::open(&git_dir).ok(),
            |repo, pm| {
                let Some(repo) = repo.as_ref() else { return };
                let now_blob = current.get(pm.path.as_str()).copied();
                let mut pending: HashSet<String> = pm
                    .action_items
                    .iter()
                    .filter(|a| a.done)
                    .map(|a| done_at::normalize(&a.text))
                    .collect();
                let mut parsed: HashMap<&str, Vec<ActionItem>> = HashMap::new();
                let mut walked = 0;
                for rev in &pm.history.revisions {
                    walked += 1;
                    if !parsed.contains_key(rev.blob.as_str()) {
                        let items = if now_blob == Some(rev.blob.as_str()) {
                            pm.action_items.clone()
                        } else {
                            history::blob_bytes(repo, &rev.blob)
                                .and_then(|b| {
                                    parse::action_items_only(&b, &opts.headings).or_else(|| {
                                        parse::parse_file(&pm.path, &b, opts)
                                            .ok()
                                            .map(|p| p.action_items)
                                    })
                                })
                                .unwrap_or_default()
                        };
                        parsed.insert(rev.blob.as_str(), items);
                    }
                    let done: HashSet<String> = parsed[rev.blob.as_str()]
                        .iter()
                        .filter(|a| a.done)
                        .map(|a| done_at::normalize(&a.text))
                        .collect();
                    pending.retain(|k| done.contains(k));
                    if pending.is_empty() {
                        break;
                    }
                }
                // Revisions are newest first; `assign` wants oldest first.
                let versions: Vec<(&str, &[ActionItem])> = pm.history.revisions[..walked]
                    .iter()
                    .rev()
                    .map(|r| (r.date.as_str(), parsed[r.blob.as_str()].as_slice()))
                    .collect();
                let mut items = pm.action_items.clone();
                done_at::assign(&mut items, &versions);
                drop(versions);
                drop(parsed);
                pm.action_items = items;
            },
        );
}

fn known_keys() -> String {
    parse::front_matter::DEFAULT_ALIASES
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}

/// hindsight.toml as stored in the commit's tree (defaults if absent).
fn config_at(repo: &git2::Repository, commit: &git2::Commit<'_>) -> Result<Config> {
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

/// The folder files are read from outside a revision: the working tree, or
/// `repo_dir` itself outside git.
fn worktree_root(git: Option<&git2::Repository>, repo_dir: &Path) -> PathBuf {
    git.and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| repo_dir.to_path_buf())
}

/// The severity scale of `[check] severities`, as written.
pub(crate) fn severity_scale(config: &Config) -> Vec<String> {
    config
        .check
        .severities
        .iter()
        .flatten()
        .map(|s| s.value.clone())
        .collect()
}

/// Output folder: relative paths are relative to the repository folder.
pub(crate) fn output_dir(repo_dir: &Path, config: &Config) -> PathBuf {
    let out = Path::new(&config.out);
    if out.is_absolute() {
        out.to_path_buf()
    } else {
        repo_dir.join(out)
    }
}

/// Two postmortems with the same id: the first by path keeps it, later ones
/// get `-2`, `-3`, … and a warning naming the other file. Ids are slugs
/// (lowercase, NFC), so ids that differ only in case or Unicode
/// normalization are the same id here too. `index` is taken by the list
/// pages beside postmortem pages (wheel/index.html, root-causes/index.html).
fn dedupe_ids(pms: &mut [Postmortem]) {
    pms.sort_by(|a, b| a.path.cmp(&b.path));
    let mut owner: BTreeMap<String, String> =
        BTreeMap::from([("index".into(), "the site's list pages".into())]);
    for pm in pms.iter_mut() {
        if let Some(first) = owner.get(&pm.id).cloned() {
            let mut n = 2;
            while owner.contains_key(&format!("{}-{n}", pm.id)) {
                n += 1;
            }
            let new_id = format!("{}-{n}", pm.id);
            pm.diagnostics.push(Diagnostic {
                level: Level::Warning,
                path: pm.path.clone(),
                line: None,
                message: format!("id `{}` is also used by {first}; this page is published as `{new_id}` (set a unique `id:` in front matter)", pm.id),
            });
            pm.id = new_id;
        }
        owner.insert(pm.id.clone(), pm.path.clone());
    }
}
