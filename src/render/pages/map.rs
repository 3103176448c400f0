//! `/map/`: every located event on a world map, one marker per place sized
//! by its number of events and linked to its page, with the same places
//! listed as a table (the map's text alternative). Also the markers for
//! any set of events, which actor pages draw.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{job, Ctx};
use crate::render::map::{self, Frame, Marker};
use crate::render::views::{place_link, PlaceLink};
use crate::render::Job;
use crate::route::Route;

/// A place and how many of the events it has.
#[derive(Serialize)]
pub(super) struct PlaceCount<'a> {
    pub place: PlaceLink<'a>,
    pub events: usize,
}

/// The located places of the events at timeline `positions`, most events
/// first (then by name): what a map of them shows.
pub(super) fn located<'a>(ctx: &Ctx<'a>, positions: &[usize]) -> Vec<PlaceCount<'a>> {
    let site = ctx.site;
    let mut counts: BTreeMap<&'a str, usize> = BTreeMap::new();
    for &p in positions {
        let key = site.index.timeline[p];
        let e = &site.library.briefings[key.briefing].events[key.event];
        if let Some(id) = e.place.as_deref() {
            if site.library.place_coordinates(id).is_some() {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    let mut out: Vec<PlaceCount> = counts
        .into_iter()
        .map(|(id, events)| PlaceCount {
            place: place_link(site, &ctx.shared.urls, id),
            events,
        })
        .collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then(a.place.name.cmp(b.place.name)));
    out
}

/// A map of `places` in `frame` (or around them), titled `label`, each
/// marker linked to its place; empty when none is located.
pub(super) fn draw(ctx: &Ctx, places: &[PlaceCount], frame: Option<Frame>, label: &str) -> String {
    let markers: Vec<Marker> = places
        .iter()
        .filter_map(|p| {
            Some(Marker {
                at: ctx.site.library.place_coordinates(p.place.id)?,
                name: p.place.name,
                url: Some(p.place.url.clone()),
                count: p.events,
            })
        })
        .collect();
    if markers.is_empty() {
        return String::new();
    }
    let frame = frame.unwrap_or_else(|| {
        let points: Vec<_> = markers.iter().map(|m| m.at).collect();
        Frame::around(&points, 12.0)
    });
    map::svg(&frame, &markers, label, &ctx.chart_words())
}

pub(super) fn map(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        map: String,
        places: Vec<PlaceCount<'a>>,
        located_events: usize,
        event_count: usize,
        /// `/data/events.geojson`.
        geojson_url: String,
    }
    let all: Vec<usize> = (0..ctx.site.index.timeline.len()).collect();
    let places = located(ctx, &all);
    let map = draw(
        ctx,
        &places,
        Some(Frame::world()),
        ctx.site.strings.get("map.description"),
    );
    let view = View {
        title: ctx.site.strings.get("map.title"),
        map,
        located_events: places.iter().map(|p| p.events).sum(),
        event_count: all.len(),
        geojson_url: ctx.shared.urls.to(Route::EventsGeoJson),
        places,
    };
    job(ctx, Route::Map, &view)
}
