//! Finding the lexicon's concepts in a text ([`find`]) and turning a text
//! into the terms related incidents compare ([`terms`]): a concept found is
//! one term whatever the language or wording (`≡certificate-expiry`), and
//! the words it covers are not counted again; the other words are terms as
//! [`super::words`] gives them.
//!
//! Matching is leftmost-longest within a sentence, so `인증서` (certificate)
//! wins over `인증` (authentication) and `connection pool exhausted` over
//! `connection pool`. A compound concept found by one of its own forms also
//! counts its parts, and one whose parts all occur in a sentence counts
//! itself: `the certificate had expired` and `certificate expiry` share all
//! three terms.

use super::analyzer::is_cjk;
use super::lexicon::Lexicon;
use super::words::{words, Word};

/// Prefix of a concept term, which no word can start with.
pub const CONCEPT_PREFIX: char = '≡';

/// One concept found: its number and the bytes its form covers (empty for
/// a compound found through its parts, or a part of a compound form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The concept's number: its index in the lexicon.
    pub concept: u32,
    /// Byte offset where the form starts in the text.
    pub from: usize,
    /// Byte offset where the form ends in the text (exclusive; equals `from` when empty).
    pub to: usize,
}

/// Byte ranges of the sentences of `text`: ends at `。！？`, at `.!?`
/// followed by a space, at blank lines and before list items.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        let next = i + c.len_utf8();
        let end = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => b.get(next).is_none_or(|n| n.is_ascii_whitespace()),
            '\n' => {
                let rest = text[next..].trim_start_matches([' ', '\t']);
                rest.starts_with(['\n', '-', '*', '+', '#', '|'])
                    || rest.split_once(". ").is_some_and(|(n, _)| {
                        !n.is_empty() && n.len() <= 3 && n.bytes().all(|d| d.is_ascii_digit())
                    })
            }
            _ => false,
        };
        if end {
            if !text[start..next].trim().is_empty() {
                out.push((start, next));
            }
            start = next;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// Concepts in `text`, sentence by sentence, in order of appearance.
pub fn find(lex: &Lexicon, text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut found: Vec<u32> = Vec::new();
    for (from, to) in sentences(text) {
        let sentence = &text[from..to];
        let first = out.len();
        latin_hits(lex, sentence, from, &mut out);
        if sentence.chars().any(is_cjk) {
            cjk_hits(lex, sentence, from, &mut out);
        }
        // Parts of compound forms, then compounds whose parts are all here.
        found.clear();
        found.extend(out[first..].iter().map(|h| h.concept));
        let mut parts = Vec::new();
        for h in &out[first..] {
            for &p in &lex.concept(h.concept).parts {
                if !found.contains(&p) {
                    found.push(p);
                    parts.push(Hit {
                        concept: p,
                        from: h.from,
                        to: h.from,
                    });
                }
            }
        }
        out.extend(parts);
        for (k, c) in lex.concepts.iter().enumerate() {
            let k = k as u32;
            if !c.parts.is_empty()
                && !found.contains(&k)
                && c.parts.iter().all(|p| found.contains(p))
            {
                found.push(k);
                out.push(Hit {
                    concept: k,
                    from,
                    to: from,
                });
            }
        }
    }
    out
}

/// English forms: the longest form starting at each word, words consumed.
fn latin_hits(lex: &Lexicon, sentence: &str, base: usize, out: &mut Vec<Hit>) {
    let ws: Vec<Word> = words(sentence)
        .into_iter()
        .filter(|w| !w.text.starts_with(is_cjk))
        .collect();
    let mut i = 0;
    while i < ws.len() {
        let head = &ws[i].text;
        let prefixed = head
            .char_indices()
            .skip(1)
            .map(|(j, _)| &head[..j])
            .chain([head.as_str()])
            .filter_map(|p| lex.latin_prefix.get(p));
        let mut best: Option<(usize, u32)> = None;
        for form in lex.latin.get(head).into_iter().chain(prefixed).flatten() {
            let n = form.words.len();
            let fits = i + n <= ws.len()
                && form
                    .words
                    .iter()
                    .zip(&ws[i..i + n])
                    .all(|(p, w)| p.matches(&w.text));
            let better = best.is_none_or(|(bn, bc)| n > bn || (n == bn && form.concept < bc));
            if fits && better {
                best = Some((n, form.concept));
            }
        }
        match best {
            Some((n, concept)) => {
                out.push(Hit {
                    concept,
                    from: base + ws[i].from,
                    to: base + ws[i + n - 1].to,
                });
                i += n;
            }
            None => i += 1,
        }
    }
}

/// Korean and Japanese forms: the longest form starting at each character
/// of the sentence with spaces removed, characters consumed.
fn cjk_hits(lex: &Lexicon, sentence: &str, base: usize, out: &mut Vec<Hit>) {
    // Characters without spaces, lowercased, with their byte ranges.
    let chars: Vec<(char, usize, usize)> = sentence
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .flat_map(|(i, c)| c.to_lowercase().map(move |l| (l, i, i + c.len_utf8())))
        .collect();
    let mut p = 0;
    let mut key = String::new();
    while p < chars.len() {
        let (c, from, _) = chars[p];
        let word_start = is_cjk(c)
            || p == 0
            || !chars[p - 1].0.is_alphanumeric()
            || is_cjk(chars[p - 1].0)
            || chars[p - 1].2 < from;
        let longest = lex.cjk_longest.get(&c).copied().unwrap_or(0);
        let mut hit = None;
        if word_start && longest >= 2 {
            for len in (2..=longest.min(chars.len() - p)).rev() {
                key.clear();
                key.extend(chars[p..p + len].iter().map(|x| x.0));
                if let Some(&k) = lex.cjk.get(&key) {
                    hit = Some((len, k));
                    break;
                }
            }
        }
        match hit {
            Some((len, concept)) => {
                out.push(Hit {
                    concept,
                    from: base + from,
                    to: base + chars[p + len - 1].2,
                });
                p += len;
            }
            None => p += 1,
        }
    }
}

/// The terms of `text` compared by related incidents: one
/// [`CONCEPT_PREFIX`]`id` per concept found, and the words no concept covers
/// for which `keep` is true.
pub fn terms(lex: &Lexicon, text: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let hits = find(lex, text);
    let mut spans: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.to > h.from)
        .map(|h| (h.from, h.to))
        .collect();
    spans.sort_unstable();
    let covered = |w: &Word| {
        let k = spans.partition_point(|s| s.0 <= w.from);
        k > 0 && spans[..k].iter().rev().take(4).any(|s| w.to <= s.1)
    };
    let mut out: Vec<String> = hits
        .iter()
        .map(|h| format!("{CONCEPT_PREFIX}{}", lex.concept(h.concept).id))
        .collect();
    out.extend(
        words(text)
            .into_iter()
            .filter(|w| !covered(w) && keep(&w.text))
            .map(|w| w.text),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let mut v: Vec<String> = find(lex, text)
            .into_iter()
            .map(|h| lex.concept(h.concept).id.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn one_cause_in_three_languages_gives_the_same_concepts() {
        let en = ids("The client certificate had expired because the renewal job failed.");
        let ko = ids("클라이언트 인증서가 만료되었다. 갱신 작업이 실패했기 때문이다.");
        let ja = ids("クライアント証明書の期限切れ。更新処理が失敗していた。");
        for want in ["certificate", "expiry", "certificate-expiry", "failure"] {
            assert!(en.contains(&want.to_string()), "en {en:?}");
            assert!(ko.contains(&want.to_string()), "ko {ko:?}");
            assert!(ja.contains(&want.to_string()), "ja {ja:?}");
        }
    }

    #[test]
    fn longest_form_wins_and_compounds_bring_their_parts() {
        assert_eq!(
            ids("Connection pool exhaustion on the orders db"),
            [
                "connection-pool",
                "connection-pool-exhaustion",
                "database",
                "exhaustion"
            ]
        );
        // 인증서 (certificate), not 인증 (authentication).
        assert_eq!(ids("인증서를 교체"), ["certificate", "rotation"]);
        assert_eq!(ids("커넥션풀이 고갈"), ids("커넥션 풀 고갈"));
        // Prefix forms: rate-limit* matches rate-limited, rate-limiter…
        assert!(ids("requests were rate-limited").contains(&"rate-limit".to_string()));
    }

    #[test]
    fn parts_must_share_a_sentence() {
        let apart = ids("The certificate was fine.\n\nLater a token expired.");
        assert!(
            !apart.contains(&"certificate-expiry".to_string()),
            "{apart:?}"
        );
    }

    #[test]
    fn words_covered_by_a_concept_are_not_terms_again() {
        let lex = Lexicon::builtin();
        let t = terms(lex, "인증서가 만료되어 kestrel 서버가", |_| true);
        assert!(t.contains(&"≡certificate-expiry".to_string()), "{t:?}");
        assert!(!t.contains(&"인증서".to_string()), "{t:?}");
        assert!(t.contains(&"kestrel".to_string()) && t.contains(&"서버".to_string()));
    }

    #[test]
    fn sentences_end_at_punctuation_blank_lines_and_items() {
        let text = "One api.example.com here. Two\nstill two\n\n- three\n1. four 。五";
        let got: Vec<&str> = sentences(text)
            .iter()
            .map(|&(a, b)| text[a..b].trim())
            .collect();
        assert_eq!(
            got,
            [
                "One api.example.com here.",
                "Two\nstill two",
                "- three",
                "1.",
                "four 。",
                "五"
            ]
        );
    }
}
