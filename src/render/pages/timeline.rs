//! The timeline, and its year pages when the site is split by year; the
//! actor and tag filters of the full timeline.

use serde::Serialize;

use super::{group, job, year_links, Ctx, YearGroup, YearLink};
use crate::render::views::{actor_link, ActorLink};
use crate::render::Job;
use crate::route::Route;

#[derive(Serialize)]
struct FilterOption<'a> {
    #[serde(flatten)]
    actor: ActorLink<'a>,
    count: usize,
}

#[derive(Serialize)]
struct TagOption<'a> {
    name: &'a str,
    slug: &'a str,
    count: usize,
}

/// The actor and tag choices of the timeline filter, with their counts.
fn timeline_filters<'a>(ctx: &Ctx<'a>) -> (Vec<FilterOption<'a>>, Vec<TagOption<'a>>) {
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let mut actors: Vec<FilterOption> = site
        .index
        .actor_events
        .iter()
        .map(|(id, ev)| FilterOption {
            actor: actor_link(site, urls, id),
            count: ev.len(),
        })
        .collect();
    actors.sort_by(|a, b| {
        a.actor
            .name
            .to_lowercase()
            .cmp(&b.actor.name.to_lowercase())
            .then(a.actor.id.cmp(b.actor.id))
    });
    let tags: Vec<TagOption> = site
        .index
        .tag_events
        .iter()
        .filter_map(|(slug, &count)| {
            site.index.tags.get(slug).map(|t| TagOption {
                name: &t.name,
                slug,
                count,
            })
        })
        .collect();
    (actors, tags)
}

pub(super) fn timeline(ctx: &Ctx, year: Option<i32>) -> Job {
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        year: Option<i32>,
        /// True when `/timeline/` shows only the latest year.
        split: bool,
        total: usize,
        shown: usize,
        years: Vec<YearGroup>,
        all_years: Vec<YearLink>,
        actors: Vec<FilterOption<'a>>,
        tags: Vec<TagOption<'a>>,
        density: String,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let all: Vec<usize> = (0..ctx.events.len()).collect();
    let all_years = year_links(ctx, &all, |y| urls.to(Route::TimelineYear(y)));
    let split = year.is_none() && ctx.events.len() > site.config.split_by_year_over;
    let shown_year = year.or_else(|| {
        split
            .then(|| site.index.years.keys().next_back().copied())
            .flatten()
    });
    let positions: &[usize] = match shown_year {
        Some(y) => site.index.years.get(&y).map_or(&[][..], Vec::as_slice),
        None => &all,
    };
    // The filters are on `/timeline/` only; year archives leave them empty.
    let (actors, tags) = if year.is_none() {
        timeline_filters(ctx)
    } else {
        (Vec::new(), Vec::new())
    };
    let view = View {
        title: match year {
            Some(y) => format!("Timeline: {y}"),
            None => "Timeline".into(),
        },
        year,
        split,
        total: ctx.events.len(),
        shown: positions.len(),
        years: group(ctx, positions, site.config.timeline_order),
        density: crate::render::svg::density(ctx.events, positions, urls),
        all_years,
        actors,
        tags,
    };
    let route = year.map_or(Route::Timeline, Route::TimelineYear);
    job(ctx, route, &view)
}
