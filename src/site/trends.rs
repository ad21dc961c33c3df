//! The Trends page: each chart drawn by [`super::charts`] with its numbers
//! in a table beside it (the same numbers as `trends.json`).

use super::charts;
use super::SiteInput;
use super::{OutputFile, RenderError};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};

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
    super::pages::page(
        env,
        "trends.html",
        "trends/index.html",
        context! {
            site => site.clone(),
            root => "../",
            t => Serde(t),
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
