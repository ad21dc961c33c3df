//! Findings as text for people (annotate-snippets: the source line with the
//! problem underlined), as GitHub workflow commands (inline annotations on
//! a pull request) and as JSON for scripts.

use super::{Counts, Finding};
use crate::controls::printable;
use crate::model::Level;
use annotate_snippets::{AnnotationKind, Level as Lvl, Origin, Renderer, Snippet};

/// Byte range of 1-based character columns in `line`.
fn byte_range(line: &str, column: usize, end_column: usize) -> std::ops::Range<usize> {
    let at = |col: usize| {
        line.char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
    };
    let (s, e) = (at(column), at(end_column));
    s..e.max(s)
}

/// Human-readable findings, like a compiler's:
///
/// ```text
/// error[action-item-owner]: action item has no owner: “add an alert”
///   --> postmortems/2026-01-10-x.md:26:7
///    |
/// 26 | - [ ] add an alert
///    |       ^^^^^^^^^^^^
///    = help: name the one person who will do it: …
/// ```
pub fn text(findings: &[Finding], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        let level = match f.level {
            Level::Error => Lvl::ERROR,
            Level::Warning => Lvl::WARNING,
        };
        // The file's text, path and quoted values are shown, never obeyed:
        // a control character one char wide keeps the columns right.
        let (message, path) = (printable(&f.message), printable(&f.path));
        let source_line: String = f
            .source_line
            .chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
        let title = level.primary_title(message.as_ref()).id(f.rule.id());
        let group = if source_line.trim().is_empty() {
            title.element(
                Origin::path(path.as_ref())
                    .line(f.line)
                    .char_column(f.column),
            )
        } else {
            let span = byte_range(&source_line, f.column, f.end_column);
            title.element(
                Snippet::source(source_line.as_str())
                    .line_start(f.line)
                    .path(path.as_ref())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        };
        let group = group.element(Lvl::HELP.message(f.help.as_str()));
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// GitHub's escaping of a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property values.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per finding:
/// `::error file=F,line=L,col=C,endColumn=E,title=T::message`.
/// GitHub shows each on the pull request's diff, at its line.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let cmd = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        out.push_str(&format!(
            "::{cmd} file={},line={},col={},endColumn={},title={}::{}\n",
            escape_property(&f.path),
            f.line,
            f.column,
            f.end_column,
            escape_property(&format!("hindsight {}", f.rule.id())),
            escape_data(&format!("{}\n{}", f.message, f.help)),
        ));
    }
    out
}

/// `{"format_version": 1, "checked": [...], "errors": n, "warnings": n,
/// "findings": [...]}`.
pub fn json(findings: &[Finding], checked: &[String]) -> String {
    let counts = Counts::of(findings);
    let v = serde_json::json!({
        "format_version": 1,
        "checked": checked,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "findings": findings,
    });
    serde_json::to_string_pretty(&v).expect("findings serialize") + "\n"
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::*;

    fn finding() -> Finding {
        Finding {
            rule: Rule::ActionItemOwner,
            level: Level::Error,
            path: "postmortems/a,b:c.md".into(),
            line: 26,
            column: 7,
            end_column: 12,
            message: "100% of items: “fix”".into(),
            help: "line one\r\nline two".into(),
            source_line: "- [ ] 장애 알림 추가".into(),
        }
    }

    #[test]
    fn github_commands_escape_per_the_spec() {
        let out = github(&[finding()]);
        assert_eq!(
            out,
            "::error file=postmortems/a%2Cb%3Ac.md,line=26,col=7,endColumn=12,title=hindsight action-item-owner::100%25 of items: “fix”%0Aline one%0D%0Aline two\n"
        );
    }

    #[test]
    fn text_underlines_the_columns() {
        let out = text(&[finding()], false);
        assert!(
            out.starts_with("error[action-item-owner]: 100% of items"),
            "{out}"
        );
        assert!(out.contains("--> postmortems/a,b:c.md:26:7"), "{out}");
        assert!(out.contains("26 | - [ ] 장애 알림 추가"), "{out}");
        // "장애 알림": four wide characters and a space.
        let underline = out.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            underline.trim_start_matches([' ', '|']).trim_end(),
            "^".repeat(9),
            "{out}"
        );
        assert!(out.contains("= help: line one"), "{out}");
    }

    #[test]
    fn json_has_positions_and_counts() {
        let v: serde_json::Value =
            serde_json::from_str(&json(&[finding()], &["postmortems/a,b:c.md".into()])).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["findings"][0]["rule"], "action-item-owner");
        assert_eq!(v["findings"][0]["level"], "error");
        assert_eq!(v["findings"][0]["column"], 7);
        assert!(v["findings"][0].get("source_line").is_none());
    }
}
