//! Inline SVG charts, drawn at build time: readable with JavaScript off and
//! printable. Each chart has a `<title>` and `<desc>` (named by
//! `aria-labelledby`), axis labels and a legend; colors come from CSS classes
//! (`chart-s0`…) so the theme can switch them for dark mode. The numbers are
//! always also in a table beside the chart.

use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 280.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 52.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round axis maximum ≥ `max` (1, 2, 2.5 or 5 times a power of ten).
pub fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(max.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= max {
            return m * p;
        }
    }
    10.0 * p
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The opening tag of a chart `h` high, with its title and description.
fn open(id: &str, h: f64, title: &str, desc: &str) -> String {
    format!(
        r#"<svg class="chart" viewBox="0 0 {W} {h:.0}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    )
}

/// Opening tag, title, description, y grid with labels, axis titles.
fn frame(id: &str, title: &str, desc: &str, y_max: f64, y_label: &str, x_label: &str) -> String {
    let mut s = open(id, H, title, desc);
    let plot_h = H - TOP - BOTTOM;
    for i in 0..=4 {
        let v = y_max * i as f64 / 4.0;
        let y = TOP + plot_h - plot_h * i as f64 / 4.0;
        let _ = write!(
            s,
            r#"<line class="chart-grid" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="chart-tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            fmt_num(v)
        );
    }
    let _ = write!(
        s,
        r#"<text class="chart-axis-title" x="12" y="{:.1}" transform="rotate(-90 12 {:.1})" text-anchor="middle">{}</text><text class="chart-axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        esc(y_label),
        LEFT + (W - LEFT - RIGHT) / 2.0,
        H - 6.0,
        esc(x_label)
    );
    s
}

/// Legend swatches along the top: (name, css class, marker is a line).
fn legend(s: &mut String, items: &[(&str, String, bool)]) {
    let mut x = LEFT;
    for (name, class, line) in items {
        if *line {
            let _ = write!(
                s,
                r#"<line class="{class}" x1="{x:.1}" y1="16" x2="{:.1}" y2="16"/><circle class="{class}" cx="{:.1}" cy="16" r="3"/>"#,
                x + 14.0,
                x + 7.0
            );
        } else {
            let _ = write!(
                s,
                r#"<rect class="{class}" x="{x:.1}" y="10" width="12" height="12"/>"#
            );
        }
        let _ = write!(
            s,
            r#"<text class="chart-legend" x="{:.1}" y="20">{}</text>"#,
            x + 18.0,
            esc(name)
        );
        x += 30.0 + 7.0 * name.chars().count() as f64;
    }
}

/// X labels under each slot of a plot from `left`, `width` wide, at `y`,
/// thinned to at most about `most`.
fn x_labels_at(s: &mut String, labels: &[String], left: f64, width: f64, y: f64, most: usize) {
    let n = labels.len().max(1);
    let slot = width / n as f64;
    let every = n.div_ceil(most).max(1);
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let x = left + slot * (i as f64 + 0.5);
        let _ = write!(
            s,
            r#"<text class="chart-tick" x="{x:.1}" y="{y:.1}" text-anchor="middle">{}</text>"#,
            esc(l)
        );
    }
}

/// X labels under each slot of a framed chart, thinned to at most ~12.
fn x_labels(s: &mut String, labels: &[String]) {
    x_labels_at(s, labels, LEFT, W - LEFT - RIGHT, H - BOTTOM + 16.0, 12);
}

/// A stacked bar chart: one bar per label, one stack segment per series
/// (name, values by label). Series get classes `chart-s0`, `chart-s1`, …
pub fn stacked_bars(
    id: &str,
    title: &str,
    y_label: &str,
    x_label: &str,
    labels: &[String],
    series: &[(String, Vec<usize>)],
) -> String {
    let totals: Vec<usize> = (0..labels.len())
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let y_max = nice_max(totals.iter().copied().max().unwrap_or(0) as f64);
    let desc = format!(
        "{} bars from {} to {}, at most {} per bar; the numbers are in the table beside the chart.",
        labels.len(),
        labels.first().map_or("", String::as_str),
        labels.last().map_or("", String::as_str),
        totals.iter().max().unwrap_or(&0)
    );
    let mut s = frame(id, title, &desc, y_max, y_label, x_label);
    let items: Vec<(&str, String, bool)> = series
        .iter()
        .enumerate()
        .map(|(k, (n, _))| (n.as_str(), format!("chart-s{}", k % 6), false))
        .collect();
    legend(&mut s, &items);
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    for (i, label) in labels.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let mut base = 0usize;
        for (k, (name, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let y0 = TOP + plot_h - plot_h * (base + v) as f64 / y_max;
            let h = plot_h * v as f64 / y_max;
            let _ = write!(
                s,
                r#"<rect class="chart-s{}" x="{x:.1}" y="{y0:.1}" width="{bar_w:.1}" height="{h:.1}"><title>{}: {} {v}</title></rect>"#,
                k % 6,
                esc(label),
                esc(name)
            );
            base += v;
        }
    }
    x_labels(&mut s, labels);
    s.push_str("</svg>");
    s
}

/// One point of a median/p90 chart: median, p90 and the count behind them.
pub type Point = (Option<f64>, Option<f64>, usize);

/// Median and p90 per label as two lines of points, each point labelled with
/// its count (`n=…`); labels without data leave a gap.
pub fn median_p90(
    id: &str,
    title: &str,
    y_label: &str,
    labels: &[String],
    points: &[Point],
) -> String {
    let max = points
        .iter()
        .filter_map(|p| p.1.or(p.0))
        .fold(0.0, f64::max);
    let y_max = nice_max(max);
    let with_data = points.iter().filter(|p| p.2 > 0).count();
    let desc = format!(
        "Median and 90th percentile per quarter for {with_data} of {} quarters; the count behind each point is written above it and in the table beside the chart.",
        labels.len()
    );
    let mut s = frame(id, title, &desc, y_max, y_label, "Quarter");
    legend(
        &mut s,
        &[
            ("median", "chart-line chart-s0".into(), true),
            ("p90", "chart-line chart-s2".into(), true),
        ],
    );
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let xy = |i: usize, v: f64| {
        (
            LEFT + slot * (i as f64 + 0.5),
            TOP + plot_h - plot_h * v / y_max,
        )
    };
    for (class, pick) in [("chart-s0", 0usize), ("chart-s2", 1usize)] {
        // Polyline segments over consecutive quarters with data.
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
            let v = if pick == 0 { p.0 } else { p.1 };
            match v {
                Some(v) => seg.push(xy(i, v)),
                None => flush(&mut seg, &mut s),
            }
        }
        flush(&mut seg, &mut s);
        for (i, p) in points.iter().enumerate() {
            let v = if pick == 0 { p.0 } else { p.1 };
            if let Some(v) = v {
                let (x, y) = xy(i, v);
                let _ = write!(
                    s,
                    r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="3.5"><title>{}: {} {} (n={})</title></circle>"#,
                    esc(&labels[i]),
                    if pick == 0 { "median" } else { "p90" },
                    fmt_num(v),
                    p.2
                );
            }
        }
    }
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.1.or(p.0) {
            let (x, y) = xy(i, v);
            let _ = write!(
                s,
                r#"<text class="chart-count" x="{x:.1}" y="{:.1}" text-anchor="middle">n={}</text>"#,
                (y - 8.0).max(TOP - 2.0),
                p.2
            );
        }
    }
    x_labels(&mut s, labels);
    s.push_str("</svg>");
    s
}

/// Horizontal bars: one row per (name, value), largest first as given.
pub fn hbars(id: &str, title: &str, x_label: &str, rows: &[(String, usize)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let x_max = nice_max(max as f64);
    let row_h = 22.0;
    let left = 150.0;
    let h = TOP + row_h * rows.len().max(1) as f64 + 36.0;
    let desc = format!(
        "{} rows, largest {max}; the numbers are in the table beside the chart.",
        rows.len()
    );
    let mut s = open(id, h, title, &desc);
    let plot_w = W - left - RIGHT - 30.0;
    for (i, (name, v)) in rows.iter().enumerate() {
        let y = TOP + row_h * i as f64;
        let w = plot_w * *v as f64 / x_max;
        let label: String = name.chars().take(22).collect();
        let _ = write!(
            s,
            r#"<text class="chart-tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect class="chart-s0" x="{left}" y="{:.1}" width="{w:.1}" height="{:.1}"><title>{}: {v}</title></rect><text class="chart-count" x="{:.1}" y="{:.1}">{v}</text>"#,
            left - 6.0,
            y + 15.0,
            esc(&label),
            y + 3.0,
            row_h - 6.0,
            esc(name),
            left + w + 4.0,
            y + 15.0
        );
    }
    let _ = write!(
        s,
        r#"<text class="chart-axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></svg>"#,
        left + plot_w / 2.0,
        h - 8.0,
        esc(x_label)
    );
    s
}

/// A heatmap: one row per series (name, count per column), one cell per
/// column, shaded in five steps (`chart-h0`…`chart-h4`) relative to the
/// largest count. Every cell carries its number in a `<title>`.
pub fn heatmap(
    id: &str,
    title: &str,
    x_label: &str,
    cols: &[String],
    rows: &[(String, Vec<usize>)],
) -> String {
    let max = rows
        .iter()
        .flat_map(|r| r.1.iter())
        .copied()
        .max()
        .unwrap_or(0);
    let row_h = 20.0;
    let left = 170.0;
    let h = TOP + row_h * rows.len().max(1) as f64 + BOTTOM;
    let plot_w = W - left - RIGHT;
    let cell_w = plot_w / cols.len().max(1) as f64;
    let desc = format!(
        "{} rows by {} columns, largest cell {max}; darker is more; the numbers are in the table beside the chart.",
        rows.len(),
        cols.len()
    );
    let mut s = open(id, h, title, &desc);
    for (r, (name, counts)) in rows.iter().enumerate() {
        let y = TOP + row_h * r as f64;
        let label: String = name.chars().take(26).collect();
        let _ = write!(
            s,
            r#"<text class="chart-tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 14.0,
            esc(&label)
        );
        for (c, n) in counts.iter().enumerate() {
            // 0 stays blank-ish; 1..=max spread over four shades.
            let step = if *n == 0 {
                0
            } else {
                (1 + 3 * n / max.max(1)).min(4)
            };
            let _ = write!(
                s,
                r#"<rect class="chart-h{step}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}, {}: {n}</title></rect>"#,
                left + cell_w * c as f64,
                y + 1.0,
                (cell_w - 1.0).max(0.5),
                row_h - 2.0,
                esc(name),
                esc(cols.get(c).map_or("", String::as_str)),
            );
        }
    }
    x_labels_at(&mut s, cols, left, plot_w, h - BOTTOM + 16.0, 10);
    let _ = write!(
        s,
        r#"<text class="chart-axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></svg>"#,
        left + plot_w / 2.0,
        h - 8.0,
        esc(x_label)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_maxima() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(3.0), 5.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(23.0), 25.0);
        assert_eq!(nice_max(120.0), 200.0);
    }

    #[test]
    fn charts_are_accessible_svg() {
        let labels = vec!["2024-01".to_string(), "2024-02".to_string()];
        let svg = stacked_bars(
            "c1",
            "Incidents <per> month",
            "Incidents",
            "Month",
            &labels,
            &[("SEV1".into(), vec![1, 0]), ("SEV2".into(), vec![2, 3])],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"aria-labelledby="c1-t c1-d""#));
        assert!(svg.contains("<title id=\"c1-t\">Incidents &lt;per&gt; month</title>"));
        assert!(svg.contains("2024-02: SEV2 3"));
        assert_eq!(svg.matches("<rect class=\"chart-s").count(), 3 + 2);
        let svg = median_p90(
            "c2",
            "Time to resolve",
            "Minutes",
            &labels,
            &[(Some(10.0), Some(50.0), 4), (None, None, 0)],
        );
        assert!(svg.contains("n=4"));
        assert!(svg.contains("median 10 (n=4)"));
        let svg = hbars("c3", "Services", "Incidents", &[("api".into(), 3)]);
        assert!(svg.contains("api: 3"));
        let svg = heatmap(
            "c4",
            "Clusters",
            "Quarter",
            &labels,
            &[("certs".into(), vec![0, 4]), ("dns".into(), vec![1, 2])],
        );
        assert!(svg.contains(r#"<rect class="chart-h0""#));
        assert!(svg.contains(r#"<rect class="chart-h4""#));
        assert!(svg.contains("<title>certs, 2024-02: 4</title>"));
        assert_eq!(svg.matches("<rect").count(), 4);
    }
}
