//! Wheel of Misfortune: role-play pages for on-call training. Each page
//! (`wheel/<id>.html`, for postmortems with a timeline) opens on the first
//! signal only; the game master reveals the rest one step at a time with
//! nested `<details>` (no script needed), and only the last step reveals
//! the title, what happened before the signal, the root causes and the
//! resolution. `wheel/index.html` spins (a small script picks a random
//! page) and lists every page without giving their titles away, a page of
//! the list at a time (`wheel/page/2.html`…).

use super::markdown;
use super::paging;
use super::render::{page_or_keep, PageCtx};
use super::urls::wheel_url;
use super::views::Card;
use super::{OutputFile, RenderError};
use crate::analyze::signal::first_signal;
use crate::model::{Canonical, Postmortem, TimelineEntry};
use minijinja::context;
use minijinja::value::Serde;
use rayon::prelude::*;
use serde::Serialize;

/// A rendered section of the answer.
#[derive(Debug, Serialize)]
struct Reveal {
    heading: String,
    html: String,
}

/// What a wheel page needs. Nothing here names the incident outside `answer`
/// fields, which the template only shows in the last step.
#[derive(Serialize)]
struct Wheel {
    date: Option<String>,
    severity: Option<String>,
    signal: TimelineEntry,
    /// Entries after the signal, revealed one per step.
    steps: Vec<TimelineEntry>,
    /// Entries before the signal: what was going on unseen.
    before: Vec<TimelineEntry>,
    answer_title: String,
    answer_url: String,
    answer_services: Vec<String>,
    answer_sections: Vec<Reveal>,
}

/// A spin-page entry: enough to choose, not enough to spoil.
#[derive(Serialize)]
struct Slot {
    url: String,
    date: Option<String>,
    severity: Option<String>,
    steps: usize,
}

fn reveals(pm: &Postmortem, links: markdown::Links<'_>) -> Vec<Reveal> {
    let wanted = [
        Canonical::Trigger,
        Canonical::RootCauses,
        Canonical::ContributingFactors,
        Canonical::Resolution,
    ];
    wanted
        .iter()
        .filter_map(|&k| {
            let s = pm
                .sections
                .iter()
                .find(|s| s.canonical == Some(k) && !s.text.trim().is_empty())?;
            Some(Reveal {
                heading: s.heading.clone(),
                html: markdown::to_html(
                    pm.body.get(s.content.clone())?,
                    &pm.path,
                    &pm.title,
                    links,
                    "../",
                ),
            })
        })
        .collect()
}

/// The wheel pages and the spin page.
pub(super) fn pages(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let (input, env, site, cards, site_fp) =
        (ctx.input, ctx.env, &ctx.site, ctx.cards, ctx.site_fp);
    let pages = super::views::page_links(input.postmortems);
    let links = input.links(&pages);
    // In parallel: finding the signal runs a Unicode-aware regex over every
    // timeline of the corpus.
    let with_timeline: Vec<(usize, &Postmortem, &Card, usize)> = input
        .postmortems
        .par_iter()
        .zip(cards)
        .enumerate()
        .filter_map(|(doc, (pm, card))| first_signal(pm).map(|i| (doc, pm, card, i)))
        .collect();
    let pages: Vec<Option<OutputFile>> = with_timeline
        .par_iter()
        .map(|&(doc, pm, card, signal)| {
            let url = wheel_url(&pm.id);
            let make = || {
                let wheel = Wheel {
                    date: card.date.clone(),
                    severity: card.severity.clone(),
                    signal: pm.timeline[signal].clone(),
                    steps: pm.timeline[signal + 1..].to_vec(),
                    before: pm.timeline[..signal].to_vec(),
                    answer_title: pm.title.clone(),
                    answer_url: card.url.clone(),
                    answer_services: pm.meta.written.services.clone(),
                    answer_sections: reveals(pm, links),
                };
                context! { site => site.clone(), root => "../", wheel => Serde(&wheel) }
            };
            let key = input.doc_fingerprint(doc);
            page_or_keep(input, site_fp, env, ("wheel.html", &url), &key, make)
        })
        .collect::<Result<_, RenderError>>()?;
    let mut out: Vec<OutputFile> = pages.into_iter().flatten().collect();
    let slots: Vec<Slot> = with_timeline
        .iter()
        .map(|&(_, pm, card, signal)| Slot {
            url: wheel_url(&pm.id),
            date: card.date.clone(),
            severity: card.severity.clone(),
            steps: pm.timeline.len() - signal,
        })
        .collect();
    for page in paging::split(&slots, "wheel/index.html", input.page_size) {
        out.extend(page_or_keep(
            input,
            site_fp,
            env,
            ("wheel-index.html", &page.url),
            &(page.items, &page.paging, input.page_size),
            || {
                context! {
                    site => site.clone(),
                    root => &page.root,
                    slots => Serde(page.items),
                    paging => Serde(&page.paging),
                    page_size => input.page_size,
                }
            },
        )?);
    }
    Ok(out)
}
