//! Inline SVG charts, drawn at build time: readable with JavaScript off and
//! printable. Each chart has a `<title>` and `<desc>` (named by
//! `aria-labelledby`), axis labels and a legend; colors come from CSS classes
//! so the theme can switch them for dark mode. Severity series use the
//! badges' classes (`sev-sev1`…) and a texture each, so they read the same
//! everywhere and without colour. Counts get whole-number axes, durations
//! axes in minutes, hours or days. The numbers are always also in a table
//! beside the chart.
//!
//! The drawing is 400 units wide and its text 13 units high: at 390 px a
//! chart is about 366 px wide, so its text is about 12 px.

use std::fmt::Write;

const W: f64 = 400.0;
const H: f64 = 250.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 8.0;
const BOTTOM: f64 = 40.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 18.0;
/// Average width of a character of chart text, in drawing units.
const CHAR_W: f64 = 7.4;

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

/// A value axis: its top and its ticks (value, label), bottom first.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub max: f64,
    pub ticks: Vec<(f64, String)>,
}

/// The smallest whole step of 1, 2 or 5 times a power of ten that covers
/// `max` in at most 5 steps.
fn whole_step(max: f64) -> f64 {
    let mut p = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if m * p * 5.0 >= max {
                return m * p;
            }
        }
        p *= 10.0;
    }
}

/// Ticks at whole multiples of a step, up to the first ≥ `max` (in `unit`s),
/// each labelled with `suffix`; values are multiplied back by `unit`.
fn whole_axis(max: f64, unit: f64, suffix: &str) -> Axis {
    let m = (max / unit).max(0.0);
    let step = whole_step(m);
    let steps = ((m / step).ceil() as usize).max(1);
    Axis {
        max: steps as f64 * step * unit,
        ticks: (0..=steps)
            .map(|i| {
                let v = i as f64 * step;
                (v * unit, format!("{v:.0}{suffix}"))
            })
            .collect(),
    }
}

/// A count axis: whole numbers only (never "0.5 incidents").
pub fn count_axis(max: usize) -> Axis {
    whole_axis(max as f64, 1.0, "")
}

/// A duration axis for values in minutes: whole minutes up to 90, whole
/// hours up to two days, whole days beyond.
pub fn minutes_axis(max: f64) -> Axis {
    if max <= 90.0 {
        whole_axis(max, 1.0, " min")
    } else if max <= 48.0 * 60.0 {
        whole_axis(max, 60.0, " h")
    } else {
        whole_axis(max, 1440.0, " d")
    }
}

/// "45 min", "5.5 h", "2 d": a duration in minutes in one short unit.
pub fn short_minutes(m: f64) -> String {
    let one = |v: f64, unit: &str| {
        if v < 10.0 && (v * 10.0).round() % 10.0 != 0.0 {
            format!("{v:.1} {unit}")
        } else {
            format!("{v:.0} {unit}")
        }
    };
    if m < 90.0 {
        format!("{m:.0} min")
    } else if m < 48.0 * 60.0 {
        one(m / 60.0, "h")
    } else {
        one(m / 1440.0, "d")
    }
}

/// How a series is drawn: its CSS class and texture (0 = solid).
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub class: String,
    pub texture: usize,
}

/// The style of a severity series: the badge's class (`sev-sev1` for
/// `SEV1` and `P1`) and a texture of its own, so SEV1 is the same red in
/// badges and charts and each level reads without colour too.
pub fn severity_style(name: &str) -> Style {
    let upper = name.trim().to_uppercase();
    let digits = upper
        .strip_prefix("SEV")
        .or_else(|| upper.strip_prefix('P'))
        .filter(|d| d.len() == 1 && d.chars().all(|c| c.is_ascii_digit()));
    match digits.and_then(|d| d.parse::<usize>().ok()) {
        Some(n) if n <= 5 => Style {
            class: format!("sev-sev{n}"),
            // SEV1 solid; then diagonal, dots, horizontal, cross-hatch, vertical.
            texture: [4, 0, 1, 2, 3, 5][n],
        },
        _ => Style {
            class: "sev-other".into(),
            texture: 6,
        },
    }
}

/// Textures drawn over a series' colour, in the page's background colour.
const TEXTURES: [&str; 7] = [
    "",
    r#"<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke-width="1.5"/>"#,
    r#"<circle cx="3" cy="3" r="1.3" class="chart-dot"/>"#,
    r#"<path d="M0,3 h6" stroke-width="1.5"/>"#,
    r#"<path d="M0,0 l6,6 M6,0 l-6,6" stroke-width="1"/>"#,
    r#"<path d="M3,0 v6" stroke-width="1.5"/>"#,
    r#"<path d="M0,0 h3 v3 h-3z M3,3 h3 v3 h-3z" class="chart-fill"/>"#,
];

/// `<defs>` with the textures `styles` use, ids `{id}-x{n}`.
fn textures(id: &str, styles: &[Style]) -> String {
    let mut used: Vec<usize> = styles
        .iter()
        .map(|s| s.texture)
        .filter(|t| *t > 0)
        .collect();
    used.sort_unstable();
    used.dedup();
    if used.is_empty() {
        return String::new();
    }
    let mut s = String::from("<defs>");
    for t in used {
        let _ = write!(
            s,
            r#"<pattern id="{id}-x{t}" class="chart-texture" patternUnits="userSpaceOnUse" width="6" height="6">{}</pattern>"#,
            TEXTURES[t]
        );
    }
    s.push_str("</defs>");
    s
}

/// A rectangle in a style: its colour, and its texture over it.
fn styled_rect(id: &str, st: &Style, geometry: &str, title: &str) -> String {
    let mut s = format!(
        r#"<rect class="{}" {geometry}><title>{}</title></rect>"#,
        st.class,
        esc(title)
    );
    if st.texture > 0 {
        let _ = write!(
            s,
            r#"<rect fill="url(#{id}-x{})" {geometry} aria-hidden="true"/>"#,
            st.texture
        );
    }
    s
}

/// The opening tag of a chart `h` high, with its title and description.
fn open(id: &str, h: f64, title: &str, desc: &str) -> String {
    format!(
        r#"<svg class="chart" id="{id}" viewBox="0 0 {W} {h:.0}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    )
}

/// One legend entry: its name, its style and whether it is a line.
struct Key<'a> {
    name: &'a str,
    style: Style,
    line: bool,
}

/// Legend rows along the top, wrapping at the chart's width; returns the
/// y where the plot starts below them.
fn legend(s: &mut String, id: &str, items: &[Key<'_>]) -> f64 {
    let (mut x, mut y) = (LEFT, 4.0);
    for k in items {
        let width = 22.0 + CHAR_W * k.name.chars().count() as f64 + 12.0;
        if x > LEFT && x + width > W - RIGHT {
            (x, y) = (LEFT, y + LEGEND_ROW);
        }
        if k.line {
            let _ = write!(
                s,
                r#"<line class="{0}" x1="{x:.1}" y1="{1:.1}" x2="{2:.1}" y2="{1:.1}"/><circle class="{0}" cx="{3:.1}" cy="{1:.1}" r="3"/>"#,
                k.style.class,
                y + 7.0,
                x + 16.0,
                x + 8.0
            );
        } else {
            s.push_str(&styled_rect(
                id,
                &k.style,
                &format!(r#"x="{x:.1}" y="{y:.1}" width="14" height="14""#),
                k.name,
            ));
        }
        let _ = write!(
            s,
            r#"<text class="chart-legend" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 20.0,
            y + 12.0,
            esc(k.name)
        );
        x += width;
    }
    y + LEGEND_ROW + 14.0
}

/// How many rows the legend of `items` takes (as [`legend`] lays it out).
fn legend_rows(items: &[Key<'_>]) -> usize {
    let (mut x, mut rows) = (LEFT, 1);
    for k in items {
        let width = 22.0 + CHAR_W * k.name.chars().count() as f64 + 12.0;
        if x > LEFT && x + width > W - RIGHT {
            (x, rows) = (LEFT, rows + 1);
        }
        x += width;
    }
    rows
}

/// The plot area: values from 0 at `base` up to the axis's top at `top`.
struct Plot {
    top: f64,
    base: f64,
    axis: Axis,
}

impl Plot {
    /// The y of a value.
    fn y(&self, v: f64) -> f64 {
        self.base - (self.base - self.top) * v / self.axis.max
    }
}

/// Opening tag, title, description, legend, y grid with labels, axis
/// titles; returns the plot area.
fn frame(
    s: &mut String,
    id: &str,
    (title, desc): (&str, &str),
    keys: &[Key<'_>],
    axis: Axis,
    (y_label, x_label): (&str, &str),
) -> Plot {
    let rows = legend_rows(keys) as f64;
    s.push_str(&open(id, H + (rows - 1.0) * LEGEND_ROW, title, desc));
    let styles: Vec<Style> = keys.iter().map(|k| k.style.clone()).collect();
    s.push_str(&textures(id, &styles));
    let top = legend(s, id, keys);
    // The legend's extra rows make the drawing taller, not the plot smaller.
    let total = H + (rows - 1.0) * LEGEND_ROW;
    let h = total - top - BOTTOM;
    let plot = Plot {
        top,
        base: top + h,
        axis,
    };
    for (v, label) in &plot.axis.ticks {
        let y = plot.y(*v);
        let _ = write!(
            s,
            r#"<line class="chart-grid" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="chart-tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 5.0,
            y + 4.0,
            esc(label)
        );
    }
    let _ = write!(
        s,
        r#"<text class="chart-axis-title" x="12" y="{0:.1}" transform="rotate(-90 12 {0:.1})" text-anchor="middle">{1}</text><text class="chart-axis-title" x="{2:.1}" y="{3:.1}" text-anchor="middle">{4}</text>"#,
        top + h / 2.0,
        esc(y_label),
        LEFT + (W - LEFT - RIGHT) / 2.0,
        total - 4.0,
        esc(x_label)
    );
    plot
}

/// X labels under each slot of a plot from `left`, `width` wide, at `y`,
/// thinned so that they do not overlap.
fn x_labels_at(s: &mut String, labels: &[String], left: f64, width: f64, y: f64) {
    let n = labels.len().max(1);
    let slot = width / n as f64;
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let most = ((width / (CHAR_W * longest as f64 + 10.0)) as usize).max(1);
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

/// How the series of a stacked bar chart are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// Severity levels: the badges' colours and a texture each.
    Severity,
    /// Any series: the chart colours in order.
    Plain,
}

/// A stacked bar chart: one bar per label, one stack segment per series
/// (name, values by label), on a whole-number axis.
pub fn stacked_bars(
    id: &str,
    title: &str,
    (y_label, x_label): (&str, &str),
    labels: &[String],
    series: &[(String, Vec<usize>)],
    palette: Palette,
) -> String {
    let totals: Vec<usize> = (0..labels.len())
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let most = totals.iter().copied().max().unwrap_or(0);
    let desc = format!(
        "{} bars from {} to {}, at most {most} per bar; the numbers are in the table beside the chart.",
        labels.len(),
        labels.first().map_or("", String::as_str),
        labels.last().map_or("", String::as_str),
    );
    let keys: Vec<Key<'_>> = series
        .iter()
        .enumerate()
        .map(|(k, (n, _))| Key {
            name: n,
            style: match palette {
                Palette::Severity => severity_style(n),
                Palette::Plain => Style {
                    class: format!("chart-s{}", k % 6),
                    texture: 0,
                },
            },
            line: false,
        })
        .collect();
    let mut s = String::new();
    let plot = frame(
        &mut s,
        id,
        (title, &desc),
        &keys,
        count_axis(most),
        (y_label, x_label),
    );
    let slot = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    let bottom = plot.y(0.0);
    for (i, label) in labels.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let mut base = 0usize;
        for (key, (name, values)) in keys.iter().zip(series) {
            let v = values.get(i).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let y0 = plot.y((base + v) as f64);
            let h = plot.y(base as f64) - y0;
            s.push_str(&styled_rect(
                id,
                &key.style,
                &format!(r#"x="{x:.1}" y="{y0:.1}" width="{bar_w:.1}" height="{h:.1}""#),
                &format!("{label}: {name} {v}"),
            ));
            base += v;
        }
    }
    x_labels_at(&mut s, labels, LEFT, W - LEFT - RIGHT, bottom + 16.0);
    s.push_str("</svg>");
    s
}

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
    for (class, pick) in [("chart-s0", 0usize), ("chart-s2", 1usize)] {
        let value = |p: &Point| if pick == 0 { p.0 } else { p.1 };
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
            match value(p) {
                Some(v) => seg.push(xy(i, v)),
                None => flush(&mut seg, &mut s),
            }
        }
        flush(&mut seg, &mut s);
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = value(p) {
                let (x, y) = xy(i, v);
                let _ = write!(
                    s,
                    r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="3.5"><title>{}: {} {} (n={})</title></circle>"#,
                    esc(&labels[i]),
                    if pick == 0 { "median" } else { "p90" },
                    short_minutes(v),
                    p.2
                );
            }
        }
    }
    // Counts above the points, as thinned as the x labels so they do not collide.
    let every = labels
        .len()
        .div_ceil(((W - LEFT - RIGHT) / 44.0) as usize)
        .max(1);
    for (i, p) in points.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        if let Some(v) = p.1.or(p.0) {
            let (x, y) = xy(i, v);
            let _ = write!(
                s,
                r#"<text class="chart-count" x="{x:.1}" y="{:.1}" text-anchor="middle">n={}</text>"#,
                (y - 8.0).max(plot.top - 2.0),
                p.2
            );
        }
    }
    x_labels_at(&mut s, labels, LEFT, W - LEFT - RIGHT, plot.y(0.0) + 16.0);
    s.push_str("</svg>");
    s
}

/// Horizontal bars: one row per (name, value), largest first as given.
pub fn hbars(id: &str, title: &str, x_label: &str, rows: &[(String, usize)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let x_max = count_axis(max).max;
    let row_h = 22.0;
    let left = 130.0;
    let top = 8.0;
    let h = top + row_h * rows.len().max(1) as f64 + 28.0;
    let desc = format!(
        "{} rows, largest {max}; the numbers are in the table beside the chart.",
        rows.len()
    );
    let mut s = open(id, h, title, &desc);
    let plot_w = W - left - RIGHT - 30.0;
    for (i, (name, v)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = plot_w * *v as f64 / x_max;
        let label: String = name.chars().take(16).collect();
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
        h - 6.0,
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
    let left = 140.0;
    let top = 8.0;
    let h = top + row_h * rows.len().max(1) as f64 + BOTTOM;
    let plot_w = W - left - RIGHT;
    let cell_w = plot_w / cols.len().max(1) as f64;
    let desc = format!(
        "{} rows by {} columns, largest cell {max}; darker is more; the numbers are in the table beside the chart.",
        rows.len(),
        cols.len()
    );
    let mut s = open(id, h, title, &desc);
    for (r, (name, counts)) in rows.iter().enumerate() {
        let y = top + row_h * r as f64;
        let label: String = name.chars().take(17).collect();
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
    x_labels_at(&mut s, cols, left, plot_w, h - BOTTOM + 16.0);
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

    fn labels(a: &Axis) -> Vec<&str> {
        a.ticks.iter().map(|t| t.1.as_str()).collect()
    }

    #[test]
    fn count_axes_are_whole_numbers() {
        assert_eq!(labels(&count_axis(0)), ["0", "1"]);
        assert_eq!(labels(&count_axis(1)), ["0", "1"]);
        assert_eq!(labels(&count_axis(2)), ["0", "1", "2"]);
        assert_eq!(labels(&count_axis(3)), ["0", "1", "2", "3"]);
        assert_eq!(labels(&count_axis(7)), ["0", "2", "4", "6", "8"]);
        assert_eq!(count_axis(7).max, 8.0);
        assert_eq!(labels(&count_axis(23)), ["0", "5", "10", "15", "20", "25"]);
        for n in 0..500 {
            let a = count_axis(n);
            assert!(a.max >= n as f64 && a.ticks.len() <= 6, "{n}: {a:?}");
            assert!(a.ticks.iter().all(|t| t.0.fract() == 0.0), "{n}: {a:?}");
        }
    }

    #[test]
    fn duration_axes_use_minutes_hours_or_days() {
        assert_eq!(
            labels(&minutes_axis(42.0)),
            ["0 min", "10 min", "20 min", "30 min", "40 min", "50 min"]
        );
        assert_eq!(
            labels(&minutes_axis(300.0)),
            ["0 h", "1 h", "2 h", "3 h", "4 h", "5 h"]
        );
        assert_eq!(minutes_axis(300.0).max, 300.0);
        assert_eq!(
            labels(&minutes_axis(20_000.0)),
            ["0 d", "5 d", "10 d", "15 d"]
        );
        assert_eq!(short_minutes(45.0), "45 min");
        assert_eq!(short_minutes(330.0), "5.5 h");
        assert_eq!(short_minutes(300.0), "5 h");
        assert_eq!(short_minutes(2880.0), "2 d");
        assert_eq!(short_minutes(20_000.0), "14 d");
    }

    #[test]
    fn severities_share_the_badges_classes_and_differ_without_colour() {
        assert_eq!(severity_style("SEV1").class, "sev-sev1");
        assert_eq!(severity_style("p1").class, "sev-sev1");
        assert_eq!(severity_style("unknown").class, "sev-other");
        assert_eq!(severity_style("SEV12").class, "sev-other");
        let textures: Vec<usize> = (0..=5)
            .map(|n| severity_style(&format!("SEV{n}")).texture)
            .collect();
        let mut distinct = textures.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 6, "{textures:?}");
    }

    #[test]
    fn charts_are_accessible_svg() {
        let labels = vec!["2024-01".to_string(), "2024-02".to_string()];
        let svg = stacked_bars(
            "c1",
            "Incidents <per> month",
            ("Incidents", "Month"),
            &labels,
            &[("SEV1".into(), vec![1, 0]), ("SEV2".into(), vec![2, 3])],
            Palette::Severity,
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"aria-labelledby="c1-t c1-d""#));
        assert!(svg.contains("<title id=\"c1-t\">Incidents &lt;per&gt; month</title>"));
        assert!(svg.contains("2024-02: SEV2 3"));
        // Legend and three segments; SEV2 textured, SEV1 solid.
        assert_eq!(svg.matches("<rect class=\"sev-sev1\"").count(), 1 + 1);
        assert_eq!(svg.matches("<rect class=\"sev-sev2\"").count(), 1 + 2);
        assert_eq!(svg.matches("fill=\"url(#c1-x1)\"").count(), 1 + 2);
        // Whole-number ticks only.
        assert!(!svg.contains(">0.5<") && !svg.contains(">2.5<"), "{svg}");
        let svg = median_p90(
            "c2",
            "Time to resolve",
            &labels,
            &[(Some(10.0), Some(50.0), 4), (None, None, 0)],
        );
        assert!(svg.contains("n=4"));
        assert!(svg.contains("median 10 min (n=4)"));
        assert!(svg.contains(">50 min</text>"), "{svg}");
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
