//! Control characters in untrusted text (postmortems, their file names,
//! commit messages): removed where the text is published, since they are
//! invalid in XML feeds and no text a page shows, and escaped where it is
//! printed, since an escape sequence printed raw could move the cursor,
//! rewrite what was printed, retitle the window or (OSC 52) write the
//! reader's clipboard.

use std::borrow::Cow;

/// `s` without control characters other than those in `keep`.
pub fn strip(s: String, keep: &[char]) -> String {
    let stray = |c: char| c.is_control() && !keep.contains(&c);
    if s.contains(stray) {
        s.chars().filter(|&c| !stray(c)).collect()
    } else {
        s
    }
}

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
    fn strip_keeps_only_what_it_is_told() {
        let s = "a\u{1b}[1mb\r\nc\0".to_string();
        assert_eq!(strip(s.clone(), &['\n']), "a[1mb\nc");
        assert_eq!(strip(s, &['\r', '\n']), "a[1mb\r\nc");
    }

    #[test]
    fn escapes_reach_the_terminal_as_text() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        let osc52 = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{9b}c\0";
        let shown = printable(osc52);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.contains("\\u{1b}]52"), "{shown}");
    }
}
