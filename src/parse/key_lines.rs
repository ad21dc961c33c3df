//! Metadata written in the body rather than in front matter: `Key: value`
//! lines and key/value tables under the title, in a first Overview/概要
//! section, or in a section named for metadata (`## Metadata`,
//! `## メタデータ`, `## Incident details`).

use super::code_fences::outside_code;
use super::front_matter::{self, Aliases};
use super::headings::normalize;
use crate::model::{Canonical, Meta, Section};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Headings of sections that hold only metadata.
const METADATA_HEADINGS: [&str; 12] = [
    "metadata",
    "incident metadata",
    "incident details",
    "incident information",
    "incident info",
    "details",
    "date",
    "メタデータ",
    "基本情報",
    "메타데이터",
    "기본 정보",
    "인시던트 정보",
];

/// Whether a heading names a metadata section.
pub fn is_metadata_heading(heading: &str) -> bool {
    METADATA_HEADINGS.contains(&normalize(heading).as_str())
}

/// Fills the keys front matter left unset; returns each key set with its
/// line in the file.
pub fn read(
    meta: &mut Meta,
    sections: &[Section],
    body_lines: &[&str],
    body_line: usize,
    aliases: &Aliases,
) -> BTreeMap<&'static str, usize> {
    let mut lines = BTreeMap::new();
    let mut fill = |meta: &mut Meta, from: usize, to: usize| {
        let (from, to) = (from.min(body_lines.len()), to.min(body_lines.len()));
        for (key, i) in
            front_matter::fill_from_lines(meta, &body_lines[from..to.max(from)], aliases)
        {
            lines.entry(key).or_insert(body_line + from + i);
        }
    };
    // The title heading never ends the preamble, even when its words look
    // like a section name ("# 회고 — …").
    let title = sections.iter().find(|s| s.level == 1).map(|s| s.line);
    let first = sections
        .iter()
        .find(|s| s.level >= 2 || (s.canonical.is_some() && Some(s.line) != title));
    // "Date: …" lines under the title, for files without front matter.
    fill(
        meta,
        0,
        first.map_or(body_lines.len(), |s| s.line - body_line),
    );
    // Many templates keep the key lines under a first "Overview"/"概要"
    // heading, others in a metadata section anywhere.
    for s in sections {
        let first_summary =
            first.is_some_and(|f| f.line == s.line) && s.canonical == Some(Canonical::Summary);
        if !(first_summary || is_metadata_heading(&s.heading)) {
            continue;
        }
        let from = (s.line + 1).saturating_sub(body_line);
        let to = sections
            .iter()
            .find(|n| n.line > s.line && n.level <= s.level)
            .map_or(body_lines.len(), |n| n.line - body_line);
        fill(meta, from, to);
    }
    key_headings(meta, sections, body_lines, body_line, aliases, &mut lines);
    if meta.severity.is_none() {
        severity_section(meta, sections, body_lines, body_line, &mut lines);
    }
    if meta.severity.is_none() {
        bold_severity(meta, body_lines, body_line, &mut lines);
    }
    lines
}

/// Keys a heading may name with the value on the line below it
/// (`### 発生日時` then `2021年11月25日午後3時`, `## Date` then `March 3, 2024`).
const DATED_KEYS: [&str; 5] = ["date", "started", "detected", "mitigated", "resolved"];

/// Reads a heading that names a date key, with its value as the first line
/// of the section, when that line is short and holds a date.
fn key_headings(
    meta: &mut Meta,
    sections: &[Section],
    body_lines: &[&str],
    body_line: usize,
    aliases: &Aliases,
    lines: &mut BTreeMap<&'static str, usize>,
) {
    for s in sections {
        let key = s.heading.trim().trim_end_matches([':', '：']).trim();
        if !aliases
            .canonical(key)
            .is_some_and(|k| DATED_KEYS.contains(&k))
        {
            continue;
        }
        let Some((i, value)) = first_line(s, body_lines, body_line) else {
            continue;
        };
        let value = value.trim().trim_matches(['*', '_']);
        if value.chars().count() > 80 || super::dates::find(value).is_none() {
            continue;
        }
        let line = format!("{key}: {value}");
        for (k, _) in front_matter::fill_from_lines(meta, &[&line], aliases) {
            lines.entry(k).or_insert(body_line + i);
        }
    }
}

/// The first line with text under a section's heading, before any other
/// heading, with its index in `body_lines`.
fn first_line<'a>(
    s: &Section,
    body_lines: &[&'a str],
    body_line: usize,
) -> Option<(usize, &'a str)> {
    let from = (s.line + 1).saturating_sub(body_line);
    body_lines
        .iter()
        .copied()
        .enumerate()
        .skip(from)
        .take_while(|(_, l)| !l.trim_start().starts_with('#'))
        .find(|(_, l)| !l.trim().is_empty())
}

/// Headings of a section that states the severity in its first line
/// (`## Severity` then `**Critical** - complete outage`).
const SEVERITY_HEADINGS: [&str; 6] = [
    "severity",
    "severity level",
    "impact level",
    "심각도",
    "重大度",
    "深刻度",
];

/// Takes the first line of a severity section as the severity.
fn severity_section(
    meta: &mut Meta,
    sections: &[Section],
    body_lines: &[&str],
    body_line: usize,
    lines: &mut BTreeMap<&'static str, usize>,
) {
    // "Severity", and "Severity & Impact": a heading that starts with it.
    let names = |h: &str| {
        let h = normalize(h);
        SEVERITY_HEADINGS
            .iter()
            .any(|s| h == *s || h.strip_prefix(s).is_some_and(|r| r.starts_with(' ')))
    };
    let Some(s) = sections.iter().find(|s| names(&s.heading)) else {
        return;
    };
    if let Some((i, l)) = first_line(s, body_lines, body_line) {
        let text = l.replace("**", "").replace("__", "");
        let text = text.trim().trim_start_matches(['-', '*', '>']).trim();
        if !text.is_empty() && text.chars().count() <= 200 {
            meta.severity = Some(text.to_string());
            lines.insert("severity", body_line + i);
        }
    }
}

/// `**Severity:** Major (…)` as a line of its own: bold keeps it a key even
/// in the middle of a section (teams write it under Impact).
static BOLD_SEVERITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:[-*+]\s+)?(?:\*\*|__)(?:severity|severity level|심각도|重大度|深刻度)\s*[:：]?\s*(?:\*\*|__)\s*[:：]?\s*(\S.*)$",
    )
    .unwrap()
});

/// The first bold severity key line outside code blocks.
fn bold_severity(
    meta: &mut Meta,
    body_lines: &[&str],
    body_line: usize,
    lines: &mut BTreeMap<&'static str, usize>,
) {
    for (i, l) in outside_code(body_lines) {
        let Some(value) = BOLD_SEVERITY.captures(l) else {
            continue;
        };
        let value = value[1].replace("**", "").replace("__", "");
        let value = value.trim();
        if !value.is_empty() && value.chars().count() <= 200 {
            meta.severity = Some(value.to_string());
            lines.insert("severity", body_line + i);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn severity_of(md: &str) -> Option<String> {
        let mut meta = Meta::default();
        let lines: Vec<&str> = md.lines().collect();
        bold_severity(&mut meta, &lines, 1, &mut BTreeMap::new());
        meta.severity
    }

    #[test]
    fn a_bold_severity_line_counts_anywhere_but_in_code() {
        let md = "## Impact\n\n**Severity:** Major (customer-visible)\n";
        assert_eq!(severity_of(md).as_deref(), Some("Major (customer-visible)"));
        assert_eq!(
            severity_of("- __Severity__: SEV2\n").as_deref(),
            Some("SEV2")
        );
        assert_eq!(severity_of("```\n**Severity:** SEV1\n```\n"), None);
        assert_eq!(severity_of("The severity was high.\n"), None);
    }
}
