//! The language of a postmortem's page: the front matter's `lang` when it
//! sets one, else the script of its text (Hangul: Korean, kana: Japanese),
//! else the site's language. Screen readers and hyphenation follow it.

use crate::model::Postmortem;

/// How much of the title and body is looked at: enough to tell the
/// script, and the same for every file size.
const SAMPLE_CHARS: usize = 4000;

/// The BCP 47 tag `pm` states or its text shows; `None`: the site's.
pub fn of(pm: &Postmortem) -> Option<String> {
    let stated = ["lang", "language"]
        .iter()
        .find_map(|k| pm.meta.written.extra.get(*k))
        .map(|v| v.trim())
        .filter(|v| is_tag(v));
    if let Some(tag) = stated {
        return Some(tag.to_string());
    }
    let text = pm.title.chars().chain(pm.body.chars()).take(SAMPLE_CHARS);
    detect(text).map(str::to_string)
}

/// A plausible language tag (`ko`, `en-GB`, `zh-Hant`): letters, digits
/// and hyphens, so a value can never break out of the attribute.
fn is_tag(v: &str) -> bool {
    (2..=35).contains(&v.len())
        && v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `ko` or `ja` when that script is a real share of the letters (a
/// Korean name in an English postmortem is not enough), else `None`.
pub fn detect(text: impl Iterator<Item = char>) -> Option<&'static str> {
    let (mut letters, mut hangul, mut kana) = (0usize, 0usize, 0usize);
    for c in text.filter(|c| c.is_alphabetic()) {
        letters += 1;
        match c as u32 {
            0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => kana += 1,
            _ => {}
        }
    }
    // Kana mark Japanese even beside many kanji; Korean text mixes in
    // English technical words, so a fifth of the letters is enough.
    if kana * 10 >= letters.max(1) {
        Some("ja")
    } else if hangul * 5 >= letters.max(1) {
        Some("ko")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_decide_the_language() {
        assert_eq!(
            detect("일일 대사 배치 9시간 지연 advisory lock".chars()),
            Some("ko")
        );
        assert_eq!(
            detect("決済APIのタイムアウトが発生しました".chars()),
            Some("ja")
        );
        assert_eq!(
            detect(
                "Brokers restarted by Ravi Patel, Ingrid Halvorsen, 김지훈 and the platform team"
                    .chars()
            ),
            None
        );
        assert_eq!(detect("".chars()), None);
    }

    #[test]
    fn stated_tags_are_checked() {
        assert!(is_tag("ko"));
        assert!(is_tag("en-GB"));
        assert!(!is_tag("en\" onload=\"x"));
        assert!(!is_tag("1x"));
    }
}
