//! The place index (`/places/`, grouped by kind, with each place's country
//! and counts) and each place's page (`/places/<id>/`: its profile, a map,
//! its events as on actor pages, the actors active there, the briefings).
//! A place whose events pass the page budget (half the list budget, as on
//! actor pages) has them cut in date order into `/places/<id>/page/<n>/`;
//! its own page shows the latest of them and links them all by the months
//! they cover.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{budget, group, job, Ctx, Fragment, YearGroup};
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
        label: &'a str,
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
                label: site.strings.get(&format!("places.groups.{}", kind.name())),
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

/// How many of the actors active at a place its page lists.
const MOST_ACTIVE: usize = 30;

/// How many briefings a place page lists, the most recent first: each of
/// its events links to its briefing already, so the side list is a pointer
/// to the latest, not an index (a busy place has thousands).
const BRIEFINGS_SHOWN: usize = 12;

/// What every page of a place shows alike, worked out once per render.
pub(super) struct Facts<'a> {
    /// The runs of its events that make its pages (one when they fit).
    pub(super) runs: Vec<std::ops::Range<usize>>,
    /// The [`MOST_ACTIVE`] actors with most events there, with their counts.
    actors: Vec<(&'a String, usize)>,
    /// How many actors have events there.
    actor_total: usize,
    /// How many briefings report events there.
    briefing_count: usize,
}

/// The facts of the place `id` (empty for an unknown one).
pub(super) fn facts<'m, 'a>(ctx: &'m Ctx<'a>, id: &str) -> &'m Facts<'a> {
    static NONE: Facts<'static> = Facts {
        runs: Vec::new(),
        actors: Vec::new(),
        actor_total: 0,
        briefing_count: 0,
    };
    ctx.memo
        .places
        .get_or_init(|| {
            ctx.site
                .library
                .places
                .keys()
                .map(|id| (id.as_str(), work_out(ctx, id)))
                .collect()
        })
        .get(id)
        .unwrap_or(&NONE)
}

fn work_out<'a>(ctx: &Ctx<'a>, id: &str) -> Facts<'a> {
    let site = ctx.site;
    let here = positions(ctx, id);
    let mut actors: BTreeMap<&String, usize> = BTreeMap::new();
    for &pos in here {
        let key = site.index.timeline[pos];
        for a in site.library.record_actors(key) {
            *actors.entry(a).or_default() += 1;
        }
    }
    let mut actors: Vec<(&String, usize)> = actors.into_iter().collect();
    let name = |id: &'a String| {
        site.library
            .actors
            .get(id)
            .map_or(id.as_str(), |a| a.name.as_str())
    };
    actors.sort_by(|a, b| b.1.cmp(&a.1).then(name(a.0).cmp(name(b.0))));
    // The most active only: at thousands of actors the whole list would
    // fill every page of a busy place.
    let actor_total = actors.len();
    actors.truncate(MOST_ACTIVE);
    Facts {
        runs: super::timeline::year_runs(ctx, here, budget::actor_list_budget(ctx), Fragment::Line),
        actors,
        actor_total,
        briefing_count: briefings_of(ctx, here).len(),
    }
}

/// A place's page (`n` is 0), or page `n` of its events when they are cut
/// into several.
pub(super) fn place<'a>(ctx: &Ctx<'a>, p: &'a Place, n: usize) -> Job {
    /// A page of the place's events: its link and the months it covers.
    #[derive(Serialize)]
    struct PageLink {
        url: String,
        label: String,
        current: bool,
    }
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
        /// What the page calls its kind (`place.kinds.*`).
        kind_label: &'a str,
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
        /// Every briefing with events here (the list shows those of the
        /// page's events).
        briefing_count: usize,
        /// The pages of its events, when there is more than one.
        pages: Vec<PageLink>,
        years: Vec<YearGroup>,
        /// The [`MOST_ACTIVE`] actors with most events here.
        actors: Vec<ActorHere<'a>>,
        /// How many actors have events here.
        actor_total: usize,
        /// The [`BRIEFINGS_SHOWN`] most recent briefings of the page's
        /// events.
        briefings: Vec<&'a BriefingLink<'a>>,
        /// How many briefings the page's events come from.
        briefings_here: usize,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let id = p.id.as_str();
    let all = positions(ctx, id);
    let facts = facts(ctx, id);
    let runs = &facts.runs;
    // Its own page shows the latest run.
    let page = if n == 0 { runs.len() } else { n };
    let shown = &all[runs.get(page - 1).cloned().unwrap_or(0..0)];
    let label = |i: usize| {
        all.get(i)
            .map(|&q| &ctx.events[q].date)
            .map(|d| super::timeline::month_label(ctx, d.year, d.month))
            .unwrap_or_default()
    };
    let pages: Vec<PageLink> = if runs.len() > 1 {
        runs.iter()
            .enumerate()
            .map(|(i, r)| {
                let (first, last) = (label(r.start), label(r.end.saturating_sub(1)));
                PageLink {
                    url: urls.to(Route::PlacePage(id, i + 1)),
                    label: if first == last {
                        first
                    } else {
                        format!("{first} – {last}")
                    },
                    current: n == i + 1,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let here = all;
    let actors: Vec<ActorHere> = facts
        .actors
        .iter()
        .map(|(a, count)| ActorHere {
            actor: ctx.shared.actor_link(site, a),
            count: *count,
        })
        .collect();
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
                &ctx.site.strings.fill("place.map", &p.name),
                &ctx.chart_words(),
            )
        }
        None => String::new(),
    };
    let shown_briefings = briefings_of(ctx, shown);
    let view = View {
        title: &p.name,
        place: Profile {
            id: &p.id,
            name: &p.name,
            kind: p.kind.name(),
            kind_label: site.strings.get(&format!("place.kinds.{}", p.kind.name())),
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
        briefing_count: facts.briefing_count,
        pages,
        years: group(ctx, shown, site.config.timeline_order, Fragment::Line),
        actors,
        actor_total: facts.actor_total,
        briefings: shown_briefings
            .iter()
            .rev()
            .take(BRIEFINGS_SHOWN)
            .map(|&b| &ctx.shared.briefing_links[b])
            .collect(),
        briefings_here: shown_briefings.len(),
    };
    let route = if n == 0 {
        Route::Place(id)
    } else {
        Route::PlacePage(id, n)
    };
    job(ctx, route, &view)
}
