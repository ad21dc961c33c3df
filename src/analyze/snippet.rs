//! Query-term highlighting in a short window of text, for result lists: the
//! window is the passage with the most distinct query terms.
//! `site-theme/static/search-core.js` (`snippetOf`) chooses it the same way.

use super::analyzer::{tokens, Token};

/// One piece of a snippet: its text and whether it is a matched term.
pub type Segment = (String, bool);

/// Where the best window starts: (distinct terms in it, text, token).
fn best_start(texts: &[&str], terms: &[String], width: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for (k, text) in texts.iter().enumerate() {
        let toks: Vec<Token> = tokens(text)
            .into_iter()
            .filter(|t| terms.contains(&t.text))
            .collect();
        for (i, first) in toks.iter().enumerate() {
            let mut seen: Vec<&str> = Vec::new();
            for t in toks[i..]
                .iter()
                .take_while(|t| t.to <= first.from + width * 2 / 3)
            {
                if !seen.contains(&t.text.as_str()) {
                    seen.push(&t.text);
                }
            }
            if best.is_none_or(|(n, _, _)| seen.len() > n) {
                best = Some((seen.len(), k, first.from));
            }
        }
    }
    best.map(|(_, k, from)| (k, from))
}

/// A window of about `width` bytes of one of `texts` (the first with the most
/// distinct `terms` close together), cut into segments, matched tokens
/// marked; `None` when no text has a term.
pub fn snippet_segments(texts: &[&str], terms: &[String], width: usize) -> Option<Vec<Segment>> {
    let (k, start_at) = best_start(texts, terms, width)?;
    let text = texts[k];
    // Up to a third of the window before the match, cut at a char boundary.
    let mut start = start_at.saturating_sub(width / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + width).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out: Vec<Segment> = Vec::new();
    let plain = |s: String, out: &mut Vec<Segment>| {
        if !s.is_empty() {
            out.push((s, false));
        }
    };
    let mut pos = start;
    let toks = tokens(&text[start..end]);
    for t in toks.iter().filter(|t| terms.contains(&t.text)) {
        let (from, to) = (start + t.from, start + t.to);
        if from < pos {
            continue; // overlapping bigram already marked
        }
        plain(spaced(text, pos, from), &mut out);
        out.push((text[from..to].to_string(), true));
        pos = to;
    }
    plain(spaced(text, pos, end), &mut out);
    if let Some((s, false)) = out.first_mut() {
        *s = s.trim_start().to_string();
    }
    if let Some((s, false)) = out.last_mut() {
        *s = s.trim_end().to_string();
    }
    out.retain(|(s, _)| !s.is_empty());
    if start > 0 {
        out.insert(0, ("…".into(), false));
    }
    if end < text.len() {
        out.push(("…".into(), false));
    }
    Some(out)
}

/// `text[from..to]` with one space kept at each end where there was
/// whitespace, so that collapsing whitespace inside does not glue words.
fn spaced(text: &str, from: usize, to: usize) -> String {
    let s = &text[from..to];
    let lead = if s.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if s.ends_with(char::is_whitespace) && s.trim() != "" {
        " "
    } else {
        ""
    };
    format!(
        "{lead}{}{trail}",
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// [`snippet_segments`] as one string, each match wrapped in `open`/`close`.
pub fn snippet(
    texts: &[&str],
    terms: &[String],
    width: usize,
    open: &str,
    close: &str,
) -> Option<String> {
    let segs = snippet_segments(texts, terms, width)?;
    Some(
        segs.iter()
            .map(|(s, m)| {
                if *m {
                    format!("{open}{s}{close}")
                } else {
                    s.clone()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_terms_in_a_window() {
        let terms = vec!["certificate".to_string(), "expired".to_string()];
        let s = snippet(
            &["Long intro. The mTLS Certificates expired at night."],
            &terms,
            40,
            "[",
            "]",
        )
        .unwrap();
        assert!(s.contains("[Certificates] [expired]"), "{s}");
        assert!(snippet(&["nothing here"], &terms, 40, "[", "]").is_none());
        let k = vec!["인증".to_string(), "증서".to_string()];
        assert_eq!(
            snippet(&["결제 인증서가 만료"], &k, 40, "[", "]").unwrap(),
            "결제 [인증]서가 만료"
        );
    }

    #[test]
    fn the_window_with_most_terms_wins() {
        let terms = vec!["kafka".to_string(), "disk".to_string()];
        let body = format!(
            "Kafka was fine. {} The broker disk filled and kafka stopped.",
            "x ".repeat(40)
        );
        let s = snippet(&["a summary about kafka", &body], &terms, 60, "[", "]").unwrap();
        assert!(s.contains("[disk] filled and [kafka]"), "{s}");
        assert!(s.starts_with('…'), "{s}");
    }
}
