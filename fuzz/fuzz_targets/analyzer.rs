//! Any text through the search analyzer (the tokenizer shared with the
//! browser): no panic, and every token's byte range is a slice of the input
//! (tests/support/fuzz_checks.rs).
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
#[allow(dead_code)]
mod fuzz_checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_checks::check_tokens("", &String::from_utf8_lossy(data));
});
