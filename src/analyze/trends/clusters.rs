//! Root-cause clusters over time: incidents of each cluster per quarter (per
//! year when the data spans more than [`MAX_QUARTERS`] quarters), and the
//! clusters that are rising: more incidents in the last 12 months before
//! "as of" than in the 12 months before that.

use super::dates::date;
use crate::analyze::clusters::Clusters;
use crate::model::Postmortem;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Up to this many quarters are shown per quarter, beyond per year.
pub const MAX_QUARTERS: i32 = 40;
/// A rising cluster has at least this many incidents in the last 12 months…
pub const RISING_MIN: usize = 3;
/// …and at least this many times as many as in the 12 months before.
pub const RISING_FACTOR: usize = 2;

/// Clusters over time.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ClusterTrends {
    /// `quarter` (`2024-Q1`) or `year` (`2024`).
    pub granularity: &'static str,
    /// Every period from the first dated incident to the last.
    pub periods: Vec<String>,
    /// Every cluster, in the clusters' order (largest first).
    pub clusters: Vec<ClusterSeries>,
}

/// One cluster's incidents per period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClusterSeries {
    /// The cluster's stable id (the id of its oldest member).
    pub id: String,
    /// The cluster's human-readable label.
    pub label: String,
    /// All the cluster's postmortems, dated or not.
    pub total: usize,
    /// Dated incidents per period of [`ClusterTrends::periods`].
    pub counts: Vec<usize>,
    /// Incidents in the 12 months up to "as of".
    pub last_12_months: usize,
    /// Incidents in the 12 months before those.
    pub previous_12_months: usize,
    /// The recent count is high enough, and enough higher than the 12 months before.
    pub rising: bool,
}

/// Computes the series; `as_of` ends the rising window.
pub fn compute(pms: &[Postmortem], clusters: &Clusters, as_of: NaiveDate) -> ClusterTrends {
    // A draft counts in no period (see `super::compute`).
    let dates: Vec<Option<NaiveDate>> = pms
        .iter()
        .map(|p| date(p.date.as_deref()).filter(|_| !p.is_draft()))
        .collect();
    let (Some(first), Some(last)) = (
        dates.iter().flatten().min().copied(),
        dates.iter().flatten().max().copied(),
    ) else {
        return ClusterTrends {
            granularity: "quarter",
            ..Default::default()
        };
    };
    let quarter = |d: NaiveDate| d.year() * 4 + d.month0() as i32 / 3;
    let by_quarter = quarter(last) - quarter(first) < MAX_QUARTERS;
    let key = |d: NaiveDate| {
        if by_quarter {
            quarter(d)
        } else {
            d.year()
        }
    };
    let k0 = key(first);
    let periods: Vec<String> = (k0..=key(last))
        .map(|k| {
            if by_quarter {
                format!("{}-Q{}", k.div_euclid(4), k.rem_euclid(4) + 1)
            } else {
                k.to_string()
            }
        })
        .collect();
    let year = chrono::Duration::days(365);
    let series = clusters
        .clusters
        .iter()
        .map(|c| {
            let mut counts = vec![0; periods.len()];
            let (mut recent, mut previous) = (0, 0);
            for d in c.members.iter().filter_map(|&doc| dates[doc]) {
                counts[(key(d) - k0) as usize] += 1;
                if d <= as_of && d > as_of - year {
                    recent += 1;
                } else if d <= as_of - year && d > as_of - year - year {
                    previous += 1;
                }
            }
            ClusterSeries {
                id: c.id.clone(),
                label: c.label.clone(),
                total: c.members.len(),
                counts,
                last_12_months: recent,
                previous_12_months: previous,
                rising: recent >= RISING_MIN && recent >= RISING_FACTOR * previous,
            }
        })
        .collect();
    ClusterTrends {
        granularity: if by_quarter { "quarter" } else { "year" },
        periods,
        clusters: series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::clusters::Cluster;

    fn pm(id: &str, date: &str) -> Postmortem {
        let md = format!("---\ntitle: {id}\ndate: {date}\n---\n## Summary\nx\n");
        let mut p =
            crate::parse::parse_file(&format!("{id}.md"), md.as_bytes(), &Default::default())
                .unwrap();
        p.id = id.into();
        p
    }

    #[test]
    fn counts_per_quarter_and_rising() {
        let pms = vec![
            pm("a", "2023-01-10"),
            pm("b", "2024-05-01"),
            pm("c", "2024-06-01"),
            pm("d", "2024-07-01"),
            pm("e", "2023-02-01"),
            pm("f", "2023-03-01"),
        ];
        let clusters = Clusters {
            clusters: vec![
                Cluster {
                    id: "a".into(),
                    label: "rising".into(),
                    curated: false,
                    concept: None,
                    aliases: vec![],
                    terms: vec![],
                    members: vec![0, 1, 2, 3],
                },
                Cluster {
                    id: "e".into(),
                    label: "old".into(),
                    curated: false,
                    concept: None,
                    aliases: vec![],
                    terms: vec![],
                    members: vec![4, 5],
                },
            ],
            of_doc: vec![Some(0), Some(0), Some(0), Some(0), Some(1), Some(1)],
        };
        let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        let t = compute(&pms, &clusters, as_of);
        assert_eq!(t.granularity, "quarter");
        assert_eq!(t.periods.first().map(String::as_str), Some("2023-Q1"));
        assert_eq!(t.periods.last().map(String::as_str), Some("2024-Q3"));
        assert_eq!(t.periods.len(), 7);
        let a = &t.clusters[0];
        assert_eq!(a.counts, vec![1, 0, 0, 0, 0, 2, 1]);
        assert_eq!((a.last_12_months, a.previous_12_months), (3, 1));
        assert!(a.rising);
        let e = &t.clusters[1];
        assert_eq!(e.counts, vec![2, 0, 0, 0, 0, 0, 0]);
        assert!(!e.rising);
    }
}
