//! The registries that resolve actor and place references: every id,
//! name and alias of a profile maps to one id (two profiles claiming one
//! name is an error naming both files); a reference that matches none
//! becomes an implicit actor or place, with a warning and a did-you-mean.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::model::{ActorId, ActorRef, Briefing, Profile, RefKind, SourceFile};
use crate::content::node::Located;
use crate::content::place::PlaceProfile;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Kind, SourceMap};
use crate::text::{normalize_ref, slugify};

use super::{dedup, Library};

/// Resolves references of one kind (actors or places): the normal form of
/// every id, name and alias maps to one id.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    kind: RefKind,
    names: BTreeMap<String, ActorId>,
    /// Every name and alias as written, for did-you-mean hints.
    spellings: Vec<String>,
    suggestions: Suggestions,
}

/// Did-you-mean hints already worked out, per reference text: a site may
/// name one unknown actor a million times. Only a cache, so it is left out
/// of `Debug` (which keys the Markdown cache of `dossier serve`).
#[derive(Default)]
struct Suggestions(std::sync::Mutex<BTreeMap<String, Option<String>>>);

impl Clone for Suggestions {
    fn clone(&self) -> Self {
        Suggestions(std::sync::Mutex::new(
            self.0.lock().map(|m| m.clone()).unwrap_or_default(),
        ))
    }
}

impl std::fmt::Debug for Suggestions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Suggestions")
    }
}

/// What differs between actor and place references: the words of the
/// messages, the profile folder and the warning group.
pub(super) fn noun(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Actor => "actor",
        RefKind::Place => "place",
    }
}

fn folder(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Actor => "actors",
        RefKind::Place => "places",
    }
}

impl Registry {
    pub fn lookup(&self, text: &str) -> Option<&ActorId> {
        self.names.get(&normalize_ref(text))
    }

    /// "did you mean `Pakistan`?" for a reference that matches no profile,
    /// ranked like every other did-you-mean hint.
    fn suggest(&self, text: &str) -> Option<String> {
        let cached = self
            .suggestions
            .0
            .lock()
            .ok()
            .and_then(|m| m.get(text).cloned());
        if let Some(hint) = cached {
            return hint;
        }
        let hint = did_you_mean(text.trim(), self.spellings.iter().map(String::as_str));
        if let Ok(mut m) = self.suggestions.0.lock() {
            m.insert(text.to_string(), hint.clone());
        }
        hint
    }

    /// The diagnostic for a reference `text` at byte `at` of `map` that
    /// matches no profile and becomes the implicit actor (or place) `id`: a
    /// warning, grouped by `id`, or with `strict` an error. Every kind of
    /// reference (front matter lists, `country`, `place`, `[[...]]`)
    /// reports it here.
    pub(crate) fn unmatched(
        &self,
        map: &SourceMap,
        at: usize,
        text: &str,
        id: &str,
        strict: bool,
    ) -> Diagnostic {
        let noun = noun(self.kind);
        let message = format!("no {noun} profile matches `{text}`");
        let create = format!(
            "create content/{}/{id}.md with `name = \"{}\"`, or add it as an alias of an existing profile{}",
            folder(self.kind),
            text.trim().replace('"', "'"),
            match (strict, self.kind) {
                (true, _) => "",
                (false, RefKind::Actor) => "; it is listed as an implicit actor for now",
                (false, RefKind::Place) => "; it is listed as an implicit place, without coordinates, for now",
            }
        );
        let hint = match self.suggest(text) {
            Some(guess) => format!("{guess} Otherwise {create}"),
            None => create,
        };
        if strict {
            map.error_at(at, message).with_hint(hint)
        } else {
            map.warning_at(at, message).with_hint(hint).grouped(
                match self.kind {
                    RefKind::Actor => Kind::ImplicitActor,
                    RefKind::Place => Kind::ImplicitPlace,
                },
                id,
            )
        }
    }
}

/// A profile that claims names: an actor's or a place's.
pub(crate) trait Claimant {
    fn id(&self) -> &str;
    fn file(&self) -> &SourceFile;
    fn name(&self) -> &Located<String>;
    fn aliases(&self) -> &[Located<String>];
}

impl Claimant for Profile {
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &SourceFile {
        &self.file
    }
    fn name(&self) -> &Located<String> {
        &self.name
    }
    fn aliases(&self) -> &[Located<String>] {
        &self.aliases
    }
}

impl Claimant for PlaceProfile {
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &SourceFile {
        &self.file
    }
    fn name(&self) -> &Located<String> {
        &self.name
    }
    fn aliases(&self) -> &[Located<String>] {
        &self.aliases
    }
}

/// Where a name was claimed, to name both files on a clash.
struct Claim<'a> {
    id: &'a str,
    file: &'a Path,
}

/// Builds the registry of one kind from its profiles; two profiles claiming
/// one name is an error naming both files.
pub(super) fn build_registry<P: Claimant>(
    kind: RefKind,
    profiles: &[P],
    diags: &mut Diagnostics,
) -> Registry {
    let noun = noun(kind);
    let mut claims: BTreeMap<String, Claim> = BTreeMap::new();
    let mut names = BTreeMap::new();
    let mut spellings = Vec::new();
    for p in profiles {
        let file = p.file();
        spellings.push(p.name().value.clone());
        spellings.extend(p.aliases().iter().map(|a| a.value.clone()));
        let mut own: Vec<(&str, usize, &str)> = vec![(p.id(), 0, "id")];
        own.push((&p.name().value, p.name().at, "name"));
        own.extend(
            p.aliases()
                .iter()
                .map(|a| (a.value.as_str(), a.at, "alias")),
        );
        for (text, at, what) in own {
            let key = normalize_ref(text);
            if key.is_empty() {
                diags.push(
                    file.map.error_at(at, format!("the {what} `{text}` has no letters or digits, so nothing can refer to it"))
                        .with_hint("remove it or use words"),
                );
                continue;
            }
            match claims.get(&key) {
                Some(c) if c.id == p.id() => {}
                Some(c) => diags.push(
                    file
                        .map
                        .error_at(
                            at,
                            format!(
                                "the {what} `{text}` is already claimed by {noun} `{}` ({})",
                                c.id,
                                c.file.display()
                            ),
                        )
                        .with_hint(format!(
                            "a name or alias must point to one {noun}: remove it from {} or from {}",
                            file.path.display(),
                            c.file.display()
                        )),
                ),
                None => {
                    claims.insert(
                        key.clone(),
                        Claim {
                            id: p.id(),
                            file: &file.path,
                        },
                    );
                    names.insert(key, p.id().to_string());
                }
            }
        }
    }
    Registry {
        kind,
        names,
        spellings,
        suggestions: Suggestions::default(),
    }
}

/// Resolves one reference, creating an implicit actor (or place) when
/// nothing matches.
pub struct Resolver<'a> {
    pub registry: &'a Registry,
    pub strict: bool,
    pub implicit: BTreeMap<ActorId, String>,
}

impl Resolver<'_> {
    pub fn resolve(
        &mut self,
        r: &ActorRef,
        map: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<ActorId> {
        if let Some(id) = self.registry.lookup(&r.value) {
            return Some(id.clone());
        }
        let id = slugify(&r.value);
        if id.is_empty() {
            diags.push(
                map.error_at(
                    r.at,
                    format!(
                        "`{}` is not {} name",
                        r.value,
                        match self.registry.kind {
                            RefKind::Actor => "an actor",
                            RefKind::Place => "a place",
                        }
                    ),
                )
                .with_hint(format!(
                    "{} reference needs letters or digits",
                    match self.registry.kind {
                        RefKind::Actor => "an actor",
                        RefKind::Place => "a place",
                    }
                )),
            );
            return None;
        }
        diags.push(
            self.registry
                .unmatched(map, r.at, &r.value, &id, self.strict),
        );
        self.implicit
            .entry(id.clone())
            .or_insert_with(|| r.value.trim().to_string());
        Some(id)
    }
}

/// The actor and the place resolver, which a briefing's references go
/// through together.
pub struct Resolvers<'a> {
    pub actors: Resolver<'a>,
    pub places: Resolver<'a>,
}

impl<'a> Resolvers<'a> {
    /// Resolvers against the profiles of `library`, with no implicit
    /// actor or place yet.
    pub fn new(library: &'a Library, strict: bool) -> Resolvers<'a> {
        Resolvers {
            actors: Resolver {
                registry: &library.registry,
                strict,
                implicit: BTreeMap::new(),
            },
            places: Resolver {
                registry: &library.place_registry,
                strict,
                implicit: BTreeMap::new(),
            },
        }
    }

    /// A briefing's references resolved into ids: repeated actors once,
    /// unusable references (already reported) left out.
    pub fn briefing(
        &mut self,
        b: Briefing<ActorRef>,
        diags: &mut Diagnostics,
    ) -> Briefing<ActorId> {
        let map = b.file.map.clone();
        // An unusable reference has already been reported; it maps to "" and is dropped.
        let mut out = b.map_refs(|kind, r| {
            let resolver = match kind {
                RefKind::Actor => &mut self.actors,
                RefKind::Place => &mut self.places,
            };
            resolver.resolve(&r, &map, diags).unwrap_or_default()
        });
        out.actors = dedup(std::mem::take(&mut out.actors).into_iter());
        for e in &mut out.events {
            e.actors = dedup(std::mem::take(&mut e.actors).into_iter());
            e.place = e.place.take().filter(|p| !p.is_empty());
        }
        out
    }
}
