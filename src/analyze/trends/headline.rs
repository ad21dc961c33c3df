//! The dashboard's headline numbers: this quarter against the last one
//! (incidents, median time to detect and to resolve), the share of action
//! items done on time and how many are overdue. "This quarter" is the
//! calendar quarter of the build's `as_of` day, so one revision always
//! gives the same headline.

use super::dates::date;
use super::quantile::quantile;
use crate::model::Postmortem;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What the dashboard shows first.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Headline {
    /// The quarter of `as_of` (`2026-Q4`), counted up to `as_of` and beyond
    /// when incidents are dated later.
    pub quarter: String,
    /// The quarter before it.
    pub previous_quarter: String,
    /// Incidents dated in each quarter.
    pub incidents: Change<usize>,
    /// Median minutes to detect of the incidents of each quarter.
    pub minutes_to_detect: Change<f64>,
    /// Median minutes to resolve (or the stated duration) of each quarter.
    pub minutes_to_resolve: Change<f64>,
    /// Action items done by their due date, of those whose due date is settled.
    pub done_on_time: OnTime,
    /// Open action items past their due date.
    pub overdue: usize,
}

/// A number this quarter and last quarter, and which way it went.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Change<T> {
    /// This quarter's number; `None` when it cannot be computed (no data).
    pub now: Option<T>,
    /// Last quarter's number; `None` when it cannot be computed (no data).
    pub previous: Option<T>,
    /// `up`, `down` or `same`; `None` when either number is unknown.
    pub direction: Option<&'static str>,
}

/// The share of action items done on time, with the counts behind it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct OnTime {
    /// `done_by_due / due_settled`, rounded to 0.001; `None` when nothing is settled.
    pub share: Option<f64>,
    /// Items done on or before their due date.
    pub done_by_due: usize,
    /// Items whose due date is settled: done with a known date, or open and past due.
    pub due_settled: usize,
}

/// The key of a day's quarter: months since year 0 of the quarter's first month.
pub(crate) fn quarter_key(d: NaiveDate) -> i32 {
    let m = d.year() * 12 + d.month0() as i32;
    m - m % 3
}

/// `2026-Q4` for a quarter key.
pub(crate) fn quarter_name(k: i32) -> String {
    format!("{}-Q{}", k.div_euclid(12), k.rem_euclid(12) / 3 + 1)
}

impl<T: PartialOrd + Copy> Change<T> {
    /// `now` against `previous`.
    pub fn of(now: Option<T>, previous: Option<T>) -> Change<T> {
        let direction = match (now, previous) {
            (Some(n), Some(p)) if n > p => Some("up"),
            (Some(n), Some(p)) if n < p => Some("down"),
            (Some(_), Some(_)) => Some("same"),
            _ => None,
        };
        Change {
            now,
            previous,
            direction,
        }
    }
}

/// The headline of `pms` (finished postmortems) as of `as_of`, with their
/// on-time share and overdue count (from the follow-through numbers).
pub fn compute(
    pms: &[&Postmortem],
    (done_on_time, overdue): (OnTime, usize),
    as_of: NaiveDate,
) -> Headline {
    let now = quarter_key(as_of);
    let before = now - 3;
    let mut count = [0usize; 2];
    let (mut detect, mut resolve) = ([vec![], vec![]], [vec![], vec![]]);
    for p in pms {
        let Some(d) = date(p.date.as_deref()) else {
            continue;
        };
        let slot = match quarter_key(d) {
            k if k == now => 0,
            k if k == before => 1,
            _ => continue,
        };
        count[slot] += 1;
        if let Some(m) = p.durations.minutes_to_detect {
            detect[slot].push(m as f64);
        }
        if let Some(m) = p.durations.resolve_or_total() {
            resolve[slot].push(m as f64);
        }
    }
    let median = |v: &[Vec<f64>; 2]| Change::of(quantile(&v[0], 0.5), quantile(&v[1], 0.5));
    Headline {
        quarter: quarter_name(now),
        previous_quarter: quarter_name(before),
        incidents: Change::of(Some(count[0]), Some(count[1])),
        minutes_to_detect: median(&detect),
        minutes_to_resolve: median(&resolve),
        done_on_time,
        overdue,
    }
}
