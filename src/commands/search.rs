//! `hindsight search`: the tantivy index from the command line, ranked
//! exactly as the browser ranks (docs/src/search-index.md).

use super::corpus::{load_corpus, SourceArgs};
use crate::analyze::index::{
    fields_have_phrases, passage_fields, rank, Lookup, Mode, SearchIndex, PHRASE_CHECKS,
};
use crate::analyze::query::{Phrase, Query};
use crate::analyze::snippet::{snippet, snippet_segments, Segment};
use crate::controls::printable;
use crate::model::Postmortem;
use crate::site::views::page_url;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Options of `hindsight search`.
#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// What to look for (English or Korean; all words must match, else any;
    /// "quoted phrase", -excluded; may be empty with a filter)
    #[arg(required_unless_present_any = ["queries_from", "severity", "service", "tag", "since"])]
    pub query: Option<String>,
    /// Answer every line of FILE as a query (JSON Lines output; for scripts and benchmarks)
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub queries_from: Option<std::path::PathBuf>,
    /// Where to read the postmortems from (repository, content folder, revision).
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
    /// 1-based position in the results.
    pub rank: usize,
    /// Document number (position in postmortems.json).
    pub doc: u32,
    /// The postmortem's id.
    pub id: String,
    /// The postmortem's title.
    pub title: String,
    /// Path of the postmortem's file, relative to the repository root.
    pub path: String,
    /// The postmortem's page, relative to the site root.
    pub url: String,
    /// Incident date `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Severity as written, with `sev-1` / `Sev 1` spelled `SEV1`, when stated.
    pub severity: Option<String>,
    /// Affected services from front matter.
    pub services: Vec<String>,
    /// Ranking score: the summed BM25 scores of the matched terms, scaled to an integer.
    pub score: u64,
    /// The passage that matched, each match in `**`.
    pub snippet: Option<String>,
    #[serde(skip)]
    segments: Option<Vec<Segment>>,
}

/// What `search --json` prints.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The query as given.
    pub query: String,
    /// The query's analyzed terms.
    pub terms: Vec<String>,
    /// How the terms were combined: all, any, or none to match (filters only).
    pub mode: Mode,
    /// Documents that match, before `--limit`.
    pub total: usize,
    /// Some documents with every word of a phrase were not checked for it.
    pub phrase_limited: bool,
    /// The best matches, best first, at most `--limit`.
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
        .is_none_or(|s| pm.meta.written.services.iter().any(|v| eq(v, s)))
        && args
            .tag
            .as_deref()
            .is_none_or(|t| pm.meta.written.tags.iter().any(|v| eq(v, t)))
        && args
            .since
            .as_deref()
            .is_none_or(|d| pm.date.as_deref().is_some_and(|v| v >= d))
}

/// Whether a filter option is set.
fn filtered(args: &SearchArgs) -> bool {
    args.severity.is_some() || args.service.is_some() || args.tag.is_some() || args.since.is_some()
}

/// Runs one query against an index of `pms`.
fn answer(
    query: &str,
    pms: &[Postmortem],
    index: &SearchIndex,
    args: &SearchArgs,
) -> Result<Answer> {
    let filtered = filtered(args);
    let keep = |d: u32| matches(&pms[d as usize], args);
    let postings = |t: &str| index.postings(t);
    let phrases = |d: u32, p: &[Phrase]| fields_have_phrases(&passage_fields(&pms[d as usize]), p);
    let on = Lookup {
        docs: index.len(),
        postings: &postings,
        keep: filtered.then_some(&keep as &dyn Fn(u32) -> bool),
        has_phrases: &phrases,
    };
    let ranked = rank(&Query::parse(query), &on)?;
    let results = ranked
        .hits
        .iter()
        .take(usize::try_from(args.limit).unwrap_or(usize::MAX))
        .enumerate()
        .map(|(i, &(doc, score))| {
            let pm = &pms[doc as usize];
            let fields = passage_fields(pm);
            let texts = [fields[1].as_str(), fields[2].as_str()];
            Hit {
                rank: i + 1,
                doc,
                id: pm.id.clone(),
                title: pm.title.clone(),
                path: pm.path.clone(),
                url: page_url(&pm.id),
                date: pm.date.clone(),
                severity: pm.severity.clone(),
                services: pm.meta.written.services.clone(),
                score,
                snippet: snippet(&texts, &ranked.terms, SNIPPET_BYTES, "**", "**"),
                segments: snippet_segments(&texts, &ranked.terms, SNIPPET_BYTES),
            }
        })
        .collect();
    Ok(Answer {
        query: query.to_string(),
        terms: ranked.terms,
        mode: ranked.mode,
        total: ranked.hits.len(),
        phrase_limited: ranked.phrase_limited,
        results,
    })
}

/// Bytes of text around the matches in a snippet.
const SNIPPET_BYTES: usize = 200;

/// Whether matches are printed in bold: only on a terminal, so that piped
/// output stays plain text. The one place a `--color` choice plugs in.
fn bold_matches() -> bool {
    std::io::stdout().is_terminal()
}

/// A snippet for the terminal: control characters made visible, matches in
/// bold when `bold`, else plain.
fn render_snippet(segments: &[Segment], bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    segments
        .iter()
        .map(|(s, m)| {
            if *m {
                format!("{open}{}{close}", printable(s))
            } else {
                printable(s).into_owned()
            }
        })
        .collect()
}

/// What to say when a query shows nothing, or matched only in part.
fn headline(a: &Answer, query: &str, filtered: bool) -> String {
    let words = query.split_whitespace().count();
    if a.terms.is_empty() && a.mode != Mode::Browse {
        return format!("{query:?} has no words to search for: type a word of two letters or more, or a filter.");
    }
    if a.results.is_empty() {
        let hint = match (filtered, words > 1) {
            (true, _) => "Try fewer filters.",
            (false, true) => "Try fewer words or another spelling.",
            (false, false) => "Try another spelling or a shorter word.",
        };
        return format!("No postmortem matches {query:?}. {hint}");
    }
    let n = format!("{} match{}", a.total, if a.total == 1 { "" } else { "es" });
    let how = match a.mode {
        Mode::Browse => "every postmortem the filters keep, newest first".to_string(),
        Mode::And if a.phrase_limited => {
            format!("phrases checked in the {PHRASE_CHECKS} best postmortems with all their words")
        }
        Mode::And => "all words".to_string(),
        Mode::Or if words <= 1 => {
            format!("no postmortem has all of {query:?}; showing those with part of it")
        }
        Mode::Or => "no postmortem has all words; showing those with any".to_string(),
    };
    format!("{n} ({how}):")
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
            let a = answer(query, pms, &index, args)?;
            writeln!(out, "{}", serde_json::to_string(&a)?)?;
        }
        return Ok(0);
    }
    let query = args.query.as_deref().unwrap_or_default();
    let answer = answer(query, pms, &index, args)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&answer)?)?;
        return Ok(if answer.results.is_empty() { 1 } else { 0 });
    }
    writeln!(
        out,
        "{}",
        printable(&headline(&answer, query, filtered(args)))
    )?;
    if !answer.results.is_empty() {
        writeln!(out)?;
    }
    let bold = bold_matches();
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
        if let Some(s) = &h.segments {
            writeln!(out, "    {}", render_snippet(s, bold))?;
        }
        writeln!(out)?;
    }
    Ok(if answer.results.is_empty() { 1 } else { 0 })
}
