//! The content model: plain data that flows from `parse` through `analyze` to
//! `site`. Nothing in here does I/O, so every later stage can be tested on
//! values built by hand.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod text;
pub use text::Text;

/// Canonical section kinds. Template headings in English and Korean map onto
/// these (see `parse::sections`), so later stages never look at raw heading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Canonical {
    Summary,
    Impact,
    RootCauses,
    Trigger,
    ContributingFactors,
    Resolution,
    Detection,
    ActionItems,
    Lessons,
    WentWell,
    WentWrong,
    Lucky,
    Timeline,
    FiveWhys,
    Attendees,
    Stats,
}

impl Canonical {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Canonical; 16] = [
        Canonical::Summary,
        Canonical::Impact,
        Canonical::RootCauses,
        Canonical::Trigger,
        Canonical::ContributingFactors,
        Canonical::Resolution,
        Canonical::Detection,
        Canonical::ActionItems,
        Canonical::Lessons,
        Canonical::WentWell,
        Canonical::WentWrong,
        Canonical::Lucky,
        Canonical::Timeline,
        Canonical::FiveWhys,
        Canonical::Attendees,
        Canonical::Stats,
    ];

    /// The kind a stable name (`action_items`) stands for.
    pub fn from_name(name: &str) -> Option<Canonical> {
        Canonical::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The stable name used in postmortems.json and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Canonical::Summary => "summary",
            Canonical::Impact => "impact",
            Canonical::RootCauses => "root_causes",
            Canonical::Trigger => "trigger",
            Canonical::ContributingFactors => "contributing_factors",
            Canonical::Resolution => "resolution",
            Canonical::Detection => "detection",
            Canonical::ActionItems => "action_items",
            Canonical::Lessons => "lessons",
            Canonical::WentWell => "went_well",
            Canonical::WentWrong => "went_wrong",
            Canonical::Lucky => "lucky",
            Canonical::Timeline => "timeline",
            Canonical::FiveWhys => "five_whys",
            Canonical::Attendees => "attendees",
            Canonical::Stats => "stats",
        }
    }
}

/// One heading of the document and the byte range of the text it governs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// Heading text as written.
    pub heading: String,
    /// Heading level, 1..=6.
    pub level: u8,
    /// The canonical kind, when the heading is a known template section.
    pub canonical: Option<Canonical>,
    /// 1-based line of the heading in the file.
    pub line: usize,
    /// Byte range of the section's content in the Markdown body (after the
    /// heading, up to the next heading of the same or a higher level).
    pub content: std::ops::Range<usize>,
    /// Plain text of the section (no Markdown syntax), for search and analysis.
    pub text: Text,
}

/// What an action item is for, as in the Google SRE template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionType {
    Mitigate,
    Prevent,
    Process,
    Other,
}

/// One follow-up task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionItem {
    pub text: Text,
    pub owner: Option<String>,
    /// Due date as `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `P0`..`P4` when stated.
    pub priority: Option<String>,
    #[serde(rename = "type")]
    pub kind: ActionType,
    pub done: bool,
    /// Ticket or bug reference when a table has such a column.
    pub bug: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
    /// `YYYY-MM-DD` of the first commit from which the item is ticked and
    /// stays ticked (from git history; `None` when open or not known).
    #[serde(default)]
    pub done_at: Option<String>,
}

/// One timeline step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Normalized time: `YYYY-MM-DDTHH:MM[:SS][offset]` when the date is
    /// known, `HH:MM` when only a clock time was given, `None` when the entry
    /// has no time at all.
    pub time: Option<String>,
    /// The time exactly as written.
    pub raw_time: Option<String>,
    pub text: Text,
    /// 1-based line in the file.
    pub line: usize,
    /// Whether a time zone was stated for this entry (itself, a column
    /// header or a line such as "all times UTC").
    pub has_zone: bool,
    /// The zone as written for this entry or stated for the timeline
    /// (`PST`, `UTC+9`), when one was.
    #[serde(default)]
    pub zone: Option<String>,
    /// The end of a range (`14:20-16:00`), normalized like `time`.
    #[serde(default)]
    pub end: Option<String>,
    /// Where the entry's date came from, when it has one.
    #[serde(default)]
    pub date_from: Option<DateFrom>,
}

/// Where a timeline entry's date came from. Only `Entry` is written on the
/// entry itself; the others are carried, and say so on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFrom {
    /// Written on the entry.
    Entry,
    /// A date line, date heading or column header above the entry.
    Context,
    /// The day after the previous entry's, as the entry says (`next day`).
    Rollover,
    /// The day after the previous entry's: the clock went back by 12 hours
    /// or more (`23:50`, then `00:10`), the way a timeline crosses midnight.
    Midnight,
    /// The incident date the document states (front matter, a key line,
    /// the title).
    Incident,
    /// The date in the file name: the document states no date at all.
    FileName,
}

/// Durations in minutes, `None` when the document does not say.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Durations {
    pub minutes_to_detect: Option<i64>,
    pub minutes_to_mitigate: Option<i64>,
    pub minutes_to_resolve: Option<i64>,
    /// The incident or impact duration as the document states it
    /// ("Duration: 2h", 影響時間, 장애 시간, "lasting 1 hour and 5 minutes"),
    /// never computed from timestamps.
    #[serde(default)]
    pub minutes_total: Option<i64>,
}

impl Durations {
    /// Time to resolve, else the stated incident duration: both run from
    /// the start to the end of the impact, and many documents state only
    /// the duration. What trends and cards show as "time to resolve".
    pub fn resolve_or_total(&self) -> Option<i64> {
        self.minutes_to_resolve.or(self.minutes_total)
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Warning,
    Error,
}

/// A problem found while reading one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    /// Path relative to the repository.
    pub path: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

use crate::controls::printable;

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        // Paths and messages quote the file: shown escaped, never raw.
        let (path, message) = (printable(&self.path), printable(&self.message));
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {level}: {message}"),
            None => write!(f, "{path}: {level}: {message}"),
        }
    }
}

/// Front matter after key aliases were applied. Every field is optional:
/// what a file does not say stays unknown.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub severity: Option<String>,
    pub status: Option<String>,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    pub root_cause_category: Option<String>,
    pub started: Option<String>,
    pub detected: Option<String>,
    pub mitigated: Option<String>,
    pub resolved: Option<String>,
    pub featured: Option<String>,
    /// A curator's note shown when this postmortem is a month's pick.
    pub featured_note: Option<String>,
    pub id: Option<String>,
    pub summary: Option<String>,
    /// Keys the tool does not know, kept as display strings.
    pub extra: BTreeMap<String, String>,
}

/// One revision of a file, from git history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Revision {
    pub commit: String,
    /// Commit author date, `YYYY-MM-DD`.
    pub date: String,
    pub author: String,
    pub subject: String,
    /// Blob id of the file at this revision (used to date action items).
    #[serde(skip)]
    pub blob: String,
}

/// What git history says about one file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct History {
    pub created: Option<String>,
    pub updated: Option<String>,
    /// Names (after .mailmap), most commits first, ties by name.
    pub contributors: Vec<String>,
    /// Newest first.
    pub revisions: Vec<Revision>,
    /// The file has changes not yet committed (or was never committed).
    pub uncommitted: bool,
    /// False on a shallow clone: dates may be wrong.
    pub reliable: bool,
}

/// A fully parsed postmortem, ready for analysis and rendering.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Postmortem {
    /// Stable, URL- and file-safe identifier.
    pub id: String,
    pub title: String,
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// Incident date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// Severity as written, with `sev-1` / `Sev 1` spelled `SEV1`.
    pub severity: Option<String>,
    /// The front matter's summary, else the first paragraph of the Summary section.
    pub summary: Option<String>,
    pub meta: Meta,
    pub sections: Vec<Section>,
    pub action_items: Vec<ActionItem>,
    pub timeline: Vec<TimelineEntry>,
    pub durations: Durations,
    /// The Markdown body without front matter.
    pub body: Text,
    /// Line of the body's first byte in the file (front matter shifts it).
    pub body_line: usize,
    pub history: History,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the title, date, severity and summary came from.
    #[serde(default)]
    pub origins: Origins,
}

/// Where a postmortem's headline values came from: shown by `hindsight
/// explain` and written to postmortems.json, so a reader can tell a value
/// the document states from one Hindsight inferred.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Origins {
    pub title: Option<Origin>,
    pub date: Option<Origin>,
    pub severity: Option<Origin>,
    pub summary: Option<Origin>,
}

/// One value's source, and its line in the file when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    pub from: Source,
    pub line: Option<usize>,
}

impl Origin {
    /// A source without a line.
    pub fn of(from: Source) -> Self {
        Origin { from, line: None }
    }

    /// A source at a line.
    pub fn at(from: Source, line: usize) -> Self {
        Origin {
            from,
            line: Some(line),
        }
    }
}

/// Kinds of place a value is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// YAML front matter.
    FrontMatter,
    /// A `Key: value` line, bold key line or key/value table row.
    KeyLine,
    /// The first level-1 heading.
    Title,
    /// The section named as a summary.
    Section,
    /// The paragraph under the title when there is no summary section.
    LeadParagraph,
    /// The file name (inferred: the document does not state it).
    FileName,
    /// The first dated timeline entry (inferred).
    Timeline,
    /// The summary's first sentence, for a title (inferred: nothing else
    /// names the document).
    Summary,
    /// A line of the text that states the day: a dateline or byline near
    /// the top, or a date matching the file name's.
    Text,
}

impl Source {
    /// How `explain` names the source.
    pub fn describe(self) -> &'static str {
        match self {
            Source::FrontMatter => "front matter",
            Source::KeyLine => "a key line",
            Source::Title => "the title heading",
            Source::Section => "the summary section",
            Source::LeadParagraph => "the paragraph under the title",
            Source::FileName => "the file name (inferred)",
            Source::Timeline => "the first dated timeline entry (inferred)",
            Source::Summary => "the summary's first sentence (inferred)",
            Source::Text => "a line of the text that states the day",
        }
    }
}

impl Postmortem {
    /// The first section with the given canonical kind.
    pub fn section(&self, kind: Canonical) -> Option<&Section> {
        self.sections.iter().find(|s| s.canonical == Some(kind))
    }

    /// Whether the front matter's `status` says the postmortem is still
    /// being written (`draft`, `WIP`, `초안`, `下書き`…).
    pub fn is_draft(&self) -> bool {
        let status = self
            .meta
            .status
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_lowercase();
        [
            "draft",
            "wip",
            "work in progress",
            "초안",
            "작성 중",
            "작성중",
            "下書き",
            "ドラフト",
            "作成中",
        ]
        .iter()
        .any(|d| {
            status == *d
                || status.starts_with(&format!("{d} "))
                || status.starts_with(&format!("{d}("))
        })
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }
}
