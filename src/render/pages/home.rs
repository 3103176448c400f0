//! The front page: the latest briefings and events, what is coming, and
//! the most active actors.

use serde::Serialize;

use super::{actor_count, job, ActorCount, Ctx};
use crate::render::views::{BriefingLink, EventItem};
use crate::render::Job;
use crate::route::Route;

pub(super) fn home(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        latest_briefings: Vec<&'a BriefingLink<'a>>,
        latest_events: Vec<EventItem<'a>>,
        upcoming_events: Vec<EventItem<'a>>,
        active_actors: Vec<ActorCount<'a>>,
    }
    let site = ctx.site;
    let split = ctx.events.partition_point(|e| !e.upcoming);
    let view = View {
        title: &site.config.title,
        latest_briefings: ctx.shared.briefing_links.iter().rev().take(8).collect(),
        latest_events: ctx.events[..split]
            .iter()
            .rev()
            .take(8)
            .map(EventItem::new)
            .collect(),
        upcoming_events: ctx.events[split..]
            .iter()
            .take(8)
            .map(EventItem::new)
            .collect(),
        active_actors: site
            .index
            .active_actors
            .iter()
            .take(10)
            .map(|a| actor_count(ctx, a))
            .collect(),
    };
    job(ctx, Route::Home, &view)
}
