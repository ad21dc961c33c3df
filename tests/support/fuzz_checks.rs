//! The properties the fuzz targets (fuzz/fuzz_targets/) assert, shared with
//! `tests/integration/fuzz_regressions.rs` that replays their corpora: one definition,
//! included by both with `#[path]`. Each check panics with `name` (the
//! input's file, or "" under the fuzzer) in its message.

use hindsight::analyze::analyzer::tokens;
use hindsight::parse::{parse_file, ParseOptions};
use hindsight::site::markdown::{to_html, Links};

/// Parses `data` as a postmortem; every line a diagnostic names must exist
/// (one past the end is allowed for "at end of file"). True when it built.
pub(crate) fn check_parse(name: &str, data: &[u8]) -> bool {
    let Ok(pm) = parse_file("postmortems/fuzz.md", data, &ParseOptions::default()) else {
        return false;
    };
    // A file with no LF breaks lines at CR (old Mac line endings).
    let sep = if data.contains(&b'\n') { b'\n' } else { b'\r' };
    let lines = data.split(|&b| b == sep).count() + 1;
    for d in &pm.diagnostics {
        if let Some(line) = d.line {
            assert!(
                line <= lines,
                "{name}: line {line} > {lines}: {}",
                d.message
            );
        }
    }
    true
}

/// Tokenizes `text`: every token's byte range is a non-empty slice of the
/// input on character boundaries, and positions never go back.
pub(crate) fn check_tokens(name: &str, text: &str) {
    let mut last = 0;
    for t in tokens(text) {
        assert!(
            t.from < t.to && t.to <= text.len(),
            "{name}: {}..{}",
            t.from,
            t.to
        );
        assert!(
            text.is_char_boundary(t.from) && text.is_char_boundary(t.to),
            "{name}"
        );
        assert!(t.position >= last, "{name}: positions go back");
        last = t.position;
        assert!(!t.text.is_empty(), "{name}");
    }
}

/// Renders `text` as a postmortem body: no `<script>`, no event handler and
/// no `javascript:`/`data:` URL inside any tag of the sanitized HTML.
pub(crate) fn check_render(name: &str, text: &str) {
    let html = to_html(text, "postmortems/x.md", "T", Links::none(), "../").to_lowercase();
    assert!(!html.contains("<script"), "{name}");
    let url = [
        "href",
        "src",
        "action",
        "formaction",
        "cite",
        "poster",
        "data",
    ];
    for (attr, value) in attributes(&html) {
        assert!(!attr.starts_with("on"), "{name}: {attr}={value}");
        assert!(
            !url.contains(&attr)
                || !(value.starts_with("javascript:") || value.starts_with("data:")),
            "{name}: {attr}={value}"
        );
    }
}

/// `name=value` pairs inside the tags of sanitized HTML (values are always
/// double-quoted there; text that reads like markup is escaped, not a tag).
pub(crate) fn attributes(html: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        let mut quoted = false;
        let mut prev = ' ';
        for (i, c) in inside.char_indices() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted && prev.is_whitespace() {
                let rest = &inside[i..];
                let end = rest
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                let (name, after) = rest.split_at(end);
                if let Some(value) = after.strip_prefix('=') {
                    let value = value
                        .strip_prefix('"')
                        .map_or(value, |v| v.split('"').next().unwrap_or(""));
                    found.push((name, value.trim_start()));
                }
            }
            prev = c;
        }
    }
    found
}
