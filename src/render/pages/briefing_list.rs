//! The briefing list, newest first, paged by `pagination.briefings`.

use serde::Serialize;

use super::{job, Ctx};
use crate::render::views::{tag_links, BriefingLink, TagLink};
use crate::render::Job;
use crate::route::Route;

/// The numbered pager of a paged list (the briefing list, a tag's page).
#[derive(Serialize)]
pub(super) struct Paginator {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    /// True when pages are left out between this link and the one before.
    gap_before: bool,
}

impl Paginator {
    /// Page `n` of `total`, each page's address from `url`.
    pub(super) fn new(n: usize, total: usize, url: impl Fn(usize) -> String) -> Paginator {
        Paginator {
            current: n,
            total,
            prev_url: (n > 1).then(|| url(n - 1)),
            next_url: (n < total).then(|| url(n + 1)),
            pages: page_links(n, total, url),
        }
    }
}

/// How many numbered links either side of the current page.
const PAGE_WINDOW: usize = 2;

/// The numbered links of page `n` of `total`: the first, the last, and a
/// window around `n`. Listing every page on every page would make the
/// list pages quadratic (500 pages of 500 links at 10,000 briefings).
fn page_links(n: usize, total: usize, url: impl Fn(usize) -> String) -> Vec<PageLink> {
    let near = n.saturating_sub(PAGE_WINDOW)..=n + PAGE_WINDOW;
    let mut links: Vec<PageLink> = Vec::new();
    for number in (1..=total).filter(|&p| p == 1 || p == total || near.contains(&p)) {
        let gap_before = links.last().is_some_and(|l| l.number + 1 < number);
        links.push(PageLink {
            number,
            url: url(number),
            gap_before,
        });
    }
    links
}

pub(super) fn briefing_list(ctx: &Ctx, n: usize, total: usize) -> Job {
    #[derive(Serialize)]
    struct Item<'a> {
        #[serde(flatten)]
        link: &'a BriefingLink<'a>,
        tags: Vec<TagLink<'a>>,
        event_count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        briefings: Vec<Item<'a>>,
        paginator: Paginator,
    }
    let urls = &ctx.shared.urls;
    let per = ctx.site.config.per_page.max(1);
    let all = &ctx.site.library.briefings;
    let briefings = (0..all.len())
        .rev()
        .skip((n - 1) * per)
        .take(per)
        .map(|i| Item {
            link: &ctx.shared.briefing_links[i],
            tags: tag_links(urls, &all[i].tags),
            event_count: all[i].events.len(),
        })
        .collect();
    let view = View {
        title: if n == 1 {
            ctx.site.strings.get("briefing_list.title").to_string()
        } else {
            ctx.site
                .strings
                .fill("briefing_list.title_paged", &n.to_string())
        },
        briefings,
        paginator: Paginator::new(n, total, |number| urls.to(Route::BriefingList(number))),
    };
    job(ctx, Route::BriefingList(n), &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(n: usize, total: usize) -> Vec<(usize, bool)> {
        page_links(n, total, |p| format!("/p/{p}/"))
            .iter()
            .map(|l| (l.number, l.gap_before))
            .collect()
    }

    #[test]
    fn page_links_are_a_window_with_marked_gaps() {
        assert_eq!(shown(1, 1), [(1, false)]);
        assert_eq!(
            shown(1, 4),
            [(1, false), (2, false), (3, false), (4, false)]
        );
        assert_eq!(
            shown(1, 500),
            [(1, false), (2, false), (3, false), (500, true)]
        );
        assert_eq!(
            shown(250, 500),
            [
                (1, false),
                (248, true),
                (249, false),
                (250, false),
                (251, false),
                (252, false),
                (500, true)
            ]
        );
        assert_eq!(
            shown(500, 500),
            [(1, false), (498, true), (499, false), (500, false)]
        );
        // Every page links to its neighbours, so a crawler reaches them all.
        assert_eq!(page_links(7, 9, |p| p.to_string())[4].url, "8");
    }
}
