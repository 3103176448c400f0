//! What the front-matter keys mean, and which values refer to something.
//!
//! [`REFERENCES`] is the one table of references: completion, hover,
//! go-to-definition and find-references all read it. A new kind of reference
//! (an event's `place` once places have profiles, `same_as` once events can
//! be shared) is one row here, plus, for a new [`Target`], one arm where
//! targets are completed and resolved.

use super::syntax::Table;

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// An actor profile, by id, name or alias.
    Actor,
    /// A place profile, by id, name or alias.
    Place,
    /// A `[[sources]]` entry of the same briefing, by id.
    Source,
    /// An event of a briefing, as `<briefing slug>#<event id>`.
    Event,
}

/// Keys whose string values are references.
pub(crate) const REFERENCES: &[(Table, &str, Target)] = &[
    (Table::Briefing, "actors", Target::Actor),
    (Table::Event, "actors", Target::Actor),
    (Table::Event, "sources", Target::Source),
    (Table::Event, "place", Target::Place),
    (Table::Event, "same_as", Target::Event),
    (Table::Profile, "country", Target::Actor),
    (Table::Place, "country", Target::Actor),
];

/// What the value of `key` in `table` refers to.
pub(crate) fn reference(table: Table, key: &str) -> Option<Target> {
    REFERENCES
        .iter()
        .find(|(t, k, _)| *t == table && *k == key)
        .map(|(_, _, target)| *target)
}

/// The keys of each table, with their one-line meaning.
pub(crate) fn keys(table: Table) -> &'static [(&'static str, &'static str)] {
    match table {
        Table::Briefing => BRIEFING,
        Table::Event => EVENT,
        Table::Source => SOURCE,
        Table::Correction => CORRECTION,
        Table::Profile => PROFILE,
        Table::Place => PLACE,
        Table::Page => PAGE,
        Table::Site => SITE,
        Table::Other => &[],
    }
}

const BRIEFING: &[(&str, &str)] = &[
    ("title", "The headline (required)."),
    ("date", "The publication day, 2025-10-14 (required)."),
    ("updated", "The day of the last substantive update."),
    (
        "summary",
        "One or two sentences for lists and feeds; default: the first paragraph.",
    ),
    (
        "authors",
        "Names shown in the byline, e.g. [\"Minerals Desk\"].",
    ),
    (
        "tags",
        "Topics; each tag gets a page, e.g. [\"rare earths\"].",
    ),
    (
        "actors",
        "Who the briefing is about: profile ids, names or aliases.",
    ),
    (
        "slug",
        "The page's URL name; default: the file name without its date.",
    ),
    (
        "draft",
        "true: left out of the site unless built with --drafts.",
    ),
    (
        "events",
        "[[events]]: the dated events the briefing reports.",
    ),
    (
        "sources",
        "[[sources]]: what the briefing cites, each with an id for [@id].",
    ),
    (
        "image",
        "The lead image, a file next to the briefing: on the page, in lists, on social cards.",
    ),
    (
        "image_alt",
        "What the lead image shows, for readers who cannot see it.",
    ),
    (
        "image_credit",
        "Who made the lead image, shown under it, e.g. \"Credit: Minerals Desk\".",
    ),
    (
        "confidence",
        "Confidence in the bottom line: \"high\", \"moderate\" or \"low\".",
    ),
    (
        "corrections",
        "[[corrections]]: each with `date` and `text`; listed on /corrections/.",
    ),
    ("extra", "Your own fields, handed to the templates."),
];

const EVENT: &[(&str, &str)] = &[
    (
        "date",
        "When: 2025, 2025-10, 2025-10-14, with a time, 2025-10~ (approximate), 2025-10? (uncertain), 198X (a decade) (required).",
    ),
    (
        "end",
        "When it ended, for events that last; \"..\" while still going on.",
    ),
    (
        "credibility",
        "Admiralty credibility: 1 (confirmed) to 5 (improbable), 6 (cannot be judged).",
    ),
    (
        "confidence",
        "Analytic confidence: \"high\", \"moderate\" or \"low\".",
    ),
    ("title", "What happened, in one line (required)."),
    ("actors", "Who took part: profile ids, names or aliases."),
    (
        "place",
        "Where it happened: a place profile id, name or alias.",
    ),
    (
        "sources",
        "Ids of this briefing's [[sources]] that report it.",
    ),
    (
        "id",
        "The event's anchor in links; default: made from the title.",
    ),
    (
        "text",
        "More detail, in Markdown; may cite [@id] and mention [[Actor]].",
    ),
    (
        "same_as",
        "The same real-world event in another briefing, \"<briefing slug>#<event id>\": one record on the timeline; keys left out come from it.",
    ),
];

const SOURCE: &[(&str, &str)] = &[
    ("id", "How the briefing cites it: [@id] (required)."),
    ("title", "The source's title (required)."),
    ("publisher", "Who published it."),
    ("url", "Where to read it (http or https)."),
    ("date", "When it was published."),
    ("accessed", "When you read it."),
    (
        "archive_url",
        "An archived copy, e.g. on the Wayback Machine.",
    ),
    (
        "reliability",
        "Admiralty reliability: \"A\" (completely reliable) to \"E\" (unreliable), \"F\" (cannot be judged).",
    ),
];

const PROFILE: &[(&str, &str)] = &[
    ("name", "The actor's full name (required)."),
    (
        "kind",
        "state, organization, company, person, group or other.",
    ),
    (
        "aliases",
        "Other names briefings may use for it, in any script.",
    ),
    (
        "country",
        "The state it belongs to: an actor id, name or alias.",
    ),
    ("wikidata", "Its Wikidata item, e.g. \"Q843\"."),
    ("url", "Its official website."),
    ("extra", "Your own fields, handed to the templates."),
];

const PLACE: &[(&str, &str)] = &[
    ("name", "The place's name (required)."),
    ("kind", "country, region, city, site, sea or other."),
    (
        "aliases",
        "Other names events may use for it, in any script.",
    ),
    (
        "country",
        "The state it lies in: an actor id, name or alias.",
    ),
    (
        "coordinates",
        "[latitude, longitude] in decimal degrees, e.g. [25.13, 62.32].",
    ),
    (
        "precision",
        "How well the coordinates pin it down: exact, approximate or region.",
    ),
    ("extra", "Your own fields, handed to the templates."),
];

const PAGE: &[(&str, &str)] = &[
    ("title", "The page's title (required)."),
    ("slug", "The page's URL name; default: the file name."),
    (
        "draft",
        "true: left out of the site unless built with --drafts.",
    ),
    ("extra", "Your own fields, handed to the templates."),
];

const SITE: &[(&str, &str)] = &[
    ("title", "The site's name (required)."),
    (
        "base_url",
        "Where the site is published, e.g. \"https://example.org/\" (required).",
    ),
    ("description", "One sentence for feeds and search engines."),
    (
        "language",
        "The site's default language code, at /, e.g. \"en\".",
    ),
    (
        "theme",
        "The theme folder under themes/; default: the built-in theme.",
    ),
    (
        "output_dir",
        "Where `dossier build` writes; default: public.",
    ),
    (
        "strict",
        "true: an actor without a profile is an error, not a warning.",
    ),
    ("safe_html", "true: raw HTML in Markdown is removed."),
    ("now", "The build's \"today\", for reproducible builds."),
    (
        "feed_limit",
        "How many of the newest briefings each Atom feed lists (20).",
    ),
    ("pagination", "[pagination]: briefings per list page."),
    ("timeline", "[timeline]: order and splitting by year."),
    ("highlight", "[highlight]: the code highlighting theme."),
    (
        "images",
        "[images]: warn_size_mb, the size over which an image gets a warning (10).",
    ),
    (
        "search",
        "[search]: file_kb, the size no search index file may pass (1024).",
    ),
    (
        "grading",
        "[grading]: require = true warns of sources and events without grades.",
    ),
    (
        "languages",
        "[languages.<code>]: another language of the site, at /<code>/ (its title, description and [languages.<code>.strings], the site's own wording of the theme's strings).",
    ),
    ("extra", "Your own fields, handed to the templates."),
];

const CORRECTION: &[(&str, &str)] = &[
    (
        "date",
        "The day the briefing was corrected, 2025-10-27 (required); the page says \"Corrected\" with the latest.",
    ),
    (
        "text",
        "What was wrong and what is right, in Markdown (required); listed on the page and on /corrections/.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented keys are exactly those the parsers accept.
    #[test]
    fn every_key_the_parsers_accept_has_a_meaning() {
        use crate::content::parse as p;
        let free = ["extra"];
        let with = |known: &[&str], extra: bool| -> Vec<String> {
            let mut v: Vec<String> = known.iter().map(|k| k.to_string()).collect();
            if extra {
                v.extend(free.iter().map(|k| k.to_string()));
            }
            v.sort();
            v
        };
        let documented = |t: Table| -> Vec<String> {
            let mut v: Vec<String> = keys(t).iter().map(|(k, _)| k.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(documented(Table::Briefing), with(p::BRIEFING_KEYS, true));
        assert_eq!(documented(Table::Event), with(p::EVENT_KEYS, false));
        assert_eq!(documented(Table::Source), with(p::SOURCE_KEYS, false));
        assert_eq!(
            documented(Table::Correction),
            with(crate::content::grading::CORRECTION_KEYS, false)
        );
        assert_eq!(documented(Table::Profile), with(p::ACTOR_KEYS, true));
        assert_eq!(documented(Table::Page), with(p::PAGE_KEYS, true));
        assert_eq!(
            documented(Table::Place),
            with(crate::content::place::PLACE_KEYS, true)
        );
        assert_eq!(documented(Table::Site), with(crate::config::KEYS, false));
    }
}
