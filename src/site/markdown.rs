//! A postmortem body as safe HTML: pulldown-cmark renders, links to other
//! postmortems are rewritten to their pages, and ammonia removes anything
//! that could run (raw `<script>`, event handlers, `javascript:` URLs).

use crate::parse::blocks::options;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer"))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .add_tag_attributes("td", &["align"])
        .add_tag_attributes("th", &["align"])
        .add_tag_attributes("div", &["id"])
        .add_tag_attributes("a", &["id"])
        // Footnotes' ids only (written by `footnote`): ids are otherwise a
        // way to clobber the page's own elements.
        .attribute_filter(|_, attr, value| {
            let ours = value
                .strip_prefix(FOOTNOTE_ID)
                .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            (attr != "id" || ours).then_some(value.into())
        });
    b
});

/// Prefix of the ids footnotes get.
const FOOTNOTE_ID: &str = "fn-";

/// Footnote labels numbered in the order they are first met.
#[derive(Default)]
struct Footnotes(Vec<String>);

impl Footnotes {
    /// The number and id of `label`.
    fn get(&mut self, label: &str) -> (usize, String) {
        let n = match self.0.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.0.push(label.to_string());
                self.0.len()
            }
        };
        (
            n,
            format!(
                "{FOOTNOTE_ID}{}",
                crate::slug::slugify(label, &n.to_string())
            ),
        )
    }
}

/// Renders `body` (Markdown of the file at `path`). `links` maps repository
/// paths of postmortems to their URL relative to the site root; `root` is the
/// relative prefix from the rendered page to the site root. A leading H1 equal
/// to `title` is dropped (the page shows the title already).
pub fn to_html(
    body: &str,
    path: &str,
    title: &str,
    links: &BTreeMap<String, String>,
    root: &str,
) -> String {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut skipping_title = false;
    let mut seen_block = false;
    let mut notes = Footnotes::default();
    let events = Parser::new_ext(body, options()).filter_map(|event| {
        match &event {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                ..
            }) if !seen_block => {
                skipping_title = true;
                seen_block = true;
                return None;
            }
            Event::End(TagEnd::Heading(_)) if skipping_title => {
                skipping_title = false;
                return None;
            }
            Event::Text(t) if skipping_title => {
                // Only drop it if it really is the title.
                if t.trim() != title.trim() {
                    skipping_title = false;
                    return Some(Event::Html(CowStr::from(format!("<h1>{}", escape(t)))));
                }
                return None;
            }
            _ if skipping_title => return None,
            Event::Start(_) => seen_block = true,
            _ => {}
        }
        Some(match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite(&dest_url, dir, links, root).map_or(dest_url, CowStr::from),
                title,
                id,
            }),
            // Footnotes with ids the sanitizer keeps, so their links work.
            Event::FootnoteReference(label) => {
                let (n, id) = notes.get(&label);
                Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{id}\">{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, id) = notes.get(&label);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{id}\"><sup>{n}</sup>"
                )))
            }
            // Checkboxes as glyphs: no <input> needs to survive sanitizing.
            Event::TaskListMarker(done) => {
                Event::Text(CowStr::from(if done { "☑ " } else { "☐ " }))
            }
            other => other,
        })
    });
    let mut limit = super::depth::DepthLimit::default();
    let events = events.filter_map(|e| limit.apply(e));
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if limit.hit {
        html.push_str(super::depth::NOTICE);
    }
    SANITIZER.clean(&html).to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A relative link to another postmortem's Markdown file, as its page URL.
fn rewrite(dest: &str, dir: &str, links: &BTreeMap<String, String>, root: &str) -> Option<String> {
    if dest.contains("://")
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with("mailto:")
    {
        return None;
    }
    let (file, frag) = dest.split_once('#').map_or((dest, ""), |(f, h)| (f, h));
    let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in file.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let target = parts.join("/");
    let url = links.get(&target)?;
    Some(if frag.is_empty() {
        format!("{root}{url}")
    } else {
        format!("{root}{url}#{frag}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut links = BTreeMap::new();
        links.insert(
            "postmortems/2023-01-01-cert.md".to_string(),
            "postmortems/2023-01-01-cert.html".to_string(),
        );
        to_html(md, "postmortems/b.md", "My title", &links, "../")
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let out = html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [d](data:text/html,hi)");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("data:"), "{out}");
    }

    #[test]
    fn footnote_links_reach_their_notes_and_no_other_id_survives() {
        let out = html("A claim[^1] and another[^Why it broke].\n\n[^1]: First.\n[^Why it broke]: Second.\n\n<p id=\"nav\">x</p>\n\n<div id=\"fn-x\\\" onclick=1\">y</div>");
        for (href, id) in [
            ("#fn-1", "id=\"fn-1\""),
            ("#fn-why-it-broke", "id=\"fn-why-it-broke\""),
        ] {
            assert!(out.contains(&format!("href=\"{href}\"")), "{out}");
            assert!(out.contains(id), "{out}");
        }
        assert!(!out.contains("id=\"nav\""), "{out}");
        assert!(!out.contains("onclick"), "{out}");
    }

    #[test]
    fn links_to_postmortems_point_at_pages() {
        let out =
            html("see [the last one](2023-01-01-cert.md#timeline) and [web](https://example.com)");
        assert!(
            out.contains("href=\"../postmortems/2023-01-01-cert.html#timeline\""),
            "{out}"
        );
        assert!(out.contains("href=\"https://example.com\""), "{out}");
    }

    #[test]
    fn title_heading_dropped_other_h1_kept_and_tasks_rendered() {
        let out = html("# My title\n\n- [x] done\n\n# Stats\n");
        assert!(!out.contains("My title"), "{out}");
        assert!(out.contains("<h1>Stats</h1>"), "{out}");
        assert!(out.contains("☑"), "{out}");
    }
}
