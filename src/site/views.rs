//! What templates see. Views are built once from the model and are the only
//! thing templates can reach, so a template cannot depend on parse internals.

use crate::model::{ActionItem, Postmortem, Revision, TimelineEntry, Written};
use serde::Serialize;
use std::collections::BTreeMap;

/// A postmortem in a list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Card {
    /// The postmortem's stable identifier, also its page's file name.
    pub id: String,
    /// Title as the reader sees it (see [`Postmortem::title`]).
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    /// Incident date `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// The year of [`Card::date`] (`YYYY`), for grouping by year; `None` without a date.
    pub year: Option<String>,
    /// Severity as written, with `sev-1` / `Sev 1` spelled `SEV1`.
    pub severity: Option<String>,
    /// Affected services from front matter; empty when not stated.
    pub services: Vec<String>,
    /// Tags from front matter; empty when not stated.
    pub tags: Vec<String>,
    /// The summary, shortened to an excerpt cut at a word; `None` when there is none.
    pub summary: Option<String>,
    /// Minutes from start to resolution, when known.
    pub minutes_to_resolve: Option<i64>,
    /// The incident duration the document states, in minutes, when it states one.
    pub minutes_total: Option<i64>,
    /// Action items not yet done.
    pub actions_open: usize,
    /// Action items done.
    pub actions_done: usize,
    /// Still being written (see [`Postmortem::is_draft`]): shown with a badge.
    pub draft: bool,
    /// The language its text is in, when stated or clear from its script.
    pub lang: Option<String>,
    /// Fingerprint of all the above, for the keys of pages that list cards
    /// (hashing a card once, not once per page that shows it).
    #[serde(skip)]
    pub fp: crate::fingerprint::Fingerprint,
}

/// URL of a postmortem page relative to the site root.
pub fn page_url(id: &str) -> String {
    format!("postmortems/{id}.html")
}

/// Repository path → page URL of every postmortem, so Markdown links
/// between postmortems can point at their pages.
pub fn page_links(pms: &[crate::model::Postmortem]) -> BTreeMap<String, String> {
    pms.iter()
        .map(|p| (p.path.clone(), page_url(&p.id)))
        .collect()
}

/// Short plain text: at most `max` characters, cut at a word.
pub fn excerpt(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

impl Card {
    /// The card of a postmortem, with its fingerprint computed.
    pub fn of(pm: &Postmortem) -> Card {
        let done = pm.action_items.iter().filter(|a| a.done).count();
        let mut card = Card {
            id: pm.id.clone(),
            title: pm.title.clone(),
            url: page_url(&pm.id),
            date: pm.date.clone(),
            year: pm.date.as_ref().map(|d| d[..4].to_string()),
            severity: pm.severity.clone(),
            services: pm.meta.written.services.clone(),
            tags: pm.meta.written.tags.clone(),
            summary: pm.summary.as_deref().map(|s| excerpt(s, 280)),
            minutes_to_resolve: pm.durations.minutes_to_resolve,
            minutes_total: pm.durations.minutes_total,
            actions_open: pm.action_items.len() - done,
            actions_done: done,
            draft: pm.is_draft(),
            lang: super::lang::of(pm),
            fp: 0,
        };
        card.fp = crate::fingerprint::Hasher::new().value(&card).finish();
        card
    }
}

/// One value of a taxonomy (a year, a service, a tag, a severity) and its postmortems.
#[derive(Debug, Clone, Serialize)]
pub struct Term<'a> {
    /// The value as readers see it (`2024`, `checkout-api`, `SEV1`).
    pub name: String,
    /// URL- and file-safe form of the name, unique within the taxonomy.
    pub slug: String,
    /// The term's page, `<key>/<slug>.html`, relative to the site root.
    pub url: String,
    /// How many postmortems carry the term.
    pub count: usize,
    /// Borrowed: a card is in several terms, and copies add up at scale.
    pub items: Vec<&'a Card>,
}

/// A way of grouping postmortems.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy<'a> {
    /// Folder name and key: `years`, `services`, `tags`, `severities`.
    pub key: &'static str,
    /// Heading shown to readers.
    pub title: &'static str,
    /// Singular noun for a term page ("Service: checkout-api").
    pub singular: &'static str,
    /// The taxonomy's values, each with its postmortems.
    pub terms: Vec<Term<'a>>,
}

/// A term without its postmortems, for indexes and navigation.
#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    /// The value as readers see it (see [`Term::name`]).
    pub name: String,
    /// The term's page, relative to the site root.
    pub url: String,
    /// How many postmortems carry the term.
    pub count: usize,
}

/// A taxonomy without the postmortems of its terms: what index pages need.
/// Term pages get this plus their one term, so no page serializes the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomySummary {
    /// Folder name and key: `years`, `services`, `tags`, `severities`.
    pub key: &'static str,
    /// Heading shown to readers.
    pub title: &'static str,
    /// Singular noun for a term page ("Service: checkout-api").
    pub singular: &'static str,
    /// The taxonomy's values, without their postmortems.
    pub terms: Vec<TermRef>,
}

impl Taxonomy<'_> {
    /// The taxonomy without the postmortems of its terms.
    pub fn summary(&self) -> TaxonomySummary {
        TaxonomySummary {
            key: self.key,
            title: self.title,
            singular: self.singular,
            terms: self
                .terms
                .iter()
                .map(|t| TermRef {
                    name: t.name.clone(),
                    url: t.url.clone(),
                    count: t.count,
                })
                .collect(),
        }
    }
}

/// Full detail for a postmortem page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Page {
    /// What a list shows of this postmortem, also the page's headline values.
    pub card: Card,
    /// Path of the source file relative to the repository root, with `/` separators.
    pub path: String,
    /// The front matter's values as written (`pm.status`, `pm.started`, …
    /// in a template).
    #[serde(flatten)]
    pub written: Written,
    /// Minutes from start to detection, when known.
    pub minutes_to_detect: Option<i64>,
    /// Minutes from start to mitigation, when known.
    pub minutes_to_mitigate: Option<i64>,
    /// Minutes from start to resolution, when known.
    pub minutes_to_resolve: Option<i64>,
    /// The incident duration the document states, in minutes, when it states one.
    pub minutes_total: Option<i64>,
    /// Follow-up tasks in document order.
    pub action_items: Vec<ActionItem>,
    /// Timeline steps in document order.
    pub timeline: Vec<TimelineEntry>,
    /// Date of the first commit of the file, `YYYY-MM-DD`; `None` when never committed.
    pub created: Option<String>,
    /// Date of the latest commit of the file, `YYYY-MM-DD`; `None` when never committed.
    pub updated: Option<String>,
    /// Contributor names from git history (after .mailmap), most commits first.
    pub contributors: Vec<String>,
    /// The file's revisions, newest first.
    pub revisions: Vec<Revision>,
    /// The file has changes not yet committed (or was never committed).
    pub uncommitted: bool,
    /// False on a shallow clone: the history dates may be wrong.
    pub history_reliable: bool,
    /// Edit link: config `edit_url`, else one made from `repo_url`; `None` without either.
    pub edit_url: Option<String>,
    /// Links to the term pages of this postmortem's services, tags, year, severity.
    pub service_links: Vec<(String, String)>,
    /// Name and URL of the term page of each of this postmortem's tags.
    pub tag_links: Vec<(String, String)>,
    /// Error diagnostics for the file, as `path:line: error: message` lines.
    pub warnings: Vec<String>,
    /// Most similar postmortems by what went wrong, best first.
    pub related: Vec<RelatedCard>,
    /// An earlier postmortem this one looks like a recurrence of.
    pub recurrence_of: Option<RelatedCard>,
    /// The root-cause cluster it falls in.
    pub cluster: Option<ClusterLink>,
    /// The labelled summary block (severity, status, times, people,
    /// tickets), made by [`super::facts::of`].
    pub facts: Vec<Fact>,
    /// The page's language: the postmortem's, else the site's.
    pub lang: String,
    /// Some action item has a type other than `other` (else the column is left out).
    pub action_types: bool,
}

/// One labelled fact of the summary block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fact {
    /// The fact's label as the reader sees it ("Severity", "Started").
    pub label: String,
    /// The fact's values, in order; never empty.
    pub values: Vec<FactValue>,
    /// A class for styling a few kinds (`severity`, `status`).
    pub kind: &'static str,
}

/// One value of a fact: text, with a link or a machine-readable time.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactValue {
    /// The value as shown.
    pub text: String,
    /// Where the value links to (a ticket), when it is a link.
    pub url: Option<String>,
    /// `datetime` of a `<time>` element.
    pub datetime: Option<String>,
}

/// A link to a root-cause cluster's page.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterLink {
    /// The cluster's label: its curated root-cause category, else the terms it shares.
    pub label: String,
    /// The cluster's page, relative to the site root.
    pub url: String,
    /// Postmortems in the cluster, this one included.
    pub size: usize,
}

/// A related postmortem as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedCard {
    /// What a list shows of the related postmortem.
    pub card: Card,
    /// Cosine similarity, 0..1.
    pub score: f64,
    /// What makes it related: the shared concepts and words.
    pub reasons: Vec<String>,
}

/// "1 h 12 min", "3 d 2 h": durations for people.
pub fn human_minutes(m: i64) -> String {
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    match (d, h, min) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// "2024-06-18T21:40Z" → "2024-06-18 21:40 UTC" (offsets stay as written,
/// zero seconds are left out).
pub fn human_time(t: &str) -> String {
    let mut t = t.replacen('T', " ", 1);
    // "21:40:00" after the date: the seconds say nothing.
    let zero_seconds = t.len() >= 19
        && t.is_char_boundary(16)
        && t.is_char_boundary(19)
        && t.as_bytes()[13] == b':'
        && &t[16..19] == ":00";
    if zero_seconds {
        t.replace_range(16..19, "");
    }
    match t.strip_suffix('Z') {
        Some(rest) => format!("{rest} UTC"),
        None => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_key_is_one_key_of_a_page() {
        use crate::model::written::{assert_no_repeats, top_level_keys};
        let keys = top_level_keys(&serde_json::to_vec(&Page::default()).unwrap());
        assert_no_repeats(&keys);
        for key in Written::KEYS.iter().chain(&["extra"]) {
            assert!(keys.contains(&key.to_string()), "`{key}` missing");
        }
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_minutes(8), "8 min");
        assert_eq!(human_minutes(72), "1 h 12 min");
        assert_eq!(human_minutes(120), "2 h");
        assert_eq!(human_minutes(15840), "11 d");
        assert_eq!(human_minutes(3250), "2 d 6 h");
        assert_eq!(human_time("2024-06-18T21:40Z"), "2024-06-18 21:40 UTC");
        assert_eq!(
            human_time("2024-06-18T21:40+09:00"),
            "2024-06-18 21:40+09:00"
        );
        assert_eq!(human_time("14:03"), "14:03");
        assert_eq!(human_time("2024-06-18T21:40:00Z"), "2024-06-18 21:40 UTC");
        assert_eq!(
            human_time("2024-06-18T21:40:30Z"),
            "2024-06-18 21:40:30 UTC"
        );
        assert_eq!(
            human_time("2025-11-03T03:00:00+09:00"),
            "2025-11-03 03:00+09:00"
        );
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 10), "one two…");
    }
}
