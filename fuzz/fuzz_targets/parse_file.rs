//! Any bytes as a postmortem: front matter, sections, action items,
//! timeline and durations must never panic, whatever the file holds, and
//! every line a diagnostic names exists (tests/support/fuzz_checks.rs).
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
#[allow(dead_code)]
mod fuzz_checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_checks::check_parse("", data);
});
