//! The content model: plain data that flows from `parse` through `analyze` to
//! `site`. Nothing in here does I/O, so every later stage can be tested on
//! values built by hand.

use serde::{Deserialize, Serialize};

pub mod text;
pub use text::Text;
pub mod written;
pub use written::Written;

/// "1 postmortem", "2 postmortems": a count with its noun, as every stage
/// that reports counts writes it.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Canonical section kinds. Template headings in English and Korean map onto
/// these (see `parse::sections`), so later stages never look at raw heading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Canonical {
    /// Short account of what happened ("Summary", "TL;DR", "Overview", 요약, 概要).
    Summary,
    /// Who and what was affected, and how badly ("Impact", "Customer impact", 영향).
    Impact,
    /// Why it happened ("Root causes", "RCA", "What allowed this to happen?", 原因).
    RootCauses,
    /// The event that set the incident off ("Trigger", "Leadup").
    Trigger,
    /// Conditions that made the incident possible or worse ("Contributing factors").
    ContributingFactors,
    /// How the incident was mitigated and fixed ("Resolution", "Recovery", "Mitigation").
    Resolution,
    /// How the incident was noticed ("Detection", "How was it detected").
    Detection,
    /// Follow-up work ("Action items", "Follow-ups", "Remediation", 재발 방지 대책).
    ActionItems,
    /// What the team learned ("Lessons learned", "Learnings", 教訓).
    Lessons,
    /// "What went well" during the response.
    WentWell,
    /// "What went wrong" during the response.
    WentWrong,
    /// "Where we got lucky": things that limited the damage by chance.
    Lucky,
    /// The timestamped sequence of events ("Timeline", "Chronology", 타임라인).
    Timeline,
    /// A "Five whys" analysis.
    FiveWhys,
    /// The people involved ("Attendees", "Responders", "Participants").
    Attendees,
    /// Key figures such as time to detect and recover ("Stats", "Metrics").
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
    /// Stops or limits the damage of the same failure (`mitigate`).
    Mitigate,
    /// Keeps the failure from happening again (`prevent`).
    Prevent,
    /// Changes how the team works rather than the system (`process`).
    Process,
    /// No type stated, or one the parser does not recognise.
    Other,
}

/// One follow-up task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionItem {
    /// The item's text without its inline markers (leading owner, trailing `(P1, 2026-05-24)`).
    pub text: Text,
    /// Who is responsible (owner column, labelled owner or `@mention`); `None` when not stated.
    pub owner: Option<String>,
    /// Due date as `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `P0`..`P4` when stated.
    pub priority: Option<String>,
    /// Mitigate, prevent or process; `type` in postmortems.json.
    #[serde(rename = "type")]
    pub kind: ActionType,
    /// Finished: a ticked checkbox, a done status or marker, or a heading such as "Completed".
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
    /// What happened at this step, without the time.
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
    /// Minutes from start to detection: from `started`/`detected`, else a stated value.
    pub minutes_to_detect: Option<i64>,
    /// Minutes from start to mitigation: from `started`/`mitigated`, else a stated value.
    pub minutes_to_mitigate: Option<i64>,
    /// Minutes from start to resolution: from `started`/`resolved`, else a stated value.
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
    /// Worth a look; the file is still read as usual.
    Warning,
    /// Part of the file could not be read as written (e.g. front matter that is never closed).
    Error,
}

/// A problem found while reading one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious the problem is.
    pub level: Level,
    /// Path relative to the repository.
    pub path: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong, in one sentence for the person who wrote the file.
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
    /// `title` from front matter.
    pub title: Option<String>,
    /// Incident date as written (`date`).
    pub date: Option<String>,
    /// Severity as written (`severity`).
    pub severity: Option<String>,
    /// A curator's note shown when this postmortem is a month's pick.
    pub featured_note: Option<String>,
    /// Identifier the author chose (`id`, `incident_id`, `slug`).
    pub id: Option<String>,
    /// Summary as written in front matter (`summary`, `description`, `tldr`).
    pub summary: Option<String>,
    /// Everything else the front matter says, shown as written.
    pub written: Written,
}

/// One revision of a file, from git history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Revision {
    /// Full commit id, hex.
    pub commit: String,
    /// Commit author date, `YYYY-MM-DD`.
    pub date: String,
    /// Commit author name, after .mailmap.
    pub author: String,
    /// First line of the commit message.
    pub subject: String,
    /// Blob id of the file at this revision (used to date action items).
    #[serde(skip)]
    pub blob: String,
}

/// What git history says about one file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct History {
    /// Date of the oldest commit that touched the file, `YYYY-MM-DD`; `None` when never committed.
    pub created: Option<String>,
    /// Date of the newest commit that touched the file, `YYYY-MM-DD`; `None` when never committed.
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
    /// Title as the reader sees it: stated, else inferred (see [`Origins::title`]).
    pub title: String,
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// Incident date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// Severity as written, with `sev-1` / `Sev 1` spelled `SEV1`.
    pub severity: Option<String>,
    /// The front matter's summary, else the first paragraph of the Summary section.
    pub summary: Option<String>,
    /// Front matter, after key aliases were applied.
    pub meta: Meta,
    /// Headings in document order, each with the text it governs.
    pub sections: Vec<Section>,
    /// Follow-up tasks found in action-item sections, in document order.
    pub action_items: Vec<ActionItem>,
    /// Timeline steps in document order.
    pub timeline: Vec<TimelineEntry>,
    /// Time to detect, mitigate and resolve: front-matter timestamps, else what the text states.
    pub durations: Durations,
    /// The Markdown body without front matter.
    pub body: Text,
    /// Line of the body's first byte in the file (front matter shifts it).
    pub body_line: usize,
    /// Dates, authors and revisions from git history.
    pub history: History,
    /// Problems found while reading this file.
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
    /// Where [`Postmortem::title`] came from; `None` when there is no title.
    pub title: Option<Origin>,
    /// Where [`Postmortem::date`] came from; `None` when there is no date.
    pub date: Option<Origin>,
    /// Where [`Postmortem::severity`] came from; `None` when there is no severity.
    pub severity: Option<Origin>,
    /// Where [`Postmortem::summary`] came from; `None` when there is no summary.
    pub summary: Option<Origin>,
}

/// One value's source, and its line in the file when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// What kind of source the value came from.
    pub from: Source,
    /// 1-based line of the value in the file; `None` for sources without one (file name).
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
    /// A postmortem with an id, a title and a path and nothing else, for
    /// tests that set the fields they are about.
    #[cfg(test)]
    pub(crate) fn bare(id: &str) -> Postmortem {
        Postmortem {
            id: id.into(),
            title: format!("Title {id}"),
            path: format!("postmortems/{id}.md"),
            date: None,
            severity: None,
            summary: None,
            meta: Meta::default(),
            sections: Vec::new(),
            action_items: Vec::new(),
            timeline: Vec::new(),
            durations: Durations::default(),
            body: Default::default(),
            body_line: 1,
            history: History::default(),
            diagnostics: Vec::new(),
            origins: Default::default(),
        }
    }

    /// The first section with the given canonical kind.
    pub fn section(&self, kind: Canonical) -> Option<&Section> {
        self.sections.iter().find(|s| s.canonical == Some(kind))
    }

    /// Whether the front matter's `status` says the postmortem is still
    /// being written (`draft`, `WIP`, `초안`, `下書き`…).
    pub fn is_draft(&self) -> bool {
        let status = self
            .meta
            .written
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
