//! Trends on a real git repository: action items ticked `[ ]` → `[x]` in
//! commits on different dates get `done_at` from history, and
//! `OUT/trends.json`, `hindsight trends --format json` and `--format csv`
//! carry the same numbers.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// 2022-01-01T01:00:00Z: ages and overdue items count from this day.
const AS_OF_EPOCH: &str = "1640998800";

fn certs(rotate: bool, alert: bool) -> String {
    let x = |b: bool| if b { "x" } else { " " };
    include_str!("../fixtures/integration/trends/expired-certificate.md")
        .replace("{rotate}", x(rotate))
        .replace("{alert}", x(alert))
}

const QUEUE: &str = include_str!("../fixtures/integration/trends/queue-backlog.md");

fn run(repo: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(args)
        .arg("--repo")
        .arg(repo)
        .current_dir(std::env::temp_dir())
        .env("SOURCE_DATE_EPOCH", AS_OF_EPOCH)
        .output()
        .expect("run hindsight");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture() -> TestRepo {
    let r = TestRepo::new();
    let path = "postmortems/2021-02-27-certs.md";
    r.write(path, certs(false, false));
    r.commit("Add certificate postmortem", ALICE_OLD, T0); // 2021-03-01
    r.write(path, certs(true, false));
    r.commit("Tick rotation", BOB, T0 + 5 * DAY); // 2021-03-06
    r.write(path, certs(true, true));
    r.commit("Tick alert", CAROL, T0 + 10 * DAY); // 2021-03-11
                                                  // Unticked again (it was not really done), then ticked for good.
    r.write(path, certs(false, true));
    r.commit("Untick rotation", BOB, T0 + 12 * DAY);
    r.write(path, certs(true, true));
    r.commit("Rotation done", BOB, T0 + 15 * DAY); // 2021-03-16
    r.write("postmortems/2021-06-10-queue.md", QUEUE);
    r.commit("Add queue postmortem", CAROL, T0 + 100 * DAY); // 2021-06-09
    r
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn done_at_comes_from_history_and_trends_agree() {
    let r = fixture();
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(
        r.path(),
        &["build", "--quiet", "--out", out.path().to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");

    let pms = export(out.path());
    let certs = by_path(&pms, "postmortems/2021-02-27-certs.md");
    let done_at: Vec<(&str, &Value)> = certs["action_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["text"].as_str().unwrap(), &a["done_at"]))
        .collect();
    assert_eq!(done_at.len(), 3);
    // Ticked on 03-06, unticked, ticked again on 03-16: the last tick counts.
    assert_eq!(done_at[0].1, "2021-03-16", "{done_at:?}");
    assert_eq!(done_at[1].1, "2021-03-11", "{done_at:?}");
    assert_eq!(done_at[2].1, &Value::Null, "{done_at:?}");
    let queue = by_path(&pms, "postmortems/2021-06-10-queue.md");
    assert_eq!(queue["action_items"][0]["done_at"], "2021-06-09");

    let text = std::fs::read_to_string(out.path().join("trends.json")).unwrap();
    let t: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(t["as_of"], "2022-01-01");
    assert_eq!(t["incidents"]["granularity"], "month");
    let periods: Vec<(&str, u64)> = t["incidents"]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        periods,
        [
            ("2021-02", 1),
            ("2021-03", 0),
            ("2021-04", 0),
            ("2021-05", 0),
            ("2021-06", 1)
        ]
    );
    assert_eq!(t["incidents"]["periods"][0]["by_severity"]["SEV1"], 1);
    assert_eq!(t["services"][0]["name"], "api");
    assert_eq!(t["services"][0]["count"], 2);
    let a = &t["action_items"];
    assert_eq!(
        (a["total"].as_u64(), a["open"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        (a["done"].as_u64(), a["done_dated"].as_u64()),
        (Some(3), Some(3))
    );
    // Settled: rotation (late), alert (on time), queue (on time), runbook (overdue).
    assert_eq!(a["due_settled"], 4);
    assert_eq!(a["done_by_due"], 2);
    assert_eq!(a["share_done_by_due"], 0.5);
    assert_eq!(a["overdue"][0]["due"], "2021-12-01");
    assert_eq!(a["overdue"][0]["days_overdue"], 31);
    // The open runbook item is 308 days old (2021-02-27 → 2022-01-01).
    assert_eq!(a["open_age_days"]["median"], 308.0);

    // The page exists, is linked from the nav and draws its charts inline.
    let page = page(out.path(), "trends/index.html");
    assert!(page.contains("<svg class=\"chart\""));
    assert!(page.contains("role=\"img\""));
    assert!(page.contains("write the renewal runbook"));
    assert!(self::page(out.path(), "index.html").contains("trends/index.html"));
    // The postmortem page shows when each item was ticked.
    let pm_page = self::page(out.path(), certs["url"].as_str().unwrap());
    assert!(
        pm_page.contains("<time datetime=\"2021-03-16\""),
        "{pm_page}"
    );

    // `hindsight trends` prints the same numbers.
    let (code, json, stderr) = run(r.path(), &["trends", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json, text);
    let (code, csv, stderr) = run(r.path(), &["trends", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "table,key,series,value");
    for row in [
        "incidents_per_month,2021-02,SEV1,1",
        "incidents_per_month,2021-02,total,1",
        "incidents_per_month,2021-03,total,0",
        "incidents_per_month,2021-06,SEV2,1",
        "services,api,incidents,2",
        "services,db,incidents,1",
        "action_items,all,total,4",
        "action_items,all,open,1",
        "action_items,all,done,3",
        "action_items,all,due_settled,4",
        "action_items,all,done_by_due,2",
        "action_items,all,share_done_by_due,0.5",
        "open_age_days,all,median,308",
        "open_age,181-365 days,open,1",
    ] {
        assert!(rows.contains(&row), "missing {row} in\n{csv}");
    }
    let overdue = rows
        .iter()
        .find(|r| r.starts_with("overdue,"))
        .expect("overdue row");
    assert!(overdue.ends_with(",2021-12-01,31"), "{overdue}");
}

#[test]
fn the_page_lists_the_most_overdue_items_and_the_json_all_of_them() {
    // 130 open items, due on successive days of 2021: more than the page lists.
    let items: String = (0..130)
        .map(|i| {
            let due = day_of_2021(i);
            format!("- [ ] @ops fix thing number {i} (P2, {due})\n")
        })
        .collect();
    let r = TestRepo::new();
    r.write(
        "postmortems/2021-01-01-many.md",
        format!("---\ntitle: Many open items\ndate: 2021-01-01\nseverity: SEV3\n---\n\n## Summary\nLots to do.\n\n## Action Items\n{items}"),
    );
    r.commit("Add", ALICE_OLD, T0);
    let out = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        r.path(),
        &["build", "--quiet", "--out", out.path().to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&page(out.path(), "trends.json")).unwrap();
    let overdue = json["action_items"]["overdue"].as_array().unwrap();
    assert_eq!(overdue.len(), 130);
    let dashboard = page(out.path(), "trends/index.html");
    assert_eq!(dashboard.matches("fix thing number ").count(), 10);
    assert!(dashboard.contains("fix thing number 9<"));
    assert!(
        dashboard.contains("The 10 most overdue of 130 open items past their due date")
            && dashboard.contains("the 100 most overdue on a page of their own"),
        "the dashboard links the longer list"
    );
    let html = page(out.path(), "trends/overdue.html");
    let rows = html.matches("fix thing number ").count();
    assert_eq!(rows, 100, "the page lists the 100 most overdue");
    // Most overdue first: the earliest due dates are on the page.
    assert!(html.contains("fix thing number 0<"));
    assert!(html.contains("fix thing number 99<"));
    assert!(!html.contains("fix thing number 100<"));
    assert!(
        html.contains("The 100 most overdue of 130 open items past their due date"),
        "the page says there are more and where they are"
    );
}

/// `2021-MM-DD` for day `i` (0-based) of 2021's first 150 days.
fn day_of_2021(i: u32) -> String {
    let months = [31, 28, 31, 30, 31];
    let (mut m, mut d) = (0, i);
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("2021-{:02}-{:02}", m + 1, d + 1)
}

/// 2022-02-15T00:00:00Z: "this quarter" is 2022-Q1, the last one 2021-Q4.
const MID_Q1_2022: &str = "1644883200";

/// A postmortem with front matter, a Stats section and action items.
fn dated(title: &str, front: &str, stats: (u32, &str), items: &str) -> String {
    include_str!("../fixtures/integration/trends/dated-with-stats.md")
        .replace("{title}", title)
        .replace("{front}", front)
        .replace("{detection_minutes}", &stats.0.to_string())
        .replace("{resolve}", stats.1)
        .replace("{items}", items)
}

/// Four incidents around the turn of 2021/2022, all committed on
/// 2022-02-04 (so every ticked item is dated that day).
fn quarters_fixture() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "postmortems/2022-01-10-api.md",
        dated(
            "API gateway 502s",
            "date: 2022-01-10\nseverity: SEV1\nservices: [api]\nteam: payments\n",
            (10, "2 hours"),
            "- [x] @bob add a canary (P1, 2022-02-10)\n- [ ] @carol write the runbook for the gateway on-call rotation (P2, 2022-02-01)\n",
        ),
    );
    r.write(
        "postmortems/2022-02-03-db.md",
        dated(
            "Replica lag on the API's database",
            "date: 2022-02-03\nseverity: SEV2\nservices: [api, db]\n",
            (30, "3000 minutes"),
            "- [x] @dan cap the batch size (P1, 2022-01-31)\n",
        ),
    );
    r.write(
        "postmortems/2021-11-20-db.md",
        dated(
            "Disk full on the primary",
            "date: 2021-11-20\nseverity: SEV1\nservices: [db]\nteam: storage\n",
            (20, "60 minutes"),
            "",
        ),
    );
    r.write(
        "postmortems/2021-08-01-api.md",
        dated(
            "Slow API in August",
            "date: 2021-08-01\nseverity: SEV3\nservices: [api]\n",
            (5, "15 minutes"),
            "",
        ),
    );
    r.commit("Add postmortems", ALICE_OLD, T0 + 340 * DAY); // 2022-02-04
    r
}

fn build_at(repo: &Path, epoch: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["build", "--quiet", "--out"])
        .arg(out.path())
        .arg("--repo")
        .arg(repo)
        .current_dir(std::env::temp_dir())
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("run hindsight");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// The text of every `<dd class="kpi-…">` of a page, in order.
fn kpis(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<dd class="kpi-(?:value|change)">([^<]*)</dd>"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

#[test]
fn the_headline_compares_this_quarter_with_the_last() {
    let r = quarters_fixture();
    let out = build_at(r.path(), MID_Q1_2022);
    let t: Value = serde_json::from_str(&page(out.path(), "trends.json")).unwrap();
    let h = &t["headline"];
    assert_eq!(h["quarter"], "2022-Q1");
    assert_eq!(h["previous_quarter"], "2021-Q4");
    assert_eq!(
        h["incidents"],
        serde_json::json!({"now": 2, "previous": 1, "direction": "up"})
    );
    // Detect: median of 10 and 30 against 20. Resolve: of 120 and 3000 against 60.
    assert_eq!(h["minutes_to_detect"]["now"], 20.0);
    assert_eq!(h["minutes_to_detect"]["direction"], "same");
    assert_eq!(h["minutes_to_resolve"]["now"], 1560.0);
    assert_eq!(h["minutes_to_resolve"]["previous"], 60.0);
    assert_eq!(h["minutes_to_resolve"]["direction"], "up");
    // Settled: the canary (on time), the runbook (overdue), the batch size (late).
    assert_eq!(
        h["done_on_time"],
        serde_json::json!({"share": 0.333, "done_by_due": 1, "due_settled": 3})
    );
    assert_eq!(h["overdue"], 1);
    let records = t["records"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    let teams: Vec<&Value> = records.iter().map(|r| &r["team"]).collect();
    assert!(teams.contains(&&Value::from("payments")), "{teams:?}");
    assert!(teams.contains(&&Value::from("storage")), "{teams:?}");

    // The page shows them first, in words and human units.
    let html = page(out.path(), "trends/index.html");
    let glance = html.find("2022-Q1 at a glance").expect("headline");
    assert!(
        glance < html.find("id=\"h-incidents\"").unwrap(),
        "headline first"
    );
    assert_eq!(
        kpis(&html),
        [
            "2",
            "↑ 1 more than in 2021-Q4 (1)",
            "20 min",
            "= the same as in 2021-Q4 (20 min)",
            "1 d 2 h",
            "↑ slower than in 2021-Q4 (1 h)",
            "33%",
            "1 of 3 with a settled due date",
            "1",
            "open past their due date",
        ]
    );
    // Duration tables in human units, never raw minutes.
    // 2022-Q1 resolve p90: 120 + 0.9 × (3000 − 120) = 2712 minutes.
    assert!(html.contains("<td class=\"num\">1 d 21 h</td>"), "{html}");
    assert!(!html.contains(">2712<") && !html.contains(">1560<"));
    // The filters read trends.json; the page works without them.
    assert!(html.contains("id=\"trend-filters\""));
    assert!(html.contains("static/trends-filter.js"));
    assert!(out.path().join("static/trends-filter.js").exists());
}

#[test]
fn chart_axes_count_in_whole_numbers_and_durations_in_units() {
    let r = quarters_fixture();
    let out = build_at(r.path(), MID_Q1_2022);
    let html = page(out.path(), "trends/index.html");
    let svg = |id: &str| -> String {
        let from = html
            .find(&format!("<svg class=\"chart\" id=\"{id}\""))
            .unwrap();
        let to = from + html[from..].find("</svg>").unwrap();
        html[from..to].to_string()
    };
    let ticks = |svg: &str| -> Vec<String> {
        let re = regex::Regex::new(
            r#"<text class="chart-tick" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]*)</text>"#,
        )
        .unwrap();
        re.captures_iter(svg).map(|c| c[1].to_string()).collect()
    };
    // At most 1 incident a month: 0 and 1, never 0.25 or 0.5.
    assert_eq!(ticks(&svg("chart-incidents")), ["0", "1"]);
    // Resolve p90 is about 2 days: whole hours or days with their unit.
    let resolve = ticks(&svg("chart-resolve"));
    assert!(resolve.len() >= 2, "{resolve:?}");
    for t in &resolve {
        let (n, unit) = t.split_once(' ').unwrap_or_else(|| panic!("{t}"));
        assert!(
            n.parse::<u32>().is_ok() && ["min", "h", "d"].contains(&unit),
            "{t}"
        );
    }
    // Severity series share the badges' classes.
    assert!(svg("chart-incidents").contains("<rect class=\"sev-sev1\""));
}

#[test]
fn each_service_has_a_trends_page_linked_both_ways() {
    let r = quarters_fixture();
    let out = build_at(r.path(), MID_Q1_2022);
    let api = page(out.path(), "trends/services/api.html");
    assert!(api.contains("<h1>Trends: api</h1>"));
    // api: both 2022-Q1 incidents, none in 2021-Q4.
    assert_eq!(kpis(&api)[..2], ["2", "↑ 2 more than in 2021-Q4 (0)"]);
    assert!(api.contains("write the runbook for the gateway"));
    let db = page(out.path(), "trends/services/db.html");
    assert_eq!(kpis(&db)[..2], ["1", "= as many as in 2021-Q4 (1)"]);
    assert!(!db.contains("write the runbook for the gateway"));
    let index = page(out.path(), "trends/index.html");
    assert!(index.contains("<a href=\"services/api.html\">api</a>"));
    let term = page(out.path(), "services/api.html");
    // The root is escaped as any value is ("..&#x2f;").
    assert!(
        term.contains("trends/services/api.html\">Trends for api</a>"),
        "{term}"
    );
}
