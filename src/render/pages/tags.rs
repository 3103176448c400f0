//! The tag index (on as many pages as the page budget needs: `/tags/`,
//! `/tags/page/<n>/`, cut by [`super::budget::runs`]) and each tag's page
//! (`/tags/<slug>/`, `/tags/<slug>/page/<n>/`, cut the same way).

use serde::Serialize;

use super::briefing_list::Paginator;
use super::{budget, job, Ctx};
use crate::render::views::BriefingLink;
use crate::render::Job;
use crate::route::Route;

/// The runs of tags (in slug order) that make the pages of `/tags/`.
fn tag_runs(ctx: &Ctx) -> Vec<std::ops::Range<usize>> {
    let sizes: Vec<usize> = ctx
        .site
        .index
        .tags
        .iter()
        .map(|(slug, t)| budget::row_size([t.name.as_str(), slug.as_str(), slug.as_str(), "0000"]))
        .collect();
    budget::runs(&sizes, budget::list_budget(ctx))
}

/// How many pages `/tags/` takes.
pub(super) fn page_count(ctx: &Ctx) -> usize {
    tag_runs(ctx).len()
}

/// Page `n` (1 is `/tags/`) of the tag index.
pub(super) fn tag_list(ctx: &Ctx, n: usize) -> Job {
    #[derive(Serialize)]
    struct Item<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        count: usize,
        /// Every page of the index, when there is more than one.
        pages: Vec<budget::IndexPage<'a>>,
        tags: Vec<Item<'a>>,
    }
    let urls = &ctx.shared.urls;
    let all: Vec<(&String, &crate::index::TagEntry)> = ctx.site.index.tags.iter().collect();
    let runs = tag_runs(ctx);
    let n = n.clamp(1, runs.len());
    let run = runs.get(n - 1).cloned().unwrap_or(0..0);
    let tags = all[run]
        .iter()
        .map(|&(slug, t)| Item {
            name: &t.name,
            slug,
            url: urls.to(Route::Tag(slug)),
            count: t.briefings.len(),
        })
        .collect();
    job(
        ctx,
        Route::TagListPage(n),
        &View {
            title: ctx.site.strings.get("tag_list.title"),
            count: all.len(),
            pages: budget::index_pages(
                &runs,
                n,
                |i| all.get(i).map_or("", |(_, t)| t.name.as_str()),
                |page| urls.to(Route::TagListPage(page)),
            ),
            tags,
        },
    )
}

/// The runs of a tag's briefings (newest first) that make its pages: a
/// briefing's line prints its date (twice: shown and as `datetime`),
/// address and title.
fn briefing_runs(ctx: &Ctx, t: &crate::index::TagEntry) -> Vec<std::ops::Range<usize>> {
    let sizes: Vec<usize> = t
        .briefings
        .iter()
        .map(|&b| {
            let l = &ctx.shared.briefing_links[b];
            budget::row_size([
                l.title,
                l.url.as_str(),
                l.date.display.as_str(),
                "0000-00-00",
            ]) + 40
        })
        .collect();
    budget::runs(&sizes, budget::list_budget(ctx))
}

/// How many pages the tag `slug` takes.
pub(super) fn tag_page_count(ctx: &Ctx, slug: &str) -> usize {
    ctx.site
        .index
        .tags
        .get(slug)
        .map_or(1, |t| briefing_runs(ctx, t).len())
}

/// Page `n` (1 is `/tags/<slug>/`) of a tag's briefings.
pub(super) fn tag(ctx: &Ctx, slug: &String, n: usize) -> Job {
    #[derive(Serialize)]
    struct TagView<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        timeline_url: String,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        tag: TagView<'a>,
        /// The briefings of this page.
        briefings: Vec<&'a BriefingLink<'a>>,
        /// Every briefing with the tag, on all pages.
        count: usize,
        paginator: Paginator,
    }
    let urls = &ctx.shared.urls;
    let t = &ctx.site.index.tags[slug];
    let runs = briefing_runs(ctx, t);
    let n = n.clamp(1, runs.len().max(1));
    let run = runs.get(n - 1).cloned().unwrap_or(0..0);
    let view = View {
        title: ctx.site.strings.fill("tag.title", &t.name),
        tag: TagView {
            name: &t.name,
            slug,
            url: urls.to(Route::Tag(slug)),
            timeline_url: format!("{}?tag={slug}", urls.to(Route::Timeline)),
        },
        briefings: t.briefings[run]
            .iter()
            .map(|&b| &ctx.shared.briefing_links[b])
            .collect(),
        count: t.briefings.len(),
        paginator: Paginator::new(n, runs.len().max(1), |p| urls.to(Route::TagPage(slug, p))),
    };
    job(ctx, Route::TagPage(slug, n), &view)
}
