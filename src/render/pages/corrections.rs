//! `/corrections/`: every correction of every briefing, newest first, each
//! with its briefing's link, so a reader sees what the desk got wrong.

use serde::Serialize;

use super::{job, Ctx};
use crate::content::grading::newest_corrections;
use crate::render::views::{BriefingLink, DateView};
use crate::render::Job;
use crate::route::Route;

pub(super) fn corrections(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Item<'a> {
        date: DateView,
        /// The correction's text, rendered.
        html: &'a str,
        briefing: &'a BriefingLink<'a>,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        corrections: Vec<Item<'a>>,
        feed_url: String,
    }
    let site = ctx.site;
    let corrections = newest_corrections(&site.library.briefings)
        .into_iter()
        .map(|(i, j)| Item {
            date: DateView::new(&site.library.briefings[i].corrections[j].date, site.dates),
            html: site.bodies[i].corrections.get(j).map_or("", String::as_str),
            briefing: &ctx.shared.briefing_links[i],
        })
        .collect();
    let view = View {
        title: ctx.site.strings.get("corrections.title"),
        corrections,
        feed_url: ctx.shared.urls.to(Route::CorrectionsFeed),
    };
    job(ctx, Route::Corrections, &view)
}
