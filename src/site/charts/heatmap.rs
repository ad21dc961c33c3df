//! Heatmaps: series by column, shaded by count.

use std::fmt::Write;

use super::frame::x_labels_at;
use super::svg::{esc, open, BOTTOM, RIGHT, W};

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
