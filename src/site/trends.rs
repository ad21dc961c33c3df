//! The Trends pages: the dashboard (`trends/index.html`) and one page per
//! service (`trends/services/<slug>.html`), headline numbers first, then
//! each chart drawn by [`super::charts`] with its numbers in a table beside
//! it (the same numbers as `trends.json`).

use super::charts;
use super::render::PageCtx;
use super::{OutputFile, RenderError};
use crate::analyze::trends::{
    self, DurationPoint, FollowThrough, Incidents, Recurring, Stat, Trends,
};
use chrono::NaiveDate;
use minijinja::value::Serde;
use minijinja::{context, Value};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Rows the long-list pages (`trends/overdue.html`, `trends/recurring.html`)
/// show of the two long lists, overdue action items (most overdue first)
/// and recurring incidents (newest first). Every row is in trends.json; on
/// a page tens of thousands of them (10,000 postmortems have about 49,000
/// overdue items) would be megabytes of table nobody reads to the end.
pub const LISTED: usize = 100;

/// Rows the dashboard shows of each long list, above a link to its page:
/// the dashboard is read first and stays small at any corpus size.
pub const ON_DASHBOARD: usize = 10;

/// The two long lists, overdue action items and recurring incidents, cut
/// to their first `n` rows (the rest of the follow-through is copied).
fn first_rows(t: &Trends, n: usize) -> (FollowThrough, Vec<Recurring>) {
    let a = &t.action_items;
    let follow = FollowThrough {
        open_age: a.open_age.clone(),
        overdue: a.overdue.iter().take(n).cloned().collect(),
        ..*a
    };
    (follow, t.recurring.iter().take(n).cloned().collect())
}

/// The trends as the dashboard shows them: the long lists cut to
/// [`ON_DASHBOARD`] rows, without the per-incident rows the filters read
/// from trends.json (the rest is copied; it is small).
fn shown_on_page(t: &Trends) -> Trends {
    let (action_items, recurring) = first_rows(t, ON_DASHBOARD);
    Trends {
        as_of: t.as_of.clone(),
        headline: t.headline.clone(),
        records: Vec::new(),
        incidents: t.incidents.clone(),
        durations: t.durations.clone(),
        services: t.services.clone(),
        action_items,
        recurring,
        clusters: t.clusters.clone(),
    }
}

/// Where a long list's own page is and how many rows it shows, for the
/// dashboard's link; `None` when the dashboard already shows them all.
fn more(url: &str, total: usize) -> Option<BTreeMap<&'static str, Value>> {
    (total > ON_DASHBOARD).then(|| {
        BTreeMap::from([
            ("url", Value::from(url)),
            ("count", Value::from(total.min(LISTED))),
        ])
    })
}

const OVERDUE_URL: &str = "trends/overdue.html";
const RECURRING_URL: &str = "trends/recurring.html";

/// `trends/overdue.html` and `trends/recurring.html`: the first [`LISTED`]
/// rows of each long list.
fn list_pages(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let t = ctx.input.trends;
    let (overdue, recurring) = first_rows(t, LISTED);
    let lists = [
        (
            OVERDUE_URL,
            "Overdue action items",
            "Open action items past their due date, the most overdue first.",
            "overdue",
            t.action_items.overdue.len(),
        ),
        (
            RECURRING_URL,
            "Recurring incidents",
            "Incidents that look like a recurrence of an earlier one, the newest first.",
            "recurring",
            t.recurring.len(),
        ),
    ];
    lists
        .into_iter()
        .map(|(url, heading, lede, kind, total)| {
            let page = context! {
                site => ctx.site.clone(), root => "../", as_of => &t.as_of,
                heading, lede, kind, total,
                a => Serde(&overdue), list => Serde(&recurring),
            };
            super::render::page(ctx.env, "trends-list.html", url, page)
        })
        .collect()
}

/// The charts of one set of incidents: incidents per period by severity,
/// time to detect and to resolve per quarter, and action items.
fn charts_of(
    incidents: &Incidents,
    durations: &[DurationPoint],
    a: &FollowThrough,
) -> BTreeMap<&'static str, Value> {
    let labels: Vec<String> = incidents.periods.iter().map(|p| p.period.clone()).collect();
    let series: Vec<(String, Vec<usize>)> = incidents
        .severities
        .iter()
        .map(|sev| {
            let values = incidents
                .periods
                .iter()
                .map(|p| p.by_severity.get(sev).copied().unwrap_or(0))
                .collect();
            (sev.clone(), values)
        })
        .collect();
    let unit = if incidents.granularity == "month" {
        "Month"
    } else {
        "Quarter"
    };
    let bars = charts::stacked_bars(
        "chart-incidents",
        &format!("Incidents per {}, by severity", unit.to_lowercase()),
        ("Incidents", unit),
        &labels,
        &series,
        charts::Palette::Severity,
    );
    let quarters: Vec<String> = durations.iter().map(|d| d.quarter.clone()).collect();
    let line = |id: &str, title: &str, pick: fn(&DurationPoint) -> Stat| {
        let points: Vec<charts::Point> = durations
            .iter()
            .map(|d| {
                let s = pick(d);
                (s.median, s.p90, s.count)
            })
            .collect();
        charts::median_p90(id, title, &quarters, &points)
    };
    let detect = line(
        "chart-detect",
        "Time to detect per quarter (median and p90)",
        |d| d.detect,
    );
    let resolve = line(
        "chart-resolve",
        "Time to resolve per quarter (median and p90)",
        |d| d.resolve,
    );
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
    BTreeMap::from([
        ("incidents", Value::from_safe_string(bars)),
        ("detect", Value::from_safe_string(detect)),
        ("resolve", Value::from_safe_string(resolve)),
        ("actions", Value::from_safe_string(follow)),
        ("ages", Value::from_safe_string(ages)),
    ])
}

/// A service as the pages link it: its name and the slug of its pages
/// (`services/<slug>.html`, `trends/services/<slug>.html`).
pub type ServiceSlug = (String, String);

/// Renders `trends/index.html` and one `trends/services/<slug>.html` per
/// service of `services`.
pub(super) fn pages(
    ctx: &PageCtx<'_>,
    services: &[ServiceSlug],
) -> Result<Vec<OutputFile>, RenderError> {
    let mut out = vec![page(ctx, services)?];
    out.extend(list_pages(ctx)?);
    let as_of = NaiveDate::parse_from_str(&ctx.input.trends.as_of, "%Y-%m-%d").unwrap_or_default();
    let per_service: Result<Vec<OutputFile>, RenderError> = services
        .par_iter()
        .map(|(name, slug)| service_page(ctx, (name, slug), as_of))
        .collect();
    out.extend(per_service?);
    Ok(out)
}

/// `trends/index.html`.
fn page(ctx: &PageCtx<'_>, services: &[ServiceSlug]) -> Result<OutputFile, RenderError> {
    let t = ctx.input.trends;
    let mut charts = charts_of(&t.incidents, &t.durations, &t.action_items);
    charts.insert(
        "services",
        Value::from_safe_string(charts::hbars(
            "chart-services",
            "Services with the most incidents",
            "Incidents",
            &t.services
                .iter()
                .map(|s| (s.name.clone(), s.count))
                .collect::<Vec<_>>(),
        )),
    );
    let (clusters, cluster_rows) = super::clusters::overview_heatmap(&t.clusters);
    charts.insert("clusters", Value::from_safe_string(clusters));
    let slugs: BTreeMap<&str, &str> = services
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let a = &t.action_items;
    super::render::page(
        ctx.env,
        "trends.html",
        "trends/index.html",
        context! {
            site => ctx.site.clone(),
            root => "../",
            t => Serde(&shown_on_page(t)),
            overdue_total => a.overdue.len(),
            recurring_total => t.recurring.len(),
            more => context! {
                overdue => more(OVERDUE_URL, a.overdue.len()),
                recurring => more(RECURRING_URL, t.recurring.len()),
            },
            share_pct => a.share_done_by_due.map(|s| format!("{:.0}%", s * 100.0)),
            charts => charts,
            cluster_rows => cluster_rows,
            slugs => Serde(&slugs),
        },
    )
}

/// `trends/services/<slug>.html`: the headline, charts and follow-through
/// of one service's incidents.
fn service_page(
    ctx: &PageCtx<'_>,
    (name, slug): (&str, &str),
    as_of: NaiveDate,
) -> Result<OutputFile, RenderError> {
    let mut t = trends::for_service(ctx.input.postmortems, name, as_of);
    let overdue_total = t.action_items.overdue.len();
    t.action_items.overdue.truncate(LISTED);
    let a = &t.action_items;
    super::render::page(
        ctx.env,
        "trends-service.html",
        &format!("trends/services/{slug}.html"),
        context! {
            site => ctx.site.clone(),
            root => "../../",
            t => Serde(&t),
            slug => slug,
            overdue_total => overdue_total,
            share_pct => a.share_done_by_due.map(|s| format!("{:.0}%", s * 100.0)),
            charts => charts_of(&t.incidents, &t.durations, a),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::trends::{compute, Overdue};

    #[test]
    fn the_page_lists_the_first_rows_of_the_long_lists_and_all_else() {
        let mut t = compute(
            &[],
            &Default::default(),
            &Default::default(),
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        );
        t.action_items.open = 7;
        t.action_items.overdue = (0..ON_DASHBOARD + 5)
            .map(|i| Overdue {
                id: format!("pm-{i}"),
                title: "t".into(),
                text: "x".into(),
                owner: None,
                due: "2023-01-01".into(),
                days_overdue: (ON_DASHBOARD + 5 - i) as i64,
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
            t.action_items.overdue[..ON_DASHBOARD]
        );
        assert_eq!(shown.recurring, t.recurring);
        let mut rest = t.clone();
        rest.action_items.overdue.truncate(ON_DASHBOARD);
        assert_eq!(shown, rest);
    }
}
