//! What charts with a value axis share: the legend, the grid with its
//! labels, the axis titles and the thinned x labels.

use std::fmt::Write;

use super::axis::Axis;
use super::palette::{styled_rect, textures, Style};
use super::svg::{esc, open, BOTTOM, CHAR_W, H, LEFT, LEGEND_ROW, RIGHT, W};

/// One legend entry: its name, its style and whether it is a line.
pub(super) struct Key<'a> {
    pub(super) name: &'a str,
    pub(super) style: Style,
    pub(super) line: bool,
}

/// Legend rows along the top, wrapping at the chart's width; returns the
/// y where the plot starts below them.
pub(super) fn legend(s: &mut String, id: &str, items: &[Key<'_>]) -> f64 {
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
pub(super) fn legend_rows(items: &[Key<'_>]) -> usize {
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
pub(super) struct Plot {
    pub(super) top: f64,
    pub(super) base: f64,
    pub(super) axis: Axis,
}

impl Plot {
    /// The y of a value.
    pub(super) fn y(&self, v: f64) -> f64 {
        self.base - (self.base - self.top) * v / self.axis.max
    }
}

/// Opening tag, title, description, legend, y grid with labels, axis
/// titles; returns the plot area.
pub(super) fn frame(
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
pub(super) fn x_labels_at(s: &mut String, labels: &[String], left: f64, width: f64, y: f64) {
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
