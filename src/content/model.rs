//! The validated content types the rest of the pipeline trusts.
//!
//! A briefing is generic over how it names actors: parsing yields
//! `Briefing<ActorRef>` (the text the editor wrote, with its position), and
//! the actor registry turns it into `Briefing<ActorId>` once every profile is
//! known. Nothing after that re-checks or re-parses.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::date::PartialDate;
use super::edtf::{Edtf, End};
use super::grading::{Confidence, Correction, Credibility, Reliability};
use super::node::Located;
use crate::diagnostic::SourceMap;

/// The id of an actor: its profile's file stem, or the slug of an implicit
/// actor's name.
pub type ActorId = String;

/// An actor reference as written, with its byte offset in the file.
pub type ActorRef = Located<String>;

/// A content file: its path relative to the site root (for messages), its
/// path relative to `content/` (for links), and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub rel: PathBuf,
    pub map: Arc<SourceMap>,
    /// The byte range of the Markdown body within the file.
    pub body: Range<usize>,
}

impl SourceFile {
    pub fn body_text(&self) -> &str {
        &self.map.text()[self.body.clone()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Organization,
    Company,
    Person,
    Group,
    Other,
}

impl ActorKind {
    pub const ALL: [(&'static str, ActorKind); 6] = [
        ("state", ActorKind::State),
        ("organization", ActorKind::Organization),
        ("company", ActorKind::Company),
        ("person", ActorKind::Person),
        ("group", ActorKind::Group),
        ("other", ActorKind::Other),
    ];

    pub fn name(self) -> &'static str {
        ActorKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("other", |(n, _)| n)
    }
}

/// A cited source, as declared in a briefing's `[[sources]]`.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<PartialDate>,
    pub accessed: Option<PartialDate>,
    pub archive_url: Option<String>,
    #[serde(skip)]
    pub reliability: Option<Reliability>,
    #[serde(skip)]
    pub at: usize,
}

/// A dated event reported by a briefing.
#[derive(Debug, Clone)]
pub struct Event<A> {
    pub id: String,
    pub title: String,
    pub date: Edtf,
    pub end: Option<End>,
    pub credibility: Option<Credibility>,
    pub confidence: Option<Confidence>,
    pub actors: Vec<A>,
    /// Where: a place reference until resolved, then a place id.
    pub place: Option<A>,
    /// Ids of sources of the same briefing.
    pub sources: Vec<String>,
    /// Markdown detail.
    pub text: Option<Located<String>>,
    /// `same_as`: the event of another briefing this one reports again.
    pub same_as: Option<SameAs>,
    pub at: usize,
}

/// An event's `same_as = "<briefing slug>#<event id>"`, as written, and
/// which of the record's keys the event wrote itself: those are compared
/// with the target's (`library::merge`), the others are taken from it.
#[derive(Debug, Clone, PartialEq)]
pub struct SameAs {
    /// The value, at its position.
    pub target: Located<String>,
    /// Each key of [`SameAs::SHARED`] the event wrote, with the byte
    /// offset of the key.
    pub written: Vec<(&'static str, usize)>,
}

impl SameAs {
    /// The keys that describe the real-world event: left out, they come
    /// from the target; written again, `date`, `end`, `title` and `place`
    /// must agree with it, `actors` must share one (the record joins them),
    /// and the grades are the briefing's own judgement.
    pub const SHARED: [&'static str; 7] = [
        "date",
        "end",
        "title",
        "place",
        "actors",
        "credibility",
        "confidence",
    ];

    /// Where the event wrote `key`, if it did.
    pub fn wrote(&self, key: &str) -> Option<usize> {
        self.written
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, at)| *at)
    }

    /// The briefing slug and event id, if the value has the `#`.
    pub fn split(&self) -> Option<(&str, &str)> {
        self.target.value.trim().split_once('#')
    }
}

/// A briefing: the unit editors write.
#[derive(Debug, Clone)]
pub struct Briefing<A> {
    pub file: SourceFile,
    pub title: String,
    pub date: PartialDate,
    pub updated: Option<PartialDate>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    /// Tags as written; their slugs name the tag pages.
    pub tags: Vec<String>,
    pub actors: Vec<A>,
    pub slug: String,
    pub draft: bool,
    pub events: Vec<Event<A>>,
    pub sources: Vec<Source>,
    /// `image`, `image_alt`, `image_credit`: the lead image.
    pub image: Option<LeadImage>,
    /// The analytic confidence of its bottom line.
    pub confidence: Option<Confidence>,
    /// Newest last, as written.
    pub corrections: Vec<Correction>,
    pub extra: serde_json::Value,
}

/// A briefing's lead image, from front matter.
#[derive(Debug, Clone)]
pub struct LeadImage {
    /// The file, relative to the briefing, and where it is written.
    pub src: Located<String>,
    pub alt: Option<Located<String>>,
    pub credit: Option<String>,
}

/// An actor profile from `content/actors/`.
#[derive(Debug, Clone)]
pub struct Profile {
    pub file: SourceFile,
    pub id: ActorId,
    pub name: Located<String>,
    pub kind: ActorKind,
    pub aliases: Vec<Located<String>>,
    pub country: Option<ActorRef>,
    pub wikidata: Option<String>,
    pub url: Option<String>,
    pub extra: serde_json::Value,
}

/// A plain page from `content/pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: SourceFile,
    pub title: String,
    pub slug: String,
    pub draft: bool,
    pub extra: serde_json::Value,
}

/// What a reference names: an actor or a place. Both resolve alike
/// (`library::Registry`), each against its own profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefKind {
    #[default]
    Actor,
    Place,
}

impl<A> Briefing<A> {
    /// When the briefing last changed: the latest of `date`, `updated` and
    /// its corrections' dates (a correction is an update).
    pub fn modified(&self) -> PartialDate {
        let mut latest = self.date;
        for d in self
            .updated
            .iter()
            .chain(self.corrections.iter().map(|c| &c.date))
        {
            if d.timestamp() > latest.timestamp() {
                latest = *d;
            }
        }
        latest
    }

    /// Turns actor and place references into ids (or anything else) with `f`.
    pub fn map_refs<B>(self, mut f: impl FnMut(RefKind, A) -> B) -> Briefing<B> {
        Briefing {
            file: self.file,
            title: self.title,
            date: self.date,
            updated: self.updated,
            summary: self.summary,
            image: self.image,
            authors: self.authors,
            tags: self.tags,
            actors: self
                .actors
                .into_iter()
                .map(|a| f(RefKind::Actor, a))
                .collect(),
            slug: self.slug,
            draft: self.draft,
            events: self
                .events
                .into_iter()
                .map(|e| Event {
                    id: e.id,
                    title: e.title,
                    date: e.date,
                    end: e.end,
                    credibility: e.credibility,
                    confidence: e.confidence,
                    actors: e.actors.into_iter().map(|a| f(RefKind::Actor, a)).collect(),
                    place: e.place.map(|p| f(RefKind::Place, p)),
                    sources: e.sources,
                    text: e.text,
                    same_as: e.same_as,
                    at: e.at,
                })
                .collect(),
            sources: self.sources,
            confidence: self.confidence,
            corrections: self.corrections,
            extra: self.extra,
        }
    }
}
