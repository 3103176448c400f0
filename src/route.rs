//! The URL layout of a built site, as data: one [`Route`] per page kind
//! (and per file other outputs link to), with its output path, its URL
//! under a base, the template that draws it and what it reads. Rendering,
//! `serve`'s rebuild plan, the feeds, the sitemap, JSON-LD, the open data
//! and the Markdown link targets all ask this module; nothing else spells a
//! site path. A new page kind is a new variant here.

/// A page (or linked file) of the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// `/`: the front page.
    Home,
    /// `/briefings/` (page 1) and `/briefings/page/<n>/`.
    BriefingList(usize),
    /// `/briefings/<slug>/`.
    Briefing(&'a str),
    /// `/<slug>/`: a plain page from `content/pages/`.
    Page(&'a str),
    /// `/timeline/`.
    Timeline,
    /// `/timeline/<year>/`.
    TimelineYear(i32),
    /// Page `n` (2 or more) of a year too long for one page (see
    /// `render::pages::budget`).
    TimelineYearPage(i32, usize),
    /// `timeline/events.json`: every event's filter record (see
    /// `formats::filter`), read by the timeline filter.
    TimelineIndex,
    /// `timeline/choices.json`: the filter's actor and tag choices with
    /// their counts, small enough to load with every timeline page.
    TimelineChoices,
    /// `/actors/`.
    ActorList,
    /// Page `n` (2 or more) of `/actors/`, split by the page budget.
    ActorListPage(usize),
    /// `/actors/<id>/`.
    Actor(&'a str),
    /// `/actors/<id>/<year>/`, for actors split by year.
    ActorYear(&'a str, i32),
    /// Page `n` (2 or more) of an actor's year too long for one page.
    ActorYearPage(&'a str, i32, usize),
    /// `/actors/<id>/atom.xml`.
    ActorFeed(&'a str),
    /// `/places/`.
    PlaceList,
    /// `/places/<id>/`.
    Place(&'a str),
    /// Page `n` of a place's events, when they pass the page budget.
    PlacePage(&'a str, usize),
    /// `/map/`: every located event.
    Map,
    /// `/data/events.geojson`.
    EventsGeoJson,
    /// `/tags/`.
    TagList,
    /// Page `n` (2 or more) of `/tags/`, split by the page budget.
    TagListPage(usize),
    /// `/tags/<slug>/`.
    Tag(&'a str),
    /// Page `n` (2 or more) of `/tags/<slug>/`, split by the page budget.
    TagPage(&'a str, usize),
    /// `/sources/`.
    Sources,
    /// Page `n` (2 or more) of `/sources/`, split by the page budget.
    SourcesPage(usize),
    /// `/search/`.
    Search,
    /// `/404.html`.
    NotFound,
    /// `/atom.xml`: every briefing.
    SiteFeed,
    /// `/grading/`: the legend of grades and confidence levels.
    Grading,
    /// `/corrections/`: every correction, newest first.
    Corrections,
    /// `/corrections/atom.xml`.
    CorrectionsFeed,
}

/// What a page is made from, for deciding what an edit must rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The site settings alone (`site` in every template).
    Site,
    /// Every briefing's link, date, tags or actors.
    Briefings,
    /// One briefing and its neighbours.
    Briefing,
    /// Every event, in timeline order.
    Timeline,
    /// One actor's profile, events and briefings.
    Actor,
    /// One plain page.
    Page,
}

impl Route<'_> {
    /// The path under the site root as it appears in a URL: `""` for the
    /// front page, `briefings/<slug>/`, `404.html`.
    pub fn rel(&self) -> String {
        match *self {
            Route::Home => String::new(),
            Route::BriefingList(n) if n <= 1 => "briefings/".into(),
            Route::BriefingList(n) => format!("briefings/page/{n}/"),
            Route::Briefing(slug) => format!("briefings/{slug}/"),
            Route::Page(slug) => format!("{slug}/"),
            Route::Timeline => "timeline/".into(),
            Route::TimelineYear(year) => format!("timeline/{year}/"),
            Route::TimelineYearPage(year, 0 | 1) => format!("timeline/{year}/"),
            Route::TimelineYearPage(year, n) => format!("timeline/{year}/page/{n}/"),
            Route::TimelineIndex => "timeline/events.json".into(),
            Route::TimelineChoices => "timeline/choices.json".into(),
            Route::ActorList | Route::ActorListPage(0 | 1) => "actors/".into(),
            Route::ActorListPage(n) => format!("actors/page/{n}/"),
            Route::Actor(id) => format!("actors/{id}/"),
            Route::ActorYear(id, year) | Route::ActorYearPage(id, year, 0 | 1) => {
                format!("actors/{id}/{year}/")
            }
            Route::ActorYearPage(id, year, n) => format!("actors/{id}/{year}/page/{n}/"),
            Route::ActorFeed(id) => format!("actors/{id}/atom.xml"),
            Route::PlaceList => "places/".into(),
            Route::Place(id) => format!("places/{id}/"),
            Route::PlacePage(id, n) => format!("places/{id}/page/{n}/"),
            Route::Map => "map/".into(),
            Route::EventsGeoJson => "data/events.geojson".into(),
            Route::TagList | Route::TagListPage(0 | 1) => "tags/".into(),
            Route::TagListPage(n) => format!("tags/page/{n}/"),
            Route::Tag(slug) | Route::TagPage(slug, 0 | 1) => format!("tags/{slug}/"),
            Route::TagPage(slug, n) => format!("tags/{slug}/page/{n}/"),
            Route::Sources | Route::SourcesPage(0 | 1) => "sources/".into(),
            Route::SourcesPage(n) => format!("sources/page/{n}/"),
            Route::Search => "search/".into(),
            Route::NotFound => "404.html".into(),
            Route::SiteFeed => "atom.xml".into(),
            Route::Grading => "grading/".into(),
            Route::Corrections => "corrections/".into(),
            Route::CorrectionsFeed => "corrections/atom.xml".into(),
        }
    }

    /// The file written for it, relative to the output folder: a folder's
    /// URL is its `index.html`.
    pub fn output(&self) -> String {
        let rel = self.rel();
        if rel.is_empty() || rel.ends_with('/') {
            rel + "index.html"
        } else {
            rel
        }
    }

    /// Its URL under `base`: the base path (`/briefs/`) for links inside
    /// the site, `base_url` (`https://host/briefs/`) for absolute ones.
    pub fn url(&self, base: &str) -> String {
        let rel = self.rel();
        let mut url = String::with_capacity(base.len() + rel.len());
        url.push_str(base);
        url.push_str(&rel);
        url
    }

    /// The route whose [`output`](Route::output) is `path`, if any: the
    /// sitemap and `serve` read back what a written file is.
    pub fn parse(path: &str) -> Option<Route<'_>> {
        match path {
            "index.html" => return Some(Route::Home),
            "404.html" => return Some(Route::NotFound),
            "atom.xml" => return Some(Route::SiteFeed),
            "timeline/events.json" => return Some(Route::TimelineIndex),
            "timeline/choices.json" => return Some(Route::TimelineChoices),
            "corrections/atom.xml" => return Some(Route::CorrectionsFeed),
            "data/events.geojson" => return Some(Route::EventsGeoJson),
            _ => {}
        }
        if let Some(id) = path
            .strip_prefix("actors/")
            .and_then(|p| p.strip_suffix("/atom.xml"))
            .filter(|id| !id.contains('/'))
        {
            return Some(Route::ActorFeed(id));
        }
        let folder = path.strip_suffix("/index.html")?;
        let parts: Vec<&str> = folder.split('/').collect();
        Some(match parts.as_slice() {
            ["briefings"] => Route::BriefingList(1),
            ["briefings", "page", n] => Route::BriefingList(n.parse().ok().filter(|&n| n > 1)?),
            ["briefings", slug] => Route::Briefing(slug),
            ["timeline"] => Route::Timeline,
            ["timeline", year] => Route::TimelineYear(year.parse().ok()?),
            ["timeline", year, "page", n] => {
                Route::TimelineYearPage(year.parse().ok()?, n.parse().ok().filter(|&n| n > 1)?)
            }
            ["actors"] => Route::ActorList,
            // Before an actor's year: an actor whose id is `page` gives way.
            ["actors", "page", n] => Route::ActorListPage(n.parse().ok().filter(|&n| n > 1)?),
            ["actors", id] => Route::Actor(id),
            ["actors", id, year] => Route::ActorYear(id, year.parse().ok()?),
            ["actors", id, year, "page", n] => {
                Route::ActorYearPage(id, year.parse().ok()?, n.parse().ok().filter(|&n| n > 1)?)
            }
            ["places"] => Route::PlaceList,
            ["places", id] => Route::Place(id),
            ["places", id, "page", n] => Route::PlacePage(id, n.parse().ok()?),
            ["map"] => Route::Map,
            ["tags"] => Route::TagList,
            ["tags", "page", n] => Route::TagListPage(n.parse().ok().filter(|&n| n > 1)?),
            ["tags", slug] => Route::Tag(slug),
            ["tags", slug, "page", n] => Route::TagPage(slug, n.parse().ok().filter(|&n| n > 1)?),
            ["sources"] => Route::Sources,
            ["sources", "page", n] => Route::SourcesPage(n.parse().ok().filter(|&n| n > 1)?),
            ["search"] => Route::Search,
            ["grading"] => Route::Grading,
            ["corrections"] => Route::Corrections,
            [slug] => Route::Page(slug),
            _ => return None,
        })
    }

    /// The theme template that draws it (`None` for files written by code).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Route::Home => "index.html",
            Route::BriefingList(_) => "briefing_list.html",
            Route::Briefing(_) => "briefing.html",
            Route::Page(_) => "page.html",
            Route::Timeline | Route::TimelineYear(_) | Route::TimelineYearPage(..) => {
                "timeline.html"
            }
            Route::ActorList | Route::ActorListPage(_) => "actor_list.html",
            Route::Actor(_) | Route::ActorYear(..) | Route::ActorYearPage(..) => "actor.html",
            Route::PlaceList => "place_list.html",
            Route::Place(_) | Route::PlacePage(..) => "place.html",
            Route::Map => "map.html",
            Route::TagList | Route::TagListPage(_) => "tag_list.html",
            Route::Tag(_) | Route::TagPage(..) => "tag.html",
            Route::Sources | Route::SourcesPage(_) => "sources.html",
            Route::Search => "search.html",
            Route::NotFound => "404.html",
            Route::Grading => "grading.html",
            Route::Corrections => "corrections.html",
            Route::ActorFeed(_)
            | Route::SiteFeed
            | Route::CorrectionsFeed
            | Route::TimelineIndex
            | Route::TimelineChoices
            | Route::EventsGeoJson => return None,
        })
    }

    /// What it is made from.
    pub fn reads(&self) -> Reads {
        match self {
            Route::Search | Route::NotFound | Route::Grading => Reads::Site,
            Route::Corrections | Route::CorrectionsFeed => Reads::Briefings,
            Route::Home
            | Route::BriefingList(_)
            | Route::ActorList
            | Route::ActorListPage(_)
            | Route::TagList
            | Route::TagListPage(_)
            | Route::Tag(_)
            | Route::TagPage(..)
            | Route::Sources
            | Route::SourcesPage(_)
            | Route::SiteFeed => Reads::Briefings,
            Route::Briefing(_) => Reads::Briefing,
            // A place's page, the place list and the map show events.
            Route::Timeline
            | Route::TimelineYear(_)
            | Route::TimelineYearPage(..)
            | Route::TimelineIndex
            | Route::TimelineChoices
            | Route::PlaceList
            | Route::Place(_)
            | Route::PlacePage(..)
            | Route::Map
            | Route::EventsGeoJson => Reads::Timeline,
            Route::Actor(_)
            | Route::ActorYear(..)
            | Route::ActorYearPage(..)
            | Route::ActorFeed(_) => Reads::Actor,
            Route::Page(_) => Reads::Page,
        }
    }
}

/// Builds the links inside the site: [`Route`] URLs under the path of
/// `base_url` (`/` or `/briefs/`).
#[derive(Debug, Clone)]
pub struct Urls {
    pub base: String,
}

impl Urls {
    pub fn to(&self, route: Route) -> String {
        route.url(&self.base)
    }
}

/// Where a language's tree is, under the site's `base` (a base path or
/// `base_url`): the default language (`None`) at `base` itself, another at
/// `<base><code>/` (SPEC §8.6). Every [`Route`] of that language is a URL
/// under it.
pub fn language_base(base: &str, code: Option<&str>) -> String {
    match code {
        None => base.to_string(),
        Some(code) => format!("{base}{}", language_prefix(code)),
    }
}

/// The folder of a language's tree in the output: `ur/`.
pub fn language_prefix(code: &str) -> String {
    format!("{code}/")
}

/// The index pages that list every briefing (besides the briefing list
/// itself, which is paged): rebuilt when any briefing changes.
pub const BRIEFING_INDEXES: [Route<'static>; 4] = [
    Route::Home,
    Route::ActorList,
    Route::TagList,
    Route::Sources,
];

/// The element id of an event on its briefing page: `event-<id>`.
pub fn event_anchor(event_id: &str) -> String {
    format!("event-{event_id}")
}

/// The element id of a source on its briefing page: `source-<id>`.
pub fn source_anchor(source_id: &str) -> String {
    format!("source-{source_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/briefs/";
    const BASE: &str = "https://host/briefs/";

    /// Each route: its output file, its URL inside the site and its
    /// absolute URL, under a `base_url` with a path.
    #[test]
    fn every_route_has_its_path_and_its_url_under_a_sub_path() {
        let cases: &[(Route, &str, &str)] = &[
            (Route::Home, "index.html", ""),
            (Route::BriefingList(1), "briefings/index.html", "briefings/"),
            (
                Route::BriefingList(3),
                "briefings/page/3/index.html",
                "briefings/page/3/",
            ),
            (
                Route::Briefing("gwadar"),
                "briefings/gwadar/index.html",
                "briefings/gwadar/",
            ),
            (Route::Page("about"), "about/index.html", "about/"),
            (Route::Grading, "grading/index.html", "grading/"),
            (Route::Corrections, "corrections/index.html", "corrections/"),
            (
                Route::CorrectionsFeed,
                "corrections/atom.xml",
                "corrections/atom.xml",
            ),
            (Route::Timeline, "timeline/index.html", "timeline/"),
            (
                Route::TimelineYear(2025),
                "timeline/2025/index.html",
                "timeline/2025/",
            ),
            (
                Route::TimelineYearPage(2025, 3),
                "timeline/2025/page/3/index.html",
                "timeline/2025/page/3/",
            ),
            (
                Route::SourcesPage(2),
                "sources/page/2/index.html",
                "sources/page/2/",
            ),
            (
                Route::ActorListPage(2),
                "actors/page/2/index.html",
                "actors/page/2/",
            ),
            (
                Route::TagListPage(3),
                "tags/page/3/index.html",
                "tags/page/3/",
            ),
            (Route::ActorList, "actors/index.html", "actors/"),
            (
                Route::Actor("china"),
                "actors/china/index.html",
                "actors/china/",
            ),
            (
                Route::ActorYear("china", 2024),
                "actors/china/2024/index.html",
                "actors/china/2024/",
            ),
            (
                Route::ActorYearPage("china", 2024, 2),
                "actors/china/2024/page/2/index.html",
                "actors/china/2024/page/2/",
            ),
            (
                Route::ActorFeed("china"),
                "actors/china/atom.xml",
                "actors/china/atom.xml",
            ),
            (Route::PlaceList, "places/index.html", "places/"),
            (
                Route::PlacePage("gwadar", 2),
                "places/gwadar/page/2/index.html",
                "places/gwadar/page/2/",
            ),
            (
                Route::Place("gwadar"),
                "places/gwadar/index.html",
                "places/gwadar/",
            ),
            (Route::Map, "map/index.html", "map/"),
            (
                Route::EventsGeoJson,
                "data/events.geojson",
                "data/events.geojson",
            ),
            (Route::TagList, "tags/index.html", "tags/"),
            (
                Route::Tag("rare-earths"),
                "tags/rare-earths/index.html",
                "tags/rare-earths/",
            ),
            (Route::Sources, "sources/index.html", "sources/"),
            (Route::Search, "search/index.html", "search/"),
            (Route::NotFound, "404.html", "404.html"),
            (Route::SiteFeed, "atom.xml", "atom.xml"),
            (
                Route::TimelineIndex,
                "timeline/events.json",
                "timeline/events.json",
            ),
            (
                Route::TimelineChoices,
                "timeline/choices.json",
                "timeline/choices.json",
            ),
        ];
        for (route, output, rel) in cases {
            assert_eq!(route.output(), *output, "{route:?}");
            assert_eq!(Route::parse(output), Some(*route), "{output}");
            assert_eq!(route.url(PATH), format!("/briefs/{rel}"), "{route:?}");
            assert_eq!(
                route.url(BASE),
                format!("https://host/briefs/{rel}"),
                "{route:?}"
            );
        }
    }

    /// A route in a second language, under a sub-path: its output in the
    /// language's folder and its URLs under the language's base.
    #[test]
    fn every_route_in_a_second_language_under_a_sub_path() {
        assert_eq!(language_base(PATH, None), "/briefs/");
        assert_eq!(language_base(PATH, Some("ur")), "/briefs/ur/");
        assert_eq!(language_base(BASE, Some("zh")), "https://host/briefs/zh/");
        let ur = language_base(PATH, Some("ur"));
        for route in [
            Route::Home,
            Route::Briefing("gwadar"),
            Route::Timeline,
            Route::Actor("china"),
            Route::Place("gwadar"),
            Route::Search,
            Route::SiteFeed,
        ] {
            assert_eq!(route.url(&ur), format!("/briefs/ur/{}", route.rel()));
            assert_eq!(
                format!("{}{}", language_prefix("ur"), route.output()),
                format!("ur/{}", route.output())
            );
        }
    }

    #[test]
    fn files_that_are_no_page_parse_to_none() {
        for path in [
            "style.css",
            "briefings/x/figure.png",
            "actors/x/y/z/index.html",
            "timeline/later/index.html",
            "briefings/page/1/index.html",
        ] {
            assert_eq!(Route::parse(path), None, "{path}");
        }
    }

    #[test]
    fn pages_have_their_template_and_files_written_by_code_have_none() {
        assert_eq!(Route::Home.template(), Some("index.html"));
        assert_eq!(Route::ActorYear("x", 2025).template(), Some("actor.html"));
        assert_eq!(Route::TimelineYear(2025).template(), Some("timeline.html"));
        assert_eq!(
            Route::BriefingList(2).template(),
            Some("briefing_list.html")
        );
        assert_eq!(Route::SiteFeed.template(), None);
        assert_eq!(Route::ActorFeed("x").template(), None);
    }

    #[test]
    fn an_actors_pages_and_feed_sit_below_its_folder() {
        let folder = Route::Actor("china").rel();
        for r in [Route::ActorYear("china", 2024), Route::ActorFeed("china")] {
            assert!(r.output().starts_with(&folder), "{r:?}");
        }
        assert!(!Route::Actor("chinatown").output().starts_with(&folder));
    }
}
