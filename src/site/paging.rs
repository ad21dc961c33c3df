//! Long lists cut into pages of a fixed number of items, so no list page
//! grows with the corpus. The first page keeps the list's own address (links,
//! feeds and search results that point at it keep working); page `n` of
//! `dir/name.html` is `dir/name/page/n.html`, and of `dir/index.html`
//! `dir/page/n.html`. Every page is a real file: the pager is plain links.

use serde::Serialize;

/// How many page numbers the pager shows on each side of the current one
/// (besides the first and the last).
const AROUND: usize = 2;

/// URL of page `n` (1-based) of the list whose first page is at `first`,
/// relative to the site root.
pub fn page_url(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    let stem = first.strip_suffix(".html").unwrap_or(first);
    // `dir/index.html` pages under `dir/page/`; any other `dir/name.html`
    // under `dir/name/page/`: a folder named after no other page.
    let folder = stem.strip_suffix("/index").unwrap_or(stem);
    format!("{folder}/page/{n}.html")
}

/// The prefix that leads from a page at `url` back to the site root.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// One entry of the pager: a page number, or a gap between numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLink {
    /// `None` for a gap ("…").
    pub number: Option<usize>,
    /// Relative to the site root; `None` for a gap.
    pub url: Option<String>,
    /// This entry is the page being shown.
    pub current: bool,
}

/// Where one page sits in its list, as the pager shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paging {
    /// This page, 1-based.
    pub number: usize,
    /// How many pages the list has (at least 1).
    pub count: usize,
    /// Items in the whole list.
    pub total: usize,
    /// 1-based positions of this page's first and last items in the list
    /// (0 and 0 for an empty list).
    pub first_item: usize,
    /// 1-based position of this page's last item in the list (0 for an empty list).
    pub last_item: usize,
    /// URLs of the pages before and after, relative to the site root.
    pub prev: Option<String>,
    /// URL of the page after, relative to the site root; `None` on the last page.
    pub next: Option<String>,
    /// The page numbers to show: the first, the last, those around this
    /// one, and gaps.
    pub links: Vec<PageLink>,
}

/// One page of a list: where it goes, its items and its place.
#[derive(Debug)]
pub struct ListPage<'a, T> {
    /// The page's path, relative to the site root.
    pub url: String,
    /// The prefix from this page back to the site root.
    pub root: String,
    /// The items on this page.
    pub items: &'a [T],
    /// Where the page sits in its list.
    pub paging: Paging,
}

/// Cuts `items` into pages of `size` (at least 1) items; the first page is
/// at `first`. An empty list still has its one page.
pub fn split<'a, T>(items: &'a [T], first: &str, size: usize) -> Vec<ListPage<'a, T>> {
    let size = size.max(1);
    let count = items.len().div_ceil(size).max(1);
    (1..=count)
        .map(|number| {
            let start = (number - 1) * size;
            let end = (start + size).min(items.len());
            let url = page_url(first, number);
            ListPage {
                root: root_of(&url),
                url,
                items: &items[start.min(end)..end],
                paging: Paging {
                    number,
                    count,
                    total: items.len(),
                    first_item: if end > start { start + 1 } else { 0 },
                    last_item: end,
                    prev: (number > 1).then(|| page_url(first, number - 1)),
                    next: (number < count).then(|| page_url(first, number + 1)),
                    links: links(first, number, count),
                },
            }
        })
        .collect()
}

/// The pager's numbers for page `current` of `count`: 1, a gap, the pages
/// around `current`, a gap, `count`.
fn links(first: &str, current: usize, count: usize) -> Vec<PageLink> {
    let shown = |n: usize| n == 1 || n == count || n.abs_diff(current) <= AROUND;
    let mut out = Vec::new();
    for n in 1..=count {
        if shown(n) {
            out.push(PageLink {
                number: Some(n),
                url: Some(page_url(first, n)),
                current: n == current,
            });
        } else if out.last().is_some_and(|l| l.number.is_some()) {
            out.push(PageLink {
                number: None,
                url: None,
                current: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_live_in_a_folder_named_after_the_first() {
        assert_eq!(page_url("severities/sev3.html", 1), "severities/sev3.html");
        assert_eq!(
            page_url("severities/sev3.html", 2),
            "severities/sev3/page/2.html"
        );
        assert_eq!(page_url("wheel/index.html", 3), "wheel/page/3.html");
        assert_eq!(root_of("severities/sev3.html"), "../");
        assert_eq!(root_of("severities/sev3/page/2.html"), "../../../");
        assert_eq!(root_of("wheel/page/3.html"), "../../");
    }

    #[test]
    fn every_item_is_on_exactly_one_page() {
        for (n, size) in [(0, 3), (1, 3), (3, 3), (4, 3), (10, 1), (250, 100)] {
            let items: Vec<usize> = (0..n).collect();
            let pages = split(&items, "tags/x.html", size);
            let seen: Vec<usize> = pages.iter().flat_map(|p| p.items).copied().collect();
            assert_eq!(seen, items, "n={n} size={size}");
            assert_eq!(pages.len(), n.div_ceil(size).max(1));
            assert!(pages.iter().all(|p| p.items.len() <= size));
            let last = pages.last().unwrap();
            assert_eq!(last.paging.next, None);
            assert_eq!(pages[0].paging.prev, None);
            for w in pages.windows(2) {
                assert_eq!(w[0].paging.next.as_deref(), Some(w[1].url.as_str()));
                assert_eq!(w[1].paging.prev.as_deref(), Some(w[0].url.as_str()));
            }
        }
    }

    #[test]
    fn the_pager_shows_ends_neighbours_and_gaps() {
        let numbers = |current| {
            links("a/b.html", current, 10)
                .iter()
                .map(|l| l.number.map_or("…".to_string(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(numbers(1), "1 2 3 … 10");
        assert_eq!(numbers(5), "1 … 3 4 5 6 7 … 10");
        assert_eq!(numbers(10), "1 … 8 9 10");
        assert_eq!(links("a/b.html", 1, 1).len(), 1);
        let current: Vec<_> = links("a/b.html", 4, 10)
            .into_iter()
            .filter(|l| l.current)
            .collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].url.as_deref(), Some("a/b/page/4.html"));
    }
}
