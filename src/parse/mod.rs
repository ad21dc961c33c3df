//! Parse: bytes of one file → [`Postmortem`]. Pure (no I/O), so it runs on
//! any thread (rayon, one file per task) and is easy to fuzz.

pub mod action_items;
pub mod blocks;
mod code_fences;
pub mod dates;
mod dating;
pub mod durations;
pub mod front_matter;
mod heading_words;
pub mod headings;
pub mod incident;
mod key_aliases;
pub mod key_lines;
pub mod reading_list;
pub mod sections;
pub mod severity;
pub mod summary;
pub mod timeline;
pub mod times;
pub mod title;
pub mod yaml_budget;

use crate::model::{
    ActionItem, Canonical, Diagnostic, Durations, History, Level, Meta, Origin, Origins,
    Postmortem, Section, Source, TimelineEntry,
};
use blocks::{Block, Located};
use dating::{detected_day, first_dated_entry, Dating};
pub use front_matter::Aliases;

/// Settings that change how files are read.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Front-matter key aliases: the built-in ones plus `[aliases]` of hindsight.toml.
    pub aliases: Aliases,
    /// The severity scale of `[check] severities` as written (empty: the
    /// SEV scale): a severity that names a level is shown as the scale's
    /// own label for it ("P1", not "SEV1").
    pub severities: Vec<String>,
    /// Section headings added in `[sections]` of hindsight.toml.
    pub headings: headings::Headings,
}

/// Why a file was not built.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// Why, and what to do about it.
    pub reason: String,
    /// 1-based line of the problem, when it has one.
    pub line: Option<usize>,
}

/// The text with old Mac line endings (CR only) read as line breaks and
/// control characters other than tab and line breaks removed: they are
/// invalid in XML feeds and could drive a terminal. Also the line of the
/// first control character removed.
fn clean_text(text: &str) -> (std::borrow::Cow<'_, str>, Option<usize>) {
    const KEEP: [char; 3] = ['\t', '\n', '\r'];
    let bad = |c: char| c.is_control() && !KEEP.contains(&c);
    // Only a file with no LF at all is an old Mac file; elsewhere a stray
    // CR is no line break (editors and git agree) and lines keep their
    // numbers.
    let old_mac = !text.contains('\n') && text.contains('\r');
    if !text.contains(bad) && !old_mac {
        return (std::borrow::Cow::Borrowed(text), None);
    }
    let first = text.find(bad).map(|i| 1 + text[..i].matches('\n').count());
    let text = if old_mac {
        text.replace('\r', "\n")
    } else {
        text.to_string()
    };
    (crate::controls::strip(text, &KEEP).into(), first)
}

/// Parses one file. `Err` only for files that cannot be a postmortem at all
/// (empty, binary, an LFS pointer); everything else builds, with diagnostics.
pub fn parse_file(path: &str, bytes: &[u8], opts: &ParseOptions) -> Result<Postmortem, Skip> {
    let mut diags = Vec::new();
    let text = decode(path, bytes, &mut diags)?;
    let (mut meta, body_start) = front_matter_of(path, &text, opts, &mut diags);
    let body = &text[body_start..];
    let body_line = 1 + text[..body_start].matches('\n').count();
    let lines = LineMap::new(body, body_line);
    let line_of = |offset: usize| lines.line_of(offset);
    let (blocks, mut sections) = structure(body, opts, &line_of);

    let body_lines: Vec<&str> = body.lines().collect();
    let from_front_matter = meta.clone();
    let key_lines = key_lines::read(&mut meta, &sections, &body_lines, body_line, &opts.aliases);
    let origin_of = |key: &str, fm: bool| match key_lines.get(key) {
        Some(&line) => Some(Origin::at(Source::KeyLine, line)),
        None => fm.then(|| Origin::of(Source::FrontMatter)),
    };

    let stem = file_stem(path);
    let title_heading = title_heading(&blocks, &mut sections, opts, &line_of);
    let h1 = title_heading.as_ref().map(|(t, _)| t.text.as_str());
    let incident = incident::incident_date(&meta, h1, &stem, body, path, &mut diags);
    let parts = Parts {
        path,
        blocks: &blocks,
        sections: &sections,
        line_of: &line_of,
    };
    let doc_dates = incident::doc_dates(&meta, incident, path, body, &parts.timeline_text());
    let timeline = parts.timeline(&doc_dates, &mut diags);
    let action_items = parts.action_items();
    let durations = durations_of(&meta, &body_lines, path, &mut diags);
    let title_end = title_heading.as_ref().map(|(t, _)| t.end);
    let fm_summary = from_front_matter.summary.as_deref();
    let summary = summary::find(fm_summary, &sections, &blocks, title_end, &line_of);
    let summary_day = (summary.as_ref())
        .and_then(|(text, _)| incident::summary_date(text, doc_dates.month_first));
    let dating = Dating {
        incident,
        front_matter_date: from_front_matter.date.is_some(),
        detected: detected_day(&meta),
        summary_day,
        summary: summary.as_ref().map(|s| &s.1),
        dateline: incident::dateline(parts.paragraphs()),
        first_entry: first_dated_entry(&timeline),
        title: (title_heading.as_ref()).map(|(t, l)| (*l, t.offset..t.end)),
    };
    let began = dating.began(&line_of, &origin_of);
    let (date, date_origin) = began.map_or((None, None), |(d, o)| (Some(d), o));
    if date.is_none() && from_front_matter.date.is_none() {
        diags.push(diagnostic(path, Level::Warning, None, NO_DATE.into()));
    }
    let fm_title = from_front_matter.title.as_ref();
    let (title, title_origin) = title_of(fm_title, &title_heading, path, &summary, &mut diags);
    let id = crate::slug::slugify(meta.id.as_deref().unwrap_or(&stem), "postmortem");
    let severity = (meta.severity.as_deref()).map(|s| severity::on_scale(s, &opts.severities));
    let severity_origin = origin_of("severity", from_front_matter.severity.is_some());
    let origins = Origins {
        title: Some(title_origin),
        date: date_origin,
        severity: severity.as_ref().and(severity_origin),
        summary: summary.as_ref().map(|s| s.1.clone()),
    };
    let summary = summary.map(|s| s.0);
    Ok(Postmortem {
        origins,
        id,
        title,
        path: path.to_string(),
        date: date.map(|d| d.format("%Y-%m-%d").to_string()),
        severity,
        summary,
        meta,
        sections,
        action_items,
        timeline,
        durations,
        body: body.into(),
        body_line,
        history: History::default(),
        diagnostics: diags,
    })
}

/// The heading that titles the document, with its line. Its section
/// loses its kind: it names the document ("# 회고 — …"), not a section.
fn title_heading(
    blocks: &[Located],
    sections: &mut [Section],
    opts: &ParseOptions,
    line_of: &dyn Fn(usize) -> usize,
) -> Option<(title::TitleBlock, usize)> {
    let is_section =
        |h: &str| opts.headings.classify(h).is_some() || key_lines::is_metadata_heading(h);
    let heading = title::heading(blocks, &is_section)?;
    let line = line_of(heading.offset);
    for s in sections.iter_mut().filter(|s| s.line == line) {
        s.canonical = None;
    }
    Some((heading, line))
}

/// The durations the document states, with a warning for each problem.
fn durations_of(
    meta: &Meta,
    body_lines: &[&str],
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Durations {
    let (durations, issues) = durations::compute(meta, body_lines);
    let warning = |i: durations::DurationIssue| diagnostic(path, Level::Warning, None, i.message);
    diags.extend(issues.into_iter().map(warning));
    durations
}

/// Line numbers of body offsets.
struct LineMap {
    /// The file's line number of the body's first line.
    first: usize,
    /// Body offset where each line starts.
    starts: Vec<usize>,
}

impl LineMap {
    fn new(body: &str, first: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineMap { first, starts }
    }

    /// The file's line number of body offset `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.first + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

/// The body's blocks and its sections, each section classified by its
/// heading.
fn structure(
    body: &str,
    opts: &ParseOptions,
    line_of: &dyn Fn(usize) -> usize,
) -> (Vec<Located>, Vec<Section>) {
    let (mut blocks, spans) = blocks::extract(body);
    sections::promote_labels(&mut blocks, body, &opts.headings);
    let mut sections = sections::build(&blocks, &spans, body.len(), line_of);
    for s in &mut sections {
        s.canonical = opts.headings.classify(&s.heading);
    }
    (blocks, sections)
}

/// A diagnostic about `path`.
fn diagnostic(path: &str, level: Level, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        level,
        path: path.to_string(),
        line,
        message,
    }
}

/// The file's text, or why it cannot be a postmortem: refuses empty,
/// LFS-pointer and binary files; reads invalid UTF-8 with replacement
/// characters and removes control characters, each with a warning.
fn decode(path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Result<String, Skip> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Skip {
            reason: "empty file: nothing to build".into(),
            line: None,
        });
    }
    if bytes.starts_with(b"version https://git-lfs.github.com/spec/") {
        return Err(Skip {
            reason: "Git LFS pointer, not Markdown: run `git lfs pull` (or fetch LFS objects in CI) before building".into(),
            line: Some(1),
        });
    }
    if let Some(pos) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(Skip {
            reason: "binary file (NUL byte): not Markdown; rename it or add it to `exclude`".into(),
            line: Some(line_at(bytes, pos)),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(e) => {
            diags.push(diagnostic(
                path,
                Level::Warning,
                Some(line_at(bytes, e.valid_up_to())),
                "invalid UTF-8 (bad bytes shown as �); re-save the file as UTF-8".into(),
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (text, control_line) = clean_text(text);
    if let Some(line) = control_line {
        diags.push(diagnostic(
            path,
            Level::Warning,
            Some(line),
            "control characters (such as NUL or ESC) removed: they are not text".into(),
        ));
    }
    Ok(text.into())
}

/// The front matter's values and where the body starts; an unreadable or
/// unclosed front matter is an error and reads as none.
fn front_matter_of(
    path: &str,
    text: &str,
    opts: &ParseOptions,
    diags: &mut Vec<Diagnostic>,
) -> (Meta, usize) {
    match front_matter::split(text) {
        Ok(Some(split)) => match front_matter::parse(&split, &opts.aliases) {
            Ok(meta) => (meta, split.body_start),
            // `---`, a blank line, `# Title`: a horizontal rule above the
            // document, not metadata; reading it as front matter would
            // lose the whole file to one YAML error.
            Err(_) if front_matter::is_markdown(&split) => (Meta::default(), 0),
            Err(e) => {
                diags.push(diagnostic(path, Level::Error, Some(e.line), e.message));
                (Meta::default(), split.body_start)
            }
        },
        Ok(None) => (Meta::default(), 0),
        Err(line) => {
            diags.push(diagnostic(
                path,
                Level::Error,
                Some(line),
                "front matter opened with `---` is never closed: add a closing `---` line".into(),
            ));
            (Meta::default(), 0)
        }
    }
}

/// The blocks of the action-items sections, with their lines; the
/// section's own heading too: it can say the items are done.
fn action_item_blocks<'b>(
    sections: &[Section],
    blocks: &'b [Located],
    line_of: &dyn Fn(usize) -> usize,
) -> Vec<(usize, &'b Block)> {
    let ranges: Vec<_> = sections
        .iter()
        .filter(|s| s.canonical == Some(Canonical::ActionItems))
        .map(|s| s.content.clone())
        .collect();
    blocks
        .iter()
        .filter(|b| {
            let heading = matches!(b.block, Block::Heading { .. });
            ranges
                .iter()
                .any(|r| r.contains(&b.offset) || heading && b.end == r.start)
        })
        .map(|b| (line_of(b.offset), &b.block))
        .collect()
}

/// A body's blocks and sections, read for the structured parts.
struct Parts<'a> {
    path: &'a str,
    blocks: &'a [Located],
    sections: &'a [Section],
    line_of: &'a dyn Fn(usize) -> usize,
}

impl Parts<'_> {
    /// The timeline sections not inside another one: a `**Timeline:**`
    /// line under `### October 24, 2025 - …` inside `## Incident Timeline`
    /// is read once, with the outer section's dates, not a second time
    /// without them.
    fn timelines(&self) -> Vec<&Section> {
        let all: Vec<&Section> = self
            .sections
            .iter()
            .filter(|s| s.canonical == Some(Canonical::Timeline))
            .collect();
        let inside = |s: &Section| {
            all.iter()
                .any(|t| t.content.start < s.content.start && s.content.end <= t.content.end)
        };
        all.iter().copied().filter(|s| !inside(s)).collect()
    }

    /// The timeline sections' headings and text, for the document's dates.
    fn timeline_text(&self) -> String {
        self.timelines()
            .into_iter()
            .map(|s| format!("{}\n{}\n", s.heading, s.text.as_str()))
            .collect()
    }

    /// Every timeline section's entries, with their warnings.
    fn timeline(
        &self,
        doc_dates: &timeline::DocDates,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<TimelineEntry> {
        let mut timeline = Vec::new();
        for s in self.timelines() {
            let inside: Vec<(usize, &Block)> = self
                .blocks
                .iter()
                .filter(|b| s.content.contains(&b.offset))
                .map(|b| ((self.line_of)(b.offset), &b.block))
                .collect();
            let (entries, warnings) = timeline::extract(&s.heading, &inside, doc_dates);
            timeline.extend(entries);
            for (line, message) in warnings {
                diags.push(diagnostic(self.path, Level::Warning, Some(line), message));
            }
        }
        timeline
    }

    /// The action-items sections' items; without such a section, the
    /// changes a post announces in prose.
    fn action_items(&self) -> Vec<ActionItem> {
        let has_section = self
            .sections
            .iter()
            .any(|s| s.canonical == Some(Canonical::ActionItems));
        if !has_section {
            let all: Vec<(usize, &Block)> = self
                .blocks
                .iter()
                .map(|b| ((self.line_of)(b.offset), &b.block))
                .collect();
            return action_items::announced::find(&all);
        }
        action_items::extract(&action_item_blocks(
            self.sections,
            self.blocks,
            self.line_of,
        ))
    }

    /// The body's paragraphs' text, in order.
    fn paragraphs(&self) -> impl Iterator<Item = (&str, usize)> {
        self.blocks.iter().filter_map(|b| match &b.block {
            Block::Paragraph { text } => Some((text.as_str(), b.offset)),
            _ => None,
        })
    }
}

/// 1-based line of a byte offset.
fn line_at(bytes: &[u8], pos: usize) -> usize {
    1 + bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The title of a document that states none: its file name's words, else
/// its summary's first sentence, else the file name as written; the last
/// two with a warning, since they only stand in for a title.
/// The warning for a postmortem whose start day nothing states: it is
/// still built, but trends and date-ordered lists cannot place it.
pub const NO_DATE: &str = "no date: neither the front matter, the title, the file name nor the text states the day the incident began, so trends and the date-ordered feeds leave this postmortem out; add `date: YYYY-MM-DD` to the front matter";

/// The front matter's title, else the title heading's, else one made from
/// the file name or the summary (with a warning).
fn title_of(
    front_matter: Option<&String>,
    heading: &Option<(title::TitleBlock, usize)>,
    path: &str,
    summary: &Option<(String, Origin)>,
    diags: &mut Vec<Diagnostic>,
) -> (String, Origin) {
    match (front_matter, heading) {
        (Some(t), _) => (t.clone(), Origin::of(Source::FrontMatter)),
        (None, Some((t, l))) => (t.text.clone(), Origin::at(Source::Title, *l)),
        _ => untitled(path, &file_stem(path), summary.as_ref(), diags),
    }
}

fn untitled(
    path: &str,
    stem: &str,
    summary: Option<&(String, Origin)>,
    diags: &mut Vec<Diagnostic>,
) -> (String, Origin) {
    let summary = summary.map(|s| s.0.as_str());
    if let Some(words) = title::from_file_name(stem) {
        return (words, Origin::of(Source::FileName));
    }
    let (title, from) = match summary.and_then(|s| title::from_summary(s, 80)) {
        Some(sentence) => (sentence, Source::Summary),
        None => (stem.to_string(), Source::FileName),
    };
    diags.push(Diagnostic {
        level: Level::Warning,
        path: path.to_string(),
        line: None,
        message: format!(
            "no title: no `title:` in the front matter, no `# ` heading, and the file name is an identifier; showing {}; add a `title:` line to the front matter",
            from.describe()
        ),
    });
    (title, Origin::of(from))
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // Any case, as the selector reads them (`.MD`, `.Markdown`, `.MARKDOWN`).
    for ext in [".markdown", ".md"] {
        let b = name.as_bytes();
        if b.len() > ext.len() && b[b.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes()) {
            // The suffix is ASCII, so this is a character boundary.
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name.to_string()
}

/// A severity as written, on the SEV scale when it names a level
/// (see [`severity`]); anything else as written.
pub fn normalize_severity(s: &str) -> String {
    severity::normalize(s)
}

/// The action items of a file, parsing only from its first Action Items
/// heading on: enough to date ticks in old versions, at a fraction of
/// [`parse_file`]'s cost. `None` when no ATX heading line outside a code
/// fence names that section (a setext heading, say): the caller then parses
/// the whole file. Lines are not meaningful in the result.
pub fn action_items_only(
    bytes: &[u8],
    headings: &headings::Headings,
) -> Option<Vec<crate::model::ActionItem>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut offset = 0;
    let mut fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if indent <= 3 && (t.starts_with("```") || t.starts_with("~~~")) {
            let mark = &t[..3];
            match fence {
                None => fence = Some(mark),
                Some(open) if open == mark => fence = None,
                Some(_) => {}
            }
        } else if fence.is_none() && indent <= 3 && t.starts_with('#') {
            let rest = t.trim_start_matches('#');
            let hashes = t.len() - rest.len();
            let heading = rest.trim().trim_end_matches('#').trim();
            if hashes <= 6
                && rest.starts_with([' ', '\t'])
                && headings.classify(heading) == Some(Canonical::ActionItems)
            {
                let tail = &text[offset..];
                let (blocks, spans) = blocks::extract(tail);
                let mut sections = sections::build(&blocks, &spans, tail.len(), &|_| 1);
                for s in &mut sections {
                    s.canonical = headings.classify(&s.heading);
                }
                let inside = action_item_blocks(&sections, &blocks, &|_| 1);
                return Some(action_items::extract(&inside));
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests;
