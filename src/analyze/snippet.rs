//! Query-term highlighting in a short window of text, for result lists.

use super::analyzer::tokens;

/// A window of `text` around the first token in `terms`, with every matching
/// token wrapped in `open`/`close`; `None` when no token matches.
pub fn snippet(
    text: &str,
    terms: &[String],
    width: usize,
    open: &str,
    close: &str,
) -> Option<String> {
    let toks = tokens(text);
    let first = toks.iter().position(|t| terms.contains(&t.text))?;
    let start_at = toks[first].from;
    // Up to a third of the window before the match, cut at a char boundary.
    let mut start = start_at.saturating_sub(width / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + width).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for t in toks
        .iter()
        .filter(|t| t.from >= start && t.to <= end && terms.contains(&t.text))
    {
        if t.from < pos {
            continue; // overlapping bigram already marked
        }
        out.push_str(&text[pos..t.from]);
        out.push_str(open);
        out.push_str(&text[t.from..t.to]);
        out.push_str(close);
        pos = t.to;
    }
    out.push_str(&text[pos..end]);
    if end < text.len() {
        out.push('…');
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_terms_in_a_window() {
        let terms = vec!["certificate".to_string(), "expired".to_string()];
        let s = snippet(
            "Long intro. The mTLS Certificates expired at night.",
            &terms,
            40,
            "[",
            "]",
        )
        .unwrap();
        assert!(s.contains("[Certificates] [expired]"), "{s}");
        assert!(snippet("nothing here", &terms, 40, "[", "]").is_none());
        let k = vec!["인증".to_string(), "증서".to_string()];
        assert_eq!(
            snippet("결제 인증서가 만료", &k, 40, "[", "]").unwrap(),
            "결제 [인증]서가 만료"
        );
    }
}
