//! The Trends page: each chart drawn by [`super::charts`] with its numbers
//! in a table beside it (the same numbers as `trends.json`).

use super::charts;
use super::SiteInput;
use super::{OutputFile, RenderError};
use crate::analyze::trends::{FollowThrough, Trends};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};

/// Rows the page lists of the two long lists, overdue action items (most
/// overdue first) and recurring incidents (newest first). Every row is in
/// trends.json; on the page tens of thousands of them (10,000 postmortems
/// have about 49,000 overdue items) would be megabytes of table nobody
/// reads to the end.
pub const LISTED: usize = 100;

/// The trends as the page shows them: the long lists cut to [`LISTED`]
/// rows (the rest is copied; it is small).
fn shown_on_page(t: &Trends) -> Trends {
    let a = &t.action_items;
    Trends {
        as_of: t.as_of.clone(),
        incidents: t.incidents.clone(),
        durations: t.durations.clone(),
        services: t.services.clone(),
        action_items: FollowThrough {
            open_age: a.open_age.clone(),
            overdue: a.overdue.iter().take(LISTED).cloned().collect(),
            ..*a
        },
        recurring: t.recurring.iter().take(LISTED).cloned().collect(),
        clusters: t.clusters.clone(),
    }
}

/// Renders `trends/index.html`.
pub fn page(
    input: &SiteInput<'_>,
    env: &Environment<'_>,
    site: &Value,
) -> Result<OutputFile, RenderError> {
    let t = input.trends;
    let labels: Vec<String> = t
        .incidents
        .periods
        .iter()
        .map(|p| p.period.clone())
        .collect();
    let series: Vec<(String, Vec<usize>)> = t
        .incidents
        .severities
        .iter()
        .map(|sev| {
            let values = t
                .incidents
                .periods
                .iter()
                .map(|p| p.by_severity.get(sev).copied().unwrap_or(0))
                .collect();
            (sev.clone(), values)
        })
        .collect();
    let unit = if t.incidents.granularity == "month" {
        "Month"
    } else {
        "Quarter"
    };
    let incidents = charts::stacked_bars(
        "chart-incidents",
        &format!("Incidents per {}, by severity", unit.to_lowercase()),
        "Incidents",
        unit,
        &labels,
        &series,
    );
    let quarters: Vec<String> = t.durations.iter().map(|d| d.quarter.clone()).collect();
    let detect: Vec<charts::Point> = t
        .durations
        .iter()
        .map(|d| (d.detect.median, d.detect.p90, d.detect.count))
        .collect();
    let resolve: Vec<charts::Point> = t
        .durations
        .iter()
        .map(|d| (d.resolve.median, d.resolve.p90, d.resolve.count))
        .collect();
    let detect = charts::median_p90(
        "chart-detect",
        "Time to detect per quarter (median and p90)",
        "Minutes",
        &quarters,
        &detect,
    );
    let resolve = charts::median_p90(
        "chart-resolve",
        "Time to resolve per quarter (median and p90)",
        "Minutes",
        &quarters,
        &resolve,
    );
    let services = charts::hbars(
        "chart-services",
        "Services with the most incidents",
        "Incidents",
        &t.services
            .iter()
            .map(|s| (s.name.clone(), s.count))
            .collect::<Vec<_>>(),
    );
    let a = &t.action_items;
    let follow = charts::hbars(
        "chart-actions",
        "Action items: open vs done",
        "Action items",
        &[("Open".to_string(), a.open), ("Done".to_string(), a.done)],
    );
    let ages = charts::hbars(
        "chart-ages",
        "Open action items by age",
        "Open action items",
        &a.open_age
            .iter()
            .map(|c| (c.name.clone(), c.count))
            .collect::<Vec<_>>(),
    );
    let (clusters, cluster_rows) = super::clusters::overview_heatmap(&t.clusters);
    let share_pct = a.share_done_by_due.map(|s| format!("{:.0}%", s * 100.0));
    super::render::page(
        env,
        "trends.html",
        "trends/index.html",
        context! {
            site => site.clone(),
            root => "../",
            t => Serde(&shown_on_page(t)),
            overdue_total => t.action_items.overdue.len(),
            recurring_total => t.recurring.len(),
            share_pct => share_pct,
            charts => context! {
                incidents => Value::from_safe_string(incidents),
                detect => Value::from_safe_string(detect),
                resolve => Value::from_safe_string(resolve),
                services => Value::from_safe_string(services),
                actions => Value::from_safe_string(follow),
                ages => Value::from_safe_string(ages),
                clusters => Value::from_safe_string(clusters),
            },
            cluster_rows => cluster_rows,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::trends::{compute, Overdue, Recurring};

    #[test]
    fn the_page_lists_the_first_rows_of_the_long_lists_and_all_else() {
        let mut t = compute(
            &[],
            &Default::default(),
            &Default::default(),
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        );
        t.action_items.open = 7;
        t.action_items.overdue = (0..LISTED + 5)
            .map(|i| Overdue {
                id: format!("pm-{i}"),
                title: "t".into(),
                text: "x".into(),
                owner: None,
                due: "2023-01-01".into(),
                days_overdue: (LISTED + 5 - i) as i64,
            })
            .collect();
        t.recurring = (0..3)
            .map(|i| Recurring {
                id: format!("pm-{i}"),
                title: "t".into(),
                date: None,
                recurrence_of: "pm-0".into(),
                recurrence_title: "t".into(),
                score: 0.9,
            })
            .collect();
        let shown = shown_on_page(&t);
        assert_eq!(
            shown.action_items.overdue[..],
            t.action_items.overdue[..LISTED]
        );
        assert_eq!(shown.recurring, t.recurring);
        let mut rest = t.clone();
        rest.action_items.overdue.truncate(LISTED);
        assert_eq!(shown, rest);
    }
}
