//! Related incidents on a fixture of same-cause and template-only pairs.

use super::*;
use crate::model::Postmortem;
use crate::parse::parse_file;

fn pm(path: &str, md: &str) -> Postmortem {
    parse_file(path, md.as_bytes(), &Default::default()).unwrap()
}

/// Same root cause in different words (and one in Korean) versus
/// postmortems that only share a service and the template.
fn fixture() -> Vec<Postmortem> {
    let template = |title: &str, cause: &str, date: &str| {
        format!("---\ntitle: {title}\ndate: {date}\nservices: [payments-gateway]\n---\n## Summary\nCustomers saw errors on payments-gateway for a while.\n\n## Impact\nSome customers were affected.\n\n## Root Causes\n{cause}\n\n## Action Items\n- [ ] @ops add an alert (P1, 2030-01-01)\n\n## Lessons Learned\n### What went well\nThe team responded quickly.\n")
    };
    vec![
        pm("a.md", &template("Payments down", "The mTLS client certificate expired because the renewal cron job had silently failed for weeks.", "2023-04-11")),
        pm("b.md", &template("Handshake failures", "cert-manager could not renew the client certificate; renewal kept failing silently until the certificate expired.", "2024-06-18")),
        pm("c.md", &template("결제 장애", "클라이언트 인증서 갱신 작업이 조용히 실패하여 인증서가 만료되었다. certificate renewal expired", "2025-01-02")),
        pm("d.md", &template("Slow checkout", "A database index was dropped by a migration, so queries did full table scans.", "2023-05-01")),
        pm("e.md", &template("Queue backlog", "The consumer group rebalanced in a loop after a broker upgrade changed session timeouts.", "2023-06-01")),
        pm("f.md", &template("DNS outage", "A resolver config push removed the forward zone for internal names.", "2023-07-01")),
        pm("g.md", &template("Disk full", "Log retention was disabled, so the broker disks filled up.", "2023-08-01")),
    ]
}

#[test]
fn recurring_pairs_are_found_template_pairs_are_not() {
    let pms = fixture();
    let r = compute(&pms);
    let top3 = |d: usize| {
        r.related[d]
            .iter()
            .take(3)
            .map(|l| l.doc)
            .collect::<Vec<_>>()
    };
    assert!(top3(0).contains(&1), "{:?}", r.related[0]);
    assert!(top3(1).contains(&0), "{:?}", r.related[1]);
    assert!(
        top3(2).contains(&0) || top3(2).contains(&1),
        "{:?}",
        r.related[2]
    );
    assert_eq!(
        r.recurrence_of[1].map(|l| l.doc),
        Some(0),
        "{:?}",
        r.related[1]
    );
    for d in 3..pms.len() {
        assert_eq!(
            r.recurrence_of[d], None,
            "template-only doc {d}: {:?}",
            r.related[d]
        );
    }
    // Deterministic.
    let again = compute(&pms);
    assert_eq!(format!("{:?}", again.related), format!("{:?}", r.related));
}
