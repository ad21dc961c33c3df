//! Root-cause clusters on a real git repository: the same root cause written
//! by different authors (one in Korean) forms one cluster with a stable id
//! and the curated label; postmortems that only share the service and the
//! template stay unclustered; the clusters' pages, `cluster` in
//! postmortems.json and the clusters over time in trends.json agree; adding
//! a postmortem keeps the other clusters' pages; a cluster has one label
//! in its page, `review`, trends.json and the CSV.

use crate::common::*;
use std::path::Path;

fn doc(id: &str, date: &str, category: Option<&str>, cause: &str) -> String {
    let category = category
        .map(|c| format!("root_cause_category: {c}\n"))
        .unwrap_or_default();
    format!(
        "---\nid: {id}\ntitle: Incident {id}\ndate: {date}\nseverity: SEV2\nservices: [payments-gateway]\n{category}---\n\n\
         ## Summary\nCustomers saw errors on payments-gateway for a while.\n\n\
         ## Impact\nSome customers were affected.\n\n## Root Causes\n{cause}\n\n\
         ## Action Items\n- [ ] @ops add an alert (P1, 2030-01-01)\n"
    )
}

const DOCS: &[(&str, &str, Option<&str>, &str)] = &[
    ("cert-2023", "2023-04-11", Some("Certificate expiry"), "The mTLS client certificate expired because the renewal cron job had silently failed for weeks."),
    ("cert-2024", "2024-06-18", Some("certificate expiry"), "cert-manager could not renew the client certificate; renewal kept failing silently until the certificate expired."),
    ("cert-2025-ko", "2025-01-02", None, "mTLS client certificate가 만료되었다. cert-manager의 renewal cron job이 몇 주 동안 조용히 실패했기 때문이다."),
    ("pool-2023", "2023-02-01", None, "The database connection pool was exhausted: slow report queries held every pgbouncer connection."),
    ("pool-2024", "2024-02-01", None, "Long transactions from the report job held all database connections, so the pool was exhausted and pgbouncer queued requests."),
    ("dns-2023", "2023-07-01", None, "A resolver config push removed the forward zone for internal names."),
    ("disk-2023", "2023-08-01", None, "Log retention was disabled, so the broker disks filled up."),
];

fn repo() -> TestRepo {
    let r = TestRepo::new();
    for (i, (id, date, cat, cause)) in DOCS.iter().enumerate() {
        r.write(&format!("postmortems/{id}.md"), doc(id, date, *cat, cause));
        r.commit(&format!("Add {id}"), BOB, T0 + i as i64 * DAY);
    }
    r
}

fn cluster_id(
    pms: &std::collections::BTreeMap<String, serde_json::Value>,
    id: &str,
) -> Option<String> {
    pms[id]["cluster"]["id"].as_str().map(String::from)
}

/// Root-cause pages by file name.
fn cluster_pages(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.join("root-causes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn clusters_pages_json_and_trends_agree() {
    let r = repo();
    let out = tempfile::tempdir().unwrap();
    let run = build(r.path(), out.path(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let pms = export(out.path());
    for id in ["cert-2023", "cert-2024", "cert-2025-ko"] {
        assert_eq!(cluster_id(&pms, id).as_deref(), Some("cert-2023"), "{id}");
        assert_eq!(pms[id]["cluster"]["label"], "Certificate expiry", "{id}");
    }
    for id in ["pool-2023", "pool-2024"] {
        assert_eq!(cluster_id(&pms, id).as_deref(), Some("pool-2023"), "{id}");
    }
    for id in ["dns-2023", "disk-2023"] {
        assert!(pms[id]["cluster"].is_null(), "{id}: {}", pms[id]["cluster"]);
        assert!(pms[id]["recurrence_of"].is_null(), "{id}");
    }

    assert_eq!(
        cluster_pages(out.path()),
        ["cert-2023.html", "index.html", "pool-2023.html"]
    );
    let index = page(out.path(), "root-causes/index.html");
    assert!(index.contains("<svg class=\"chart\""), "heatmap");
    let links = hrefs(&index);
    for target in [
        "../root-causes/cert-2023.html",
        "../root-causes/pool-2023.html",
        "../postmortems/dns-2023.html",
    ] {
        assert!(links.contains(&target.to_string()), "{target} in {links:?}");
    }
    let cert = page(out.path(), "root-causes/cert-2023.html");
    assert!(cert.contains("Root cause: Certificate expiry"));
    let listed = hrefs(&cert);
    for id in ["cert-2023", "cert-2024", "cert-2025-ko"] {
        let target = format!("../postmortems/{id}.html");
        assert!(listed.contains(&target), "{id} listed: {listed:?}");
    }
    assert!(!listed.iter().any(|h| h.contains("pool-2023")));
    let member = hrefs(&page(out.path(), "postmortems/cert-2024.html"));
    assert!(
        member.contains(&"../root-causes/cert-2023.html".to_string()),
        "member links its cluster: {member:?}"
    );

    let trends: serde_json::Value = serde_json::from_str(&page(out.path(), "trends.json")).unwrap();
    let series = trends["clusters"]["clusters"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0]["id"], "cert-2023", "largest first");
    assert_eq!(series[0]["total"], 3);
    let counted: u64 = series[0]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(counted, 3);
    assert!(page(out.path(), "trends/index.html").contains("Root-cause clusters over time"));
}

#[test]
fn adding_a_postmortem_keeps_other_clusters() {
    let r = repo();
    let before = tempfile::tempdir().unwrap();
    assert_eq!(build(r.path(), before.path(), &["--quiet"]).code, 0);

    // A new certificate incident joins its cluster; the pool cluster's page
    // is untouched and no page is renamed.
    r.write(
        "postmortems/cert-2026.md",
        doc(
            "cert-2026",
            "2026-01-05",
            None,
            "The client certificate expired again: the renewal job failed silently.",
        ),
    );
    r.commit("Add cert-2026", CAROL, T0 + 30 * DAY);
    let after = tempfile::tempdir().unwrap();
    assert_eq!(build(r.path(), after.path(), &["--quiet"]).code, 0);
    assert_eq!(cluster_pages(before.path()), cluster_pages(after.path()));
    let pms = export(after.path());
    assert_eq!(cluster_id(&pms, "cert-2026").as_deref(), Some("cert-2023"));
    let pool = |out: &Path| {
        let html = page(out, "root-causes/pool-2023.html");
        let mut members: Vec<String> = hrefs(&html)
            .into_iter()
            .filter(|h| h.contains("postmortems/"))
            .collect();
        members.sort();
        members
    };
    assert_eq!(pool(before.path()), pool(after.path()));
}

/// A cause the built-in lexicon does not know, written in three languages
/// with no word in common.
const SEAMS: &[(&str, &str, &str)] = &[
    (
        "q1-en",
        "2024-03-01",
        "Tile seams appeared along zoom edges once the renderer rounded coordinates.",
    ),
    (
        "q2-ko",
        "2024-05-01",
        "렌더러가 좌표를 반올림하면서 지도 타일 이음매가 보이기 시작했다.",
    ),
    (
        "q3-ja",
        "2024-07-01",
        "レンダラーが座標を丸めたため、地図タイルの継ぎ目が見えるようになった。",
    ),
];

/// [`DOCS`] and [`SEAMS`]: a term in every document of a tiny corpus is
/// too common to link anything.
fn seam_repo(config: &str) -> TestRepo {
    let r = repo();
    r.write("hindsight.toml", config);
    for (i, (id, date, cause)) in SEAMS.iter().enumerate() {
        r.write(&format!("postmortems/{id}.md"), doc(id, date, None, cause));
        r.commit(&format!("Add {id}"), BOB, T0 + (10 + i as i64) * DAY);
    }
    r
}

fn related_ids(pm: &serde_json::Value) -> Vec<String> {
    let links = pm["related"].as_array().cloned().unwrap_or_default();
    links
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_team_concept_from_hindsight_toml_links_languages() {
    let out = tempfile::tempdir().unwrap();
    let run = build(seam_repo("").path(), out.path(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(out.path());
    let ko = related_ids(&pms["q2-ko"]);
    assert!(
        !ko.contains(&"q1-en".to_string()),
        "unlinked without it: {ko:?}"
    );

    let team = "[lexicon.tile-seam]\n\
                en = [\"Tile seam\"]\n\
                ko = [\"타일 이음매\"]\n\
                ja = [\"タイルの継ぎ目\", \"タイル継ぎ目\"]\n";
    let out = tempfile::tempdir().unwrap();
    let run = build(seam_repo(team).path(), out.path(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(out.path());
    for (id, _, _) in SEAMS {
        let related = related_ids(&pms[*id]);
        let others = SEAMS.iter().filter(|(o, _, _)| o != id);
        for (other, _, _) in others {
            assert!(
                related.contains(&other.to_string()),
                "{id} → {other}: {related:?}"
            );
        }
        assert_eq!(pms[*id]["cluster"]["label"], "Tile seam", "{id}");
    }
}

#[test]
fn a_bad_team_concept_stops_the_build_at_its_line() {
    let config = "title = \"x\"\n\n[lexicon.mine]\nen = [\"expired certificate\"]\n";
    let out = tempfile::tempdir().unwrap();
    let run = build(seam_repo(config).path(), out.path(), &["--quiet"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("hindsight.toml:3: concept `mine`")
            && run.stderr.contains("also names `certificate-expiry`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cluster_has_one_label_in_pages_review_trends_and_csv() {
    let r = repo();
    let base = r.repo.head().unwrap().target().unwrap().to_string();
    r.write(
        "postmortems/cert-2026.md",
        doc(
            "cert-2026",
            "2026-03-02",
            None,
            "The client certificate expired again: the cert-manager renewal had failed silently.",
        ),
    );
    r.commit("Add cert-2026", CAROL, T0 + 30 * DAY);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(r.path(), out.path(), &["--quiet"]).code, 0);
    let label = "Certificate expiry";
    let pms = export(out.path());
    assert_eq!(pms["cert-2026"]["cluster"]["label"], label);
    let cluster = pms["cert-2026"]["cluster"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let html = page(out.path(), &format!("root-causes/{cluster}.html"));
    assert!(html.contains(&format!("Root cause: {label}")));
    let trends: serde_json::Value = serde_json::from_str(&page(out.path(), "trends.json")).unwrap();
    let series = trends["clusters"]["clusters"].as_array().unwrap();
    let mine = series.iter().find(|c| c["id"] == cluster.as_str()).unwrap();
    assert_eq!(mine["label"], label);
    let repo_arg = r.path().to_str().unwrap();
    let csv = hindsight(&["trends", "--repo", repo_arg, "--format", "csv"]);
    assert!(
        csv.stdout
            .lines()
            .any(|l| l.contains(&cluster) && l.contains(label)),
        "{}",
        csv.stdout
    );
    let review = hindsight(&[
        "review",
        "--repo",
        repo_arg,
        "--base",
        &base,
        "--as-of",
        "2026-06-01",
    ]);
    assert!(
        review
            .stdout
            .contains(&format!("**Root-cause cluster:** {label}")),
        "{}",
        review.stdout
    );
}
