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

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use super::{actor_name_iter, plain, DisplayStr, Joined, Out};
use crate::content::model::ActorId;
use crate::route::{Route, Urls};
use crate::Site;

/// Above this many bytes, bodies move out of `/search-index.json` into shards.
pub const MAX_INLINE: usize = 2_000_000;
/// The body text a shard holds, roughly.
pub const SHARD_BYTES: usize = 1_000_000;
/// The index format, for the script to check.
pub const VERSION: u32 = 1;

/// One searchable document. Short keys keep the index small. Text the
/// site already holds is borrowed, not copied.
#[derive(Debug, Clone, Serialize)]
pub struct Doc<'a> {
    /// Kind: `b` briefing, `e` event, `a` actor, `p` place.
    pub k: &'static str,
    /// Title (briefing, event) or name (actor).
    pub t: &'a str,
    /// Site-relative URL, starting with the base path.
    pub u: String,
    /// Date as shown (briefings, events) or kind (actors).
    pub d: Cow<'a, str>,
    /// One line of context: summary, place, or the start of a profile.
    pub s: Cow<'a, str>,
    /// Names: actors named (briefings, events) or aliases (actors).
    pub n: Names<'a>,
    /// Tags (briefings).
    #[serde(skip_serializing_if = "no_tags", serialize_with = "comma_separated")]
    pub g: &'a [String],
    /// An event's briefing: its position in `docs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<usize>,
    /// Body text; moved to a shard when the index is split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
}

/// The `n` of a document: names joined by `, `, written without building
/// the joined string.
#[derive(Clone, Copy)]
pub enum Names<'a> {
    /// Actors by id, shown by name.
    Actors(&'a Site, &'a [ActorId]),
    /// Plain names (an actor's aliases).
    Plain(&'a [String]),
}

impl std::fmt::Debug for Names<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Names::Actors(_, ids) => f.debug_tuple("Actors").field(ids).finish(),
            Names::Plain(names) => f.debug_tuple("Plain").field(names).finish(),
        }
    }
}

impl Serialize for Names<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Names::Actors(site, ids) => {
                DisplayStr(Joined(actor_name_iter(site, ids), ", ")).serialize(s)
            }
            Names::Plain(names) => comma_separated(&names, s),
        }
    }
}

fn no_tags(tags: &&[String]) -> bool {
    tags.is_empty()
}

fn comma_separated<S: serde::Serializer>(list: &&[String], s: S) -> Result<S::Ok, S::Error> {
    DisplayStr(Joined(list.iter(), ", ")).serialize(s)
}

/// `/search-index.json`.
#[derive(Debug, Serialize)]
pub struct Index<'a> {
    pub version: u32,
    pub docs: Vec<Doc<'a>>,
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
    drop(index);
    for (n, shard) in shards.iter().enumerate() {
        out.json(&shard_name(n + 1), shard);
    }
}

fn shard_name(n: usize) -> String {
    format!("search-index-{n}.json")
}

/// Every document: briefings newest first, then actors by id, then events
/// newest first.
pub fn docs(site: &Site) -> Vec<Doc<'_>> {
    let urls = Urls {
        base: site.base_path.clone(),
    };
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
    let actors = site.library.actors.len();
    let mut docs = Vec::with_capacity(bodies.len() + actors + event_texts.len());
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
            t: &b.title,
            u: urls.to(Route::Briefing(&b.slug)),
            d: Cow::Owned(b.date.display_in(site.dates)),
            s: Cow::Borrowed(html.map_or("", |h| h.summary.as_str())),
            n: Names::Actors(
                site,
                site.index.briefing_actors.get(i).map_or(&[], Vec::as_slice),
            ),
            g: &b.tags,
            b: None,
            x: Some(body),
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
            k: "a",
            t: &a.name,
            u: urls.to(Route::Actor(&a.id)),
            d: Cow::Borrowed(a.kind.name()),
            s: Cow::Owned(lead(&profile, 200)),
            n: Names::Plain(&a.aliases),
            g: &[],
            b: None,
            x: Some(profile),
        });
    }
    for p in site.library.places.values() {
        let profile = p
            .profile
            .and_then(|i| site.place_html.get(i))
            .map(|h| plain::text(&h.html))
            .unwrap_or_default();
        docs.push(Doc {
            k: "p",
            t: &p.name,
            u: urls.to(Route::Place(&p.id)),
            d: Cow::Borrowed(p.kind.name()),
            s: Cow::Owned(lead(&profile, 200)),
            n: Names::Plain(&p.aliases),
            g: &[],
            b: None,
            x: Some(profile),
        });
    }
    for (key, text) in site.index.timeline.iter().rev().zip(event_texts) {
        let b = &site.library.briefings[key.briefing];
        let e = &b.events[key.event];
        let when =
            crate::content::edtf::display_when(&e.date, e.end.as_ref(), &site.wording, site.dates);
        let mut u = urls.to(Route::Briefing(&b.slug));
        u.push('#');
        u.push_str(&crate::route::event_anchor(&e.id));
        docs.push(Doc {
            k: "e",
            t: &e.title,
            u,
            d: Cow::Owned(when),
            s: Cow::Borrowed(
                e.place
                    .as_deref()
                    .map_or("", |p| site.library.place_name(p)),
            ),
            n: Names::Actors(site, site.library.record_actors(*key)),
            g: &[],
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
pub fn split(
    mut docs: Vec<Doc<'_>>,
    max_inline: usize,
    shard_bytes: usize,
) -> (Index<'_>, Vec<Shard>) {
    // Escaping only lengthens a string, so the bodies' own length is a
    // lower bound of the index's: past the limit, nothing needs measuring.
    let bodies: usize = docs
        .iter()
        .map(|d| d.x.as_ref().map_or(0, String::len))
        .sum();
    if bodies <= max_inline && inline_size(&docs) <= max_inline {
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
    let names = (1..=shards.len()).map(shard_name).collect();
    (
        Index {
            version: VERSION,
            docs,
            shards: names,
        },
        shards,
    )
}

/// The bytes of every document serialised on its own, one more each.
fn inline_size(docs: &[Doc]) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    docs.iter()
        .map(|d| {
            let mut n = Count(0);
            serde_json::to_writer(&mut n, d).map_or(0, |()| n.0 + 1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Doc<'static> {
        Doc {
            k: "b",
            t: "T",
            u: "/b/".into(),
            d: Cow::Borrowed(""),
            s: Cow::Borrowed(""),
            n: Names::Plain(&[]),
            g: &[],
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
