//! The documents of the default language's search index, in rank order:
//! briefings newest first, then actors by id, places by id, events newest
//! first; and the facets they refer to (every actor by id, every tag by
//! slug). Events carry their briefing's tags, as on the timeline.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{Doc, Facets, Kind};
use crate::formats::{actor_name, plain};
use crate::route::{Route, Urls};
use crate::text::slugify;
use crate::Site;

/// Every document of `site` and the facets they name.
pub(crate) fn docs(site: &Site) -> (Vec<Doc<'_>>, Facets) {
    let urls = Urls {
        base: site.base_path.clone(),
    };
    let actor_pos: BTreeMap<&str, u32> = site
        .library
        .actors
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let tag_pos: BTreeMap<&str, u32> = site
        .index
        .tags
        .keys()
        .enumerate()
        .map(|(i, slug)| (slug.as_str(), i as u32))
        .collect();
    let facets = Facets {
        actors: site
            .library
            .actors
            .values()
            .map(|a| (a.id.to_string(), a.name.clone()))
            .collect(),
        tags: site
            .index
            .tags
            .iter()
            .map(|(slug, t)| (slug.clone(), t.name.clone()))
            .collect(),
    };
    let actor_ids = |ids: &[crate::content::model::ActorId]| -> Vec<u32> {
        let mut v: Vec<u32> = ids
            .iter()
            .filter_map(|a| actor_pos.get(a.as_str()).copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let briefing_tags: Vec<Vec<u32>> = site
        .library
        .briefings
        .iter()
        .map(|b| {
            let mut v: Vec<u32> = b
                .tags
                .iter()
                .filter_map(|t| tag_pos.get(slugify(t).as_str()).copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();

    // Stripping markup is the costly step: done in parallel.
    let mut bodies: Vec<String> = site
        .bodies
        .par_iter()
        .map(|h| plain::text(&h.body.html))
        .collect();
    let event_texts: Vec<String> = site
        .index
        .timeline
        .par_iter()
        .rev()
        .map(|key| {
            site.bodies
                .get(key.briefing)
                .and_then(|h| h.events.get(key.event))
                .and_then(|t| t.as_deref())
                .map(plain::text)
                .unwrap_or_default()
        })
        .collect();
    let mut docs = Vec::with_capacity(bodies.len() + event_texts.len());
    // Each briefing's document number, for its events to name it by.
    let mut briefing_doc = vec![0u32; site.library.briefings.len()];
    for (i, b) in site.library.briefings.iter().enumerate().rev() {
        let mut body = bodies.get_mut(i).map(std::mem::take).unwrap_or_default();
        for e in &b.events {
            // Event titles are part of what a briefing is about.
            body.push(' ');
            body.push_str(&e.title);
        }
        let actors = site
            .index
            .briefing_actors
            .get(i)
            .map_or(&[][..], Vec::as_slice);
        if let Some(n) = briefing_doc.get_mut(i) {
            *n = docs.len() as u32;
        }
        docs.push(Doc {
            kind: Kind::Briefing,
            title: &b.title,
            url: urls.to(Route::Briefing(&b.slug)),
            date: Cow::Owned(b.date.display_in(site.dates)),
            context: Cow::Borrowed(site.bodies.get(i).map_or("", |h| h.summary.as_str())),
            names: actors.iter().map(|a| actor_name(site, a)).collect(),
            aliases: &[],
            actors: actor_ids(actors),
            tags: briefing_tags.get(i).cloned().unwrap_or_default(),
            from: None,
            body,
        });
    }
    drop(bodies);
    for a in site.library.actors.values() {
        let profile = a
            .profile
            .and_then(|p| site.profile_html.get(p))
            .map(|h| plain::text(&h.html))
            .unwrap_or_default();
        docs.push(Doc {
            kind: Kind::Actor,
            title: &a.name,
            url: urls.to(Route::Actor(&a.id)),
            date: Cow::Borrowed(a.kind.name()),
            context: Cow::Owned(lead(&profile, 200)),
            names: a.aliases.iter().map(String::as_str).collect(),
            aliases: &a.aliases,
            actors: Vec::new(),
            tags: Vec::new(),
            from: None,
            body: profile,
        });
    }
    for p in site.library.places.values() {
        let profile = p
            .profile
            .and_then(|i| site.place_html.get(i))
            .map(|h| plain::text(&h.html))
            .unwrap_or_default();
        docs.push(Doc {
            kind: Kind::Place,
            title: &p.name,
            url: urls.to(Route::Place(&p.id)),
            date: Cow::Borrowed(p.kind.name()),
            context: Cow::Owned(lead(&profile, 200)),
            names: p.aliases.iter().map(String::as_str).collect(),
            aliases: &p.aliases,
            actors: Vec::new(),
            tags: Vec::new(),
            from: None,
            body: profile,
        });
    }
    for (key, text) in site.index.timeline.iter().rev().zip(event_texts) {
        let b = &site.library.briefings[key.briefing];
        let e = &b.events[key.event];
        let when =
            crate::content::edtf::display_when(&e.date, e.end.as_ref(), &site.wording, site.dates);
        // A record several briefings report names every actor they give it.
        let record_actors = site.library.record_actors(*key);
        let mut u = urls.to(Route::Briefing(&b.slug));
        u.push('#');
        u.push_str(&crate::route::event_anchor(&e.id));
        docs.push(Doc {
            kind: Kind::Event,
            title: &e.title,
            url: u,
            date: Cow::Owned(when),
            context: Cow::Borrowed(
                e.place
                    .as_deref()
                    .map_or("", |p| site.library.place_name(p)),
            ),
            names: record_actors.iter().map(|a| actor_name(site, a)).collect(),
            aliases: &[],
            actors: actor_ids(record_actors),
            tags: briefing_tags.get(key.briefing).cloned().unwrap_or_default(),
            from: briefing_doc.get(key.briefing).copied(),
            body: text,
        });
    }
    (docs, facets)
}

/// The first words of `text`, about `max` characters, with `…` if cut.
fn lead(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(' ').map_or(head, |i| &head[..i]);
            format!("{head}…")
        }
    }
}
