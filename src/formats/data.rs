//! Open data: `/data/events.json`, `/data/actors.json`,
//! `/data/places.json`, `/data/briefings.json` and `/data/events.csv`.
//!
//! Each JSON file is an object with `schema_version` (bumped on any
//! incompatible change), the site's title and base URL, and one array of
//! records. Dates are given as written (EDTF for events), and an event's
//! as the first and last calendar day it may cover, so analysts never have
//! to guess whether `2025-04` meant the first of April. URLs are absolute; relations
//! are ids. A record leaves out what it does not have (a `null`, an empty
//! list, a `false` flag) and what another of its fields already says, so
//! that 90,000 events stay a file one can download; every fact is still
//! there. The CSV has one row per event and actor, like ACLED exports
//! (an event without actors gets one row with the actor columns empty).
//! Every field is documented in `docs/data.md`.

use std::fmt;

use serde::Serialize;

use super::{briefing_url, event_uid, DisplayStr, Joined, LazySeq, Out};
use crate::content::edtf::End;
use crate::content::grading::{event_grade, Confidence, Credibility, Reliability};
use crate::content::model::{ActorId, Briefing, Event, Source};
use crate::index::EventKey;
use crate::route::Route;
use crate::Site;

/// Version 2 leaves out absent values and the fields that repeated
/// others (see `docs/data.md`, "Changes in version 2").
pub const SCHEMA_VERSION: u32 = 2;

/// For `skip_serializing_if`: a flag is written only when set.
fn is_false(b: &bool) -> bool {
    !b
}

#[derive(Serialize)]
struct File<'a, T> {
    schema_version: u32,
    site: SiteInfo<'a>,
    #[serde(flatten)]
    records: T,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: &'a str,
}

/// A calendar day, `YYYY-MM-DD`.
struct Ymd((i32, u8, u8));

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.0;
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reliability: Option<char>,
}

impl<'a> SourceRecord<'a> {
    fn new(s: &'a Source) -> Self {
        SourceRecord {
            id: &s.id,
            title: &s.title,
            publisher: s.publisher.as_deref(),
            url: s.url.as_deref(),
            archive_url: s.archive_url.as_deref(),
            date: s.date.map(|d| d.iso()),
            accessed: s.accessed.map(|d| d.iso()),
            reliability: s.reliability.map(Reliability::letter),
        }
    }
}

/// An event in `events.json` (and the properties of its feature in
/// `events.geojson`). It holds what is the event's own and names the rest
/// by id: its briefing and its id are the halves of `uid`, its page is made
/// from them, and its sources are described once, in `briefings.json`.
#[derive(Serialize)]
pub(super) struct EventRecord<'a> {
    uid: String,
    /// Slugs of every briefing that reports the event (`same_as`), the
    /// uid's first, then the others, oldest first; left out when the uid's
    /// briefing is the only one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reported_in: Vec<&'a str>,
    title: &'a str,
    /// The date and end as written in EDTF (`2025-06~`; `..` ongoing): the
    /// names SPEC §8.3 gives them. Their precision is their form.
    date_edtf: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_edtf: Option<String>,
    /// The first day the event may have started, and the last it may have
    /// ended (none while ongoing).
    first_day: DisplayStr<Ymd>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_day: Option<DisplayStr<Ymd>>,
    #[serde(skip_serializing_if = "is_false")]
    approximate: bool,
    #[serde(skip_serializing_if = "is_false")]
    uncertain: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    credibility: Option<char>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    /// The place's name: only in `events.geojson`, whose readers show a
    /// feature's properties alone; `events.json` names the place by
    /// `place_id`, described once in `places.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place_id: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    actors: &'a [ActorId],
    /// The tags of every briefing that reports it: only in
    /// `events.geojson`, whose readers show a feature's properties alone;
    /// `events.json` leaves them to `briefings.json`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) tags: Vec<&'a str>,
    /// `<briefing-slug>--<source-id>` of each source, described in that
    /// briefing's record of `briefings.json`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<DisplayStr<Joined<'static, [&'a str; 2]>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    /// The event's anchor on its briefing's page: only in `events.geojson`,
    /// whose readers (map viewers) show a feature's properties alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
struct CorrectionRecord<'a> {
    date: String,
    text: &'a str,
}

#[derive(Serialize)]
struct ActorRecord<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
    #[serde(skip_serializing_if = "is_false")]
    implicit: bool,
    briefing_count: usize,
    event_count: usize,
    url: String,
    feed_url: String,
}

#[derive(Serialize)]
struct PlaceRecord<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lon: Option<f64>,
    #[serde(skip_serializing_if = "is_false")]
    implicit: bool,
    event_count: usize,
    url: String,
}

#[derive(Serialize)]
struct BriefingRecord<'a, E, S, C> {
    slug: &'a str,
    title: &'a str,
    /// As written: `YYYY-MM-DD` or an RFC 3339 datetime.
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    summary: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    authors: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    actors: &'a [ActorId],
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<E>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<S>,
    word_count: usize,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    /// Oldest first, as written: `{date, text}` (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    corrections: Option<C>,
}

pub fn write(site: &Site, out: &mut Out) {
    let info = || SiteInfo {
        title: &site.config.title,
        base_url: &site.config.base_url,
    };
    #[derive(Serialize)]
    struct Events<S> {
        events: S,
    }
    #[derive(Serialize)]
    struct Actors<S> {
        actors: S,
    }
    #[derive(Serialize)]
    struct Places<S> {
        places: S,
    }
    #[derive(Serialize)]
    struct Briefings<S> {
        briefings: S,
    }
    write_csv(site, out);
    out.json(
        "data/events.json",
        &File {
            schema_version: SCHEMA_VERSION,
            site: info(),
            records: Events {
                events: LazySeq(|| events(site)),
            },
        },
    );
    out.json(
        "data/actors.json",
        &File {
            schema_version: SCHEMA_VERSION,
            site: info(),
            records: Actors {
                actors: LazySeq(|| actors(site)),
            },
        },
    );
    out.json(
        "data/places.json",
        &File {
            schema_version: SCHEMA_VERSION,
            site: info(),
            records: Places {
                places: LazySeq(|| places(site)),
            },
        },
    );
    out.json(
        "data/briefings.json",
        &File {
            schema_version: SCHEMA_VERSION,
            site: info(),
            records: Briefings {
                briefings: LazySeq(|| briefings(site)),
            },
        },
    );
}

/// Every record with its root's briefing and event, in timeline order.
pub(super) fn timeline(
    site: &Site,
) -> impl Iterator<Item = (EventKey, &Briefing<ActorId>, &Event<ActorId>)> {
    site.index.timeline.iter().map(|&key| {
        let b = &site.library.briefings[key.briefing];
        (key, b, &b.events[key.event])
    })
}

/// Every event, in timeline order.
fn events(site: &Site) -> impl Iterator<Item = impl Serialize + '_> {
    timeline(site).map(|(key, b, e)| event_record(site, key, b, e))
}

/// The slugs of the briefings that report the record whose root is `key`,
/// root's first, each once.
fn reported_in(site: &Site, key: EventKey) -> Vec<&str> {
    let mut slugs: Vec<&str> = Vec::new();
    for k in site.library.reported_in(key) {
        let b = &site.library.briefings[k.briefing];
        if !slugs.contains(&b.slug.as_str()) {
            slugs.push(&b.slug);
        }
    }
    slugs
}

/// The sources every report of the record whose root is `key` cites,
/// each once.
fn record_sources(site: &Site, key: EventKey) -> impl Iterator<Item = &Source> + Clone {
    crate::index::record_sources(&site.library, key)
        .into_iter()
        .map(move |(b, s)| &site.library.briefings[b].sources[s])
}

/// The record whose root is event `e` (at `key`) of briefing `b`.
pub(super) fn event_record<'a>(
    site: &'a Site,
    key: EventKey,
    b: &'a Briefing<ActorId>,
    e: &'a Event<ActorId>,
) -> EventRecord<'a> {
    let mut reported_in = reported_in(site, key);
    if reported_in.len() < 2 {
        reported_in.clear();
    }
    EventRecord {
        uid: event_uid(b, &e.id),
        reported_in,
        title: &e.title,
        date_edtf: e.date.iso(),
        end_edtf: e.end.as_ref().map(End::iso),
        first_day: DisplayStr(Ymd(e.date.earliest())),
        last_day: match &e.end {
            None => Some(DisplayStr(Ymd(e.date.latest()))),
            Some(End::On(d)) => Some(DisplayStr(Ymd(d.latest()))),
            Some(End::Ongoing) => None,
        },
        approximate: e.date.approximate,
        uncertain: e.date.uncertain,
        credibility: e.credibility.map(Credibility::digit),
        grade: event_grade(b, e),
        confidence: e.confidence,
        place: None,
        place_id: e.place.as_deref(),
        actors: site.library.record_actors(key),
        tags: Vec::new(),
        sources: crate::index::record_sources(&site.library, key)
            .into_iter()
            .map(|(bi, si)| {
                let rb = &site.library.briefings[bi];
                DisplayStr(Joined([rb.slug.as_str(), rb.sources[si].id.as_str()], "--"))
            })
            .collect(),
        text: e.text.as_ref().map(|t| t.value.as_str()),
        url: None,
    }
}

/// Every actor, by id.
fn actors(site: &Site) -> impl Iterator<Item = ActorRecord<'_>> {
    site.library.actors.values().map(|a| ActorRecord {
        id: &a.id,
        name: &a.name,
        kind: a.kind.name(),
        aliases: &a.aliases,
        country: a.country.as_deref(),
        wikidata: a.wikidata.as_deref(),
        website: a.url.as_deref(),
        implicit: a.profile.is_none(),
        briefing_count: site.index.actor_briefings.get(&a.id).map_or(0, Vec::len),
        event_count: site.index.actor_events.get(&a.id).map_or(0, Vec::len),
        url: Route::Actor(&a.id).url(&site.config.base_url),
        feed_url: Route::ActorFeed(&a.id).url(&site.config.base_url),
    })
}

/// Every place: its profile's, or implicit (named by an event only).
fn places(site: &Site) -> impl Iterator<Item = PlaceRecord<'_>> {
    site.library.places.values().map(|p| PlaceRecord {
        id: &p.id,
        name: &p.name,
        kind: p.kind.name(),
        aliases: &p.aliases,
        country: p.country.as_deref(),
        lat: p.coordinates.map(|c| c.lat),
        lon: p.coordinates.map(|c| c.lon),
        implicit: p.profile.is_none(),
        event_count: site
            .index
            .place_events
            .get(p.id.as_str())
            .map_or(0, Vec::len),
        url: Route::Place(&p.id).url(&site.config.base_url),
    })
}

/// Every briefing, oldest first (the library's order).
fn briefings(site: &Site) -> impl Iterator<Item = impl Serialize + '_> {
    site.library
        .briefings
        .iter()
        .enumerate()
        .map(move |(i, b)| {
            let html = site.bodies.get(i);
            BriefingRecord {
                slug: &b.slug,
                title: &b.title,
                date: b.date.iso(),
                updated: b.updated.map(|d| d.iso()),
                summary: html.map_or("", |h| h.summary.as_str()),
                authors: &b.authors,
                tags: &b.tags,
                actors: site.index.briefing_actors.get(i).map_or(&[], Vec::as_slice),
                // The uid of each event's record: its root's, for a report.
                events: (!b.events.is_empty()).then_some(LazySeq(move || {
                    (0..b.events.len()).map(move |event| {
                        let root = site.library.merged.root(EventKey { briefing: i, event });
                        let rb = &site.library.briefings[root.briefing];
                        let id = rb.events[root.event].id.as_str();
                        DisplayStr(Joined([rb.slug.as_str(), id], "--"))
                    })
                })),
                // Every source, in order; a repeated id gives its first source
                // each time.
                sources: (!b.sources.is_empty()).then_some(LazySeq(|| {
                    b.sources
                        .iter()
                        .filter_map(|s| b.sources.iter().find(|f| f.id == s.id))
                        .map(SourceRecord::new)
                })),
                word_count: html.map_or(0, |h| h.word_count),
                url: briefing_url(site, b),
                confidence: b.confidence,
                corrections: (!b.corrections.is_empty()).then_some(LazySeq(|| {
                    b.corrections.iter().map(|c| CorrectionRecord {
                        date: c.date.iso(),
                        text: &c.text.value,
                    })
                })),
            }
        })
}

/// The CSV columns, in order. Each says something its row's other columns
/// do not: the briefing and the event's id are the two halves of
/// `event_uid`, the event's page is `<base_url>briefings/<briefing>/#event-<id>`,
/// an event's tags are its briefings' (in `briefings.json`), and a date's
/// precision is its form (`2025`, `2025-04`, `2025-04-03`, a time), so none
/// of them is repeated in each of 200,000 rows.
pub const CSV_HEADER: [&str; 18] = [
    "event_uid",
    "date",
    "end",
    "first_day",
    "last_day",
    "title",
    "place",
    "lat",
    "lon",
    "actor_id",
    "actor_name",
    "actor_kind",
    "source_urls",
    "approximate",
    "uncertain",
    "grade",
    "confidence",
    "reported_in",
];

fn write_csv(site: &Site, out: &mut Out) {
    out.stream("data/events.csv", |sink| {
        csv_rows(site, sink).map_err(|e| std::io::Error::other(e.to_string()))
    });
}

/// The rows of `data/events.csv`, written to `sink` as they are made.
fn csv_rows(site: &Site, sink: &mut dyn std::io::Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(sink);
    let mut result = w.write_record(CSV_HEADER);
    // A flag is `true` or empty, as a spreadsheet filters it.
    let flag = |set: bool| if set { "true" } else { "" };
    let mut source_urls = String::new();
    for (key, b, e) in timeline(site) {
        let uid = event_uid(b, &e.id);
        // Empty when the event's own briefing (`event_uid`'s) is the only
        // one that reports it, as for most events.
        let slugs = reported_in(site, key);
        let reported_in = if slugs.len() > 1 {
            slugs.join("; ")
        } else {
            String::new()
        };
        let (date, end) = (e.date.iso(), e.end.map(|d| d.iso()));
        let first_day = Ymd(e.date.earliest()).to_string();
        let last_day = match &e.end {
            None => Ymd(e.date.latest()).to_string(),
            Some(End::On(d)) => Ymd(d.latest()).to_string(),
            Some(End::Ongoing) => String::new(),
        };
        let grade = event_grade(b, e).unwrap_or_default();
        let at = e
            .place
            .as_deref()
            .and_then(|p| site.library.place_coordinates(p));
        let (lat, lon) = at.map_or((String::new(), String::new()), |c| {
            (c.lat.to_string(), c.lon.to_string())
        });
        source_urls.clear();
        let urls = record_sources(site, key).filter_map(|s| s.url.as_deref());
        fmt::write(&mut source_urls, format_args!("{}", Joined(urls, " "))).ok();
        let actors = site.library.record_actors(key);
        let actor_rows: &[Option<&ActorId>] = &if actors.is_empty() {
            vec![None]
        } else {
            actors.iter().map(Some).collect()
        };
        for &actor in actor_rows {
            let known = actor.and_then(|a| site.library.actors.get(a));
            let row: [&str; 18] = [
                &uid,
                &date,
                end.as_deref().unwrap_or(""),
                &first_day,
                &last_day,
                &e.title,
                e.place
                    .as_deref()
                    .map_or("", |p| site.library.place_name(p)),
                &lat,
                &lon,
                actor.map_or("", String::as_str),
                known.map_or_else(|| actor.map_or("", String::as_str), |a| a.name.as_str()),
                known.map_or("", |a| a.kind.name()),
                &source_urls,
                flag(e.date.approximate),
                flag(e.date.uncertain),
                &grade,
                e.confidence.map_or("", Confidence::name),
                &reported_in,
            ];
            result = result.and_then(|()| w.write_record(row));
        }
    }
    result?;
    w.flush()?;
    Ok(())
}
