//! Trends on a real git repository: action items ticked `[ ]` → `[x]` in
//! commits on different dates get `done_at` from history, and
//! `OUT/trends.json`, `hindsight trends --format json` and `--format csv`
//! carry the same numbers.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// 2022-01-01T01:00:00Z: ages and overdue items count from this day.
const AS_OF_EPOCH: &str = "1640998800";

fn certs(rotate: bool, alert: bool) -> String {
    let x = |b: bool| if b { "x" } else { " " };
    format!(
        "---\ntitle: Expired certificate on the API gateway\ndate: 2021-02-27\nseverity: SEV1\nservices: [api]\n---\n\n## Summary\nThe gateway certificate expired.\n\n## Action Items\n- [{}] @bob rotate certificates automatically (P1, 2021-03-10)\n- [{}] @carol add an expiry alert (P2, 2021-03-15)\n- [ ] @alice write the renewal runbook (P3, 2021-12-01)\n",
        x(rotate),
        x(alert)
    )
}

const QUEUE: &str = "---\ntitle: Queue backlog in billing\ndate: 2021-06-10\nseverity: SEV2\nservices: [api, db]\n---\n\n## Summary\nThe billing queue backed up.\n\n## Action Items\n- [x] @dan cap the batch size (P1, 2021-07-01)\n";

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
    let html = page(out.path(), "trends/index.html");
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
