//! The Markdown stage of a build: every briefing body, event text, actor
//! profile and page to HTML (in parallel, through the incremental cache),
//! with citations numbered and mentions and links resolved against the
//! routes of the pages they point to. Actors named only by `[[...]]` join
//! the library here as implicit actors.

use rayon::prelude::*;

use super::{Citations, Html, LinkTargets, Renderer};
use crate::config;
use crate::content;
use crate::content::model::ActorId;
use crate::diagnostic::Diagnostics;
use crate::incremental;
use crate::library::{Actor, Library};
use crate::route::{self, Route};
use crate::Site;

/// A briefing's rendered Markdown: body, event texts and citation order.
#[derive(Debug, Clone, Default)]
pub struct BriefingHtml {
    pub body: Html,
    /// Each event's `text`, rendered.
    pub events: Vec<Option<String>>,
    /// Each correction's `text`, rendered.
    pub corrections: Vec<String>,
    /// Source ids in citation order: body, then event texts, then events'
    /// `sources`, then sources nothing cites.
    pub citations: Vec<String>,
    /// `summary`, else the body's first paragraph as plain text.
    pub summary: String,
    pub word_count: usize,
    /// The lead image (`image` in front matter), resolved.
    pub lead: Option<super::figure::Lead>,
}

impl BriefingHtml {
    /// The citation number of a source (1-based).
    pub fn number(&self, id: &str) -> usize {
        self.citations
            .iter()
            .position(|c| c == id)
            .map_or(0, |i| i + 1)
    }
}

pub(crate) fn link_targets(library: &Library, base_path: &str) -> LinkTargets {
    let urls = route::Urls {
        base: base_path.to_string(),
    };
    let mut links = LinkTargets::default();
    for b in &library.briefings {
        links
            .pages
            .insert(b.file.rel.clone(), urls.to(Route::Briefing(&b.slug)));
    }
    for p in &library.pages {
        links
            .pages
            .insert(p.file.rel.clone(), urls.to(Route::Page(&p.slug)));
    }
    for p in &library.profiles {
        links
            .pages
            .insert(p.file.rel.clone(), urls.to(Route::Actor(&p.id)));
    }
    for p in &library.place_profiles {
        links
            .pages
            .insert(p.file.rel.clone(), urls.to(Route::Place(&p.id)));
    }
    links.assets = library.assets.iter().map(|a| a.rel.clone()).collect();
    links.images = library.images.clone();
    links
}

/// Briefing bodies, then actor profiles, pages and place profiles, each
/// aligned with its list in the library.
pub(crate) type Rendered = (Vec<BriefingHtml>, Vec<Html>, Vec<Html>, Vec<Html>);

/// Renders every body; actors named only by `[[...]]` join the library as
/// implicit actors.
pub(crate) fn render_markdown(
    library: &mut Library,
    config: &config::Config,
    base_path: &str,
    words: super::Words,
    cache: &incremental::Cache,
    diags: &mut Diagnostics,
) -> Rendered {
    let links = link_targets(library, base_path);
    render_markdown_linked(library, config, base_path, &links, words, cache, diags)
}

/// [`render_markdown`] with the link targets given: a language's pages
/// link to another language's where theirs are missing.
pub(crate) fn render_markdown_linked(
    library: &mut Library,
    config: &config::Config,
    base_path: &str,
    links: &LinkTargets,
    words: super::Words,
    cache: &incremental::Cache,
    diags: &mut Diagnostics,
) -> Rendered {
    let renderer = Renderer {
        registry: &library.registry,
        links,
        base_path,
        safe_html: config.safe_html,
        strict: config.strict,
        image_warn_bytes: config.image_warn_bytes,
        words,
    };
    let key = incremental::renderer_key(&renderer);
    let bodies: Vec<(BriefingHtml, Diagnostics)> = library
        .briefings
        .par_iter()
        .map(|b| cache.markdown(&b.file, key, || briefing_markdown(&renderer, b)))
        .collect();
    let simple = |files: Vec<&content::model::SourceFile>| -> Vec<(Html, Diagnostics)> {
        files
            .par_iter()
            .map(|file| {
                cache.markdown(file, key, || {
                    let mut d = Diagnostics::new();
                    let html =
                        renderer.render(file, file.body_text(), file.body.start, None, &mut d);
                    (html, d)
                })
            })
            .collect()
    };
    let profiles = simple(library.profiles.iter().map(|p| &p.file).collect());
    let pages = simple(library.pages.iter().map(|p| &p.file).collect());
    let places = simple(library.place_profiles.iter().map(|p| &p.file).collect());
    let mut implicit: Vec<(ActorId, String)> = Vec::new();
    let mut unzip = |items: Vec<(Html, Diagnostics)>, diags: &mut Diagnostics| -> Vec<Html> {
        items
            .into_iter()
            .map(|(h, d)| {
                diags.merge(d);
                implicit.extend(h.implicit.iter().cloned());
                h
            })
            .collect()
    };
    let profile_html = unzip(profiles, diags);
    let page_html = unzip(pages, diags);
    let place_html = unzip(places, diags);
    let bodies: Vec<BriefingHtml> = bodies
        .into_iter()
        .map(|(h, d)| {
            diags.merge(d);
            implicit.extend(h.body.implicit.iter().cloned());
            h
        })
        .collect();
    for (id, name) in implicit {
        library.actors.entry(id.clone()).or_insert_with(|| Actor {
            id,
            name,
            kind: content::model::ActorKind::Other,
            aliases: Vec::new(),
            country: None,
            wikidata: None,
            url: None,
            profile: None,
            extra: serde_json::json!({}),
        });
    }
    (bodies, profile_html, page_html, place_html)
}

/// One briefing's Markdown: body, event texts, citation order, summary.
pub(crate) fn briefing_markdown(
    renderer: &Renderer,
    b: &content::model::Briefing<ActorId>,
) -> (BriefingHtml, Diagnostics) {
    let mut d = Diagnostics::new();
    let mut cites = Citations::new(b.sources.iter().map(|s| s.id.clone()));
    let body = renderer.render(
        &b.file,
        b.file.body_text(),
        b.file.body.start,
        Some(&mut cites),
        &mut d,
    );
    let events: Vec<Option<String>> = b
        .events
        .iter()
        .map(|e| {
            e.text.as_ref().map(|t| {
                let h = renderer.render_field(&b.file, &t.value, t.at, Some(&mut cites), &mut d);
                h.html
            })
        })
        .collect();
    let corrections: Vec<String> = b
        .corrections
        .iter()
        .map(|c| {
            renderer
                .render_field(&b.file, &c.text.value, c.text.at, Some(&mut cites), &mut d)
                .html
        })
        .collect();
    for e in &b.events {
        for s in &e.sources {
            cites.number(s);
        }
        // Issue 14: a reader cannot check an event that names no source.
        // A report of another briefing's event (`same_as`) shows the
        // record's sources, and the record's own event is checked itself.
        if e.sources.is_empty() && e.same_as.is_none() {
            d.push(
                b.file
                    .map
                    .warning_at(e.at, format!("the event `{}` has no sources", e.id))
                    .with_hint(
                        "list the sources that report it in the event's `sources`, e.g. sources = [\"s1\"], with each id declared under [[sources]]",
                    )
                    .grouped(
                        crate::diagnostic::Kind::UnsourcedEvent,
                        format!("{}#{}", b.file.path.display(), e.id),
                    ),
            );
        }
    }
    for s in &b.sources {
        if !cites.is_cited(&s.id) {
            d.push(
                b.file
                    .map
                    .warning_at(s.at, format!("the source `{}` is never cited", s.id))
                    .with_hint(format!(
                        "cite it in the body with [@{}] or in an event's `sources`, or remove it",
                        s.id
                    ))
                    .grouped(
                        crate::diagnostic::Kind::UncitedSource,
                        format!("{}#{}", b.file.path.display(), s.id),
                    ),
            );
            cites.number(&s.id);
        }
    }
    let summary = b.summary.as_deref().map_or_else(
        || truncate_words(&body.first_paragraph, 300),
        super::summary::plain,
    );
    let word_count = b.file.body_text().split_whitespace().count();
    let page_url = Route::Briefing(&b.slug).url(renderer.base_path);
    let lead = b
        .image
        .as_ref()
        .and_then(|l| renderer.lead(&b.file, l, &page_url, &mut d));
    (
        BriefingHtml {
            body,
            events,
            corrections,
            citations: cites.order,
            summary,
            word_count,
            lead,
        },
        d,
    )
}

/// The Markdown of briefing `b` of a loaded `site`, rendered exactly as
/// [`load`] renders it, for `dossier serve` after an edit to that one file
/// (same slug, same actors): the rest of the site is as `load` left it.
pub fn render_briefing_markdown(
    site: &Site,
    b: &content::model::Briefing<ActorId>,
) -> (BriefingHtml, Diagnostics) {
    let links = link_targets(&site.library, &site.base_path);
    let renderer = Renderer {
        registry: &site.library.registry,
        links: &links,
        base_path: &site.base_path,
        safe_html: site.config.safe_html,
        strict: site.config.strict,
        image_warn_bytes: site.config.image_warn_bytes,
        words: super::Words::from_strings(&site.strings),
    };
    briefing_markdown(&renderer, b)
}

fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}
