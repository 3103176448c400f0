//! Bringing the last good [`Site`] up to date after edits to briefing files
//! alone, without loading the whole site again.
//!
//! Loading 10,000 briefings through the cache still walks, clones and
//! re-indexes all of them (seconds); an edit to one briefing changes one
//! entry of the library. [`apply`] handles exactly that case and declines
//! ([`Outcome::Reload`]) whenever the edit could reach further, so the
//! caller loads the site as `dossier build` would:
//!
//! 1. every reported path must be a published briefing of the last site
//!    (anything else — a new, deleted or draft file, a profile, a page, an
//!    asset, a template, `site.toml` — means a full load), except editor
//!    backups and hidden files, which are never content, and files that
//!    came and went between two builds (the temporary file of `sed -i`);
//! 2. each is read and parsed again; an error means a full load (which
//!    reports it); same text as before means nothing to do;
//! 3. slug, date, draft state and path must be unchanged (they decide the
//!    order of the library and every link), and its actor references must
//!    resolve to the same actors, with implicit actors named as before; it
//!    must have no `same_as` and no event others name by `same_as` (one
//!    record joins several briefings: the load merges them again);
//! 4. its Markdown is rendered again ([`crate::render_briefing_markdown`]);
//!    the actors its body names with `[[...]]` but no profile must be the
//!    same as before;
//! 5. the briefing and its HTML replace the old ones; the [`Index`] is kept
//!    when what it reads (event dates and actors, actors, tags, sources) is
//!    unchanged, else built again from the patched library;
//! 6. the load's diagnostics for the file are replaced by the new ones.
//!
//! The result equals what a fresh load of the edited files would give;
//! `tests/serve.rs` compares the served folder with full builds.
//!
//! [`Index`]: crate::index::Index

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::content::discover;
use crate::content::model::{ActorId, Briefing};
use crate::content::parse::{self, RawFile};
use crate::diagnostic::Diagnostics;
use crate::index;
use crate::library::Resolvers;
use crate::{BriefingHtml, Site};

/// What [`apply`] did.
#[derive(Debug)]
pub enum Outcome {
    /// The site is up to date: these briefings (indexes) changed.
    Patched {
        changed: Vec<usize>,
        /// Files read and parsed again.
        parsed: usize,
        /// Whether the index was built again (else it was kept).
        reindexed: bool,
        /// The load's diagnostics, updated.
        diagnostics: Diagnostics,
    },
    /// The edits may reach beyond their briefings: load the whole site.
    Reload,
}

/// One edited briefing, checked and ready to replace the old one.
struct Edit {
    index: usize,
    briefing: Briefing<ActorId>,
    html: BriefingHtml,
    diagnostics: Diagnostics,
}

/// Applies the edits to the files `reported` (relative to the site root) to
/// `site`, whose load gave `diagnostics`; leaves `site` untouched unless it
/// returns [`Outcome::Patched`].
pub fn apply(site: &mut Site, reported: &BTreeSet<PathBuf>, diagnostics: &Diagnostics) -> Outcome {
    // What was not kept cannot be carried over: let a load count it again.
    // Nor can the other languages' sites, made from the originals: they
    // are made again by a load.
    if diagnostics.not_shown().next().is_some() || !site.languages.is_empty() {
        return Outcome::Reload;
    }
    let by_path: HashMap<&Path, usize> = site
        .library
        .briefings
        .iter()
        .enumerate()
        .map(|(i, b)| (b.file.path.as_path(), i))
        .collect();
    let mut edits = Vec::new();
    let mut parsed = 0;
    let gone = |p: &Path| !by_path.contains_key(p) && vanished(site, diagnostics, p);
    for path in reported.iter().filter(|p| !never_content(p) && !gone(p)) {
        let Some(&i) = by_path.get(path.as_path()) else {
            return Outcome::Reload;
        };
        match edit(site, i) {
            Step::Same => {}
            Step::Edit(e) => {
                parsed += 1;
                edits.push(*e);
            }
            Step::Reload => return Outcome::Reload,
        }
    }
    let reindex = edits.iter().any(|e| {
        index::inputs_of(&site.library.briefings[e.index]) != index::inputs_of(&e.briefing)
    });
    let mut out = Diagnostics::new();
    let touched: BTreeSet<&Path> = edits
        .iter()
        .map(|e| site.library.briefings[e.index].file.path.as_path())
        .collect();
    out.extend(
        diagnostics
            .iter()
            .filter(|d| !touched.contains(d.path.as_path()))
            .cloned(),
    );
    let mut changed = Vec::new();
    for e in edits {
        out.merge(e.diagnostics);
        site.library.briefings[e.index] = e.briefing;
        site.bodies[e.index] = e.html;
        changed.push(e.index);
    }
    if reindex {
        site.index = index::build(&site.library);
    }
    out.sort();
    Outcome::Patched {
        changed,
        parsed,
        reindexed: reindex,
        diagnostics: out,
    }
}

enum Step {
    /// The file's text is what the site was built from.
    Same,
    Edit(Box<Edit>),
    Reload,
}

/// Reads, parses, resolves and renders briefing `i` again.
fn edit(site: &Site, i: usize) -> Step {
    let old = &site.library.briefings[i];
    let Ok(text) = discover::read_text(&site.root, &old.file.path) else {
        return Step::Reload;
    };
    if text == old.file.map.text() {
        return Step::Same;
    }
    let mut d = Diagnostics::new();
    let raw = RawFile {
        path: &old.file.path,
        rel: &old.file.rel,
        text: &text,
    };
    let Some(new) = parse::parse_briefing(&raw, &mut d) else {
        return Step::Reload;
    };
    if d.has_errors()
        || new.slug != old.slug
        || new.date != old.date
        || new.draft != old.draft
        || new.events.len() != old.events.len()
        || new.events.iter().any(|e| e.same_as.is_some())
        || site.library.merges(i)
    {
        return Step::Reload;
    }
    // Resolved on their own, the references must name the same actors, and
    // implicit ones by the same names, as in the whole library.
    let mut resolvers = Resolvers::new(&site.library, site.config.strict);
    let new = resolvers.briefing(new, &mut d);
    let same_actors = new.actors == old.actors
        && new
            .events
            .iter()
            .zip(&old.events)
            .all(|(a, b)| a.actors == b.actors && a.place == b.place);
    let same_names = resolvers.actors.implicit.iter().all(|(id, name)| {
        site.library
            .actors
            .get(id)
            .is_some_and(|a| a.profile.is_none() && &a.name == name)
    }) && resolvers.places.implicit.iter().all(|(id, name)| {
        site.library
            .places
            .get(id)
            .is_some_and(|p| p.profile.is_none() && &p.name == name)
    });
    if d.has_errors() || !same_actors || !same_names {
        return Step::Reload;
    }
    let (html, md) = crate::render_briefing_markdown(site, &new);
    if md.has_errors() || html.body.implicit != site.bodies[i].body.implicit {
        return Step::Reload;
    }
    d.merge(md);
    Step::Edit(Box::new(Edit {
        index: i,
        briefing: new,
        html,
        diagnostics: d,
    }))
}

/// Whether `path` is below `content/` in a hidden file or folder or an
/// editor's backup, which discovery skips (as [`discover::discover`] does):
/// saving from an editor must not cost a full load.
fn never_content(path: &Path) -> bool {
    let mut parts = path.components().map(|c| c.as_os_str().to_string_lossy());
    parts.next().is_some_and(|first| first == "content")
        && parts.any(|name| {
            name.starts_with('.')
                || name.ends_with('~')
                || name.starts_with('#')
                || name.ends_with(".swp")
                || name.ends_with(".tmp")
        })
}

/// Whether `path` is a file below `content/` that came and went unseen by
/// the last build, like the temporary file of `sed -i`: not there now, not
/// one of the site's files (the caller checks the briefings), and no
/// diagnostic of the last load names it.
fn vanished(site: &Site, diagnostics: &Diagnostics, path: &Path) -> bool {
    let lib = &site.library;
    path.starts_with("content")
        && std::fs::symlink_metadata(site.root.join(path)).is_err()
        && !lib.profiles.iter().any(|p| p.file.path == path)
        && !lib.place_profiles.iter().any(|p| p.file.path == path)
        && !lib.pages.iter().any(|p| p.file.path == path)
        && !lib
            .assets
            .iter()
            .any(|a| Path::new("content").join(&a.rel) == path)
        && !diagnostics.iter().any(|d| d.path == path)
}
