//! Any text as a postmortem body through the renderer and sanitizer (where
//! the deep-nesting hang lived): no panic, no hang (-timeout), and nothing
//! executable in the HTML: no <script>, no event-handler attribute, no
//! javascript: link. Text that merely reads like markup is escaped and fine.
#![no_main]

use hindsight::site::markdown::to_html;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = to_html(&text, "postmortems/x.md", "T", &BTreeMap::new(), "../").to_lowercase();
    assert!(!html.contains("<script"), "{html}");
    // Each tag's inside, up to its `>` (ammonia double-quotes every value and
    // escapes `"` and `>`-free text is not a tag).
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
                    assert!(!name.starts_with("on"), "handler in <{inside}>");
                    let value = value.trim_start_matches('"').trim_start();
                    let url = ["href", "src", "action", "formaction", "cite", "poster", "data"];
                    assert!(
                        !url.contains(&name)
                            || !(value.starts_with("javascript:") || value.starts_with("data:")),
                        "{name}={value} in <{inside}>"
                    );
                }
            }
            prev = c;
        }
    }
});
