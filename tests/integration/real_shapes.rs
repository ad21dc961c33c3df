//! Parsing accuracy on the real-shapes corpus: 67 postmortems written in the
//! shapes of public postmortem repositories
//! (`tests/fixtures/real-shapes/postmortems/<family>/<file>.md`), each with the
//! values a careful reader extracts (`<file>.expected.json`; schema and
//! conventions in `tests/fixtures/real-shapes/README.md`).
//!
//! This is a measuring harness, not a specification of the parser: it parses
//! every fixture with [`hindsight::parse::parse_file`], scores each field
//! against the expected JSON and prints a table (overall and per language),
//! the ten fixtures with the most missed values, one example of a miss per
//! field and the timeline dates that contradict the document. Run it with
//!
//! ```sh
//! cargo test --release --test integration real_shapes -- --nocapture
//! ```
//!
//! `REAL_SHAPES_DUMP=<part of a file name>` also prints what the parser read
//! from the matching fixtures; `REAL_SHAPES_MISSES=<field>` lists every miss
//! of one field (a name from the table, e.g. `timeline date`).
//!
//! # The ratchet
//!
//! The test fails when
//! - a fixture panics the parser, is skipped by it, or its expected JSON does
//!   not follow the schema (every key present, dates `YYYY-MM-DD`, times
//!   `HH:MM`, levels and section names from the README's lists);
//! - a field's accuracy falls below its floor in [`FLOORS`], or a field was
//!   scored over no item at all;
//! - more timeline entries than [`CONTRADICTION_CEILING`] carry a date that
//!   contradicts the one the document states.
//!
//! Each floor is the accuracy measured when it was set, rounded DOWN to the
//! nearest 5%. Parser work that raises a field raises its floor in the same
//! commit (measure, round down to 5%) and may lower the ceiling; a floor is
//! never lowered to let a change through. When an expected value is wrong,
//! fix the JSON (see MANIFEST.md) and say so in the commit.
//!
//! # How fields are scored (the harness's reading)
//!
//! Text is compared after [`norm`]: Markdown emphasis characters `*_\``
//! removed, whitespace collapsed, lower case (titles excepted).
//!
//! - `title`: equal after trimming, case-sensitive.
//! - `date`: equal `YYYY-MM-DD`; an expected null is right only if the parser
//!   gives none. The same null rule holds for every scalar below unless said.
//! - `severity raw found`: over fixtures whose expected raw value is non-null,
//!   the parser gives some severity. `severity level`: over all fixtures, the
//!   parsed severity read by [`severity_level`] equals the expected level (the
//!   model keeps severities as written, so the level is the harness's reading).
//! - `summary_start`: the parsed summary starts with the expected start, on
//!   the first min(len, 30) characters.
//! - timeline: expected entries are matched to parsed ones in order (a parsed
//!   entry whose text contains the expected `text_start`; unmatched parsed
//!   entries are skipped). Per expected entry: `entry found`, `time` (`HH:MM`)
//!   and `date` (`YYYY-MM-DD`), both read from the entry's normalized
//!   `time` (`YYYY-MM-DDTHH:MM…`, `YYYY-MM-DD` or `HH:MM`); an entry not
//!   found counts as wrong for time and date too. Matched entries whose parsed date differs from a non-null
//!   expected date are counted as contradictions.
//! - `timeline zone`: per fixture with expected entries, the `zone` of the
//!   first parsed entry that has one (upper case) equals the expected zone.
//! - action items: `count` per fixture (parsed count equals expected count),
//!   then expected items matched in order like timeline entries: `found`,
//!   `done` (only where the expected value is non-null: the model cannot say
//!   "unknown"), `owner` (parsed owner contains the expected one, ignoring
//!   case and `@`), `due`, `link` (the `bug` field if it holds a URL, else a
//!   URL in the item text, must contain the expected URL).
//! - durations, where the expected value is non-null: `detect` ↔
//!   `minutes_to_detect`, `resolve` ↔ `minutes_to_resolve` (or
//!   `minutes_to_mitigate` when the document states no time to resolve: the
//!   README counts a time to mitigate as `resolve`), `total` ↔
//!   `minutes_total`.
//! - `sections`: each expected canonical name present among the parsed
//!   sections' canonical kinds (`lessons` read as `lessons_learned`; kinds
//!   outside the README's ten names are ignored); parsed names not expected
//!   are counted as false extras.

use hindsight::model::{ActionItem, Canonical, Postmortem, TimelineEntry};
use hindsight::parse::{parse_file, ParseOptions};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the corpus lives, relative to the crate root.
const CORPUS: &str = "tests/fixtures/real-shapes/postmortems";

/// Fewer fixtures than this means files went missing.
const MIN_FIXTURES: usize = 67;

/// The fields scored, in the order the table prints them.
const FIELDS: &[&str] = &[
    "title",
    "date",
    "severity raw found",
    "severity level",
    "summary_start",
    "timeline entry found",
    "timeline time",
    "timeline date",
    "timeline zone",
    "action item count",
    "action item found",
    "action item done",
    "action item owner",
    "action item due",
    "action item link",
    "duration detect",
    "duration resolve",
    "duration total",
    "sections",
];

/// Minimum accuracy per field, in percent: the measured value rounded down
/// to 5% (see the module documentation). Raise, never lower. Last raised
/// with the title, start-date and summary readers (measured values in the comments).
const FLOORS: &[(&str, f64)] = &[
    ("title", 100.0),                // 69/69
    ("date", 100.0),                 // 69/69
    ("severity raw found", 100.0),   // 33/33
    ("severity level", 100.0),       // 69/69
    ("summary_start", 100.0),        // 69/69
    ("timeline entry found", 100.0), // 378/378
    ("timeline time", 100.0),        // 378/378
    ("timeline date", 100.0),        // 378/378
    ("timeline zone", 100.0),        // 61/61
    ("action item count", 95.0),     // 68/69 = 98.6%
    ("action item found", 100.0),    // 193/193
    ("action item done", 100.0),     // 90/90
    ("action item owner", 100.0),    // 193/193
    ("action item due", 100.0),      // 193/193
    ("action item link", 100.0),     // 193/193
    ("duration detect", 100.0),      // 16/16
    ("duration resolve", 100.0),     // 8/8
    ("duration total", 100.0),       // 33/33 (minutes_total)
    ("sections", 100.0),             // 355/355
];

/// Most timeline entries allowed to carry a date that contradicts the
/// document. Zero since the timeline reader follows date lines, headings
/// and stated day changes; never raise it.
const CONTRADICTION_CEILING: u32 = 0;

/// What a miss records as the parser's value when the entry or item itself
/// was not found (the examples prefer other misses).
const NOT_FOUND: &str = "(not found)";

/// The canonical section names of the expected JSON.
const SECTION_NAMES: &[&str] = &[
    "summary",
    "impact",
    "timeline",
    "root_causes",
    "contributing_factors",
    "resolution",
    "action_items",
    "lessons_learned",
    "detection",
    "trigger",
];

/// One fixture on disk.
struct Fixture {
    /// Family folder, e.g. `ja-team`.
    family: String,
    /// File name with `.md`.
    file: String,
    md: PathBuf,
    expected: PathBuf,
}

impl Fixture {
    /// `en`, `ja` or `ko`, from the family.
    fn lang(&self) -> &'static str {
        match self.family.as_str() {
            "ja-team" => "ja",
            "ko-team" => "ko",
            _ => "en",
        }
    }

    /// The path the parser sees, as in a knowledge base repository.
    fn repo_path(&self) -> String {
        format!("postmortems/{}/{}", self.family, self.file)
    }
}

/// The expected values (after [`validate`] checked every key is present).
#[derive(Deserialize)]
struct Expected {
    title: String,
    date: Option<String>,
    severity: ExpSeverity,
    summary_start: Option<String>,
    zone: Option<String>,
    timeline: Vec<ExpEntry>,
    action_items: Vec<ExpItem>,
    durations: ExpDurations,
    sections: Vec<String>,
}

/// Expected severity.
#[derive(Deserialize)]
struct ExpSeverity {
    raw: Option<String>,
    level: Option<String>,
}

/// One expected timeline entry.
#[derive(Deserialize)]
struct ExpEntry {
    date: Option<String>,
    time: Option<String>,
    text_start: String,
}

/// One expected action item.
#[derive(Deserialize)]
struct ExpItem {
    text_start: String,
    done: Option<bool>,
    owner: Option<String>,
    due: Option<String>,
    link: Option<String>,
}

/// Expected durations in minutes.
#[derive(Deserialize)]
struct ExpDurations {
    detect_minutes: Option<i64>,
    resolve_minutes: Option<i64>,
    total_minutes: Option<i64>,
}

/// Right and total for one field.
#[derive(Default, Clone, Copy)]
struct Count {
    right: u32,
    total: u32,
}

/// A value the parser missed: field, what it gave, what was expected.
struct Miss {
    field: &'static str,
    got: String,
    want: String,
}

/// Scores of one fixture, or of a group of fixtures.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<&'static str, Count>,
    misses: Vec<Miss>,
    /// Matched timeline entries whose parsed date contradicts the document.
    contradictions: u32,
    /// Those entries: parsed time as written and normalized, expected date, text.
    contradiction_examples: Vec<String>,
    /// Parsed section names that the document does not have.
    extra_sections: u32,
}

impl Tally {
    /// Records one scored value.
    fn score(
        &mut self,
        field: &'static str,
        ok: bool,
        got: impl std::fmt::Debug,
        want: impl std::fmt::Debug,
    ) {
        let c = self.counts.entry(field).or_default();
        c.total += 1;
        if ok {
            c.right += 1;
        } else {
            self.misses.push(Miss {
                field,
                got: format!("{got:?}"),
                want: format!("{want:?}"),
            });
        }
    }

    /// Adds another tally's counts (misses are not copied).
    fn add(&mut self, other: &Tally) {
        for (field, c) in &other.counts {
            let mine = self.counts.entry(field).or_default();
            mine.right += c.right;
            mine.total += c.total;
        }
        self.contradictions += other.contradictions;
        self.extra_sections += other.extra_sections;
    }

    /// Values missed in all fields.
    fn missed(&self) -> u32 {
        self.counts.values().map(|c| c.total - c.right).sum()
    }

    /// Counts of one field (zero when never scored).
    fn get(&self, field: &str) -> Count {
        self.counts.get(field).copied().unwrap_or_default()
    }
}

/// Accuracy in percent (0 for nothing scored).
fn pct(c: Count) -> f64 {
    if c.total == 0 {
        0.0
    } else {
        100.0 * f64::from(c.right) / f64::from(c.total)
    }
}

// ---------------------------------------------------------------------------
// Fixtures and the schema check

/// Every fixture of the corpus, sorted by family and file; also the problems
/// found on the way (a Markdown file without expected JSON, or the reverse).
fn fixtures() -> (Vec<Fixture>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for family in sorted_dir(&root) {
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
        for path in sorted_dir(&family) {
            let file = name(&path);
            if let Some(stem) = file.strip_suffix(".expected.json") {
                let stem = stem.strip_suffix(".md").unwrap_or(stem);
                if !family.join(format!("{stem}.md")).exists() {
                    problems.push(format!("{}: no Markdown beside it", path.display()));
                }
                continue;
            }
            let Some(stem) = file.strip_suffix(".md") else {
                continue;
            };
            // The README names `<file>.expected.json`; accept `<file>.md.expected.json` too.
            let expected = [
                format!("{file}.expected.json"),
                format!("{stem}.expected.json"),
            ]
            .into_iter()
            .map(|n| family.join(n))
            .find(|p| p.exists());
            match expected {
                Some(expected) => out.push(Fixture {
                    family: name(&family),
                    file,
                    md: path,
                    expected,
                }),
                None => problems.push(format!("{}: no expected JSON beside it", path.display())),
            }
        }
    }
    (out, problems)
}

/// Entries of a directory, sorted.
fn sorted_dir(dir: &Path) -> Vec<PathBuf> {
    let read = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
}

/// True for a real calendar date written `YYYY-MM-DD`.
fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// True for a clock time written `HH:MM` (24-hour).
fn is_hh_mm(s: &str) -> bool {
    s.len() == 5 && chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok()
}

/// Checks that `v` is an object with exactly these keys.
fn keys(v: &Value, want: &[&str], at: &str, errs: &mut Vec<String>) {
    let Some(obj) = v.as_object() else {
        errs.push(format!("{at}: not an object"));
        return;
    };
    for k in want {
        if !obj.contains_key(*k) {
            errs.push(format!("{at}: key `{k}` missing"));
        }
    }
    for k in obj.keys() {
        if !want.contains(&k.as_str()) {
            errs.push(format!("{at}: unknown key `{k}`"));
        }
    }
}

/// Checks that `v[key]` is null or passes `ok`.
fn nullable(v: &Value, key: &str, at: &str, ok: impl Fn(&Value) -> bool, errs: &mut Vec<String>) {
    match v.get(key) {
        None | Some(Value::Null) => {}
        Some(x) if ok(x) => {}
        Some(x) => errs.push(format!("{at}.{key}: bad value {x}")),
    }
}

/// A non-null string value.
fn text(x: &Value) -> bool {
    x.as_str().is_some_and(|s| !s.trim().is_empty())
}

/// Problems of one expected JSON against the README's schema.
fn validate(v: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let top = [
        "title",
        "date",
        "severity",
        "summary_start",
        "zone",
        "timeline",
        "action_items",
        "durations",
        "sections",
    ];
    keys(v, &top, "$", &mut errs);
    if !v.get("title").is_some_and(text) {
        errs.push("$.title: not a non-empty string".into());
    }
    let date = |x: &Value| x.as_str().is_some_and(is_iso_date);
    nullable(v, "date", "$", date, &mut errs);
    nullable(v, "summary_start", "$", text, &mut errs);
    nullable(v, "zone", "$", text, &mut errs);
    let sev = &v["severity"];
    keys(sev, &["raw", "level"], "$.severity", &mut errs);
    nullable(sev, "raw", "$.severity", text, &mut errs);
    let level = |x: &Value| matches!(x.as_str(), Some("critical" | "high" | "medium" | "low"));
    nullable(sev, "level", "$.severity", level, &mut errs);
    for (i, e) in array(v, "timeline", &mut errs).iter().enumerate() {
        let at = format!("$.timeline[{i}]");
        keys(e, &["date", "time", "text_start"], &at, &mut errs);
        nullable(e, "date", &at, date, &mut errs);
        nullable(
            e,
            "time",
            &at,
            |x| x.as_str().is_some_and(is_hh_mm),
            &mut errs,
        );
        if !e.get("text_start").is_some_and(text) {
            errs.push(format!("{at}.text_start: not a non-empty string"));
        }
    }
    for (i, a) in array(v, "action_items", &mut errs).iter().enumerate() {
        let at = format!("$.action_items[{i}]");
        keys(
            a,
            &["text_start", "done", "owner", "due", "link"],
            &at,
            &mut errs,
        );
        if !a.get("text_start").is_some_and(text) {
            errs.push(format!("{at}.text_start: not a non-empty string"));
        }
        nullable(a, "done", &at, Value::is_boolean, &mut errs);
        nullable(a, "owner", &at, text, &mut errs);
        nullable(a, "due", &at, date, &mut errs);
        let url = |x: &Value| x.as_str().is_some_and(|s| s.starts_with("http"));
        nullable(a, "link", &at, url, &mut errs);
    }
    validate_tail(v, &mut errs);
    errs
}

/// The durations and sections part of [`validate`].
fn validate_tail(v: &Value, errs: &mut Vec<String>) {
    let d = &v["durations"];
    let minutes = ["detect_minutes", "resolve_minutes", "total_minutes"];
    keys(d, &minutes, "$.durations", errs);
    for k in minutes {
        nullable(d, k, "$.durations", |x| x.as_u64().is_some(), errs);
    }
    let mut seen = Vec::new();
    for s in array(v, "sections", errs) {
        match s.as_str() {
            Some(name) if SECTION_NAMES.contains(&name) && !seen.contains(&name) => seen.push(name),
            _ => errs.push(format!("$.sections: bad or repeated name {s}")),
        }
    }
}

/// `v[key]` as an array (empty, with a problem noted, when it is not one).
fn array<'a>(v: &'a Value, key: &str, errs: &mut Vec<String>) -> &'a [Value] {
    match v.get(key).and_then(Value::as_array) {
        Some(a) => a,
        None => {
            errs.push(format!("$.{key}: not an array"));
            &[]
        }
    }
}

/// Reads and checks a fixture's expected JSON.
fn load_expected(f: &Fixture) -> Result<Expected, String> {
    let raw = std::fs::read_to_string(&f.expected).map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_str(&raw).map_err(|e| format!("invalid JSON: {e}"))?;
    let errs = validate(&v);
    if !errs.is_empty() {
        return Err(errs.join("; "));
    }
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// Parses a fixture, turning a panic or a skip into an error.
fn parse(f: &Fixture) -> Result<Postmortem, String> {
    let bytes = std::fs::read(&f.md).map_err(|e| e.to_string())?;
    let path = f.repo_path();
    let opts = ParseOptions::default();
    let run = std::panic::AssertUnwindSafe(|| parse_file(&path, &bytes, &opts));
    match std::panic::catch_unwind(run) {
        Ok(Ok(pm)) => Ok(pm),
        Ok(Err(skip)) => Err(format!("skipped by the parser: {}", skip.reason)),
        Err(_) => Err("the parser panicked".into()),
    }
}

// ---------------------------------------------------------------------------
// The harness's readings of parsed values

/// Text as compared: `*`, `_` and backticks removed, whitespace collapsed,
/// lower case.
fn norm(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The harness's reading of a severity as written (the parser keeps raw
/// strings): leading symbols (emoji) skipped, then SEV0/SEV1/P0/P1/critical →
/// critical, SEV2/P2/high/major/높음 → high, SEV3/P3/medium/중간 → medium,
/// SEV4 and higher/P4/low/낮음 → low, at the start of the value only
/// ("Non-critical" reads as nothing).
fn severity_level(raw: &str) -> Option<&'static str> {
    let s = raw.to_lowercase();
    let s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    let by_number = |rest: &str| -> Option<&'static str> {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<u32>().ok()? {
            0 | 1 => Some("critical"),
            2 => Some("high"),
            3 => Some("medium"),
            _ => Some("low"),
        }
    };
    if let Some(rest) = s.strip_prefix("sev") {
        return by_number(rest.trim_start_matches([' ', '-', '_']));
    }
    if let Some(rest) = s.strip_prefix('p') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return by_number(rest);
        }
    }
    let word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    match word.as_str() {
        "critical" => Some("critical"),
        "high" | "major" | "높음" => Some("high"),
        "medium" | "중간" => Some("medium"),
        "low" | "낮음" => Some("low"),
        _ => None,
    }
}

/// `HH:MM` of a parsed entry time (`YYYY-MM-DDTHH:MM…` or `HH:MM…`).
fn clock_of(time: &str) -> Option<&str> {
    let rest = time.split_once('T').map_or(time, |(_, t)| t);
    rest.get(..5).filter(|t| is_hh_mm(t))
}

/// `YYYY-MM-DD` of a parsed entry time, when it has a date.
fn day_of(time: &str) -> Option<&str> {
    time.get(..10).filter(|d| is_iso_date(d))
}

/// For each wanted prefix, the index of the parsed text that contains it,
/// matched in order: a match moves the cursor past it, a miss does not.
fn match_in_order(parsed: &[String], wanted: &[String]) -> Vec<Option<usize>> {
    let mut cursor = 0;
    wanted
        .iter()
        .map(|w| {
            let w = norm(w);
            let found = (cursor..parsed.len()).find(|&i| parsed[i].contains(&w));
            if let Some(i) = found {
                cursor = i + 1;
            }
            found
        })
        .collect()
}

/// An owner as compared: lower case, without `@` (the parser reads `@leni`
/// as the owner `leni`; the expected JSON keeps the owner as written).
fn handle(owner: &str) -> String {
    owner.replace('@', "").to_lowercase()
}

/// The URL of a parsed item: its `bug` when that is a URL, else the first
/// URL in its text.
fn link_of(item: &ActionItem) -> Option<String> {
    if let Some(bug) = item.bug.as_deref().filter(|b| b.contains("://")) {
        return Some(bug.to_string());
    }
    item.text
        .split_whitespace()
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_string)
}

/// The expected-JSON name of a parsed section kind, if it is one of the ten.
fn section_name(kind: Canonical) -> Option<&'static str> {
    let name = match kind {
        Canonical::Lessons => "lessons_learned",
        other => other.as_str(),
    };
    SECTION_NAMES.contains(&name).then_some(name)
}

// ---------------------------------------------------------------------------
// Scoring

/// Scores one parsed fixture against its expected values.
fn score(pm: &Postmortem, exp: &Expected) -> Tally {
    let mut t = Tally::default();
    t.score(
        "title",
        pm.title.trim() == exp.title.trim(),
        &pm.title,
        &exp.title,
    );
    t.score("date", pm.date == exp.date, &pm.date, &exp.date);
    if exp.severity.raw.is_some() {
        let ok = pm.severity.is_some();
        t.score("severity raw found", ok, &pm.severity, &exp.severity.raw);
    }
    let level = pm.severity.as_deref().and_then(severity_level);
    let ok = level == exp.severity.level.as_deref();
    t.score(
        "severity level",
        ok,
        (&pm.severity, level),
        &exp.severity.level,
    );
    score_summary(&mut t, pm, exp);
    score_timeline(&mut t, &pm.timeline, &exp.timeline);
    score_zone(&mut t, &pm.timeline, exp);
    score_actions(&mut t, &pm.action_items, &exp.action_items);
    score_durations(&mut t, pm, &exp.durations);
    score_sections(&mut t, pm, &exp.sections);
    t
}

/// `summary_start`: the first min(len, 30) normalized characters.
fn score_summary(t: &mut Tally, pm: &Postmortem, exp: &Expected) {
    let ok = match (&pm.summary, &exp.summary_start) {
        (Some(got), Some(want)) => {
            let want: String = norm(want).chars().take(30).collect();
            norm(got).starts_with(&want)
        }
        (None, None) => true,
        _ => false,
    };
    let got = pm
        .summary
        .as_deref()
        .map(|s| s.chars().take(60).collect::<String>());
    t.score("summary_start", ok, got, &exp.summary_start);
}

/// Timeline entries: found, time, date; and contradicting dates.
fn score_timeline(t: &mut Tally, parsed: &[TimelineEntry], want: &[ExpEntry]) {
    let texts: Vec<String> = parsed.iter().map(|e| norm(&e.text)).collect();
    let starts: Vec<String> = want.iter().map(|e| e.text_start.clone()).collect();
    for (w, m) in want.iter().zip(match_in_order(&texts, &starts)) {
        let Some(e) = m.map(|i| &parsed[i]) else {
            let got = format!("{} parsed entries, none containing it", parsed.len());
            t.score("timeline entry found", false, got, &w.text_start);
            t.score("timeline time", false, NOT_FOUND, (&w.time, &w.text_start));
            t.score("timeline date", false, NOT_FOUND, (&w.date, &w.text_start));
            continue;
        };
        t.score("timeline entry found", true, "", "");
        let time = e.time.as_deref();
        let clock = time.and_then(clock_of);
        let got = (&e.raw_time, &e.time);
        t.score(
            "timeline time",
            clock == w.time.as_deref(),
            got,
            (&w.time, &w.text_start),
        );
        let day = time.and_then(day_of);
        t.score(
            "timeline date",
            day == w.date.as_deref(),
            got,
            (&w.date, &w.text_start),
        );
        if day.is_some() && w.date.is_some() && day != w.date.as_deref() {
            t.contradictions += 1;
            let example = format!("got {got:?}, want {:?}: {:?}", w.date, w.text_start);
            t.contradiction_examples.push(example);
        }
    }
}

/// `timeline zone`: the zone of the first entry that has one, as written
/// (upper case), against the document's declared zone.
fn score_zone(t: &mut Tally, parsed: &[TimelineEntry], exp: &Expected) {
    if exp.timeline.is_empty() {
        return;
    }
    let got = parsed
        .iter()
        .find_map(|e| e.zone.as_deref())
        .map(str::to_uppercase);
    let want = exp.zone.as_deref().map(str::to_uppercase);
    t.score("timeline zone", got == want, &got, &want);
}

/// Action items: count, then per expected item found, done, owner, due and
/// link (an item not found counts as wrong for all of them).
fn score_actions(t: &mut Tally, parsed: &[ActionItem], want: &[ExpItem]) {
    let n = parsed.len();
    t.score("action item count", n == want.len(), n, want.len());
    let texts: Vec<String> = parsed.iter().map(|a| norm(&a.text)).collect();
    let starts: Vec<String> = want.iter().map(|a| a.text_start.clone()).collect();
    for (w, m) in want.iter().zip(match_in_order(&texts, &starts)) {
        match m {
            Some(i) => {
                t.score("action item found", true, "", "");
                score_item(t, &parsed[i], w);
            }
            None => {
                let got = format!("{n} parsed items, none containing it");
                t.score("action item found", false, got, &w.text_start);
                let fields = ["action item owner", "action item due", "action item link"];
                let done = w.done.map(|_| "action item done");
                for field in fields.into_iter().chain(done) {
                    t.score(field, false, NOT_FOUND, &w.text_start);
                }
            }
        }
    }
}

/// Done, owner, due and link of one matched action item.
fn score_item(t: &mut Tally, a: &ActionItem, w: &ExpItem) {
    let what = &w.text_start;
    if let Some(done) = w.done {
        t.score("action item done", a.done == done, a.done, (done, what));
    }
    let owner = a.owner.as_deref();
    let ok = match (owner, &w.owner) {
        (Some(got), Some(want)) => handle(got).contains(&handle(want)),
        (got, want) => got.is_none() && want.is_none(),
    };
    t.score("action item owner", ok, owner, (&w.owner, what));
    let due = a.due.as_deref();
    t.score(
        "action item due",
        due == w.due.as_deref(),
        due,
        (&w.due, what),
    );
    let link = link_of(a);
    let ok = match (&link, &w.link) {
        (Some(got), Some(want)) => got.contains(want.as_str()),
        (got, want) => got.is_none() && want.is_none(),
    };
    t.score("action item link", ok, (link, &a.bug), (&w.link, what));
}

/// Durations where the document states them (see the module documentation
/// for the mapping of `resolve`).
fn score_durations(t: &mut Tally, pm: &Postmortem, want: &ExpDurations) {
    let d = &pm.durations;
    if let Some(m) = want.detect_minutes {
        t.score(
            "duration detect",
            d.minutes_to_detect == Some(m),
            d.minutes_to_detect,
            m,
        );
    }
    if let Some(m) = want.resolve_minutes {
        let got = d.minutes_to_resolve.or(d.minutes_to_mitigate);
        t.score("duration resolve", got == Some(m), got, m);
    }
    if let Some(m) = want.total_minutes {
        t.score(
            "duration total",
            d.minutes_total == Some(m),
            d.minutes_total,
            m,
        );
    }
}

/// Expected section names found among the parsed kinds; extras counted.
fn score_sections(t: &mut Tally, pm: &Postmortem, want: &[String]) {
    let mut got: Vec<&str> = pm
        .sections
        .iter()
        .filter_map(|s| s.canonical)
        .filter_map(section_name)
        .collect();
    got.dedup();
    for name in want {
        t.score("sections", got.contains(&name.as_str()), &got, name);
    }
    let mut extras: Vec<&str> = got
        .iter()
        .copied()
        .filter(|g| !want.iter().any(|w| w == g))
        .collect();
    extras.sort_unstable();
    extras.dedup();
    t.extra_sections += extras.len() as u32;
}

// ---------------------------------------------------------------------------
// Report

/// One scored fixture.
struct Scored {
    fixture: Fixture,
    tally: Tally,
}

/// Prints the per-field table: overall, then each language.
fn print_table(all: &Tally, by_lang: &BTreeMap<&str, Tally>) {
    println!("\nParsing accuracy on the real-shapes corpus");
    let langs: Vec<&str> = by_lang.keys().copied().collect();
    let mut head = format!(
        "{:<22} | {:>5} | {:>5} | {:>6}",
        "field", "right", "total", "%"
    );
    for l in &langs {
        head.push_str(&format!(" | {:<16}", format!("{l} r/t %")));
    }
    println!("{head}\n{}", "-".repeat(head.chars().count()));
    for field in FIELDS {
        let c = all.get(field);
        let mut row = format!(
            "{field:<22} | {:>5} | {:>5} | {:>5.1}%",
            c.right,
            c.total,
            pct(c)
        );
        for l in &langs {
            let c = by_lang[l].get(field);
            let cell = format!("{}/{} {:.1}%", c.right, c.total, pct(c));
            row.push_str(&format!(" | {cell:<16}"));
        }
        println!("{row}");
    }
    println!(
        "\ntimeline zone: the first zone among the parsed entries, per fixture with a timeline"
    );
    let count = |f: &dyn Fn(&Tally) -> u32| {
        let per: Vec<String> = langs
            .iter()
            .map(|l| format!("{l} {}", f(&by_lang[l])))
            .collect();
        format!("{} ({})", f(all), per.join(", "))
    };
    println!(
        "timeline entries whose parsed date contradicts the document: {}",
        count(&|t| t.contradictions)
    );
    println!(
        "parsed section kinds the document does not have (false extras): {}",
        count(&|t| t.extra_sections)
    );
}

/// Prints the ten fixtures with the most missed values.
fn print_worst(scored: &[Scored]) {
    let mut order: Vec<&Scored> = scored.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.tally.missed()));
    println!("\nThe 10 fixtures with the most missed values");
    for s in order.iter().take(10) {
        let total: u32 = s.tally.counts.values().map(|c| c.total).sum();
        let mut fields: Vec<(&str, u32)> = s
            .tally
            .counts
            .iter()
            .map(|(f, c)| (*f, c.total - c.right))
            .filter(|(_, m)| *m > 0)
            .collect();
        fields.sort_by_key(|(_, m)| std::cmp::Reverse(*m));
        let top: Vec<String> = fields
            .iter()
            .take(4)
            .map(|(f, m)| format!("{f} {m}"))
            .collect();
        let name = format!("{}/{}", s.fixture.family, s.fixture.file);
        println!(
            "{:>3}/{:<3} missed  {name}  [{}]",
            s.tally.missed(),
            total,
            top.join(", ")
        );
    }
}

/// Prints, for each field with misses (most missed first), the first miss,
/// preferring one where the entry or item itself was found.
fn print_examples(all: &Tally, scored: &[Scored]) {
    let missed = |f: &str| all.get(f).total - all.get(f).right;
    let mut fields: Vec<&str> = FIELDS.iter().copied().filter(|f| missed(f) > 0).collect();
    fields.sort_by_key(|f| std::cmp::Reverse(missed(f)));
    let not_found = format!("{NOT_FOUND:?}");
    println!("\nOne miss per field, most missed first (got: the parser; want: expected)");
    for field in fields {
        let misses = || {
            scored
                .iter()
                .flat_map(|s| s.tally.misses.iter().map(move |m| (s, m)))
                .filter(|(_, m)| m.field == field)
        };
        let example = misses()
            .find(|(_, m)| m.got != not_found)
            .or_else(|| misses().next());
        if let Some((s, m)) = example {
            let name = format!("{}/{}", s.fixture.family, s.fixture.file);
            let n = missed(field);
            println!(
                "- {field} ({n} missed) {name}\n    got  {}\n    want {}",
                m.got, m.want
            );
        }
    }
    if let Ok(field) = std::env::var("REAL_SHAPES_MISSES") {
        println!("\nEvery miss of `{field}`");
        for s in scored {
            for m in s.tally.misses.iter().filter(|m| m.field == field) {
                let name = format!("{}/{}", s.fixture.family, s.fixture.file);
                println!("- {name}\n    got  {}\n    want {}", m.got, m.want);
            }
        }
    }
    println!("\nTimeline dates that contradict the document (got: raw and normalized time)");
    for s in scored {
        for e in &s.tally.contradiction_examples {
            println!("- {}/{}: {e}", s.fixture.family, s.fixture.file);
        }
    }
}

/// With `REAL_SHAPES_DUMP=<part of a file name>`, prints what the parser
/// read from the matching fixtures (body and section texts left out).
fn dump(f: &Fixture, pm: &Postmortem) {
    let Ok(want) = std::env::var("REAL_SHAPES_DUMP") else {
        return;
    };
    if want.is_empty() || !f.file.contains(&want) {
        return;
    }
    let mut v = serde_json::to_value(pm).expect("a Postmortem serializes");
    if let Some(obj) = v.as_object_mut() {
        obj.remove("body");
        obj.remove("history");
    }
    for section in v["sections"].as_array_mut().into_iter().flatten() {
        section.as_object_mut().map(|s| s.remove("text"));
    }
    let pretty = serde_json::to_string_pretty(&v).unwrap_or_default();
    println!("\n== parsed {}/{}\n{pretty}", f.family, f.file);
}

// ---------------------------------------------------------------------------
// The test

/// Parses and scores the corpus, prints the report, then enforces the
/// schema, the floors and the contradiction ceiling.
#[test]
fn real_shapes_accuracy() {
    let (fixtures, mut problems) = fixtures();
    let mut scored = Vec::new();
    for fixture in fixtures {
        let name = format!("{}/{}", fixture.family, fixture.file);
        let exp = load_expected(&fixture).map_err(|e| format!("{name}: expected JSON: {e}"));
        let pm = parse(&fixture).map_err(|e| format!("{name}: {e}"));
        match (pm, exp) {
            (Ok(pm), Ok(exp)) => {
                dump(&fixture, &pm);
                let tally = score(&pm, &exp);
                scored.push(Scored { fixture, tally });
            }
            (pm, exp) => problems.extend(pm.err().into_iter().chain(exp.err())),
        }
    }
    let mut all = Tally::default();
    let mut by_lang: BTreeMap<&str, Tally> = BTreeMap::new();
    for s in &scored {
        all.add(&s.tally);
        by_lang.entry(s.fixture.lang()).or_default().add(&s.tally);
    }
    println!("\n{} fixtures scored", scored.len());
    print_table(&all, &by_lang);
    print_worst(&scored);
    print_examples(&all, &scored);

    assert!(
        problems.is_empty(),
        "corpus problems:\n{}",
        problems.join("\n")
    );
    assert!(
        scored.len() >= MIN_FIXTURES,
        "{} fixtures scored, expected at least {MIN_FIXTURES}",
        scored.len()
    );
    check_floors(&all);
}

/// Fails when a field is below its floor, was never scored, or when there
/// are more contradicting dates than the ceiling allows.
fn check_floors(all: &Tally) {
    let mut below = Vec::new();
    for field in FIELDS {
        let c = all.get(field);
        let floor = FLOORS.iter().find(|(f, _)| f == field).map(|(_, v)| *v);
        match floor {
            None => below.push(format!("{field}: no floor in FLOORS")),
            Some(_) if c.total == 0 => below.push(format!("{field}: scored over no item")),
            Some(floor) if pct(c) + 1e-9 < floor => {
                below.push(format!("{field}: {:.1}% < floor {floor}%", pct(c)))
            }
            Some(_) => {}
        }
    }
    if all.contradictions > CONTRADICTION_CEILING {
        below.push(format!(
            "{} timeline dates contradict the document, ceiling {CONTRADICTION_CEILING}",
            all.contradictions
        ));
    }
    assert!(
        below.is_empty(),
        "accuracy below the ratchet:\n{}",
        below.join("\n")
    );
}

/// The schema check rejects what it should, so a broken expected JSON
/// cannot be scored as if it were right.
#[test]
fn schema_check_rejects_bad_expected_json() {
    let good = serde_json::json!({
        "title": "t", "date": "2024-02-29", "severity": {"raw": "P1", "level": "critical"},
        "summary_start": null, "zone": "UTC",
        "timeline": [{"date": null, "time": "23:59", "text_start": "x"}],
        "action_items": [{"text_start": "y", "done": null, "owner": null, "due": null, "link": null}],
        "durations": {"detect_minutes": 5, "resolve_minutes": null, "total_minutes": null},
        "sections": ["summary", "lessons_learned"]
    });
    assert_eq!(validate(&good), Vec::<String>::new());
    let breakages: [(&str, Value); 7] = [
        ("/date", "2023-02-29".into()),
        ("/severity/level", "sev1".into()),
        ("/timeline/0/time", "24:00".into()),
        ("/action_items/0/due", "Nov 7, 2025".into()),
        ("/durations/detect_minutes", (-1).into()),
        ("/sections/1", "summary".into()),
        ("/sections/0", "lessons".into()),
    ];
    for (pointer, bad) in breakages {
        let mut v = good.clone();
        *v.pointer_mut(pointer).unwrap() = bad;
        assert!(!validate(&v).is_empty(), "{pointer} accepted");
    }
    let mut v = good.clone();
    v.as_object_mut().unwrap().remove("zone");
    assert!(!validate(&v).is_empty(), "missing zone accepted");
}

/// The harness's severity reading and time splitting.
#[test]
fn harness_readings() {
    let cases = [
        ("SEV1", Some("critical")),
        ("SEV-2（決済完了通知）", Some("high")),
        ("P3", Some("medium")),
        ("SEV5", Some("low")),
        ("🔴 Critical", Some("critical")),
        ("High (100% failure rate for affected jobs)", Some("high")),
        ("Non-critical", None),
        ("드릴", None),
        ("Postmortem", None),
    ];
    for (raw, level) in cases {
        assert_eq!(severity_level(raw), level, "{raw}");
    }
    assert_eq!(clock_of("2024-01-01T10:00+09:00"), Some("10:00"));
    assert_eq!(clock_of("09:05:30"), Some("09:05"));
    assert_eq!(clock_of("2024-01-01"), None);
    assert_eq!(day_of("2024-01-01T10:00Z"), Some("2024-01-01"));
    assert_eq!(day_of("10:00"), None);
    assert_eq!(norm("  **Root**  cause:\n `x_y` "), "root cause: xy");
}
