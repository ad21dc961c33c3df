//! Caps how deeply rendered HTML nests. The HTML parser behind the sanitizer
//! (html5ever) checks element scopes by walking the stack of open elements,
//! so each element costs time proportional to the depth: 40,000 nested
//! `> - ` took four minutes for a 160 KB file. Containers (lists, quotes,
//! …) and raw HTML tags beyond [`MAX_DEPTH`] are flattened: their text is
//! kept, their nesting is not, and the page says so.

use pulldown_cmark::{CowStr, Event};

/// Deepest nesting rendered; real postmortems stay far below it.
pub const MAX_DEPTH: usize = 64;

/// Shown at the end of a body that was flattened.
pub const NOTICE: &str = "<p class=\"notice\">Parts of this document nest more than 64 levels deep; they are shown flattened.</p>";

/// Elements HTML closes by itself (and void ones): not counted as depth.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "br", "hr", "img", "input", "meta", "link",
    "col", "area", "base", "wbr", "source", "track", "embed", "param",
];

/// Tracks the depth of the event stream and flattens what goes past the cap.
#[derive(Default)]
pub struct DepthLimit {
    /// One entry per open container: whether its start tag was kept.
    open: Vec<bool>,
    kept: usize,
    raw: usize,
    /// Something was flattened.
    pub hit: bool,
}

impl DepthLimit {
    /// The event to render in place of `event`, or `None` to drop it.
    pub fn apply<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Start(tag) => {
                let keep = self.kept + self.raw < MAX_DEPTH;
                self.open.push(keep);
                if keep {
                    self.kept += 1;
                    Some(Event::Start(tag))
                } else {
                    self.hit = true;
                    None
                }
            }
            Event::End(tag) => {
                if self.open.pop().unwrap_or(true) {
                    self.kept = self.kept.saturating_sub(1);
                    Some(Event::End(tag))
                } else {
                    None
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if self.raw_too_deep(&html) => {
                self.hit = true;
                Some(Event::Text(html))
            }
            other => Some(other),
        }
    }

    /// Updates the raw-HTML depth with `html`'s tags; true (and no update)
    /// when they would go past the cap, so the caller shows them as text.
    fn raw_too_deep(&mut self, html: &CowStr<'_>) -> bool {
        let (mut depth, mut peak) = (self.raw as isize, self.raw as isize);
        for (i, _) in html.match_indices('<') {
            let rest = &html[i + 1..];
            let closing = rest.starts_with('/');
            let name: String = rest[usize::from(closing)..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if name.is_empty() || SELF_CLOSING.contains(&name.as_str()) {
                continue;
            }
            let tag_end = rest.find('>').map_or(rest.len(), |e| e);
            if closing {
                depth -= 1;
            } else if !rest[..tag_end].ends_with('/') {
                depth += 1;
                peak = peak.max(depth);
            }
        }
        if self.kept + peak.max(0) as usize > MAX_DEPTH {
            return true;
        }
        self.raw = depth.max(0) as usize;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::markdown::{to_html, Links};
    use std::time::Instant;

    fn render(md: &str) -> String {
        to_html(md, "p/x.md", "T", Links::none(), "../")
    }

    #[test]
    fn deep_nesting_renders_fast_and_keeps_the_text() {
        let started = Instant::now();
        for md in [
            format!("{}deepest", "> - ".repeat(40_000)),
            format!("{}deepest", "- ".repeat(40_000)),
            format!("{}deepest", ">".repeat(40_000)),
            format!(
                "{}deepest{}",
                "<div>".repeat(40_000),
                "</div>".repeat(40_000)
            ),
            format!("{}deepest", "<span><b>".repeat(40_000)),
        ] {
            let html = render(&md);
            assert!(html.contains("deepest"), "text kept");
            assert!(html.contains("shown flattened"), "and the reader is told");
            assert!(html.matches("<ul>").count() <= super::MAX_DEPTH);
            assert!(html.matches("<div>").count() <= super::MAX_DEPTH);
        }
        // Minutes before the cap; well under a second each after it.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn ordinary_nesting_and_html_are_untouched() {
        let md =
            "> quote\n> - a\n>   - b\n\n<div><p>x</p><br><img src=\"https://e.x/i.png\"></div>\n";
        let html = render(md);
        assert!(!html.contains("flattened"), "{html}");
        assert!(
            html.contains("<blockquote>") && html.contains("<div>"),
            "{html}"
        );
    }
}
