//! Any text through the search analyzer (the tokenizer shared with the
//! browser): no panic, and every token's byte range is a slice of the input.
#![no_main]

use hindsight::analyze::analyzer::tokens;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for t in tokens(&text) {
        assert!(t.from < t.to && t.to <= text.len(), "range {}..{}", t.from, t.to);
        assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
        assert!(t.position >= last, "positions never go back");
        last = t.position;
        assert!(!t.text.is_empty());
    }
});
