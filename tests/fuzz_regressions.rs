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
