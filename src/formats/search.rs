//! The static search index behind `/search/`: one JSON document per
//! briefing, actor and event, read by `themes/default/static/js/search.js`.
//!
//! Steps: build a compact record per document (short keys, bodies as plain
//! text); serialise the whole index; if it is larger than [`MAX_INLINE`],
//! move the bodies out into shards of about [`SHARD_BYTES`] each
//! (`/search-index-<n>.json`), which the script fetches only when a query
//! needs the full text. Titles, names, tags and summaries stay in
//! `/search-index.json`, so the first results appear before any shard
//! arrives. The layout is documented in `docs/data.md`.

use rayon::prelude::*;
use serde::Serialize;

use super::{plain, Out};
use crate::render::views::Urls;
use crate::Site;

/// Above this many bytes, bodies move out of `/search-index.json` into shards.
pub const MAX_INLINE: usize = 2_000_000;
/// The body text a shard holds, roughly.
pub const SHARD_BYTES: usize = 1_000_000;
/// The index format, for the script to check.
pub const VERSION: u32 = 1;

/// One searchable document. Short keys keep the index small.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Doc {
    /// Kind: `b` briefing, `e` event, `a` actor.
    pub k: &'static str,
    /// Title (briefing, event) or name (actor).
    pub t: String,
    /// Site-relative URL, starting with the base path.
    pub u: String,
    /// Date as shown (briefings, events) or kind (actors).
    pub d: String,
    /// One line of context: summary, place, or the start of a profile.
    pub s: String,
    /// Names: actors named (briefings, events) or aliases (actors).
    pub n: String,
    /// Tags (briefings).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub g: String,
    /// An event's briefing: its position in `docs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<usize>,
    /// Body text; moved to a shard when the index is split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
}

/// `/search-index.json`.
#[derive(Debug, Serialize)]
pub struct Index {
    pub version: u32,
    pub docs: Vec<Doc>,
    /// Body shards, relative to the index file; empty when bodies are inline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<String>,
}

/// `/search-index-<n>.json`: the bodies of `docs[start..start + bodies.len()]`.
#[derive(Debug, Serialize)]
pub struct Shard {
    pub version: u32,
    pub start: usize,
    pub bodies: Vec<String>,
}

pub fn write(site: &Site, out: &mut Out) {
    let (index, shards) = split(docs(site), MAX_INLINE, SHARD_BYTES);
    out.json("search-index.json", &index);
    for (name, shard) in index.shards.iter().zip(&shards) {
        out.json(name, shard);
    }
}

/// Every document: briefings newest first, then actors by id, then events
/// newest first.
pub fn docs(site: &Site) -> Vec<Doc> {
    let urls = Urls {
        base: site.base_path.clone(),
    };
    let name = |id: &String| {
        site.library
            .actors
            .get(id)
            .map_or(id.as_str(), |a| a.name.as_str())
            .to_string()
    };
    // Stripping markup is the costly step: done in parallel.
    let mut bodies: Vec<String> = site
        .bodies
        .par_iter()
        .map(|h| plain::text(&h.body.html))
        .collect();
    let mut docs = Vec::new();
    for (i, b) in site.library.briefings.iter().enumerate().rev() {
        let html = site.bodies.get(i);
        let mut body = bodies.get_mut(i).map(std::mem::take).unwrap_or_default();
        for e in &b.events {
            // Event titles are part of what a briefing is about.
            body.push(' ');
            body.push_str(&e.title);
        }
        docs.push(Doc {
            k: "b",
            t: b.title.clone(),
            u: urls.briefing(&b.slug),
            d: b.date.display(),
            s: html.map(|h| h.summary.clone()).unwrap_or_default(),
            n: site.index.briefing_actors[i]
                .iter()
                .map(name)
                .collect::<Vec<_>>()
                .join(", "),
            g: b.tags.join(", "),
            b: None,
            x: Some(body),
        });
    }
    for a in site.library.actors.values() {
        let profile = a
            .profile
            .and_then(|p| site.profile_html.get(p))
            .map(|h| plain::text(&h.html))
            .unwrap_or_default();
        docs.push(Doc {
            k: "a",
            t: a.name.clone(),
            u: urls.actor(&a.id),
            d: a.kind.name().to_string(),
            s: lead(&profile, 200),
            n: a.aliases.join(", "),
            g: String::new(),
            b: None,
            x: Some(profile),
        });
    }
    for key in site.index.timeline.iter().rev() {
        let b = &site.library.briefings[key.briefing];
        let e = &b.events[key.event];
        let text = site
            .bodies
            .get(key.briefing)
            .and_then(|h| h.events.get(key.event))
            .and_then(|t| t.as_deref())
            .map(plain::text)
            .unwrap_or_default();
        let when = match &e.end {
            Some(end) => crate::content::date::display_span(&e.date, end),
            None => e.date.display(),
        };
        docs.push(Doc {
            k: "e",
            t: e.title.clone(),
            u: format!("{}#event-{}", urls.briefing(&b.slug), e.id),
            d: when,
            s: e.place.clone().unwrap_or_default(),
            n: e.actors.iter().map(name).collect::<Vec<_>>().join(", "),
            g: String::new(),
            // Briefings come first, newest first.
            b: Some(site.library.briefings.len() - 1 - key.briefing),
            x: Some(text),
        });
    }
    docs
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

/// Keeps the bodies inline if the whole index fits in `max_inline` bytes;
/// otherwise moves them into shards of about `shard_bytes` each.
pub fn split(mut docs: Vec<Doc>, max_inline: usize, shard_bytes: usize) -> (Index, Vec<Shard>) {
    let inline_size: usize = docs
        .iter()
        .map(|d| serde_json::to_string(d).map_or(0, |s| s.len() + 1))
        .sum();
    if inline_size <= max_inline {
        return (
            Index {
                version: VERSION,
                docs,
                shards: Vec::new(),
            },
            Vec::new(),
        );
    }
    let mut shards: Vec<Shard> = Vec::new();
    let mut size = 0;
    for (i, d) in docs.iter_mut().enumerate() {
        let body = d.x.take().unwrap_or_default();
        let len = body.len() + 3;
        match shards.last_mut() {
            Some(s) if size + len <= shard_bytes || s.bodies.is_empty() => {
                size += len;
                s.bodies.push(body);
            }
            _ => {
                size = len;
                shards.push(Shard {
                    version: VERSION,
                    start: i,
                    bodies: vec![body],
                });
            }
        }
    }
    let names = (1..=shards.len())
        .map(|n| format!("search-index-{n}.json"))
        .collect();
    (
        Index {
            version: VERSION,
            docs,
            shards: names,
        },
        shards,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Doc {
        Doc {
            k: "b",
            t: "T".into(),
            u: "/b/".into(),
            d: String::new(),
            s: String::new(),
            n: String::new(),
            g: String::new(),
            b: None,
            x: Some(body.into()),
        }
    }

    #[test]
    fn small_index_keeps_bodies_inline() {
        let (index, shards) = split(vec![doc("a"), doc("b")], 1000, 10);
        assert!(shards.is_empty() && index.shards.is_empty());
        assert_eq!(index.docs[1].x.as_deref(), Some("b"));
    }

    #[test]
    fn large_index_moves_bodies_into_shards_in_order() {
        let docs: Vec<Doc> = (0..5).map(|i| doc(&format!("body{i}"))).collect();
        let (index, shards) = split(docs, 10, 20);
        assert_eq!(
            index.shards,
            [
                "search-index-1.json",
                "search-index-2.json",
                "search-index-3.json"
            ]
        );
        assert!(index.docs.iter().all(|d| d.x.is_none()));
        let starts: Vec<usize> = shards.iter().map(|s| s.start).collect();
        assert_eq!(starts, [0, 2, 4]);
        let all: Vec<String> = shards.into_iter().flat_map(|s| s.bodies).collect();
        assert_eq!(all, ["body0", "body1", "body2", "body3", "body4"]);
    }
}
