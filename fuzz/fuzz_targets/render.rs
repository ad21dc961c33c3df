//! Any text as a postmortem body through the renderer and sanitizer (where
//! the deep-nesting hang lived): no panic, no hang (-timeout), and nothing
//! executable in the HTML (tests/support/fuzz_checks.rs).
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
#[allow(dead_code)]
mod fuzz_checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_checks::check_render("", &String::from_utf8_lossy(data));
});
