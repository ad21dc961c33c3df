//! Bar charts: stacked bars over time and horizontal bars by name.

use std::fmt::Write;

use super::axis::count_axis;
use super::frame::{frame, x_labels_at, Key};
use super::palette::{severity_style, styled_rect, Style};
use super::svg::{esc, open, LEFT, RIGHT, W};

/// Which colours and textures a bar chart's series get.
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
