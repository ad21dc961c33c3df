//! Words for analysis (related incidents, cluster labels, concepts), as
//! opposed to the search analyzer's tokens ([`super::analyzer`]), which cut
//! Korean and Japanese into bigrams so that any part of a word is found.
//! Labels and concept matching need whole words:
//!
//! - a run of letters/digits outside the CJK scripts is one word, lowercased
//!   and stemmed as the search analyzer does;
//! - a Korean word (a run of Hangul) loses one trailing particle or
//!   predicate ending (`인증서가` → `인증서`, `만료되었다` → `만료`) when at
//!   least two syllables remain, so short nouns such as `속도` stay whole;
//! - Japanese text is split where the script changes: runs of Han and of
//!   Katakana are words, Hiragana (particles, okurigana) is dropped, so
//!   `証明書の期限切れ` gives `証明書`, `期限切`.
//!
//! Words of one character (Korean, Han, Katakana) say too little to keep.

use super::analyzer::{stem, MAX_WORD_CHARS};

/// One word with its byte offsets in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as compared: lowercased and stemmed, particles stripped from Korean.
    pub text: String,
    /// Byte offset where the word starts in the input.
    pub from: usize,
    /// Byte offset where the word ends (exclusive; for Korean, before a stripped particle).
    pub to: usize,
}

/// Korean particles and endings, longest first within each length so the
/// longest one that fits is stripped.
const KO_SUFFIXES: &[&str] = &[
    "되었으며",
    "되었는데",
    "되었다",
    "되었고",
    "되면서",
    "하였다",
    "하면서",
    "이었다",
    "에서는",
    "에서도",
    "에서의",
    "으로는",
    "으로도",
    "으로의",
    "에게서",
    "까지는",
    "부터는",
    "이라는",
    "이라고",
    "입니다",
    "습니다",
    "시켰다",
    "됐는데",
    "했는데",
    "에서",
    "에게",
    "으로",
    "까지",
    "부터",
    "처럼",
    "보다",
    "이나",
    "이며",
    "이고",
    "와의",
    "과의",
    "에는",
    "에도",
    "되어",
    "됐다",
    "됐고",
    "되는",
    "되지",
    "했다",
    "하여",
    "해서",
    "했고",
    "하며",
    "하는",
    "하지",
    "시켜",
    "였다",
    "이다",
    "라는",
    "라고",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
    "만",
    "며",
    "된",
    "한",
    "할",
    "될",
    "돼",
    "해",
];

#[derive(Clone, Copy, PartialEq)]
enum Script {
    Latin,
    Hangul,
    Han,
    Hiragana,
    Katakana,
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF => {
            Script::Hangul
        }
        0x3040..=0x309F => Script::Hiragana,
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Katakana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF => Script::Han,
        _ if c.is_alphanumeric() => Script::Latin,
        _ => Script::Other,
    }
}

/// A Korean word without its particle or ending.
pub fn strip_korean(word: &str) -> &str {
    let chars = word.chars().count();
    for suffix in KO_SUFFIXES {
        if let Some(base) = word.strip_suffix(suffix) {
            if chars - suffix.chars().count() >= 2 {
                return base;
            }
        }
    }
    word
}

/// Splits `text` into words for analysis.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        let kind = script(c);
        let mut len = 0usize;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if script(c) != kind {
                break;
            }
            len += 1;
            end = i + c.len_utf8();
            chars.next();
        }
        let run = &text[start..end];
        let word = match kind {
            Script::Latin if len <= MAX_WORD_CHARS => Some(stem(
                &run.chars().flat_map(char::to_lowercase).collect::<String>(),
            )),
            Script::Hangul => {
                let base = strip_korean(run);
                (base.chars().count() >= 2).then(|| base.to_string())
            }
            Script::Han | Script::Katakana if len >= 2 => Some(run.to_string()),
            _ => None,
        };
        if let Some(text) = word {
            let to = match kind {
                Script::Hangul => start + text.len(),
                _ => end,
            };
            out.push(Word {
                text,
                from: start,
                to,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn korean_words_lose_particles_and_endings() {
        assert_eq!(
            texts("클라이언트 인증서가 만료되어 핸드셰이크에서 실패했다."),
            ["클라이언트", "인증서", "만료", "핸드셰이크", "실패"]
        );
        assert_eq!(
            texts("커넥션이 고갈되었다. 속도 제한을 설정으로"),
            ["커넥션", "고갈", "속도", "제한", "설정"]
        );
        // Two syllables never lose one: these nouns end like particles.
        assert_eq!(texts("속도 한도 결과가"), ["속도", "한도", "결과"]);
    }

    #[test]
    fn japanese_splits_where_the_script_changes() {
        assert_eq!(
            texts("証明書の期限切れによりハンドシェイクが失敗した"),
            ["証明書", "期限切", "ハンドシェイク", "失敗"]
        );
        assert_eq!(
            texts("コネクションプールが枯渇し、DBへの接続がタイムアウト"),
            ["コネクションプール", "枯渇", "db", "接続", "タイムアウト"]
        );
    }

    #[test]
    fn latin_words_match_the_search_analyzer_and_offsets_hold() {
        let text = "Expired certificates 인증서가 証明書";
        assert_eq!(texts(text), ["expired", "certificate", "인증서", "証明書"]);
        for w in words(text) {
            let first = w.text.chars().next().unwrap();
            assert!(text[w.from..w.to].to_lowercase().starts_with(first));
        }
        assert_eq!(&text[words(text)[2].from..words(text)[2].to], "인증서");
    }
}
