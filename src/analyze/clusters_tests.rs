use super::*;
use crate::analyze::related;
use crate::parse::parse_file;

fn pm(id: &str, date: &str, category: Option<&str>, cause: &str) -> Postmortem {
    let category = category
        .map(|c| format!("root_cause_category: {c}\n"))
        .unwrap_or_default();
    let md = format!(
        "---\nid: {id}\ntitle: Incident {id}\ndate: {date}\nservices: [payments-gateway]\n{category}---\n\
         ## Summary\nCustomers saw errors on payments-gateway for a while.\n\n\
         ## Impact\nSome customers were affected.\n\n## Root Causes\n{cause}\n\n\
         ## Action Items\n- [ ] @ops add an alert (P1, 2030-01-01)\n"
    );
    parse_file(&format!("{id}.md"), md.as_bytes(), &Default::default()).unwrap()
}

/// Two root-cause families in different words (one member in Korean), and
/// postmortems that share only the service and the template.
fn fixture() -> Vec<Postmortem> {
    vec![
        pm("cert-a", "2023-04-11", Some("Certificate expiry"), "The mTLS client certificate expired because the renewal cron job had silently failed for weeks."),
        pm("cert-b", "2024-06-18", Some("certificate  expiry"), "cert-manager could not renew the client certificate; renewal kept failing silently until the certificate expired."),
        pm("cert-c", "2025-01-02", None, "mTLS client certificate가 만료되었다. cert-manager의 renewal cron job이 몇 주 동안 조용히 실패했기 때문이다."),
        pm("pool-a", "2023-02-01", None, "The database connection pool was exhausted: slow report queries held every pgbouncer connection."),
        pm("pool-b", "2024-02-01", None, "Long transactions from the report job held all database connections, so the pool was exhausted and pgbouncer queued requests."),
        pm("pool-c", "2025-03-01", None, "Database connection pool exhaustion: pgbouncer pool size too small for the report queries after autoscaling."),
        pm("dns", "2023-07-01", None, "A resolver config push removed the forward zone for internal names."),
        pm("disk", "2023-08-01", None, "Log retention was disabled, so the broker disks filled up."),
        pm("queue", "2023-06-01", None, "The consumer group rebalanced in a loop after a broker upgrade changed session timeouts."),
    ]
}

fn cluster_of<'a>(c: &'a Clusters, pms: &[Postmortem], id: &str) -> Option<&'a Cluster> {
    let doc = pms.iter().position(|p| p.id == id)?;
    c.of_doc[doc].map(|k| &c.clusters[k])
}

/// Cluster ids with their members' ids, comparable across corpora.
fn shape(c: &Clusters, pms: &[Postmortem]) -> Vec<(String, Vec<String>)> {
    c.clusters
        .iter()
        .map(|k| {
            let mut ids: Vec<String> = k.members.iter().map(|d| pms[*d].id.clone()).collect();
            ids.sort();
            (k.id.clone(), ids)
        })
        .collect()
}

#[test]
fn families_cluster_and_template_pairs_do_not() {
    let pms = fixture();
    let c = compute(&pms, &related::compute(&pms));
    let cert = cluster_of(&c, &pms, "cert-a").expect("cert-a clustered");
    let pool = cluster_of(&c, &pms, "pool-a").expect("pool-a clustered");
    assert_ne!(cert.id, pool.id);
    for id in ["cert-b", "cert-c"] {
        assert_eq!(
            cluster_of(&c, &pms, id).map(|k| &k.id),
            Some(&cert.id),
            "{id}"
        );
    }
    for id in ["pool-b", "pool-c"] {
        assert_eq!(
            cluster_of(&c, &pms, id).map(|k| &k.id),
            Some(&pool.id),
            "{id}"
        );
    }
    for id in ["dns", "disk", "queue"] {
        assert_eq!(
            cluster_of(&c, &pms, id),
            None,
            "{id}: {:?}",
            shape(&c, &pms)
        );
    }
    // Id of the oldest member; the shared concept's name as the label, in
    // any member's language, with the other languages' names as aliases.
    assert_eq!(cert.id, "cert-a");
    assert_eq!(cert.label, "Certificate expiry");
    assert_eq!(cert.concept.as_deref(), Some("certificate-expiry"));
    assert_eq!(cert.aliases, ["인증서 만료", "証明書の期限切れ"]);
    assert!(!cert.curated);
    assert_eq!(pool.id, "pool-a");
    assert_eq!(pool.label, "Connection pool exhaustion");
    assert!(
        pool.terms
            .iter()
            .any(|t| ["report", "pgbouncer", "queue", "slow", "held"].contains(&t.as_str())),
        "{:?}",
        pool.terms
    );
}

#[test]
fn curated_category_names_a_cluster_no_concept_names() {
    let mut pms = fixture();
    pms.push(pm(
        "k-a",
        "2023-01-01",
        Some("Kestrel blorp"),
        "The zorbulator glommed the frobnitz widgets twice.",
    ));
    pms.push(pm(
        "k-b",
        "2023-02-01",
        Some("kestrel  blorp"),
        "Again the zorbulator glommed frobnitz widgets.",
    ));
    let c = compute(&pms, &related::compute(&pms));
    let k = cluster_of(&c, &pms, "k-a").expect("clustered");
    assert_eq!(k.label, "Kestrel blorp");
    assert!(k.curated && k.concept.is_none());
}

#[test]
fn deterministic_and_stable_when_a_postmortem_is_added() {
    let pms = fixture();
    let before = compute(&pms, &related::compute(&pms));
    assert_eq!(compute(&pms, &related::compute(&pms)), before);

    // A new certificate incident joins its family; the other cluster keeps
    // its id and members.
    let mut more = fixture();
    more.push(pm(
        "cert-d",
        "2026-01-05",
        None,
        "The certificate expired again: the renewal job failed silently.",
    ));
    let after = compute(&more, &related::compute(&more));
    let (b, a) = (shape(&before, &pms), shape(&after, &more));
    let pool_before = b.iter().find(|(id, _)| id == "pool-a").unwrap();
    assert!(a.contains(pool_before), "{a:?}");
    let cert_after = a.iter().find(|(id, _)| id == "cert-a").unwrap();
    assert!(cert_after.1.contains(&"cert-d".to_string()), "{a:?}");

    // An unrelated one changes nothing.
    let mut other = fixture();
    other.push(pm(
        "cdn",
        "2026-02-01",
        None,
        "A CDN purge of every object overloaded the origin servers.",
    ));
    let after = compute(&other, &related::compute(&other));
    assert_eq!(shape(&after, &other), b);
}

#[test]
fn communities_alike_on_average_are_joined_and_others_kept() {
    // Terms 0–3: two authors of one cause share terms 0 and 1 but each
    // adds a word of their own (2, 3); term 4 alone is another cause.
    let vectors = TermVectors {
        vocab: (0..5).map(|t| t.to_string()).collect(),
        docs: vec![
            vec![(0, 0.6), (1, 0.6), (2, 0.53)],
            vec![(0, 0.6), (1, 0.6), (2, 0.53)],
            vec![(0, 0.6), (1, 0.6), (3, 0.53)],
            vec![(0, 0.6), (1, 0.6), (3, 0.53)],
            vec![(4, 1.0)],
            vec![(4, 1.0)],
        ],
    };
    let groups = vec![vec![0, 1], vec![2, 3], vec![4, 5]];
    assert_eq!(
        merge_alike(groups, &vectors),
        [vec![0, 1, 2, 3], vec![4, 5]]
    );
    let apart = vec![vec![0, 1], vec![4, 5]];
    assert_eq!(merge_alike(apart.clone(), &vectors), apart);
}
