//! Postmortem of the month: one pick per month, curated or scored.
//!
//! * **Curated** picks come from `[featured]` in hindsight.toml
//!   (`"2024-07" = "pm-2024-011"`) or from `featured: 2024-07` in a
//!   postmortem's front matter; hindsight.toml wins when both name a month.
//!   A curated month need not have incidents of its own (a reading club often
//!   features last month's incident).
//! * Every other month that has postmortems (by incident date, `YYYY-MM`)
//!   gets the **highest [`score`]** among its postmortems, when it is at
//!   least [`MIN_SCORE`]; else the month has no automatic pick. A postmortem
//!   curated for some month is not also picked automatically for another, so
//!   the feed never announces the same postmortem twice; a month whose only
//!   postmortems are featured elsewhere has no automatic pick.
//! * Ties: higher score, then the later incident date, then the smaller id.
//!
//! Pure: the same corpus and configuration always give the same picks.

use super::refs::Refs;
use crate::config::Featured;
use crate::model::{plural, Canonical, Diagnostic, Level, Postmortem};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One component of the score, for the reason shown on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// What is rewarded ("complete sections").
    pub what: &'static str,
    /// Points earned.
    pub points: u32,
    /// Most it can contribute.
    pub max: u32,
    /// What earned the points ("impact, root causes, timeline, lessons").
    pub detail: String,
    /// How many things earned them (items, entries, people, commits).
    #[serde(skip)]
    pub count: usize,
}

/// A postmortem's score: the sum of its parts (see [`score`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Sum of the points of `parts`.
    pub total: u32,
    /// Each component, with its points and what earned them.
    pub parts: Vec<Part>,
}

/// The most a postmortem can score.
pub const MAX_SCORE: u32 = 12 + 10 + 8 + 6 + 6 + 4;

/// The least a month's best postmortem must score to be picked without a
/// curator: more than severity and git history alone give, so a month of
/// blank templates has no automatic pick.
pub const MIN_SCORE: u32 = 12;

impl Score {
    /// One sentence for people: "Picked because it is a SEV1 with all four
    /// key sections, 3 action items with an owner and a due date and a
    /// timeline of 8 timed entries (score 32/46)." The parts that earned
    /// points, best first, at most three besides the severity.
    pub fn sentence(&self) -> String {
        let what = |p: &Part| -> Option<String> {
            let n = p.count;
            let s = |one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            match p.what {
                "complete sections" if n == 4 => Some("all four key sections".into()),
                "complete sections" => Some(format!(
                    "{} on {}",
                    if n == 1 { "a section" } else { "sections" },
                    p.detail.replace(", ", " and ")
                )),
                "concrete action items" => Some(s(
                    "action item with an owner and a due date",
                    "action items with an owner and a due date",
                )),
                "detailed timeline" => Some(format!(
                    "a timeline of {}",
                    s("timed entry", "timed entries")
                )),
                "contributors" => Some(s("contributor", "contributors")),
                "revisions" => Some(s("revision", "revisions")),
                _ => None,
            }
        };
        let severity = self
            .parts
            .iter()
            .find(|p| p.what == "severity" && p.points > 0)
            .map_or("a postmortem".to_string(), |p| format!("a {}", p.detail));
        let mut parts: Vec<&Part> = self.parts.iter().filter(|p| p.points > 0).collect();
        // Stable sort: equal points keep the documented order.
        parts.sort_by_key(|p| std::cmp::Reverse(p.points));
        let main: Vec<String> = parts.iter().filter_map(|p| what(p)).take(3).collect();
        let list = match main.as_slice() {
            [] => String::new(),
            [one] => format!(" with {one}"),
            [init @ .., last] => format!(" with {} and {last}", init.join(", ")),
        };
        format!(
            "Picked because it is {severity}{list} (score {}/{MAX_SCORE}).",
            self.total
        )
    }
}

/// Why a postmortem is a month's pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// `[featured]` in hindsight.toml, at this line.
    CuratedInConfig {
        /// 1-based line of the entry in hindsight.toml.
        line: usize,
    },
    /// `featured:` in the postmortem's front matter.
    CuratedInFrontMatter,
    /// Highest score of the month.
    Score(Score),
}

impl Reason {
    /// One line for people: "curated" or the score's main contributions.
    pub fn text(&self) -> String {
        match self {
            Reason::CuratedInConfig { .. } => "curated (hindsight.toml)".into(),
            Reason::CuratedInFrontMatter => "curated (featured in front matter)".into(),
            Reason::Score(s) => s.sentence(),
        }
    }

    /// Whether a curator chose the pick (config or front matter), not the score.
    pub fn is_curated(&self) -> bool {
        !matches!(self, Reason::Score(_))
    }
}

/// A month's postmortem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pick {
    /// `YYYY-MM`.
    pub month: String,
    /// Position of the postmortem in the corpus slice.
    pub index: usize,
    /// The postmortem's id.
    pub id: String,
    /// Why it is the pick.
    pub reason: Reason,
    /// The curator's note: `[featured]`'s `note`, else the postmortem's
    /// `featured_note`.
    pub note: Option<String>,
}

/// `YYYY-MM` (or the month of a `YYYY-MM-DD`), else `None`.
pub fn month_of(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && (b.len() == 7 || (b.len() == 10 && b[7] == b'-' && digits(8..10)));
    let m: u32 = s.get(5..7)?.parse().ok()?;
    (ok && (1..=12).contains(&m)).then(|| s[..7].to_string())
}

fn has_text(pm: &Postmortem, kinds: &[Canonical]) -> bool {
    pm.sections
        .iter()
        .any(|s| s.canonical.is_some_and(|c| kinds.contains(&c)) && !s.text.trim().is_empty())
}

/// Scores how worth reading a postmortem is (0..=[`MAX_SCORE`]); each part
/// is capped so no single trait dominates:
///
/// | part | points | max |
/// |---|---|---|
/// | complete sections | 3 each for impact, root causes (or contributing factors), timeline, lessons learned (or went well / wrong / lucky), when not empty | 12 |
/// | concrete action items | 2 per action item with both an owner and a due date | 10 |
/// | detailed timeline | 1 per timeline entry with a time | 8 |
/// | severity | SEV0/SEV1 6, SEV2 4, SEV3 2 | 6 |
/// | discussion: contributors | 2 per git contributor | 6 |
/// | discussion: revisions | 1 per commit that changed the file | 4 |
pub fn score(pm: &Postmortem) -> Score {
    let concrete = pm
        .action_items
        .iter()
        .filter(|a| a.owner.is_some() && a.due.is_some())
        .count();
    let timed = pm.timeline.iter().filter(|e| e.time.is_some()).count();
    let people = pm.history.contributors.len();
    let revisions = pm.history.revisions.len();
    let parts = vec![
        complete_sections(pm),
        counted(
            ("concrete action items", concrete, 2, 10),
            format!(
                "{} with owner and due date",
                plural(concrete, "item", "items")
            ),
        ),
        counted(
            ("detailed timeline", timed, 1, 8),
            plural(timed, "timed entry", "timed entries"),
        ),
        severity(pm),
        counted(
            ("contributors", people, 2, 6),
            plural(people, "person", "people"),
        ),
        counted(
            ("revisions", revisions, 1, 4),
            plural(revisions, "commit", "commits"),
        ),
    ];
    Score {
        total: parts.iter().map(|p| p.points).sum(),
        parts,
    }
}

/// A part worth `each` points per thing counted, up to `max`.
fn counted((what, count, each, max): (&'static str, usize, u32, u32), detail: String) -> Part {
    Part {
        what,
        count,
        points: (count as u32).saturating_mul(each).min(max),
        max,
        detail,
    }
}

/// 3 points for each of impact, root causes, timeline and lessons.
fn complete_sections(pm: &Postmortem) -> Part {
    let mut found = Vec::new();
    if has_text(pm, &[Canonical::Impact]) {
        found.push("impact");
    }
    if has_text(pm, &[Canonical::RootCauses, Canonical::ContributingFactors]) {
        found.push("root causes");
    }
    if !pm.timeline.is_empty() || has_text(pm, &[Canonical::Timeline]) {
        found.push("timeline");
    }
    let lessons = [
        Canonical::Lessons,
        Canonical::WentWell,
        Canonical::WentWrong,
        Canonical::Lucky,
    ];
    if has_text(pm, &lessons) {
        found.push("lessons");
    }
    Part {
        what: "complete sections",
        count: found.len(),
        points: 3 * found.len() as u32,
        max: 12,
        detail: if found.is_empty() {
            "none".into()
        } else {
            found.join(", ")
        },
    }
}

/// The worse the incident, the more there is to learn from it.
fn severity(pm: &Postmortem) -> Part {
    let severity = pm.severity.as_deref().unwrap_or("");
    let points = match severity {
        "SEV0" | "SEV1" => 6,
        "SEV2" => 4,
        "SEV3" => 2,
        _ => 0,
    };
    Part {
        what: "severity",
        count: usize::from(points > 0),
        points,
        max: 6,
        detail: if severity.is_empty() {
            "unknown".into()
        } else {
            severity.to_string()
        },
    }
}

/// A curated claim on a month, before conflicts are settled.
struct Claim {
    index: usize,
    reason: Reason,
    note: Option<String>,
}

/// Picks one postmortem per month, newest month first. `featured` is
/// hindsight.toml's `[featured]` table. Problems (a month that is not
/// `YYYY-MM`, a name that matches no postmortem, two curated picks for one
/// month) come back as diagnostics with file and line.
pub fn picks(
    pms: &[Postmortem],
    featured: &BTreeMap<String, Featured>,
    refs: &Refs<'_>,
) -> (Vec<Pick>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut curated = config_claims(featured, refs, &mut diags);
    front_matter_claims(pms, &mut curated, &mut diags);
    let featured_elsewhere: BTreeSet<usize> = curated.values().map(|c| c.index).collect();
    let mut out: Vec<Pick> = curated
        .into_iter()
        .map(|(month, c)| Pick {
            month,
            index: c.index,
            id: pms[c.index].id.clone(),
            reason: c.reason,
            note: c.note.or_else(|| pms[c.index].meta.featured_note.clone()),
        })
        .collect();
    let scored = scored_picks(pms, &featured_elsewhere, |month| {
        out.iter().any(|p| p.month == month)
    });
    out.extend(scored);
    out.sort_by(|a, b| b.month.cmp(&a.month));
    (out, diags)
}

/// The months hindsight.toml's `[featured]` curates; a key that is not a
/// month, or a name that matches no postmortem, is an error with its line.
fn config_claims(
    featured: &BTreeMap<String, Featured>,
    refs: &Refs<'_>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Claim> {
    let config_diag = |line, message: String| Diagnostic {
        level: Level::Error,
        path: crate::config::FILE_NAME.into(),
        line: Some(line),
        message,
    };
    let mut curated: BTreeMap<String, Claim> = BTreeMap::new();
    for (key, f) in featured {
        let Some(month) = month_of(key).filter(|m| m == key.trim()) else {
            diags.push(config_diag(
                f.line,
                format!(
                "[featured] key `{key}` is not a month: write it as \"YYYY-MM\" (e.g. \"2026-05\")"
            ),
            ));
            continue;
        };
        match refs.resolve(&f.target) {
            Some(index) => {
                curated.insert(
                    month,
                    Claim {
                        index,
                        reason: Reason::CuratedInConfig { line: f.line },
                        note: f.note.clone(),
                    },
                );
            }
            None => diags.push(config_diag(f.line, refs.not_found(&f.target, "[featured]"))),
        }
    }
    curated
}

/// Adds the months postmortems claim in their front matter (`featured:`)
/// to `curated`, in path order so a conflict always resolves the same way;
/// a month already claimed stays with its first claim, with a warning.
fn front_matter_claims(
    pms: &[Postmortem],
    curated: &mut BTreeMap<String, Claim>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut by_path: Vec<usize> = (0..pms.len())
        .filter(|&i| pms[i].meta.written.featured.is_some())
        .collect();
    by_path.sort_by(|&a, &b| pms[a].path.cmp(&pms[b].path));
    for i in by_path {
        let pm = &pms[i];
        let raw = pm.meta.written.featured.as_deref().unwrap_or_default();
        let warn = |message: String| Diagnostic {
            level: Level::Warning,
            path: pm.path.clone(),
            line: None,
            message,
        };
        let Some(month) = month_of(raw) else {
            diags.push(warn(format!("featured: `{raw}` is not a month; write it as YYYY-MM (e.g. featured: 2026-05); ignored")));
            continue;
        };
        match curated.get(&month) {
            Some(c) if c.index == i => {}
            Some(c) => {
                let by = match c.reason {
                    Reason::CuratedInConfig { line } => format!("hindsight.toml:{line}"),
                    _ => pms[c.index].path.clone(),
                };
                diags.push(warn(format!(
                    "featured: {month} is also claimed by {by}, which stays the pick for {month} ({} is shown); set the month in [featured] in hindsight.toml to decide",
                    pms[c.index].id
                )));
            }
            None => {
                curated.insert(
                    month,
                    Claim {
                        index: i,
                        reason: Reason::CuratedInFrontMatter,
                        note: None,
                    },
                );
            }
        }
    }
}

/// The automatic picks: for each month that is not `taken`, its best
/// finished postmortem not featured for another month, if it scores at
/// least [`MIN_SCORE`]. A draft is picked only when someone curates it.
fn scored_picks(
    pms: &[Postmortem],
    featured_elsewhere: &BTreeSet<usize>,
    taken: impl Fn(&str) -> bool,
) -> Vec<Pick> {
    let mut months: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, pm) in pms.iter().enumerate().filter(|(_, pm)| !pm.is_draft()) {
        if let Some(m) = pm.date.as_deref().and_then(month_of) {
            months.entry(m).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (month, members) in months {
        if taken(&month) {
            continue;
        }
        let best = members
            .iter()
            .filter(|i| !featured_elsewhere.contains(i))
            .map(|&i| (i, score(&pms[i])))
            .max_by(|(a, sa), (b, sb)| {
                sa.total
                    .cmp(&sb.total)
                    .then_with(|| pms[*a].date.cmp(&pms[*b].date))
                    // Reversed: on a full tie the smaller id wins.
                    .then_with(|| pms[*b].id.cmp(&pms[*a].id))
            });
        if let Some((index, s)) = best.filter(|(_, s)| s.total >= MIN_SCORE) {
            out.push(Pick {
                month,
                index,
                id: pms[index].id.clone(),
                reason: Reason::Score(s),
                note: pms[index].meta.featured_note.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "potm_tests.rs"]
mod tests;
