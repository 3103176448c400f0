//! Which pages a rebuild must render again.
//!
//! After every good build the builder keeps a [`Digest`] of the site: one
//! hash of everything that every page may show (configuration, templates,
//! the site view with its counts, the list of briefings, actors, tags and
//! years), and for each briefing the facts other pages show about it (its
//! link, its events, actors, tags and years). The next build compares its
//! digest with the last one:
//!
//! - if anything global changed, every page is rendered ([`Plan::All`]);
//! - otherwise only the pages that show a changed file ([`Plan::Some`]): a
//!   briefing whose body alone changed is its own page (a briefing whose
//!   events share a record with others, through `same_as`, changes with
//!   them); one whose title,
//!   date, summary, events, tags, actors or sources changed is also its
//!   neighbours, the briefings that list it as related, its page of the
//!   briefing list, its tags, all pages of its actors, the timeline pages of
//!   its years, and the site-wide lists (home, actors, tags, sources).
//!
//! After an edit to briefing files alone that left the index as it was,
//! [`Digest::patch`] updates the last digest for those briefings only, so
//! planning costs what the edit touches rather than the whole site.
//!
//! Rendering more than needed costs time; rendering less would serve stale
//! pages, so every doubt resolves to [`Plan::All`]: a page path this module
//! names must be one the last build rendered, or the plan falls back.
//! Pages are written only when their bytes changed, so over-rendering is
//! invisible in the output.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::content::model::ActorId;
use crate::diagnostic::SourceMap;
use crate::incremental::hash_of;
use crate::index::EventKey;
use crate::route::{Route, BRIEFING_INDEXES};
use crate::text::slugify;
use crate::Site;

/// What other pages show about one briefing.
#[derive(Debug, Clone)]
struct Facets {
    map: Arc<SourceMap>,
    /// Title, slug, date and summary: what a link to it shows.
    link: u64,
    /// Events, sources, tags and actors, as rendered.
    rest: u64,
    actors: BTreeSet<ActorId>,
    years: BTreeSet<i32>,
    tags: BTreeSet<String>,
}

fn facets(site: &Site, i: usize) -> Facets {
    let b = &site.library.briefings[i];
    let h = &site.bodies[i];
    let link = hash_of(&(&b.title, &b.slug, format!("{:?}", b.date), &h.summary));
    let rest = {
        let mut s = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", (&b.events, &b.sources, &b.tags, &b.actors)).hash(&mut s);
        // The records its events belong to: every briefing reporting them,
        // and what they add (actors, sources, tags).
        for j in 0..b.events.len() {
            let root = site.library.merged.root(EventKey {
                briefing: i,
                event: j,
            });
            for k in site.library.reported_in(root) {
                let other = &site.library.briefings[k.briefing];
                (&other.slug, &other.title, &other.tags).hash(&mut s);
                format!("{:?}", &other.events[k.event]).hash(&mut s);
            }
        }
        format!("{:?}", &b.corrections).hash(&mut s);
        h.events.hash(&mut s);
        h.corrections.hash(&mut s);
        h.citations.hash(&mut s);
        site.index.briefing_actors.get(i).hash(&mut s);
        s.finish()
    };
    let mut actors: BTreeSet<ActorId> = b.actors.iter().cloned().collect();
    let mut years = BTreeSet::new();
    for (j, e) in b.events.iter().enumerate() {
        actors.extend(e.actors.iter().cloned());
        years.insert(e.date.year());
        if let Some(end) = e.end.as_ref().and_then(|end| end.date()) {
            years.insert(end.year());
        }
        // The record it belongs to shows on the pages of all its actors.
        let root = site.library.merged.root(EventKey {
            briefing: i,
            event: j,
        });
        actors.extend(site.library.record_actors(root).iter().cloned());
    }
    if let Some(list) = site.index.briefing_actors.get(i) {
        actors.extend(list.iter().cloned());
    }
    Facets {
        map: b.file.map.clone(),
        link,
        rest,
        actors,
        years,
        tags: b.tags.iter().map(|t| slugify(t)).collect(),
    }
}

/// What the last good build looked like, for deciding what the next must do.
#[derive(Debug, Clone)]
pub struct Digest {
    /// The output path of every page job, in job order.
    pub job_paths: Vec<String>,
    global: u64,
    briefings: Vec<Facets>,
    pages: Vec<Arc<SourceMap>>,
    profiles: Vec<(ActorId, Arc<SourceMap>)>,
    related: Vec<Vec<usize>>,
    co_actors: BTreeMap<ActorId, Vec<(ActorId, usize)>>,
    /// Per actor: a hash of its events per month (charts and year links).
    actor_months: BTreeMap<ActorId, u64>,
    /// Events per year, per actor and per tag (every timeline page's filters).
    timeline: u64,
    per_page: usize,
    briefing_count: usize,
}

/// The pages to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    All,
    /// Job indices, ascending.
    Some(Vec<usize>),
}

fn global_hash(site: &Site, site_json: &str, jobs: usize) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    jobs.hash(&mut h);
    site_json.hash(&mut h);
    format!("{:?}", site.config).hash(&mut h);
    site.base_path.hash(&mut h);
    format!("{:?}", site.now).hash(&mut h);
    site.live_reload.hash(&mut h);
    // What every language has: each page links to its versions (titles
    // reach pages through the site view, hashed above).
    if site.lang.all.len() > 1 {
        for a in site.lang.all.iter() {
            let briefings: Vec<&String> = a.briefings.keys().collect();
            (
                &a.code, briefings, &a.pages, &a.actors, &a.places, &a.tags, &a.years,
            )
                .hash(&mut h);
        }
    }
    for (name, file) in &site.machinery.theme.templates {
        name.hash(&mut h);
        file.bytes.hash(&mut h);
    }
    for b in &site.library.briefings {
        (&b.slug, &b.file.path).hash(&mut h);
    }
    for p in &site.library.pages {
        (&p.slug, &p.file.path).hash(&mut h);
    }
    // Places are few and shown on many pages (every event's place link,
    // the maps): any change to them renders everything.
    format!("{:?}", site.library.places).hash(&mut h);
    for p in &site.library.place_profiles {
        p.file.map.text().hash(&mut h);
    }
    format!("{:?}", site.library.actors).hash(&mut h);
    format!("{:?}", site.library.assets).hash(&mut h);
    site.index.tags.keys().for_each(|k| k.hash(&mut h));
    site.index.years.keys().for_each(|k| k.hash(&mut h));
    h.finish()
}

fn timeline_hash(site: &Site) -> u64 {
    let years: Vec<(i32, usize)> = site
        .index
        .years
        .iter()
        .map(|(y, e)| (*y, e.len()))
        .collect();
    let actors: Vec<(&ActorId, usize)> = site
        .index
        .actor_events
        .iter()
        .map(|(a, e)| (a, e.len()))
        .collect();
    hash_of(&(years, actors, &site.index.tag_events))
}

fn actor_months(site: &Site) -> BTreeMap<ActorId, u64> {
    site.index
        .actor_events
        .iter()
        .map(|(a, positions)| {
            let mut months: BTreeMap<(i32, Option<u8>), usize> = BTreeMap::new();
            for p in positions {
                let Some(key) = site.index.timeline.get(*p) else {
                    continue;
                };
                let Some(e) = site
                    .library
                    .briefings
                    .get(key.briefing)
                    .and_then(|b| b.events.get(key.event))
                else {
                    continue;
                };
                *months
                    .entry((e.date.date.year, e.date.date.month))
                    .or_default() += 1;
            }
            (a.clone(), hash_of(&months))
        })
        .collect()
}

impl Digest {
    /// The digest of `site`; `site_json` is the site view every page gets,
    /// `jobs` the number of page jobs. Facets of briefings whose file did not
    /// change are taken from `last` when nothing global changed.
    pub fn new(site: &Site, site_json: &str, jobs: usize, last: Option<&Digest>) -> Digest {
        let global = global_hash(site, site_json, jobs);
        let reuse = last.filter(|l| l.global == global);
        let briefings = (0..site.library.briefings.len())
            .map(|i| {
                let map = &site.library.briefings[i].file.map;
                // A briefing sharing a record with others shows their edits.
                match reuse.and_then(|l| l.briefings.get(i)) {
                    Some(f) if Arc::ptr_eq(&f.map, map) && !site.library.merges(i) => f.clone(),
                    _ => facets(site, i),
                }
            })
            .collect();
        Digest {
            job_paths: Vec::new(),
            global,
            briefings,
            pages: site
                .library
                .pages
                .iter()
                .map(|p| p.file.map.clone())
                .collect(),
            profiles: site
                .library
                .profiles
                .iter()
                .map(|p| (p.id.clone(), p.file.map.clone()))
                .collect(),
            related: site.index.related.clone(),
            co_actors: site.index.co_actors.clone(),
            actor_months: actor_months(site),
            timeline: timeline_hash(site),
            per_page: site.config.per_page.max(1),
            briefing_count: site.library.briefings.len(),
        }
    }

    /// The hash of everything every page may show.
    pub fn global(&self) -> u64 {
        self.global
    }

    /// Updates this digest (the last good build's) for a site that differs
    /// from it only in the briefings `changed`, with the same index (a
    /// [`super::patch`] that kept it), and returns what must be rendered:
    /// the same pages [`Digest::plan`] would name, found without hashing
    /// the whole site.
    pub fn patch(&mut self, site: &Site, changed: &[usize]) -> Plan {
        if self.briefings.len() != site.library.briefings.len() {
            return Plan::All;
        }
        let mut want = Wanted::default();
        for &i in changed {
            let new = facets(site, i);
            let Some(old) = self.briefings.get(i) else {
                return Plan::All;
            };
            self.briefing_changed(self, site, i, old, &new, &mut want);
            self.briefings[i] = new;
        }
        want.resolve(&self.job_paths)
    }

    /// What must be rendered to go from `last` to `self`.
    pub fn plan(&self, last: Option<&Digest>, site: &Site) -> Plan {
        let Some(last) = last else { return Plan::All };
        if last.global != self.global
            || last.briefings.len() != self.briefings.len()
            || last.pages.len() != self.pages.len()
            || last.profiles.len() != self.profiles.len()
        {
            return Plan::All;
        }
        let mut want = Wanted::default();
        for (i, (old, new)) in last.briefings.iter().zip(&self.briefings).enumerate() {
            // An unchanged file still shows what a record it shares gained.
            let shared = old.link != new.link || old.rest != new.rest;
            if !Arc::ptr_eq(&old.map, &new.map) || shared {
                self.briefing_changed(last, site, i, old, new, &mut want);
            }
        }
        for (j, (old, new)) in last.related.iter().zip(&self.related).enumerate() {
            if old != new {
                want.exact(briefing_path(site, j));
            }
        }
        for (a, list) in &self.co_actors {
            if last.co_actors.get(a) != Some(list) {
                want.prefix(Route::Actor(a).rel());
            }
        }
        for (a, h) in &self.actor_months {
            if last.actor_months.get(a) != Some(h) {
                want.prefix(Route::Actor(a).rel());
            }
        }
        if last.co_actors.len() != self.co_actors.len()
            || last.actor_months.len() != self.actor_months.len()
        {
            return Plan::All;
        }
        if last.timeline != self.timeline {
            want.prefix(Route::Timeline.rel());
        }
        for (k, (old, new)) in last.pages.iter().zip(&self.pages).enumerate() {
            if !Arc::ptr_eq(old, new) {
                want.exact(Route::Page(&site.library.pages[k].slug).output());
            }
        }
        for ((id, old), (_, new)) in last.profiles.iter().zip(&self.profiles) {
            if !Arc::ptr_eq(old, new) {
                want.prefix(Route::Actor(id).rel());
            }
        }
        want.resolve(&last.job_paths)
    }

    fn briefing_changed(
        &self,
        last: &Digest,
        site: &Site,
        i: usize,
        old: &Facets,
        new: &Facets,
        want: &mut Wanted,
    ) {
        want.exact(briefing_path(site, i));
        if old.link == new.link && old.rest == new.rest {
            return;
        }
        // Lists every briefing's corrections with its link.
        want.exact(Route::Corrections.output());
        if i > 0 {
            want.exact(briefing_path(site, i - 1));
        }
        if i + 1 < self.briefings.len() {
            want.exact(briefing_path(site, i + 1));
        }
        for (j, (a, b)) in last.related.iter().zip(&self.related).enumerate() {
            if a.contains(&i) || b.contains(&i) {
                want.exact(briefing_path(site, j));
            }
        }
        // The briefing list is newest first.
        let n = (self.briefing_count - 1 - i) / self.per_page + 1;
        want.exact(Route::BriefingList(n).output());
        for t in old.tags.union(&new.tags) {
            want.exact(Route::Tag(t).output());
            want.prefix(Route::Tag(t).rel());
        }
        for a in old.actors.union(&new.actors) {
            want.exact(Route::Actor(a).output());
            want.prefix(Route::Actor(a).rel());
        }
        want.exact(Route::Timeline.output());
        for y in old.years.union(&new.years) {
            if site.index.years.contains_key(y) {
                want.exact(Route::TimelineYear(*y).output());
            }
        }
        for route in BRIEFING_INDEXES {
            want.exact(route.output());
        }
        // Its events may be at any place, and on the map.
        want.prefix(Route::PlaceList.rel());
        want.exact(Route::Map.output());
    }
}

fn briefing_path(site: &Site, i: usize) -> String {
    Route::Briefing(&site.library.briefings[i].slug).output()
}

/// Pages asked for: exact paths must exist among the last build's pages
/// (else the plan is not trusted); prefixes take every page below them.
#[derive(Default)]
struct Wanted {
    exact: BTreeSet<String>,
    prefixes: BTreeSet<String>,
}

impl Wanted {
    fn exact(&mut self, path: String) {
        self.exact.insert(path);
    }

    fn prefix(&mut self, prefix: String) {
        self.prefixes.insert(prefix);
    }

    fn resolve(self, job_paths: &[String]) -> Plan {
        let known: BTreeSet<&str> = job_paths.iter().map(String::as_str).collect();
        if self.exact.iter().any(|p| !known.contains(p.as_str())) {
            return Plan::All;
        }
        let picked = job_paths
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                self.exact.contains(p.as_str())
                    || self.prefixes.iter().any(|pre| p.starts_with(pre.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        Plan::Some(picked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_exact_paths_distrust_the_plan() {
        let jobs = vec!["index.html".to_string(), "actors/x/index.html".to_string()];
        let mut w = Wanted::default();
        w.exact("index.html".into());
        w.prefix("actors/x/".into());
        assert_eq!(w.resolve(&jobs), Plan::Some(vec![0, 1]));
        let mut w = Wanted::default();
        w.exact("briefings/gone/index.html".into());
        assert_eq!(w.resolve(&jobs), Plan::All);
    }
}
