//! How series look: a CSS class for the colour and a texture each, so a
//! series reads the same with colour and without.

use std::fmt::Write;

use super::svg::esc;

/// How one series looks: a colour class and a texture.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// CSS class that gives the series its colour (`sev-sev1`, `sev-other`, …).
    pub class: String,
    /// Index of the fill texture (solid, diagonal, dots, …), so series differ without colour.
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
pub(super) fn textures(id: &str, styles: &[Style]) -> String {
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
pub(super) fn styled_rect(id: &str, st: &Style, geometry: &str, title: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
