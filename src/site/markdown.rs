//! A postmortem body as safe HTML: pulldown-cmark renders, links to other
//! postmortems are rewritten to their pages, and ammonia removes anything
//! that could run (raw `<script>`, event handlers, `javascript:` URLs).

use super::assets::Target;
use crate::links::Dest;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer"))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .add_tag_attributes("td", &["align"])
        .add_tag_attributes("th", &["align"])
        .add_tag_attributes("div", &["id"])
        .add_tag_attributes("a", &["id"]);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, &["id"]);
    }
    // Only the ids this render wrote itself (footnotes, headings): an
    // author's ids are a way to clobber the page's own elements.
    b.attribute_filter(|_, attr, value| {
        let ours = attr != "id" || OURS.with(|o| o.borrow().contains(value));
        ours.then_some(value.into())
    });
    b
});

thread_local! {
    /// The ids the render running on this thread wrote (see [`clean`]).
    static OURS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Sanitizes `html`, keeping only the ids in `ours`.
fn clean(html: &str, ours: HashSet<String>) -> String {
    OURS.with(|o| *o.borrow_mut() = ours);
    let out = SANITIZER.clean(html).to_string();
    OURS.with(|o| o.borrow_mut().clear());
    out
}

/// Prefix of the ids footnotes get.
const FOOTNOTE_ID: &str = "fn-";

/// Prefix of the ids body headings get: the page's own headings use `h-`.
pub const HEADING_ID: &str = "sec-";

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

/// The plain text of the events from `events[start]` (a heading's start)
/// to its end, and the index of its end.
fn heading_text(events: &[(Event<'_>, Range<usize>)], start: usize) -> (String, usize) {
    let mut text = String::new();
    for (i, (e, _)) in events.iter().enumerate().skip(start + 1) {
        match e {
            Event::End(TagEnd::Heading(_)) => return (text, i),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    (text, events.len())
}

/// Drops a leading H1 equal to `title`, and gives every other heading an
/// id: [`HEADING_ID`] and the slug of its text, `-2`, `-3`, … when taken.
/// Returns the slugs given (without the prefix).
fn number_headings(events: &mut Vec<(Event<'_>, Range<usize>)>, title: &str) -> BTreeSet<String> {
    let first = events
        .iter()
        .position(|(e, _)| matches!(e, Event::Start(_)));
    if let Some(i) = first {
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) = events[i].0
        {
            let (text, end) = heading_text(events, i);
            if text.trim() == title.trim() {
                events.drain(i..=end.min(events.len() - 1));
            }
        }
    }
    let mut used = BTreeSet::new();
    for i in 0..events.len() {
        if !matches!(events[i].0, Event::Start(Tag::Heading { .. })) {
            continue;
        }
        let slug = crate::slug::unique_slug(
            &crate::slug::slugify(&heading_text(events, i).0, "section"),
            &mut used,
        );
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(format!("{HEADING_ID}{slug}")));
        }
    }
    used
}

/// `#fragment` of this page as the id of the heading it names, when it
/// names one (as written, or as its slug: `#Root-Cause` finds `Root cause`).
fn anchor(frag: &str, headings: &BTreeSet<String>) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
    let slug = crate::slug::slugify(&decoded, "");
    headings
        .contains(&slug)
        .then(|| format!("#{HEADING_ID}{slug}"))
}

/// Where the addresses of a body go.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    /// Postmortems' pages by repository path, as URLs relative to the site root.
    pub pages: &'a BTreeMap<String, String>,
    /// Other files of the repository the site copies or links (see
    /// [`super::assets`]); a path in neither map is left as written.
    pub files: &'a BTreeMap<String, Target>,
}

impl Links<'static> {
    /// No pages and no files: every address stays as written.
    pub fn none() -> Links<'static> {
        static PAGES: BTreeMap<String, String> = BTreeMap::new();
        static FILES: BTreeMap<String, Target> = BTreeMap::new();
        Links {
            pages: &PAGES,
            files: &FILES,
        }
    }
}

/// Renders `body` (Markdown of the file at `path`), its addresses sent
/// where `links` says; `root` is the relative prefix from the rendered
/// page to the site root. A leading H1 equal to `title` is dropped (the
/// page shows the title already).
pub fn to_html(body: &str, path: &str, title: &str, links: Links<'_>, root: &str) -> String {
    let rendered = to_pieces(body, path, title, links, root, &[], &[]);
    rendered.pieces.into_iter().map(|p| p.html).collect()
}

/// A body rendered in pieces: the parts inside one of the `folds` given
/// to [`to_pieces`] apart from the rest, so a page can show them folded.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rendered {
    /// The body's blocks in order, grouped by fold.
    pub pieces: Vec<Piece>,
    /// The body's outline: its highest-level headings, for a table of contents.
    pub outline: Vec<Heading>,
}

/// Consecutive blocks of a body, all inside one fold or all outside.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Piece {
    /// Sanitized HTML.
    pub html: String,
    /// Index of the fold it lies in, `None` outside every fold.
    pub fold: Option<usize>,
}

/// A heading of the body, with the id the render gave it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// The heading's plain text.
    pub text: String,
    /// The `id` attribute the heading was rendered with, for links to it.
    pub id: String,
}

/// [`to_html`] in pieces: each top-level block goes to the piece of the
/// fold (a byte range of `body`) its start lies in. A paragraph holding
/// one of the byte offsets `lines` keeps its line breaks (key lines such
/// as "Severity: SEV1" would otherwise run together).
pub fn to_pieces(
    body: &str,
    path: &str,
    title: &str,
    links: Links<'_>,
    root: &str,
    folds: &[Range<usize>],
    lines: &[usize],
) -> Rendered {
    let mut events = crate::links::events(body);
    let headings = number_headings(&mut events, title);
    let outline = outline(&events);
    let mut ours: HashSet<String> = headings
        .iter()
        .map(|s| format!("{HEADING_ID}{s}"))
        .collect();
    let to = |dest: &str| rewrite(dest, path, links, root, &headings);
    let mut notes = Footnotes::default();
    // Which fold each event belongs to: that of its top-level block.
    let mut depth = 0usize;
    let (mut fold, mut keep_lines) = (None, false);
    let mut tagged = Vec::with_capacity(events.len());
    for (event, range) in events {
        if depth == 0 {
            fold = folds.iter().position(|f| f.contains(&range.start));
            keep_lines = lines.iter().any(|l| range.contains(l));
        }
        let event = match event {
            Event::SoftBreak if keep_lines => Event::HardBreak,
            other => other,
        };
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let event = rewrite_event(event, &to, &mut notes, &mut ours);
        tagged.push((event, fold));
    }
    let mut limit = super::depth::DepthLimit::default();
    let mut pieces: Vec<(String, Option<usize>)> = Vec::new();
    let mut run = Vec::new();
    let mut run_fold = tagged.first().and_then(|t| t.1);
    let flush = |run: &mut Vec<Event<'_>>, fold, pieces: &mut Vec<(String, Option<usize>)>| {
        if run.is_empty() {
            return;
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, run.drain(..));
        pieces.push((html, fold));
    };
    for (event, fold) in tagged {
        if fold != run_fold {
            flush(&mut run, run_fold, &mut pieces);
            run_fold = fold;
        }
        run.extend(limit.apply(event));
    }
    flush(&mut run, run_fold, &mut pieces);
    if limit.hit {
        pieces.push((super::depth::NOTICE.to_string(), None));
    }
    let pieces = pieces
        .into_iter()
        .map(|(html, fold)| Piece {
            html: scrollable_regions(&clean(&html, ours.clone())),
            fold,
        })
        .collect();
    Rendered { pieces, outline }
}

/// Each table inside a focusable region that scrolls sideways, and code
/// blocks focusable, so a wide one never widens a phone's page and
/// keyboards can scroll it. Done on sanitized HTML, where `<table>` and
/// `<pre>` can only be elements the render wrote.
fn scrollable_regions(html: &str) -> String {
    html.replace(
        "<table>",
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>",
    )
    .replace("</table>", "</table></div>")
    .replace("<pre>", "<pre tabindex=\"0\">")
}

/// The headings of the highest level the body uses (after the title was
/// dropped), with their ids: a table of contents.
fn outline(events: &[(Event<'_>, Range<usize>)]) -> Vec<Heading> {
    let mut all = Vec::new();
    for (i, (e, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading {
            level,
            id: Some(id),
            ..
        }) = e
        {
            all.push((*level, heading_text(events, i).0, id.to_string()));
        }
    }
    let Some(top) = all.iter().map(|h| h.0).min() else {
        return Vec::new();
    };
    all.into_iter()
        .filter(|h| h.0 == top)
        .map(|(_, text, id)| Heading {
            text: text.trim().to_string(),
            id,
        })
        .collect()
}

/// One event with its addresses rewritten, footnotes given ids the
/// sanitizer keeps and task-list boxes as glyphs.
fn rewrite_event<'a>(
    event: Event<'a>,
    to: &dyn Fn(&str) -> Option<String>,
    notes: &mut Footnotes,
    ours: &mut HashSet<String>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: to(&dest_url).map_or(dest_url, CowStr::from),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: to(&dest_url).map_or(dest_url, CowStr::from),
            title,
            id,
        }),
        Event::Html(html) => Event::Html(rewrite_html(html, to)),
        Event::InlineHtml(html) => Event::InlineHtml(rewrite_html(html, to)),
        // Footnotes with ids the sanitizer keeps, so their links work.
        Event::FootnoteReference(label) => {
            let (n, id) = notes.get(&label);
            Event::Html(CowStr::from(format!(
                "<sup class=\"footnote-reference\"><a href=\"#{id}\">{n}</a></sup>"
            )))
        }
        Event::Start(Tag::FootnoteDefinition(label)) => {
            let (n, id) = notes.get(&label);
            let html = format!("<div class=\"footnote-definition\" id=\"{id}\"><sup>{n}</sup>");
            ours.insert(id);
            Event::Html(CowStr::from(html))
        }
        // Checkboxes as glyphs: no <input> needs to survive sanitizing.
        Event::TaskListMarker(done) => {
            Event::Text(CowStr::from(if done { "☑ " } else { "☐ " }))
        }
        other => other,
    }
}

/// Raw HTML with the `src` of its images and the `href` of its links
/// rewritten by `to` (the same addresses [`crate::links::references`]
/// finds).
fn rewrite_html<'a>(html: CowStr<'a>, to: &dyn Fn(&str) -> Option<String>) -> CowStr<'a> {
    let mut out = String::new();
    let mut done = 0;
    for (range, _) in crate::links::html_refs(&html) {
        let Some(url) = to(&html[range.clone()]) else {
            continue;
        };
        let quoted = range.start > 0 && matches!(html.as_bytes()[range.start - 1], b'"' | b'\'');
        out.push_str(&html[done..range.start]);
        let value = url
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        if quoted {
            out.push_str(&value);
        } else {
            out.push_str(&format!("\"{value}\""));
        }
        done = range.end;
    }
    if done == 0 {
        return html;
    }
    out.push_str(&html[done..]);
    CowStr::from(out)
}

/// Where the address `dest`, written in the file at `path`, goes on the
/// site; `None`: as written.
fn rewrite(
    dest: &str,
    path: &str,
    links: Links<'_>,
    root: &str,
    headings: &BTreeSet<String>,
) -> Option<String> {
    let (target, suffix) = match crate::links::classify(dest, path) {
        Dest::Anchor(frag) => return anchor(frag, headings),
        Dest::Repo { path, suffix } => (path, suffix),
        Dest::Web | Dest::Outside(_) => return None,
    };
    if let Some(url) = links.pages.get(&target) {
        // Another page's headings have ids of the same form.
        let frag = suffix.split_once('#').map_or("", |(_, f)| f);
        return Some(match frag {
            "" => format!("{root}{url}"),
            f if f.starts_with(FOOTNOTE_ID) => format!("{root}{url}#{f}"),
            f => {
                let decoded = percent_encoding::percent_decode_str(f).decode_utf8_lossy();
                let slug = crate::slug::slugify(&decoded, "section");
                format!("{root}{url}#{HEADING_ID}{slug}")
            }
        });
    }
    match links.files.get(&target)? {
        Target::Site(url) => Some(format!("{root}{url}{suffix}")),
        Target::Web(url) => Some(format!("{url}{suffix}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let pages = BTreeMap::from([(
            "postmortems/2023-01-01-cert.md".to_string(),
            "postmortems/2023-01-01-cert.html".to_string(),
        )]);
        let files = BTreeMap::from([
            (
                "postmortems/img/a b.png".to_string(),
                Target::Site("assets/postmortems/img/a%20b.png".into()),
            ),
            (
                "setup/webhooks.md".to_string(),
                Target::Web("https://git.example/r/blob/main/setup/webhooks.md".into()),
            ),
        ]);
        let links = Links {
            pages: &pages,
            files: &files,
        };
        to_html(md, "postmortems/b.md", "My title", links, "../")
    }

    #[test]
    fn images_and_files_go_where_the_plan_says() {
        let out = html("![a](img/a%20b.png) [w](../setup/webhooks.md#secret \"t\") [s](../scripts/fix.sh) ![o](../../../etc/passwd) [f](file:///etc/passwd)\n\n<div>\n<img alt=x\n src=img/a%20b.png> <a href='../setup/webhooks.md'>w</a> <img src=\"other.png\">\n</div>\n\nand <img src=\"./img/a b.png\" onerror=x> inline\n");
        assert_eq!(
            out.matches("src=\"../assets/postmortems/img/a%20b.png\"")
                .count(),
            3,
            "{out}"
        );
        assert_eq!(
            out.matches("href=\"https://git.example/r/blob/main/setup/webhooks.md")
                .count(),
            2,
            "{out}"
        );
        assert!(out.contains("webhooks.md#secret\""), "{out}");
        assert!(
            out.contains("href=\"../scripts/fix.sh\""),
            "left as written: {out}"
        );
        assert!(out.contains("src=\"other.png\""), "{out}");
        assert!(!out.contains("file:") && !out.contains("onerror"), "{out}");
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
    fn headings_get_unique_ids_that_anchors_reach() {
        let out = html("# My title\n\nSee [refs](#references), [why](#Root-Cause-2), [gone](#nowhere).\n\n## Root cause\n\n## Root cause\n\n## References\n\n### 결제 서버 장애\n\n### 原因と対策\n\n## `code` & *more*\n\n## !!!\n");
        for id in [
            "sec-root-cause",
            "sec-root-cause-2",
            "sec-references",
            "sec-결제-서버-장애",
            "sec-原因と対策",
            "sec-code-more",
            "sec-section",
        ] {
            assert!(out.contains(&format!("id=\"{id}\"")), "{id}: {out}");
        }
        assert!(out.contains("href=\"#sec-references\""), "{out}");
        assert!(out.contains("href=\"#sec-root-cause-2\""), "{out}");
        assert!(out.contains("href=\"#nowhere\""), "{out}");
        assert!(!out.contains("My title"), "{out}");
        let ko = html(
            "## 결제 서버 장애\n\n[x](#%EA%B2%B0%EC%A0%9C-%EC%84%9C%EB%B2%84-%EC%9E%A5%EC%95%A0)",
        );
        // Written percent-encoded, as browsers match it.
        assert!(
            ko.contains("href=\"#sec-%EA%B2%B0%EC%A0%9C-%EC%84%9C%EB%B2%84-%EC%9E%A5%EC%95%A0\""),
            "{ko}"
        );
    }

    #[test]
    fn authors_ids_are_stripped_even_with_our_prefixes() {
        let out = html("## Real\n\n<h2 id=\"sec-fake\">x</h2>\n\n<h3 id=\"main\">y</h3>\n\n<a id=\"fn-9\">z</a>\n");
        assert!(out.contains("id=\"sec-real\""), "{out}");
        for id in ["sec-fake", "main", "fn-9"] {
            assert!(!out.contains(&format!("id=\"{id}\"")), "{id}: {out}");
        }
        // A page's ids are never given to a body heading.
        let out = html("## Timeline\n");
        assert!(out.contains("id=\"sec-timeline\"") && !out.contains("h-timeline"));
    }

    #[test]
    fn links_to_postmortems_point_at_pages() {
        let out =
            html("see [the last one](2023-01-01-cert.md#timeline) and [web](https://example.com)");
        assert!(
            out.contains("href=\"../postmortems/2023-01-01-cert.html#sec-timeline\""),
            "{out}"
        );
        assert!(out.contains("href=\"https://example.com\""), "{out}");
    }

    #[test]
    fn title_heading_dropped_other_h1_kept_and_tasks_rendered() {
        let out = html("# My title\n\n- [x] done\n\n# Stats\n");
        assert!(!out.contains("My title"), "{out}");
        assert!(out.contains("<h1 id=\"sec-stats\">Stats</h1>"), "{out}");
        assert!(out.contains("☑"), "{out}");
    }

    #[test]
    fn folds_split_the_body_into_pieces() {
        let md = "# My title\n\nLead.\n\n## Timeline\n\n| t | what |\n|---|---|\n| 10:00 | a |\n\n## Lessons\n\nSome.[^1]\n\n[^1]: A note.\n";
        let start = md.find("| t |").unwrap();
        let end = md.find("## Lessons").unwrap();
        let fold = start..end;
        let r = to_pieces(
            md,
            "p.md",
            "My title",
            Links::none(),
            "../",
            std::slice::from_ref(&fold),
            &[],
        );
        let folds: Vec<Option<usize>> = r.pieces.iter().map(|p| p.fold).collect();
        assert_eq!(folds, [None, Some(0), None]);
        assert!(r.pieces[0].html.contains("id=\"sec-timeline\""));
        assert!(
            r.pieces[1]
                .html
                .starts_with("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\""),
            "{}",
            r.pieces[1].html
        );
        assert!(r.pieces[1].html.contains("</table></div>"));
        assert!(r.pieces[2].html.contains("fn-1"), "{}", r.pieces[2].html);
        let outline: Vec<(&str, &str)> = r
            .outline
            .iter()
            .map(|h| (h.text.as_str(), h.id.as_str()))
            .collect();
        assert_eq!(
            outline,
            [("Timeline", "sec-timeline"), ("Lessons", "sec-lessons")]
        );
        // Without folds the pieces join to the whole body.
        assert_eq!(to_html(md, "p.md", "My title", Links::none(), "../"), {
            let r = to_pieces(md, "p.md", "My title", Links::none(), "../", &[], &[]);
            assert_eq!(r.pieces.len(), 1);
            r.pieces[0].html.clone()
        });
    }

    #[test]
    fn authors_cannot_fake_a_scroll_region() {
        let out = html("<div tabindex=\"0\" role=\"region\">x</div>\n\n```\ncode\n```\n");
        assert!(!out.contains("role="), "{out}");
        assert!(out.contains("<pre tabindex=\"0\"><code>"), "{out}");
    }

    #[test]
    fn key_line_paragraphs_keep_their_lines() {
        let md = "Severity: SEV1\nStatus: Resolved\n\nOne\ntwo\n";
        let r = to_pieces(md, "p.md", "t", Links::none(), "../", &[], &[15]);
        let html: String = r.pieces.into_iter().map(|p| p.html).collect();
        assert!(
            html.contains("Severity: SEV1<br>\nStatus: Resolved"),
            "{html}"
        );
        assert!(html.contains("One\ntwo"), "{html}");
    }
}
