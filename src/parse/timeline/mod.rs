//! Timeline entries from the blocks of a timeline section: bullet lists,
//! tables, one heading per entry, or lines under date lines. The reader
//! follows the document: a date line, date heading or column header sets
//! the day of the entries below it, an entry's own date moves it on, and a
//! clock-only entry takes the document's incident date only when nothing in
//! the timeline says otherwise. Where each date came from is kept
//! ([`DateFrom`]); a date that cannot be settled stays empty with a warning.

mod context;
mod stamp;

pub use context::DocDates;

use super::blocks::Block;
use crate::model::{DateFrom, TimelineEntry};
use crate::parse::times::Stamp;
use context::Context;
use stamp::EntryStamp;

/// A problem with one entry: its line and what to do.
pub type Warning = (usize, String);

/// Header cells that name a time or date column.
fn is_time_header(cell: &str) -> bool {
    let c = cell.to_lowercase();
    let words = [
        "time",
        "date",
        "when",
        "day",
        "시간",
        "시각",
        "일시",
        "날짜",
        "時刻",
        "日時",
        "日付",
        "timestamp",
    ];
    words.iter().any(|k| c.contains(k))
}

/// Headings that say "timeline" outright; a section under any other heading
/// (`What happened`) is a timeline only where its entries are timed.
fn says_timeline(heading: &str) -> bool {
    let h = heading.to_lowercase();
    [
        "timeline",
        "chronolog",
        "sequence of events",
        "タイムライン",
        "時系列",
        "経緯",
        "経過",
        "타임라인",
        "타임 라인",
        "경과",
    ]
    .iter()
    .any(|w| h.contains(w))
}

/// The entries of one group (the blocks under one heading) and whether
/// its heading vouches for them.
struct Group {
    from: usize,
    vouched: bool,
}

/// Reads a timeline section. `heading` is the section's own heading (it
/// may state a zone or dates); `blocks` are its blocks with their lines.
pub fn extract(
    heading: &str,
    blocks: &[(usize, &Block)],
    doc: &DocDates,
) -> (Vec<TimelineEntry>, Vec<Warning>) {
    let mut r = Reader {
        ctx: Context::start(heading, doc),
        doc,
        entries: Vec::new(),
        warnings: Vec::new(),
        groups: vec![Group {
            from: 0,
            vouched: says_timeline(heading),
        }],
        open: None,
        header: None,
    };
    for &(line, block) in blocks {
        match block {
            Block::Heading { text, .. } => r.heading(text, line),
            Block::Paragraph { text } => r.paragraph(text, line),
            Block::Item { depth, text, .. } => r.item(*depth, text, line),
            Block::TableRow {
                table,
                header,
                cells,
                ..
            } => r.row(*table, *header, cells, line),
        }
    }
    r.finish()
}

/// The entry later blocks may belong to.
#[derive(Clone, Copy)]
struct Open {
    index: usize,
    /// List depth of the entry (0: a heading or a paragraph line).
    depth: usize,
    /// The entry still waits for its text (a stamp alone on its line).
    needs_text: bool,
}

struct Reader<'a> {
    ctx: Context,
    doc: &'a DocDates,
    entries: Vec<TimelineEntry>,
    warnings: Vec<Warning>,
    groups: Vec<Group>,
    open: Option<Open>,
    header: Option<(usize, Vec<String>)>,
}

impl Reader<'_> {
    fn heading(&mut self, text: &str, line: usize) {
        self.open = None;
        self.ctx.note_zone(text);
        let timed = stamp::leading(text).filter(|st| st.time.is_some() || st.unreadable_time);
        if let Some(st) = timed {
            self.groups.push(Group {
                from: self.entries.len(),
                vouched: true,
            });
            self.push(st, line, 0);
            return;
        }
        let dated = self.ctx.note_date(text, self.doc);
        self.groups.push(Group {
            from: self.entries.len(),
            vouched: dated || says_timeline(text),
        });
    }

    fn paragraph(&mut self, text: &str, line: usize) {
        // In prose (lines before any entry), a time or date starting a line
        // whose sentence goes on from the line above ("… paged the on-call
        // at\n13:39, …") is part of that sentence, not an entry. Lines
        // after an entry are its text, whatever their punctuation.
        let (mut in_entry, mut sentence_open) = (false, false);
        for (i, l) in text.lines().enumerate() {
            // Rows of a table that did not parse as one are never prose.
            let row = l.trim_start().starts_with('|');
            let l = row_as_text(l);
            let st = stamp::leading(&l).or_else(|| stamp::trailing(&l));
            let st = st.filter(|_| row || !sentence_open);
            in_entry |= st.is_some();
            sentence_open = !in_entry && !row && !ends_sentence(&l);
            match st {
                Some(st) if st.time.is_some() || st.unreadable_time => self.push(st, line + i, 0),
                Some(st) if is_date_line(&st) => self.date_line(&st, line + i),
                Some(st) => self.push(st, line + i, 0),
                None => {
                    // "All times UTC, 2019-02-03.": the zone and the day.
                    if !self.fill_text(&l) && self.ctx.note_zone(&l) {
                        self.ctx.note_date(&l, self.doc);
                    }
                }
            }
        }
    }

    fn item(&mut self, depth: usize, text: &str, line: usize) {
        let st = stamp::leading(text)
            .or_else(|| stamp::trailing(text))
            // A sub-bullet that mentions a time is its parent's text.
            .or_else(|| (depth <= 1).then(|| stamp::inner(text)).flatten());
        match st {
            Some(st) if st.time.is_none() && !st.unreadable_time && is_date_line(&st) => {
                self.date_line(&st, line);
                // Entries nested under a date bullet are top-level entries.
                self.open = Some(Open {
                    index: usize::MAX,
                    depth,
                    needs_text: false,
                });
            }
            Some(st) => self.push(st, line, depth),
            None => {
                // Sub-bullets and text under an entry belong to it.
                if self.fill_text(text) {
                    return;
                }
                let owned = self
                    .open
                    .is_some_and(|o| o.index != usize::MAX && depth > o.depth);
                if owned {
                    return;
                }
                self.push_untimed(text, line, depth);
            }
        }
    }

    fn row(&mut self, table: usize, is_header: bool, cells: &[String], line: usize) {
        if is_header {
            for c in cells {
                self.ctx.note_zone(c);
                self.ctx.note_date(c, self.doc);
            }
            self.header = Some((table, cells.to_vec()));
            return;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let cols = self
            .header
            .as_ref()
            .filter(|(t, _)| *t == table)
            .map(|(_, h)| h.as_slice());
        let time_cols: Vec<usize> = match cols {
            Some(h) if h.iter().any(|c| is_time_header(c)) => h
                .iter()
                .enumerate()
                .filter(|(_, c)| is_time_header(c))
                .map(|(i, _)| i)
                .collect(),
            _ => vec![0],
        };
        let pick = |time: bool| {
            cells
                .iter()
                .enumerate()
                .filter(|(i, c)| time_cols.contains(i) == time && !c.trim().is_empty())
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
        };
        let time_text = pick(true).join(" ");
        let text = pick(false).join(" — ");
        self.open = None;
        match stamp::leading(&time_text) {
            Some(st) => self.push(EntryStamp { rest: text, ..st }, line, 0),
            None => {
                let raw = Some(time_text.trim().to_string()).filter(|t| !t.is_empty());
                self.entries.push(self.untimed(text, raw, line));
            }
        }
    }

    /// A date standing alone: the day of the entries below.
    fn date_line(&mut self, st: &EntryStamp, line: usize) {
        let (date, unsettled) = self.ctx.date_for(st, self.doc);
        if unsettled || date.is_none() {
            self.warn_date(st, line);
        }
        self.ctx.from = Some(DateFrom::Context);
        self.ctx.last_clock = None;
        if let Some((name, off)) = &st.zone {
            self.ctx.zone = Some((name.clone(), *off));
        } else {
            self.ctx.note_zone(&st.rest);
        }
        self.open = None;
    }

    /// Gives a waiting entry its text; says whether it took `text`.
    fn fill_text(&mut self, text: &str) -> bool {
        let Some(open) = self.open.filter(|o| o.index != usize::MAX) else {
            return false;
        };
        if open.needs_text {
            self.entries[open.index].text = text.trim().to_string().into();
            self.open = Some(Open {
                needs_text: false,
                ..open
            });
        }
        // Further lines under a timed heading or a stamp line belong to it.
        open.needs_text || open.depth == 0
    }

    fn push(&mut self, st: EntryStamp, line: usize, depth: usize) {
        let (date, unsettled) = self.ctx.date_for(&st, self.doc);
        if unsettled {
            self.warn_date(&st, line);
        }
        let zone = st.zone.clone().or_else(|| self.ctx.zone.clone());
        let offset = zone.as_ref().and_then(|z| z.1);
        let zoned = zone.is_some();
        let stamp = |time| Stamp {
            date,
            time,
            seconds: st.seconds,
            offset: if date.is_some() { offset } else { None },
            zoned,
        };
        let time = (st.time.is_some() || date.is_some()).then(|| stamp(st.time).normalized());
        let from = date.and(if st.date.is_some() {
            Some(DateFrom::Entry)
        } else {
            self.ctx.from
        });
        let needs_text = st.rest.is_empty();
        self.entries.push(TimelineEntry {
            time: time.filter(|t| !t.is_empty()),
            raw_time: Some(st.raw.clone()).filter(|r| !r.is_empty()),
            text: st.rest.into(),
            line,
            has_zone: zone.is_some(),
            zone: zone.map(|z| z.0),
            end: st.end.map(|e| stamp(Some(e)).normalized()),
            date_from: from,
        });
        self.open = Some(Open {
            index: self.entries.len() - 1,
            depth,
            needs_text,
        });
    }

    fn push_untimed(&mut self, text: &str, line: usize, depth: usize) {
        let e = self.untimed(text.to_string(), None, line);
        self.entries.push(e);
        self.open = Some(Open {
            index: self.entries.len() - 1,
            depth,
            needs_text: false,
        });
    }

    fn untimed(&self, text: String, raw_time: Option<String>, line: usize) -> TimelineEntry {
        TimelineEntry {
            time: None,
            raw_time,
            text: text.into(),
            line,
            has_zone: self.ctx.zone.is_some(),
            zone: self.ctx.zone.as_ref().map(|z| z.0.clone()),
            end: None,
            date_from: None,
        }
    }

    fn warn_date(&mut self, st: &EntryStamp, line: usize) {
        let msg = match st.date.map(|d| d.year.is_none()) {
            Some(true) => format!(
                "timeline date `{}` has no year and the document states none; add the year",
                st.raw
            ),
            _ => format!(
                "timeline date `{}` reads both as month-day and day-month; write it as YYYY-MM-DD",
                st.raw
            ),
        };
        self.warnings.push((line, msg));
    }

    /// Drops the entries of groups whose heading does not vouch for them
    /// and that are mostly untimed: narrative, not a timeline.
    fn finish(mut self) -> (Vec<TimelineEntry>, Vec<Warning>) {
        let mut keep = vec![true; self.entries.len()];
        for (i, g) in self.groups.iter().enumerate() {
            let to = self
                .groups
                .get(i + 1)
                .map_or(self.entries.len(), |n| n.from);
            let group = &self.entries[g.from..to];
            let timed = group.iter().filter(|e| e.time.is_some()).count();
            if !g.vouched && timed * 2 < group.len() {
                keep[g.from..to].iter_mut().for_each(|k| *k = false);
            }
        }
        let mut k = keep.into_iter();
        self.entries.retain(|_| k.next().unwrap_or(true));
        (self.entries, self.warnings)
    }
}

/// Whether a line of prose ends its sentence (or introduces what follows).
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '。', '！', '？', '：', ')', '）'])
}

/// A stamp with a date and no time that is all its line says (a trailing
/// weekday or a short label may follow): the day of the entries below.
fn is_date_line(st: &EntryStamp) -> bool {
    st.date.is_some()
        && st.time.is_none()
        && (st.rest.is_empty()
            || st.rest.split_whitespace().count() <= 3 && st.rest.starts_with(['(', '（']))
}

/// "| 2023-02-14 11:01 | LB detects nodes |" → "2023-02-14 11:01 — LB detects nodes".
fn row_as_text(line: &str) -> String {
    let t = line.trim();
    if !t.starts_with('|') {
        return t.to_string();
    }
    let cells: Vec<&str> = t
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    cells.join(" — ")
}
#[cfg(test)]
mod tests {
    use super::super::blocks::extract as blocks_of;
    use super::*;
    use chrono::NaiveDate;

    fn timeline(md: &str, date: Option<NaiveDate>) -> Vec<TimelineEntry> {
        let (blocks, _) = blocks_of(md);
        let refs: Vec<(usize, &Block)> = blocks.iter().map(|b| (b.offset, &b.block)).collect();
        let doc = DocDates {
            incident: date.map(|d| (d, DateFrom::Incident)),
            ..DocDates::default()
        };
        extract("Timeline", &refs, &doc).0
    }

    #[test]
    fn a_timeline_that_crosses_midnight_moves_to_the_next_day() {
        let md = "All times UTC, 2019-02-03.\n\n- 23:59 — deploy starts\n- 00:57 — migration takes the lock\n- 00:50 — written out of order\n";
        let t = timeline(md, None);
        assert_eq!(t[0].time.as_deref(), Some("2019-02-03T23:59Z"));
        assert_eq!(t[1].time.as_deref(), Some("2019-02-04T00:57Z"));
        assert_eq!(t[1].date_from, Some(DateFrom::Midnight));
        // A step back of minutes is an entry out of order, not a new day.
        assert_eq!(t[2].time.as_deref(), Some("2019-02-04T00:50Z"));
    }

    #[test]
    fn a_word_that_starts_like_a_zone_is_no_zone() {
        let md = "All times UTC.\n\n- 16:48 — deploy of cetor-router starts\n- 16:49 — cetor-router errors\n- 16:50 — estimated impact: all\n- 16:51 — istio sidecars restart\n";
        let t = timeline(md, NaiveDate::from_ymd_opt(2019, 2, 13));
        let times: Vec<_> = t.iter().map(|e| e.time.as_deref().unwrap()).collect();
        assert_eq!(
            times,
            [
                "2019-02-13T16:48Z",
                "2019-02-13T16:49Z",
                "2019-02-13T16:50Z",
                "2019-02-13T16:51Z"
            ]
        );
        assert!(t.iter().all(|e| e.zone.as_deref() == Some("UTC")), "{t:?}");
        assert_eq!(t[1].text, "cetor-router errors");
    }

    #[test]
    fn a_time_that_goes_on_a_sentence_of_prose_is_no_entry() {
        let prose = "The deploy reached every pod at 13:09 UTC and the pager fired at\n13:39, thirty minutes later. It was seen in staging on\n2019-02-16 and closed as flaky.\n";
        assert!(timeline(prose, None).is_empty());
        // Lines after an entry are its text; the next stamped line is the next entry.
        let lines = "13:00 deploy started and errors\nclimbed\n13:05 alert fired\n";
        let t = timeline(lines, NaiveDate::from_ymd_opt(2024, 1, 2));
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[1].time.as_deref(), Some("2024-01-02T13:05"));
    }

    #[test]
    fn bullets_resolve_against_the_stated_date() {
        let t = timeline("**2024-03-12** (all times UTC)\n\n- 14:03 — deploy starts\n- 14:10: alerts fire\n- later, nobody knows when\n", None);
        assert_eq!(t[0].time.as_deref(), Some("2024-03-12T14:03Z"));
        assert_eq!(t[0].text, "deploy starts");
        assert_eq!(t[1].text, "alerts fire");
        assert!(t[1].has_zone);
        assert_eq!(t[2].time, None);
    }

    #[test]
    fn tables_with_full_timestamps_and_odd_cells() {
        let md = "All times in UTC.\n\n| Time | Event |\n| :--- | --- |\n| 2021-06-22 08:21 | VPC CNI replaced |\n| ~2025-03-03 19:30 | approx |\n| 2020-10-06 09:00 - 11:00 | range |\n| 2022-05-?? HH:mm | unknown |\n| ... | placeholder |\n| 2020-12-21 HH:mm | date only |\n";
        let t = timeline(md, None);
        assert_eq!(t[0].time.as_deref(), Some("2021-06-22T08:21Z"));
        assert_eq!(t[0].text, "VPC CNI replaced");
        assert_eq!(t[1].time.as_deref(), Some("2025-03-03T19:30Z"));
        assert_eq!(t[2].time.as_deref(), Some("2020-10-06T09:00Z"));
        assert_eq!(t[3].time, None);
        assert_eq!(t[3].raw_time.as_deref(), Some("2022-05-?? HH:mm"));
        assert_eq!(t[4].time, None);
        assert_eq!(t[5].time.as_deref(), Some("2020-12-21"));
    }

    #[test]
    fn rows_after_a_broken_row_are_kept() {
        let md = "| Time | Event |\n| --- | --- |\n| 2023-02-14 11:00 | Mail sent\n|\n| 2023-02-14 11:01 | LB healthy |\n| 2023-02-14 11:08  | Follow-up\n|\n";
        let t = timeline(md, None);
        let times: Vec<_> = t
            .iter()
            .map(|e| e.time.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            times,
            ["2023-02-14T11:00", "2023-02-14T11:01", "2023-02-14T11:08"]
        );
        assert_eq!(t[1].text, "LB healthy");
    }

    #[test]
    fn clock_only_rows_use_incident_date_and_zone_header() {
        let d = NaiveDate::from_ymd_opt(2019, 12, 5);
        let t = timeline(
            "| Time (KST) | Event |\n|---|---|\n| 04:00 | manual terraform |\n",
            d,
        );
        assert_eq!(t[0].time.as_deref(), Some("2019-12-05T04:00+09:00"));
        assert!(t[0].has_zone);
    }

    #[test]
    fn korean_timeline() {
        let t = timeline(
            "- 2024-05-02 09:12 KST 결제 API 오류율 급증\n- 09:20 온콜 엔지니어 호출\n",
            None,
        );
        assert_eq!(t[0].time.as_deref(), Some("2024-05-02T09:12+09:00"));
        assert_eq!(t[1].time.as_deref(), Some("2024-05-02T09:20"));
        assert_eq!(t[1].text, "온콜 엔지니어 호출");
        let t = timeline(
            "- 1월 19일 09:00 — 정산 배치 재실행\n- 1월 20일 — 후속 회의\n",
            NaiveDate::from_ymd_opt(2023, 1, 18),
        );
        assert_eq!(t[0].time.as_deref(), Some("2023-01-19T09:00"));
        assert_eq!(t[1].time.as_deref(), Some("2023-01-20"));
    }
}
