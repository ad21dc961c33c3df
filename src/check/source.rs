//! The text of one file as the rules see it: lines, code fences, the front
//! matter's extent, where a key is written, and `hindsight-ignore` comments.

use super::rules::Rule;
use crate::parse::Aliases;
use regex::Regex;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

/// `<!-- hindsight-ignore rule-a rule-b -->` (no ids: every rule) or
/// `<!-- hindsight-ignore-file rule-a -->`.
static HTML_IGNORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*hindsight-ignore(-file)?((?:\s+[A-Za-z0-9_-]+)*)\s*-->").unwrap()
});
/// In front matter (YAML or TOML): `# hindsight-ignore rule-a`.
static HASH_IGNORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)#\s*hindsight-ignore(-file)?((?:\s+[A-Za-z0-9_-]+)*)\s*$").unwrap()
});

/// Which rules a comment silences.
#[derive(Debug, Clone, PartialEq)]
enum Scope {
    All,
    Rules(BTreeSet<String>),
}

impl Scope {
    fn parse(ids: &str) -> Scope {
        let ids: BTreeSet<String> = ids.split_whitespace().map(str::to_string).collect();
        if ids.is_empty() {
            Scope::All
        } else {
            Scope::Rules(ids)
        }
    }

    fn covers(&self, rule: Rule) -> bool {
        match self {
            Scope::All => true,
            Scope::Rules(ids) => ids.contains(rule.id()),
        }
    }
}

/// One file's text, indexed by line.
pub(super) struct Source<'a> {
    pub text: &'a str,
    /// Lines without their line break (1-based access through [`Self::line`]).
    lines: Vec<&'a str>,
    /// First line of the Markdown body (front matter above it).
    pub body_line: usize,
    /// `code[i]`: line i+1 is inside a fenced code block (or is a fence).
    code: Vec<bool>,
    /// `(line, scope)` of every line-level ignore comment, already moved
    /// to the line it silences.
    line_ignores: Vec<(usize, Scope)>,
    file_ignores: Vec<Scope>,
}

impl<'a> Source<'a> {
    /// Indexes `text` (the whole file, front matter included, BOM removed);
    /// `body_line` is where the Markdown body starts.
    pub(super) fn new(text: &'a str, body_line: usize) -> Source<'a> {
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        let mut code = vec![false; lines.len()];
        let mut fence: Option<&str> = None;
        for (i, l) in lines.iter().enumerate() {
            if i + 1 < body_line {
                continue;
            }
            let t = l.trim_start();
            let is_fence = l.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~"));
            if is_fence {
                let mark = &t[..3];
                match fence {
                    None => fence = Some(mark),
                    Some(open) if open == mark => fence = None,
                    Some(_) => {}
                }
                code[i] = true;
            } else {
                code[i] = fence.is_some();
            }
        }
        let mut src = Source {
            text,
            lines,
            body_line,
            code,
            line_ignores: Vec::new(),
            file_ignores: Vec::new(),
        };
        src.collect_ignores();
        src
    }

    fn collect_ignores(&mut self) {
        let mut pending: Vec<Scope> = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let n = i + 1;
            if self.code[i] {
                continue;
            }
            let in_front_matter = n < self.body_line;
            let mut here: Vec<(bool, Scope)> = HTML_IGNORE
                .captures_iter(l)
                .map(|c| (c.get(1).is_some(), Scope::parse(&c[2])))
                .collect();
            if in_front_matter {
                here.extend(
                    HASH_IGNORE
                        .captures_iter(l)
                        .map(|c| (c.get(1).is_some(), Scope::parse(&c[2]))),
                );
            }
            let rest = if in_front_matter {
                HASH_IGNORE
                    .replace_all(&HTML_IGNORE.replace_all(l, ""), "")
                    .into_owned()
            } else {
                HTML_IGNORE.replace_all(l, "").into_owned()
            };
            let comment_only = !here.is_empty() && rest.trim().is_empty();
            if rest.trim().is_empty() && here.is_empty() {
                // Blank lines between a comment and its line are allowed.
                continue;
            }
            for (file, scope) in here {
                if file {
                    self.file_ignores.push(scope);
                } else if comment_only {
                    // A comment on a line of its own silences the next line.
                    pending.push(scope);
                } else {
                    self.line_ignores.push((n, scope));
                }
            }
            if !comment_only {
                for scope in pending.drain(..) {
                    self.line_ignores.push((n, scope));
                }
            }
        }
    }

    /// Whether a `hindsight-ignore` comment silences `rule` on `line`.
    pub(super) fn ignored(&self, line: usize, rule: Rule) -> bool {
        self.file_ignores.iter().any(|s| s.covers(rule))
            || self
                .line_ignores
                .iter()
                .any(|(l, s)| *l == line && s.covers(rule))
    }

    /// Line `n` (1-based) without its line break; `""` past the end.
    pub(super) fn line(&self, n: usize) -> &'a str {
        n.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("")
    }

    /// Number of lines.
    pub(super) fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Whether line `n` is inside a fenced code block (or is a fence).
    pub(super) fn in_code(&self, n: usize) -> bool {
        n.checked_sub(1)
            .and_then(|i| self.code.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Line and byte column (0-based, within the line) of a byte offset
    /// into the Markdown body.
    pub(super) fn body_position(&self, body: &str, offset: usize) -> (usize, usize) {
        let before = &body[..offset.min(body.len())];
        let line = self.body_line + before.matches('\n').count();
        let col = before
            .rfind('\n')
            .map_or(before.len(), |i| before.len() - i - 1);
        (line, col)
    }

    /// Where `key` (a canonical front-matter key, or one of its aliases) is
    /// written: in the front matter, else in a `Key: value` line before the
    /// first section. Returns the line and the byte range of the value.
    pub(super) fn key_line(&self, key: &str, aliases: &Aliases) -> Option<(usize, Range<usize>)> {
        let limit = self.header_end();
        (1..limit).find_map(|n| {
            let l = self.line(n);
            let (k, v) = split_key_value(l)?;
            if aliases.canonical(k.1) != Some(key) {
                return None;
            }
            Some((n, v))
        })
    }

    /// The first line after the metadata a file starts with: the front
    /// matter and the lines above the first `##` heading.
    pub(super) fn header_end(&self) -> usize {
        let setext_h2 = |n: usize| {
            let under = self.line(n + 1).trim();
            !self.line(n).trim().is_empty() && under.len() >= 2 && under.chars().all(|c| c == '-')
        };
        let first_section = (self.body_line..=self.line_count()).find(|&n| {
            !self.in_code(n) && (self.line(n).trim_start().starts_with("##") || setext_h2(n))
        });
        first_section.unwrap_or(self.line_count() + 1)
    }

    /// The line of the document's title: the front matter's `title`, else
    /// the first `# ` heading, else line 1.
    pub(super) fn title_line(&self, aliases: &Aliases) -> (usize, Option<Range<usize>>) {
        if let Some((n, v)) = self.key_line("title", aliases) {
            return (n, Some(v));
        }
        let h1 = (self.body_line..=self.line_count()).find(|&n| {
            !self.in_code(n) && {
                let t = self.line(n).trim_start();
                t.starts_with("# ") || t == "#"
            }
        });
        match h1 {
            Some(n) => {
                let l = self.line(n);
                let start = l.find('#').map_or(0, |i| i + 1);
                let start = start + (l[start..].len() - l[start..].trim_start().len());
                (n, Some(start..l.trim_end().len().max(start)))
            }
            None => {
                // A setext title: the first non-blank body line.
                let n = (self.body_line..=self.line_count())
                    .find(|&n| !self.line(n).trim().is_empty())
                    .unwrap_or(1);
                (n, None)
            }
        }
    }
}

/// `key: value`, `key = value`, `**Key:** value`, `- Key: value`: the key
/// (byte range, text) and the value's byte range.
fn split_key_value(line: &str) -> Option<((usize, &str), Range<usize>)> {
    let trimmed = line.trim_start();
    let mut start = line.len() - trimmed.len();
    let lead = trimmed.len() - trimmed.trim_start_matches(['-', '*', '_', '|', ' ']).len();
    start += lead;
    let rest = &line[start..];
    let sep = rest.find([':', '='])?;
    let key = rest[..sep].trim_end_matches(['*', '_', ' ']).trim();
    if key.is_empty() || key.len() > 40 {
        return None;
    }
    let mut v = start + sep + 1;
    let after = &line[v..];
    v += after.len() - after.trim_start_matches(['*', '_', ' ', '"', '\'']).len();
    let end = line.trim_end().trim_end_matches(['"', '\'']).len().max(v);
    Some(((start, key), v..end))
}

/// 1-based character column of a byte offset in `line`.
pub(super) fn char_column(line: &str, byte: usize) -> usize {
    let b = byte.min(line.len());
    let b = (0..=b)
        .rev()
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(0);
    line[..b].chars().count() + 1
}

/// The byte range of a line's content: without indentation, list marker
/// and task box, and without trailing space.
pub(super) fn content_span(line: &str) -> Range<usize> {
    let t = line.trim_start();
    let mut start = line.len() - t.len();
    for marker in [
        "- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] ", "- ", "* ", "+ ",
    ] {
        if line[start..].starts_with(marker) {
            start += marker.len();
            break;
        }
    }
    let end = line.trim_end().len().max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_comments_same_line_next_line_and_file() {
        let text = "---\ntitle: x\nseverity: SEV9 # hindsight-ignore unknown-severity\n---\n# x\n\n<!-- hindsight-ignore action-item-due -->\n\n- [ ] a\n- [ ] b <!-- hindsight-ignore -->\n- [ ] c <!-- hindsight-ignore action-item-owner timeline-order -->\n<!-- hindsight-ignore-file broken-link -->\n```\n<!-- hindsight-ignore-file blameless-language -->\n```\n";
        let s = Source::new(text, 5);
        assert!(s.ignored(3, Rule::UnknownSeverity));
        assert!(!s.ignored(3, Rule::InvalidDate));
        assert!(s.ignored(9, Rule::ActionItemDue));
        assert!(!s.ignored(9, Rule::ActionItemOwner));
        assert!(s.ignored(10, Rule::ActionItemOwner) && s.ignored(10, Rule::ActionItemDue));
        assert!(s.ignored(11, Rule::TimelineOrder) && !s.ignored(11, Rule::ActionItemDue));
        assert!(s.ignored(1, Rule::BrokenLink) && s.ignored(40, Rule::BrokenLink));
        // Comments inside code blocks are examples, not instructions.
        assert!(!s.ignored(9, Rule::BlamelessLanguage));
        assert!(s.in_code(13) && s.in_code(14) && !s.in_code(12));
    }

    #[test]
    fn key_lines_follow_aliases_and_metadata_lines() {
        let a = Aliases::default();
        let s = Source::new(
            "---\ntitle: \"Disk full\"\nsev: SEV9\n---\n# Disk full\n",
            5,
        );
        let (n, v) = s.key_line("severity", &a).unwrap();
        assert_eq!((n, &s.line(n)[v]), (3, "SEV9"));
        let (n, v) = s.title_line(&a);
        assert_eq!((n, &s.line(n)[v.unwrap()]), (2, "Disk full"));
        let s = Source::new(
            "# Title here\n\n**Severity:** SEV7\n\n## Summary\nSeverity: x\n",
            1,
        );
        let (n, v) = s.key_line("severity", &a).unwrap();
        assert_eq!((n, &s.line(n)[v]), (3, "SEV7"));
        let (n, v) = s.title_line(&a);
        assert_eq!((n, &s.line(n)[v.unwrap()]), (1, "Title here"));
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(char_column("장애 원인", 7), 4);
        assert_eq!(char_column("abc", 0), 1);
        assert_eq!(content_span("  - [ ] fix it  "), 8..14);
    }
}
