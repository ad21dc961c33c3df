//! `hindsight review --base REV`: Markdown for a pull-request comment. For
//! each postmortem added or changed since REV: its lint findings, the most
//! similar past postmortems (related incidents over the whole current
//! corpus) and a recurrence warning when one is above the threshold. It
//! only prints, so any CI can post it.

use super::check::{lint, today, Linted, Target};
use super::corpus::{load_corpus, Corpus, SourceArgs};
use super::progress::Progress;
use crate::analyze::clusters::Clusters;
use crate::analyze::related::{self, Link, Related, RECURRENCE_THRESHOLD};
use crate::check::{Counts, Finding};
use crate::model::plural;
use crate::model::{Level, Postmortem};
use crate::source::changes::ChangeKind;
use anyhow::Result;
use std::collections::HashSet;
use std::fmt::Write as _;

/// A hidden marker at the top of the comment, so CI can find and update
/// its previous comment instead of adding a new one.
pub const MARKER: &str = "<!-- hindsight-review -->";

/// Options of `hindsight review`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReviewArgs {
    /// Where to read the postmortems from (repository, content folder, revision).
    #[command(flatten)]
    pub source: SourceArgs,
    /// The pull request's base (e.g. origin/main): review the postmortems added or changed since REV
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// How many similar past postmortems to list for each
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub similar: usize,
    /// The day overdue action items count from (YYYY-MM-DD) [default: SOURCE_DATE_EPOCH when set, else today (UTC)]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Builds the comment.
pub fn run(args: &ReviewArgs) -> Result<String> {
    let corpus = load_corpus(&args.source, None, &Progress::silent())?;
    let today = today(args.as_of.as_deref())?;
    let linted = lint(
        &corpus,
        &args.source,
        Some(&args.base),
        today,
        crate::check::Scope::All,
    )?;
    let (pms, lex) = (&corpus.postmortems, &corpus.lexicon);
    let related = related::compute_with(pms, lex);
    let clusters = crate::analyze::clusters::compute_with(pms, &related, lex);
    Ok(render(&corpus, &linted, &related, &clusters, args))
}

/// Text safe inside Markdown link text and table cells.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '[' | ']' | '*' | '_' | '`' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            // `@team` in a title must not notify the team.
            '@' => out.push_str(NO_MENTION),
            _ => out.push(c),
        }
    }
    out
}

/// `@` followed by a zero-width space: shown as `@`, never a mention.
const NO_MENTION: &str = "@&#8203;";

/// `s` as a code span that no backtick in it can close early.
fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A message that may hold `code`: only what breaks a table cell or turns
/// into HTML is escaped.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('@', NO_MENTION)
        .replace(['\n', '\r'], " ")
}

/// The address of a site page (a URL relative to the site root) when
/// `base_url` says where the site is published.
fn site_url(corpus: &Corpus, page: &str) -> Option<String> {
    let base = corpus.config.base_url.as_deref()?;
    Some(format!("{}/{page}", base.trim_end_matches('/')))
}

/// Where a reader can open a postmortem: its page on the published site,
/// else the file in the repository web UI at the diff's base commit.
fn href(corpus: &Corpus, pm: &Postmortem, from: Option<&str>) -> Option<String> {
    if let Some(url) = site_url(corpus, &crate::site::views::page_url(&pm.id)) {
        return Some(url);
    }
    let repo = corpus.config.repo_url.as_deref()?;
    Some(format!(
        "{}/blob/{}/{}",
        repo.trim_end_matches('/'),
        from.unwrap_or("HEAD"),
        pm.path
    ))
}

/// `[Title](url)`, or the title and its path when there is no address.
fn link(corpus: &Corpus, pm: &Postmortem, from: Option<&str>) -> String {
    match href(corpus, pm, from) {
        Some(url) => format!("[{}]({url})", md(&pm.title)),
        None => format!("{} ({})", md(&pm.title), code(&pm.path)),
    }
}

/// What every postmortem's section is written from.
struct Ctx<'a> {
    corpus: &'a Corpus,
    linted: &'a Linted,
    related: &'a Related,
    clusters: &'a Clusters,
    /// Postmortems this change adds: never "past" incidents.
    added: HashSet<usize>,
    args: &'a ReviewArgs,
    from: Option<&'a str>,
}

fn render(
    corpus: &Corpus,
    linted: &Linted,
    related: &Related,
    clusters: &Clusters,
    args: &ReviewArgs,
) -> String {
    let pms = &corpus.postmortems;
    let from = linted.from.as_deref();
    let mut out = String::new();
    let _ = writeln!(out, "{MARKER}\n## Hindsight review\n");
    if linted.targets.is_empty() {
        let _ = writeln!(
            out,
            "No postmortems added or changed since {}.",
            code(&args.base)
        );
        return out;
    }
    let counts = Counts::of(&linted.findings);
    let status = match (counts.errors, counts.warnings) {
        (0, 0) => "✅ no findings".to_string(),
        (0, w) => format!("⚠️ {}", plural(w, "warning", "warnings")),
        (e, 0) => format!("❌ {}", plural(e, "error", "errors")),
        (e, w) => format!(
            "❌ {}, ⚠️ {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
    };
    let _ = writeln!(
        out,
        "{} changed since {}: {status}. Compared with the {} in the repository.\n",
        plural(linted.targets.len(), "postmortem", "postmortems"),
        code(&args.base),
        plural(pms.len(), "postmortem", "postmortems"),
    );
    // "Past" postmortems: those that are not new in this change.
    let added: HashSet<usize> = linted
        .targets
        .iter()
        .filter(|t| t.change == Some(ChangeKind::Added))
        .filter_map(|t| t.doc)
        .collect();
    let ctx = Ctx {
        corpus,
        linted,
        related,
        clusters,
        added,
        args,
        from,
    };
    for t in &linted.targets {
        section(&mut out, &ctx, t);
    }
    let _ = writeln!(
        out,
        "<sub>Posted by `hindsight review`. Similarity is the cosine of what went wrong (root causes, trigger, contributing factors), 0 to 1; {RECURRENCE_THRESHOLD} or more is flagged as a possible recurrence. Run `hindsight check` locally for the source lines.</sub>"
    );
    out
}

fn section(out: &mut String, ctx: &Ctx<'_>, t: &Target) {
    let Ctx {
        corpus,
        linted,
        related,
        args,
        ..
    } = *ctx;
    let added = &ctx.added;
    let pms = &corpus.postmortems;
    let findings: Vec<&Finding> = linted
        .findings
        .iter()
        .filter(|f| f.path == t.path)
        .collect();
    let change = match t.change {
        Some(ChangeKind::Added) => "new",
        _ => "changed",
    };
    let Some(doc) = t.doc else {
        let _ = writeln!(
            out,
            "### {}\n\n{change} · not read as a postmortem\n",
            code(&t.path)
        );
        findings_table(out, &findings);
        return;
    };
    let pm = &pms[doc];
    let mut facts = vec![code(&pm.path), change.to_string()];
    facts.extend(pm.date.clone());
    facts.extend(pm.severity.as_ref().map(|s| md(s)));
    let _ = writeln!(out, "### {}\n\n{}\n", md(&pm.title), facts.join(" · "));

    // Similar past postmortems, best first, without the ones this change adds.
    let similar: Vec<Link> = related.related[doc]
        .iter()
        .filter(|l| !added.contains(&l.doc))
        .take(args.similar)
        .copied()
        .collect();
    recurrence_warning(out, ctx, doc, similar.first());
    let _ = writeln!(out, "**Lint**\n");
    findings_table(out, &findings);
    similar_list(out, ctx, t, &similar);
    cluster_line(out, ctx, doc);
}

/// A warning when the postmortem looks like a recurrence of an earlier one
/// (for an undated one: when its best match is above the threshold).
fn recurrence_warning(out: &mut String, ctx: &Ctx<'_>, doc: usize, best: Option<&Link>) {
    let pms = &ctx.corpus.postmortems;
    let recurrence = ctx.related.recurrence_of[doc]
        .filter(|l| !ctx.added.contains(&l.doc))
        .or_else(|| {
            pms[doc]
                .date
                .is_none()
                .then(|| best.copied())
                .flatten()
                .filter(|l| l.score >= RECURRENCE_THRESHOLD)
        });
    let Some(r) = recurrence else { return };
    let other = &pms[r.doc];
    let when = other
        .date
        .as_deref()
        .map(|d| format!("{d}, "))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "> [!WARNING]\n> **This has happened before.** It looks like a recurrence of {} ({when}similarity {:.2}). Were that incident's action items done, and did they cover this?\n",
        link(ctx.corpus, other, ctx.from),
        r.score
    );
}

/// The similar postmortems, numbered, with their date, severity and score.
fn similar_list(out: &mut String, ctx: &Ctx<'_>, t: &Target, similar: &[Link]) {
    let pms = &ctx.corpus.postmortems;
    // For an edit to an old postmortem, later incidents are similar too.
    let heading = if t.change == Some(ChangeKind::Added) {
        "Similar past incidents"
    } else {
        "Similar incidents"
    };
    let _ = writeln!(out, "**{heading}**\n");
    if similar.is_empty() {
        let _ = writeln!(
            out,
            "None found: no other postmortem describes a similar cause.\n"
        );
        return;
    }
    for (i, l) in similar.iter().enumerate() {
        let other = &pms[l.doc];
        let mut facts: Vec<String> = Vec::new();
        facts.extend(other.date.clone());
        facts.extend(other.severity.as_ref().map(|s| md(s)));
        facts.push(format!("similarity {:.2}", l.score));
        let _ = writeln!(
            out,
            "{}. {} — {}",
            i + 1,
            link(ctx.corpus, other, ctx.from),
            facts.join(" · ")
        );
    }
    out.push('\n');
}

/// The root-cause cluster the postmortem falls in, with a few of its
/// other members.
fn cluster_line(out: &mut String, ctx: &Ctx<'_>, doc: usize) {
    let (corpus, clusters, added, from) = (ctx.corpus, ctx.clusters, &ctx.added, ctx.from);
    let pms = &corpus.postmortems;
    match clusters.of_doc.get(doc).copied().flatten() {
        Some(c) => {
            let c = &clusters.clusters[c];
            let label = match site_url(corpus, &crate::site::urls::cluster_url(&c.id)) {
                Some(url) => format!("[{}]({url})", md(&c.label)),
                None => md(&c.label),
            };
            let others: Vec<String> = c
                .members
                .iter()
                .filter(|&&m| m != doc && !added.contains(&m))
                .take(3)
                .map(|&m| link(corpus, &pms[m], from))
                .collect();
            let with = if others.is_empty() {
                String::new()
            } else {
                format!(", with {}", others.join(", "))
            };
            let _ = writeln!(
                out,
                "**Root-cause cluster:** {label} ({}){with}\n",
                plural(c.members.len(), "postmortem", "postmortems")
            );
        }
        None => {
            let _ = writeln!(
                out,
                "**Root-cause cluster:** none yet (no other postmortem is close enough to group it with)\n"
            );
        }
    }
}

fn findings_table(out: &mut String, findings: &[&Finding]) {
    if findings.is_empty() {
        let _ = writeln!(out, "✅ No findings.\n");
        return;
    }
    let _ = writeln!(
        out,
        "| | Line | Rule | Finding | How to fix |\n|---|---:|---|---|---|"
    );
    for f in findings {
        let level = match f.level {
            Level::Error => "❌ error",
            Level::Warning => "⚠️ warning",
        };
        let _ = writeln!(
            out,
            "| {level} | {} | `{}` | {} | {} |",
            f.line,
            f.rule.id(),
            cell(&f.message),
            cell(&f.help)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(
            md("a [b] *c* <d> | e_f"),
            "a \\[b\\] \\*c\\* &lt;d&gt; \\| e\\_f"
        );
        assert_eq!(cell("`id` <x> a|b\nc"), "`id` &lt;x> a\\|b c");
        assert_eq!(md("ping @infra-team"), "ping @&#8203;infra-team");
        assert_eq!(code("a.md"), "`a.md`");
        assert_eq!(code("x`<img src=x>`.md"), "``x`<img src=x>`.md``");
        assert_eq!(code("`a``"), "``` `a`` ```");
    }
}
