//! One pulldown-cmark pass over the body that yields the blocks the other
//! parsers need (headings, paragraphs, list items, table rows), each with its
//! byte offset, so sections, action items and timelines never re-tokenize.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Markdown extensions the tool reads (and renders with).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
}

/// A block-level element with its plain text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading.
    Heading {
        /// Heading level, 1..=6.
        level: u8,
        /// The heading's plain text.
        text: String,
    },
    /// A paragraph outside lists and tables.
    Paragraph {
        /// The paragraph's plain text.
        text: String,
    },
    /// A list item's own text (nested lists excluded).
    Item {
        /// 1 for a top-level list, 2 for a list inside an item, …
        depth: usize,
        /// The item's own plain text.
        text: String,
        /// `Some(done)` for a task-list item.
        checked: Option<bool>,
        /// Most of the item's text is struck through.
        struck: bool,
        /// Link targets in the item's own text, in order.
        links: Vec<String>,
    },
    /// One row of a table.
    TableRow {
        /// Index of the table in the document, to tell tables apart.
        table: usize,
        /// The row is the table's header row.
        header: bool,
        /// Plain text of each cell, left to right.
        cells: Vec<String>,
        /// Link targets in the row's cells, in order.
        links: Vec<String>,
    },
}

/// A block and where it starts in the body.
#[derive(Debug, Clone)]
pub struct Located {
    /// Byte offset in the body where the block's source starts.
    pub offset: usize,
    /// Where the block's source ends (for headings: the end of the heading line).
    pub end: usize,
    /// The block itself.
    pub block: Block,
}

/// Plain text collected for one open container.
#[derive(Default)]
struct Buf {
    offset: usize,
    end: usize,
    text: String,
    struck_chars: usize,
    checked: Option<bool>,
    links: Vec<String>,
}

impl Buf {
    fn at(range: &std::ops::Range<usize>) -> Self {
        Buf {
            offset: range.start,
            end: range.end,
            ..Default::default()
        }
    }
}

/// Extracts blocks in document order. Text inside code blocks is skipped.
pub fn extract(body: &str) -> (Vec<Located>, Vec<(usize, String)>) {
    let mut w = Walker::default();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => w.start(tag, range),
            Event::End(tag) => w.end(tag),
            Event::TaskListMarker(done) => {
                if let Some(item) = w.items.last_mut() {
                    item.checked = Some(done);
                }
            }
            Event::Text(t) | Event::Code(t) => w.text(&t, range.start),
            Event::SoftBreak | Event::HardBreak => w.line_break(),
            _ => {}
        }
    }
    // Items close after their nested children; document order is by start.
    w.blocks.sort_by_key(|b| b.offset);
    (w.blocks, w.spans)
}

/// The state of one pass: the blocks so far and the containers open.
#[derive(Default)]
struct Walker {
    blocks: Vec<Located>,
    /// Plain text spans with offsets, for per-section text.
    spans: Vec<(usize, String)>,
    items: Vec<Buf>,
    list_depth: usize,
    heading: Option<(u8, Buf)>,
    paragraph: Option<Buf>,
    cell: Option<Buf>,
    row: Vec<String>,
    row_links: Vec<String>,
    row_range: std::ops::Range<usize>,
    in_head: bool,
    tables: usize,
    strike: usize,
    code_block: bool,
    /// An image's alt text is searchable but is not prose of its block: a
    /// screenshot under the summary must not end the summary's sentence.
    image: usize,
}

impl Walker {
    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some((level as u8, Buf::at(&range)));
            }
            Tag::Paragraph if self.items.is_empty() && self.cell.is_none() => {
                self.paragraph = Some(Buf::at(&range));
            }
            // Text of the parent item gathered so far stays with it.
            Tag::List(_) => self.list_depth += 1,
            Tag::Item => self.items.push(Buf::at(&range)),
            Tag::Table(_) => self.tables += 1,
            Tag::TableHead => {
                self.in_head = true;
                self.new_row(range);
            }
            Tag::TableRow => self.new_row(range),
            Tag::TableCell => self.cell = Some(Buf::at(&range)),
            Tag::Strikethrough => self.strike += 1,
            Tag::CodeBlock(_) => self.code_block = true,
            Tag::Image { .. } => self.image += 1,
            Tag::Link { dest_url, .. } => self.link(dest_url.to_string()),
            _ => {}
        }
    }

    fn new_row(&mut self, range: std::ops::Range<usize>) {
        self.row.clear();
        self.row_links.clear();
        self.row_range = range;
    }

    fn link(&mut self, url: String) {
        if self.cell.is_some() {
            self.row_links.push(url);
        } else if self.heading.is_none() && self.paragraph.is_none() {
            if let Some(item) = self.items.last_mut() {
                item.links.push(url);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, buf)) = self.heading.take() {
                    let text = tidy(&buf.text);
                    self.push(&buf, Block::Heading { level, text });
                }
            }
            TagEnd::Paragraph => {
                if let Some(buf) = self.paragraph.take() {
                    let text = buf.text.trim().to_string();
                    self.push(&buf, Block::Paragraph { text });
                } else if let Some(item) = self.items.last_mut() {
                    // Loose list items separate paragraphs with a blank line.
                    item.text.push('\n');
                }
            }
            TagEnd::List(_) => self.list_depth = self.list_depth.saturating_sub(1),
            TagEnd::Item => self.end_item(),
            TagEnd::TableCell => {
                if let Some(buf) = self.cell.take() {
                    self.row.push(tidy(&buf.text));
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => self.end_row(),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::CodeBlock => self.code_block = false,
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            _ => {}
        }
    }

    fn push(&mut self, buf: &Buf, block: Block) {
        self.blocks.push(Located {
            offset: buf.offset,
            end: buf.end,
            block,
        });
    }

    fn end_item(&mut self) {
        let Some(buf) = self.items.pop() else {
            return;
        };
        let text = tidy(&buf.text);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let block = Block::Item {
            depth: self.list_depth.max(1),
            struck: chars > 0 && buf.struck_chars * 2 > chars,
            text,
            checked: buf.checked,
            links: buf.links.clone(),
        };
        self.push(&buf, block);
    }

    fn end_row(&mut self) {
        self.blocks.push(Located {
            offset: self.row_range.start,
            end: self.row_range.end,
            block: Block::TableRow {
                table: self.tables,
                header: self.in_head,
                cells: std::mem::take(&mut self.row),
                links: std::mem::take(&mut self.row_links),
            },
        });
        self.in_head = false;
    }

    fn text(&mut self, t: &str, at: usize) {
        if self.code_block {
            return;
        }
        self.spans.push((at, t.to_string()));
        if self.image > 0 {
            return;
        }
        let target = if let Some((_, b)) = self.heading.as_mut() {
            Some(b)
        } else if let Some(b) = self.cell.as_mut() {
            Some(b)
        } else if let Some(b) = self.paragraph.as_mut() {
            Some(b)
        } else {
            self.items.last_mut()
        };
        if let Some(b) = target {
            b.text.push_str(t);
            if self.strike > 0 {
                b.struck_chars += t.chars().filter(|c| !c.is_whitespace()).count();
            }
        }
    }

    fn line_break(&mut self) {
        if let Some(b) = self.paragraph.as_mut() {
            b.text.push('\n');
        } else if let Some(b) = self.items.last_mut() {
            b.text.push(' ');
        }
    }
}

/// Collapses whitespace runs into single spaces.
fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<Block> {
        extract(md).0.into_iter().map(|l| l.block).collect()
    }

    #[test]
    fn setext_and_atx_headings() {
        let b = blocks("Title\n=====\n\nImpact\n------\n\n## Timeline\n");
        assert_eq!(
            b,
            vec![
                Block::Heading {
                    level: 1,
                    text: "Title".into()
                },
                Block::Heading {
                    level: 2,
                    text: "Impact".into()
                },
                Block::Heading {
                    level: 2,
                    text: "Timeline".into()
                },
            ]
        );
    }

    #[test]
    fn image_alt_text_is_not_block_text() {
        let b = blocks("All builds failed for an hour.\n![Build graph](img/graph.png)\n");
        assert_eq!(
            b,
            vec![Block::Paragraph {
                text: "All builds failed for an hour.".into()
            }]
        );
    }

    #[test]
    fn task_items_and_nesting() {
        let b = blocks("- [x] done *thing*\n  - detail\n- [ ] open\n- ~~dropped item~~\n");
        assert_eq!(
            b[0],
            Block::Item {
                depth: 1,
                text: "done thing".into(),
                checked: Some(true),
                struck: false,
                links: vec![]
            }
        );
        assert_eq!(
            b[1],
            Block::Item {
                depth: 2,
                text: "detail".into(),
                checked: None,
                struck: false,
                links: vec![]
            }
        );
        assert!(matches!(&b[3], Block::Item { struck: true, .. }));
    }

    #[test]
    fn table_rows_keep_cells() {
        let b = blocks("| Time | Event |\n|---|---|\n| 08:21 | deploy `v2` |\n");
        assert_eq!(
            b[1],
            Block::TableRow {
                table: 1,
                header: false,
                cells: vec!["08:21".into(), "deploy v2".into()],
                links: vec![]
            }
        );
        assert!(matches!(&b[0], Block::TableRow { header: true, .. }));
    }
}
