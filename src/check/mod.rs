//! The lint engine behind `hindsight check` and `hindsight review`.
//!
//! A parsed [`Postmortem`] and its file text go in; [`Finding`]s come out,
//! each with a [`Rule`], a level, a file position and a message that says
//! how to fix it. The rules live one family per file (`sections`,
//! `front_matter`, `action_items`, `timeline`, `language`, `links`,
//! `duplicates`; ids and levels in [`rules`]); [`output`] prints findings as text, GitHub
//! workflow commands or JSON. No I/O happens here: the command hands over
//! the texts and a function that says whether a repository path exists.

mod action_items;
mod duplicates;
mod front_matter;
mod language;
mod links;
pub mod output;
pub mod rules;
mod sections;
mod source;
mod timeline;

pub use crate::config::RuleLevel;
pub use rules::Rule;
pub use sections::placeholders;

use crate::config::CheckConfig;
use crate::model::{Canonical, Level, Postmortem};
use crate::parse::Aliases;
use chrono::NaiveDate;
use serde::Serialize;
use source::Source;
use std::collections::HashMap;
use std::ops::Range;

/// One problem in one file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// The rule that found the problem (its id in JSON output).
    #[serde(serialize_with = "rule_id")]
    pub rule: Rule,
    /// The level the rule runs at (default, or as set in `[check.rules]`).
    pub level: Level,
    /// Path relative to the repository root.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column where the problem starts.
    pub column: usize,
    /// 1-based character column just past its end (`column` when the
    /// finding has no extent).
    pub end_column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The text of `line`, for printing the source under the message.
    #[serde(skip)]
    pub source_line: String,
}

fn rule_id<S: serde::Serializer>(r: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.id())
}

/// What a rule reports, before levels, ignore comments and columns are
/// applied (see [`Emit`]).
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub rule: Rule,
    pub line: usize,
    /// Byte range within the line; `None`: the line's content.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: String,
}

impl Hit {
    pub(crate) fn new(
        rule: Rule,
        line: usize,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Hit {
        Hit {
            rule,
            line,
            span,
            message: message.into(),
            help: help.into(),
        }
    }
}

/// Errors in the `[check]` table of hindsight.toml.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// `[check.rules]` names a rule that does not exist.
    #[error(
        "hindsight.toml:{line}: [check.rules] names unknown rule `{id}`; known rules: {known}"
    )]
    UnknownRule {
        /// 1-based line in hindsight.toml.
        line: usize,
        /// The rule id as written.
        id: String,
        /// The known rule ids, comma-separated, for the message.
        known: String,
    },
    /// `required_sections` names a section kind that does not exist.
    #[error("hindsight.toml:{line}: [check] required_sections names unknown section `{name}`; known sections: {known}")]
    UnknownSection {
        /// 1-based line in hindsight.toml.
        line: usize,
        /// The section name as written.
        name: String,
        /// The known section names, comma-separated, for the message.
        known: String,
    },
}

/// Every canonical section kind (for names in hindsight.toml).
pub const SECTION_KINDS: &[Canonical] = &Canonical::ALL;

/// Required sections when hindsight.toml names none.
pub const DEFAULT_REQUIRED: &[&str] = &[
    "summary",
    "impact",
    "root_causes|contributing_factors",
    "timeline",
    "action_items",
];

/// Severity values accepted when hindsight.toml names none.
pub const DEFAULT_SEVERITIES: &[&str] = &["SEV0", "SEV1", "SEV2", "SEV3", "SEV4", "SEV5"];

/// Rule levels and rule parameters, from `[check]` in hindsight.toml.
#[derive(Debug, Clone)]
pub struct Settings {
    levels: HashMap<Rule, RuleLevel>,
    /// Each entry is satisfied by any one of its kinds.
    pub required: Vec<Vec<Canonical>>,
    /// Accepted severities, normalized and upper-cased.
    pub severities: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&CheckConfig::default()).expect("built-in settings are valid")
    }
}

impl Settings {
    /// Validates `[check]`: unknown rule ids and section names are errors
    /// with their line.
    pub fn from_config(c: &CheckConfig) -> Result<Settings, CheckError> {
        let mut levels = HashMap::new();
        for (id, level) in &c.rules {
            let rule = Rule::from_id(id).ok_or_else(|| CheckError::UnknownRule {
                line: level.line,
                id: id.clone(),
                known: Rule::ALL
                    .iter()
                    .map(|r| r.id())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
            levels.insert(rule, level.value);
        }
        let names: Vec<(String, usize)> = match &c.required_sections {
            Some(list) => list.iter().map(|v| (v.value.clone(), v.line)).collect(),
            None => DEFAULT_REQUIRED
                .iter()
                .map(|s| (s.to_string(), 0))
                .collect(),
        };
        let mut required = Vec::new();
        for (entry, line) in names {
            let mut any = Vec::new();
            for name in entry.split('|').map(str::trim) {
                let kind = SECTION_KINDS
                    .iter()
                    .copied()
                    .find(|k| k.as_str() == name)
                    .ok_or_else(|| CheckError::UnknownSection {
                        line,
                        name: name.to_string(),
                        known: SECTION_KINDS
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })?;
                any.push(kind);
            }
            required.push(any);
        }
        let severities = match &c.severities {
            Some(list) => list.iter().map(|v| norm_severity(&v.value)).collect(),
            None => DEFAULT_SEVERITIES.iter().map(|s| s.to_string()).collect(),
        };
        Ok(Settings {
            levels,
            required,
            severities,
        })
    }

    /// The level a rule's findings get.
    pub fn level(&self, rule: Rule) -> RuleLevel {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or_else(|| rule.default_level())
    }

    /// Sets one rule's level (tests, command-line overrides).
    pub fn set_level(&mut self, rule: Rule, level: RuleLevel) {
        self.levels.insert(rule, level);
    }
}

/// A severity as compared with the accepted list: `sev-1` → `SEV1`.
pub fn norm_severity(s: &str) -> String {
    crate::parse::normalize_severity(s).to_uppercase()
}

/// What the rules know about the whole repository.
pub struct Context<'a> {
    /// Every postmortem in the repository (for duplicates).
    pub corpus: &'a [Postmortem],
    /// Rule levels and parameters from `[check]`.
    pub settings: &'a Settings,
    /// "Now" for overdue action items.
    pub today: NaiveDate,
    /// Whether a repository path (`/`-separated, no leading `./`) exists.
    pub exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// Front-matter key aliases (to find the line a key is written on).
    pub aliases: &'a Aliases,
    /// Template text per section kind (see [`sections::placeholders`]): a
    /// required section that still holds it is reported.
    pub placeholders: Vec<(Canonical, String)>,
    /// `repo_url` is set: links to repository files go to its web view.
    pub repo_url: bool,
    /// Paths of the postmortems (links to them go to their pages).
    paths: std::collections::HashSet<&'a str>,
    by_id: HashMap<String, Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
}

impl<'a> Context<'a> {
    /// A context over `corpus`, with its postmortems indexed by path, id and title.
    pub fn new(
        corpus: &'a [Postmortem],
        settings: &'a Settings,
        today: NaiveDate,
        exists: &'a (dyn Fn(&str) -> bool + Sync),
        aliases: &'a Aliases,
    ) -> Context<'a> {
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, pm) in corpus.iter().enumerate() {
            by_id.entry(duplicates::id_key(pm)).or_default().push(i);
            by_title
                .entry(duplicates::title_key(&pm.title))
                .or_default()
                .push(i);
        }
        Context {
            corpus,
            settings,
            today,
            exists,
            aliases,
            placeholders: Vec::new(),
            repo_url: false,
            paths: corpus.iter().map(|p| p.path.as_str()).collect(),
            by_id,
            by_title,
        }
    }
}

/// Lints one postmortem. `text` is the file as read (front matter
/// included). Findings are sorted by line and column.
pub fn check_postmortem(pm: &Postmortem, text: &str, ctx: &Context<'_>) -> Vec<Finding> {
    check_postmortem_in(pm, text, ctx, Scope::All)
}

/// Which rules run on a postmortem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every rule: `hindsight check` and `hindsight review`.
    All,
    /// Only the rules about values read from the file (front-matter
    /// severity and dates, start and end order, the timeline, parse
    /// problems): what `hindsight build` reports. No section, action-item,
    /// wording, link or duplicate rule, so a rebuild stays fast.
    Parsed,
}

/// [`check_postmortem`] with the rules of `scope`.
pub fn check_postmortem_in(
    pm: &Postmortem,
    text: &str,
    ctx: &Context<'_>,
    scope: Scope,
) -> Vec<Finding> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let src = Source::new(text, pm.body_line);
    let mut hits = Vec::new();
    front_matter::check(pm, &src, ctx, &mut hits);
    timeline::check(pm, &src, &mut hits);
    parse_problems(pm, &mut hits);
    if scope == Scope::All {
        sections::check(pm, &src, ctx, &mut hits);
        action_items::check(pm, &src, ctx, &mut hits);
        language::check(pm, &src, &mut hits);
        links::check(pm, &src, ctx, &mut hits);
        links::unpublished(pm, &src, ctx, &mut hits);
        duplicates::check(pm, &src, ctx, &mut hits);
    }
    emit(&pm.path, &src, ctx.settings, hits)
}

/// A file under the content folder that could not be read as a postmortem
/// at all (empty, binary, an LFS pointer, too large).
pub fn check_unreadable(
    path: &str,
    line: Option<usize>,
    reason: &str,
    settings: &Settings,
) -> Vec<Finding> {
    let src = Source::new("", 1);
    let hit = Hit::new(
        Rule::ParseError,
        line.unwrap_or(1),
        None,
        format!("not read as a postmortem: {reason}"),
        "hindsight skips this file when it builds the site; make it a Markdown postmortem, or move it out of the content folder (or add it to `exclude` in hindsight.toml)",
    );
    emit(path, &src, settings, vec![hit])
}

/// Problems the parser already reported, except those a dedicated rule
/// reports better (with a line and a fix).
fn parse_problems(pm: &Postmortem, hits: &mut Vec<Hit>) {
    for d in &pm.diagnostics {
        if covered_elsewhere(&d.message) {
            continue;
        }
        let line = d.line.unwrap_or(1);
        hits.push(Hit::new(
            Rule::ParseError,
            line,
            None,
            d.message.clone(),
            "until this is fixed, hindsight reads the file without the part it could not parse",
        ));
    }
}

/// How the parser's message starts when nothing names the document
/// (`no-title` reports it).
pub(crate) const NO_TITLE: &str = "no title:";

/// Parser messages that `invalid-date`, `no-title`, `no-date`, `end-before-start` and
/// `duplicate-id` cover.
fn covered_elsewhere(message: &str) -> bool {
    message.contains("is not a date; write it as")
        || message.starts_with(NO_TITLE)
        || message == crate::parse::NO_DATE
        || message.contains("is before `started`")
        || message.contains("is also used by")
}

/// Applies levels, ignore comments and columns.
fn emit(path: &str, src: &Source<'_>, settings: &Settings, hits: Vec<Hit>) -> Vec<Finding> {
    let mut out: Vec<Finding> = hits
        .into_iter()
        .filter_map(|h| {
            let level = match settings.level(h.rule) {
                RuleLevel::Off => return None,
                RuleLevel::Error => Level::Error,
                RuleLevel::Warning => Level::Warning,
            };
            if src.ignored(h.line, h.rule) {
                return None;
            }
            let text = src.line(h.line);
            let span = h
                .span
                .filter(|s| s.start <= s.end && s.end <= text.len())
                .unwrap_or_else(|| source::content_span(text));
            Some(Finding {
                rule: h.rule,
                level,
                path: path.to_string(),
                line: h.line,
                column: source::char_column(text, span.start),
                end_column: source::char_column(text, span.end),
                message: h.message,
                help: h.help,
                source_line: text.to_string(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.line, a.column, a.rule)
            .cmp(&(b.line, b.column, b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
    out.dedup();
    out
}

/// Numbers for the final line of a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
}

impl Counts {
    /// Counts of `findings` by level.
    pub fn of(findings: &[Finding]) -> Counts {
        Counts {
            errors: findings.iter().filter(|f| f.level == Level::Error).count(),
            warnings: findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .count(),
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    #[test]
    fn a_clean_postmortem_has_no_findings() {
        let f = lint(&clean(""));
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn levels_from_config_and_unknown_names() {
        let c = Config::parse(
            "[check]\nseverities = [\"P1\", \"p2\"]\nrequired_sections = [\"summary\"]\n[check.rules]\naction-item-due = \"off\"\nblameless-language = \"error\"\n",
            Path::new("hindsight.toml"),
        )
        .unwrap();
        let s = Settings::from_config(&c.check).unwrap();
        assert_eq!(s.level(Rule::ActionItemDue), RuleLevel::Off);
        assert_eq!(s.level(Rule::BlamelessLanguage), RuleLevel::Error);
        assert_eq!(s.level(Rule::ActionItemOwner), RuleLevel::Error);
        // Normalized: P1 and SEV1 name one level.
        assert_eq!(s.severities, ["SEV1", "SEV2"]);
        assert_eq!(s.required, vec![vec![Canonical::Summary]]);

        let c = Config::parse(
            "[check.rules]\naction-items-due = \"off\"\n",
            Path::new("hindsight.toml"),
        )
        .unwrap();
        let e = Settings::from_config(&c.check).unwrap_err().to_string();
        assert!(
            e.starts_with("hindsight.toml:2: [check.rules] names unknown rule `action-items-due`"),
            "{e}"
        );
        let c = Config::parse(
            "[check]\nrequired_sections = [\"summary\",\n \"root-causes\"]\n",
            Path::new("hindsight.toml"),
        )
        .unwrap();
        let e = Settings::from_config(&c.check).unwrap_err().to_string();
        assert!(
            e.starts_with("hindsight.toml:3:") && e.contains("root_causes"),
            "{e}"
        );
    }

    #[test]
    fn off_rules_and_ignore_comments_silence_findings() {
        let md = clean("").replace(
            "- [ ] @dana add a disk usage alert (P1, 2026-08-01)",
            "- [ ] add a disk usage alert\n- [ ] remove old logs <!-- hindsight-ignore action-item-owner action-item-due -->",
        );
        let f = lint(&md);
        assert_eq!(
            ids(&f),
            [("action-item-owner", 26), ("action-item-due", 26)],
            "{f:#?}"
        );
        let mut s = Settings::default();
        s.set_level(Rule::ActionItemDue, RuleLevel::Off);
        s.set_level(Rule::ActionItemOwner, RuleLevel::Warning);
        let f = lint_in("postmortems/a.md", &md, &[], s);
        assert_eq!(ids(&f), [("action-item-owner", 26)]);
        assert_eq!(f[0].level, Level::Warning);
    }

    #[test]
    fn parser_errors_are_reported_once() {
        let md = "---\ntitle: [unclosed\n---\n# x\n";
        let f = lint(md);
        let parse = of(&f, Rule::ParseError);
        assert_eq!(parse.len(), 1, "{f:#?}");
        assert!(parse[0].message.contains("not valid YAML"));
        // `date` that is not a date: invalid-date, not a second parse-error.
        let f = lint(&clean("").replace("date: 2026-01-10", "date: last tuesday"));
        assert_eq!(ids(&f), [("invalid-date", 3)], "{f:#?}");
        let f = check_unreadable("postmortems/x.md", None, "empty file", &Settings::default());
        assert_eq!(ids(&f), [("parse-error", 1)]);
    }
}
