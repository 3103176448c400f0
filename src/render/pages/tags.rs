//! The tag index and each tag's page.

use serde::Serialize;

use super::{job, Ctx};
use crate::render::views::BriefingLink;
use crate::render::Job;
use crate::route::Route;

pub(super) fn tag_list(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Item<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'static str,
        tags: Vec<Item<'a>>,
    }
    let urls = &ctx.shared.urls;
    let tags = ctx
        .site
        .index
        .tags
        .iter()
        .map(|(slug, t)| Item {
            name: &t.name,
            slug,
            url: urls.to(Route::Tag(slug)),
            count: t.briefings.len(),
        })
        .collect();
    job(
        ctx,
        Route::TagList,
        &View {
            title: "Tags",
            tags,
        },
    )
}

pub(super) fn tag(ctx: &Ctx, slug: &String) -> Job {
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
        briefings: Vec<&'a BriefingLink<'a>>,
    }
    let urls = &ctx.shared.urls;
    let t = &ctx.site.index.tags[slug];
    let view = View {
        title: format!("Tag: {}", t.name),
        tag: TagView {
            name: &t.name,
            slug,
            url: urls.to(Route::Tag(slug)),
            timeline_url: format!("{}?tag={slug}", urls.to(Route::Timeline)),
        },
        briefings: t
            .briefings
            .iter()
            .map(|&b| &ctx.shared.briefing_links[b])
            .collect(),
    };
    job(ctx, Route::Tag(slug), &view)
}
