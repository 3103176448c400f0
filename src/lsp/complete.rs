//! Completion: front-matter keys with their meaning, actor names and
//! aliases where an actor is expected (the canonical name shown beside an
//! alias), the briefing's own source ids after `[@` and in `sources`, and
//! `slug#id` of every other briefing's events in `same_as`.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, TextEdit};

use super::document::Document;
use super::keys::{self, Target};
use super::syntax::{self, FileKind, Spot, Table, Word};
use crate::library::Library;
use crate::text::normalize_ref;

/// Completions at byte `offset` of `doc`.
pub(crate) fn complete(
    doc: &Document,
    kind: FileKind,
    offset: usize,
    library: &Library,
) -> Vec<CompletionItem> {
    let text = &doc.text;
    match syntax::spot(text, kind, offset) {
        Spot::Key { table, word } => key_items(doc, table, &word),
        Spot::Value { table, key, word } => {
            let Some(target) = keys::reference(table, &key) else {
                return Vec::new();
            };
            // Outside quotes (TOML), a name is inserted with its quotes.
            let quote = word.is_none();
            let word = word.unwrap_or(Word {
                range: offset..offset,
                prefix: String::new(),
                text: String::new(),
            });
            let wrap = |s: String| if quote { format!("\"{s}\"") } else { s };
            targets(doc, kind, target, library, &word, &wrap)
        }
        Spot::Mention { word, label: false } => {
            let closed = text[word.range.end..].starts_with(['|', ']']);
            let suffix = if closed { "" } else { "]]" };
            targets(doc, kind, Target::Actor, library, &word, &|s| s + suffix)
        }
        Spot::Citation { word } => targets(doc, kind, Target::Source, library, &word, &|s| s),
        Spot::Mention { label: true, .. } | Spot::Nothing => Vec::new(),
    }
}

/// Whether `label` can be what was typed so far: the typed letters and
/// digits appear in it, whatever the case, accents or punctuation (editors
/// rank and filter further; this keeps thousands of names off the wire).
fn fits(label: &str, typed: &str) -> bool {
    normalize_ref(label).contains(&normalize_ref(typed))
}

fn key_items(doc: &Document, table: Table, word: &Word) -> Vec<CompletionItem> {
    keys::keys(table)
        .iter()
        .filter(|(key, _)| fits(key, &word.prefix))
        .map(|(key, meaning)| CompletionItem {
            label: key.to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some(meaning.to_string()),
            text_edit: Some(edit(doc, word, key.to_string())),
            ..CompletionItem::default()
        })
        .collect()
}

fn edit(doc: &Document, word: &Word, new_text: String) -> CompletionTextEdit {
    CompletionTextEdit::Edit(TextEdit {
        range: doc.range(word.range.start, word.range.end),
        new_text,
    })
}

/// Everything `target` can be, as completions replacing `word`.
fn targets(
    doc: &Document,
    kind: FileKind,
    target: Target,
    library: &Library,
    word: &Word,
    insert: &dyn Fn(String) -> String,
) -> Vec<CompletionItem> {
    let mut out = Vec::new();
    match target {
        Target::Actor => {
            for actor in library.actors.values().filter(|a| a.profile.is_some()) {
                let doc_text =
                    Documentation::String(format!("{} ({})", actor.name, actor.kind.name()));
                out.push(CompletionItem {
                    label: actor.name.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: Some(actor.kind.name().to_string()),
                    documentation: Some(doc_text.clone()),
                    text_edit: Some(edit(doc, word, insert(actor.name.clone()))),
                    ..CompletionItem::default()
                });
                for alias in &actor.aliases {
                    out.push(CompletionItem {
                        label: alias.clone(),
                        kind: Some(CompletionItemKind::REFERENCE),
                        detail: Some(format!("alias of {}", actor.name)),
                        documentation: Some(doc_text.clone()),
                        text_edit: Some(edit(doc, word, insert(alias.clone()))),
                        ..CompletionItem::default()
                    });
                }
            }
        }
        Target::Place => {
            for place in library.places.values().filter(|p| p.profile.is_some()) {
                let names = std::iter::once(&place.name).chain(&place.aliases);
                for (i, name) in names.enumerate() {
                    out.push(CompletionItem {
                        label: name.clone(),
                        kind: Some(CompletionItemKind::REFERENCE),
                        detail: Some(if i == 0 {
                            place.kind.name().to_string()
                        } else {
                            format!("alias of {}", place.name)
                        }),
                        text_edit: Some(edit(doc, word, insert(name.clone()))),
                        ..CompletionItem::default()
                    });
                }
            }
        }
        Target::Event => {
            for b in &library.briefings {
                // Not this briefing's own events: an event is not the same as its neighbour.
                if doc.text == b.file.map.text() {
                    continue;
                }
                for e in &b.events {
                    let value = format!("{}#{}", b.slug, e.id);
                    out.push(CompletionItem {
                        label: value.clone(),
                        kind: Some(CompletionItemKind::REFERENCE),
                        detail: Some(format!("{} ({})", e.title, e.date.iso())),
                        documentation: Some(Documentation::String(b.title.clone())),
                        text_edit: Some(edit(doc, word, insert(value))),
                        ..CompletionItem::default()
                    });
                }
            }
        }
        Target::Source => {
            for item in syntax::items(&doc.text, kind) {
                let (Table::Source, Some((id, _))) = (item.table, &item.id) else {
                    continue;
                };
                out.push(CompletionItem {
                    label: id.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: item.title.clone(),
                    text_edit: Some(edit(doc, word, insert(id.clone()))),
                    ..CompletionItem::default()
                });
            }
        }
    }
    out.retain(|item| fits(&item.label, &word.prefix));
    out
}
