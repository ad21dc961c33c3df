//! Replays the fuzzing corpus (tests/fuzz-corpus/, a minimized selection of
//! what `cargo fuzz` grew from postmortems/*.md, plus every input that ever
//! crashed a target) through the same functions and checks as the fuzz
//! targets in fuzz/fuzz_targets/, so a fixed crash stays fixed.

use crate::fuzz_checks::{attributes, check_parse, check_render, check_tokens};
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
    let mut built = 0;
    for (name, data) in inputs("parse_file") {
        let result = std::panic::catch_unwind(|| check_parse(&name, &data));
        let Ok(ok) = result else {
            panic!("{name}: parse_file panicked")
        };
        built += usize::from(ok);
    }
    assert!(built > 0, "the corpus holds postmortems that build");
}

#[test]
fn analyzer_corpus_replays_with_token_ranges_inside_the_text() {
    for (name, data) in inputs("analyzer") {
        check_tokens(&name, &String::from_utf8_lossy(&data));
    }
}

#[test]
fn render_corpus_replays_with_nothing_executable() {
    let started = std::time::Instant::now();
    for (name, data) in inputs("render") {
        check_render(&name, &String::from_utf8_lossy(&data));
    }
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
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
