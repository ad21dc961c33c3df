//! Which heading is a postmortem's title, and the title a file name gives
//! when the document has none.
//!
//! Templates often put something other than the title in the first H1: a
//! label (`# Title:` with the title below it), the name of the collection
//! (`# Postmortems` above `## <id> - <title>`), or the first section when
//! every section is an H1 (`# Overview`). Taking those as the title would
//! name a dozen postmortems "Overview".

use super::blocks::{Block, Located};
use super::times;

/// First-H1 texts that are a label for the title rather than the title.
const LABELS: [&str; 9] = [
    "title",
    "incident title",
    "postmortem title",
    "incident name",
    "[title]",
    "name",
    "タイトル",
    "件名",
    "제목",
];

/// First-H1 texts that name the collection, not one incident.
const COLLECTIONS: [&str; 12] = [
    "postmortem",
    "postmortems",
    "post-mortem",
    "post-mortems",
    "post mortems",
    "incident report",
    "incident reports",
    "incidents",
    "ポストモーテム",
    "障害報告",
    "障害報告書",
    "포스트모템",
];

/// The block that gives a document its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleBlock {
    /// The title's plain text.
    pub text: String,
    /// Where the block starts and ends in the body.
    pub offset: usize,
    /// Byte offset where the block ends in the body.
    pub end: usize,
}

/// The block that holds the title, if the document has one. `is_section`
/// tells a section or metadata heading (`Overview`, `Metadata`) from a
/// title.
pub fn heading(blocks: &[Located], is_section: &dyn Fn(&str) -> bool) -> Option<TitleBlock> {
    let pos = blocks.iter().position(|b| heading_level(b) == Some(1))?;
    let text = heading_text(&blocks[pos])?;
    let at = |text: String, b: &Located| TitleBlock {
        text,
        offset: b.offset,
        end: b.end,
    };
    let lower = text.trim().to_lowercase();
    let label = lower.trim_end_matches([':', '：']).trim();
    if LABELS.contains(&label) {
        return following_title(blocks.get(pos + 1), is_section);
    }
    if let Some((key, value)) = text.split_once([':', '：']) {
        let key = key.trim().to_lowercase();
        if LABELS.contains(&key.as_str()) && !value.trim().is_empty() {
            return Some(at(value.trim().to_string(), &blocks[pos]));
        }
    }
    if COLLECTIONS.contains(&label) {
        return following_title(blocks.get(pos + 1), is_section)
            .filter(|_| matches!(heading_level(&blocks[pos + 1]), Some(2..)));
    }
    let h1_count = blocks
        .iter()
        .filter(|b| heading_level(b) == Some(1))
        .count();
    if h1_count > 1 && is_section(&text) {
        return None;
    }
    (!text.trim().is_empty()).then(|| at(text, &blocks[pos]))
}

/// The block right after a label heading, when it reads as a title: a
/// heading that is not a section, or a short one-line paragraph.
fn following_title(
    next: Option<&Located>,
    is_section: &dyn Fn(&str) -> bool,
) -> Option<TitleBlock> {
    let next = next?;
    let text = match &next.block {
        Block::Heading { text, .. } if !is_section(text) => text,
        Block::Paragraph { text } if text.chars().count() < 120 && !text.contains('\n') => text,
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| TitleBlock {
        text: text.to_string(),
        offset: next.offset,
        end: next.end,
    })
}

fn heading_level(b: &Located) -> Option<u8> {
    match b.block {
        Block::Heading { level, .. } => Some(level),
        _ => None,
    }
}

fn heading_text(b: &Located) -> Option<String> {
    match &b.block {
        Block::Heading { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// The title a file name gives: its words without a leading date or
/// number, as written (`2024-02-28-search is down` → `search is down`).
/// `None` when the name is an identifier rather than words (a UUID, a hash,
/// a bare number): a title made of it would look like one and say nothing.
pub fn from_file_name(stem: &str) -> Option<String> {
    let rest = times::leading_date(stem).map_or(stem, |(_, used)| &stem[used..]);
    let words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    // A leading number is a sequence number ("001-…") only as a word of its own.
    let start = words
        .iter()
        .position(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or(words.len());
    let words = &words[start..];
    if words.is_empty() {
        return None;
    }
    if is_identifier(words) {
        return None;
    }
    Some(words.join(" "))
}

/// Words no reader would write: hexadecimal with digits in them
/// (`04f5afd8 fced …`), as UUIDs and hashes are.
fn is_identifier(words: &[&str]) -> bool {
    words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_hexdigit()))
        && words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
}

/// A title made from a summary when nothing else names the document: its
/// first sentence, cut at a word before `max` characters.
pub fn from_summary(summary: &str, max: usize) -> Option<String> {
    let text = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '。')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text.len(), |(i, _)| i);
    let sentence = text[..end].trim();
    if sentence.is_empty() {
        return None;
    }
    if sentence.chars().count() <= max {
        return Some(sentence.to_string());
    }
    let cut: String = sentence.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(md: &str) -> Option<String> {
        let (blocks, _) = super::super::blocks::extract(md);
        let sections =
            |h: &str| ["overview", "metadata", "summary"].contains(&h.to_lowercase().as_str());
        heading(&blocks, &sections).map(|t| t.text)
    }

    #[test]
    fn the_title_heading_is_not_a_label_a_collection_or_a_section() {
        assert_eq!(
            title_of("# Cert expiry\n\n## Summary\n").unwrap(),
            "Cert expiry"
        );
        assert_eq!(
            title_of("# Title: \n### Mobile release without translations\n\n# Events\n").unwrap(),
            "Mobile release without translations"
        );
        assert_eq!(title_of("# Title: Disk full\n").unwrap(), "Disk full");
        assert_eq!(
            title_of("# Postmortems\n\n## 1716940000 - Rewards skipped\n\ntext\n").unwrap(),
            "1716940000 - Rewards skipped"
        );
        assert_eq!(title_of("# Postmortems\n\n## Summary\n"), None);
        assert_eq!(title_of("# Overview\n\ntext\n\n# Root causes\n"), None);
        // One H1 that looks like a section name is still the title.
        assert_eq!(title_of("# Overview\n\ntext\n").unwrap(), "Overview");
    }

    #[test]
    fn a_file_name_gives_its_words_as_written() {
        assert_eq!(
            from_file_name("2024-02-28-search is down").unwrap(),
            "search is down"
        );
        assert_eq!(
            from_file_name("002-newsletter-signup-dead-endpoint").unwrap(),
            "newsletter signup dead endpoint"
        );
        // Digits that start a word are part of it.
        assert_eq!(from_file_name("04-3scale-outage").unwrap(), "3scale outage");
        assert_eq!(
            from_file_name("PM2019-009 - DNS").unwrap(),
            "PM2019 009 DNS"
        );
    }

    #[test]
    fn an_identifier_for_a_file_name_gives_no_title() {
        assert_eq!(from_file_name("04f5afd8-09fc-4314-9c60-7f942faca125"), None);
        assert_eq!(from_file_name("9de8424e"), None);
        assert_eq!(from_file_name("7e14860a-fced-4a66-9fdf-40f702ceeccd"), None);
        assert_eq!(from_file_name("1042"), None);
        assert_eq!(from_file_name("2024-03-12-1042"), None);
        assert_eq!(from_file_name("cafe-outage").unwrap(), "cafe outage");
    }

    #[test]
    fn a_summary_gives_its_first_sentence_as_a_title() {
        assert_eq!(
            from_summary("An apt update broke pinned packages. Writes failed.", 80).unwrap(),
            "An apt update broke pinned packages"
        );
        assert_eq!(
            from_summary("Version 1.2 of the  agent\nleaked memory", 80).unwrap(),
            "Version 1.2 of the agent leaked memory"
        );
        assert_eq!(
            from_summary("one two three four five six", 14).unwrap(),
            "one two three…"
        );
        assert_eq!(from_summary("  ", 80), None);
        assert_eq!(from_file_name("2024-03-12"), None);
    }
}
