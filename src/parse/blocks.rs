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
    let mut blocks = Vec::new();
    // Plain text spans with offsets, for per-section text.
    let mut spans: Vec<(usize, String)> = Vec::new();
    let mut items: Vec<Buf> = Vec::new();
    let mut list_depth = 0usize;
    let mut heading: Option<(u8, Buf)> = None;
    let mut paragraph: Option<Buf> = None;
    let mut cell: Option<Buf> = None;
    let mut row: Vec<String> = Vec::new();
    let mut row_links: Vec<String> = Vec::new();
    let mut row_range = 0..0;
    let mut in_head = false;
    let mut tables = 0usize;
    let mut strike = 0usize;
    let mut code_block = false;
    // An image's alt text is searchable but is not prose of its block: a
    // screenshot under the summary must not end the summary's sentence.
    let mut image = 0usize;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    heading = Some((level as u8, Buf::at(&range)));
                }
                Tag::Paragraph if items.is_empty() && cell.is_none() => {
                    paragraph = Some(Buf::at(&range));
                }
                Tag::List(_) => {
                    // Text of the parent item gathered so far stays with it.
                    list_depth += 1;
                }
                Tag::Item => items.push(Buf::at(&range)),
                Tag::Table(_) => tables += 1,
                Tag::TableHead => {
                    in_head = true;
                    row.clear();
                    row_links.clear();
                    row_range = range.clone();
                }
                Tag::TableRow => {
                    row.clear();
                    row_links.clear();
                    row_range = range.clone();
                }
                Tag::TableCell => cell = Some(Buf::at(&range)),
                Tag::Strikethrough => strike += 1,
                Tag::CodeBlock(_) => code_block = true,
                Tag::Image { .. } => image += 1,
                Tag::Link { dest_url, .. } => {
                    if cell.is_some() {
                        row_links.push(dest_url.to_string());
                    } else if heading.is_none() && paragraph.is_none() {
                        if let Some(item) = items.last_mut() {
                            item.links.push(dest_url.to_string());
                        }
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    if let Some((level, buf)) = heading.take() {
                        blocks.push(Located {
                            offset: buf.offset,
                            end: buf.end,
                            block: Block::Heading {
                                level,
                                text: tidy(&buf.text),
                            },
                        });
                    }
                }
                TagEnd::Paragraph => {
                    if let Some(buf) = paragraph.take() {
                        blocks.push(Located {
                            offset: buf.offset,
                            end: buf.end,
                            block: Block::Paragraph {
                                text: buf.text.trim().to_string(),
                            },
                        });
                    } else if let Some(item) = items.last_mut() {
                        // Loose list items separate paragraphs with a blank line.
                        item.text.push('\n');
                    }
                }
                TagEnd::List(_) => list_depth = list_depth.saturating_sub(1),
                TagEnd::Item => {
                    if let Some(buf) = items.pop() {
                        let text = tidy(&buf.text);
                        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                        blocks.push(Located {
                            offset: buf.offset,
                            end: buf.end,
                            block: Block::Item {
                                depth: list_depth.max(1),
                                struck: chars > 0 && buf.struck_chars * 2 > chars,
                                text,
                                checked: buf.checked,
                                links: buf.links,
                            },
                        });
                    }
                }
                TagEnd::TableCell => {
                    if let Some(buf) = cell.take() {
                        row.push(tidy(&buf.text));
                    }
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    blocks.push(Located {
                        offset: row_range.start,
                        end: row_range.end,
                        block: Block::TableRow {
                            table: tables,
                            header: in_head,
                            cells: std::mem::take(&mut row),
                            links: std::mem::take(&mut row_links),
                        },
                    });
                    in_head = false;
                }
                TagEnd::Strikethrough => strike = strike.saturating_sub(1),
                TagEnd::CodeBlock => code_block = false,
                TagEnd::Image => image = image.saturating_sub(1),
                _ => {}
            },
            Event::TaskListMarker(done) => {
                if let Some(item) = items.last_mut() {
                    item.checked = Some(done);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if code_block {
                    continue;
                }
                spans.push((range.start, t.to_string()));
                if image > 0 {
                    continue;
                }
                let target = if let Some((_, b)) = heading.as_mut() {
                    Some(b)
                } else if let Some(b) = cell.as_mut() {
                    Some(b)
                } else if let Some(b) = paragraph.as_mut() {
                    Some(b)
                } else {
                    items.last_mut()
                };
                if let Some(b) = target {
                    b.text.push_str(&t);
                    if strike > 0 {
                        b.struck_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = paragraph.as_mut() {
                    b.text.push('\n');
                } else if let Some(b) = items.last_mut() {
                    b.text.push(' ');
                }
            }
            _ => {}
        }
    }
    // Items close after their nested children; document order is by start.
    blocks.sort_by_key(|b| b.offset);
    (blocks, spans)
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
