//! Reading-club pages: the postmortem-of-the-month archive (`potm/`), the
//! reading lists (`reading-lists/`), and what the home page shows of them
//! (the current pick, "On this day" data). Discussion packets and the Wheel
//! of Misfortune have their own modules.

use super::paging;
use super::render::{page_or_keep, PageCtx};
use super::views::Card;
use super::{discuss, wheel, OutputFile, RenderError};
use crate::analyze::potm::{Part, Pick, MAX_SCORE, MIN_SCORE};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "2024-07" → "July 2024".
pub fn month_name(month: &str) -> String {
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    match MONTHS.get(m.wrapping_sub(1)) {
        Some(name) => format!("{name} {}", &month[..4]),
        None => month.to_string(),
    }
}

/// Months per page of the archive: two years. A pick carries its score's
/// breakdown, so a page of the general list size would outgrow the others.
const PICKS_PER_PAGE: usize = 24;

/// A month's pick as templates and feeds see it.
#[derive(Debug, Clone, Serialize)]
pub struct PickView {
    /// `YYYY-MM`, also the anchor on `potm/index.html`.
    pub month: String,
    /// "July 2024".
    pub month_name: String,
    /// What a list shows of the picked postmortem.
    pub card: Card,
    /// A curator chose it (hindsight.toml or front matter), not the score.
    pub curated: bool,
    /// "curated (…)" or the score's main contributions.
    pub reason: String,
    /// The curator's note, when there is one.
    pub note: Option<String>,
    /// The score's full breakdown (automatic picks only).
    pub parts: Vec<Part>,
    /// The score, for automatic picks; `None` when curated.
    pub total: Option<u32>,
    /// The most a postmortem can score, to show the score out of.
    pub max: u32,
}

/// Every month's pick, newest first.
pub fn pick_views(picks: &[Pick], cards: &[Card]) -> Vec<PickView> {
    picks
        .iter()
        .map(|p| {
            let (parts, total) = match &p.reason {
                crate::analyze::potm::Reason::Score(s) => (s.parts.clone(), Some(s.total)),
                _ => (Vec::new(), None),
            };
            PickView {
                month: p.month.clone(),
                month_name: month_name(&p.month),
                card: cards[p.index].clone(),
                curated: p.reason.is_curated(),
                reason: p.reason.text(),
                note: p.note.clone(),
                parts,
                total,
                max: MAX_SCORE,
            }
        })
        .collect()
}

/// The newest month's pick, for the home page.
pub fn current(picks: &[Pick], cards: &[Card]) -> Option<PickView> {
    pick_views(picks.get(..1)?, cards).pop()
}

/// Global the data files of "On this day" set (see `static/on-this-day.js`).
const ON_THIS_DAY_GLOBAL: &str = "HINDSIGHT_ON_THIS_DAY";

/// The home page's "On this day" data: one script per month of the year,
/// `on-this-day/MM.js`, setting [`ON_THIS_DAY_GLOBAL`] to `[[day, year,
/// url, title], …]`. The browser loads only today's month (a script element
/// works from `file://` too), so the home page stays small at 10,000
/// postmortems. All twelve are written, empty or not, so none is missing.
pub fn on_this_day_files(cards: &[Card]) -> Vec<OutputFile> {
    let mut months: Vec<Vec<[&str; 4]>> = vec![Vec::new(); 12];
    for c in cards {
        let Some(d) = c.date.as_deref() else { continue };
        let (Some(year), Some(month), Some(day)) = (d.get(..4), d.get(5..7), d.get(8..10)) else {
            continue;
        };
        if let Some(rows) = month
            .parse::<usize>()
            .ok()
            .and_then(|m| months.get_mut(m.wrapping_sub(1)))
        {
            rows.push([day, year, c.url.as_str(), c.title.as_str()]);
        }
    }
    months
        .iter()
        .enumerate()
        .map(|(i, rows)| {
            // JSON is a JavaScript expression; the file is never inlined in HTML.
            let json = serde_json::to_string(rows).expect("strings serialize");
            OutputFile::new(
                format!("on-this-day/{:02}.js", i + 1),
                format!("window.{ON_THIS_DAY_GLOBAL} = {json};\n").into_bytes(),
            )
        })
        .collect()
}

#[derive(Serialize)]
struct ItemView {
    reference: String,
    card: Option<Card>,
    note: Option<String>,
    questions: Vec<String>,
}

#[derive(Serialize)]
struct ListView {
    url: String,
    path: String,
    title: String,
    description: Option<String>,
    questions: Vec<String>,
    count: usize,
    missing: usize,
    items: Vec<ItemView>,
}

/// URL of a reading list's page relative to the site root.
pub fn list_url(slug: &str) -> String {
    format!("reading-lists/{slug}.html")
}

/// Renders the archive, the reading lists, the discussion packets and the
/// Wheel of Misfortune. `site` is the context every page shares.
pub(super) fn pages(ctx: &PageCtx<'_>) -> Result<Vec<OutputFile>, RenderError> {
    let (input, env, site, cards, site_fp) =
        (ctx.input, ctx.env, &ctx.site, ctx.cards, ctx.site_fp);
    let mut out = Vec::new();
    let picks = pick_views(&input.club.picks, cards);
    for page in paging::split(&picks, "potm/index.html", PICKS_PER_PAGE) {
        out.extend(page_or_keep(
            input,
            site_fp,
            env,
            ("potm.html", &page.url),
            &(page.items, &page.paging),
            || context! { site => site.clone(), root => &page.root, picks => Serde(page.items), paging => Serde(&page.paging), min_score => MIN_SCORE, max_score => MAX_SCORE },
        )?);
    }

    let lists: Vec<ListView> = input
        .club
        .reading_lists
        .iter()
        .map(|l| ListView {
            url: list_url(&l.slug),
            path: l.path.clone(),
            title: l.title.clone(),
            description: l.description.clone(),
            questions: l.questions.clone(),
            count: l.items.len(),
            missing: l.items.iter().filter(|i| i.index.is_none()).count(),
            items: l
                .items
                .iter()
                .map(|i| ItemView {
                    reference: i.reference.clone(),
                    card: i.index.map(|k| cards[k].clone()),
                    note: i.note.clone(),
                    questions: i.questions.clone(),
                })
                .collect(),
        })
        .collect();
    out.extend(page_or_keep(
        input,
        site_fp,
        env,
        ("reading-lists.html", "reading-lists/index.html"),
        &lists,
        || context! { site => site.clone(), root => "../", lists => Serde(&lists) },
    )?);
    for list in &lists {
        out.extend(page_or_keep(
            input,
            site_fp,
            env,
            ("reading-list.html", &list.url),
            list,
            || context! { site => site.clone(), root => "../", list => Serde(list) },
        )?);
    }
    let t0 = tracing::debug_span!("pages/on-this-day").entered();
    out.extend(on_this_day_files(cards));
    drop(t0);
    let t0 = tracing::debug_span!("pages/discuss").entered();
    out.extend(discuss::pages(ctx)?);
    drop(t0);
    let t0 = tracing::debug_span!("pages/wheel").entered();
    out.extend(wheel::pages(ctx)?);
    drop(t0);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names() {
        assert_eq!(month_name("2024-07"), "July 2024");
        assert_eq!(month_name("2024-12"), "December 2024");
        assert_eq!(month_name("2024-13"), "2024-13");
    }
}
