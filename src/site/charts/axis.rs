//! Value axes: round maxima, whole-number counts, durations in one unit.

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
    /// The value at the top of the axis, at or above the largest value shown.
    pub max: f64,
    /// Each tick's value and its label, bottom first.
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
}
