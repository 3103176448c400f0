//! Every source cited across the briefings, grouped by publisher, on as many
//! pages as the page budget needs (`/sources/`, `/sources/page/<n>/`): the
//! sources in publisher order, cut by [`super::budget::runs`], each page
//! naming the publishers it covers so that a reader finds one source's page
//! from any of them.

use serde::Serialize;

use super::{budget, job, Ctx};
use crate::render::views::DateView;
use crate::render::Job;
use crate::route::{self, Route};

/// The site's sources in order, as (publisher, source) positions, and the
/// runs of them that make the pages.
pub(super) type Split = (Vec<(usize, usize)>, Vec<std::ops::Range<usize>>);

/// The split of the site's sources into pages, cut once per render.
fn split<'m>(ctx: &'m Ctx) -> &'m Split {
    ctx.memo.sources.get_or_init(|| cut(ctx))
}

fn cut(ctx: &Ctx) -> Split {
    let links = &ctx.shared.briefing_links;
    let mut items = Vec::new();
    let mut sizes = Vec::new();
    for (p, (_, list)) in ctx.site.index.sources.iter().enumerate() {
        for (i, s) in list.iter().enumerate() {
            items.push((p, i));
            let cited = s.cited_by.iter().flat_map(|(b, id)| {
                let l = &links[*b];
                [l.title, l.url.as_str(), l.url.as_str(), id.as_str()]
            });
            sizes.push(budget::row_size(
                [s.title.as_str(), s.url.as_deref().unwrap_or_default()]
                    .into_iter()
                    .chain(cited),
            ));
        }
    }
    let runs = budget::runs(&sizes, budget::list_budget(ctx));
    (items, runs)
}

/// How many pages `/sources/` takes.
pub(super) fn page_count(ctx: &Ctx) -> usize {
    split(ctx).1.len()
}

pub(super) fn sources(ctx: &Ctx, n: usize) -> Job {
    #[derive(Serialize)]
    // The briefing link's fields written out rather than `#[serde(flatten)]`,
    // which serialises through a slower map path (this page lists every
    // citation of the site).
    struct Citing<'a> {
        title: &'a str,
        url: &'a str,
        date: &'a DateView,
        summary: &'a str,
        source_href: String,
    }
    #[derive(Serialize)]
    struct Item<'a> {
        title: &'a str,
        url: Option<&'a str>,
        briefings: Vec<Citing<'a>>,
    }
    #[derive(Serialize)]
    struct Publisher<'a> {
        name: &'a str,
        anchor: String,
        /// True when the publisher's first sources are on an earlier page.
        continued: bool,
        sources: Vec<Item<'a>>,
    }
    /// A page of the list: its number, link, and first and last publisher.
    #[derive(Serialize)]
    struct PageLink<'a> {
        number: usize,
        url: String,
        first: &'a str,
        last: &'a str,
        current: bool,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        count: usize,
        page: usize,
        pages: Vec<PageLink<'a>>,
        publishers: Vec<Publisher<'a>>,
    }
    let sources: Vec<_> = ctx.site.index.sources.iter().collect();
    let name = |p: usize| sources.get(p).map_or("", |(k, _)| k.as_str());
    let (items, runs) = split(ctx);
    let urls = &ctx.shared.urls;
    let pages: Vec<PageLink> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| PageLink {
            number: i + 1,
            url: urls.to(Route::SourcesPage(i + 1)),
            first: items.get(r.start).map_or("", |&(p, _)| name(p)),
            last: r
                .end
                .checked_sub(1)
                .and_then(|e| items.get(e))
                .map_or("", |&(p, _)| name(p)),
            current: i + 1 == n,
        })
        .collect();
    let mut publishers: Vec<Publisher> = Vec::new();
    let run = runs.get(n - 1).cloned().unwrap_or(0..0);
    for &(p, i) in &items[run] {
        let Some(&(pub_name, list)) = sources.get(p) else {
            continue;
        };
        if publishers.last().is_none_or(|last| last.name != pub_name) {
            publishers.push(Publisher {
                name: pub_name,
                anchor: format!("publisher-{}", crate::text::slugify(pub_name)),
                continued: i > 0,
                sources: Vec::new(),
            });
        }
        let s = &list[i];
        let item = Item {
            title: &s.title,
            url: s.url.as_deref(),
            briefings: s
                .cited_by
                .iter()
                .map(|(b, id)| {
                    let link = &ctx.shared.briefing_links[*b];
                    Citing {
                        title: link.title,
                        url: &link.url,
                        date: &link.date,
                        summary: link.summary,
                        source_href: format!("{}#{}", link.url, route::source_anchor(id)),
                    }
                })
                .collect(),
        };
        if let Some(last) = publishers.last_mut() {
            last.sources.push(item);
        }
    }
    job(
        ctx,
        Route::SourcesPage(n),
        &View {
            title: ctx.site.strings.get("sources.title"),
            count: items.len(),
            page: n,
            pages: if runs.len() > 1 { pages } else { Vec::new() },
            publishers,
        },
    )
}
