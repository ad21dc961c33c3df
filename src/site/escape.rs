//! The one HTML escaper for text Hindsight writes outside its templates
//! (chart SVG, feed entry HTML): pulldown-cmark's own, so Markdown, charts
//! and feeds escape alike.

/// Text made safe inside an element or a quoted attribute (`&`, `<`, `>`,
/// `"` and `'` escaped).
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(
            super::html(r#"<a href="x">O'Neil & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }
}
