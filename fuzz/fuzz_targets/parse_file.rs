//! Any bytes as a postmortem: front matter, sections, action items,
//! timeline and durations must never panic, whatever the file holds.
#![no_main]

use hindsight::parse::{parse_file, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ParseOptions::default();
    if let Ok(pm) = parse_file("postmortems/fuzz.md", data, &opts) {
        // Every line a diagnostic names must exist in the file (one past the
        // end is allowed for "at end of file").
        let lines = data.split(|&b| b == b'\n').count() + 1;
        for d in &pm.diagnostics {
            if let Some(line) = d.line {
                assert!(line <= lines, "diagnostic line {line} > {lines}: {}", d.message);
            }
        }
    }
});
