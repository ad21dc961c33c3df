//! Parse one reading list (`reading-lists/*.toml`): a title, a description,
//! an ordered list of postmortems with a note each, and optional discussion
//! questions. Pure: whether each named postmortem exists is checked later,
//! against the corpus (`analyze::reading_lists`), with the line kept here.
//!
//! ```toml
//! title = "Start here"
//! description = "Five incidents every new on-call engineer should know."
//! questions = ["Which of these could happen to us next month?"]
//!
//! [[items]]
//! postmortem = "pm-2024-011"          # an id, or a path such as postmortems/2024-06-18-….md
//! note = "Two safety nets, neither covered this certificate."
//! questions = ["Which of our alerts select what they watch by a label?"]
//! ```

use crate::model::{Diagnostic, Level};
use serde::Deserialize;

/// A parsed reading list, before its references are resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadingListDoc {
    /// Repository path of the file (`reading-lists/start-here.toml`).
    pub path: String,
    /// The file name without `.toml`: the list's page is `reading-lists/<stem>.html`.
    pub stem: String,
    /// The list's title (`title`).
    pub title: String,
    /// What the list is for (`description`), when given.
    pub description: Option<String>,
    /// Questions about the list as a whole.
    pub questions: Vec<String>,
    /// The entries, in reading order.
    pub items: Vec<ItemDoc>,
}

/// One entry of a reading list.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemDoc {
    /// Postmortem id or repository path, as written.
    pub postmortem: String,
    /// 1-based line of the `postmortem = …` value.
    pub line: usize,
    /// Why this postmortem is on the list (`note`), when given.
    pub note: Option<String>,
    /// Questions to think about while reading it; empty when none.
    pub questions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    questions: Vec<String>,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    postmortem: toml::Spanned<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    questions: Vec<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    1 + text[..offset.min(text.len())].matches('\n').count()
}

/// Parses the file at `path`. Errors (bad TOML, a missing title, an unknown
/// key) come back as one diagnostic with the file's line; a list with no
/// items parses, with a warning.
pub fn parse(path: &str, bytes: &[u8]) -> Result<(ReadingListDoc, Vec<Diagnostic>), Diagnostic> {
    let diag = |level, line, message: String| Diagnostic {
        level,
        path: path.to_string(),
        line: Some(line),
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        diag(
            Level::Error,
            line_of(&String::from_utf8_lossy(bytes), e.valid_up_to()),
            "not valid UTF-8: save the reading list as UTF-8".into(),
        )
    })?;
    let raw: RawList = toml::from_str(text).map_err(|e| {
        diag(
            Level::Error,
            e.span().map_or(1, |s| line_of(text, s.start)),
            format!(
                "{}; a reading list has `title`, `description`, `questions` and [[items]] with `postmortem`, `note`, `questions`",
                e.message().trim_end()
            ),
        )
    })?;
    let mut warnings = Vec::new();
    if raw.items.is_empty() {
        warnings.push(diag(
            Level::Warning,
            1,
            "the list has no [[items]]: add `[[items]]` tables with `postmortem = \"<id or path>\"`"
                .into(),
        ));
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let doc = ReadingListDoc {
        path: path.to_string(),
        stem: name.strip_suffix(".toml").unwrap_or(name).to_string(),
        title: raw.title,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        questions: raw.questions,
        items: raw
            .items
            .into_iter()
            .map(|i| ItemDoc {
                line: line_of(text, i.postmortem.span().start),
                postmortem: i.postmortem.into_inner(),
                note: i.note.filter(|n| !n.trim().is_empty()),
                questions: i.questions,
            })
            .collect(),
    };
    Ok((doc, warnings))
}

/// Parses every list: `(path, bytes)` in file order. Lists that cannot be
/// read are left out, with their error among the diagnostics.
pub fn parse_all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> (Vec<ReadingListDoc>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for (path, bytes) in files {
        match parse(path, bytes) {
            Ok((doc, warnings)) => {
                docs.push(doc);
                diags.extend(warnings);
            }
            Err(e) => diags.push(e),
        }
    }
    (docs, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"title = "Start here"
description = "Read these first."
questions = ["What would we do differently?"]

[[items]]
postmortem = "pm-2024-011"
note = "Certificates."

[[items]]
note = "DNS."
postmortem = "postmortems/2021-11-04-internal-dns-servfail.md"
questions = ["Who owns the resolvers?"]
"#;

    #[test]
    fn items_keep_order_notes_questions_and_lines() {
        let (doc, warnings) = parse("reading-lists/start-here.toml", LIST.as_bytes()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(doc.stem, "start-here");
        assert_eq!(doc.title, "Start here");
        assert_eq!(doc.questions, vec!["What would we do differently?"]);
        assert_eq!(doc.items.len(), 2);
        assert_eq!(doc.items[0].postmortem, "pm-2024-011");
        assert_eq!(doc.items[0].line, 6);
        assert_eq!(doc.items[1].line, 11);
        assert_eq!(doc.items[1].note.as_deref(), Some("DNS."));
        assert_eq!(doc.items[1].questions, vec!["Who owns the resolvers?"]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse(
            "reading-lists/x.toml",
            b"title = \"x\"\n\n[[items]]\npostmortem = \"a\"\nnotes = \"typo\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        assert!(
            e.to_string().starts_with("reading-lists/x.toml:5: error:"),
            "{e}"
        );
        let e = parse("reading-lists/y.toml", b"description = \"no title\"\n").unwrap_err();
        assert!(e.message.contains("title"), "{e}");
        let e = parse(
            "reading-lists/z.toml",
            b"title = \"x\"\n[[items]]\npostmortem = \n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn an_empty_list_is_a_warning() {
        let (doc, warnings) = parse("reading-lists/e.toml", b"title = \"Empty\"\n").unwrap();
        assert!(doc.items.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].level, Level::Warning);
    }
}
