//! The one store of a site's content, keyed by id, built once from the parsed
//! files: drafts dropped (unless asked for), actor and place references
//! resolved through a [`Registry`] each (profiles by id, name or alias;
//! implicit actors and places for the rest: one resolver for both kinds),
//! duplicate slugs and aliases reported. Everything after this stage reads
//! the `Library` and never mutates it.

mod lookalike;
mod merge;
mod places;
mod registry;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::content::model::{
    ActorId, ActorKind, ActorRef, Briefing, Page, Profile, RefKind, SourceFile,
};
use crate::content::node::Located;
use crate::content::place::{PlaceId, PlaceProfile};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::text::normalize_ref;

pub(crate) use lookalike::lookalikes;
pub use merge::{EventKey, Merged};
pub use places::Place;
use registry::Claimant;
use registry::{build_registry, noun};
pub use registry::{Registry, Resolver, Resolvers};

/// An actor: from a profile, or implicit (named somewhere, with no profile).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub country: Option<ActorId>,
    pub wikidata: Option<String>,
    pub url: Option<String>,
    /// Index into `Library::profiles`; `None` for implicit actors.
    pub profile: Option<usize>,
    pub extra: serde_json::Value,
}

/// A file copied beside the pages of the briefings next to it.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to `content/`.
    pub rel: PathBuf,
    /// Indexes of the briefings it is copied beside, and the path below each page.
    pub beside: Vec<(usize, PathBuf)>,
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Published briefings, oldest first (date, then file path).
    pub briefings: Vec<Briefing<ActorId>>,
    pub actors: BTreeMap<ActorId, Actor>,
    pub profiles: Vec<Profile>,
    pub places: BTreeMap<PlaceId, Place>,
    pub place_profiles: Vec<PlaceProfile>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The images among `assets`, read by [`crate::images::catalog`].
    pub images: crate::images::Catalog,
    pub registry: Registry,
    pub place_registry: Registry,
    /// The events several briefings report as one (`same_as`).
    pub merged: Merged,
}

impl Library {
    /// The event `key` names.
    pub fn event(&self, key: EventKey) -> &crate::content::model::Event<ActorId> {
        &self.briefings[key.briefing].events[key.event]
    }

    /// The actors of the record whose root is `key`: the actors every
    /// report names, or the event's own when no other briefing reports it.
    pub fn record_actors(&self, key: EventKey) -> &[ActorId] {
        match self.merged.actors.get(&key) {
            Some(all) => all,
            None => &self.event(key).actors,
        }
    }

    /// The tags of every briefing that reports the record whose root is
    /// `key`, each once, as written, in the order first met.
    pub fn record_tags(&self, key: EventKey) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for k in self.reported_in(key) {
            for t in &self.briefings[k.briefing].tags {
                if !out.contains(&t.as_str()) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// Whether briefing `i` has an event of a record that several
    /// briefings report (as its root or as a report).
    pub fn merges(&self, i: usize) -> bool {
        let all = EventKey {
            briefing: i,
            event: 0,
        }..=EventKey {
            briefing: i,
            event: usize::MAX,
        };
        self.merged.roots.range(all.clone()).next().is_some()
            || self.merged.reports.range(all).next().is_some()
    }

    /// Every event that reports the record whose root is `key`: the root
    /// first, then the others, oldest briefing first.
    pub fn reported_in(&self, key: EventKey) -> impl Iterator<Item = EventKey> + Clone + '_ {
        std::iter::once(key).chain(self.merged.reports(key).iter().copied())
    }
}

/// Files parsed from `content/`, before assembly.
pub struct Parsed {
    pub briefings: Vec<Briefing<ActorRef>>,
    pub profiles: Vec<Profile>,
    pub places: Vec<PlaceProfile>,
    pub pages: Vec<Page>,
    pub assets: Vec<PathBuf>,
}

/// URL segments that pages may not take.
pub const RESERVED: &[&str] = &[
    "briefings",
    "timeline",
    "actors",
    "places",
    "map",
    "tags",
    "sources",
    "search",
    "data",
    "static",
    "page",
];

pub fn assemble(parsed: Parsed, strict: bool, drafts: bool, diags: &mut Diagnostics) -> Library {
    let Parsed {
        mut briefings,
        mut profiles,
        places: mut place_profiles,
        mut pages,
        assets,
    } = parsed;
    profiles.sort_by(|a, b| (&a.id, &a.file.rel).cmp(&(&b.id, &b.file.rel)));
    drop_duplicate_ids(RefKind::Actor, &mut profiles, diags);
    let registry = build_registry(RefKind::Actor, &profiles, diags);
    place_profiles.sort_by(|a, b| (&a.id, &a.file.rel).cmp(&(&b.id, &b.file.rel)));
    drop_duplicate_ids(RefKind::Place, &mut place_profiles, diags);
    let place_registry = build_registry(RefKind::Place, &place_profiles, diags);
    let draft_slugs: BTreeSet<String> = briefings
        .iter()
        .filter(|b| b.draft && !drafts)
        .map(|b| b.slug.clone())
        .collect();
    briefings.retain(|b| drafts || !b.draft);
    pages.retain(|p| drafts || !p.draft);
    briefings.sort_by(|a, b| (a.date, &a.file.rel).cmp(&(b.date, &b.file.rel)));
    pages.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    check_unique_slugs(
        briefings.iter().map(|b| (b.slug.as_str(), &b.file)),
        "briefing",
        diags,
    );
    check_unique_slugs(
        pages.iter().map(|p| (p.slug.as_str(), &p.file)),
        "page",
        diags,
    );
    for p in &pages {
        if RESERVED.contains(&p.slug.as_str()) {
            diags.push(
                p.file
                    .map
                    .error_at(
                        p.file.body.start.saturating_sub(1),
                        format!("the page slug `{}` is used by dossier's own pages", p.slug),
                    )
                    .with_hint(format!(
                        "set another `slug` in its front matter (reserved: {})",
                        RESERVED.join(", ")
                    )),
            );
        }
    }

    let mut resolver = Resolver {
        registry: &registry,
        strict,
        implicit: BTreeMap::new(),
    };
    let mut actors: BTreeMap<ActorId, Actor> = BTreeMap::new();
    let mut countries = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        let country = p
            .country
            .as_ref()
            .and_then(|c| resolver.resolve(c, &p.file.map, diags));
        countries.push(country);
        let aliases = distinct_aliases(&p.name.value, &p.aliases);
        actors.insert(
            p.id.clone(),
            Actor {
                id: p.id.clone(),
                name: p.name.value.clone(),
                kind: p.kind,
                aliases,
                country: None,
                wikidata: p.wikidata.clone(),
                url: p.url.clone(),
                profile: Some(i),
                extra: p.extra.clone(),
            },
        );
    }
    for (p, country) in profiles.iter().zip(countries) {
        if let Some(a) = actors.get_mut(&p.id) {
            a.country = country;
        }
    }
    let place_countries: Vec<Option<ActorId>> = place_profiles
        .iter()
        .map(|p| {
            p.country
                .as_ref()
                .and_then(|c| resolver.resolve(c, &p.file.map, diags))
        })
        .collect();
    let mut resolvers = Resolvers {
        actors: resolver,
        places: Resolver {
            registry: &place_registry,
            strict,
            implicit: BTreeMap::new(),
        },
    };
    let mut briefings: Vec<Briefing<ActorId>> = briefings
        .into_iter()
        .map(|b| resolvers.briefing(b, diags))
        .collect();
    let merged = merge::merge(&mut briefings, &draft_slugs, diags);
    let Resolvers {
        actors: mut resolver,
        places: place_resolver,
    } = resolvers;
    for (id, name) in std::mem::take(&mut resolver.implicit) {
        actors.entry(id.clone()).or_insert(Actor {
            id,
            name,
            kind: ActorKind::Other,
            aliases: Vec::new(),
            country: None,
            wikidata: None,
            url: None,
            profile: None,
            extra: serde_json::json!({}),
        });
    }
    let twins = case_twins(&assets, diags);
    let mut assets = place_assets(assets, &briefings);
    for a in &mut assets {
        if twins.contains(&a.rel) {
            // Reported; copied, it would clash with its twin.
            a.beside.clear();
        }
    }
    let places = places::places(&place_profiles, place_countries, place_resolver.implicit);
    Library {
        briefings,
        actors,
        profiles,
        places,
        place_profiles,
        pages,
        assets,
        images: Default::default(),
        registry,
        place_registry,
        merged,
    }
}

/// Two profiles with one id (the file stem, whatever the folder) would merge
/// into one actor (or place): each later one is reported, naming the first,
/// and left out. `profiles` is sorted by id, then path.
fn drop_duplicate_ids<P: Claimant>(kind: RefKind, profiles: &mut Vec<P>, diags: &mut Diagnostics) {
    let noun = noun(kind);
    let article = if kind == RefKind::Actor { "an" } else { "a" };
    let mut first: Option<(String, PathBuf)> = None;
    profiles.retain(|p| match &first {
        Some((id, path)) if id == p.id() => {
            diags.push(
                p.file()
                    .map
                    .error_at(
                        0,
                        format!(
                            "this profile and {} both have the id `{}`: {article} {noun}'s id is its file name, whatever its folder",
                            path.display(),
                            p.id()
                        ),
                    )
                    .with_hint(format!("rename one of the two files; if they are the same {noun}, keep one and move the other's names into its `aliases`")),
            );
            false
        }
        _ => {
            first = Some((p.id().to_string(), p.file().path.clone()));
            true
        }
    });
}

/// The aliases that say something the name does not, each once.
fn distinct_aliases(name: &str, aliases: &[Located<String>]) -> Vec<String> {
    let name = normalize_ref(name);
    let mut out: Vec<String> = Vec::new();
    for a in aliases {
        let norm = normalize_ref(&a.value);
        if norm != name && !out.iter().any(|x| normalize_ref(x) == norm) {
            out.push(a.value.clone());
        }
    }
    out
}

fn dedup(ids: impl Iterator<Item = ActorId>) -> Vec<ActorId> {
    let mut out: Vec<ActorId> = Vec::new();
    for id in ids {
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn check_unique_slugs<'a>(
    items: impl Iterator<Item = (&'a str, &'a SourceFile)>,
    what: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<String, &SourceFile> = BTreeMap::new();
    for (slug, file) in items {
        if slug.is_empty() {
            continue;
        }
        // Compared case-insensitively: the pages would collide on such file systems.
        match seen.get(&slug.to_lowercase()) {
            Some(first) => diags.push(
                file.map
                    .error_at(
                        0,
                        format!(
                            "this {what} and {} both have the slug `{slug}`",
                            first.path.display()
                        ),
                    )
                    .with_hint("give one of them another `slug` in its front matter"),
            ),
            None => {
                seen.insert(slug.to_lowercase(), file);
            }
        }
    }
}

/// Reports files whose paths differ only in case from an earlier one, like
/// `Map.png` and `map.png`: copied beside a page they would overwrite each
/// other on Windows and macOS, which ignore case. Returns the later ones.
fn case_twins(assets: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
    let mut twins = Vec::new();
    for rel in assets {
        let folded = rel.to_string_lossy().to_lowercase();
        match seen.get(&folded) {
            Some(first) => {
                diags.push(
                    Diagnostic::error(
                        Path::new("content").join(rel),
                        Pos::default(),
                        format!(
                            "this file and content/{} differ only in upper and lower case",
                            first.display()
                        ),
                    )
                    .with_hint("Windows and macOS would see one file: rename one of them"),
                );
                twins.push(rel.clone());
            }
            None => {
                seen.insert(folded, rel);
            }
        }
    }
    twins
}

/// An asset goes beside the briefings of its own folder, or of the nearest
/// folder above it that has briefings, keeping its path below that folder.
fn place_assets(assets: Vec<PathBuf>, briefings: &[Briefing<ActorId>]) -> Vec<Asset> {
    let mut by_dir: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, b) in briefings.iter().enumerate() {
        let dir = b.file.rel.parent().map(PathBuf::from).unwrap_or_default();
        by_dir.entry(dir).or_default().push(i);
    }
    assets
        .into_iter()
        .map(|rel| {
            let mut dir = rel.parent().map(PathBuf::from).unwrap_or_default();
            let beside = loop {
                if let Some(list) = by_dir.get(&dir) {
                    let below = rel
                        .strip_prefix(&dir)
                        .map(PathBuf::from)
                        .unwrap_or_else(|_| rel.clone());
                    break list.iter().map(|i| (*i, below.clone())).collect();
                }
                match dir.parent() {
                    Some(p) if dir != p => dir = p.to_path_buf(),
                    _ => break Vec::new(),
                }
            };
            Asset { rel, beside }
        })
        .collect()
}

/// The library of briefing files `(file name, text)`, and what assembling
/// it reported: the fixture of the index's and the merge's unit tests.
#[cfg(test)]
pub(crate) fn of_briefing_texts(files: &[(String, String)]) -> (Library, Diagnostics) {
    let mut diags = Diagnostics::new();
    let briefings = files
        .iter()
        .map(|(name, text)| {
            let path = std::path::Path::new("content").join(name);
            let raw = crate::content::parse::RawFile {
                path: &path,
                rel: std::path::Path::new(name),
                text,
            };
            crate::content::parse::parse_briefing(&raw, &mut diags).expect("valid briefing")
        })
        .collect();
    let parsed = Parsed {
        briefings,
        profiles: Vec::new(),
        places: Vec::new(),
        pages: Vec::new(),
        assets: Vec::new(),
    };
    let lib = assemble(parsed, false, false, &mut diags);
    (lib, diags)
}
