//! `postmortems.json`: the machine-readable export scripts and dashboards
//! read. Its fields are documented in docs/src/json-output.md; add fields,
//! never rename or remove them.

use super::views::page_url;
use crate::analyze::clusters::Clusters;
use crate::analyze::related::Related;
use crate::cache::{memo::Memo, Fingerprint, Hasher};
use crate::model::{
    ActionItem, DateFrom, Level, Origins, Postmortem, Revision, TimelineEntry, Written,
};
use rayon::prelude::*;
use serde::Serialize;

/// Version of the export's shape, bumped only on incompatible changes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Issue<'a> {
    line: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    url: String,
    date: Option<&'a str>,
    severity: Option<&'a str>,
    #[serde(flatten)]
    written: &'a Written,
    summary: Option<&'a str>,
    origins: &'a Origins,
    sections: Vec<&'static str>,
    action_items: &'a [ActionItem],
    timeline: Vec<TimelineOut<'a>>,
    minutes_to_detect: Option<i64>,
    minutes_to_mitigate: Option<i64>,
    minutes_to_resolve: Option<i64>,
    minutes_total: Option<i64>,
    created: Option<&'a str>,
    updated: Option<&'a str>,
    contributors: &'a [String],
    revisions: &'a [Revision],
    uncommitted: bool,
    history_reliable: bool,
    errors: Vec<Issue<'a>>,
    warnings: Vec<Issue<'a>>,
    related: Vec<RelatedOut<'a>>,
    recurrence_of: Option<&'a str>,
    cluster: Option<ClusterOut<'a>>,
}

#[derive(Serialize)]
struct ClusterOut<'a> {
    id: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    id: &'a str,
    score: f64,
}

#[derive(Serialize)]
struct TimelineOut<'a> {
    time: Option<&'a str>,
    raw_time: Option<&'a str>,
    end: Option<&'a str>,
    zone: Option<&'a str>,
    date_from: Option<DateFrom>,
    text: &'a str,
    line: usize,
}

fn issues(pm: &Postmortem, level: Level) -> Vec<Issue<'_>> {
    pm.diagnostics
        .iter()
        .filter(|d| d.level == level)
        .map(|d| Issue {
            line: d.line,
            message: &d.message,
        })
        .collect()
}

fn timeline(t: &[TimelineEntry]) -> Vec<TimelineOut<'_>> {
    t.iter()
        .map(|e| TimelineOut {
            time: e.time.as_deref(),
            raw_time: e.raw_time.as_deref(),
            end: e.end.as_deref(),
            zone: e.zone.as_deref(),
            date_from: e.date_from,
            text: &e.text,
            line: e.line,
        })
        .collect()
}

/// What an entry links to. It comes from the whole corpus, so it is not
/// in the document's fingerprint.
#[derive(Serialize)]
struct Links<'a> {
    related: Vec<RelatedOut<'a>>,
    recurrence_of: Option<&'a str>,
    cluster: Option<ClusterOut<'a>>,
}

fn links<'a>(
    pms: &'a [Postmortem],
    related: &Related,
    clusters: &'a Clusters,
    doc: usize,
) -> Links<'a> {
    let id = |d: usize| pms[d].id.as_str();
    let related_out = related.related.get(doc).map(|links| {
        links
            .iter()
            .map(|l| RelatedOut {
                id: id(l.doc),
                score: l.score,
            })
            .collect()
    });
    let recurrence_of = related.recurrence_of.get(doc).copied().flatten();
    let cluster = clusters.of_doc.get(doc).copied().flatten();
    Links {
        related: related_out.unwrap_or_default(),
        recurrence_of: recurrence_of.map(|l| id(l.doc)),
        cluster: cluster.map(|k| ClusterOut {
            id: &clusters.clusters[k].id,
            label: &clusters.clusters[k].label,
        }),
    }
}

/// One postmortem's entry as compact JSON.
fn entry_json(pm: &Postmortem, links: Links<'_>) -> Vec<u8> {
    let mut sections: Vec<&'static str> = Vec::new();
    for s in pm.sections.iter().filter_map(|s| s.canonical) {
        if !sections.contains(&s.as_str()) {
            sections.push(s.as_str());
        }
    }
    let entry = Entry {
        id: &pm.id,
        title: &pm.title,
        path: &pm.path,
        url: page_url(&pm.id),
        date: pm.date.as_deref(),
        severity: pm.severity.as_deref(),
        written: &pm.meta.written,
        summary: pm.summary.as_deref(),
        origins: &pm.origins,
        sections,
        action_items: &pm.action_items,
        timeline: timeline(&pm.timeline),
        minutes_to_detect: pm.durations.minutes_to_detect,
        minutes_to_mitigate: pm.durations.minutes_to_mitigate,
        minutes_to_resolve: pm.durations.minutes_to_resolve,
        minutes_total: pm.durations.minutes_total,
        created: pm.history.created.as_deref(),
        updated: pm.history.updated.as_deref(),
        contributors: &pm.history.contributors,
        revisions: &pm.history.revisions,
        uncommitted: pm.history.uncommitted,
        history_reliable: pm.history.reliable,
        errors: issues(pm, Level::Error),
        warnings: issues(pm, Level::Warning),
        related: links.related,
        recurrence_of: links.recurrence_of,
        cluster: links.cluster,
    };
    // Compact: at 10,000 postmortems pretty-printing doubles the file.
    serde_json::to_vec(&entry).expect("export serializes: only strings, numbers and lists")
}

/// Serializes the built postmortems (in site order) as compact JSON, in
/// pieces to be written one after the other (an entry per postmortem).
/// With a memo and the documents' fingerprints (same order as `pms`), an
/// entry whose inputs are unchanged is taken from the previous build.
pub fn postmortems_json(
    pms: &[Postmortem],
    related: &Related,
    clusters: &Clusters,
    fingerprints: &[Fingerprint],
    memo: Option<&Memo>,
) -> Vec<crate::mapped::Bytes> {
    // Entries are serialized in parallel; their pieces joined are the bytes
    // of `{"format_version":…,"postmortems":[…]}` as one serializer writes them.
    let entries: Vec<crate::mapped::Bytes> = pms
        .par_iter()
        .enumerate()
        .map(|(doc, pm)| {
            let links = links(pms, related, clusters, doc);
            // Everything else an entry holds is in the document's fingerprint.
            match memo.filter(|_| fingerprints.len() == pms.len()) {
                Some(memo) => {
                    let key = Hasher::new().u128(fingerprints[doc]).value(&links).finish();
                    memo.get(key, || entry_json(pm, links))
                }
                None => entry_json(pm, links).into(),
            }
        })
        .collect();
    let head = format!("{{\"format_version\":{FORMAT_VERSION},\"postmortems\":[");
    let comma = crate::mapped::Bytes::from(b",".to_vec());
    let mut pieces = Vec::with_capacity(entries.len() * 2 + 2);
    pieces.push(head.into_bytes().into());
    for (i, e) in entries.into_iter().enumerate() {
        if i > 0 {
            pieces.push(comma.clone());
        }
        pieces.push(e);
    }
    pieces.push(b"]}\n".to_vec().into());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::written::{assert_no_repeats, top_level_keys};

    #[test]
    fn every_written_key_is_one_field_of_an_entry() {
        let pm = Postmortem::bare("a");
        let links = Links {
            related: Vec::new(),
            recurrence_of: None,
            cluster: None,
        };
        let keys = top_level_keys(&entry_json(&pm, links));
        assert_no_repeats(&keys);
        for key in Written::KEYS.iter().chain(&["extra"]) {
            assert!(keys.contains(&key.to_string()), "`{key}` missing");
        }
    }
}
