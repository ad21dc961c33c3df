//! Action items from task lists (`- [ ] @owner — text (P1, 2026-05-24)`),
//! tables (`Action Item | Type | Owner | Bug | Status`) and plain bullets.

use super::blocks::Block;
use crate::model::{ActionItem, ActionType};

pub mod announced;
mod columns;
mod item_text;

use columns::*;
use item_text::*;
pub use item_text::{is_done_status, type_of};

/// A heading that says the items under it are finished: "Immediate Actions
/// (Completed)", "Completed ✅", "Prevention Measures Implemented", "完了".
fn heading_says_done(heading: &str) -> bool {
    let h = heading.to_lowercase();
    let negated = ["not ", "un", "in progress", "pending", "未", "미"]
        .iter()
        .any(|w| h.contains(&format!("{w}complet")) || h.contains(&format!("{w}implement")))
        || h.contains("not done")
        || h.contains("未完了")
        || h.contains("미완료");
    let done = h.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "completed" | "done" | "implemented" | "shipped" | "finished"
        )
    }) || ["完了", "対応済", "実施済", "완료", "✅", "✔"]
        .iter()
        .any(|w| h.contains(w));
    done && !negated
}

/// The first URL of a block: a link target, else an address written out.
fn first_url(links: &[String], text: &str) -> Option<String> {
    links
        .iter()
        .find(|l| l.starts_with("http://") || l.starts_with("https://"))
        .cloned()
        .or_else(|| {
            text.split_whitespace()
                .find(|w| w.starts_with("http://") || w.starts_with("https://"))
                .map(|w| w.trim_end_matches([')', ']', '.', ',', '>']).to_string())
        })
}

/// Collects action items from the blocks of the action-items sections. When
/// the first block is a heading, it is a section's own heading, and so is
/// any later heading of that level or above: such a heading only says
/// whether the items under it are done ("Prevention Measures Implemented").
pub fn extract(blocks: &[(usize, &Block)]) -> Vec<ActionItem> {
    let mut reader = Reader::new(blocks);
    for &(line, block) in blocks {
        match block {
            Block::Heading { level, text } => reader.heading(*level, text),
            Block::Paragraph { text } => reader.paragraph(line, text),
            Block::Item {
                depth,
                text,
                checked,
                struck,
                links,
            } => reader.item(line, *depth, text, (*checked, *struck), links),
            Block::TableRow {
                table,
                header,
                cells,
                links,
            } => reader.row(line, (*table, *header), cells, links),
        }
    }
    reader
        .group
        .close(&mut reader.items, reader.context_type, reader.context_done);
    reader.items
}

/// What [`extract`] knows at a block: the items so far and what the
/// headings and labels above the block say about the next items.
struct Reader<'a> {
    items: Vec<ActionItem>,
    /// The type a heading or a bold label line gives the items under it.
    context_type: Option<ActionType>,
    /// The current table and its columns, from its header row.
    columns: Option<(usize, Columns)>,
    /// Headings at this level or above are sections' own.
    section_level: u8,
    /// The section's own heading says its items are done.
    section_done: bool,
    /// The heading above says its items are done.
    context_done: bool,
    /// The depth of top-level list items.
    top: usize,
    group: Group<'a>,
}

impl<'a> Reader<'a> {
    fn new(blocks: &[(usize, &Block)]) -> Self {
        let section_level = match blocks.first() {
            Some((_, Block::Heading { level, .. })) => *level,
            _ => 0,
        };
        let depths = blocks.iter().filter_map(|(_, b)| match b {
            Block::Item { depth, .. } => Some(*depth),
            _ => None,
        });
        Reader {
            items: Vec::new(),
            context_type: None,
            columns: None,
            section_level,
            section_done: false,
            context_done: false,
            top: depths.min().unwrap_or(1),
            group: Group::default(),
        }
    }

    fn context(&self) -> (Option<ActionType>, bool) {
        (self.context_type, self.context_done)
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.group
            .close(&mut self.items, self.context_type, self.context_done);
        if level <= self.section_level {
            self.section_done = heading_says_done(text);
            self.context_type = None;
            self.context_done = self.section_done;
        } else {
            self.context_type = type_of(text);
            self.context_done = self.section_done || heading_says_done(text);
        }
    }

    fn paragraph(&mut self, line: usize, text: &'a str) {
        if ACTION_LABEL.is_match(text) {
            let mut item = paragraph_item(text, line, self.context_type);
            item.done |= self.context_done;
            self.items.push(item);
            self.group.listed = true;
            return;
        }
        // A bold label line ("**Prevent**") above a list sets the type.
        if text.chars().count() < 40 {
            if let Some(t) = type_of(text) {
                self.context_type = Some(t);
                return;
            }
        }
        self.group.paragraphs.push((line, text));
    }

    fn item(
        &mut self,
        line: usize,
        depth: usize,
        text: &str,
        marks: (Option<bool>, bool),
        links: &[String],
    ) {
        self.group.listed = true;
        // Nested plain bullets are details of their parent, not items; a
        // link among them (a PR) is the parent's.
        if depth > self.top && marks.0.is_none() {
            if let Some(parent) = self.items.last_mut().filter(|p| p.bug.is_none()) {
                parent.bug = first_url(links, text);
            }
            return;
        }
        if !text.trim().is_empty() {
            let item = list_item(text, marks, links, line, self.context());
            self.items.push(item);
        }
    }

    fn row(
        &mut self,
        line: usize,
        (table, header): (usize, bool),
        cells: &[String],
        links: &[String],
    ) {
        self.group.listed = true;
        if header {
            self.columns = Some((table, Columns::from_header(cells)));
            return;
        }
        let context = self.context();
        if let Some((_, cols)) = self.columns.as_ref().filter(|(t, _)| *t == table) {
            self.items
                .extend(table_item(cells, links, cols, line, context));
        }
    }
}

/// One bullet as an action item: its ticked box and strike-through, its
/// links, and the type and done-ness its heading gives.
fn list_item(
    text: &str,
    (checked, struck): (Option<bool>, bool),
    links: &[String],
    line: usize,
    (context_type, context_done): (Option<ActionType>, bool),
) -> ActionItem {
    // "— done 2025-03-02" says when it was done, not when it is due.
    let marker = TRAILING_DONE.find(text.trim_end());
    let body = marker.map_or(text, |m| {
        text[..m.start()].trim_end_matches([' ', '—', '–', '-', '('])
    });
    let mut item = from_text(body, line);
    if item.kind == ActionType::Other {
        item.kind = context_type.unwrap_or(ActionType::Other);
    }
    item.bug = first_url(links, text);
    item.done = checked.unwrap_or(false)
        || struck
        || marker.is_some()
        || has_done_marker(text)
        || DONE_DATE.is_match(text)
        || (context_done && checked != Some(false));
    item
}

/// One table row as an action item, read through its header's columns;
/// `None` for a row with no item text.
fn table_item(
    cells: &[String],
    links: &[String],
    cols: &Columns,
    line: usize,
    (context_type, context_done): (Option<ActionType>, bool),
) -> Option<ActionItem> {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| {
            !s.is_empty() && !matches!(*s, "-" | "—" | "–" | "―") && !s.eq_ignore_ascii_case("n/a")
        })
    };
    let text = cell(cols.text).unwrap_or_default();
    if text.is_empty() {
        return None;
    }
    let mut item = from_text(text, line);
    if let Some(o) = cell(cols.owner) {
        item.owner = Some(o.trim_start_matches('@').to_string());
    }
    if let Some(d) = cell(cols.due) {
        item.due = norm_date(d).or(item.due);
    }
    if let Some(p) = cell(cols.priority) {
        item.priority = Some(p.to_uppercase());
    }
    item.kind = cell(cols.kind)
        .and_then(type_of)
        .or(context_type)
        .unwrap_or(item.kind);
    let bug = cell(cols.bug).map(strip_status_words);
    item.bug = first_url(links, &cells.join(" "))
        .or(bug)
        .filter(|b| !b.is_empty());
    // Google's template puts **DONE**/**TODO** in the Bug cell; the item's
    // own text is not searched for status words.
    let status = cell(cols.status);
    item.done = status.is_some_and(is_done_status)
        || cells
            .iter()
            .enumerate()
            .any(|(i, c)| Some(i) != cols.text && has_done_marker(c))
        || text.starts_with("~~")
        || (context_done && status.is_none());
    Some(item)
}

/// The blocks between two headings: whether they hold a list or a table,
/// and their paragraphs. A group of one paragraph and nothing else is one
/// item written as prose.
#[derive(Default)]
struct Group<'a> {
    listed: bool,
    paragraphs: Vec<(usize, &'a str)>,
}

impl Group<'_> {
    fn close(&mut self, items: &mut Vec<ActionItem>, kind: Option<ActionType>, done: bool) {
        if let [(line, text)] = self.paragraphs[..] {
            if !self.listed && !text.trim_end().ends_with([':', '：']) {
                let mut item = paragraph_item(text, line, kind);
                item.done |= done;
                items.push(item);
            }
        }
        self.paragraphs.clear();
        self.listed = false;
    }
}

/// One item written as a paragraph (its lines joined).
fn paragraph_item(text: &str, line: usize, kind: Option<ActionType>) -> ActionItem {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut item = from_text(&joined, line);
    if let Some(k) = kind {
        if item.kind == ActionType::Other {
            item.kind = k;
        }
    }
    item.done = has_done_marker(&joined);
    item.bug = first_url(&[], &joined);
    item
}

#[cfg(test)]
mod tests;
