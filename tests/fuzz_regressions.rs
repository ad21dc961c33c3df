//! Replays the fuzzing corpus (tests/fuzz-corpus/, a minimized selection of
//! what `cargo fuzz` grew from postmortems/*.md, plus every input that ever
//! crashed a target) through the same functions and checks as the fuzz
//! targets in fuzz/fuzz_targets/, so a fixed crash stays fixed.

use hindsight::analyze::analyzer::tokens;
use hindsight::parse::{parse_file, ParseOptions};
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{}: corpus missing", dir.display());
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn parse_file_corpus_replays_without_panic_and_with_real_lines() {
    let opts = ParseOptions::default();
    let mut built = 0;
    for (name, data) in inputs("parse_file") {
        let result = std::panic::catch_unwind(|| parse_file("postmortems/fuzz.md", &data, &opts));
        let Ok(result) = result else {
            panic!("{name}: parse_file panicked")
        };
        if let Ok(pm) = result {
            built += 1;
            let lines = data.split(|&b| b == b'\n').count() + 1;
            for d in &pm.diagnostics {
                if let Some(line) = d.line {
                    assert!(
                        line <= lines,
                        "{name}: line {line} > {lines}: {}",
                        d.message
                    );
                }
            }
        }
    }
    assert!(built > 0, "the corpus holds postmortems that build");
}

#[test]
fn analyzer_corpus_replays_with_token_ranges_inside_the_text() {
    for (name, data) in inputs("analyzer") {
        let text = String::from_utf8_lossy(&data);
        let mut last = 0;
        for t in tokens(&text) {
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
}

#[test]
fn render_corpus_replays_with_nothing_executable() {
    use hindsight::site::markdown::to_html;
    let started = std::time::Instant::now();
    for (name, data) in inputs("render") {
        let text = String::from_utf8_lossy(&data);
        let html = to_html(&text, "postmortems/x.md", "T", &Default::default(), "../");
        let html = html.to_lowercase();
        assert!(!html.contains("<script"), "{name}");
        for (attr, value) in attributes(&html) {
            assert!(!attr.starts_with("on"), "{name}: {attr}={value}");
            let url = [
                "href",
                "src",
                "action",
                "formaction",
                "cite",
                "poster",
                "data",
            ];
            assert!(
                !url.contains(&attr)
                    || !(value.starts_with("javascript:") || value.starts_with("data:")),
                "{name}: {attr}={value}"
            );
        }
    }
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

/// `name=value` pairs inside the tags of sanitized HTML (values are always
/// double-quoted there; text that reads like markup is escaped, not a tag).
fn attributes(html: &str) -> Vec<(&str, &str)> {
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

#[test]
fn attribute_scan_sees_handlers_in_tags_only() {
    let html = "<p>&lt;a href=\"javascript:x\"&gt; onload=1</p><a href=\"https://e.x\" title=\"a onload=b\" onclick=\"x\">";
    assert_eq!(
        attributes(html),
        [
            ("href", "https://e.x"),
            ("title", "a onload=b"),
            ("onclick", "x")
        ]
    );
}
