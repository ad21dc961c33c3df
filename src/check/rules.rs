//! The rules: one id, one default level and one line of explanation each.
//! `docs/src/check-rules.md` has a paragraph per rule (why, how to fix, how to
//! silence); a test keeps the two lists equal.

use crate::config::RuleLevel;

/// A lint rule. Every finding names exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A section from `[check] required_sections` is missing, empty, or
    /// still holds the template's placeholder text.
    RequiredSections,
    /// Front-matter `severity` is not one of the accepted values.
    UnknownSeverity,
    /// `date`, `started`, `detected`, `mitigated` or `resolved` is not a date
    /// or timestamp hindsight can read.
    InvalidDate,
    /// Nothing names the document: no `title:`, no `# ` heading, and a file
    /// name that is an identifier (a UUID, a number).
    NoTitle,
    /// Nothing states the day the incident began, so trends cannot place it.
    NoDate,
    /// The incident date is after today: a date read or written wrongly.
    DateInFuture,
    /// `resolved` (or `detected`, `mitigated`) is earlier than `started`,
    /// or `resolved` is earlier than `mitigated`.
    EndBeforeStart,
    /// An action item names nobody (or a placeholder such as `@owner`).
    ActionItemOwner,
    /// An action item has no due date.
    ActionItemDue,
    /// An open action item's due date has passed.
    ActionItemOverdue,
    /// An action item only promises to "look into" something, with no
    /// deliverable.
    VagueActionItem,
    /// A timeline entry is earlier than the entry before it.
    TimelineOrder,
    /// Timeline times, and no time zone stated anywhere in the document.
    TimelineNoZone,
    /// Timeline clock times, and no date stated for them anywhere.
    TimelineNoDate,
    /// Wording that makes a person the cause ("human error", "X should
    /// have", "실수로", "부주의").
    BlamelessLanguage,
    /// A root-cause section names an author or @mentions someone.
    PersonInRootCause,
    /// A link to a Markdown file in the repository that does not exist.
    BrokenLink,
    /// An address the site cannot serve: out of the repository, a missing
    /// image, or a repository file linked with no `repo_url` set.
    UnpublishedLink,
    /// Two postmortems have the same id.
    DuplicateId,
    /// Two postmortems have the same title.
    DuplicateTitle,
    /// The file could not be read as a postmortem: invalid front matter,
    /// invalid UTF-8, an empty or binary file.
    ParseError,
}

impl Rule {
    /// Every rule, in the order the docs list them.
    pub const ALL: &'static [Rule] = &[
        Rule::RequiredSections,
        Rule::UnknownSeverity,
        Rule::InvalidDate,
        Rule::NoTitle,
        Rule::NoDate,
        Rule::DateInFuture,
        Rule::EndBeforeStart,
        Rule::ActionItemOwner,
        Rule::ActionItemDue,
        Rule::ActionItemOverdue,
        Rule::VagueActionItem,
        Rule::TimelineOrder,
        Rule::TimelineNoZone,
        Rule::TimelineNoDate,
        Rule::BlamelessLanguage,
        Rule::PersonInRootCause,
        Rule::BrokenLink,
        Rule::UnpublishedLink,
        Rule::DuplicateId,
        Rule::DuplicateTitle,
        Rule::ParseError,
    ];

    /// The id used in output, hindsight.toml and ignore comments.
    pub fn id(self) -> &'static str {
        match self {
            Rule::RequiredSections => "required-sections",
            Rule::UnknownSeverity => "unknown-severity",
            Rule::InvalidDate => "invalid-date",
            Rule::NoTitle => "no-title",
            Rule::NoDate => "no-date",
            Rule::DateInFuture => "date-in-future",
            Rule::EndBeforeStart => "end-before-start",
            Rule::ActionItemOwner => "action-item-owner",
            Rule::ActionItemDue => "action-item-due",
            Rule::ActionItemOverdue => "action-item-overdue",
            Rule::VagueActionItem => "vague-action-item",
            Rule::TimelineOrder => "timeline-order",
            Rule::TimelineNoZone => "timeline-no-zone",
            Rule::TimelineNoDate => "timeline-no-date",
            Rule::BlamelessLanguage => "blameless-language",
            Rule::PersonInRootCause => "person-in-root-cause",
            Rule::BrokenLink => "broken-link",
            Rule::UnpublishedLink => "unpublished-link",
            Rule::DuplicateId => "duplicate-id",
            Rule::DuplicateTitle => "duplicate-title",
            Rule::ParseError => "parse-error",
        }
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Level when hindsight.toml does not set one.
    pub fn default_level(self) -> RuleLevel {
        match self {
            Rule::ActionItemOverdue
            | Rule::VagueActionItem
            | Rule::TimelineNoZone
            | Rule::TimelineNoDate
            | Rule::NoTitle
            | Rule::NoDate
            | Rule::BlamelessLanguage
            | Rule::PersonInRootCause
            | Rule::DuplicateTitle
            | Rule::UnpublishedLink => RuleLevel::Warning,
            _ => RuleLevel::Error,
        }
    }

    /// One line for `--help`-like listings and the review comment.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::RequiredSections => {
                "a required section is missing, empty or still the template's text"
            }
            Rule::UnknownSeverity => "front-matter severity is not an accepted value",
            Rule::InvalidDate => "a front-matter date or timestamp does not parse",
            Rule::NoTitle => "no title, and a file name that is an identifier",
            Rule::NoDate => "nothing states the day the incident began",
            Rule::DateInFuture => "the incident date is after today",
            Rule::EndBeforeStart => "resolved/mitigated/detected is before started",
            Rule::ActionItemOwner => "an action item has no owner",
            Rule::ActionItemDue => "an action item has no due date",
            Rule::ActionItemOverdue => "an open action item is past its due date",
            Rule::VagueActionItem => "an action item has a vague verb and no deliverable",
            Rule::TimelineOrder => "timeline entries are out of order",
            Rule::TimelineNoZone => "timeline times with no time zone stated anywhere",
            Rule::TimelineNoDate => "timeline clock times with no date stated anywhere",
            Rule::BlamelessLanguage => "wording that makes a person the cause",
            Rule::PersonInRootCause => "a root cause names an author or @mentions someone",
            Rule::BrokenLink => "a link to a Markdown file that does not exist",
            Rule::UnpublishedLink => "an image or file link the site cannot serve",
            Rule::DuplicateId => "two postmortems have the same id",
            Rule::DuplicateTitle => "two postmortems have the same title",
            Rule::ParseError => "the file cannot be read as a postmortem",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            assert!(r.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        assert_eq!(Rule::from_id("nope"), None);
    }

    #[test]
    fn docs_explain_every_rule() {
        let docs = include_str!("../../docs/src/check-rules.md");
        for r in Rule::ALL {
            let heading = format!("### `{}`", r.id());
            assert!(
                docs.contains(&heading),
                "docs/src/check-rules.md lacks {heading}"
            );
            let level = match r.default_level() {
                RuleLevel::Error => "error",
                RuleLevel::Warning => "warning",
                RuleLevel::Off => "off",
            };
            let after = docs.split(&heading).nth(1).unwrap();
            let first_line = after.lines().find(|l| !l.trim().is_empty()).unwrap();
            assert!(
                first_line.contains(&format!("Default: **{level}**")),
                "{heading}: the docs' default level line says {first_line:?}, the code {level}"
            );
        }
    }
}
