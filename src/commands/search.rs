//! `hindsight search`: the tantivy index from the command line, ranked
//! exactly as the browser ranks (docs/src/search-index.md).

use super::corpus::{load_corpus, SourceArgs};
use crate::analyze::index::{rank, Mode, SearchIndex};
use crate::analyze::snippet::snippet;
use crate::controls::printable;
use crate::model::Postmortem;
use crate::site::views::page_url;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::io::Write;

/// Options of `hindsight search`.
#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// What to look for (English or Korean; all words must match, else any)
    #[arg(required_unless_present = "queries_from")]
    pub query: Option<String>,
    /// Answer every line of FILE as a query (JSON Lines output; for scripts and benchmarks)
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub queries_from: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub source: SourceArgs,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Number of results (at least 1)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// Only this severity (e.g. SEV1)
    #[arg(long)]
    pub severity: Option<String>,
    /// Only postmortems that name this service
    #[arg(long)]
    pub service: Option<String>,
    /// Only postmortems with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only incidents on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
}

/// One result line.
#[derive(Debug, Serialize)]
pub struct Hit {
    pub rank: usize,
    /// Document number (position in postmortems.json).
    pub doc: u32,
    pub id: String,
    pub title: String,
    pub path: String,
    pub url: String,
    pub date: Option<String>,
    pub severity: Option<String>,
    pub services: Vec<String>,
    pub score: u64,
    pub snippet: Option<String>,
}

/// What `search --json` prints.
#[derive(Debug, Serialize)]
pub struct Answer {
    pub query: String,
    pub terms: Vec<String>,
    pub mode: Mode,
    pub total: usize,
    pub results: Vec<Hit>,
}

fn matches(pm: &Postmortem, args: &SearchArgs) -> bool {
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b.trim());
    args.severity.as_deref().is_none_or(|s| {
        pm.severity.as_deref().is_some_and(|v| {
            // `--severity High` finds SEV2 (and P2 on a P scale).
            let level = crate::parse::normalize_severity;
            eq(&level(v), &level(s))
        })
    }) && args
        .service
        .as_deref()
        .is_none_or(|s| pm.meta.services.iter().any(|v| eq(v, s)))
        && args
            .tag
            .as_deref()
            .is_none_or(|t| pm.meta.tags.iter().any(|v| eq(v, t)))
        && args
            .since
            .as_deref()
            .is_none_or(|d| pm.date.as_deref().is_some_and(|v| v >= d))
}

/// Runs one query against an index of `pms`; `open`/`close` mark matches in snippets.
fn answer(
    query: &str,
    pms: &[Postmortem],
    index: &SearchIndex,
    args: &SearchArgs,
    open: &str,
    close: &str,
) -> Result<Answer> {
    let ranked = rank(query, &|t| index.postings(t), &|d| {
        matches(&pms[d as usize], args)
    })?;
    let results = ranked
        .hits
        .iter()
        .take(usize::try_from(args.limit).unwrap_or(usize::MAX))
        .enumerate()
        .map(|(i, &(doc, score))| {
            let pm = &pms[doc as usize];
            let texts = crate::analyze::index::field_texts(pm);
            let snip = texts[1..]
                .iter()
                .find_map(|t| snippet(t, &ranked.terms, 200, open, close));
            Hit {
                rank: i + 1,
                doc,
                id: pm.id.clone(),
                title: pm.title.clone(),
                path: pm.path.clone(),
                url: page_url(&pm.id),
                date: pm.date.clone(),
                severity: pm.severity.clone(),
                services: pm.meta.services.clone(),
                score,
                snippet: snip,
            }
        })
        .collect();
    Ok(Answer {
        query: query.to_string(),
        terms: ranked.terms,
        mode: ranked.mode,
        total: ranked.hits.len(),
        results,
    })
}

/// Prints the answer as text or JSON; exit code 0 with results, 1 without.
pub fn run(args: &SearchArgs) -> Result<i32> {
    if let Some(since) = &args.since {
        if crate::parse::times::parse_stamp(since)
            .and_then(|s| s.date)
            .is_none()
        {
            bail!("--since {since}: not a date; write it as YYYY-MM-DD");
        }
    }
    let corpus = load_corpus(&args.source, None, &super::progress::Progress::silent())?;
    let mut out = std::io::stdout().lock();
    let pms = &corpus.postmortems;
    let index = SearchIndex::build(pms)?;
    if let Some(file) = &args.queries_from {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        for query in text.lines().filter(|l| !l.trim().is_empty()) {
            let a = answer(query, pms, &index, args, "**", "**")?;
            writeln!(out, "{}", serde_json::to_string(&a)?)?;
        }
        return Ok(0);
    }
    let query = args.query.as_deref().unwrap_or_default();
    let answer = answer(query, pms, &index, args, "**", "**")?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&answer)?)?;
    } else if answer.results.is_empty() {
        writeln!(out, "No postmortem matches {query:?}.")?;
    } else {
        let how = match answer.mode {
            Mode::And => "all words",
            Mode::Or => "no postmortem has all words; showing those with any",
        };
        writeln!(
            out,
            "{} match{} ({how}):\n",
            answer.total,
            if answer.total == 1 { "" } else { "es" }
        )?;
        for h in &answer.results {
            writeln!(
                out,
                "{:>2}. {}{}  {}",
                h.rank,
                h.severity
                    .as_deref()
                    .map(|s| format!("[{}] ", printable(s)))
                    .unwrap_or_default(),
                h.date.as_deref().unwrap_or("????-??-??"),
                printable(&h.title)
            )?;
            writeln!(out, "    {}", printable(&h.path))?;
            if let Some(s) = &h.snippet {
                writeln!(out, "    {}", printable(s))?;
            }
            writeln!(out)?;
        }
    }
    Ok(if answer.results.is_empty() { 1 } else { 0 })
}
