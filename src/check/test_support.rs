//! Helpers for the rules' unit tests: lint Markdown given as a string.

use super::*;
use crate::parse::{parse_file, ParseOptions};

/// Lints one file on its own (corpus of one, no files exist but itself).
pub(crate) fn lint(md: &str) -> Vec<Finding> {
    lint_in("postmortems/2026-01-10-x.md", md, &[], Settings::default())
}

/// Lints `md` as `path` next to `others` (path, text) with `settings`;
/// today is 2026-06-01.
pub(crate) fn lint_in(
    path: &str,
    md: &str,
    others: &[(&str, &str)],
    settings: Settings,
) -> Vec<Finding> {
    lint_beside(path, md, others, &[], settings)
}

/// [`lint_in`] in a repository that also holds `files`, which are not
/// postmortems.
pub(crate) fn lint_beside(
    path: &str,
    md: &str,
    others: &[(&str, &str)],
    files: &[&str],
    settings: Settings,
) -> Vec<Finding> {
    let opts = ParseOptions::default();
    let mut corpus = vec![parse_file(path, md.as_bytes(), &opts).unwrap()];
    for (p, t) in others {
        corpus.push(parse_file(p, t.as_bytes(), &opts).unwrap());
    }
    let mut paths: Vec<String> = corpus.iter().map(|p| p.path.clone()).collect();
    paths.extend(files.iter().map(|f| f.to_string()));
    let exists = move |p: &str| paths.iter().any(|x| x == p);
    let aliases = Aliases::default();
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let ctx = Context::new(&corpus, &settings, today, &exists, &aliases);
    check_postmortem(&corpus[0], md, &ctx)
}

/// `(rule id, line)` of every finding.
pub(crate) fn ids(findings: &[Finding]) -> Vec<(&'static str, usize)> {
    findings.iter().map(|f| (f.rule.id(), f.line)).collect()
}

/// The text a finding underlines (columns are characters).
pub(crate) fn marked(f: &Finding) -> String {
    f.source_line
        .chars()
        .skip(f.column - 1)
        .take(f.end_column - f.column)
        .collect()
}

/// Findings of one rule.
pub(crate) fn of(findings: &[Finding], rule: Rule) -> Vec<&Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// A postmortem with every required section and a clean body; `extra`
/// is appended at the end.
pub(crate) fn clean(extra: &str) -> String {
    format!("---\ntitle: Disk full on broker 3\ndate: 2026-01-10\nseverity: SEV2\nauthors: [Dana Kim]\nstarted: 2026-01-10T09:00:00Z\nresolved: 2026-01-10T11:00:00Z\n---\n\n# Disk full on broker 3\n\n## Summary\n\nBroker 3 ran out of disk.\n\n## Impact\n\nProducers saw errors for two hours.\n\n## Root Causes\n\nLog retention was disabled by a config change.\n\n## Action Items\n\n- [ ] @dana add a disk usage alert (P1, 2026-08-01)\n\n## Timeline\n\nAll times UTC.\n\n- 2026-01-10 09:00 — disk full\n- 2026-01-10 09:05 — alert fires\n{extra}")
}
