//! Every source cited across the briefings, grouped by publisher.

use serde::Serialize;

use super::{job, Ctx};
use crate::render::views::DateView;
use crate::render::Job;
use crate::route::{self, Route};

pub(super) fn sources(ctx: &Ctx) -> Job {
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
        sources: Vec<Item<'a>>,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'static str,
        count: usize,
        publishers: Vec<Publisher<'a>>,
    }
    let publishers: Vec<Publisher> = ctx
        .site
        .index
        .sources
        .iter()
        .map(|(name, list)| Publisher {
            name,
            anchor: format!("publisher-{}", crate::text::slugify(name)),
            sources: list
                .iter()
                .map(|s| Item {
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
                })
                .collect(),
        })
        .collect();
    let count = publishers.iter().map(|p| p.sources.len()).sum();
    job(
        ctx,
        Route::Sources,
        &View {
            title: "Sources",
            count,
            publishers,
        },
    )
}
