//! Indexes built once from the [`Library`]: the global timeline, each
//! actor's events, briefings and co-actors, tags, sources grouped by
//! publisher, and related briefings. Relations are indexes into the
//! library's vectors, never copies. Every step is linear or near-linear in
//! the number of events (co-actor counting is per event, related briefings
//! cap the candidates taken from very common actors).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::slice::ParallelSliceMut;

use crate::content::edtf::Edtf;
use crate::content::model::{ActorId, Briefing, Source};
use crate::library::Library;
use crate::text::slugify;

pub use crate::library::EventKey;

#[derive(Debug, Clone)]
pub struct TagEntry {
    pub name: String,
    /// Briefings, newest first.
    pub briefings: Vec<usize>,
}

/// A source as listed on `/sources/`: one per URL (or per briefing and id
/// when it has no URL).
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub title: String,
    pub url: Option<String>,
    pub publisher: String,
    /// (briefing, source id) of every declaration, oldest briefing first.
    pub cited_by: Vec<(usize, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every record, in timeline order (ascending): each event, but the
    /// events that several briefings report once, by their root.
    pub timeline: Vec<EventKey>,
    /// Actor → positions in `timeline`, ascending.
    pub actor_events: BTreeMap<ActorId, Vec<usize>>,
    /// Actor → briefings naming it (in `actors` or in an event), newest first.
    pub actor_briefings: BTreeMap<ActorId, Vec<usize>>,
    /// Actor → the actors it appears with most: (actor, count), most first.
    pub co_actors: BTreeMap<ActorId, Vec<(ActorId, usize)>>,
    /// Tag slug → tag.
    pub tags: BTreeMap<String, TagEntry>,
    /// Publisher → sources, both sorted by name.
    pub sources: BTreeMap<String, Vec<SourceEntry>>,
    /// Briefing → related briefings, most related first.
    pub related: Vec<Vec<usize>>,
    /// Briefing → every actor it names (its own list, then its events'), deduplicated.
    pub briefing_actors: Vec<Vec<ActorId>>,
    /// Year → positions in `timeline`.
    pub years: BTreeMap<i32, Vec<usize>>,
    /// Briefing → where the view of each of its events is, in written
    /// order: its position in `timeline`, or for an event of a record that
    /// several briefings report (`same_as`), `timeline.len()` plus its
    /// place in `reports`.
    pub event_positions: Vec<Vec<usize>>,
    /// Every event of a record that several briefings report, root
    /// included, by briefing and position: each as its own briefing tells
    /// it, for that briefing's page.
    pub reports: Vec<EventKey>,
    /// Place → positions in `timeline` of the events there.
    pub place_events: BTreeMap<String, Vec<usize>>,
    /// Every actor with events, most events first (then by id).
    pub active_actors: Vec<ActorId>,
    /// Tag slug → how many events carry it (events carry their briefing's
    /// tags), for the timeline's tag filter.
    pub tag_events: BTreeMap<String, usize>,
}

/// How many related briefings and co-actors to keep.
pub const RELATED: usize = 5;
pub const CO_ACTORS: usize = 12;

pub fn build(lib: &Library) -> Index {
    let mut index = Index {
        timeline: timeline(lib),
        ..Index::default()
    };
    index.event_positions = lib
        .briefings
        .iter()
        .map(|b| vec![0; b.events.len()])
        .collect();
    let mut reports: Vec<EventKey> = (lib.merged.roots.keys())
        .chain(lib.merged.reports.keys())
        .copied()
        .collect();
    reports.sort();
    for (r, key) in reports.iter().enumerate() {
        index.event_positions[key.briefing][key.event] = index.timeline.len() + r;
    }
    index.reports = reports;
    for (pos, key) in index.timeline.iter().enumerate() {
        if !lib.merged.reports.contains_key(key) {
            index.event_positions[key.briefing][key.event] = pos;
        }
        let event = lib.event(*key);
        for a in lib.record_actors(*key) {
            index.actor_events.entry(a.clone()).or_default().push(pos);
        }
        index.years.entry(event.date.year()).or_default().push(pos);
        if let Some(p) = &event.place {
            index.place_events.entry(p.clone()).or_default().push(pos);
        }
    }
    index.active_actors = active_actors(&index.actor_events);
    index.tag_events = tag_events(lib, &index.timeline);
    index.briefing_actors = lib
        .briefings
        .iter()
        .map(|b| {
            let mut seen = BTreeSet::new();
            b.actors
                .iter()
                .chain(b.events.iter().flat_map(|e| e.actors.iter()))
                .filter(|a| seen.insert(a.as_str()))
                .cloned()
                .collect()
        })
        .collect();
    for (i, actors) in index.briefing_actors.iter().enumerate().rev() {
        for a in actors {
            index.actor_briefings.entry(a.clone()).or_default().push(i);
        }
    }
    // The four are independent: compute them side by side.
    let ((co, tags), (sources, related)) = rayon::join(
        || {
            (
                co_actors(lib, &index.timeline, &index.briefing_actors),
                tags(lib),
            )
        },
        || {
            (
                sources(lib),
                related(
                    lib.briefings.len(),
                    &index.briefing_actors,
                    &index.actor_briefings,
                ),
            )
        },
    );
    index.co_actors = co;
    index.tags = tags;
    index.sources = sources;
    index.related = related;
    index
}

/// Everything of one briefing that [`build`] reads, as one comparable
/// value: `dossier serve` keeps the index when an edit leaves this equal.
/// (Keep it in step with `build`. Which events are one record, `same_as`,
/// is not here: `serve` loads the site again when an edit touches one.)
pub fn inputs_of(b: &Briefing<ActorId>) -> String {
    let events: Vec<_> = b.events.iter().map(|e| (&e.date, &e.actors)).collect();
    let sources: Vec<_> = b
        .sources
        .iter()
        .map(|s| (&s.id, &s.url, &s.title, &s.publisher))
        .collect();
    format!(
        "{:?}",
        (&b.date, &b.file.rel, &b.actors, &b.tags, events, sources)
    )
}

/// Records in the order the timeline shows them: by date (coarse before
/// fine), then briefing (date, path), then position in the briefing. An
/// event that reports another's record is left to its root.
fn timeline(lib: &Library) -> Vec<EventKey> {
    let mut keys: Vec<(Edtf, EventKey)> = lib
        .briefings
        .iter()
        .enumerate()
        .flat_map(|(b, br)| {
            br.events.iter().enumerate().filter_map(move |(e, ev)| {
                let key = EventKey {
                    briefing: b,
                    event: e,
                };
                (!lib.merged.roots.contains_key(&key)).then_some((ev.date, key))
            })
        })
        .collect();
    keys.par_sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

fn co_actors(
    lib: &Library,
    timeline: &[EventKey],
    briefing_actors: &[Vec<ActorId>],
) -> BTreeMap<ActorId, Vec<(ActorId, usize)>> {
    let ids: Vec<&ActorId> = lib.actors.keys().collect();
    let pos: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    // Every co-occurrence as one (a, b) pair packed in a u64, both ways;
    // sorting the pairs groups them by actor and counts them in one pass.
    // Linear in the pairs written, with no per-actor hash maps.
    let mut pairs: Vec<u64> = Vec::new();
    let mut group: Vec<u32> = Vec::new();
    let mut add = |actors: &mut dyn Iterator<Item = &ActorId>, pairs: &mut Vec<u64>| {
        group.clear();
        group.extend(actors.filter_map(|a| pos.get(a.as_str()).copied()));
        group.sort_unstable();
        group.dedup();
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                pairs.push(u64::from(a) << 32 | u64::from(b));
                pairs.push(u64::from(b) << 32 | u64::from(a));
            }
        }
    };
    for actors in briefing_actors {
        add(&mut actors.iter(), &mut pairs);
    }
    // Each record once, with the actors of all its reports.
    for &key in timeline {
        add(&mut lib.record_actors(key).iter(), &mut pairs);
    }
    pairs.sort_unstable();
    let mut out = BTreeMap::new();
    let mut list: Vec<(u32, usize)> = Vec::new();
    let mut flush = |actor: u32, list: &mut Vec<(u32, usize)>| {
        if list.is_empty() {
            return;
        }
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(CO_ACTORS);
        out.insert(
            ids[actor as usize].clone(),
            list.drain(..)
                .map(|(a, n)| (ids[a as usize].clone(), n))
                .collect(),
        );
    };
    let mut current = None;
    for run in pairs.chunk_by(|x, y| x == y) {
        let (a, b) = ((run[0] >> 32) as u32, run[0] as u32);
        if current != Some(a) {
            if let Some(c) = current {
                flush(c, &mut list);
            }
            current = Some(a);
        }
        list.push((b, run.len()));
    }
    if let Some(c) = current {
        flush(c, &mut list);
    }
    out
}

/// Actors by their number of events, most first, ties by id.
fn active_actors(actor_events: &BTreeMap<ActorId, Vec<usize>>) -> Vec<ActorId> {
    let mut active: Vec<(&ActorId, usize)> =
        actor_events.iter().map(|(a, e)| (a, e.len())).collect();
    active.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    active.into_iter().map(|(a, _)| a.clone()).collect()
}

/// Tag slug → records carrying it: each of a briefing's tags (as often as
/// it is written) counts once per event of the briefing; a record that
/// several briefings report carries each of their tags once.
fn tag_events(lib: &Library, timeline: &[EventKey]) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut own = vec![0usize; lib.briefings.len()];
    for key in timeline
        .iter()
        .filter(|k| !lib.merged.reports.contains_key(k))
    {
        own[key.briefing] += 1;
    }
    for (b, n) in lib.briefings.iter().zip(own).filter(|(_, n)| *n > 0) {
        for t in &b.tags {
            *counts.entry(slugify(t)).or_default() += n;
        }
    }
    for root in lib.merged.reports.keys() {
        for t in record_tags(lib, *root) {
            *counts.entry(t).or_default() += 1;
        }
    }
    counts
}

/// The tag slugs of the record whose root is `key`: every tag of every
/// briefing that reports it, each once, in the order first met.
pub fn record_tags(lib: &Library, key: EventKey) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in lib.record_tags(key) {
        let slug = slugify(t);
        if !out.contains(&slug) {
            out.push(slug);
        }
    }
    out
}

fn tags(lib: &Library) -> BTreeMap<String, TagEntry> {
    let mut tags: BTreeMap<String, TagEntry> = BTreeMap::new();
    for (i, b) in lib.briefings.iter().enumerate().rev() {
        for t in &b.tags {
            let entry = tags.entry(slugify(t)).or_insert_with(|| TagEntry {
                name: t.clone(),
                briefings: Vec::new(),
            });
            if entry.briefings.last() != Some(&i) {
                entry.briefings.push(i);
            }
        }
    }
    tags
}

/// The key under which sources are merged: the URL without a trailing slash
/// or fragment, compared case-insensitively in the scheme and host.
pub fn source_key(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url).trim_end_matches('/');
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
            format!(
                "{}://{}/{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
                path
            )
        }
        None => url.to_string(),
    }
}

/// The sources cited by the records at `positions` of the timeline (by
/// every briefing that reports each), as
/// (briefing, index in its `sources`), each merged source once (by `key`,
/// normally [`merge_key`]) in the order the events first cite them.
pub fn cited_sources<K: Eq + std::hash::Hash>(
    lib: &Library,
    timeline: &[EventKey],
    positions: &[usize],
    key: impl Fn(usize, usize) -> K,
) -> Vec<(usize, usize)> {
    let mut seen = std::collections::HashSet::new();
    let mut cited = Vec::new();
    for &p in positions {
        for at in lib.reported_in(timeline[p]) {
            let b = &lib.briefings[at.briefing];
            for sid in &b.events[at.event].sources {
                if let Some(si) = b.sources.iter().position(|s| &s.id == sid) {
                    if seen.insert(key(at.briefing, si)) {
                        cited.push((at.briefing, si));
                    }
                }
            }
        }
    }
    cited
}

/// The sources the record whose root is `key` cites, as (briefing, index
/// in its `sources`): those of every briefing that reports it, each merged
/// source (by [`merge_key`]) once, root's first.
pub fn record_sources(lib: &Library, key: EventKey) -> Vec<(usize, usize)> {
    let own = |k: EventKey| {
        let b = &lib.briefings[k.briefing];
        b.events[k.event]
            .sources
            .iter()
            .filter_map(move |sid| b.sources.iter().position(|s| &s.id == sid))
            .map(move |si| (k.briefing, si))
    };
    // Most events are their own record: nothing to merge, nothing to hash.
    if lib.merged.reports(key).is_empty() {
        return own(key).collect();
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (bi, si) in lib.reported_in(key).flat_map(own) {
        let b = &lib.briefings[bi];
        if seen.insert(merge_key(b, &b.sources[si])) {
            out.push((bi, si));
        }
    }
    out
}

/// The key a briefing's source is merged under on `/sources/` and actor
/// pages: its URL's [`source_key`], or the briefing's file and the source's
/// id for a source without a URL.
pub fn merge_key(b: &Briefing<ActorId>, s: &Source) -> String {
    match &s.url {
        Some(u) => source_key(u),
        None => format!("{}#{}", b.file.rel.display(), s.id),
    }
}

fn sources(lib: &Library) -> BTreeMap<String, Vec<SourceEntry>> {
    let mut by_key: BTreeMap<String, SourceEntry> = BTreeMap::new();
    for (i, b) in lib.briefings.iter().enumerate() {
        for s in &b.sources {
            let key = merge_key(b, s);
            let entry = by_key.entry(key).or_insert_with(|| SourceEntry {
                title: s.title.clone(),
                url: s.url.clone(),
                publisher: s
                    .publisher
                    .clone()
                    .unwrap_or_else(|| "Unattributed".to_string()),
                cited_by: Vec::new(),
            });
            entry.cited_by.push((i, s.id.clone()));
        }
    }
    let mut out: BTreeMap<String, Vec<SourceEntry>> = BTreeMap::new();
    for entry in by_key.into_values() {
        out.entry(entry.publisher.clone()).or_default().push(entry);
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| (&a.title, &a.url).cmp(&(&b.title, &b.url)));
    }
    out
}

/// Above this many briefings, an actor contributes only its briefings
/// nearest in time as candidates, so a very common actor costs O(1) per
/// briefing rather than O(n).
const WIDE: usize = 64;
const NEAR: usize = 32;

fn related(
    n: usize,
    briefing_actors: &[Vec<ActorId>],
    actor_briefings: &BTreeMap<ActorId, Vec<usize>>,
) -> Vec<Vec<usize>> {
    // actor_briefings lists are newest first; ascending copies for searching.
    let ascending: HashMap<&str, Vec<usize>> = actor_briefings
        .iter()
        .map(|(a, list)| (a.as_str(), list.iter().rev().copied().collect()))
        .collect();
    let mut score = vec![0u32; n];
    let mut touched: Vec<usize> = Vec::new();
    (0..n)
        .map(|b| {
            for a in &briefing_actors[b] {
                let Some(list) = ascending.get(a.as_str()) else {
                    continue;
                };
                let candidates: &[usize] = if list.len() > WIDE {
                    let at = list.partition_point(|&x| x < b);
                    &list[at.saturating_sub(NEAR)..(at + NEAR).min(list.len())]
                } else {
                    list
                };
                for &other in candidates {
                    if other != b {
                        if score[other] == 0 {
                            touched.push(other);
                        }
                        score[other] += 1;
                    }
                }
            }
            let mut ranked: Vec<(u32, usize, usize)> = touched
                .iter()
                .map(|&o| (score[o], b.abs_diff(o), o))
                .collect();
            let order = |x: &(u32, usize, usize), y: &(u32, usize, usize)| {
                y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(y.2.cmp(&x.2))
            };
            // Only the best few are kept: select them, then sort those.
            if ranked.len() > RELATED {
                ranked.select_nth_unstable_by(RELATED, order);
                ranked.truncate(RELATED);
            }
            ranked.sort_by(order);
            for &o in &touched {
                score[o] = 0;
            }
            touched.clear();
            // Not `ranked.into_iter()…collect()`: that would reuse the
            // candidates' allocation (kilobytes) for five numbers.
            ranked.iter().take(RELATED).map(|&(_, _, o)| o).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A library of briefings, each `(file name, front matter)`.
    fn library(files: &[(&str, &str)]) -> Library {
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|(name, head)| (name.to_string(), format!("+++\n{head}+++\nBody")))
            .collect();
        let (lib, diags) = crate::library::of_briefing_texts(&texts);
        assert!(!diags.has_errors(), "{}", diags.render());
        lib
    }

    const EVENT: &str = "[[events]]\ndate = \"2025-01-02\"\n";

    #[test]
    fn cited_sources_are_merged_by_url_in_the_order_first_cited() {
        let src = |id: &str, url: &str| {
            format!("[[sources]]\nid = \"{id}\"\ntitle = \"{id}\"\nurl = \"{url}\"\n")
        };
        let lib = library(&[
            (
                "2025-01-02-a.md",
                &format!(
                    "title = \"A\"\ndate = 2025-01-02\n{EVENT}title = \"One\"\nsources = [\"y\", \"x\"]\n{EVENT}title = \"Two\"\nsources = [\"x\"]\n{}{}",
                    src("x", "https://x.org/a"),
                    src("y", "https://y.org/"),
                ),
            ),
            (
                "2025-01-03-b.md",
                &format!(
                    "title = \"B\"\ndate = 2025-01-03\n[[events]]\ndate = \"2025-01-03\"\ntitle = \"Three\"\nsources = [\"z\", \"again\"]\n{}{}",
                    src("z", "https://z.org/"),
                    src("again", "HTTPS://X.ORG/a/"),
                ),
            ),
        ]);
        let index = build(&lib);
        let all: Vec<usize> = (0..index.timeline.len()).collect();
        let key = |b: usize, s: usize| merge_key(&lib.briefings[b], &lib.briefings[b].sources[s]);
        let cited = cited_sources(&lib, &index.timeline, &all, key);
        let ids: Vec<&str> = cited
            .iter()
            .map(|&(b, s)| lib.briefings[b].sources[s].id.as_str())
            .collect();
        assert_eq!(ids, ["y", "x", "z"]);
        let last = cited_sources(&lib, &index.timeline, &all[2..], key);
        assert_eq!(last, [(1, 0), (1, 1)]);
    }

    #[test]
    fn active_actors_are_ordered_by_event_count_then_id() {
        let lib = library(&[(
            "2025-01-02-a.md",
            &format!(
                "title = \"A\"\ndate = 2025-01-02\n{EVENT}title = \"One\"\nactors = [\"zed\", \"bob\"]\n{EVENT}title = \"Two\"\nactors = [\"zed\"]\n{EVENT}title = \"Three\"\nactors = [\"amy\"]\n"
            ),
        )]);
        let index = build(&lib);
        assert_eq!(index.active_actors, ["zed", "amy", "bob"]);
    }

    #[test]
    fn tag_events_count_each_event_of_a_tagged_briefing() {
        let lib = library(&[
            (
                "2025-01-02-a.md",
                &format!("title = \"A\"\ndate = 2025-01-02\ntags = [\"Cyber Security\", \"energy\"]\n{EVENT}title = \"One\"\n{EVENT}title = \"Two\"\n"),
            ),
            (
                "2025-01-03-b.md",
                &format!("title = \"B\"\ndate = 2025-01-03\ntags = [\"energy\"]\n{EVENT}title = \"Three\"\n"),
            ),
            (
                "2025-01-04-c.md",
                "title = \"C\"\ndate = 2025-01-04\ntags = [\"no-events\"]\n",
            ),
        ]);
        let index = build(&lib);
        let counts: Vec<(&str, usize)> = index
            .tag_events
            .iter()
            .map(|(t, n)| (t.as_str(), *n))
            .collect();
        assert_eq!(counts, [("cyber-security", 2), ("energy", 3)]);
        assert!(index.tags.contains_key("no-events"));
    }
}
