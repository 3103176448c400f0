//! Hover, go-to-definition, document symbols and find-references: the
//! reference under the cursor (through [`keys::REFERENCES`], `[[...]]` and
//! `[@...]`) resolved the way the build resolves it.

use std::path::{Path, PathBuf};

use lsp_types::{
    DocumentSymbol, Hover, HoverContents, Location, MarkupContent, MarkupKind, SymbolKind, Url,
};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use super::document::Document;
use super::keys::{self, Target};
use super::syntax::{self, FileKind, Spot, Table, Word};
use crate::library::{Actor, Library};

/// The reference under the cursor: what it points at and its text.
pub(crate) fn reference_at(text: &str, kind: FileKind, offset: usize) -> Option<(Target, Word)> {
    match syntax::spot(text, kind, offset) {
        Spot::Value {
            table,
            key,
            word: Some(word),
        } => keys::reference(table, &key).map(|t| (t, word)),
        Spot::Mention { word, .. } => Some((Target::Actor, word)),
        Spot::Citation { word } => Some((Target::Source, word)),
        _ => None,
    }
}

/// The actor a reference names, if it has one.
pub(crate) fn actor<'a>(library: &'a Library, name: &str) -> Option<&'a Actor> {
    library.actors.get(library.registry.lookup(name)?)
}

/// The place a reference names, if it has one.
fn place<'a>(library: &'a Library, name: &str) -> Option<&'a crate::library::Place> {
    library.places.get(library.place_registry.lookup(name)?)
}

/// The briefing and event a `same_as` value names, if both exist.
fn event<'a>(
    library: &'a Library,
    value: &str,
) -> Option<(
    &'a crate::content::model::Briefing<crate::content::model::ActorId>,
    &'a crate::content::model::Event<crate::content::model::ActorId>,
)> {
    let (slug, id) = value.trim().split_once('#')?;
    let b = library.briefings.iter().find(|b| b.slug == slug.trim())?;
    Some((b, b.events.iter().find(|e| e.id == id.trim())?))
}

/// The text of a profile's first paragraph.
fn summary(library: &Library, actor: &Actor) -> String {
    let Some(p) = actor.profile.and_then(|i| library.profiles.get(i)) else {
        return String::new();
    };
    let body = p.file.body_text().trim_start();
    let end = body
        .find("\n\n")
        .or_else(|| body.find("\r\n\r\n"))
        .unwrap_or(body.len());
    body[..end].trim().to_string()
}

pub(crate) fn hover(
    doc: &Document,
    kind: FileKind,
    offset: usize,
    library: &Library,
) -> Option<Hover> {
    let (target, word) = reference_at(&doc.text, kind, offset)?;
    let value = match target {
        Target::Actor => match actor(library, &word.text) {
            Some(a) => {
                let mut v = format!("**{}** ({})", a.name, a.kind.name());
                if !a.aliases.is_empty() {
                    v.push_str(&format!("\n\nAlso: {}", a.aliases.join(", ")));
                }
                let s = summary(library, a);
                if !s.is_empty() {
                    v.push_str("\n\n");
                    v.push_str(&s);
                }
                v
            }
            None => format!("No actor profile matches `{}`.", word.text),
        },
        Target::Place => match place(library, &word.text) {
            Some(p) => {
                let mut v = format!("**{}** ({})", p.name, p.kind.name());
                if let Some(c) = p.coordinates {
                    v.push_str(&format!("\n\n{}, {}", c.lat, c.lon));
                }
                if !p.aliases.is_empty() {
                    v.push_str(&format!("\n\nAlso: {}", p.aliases.join(", ")));
                }
                v
            }
            None => format!("No place profile matches `{}`.", word.text),
        },
        Target::Event => match event(library, &word.text) {
            Some((b, e)) => format!(
                "**{}** ({})\n\nReported in *{}*",
                e.title,
                e.date.iso(),
                b.title
            ),
            None => format!("No briefing has the event `{}`.", word.text),
        },
        Target::Source => {
            let item = syntax::items(&doc.text, kind).into_iter().find(|i| {
                i.table == Table::Source && i.id.as_ref().is_some_and(|(id, _)| *id == word.text)
            })?;
            let mut v = format!("**{}**", item.title.unwrap_or_else(|| word.text.clone()));
            if let Some(d) = item.date {
                v.push_str(&format!(" ({d})"));
            }
            v
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(doc.range(word.range.start, word.range.end)),
    })
}

/// Where a reference's target is declared: the profile's `name`, the
/// `id` of the `[[sources]]` entry in the same document, or the event a
/// `same_as` names in its briefing.
pub(crate) fn definition(
    doc: &Document,
    kind: FileKind,
    offset: usize,
    uri: &Url,
    root: &Path,
    library: &Library,
) -> Option<Location> {
    let (target, word) = reference_at(&doc.text, kind, offset)?;
    match target {
        Target::Actor => {
            let a = actor(library, &word.text)?;
            let p = library.profiles.get(a.profile?)?;
            let text = Document::new(p.file.map.text().to_string(), 0);
            let end = super::document::token_end(&text.text, p.name.at);
            Some(Location::new(
                Url::from_file_path(root.join(&p.file.path)).ok()?,
                text.range(p.name.at, end),
            ))
        }
        Target::Place => {
            let p = place(library, &word.text)?;
            let p = library.place_profiles.get(p.profile?)?;
            let text = Document::new(p.file.map.text().to_string(), 0);
            let end = super::document::token_end(&text.text, p.name.at);
            Some(Location::new(
                Url::from_file_path(root.join(&p.file.path)).ok()?,
                text.range(p.name.at, end),
            ))
        }
        Target::Event => {
            let (b, e) = event(library, &word.text)?;
            let text = Document::new(b.file.map.text().to_string(), 0);
            let end = super::document::token_end(&text.text, e.at);
            Some(Location::new(
                Url::from_file_path(root.join(&b.file.path)).ok()?,
                text.range(e.at, end),
            ))
        }
        Target::Source => {
            let item = syntax::items(&doc.text, kind).into_iter().find(|i| {
                i.table == Table::Source && i.id.as_ref().is_some_and(|(id, _)| *id == word.text)
            })?;
            let (_, range) = item.id?;
            Some(Location::new(
                uri.clone(),
                doc.range(range.start, range.end),
            ))
        }
    }
}

/// The events and sources of a document, for its outline.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
pub(crate) fn symbols(doc: &Document, kind: FileKind) -> Vec<DocumentSymbol> {
    syntax::items(&doc.text, kind)
        .into_iter()
        .map(|item| {
            let range = doc.range(item.range.start, item.range.end);
            let selection = item
                .id
                .as_ref()
                .map_or(range, |(_, r)| doc.range(r.start, r.end));
            let id = item.id.as_ref().map(|(id, _)| id.clone());
            let (name, detail, kind) = match item.table {
                Table::Event => (
                    item.title.or(id).unwrap_or_else(|| "event".into()),
                    item.date,
                    SymbolKind::EVENT,
                ),
                _ => (
                    id.unwrap_or_else(|| "source".into()),
                    item.title,
                    SymbolKind::OBJECT,
                ),
            };
            DocumentSymbol {
                name: if name.trim().is_empty() {
                    "(untitled)".into()
                } else {
                    name
                },
                detail,
                kind,
                tags: None,
                deprecated: None,
                range,
                selection_range: selection,
                children: None,
            }
        })
        .collect()
}

/// The actor the cursor is on: a reference to it, or its own profile's
/// `name` and `aliases`.
pub(crate) fn actor_at<'a>(
    doc: &Document,
    kind: FileKind,
    offset: usize,
    path: &Path,
    library: &'a Library,
) -> Option<&'a Actor> {
    if let Some((Target::Actor, word)) = reference_at(&doc.text, kind, offset) {
        return actor(library, &word.text);
    }
    if kind == FileKind::Profile {
        let id = path.file_stem()?.to_string_lossy();
        return library.actors.get(id.as_ref());
    }
    None
}

/// Every reference to the actor `id`: front-matter values and `[[...]]`
/// mentions, in every briefing and profile of the library, and in the open
/// documents as edited (`open`: path, kind and text).
pub(crate) fn references(
    id: &str,
    library: &Library,
    root: &Path,
    open: &[(PathBuf, FileKind, &str)],
) -> Vec<Location> {
    let mut files: Vec<(PathBuf, FileKind, &str)> = open.to_vec();
    let briefings = library
        .briefings
        .iter()
        .map(|b| (&b.file, FileKind::Briefing));
    let profiles = library
        .profiles
        .iter()
        .map(|p| (&p.file, FileKind::Profile));
    for (file, kind) in briefings.chain(profiles) {
        if !open.iter().any(|(p, _, _)| *p == file.path) {
            files.push((file.path.clone(), kind, file.map.text()));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for (path, kind, text) in files {
        let doc = Document::new(text.to_string(), 0);
        let Ok(uri) = Url::from_file_path(root.join(&path)) else {
            continue;
        };
        let mut hits: Vec<std::ops::Range<usize>> = syntax::values(&doc.text, kind)
            .into_iter()
            .filter(|(t, k, _)| keys::reference(*t, k) == Some(Target::Actor))
            .filter(|(_, _, w)| library.registry.lookup(&w.text).is_some_and(|a| a == id))
            .map(|(_, _, w)| w.range)
            .collect();
        hits.extend(mentions(&doc.text).into_iter().filter_map(|(name, range)| {
            library
                .registry
                .lookup(&name)
                .is_some_and(|a| a == id)
                .then_some(range)
        }));
        hits.sort_by_key(|r| r.start);
        out.extend(
            hits.into_iter()
                .map(|r| Location::new(uri.clone(), doc.range(r.start, r.end))),
        );
    }
    out
}

/// The `[[Name]]` mentions of a file's body: each name and its byte range.
fn mentions(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let body_start = syntax::body_start(text);
    let body = &text[body_start..];
    Parser::new_ext(body, Options::ENABLE_WIKILINKS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let start = body_start + range.start + 2;
                Some((dest_url.to_string(), start..start + dest_url.len()))
            }
            _ => None,
        })
        .collect()
}
