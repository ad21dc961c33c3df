//! The summary: front matter `summary`, else the section named as a
//! summary, else the lead paragraph under the title. Never a disclaimer, a
//! bare date, a link line or a block of key lines; a summary written as
//! bullets is read as one text.

use super::blocks::{Block, Located};
use super::front_matter::key_value;
use crate::model::{Canonical, Origin, Section, Source};

/// Openings of paragraphs that introduce a document instead of summing it up.
const DISCLAIMERS: [&str; 8] = [
    "note:",
    "disclaimer",
    "this document",
    "this post-mortem",
    "this postmortem",
    "internal post-mortem",
    "internal postmortem",
    "tl;dr:",
];

/// Whether a paragraph can stand as the summary.
fn is_prose(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    if t.chars().count() < 20
        || DISCLAIMERS
            .iter()
            .any(|d| lower.starts_with(d) && *d != "tl;dr:")
    {
        return false;
    }
    if is_byline(t) {
        return false;
    }
    // A block of `Key: value` lines is metadata.
    let keyed = t
        .lines()
        .filter(|l| {
            key_value(l.trim().trim_matches(['*', '_', '-', ' ']))
                .is_some_and(|(k, v)| k.chars().count() <= 30 && !is_clock(k, v))
        })
        .count();
    keyed * 2 <= t.lines().count() && super::dates::leading(t).is_none_or(|d| d.len + 12 < t.len())
}

/// Openings of a line that names who wrote a document or when.
const BYLINES: [&str; 6] = [
    "by ",
    "written by",
    "posted ",
    "published ",
    "authored ",
    "updated ",
];

/// Small words a byline may hold besides names and its date.
const BYLINE_WORDS: [&str; 9] = [
    "by",
    "on",
    "at",
    "and",
    "of",
    "posted",
    "written",
    "published",
    "updated",
];

/// Whether a short line (in words, and in characters for scripts written
/// without spaces) is a byline or dateline: "Mike Shultz 2021-02-22.",
/// "Posted on March 3", "Thursday, Mar. 22, 2018". It says who wrote the
/// document or when, not what happened; "It broke on Mar. 22, 2018." is a
/// sentence (it has words that are neither names nor byline words).
pub(super) fn is_byline(text: &str) -> bool {
    let t = text.trim().trim_matches(['*', '_', '.', ' ']);
    if t.split_whitespace().count() > 6 || t.chars().count() > 60 {
        return false;
    }
    let lower = t.to_lowercase();
    if BYLINES.iter().any(|b| lower.starts_with(b)) {
        return true;
    }
    let Some((hit, at)) = super::dates::find(t) else {
        return false;
    };
    let rest = format!("{} {}", &t[..at], &t[at + hit.len..]);
    rest.split_whitespace()
        .all(|w| !w.starts_with(char::is_lowercase) || BYLINE_WORDS.contains(&w.trim_matches(',')))
}

/// Whether the colon of a `key: value` split is a clock's (`06:20`).
fn is_clock(key: &str, value: &str) -> bool {
    key.ends_with(|c: char| c.is_ascii_digit()) && value.starts_with(|c: char| c.is_ascii_digit())
}

/// The summary text of the blocks in `range`: the first prose paragraph
/// (with the bullets it introduces, when it ends in a colon), else a key
/// that is itself the summary (`概要（1〜3行）: …`), else the top-level
/// bullets joined.
fn from_blocks(blocks: &[Located], range: &std::ops::Range<usize>) -> Option<(String, usize)> {
    let inside: Vec<&Located> = blocks
        .iter()
        .filter(|b| range.contains(&b.offset))
        .collect();
    let para = inside.iter().enumerate().find_map(|(i, b)| match &b.block {
        Block::Paragraph { text } if is_prose(text) || text.trim_end().ends_with([':', '：']) => {
            let bullets = joined_items(&inside[i + 1..], false);
            let text = text.replace('\n', " ");
            match bullets {
                Some(items) if text.trim_end().ends_with([':', '：']) => {
                    Some((format!("{} {items}", text.trim()), b.offset))
                }
                _ => is_prose(&text).then_some((text, b.offset)),
            }
        }
        _ => None,
    });
    para.or_else(|| inside.iter().find_map(|b| summary_key(b)))
        .or_else(|| {
            let first = inside.iter().find(
                |b| matches!(&b.block, Block::Item { depth: 1, text, .. } if is_prose(text)),
            )?;
            Some((joined_items(&inside, true)?, first.offset))
        })
}

/// The prose top-level bullets of `blocks` as one text: all of them, or
/// (`anywhere` false) only those right at the start.
fn joined_items(blocks: &[&Located], anywhere: bool) -> Option<String> {
    let items: Vec<&str> = blocks
        .iter()
        .take_while(|b| anywhere || matches!(b.block, Block::Item { .. }))
        .filter_map(|b| match &b.block {
            Block::Item { depth: 1, text, .. } if is_prose(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    (!items.is_empty()).then(|| join_items(&items))
}

/// Bullets as one text: an item that does not end a sentence is closed
/// with "; " so two items never run together as one.
fn join_items(items: &[&str]) -> String {
    let mut out = String::new();
    for item in items {
        if !out.is_empty() {
            let closed = out.ends_with(['.', '!', '?', ';', ':', '。', '！', '？']);
            out.push_str(if closed { " " } else { "; " });
        }
        out.push_str(item.trim());
    }
    out
}

/// The summary a heading carries itself: `### Summary: Search returned
/// empty results for an hour.`
fn heading_value(heading: &str) -> Option<String> {
    let (_, value) = heading.split_once([':', '：'])?;
    let value = value.trim();
    is_prose(value).then(|| value.to_string())
}

/// The value of a key line whose key names the summary.
fn summary_key(b: &Located) -> Option<(String, usize)> {
    let (Block::Item { text, .. } | Block::Paragraph { text }) = &b.block else {
        return None;
    };
    let (key, value) = key_value(text.trim().trim_matches(['*', '_']))?;
    let key = key.trim().trim_matches(['*', '_']);
    let value = value.trim().trim_start_matches(['*', '_']).trim();
    let named = super::headings::classify(key) == Some(Canonical::Summary);
    (named && value.chars().count() >= 20).then(|| (value.to_string(), b.offset))
}

/// The summary and where it came from. `line_of` maps body offsets to lines.
pub fn find(
    front_matter: Option<&str>,
    sections: &[Section],
    blocks: &[Located],
    title_end: Option<usize>,
    line_of: &dyn Fn(usize) -> usize,
) -> Option<(String, Origin)> {
    if let Some(s) = front_matter {
        return Some((s.to_string(), Origin::of(Source::FrontMatter)));
    }
    // The first summary section that holds prose: `## 개요` may be a key
    // table followed by a `## 요약` in words.
    let named: Vec<&Section> = sections
        .iter()
        .filter(|s| s.canonical == Some(Canonical::Summary))
        .collect();
    if !named.is_empty() {
        let (text, line) = named.iter().find_map(|s| {
            let found = from_blocks(blocks, &s.content).map(|(t, at)| (t, line_of(at)));
            found.or_else(|| heading_value(&s.heading).map(|t| (t, s.line)))
        })?;
        return Some((text, Origin::at(Source::Section, line)));
    }
    // No summary section: the lead paragraph between the title and the
    // first section.
    let start = title_end.unwrap_or(0);
    let end = sections
        .iter()
        .map(|s| s.content.start)
        .find(|&c| c > start)
        .and_then(|c| blocks.iter().rev().find(|b| b.offset < c).map(|b| b.end))
        .unwrap_or(usize::MAX);
    let (text, at) = from_blocks(blocks, &(start..end))?;
    Some((text, Origin::at(Source::LeadParagraph, line_of(at))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(md: &str) -> Option<String> {
        let (blocks, spans) = super::super::blocks::extract(md);
        let sections = super::super::sections::build(&blocks, &spans, md.len(), &|_| 1);
        let title = blocks
            .iter()
            .find(|b| matches!(b.block, Block::Heading { level: 1, .. }));
        find(None, &sections, &blocks, title.map(|b| b.end), &|_| 1).map(|s| s.0)
    }

    #[test]
    fn lead_paragraph_list_and_what_is_not_a_summary() {
        let lead = "# Title\n\nInternal post-mortem: https://example.com/x\n\nThe importer stalled for two hours after a schema change.\n\n## Timeline\n- 10:00 x\n";
        assert_eq!(
            summary(lead).unwrap(),
            "The importer stalled for two hours after a schema change."
        );
        let list = "# T\n\n## Summary\n\n**Date**: 2024-01-02\n**Severity**: High\n\n- Checkout failed for card payments in the EU region\n- Fixed by rolling back the gateway\n";
        assert!(summary(list)
            .unwrap()
            .starts_with("Checkout failed for card payments in the EU region; Fixed"));
        let keys_only = "# T\n\n## Summary\n\n- **Duration**: 13+ hours\n- **Impact**: all jobs\n\n## Impact\nx\n";
        assert_eq!(summary(keys_only), None);
        let disclaimer = "# T\n\n## Summary\n\nNote: this is a draft and may change.\n\nThe queue filled up because a consumer crashed on a bad message.\n";
        let byline = "# Vault drained\n\n_Ana Ruiz 2021-02-22._\n\nAn attacker drained the vault through a reentrant call in withdraw().\n\n## Timeline\n- 10:00 x\n";
        assert!(summary(byline).unwrap().starts_with("An attacker drained"));
        let posted = "# T\n\nPosted by the platform team\n\nDeploys stalled for an hour behind a stuck lock.\n";
        assert!(summary(posted).unwrap().starts_with("Deploys stalled"));
        assert!(summary(disclaimer)
            .unwrap()
            .starts_with("The queue filled up"));
    }
}
