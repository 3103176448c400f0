//! `same_as`: events of several briefings that are one real-world event
//! become one record (SPEC §8.2).
//!
//! Steps: find each `same_as` target (an unknown briefing or event is an
//! error with did-you-mean); follow chains to their root, reporting cycles;
//! from the root outwards, give each report the keys it left out and warn
//! where a key it repeats disagrees with its target; join the actors of
//! each record. A site without `same_as` costs one pass over its events.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::content::edtf::End;
use crate::content::model::{ActorId, Briefing, Event};
use crate::diagnostic::{did_you_mean, Diagnostics};

/// One event: which briefing (index in `Library::briefings`), which of its
/// events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventKey {
    pub briefing: usize,
    pub event: usize,
}

/// The records that several briefings report. Events outside them are
/// records of their own and appear in none of the maps.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// Every event with a resolved `same_as` → the root of its record.
    pub roots: BTreeMap<EventKey, EventKey>,
    /// Every root that others report → those reports, oldest briefing first.
    pub reports: BTreeMap<EventKey, Vec<EventKey>>,
    /// Every root that others report → the actors of the whole record: the
    /// root's, then those the reports add.
    pub actors: BTreeMap<EventKey, Vec<ActorId>>,
}

impl Merged {
    /// The record `key` belongs to: its root, or itself.
    pub fn root(&self, key: EventKey) -> EventKey {
        self.roots.get(&key).copied().unwrap_or(key)
    }

    /// The other events that report root `key`, oldest briefing first.
    pub fn reports(&self, key: EventKey) -> &[EventKey] {
        self.reports.get(&key).map_or(&[], Vec::as_slice)
    }
}

/// Resolves every `same_as` of `briefings` (sorted, references resolved)
/// and fills in what reports leave out. `drafts` are the slugs of the
/// draft briefings left out of this build.
pub(crate) fn merge(
    briefings: &mut [Briefing<ActorId>],
    drafts: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Merged {
    let targets = targets(briefings, drafts, diags);
    if targets.is_empty() {
        return Merged::default();
    }
    let chains = roots(briefings, &targets, diags);
    let mut merged = Merged::default();
    // Nearest the root first, so each target already has its final values.
    let mut by_depth: Vec<(usize, EventKey, EventKey)> = chains
        .iter()
        .map(|(&key, &(root, depth))| {
            merged.roots.insert(key, root);
            merged.reports.entry(root).or_default().push(key);
            (depth, key, root)
        })
        .collect();
    by_depth.sort();
    for &(_, key, _) in &by_depth {
        inherit(briefings, key, targets[&key], diags);
    }
    for (root, reports) in &mut merged.reports {
        reports.sort();
        let mut actors = briefings[root.briefing].events[root.event].actors.clone();
        for r in reports.iter() {
            for a in &briefings[r.briefing].events[r.event].actors {
                if !actors.contains(a) {
                    actors.push(a.clone());
                }
            }
        }
        merged.actors.insert(*root, actors);
    }
    merged
}

/// `slug#id` of an event.
fn name(briefings: &[Briefing<ActorId>], key: EventKey) -> String {
    let b = &briefings[key.briefing];
    format!("{}#{}", b.slug, b.events[key.event].id)
}

/// Every event's `same_as` target; unknown ones reported.
fn targets(
    briefings: &[Briefing<ActorId>],
    drafts: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> HashMap<EventKey, EventKey> {
    let mut out = HashMap::new();
    let mut slugs: Option<HashMap<&str, usize>> = None;
    for (bi, b) in briefings.iter().enumerate() {
        for (ei, e) in b.events.iter().enumerate() {
            let Some(same) = &e.same_as else { continue };
            let Some((slug, id)) = same.split() else {
                continue;
            };
            let (slug, id) = (slug.trim(), id.trim());
            let slugs = slugs.get_or_insert_with(|| {
                briefings
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (b.slug.as_str(), i))
                    .collect()
            });
            let at = same.target.at;
            let Some(&ti) = slugs.get(slug) else {
                let (message, hint) = if drafts.contains(slug) {
                    (
                        format!("`same_as` names the briefing `{slug}`, which is a draft"),
                        "a published event cannot be the same as a draft's: publish it (remove `draft = true`), or make this event a record of its own".to_string(),
                    )
                } else {
                    (
                        format!("`same_as` names the briefing `{slug}`, which does not exist"),
                        did_you_mean(slug, briefings.iter().map(|b| b.slug.as_str()))
                            .unwrap_or_else(|| "a briefing's slug is its file name without the leading date, or its `slug` field".to_string()),
                    )
                };
                diags.push(b.file.map.error_at(at, message).with_hint(hint));
                continue;
            };
            let target = &briefings[ti];
            let Some(tj) = target.events.iter().position(|t| t.id == id) else {
                let ids = target.events.iter().map(|t| t.id.as_str());
                let hint = did_you_mean(id, ids.clone()).unwrap_or_else(|| {
                    if target.events.is_empty() {
                        "that briefing has no events".to_string()
                    } else {
                        format!(
                            "its events are: {}",
                            ids.take(12).collect::<Vec<_>>().join(", ")
                        )
                    }
                });
                diags.push(
                    b.file
                        .map
                        .error_at(
                            at,
                            format!(
                                "the briefing `{slug}` ({}) has no event `{id}`",
                                target.file.path.display()
                            ),
                        )
                        .with_hint(hint),
                );
                continue;
            };
            let key = EventKey {
                briefing: bi,
                event: ei,
            };
            out.insert(
                key,
                EventKey {
                    briefing: ti,
                    event: tj,
                },
            );
        }
    }
    out
}

/// Each event with a target → (its root, how many steps away). Events in a
/// cycle are reported there; those in or leading into one get no root.
fn roots(
    briefings: &[Briefing<ActorId>],
    targets: &HashMap<EventKey, EventKey>,
    diags: &mut Diagnostics,
) -> BTreeMap<EventKey, (EventKey, usize)> {
    let mut out = BTreeMap::new();
    let mut keys: Vec<&EventKey> = targets.keys().collect();
    keys.sort();
    for &key in keys {
        let mut path = vec![key];
        let mut cur = key;
        let cycle = loop {
            match targets.get(&cur) {
                None => break None,
                Some(&next) => match path.iter().position(|&p| p == next) {
                    Some(start) => break Some(start),
                    None => {
                        path.push(next);
                        cur = next;
                    }
                },
            }
        };
        match cycle {
            None => {
                out.insert(key, (cur, path.len() - 1));
            }
            // Only an event on the circle reports it; one leading into it
            // waits for the circle to be fixed.
            Some(0) => {
                let names: Vec<String> = path
                    .iter()
                    .chain(std::iter::once(&key))
                    .map(|&k| name(briefings, k))
                    .collect();
                let b = &briefings[key.briefing];
                let at = b.events[key.event]
                    .same_as
                    .as_ref()
                    .map_or(0, |s| s.target.at);
                diags.push(
                    b.file
                        .map
                        .error_at(
                            at,
                            format!(
                                "`same_as` goes round in a circle: {}",
                                names.join(" → ")
                            ),
                        )
                        .with_hint("one of these events must be the record the others point to: remove `same_as` from it"),
                );
            }
            Some(_) => {}
        }
    }
    out
}

/// Gives the report `key` what it left out from `target` (already final)
/// and warns where a key it wrote disagrees.
fn inherit(
    briefings: &mut [Briefing<ActorId>],
    key: EventKey,
    target: EventKey,
    diags: &mut Diagnostics,
) {
    let t: Event<ActorId> = briefings[target.briefing].events[target.event].clone();
    let target_name = name(briefings, target);
    let there = {
        let tb = &briefings[target.briefing];
        let pos = tb.file.map.pos(t.at);
        format!("{}:{}", tb.file.path.display(), pos.line)
    };
    let b = &mut briefings[key.briefing];
    let map = b.file.map.clone();
    let e = &mut b.events[key.event];
    let Some(same) = e.same_as.clone() else {
        return;
    };
    let mut disagree = |k: &str, mine: String, theirs: String| {
        if let Some(at) = same.wrote(k) {
            diags.push(
                map.warning_at(
                    at,
                    format!(
                        "`{k}` disagrees with `{target_name}` ({there}): {mine} here, {theirs} there"
                    ),
                )
                .with_hint(format!(
                    "one real-world event has one `{k}`: remove it here to take the other's, or correct one of the two"
                )),
            );
        }
    };
    let shown = |s: &str| format!("\"{s}\"");
    let end = |x: &Option<End>| x.as_ref().map_or("no end".to_string(), |d| shown(&d.iso()));
    match same.wrote("title") {
        None => e.title = t.title.clone(),
        Some(_) if words(&e.title) != words(&t.title) => {
            disagree("title", shown(&e.title), shown(&t.title))
        }
        Some(_) => {}
    }
    match same.wrote("date") {
        None => e.date = t.date,
        Some(_) if e.date != t.date => disagree("date", shown(&e.date.iso()), shown(&t.date.iso())),
        Some(_) => {}
    }
    match same.wrote("end") {
        None => e.end = t.end,
        Some(_) if e.end != t.end => disagree("end", end(&e.end), end(&t.end)),
        Some(_) => {}
    }
    let place = |p: &Option<ActorId>| p.as_deref().map_or("no place".to_string(), shown);
    match same.wrote("place") {
        None => e.place = t.place.clone(),
        Some(_) if e.place != t.place => disagree("place", place(&e.place), place(&t.place)),
        Some(_) => {}
    }
    // A report may name more actors (the record joins them), but one that
    // shares none with its target is probably about another event.
    match same.wrote("actors") {
        None => e.actors = t.actors.clone(),
        Some(_)
            if !e.actors.is_empty()
                && !t.actors.is_empty()
                && !e.actors.iter().any(|a| t.actors.contains(a)) =>
        {
            let list = |l: &[ActorId]| shown(&l.join(", "));
            disagree("actors", list(&e.actors), list(&t.actors));
        }
        Some(_) => {}
    }
    // Grades are each briefing's own judgement: taken when left out, never compared.
    if same.wrote("credibility").is_none() {
        e.credibility = t.credibility;
    }
    if same.wrote("confidence").is_none() {
        e.confidence = t.confidence;
    }
}

/// A title's words, lower-cased: spacing and case do not make two titles differ.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    /// The library of briefings `(slug, events)`, dated in the order given,
    /// and what assembling it reported.
    fn library(files: &[(&str, &str)]) -> (Library, Diagnostics) {
        let texts: Vec<(String, String)> = files
            .iter()
            .enumerate()
            .map(|(i, (slug, events))| {
                (
                    format!("2025-01-{:02}-{slug}.md", i + 10),
                    format!(
                        "+++\ntitle = \"{slug}\"\ndate = 2025-01-{:02}\n{events}+++\n",
                        i + 10
                    ),
                )
            })
            .collect();
        crate::library::of_briefing_texts(&texts)
    }

    fn key(briefing: usize, event: usize) -> EventKey {
        EventKey { briefing, event }
    }

    #[test]
    fn a_chain_resolves_to_its_root_and_joins_every_report() {
        let (lib, diags) = library(&[
            (
                "a",
                "[[events]]\nid = \"x\"\ndate = \"2025-01\"\ntitle = \"X\"\nactors = [\"p\", \"q\"]\nconfidence = \"high\"\n",
            ),
            ("b", "[[events]]\nsame_as = \"a#x\"\nactors = [\"r\", \"p\"]\n"),
            ("c", "[[events]]\nsame_as = \"b#x\"\n"),
        ]);
        let no_implicit = |d: &&crate::diagnostic::Diagnostic| !d.message.starts_with("no actor");
        assert_eq!(
            diags.iter().filter(no_implicit).count(),
            0,
            "{}",
            diags.render()
        );
        assert_eq!(lib.merged.root(key(2, 0)), key(0, 0));
        assert_eq!(lib.merged.root(key(0, 0)), key(0, 0));
        assert_eq!(lib.merged.reports(key(0, 0)), [key(1, 0), key(2, 0)]);
        assert_eq!(lib.record_actors(key(0, 0)), ["p", "q", "r"]);
        // What a report leaves out comes from its target, chain or not.
        let c = lib.event(key(2, 0));
        assert_eq!(
            (c.title.as_str(), c.date.iso()),
            ("X", "2025-01".to_string())
        );
        assert_eq!(c.actors, ["r", "p"]);
        assert_eq!(c.confidence, lib.event(key(0, 0)).confidence);
        assert_eq!(c.id, "x");
    }

    #[test]
    fn a_site_without_same_as_merges_nothing() {
        let (lib, diags) = library(&[(
            "a",
            "[[events]]\ntitle = \"X\"\ndate = \"2025\"\n[[events]]\ntitle = \"Y\"\ndate = \"2025\"\n",
        )]);
        assert!(!diags.has_errors());
        assert!(lib.merged.roots.is_empty() && lib.merged.reports.is_empty());
        assert_eq!(lib.reported_in(key(0, 1)).collect::<Vec<_>>(), [key(0, 1)]);
    }

    #[test]
    fn repeated_keys_that_agree_are_quiet() {
        let (_, diags) = library(&[
            ("a", "[[events]]\nid = \"x\"\ndate = \"2025-01-02\"\ntitle = \"The  Deal\"\nactors = [\"p\"]\nplace = \"Here\"\n"),
            ("b", "[[events]]\nsame_as = \"a#x\"\ndate = 2025-01-02\ntitle = \"the deal\"\nactors = [\"p\", \"q\"]\nplace = \"here\"\n"),
        ]);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        // Only the implicit actor and place warnings: no disagreement.
        assert!(
            messages.iter().all(|m| m.starts_with("no ")),
            "{messages:?}"
        );
    }
}
