//! The "Root causes" pages: `root-causes/index.html` lists every cluster
//! (with a heatmap of the largest over time) and `root-causes/<id>.html`
//! shows one cluster: its label, terms, incidents over time and members.

use super::charts;
use super::paging;
use super::render::{page_or_keep, PageCtx};
use super::urls::cluster_url;
use super::views::Card;
use super::{OutputFile, RenderError, SiteInput};
use crate::analyze::trends::clusters::{ClusterSeries, ClusterTrends};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

/// How many clusters the overview heatmap shows (the table lists all).
pub const HEATMAP_ROWS: usize = 12;

/// A cluster as pages show it.
#[derive(Debug, Serialize)]
pub struct ClusterView<'a> {
    /// The cluster's stable id (the id of its oldest member).
    pub id: &'a str,
    /// The cluster's label.
    pub label: &'a str,
    /// The label is the authors' `root_cause_category`, not made from terms.
    pub curated: bool,
    /// The most distinctive terms of the cluster, heaviest first.
    pub terms: &'a [String],
    /// The cluster's page, relative to the site root.
    pub url: String,
    /// Postmortems in the cluster.
    pub size: usize,
    /// First and last incident dates of the members.
    pub first: Option<&'a str>,
    /// The latest incident date of the members; `None` when none is dated.
    pub last: Option<&'a str>,
    /// The cluster's incidents per period, for its chart; `None` when it has no series.
    pub series: Option<&'a ClusterSeries>,
}

/// Renders the overview and one page per cluster.
pub(super) fn pages(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let (input, env, site, cards, site_fp) =
        (ctx.input, ctx.env, &ctx.site, ctx.cards, ctx.site_fp);
    let trends = &input.trends.clusters;
    let views: Vec<ClusterView<'_>> = input
        .clusters
        .clusters
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let dates = c
                .members
                .iter()
                .filter_map(|&d| input.postmortems[d].date.as_deref());
            ClusterView {
                id: &c.id,
                label: &c.label,
                curated: c.curated,
                terms: &c.terms,
                url: cluster_url(&c.id),
                size: c.members.len(),
                first: dates.clone().min(),
                last: dates.max(),
                // Cluster trends are in the clusters' order.
                series: trends.clusters.get(k),
            }
        })
        .collect();
    let unclustered: Vec<&Card> = input
        .clusters
        .of_doc
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_none())
        .map(|(doc, _)| &cards[doc])
        .collect();
    let (heatmap, heatmap_rows) = overview_heatmap(trends);
    let mut out: Vec<OutputFile> = Vec::new();
    out.extend(page_or_keep(
        input,
        site_fp,
        env,
        ("root-causes.html", "root-causes/index.html"),
        &(
            &views,
            &unclustered,
            &heatmap,
            heatmap_rows,
            &trends.periods,
            trends.granularity,
        ),
        || {
            context! {
                site => site.clone(),
                root => "../",
                clusters => Serde(&views),
                unclustered => Serde(&unclustered),
                heatmap => Value::from_safe_string(heatmap.clone()),
                heatmap_rows => heatmap_rows,
                periods => Serde(&trends.periods),
                granularity => trends.granularity,
            }
        },
    )?);
    for (view, cluster) in views.iter().zip(&input.clusters.clusters) {
        let members: Vec<&Card> = cluster.members.iter().map(|&d| &cards[d]).collect();
        out.extend(cluster_pages(input, env, site, site_fp, view, &members)?);
    }
    Ok(out)
}

/// One cluster's pages: its chart and the first of its members on the
/// first page, the rest on as many more as [`SiteInput::page_size`] needs.
fn cluster_pages(
    input: &SiteInput<'_>,
    env: &Environment<'_>,
    site: &Value,
    site_fp: crate::fingerprint::Fingerprint,
    view: &ClusterView<'_>,
    members: &[&Card],
) -> Result<Vec<OutputFile>, RenderError> {
    let trends = &input.trends.clusters;
    let unit = capitalized(trends.granularity);
    let mut out = Vec::new();
    let chart = view.series.map(|s| {
        charts::stacked_bars(
            "chart-cluster",
            &format!("{}: incidents per {}", view.label, trends.granularity),
            ("Incidents", &unit),
            &trends.periods,
            &[(view.label.to_string(), s.counts.clone())],
            charts::Palette::Plain,
        )
    });
    for page in paging::split(members, &view.url, input.page_size) {
        // The chart and its table are about the whole cluster: on the
        // first page only.
        let chart = chart.as_ref().filter(|_| page.paging.number == 1);
        let fps: Vec<_> = page.items.iter().map(|c| c.fp).collect();
        out.extend(page_or_keep(
            input,
            site_fp,
            env,
            ("root-cause.html", &page.url),
            &(
                view,
                &page.paging,
                fps,
                chart,
                &trends.periods,
                trends.granularity,
            ),
            || {
                context! {
                    site => site.clone(),
                    root => &page.root,
                    cluster => Serde(view),
                    items => Serde(page.items),
                    paging => Serde(&page.paging),
                    chart => chart.cloned().map(Value::from_safe_string),
                    periods => Serde(&trends.periods),
                    granularity => trends.granularity,
                }
            },
        )?);
    }
    Ok(out)
}

/// The [`HEATMAP_ROWS`] largest clusters per period, rising ones marked
/// with ▲; returns the SVG and how many rows it has.
pub(super) fn overview_heatmap(trends: &ClusterTrends) -> (String, usize) {
    let rows: Vec<(String, Vec<usize>)> = trends
        .clusters
        .iter()
        .take(HEATMAP_ROWS)
        .map(|s| {
            let mark = if s.rising { "▲ " } else { "" };
            (format!("{mark}{}", s.label), s.counts.clone())
        })
        .collect();
    let svg = charts::heatmap(
        "chart-clusters",
        &format!("Largest root-cause clusters per {}", trends.granularity),
        &capitalized(trends.granularity),
        &trends.periods,
        &rows,
    );
    (svg, rows.len())
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
