//! Quantiles as the trends compute them (and the Trends page's filters in
//! the browser, `site-theme/static/trends-filter.js`).

/// The value at quantile `q` (0..1) by linear interpolation between the
/// closest ranks (numpy's default), rounded to 0.1. `values` need not be sorted.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    let x = v[lo] + (h - lo as f64) * (v[hi] - v[lo]);
    Some((x * 10.0).round() / 10.0)
}
