//! The place index (`/places/`, grouped by kind, with each place's country
//! and counts) and each place's page (`/places/<id>/`: its profile, a map,
//! its events as on actor pages, the actors active there, the briefings).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{group, job, Ctx, YearGroup};
use crate::content::place::PlaceKind;
use crate::library::Place;
use crate::render::map::{self, Frame, Marker};
use crate::render::views::{actor_link, place_link, ActorLink, BriefingLink, PlaceLink};
use crate::render::Job;
use crate::route::Route;

/// A place in the index: its link, its country and its counts.
#[derive(Serialize)]
struct Entry<'a> {
    place: PlaceLink<'a>,
    country: Option<ActorLink<'a>>,
    located: bool,
    events: usize,
    briefings: usize,
}

/// The briefings (indexes, in library order) that report events at
/// timeline `positions` (every briefing that reports each).
fn briefings_of(ctx: &Ctx, positions: &[usize]) -> Vec<usize> {
    let lib = &ctx.site.library;
    let mut out: Vec<usize> = positions
        .iter()
        .flat_map(|&p| {
            lib.reported_in(ctx.site.index.timeline[p])
                .map(|k| k.briefing)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn positions<'a>(ctx: &Ctx<'a>, id: &str) -> &'a [usize] {
    ctx.site
        .index
        .place_events
        .get(id)
        .map_or(&[][..], Vec::as_slice)
}

pub(super) fn place_list(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Group<'a> {
        kind: &'static str,
        label: &'static str,
        places: Vec<Entry<'a>>,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        groups: Vec<Group<'a>>,
        map_url: String,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let mut groups: BTreeMap<PlaceKind, Vec<Entry>> = BTreeMap::new();
    for (id, p) in &site.library.places {
        let here = positions(ctx, id);
        groups.entry(p.kind).or_default().push(Entry {
            place: place_link(site, urls, id),
            country: p.country.as_ref().map(|c| actor_link(site, urls, c)),
            located: p.coordinates.is_some(),
            events: here.len(),
            briefings: briefings_of(ctx, here).len(),
        });
    }
    let groups = groups
        .into_iter()
        .map(|(kind, mut places)| {
            // By country, then by name: "grouped by kind and country".
            let key = |e: &Entry| {
                (
                    e.country.as_ref().map(|c| c.name.to_lowercase()),
                    e.place.name.to_lowercase(),
                    e.place.id.to_string(),
                )
            };
            places.sort_by_key(key);
            Group {
                kind: kind.name(),
                label: kind.plural(),
                places,
            }
        })
        .collect();
    let view = View {
        title: ctx.site.strings.get("places.title"),
        groups,
        map_url: urls.to(Route::Map),
    };
    job(ctx, Route::PlaceList, &view)
}

pub(super) fn place<'a>(ctx: &Ctx<'a>, p: &'a Place) -> Job {
    #[derive(Serialize)]
    struct Coordinates {
        lat: f64,
        lon: f64,
    }
    #[derive(Serialize)]
    struct Profile<'a> {
        id: &'a str,
        name: &'a str,
        kind: &'static str,
        aliases: &'a [String],
        country: Option<ActorLink<'a>>,
        coordinates: Option<Coordinates>,
        precision: &'static str,
        body: &'a str,
        implicit: bool,
        extra: &'a serde_json::Value,
    }
    #[derive(Serialize)]
    struct ActorHere<'a> {
        actor: ActorLink<'a>,
        count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        place: Profile<'a>,
        map: String,
        event_count: usize,
        years: Vec<YearGroup>,
        actors: Vec<ActorHere<'a>>,
        briefings: Vec<&'a BriefingLink<'a>>,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let id = p.id.as_str();
    let here = positions(ctx, id);
    let mut actors: BTreeMap<&String, usize> = BTreeMap::new();
    for &pos in here {
        let key = site.index.timeline[pos];
        for a in site.library.record_actors(key) {
            *actors.entry(a).or_default() += 1;
        }
    }
    let mut actors: Vec<ActorHere> = actors
        .into_iter()
        .map(|(a, count)| ActorHere {
            actor: ctx.shared.actor_link(site, a),
            count,
        })
        .collect();
    actors.sort_by(|a, b| b.count.cmp(&a.count).then(a.actor.name.cmp(b.actor.name)));
    let map = match p.coordinates {
        Some(at) => {
            let me = [Marker {
                at,
                name: &p.name,
                url: None,
                count: here.len(),
            }];
            map::svg(
                &Frame::around(&[at], 16.0),
                &me,
                &format!("Map of {} and the land around it", p.name),
            )
        }
        None => String::new(),
    };
    let view = View {
        title: &p.name,
        place: Profile {
            id: &p.id,
            name: &p.name,
            kind: p.kind.name(),
            aliases: &p.aliases,
            country: p.country.as_ref().map(|c| actor_link(site, urls, c)),
            coordinates: p.coordinates.map(|c| Coordinates {
                lat: c.lat,
                lon: c.lon,
            }),
            precision: p.precision.name(),
            body: p
                .profile
                .and_then(|i| site.place_html.get(i))
                .map_or("", |h| h.html.as_str()),
            implicit: p.profile.is_none(),
            extra: &p.extra,
        },
        map,
        event_count: here.len(),
        years: group(ctx, here, site.config.timeline_order),
        actors,
        briefings: briefings_of(ctx, here)
            .into_iter()
            .rev()
            .map(|b| &ctx.shared.briefing_links[b])
            .collect(),
    };
    job(ctx, Route::Place(id), &view)
}
