//! What a postmortem body refers to by address: Markdown links and images,
//! and in raw HTML `<img src>` and `<a href>`; where a relative address
//! leads in the repository; and which files the site copies. Shared by
//! rendering (which rewrites addresses), the build (which copies files)
//! and `check` (which reports what the site cannot serve), so all three
//! read a body the same way. No I/O.

use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// One address written in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// As written (percent-encoded as written).
    pub dest: String,
    /// Byte offset in the body where the link, image or tag starts.
    pub offset: usize,
    /// An image (`![](…)`, `<img src>`), not a link.
    pub image: bool,
}

/// Where an address leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest<'a> {
    /// A web or mail address (any scheme), protocol-relative or empty:
    /// not a file of the repository.
    Web,
    /// `#fragment` of this page.
    Anchor(&'a str),
    /// A file or folder of the repository: its path (decoded, `/`-separated,
    /// never empty), and what was written after it (`?…`, `#…`).
    Repo {
        /// The repository path: decoded, `/`-separated, never empty.
        path: String,
        /// What was written after the path (`?…`, `#…`), else empty.
        suffix: &'a str,
    },
    /// Somewhere outside the repository, and why it is refused.
    Outside(&'static str),
}

/// Every address of `body`, in order: Markdown links and images, then
/// inside each raw HTML event, `<img src>` and `<a href>`.
pub fn references(body: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    // Most bodies refer to nothing: not parsed (the build asks of every
    // body, also of those whose pages it keeps).
    let may_refer = ["](", "]:", "<a", "<A", "<i", "<I"]
        .iter()
        .any(|s| body.contains(s));
    if !may_refer {
        return out;
    }
    for (event, range) in events(body) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => out.push(Reference {
                dest: dest_url.into_string(),
                offset: range.start,
                image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => out.push(Reference {
                dest: dest_url.into_string(),
                offset: range.start,
                image: true,
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                out.extend(html_refs(&html).into_iter().map(|(r, image)| Reference {
                    dest: html[r.clone()].to_string(),
                    offset: line_start(body, range.start, html[..r.start].matches('\n').count()),
                    image,
                }))
            }
            _ => {}
        }
    }
    out
}

/// The offset in `body` of the start of the line `lines` lines after the
/// one `from` is on (`from` itself for 0): raw HTML inside a list or a
/// quote is given without its indentation, so offsets inside it are
/// counted in lines.
fn line_start(body: &str, from: usize, lines: usize) -> usize {
    if lines == 0 {
        return from;
    }
    body[from..]
        .match_indices('\n')
        .nth(lines - 1)
        .map_or(from, |(i, _)| from + i + 1)
}

/// The events of `body` with their ranges, consecutive raw HTML events
/// joined into one (an HTML block comes a line at a time), so a tag that
/// spans lines is seen whole.
pub fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::parse::blocks::options()).into_offset_iter()
    {
        if let (Event::Html(next), Some((Event::Html(prev), prev_range))) = (&event, out.last_mut())
        {
            let mut joined = prev.to_string();
            joined.push_str(next);
            *prev = joined.into();
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// In raw HTML, the byte range of each `src` of an `<img>` and `href` of
/// an `<a>` (the value without its quotes), and whether it is an image.
/// Values holding a character reference (`&…;`) are left out: they are
/// not file paths anyone writes.
pub fn html_refs(html: &str) -> Vec<(Range<usize>, bool)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        let name_end = b[i..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |p| p + i);
        let name = &html[i..name_end];
        let (image, attr) = if name.eq_ignore_ascii_case("img") {
            (true, "src")
        } else if name.eq_ignore_ascii_case("a") {
            (false, "href")
        } else {
            continue;
        };
        i = name_end;
        // Attributes up to the end of the tag.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            let key = &html[start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] != b'=' {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| p + i + 1);
                    let v = i + 1..end;
                    i = (end + 1).min(b.len());
                    v
                }
                _ => {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    s..i
                }
            };
            if key.eq_ignore_ascii_case(attr) && !html[value.clone()].contains('&') {
                out.push((value, image));
            }
        }
    }
    out
}

/// Where `dest`, written in the file at repository path `from`, leads.
pub fn classify<'a>(dest: &'a str, from: &str) -> Dest<'a> {
    let d = dest.trim();
    if let Some(frag) = d.strip_prefix('#') {
        return Dest::Anchor(frag);
    }
    if d.is_empty() || d.starts_with("//") {
        return Dest::Web;
    }
    if let Some((scheme, _)) = d.split_once(':') {
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
        if is_scheme {
            return if scheme.eq_ignore_ascii_case("file") {
                Dest::Outside("a `file:` address points at the reader's own disk")
            } else if scheme.len() == 1 {
                Dest::Outside("an absolute path points outside the repository")
            } else {
                Dest::Web
            };
        }
    }
    if d.starts_with(['/', '\\']) {
        return Dest::Outside("an absolute path points outside the repository");
    }
    let cut = d.find(['?', '#']).unwrap_or(d.len());
    let (path, suffix) = d.split_at(cut);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match resolve(from, &path) {
        Some(p) if p.is_empty() => Dest::Web,
        Some(path) => Dest::Repo { path, suffix },
        None => Dest::Outside("it climbs out of the repository (`..`)"),
    }
}

/// `target` (a relative path) resolved against the folder of the file
/// `from` (a repository path); `None` when it climbs out of the repository.
pub fn resolve(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Whether the site copies a file of this name: images, audio, video and
/// PDF, which a browser shows but never runs. Not SVG (it can hold
/// scripts, which would run on the site's own origin when opened), nor
/// HTML, text or code (those go to the repository's web view).
pub fn is_copied_type(path: &str) -> bool {
    let Some(mime) = mime_guess::from_path(path).first() else {
        return false;
    };
    match (mime.type_().as_str(), mime.subtype().as_str()) {
        ("image", sub) => sub != "svg",
        // `.ts` is TypeScript far more often than a video stream.
        ("video", _) => !path.to_ascii_lowercase().ends_with(".ts"),
        ("audio", _) => true,
        ("application", "pdf") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_resolve_inside_the_repository_only() {
        let from = "postmortems/2024/a.md";
        let repo = |path: &str, suffix| Dest::Repo {
            path: path.into(),
            suffix,
        };
        assert_eq!(
            classify("img/pods.png", from),
            repo("postmortems/2024/img/pods.png", "")
        );
        assert_eq!(
            classify("../../shared/b%20c.png?x=1#top", from),
            repo("shared/b c.png", "?x=1#top")
        );
        assert_eq!(
            classify("./b.md#timeline", from),
            repo("postmortems/2024/b.md", "#timeline")
        );
        assert_eq!(classify("#references", from), Dest::Anchor("references"));
        for web in [
            "https://x.example/a.png",
            "mailto:a@b.c",
            "//cdn/x.png",
            "",
            "tel:1",
        ] {
            assert_eq!(classify(web, from), Dest::Web, "{web}");
        }
        for outside in [
            "../../../outside.png",
            "/etc/passwd",
            "file:///etc/passwd",
            "FILE:/etc/passwd",
            "C:\\Windows\\x.png",
            "\\\\server\\share\\x.png",
        ] {
            assert!(
                matches!(classify(outside, from), Dest::Outside(_)),
                "{outside}"
            );
        }
        assert_eq!(classify("../..", from), Dest::Web);
    }

    #[test]
    fn references_in_markdown_and_raw_html() {
        let body = "![a](img/a.png) [doc](../docs/x.md)\n\n[r]: ref.pdf\n\nsee [it][r]\n\n<div>\n<img alt=\"x\"\n  src=\"img/b.png\">\n<a href='c.sh'>c</a> <IMG SRC=d.png> <img src=\"e&amp;f.png\"> <image src=\"no.png\">\n</div>\n";
        let refs = references(body);
        let got: Vec<(&str, bool)> = refs.iter().map(|r| (r.dest.as_str(), r.image)).collect();
        assert_eq!(
            got,
            [
                ("img/a.png", true),
                ("../docs/x.md", false),
                ("ref.pdf", false),
                ("img/b.png", true),
                ("c.sh", false),
                ("d.png", true),
            ]
        );
        assert!(references("# Plain\n\n[not a link] (x.png) and <b>bold</b>\n").is_empty());
        // Offsets point into the body, at the tag's value for raw HTML.
        assert!(body[refs[3].offset..].starts_with("  src=\"img/b.png"));
        assert!(body[refs[0].offset..].starts_with("![a]"));
    }

    #[test]
    fn only_media_that_cannot_run_are_copied() {
        for yes in [
            "a.png", "b.JPG", "c.gif", "d.webp", "e.pdf", "f.mp4", "g.mp3",
        ] {
            assert!(is_copied_type(yes), "{yes}");
        }
        for no in [
            "a.svg", "b.html", "c.md", "d.sh", "e.ts", "f", "g.txt", "h.js",
        ] {
            assert!(!is_copied_type(no), "{no}");
        }
    }
}
