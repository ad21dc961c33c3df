//! The one text analyzer, shared by the tantivy index, the command line and
//! (ported to JavaScript in `site-theme/static/analyzer.js`) the browser. The
//! fixture `tests/fixtures/analyzer.json` is checked by both `cargo test` and
//! `node --test`, so the two implementations cannot drift.
//!
//! Rules:
//! - text is lowercased one character at a time (no context-sensitive rules,
//!   so Rust and JavaScript agree);
//! - a run of letters/digits outside the CJK scripts is one word; words longer
//!   than [`MAX_WORD_CHARS`] are dropped (their position still counts);
//! - words of only ASCII letters get Harman's "S" stemmer (timeouts → timeout,
//!   policies → policy), small and easy to port exactly;
//! - a run of Hangul, Han, Hiragana or Katakana becomes overlapping bigrams
//!   (서버가 → 서버, 버가), a lone character stays a unigram: Korean particles
//!   glue to nouns, so whole-word tokens would never match.

/// Version of the rules above; the browser refuses an index built with another.
pub const ANALYZER_VERSION: u32 = 1;

/// Longest word kept, in characters.
pub const MAX_WORD_CHARS: usize = 40;

/// One token with its position and byte offsets in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token as indexed: lowercased, stemmed when plain ASCII, or a CJK bigram.
    pub text: String,
    /// Word position in the input, counting dropped words too (for phrases).
    pub position: usize,
    /// Byte offset where the token starts in the input.
    pub from: usize,
    /// Byte offset where the token ends in the input (exclusive).
    pub to: usize,
}

/// Hangul, Han, Hiragana and Katakana: scripts written without spaces
/// between words (or with particles attached).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF // Hangul
        | 0x3040..=0x309F // Hiragana
        | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F // Katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF // Han
    )
}

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Word,
    Cjk,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// Harman's S stemmer, for words of ASCII letters only.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    if let Some(base) = word.strip_suffix("ies") {
        if !word.ends_with("eies") && !word.ends_with("aies") {
            return format!("{base}y");
        }
    }
    if let Some(base) = word.strip_suffix("es") {
        if !word.ends_with("aes") && !word.ends_with("ees") && !word.ends_with("oes") {
            return format!("{base}e");
        }
    }
    if let Some(base) = word.strip_suffix('s') {
        if !word.ends_with("us") && !word.ends_with("ss") {
            return base.to_string();
        }
    }
    word.to_string()
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Splits `text` into tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        let kind = class(c);
        if kind == Class::Other {
            chars.next();
            continue;
        }
        // One run of the same class.
        let mut run: Vec<(usize, char)> = Vec::new();
        while let Some(&(i, c)) = chars.peek() {
            if class(c) != kind {
                break;
            }
            run.push((i, c));
            chars.next();
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        match kind {
            Class::Word => {
                if run.len() <= MAX_WORD_CHARS {
                    out.push(Token {
                        text: stem(&lower(&text[start..end])),
                        position,
                        from: start,
                        to: end,
                    });
                }
                position += 1;
            }
            Class::Cjk => {
                if run.len() == 1 {
                    out.push(Token {
                        text: lower(&text[start..end]),
                        position,
                        from: start,
                        to: end,
                    });
                    position += 1;
                } else {
                    for w in run.windows(2) {
                        let to = w[1].0 + w[1].1.len_utf8();
                        out.push(Token {
                            text: lower(&text[w[0].0..to]),
                            position,
                            from: w[0].0,
                            to,
                        });
                        position += 1;
                    }
                }
            }
            Class::Other => unreachable!("skipped above"),
        }
    }
    out
}

/// Token texts only (queries).
pub fn terms(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.text).collect()
}

/// The analyzer as a tantivy tokenizer (registered as [`TOKENIZER_NAME`]).
#[derive(Clone, Default)]
pub struct HindsightTokenizer {
    token: tantivy::tokenizer::Token,
}

/// Name under which the tokenizer is registered with tantivy.
pub const TOKENIZER_NAME: &str = "hindsight";

/// Token stream over precomputed tokens.
pub struct HindsightStream<'a> {
    tokens: std::vec::IntoIter<Token>,
    token: &'a mut tantivy::tokenizer::Token,
}

impl tantivy::tokenizer::Tokenizer for HindsightTokenizer {
    type TokenStream<'a> = HindsightStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> HindsightStream<'a> {
        self.token.reset();
        HindsightStream {
            tokens: tokens(text).into_iter(),
            token: &mut self.token,
        }
    }
}

impl tantivy::tokenizer::TokenStream for HindsightStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.token.text = t.text;
                self.token.position = t.position;
                self.token.offset_from = t.from;
                self.token.offset_to = t.to;
                self.token.position_length = 1;
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &tantivy::tokenizer::Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Case {
        input: String,
        tokens: Vec<(String, usize)>,
    }

    /// The fixture shared with the JavaScript port (`node --test`).
    #[test]
    fn shared_fixture() {
        let text = include_str!("../../tests/fixtures/analyzer.json");
        let cases: Vec<Case> = serde_json::from_str(text).unwrap();
        assert!(cases.len() >= 20);
        for case in cases {
            let got: Vec<(String, usize)> = tokens(&case.input)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            assert_eq!(got, case.tokens, "input: {:?}", case.input);
        }
    }

    #[test]
    fn offsets_point_into_the_input() {
        let text = "DB 서버가 timeouts";
        for t in tokens(text) {
            assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
        }
        assert_eq!(tokens(text)[1].text, "서버");
        assert_eq!(&text[tokens(text)[1].from..tokens(text)[1].to], "서버");
    }
}
