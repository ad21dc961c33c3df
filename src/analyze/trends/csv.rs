//! The Trends numbers as CSV, one number a row (`hindsight trends --format csv`).

use super::Trends;

/// One CSV cell. Text a spreadsheet would read as a formula (`=`, `+`,
/// `-`, `@`, tab or CR first) gets a leading `'`, as OWASP advises for CSV
/// injection. A number (`-3`) stays a number.
fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| x.to_string())
}

/// The same numbers as CSV, one number a row: `table,key,series,value`
/// (empty value when a median or share is unknown).
pub fn to_csv(t: &Trends) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut row = |table: &str, key: &str, series: &str, value: String| {
        rows.push([table.into(), key.into(), series.into(), value]);
    };
    let h = &t.headline;
    for (key, quarter) in [("now", &h.quarter), ("previous", &h.previous_quarter)] {
        row("headline", "quarter", key, quarter.clone());
    }
    let count = |v: Option<usize>| v.map_or(String::new(), |n| n.to_string());
    row("headline", "incidents", "now", count(h.incidents.now));
    row(
        "headline",
        "incidents",
        "previous",
        count(h.incidents.previous),
    );
    for (key, c) in [
        ("minutes_to_detect", h.minutes_to_detect),
        ("minutes_to_resolve", h.minutes_to_resolve),
    ] {
        row("headline", key, "now", num(c.now));
        row("headline", key, "previous", num(c.previous));
    }
    row(
        "headline",
        "done_on_time",
        "share",
        num(h.done_on_time.share),
    );
    row("headline", "overdue", "open", h.overdue.to_string());
    let incidents = format!("incidents_per_{}", t.incidents.granularity);
    for p in &t.incidents.periods {
        for (sev, n) in &p.by_severity {
            row(&incidents, &p.period, sev, n.to_string());
        }
        row(&incidents, &p.period, "total", p.total.to_string());
    }
    row(
        &incidents,
        "undated",
        "total",
        t.incidents.undated.to_string(),
    );
    for d in &t.durations {
        for (table, s) in [
            ("minutes_to_detect", d.detect),
            ("minutes_to_resolve", d.resolve),
        ] {
            row(table, &d.quarter, "count", s.count.to_string());
            row(table, &d.quarter, "median", num(s.median));
            row(table, &d.quarter, "p90", num(s.p90));
        }
    }
    for s in &t.services {
        row("services", &s.name, "incidents", s.count.to_string());
    }
    let a = &t.action_items;
    for (k, v) in [
        ("total", a.total),
        ("open", a.open),
        ("done", a.done),
        ("done_dated", a.done_dated),
        ("due_settled", a.due_settled),
        ("done_by_due", a.done_by_due),
    ] {
        row("action_items", "all", k, v.to_string());
    }
    row(
        "action_items",
        "all",
        "share_done_by_due",
        num(a.share_done_by_due),
    );
    row(
        "open_age_days",
        "all",
        "count",
        a.open_age_days.count.to_string(),
    );
    row(
        "open_age_days",
        "all",
        "median",
        num(a.open_age_days.median),
    );
    row("open_age_days", "all", "p90", num(a.open_age_days.p90));
    for b in &a.open_age {
        row("open_age", &b.name, "open", b.count.to_string());
    }
    for o in &a.overdue {
        let key = format!("{}: {}", o.id, o.text);
        row("overdue", &key, &o.due, o.days_overdue.to_string());
    }
    for r in &t.recurring {
        row("recurring", &r.id, &r.recurrence_of, r.score.to_string());
    }
    let cl = &t.clusters;
    let table = format!("clusters_per_{}", cl.granularity);
    for c in &cl.clusters {
        for (period, n) in cl.periods.iter().zip(&c.counts) {
            row(&table, &c.id, period, n.to_string());
        }
        row("clusters", &c.id, "label", c.label.clone());
        row("clusters", &c.id, "total", c.total.to_string());
        row(
            "clusters",
            &c.id,
            "last_12_months",
            c.last_12_months.to_string(),
        );
        row(
            "clusters",
            &c.id,
            "previous_12_months",
            c.previous_12_months.to_string(),
        );
        row("clusters", &c.id, "rising", c.rising.to_string());
    }
    let mut out = String::from("table,key,series,value\n");
    for r in rows {
        let fields: Vec<String> = r.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod cell_tests {
    use super::csv_field;

    #[test]
    fn formulas_are_neutralized_numbers_kept() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-2"), "-2");
        assert_eq!(csv_field("-0.5"), "-0.5");
        assert_eq!(csv_field("payments"), "payments");
    }
}
