//! Reading lists resolved against the corpus: every item names a postmortem
//! that exists, or the build reports the file and line that names it (and
//! the list's page shows the gap instead of hiding it).

use super::refs::Refs;
use crate::model::{Diagnostic, Level};
use crate::parse::reading_list::ReadingListDoc;
use crate::slug::slugify;
use serde::Serialize;
use std::collections::BTreeSet;

/// A reading list ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingList {
    /// Page name: `reading-lists/<slug>.html`.
    pub slug: String,
    /// Repository path of the list's file.
    pub path: String,
    /// The list's title.
    pub title: String,
    /// What the list is for, when the file says.
    pub description: Option<String>,
    /// Questions about the list as a whole.
    pub questions: Vec<String>,
    /// The entries, in file order.
    pub items: Vec<Item>,
}

/// One entry of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The name as written in the file.
    pub reference: String,
    /// Position of the postmortem in the corpus; `None` when nothing matches.
    pub index: Option<usize>,
    /// Why this postmortem is on the list, when the file says.
    pub note: Option<String>,
    /// Questions to think about while reading it; empty when none.
    pub questions: Vec<String>,
}

/// Resolves every item of every list (in file order). Unknown postmortems are
/// errors naming the file and the line of the `postmortem = …` value.
pub fn resolve(docs: &[ReadingListDoc], refs: &Refs<'_>) -> (Vec<ReadingList>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // `index` is the page listing every list (reading-lists/index.html).
    let mut slugs = BTreeSet::from(["index".to_string()]);
    let mut lists = Vec::with_capacity(docs.len());
    for doc in docs {
        let base = slugify(&doc.stem, "list");
        let mut slug = base.clone();
        let mut n = 2;
        while !slugs.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let items = doc
            .items
            .iter()
            .enumerate()
            .map(|(k, it)| {
                let index = refs.resolve(&it.postmortem);
                if index.is_none() {
                    diags.push(Diagnostic {
                        level: Level::Error,
                        path: doc.path.clone(),
                        line: Some(it.line),
                        message: refs.not_found(&it.postmortem, &format!("item {}", k + 1)),
                    });
                }
                Item {
                    reference: it.postmortem.clone(),
                    index,
                    note: it.note.clone(),
                    questions: it.questions.clone(),
                }
            })
            .collect();
        lists.push(ReadingList {
            slug,
            path: doc.path.clone(),
            title: doc.title.clone(),
            description: doc.description.clone(),
            questions: doc.questions.clone(),
            items,
        });
    }
    (lists, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::reading_list::parse;

    #[test]
    fn missing_postmortems_are_errors_with_file_and_line() {
        let pms = vec![crate::parse::parse_file(
            "postmortems/2024-06-18-certs.md",
            b"# Certs\n",
            &Default::default(),
        )
        .unwrap()];
        let refs = Refs::new(&pms, "postmortems");
        let text = "title = \"L\"\n[[items]]\npostmortem = \"2024-06-18-certs\"\n[[items]]\npostmortem = \"2024-06-18-cert\"\nnote = \"typo\"\n";
        let (doc, _) = parse("reading-lists/l.toml", text.as_bytes()).unwrap();
        let (dup, _) = parse("reading-lists/L.toml", b"title = \"Other\"\n").unwrap();
        let (lists, diags) = resolve(&[doc, dup], &refs);
        assert_eq!(lists[0].items[0].index, Some(0));
        assert_eq!(lists[0].items[1].index, None);
        assert_eq!(lists[0].slug, "l");
        assert_eq!(lists[1].slug, "l-2", "slugs stay unique");
        assert_eq!(diags.len(), 1);
        let msg = diags[0].to_string();
        assert!(
            msg.starts_with("reading-lists/l.toml:5: error: item 2 names `2024-06-18-cert`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `2024-06-18-certs`"), "{msg}");
    }
}
