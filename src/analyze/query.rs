//! What a search query asks for: loose words, "quoted phrases" and
//! `-excluded` words (docs/src/search.md, "Query syntax"). The browser's
//! `parseQuery` in `site-theme/static/search-core.js` follows the same rules,
//! so both sides rank the same documents.

use super::analyzer::tokens;

/// A phrase: its terms with their positions relative to the first.
pub type Phrase = Vec<(String, usize)>;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every term that scores: loose words and phrase words, first occurrence first.
    pub terms: Vec<String>,
    /// Phrases of two terms or more (one-term phrases are plain terms).
    pub phrases: Vec<Phrase>,
    /// Excluded words, each as its terms: a document that has all of them is left out.
    pub excluded: Vec<Vec<String>>,
}

/// Quote marks that open or close a phrase (phones type the curly ones).
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}')
}

impl Query {
    /// Reads `text`: a quote mark opens a phrase up to the next one (or the
    /// end); outside phrases, a whitespace-separated word that starts with
    /// `-` and has more after it is excluded.
    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        let mut in_phrase = false;
        let mut piece = String::new();
        let flush = |q: &mut Query, piece: &mut String, phrase: bool| {
            if phrase {
                q.add_phrase(piece);
            } else {
                for word in piece.split(char::is_whitespace) {
                    match word.strip_prefix('-').filter(|w| !w.is_empty()) {
                        Some(rest) => {
                            let terms: Vec<String> =
                                tokens(rest).into_iter().map(|t| t.text).collect();
                            if !terms.is_empty() {
                                q.excluded.push(terms);
                            }
                        }
                        None => q.add_terms(tokens(word).into_iter().map(|t| t.text)),
                    }
                }
            }
            piece.clear();
        };
        for c in text.chars() {
            if is_quote(c) {
                flush(&mut q, &mut piece, in_phrase);
                in_phrase = !in_phrase;
            } else {
                piece.push(c);
            }
        }
        flush(&mut q, &mut piece, in_phrase);
        q
    }

    fn add_terms(&mut self, terms: impl Iterator<Item = String>) {
        for t in terms {
            if !self.terms.contains(&t) {
                self.terms.push(t);
            }
        }
    }

    fn add_phrase(&mut self, text: &str) {
        let toks = tokens(text);
        self.add_terms(toks.iter().map(|t| t.text.clone()));
        if toks.len() > 1 {
            let first = toks[0].position;
            self.phrases.push(
                toks.into_iter()
                    .map(|t| (t.text, t.position - first))
                    .collect(),
            );
        }
    }
}

/// True when `text` has the phrase's terms at the phrase's relative positions.
pub fn has_phrase(text: &str, phrase: &Phrase) -> bool {
    let Some((head, _)) = phrase.first() else {
        return true;
    };
    let toks = tokens(text);
    let at: std::collections::HashSet<(&str, usize)> =
        toks.iter().map(|t| (t.text.as_str(), t.position)).collect();
    toks.iter().filter(|t| &t.text == head).any(|start| {
        phrase
            .iter()
            .all(|(term, off)| at.contains(&(term.as_str(), start.position + off)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_phrases_exclusions_and_words() {
        let q = Query::parse("kafka \"connection pools\" -dns on-call “인증서 만료”");
        assert_eq!(
            q.terms,
            [
                "kafka",
                "connection",
                "pool",
                "on",
                "call",
                "인증",
                "증서",
                "만료"
            ]
        );
        assert_eq!(
            q.phrases,
            vec![
                vec![("connection".into(), 0), ("pool".into(), 1)],
                vec![("인증".into(), 0), ("증서".into(), 1), ("만료".into(), 2)],
            ]
        );
        assert_eq!(q.excluded, vec![vec!["dns".to_string()]]);
        // A lone dash, an unclosed quote, a one-word phrase.
        let q = Query::parse("- \"disk");
        assert_eq!(
            (q.terms, q.phrases.len(), q.excluded.len()),
            (vec!["disk".to_string()], 0, 0)
        );
    }

    #[test]
    fn phrases_need_their_order() {
        let p = Query::parse("\"connection pool\"").phrases.remove(0);
        assert!(has_phrase("The Connection-pool was full", &p));
        assert!(!has_phrase("pool of connections", &p));
        assert!(!has_phrase("connection to the pool", &p));
        let k = Query::parse("\"인증서 만료\"").phrases.remove(0);
        assert!(has_phrase("결제 인증서 만료 알림", &k));
        assert!(!has_phrase("만료된 인증서", &k));
    }
}
