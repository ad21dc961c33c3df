//! Cuts the body into sections at its headings, and turns lines that only
//! name a section into headings. What a heading means is
//! [`super::headings`].

use super::blocks::{Block, Located};
use super::headings::{classify, Headings};
use crate::model::Section;

/// Turns a paragraph that is only a section's name ("Action Items",
/// "**Timeline:**") into a heading: some templates write labels, not
/// headings. The label takes the level of the heading above it, so it ends
/// that section as a sibling would. A plain line must be a section's name
/// word for word; a bold line or one ending in a colon may be any heading
/// the vocabulary reads, so a sentence that ends in "fix" stays a sentence.
pub fn promote_labels(blocks: &mut [Located], body: &str, headings: &Headings) {
    let mut level = 2;
    for b in blocks.iter_mut() {
        match &b.block {
            Block::Heading { level: l, .. } => level = (*l).max(2),
            Block::Paragraph { text } => {
                let source = body.get(b.offset..b.end).unwrap_or("").trim();
                if let Some(label) = label(text, source, headings) {
                    b.block = Block::Heading { level, text: label };
                }
            }
            _ => {}
        }
    }
}

/// The heading text of a one-line paragraph that names a section.
fn label(text: &str, source: &str, headings: &Headings) -> Option<String> {
    if source.contains('\n') || text.chars().count() > 60 {
        return None;
    }
    let bare = text.trim().trim_end_matches([':', '：']).trim_end();
    let whole = |mark: &str| {
        source.starts_with(mark)
            && source.trim_end_matches([':', '：']).ends_with(mark)
            && source.len() > 2 * mark.len()
    };
    let styled = whole("**") || whole("__") || source.ends_with([':', '：']);
    // A label is a few words; a longer line ending in a colon is a
    // sentence introducing a list ("It resulted from three factors:").
    let short = (1..=5).contains(&bare.split_whitespace().count());
    let named = headings.names_exactly(bare).is_some()
        || styled && short && headings.classify(bare).is_some();
    named.then(|| bare.to_string())
}

/// Builds sections from the heading blocks. Each section's content runs to the
/// next heading of the same or a higher level. `line_of` maps a body offset to
/// a file line; `spans` are the plain-text spans of the body.
pub fn build(
    blocks: &[Located],
    spans: &[(usize, String)],
    body_len: usize,
    line_of: &dyn Fn(usize) -> usize,
) -> Vec<Section> {
    let headings: Vec<(usize, usize, u8, &str)> = blocks
        .iter()
        .filter_map(|b| match &b.block {
            Block::Heading { level, text } => Some((b.offset, b.end, *level, text.as_str())),
            _ => None,
        })
        .collect();
    let mut sections = Vec::with_capacity(headings.len());
    for (i, &(offset, heading_end, level, text)) in headings.iter().enumerate() {
        let end = headings[i + 1..]
            .iter()
            .find(|(_, _, l, _)| *l <= level)
            .map_or(body_len, |(o, _, _, _)| *o);
        let content = heading_end.min(end)..end;
        let text_of = spans
            .iter()
            .filter(|(o, _)| content.contains(o))
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        sections.push(Section {
            heading: text.to_string(),
            level,
            canonical: classify(text),
            line: line_of(offset),
            content,
            text: text_of.into(),
        });
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Canonical;

    fn headings_of(md: &str) -> Vec<(u8, String)> {
        let (mut blocks, _) = super::super::blocks::extract(md);
        promote_labels(&mut blocks, md, &Headings::default());
        blocks
            .into_iter()
            .filter_map(|b| match b.block {
                Block::Heading { level, text } => Some((level, text)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_line_that_only_names_a_section_heads_it() {
        let md = "## Detection\nA customer wrote.\n\nAction Items\n- Add a check\n\n\
                  **Lessons learned:**\n\nWatch the queue.\n\nThe fix:\n- Roll back\n";
        assert_eq!(
            headings_of(md),
            [
                (2, "Detection".to_string()),
                (2, "Action Items".to_string()),
                (2, "Lessons learned".to_string()),
                (2, "The fix".to_string()),
            ]
        );
        assert_eq!(
            classify("How are we preventing it from happening again?"),
            Some(Canonical::ActionItems)
        );
        assert_eq!(classify("14:30 - Builds succeed again"), None);
    }

    #[test]
    fn sentences_stay_sentences() {
        let md = "## Cause\nWe applied the fix\n\n\
                  The outage resulted from three compounding factors:\n- a\n\n\
                  **Summary:** the queue filled up.\n\nLessons learned were many, and\nlong.\n";
        assert_eq!(headings_of(md), [(2, "Cause".to_string())]);
    }
}
