//! The labelled summary block at the top of a postmortem page: severity,
//! status, times, durations, people and tickets, each under a label a
//! reader understands ("Incident commander", not `INCIDENT_COMMANDER`).

use super::views::{human_minutes, human_time, Fact, FactValue};
use crate::model::Postmortem;

impl FactValue {
    fn text(text: impl Into<String>) -> Self {
        FactValue {
            text: text.into(),
            url: None,
            datetime: None,
        }
    }
}

/// Front-matter keys (lower-cased, `-` and spaces as `_`) whose values are
/// tickets: shown under "Tickets" and linked through `ticket_url`.
const TICKET_KEYS: &[&str] = &[
    "jira",
    "ticket",
    "tickets",
    "issue",
    "issues",
    "bug",
    "bugs",
    "incident_ticket",
];

/// Keys the page shows elsewhere or that only steer the build.
const HIDDEN_KEYS: &[&str] = &["lang", "language"];

fn key_norm(key: &str) -> String {
    key.trim().to_lowercase().replace(['-', ' '], "_")
}

/// `incident_commander`, `INCIDENT-COMMANDER` → "Incident commander".
pub fn label(key: &str) -> String {
    let words = key_norm(key).replace('_', " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A ticket key as a value: linked when it is a web address itself, or
/// through `ticket_url` (`{id}` replaced by the key).
fn ticket(value: &str, ticket_url: Option<&str>) -> FactValue {
    let value = value.trim();
    let url = if crate::config::is_web_url(value) {
        Some(value.to_string())
    } else {
        ticket_url.map(|p| {
            let id: String = url_escape(value);
            p.replace("{id}", &id)
        })
    };
    FactValue {
        text: value.to_string(),
        url,
        datetime: None,
    }
}

/// Percent-encodes what is not safe in a URL path segment.
fn url_escape(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%5F", "_")
        .replace("%2E", ".")
}

fn fact(label: &str, kind: &'static str, values: Vec<FactValue>) -> Option<Fact> {
    (!values.is_empty()).then(|| Fact {
        label: label.to_string(),
        values,
        kind,
    })
}

fn one(label: &str, kind: &'static str, value: Option<&str>) -> Option<Fact> {
    fact(
        label,
        kind,
        value.map(FactValue::text).into_iter().collect(),
    )
}

fn time(label: &str, value: Option<&str>) -> Option<Fact> {
    let v = value?;
    fact(
        label,
        "time",
        vec![FactValue {
            text: human_time(v),
            url: None,
            datetime: Some(v.to_string()),
        }],
    )
}

fn minutes(label: &str, value: Option<i64>) -> Option<Fact> {
    one(label, "duration", value.map(human_minutes).as_deref())
}

fn list(label: &str, values: &[String]) -> Option<Fact> {
    fact(
        label,
        "list",
        values.iter().map(|v| FactValue::text(v.as_str())).collect(),
    )
}

/// The facts of `pm` in reading order; `ticket_url` links ticket keys.
pub fn of(pm: &Postmortem, ticket_url: Option<&str>) -> Vec<Fact> {
    let m = &pm.meta.written;
    let d = &pm.durations;
    let mut tickets = Vec::new();
    let mut others = Vec::new();
    for (key, value) in &m.extra {
        let norm = key_norm(key);
        if HIDDEN_KEYS.contains(&norm.as_str()) || value.trim().is_empty() {
            continue;
        }
        if TICKET_KEYS.contains(&norm.as_str()) {
            let keys = value.split([',', ' ']).filter(|v| !v.trim().is_empty());
            tickets.extend(keys.map(|v| ticket(v, ticket_url)));
        } else {
            others.extend(one(&label(key), "extra", Some(value)));
        }
    }
    let mut facts: Vec<Fact> = [
        one("Severity", "severity", pm.severity.as_deref()),
        one("Status", "status", m.status.as_deref()),
        one("Incident date", "time", pm.date.as_deref()),
        time("Started", m.started.as_deref()),
        time("Detected", m.detected.as_deref()),
        time("Mitigated", m.mitigated.as_deref()),
        time("Resolved", m.resolved.as_deref()),
        minutes("Time to detect", d.minutes_to_detect),
        minutes("Time to mitigate", d.minutes_to_mitigate),
        minutes("Time to resolve", d.minutes_to_resolve),
        minutes("Duration", d.minutes_total),
        list("Authors", &m.authors),
    ]
    .into_iter()
    .flatten()
    .collect();
    facts.extend(others);
    facts.extend(fact("Tickets", "tickets", tickets));
    facts.extend(one(
        "Root-cause category",
        "extra",
        m.root_cause_category.as_deref(),
    ));
    facts.extend(list("Categories", &m.categories));
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_words() {
        assert_eq!(label("incident_commander"), "Incident commander");
        assert_eq!(label("INCIDENT-COMMANDER"), "Incident commander");
        assert_eq!(label("jira"), "Jira");
    }

    #[test]
    fn tickets_link_through_the_pattern() {
        let t = ticket("PAY-2207", Some("https://jira.example/browse/{id}"));
        assert_eq!(
            t.url.as_deref(),
            Some("https://jira.example/browse/PAY-2207")
        );
        let t = ticket("a/b?c", Some("https://t.example/{id}"));
        assert_eq!(t.url.as_deref(), Some("https://t.example/a%2Fb%3Fc"));
        assert_eq!(ticket("PAY-1", None).url, None);
        let t = ticket("https://bugs.example/1", None);
        assert_eq!(t.url.as_deref(), Some("https://bugs.example/1"));
    }
}
