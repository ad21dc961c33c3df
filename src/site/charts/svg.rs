//! The drawing's frame of reference and the two pieces every chart writes:
//! escaped text and the opening `<svg>` tag with its title and description.

/// Width of every drawing, in drawing units.
pub(super) const W: f64 = 400.0;
/// Height of a chart with a one-row legend.
pub(super) const H: f64 = 250.0;
/// Room left of the plot for the value labels.
pub(super) const LEFT: f64 = 50.0;
/// Room right of the plot.
pub(super) const RIGHT: f64 = 8.0;
/// Room under the plot for the x labels and the axis title.
pub(super) const BOTTOM: f64 = 40.0;
/// Height of one legend row.
pub(super) const LEGEND_ROW: f64 = 18.0;
/// Average width of a character of chart text, in drawing units.
pub(super) const CHAR_W: f64 = 7.4;

pub(super) use crate::site::escape::html as esc;

/// The opening tag of a chart `h` high, with its title and description.
pub(super) fn open(id: &str, h: f64, title: &str, desc: &str) -> String {
    format!(
        r#"<svg class="chart" id="{id}" viewBox="0 0 {W} {h:.0}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    )
}
