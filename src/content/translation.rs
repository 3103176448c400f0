//! Translations (SPEC §8.6): `x.<code>.md` beside `x.md` is `x` in the
//! language `<code>`, for briefings, actor profiles, places and pages.
//!
//! Steps, for each translation discovery found: check that its language is
//! one of the site's and that its original exists; read its front matter,
//! which may only translate (a briefing's title, summary, authors and tags,
//! its events' titles and texts, its sources' titles; a profile's or a
//! place's name and aliases; a page's title) and may repeat, but not
//! change, what a translation shares with its original (dates, actors,
//! places, slugs); start from the original and put the translated values
//! and the translated body in. Then each language's content is the
//! originals with their translations in place: only translated briefings
//! and pages (an untranslated one is not faked in another language), every
//! profile and place (actors and places keep their pages; an untranslated
//! profile is marked as such). A translation older than its original's
//! latest update is a warning naming both files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::discover::{read_text, Discovered, Kind, Translation};
use super::edtf::{Edtf, End};
use super::model::{ActorRef, Briefing, Page, Profile};
use super::node::{Located, Table};
use super::parse::{date_field, front_matter, RawFile, FREE};
use super::place::PlaceProfile;
use crate::config::Config;
use crate::diagnostic::{did_you_mean, Diagnostics, SourceMap};
use crate::library::Parsed;

/// One more language's content: the originals with this language's
/// translations in their place.
pub(crate) struct LanguageContent {
    pub code: String,
    pub parsed: Parsed,
    /// The original of each translation (relative to `content/`), and the
    /// other way round: links between the two languages' pages.
    pub translated: BTreeMap<PathBuf, PathBuf>,
}

/// Every configured language's content, in the order of `config.languages`.
pub(crate) fn translate(
    root: &Path,
    found: &Discovered,
    parsed: &Parsed,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<LanguageContent> {
    let codes: BTreeSet<&str> = config.other_languages().map(|(code, _)| code).collect();
    let mut by_code: BTreeMap<&str, Vec<(&Translation, Translated)>> = BTreeMap::new();
    for t in &found.translations {
        if let Some(done) = translate_one(root, t, found, parsed, config, &codes, diags) {
            by_code.entry(t.code.as_str()).or_default().push((t, done));
        }
    }
    config
        .other_languages()
        .map(|(code, _)| {
            let items = by_code.remove(code).unwrap_or_default();
            language_content(code, parsed, items)
        })
        .collect()
}

/// A translated file, as the original's type.
enum Translated {
    Briefing(Box<Briefing<ActorRef>>),
    Profile(Box<Profile>),
    Place(Box<PlaceProfile>),
    Page(Box<Page>),
}

fn language_content(
    code: &str,
    parsed: &Parsed,
    items: Vec<(&Translation, Translated)>,
) -> LanguageContent {
    let mut translated = BTreeMap::new();
    let mut briefings = BTreeMap::new();
    let mut profiles = BTreeMap::new();
    let mut places = BTreeMap::new();
    let mut pages = BTreeMap::new();
    for (t, item) in items {
        translated.insert(t.original.clone(), t.rel.clone());
        // One original has one translation per language: `x.ur.md`.
        let key = t.original.clone();
        match item {
            Translated::Briefing(b) => {
                briefings.insert(key, *b);
            }
            Translated::Profile(p) => {
                profiles.insert(key, *p);
            }
            Translated::Place(p) => {
                places.insert(key, *p);
            }
            Translated::Page(p) => {
                pages.insert(key, *p);
            }
        }
    }
    // Lists keep the originals' order: only what exists in the language.
    let mut in_language: Vec<Briefing<ActorRef>> = parsed
        .briefings
        .iter()
        .filter_map(|b| briefings.remove(&b.file.rel))
        .collect();
    // An event reported again (`same_as`) by a briefing not in this
    // language stands alone here.
    let slugs: BTreeSet<String> = in_language.iter().map(|b| b.slug.clone()).collect();
    for e in in_language.iter_mut().flat_map(|b| &mut b.events) {
        let elsewhere = e
            .same_as
            .as_ref()
            .is_some_and(|s| !slugs.contains(s.target.value.split('#').next().unwrap_or_default()));
        if elsewhere {
            e.same_as = None;
        }
    }
    let parsed = Parsed {
        briefings: in_language,
        profiles: parsed
            .profiles
            .iter()
            .map(|p| profiles.remove(&p.file.rel).unwrap_or_else(|| p.clone()))
            .collect(),
        places: parsed
            .places
            .iter()
            .map(|p| places.remove(&p.file.rel).unwrap_or_else(|| p.clone()))
            .collect(),
        pages: parsed
            .pages
            .iter()
            .filter_map(|p| pages.remove(&p.file.rel))
            .collect(),
        assets: parsed.assets.clone(),
    };
    LanguageContent {
        code: code.to_string(),
        parsed,
        translated,
    }
}

/// Checks, reads and merges one translation; `None` (with diagnostics)
/// when it cannot be used.
fn translate_one(
    root: &Path,
    t: &Translation,
    found: &Discovered,
    parsed: &Parsed,
    config: &Config,
    codes: &BTreeSet<&str>,
    diags: &mut Diagnostics,
) -> Option<Translated> {
    let shown = Path::new("content").join(&t.rel);
    let original_shown = Path::new("content").join(&t.original);
    let at_start = |message: String, hint: String| {
        crate::diagnostic::Diagnostic::error(
            &shown,
            crate::diagnostic::Pos { line: 1, col: 1 },
            message,
        )
        .with_hint(hint)
    };
    if t.code == config.language {
        diags.push(at_start(
            format!(
                "`{}` is the site's default language: {} is already in it",
                t.code,
                original_shown.display()
            ),
            format!(
                "remove `.{}` from the file name, or merge it into {}",
                t.code,
                original_shown.display()
            ),
        ));
        return None;
    }
    if !codes.contains(t.code.as_str()) {
        diags.push(at_start(
            format!("`{}` is not a language of this site, so this file is not a translation", t.code),
            format!("add `[languages.{}]` to site.toml, or rename the file: a name ending `.{}.md` marks a translation", t.code, t.code),
        ));
        return None;
    }
    let listed = match t.kind {
        Kind::Briefing => &found.briefings,
        Kind::Profile => &found.profiles,
        Kind::Place => &found.places,
        Kind::Page => &found.pages,
        Kind::Asset | Kind::Ignored => return None,
    };
    if !listed.contains(&t.original) {
        diags.push(at_start(
            format!(
                "this translation has no original: there is no {}",
                original_shown.display()
            ),
            format!(
                "write the original in the default language (`{}`) first, or fix this file's name",
                config.language
            ),
        ));
        return None;
    }
    let text = match read_text(root, &shown) {
        Ok(text) => text,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let raw = RawFile {
        path: &shown,
        rel: &t.rel,
        text: &text,
    };
    // An original with errors is reported for itself; its translation waits.
    match t.kind {
        Kind::Briefing => {
            let original = parsed.briefings.iter().find(|b| b.file.rel == t.original)?;
            let b = briefing(&raw, original, diags)?;
            Some(Translated::Briefing(Box::new(b)))
        }
        Kind::Profile => {
            let original = parsed.profiles.iter().find(|p| p.file.rel == t.original)?;
            let (file, name, aliases) = named(&raw, &original.file.path, diags)?;
            let mut p = original.clone();
            p.file = file;
            // References are written in the original language: its name
            // still names the actor.
            p.aliases.push(std::mem::replace(&mut p.name, name));
            p.aliases.extend(aliases);
            Some(Translated::Profile(Box::new(p)))
        }
        Kind::Place => {
            let original = parsed.places.iter().find(|p| p.file.rel == t.original)?;
            let (file, name, aliases) = named(&raw, &original.file.path, diags)?;
            let mut p = original.clone();
            p.file = file;
            // References are written in the original language: its name
            // still names the actor.
            p.aliases.push(std::mem::replace(&mut p.name, name));
            p.aliases.extend(aliases);
            Some(Translated::Place(Box::new(p)))
        }
        Kind::Page => {
            let original = parsed.pages.iter().find(|p| p.file.rel == t.original)?;
            let (file, node) = front_matter(&raw, diags)?;
            let before = diags.error_count();
            let tt = Table::new(
                &node,
                "page translation",
                &["title", "slug", "draft"],
                FREE,
                &file.map,
                diags,
            )?;
            shared_str(&tt, "slug", &original.slug, &original.file.path, diags);
            not_here(&tt, &["draft"], &original.file.path, diags);
            let title = tt.req_str("title", "\"…\"", diags)?;
            let mut p = original.clone();
            p.title = title.value;
            p.file = file;
            (diags.error_count() == before).then_some(Translated::Page(Box::new(p)))
        }
        Kind::Asset | Kind::Ignored => None,
    }
}

/// A profile's or a place's translation: its name and more aliases.
fn named(
    raw: &RawFile,
    original: &Path,
    diags: &mut Diagnostics,
) -> Option<(
    super::model::SourceFile,
    Located<String>,
    Vec<Located<String>>,
)> {
    let (file, node) = front_matter(raw, diags)?;
    let before = diags.error_count();
    let shared = [
        "kind",
        "country",
        "wikidata",
        "url",
        "coordinates",
        "precision",
    ];
    let known: Vec<&str> = ["name", "aliases"].iter().chain(&shared).copied().collect();
    let t = Table::new(&node, "profile translation", &known, FREE, &file.map, diags)?;
    not_here(&t, &shared, original, diags);
    let name = t.req_str("name", "\"…\"", diags)?;
    let aliases = t.str_list("aliases", diags);
    (diags.error_count() == before).then_some((file.clone(), name, aliases))
}

const TRANSLATABLE: &[&str] = &[
    "title",
    "summary",
    "authors",
    "tags",
    "updated",
    "image_alt",
    "image_credit",
    "events",
    "sources",
];
const SHARED: &[&str] = &[
    "date",
    "slug",
    "actors",
    "draft",
    "image",
    "confidence",
    "corrections",
];

/// A briefing's translation over its original.
fn briefing(
    raw: &RawFile,
    original: &Briefing<ActorRef>,
    diags: &mut Diagnostics,
) -> Option<Briefing<ActorRef>> {
    let (file, node) = front_matter(raw, diags)?;
    let before = diags.error_count();
    let known: Vec<&str> = TRANSLATABLE.iter().chain(SHARED).copied().collect();
    let t = Table::new(
        &node,
        "briefing translation",
        &known,
        FREE,
        &file.map,
        diags,
    )?;
    let from = &original.file.path;
    if let Some(d) = date_field(&t, "date", diags) {
        if d.value != original.date {
            diags.push(differs(
                &file.map,
                d.at,
                "`date`",
                &d.value.iso(),
                &original.date.iso(),
                from,
            ));
        }
    }
    shared_str(&t, "slug", &original.slug, from, diags);
    shared_list(&t, "actors", &original.actors, from, diags);
    not_here(
        &t,
        &["draft", "image", "confidence", "corrections"],
        from,
        diags,
    );
    let title = t.req_str("title", "\"…\"", diags);
    let mut b = original.clone();
    // The translation is as of its own `updated`, not its original's.
    b.updated = date_field(&t, "updated", diags).map(|d| d.value);
    b.summary = t.str("summary", diags).map(|s| s.value);
    if t.get("authors").is_some() {
        b.authors = t
            .str_list("authors", diags)
            .into_iter()
            .map(|s| s.value)
            .collect();
    }
    if t.get("tags").is_some() {
        b.tags = t
            .str_list("tags", diags)
            .into_iter()
            .map(|s| s.value)
            .collect();
    }
    if let Some(image) = &mut b.image {
        if let Some(alt) = t.str("image_alt", diags) {
            image.alt = Some(alt);
        }
        if let Some(credit) = t.str("image_credit", diags) {
            image.credit = Some(credit.value);
        }
    }
    events(&t, &mut b, from, diags);
    sources(&t, &mut b, from, diags);
    if let Some(title) = title {
        b.title = title.value;
    }
    freshness(&t, original, &b, &file.path, diags);
    b.file = file.clone();
    (diags.error_count() == before).then_some(b)
}

/// A translation older than its original's latest change (`updated` or a
/// correction) is a warning naming both files.
fn freshness(
    t: &Table,
    original: &Briefing<ActorRef>,
    translated: &Briefing<ActorRef>,
    shown: &Path,
    diags: &mut Diagnostics,
) {
    let theirs = original.modified();
    let ours = translated.updated.unwrap_or(original.date);
    if theirs.timestamp() <= ours.timestamp() {
        return;
    }
    let at = t.get("updated").map_or(t.span().start, |n| n.span.start);
    diags.push(
        t.map()
            .warning_at(
                at,
                format!(
                    "this translation may be out of date: {} changed on {}, after this translation ({})",
                    original.file.path.display(),
                    theirs.iso(),
                    ours.iso()
                ),
            )
            .with_hint(format!(
                "bring {} up to date with its original, then set `updated = {}` in it",
                shown.display(),
                theirs.iso()
            )),
    );
}

/// The translated events: each names its original by `id`; its title and
/// text are translated, its dates, actors, place and sources are shared.
fn events(t: &Table, b: &mut Briefing<ActorRef>, from: &Path, diags: &mut Diagnostics) {
    let map = t.map();
    for node in t.tables("events", diags) {
        let Some(e) = Table::new(
            node,
            "event translation",
            super::parse::EVENT_KEYS,
            &[],
            map,
            diags,
        ) else {
            continue;
        };
        let Some(id) = e.req_str("id", "\"fwo-ussm-mou\"", diags) else {
            continue;
        };
        let ids: Vec<String> = b.events.iter().map(|e| e.id.clone()).collect();
        let Some(event) = b.events.iter_mut().find(|ev| ev.id == id.value) else {
            let hint =
                did_you_mean(&id.value, ids.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!("use the `id` of one of its events: {}", ids.join(", "))
                });
            diags.push(
                map.error_at(
                    id.at,
                    format!("{} has no event `{}`", from.display(), id.value),
                )
                .with_hint(hint),
            );
            continue;
        };
        if let Some(text) = e.date_text("date", diags) {
            match Edtf::parse(&text.value) {
                Ok(d) if d.iso() == event.date.iso() => {}
                Ok(d) => diags.push(differs(
                    map,
                    text.at,
                    "`date`",
                    &d.iso(),
                    &event.date.iso(),
                    from,
                )),
                Err(err) => diags.push(map.error_at(text.at, err.message).with_hint(err.hint)),
            }
        }
        if let Some(text) = e.date_text("end", diags) {
            let theirs = event.end.map(|d| d.iso()).unwrap_or_default();
            match End::parse(&text.value) {
                Ok(d) if d.iso() == theirs => {}
                Ok(d) => diags.push(differs(map, text.at, "`end`", &d.iso(), &theirs, from)),
                Err(err) => diags.push(map.error_at(text.at, err.message).with_hint(err.hint)),
            }
        }
        shared_list(&e, "actors", &event.actors, from, diags);
        if let Some(place) = e.str("place", diags) {
            let theirs = event
                .place
                .as_ref()
                .map(|p| p.value.as_str())
                .unwrap_or_default();
            if place.value != theirs {
                diags.push(differs(
                    map,
                    place.at,
                    "`place`",
                    &place.value,
                    theirs,
                    from,
                ));
            }
        }
        let sources: Vec<String> = e
            .str_list("sources", diags)
            .into_iter()
            .map(|s| s.value)
            .collect();
        if e.get("sources").is_some() && sources != event.sources {
            let at = e.get("sources").map_or(0, |n| n.span.start);
            diags.push(differs(
                map,
                at,
                "`sources`",
                &sources.join(", "),
                &event.sources.join(", "),
                from,
            ));
        }
        not_here(&e, &["credibility", "confidence", "same_as"], from, diags);
        if let Some(title) = e.str("title", diags) {
            event.title = title.value;
        }
        if let Some(text) = e.str("text", diags) {
            event.text = Some(text);
        }
    }
}

/// The translated sources: each names its original by `id`; its title and
/// publisher are translated, the rest is shared.
fn sources(t: &Table, b: &mut Briefing<ActorRef>, from: &Path, diags: &mut Diagnostics) {
    let map = t.map();
    for node in t.tables("sources", diags) {
        let Some(s) = Table::new(
            node,
            "source translation",
            &["id", "title", "publisher"],
            &[],
            map,
            diags,
        ) else {
            continue;
        };
        let Some(id) = s.req_str("id", "\"us-embassy\"", diags) else {
            continue;
        };
        let ids: Vec<String> = b.sources.iter().map(|s| s.id.clone()).collect();
        let Some(source) = b.sources.iter_mut().find(|x| x.id == id.value) else {
            let hint =
                did_you_mean(&id.value, ids.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!("use the `id` of one of its sources: {}", ids.join(", "))
                });
            diags.push(
                map.error_at(
                    id.at,
                    format!("{} has no source `{}`", from.display(), id.value),
                )
                .with_hint(hint),
            );
            continue;
        };
        if let Some(title) = s.str("title", diags) {
            source.title = title.value;
        }
        if let Some(publisher) = s.str("publisher", diags) {
            source.publisher = Some(publisher.value);
        }
    }
}

/// The error of a shared value given otherwise in a translation.
fn differs(
    map: &SourceMap,
    at: usize,
    what: &str,
    ours: &str,
    theirs: &str,
    from: &Path,
) -> crate::diagnostic::Diagnostic {
    map.error_at(
        at,
        format!(
            "{what} differs from the original's: `{ours}` here, `{theirs}` in {}",
            from.display()
        ),
    )
    .with_hint(format!(
        "a translation shares its original's {what}: remove it here, or change it in {}",
        from.display()
    ))
}

fn shared_str(t: &Table, key: &str, theirs: &str, from: &Path, diags: &mut Diagnostics) {
    if let Some(s) = t.str(key, diags) {
        if s.value != theirs {
            diags.push(differs(
                t.map(),
                s.at,
                &format!("`{key}`"),
                &s.value,
                theirs,
                from,
            ));
        }
    }
}

fn shared_list(t: &Table, key: &str, theirs: &[ActorRef], from: &Path, diags: &mut Diagnostics) {
    if t.get(key).is_none() {
        return;
    }
    let ours: Vec<String> = t
        .str_list(key, diags)
        .into_iter()
        .map(|s| s.value)
        .collect();
    let theirs: Vec<&str> = theirs.iter().map(|a| a.value.as_str()).collect();
    if ours != theirs {
        let at = t.get(key).map_or(0, |n| n.span.start);
        diags.push(differs(
            t.map(),
            at,
            &format!("`{key}`"),
            &ours.join(", "),
            &theirs.join(", "),
            from,
        ));
    }
}

/// Keys a translation may not set at all: they are its original's.
fn not_here(t: &Table, keys: &[&str], from: &Path, diags: &mut Diagnostics) {
    for key in keys {
        if let Some(n) = t.get(key) {
            diags.push(
                t.map()
                    .error_at(
                        n.span.start,
                        format!(
                            "a translation cannot set `{key}`: it shares its original's, in {}",
                            from.display()
                        ),
                    )
                    .with_hint(format!(
                        "remove `{key}` here; change it in {}",
                        from.display()
                    )),
            );
        }
    }
}
