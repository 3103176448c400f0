//! Typed, borrowed views of the library that templates receive.
//!
//! Each view is a `Serialize` struct that borrows from the [`Site`]; the
//! fields are documented in `docs/templates.md`. Views that many pages share
//! (every event, every briefing link) are built once in [`Shared`] and
//! referenced from the page contexts.

use rayon::prelude::*;
use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::content::date::{PartialDate, Precision};
use crate::content::datefmt::DateFormat;
use crate::content::edtf::{display_when, Edtf, End, Unspecified, Wording};
use crate::content::model::{ActorId, Briefing, Event};
use crate::index::EventKey;
use crate::lang::LangMark;
use crate::render::rigour::{ConfidenceView, GradeView};
use crate::route::{self, Route, Urls};
use crate::text::slugify;
use crate::Site;

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// As written, normalised: `2025`, `2025-04`, `2025-04-03`, or a datetime.
    pub iso: String,
    /// At its precision: `2025`, `April 2025`, `3 April 2025`.
    pub display: String,
    pub precision: Precision,
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// For `<time datetime>` and feeds.
    pub rfc3339: String,
}

impl DateView {
    pub fn new(d: &PartialDate, f: &DateFormat) -> Self {
        DateView {
            iso: d.iso(),
            display: d.display_in(f),
            precision: d.precision(),
            year: d.year,
            month: d.month,
            day: d.day,
            rfc3339: d.rfc3339(),
        }
    }
}

/// An event's date: serialised exactly as a [`DateView`], but its text is
/// made when a template context is built, not when the view is. `serve`
/// builds the views of every event on each edit and serialises only the
/// few a changed page shows.
/// Besides a [`DateView`] of the digits known (`iso` stays a valid
/// `<time datetime>`), it has `edtf` (`2025-06~`), `approximate` and
/// `uncertain`, and `display` says them (`c. June 2025`).
#[derive(Debug, Clone, Copy)]
pub struct EventDate<'a> {
    pub year: i32,
    pub month: Option<u8>,
    /// Which digits are `X`: a decade or a century gets a timeline group
    /// of its own, labelled `1980s`.
    pub unspecified: Unspecified,
    date: Edtf,
    /// The language its text is written in.
    dates: &'static DateFormat,
    wording: &'a Wording,
}

impl<'a> EventDate<'a> {
    pub fn new(d: &Edtf, site: &'a Site) -> Self {
        EventDate {
            year: d.date.year,
            month: d.date.month,
            unspecified: d.unspecified,
            date: *d,
            dates: site.dates,
            wording: &site.wording,
        }
    }
}

impl Serialize for EventDate<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View {
            #[serde(flatten)]
            date: DateView,
            edtf: String,
            approximate: bool,
            uncertain: bool,
        }
        let mut date = DateView::new(&self.date.date, self.dates);
        date.display = self.date.display_in(self.wording, self.dates);
        View {
            date,
            edtf: self.date.iso(),
            approximate: self.date.approximate,
            uncertain: self.date.uncertain,
        }
        .serialize(s)
    }
}

#[derive(Debug, Clone)]
pub struct ActorLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub url: String,
    pub implicit: bool,
    /// The link as a template value, made once per actor ([`Prebuilt`]).
    value: Option<tera::Value>,
}

impl Serialize for ActorLink<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(v) = &self.value {
            return v.serialize(s);
        }
        let mut st = s.serialize_struct("ActorLink", 5)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("name", self.name)?;
        st.serialize_field("kind", self.kind)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("implicit", &self.implicit)?;
        st.end()
    }
}

impl Prebuilt for ActorLink<'_> {
    fn value_slot(&mut self) -> &mut Option<tera::Value> {
        &mut self.value
    }
}

/// What a page says about itself to social networks and chat apps, beyond
/// its title and URL: given as `social` to briefing pages (others use the
/// site's description, `og:type` website and the site icon).
#[derive(Debug, Clone, Serialize)]
pub struct SocialView<'a> {
    pub description: &'a str,
    /// The lead image's social copy (a path from the root, or a remote URL).
    pub image: Option<&'a crate::markdown::figure::ImageRef>,
    /// RFC 3339: `article:published_time` and `article:modified_time`.
    pub published: String,
    pub modified: Option<String>,
}

/// A link to a place's page.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub url: String,
    pub implicit: bool,
}

pub fn place_link<'a>(site: &'a Site, urls: &Urls, id: &'a str) -> PlaceLink<'a> {
    let place = site.library.places.get(id);
    PlaceLink {
        id,
        name: place.map_or(id, |p| p.name.as_str()),
        kind: place.map_or("other", |p| p.kind.name()),
        url: urls.to(Route::Place(id)),
        implicit: place.is_none_or(|p| p.profile.is_none()),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct BriefingLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: DateView,
    pub summary: &'a str,
    /// A small copy of the lead image, for cards.
    pub image: Option<&'a crate::markdown::figure::ImageRef>,
    /// The link as a template value, made the first time a context shows
    /// it and shared by every later one (`serve` renders a few pages, so
    /// most links are never made).
    value: std::sync::OnceLock<Option<tera::Value>>,
}

impl BriefingLink<'_> {
    fn serialize_fields<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("BriefingLink", 5)?;
        st.serialize_field("title", self.title)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("summary", self.summary)?;
        st.serialize_field("image", &self.image)?;
        st.end()
    }
}

impl Serialize for BriefingLink<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Fields<'a, 'b>(&'a BriefingLink<'b>);
        impl Serialize for Fields<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize_fields(s)
            }
        }
        let value = self
            .value
            .get_or_init(|| tera::Value::try_from_serializable(&Fields(self)).ok());
        match value {
            Some(v) => v.serialize(s),
            None => self.serialize_fields(s),
        }
    }
}

/// A view that many contexts show (an actor's link, cloned into every
/// event that names the actor): turned into a template value once, which every context then shares by
/// reference count instead of serialising the view again (Tera passes a
/// `tera::Value` met inside a serialised view through as it is).
pub trait Prebuilt: Serialize + Sized {
    fn value_slot(&mut self) -> &mut Option<tera::Value>;

    fn prebuilt(mut self) -> Self {
        *self.value_slot() = tera::Value::try_from_serializable(&self).ok();
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRef<'a> {
    pub id: &'a str,
    pub number: usize,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The anchor on the briefing page: `…/briefings/x/#source-id`.
    pub href: String,
}

/// A span drawn to scale: the whole years it touches, and its bar's left
/// edge and width in percent of them, rounded to two decimals and written
/// as the theme prints them (`25`, `33.33`). Dates known only to the month
/// or year fill that month or year; a bar is at least 1.5% wide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanTrack {
    pub years: i32,
    pub left: String,
    pub width: String,
}

impl SpanTrack {
    pub fn new(date: &PartialDate, end: &PartialDate) -> Option<SpanTrack> {
        let years = end.year - date.year + 1;
        if years <= 0 {
            return None;
        }
        let month = |m: Option<u8>| m.map(f64::from);
        let mut start = month(date.month).map_or(0.0, |m| m - 1.0);
        if let Some(d) = date.day {
            start += (f64::from(d) - 1.0) / 31.0;
        }
        let mut stop = match (month(end.month), end.day) {
            (Some(m), Some(d)) => m - 1.0 + f64::from(d) / 31.0,
            (Some(m), None) => m,
            (None, _) => 12.0,
        };
        let months = f64::from(years) * 12.0;
        stop += f64::from(years - 1) * 12.0;
        let width = ((stop - start) / months * 100.0).max(1.5);
        let left = start / months * 100.0;
        let round = |x: f64| format!("{}", (x * 100.0).round() / 100.0);
        Some(SpanTrack {
            years,
            left: round(left),
            width: round(width),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView<'a> {
    pub id: &'a str,
    /// Unique across the site: `<briefing-slug>--<event-id>`, for page anchors.
    pub key: String,
    /// `event-<id>`, the anchor on the briefing page.
    pub anchor: String,
    pub title: &'a str,
    /// The language of `title` when it is not the page's: an untranslated
    /// title, in the original's language (`lang`, and `dir` if it differs).
    pub title_lang: Option<LangMark<'a>>,
    pub date: EventDate<'a>,
    pub end: Option<EventDate<'a>>,
    /// `end = ".."`: still going on.
    pub ongoing: bool,
    /// The date or span as shown: `May – July 2025`, `c. June 2025`.
    pub when: String,
    /// The Admiralty grade (`B2`), if any part is known.
    pub grade: Option<GradeView>,
    pub confidence: Option<ConfidenceView>,
    /// Where a span sits on the years it touches; `None` for a single date.
    pub track: Option<SpanTrack>,
    pub place: Option<PlaceLink<'a>>,
    pub actors: Vec<ActorLink<'a>>,
    pub sources: Vec<SourceRef<'a>>,
    /// Rendered Markdown detail, if any.
    pub text: Option<&'a str>,
    /// As `title_lang`, for `text`.
    pub text_lang: Option<LangMark<'a>>,
    pub briefing: &'a BriefingLink<'a>,
    /// Every briefing that reports the event (`same_as`): the record's
    /// first (its root's), then the others, oldest first. One entry, the
    /// event's own `briefing`, when no other briefing reports it.
    pub reported_in: Vec<&'a BriefingLink<'a>>,
    /// The event's anchor on its briefing page.
    pub url: String,
    /// The briefing's tag slugs (events carry their briefing's tags; a
    /// record several briefings report carries all of theirs).
    pub tags: std::borrow::Cow<'a, [String]>,
    /// True when the event starts after the build's `now`.
    pub upcoming: bool,
    /// The event rendered once by the theme's `event.html`, for lists.
    #[serde(skip)]
    pub html: String,
    /// The event rendered once by the theme's `event_line.html`: the one
    /// line actor and place pages list, its detail on the briefing's anchor.
    #[serde(skip)]
    pub line: String,
    /// How `line` is printed without one of `actors`: the line of that
    /// actor's own page.
    #[serde(skip)]
    pub actor_lines: super::lines::ActorLines,
}

/// An event in a list (timeline, actor page, home page): the fragment the
/// theme's `event.html` rendered once, and the fields lists need most.
#[derive(Debug, Clone, Serialize)]
pub struct EventItem<'a> {
    pub key: &'a str,
    pub title: &'a str,
    /// As [`EventView::title_lang`].
    pub title_lang: Option<LangMark<'a>>,
    pub url: &'a str,
    pub when: &'a str,
    pub upcoming: bool,
    /// As [`EventView::reported_in`].
    pub reported_in: &'a [&'a BriefingLink<'a>],
    /// The rendered `event.html` fragment.
    pub html: &'a str,
}

impl<'a> EventItem<'a> {
    pub fn new(e: &'a EventView<'a>) -> Self {
        EventItem {
            key: &e.key,
            title: e.title,
            title_lang: e.title_lang,
            url: &e.url,
            when: &e.when,
            upcoming: e.upcoming,
            reported_in: &e.reported_in,
            html: &e.html,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    pub id: &'a str,
    /// Citation number, in order of first citation.
    pub number: usize,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub url: Option<&'a str>,
    pub archive_url: Option<&'a str>,
    pub date: Option<DateView>,
    pub accessed: Option<DateView>,
    pub anchor: String,
    /// The source's Admiralty reliability letter and its meaning.
    pub reliability: Option<crate::render::rigour::GradePart>,
}

/// Views that many pages share, built once per build.
pub struct Shared<'a> {
    pub urls: Urls,
    pub briefing_links: Vec<BriefingLink<'a>>,
    /// Each briefing's tag slugs, which its events carry.
    pub tag_slugs: Vec<Vec<String>>,
    /// The link of every actor with an entry in the library.
    actor_links: std::collections::HashMap<&'a str, ActorLink<'a>>,
    /// Each actor's activity chart (SVG), made on first use: an actor split
    /// into year pages shows the same chart on each.
    charts: std::collections::HashMap<&'a str, std::sync::OnceLock<String>>,
    /// Per briefing, the key each of its sources is merged under (see
    /// [`crate::index::merge_key`]), made on first use.
    source_keys: Vec<std::sync::OnceLock<Vec<String>>>,
}

pub fn actor_link<'a>(site: &'a Site, urls: &Urls, id: &'a ActorId) -> ActorLink<'a> {
    match site.library.actors.get(id) {
        Some(a) => ActorLink {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            url: urls.to(Route::Actor(&a.id)),
            implicit: a.profile.is_none(),
            value: None,
        },
        None => ActorLink {
            id,
            name: id,
            kind: "other",
            url: urls.to(Route::Actor(id)),
            implicit: true,
            value: None,
        },
    }
}

pub fn tag_links<'a>(urls: &Urls, tags: &'a [String]) -> Vec<TagLink<'a>> {
    tags.iter()
        .map(|t| {
            let slug = slugify(t);
            TagLink {
                name: t,
                url: urls.to(Route::Tag(&slug)),
                slug,
            }
        })
        .collect()
}

impl<'a> Shared<'a> {
    pub fn new(site: &'a Site) -> Shared<'a> {
        let urls = Urls {
            base: site.base_path.clone(),
        };
        let briefing_links = site
            .library
            .briefings
            .par_iter()
            .zip(&site.bodies)
            .map(|(b, h)| BriefingLink {
                title: &b.title,
                url: urls.to(Route::Briefing(&b.slug)),
                date: DateView::new(&b.date, site.dates),
                summary: h.summary.as_str(),
                image: h.lead.as_ref().map(|l| &l.card),
                value: std::sync::OnceLock::new(),
            })
            .collect();
        let tag_slugs = site
            .library
            .briefings
            .par_iter()
            .map(|b| b.tags.iter().map(|t| slugify(t)).collect())
            .collect();
        let actor_links = site
            .library
            .actors
            .keys()
            .map(|id| (id.as_str(), actor_link(site, &urls, id).prebuilt()))
            .collect();
        let charts = site
            .library
            .actors
            .keys()
            .map(|id| (id.as_str(), std::sync::OnceLock::new()))
            .collect();
        Shared {
            urls,
            briefing_links,
            tag_slugs,
            actor_links,
            charts,
            source_keys: (0..site.library.briefings.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// An actor's activity chart, made by `make` the first time any page
    /// asks.
    pub fn actor_chart(&self, id: &str, make: impl FnOnce() -> String) -> String {
        match self.charts.get(id) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The [`crate::index::merge_key`] of source `index` of briefing `b`.
    pub fn source_key(&self, site: &Site, b: usize, index: usize) -> &str {
        let keys = self.source_keys[b].get_or_init(|| {
            let briefing = &site.library.briefings[b];
            briefing
                .sources
                .iter()
                .map(|s| crate::index::merge_key(briefing, s))
                .collect()
        });
        keys.get(index).map_or("", String::as_str)
    }

    /// An actor's link, built once per actor rather than per mention.
    pub fn actor_link(&self, site: &'a Site, id: &'a ActorId) -> ActorLink<'a> {
        match self.actor_links.get(id.as_str()) {
            Some(link) => link.clone(),
            None => actor_link(site, &self.urls, id),
        }
    }

    /// Every record in timeline order (ascending), aligned with
    /// `index.timeline`: each with the actors, sources and tags of every
    /// briefing that reports it.
    pub fn events(&'a self, site: &'a Site) -> Vec<EventView<'a>> {
        site.index
            .timeline
            .par_iter()
            .map(|key| self.event(site, *key, true))
            .collect()
    }

    /// Every event of a record several briefings report (`same_as`),
    /// aligned with `index.reports`: as its own briefing tells it, for
    /// that briefing's page.
    pub fn reports(&'a self, site: &'a Site) -> Vec<EventView<'a>> {
        site.index
            .reports
            .par_iter()
            .map(|key| self.event(site, *key, false))
            .collect()
    }

    /// The view of event `key`; as the `record` when it stands for every
    /// report of it (on the timeline), else as its briefing tells it.
    fn event(&'a self, site: &'a Site, key: EventKey, record: bool) -> EventView<'a> {
        let lib = &site.library;
        let b: &Briefing<ActorId> = &lib.briefings[key.briefing];
        let e: &Event<ActorId> = &b.events[key.event];
        let link = &self.briefing_links[key.briefing];
        let anchor = route::event_anchor(&e.id);
        let root = lib.merged.root(key);
        let merged = root != key || !lib.merged.reports(key).is_empty();
        let rb = &lib.briefings[root.briefing];
        let actors: &[ActorId] = if record {
            lib.record_actors(key)
        } else {
            &e.actors
        };
        EventView {
            id: &e.id,
            // The record's anchor on the timeline: its root's.
            key: format!("{}--{}", rb.slug, rb.events[root.event].id),
            url: format!("{}#{anchor}", link.url),
            anchor,
            title: &e.title,
            title_lang: site
                .lang
                .untranslated
                .mark(&site.lang.untranslated.titles, &b.slug, &e.id),
            date: EventDate::new(&e.date, site),
            end: e
                .end
                .as_ref()
                .and_then(End::date)
                .map(|d| EventDate::new(d, site)),
            ongoing: e.end == Some(End::Ongoing),
            track: e
                .end
                .as_ref()
                .and_then(End::date)
                .and_then(|end| SpanTrack::new(&e.date.date, &end.date)),
            when: display_when(&e.date, e.end.as_ref(), &site.wording, site.dates),
            grade: GradeView::of(b, e, &site.strings),
            confidence: ConfidenceView::of(e.confidence, &site.strings),
            place: e.place.as_deref().map(|p| place_link(site, &self.urls, p)),
            actors: actors.iter().map(|a| self.actor_link(site, a)).collect(),
            sources: if record && merged {
                crate::index::record_sources(lib, key)
                    .into_iter()
                    .map(|(b, s)| self.source_ref(site, b, s))
                    .collect()
            } else {
                e.sources
                    .iter()
                    .filter_map(|id| b.sources.iter().position(|s| &s.id == id))
                    .map(|s| self.source_ref(site, key.briefing, s))
                    .collect()
            },
            text: site.bodies[key.briefing]
                .events
                .get(key.event)
                .and_then(|t| t.as_deref()),
            text_lang: site
                .lang
                .untranslated
                .mark(&site.lang.untranslated.texts, &b.slug, &e.id),
            briefing: link,
            reported_in: if merged {
                lib.reported_in(root)
                    .map(|k| &self.briefing_links[k.briefing])
                    .collect()
            } else {
                vec![link]
            },
            tags: if record && merged {
                std::borrow::Cow::Owned(crate::index::record_tags(lib, key))
            } else {
                std::borrow::Cow::Borrowed(&self.tag_slugs[key.briefing])
            },
            upcoming: e.date.earliest() > site.now.first_day(),
            html: String::new(),
            line: String::new(),
            actor_lines: Default::default(),
        }
    }

    /// Source `s` of briefing `b`, linked to that briefing's source list.
    fn source_ref(&'a self, site: &'a Site, b: usize, s: usize) -> SourceRef<'a> {
        let source = &site.library.briefings[b].sources[s];
        SourceRef {
            id: &source.id,
            number: site.bodies[b].number(&source.id),
            title: &source.title,
            publisher: source.publisher.as_deref(),
            url: source.url.as_deref(),
            href: format!(
                "{}#{}",
                self.briefing_links[b].url,
                route::source_anchor(&source.id)
            ),
        }
    }
}
