//! `/timeline/events.json`: what the timeline filter needs to find every
//! matching event across all years, however the timeline is split into
//! pages. The timeline's order, and one short record per event in timeline order (its anchor key,
//! year and month, the date as shown, title, link, actor ids and tag
//! slugs), and the name and link of each actor named, so that the filter
//! can list events that are on other pages. Written beside the pages; read
//! only by the theme's `timeline.js`.
//!
//! Beside it, `/timeline/choices.json`: the filter's actor and tag choices
//! (id or slug, name, count of events), which every timeline page loads
//! instead of printing thousands of `<option>`s.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Out;
use crate::config::TimelineOrder;
use crate::content::edtf::display_when;
use crate::route::Route;
use crate::text::slugify;
use crate::Site;

#[derive(Serialize)]
struct Record<'a> {
    key: String,
    year: i32,
    month: Option<u8>,
    when: String,
    title: &'a str,
    url: String,
    actors: Vec<&'a str>,
    tags: std::borrow::Cow<'a, [String]>,
}

#[derive(Serialize)]
struct ActorEntry<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct File<'a> {
    /// `ascending` or `descending`, as the timeline lists events.
    order: &'static str,
    events: Vec<Record<'a>>,
    actors: BTreeMap<&'a str, ActorEntry<'a>>,
}

pub fn write(site: &Site, out: &mut Out) {
    let base = &site.base_path;
    let tag_slugs: Vec<Vec<String>> = site
        .library
        .briefings
        .iter()
        .map(|b| b.tags.iter().map(|t| slugify(t)).collect())
        .collect();
    let mut actors = BTreeMap::new();
    let events = site
        .index
        .timeline
        .iter()
        .map(|key| {
            let b = &site.library.briefings[key.briefing];
            let e = &b.events[key.event];
            // A record several briefings report: all their actors and tags.
            let record_actors = site.library.record_actors(*key);
            for a in record_actors {
                actors.entry(a.as_str()).or_insert_with(|| ActorEntry {
                    name: site
                        .library
                        .actors
                        .get(a)
                        .map_or(a.as_str(), |p| p.name.as_str()),
                    url: Route::Actor(a).url(base),
                });
            }
            Record {
                key: format!("{}--{}", b.slug, e.id),
                year: e.date.date.year,
                month: e.date.date.month,
                when: display_when(&e.date, e.end.as_ref(), &site.wording, site.dates),
                title: &e.title,
                url: format!(
                    "{}#{}",
                    Route::Briefing(&b.slug).url(base),
                    crate::route::event_anchor(&e.id)
                ),
                actors: record_actors.iter().map(|a| a.as_str()).collect(),
                tags: if site.library.merged.reports.contains_key(key) {
                    std::borrow::Cow::Owned(crate::index::record_tags(&site.library, *key))
                } else {
                    std::borrow::Cow::Borrowed(tag_slugs[key.briefing].as_slice())
                },
            }
        })
        .collect();
    out.json(
        &Route::TimelineIndex.output(),
        &File {
            order: match site.config.timeline_order {
                TimelineOrder::Ascending => "ascending",
                TimelineOrder::Descending => "descending",
            },
            events,
            actors,
        },
    );
}

#[derive(Serialize)]
struct Choice<'a> {
    id: &'a str,
    name: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Choices<'a> {
    actors: Vec<Choice<'a>>,
    tags: Vec<Choice<'a>>,
}

/// The filter's choices: actors by name (then id), tags by slug.
pub fn write_choices(site: &Site, out: &mut Out) {
    let mut actors: Vec<Choice> = site
        .index
        .actor_events
        .iter()
        .map(|(id, events)| Choice {
            id,
            name: site
                .library
                .actors
                .get(id)
                .map_or(id.as_str(), |a| a.name.as_str()),
            count: events.len(),
        })
        .collect();
    actors.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(b.id))
    });
    let tags = site
        .index
        .tag_events
        .iter()
        .filter_map(|(slug, &count)| {
            site.index.tags.get(slug).map(|t| Choice {
                id: slug,
                name: &t.name,
                count,
            })
        })
        .collect();
    out.json(&Route::TimelineChoices.output(), &Choices { actors, tags });
}
