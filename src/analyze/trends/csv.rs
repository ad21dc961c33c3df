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

/// The rows of the CSV, in the order they are written.
#[derive(Default)]
struct Rows(Vec<[String; 4]>);

impl Rows {
    fn row(&mut self, table: &str, key: &str, series: &str, value: String) {
        self.0
            .push([table.into(), key.into(), series.into(), value]);
    }

    fn into_csv(self) -> String {
        let mut out = String::from("table,key,series,value\n");
        for r in self.0 {
            let fields: Vec<String> = r.iter().map(|f| csv_field(f)).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }
}

/// The same numbers as CSV, one number a row: `table,key,series,value`
/// (empty value when a median or share is unknown).
pub fn to_csv(t: &Trends) -> String {
    let mut rows = Rows::default();
    headline(&mut rows, &t.headline);
    incidents(&mut rows, &t.incidents);
    durations(&mut rows, &t.durations);
    for s in &t.services {
        rows.row("services", &s.name, "incidents", s.count.to_string());
    }
    action_items(&mut rows, &t.action_items);
    for r in &t.recurring {
        rows.row("recurring", &r.id, &r.recurrence_of, r.score.to_string());
    }
    clusters(&mut rows, &t.clusters);
    rows.into_csv()
}

fn headline(rows: &mut Rows, h: &super::Headline) {
    for (key, quarter) in [("now", &h.quarter), ("previous", &h.previous_quarter)] {
        rows.row("headline", "quarter", key, quarter.clone());
    }
    let count = |v: Option<usize>| v.map_or(String::new(), |n| n.to_string());
    rows.row("headline", "incidents", "now", count(h.incidents.now));
    rows.row(
        "headline",
        "incidents",
        "previous",
        count(h.incidents.previous),
    );
    for (key, c) in [
        ("minutes_to_detect", h.minutes_to_detect),
        ("minutes_to_resolve", h.minutes_to_resolve),
    ] {
        rows.row("headline", key, "now", num(c.now));
        rows.row("headline", key, "previous", num(c.previous));
    }
    rows.row(
        "headline",
        "done_on_time",
        "share",
        num(h.done_on_time.share),
    );
    rows.row("headline", "overdue", "open", h.overdue.to_string());
}

fn incidents(rows: &mut Rows, i: &super::Incidents) {
    let table = format!("incidents_per_{}", i.granularity);
    for p in &i.periods {
        for (sev, n) in &p.by_severity {
            rows.row(&table, &p.period, sev, n.to_string());
        }
        rows.row(&table, &p.period, "total", p.total.to_string());
    }
    rows.row(&table, "undated", "total", i.undated.to_string());
}

fn durations(rows: &mut Rows, quarters: &[super::DurationPoint]) {
    for d in quarters {
        for (table, s) in [
            ("minutes_to_detect", d.detect),
            ("minutes_to_resolve", d.resolve),
        ] {
            rows.row(table, &d.quarter, "count", s.count.to_string());
            rows.row(table, &d.quarter, "median", num(s.median));
            rows.row(table, &d.quarter, "p90", num(s.p90));
        }
    }
}

fn action_items(rows: &mut Rows, a: &super::FollowThrough) {
    for (k, v) in [
        ("total", a.total),
        ("open", a.open),
        ("done", a.done),
        ("done_dated", a.done_dated),
        ("due_settled", a.due_settled),
        ("done_by_due", a.done_by_due),
    ] {
        rows.row("action_items", "all", k, v.to_string());
    }
    rows.row(
        "action_items",
        "all",
        "share_done_by_due",
        num(a.share_done_by_due),
    );
    let age = &a.open_age_days;
    rows.row("open_age_days", "all", "count", age.count.to_string());
    rows.row("open_age_days", "all", "median", num(age.median));
    rows.row("open_age_days", "all", "p90", num(age.p90));
    for b in &a.open_age {
        rows.row("open_age", &b.name, "open", b.count.to_string());
    }
    for o in &a.overdue {
        let key = format!("{}: {}", o.id, o.text);
        rows.row("overdue", &key, &o.due, o.days_overdue.to_string());
    }
}

fn clusters(rows: &mut Rows, cl: &super::ClusterTrends) {
    let table = format!("clusters_per_{}", cl.granularity);
    for c in &cl.clusters {
        for (period, n) in cl.periods.iter().zip(&c.counts) {
            rows.row(&table, &c.id, period, n.to_string());
        }
        rows.row("clusters", &c.id, "label", c.label.clone());
        rows.row("clusters", &c.id, "total", c.total.to_string());
        let recent = c.last_12_months.to_string();
        rows.row("clusters", &c.id, "last_12_months", recent);
        let before = c.previous_12_months.to_string();
        rows.row("clusters", &c.id, "previous_12_months", before);
        rows.row("clusters", &c.id, "rising", c.rising.to_string());
    }
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
