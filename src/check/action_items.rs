//! Action-item rules: `action-item-owner`, `action-item-due`,
//! `action-item-overdue`, `vague-action-item`. Items already done are not
//! held to owner and due date: what matters is that open work is owned.

use super::rules::Rule;
use super::source::{content_span, Source};
use super::{Context, Hit};
use crate::model::{ActionItem, Postmortem};
use chrono::NaiveDate;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Owners that name nobody: template leftovers and shrugs.
const PLACEHOLDER_OWNERS: &[&str] = &[
    "owner",
    "@owner",
    "tbd",
    "tba",
    "todo",
    "?",
    "??",
    "-",
    "none",
    "n/a",
    "na",
    "unknown",
    "someone",
    "somebody",
    "nobody",
    "anyone",
    "name",
    "미정",
    "담당자",
];

/// An English item that opens with activity instead of a result.
static VAGUE_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:we|the team)\s+(?:should|will|need to|must)\s+|to\s+)?(look(?:ing)?\s+into|investigat(?:e|ing)|explor(?:e|ing)|consider(?:ing)?|think(?:ing)?\s+about|figur(?:e|ing)\s+out|research(?:ing)?|discuss(?:ing)?|evaluat(?:e|ing)|dig(?:ging)?\s+into)\b").unwrap()
});
/// A Korean item whose verb is an activity (it comes last in Korean).
static VAGUE_KO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(검토|조사|고민|논의|살펴보기|알아보기|확인해\s*보기|파악)(?:\s*(?:필요|예정|하기|한다|할 것))?\s*[.。]?\s*$").unwrap()
});
/// What makes an investigation a deliverable: an outcome named in the item.
static DELIVERABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:and|then|to)\s+(?:add|write|fix|file|document|publish|propose|decide|implement|ship|create|remove|update|report|present|share|open|deploy|automate|set\s+up|build|choose|pick|recommend|replace)\b|\b(?:proposal|rfc|design\s+doc|write-?up|report|decision|runbook|adr|recommendation|post-?mortem|ticket|jira)\b|(?:결정|문서화|문서|보고|작성|적용|도입|제안|공유|수정|티켓)")
        .unwrap()
});

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for item in &pm.action_items {
        let line_text = src.line(item.line);
        let span = text_span(line_text, item);
        let short = shorten(&item.text);
        if !item.done {
            let placeholder = item
                .owner
                .as_deref()
                .is_some_and(|o| PLACEHOLDER_OWNERS.contains(&o.trim().to_lowercase().as_str()));
            if item.owner.is_none() || placeholder {
                hits.push(Hit::new(
                    Rule::ActionItemOwner,
                    item.line,
                    Some(span.clone()),
                    match (&item.owner, placeholder) {
                        (Some(o), true) => format!("action item's owner `{o}` is a placeholder: “{short}”"),
                        _ => format!("action item has no owner: “{short}”"),
                    },
                    "name the one person who will do it: `- [ ] @dana.kim …`, `(owner: Dana Kim)` or an Owner column; an item everyone owns is an item nobody does",
                ));
            }
            match item.due.as_deref().and_then(parse_day) {
                None => hits.push(Hit::new(
                    Rule::ActionItemDue,
                    item.line,
                    Some(span.clone()),
                    format!("action item has no due date: “{short}”"),
                    "add a due date as YYYY-MM-DD, e.g. `(P1, 2026-07-01)` or a Due column; without one the item is never overdue and nobody follows it up",
                )),
                Some(due) if due < ctx.today => {
                    let days = (ctx.today - due).num_days();
                    hits.push(Hit::new(
                        Rule::ActionItemOverdue,
                        item.line,
                        Some(date_span(line_text, item).unwrap_or(span.clone())),
                        format!(
                            "open action item was due {} ({days} day{} ago): “{short}”",
                            due.format("%Y-%m-%d"),
                            if days == 1 { "" } else { "s" }
                        ),
                        "tick it (`[x]`) if it is done; otherwise agree a new date with its owner and write it down",
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(vague) = vague(&item.text) {
            let at = line_text
                .find(vague.as_str())
                .map(|i| i..i + vague.len())
                .unwrap_or(span.clone());
            hits.push(Hit::new(
                Rule::VagueActionItem,
                item.line,
                Some(at),
                format!("“{vague}” promises activity, not a result: “{short}”"),
                "say what will exist when it is done (an alert, a runbook, a fix, a decision written down), e.g. “Investigate X and write up a proposal”; ‘원인 조사 후 결과 문서화’",
            ));
        }
    }
}

/// The vague phrase of an item without a deliverable.
fn vague(text: &str) -> Option<String> {
    if DELIVERABLE.is_match(text) {
        return None;
    }
    VAGUE_EN
        .captures(text.trim())
        .map(|c| c[1].to_string())
        .or_else(|| VAGUE_KO.captures(text).map(|c| c[1].to_string()))
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The item's text on its line when it is there verbatim, else the line's
/// content.
fn text_span(line: &str, item: &ActionItem) -> Range<usize> {
    match line.find(item.text.as_str()) {
        Some(i) if !item.text.is_empty() => i..i + item.text.len(),
        _ => content_span(line),
    }
}

/// The due date as written on the line.
fn date_span(line: &str, item: &ActionItem) -> Option<Range<usize>> {
    let due = item.due.as_deref()?;
    let i = line.find(due)?;
    Some(i..i + due.len())
}

/// At most 60 characters of an item's text, for messages.
fn shorten(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 60 {
        return t.to_string();
    }
    let cut: String = t.chars().take(57).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Rule;

    fn with_items(items: &str) -> String {
        clean("").replace(
            "- [ ] @dana add a disk usage alert (P1, 2026-08-01)\n",
            items,
        )
    }

    #[test]
    fn owner_and_due_date() {
        let md = with_items("- [ ] add a disk usage alert\n- [ ] @owner — what will be done (P1, YYYY-MM-DD)\n- [x] rotate logs\n- [ ] Restore retention (owner: Dana Kim, due 2026-07-01)\n");
        let f = lint(&md);
        assert_eq!(
            ids(&f),
            [
                ("action-item-owner", 26),
                ("action-item-due", 26),
                ("action-item-owner", 27),
                ("action-item-due", 27),
            ],
            "{f:#?}"
        );
        assert!(f[2].message.contains("`owner` is a placeholder"));
        assert_eq!(f[0].column, 7, "points at the item's text");
        assert!(f[1].help.contains("YYYY-MM-DD"));
    }

    #[test]
    fn tables_too() {
        let md = with_items("| Action Item | Owner | Due | Status |\n|---|---|---|---|\n| Add a disk alert | Dana Kim | 2026-07-01 | TODO |\n| Cap retention | | | TODO |\n| Old thing | | | DONE |\n");
        let f = lint(&md);
        assert_eq!(
            ids(&f),
            [("action-item-owner", 29), ("action-item-due", 29)],
            "{f:#?}"
        );
    }

    #[test]
    fn overdue_only_while_open() {
        // "today" is 2026-06-01 in these tests.
        let md = with_items("- [ ] @dana add a disk alert (P1, 2026-05-30)\n- [x] @dana cap retention (P1, 2026-01-30)\n- [ ] @dana runbook (P2, 2026-06-01)\n");
        let f = lint(&md);
        assert_eq!(ids(&f), [("action-item-overdue", 26)], "{f:#?}");
        assert!(f[0].message.contains("due 2026-05-30 (2 days ago)"));
        assert_eq!(f[0].level, crate::model::Level::Warning);
        assert_eq!(marked(&f[0]), "2026-05-30");
    }

    #[test]
    fn vague_verbs_without_a_deliverable() {
        let md = with_items("- [ ] @dana Look into the disk alerts (P2, 2026-08-01)\n- [ ] @dana investigate retention and write up a proposal (P2, 2026-08-01)\n- [ ] @kim 디스크 사용량 급증 원인 조사 (P2, 2026-08-01)\n- [ ] @kim 원인 조사 후 결과 문서화 (P2, 2026-08-01)\n- [ ] @dana add an alert on investigation queues (P2, 2026-08-01)\n");
        let f = lint(&md);
        assert_eq!(
            ids(&f),
            [("vague-action-item", 26), ("vague-action-item", 28)],
            "{f:#?}"
        );
        assert!(f[0].message.starts_with("“Look into” promises activity"));
        assert!(f[1].message.starts_with("“조사”"));
        assert!(of(&f, Rule::ActionItemDue).is_empty());
    }
}
