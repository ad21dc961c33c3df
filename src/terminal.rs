//! Text bound for a terminal. Postmortems, their file names and commit
//! messages are untrusted: an escape sequence printed raw could move the
//! cursor, rewrite what was printed, retitle the window or (OSC 52) write
//! the reader's clipboard. Control characters are shown escaped instead.

use std::borrow::Cow;

/// `s` with every control character but newline and tab written as an
/// escape (`\u{1b}`), so it prints as text.
pub fn printable(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.contains(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_reach_the_terminal_as_text() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        let osc52 = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{9b}c\0";
        let shown = printable(osc52);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.contains("\\u{1b}]52"), "{shown}");
    }
}
