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

mod axis;
mod bars;
mod frame;
mod heatmap;
mod lines;
mod palette;
mod svg;

pub use axis::{count_axis, minutes_axis, nice_max, short_minutes, Axis};
pub use bars::{hbars, stacked_bars, Palette};
pub use heatmap::heatmap;
pub use lines::{median_p90, Point};
pub use palette::{severity_style, Style};

#[cfg(test)]
mod tests {
    use super::*;

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
