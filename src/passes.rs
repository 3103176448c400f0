//! One pass over the site per language (SPEC §8.6): the default language's
//! [`Site`] at `/`, and for each `[languages.<code>]` a [`Site`] of its own
//! at `/<code>/`, made from that language's content (originals with their
//! translations in place, see [`crate::content::translation`]).
//!
//! Steps for a language: assemble its library; render its Markdown, with
//! links to a file that has no translation going to the original's page;
//! build its index; give it the configuration in that language (title,
//! description, `language`, `base_url` and the base path under `<code>/`).
//! Then every site learns what every language has ([`Available`]), for
//! the links between the versions of a page.

use std::path::Path;
use std::sync::Arc;

use crate::content::translation::LanguageContent;
use crate::diagnostic::Diagnostics;
use crate::lang::{direction, Available};
use crate::markdown::stage::{link_targets, render_markdown_linked};
use crate::site::{Lang, Machinery};
use crate::{incremental, index, library, Site};

/// The site of one more language, drawn like `default`.
pub(crate) fn language_site(
    default: &Site,
    content: LanguageContent,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Site {
    let LanguageContent {
        code,
        parsed,
        translated,
    } = content;
    // What assembling checks (references, slugs, same_as) the translation
    // shares with its original, which the default pass checked; of the
    // rest, only what this pass says about a translation's own text counts.
    let mut ours = Diagnostics::new();
    let mut library = library::assemble(
        parsed,
        default.config.strict,
        drafts,
        &mut Diagnostics::new(),
    );
    library.images = default.library.images.clone();
    let mut config = default.config.clone();
    if let Some(l) = default.config.languages.get(&code) {
        config.title = l.title.clone().unwrap_or(config.title);
        config.description = l.description.clone().unwrap_or(config.description);
    }
    config.language = code.clone();
    let prefix = crate::route::language_prefix(&code);
    config.base_url = crate::route::language_base(&default.config.base_url, Some(&code));
    let base_path = crate::route::language_base(&default.base_path, Some(&code));
    let mut links = link_targets(&library, &base_path);
    for (original, translation) in &translated {
        if let Some(url) = links.pages.get(translation).cloned() {
            links.pages.insert(original.clone(), url);
        }
    }
    for (rel, url) in link_targets(&default.library, &default.base_path).pages {
        links.pages.entry(rel).or_insert(url);
    }
    // Each missing key of the language's strings is a warning of its own.
    let strings = crate::i18n::Strings::load(
        &default.machinery.theme,
        &code,
        default.config.strings_for(&code),
        diags,
    );
    let (bodies, mut profile_html, page_html, mut place_html) = render_markdown_linked(
        &mut library,
        &config,
        &base_path,
        &links,
        crate::markdown::Words::from_strings(&strings),
        &incremental::Cache::off(),
        &mut ours,
    );
    // An untranslated profile keeps its page (its events are in this
    // language) but not its text, which is not: the page links to it.
    let is_translation = |rel: &Path| translated.values().any(|t| t == rel);
    for (p, html) in library.profiles.iter().zip(&mut profile_html) {
        if !is_translation(&p.file.rel) {
            *html = Default::default();
        }
    }
    for (p, html) in library.place_profiles.iter().zip(&mut place_html) {
        if !is_translation(&p.file.rel) {
            *html = Default::default();
        }
    }
    let index = index::build(&library);
    let untranslated =
        crate::lang::Untranslated::of(&default.library, &default.config.language, &library, &code);
    // What a translation shares with its original (its events' actors,
    // say) was reported at the original already.
    let known: std::collections::BTreeSet<&str> =
        diags.iter().map(|d| d.message.as_str()).collect();
    let mut kept = Vec::new();
    for d in ours.iter() {
        let rel = d.path.strip_prefix("content").unwrap_or(&d.path);
        if is_translation(rel) && !known.contains(d.message.as_str()) {
            kept.push(d.clone());
        }
    }
    for d in kept {
        diags.push(d);
    }
    let dates = crate::content::datefmt::DateFormat::get(
        &code,
        &crate::content::datefmt::TimeWords::from_strings(&strings),
    );
    Site {
        dates,
        wording: crate::content::edtf::Wording::from_strings(&strings),
        strings,
        root: default.root.clone(),
        config,
        library,
        bodies,
        profile_html,
        place_html,
        page_html,
        index,
        now: default.now,
        live_reload: default.live_reload,
        lang: Lang {
            dir: direction(&code),
            code,
            prefix,
            root_path: default.base_path.clone(),
            all: Arc::default(),
            untranslated,
        },
        base_path,
        languages: Vec::new(),
        machinery: Machinery {
            theme: default.machinery.theme.clone(),
            tera: default.machinery.tera.clone(),
            progress: default.machinery.progress.clone(),
        },
    }
}

/// What a language's site has: its briefings, pages, actors, places,
/// tags and years.
fn available(site: &Site) -> Available {
    let lib = &site.library;
    Available {
        code: site.lang.code.clone(),
        prefix: site.lang.prefix.clone(),
        briefings: lib
            .briefings
            .iter()
            .map(|b| (b.slug.clone(), b.title.clone()))
            .collect(),
        pages: lib.pages.iter().map(|p| p.slug.clone()).collect(),
        actors: lib.actors.keys().cloned().collect(),
        places: lib.places.keys().cloned().collect(),
        tags: site.index.tags.keys().cloned().collect(),
        years: site.index.years.keys().copied().collect(),
    }
}

/// Tells every language's site what every language has.
pub(crate) fn link_languages(site: &mut Site) {
    let all: Vec<Available> = std::iter::once(&*site)
        .chain(&site.languages)
        .map(available)
        .collect();
    let all = Arc::new(all);
    site.lang.all = Arc::clone(&all);
    for l in &mut site.languages {
        l.lang.all = Arc::clone(&all);
    }
}
