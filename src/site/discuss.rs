//! Discussion packets (`discuss/<id>.html`): one printable page per
//! postmortem for a reading club — the summary, what went wrong, where we got
//! lucky, and questions built from the document's own sections. Nothing is
//! invented: a question is only asked about what the document says.

use super::markdown;
use super::render::{page_or_keep, PageCtx};
use super::urls::discuss_url;
use super::views::{excerpt, human_minutes, Card};
use super::{OutputFile, RenderError};
use crate::analyze::signal::first_signal;
use crate::model::{Canonical, Postmortem};
use minijinja::context;
use minijinja::value::Serde;
use rayon::prelude::*;
use serde::Serialize;

/// At most this many questions: a packet fits on one or two printed pages.
const MAX_QUESTIONS: usize = 7;

/// The first sentence of a section's text, shortened.
fn lead(pm: &Postmortem, kinds: &[Canonical]) -> Option<String> {
    let s = pm
        .sections
        .iter()
        .find(|s| s.canonical.is_some_and(|c| kinds.contains(&c)) && !s.text.trim().is_empty())?;
    let text = s.text.trim();
    let first = text
        .split_inclusive(". ")
        .next()
        .unwrap_or(text)
        .trim()
        .trim_end_matches('.');
    Some(excerpt(
        first.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' '),
        140,
    ))
}

/// Questions for a reading club, from what this postmortem says: how it was
/// detected, its root causes and trigger, mitigation against resolution,
/// its action items, its luck and its services. In that order, at most
/// [`MAX_QUESTIONS`].
pub fn questions(pm: &Postmortem) -> Vec<String> {
    let mut q = Vec::new();
    let d = &pm.durations;
    let signal = first_signal(pm).map(|i| excerpt(&pm.timeline[i].text, 120));
    match (signal, d.minutes_to_detect) {
        (Some(s), Some(m)) => q.push(format!(
            "The first signal was “{s}”, {} after the incident began. What would have told us sooner, and who would have seen it?",
            human_minutes(m)
        )),
        (Some(s), None) => q.push(format!(
            "The first signal was “{s}”. Was that the earliest anyone could have known? What else was already visible?"
        )),
        (None, Some(m)) => q.push(format!(
            "It took {} to detect this incident. What signal could have caught it sooner?",
            human_minutes(m)
        )),
        (None, None) => {}
    }
    if let Some(cause) = lead(pm, &[Canonical::RootCauses, Canonical::ContributingFactors]) {
        q.push(format!(
            "The document names “{cause}” among the causes. Which cause would you fix first, and could it exist in a system you own?"
        ));
    }
    if let Some(trigger) = lead(pm, &[Canonical::Trigger]) {
        q.push(format!(
            "The trigger was “{trigger}”. What check before production could have caught it?"
        ));
    }
    if let (Some(mit), Some(res)) = (d.minutes_to_mitigate, d.minutes_to_resolve) {
        if res > mit {
            q.push(format!(
                "Mitigation took {}, full resolution {}. What happened in between, and what was at risk then?",
                human_minutes(mit),
                human_minutes(res)
            ));
        }
    }
    let total = pm.action_items.len();
    let open: Vec<_> = pm.action_items.iter().filter(|a| !a.done).collect();
    if total == 0 {
        q.push("The document lists no action items. Which would you add, with an owner and a due date?".into());
    } else if let Some(first) = open.first() {
        q.push(format!(
            "{} of {total} action items are still open, such as “{}”. Are they still the right fixes, and what is blocking them?",
            open.len(),
            excerpt(&first.text, 100)
        ));
    } else {
        q.push(format!(
            "All {total} action items are done. Would they have prevented this incident, or only made it shorter?"
        ));
    }
    let vague = pm
        .action_items
        .iter()
        .filter(|a| a.owner.is_none() || a.due.is_none())
        .count();
    if vague > 0 {
        q.push(format!(
            "{vague} action item{} no owner or no due date. Who should own {}, and by when?",
            if vague == 1 { " has" } else { "s have" },
            if vague == 1 { "it" } else { "them" }
        ));
    }
    if pm.section(Canonical::Lucky).is_some() {
        q.push("The document says where we got lucky. What would this incident have looked like without that luck?".into());
    }
    if let Some(service) = pm.meta.written.services.first() {
        q.push(format!(
            "Which of your services depend on {service}? How would you notice if it failed the same way?"
        ));
    }
    q.truncate(MAX_QUESTIONS);
    q
}

/// A section's Markdown as safe HTML, with its heading as written.
#[derive(Debug, Serialize)]
struct Part {
    heading: String,
    html: String,
}

#[derive(Serialize)]
struct Packet {
    card: Card,
    /// In full (the card's is shortened for lists).
    summary: Option<String>,
    path: String,
    authors: Vec<String>,
    minutes_to_detect: Option<i64>,
    minutes_to_mitigate: Option<i64>,
    minutes_to_resolve: Option<i64>,
    minutes_total: Option<i64>,
    went_wrong: Option<Part>,
    lucky: Option<Part>,
    questions: Vec<String>,
    has_timeline: bool,
}

/// The first non-empty section of one of `kinds` (in that order of preference), rendered.
fn section_html(pm: &Postmortem, kinds: &[Canonical], links: markdown::Links<'_>) -> Option<Part> {
    kinds.iter().find_map(|&k| {
        let s = pm
            .sections
            .iter()
            .find(|s| s.canonical == Some(k) && !s.text.trim().is_empty())?;
        let body = pm.body.get(s.content.clone())?;
        Some(Part {
            heading: s.heading.clone(),
            html: markdown::to_html(body, &pm.path, &pm.title, links, "../"),
        })
    })
}

/// One packet per postmortem.
pub(super) fn pages(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let (input, env, site, cards, site_fp) =
        (ctx.input, ctx.env, &ctx.site, ctx.cards, ctx.site_fp);
    let pages = super::views::page_links(input.postmortems);
    let links = input.links(&pages);
    let pages: Vec<Option<OutputFile>> = input
        .postmortems
        .par_iter()
        .zip(cards.par_iter())
        .enumerate()
        .map(|(doc, (pm, card))| {
            let url = discuss_url(&pm.id);
            let make = || {
                let packet = Packet {
                    card: card.clone(),
                    summary: pm.summary.clone(),
                    path: pm.path.clone(),
                    authors: pm.meta.written.authors.clone(),
                    minutes_to_detect: pm.durations.minutes_to_detect,
                    minutes_to_mitigate: pm.durations.minutes_to_mitigate,
                    minutes_to_resolve: pm.durations.minutes_to_resolve,
                    minutes_total: pm.durations.minutes_total,
                    went_wrong: section_html(
                        pm,
                        &[
                            Canonical::WentWrong,
                            Canonical::ContributingFactors,
                            Canonical::RootCauses,
                        ],
                        links,
                    ),
                    lucky: section_html(pm, &[Canonical::Lucky], links),
                    questions: questions(pm),
                    has_timeline: !pm.timeline.is_empty(),
                };
                context! { site => site.clone(), root => "../", packet => Serde(&packet) }
            };
            // A packet shows its own postmortem only (links by site order).
            let key = input.doc_fingerprint(doc);
            page_or_keep(input, site_fp, env, ("discuss.html", &url), &key, make)
        })
        .collect::<Result<_, RenderError>>()?;
    Ok(pages.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_come_from_the_document() {
        let text = "---\nstarted: 2024-03-05T10:00:00Z\ndetected: 2024-03-05T10:20:00Z\nmitigated: 2024-03-05T10:40:00Z\nresolved: 2024-03-05T14:00:00Z\nservices: [checkout-api]\n---\n## Root Causes\nA config push disabled the tax engine. Nobody reviewed it.\n\n## Timeline\n- 2024-03-05 10:00 — config pushed\n- 2024-03-05 10:20 — support reports failed checkouts\n\n## Action Items\n- [ ] @dana — validate config in CI (P1, 2024-04-01)\n- [x] write a runbook\n";
        let pm = crate::parse::parse_file("p.md", text.as_bytes(), &Default::default()).unwrap();
        let q = questions(&pm);
        assert_eq!(q.len(), 6, "{q:#?}");
        assert!(
            q[0].contains("“support reports failed checkouts”, 20 min after"),
            "{}",
            q[0]
        );
        assert!(
            q[1].contains("“A config push disabled the tax engine”"),
            "{}",
            q[1]
        );
        assert!(
            q[2].contains("Mitigation took 40 min, full resolution 4 h"),
            "{}",
            q[2]
        );
        assert!(
            q[3].starts_with("1 of 2 action items are still open, such as “validate config in CI”"),
            "{}",
            q[3]
        );
        assert!(
            q[4].starts_with("1 action item has no owner or no due date"),
            "{}",
            q[4]
        );
        assert!(q[5].contains("depend on checkout-api"), "{}", q[5]);
        // No lucky section, no trigger: no question about them.
        assert!(!q
            .iter()
            .any(|q| q.contains("lucky") || q.contains("trigger")));
    }

    #[test]
    fn a_bare_document_gets_few_questions() {
        let pm = crate::parse::parse_file(
            "p.md",
            b"# Outage\n\nSomething broke.\n",
            &Default::default(),
        )
        .unwrap();
        assert_eq!(
            questions(&pm),
            vec!["The document lists no action items. Which would you add, with an owner and a due date?"]
        );
    }
}
