//! One small row per finished postmortem in `trends.json`: what the page's
//! filters (service, team, severity, period) need to recount the headline
//! and the tables in the browser without the whole export.

use super::dates::date;
use crate::model::{ActionItem, Postmortem};
use chrono::NaiveDate;
use serde::Serialize;

/// Severity of incidents that state none.
pub const UNKNOWN: &str = "unknown";

/// Front matter keys read as the owning team, first found wins.
pub const TEAM_KEYS: [&str; 3] = ["team", "owning_team", "owner_team"];

/// One incident as the filters see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record {
    /// The postmortem's id.
    pub id: String,
    /// `YYYY-MM-DD`, `None` when the postmortem has no valid date.
    pub date: Option<String>,
    /// As in [`super::Incidents::severities`] ([`UNKNOWN`] when none is stated).
    pub severity: String,
    /// Services from front matter; empty when not stated.
    pub services: Vec<String>,
    /// The front matter's `team` (or `owning_team`, `owner_team`).
    pub team: Option<String>,
    /// Minutes to detect, when known.
    pub minutes_to_detect: Option<i64>,
    /// Time to resolve, else the stated incident duration.
    pub minutes_to_resolve: Option<i64>,
    /// Action items whose due date is settled (see [`super::FollowThrough`]).
    pub due_settled: usize,
    /// Of those, done by the due date.
    pub done_by_due: usize,
    /// Open items past their due date.
    pub overdue: usize,
}

/// Whether an item's due date is settled, and if so whether it was met:
/// `Some(true)` done by the due date, `Some(false)` done late or open past
/// it, `None` not settled (no due date, open and not yet due, or done on
/// an unknown day).
pub(crate) fn settled(a: &ActionItem, as_of: NaiveDate) -> Option<bool> {
    let due = date(a.due.as_deref())?;
    if a.done {
        let at = date(a.done_at.as_deref())?;
        Some(at <= due)
    } else {
        (due < as_of).then_some(false)
    }
}

/// The owning team a postmortem's front matter names, if any.
pub fn team(p: &Postmortem) -> Option<String> {
    TEAM_KEYS
        .iter()
        .filter_map(|k| p.meta.written.extra.get(*k))
        .map(|t| t.trim())
        .find(|t| !t.is_empty())
        .map(str::to_string)
}

/// The rows of `pms` (finished postmortems), in the corpus's order.
pub fn compute(pms: &[&Postmortem], as_of: NaiveDate) -> Vec<Record> {
    pms.iter()
        .map(|p| {
            let mut r = Record {
                id: p.id.clone(),
                date: date(p.date.as_deref()).map(|d| d.format("%Y-%m-%d").to_string()),
                severity: p.severity.clone().unwrap_or_else(|| UNKNOWN.to_string()),
                services: {
                    let mut s = p.meta.written.services.clone();
                    s.sort();
                    s.dedup();
                    s
                },
                team: team(p),
                minutes_to_detect: p.durations.minutes_to_detect,
                minutes_to_resolve: p.durations.resolve_or_total(),
                due_settled: 0,
                done_by_due: 0,
                overdue: 0,
            };
            for a in &p.action_items {
                if let Some(on_time) = settled(a, as_of) {
                    r.due_settled += 1;
                    r.done_by_due += usize::from(on_time);
                    r.overdue += usize::from(!a.done);
                }
            }
            r
        })
        .collect()
}
