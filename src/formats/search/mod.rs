//! The static search index behind `/search/`, read by
//! `themes/default/static/js/search.js`. Built so that one query fetches a
//! few small files, however large the site:
//!
//! 1. [`docs`] lists the documents of one language (briefings newest
//!    first, actors, places, events newest first) with their facets (actors
//!    and tags).
//! 2. [`layout`] turns them into files under a path prefix
//!    (`search/index/` for the default language): a small manifest, a term
//!    dictionary cut into shards by sorted term (each term with its
//!    document lists per field), the document lists of each actor and tag
//!    in facet shards, the facet names, and document metadata in chunks of
//!    a fixed number of documents, fetched only for the results shown, and
//!    the briefing titles that event results name, in small shards.
//! 3. [`write`] writes them and warns about any file over the limit.
//!
//! Terms come from [`tokens`], whose rules the script implements again.
//! The format is documented in `docs/data.md` ("Search index").

mod docs;
mod layout;
pub(crate) mod tokens;

pub(crate) use docs::docs;
pub(crate) use layout::{files, Limits};

use std::borrow::Cow;

use super::Out;
use crate::diagnostic::Diagnostic;
use crate::Site;

/// No index file may be larger than this by default (`[search] file_kb`).
pub const FILE_BYTES: usize = 1 << 20;
/// The index format, for the script to check (6: an event names its
/// briefing by document number, whose title, URL and tags are in the `b/`
/// shards).
pub const VERSION: u32 = 6;
/// Where the default language's index lives, under the output folder.
pub const PREFIX: &str = "search/index/";

/// The kinds of document, in the order results are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Briefing,
    Actor,
    Place,
    Event,
}

impl Kind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Kind::Briefing => "b",
            Kind::Actor => "a",
            Kind::Place => "p",
            Kind::Event => "e",
        }
    }
}

/// One searchable document of one language.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    pub kind: Kind,
    /// Title (briefing, event) or name (actor, place).
    pub title: &'a str,
    /// Site-relative URL, starting with the base path.
    pub url: String,
    /// Date as shown (briefings, events) or kind (actors, places).
    pub date: Cow<'a, str>,
    /// One line of context, shown as the snippet: the summary (briefing),
    /// the place (event), the start of the profile (actor, place).
    pub context: Cow<'a, str>,
    /// Names matched with more weight than the body: actors named
    /// (briefing, event) or aliases (actor, place).
    pub names: Vec<&'a str>,
    /// Aliases shown under an actor or place.
    pub aliases: &'a [String],
    /// Positions in [`Facets::actors`] and [`Facets::tags`].
    pub actors: Vec<u32>,
    pub tags: Vec<u32>,
    /// An event's briefing, by document number (briefings come first).
    pub from: Option<u32>,
    /// Plain text: body (briefing), text (event), profile (actor, place).
    pub body: String,
}

/// The values documents can be filtered by: (id as in URLs, name shown).
#[derive(Debug, Clone, Default)]
pub(crate) struct Facets {
    pub actors: Vec<(String, String)>,
    pub tags: Vec<(String, String)>,
}

/// Writes the default language's index under [`PREFIX`].
pub fn write(site: &Site, out: &mut Out) {
    let (docs, facets) = docs(site);
    write_index(
        out,
        PREFIX,
        &docs,
        &facets,
        &Limits::new(site.config.search_file_bytes),
    );
}

/// Writes the index of `docs` (one language, in rank order) under `prefix`
/// (`search/index/`, or `<code>/search/index/` for another language). A
/// file over the limit is a warning naming it: the site still works, but a
/// query may fetch more than it should.
pub(crate) fn write_index(
    out: &mut Out,
    prefix: &str,
    docs: &[Doc],
    facets: &Facets,
    limits: &Limits,
) {
    for (rel, bytes) in files(docs, facets, limits) {
        let rel = format!("{prefix}{rel}");
        if bytes.len() > limits.file_bytes {
            out.diags.push(
                Diagnostic::warning(
                    &rel,
                    Default::default(),
                    format!(
                        "the search index file `{rel}` is {} bytes, over the limit of {}",
                        bytes.len(),
                        limits.file_bytes
                    ),
                )
                .with_hint("raise `[search] file_kb` in site.toml"),
            );
        }
        out.put(&rel, &bytes);
    }
}
