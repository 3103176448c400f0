//! `/timeline/events.json`: what the timeline filter needs to find every
//! matching event across all years, however the timeline is split into
//! pages. Read only by the theme's `timeline.js` (not a stable format), and
//! fetched whole by the first filter a reader sets, so each value is
//! written once: the timeline's `order`; `tags`, every tag slug; `actors`,
//! every actor named (`[id, name, url]`); `briefings`, every briefing with
//! an event (`[slug, url, [tag…]]`, tags by their place in `tags`); and
//! `events`, one array per event in timeline order: `[briefing, id, year,
//! month, when, title, [actor…]]` (briefing and actors by their place in
//! their lists), with an eighth item listing the other briefings that
//! report it (their tags are the event's too) when there are any. An
//! event's anchor key is `<slug>--<id>`, its link `<url>#event-<id>`.
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

/// `[briefing, id, year, month, when, title, actors, other briefings]`.
#[derive(Serialize)]
struct Record<'a>(
    usize,
    &'a str,
    i32,
    Option<u8>,
    String,
    &'a str,
    Vec<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")] Vec<usize>,
);

#[derive(Serialize)]
struct File<'a> {
    /// `ascending` or `descending`, as the timeline lists events.
    order: &'static str,
    tags: Vec<&'a str>,
    actors: Vec<(&'a str, &'a str, String)>,
    briefings: Vec<(&'a str, String, Vec<usize>)>,
    events: Vec<Record<'a>>,
}

/// Numbers the values of a list as they are first met.
struct Numbering<'a>(BTreeMap<&'a str, usize>);

impl<'a> Numbering<'a> {
    fn of(&mut self, value: &'a str) -> usize {
        let next = self.0.len();
        *self.0.entry(value).or_insert(next)
    }

    /// The values in the order of their numbers.
    fn values(self) -> Vec<&'a str> {
        let mut all: Vec<(&str, usize)> = self.0.into_iter().collect();
        all.sort_by_key(|&(_, n)| n);
        all.into_iter().map(|(v, _)| v).collect()
    }
}

pub fn write(site: &Site, out: &mut Out) {
    let base = &site.base_path;
    let slugs: Vec<Vec<String>> = site
        .library
        .briefings
        .iter()
        .map(|b| b.tags.iter().map(|t| slugify(t)).collect())
        .collect();
    let mut tags = Numbering(BTreeMap::new());
    let mut actors = Numbering(BTreeMap::new());
    // Briefings by their place in the file, from their place in the library.
    let mut numbers: Vec<Option<usize>> = vec![None; site.library.briefings.len()];
    let mut briefings: Vec<(&str, String, Vec<usize>)> = Vec::new();
    let mut number = |b: usize| {
        *numbers[b].get_or_insert_with(|| {
            let slug = site.library.briefings[b].slug.as_str();
            let tags = slugs[b].iter().map(|t| tags.of(t)).collect();
            briefings.push((slug, Route::Briefing(slug).url(base), tags));
            briefings.len() - 1
        })
    };
    let events: Vec<Record> = site
        .index
        .timeline
        .iter()
        .map(|key| {
            let e = &site.library.briefings[key.briefing].events[key.event];
            let others = site
                .library
                .reported_in(*key)
                .filter(|k| k.briefing != key.briefing)
                .map(|k| number(k.briefing))
                .collect();
            Record(
                number(key.briefing),
                &e.id,
                e.date.date.year,
                e.date.date.month,
                display_when(&e.date, e.end.as_ref(), &site.wording, site.dates),
                &e.title,
                site.library
                    .record_actors(*key)
                    .iter()
                    .map(|a| actors.of(a))
                    .collect(),
                others,
            )
        })
        .collect();
    let actors = actors
        .values()
        .into_iter()
        .map(|a| {
            let name = site.library.actors.get(a).map_or(a, |p| p.name.as_str());
            (a, name, Route::Actor(a).url(base))
        })
        .collect();
    out.json(
        &Route::TimelineIndex.output(),
        &File {
            order: match site.config.timeline_order {
                TimelineOrder::Ascending => "ascending",
                TimelineOrder::Descending => "descending",
            },
            tags: tags.values(),
            actors,
            briefings,
            events,
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
