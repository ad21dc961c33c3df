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
    // A block of `Key: value` lines is metadata.
    let keyed = t
        .lines()
        .filter(|l| {
            key_value(l.trim().trim_matches(['*', '_', '-', ' ']))
                .is_some_and(|(k, _)| k.chars().count() <= 30)
        })
        .count();
    keyed * 2 <= t.lines().count() && super::dates::leading(t).is_none_or(|d| d.len + 12 < t.len())
}

/// The summary text of the blocks in `range`: the first prose paragraph,
/// else the top-level bullets joined.
fn from_blocks(blocks: &[Located], range: &std::ops::Range<usize>) -> Option<(String, usize)> {
    let inside = || blocks.iter().filter(|b| range.contains(&b.offset));
    let para = inside().find_map(|b| match &b.block {
        Block::Paragraph { text } if is_prose(text) => Some((text.replace('\n', " "), b.offset)),
        _ => None,
    });
    para.or_else(|| {
        let items: Vec<&Located> = inside()
            .filter(|b| matches!(&b.block, Block::Item { depth: 1, text, .. } if is_prose(text)))
            .collect();
        let text = items
            .iter()
            .filter_map(|b| match &b.block {
                Block::Item { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        (!text.is_empty()).then(|| (text, items[0].offset))
    })
}

/// The summary and where it came from. `line_of` maps body offsets to lines.
pub fn find(
    front_matter: Option<&str>,
    sections: &[Section],
    blocks: &[Located],
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
        let (text, at) = named.iter().find_map(|s| from_blocks(blocks, &s.content))?;
        return Some((text, Origin::at(Source::Section, line_of(at))));
    }
    // No summary section: the lead paragraph between the title and the
    // first section.
    let title = blocks
        .iter()
        .position(|b| matches!(b.block, Block::Heading { level: 1, .. }));
    let start = title.map_or(0, |i| blocks[i].end);
    let end = sections
        .iter()
        .filter(|s| s.level >= 2)
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
        find(None, &sections, &blocks, &|_| 1).map(|s| s.0)
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
            .starts_with("Checkout failed for card payments in the EU region Fixed"));
        let keys_only = "# T\n\n## Summary\n\n- **Duration**: 13+ hours\n- **Impact**: all jobs\n\n## Impact\nx\n";
        assert_eq!(summary(keys_only), None);
        let disclaimer = "# T\n\n## Summary\n\nNote: this is a draft and may change.\n\nThe queue filled up because a consumer crashed on a bad message.\n";
        assert!(summary(disclaimer)
            .unwrap()
            .starts_with("The queue filled up"));
    }
}
