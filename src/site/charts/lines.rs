//! Line charts of durations: median and p90 per quarter.

use std::fmt::Write;

use super::axis::{minutes_axis, short_minutes};
use super::frame::{frame, x_labels_at, Key};
use super::palette::Style;
use super::svg::{esc, LEFT, RIGHT, W};

/// One point of a median/p90 chart: median, p90 and the count behind them.
pub type Point = (Option<f64>, Option<f64>, usize);

/// Median and p90 minutes per label as two lines of points on an axis in
/// minutes, hours or days, each point labelled with its count (`n=…`);
/// labels without data leave a gap.
pub fn median_p90(id: &str, title: &str, labels: &[String], points: &[Point]) -> String {
    let max = points
        .iter()
        .filter_map(|p| p.1.or(p.0))
        .fold(0.0, f64::max);
    let with_data = points.iter().filter(|p| p.2 > 0).count();
    let desc = format!(
        "Median and 90th percentile per quarter for {with_data} of {} quarters; the count behind each point is written above it and in the table beside the chart.",
        labels.len()
    );
    let line = |class: &str| Style {
        class: format!("chart-line {class}"),
        texture: 0,
    };
    let keys = [
        Key {
            name: "median",
            style: line("chart-s0"),
            line: true,
        },
        Key {
            name: "p90 (dashed)",
            style: line("chart-s2"),
            line: true,
        },
    ];
    let mut s = String::new();
    let plot = frame(
        &mut s,
        id,
        (title, &desc),
        &keys,
        minutes_axis(max),
        ("Time", "Quarter"),
    );
    let slot = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let xy = |i: usize, v: f64| (LEFT + slot * (i as f64 + 0.5), plot.y(v));
    series(&mut s, "chart-s0", "median", labels, points, &xy);
    series(&mut s, "chart-s2", "p90", labels, points, &xy);
    counts(&mut s, labels, points, &xy, plot.top);
    x_labels_at(&mut s, labels, LEFT, W - LEFT - RIGHT, plot.y(0.0) + 16.0);
    s.push_str("</svg>");
    s
}

/// One line (`what` is "median" or "p90") as polylines over consecutive
/// quarters with data, and a circle with a tooltip at each point.
fn series(
    s: &mut String,
    class: &str,
    what: &str,
    labels: &[String],
    points: &[Point],
    xy: &dyn Fn(usize, f64) -> (f64, f64),
) {
    let value = |p: &Point| if what == "median" { p.0 } else { p.1 };
    let mut seg: Vec<(f64, f64)> = Vec::new();
    let flush = |seg: &mut Vec<(f64, f64)>, s: &mut String| {
        if seg.len() > 1 {
            let pts: Vec<String> = seg.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let _ = write!(
                s,
                r#"<polyline class="chart-line {class}" points="{}"/>"#,
                pts.join(" ")
            );
        }
        seg.clear();
    };
    for (i, p) in points.iter().enumerate() {
        match value(p) {
            Some(v) => seg.push(xy(i, v)),
            None => flush(&mut seg, s),
        }
    }
    flush(&mut seg, s);
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = value(p) {
            let (x, y) = xy(i, v);
            let _ = write!(
                s,
                r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="3.5"><title>{}: {what} {} (n={})</title></circle>"#,
                esc(&labels[i]),
                short_minutes(v),
                p.2
            );
        }
    }
}

/// Counts above the points, as thinned as the x labels so they do not
/// collide, and never above the plot's `top`.
fn counts(
    s: &mut String,
    labels: &[String],
    points: &[Point],
    xy: &dyn Fn(usize, f64) -> (f64, f64),
    top: f64,
) {
    let every = labels
        .len()
        .div_ceil(((W - LEFT - RIGHT) / 44.0) as usize)
        .max(1);
    for (i, p) in points.iter().enumerate().step_by(every) {
        if let Some(v) = p.1.or(p.0) {
            let (x, y) = xy(i, v);
            let _ = write!(
                s,
                r#"<text class="chart-count" x="{x:.1}" y="{:.1}" text-anchor="middle">n={}</text>"#,
                (y - 8.0).max(top - 2.0),
                p.2
            );
        }
    }
}
