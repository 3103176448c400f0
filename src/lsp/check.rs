//! Diagnostics for the editor: the same checks as `dossier check`, on the
//! editor's unsaved texts, kept per file.
//!
//! Two ways to check, both through the pipeline's own stages and
//! [`incremental::Cache`] (which holds the unsaved texts):
//!
//! 1. [`Project::check_all`] — config, discover, parse, assemble, Markdown:
//!    every file's diagnostics. Run first, after an edit to a profile, a
//!    page or `site.toml`, and (when the editor pauses) after an edit that
//!    can change other files' diagnostics: a briefing's slug, whether it
//!    parses at all (links to it), its events' ids or its `same_as` (which
//!    are resolved across briefings).
//! 2. [`Project::check_briefing`] — one briefing parsed, its actors resolved
//!    through the registry of the last full check, its Markdown rendered with
//!    that check's link targets: a keystroke costs one file, not the site.
//!
//! Drafts are checked as `dossier check --drafts` does: the editor is
//! writing them. Templates are not rendered (they are not content).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::content::discover::{self, Discovered, Kind};
use crate::content::parse::{self, RawFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::incremental::{self, Cache};
use crate::library::{self, Library, Resolvers};
use crate::markdown::{LinkTargets, Renderer};

/// What the last full check knew of the site, and every file's diagnostics.
pub(crate) struct Project {
    pub root: PathBuf,
    pub cache: Cache,
    pub config: Option<Config>,
    pub library: Library,
    links: LinkTargets,
    base_path: String,
    renderer_key: u64,
    /// Diagnostics per file (relative to the root), sorted.
    pub diags: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Briefings of the last full check and their slugs (lower case).
    slugs: BTreeMap<PathBuf, String>,
    /// How many briefings have each slug (lower case).
    slug_count: BTreeMap<String, usize>,
    /// Whether other files may need checking again (see the module doc).
    pub stale: bool,
}

/// A file under `content/`, relative to the site root, and what it is.
pub(crate) fn content_kind(path: &Path) -> Option<Kind> {
    let rel = path.strip_prefix("content").ok()?;
    Some(discover::kind_of(rel))
}

/// Whether a file under `content/` is a translation (`x.ur.md`), which
/// is checked with the whole site, against its original.
pub(crate) fn is_translation(rel: &Path) -> bool {
    rel.file_name()
        .and_then(|n| n.to_str())
        .and_then(crate::lang::translation_code)
        .is_some()
}

impl Project {
    pub fn new(root: PathBuf) -> Project {
        Project {
            root,
            cache: Cache::new(),
            config: None,
            library: Library::default(),
            links: LinkTargets::default(),
            base_path: "/".to_string(),
            renderer_key: 0,
            diags: BTreeMap::new(),
            slugs: BTreeMap::new(),
            slug_count: BTreeMap::new(),
            stale: false,
        }
    }

    /// Checks the whole site; every file's diagnostics are replaced.
    pub fn check_all(&mut self) {
        let mut diags = Diagnostics::new();
        self.cache.begin();
        let config = match self.cache.unsaved(Path::new("site.toml")) {
            Some(text) => Some(config::parse(&text, Path::new("site.toml"), &mut diags)),
            None => config::load(&self.root, &mut diags),
        };
        self.library = Library::default();
        if let Some(config) = &config {
            let mut found = discover::discover(&self.root, &mut diags);
            self.add_unsaved_files(&mut found);
            let parsed = crate::parse_all(&self.root, &found, &self.cache, &mut diags);
            // Translations as saved on disk (SPEC §8.6): their errors and
            // freshness warnings.
            crate::content::translation::translate(&self.root, &found, &parsed, config, &mut diags);
            let mut library = library::assemble(parsed, config.strict, true, &mut diags);
            self.base_path = config.base_path();
            crate::markdown::stage::render_markdown(
                &mut library,
                config,
                &self.base_path,
                english_words(),
                &self.cache,
                &mut diags,
            );
            self.links = crate::markdown::stage::link_targets(&library, &self.base_path);
            self.renderer_key = incremental::renderer_key(&self.renderer(config, &library));
            self.library = library;
            self.cache.sweep();
        }
        self.config = config;
        diags.sort();
        self.diags.clear();
        for d in diags {
            self.diags.entry(d.path.clone()).or_default().push(d);
        }
        self.slugs = self
            .library
            .briefings
            .iter()
            .map(|b| (b.file.path.clone(), b.slug.to_lowercase()))
            .collect();
        self.slug_count.clear();
        for slug in self.slugs.values() {
            *self.slug_count.entry(slug.clone()).or_default() += 1;
        }
        self.stale = false;
    }

    /// Files the editor has open that are not saved yet join the site.
    fn add_unsaved_files(&self, found: &mut Discovered) {
        for path in self.cache.unsaved_paths() {
            let Ok(rel) = path.strip_prefix("content") else {
                continue;
            };
            if is_translation(rel) {
                continue;
            }
            let list = match discover::kind_of(rel) {
                Kind::Briefing => &mut found.briefings,
                Kind::Profile => &mut found.profiles,
                Kind::Place => &mut found.places,
                Kind::Page => &mut found.pages,
                Kind::Asset | Kind::Ignored => continue,
            };
            if !list.iter().any(|p| p == rel) {
                list.push(rel.to_path_buf());
                list.sort();
            }
        }
    }

    fn renderer<'a>(&'a self, config: &'a Config, library: &'a Library) -> Renderer<'a> {
        Renderer {
            registry: &library.registry,
            links: &self.links,
            base_path: &self.base_path,
            safe_html: config.safe_html,
            strict: config.strict,
            image_warn_bytes: config.image_warn_bytes,
            words: english_words(),
        }
    }

    /// Checks the briefing at `path` (relative to the root) alone, as the
    /// full check would. Marks the project stale when the edit can change
    /// other files' diagnostics; `false` when the site could not be loaded.
    pub fn check_briefing(&mut self, path: &Path) -> bool {
        let Some(config) = &self.config else {
            return false;
        };
        let Ok(rel) = path.strip_prefix("content") else {
            return false;
        };
        let (parsed, mut d) = self.cache.parse(&self.root, path, |text, d| {
            parse::parse_briefing(&RawFile { path, rel, text }, d)
        });
        let slug = parsed.as_ref().map(|b| b.slug.to_lowercase());
        let was = self.slugs.get(path);
        let shared = |s: &String| self.slug_count.get(s).copied().unwrap_or(0) > 1;
        if slug.as_ref() != was || slug.as_ref().is_some_and(shared) {
            self.stale = true;
        }
        // `same_as` is resolved across briefings, by the full check: when
        // this briefing names another's event, or its events' ids change.
        let old = self.library.briefings.iter().find(|b| b.file.path == path);
        if parsed.as_ref().is_some_and(|b| {
            b.events.iter().any(|e| e.same_as.is_some())
                || old.is_none_or(|o| {
                    !b.events
                        .iter()
                        .map(|e| &e.id)
                        .eq(o.events.iter().map(|e| &e.id))
                })
        }) {
            self.stale = true;
        }
        if let Some(b) = parsed {
            let b = Resolvers::new(&self.library, config.strict).briefing(b, &mut d);
            let renderer = self.renderer(config, &self.library);
            let (_, md) = self.cache.markdown(&b.file, self.renderer_key, || {
                crate::markdown::stage::briefing_markdown(&renderer, &b)
            });
            d.merge(md);
        }
        d.sort();
        let list = d.into_vec();
        if list.is_empty() {
            self.diags.remove(path);
        } else {
            self.diags.insert(path.to_path_buf(), list);
        }
        true
    }
}

/// The Markdown renderer's words while checking: English (only the
/// diagnostics are kept, and they do not depend on them).
fn english_words() -> crate::markdown::Words {
    crate::markdown::Words::from_strings(crate::i18n::Strings::english())
}
