//! Long lists are cut into pages (`list_page_size`): the first page keeps
//! its address, later pages are real files linked by a pager that needs no
//! script, and every postmortem of a list is on exactly one of its pages.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

const SERVICES: [&str; 3] = ["gateway", "ledger", "search"];

/// `n` postmortems, each with a timeline (so each gets a wheel page) and
/// a severity, service and year that vary; every sixth shares a root
/// cause with the others (a few, so their words stay distinctive) to form
/// a root-cause cluster.
fn repo(n: usize, page_size: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "hindsight.toml",
        format!("title = \"KB\"\nlist_page_size = {page_size}\n"),
    );
    for i in 0..n {
        let (year, month, day) = (2021 + i % 3, 1 + i % 12, 1 + i % 27);
        let date = format!("{year}-{month:02}-{day:02}");
        let cause = if i % 6 == 0 {
            "The gateway TLS certificate expired because cert-manager renewal failed silently after the issuer lost its Vault role.".to_string()
        } else {
            format!("Topic{i} word{i} changed: the queue{i} consumer{i} stalled on batch{i}.")
        };
        r.write(
            &format!("postmortems/{date}-incident-{i:03}.md"),
            include_str!("../fixtures/integration/list_pages/numbered-incident.md")
                .replace("{i}", &i.to_string())
                .replace("{date}", &date)
                .replace("{sev}", &(1 + i % 3).to_string())
                .replace("{svc}", SERVICES[i % 3])
                .replace("{cause}", &cause),
        );
    }
    r.commit("postmortems", BOB, 1_710_000_000);
    r
}

/// `href` on the page at `url`, as a path relative to the site root
/// (`None` when it climbs out of the site).
fn resolve(url: &str, href: &str) -> Option<String> {
    let dir = Path::new(url).parent().unwrap_or(Path::new(""));
    let file = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<String> = Vec::new();
    for c in dir.join(file).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    Some(parts.join("/"))
}

/// The pages of the list starting at `first`, following `rel="next"`;
/// checks every relative link on them leads to a built file.
fn walk(out: &Path, first: &str) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut url = first.to_string();
    loop {
        let html = page(out, &url);
        for h in hrefs(&html) {
            if h.contains("://") || h.starts_with('#') {
                continue;
            }
            let link = resolve(&url, &h).unwrap_or_else(|| panic!("{url}: {h} leaves the site"));
            assert!(out.join(&link).is_file(), "{url}: broken link {h}");
        }
        let next = html
            .split("<a rel=\"next\" href=\"")
            .nth(1)
            .and_then(|r| r.split_once('"'))
            .map(|(h, _)| unescape(h));
        pages.push((url.clone(), html));
        let Some(next) = next else { break };
        url = resolve(&url, &next).unwrap();
        assert!(pages.len() < 100, "the pager loops at {url}");
    }
    pages
}

/// What the links that start with `marker` (`<h3><a href="`: cards) on
/// the page at `url` lead to, relative to the site root.
fn listed(url: &str, html: &str, marker: &str) -> Vec<String> {
    html.split(marker)
        .skip(1)
        .filter_map(|r| r.split_once('"'))
        .map(|(h, _)| resolve(url, &unescape(h)).unwrap())
        .collect()
}

#[test]
fn long_lists_are_cut_into_linked_pages_holding_each_postmortem_once() {
    let r = repo(11, "3");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = build(r.path(), &out, &["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    assert_eq!(pms.len(), 11);

    // Each list's postmortems, from the export.
    let mut lists: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for pm in pms.values() {
        let url = pm["url"].as_str().unwrap().to_string();
        let sev = pm["severity"].as_str().unwrap().to_lowercase();
        lists
            .entry(format!("severities/{sev}.html"))
            .or_default()
            .insert(url.clone());
        for s in strs(&pm["services"]) {
            lists
                .entry(format!("services/{s}.html"))
                .or_default()
                .insert(url.clone());
        }
        lists
            .entry("tags/paged.html".into())
            .or_default()
            .insert(url.clone());
    }
    assert_eq!(lists["tags/paged.html"].len(), 11);
    for (first, want) in &lists {
        let pages = walk(&out, first);
        assert_eq!(pages.len(), want.len().div_ceil(3), "{first}: page count");
        let mut seen = Vec::new();
        for (url, html) in &pages {
            let cards = listed(url, html, "<h3><a href=\"");
            assert!(cards.len() <= 3, "{url}: {} cards", cards.len());
            seen.extend(cards);
        }
        let unique: BTreeSet<String> = seen.iter().cloned().collect();
        assert_eq!(unique.len(), seen.len(), "{first}: a postmortem twice");
        assert_eq!(&unique, want, "{first}: the pages hold the list");
    }

    // The eleven-item list: four pages, the address scheme, the pager.
    let tag = walk(&out, "tags/paged.html");
    let urls: Vec<&str> = tag.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        urls,
        [
            "tags/paged.html",
            "tags/paged/page/2.html",
            "tags/paged/page/3.html",
            "tags/paged/page/4.html"
        ]
    );
    let second = unescape(&tag[1].1);
    assert!(second.contains("<link rel=\"prev\" href=\"../../../tags/paged.html\">"));
    assert!(second.contains("<link rel=\"next\" href=\"../../../tags/paged/page/3.html\">"));
    assert!(second.contains("aria-current=\"page\">2</a>"), "{second}");
    assert!(second.contains("4–6 of 11"), "{second}");
    assert!(!tag[0].1.contains("rel=\"prev\""));
    assert!(!tag[3].1.contains("rel=\"next\""));
    // A short list has one page and no pager.
    let one = page(&out, "years/index.html");
    assert!(!one.contains("class=\"pager\""));

    // The Wheel of Misfortune's list: every wheel page once.
    let wheel = walk(&out, "wheel/index.html");
    assert_eq!(wheel.len(), 4, "11 incidents with a timeline, 3 a page");
    assert_eq!(wheel[1].0, "wheel/page/2.html");
    let slots: Vec<String> = wheel
        .iter()
        .flat_map(|(url, html)| {
            html.split("<li><a href=\"")
                .skip(1)
                .filter(|r| {
                    r.split_once('>')
                        .is_some_and(|(a, _)| a.ends_with("data-wheel"))
                })
                .map(|r| resolve(url, &unescape(r.split_once('"').unwrap().0)).unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let unique: BTreeSet<&String> = slots.iter().collect();
    assert_eq!((slots.len(), unique.len()), (11, 11), "{slots:?}");
    assert!(unique.iter().all(|s| s.starts_with("wheel/")));
}

#[test]
fn a_root_cause_cluster_runs_over_pages_with_its_chart_on_the_first() {
    // Three of sixteen share a cause: a cluster of three, two a page.
    let r = repo(16, "2");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = build(r.path(), &out, &["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pms = export(&out);
    let cluster_of = |p: &serde_json::Value| {
        p["cluster"]["id"]
            .as_str()
            .map(|id| format!("root-causes/{id}.html"))
    };
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    for url in pms.values().filter_map(cluster_of) {
        *sizes.entry(url).or_default() += 1;
    }
    let (biggest, &members) = sizes
        .iter()
        .max_by_key(|(_, n)| **n)
        .expect("a root-cause cluster");
    let pages = walk(&out, biggest);
    assert!(members > 2, "the cluster needs two pages: {members}");
    assert_eq!(pages.len(), members.div_ceil(2));
    let seen: usize = pages
        .iter()
        .map(|(u, h)| listed(u, h, "<h3><a href=\"").len())
        .sum();
    assert_eq!(seen, members);
    // Its chart is about the whole cluster: on the first page only.
    assert!(pages[0].1.contains("chart-cluster"));
    assert!(!pages[1].1.contains("chart-cluster"));
}

#[test]
fn fewer_postmortems_leave_no_stale_pages_and_builds_are_repeatable() {
    let r = repo(11, "3");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(build(r.path(), &out, &["-q"]).code, 0);
    assert!(out.join("tags/paged/page/4.html").is_file());
    // A larger page size: the later pages go.
    r.write("hindsight.toml", "title = \"KB\"\nlist_page_size = 5\n");
    r.commit("bigger pages", BOB, 1_710_000_100);
    assert_eq!(build(r.path(), &out, &["-q"]).code, 0);
    assert!(out.join("tags/paged/page/3.html").is_file());
    assert!(!out.join("tags/paged/page/4.html").exists());
    let cold = dir.path().join("cold");
    assert_eq!(build(r.path(), &cold, &["-q", "--no-cache"]).code, 0);
    assert_same_tree(&out, &cold);
}

#[test]
fn a_page_size_of_zero_is_refused_where_it_is_written() {
    let r = repo(2, "0");
    let dir = tempfile::tempdir().unwrap();
    let run = build(r.path(), &dir.path().join("public"), &["-q"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("hindsight.toml:2"),
        "names the line: {}",
        run.stderr
    );
}
