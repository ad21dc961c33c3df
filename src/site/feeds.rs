//! Atom 1.0 feeds, written with `atom_syndication` (escaping and element
//! order are the crate's job, not string concatenation's):
//!
//! * `potm.xml`: one entry per month's postmortem of the month, `updated` =
//!   the first day of the month (UTC midnight), with the summary and why it
//!   was picked;
//! * `feed.xml`: the newest [`NEWEST`] finished postmortems (drafts are
//!   left out of both feeds) that have an incident date, `published` = that date, `updated` = the last commit that changed
//!   the file (from git), if later.
//!
//! Every date comes from the data, never from the clock, so two builds of
//! the same revision write the same bytes. Links are absolute when
//! `base_url` is set, else relative (the build warns). Ids never depend on
//! the build: a pick is `tag:<base_url's host>,2024-07:potm/<id>`, a
//! postmortem its page's address; without a base_url both are
//! `urn:hindsight:<site>:…`.

use super::club::month_name;
// Entry content is HTML, which Atom escapes once more as XML.
use super::escape::html as esc;
use super::urls::discuss_url;
use super::views::page_url;
use super::{OutputFile, SiteInput};
use crate::analyze::potm::Pick;
use crate::model::Postmortem;
use crate::slug::slugify;
use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::NaiveDate;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// How many postmortems `feed.xml` carries.
pub const NEWEST: usize = 30;

/// Characters escaped in link paths (non-ASCII is always escaped).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Checks and normalizes `base_url` (with a trailing `/`). `Err` is the
/// warning to print when it is missing or not an absolute http(s) URL.
pub fn base_url(configured: Option<&str>) -> Result<String, String> {
    let fix =
        "set base_url = \"https://…/\" in hindsight.toml to the address the site is published at";
    match configured.map(str::trim) {
        None | Some("") => Err(format!(
            "hindsight.toml: `base_url` is not set, so potm.xml and feed.xml use relative links that feed readers cannot follow; {fix}"
        )),
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
            Ok(if u.ends_with('/') { u.to_string() } else { format!("{u}/") })
        }
        Some(u) => Err(format!(
            "hindsight.toml: base_url `{u}` is not an absolute http(s) URL, so the feeds use relative links; {fix}"
        )),
    }
}

/// Host of an absolute URL, without user info or port.
fn host(base: &str) -> Option<&str> {
    let rest = base.split_once("://")?.1;
    let authority = rest.split('/').next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// Midnight UTC of `YYYY-MM-DD` (or of the first of `YYYY-MM`).
fn day(s: &str) -> Option<FixedDateTime> {
    let s = if s.len() == 7 {
        format!("{s}-01")
    } else {
        s.get(..10)?.to_string()
    };
    let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

struct Ctx<'a> {
    base: Option<&'a str>,
    host: Option<&'a str>,
    site: String,
    title: &'a str,
}

impl Ctx<'_> {
    fn href(&self, rel: &str) -> String {
        let rel = utf8_percent_encode(rel, PATH).to_string();
        match self.base {
            Some(b) => format!("{b}{rel}"),
            None => rel,
        }
    }
    /// A month's pick: `tag:host,2024-07:potm/<id>`, else a `urn:`.
    fn potm_id(&self, month: &str, id: &str) -> String {
        match self.host {
            Some(h) => format!("tag:{h},{month}:potm/{id}"),
            None => format!("urn:hindsight:{}:potm:{month}:{id}", self.site),
        }
    }
    /// A postmortem: its page's address (a permalink), else a `urn:`.
    fn postmortem_id(&self, id: &str) -> String {
        match self.base {
            Some(_) => self.href(&page_url(id)),
            None => format!("urn:hindsight:{}:postmortems:{id}", self.site),
        }
    }
    fn link(&self, rel: &str, url: &str, mime: Option<&str>) -> Link {
        let mut l = Link::default();
        l.set_href(self.href(url));
        l.set_rel(rel);
        l.set_mime_type(mime.map(str::to_string));
        l
    }
    fn feed(&self, file: &str, page: &str, title: String, entries: Vec<Entry>) -> Feed {
        let mut feed = Feed::default();
        feed.set_id(match self.base {
            Some(b) => format!("{b}{file}"),
            None => format!("urn:hindsight:{}:{}", self.site, file),
        });
        feed.set_title(Text::plain(title));
        let mut author = Person::default();
        author.set_name(self.title);
        feed.set_authors(vec![author]);
        feed.set_links(vec![
            self.link("self", file, Some("application/atom+xml")),
            self.link("alternate", page, Some("text/html")),
        ]);
        // The newest entry's date; a fixed date for an empty feed.
        let updated = entries.iter().map(|e| *e.updated()).max();
        feed.set_updated(updated.unwrap_or_else(|| day("1970-01-01").expect("valid date")));
        feed.set_entries(entries);
        feed
    }
}

fn categories(pm: &Postmortem) -> Vec<Category> {
    pm.severity
        .iter()
        .chain(&pm.meta.written.services)
        .chain(&pm.meta.written.tags)
        .map(|t| {
            let mut c = Category::default();
            c.set_term(t.clone());
            c
        })
        .collect()
}

fn html_content(paragraphs: &[String]) -> Content {
    let mut c = Content::default();
    c.set_content_type("html".to_string());
    c.set_value(paragraphs.concat());
    c
}

fn potm_entry(ctx: &Ctx<'_>, pick: &Pick, pm: &Postmortem) -> Entry {
    let mut e = Entry::default();
    e.set_id(ctx.potm_id(&pick.month, &pm.id));
    e.set_title(Text::plain(format!(
        "{}: {}",
        month_name(&pick.month),
        pm.title
    )));
    e.set_updated(day(&pick.month).expect("picks have valid months"));
    e.set_links(vec![ctx.link(
        "alternate",
        &page_url(&pm.id),
        Some("text/html"),
    )]);
    let why = pick.reason.text();
    let note = pick.note.as_deref().map(|n| format!("Curator's note: {n}"));
    let plain: Vec<String> = [pm.summary.clone(), note.clone()]
        .into_iter()
        .flatten()
        .chain([format!("Why it was picked: {why}")])
        .collect();
    e.set_summary(Some(Text::plain(plain.join("\n\n"))));
    let mut html = Vec::new();
    if let Some(s) = &pm.summary {
        html.push(format!("<p>{}</p>", esc(s)));
    }
    if let Some(n) = &pick.note {
        html.push(format!(
            "<p><strong>Curator's note:</strong> {}</p>",
            esc(n)
        ));
    }
    html.push(format!(
        "<p><strong>Why it was picked:</strong> {}</p>",
        esc(&why)
    ));
    html.push(format!(
        "<p><a href=\"{}\">Read the postmortem</a> · <a href=\"{}\">Discussion packet</a></p>",
        esc(&ctx.href(&page_url(&pm.id))),
        esc(&ctx.href(&discuss_url(&pm.id)))
    ));
    e.set_content(Some(html_content(&html)));
    e.set_categories(categories(pm));
    e
}

fn postmortem_entry(ctx: &Ctx<'_>, pm: &Postmortem, date: &str) -> Entry {
    let mut e = Entry::default();
    e.set_id(ctx.postmortem_id(&pm.id));
    e.set_title(Text::plain(pm.title.clone()));
    let published = day(date);
    let committed = pm.history.updated.as_deref().and_then(day);
    e.set_published(published);
    e.set_updated(published.max(committed).expect("the date was checked"));
    e.set_links(vec![ctx.link(
        "alternate",
        &page_url(&pm.id),
        Some("text/html"),
    )]);
    if let Some(s) = &pm.summary {
        e.set_summary(Some(Text::plain(s.clone())));
    }
    e.set_authors(
        pm.meta
            .written
            .authors
            .iter()
            .map(|a| {
                let mut p = Person::default();
                p.set_name(a.clone());
                p
            })
            .collect::<Vec<_>>(),
    );
    e.set_categories(categories(pm));
    e
}

fn xml(path: &str, feed: &Feed) -> OutputFile {
    let bytes = feed
        .write_to(Vec::new())
        .expect("writing to memory cannot fail");
    OutputFile::new(path, bytes)
}

/// `potm.xml` and `feed.xml`.
pub fn files(input: &SiteInput<'_>) -> Vec<OutputFile> {
    let ctx = Ctx {
        base: input.base_url,
        host: input.base_url.and_then(host),
        site: slugify(input.title, "site"),
        title: input.title,
    };
    let potm: Vec<Entry> = input
        .club
        .picks
        .iter()
        .map(|p| (p, &input.postmortems[p.index]))
        // A draft is not announced, even when someone curated it.
        .filter(|(_, pm)| !pm.is_draft())
        .map(|(p, pm)| potm_entry(&ctx, p, pm))
        .collect();
    // The corpus is sorted newest incident first; undated ones cannot be placed.
    let newest: Vec<Entry> = input
        .postmortems
        .iter()
        .filter(|pm| !pm.is_draft())
        .filter_map(|pm| Some((pm, pm.date.as_deref().filter(|d| day(d).is_some())?)))
        .take(NEWEST)
        .map(|(pm, date)| postmortem_entry(&ctx, pm, date))
        .collect();
    vec![
        xml(
            "potm.xml",
            &ctx.feed(
                "potm.xml",
                "potm/index.html",
                format!("{}: postmortem of the month", input.title),
                potm,
            ),
        ),
        xml(
            "feed.xml",
            &ctx.feed(
                "feed.xml",
                "index.html",
                format!("{}: newest postmortems", input.title),
                newest,
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_get_a_slash() {
        assert_eq!(
            base_url(Some("https://pm.example.com")).unwrap(),
            "https://pm.example.com/"
        );
        assert_eq!(
            base_url(Some("http://x.example/kb/")).unwrap(),
            "http://x.example/kb/"
        );
        assert!(base_url(None).unwrap_err().contains("not set"));
        assert!(base_url(Some("pm.example.com"))
            .unwrap_err()
            .contains("not an absolute"));
        assert_eq!(
            host("https://user@pm.example.com:8443/kb/"),
            Some("pm.example.com")
        );
    }

    #[test]
    fn days_are_utc_midnight() {
        assert_eq!(
            day("2024-07").unwrap().to_rfc3339(),
            "2024-07-01T00:00:00+00:00"
        );
        assert_eq!(
            day("2024-06-18").unwrap().to_rfc3339(),
            "2024-06-18T00:00:00+00:00"
        );
        assert!(day("2024-13-01").is_none());
    }
}
