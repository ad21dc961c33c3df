//! The "Trends" dashboard's numbers, from the parsed corpus alone (pure and
//! deterministic: same corpus and `as_of` date → same numbers, same order).
//!
//! - incidents per month (per quarter when the dated incidents span more
//!   than [`MAX_MONTHS`] months), stacked by severity;
//! - time to detect and to resolve per quarter as median and p90 with the
//!   count behind each point: incident durations are heavily skewed, so a
//!   mean would be dragged by one long outage;
//! - the services with the most incidents;
//! - action-item follow-through: open vs done, the age of open items, the
//!   share done by their due date (from `done_at`, dated from git history)
//!   and the overdue items;
//! - the incidents flagged as a recurrence of an earlier one;
//! - root-cause clusters over time ([`super::cluster_trends`]);
//! - the headline numbers ([`headline`]) and one row per incident for the
//!   page's filters ([`records`]);
//! - the same numbers for one service ([`for_service`]).

pub mod clusters;
pub mod csv;
mod dates;
pub mod headline;
mod quantile;
pub mod records;

pub use self::clusters::ClusterTrends;
use self::dates::date;
pub use self::headline::Headline;
pub use self::quantile::quantile;
pub use self::records::{Record, UNKNOWN};
use super::clusters::Clusters;
use super::related::Related;
use crate::model::Postmortem;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Up to this many months of data are shown per month, beyond per quarter.
pub const MAX_MONTHS: i32 = 36;
/// How many services the ranking lists.
pub const TOP_SERVICES: usize = 10;

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trends {
    /// The date ages and overdue items are counted from (`YYYY-MM-DD`).
    pub as_of: String,
    /// This quarter against the last, follow-through in two numbers.
    pub headline: Headline,
    /// Incidents per month or quarter, stacked by severity.
    pub incidents: Incidents,
    /// Time to detect and to resolve, in minutes, per quarter.
    pub durations: Vec<DurationPoint>,
    /// Most incidents first, ties by name.
    pub services: Vec<Count>,
    /// How action items are followed through: open, done, on time, overdue.
    pub action_items: FollowThrough,
    /// Newest first.
    pub recurring: Vec<Recurring>,
    /// Root-cause clusters over time, with the rising ones.
    pub clusters: ClusterTrends,
    /// One row per finished postmortem, for the page's filters.
    pub records: Vec<Record>,
}

/// The dashboard's numbers for the incidents of one service.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServiceTrends {
    /// The service, as written in front matter.
    pub service: String,
    /// The date ages and overdue items are counted from (`YYYY-MM-DD`).
    pub as_of: String,
    /// This quarter against the last, for this service's incidents only.
    pub headline: Headline,
    /// This service's incidents per period, stacked by severity.
    pub incidents: Incidents,
    /// Time to detect and to resolve, in minutes, per quarter.
    pub durations: Vec<DurationPoint>,
    /// Follow-through of this service's action items.
    pub action_items: FollowThrough,
}

/// Incidents per period, stacked by severity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Incidents {
    /// `month` (`2024-03`) or `quarter` (`2024-Q1`).
    pub granularity: &'static str,
    /// Every severity seen, sorted, [`UNKNOWN`] last.
    pub severities: Vec<String>,
    /// Every period from the first dated incident to the last, empty ones included.
    pub periods: Vec<PeriodCount>,
    /// Postmortems without a (valid) date, not in `periods`.
    pub undated: usize,
}

/// Incidents of one month or quarter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodCount {
    /// The period's label: `2024-03` or `2024-Q1`, per [`Incidents::granularity`].
    pub period: String,
    /// Dated incidents in the period, all severities.
    pub total: usize,
    /// Every severity of [`Incidents::severities`], zeros included.
    pub by_severity: BTreeMap<String, usize>,
}

/// Median and p90 of a set of values, with how many values there are.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Stat {
    /// How many values the statistics are of.
    pub count: usize,
    /// The median, in the values' unit; `None` when there are no values.
    pub median: Option<f64>,
    /// The 90th percentile, in the values' unit; `None` when there are no values.
    pub p90: Option<f64>,
}

/// Time to detect and to resolve of one quarter's incidents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DurationPoint {
    /// The quarter's label (`2024-Q1`).
    pub quarter: String,
    /// Minutes to detect of the quarter's incidents that state it.
    pub detect: Stat,
    /// Minutes to resolve (else the stated duration) of the quarter's incidents that state it.
    pub resolve: Stat,
}

/// A name and how many times it occurs (a service's incidents, an age bucket's items).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Count {
    /// What is counted: a service name or an age bucket's label ("0-30 days").
    pub name: String,
    /// How many incidents or items it has.
    pub count: usize,
}

/// Action-item follow-through.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FollowThrough {
    /// Action items of finished postmortems.
    pub total: usize,
    /// Of those, not done.
    pub open: usize,
    /// Of those, done.
    pub done: usize,
    /// Done items whose tick is dated from git history.
    pub done_dated: usize,
    /// Items with a due date that is settled: done with a known `done_at`, or
    /// open with the due date passed. The share's denominator.
    pub due_settled: usize,
    /// Of those, done on or before the due date.
    pub done_by_due: usize,
    /// `done_by_due / due_settled`, `None` when nothing is settled.
    pub share_done_by_due: Option<f64>,
    /// Days since the postmortem's date, of open items of dated postmortems.
    pub open_age_days: Stat,
    /// Open items by age.
    pub open_age: Vec<Count>,
    /// Open items past their due date, most overdue first.
    pub overdue: Vec<Overdue>,
}

/// An open action item past its due date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overdue {
    /// Id of the postmortem the item belongs to.
    pub id: String,
    /// Title of that postmortem.
    pub title: String,
    /// The item's text.
    pub text: String,
    /// Who the item is assigned to, when stated.
    pub owner: Option<String>,
    /// The due date, `YYYY-MM-DD`.
    pub due: String,
    /// Days from the due date to "as of".
    pub days_overdue: i64,
}

/// A postmortem that looks like a recurrence of an earlier one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recurring {
    /// Id of the later postmortem.
    pub id: String,
    /// Title of the later postmortem.
    pub title: String,
    /// Incident date of the later postmortem, `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Id of the earlier postmortem it recurs.
    pub recurrence_of: String,
    /// Title of the earlier postmortem.
    pub recurrence_title: String,
    /// How similar the two are (cosine similarity, 0..1, rounded to 0.001).
    pub score: f64,
}

/// Age buckets of open items: label and upper bound in days (inclusive).
const AGE_BUCKETS: &[(&str, i64)] = &[
    ("0-30 days", 30),
    ("31-90 days", 90),
    ("91-180 days", 180),
    ("181-365 days", 365),
    ("over 365 days", i64::MAX),
];

/// The `YYYY-MM-DD` day a date or timestamp starts with.
fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn quarter_label(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), d.month0() / 3 + 1)
}

/// Median and p90 of `values`.
pub fn stat(values: &[f64]) -> Stat {
    Stat {
        count: values.len(),
        median: quantile(values, 0.5),
        p90: quantile(values, 0.9),
    }
}

/// Computes the dashboard. `related` holds results by document number
/// (positions in `pms`); `as_of` is the day ages and overdue items count from.
pub fn compute(
    pms: &[Postmortem],
    related: &Related,
    clusters: &Clusters,
    as_of: NaiveDate,
) -> Trends {
    // Six independent passes over the corpus, at once: a rebuild waits for
    // them, and the follow-through pass alone is most of the time.
    let (mut incidents_, mut durations_, mut services_) = (None, None, None);
    let (mut action_items, mut recurring_, mut clusters_) = (None, None, None);
    // Drafts are still being written: their numbers are not the team's yet.
    let finished: Vec<&Postmortem> = pms.iter().filter(|p| !p.is_draft()).collect();
    let pms_ = finished.as_slice();
    rayon::scope(|s| {
        s.spawn(|_| action_items = Some(follow_through(pms_, as_of)));
        s.spawn(|_| incidents_ = Some(incidents(pms_)));
        s.spawn(|_| durations_ = Some(durations(pms_)));
        s.spawn(|_| services_ = Some(services(pms_)));
        s.spawn(|_| recurring_ = Some(recurring(pms, related)));
        s.spawn(|_| clusters_ = Some(self::clusters::compute(pms, clusters, as_of)));
    });
    let done = "every pass ran in the scope";
    let action_items = action_items.expect(done);
    Trends {
        as_of: as_of.format("%Y-%m-%d").to_string(),
        headline: headline::compute(pms_, on_time(&action_items), as_of),
        records: records::compute(pms_, as_of),
        incidents: incidents_.expect(done),
        durations: durations_.expect(done),
        services: services_.expect(done),
        action_items,
        recurring: recurring_.expect(done),
        clusters: clusters_.expect(done),
    }
}

/// The headline's follow-through figures: the on-time share with its
/// counts, and the overdue count.
fn on_time(f: &FollowThrough) -> (headline::OnTime, usize) {
    let share = headline::OnTime {
        share: f.share_done_by_due,
        done_by_due: f.done_by_due,
        due_settled: f.due_settled,
    };
    (share, f.overdue.len())
}

/// The numbers of the finished postmortems that name `service`.
pub fn for_service(pms: &[Postmortem], service: &str, as_of: NaiveDate) -> ServiceTrends {
    let mine: Vec<&Postmortem> = pms
        .iter()
        .filter(|p| !p.is_draft() && p.meta.written.services.iter().any(|s| s == service))
        .collect();
    let action_items = follow_through(&mine, as_of);
    ServiceTrends {
        service: service.to_string(),
        as_of: as_of.format("%Y-%m-%d").to_string(),
        headline: headline::compute(&mine, on_time(&action_items), as_of),
        incidents: incidents(&mine),
        durations: durations(&mine),
        action_items,
    }
}

fn incidents(pms: &[&Postmortem]) -> Incidents {
    let dated: Vec<(NaiveDate, String)> = pms
        .iter()
        .filter_map(|p| {
            let sev = p.severity.clone().unwrap_or_else(|| UNKNOWN.to_string());
            Some((date(p.date.as_deref())?, sev))
        })
        .collect();
    let mut severities: Vec<String> = pms
        .iter()
        .map(|p| p.severity.clone().unwrap_or_else(|| UNKNOWN.to_string()))
        .collect();
    severities.sort_by(|a, b| (a == UNKNOWN, a).cmp(&(b == UNKNOWN, b)));
    severities.dedup();
    let undated = pms.len() - dated.len();
    let (Some(first), Some(last)) = (
        dated.iter().map(|d| d.0).min(),
        dated.iter().map(|d| d.0).max(),
    ) else {
        return Incidents {
            granularity: "month",
            severities,
            periods: Vec::new(),
            undated,
        };
    };
    let span = month_index(last) - month_index(first) + 1;
    let by_month = span <= MAX_MONTHS;
    // Period keys: month index, or month index of the quarter's first month.
    let key = |d: NaiveDate| {
        let m = month_index(d);
        if by_month {
            m
        } else {
            m - m % 3
        }
    };
    let label = |k: i32| {
        let (y, m0) = (k.div_euclid(12), k.rem_euclid(12));
        if by_month {
            format!("{y}-{:02}", m0 + 1)
        } else {
            format!("{y}-Q{}", m0 / 3 + 1)
        }
    };
    let step = if by_month { 1 } else { 3 };
    let zero: BTreeMap<String, usize> = severities.iter().map(|s| (s.clone(), 0)).collect();
    let mut periods: BTreeMap<i32, PeriodCount> = BTreeMap::new();
    let mut k = key(first);
    while k <= key(last) {
        periods.insert(
            k,
            PeriodCount {
                period: label(k),
                total: 0,
                by_severity: zero.clone(),
            },
        );
        k += step;
    }
    for (d, sev) in &dated {
        if let Some(p) = periods.get_mut(&key(*d)) {
            p.total += 1;
            *p.by_severity.entry(sev.clone()).or_default() += 1;
        }
    }
    Incidents {
        granularity: if by_month { "month" } else { "quarter" },
        severities,
        periods: periods.into_values().collect(),
        undated,
    }
}

fn durations(pms: &[&Postmortem]) -> Vec<DurationPoint> {
    let mut by_quarter: BTreeMap<i32, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let dated: Vec<(NaiveDate, &Postmortem)> = pms
        .iter()
        .filter_map(|p| Some((date(p.date.as_deref())?, *p)))
        .collect();
    let (Some(first), Some(last)) = (
        dated.iter().map(|d| d.0).min(),
        dated.iter().map(|d| d.0).max(),
    ) else {
        return Vec::new();
    };
    let q = |d: NaiveDate| month_index(d) - month_index(d) % 3;
    let mut k = q(first);
    while k <= q(last) {
        by_quarter.entry(k).or_default();
        k += 3;
    }
    for (d, p) in &dated {
        let e = by_quarter.entry(q(*d)).or_default();
        if let Some(m) = p.durations.minutes_to_detect {
            e.0.push(m as f64);
        }
        if let Some(m) = p.durations.resolve_or_total() {
            e.1.push(m as f64);
        }
    }
    by_quarter
        .into_iter()
        .map(|(k, (detect, resolve))| DurationPoint {
            quarter: quarter_label(
                NaiveDate::from_ymd_opt(k.div_euclid(12), k.rem_euclid(12) as u32 + 1, 1)
                    .unwrap_or_default(),
            ),
            detect: stat(&detect),
            resolve: stat(&resolve),
        })
        .collect()
}

fn services(pms: &[&Postmortem]) -> Vec<Count> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in pms {
        let mut names: Vec<&str> = p.meta.written.services.iter().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        for n in names {
            *counts.entry(n).or_default() += 1;
        }
    }
    let mut list: Vec<Count> = counts
        .into_iter()
        .map(|(name, count)| Count {
            name: name.to_string(),
            count,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    list.truncate(TOP_SERVICES);
    list
}

fn follow_through(pms: &[&Postmortem], as_of: NaiveDate) -> FollowThrough {
    let mut f = FollowThrough {
        total: 0,
        open: 0,
        done: 0,
        done_dated: 0,
        due_settled: 0,
        done_by_due: 0,
        share_done_by_due: None,
        open_age_days: stat(&[]),
        open_age: AGE_BUCKETS
            .iter()
            .map(|(l, _)| Count {
                name: l.to_string(),
                count: 0,
            })
            .collect(),
        overdue: Vec::new(),
    };
    let mut ages = Vec::new();
    for p in pms {
        let pm_date = date(p.date.as_deref());
        for a in &p.action_items {
            f.total += 1;
            let due = date(a.due.as_deref());
            if a.done {
                f.done += 1;
                let done_at = date(a.done_at.as_deref());
                if done_at.is_some() {
                    f.done_dated += 1;
                }
                if let (Some(due), Some(at)) = (due, done_at) {
                    f.due_settled += 1;
                    if at <= due {
                        f.done_by_due += 1;
                    }
                }
                continue;
            }
            f.open += 1;
            if let Some(d) = pm_date {
                let age = (as_of - d).num_days().max(0);
                ages.push(age as f64);
                if let Some(i) = AGE_BUCKETS.iter().position(|(_, max)| age <= *max) {
                    f.open_age[i].count += 1;
                }
            }
            if let Some(due) = due.filter(|d| *d < as_of) {
                f.due_settled += 1;
                f.overdue.push(Overdue {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    text: a.text.to_string(),
                    owner: a.owner.clone(),
                    due: due.format("%Y-%m-%d").to_string(),
                    days_overdue: (as_of - due).num_days(),
                });
            }
        }
    }
    f.open_age_days = stat(&ages);
    f.share_done_by_due = (f.due_settled > 0).then(|| {
        let share = f.done_by_due as f64 / f.due_settled as f64;
        (share * 1000.0).round() / 1000.0
    });
    f.overdue.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.text.cmp(&b.text))
    });
    f
}

fn recurring(pms: &[Postmortem], related: &Related) -> Vec<Recurring> {
    let mut list: Vec<Recurring> = pms
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_draft())
        .filter_map(|(doc, p)| {
            let link = related.recurrence_of.get(doc).copied().flatten()?;
            let earlier = pms.get(link.doc).filter(|e| !e.is_draft())?;
            Some(Recurring {
                id: p.id.clone(),
                title: p.title.clone(),
                date: p.date.clone(),
                recurrence_of: earlier.id.clone(),
                recurrence_title: earlier.title.clone(),
                score: (link.score * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    list
}

/// The numbers as JSON: the content of `OUT/trends.json` and of
/// `hindsight trends --format json`.
pub fn to_json(t: &Trends) -> String {
    let mut s = serde_json::to_string_pretty(t).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests;
