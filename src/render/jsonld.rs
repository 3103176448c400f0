//! schema.org JSON-LD for briefing pages: a `NewsArticle` (headline,
//! dates, authors — the site itself when none are named —, publisher,
//! tags as keywords, sources as `citation`) with its `mentions` (the actors
//! it names) and its events as `Event`s under `about`. A citation is its
//! source's URL (its title when it has none), as text, which schema.org's
//! `citation` accepts: the page's source list says the rest. An actor of
//! no particular kind has no `@type` (a node's is `Thing` when unsaid).
//!
//! Each node is described once, and nothing the page's `<head>` already
//! says is said again: the actors in `mentions` (events do not list them
//! again: the page's events section and `/data/events.json` pair events
//! with actors), the site in `publisher`, which `author` names by its
//! `@id` when the briefing has no authors; the summary is the page's
//! `og:description`. A node whose `@id` is its page (an actor, an event's
//! anchor) has no `url` repeating it, and its `@id` is relative, resolved
//! against the page's URL as JSON-LD resolves every IRI: `#event-<id>`,
//! `/actors/<id>/` (under the site's path). Places without coordinates are
//! named as text, which schema.org's `location` accepts.
//!
//! Typed records serialised straight into one buffer. Their fields are
//! declared in byte order of their keys, the order the output always had
//! (it was once built as `serde_json::Value` maps, which sort their keys).

use serde::Serialize;

use crate::content::model::{ActorKind, Briefing, Source};
use crate::formats::{DisplayStr, Joined, LazySeq};
use crate::route::{self, Route};
use crate::Site;

/// `{"@type": …, "name": …}`: a place, a person, a publisher.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// Where an event happened: a schema.org `Place` with `GeoCoordinates`
/// when its profile gives them, else its name as text.
#[derive(Serialize)]
#[serde(untagged)]
enum Location<'a> {
    Place {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
        geo: Geo,
    },
    Name(&'a str),
}

#[derive(Serialize)]
struct Geo {
    #[serde(rename = "@type")]
    kind: &'static str,
    latitude: f64,
    longitude: f64,
}

/// An actor with a page of its own: its `@id` is that page's URL, by
/// which events refer to it.
#[derive(Serialize)]
struct Linked<'a> {
    #[serde(rename = "@id")]
    id: DisplayStr<Url<'a>>,
    #[serde(rename = "@type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<DisplayStr<Wikidata<'a>>>,
}

/// The site as an `Organization`: the publisher, described once; its
/// `@id` is the home page's URL with `#publisher`, since the organisation
/// is not the page.
#[derive(Serialize)]
struct SiteOrg<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

/// A reference to a node described elsewhere in the document.
#[derive(Serialize)]
struct Ref<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

/// `https://www.wikidata.org/wiki/<id>`.
struct Wikidata<'a>(&'a str);

impl std::fmt::Display for Wikidata<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "https://www.wikidata.org/wiki/{}", self.0)
    }
}

/// `<base>/<a>/<b>/`, the URL of a page of the site.
struct Url<'a>(&'a str, &'a str, &'a str);

impl std::fmt::Display for Url<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}/", self.0, self.1, self.2)
    }
}

/// An actor: linked to its page when known, a bare name when not.
#[derive(Serialize)]
#[serde(untagged)]
enum Actor<'a> {
    Known(Linked<'a>),
    Unknown { name: &'a str },
}

/// `base` is the site's path without its final `/`: the actor's `@id`
/// is relative to the page.
fn actor<'a>(site: &'a Site, base: &'a str, id: &'a str) -> Actor<'a> {
    match site.library.actors.get(id) {
        Some(a) => Actor::Known(Linked {
            id: DisplayStr(Url(base, "actors", &a.id)),
            kind: match a.kind {
                ActorKind::Person => Some("Person"),
                ActorKind::State => Some("Country"),
                ActorKind::Company => Some("Corporation"),
                ActorKind::Organization | ActorKind::Group => Some("Organization"),
                ActorKind::Other => None,
            },
            name: &a.name,
            same_as: a.wikidata.as_deref().map(|w| DisplayStr(Wikidata(w))),
        }),
        None => Actor::Unknown { name: id },
    }
}

#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location<'a>>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
}

/// A schema.org `CorrectionComment`: when, and what was corrected.
#[derive(Serialize)]
struct CorrectionLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    text: &'a str,
}

/// A source as `citation` gives it: its URL, or its title without one.
fn citation(s: &Source) -> &str {
    s.url.as_deref().unwrap_or(&s.title)
}

#[derive(Serialize)]
#[serde(untagged)]
enum Author<'a> {
    Site(Ref<'a>),
    Person(Named<'a>),
}

#[derive(Serialize)]
struct Article<'a, About, Authors, Citations, Mentions> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<About>,
    author: Authors,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<Citations>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionLd<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<DisplayStr<Joined<'a, &'a [String]>>>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    mentions: Mentions,
    publisher: SiteOrg<'a>,
    url: &'a str,
}

/// The JSON-LD of briefing `i`, safe to place inside a `<script>` element.
pub fn briefing(site: &Site, i: usize) -> String {
    let b = &site.library.briefings[i];
    let home = format!("{}/", site.config.origin_and_path());
    let path = site.base_path.trim_end_matches('/');
    let url = Route::Briefing(&b.slug).url(&home);
    let publisher_id = format!("{path}/#publisher");
    let about = LazySeq(|| events(site, i, b));
    let authors = LazySeq(|| {
        let site_author = b
            .authors
            .is_empty()
            .then(|| Author::Site(Ref { id: &publisher_id }));
        site_author.into_iter().chain(b.authors.iter().map(|a| {
            Author::Person(Named {
                kind: "Person",
                name: a,
            })
        }))
    });
    let mentions = LazySeq(|| {
        site.index
            .briefing_actors
            .get(i)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|a| actor(site, path, a))
    });
    let article = Article {
        context: "https://schema.org",
        kind: "NewsArticle",
        about: (!b.events.is_empty()).then_some(about),
        author: authors,
        citation: (!b.sources.is_empty()).then_some(LazySeq(|| b.sources.iter().map(citation))),
        correction: b
            .corrections
            .iter()
            .map(|c| CorrectionLd {
                kind: "CorrectionComment",
                date_published: c.date.rfc3339(),
                text: &c.text.value,
            })
            .collect(),
        date_modified: b.modified().rfc3339(),
        date_published: b.date.rfc3339(),
        headline: &b.title,
        in_language: &site.config.language,
        keywords: (!b.tags.is_empty()).then_some(DisplayStr(Joined(b.tags.as_slice(), ", "))),
        main_entity_of_page: &url,
        mentions,
        publisher: SiteOrg {
            id: &publisher_id,
            kind: "Organization",
            name: &site.config.title,
            url: &home,
        },
        url: &url,
    };
    // `</script>` inside a string would close the element: `<`, `>` and `&`
    // are escaped.
    crate::formats::to_json(&article, false)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// The events of briefing `i` (`b`), each by its anchor on the page.
fn events<'a>(
    site: &'a Site,
    i: usize,
    b: &'a Briefing<crate::content::model::ActorId>,
) -> impl Iterator<Item = impl Serialize + 'a> + 'a {
    b.events.iter().enumerate().map(move |(j, e)| EventLd {
        id: format!("#{}", route::event_anchor(&e.id)),
        kind: "Event",
        description: site
            .bodies
            .get(i)
            .and_then(|h| h.events.get(j))
            .and_then(|t| t.as_deref())
            .map(crate::formats::plain::text),
        // EDTF text is ISO 8601-2: `2025-06~` keeps its qualifier; an
        // ongoing event has no end.
        end_date: e.end.as_ref().and_then(|d| d.date()).map(|d| d.iso()),
        location: e.place.as_deref().map(|p| {
            let name = site.library.place_name(p);
            match site.library.place_coordinates(p) {
                Some(c) => Location::Place {
                    kind: "Place",
                    name,
                    geo: Geo {
                        kind: "GeoCoordinates",
                        latitude: c.lat,
                        longitude: c.lon,
                    },
                },
                None => Location::Name(name),
            }
        }),
        name: &e.title,
        start_date: e.date.iso(),
    })
}
