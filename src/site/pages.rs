//! Every page of the site, rendered from views with the theme's templates.
//! Pages are independent, so postmortem pages render in parallel (rayon).

use super::markdown;
use super::paging;
use super::render::{page_or_keep, PageCtx};
use super::urls::cluster_url;
use super::views::{Card, ClusterLink, Page, RelatedCard, Taxonomy, Term};
use super::{OutputFile, RenderError, SiteInput};
use crate::model::{Level, Postmortem};
use crate::slug::{slugify, unique_slug};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Term links (name, url) of one taxonomy for a list of names.
type TermLinks<'a> = dyn Fn(&str, &[String]) -> Links + 'a;
/// (name, url) pairs.
type Links = Vec<(String, String)>;

/// Groups cards by a key function into terms, each with a unique slug.
fn taxonomy<'a>(
    key: &'static str,
    title: &'static str,
    singular: &'static str,
    cards: &'a [Card],
    values: impl Fn(&Card) -> Vec<String>,
    order: impl Fn(&Term, &Term) -> std::cmp::Ordering,
) -> Taxonomy<'a> {
    let mut groups: BTreeMap<String, Vec<&'a Card>> = BTreeMap::new();
    for card in cards {
        let mut vs = values(card);
        vs.sort();
        vs.dedup();
        for v in vs {
            groups.entry(v).or_default().push(card);
        }
    }
    // `index` is the taxonomy's own page; a term may be called anything,
    // including `index` or the `-2` another term's slug falls back to.
    let mut used = BTreeSet::from(["index".to_string()]);
    let mut terms: Vec<Term> = groups
        .into_iter()
        .map(|(name, items)| {
            let slug = unique_slug(&slugify(&name, "term"), &mut used);
            Term {
                url: format!("{key}/{slug}.html"),
                slug,
                count: items.len(),
                name,
                items,
            }
        })
        .collect();
    terms.sort_by(&order);
    Taxonomy {
        key,
        title,
        singular,
        terms,
    }
}

fn by_count(a: &Term, b: &Term) -> std::cmp::Ordering {
    b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name))
}

/// Builds the four taxonomies from cards (already in display order).
pub fn taxonomies(cards: &[Card]) -> Vec<Taxonomy<'_>> {
    vec![
        taxonomy(
            "years",
            "Years",
            "Year",
            cards,
            |c| c.year.iter().cloned().collect(),
            |a, b| b.name.cmp(&a.name),
        ),
        taxonomy(
            "services",
            "Services",
            "Service",
            cards,
            |c| c.services.clone(),
            by_count,
        ),
        taxonomy("tags", "Tags", "Tag", cards, |c| c.tags.clone(), by_count),
        taxonomy(
            "severities",
            "Severities",
            "Severity",
            cards,
            |c| c.severity.iter().cloned().collect(),
            |a, b| a.name.cmp(&b.name),
        ),
    ]
}

/// Renders all HTML pages.
pub fn all(
    input: &SiteInput<'_>,
    env: &Environment<'static>,
    site_fp: crate::fingerprint::Fingerprint,
) -> Result<Vec<OutputFile>, RenderError> {
    let span = tracing::debug_span!("pages/cards").entered();
    let cards: Vec<Card> = input.postmortems.par_iter().map(Card::of).collect();
    let taxes = taxonomies(&cards);
    drop(span);
    let summaries: Vec<_> = taxes.iter().map(Taxonomy::summary).collect();
    let ctx = PageCtx {
        input,
        env,
        site: site_context(input, &taxes, cards.len()),
        site_fp,
        cards: &cards,
    };
    let ctx = &ctx;
    // The groups share nothing but their inputs, so they render at once: a
    // rebuild keeps most pages, and the few it renders (the home page, the
    // trends page, a term list) are each one long template on one core.
    let groups: [&(dyn Fn() -> Result<Vec<OutputFile>, RenderError> + Sync); 6] = [
        &|| home_and_club(ctx, &summaries),
        &|| term_pages(ctx, &taxes, &summaries),
        &|| trends_pages(ctx, &taxes),
        &|| cluster_pages(ctx),
        &|| search_page(ctx),
        &|| postmortem_pages(ctx, &taxes),
    ];
    let parts: Vec<Vec<OutputFile>> = groups.par_iter().map(|g| g()).collect::<Result<_, _>>()?;
    Ok(parts.concat())
}

/// The context every page shares: the site's title, source, size, its
/// navigation and language.
fn site_context(input: &SiteInput<'_>, taxes: &[Taxonomy<'_>], count: usize) -> Value {
    let mut nav: Vec<(&str, &str)> = taxes.iter().map(|t| (t.key, t.title)).collect();
    // Reading club: `<key>/index.html` like the taxonomies.
    nav.extend([
        ("potm", "Monthly pick"),
        ("reading-lists", "Reading lists"),
        ("wheel", "Wheel of Misfortune"),
        ("root-causes", "Root causes"),
        ("trends", "Trends"),
    ]);
    context! {
        title => input.title,
        source => &input.source_label,
        count => count,
        nav => Serde(&nav),
        notice => &input.notice,
        lang => input.language,
    }
}

/// The home page and the reading club's pages.
fn home_and_club(
    ctx: &PageCtx<'_>,
    summaries: &[impl serde::Serialize],
) -> Result<Vec<OutputFile>, RenderError> {
    let _span = tracing::debug_span!("pages/home+club").entered();
    let (input, cards) = (ctx.input, ctx.cards);
    let recent: Vec<&Card> = cards.iter().take(12).collect();
    let stats = stats(input.postmortems);
    let potm = super::club::current(&input.club.picks, cards);
    let home = ctx.page_or_keep(
        ("index.html", "index.html"),
        &(&recent, summaries, &stats, &potm),
        || {
            context! {
                site => ctx.site.clone(),
                root => "",
                recent => Serde(&recent),
                taxonomies => Serde(summaries),
                stats => Serde(&stats),
                potm => Serde(&potm),
            }
        },
    )?;
    let mut out: Vec<OutputFile> = home.into_iter().collect();
    out.extend(super::club::pages(ctx)?);
    Ok(out)
}

/// Each list's index page and its terms' pages.
fn term_pages<S: serde::Serialize>(
    ctx: &PageCtx<'_>,
    taxes: &[Taxonomy<'_>],
    summaries: &[S],
) -> Result<Vec<OutputFile>, RenderError> {
    let _span = tracing::debug_span!("pages/taxonomies").entered();
    let mut out = Vec::new();
    for (tax, summary) in taxes.iter().zip(summaries) {
        out.extend(ctx.page_or_keep(
            ("terms.html", &format!("{}/index.html", tax.key)),
            summary,
            || context! { site => ctx.site.clone(), root => "../", taxonomy => Serde(&summary) },
        )?);
        for term in &tax.terms {
            for page in paging::split(&term.items, &term.url, ctx.input.page_size) {
                let fps: Vec<_> = page.items.iter().map(|c| c.fp).collect();
                let term_key = (&term.name, &term.slug, &term.url, term.count);
                out.extend(ctx.page_or_keep(
                    ("term.html", &page.url),
                    &(summary, term_key, &page.paging, fps),
                    || {
                        context! {
                            site => ctx.site.clone(),
                            root => &page.root,
                            taxonomy => Serde(&summary),
                            // `term.items` as before, for themes that list them.
                            term => context! { name => &term.name, slug => &term.slug, url => &term.url, count => term.count, items => Serde(page.items) },
                            items => Serde(page.items),
                            paging => Serde(&page.paging),
                        }
                    },
                )?);
            }
        }
    }
    Ok(out)
}

/// The Trends pages, with a page per service of the services list.
fn trends_pages(ctx: &PageCtx<'_>, taxes: &[Taxonomy<'_>]) -> Result<Vec<OutputFile>, RenderError> {
    let _span = tracing::debug_span!("pages/trends").entered();
    let services: Vec<super::trends::ServiceSlug> = taxes
        .iter()
        .filter(|t| t.key == "services")
        .flat_map(|t| &t.terms)
        .map(|term| (term.name.clone(), term.slug.clone()))
        .collect();
    super::trends::pages(ctx, &services)
}

/// The root-cause pages.
fn cluster_pages(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let _span = tracing::debug_span!("pages/root-causes").entered();
    super::clusters::pages(ctx)
}

/// The search page (client-side search over OUT/search/).
fn search_page(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let page = ctx.page_or_keep(("search.html", "search/index.html"), &(), || {
        context! { site => ctx.site.clone(), root => "../" }
    })?;
    Ok(page.into_iter().collect())
}

/// Every postmortem's page.
fn postmortem_pages(
    ctx: &PageCtx<'_>,
    taxes: &[Taxonomy<'_>],
) -> Result<Vec<OutputFile>, RenderError> {
    let _span = tracing::debug_span!("pages/postmortems").entered();
    let links = super::views::page_links(ctx.input.postmortems);
    let term_links = |tax: &str, names: &[String]| -> Vec<(String, String)> {
        let t = taxes.iter().find(|t| t.key == tax);
        names
            .iter()
            .map(|n| {
                let url = t
                    .and_then(|t| t.terms.iter().find(|term| &term.name == n))
                    .map_or(String::new(), |term| term.url.clone());
                (n.clone(), url)
            })
            .collect()
    };
    let pages: Vec<Option<OutputFile>> = ctx
        .input
        .postmortems
        .par_iter()
        .enumerate()
        .map(|(doc, pm)| postmortem_page(ctx, &links, &term_links, doc, pm))
        .collect::<Result<_, _>>()?;
    Ok(pages.into_iter().flatten().collect())
}

/// One postmortem's page, unless the site already holds it.
fn postmortem_page(
    ctx: &PageCtx<'_>,
    links: &BTreeMap<String, String>,
    term_links: &TermLinks<'_>,
    doc: usize,
    pm: &Postmortem,
) -> Result<Option<OutputFile>, RenderError> {
    let (input, env, site, site_fp, cards) =
        (ctx.input, ctx.env, &ctx.site, ctx.site_fp, ctx.cards);
    use crate::analyze::related::Link;
    let card = &cards[doc];
    // A draft is never shown as related; its own page lists what it resembles.
    let finished = |l: &&Link| !cards[l.doc].draft;
    let related: Vec<Link> = match input.related.related.get(doc) {
        Some(links) => links.iter().filter(finished).cloned().collect(),
        None => Vec::new(),
    };
    let recurrence = input
        .related
        .recurrence_of
        .get(doc)
        .copied()
        .flatten()
        .filter(|l| finished(&l));
    let reasons: &[Vec<String>] = input.related.reasons.get(doc).map_or(&[], Vec::as_slice);
    let all_links: &[Link] = input.related.related.get(doc).map_or(&[], Vec::as_slice);
    let reasons_of = |l: &Link| {
        let i = all_links.iter().position(|r| r.doc == l.doc);
        i.and_then(|i| reasons.get(i)).cloned().unwrap_or_default()
    };
    let cluster = input.clusters.of_doc.get(doc).copied().flatten().map(|k| {
        let c = &input.clusters.clusters[k];
        ClusterLink {
            label: c.label.clone(),
            url: cluster_url(&c.id),
            size: c.members.len(),
        }
    });
    let terms = (
        term_links("services", &pm.meta.written.services),
        term_links("tags", &pm.meta.written.tags),
        (input.edit_link)(&pm.path),
    );
    // Besides the postmortem itself, the page shows others' cards, its
    // cluster and term links: all in the key by value. The page's view is
    // made only when it is rendered: most pages of a rebuild are kept.
    let shown = |l: &Link| (cards[l.doc].fp, l.score, reasons_of(l));
    let key = (
        input.doc_fingerprint(doc),
        related.iter().map(shown).collect::<Vec<_>>(),
        (recurrence.as_ref().map(shown), &cluster, &terms),
    );
    page_or_keep(
        input,
        site_fp,
        env,
        ("postmortem.html", &card.url),
        &key,
        || {
            let related_card = |l: &Link| RelatedCard {
                card: cards[l.doc].clone(),
                score: l.score,
                reasons: reasons_of(l),
            };
            let view = Page {
                related: related.iter().map(related_card).collect(),
                recurrence_of: recurrence.as_ref().map(related_card),
                cluster: cluster.clone(),
                ..page_view(pm, card, terms.clone(), input)
            };
            let (folds, ranges) = folds(pm);
            let body = markdown::to_pieces(
                &pm.body,
                &pm.path,
                &pm.title,
                input.links(links),
                "../",
                &ranges,
                &key_lines(pm),
            );
            context! {
                site => site.clone(),
                root => "../",
                lang => &view.lang,
                pm => Serde(&view),
                body => Serde(&body),
                folds => Serde(&folds),
            }
        },
    )
}

/// Byte offsets in the body of the key lines (`Severity: SEV1`) the
/// title, date, severity or summary were read from: their paragraph keeps
/// its line breaks.
fn key_lines(pm: &Postmortem) -> Vec<usize> {
    use crate::model::Source;
    let o = &pm.origins;
    let lines = [&o.title, &o.date, &o.severity, &o.summary]
        .into_iter()
        .flatten()
        .filter(|o| o.from == Source::KeyLine)
        .filter_map(|o| o.line?.checked_sub(pm.body_line));
    lines
        .filter_map(|n| {
            let before: usize = pm.body.split_inclusive('\n').take(n).map(str::len).sum();
            (before < pm.body.len()).then_some(before)
        })
        .collect()
}

/// The sections of `pm` whose structured reading the page shows (its
/// timeline, action items, durations): the author's text of each is
/// folded behind it. Their names, and their byte ranges in the body.
fn folds(pm: &Postmortem) -> (Vec<&'static str>, Vec<std::ops::Range<usize>>) {
    use crate::model::Canonical;
    let d = &pm.durations;
    let durations = [
        d.minutes_to_detect,
        d.minutes_to_mitigate,
        d.minutes_to_resolve,
        d.minutes_total,
    ];
    let shown = [
        (Canonical::Timeline, !pm.timeline.is_empty()),
        (Canonical::ActionItems, !pm.action_items.is_empty()),
        (Canonical::Stats, durations.iter().any(Option::is_some)),
    ];
    shown
        .into_iter()
        .filter(|(_, structured)| *structured)
        .filter_map(|(kind, _)| Some((kind.as_str(), pm.section(kind)?.content.clone())))
        .filter(|(_, range)| !range.is_empty())
        .unzip()
}

/// A postmortem's page without the others it links to, given its service
/// and tag links and its edit link.
fn page_view(
    pm: &Postmortem,
    card: &Card,
    (service_links, tag_links, edit_url): (Links, Links, Option<String>),
    input: &SiteInput<'_>,
) -> Page {
    Page {
        card: card.clone(),
        path: pm.path.clone(),
        written: pm.meta.written.clone(),
        minutes_to_detect: pm.durations.minutes_to_detect,
        minutes_to_mitigate: pm.durations.minutes_to_mitigate,
        minutes_to_resolve: pm.durations.minutes_to_resolve,
        minutes_total: pm.durations.minutes_total,
        action_items: pm.action_items.clone(),
        timeline: pm.timeline.clone(),
        created: pm.history.created.clone(),
        updated: pm.history.updated.clone(),
        contributors: pm.history.contributors.clone(),
        revisions: pm.history.revisions.clone(),
        uncommitted: pm.history.uncommitted,
        history_reliable: pm.history.reliable,
        edit_url,
        service_links,
        tag_links,
        warnings: pm
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .map(|d| d.to_string())
            .collect(),
        related: Vec::new(),
        recurrence_of: None,
        cluster: None,
        facts: super::facts::of(pm, input.ticket_url),
        lang: card
            .lang
            .clone()
            .unwrap_or_else(|| input.language.to_string()),
        action_types: pm
            .action_items
            .iter()
            .any(|a| a.kind != crate::model::ActionType::Other),
    }
}

/// Headline numbers for the home page.
#[derive(serde::Serialize)]
struct Stats {
    postmortems: usize,
    action_items: usize,
    actions_open: usize,
    first_year: Option<String>,
    last_year: Option<String>,
}

fn stats(pms: &[Postmortem]) -> Stats {
    let years: Vec<&str> = pms
        .iter()
        .filter_map(|p| p.date.as_deref())
        .map(|d| &d[..4])
        .collect();
    Stats {
        postmortems: pms.len(),
        action_items: pms.iter().map(|p| p.action_items.len()).sum(),
        actions_open: pms
            .iter()
            .flat_map(|p| &p.action_items)
            .filter(|a| !a.done)
            .count(),
        first_year: years.iter().min().map(|s| s.to_string()),
        last_year: years.iter().max().map(|s| s.to_string()),
    }
}
