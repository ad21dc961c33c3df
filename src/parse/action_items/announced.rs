//! Action items announced in prose, for the documents that have no
//! action-items section: a status-page post often says "We are making the
//! following changes." and then gives one paragraph or one bullet per
//! change.

use super::super::blocks::Block;
use super::{extract, paragraph_item};
use crate::model::ActionItem;
use regex::Regex;
use std::sync::LazyLock;

/// "the following changes", "changes we are making", "we'll be making
/// several changes": a sentence that announces changes still to come.
/// "These changes" alone looks back at what was said, so it is not one.
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \bthe\s+following\s+(?:\w+\s+)?(?:changes|steps|actions|improvements|measures|fixes|safeguards)\b
        | \b(?:changes|steps|improvements|actions|measures)\s+we\s*(?:are|['’]re|will|['’]ll)\s+
          (?:be\s+)?(?:making|taking|implementing|make|take|implement)\b
        | \bwe\s*(?:are|['’]re|will|['’]ll)\s+(?:be\s+)?(?:making|taking|implementing|make|take|implement)\s+
          (?:these|several|some|a\s+few|a\s+number\s+of|two|three|four|five)\s+(?:\w+\s+)?
          (?:changes|steps|actions|improvements|measures|fixes|safeguards)\b",
    )
    .unwrap()
});

/// An apology or thanks ends the changes: it is the post's closing, not
/// one more change.
fn is_closing(text: &str) -> bool {
    let t = text.to_lowercase();
    ["apolog", "sorry", "thank", "regret"]
        .iter()
        .any(|w| t.contains(w))
}

/// Whether a paragraph ends by announcing changes: the announcement is its
/// last sentence, so the changes follow it.
fn announces(text: &str) -> bool {
    let text = text.trim_end();
    let Some(m) = INTRO.find_iter(text).last() else {
        return false;
    };
    let rest = &text[m.end()..];
    let sentence = text[..m.start()].rsplit(". ").next().unwrap_or("");
    !rest.contains(". ")
        && rest.chars().count() < 60
        && text.ends_with(['.', ':', '：'])
        && OURS.is_match(&format!("{sentence}{}", &text[m.start()..]))
}

/// Changes to come are the team's own or said to be coming: "we", "our",
/// "will". "The attacker profited through the following steps:" narrates
/// what happened, and its list is not work to do.
static OURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:we|our|us|will|shall|plan(?:ned)?|going\s+to)\b|['’]ll\b").unwrap()
});

/// The changes a document announces in prose: the bullets right after the
/// announcing paragraph, else each paragraph after it up to the next
/// heading or the closing apology. Empty when nothing announces changes.
pub fn find(blocks: &[(usize, &Block)]) -> Vec<ActionItem> {
    let Some(at) = blocks
        .iter()
        .rposition(|(_, b)| matches!(b, Block::Paragraph { text } if announces(text)))
    else {
        return Vec::new();
    };
    let after = &blocks[at + 1..];
    let end = after
        .iter()
        .position(|(_, b)| matches!(b, Block::Heading { .. }))
        .unwrap_or(after.len());
    let after = &after[..end];
    if matches!(after.first(), Some((_, Block::Item { .. }))) {
        let list = after
            .iter()
            .position(|(_, b)| !matches!(b, Block::Item { .. }))
            .unwrap_or(after.len());
        return extract(&after[..list]);
    }
    after
        .iter()
        .map_while(|&(line, b)| match b {
            Block::Paragraph { text } if !is_closing(text) && !announces(text) => {
                Some(paragraph_item(text, line, None))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::blocks::extract as blocks_of;

    fn items(md: &str) -> Vec<String> {
        let (located, _) = blocks_of(md);
        let blocks: Vec<(usize, &Block)> = located.iter().map(|b| (1, &b.block)).collect();
        find(&blocks)
            .into_iter()
            .map(|i| i.text.to_string())
            .collect()
    }

    #[test]
    fn paragraphs_after_an_announcement_are_the_items() {
        let md = "The cache filled up.\n\nWe're making three changes.\n\n\
                  First, alerts on cache size.\n\nSecond, a larger cache.\n\n\
                  We apologize for the trouble.\n";
        assert_eq!(
            items(md),
            ["First, alerts on cache size.", "Second, a larger cache."]
        );
    }

    #[test]
    fn bullets_after_an_announcement_are_the_items() {
        let md = "To keep this from happening again, these are the steps we are taking:\n\n\
                  - Add a canary\n- Page on errors\n\nThanks for your patience.\n";
        assert_eq!(items(md), ["Add a canary", "Page on errors"]);
    }

    #[test]
    fn a_mention_of_changes_mid_paragraph_announces_nothing() {
        let md = "We made several changes to the config. Then the site went down.\n\n\
                  It came back an hour later.\n";
        assert!(items(md).is_empty());
        // "These changes" looks back; "the next several steps" is a story.
        let md = "These changes would not have helped.\n\nThe copycats came later.\n";
        assert!(items(md).is_empty());
        let md = "I spent the next several steps debugging.\n\nSo: read the log.\n";
        assert!(items(md).is_empty());
        // A narrated sequence is what happened, not work to come.
        let md = "The attacker drained the pool through the following steps:\n\n\
                  - Borrowed a flash loan\n- Swapped it twice\n";
        assert!(items(md).is_empty());
        let md = "The following steps will be taken:\n\n- Add a canary\n";
        assert_eq!(items(md), ["Add a canary"]);
    }
}
