//! Turns one content file into a validated briefing, actor profile or page.
//!
//! Steps: split the front matter, parse it into a located [`Node`] tree
//! (TOML or YAML), then read each field with its rules (required fields, id
//! syntax, dates, URLs, unique ids, event sources that exist), reporting
//! every problem at its line and column and carrying on.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::date::{DateError, PartialDate};
use super::frontmatter::{self, Format};
use super::grading::{confidence_field, corrections_field, reliability_field};
use super::model::{ActorRef, Briefing, LeadImage, Source, SourceFile};
use super::node::{self, Located, Node, Table, Value};
use crate::diagnostic::{Diagnostics, SourceMap};
use crate::text::{is_slug, slugify};

pub(super) use super::profile::profile_id;
pub use super::profile::{parse_page, parse_profile};

pub(crate) const BRIEFING_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "authors",
    "tags",
    "actors",
    "slug",
    "draft",
    "events",
    "sources",
    "image",
    "image_alt",
    "image_credit",
    "confidence",
    "corrections",
];
pub(crate) const EVENT_KEYS: &[&str] = &[
    "date",
    "end",
    "title",
    "actors",
    "place",
    "sources",
    "id",
    "text",
    "credibility",
    "confidence",
    "same_as",
];
pub(crate) const SOURCE_KEYS: &[&str] = &[
    "id",
    "title",
    "publisher",
    "url",
    "date",
    "accessed",
    "archive_url",
    "reliability",
];
pub(crate) const ACTOR_KEYS: &[&str] = &["name", "kind", "aliases", "country", "wikidata", "url"];
pub(crate) const PAGE_KEYS: &[&str] = &["title", "slug", "draft"];
pub(super) const FREE: &[&str] = &["extra"];

/// The most events, or sources, one briefing may have: far more than any
/// briefing needs, few enough that a runaway generated file fails fast
/// instead of writing gigabytes of pages.
pub const MAX_ITEMS: usize = 10_000;

/// The tables under `key`, or none (and an error) when there are too many.
pub(crate) fn item_tables<'a>(t: &Table<'a>, key: &str, diags: &mut Diagnostics) -> Vec<&'a Node> {
    let items = t.tables(key, diags);
    if items.len() > MAX_ITEMS {
        let at = t.get(key).map_or(t.span().start, |n| n.span.start);
        diags.push(
            t.map()
                .error_at(
                    at,
                    format!(
                        "this briefing has {} {key}; a briefing may have at most {MAX_ITEMS}",
                        items.len()
                    ),
                )
                .with_hint(
                    "split them over several briefings: the timeline and the source list join them",
                ),
        );
        return Vec::new();
    }
    items
}

/// A file read from disk, before parsing.
pub struct RawFile<'a> {
    /// Relative to the site root, for messages.
    pub path: &'a Path,
    /// Relative to `content/`.
    pub rel: &'a Path,
    pub text: &'a str,
}

/// Splits and parses the front matter; `None` when it is unusable.
pub(super) fn front_matter(raw: &RawFile, diags: &mut Diagnostics) -> Option<(SourceFile, Node)> {
    let map = SourceMap::new(raw.path, raw.text);
    let split = match frontmatter::split(raw.text, &map) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let front = &raw.text[split.front.clone()];
    let parsed = match split.format {
        Format::Toml => node::parse_toml(front, split.front.start, &map),
        Format::Yaml => node::parse_yaml(front, split.front.start, &map),
    };
    let node = match parsed {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if !matches!(node.value, Value::Table(_)) {
        let (message, hint) = match split.format {
            Format::Yaml => (
                format!("the front matter must be `key: value` fields, found {}", node.type_name()),
                "this front matter opens with `---`, so it is YAML: write `title: My title`; for TOML, open and close it with `+++` lines",
            ),
            Format::Toml => (
                format!("the front matter must be `key = value` fields, found {}", node.type_name()),
                "write fields such as `title = \"My title\"`",
            ),
        };
        diags.push(map.error_at(node.span.start, message).with_hint(hint));
        return None;
    }
    let file = SourceFile {
        path: raw.path.to_path_buf(),
        rel: raw.rel.to_path_buf(),
        map: Arc::new(map),
        body: split.body,
    };
    Some((file, node))
}

pub(crate) fn date_field(
    t: &Table,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<Located<PartialDate>> {
    parsed_field(t, key, PartialDate::parse, diags)
}

/// A date field read by `parse` (a [`PartialDate`], or an event's EDTF date).
pub(super) fn parsed_field<T>(
    t: &Table,
    key: &str,
    parse: impl Fn(&str) -> Result<T, DateError>,
    diags: &mut Diagnostics,
) -> Option<Located<T>> {
    let text = t.date_text(key, diags)?;
    match parse(&text.value) {
        Ok(d) => Some(Located::new(d, text.at)),
        Err(e) => {
            diags.push(t.map().error_at(text.at, e.message).with_hint(e.hint));
            None
        }
    }
}

/// A URL field: only http and https are accepted.
pub(super) fn url_field(t: &Table, key: &str, diags: &mut Diagnostics) -> Option<String> {
    let url = t.str(key, diags)?;
    let lower = url.value.trim().to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://")) && lower.len() > 8 {
        Some(url.value.trim().to_string())
    } else {
        diags.push(
            t.map()
                .error_at(
                    url.at,
                    format!(
                        "`{key}` must be an http or https URL, found `{}`",
                        url.value
                    ),
                )
                .with_hint("write the full address, starting with https://"),
        );
        None
    }
}

/// Free-form `[extra]` data, handed to templates as JSON.
pub(super) fn extra(t: &Table) -> serde_json::Value {
    t.get("extra")
        .map_or(serde_json::Value::Object(Default::default()), to_json)
}

pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Str(s) | Value::Plain(s) | Value::Date(s) => J::String(s.clone()),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Bool(b) => J::Bool(*b),
        Value::Null => J::Null,
        Value::Array(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Table(entries) => J::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.node)))
                .collect(),
        ),
    }
}

/// A slug: explicit ones must be in slug form; the default comes from `fallback`.
pub(super) fn slug_field(t: &Table, fallback: &str, diags: &mut Diagnostics) -> String {
    match t.str("slug", diags) {
        Some(s) if is_slug(&s.value) => s.value,
        Some(s) => {
            let suggestion = slugify(&s.value);
            diags.push(
                t.map()
                    .error_at(
                        s.at,
                        format!(
                            "invalid slug `{}`: a slug may only use a-z, 0-9 and single hyphens",
                            s.value
                        ),
                    )
                    .with_hint(if suggestion.is_empty() {
                        "write a slug such as `pakistan-rare-earth-pact`".to_string()
                    } else {
                        format!("write `slug = \"{suggestion}\"`")
                    }),
            );
            suggestion
        }
        None => slugify(fallback),
    }
}

/// The file stem without a leading `YYYY-MM-DD-` date.
fn stem_without_date(rel: &Path) -> String {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if dated {
        stem[11..].to_string()
    } else {
        stem
    }
}

pub fn parse_briefing(raw: &RawFile, diags: &mut Diagnostics) -> Option<Briefing<ActorRef>> {
    let (file, node) = front_matter(raw, diags)?;
    let before = diags.error_count();
    let t = Table::new(&node, "briefing", BRIEFING_KEYS, FREE, &file.map, diags)?;
    let title = t.req_str("title", "\"Pakistan's rare-earth pact\"", diags);
    let date = match t.get("date") {
        None => {
            t.missing("date", "2025-10-14", diags);
            None
        }
        Some(_) => date_field(&t, "date", diags),
    };
    if let Some(d) = &date {
        if d.value.day.is_none() {
            diags.push(
                file.map
                    .error_at(
                        d.at,
                        format!(
                            "a briefing's `date` must be a full day, found `{}`",
                            d.value.iso()
                        ),
                    )
                    .with_hint(
                        "write the publication day, e.g. 2025-10-14; events may use coarser dates",
                    ),
            );
        }
    }
    let updated = date_field(&t, "updated", diags);
    let mut slug = slug_field(&t, &stem_without_date(raw.rel), diags);
    if slug.is_empty() {
        slug = title
            .as_ref()
            .map(|s| slugify(&s.value))
            .unwrap_or_default();
    }
    if slug.is_empty() {
        diags.push(
            file.map
                .error_at(t.span().start, "this briefing has no usable slug: neither its file name nor its title has letters or digits")
                .with_hint("add `slug = \"some-words\"`"),
        );
    }
    let sources = parse_sources(&t, &file.map, diags);
    let source_ids: BTreeSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let events = super::event::parse_events(&t, &file.map, &source_ids, diags);
    let tags = t.str_list("tags", diags);
    for tag in &tags {
        if slugify(&tag.value).is_empty() {
            diags.push(
                file.map
                    .error_at(
                        tag.at,
                        format!("the tag `{}` has no letters or digits", tag.value),
                    )
                    .with_hint("use words for tags, e.g. \"rare earths\""),
            );
        }
    }
    let briefing = Briefing {
        title: title.map(|s| s.value).unwrap_or_default(),
        date: date.map(|d| d.value).unwrap_or(PartialDate {
            year: 1970,
            month: Some(1),
            day: Some(1),
            time: None,
        }),
        updated: updated.map(|d| d.value),
        summary: t.str("summary", diags).map(|s| s.value),
        image: lead_image(&t, &file.map, diags),
        authors: t
            .str_list("authors", diags)
            .into_iter()
            .map(|s| s.value)
            .collect(),
        tags: tags.into_iter().map(|s| s.value).collect(),
        actors: t.str_list("actors", diags),
        slug,
        draft: t.bool("draft", diags).unwrap_or(false),
        events,
        sources,
        confidence: confidence_field(&t, diags),
        corrections: corrections_field(&t, &file.map, diags),
        extra: extra(&t),
        file: file.clone(),
    };
    (diags.error_count() == before).then_some(briefing)
}

/// `image` with its `image_alt` and `image_credit` (which mean nothing alone).
fn lead_image(t: &Table, map: &SourceMap, diags: &mut Diagnostics) -> Option<LeadImage> {
    let src = t.str("image", diags);
    let alt = t.str("image_alt", diags);
    let credit = t.str("image_credit", diags);
    if src.is_none() {
        if let Some(at) = alt.as_ref().map(|a| a.at).or(credit.as_ref().map(|c| c.at)) {
            diags.push(
                map.error_at(at, "`image_alt` and `image_credit` describe `image`, which is missing")
                    .with_hint("add `image = \"file.png\"` (the file next to the briefing), or remove these keys"),
            );
        }
    }
    Some(LeadImage {
        src: src?,
        alt,
        credit: credit.map(|c| c.value),
    })
}

fn parse_sources(t: &Table, map: &SourceMap, diags: &mut Diagnostics) -> Vec<Source> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for node in item_tables(t, "sources", diags) {
        let Some(s) = Table::new(node, "source", SOURCE_KEYS, &[], map, diags) else {
            continue;
        };
        let Some(id) = s.req_str("id", "\"us-embassy\"", diags) else {
            continue;
        };
        if !is_source_id(&id.value) {
            diags.push(
                map.error_at(id.at, format!("invalid source id `{}`", id.value))
                    .with_hint("a source id starts with a-z or 0-9 and uses only a-z, 0-9, `.`, `_`, `:` and `-`"),
            );
            continue;
        }
        if !seen.insert(id.value.clone()) {
            diags.push(
                map.error_at(id.at, format!("duplicate source id `{}`", id.value))
                    .with_hint("each source of a briefing needs its own id"),
            );
            continue;
        }
        let title = s.req_str("title", "\"US Strategic Metals and FWO sign MoU\"", diags);
        out.push(Source {
            title: title.map(|x| x.value).unwrap_or_default(),
            publisher: s.str("publisher", diags).map(|x| x.value),
            url: url_field(&s, "url", diags),
            date: date_field(&s, "date", diags).map(|d| d.value),
            accessed: date_field(&s, "accessed", diags).map(|d| d.value),
            archive_url: url_field(&s, "archive_url", diags),
            reliability: reliability_field(&s, diags),
            at: id.at,
            id: id.value,
        });
    }
    out
}

pub fn is_source_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._:-".contains(&b))
        && id.len() <= 120
}

pub(super) fn or_example(s: String) -> String {
    if s.is_empty() {
        "fwo-ussm-mou".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        let mut diags = Diagnostics::new();
        let raw = RawFile {
            path: Path::new("content/b.md"),
            rel: Path::new("b.md"),
            text,
        };
        parse_briefing(&raw, &mut diags);
        diags
            .iter()
            .map(|d| (d.line, d.col, d.message.clone()))
            .collect()
    }

    const HEAD: &str = "+++\ntitle = \"T\"\ndate = 2025-10-14\n";

    #[test]
    fn valid_briefing_parses_with_defaults() {
        let text = "+++\ntitle = \"T\"\ndate = 2025-10-14\n[[events]]\ntitle = \"An event!\"\ndate = \"2025-04\"\nsources = [\"s\"]\n[[sources]]\nid = \"s\"\ntitle = \"S\"\nurl = \"https://x.org/\"\n+++\nBody";
        let mut diags = Diagnostics::new();
        let raw = RawFile {
            path: Path::new("content/2025-10-14-my-brief.md"),
            rel: Path::new("2025-10-14-my-brief.md"),
            text,
        };
        let b = parse_briefing(&raw, &mut diags).expect("valid");
        assert!(diags.is_empty(), "{}", diags.render());
        assert_eq!(b.slug, "my-brief");
        assert_eq!(b.events[0].id, "an-event");
        assert_eq!(b.events[0].date.iso(), "2025-04");
        assert_eq!(b.file.body_text(), "Body");
    }

    #[test]
    fn each_rule_reports_its_message_and_position() {
        let cases: &[(&str, (usize, usize, &str))] = &[
            ("+++\ndate = 2025-10-14\n+++\n", (2, 1, "briefing is missing required field `title`")),
            ("+++\ntitle = \"T\"\n+++\n", (2, 1, "briefing is missing required field `date`")),
            ("+++\ntitle = 5\ndate = 2025-10-14\n+++\n", (2, 9, "`title` must be a string, found an integer")),
            ("+++\ntitel = \"T\"\ntitle = \"T\"\ndate = 2025-10-14\n+++\n", (2, 1, "unknown field `titel` in briefing")),
            ("+++\ntitle = \"T\"\ndate = \"2025-02-30\"\n+++\n", (3, 8, "invalid date `2025-02-30`: February 2025 has 28 days")),
            ("+++\ntitle = \"T\"\ndate = \"2025-10\"\n+++\n", (3, 8, "a briefing's `date` must be a full day, found `2025-10`")),
            (&format!("{HEAD}slug = \"../x\"\n+++\n"), (4, 8, "invalid slug `../x`: a slug may only use a-z, 0-9 and single hyphens")),
            (&format!("{HEAD}[[sources]]\nid = \"Bad Id\"\ntitle = \"x\"\n+++\n"), (5, 6, "invalid source id `Bad Id`")),
            (&format!("{HEAD}[[sources]]\nid = \"a\"\ntitle = \"x\"\n[[sources]]\nid = \"a\"\ntitle = \"y\"\n+++\n"), (8, 6, "duplicate source id `a`")),
            (&format!("{HEAD}[[sources]]\nid = \"a\"\ntitle = \"x\"\nurl = \"javascript:alert(1)\"\n+++\n"), (7, 7, "`url` must be an http or https URL, found `javascript:alert(1)`")),
            (&format!("{HEAD}[[events]]\ntitle = \"E\"\ndate = \"2025\"\nsources = [\"nope\"]\n+++\n"), (7, 12, "this event cites `nope`, which is not among this briefing's sources")),
            (&format!("{HEAD}[[events]]\ntitle = \"E\"\ndate = \"2025\"\n[[events]]\ntitle = \"E\"\ndate = \"2026\"\n+++\n"), (8, 9, "duplicate event id `e` in this briefing")),
            (&format!("{HEAD}[[events]]\ntitle = \"E\"\n+++\n"), (4, 1, "event is missing required field `date`")),
            (&format!("{HEAD}[[events]]\ntitle = \"E\"\ndate = \"2025-05\"\nend = \"2025-04\"\n+++\n"), (7, 7, "the event ends (`2025-04`) before it starts (`2025-05`)")),
            (&format!("{HEAD}[[events]]\ntitle = \"E\"\ndate = \"2025\"\nid = \"Not ok\"\n+++\n"), (7, 6, "invalid event id `Not ok`")),
            (&format!("{HEAD}[[events]]\ntitle = \"E\"\ndate = \"2025\"\nwhen = \"x\"\n+++\n"), (7, 1, "unknown field `when` in event")),
            (&format!("{HEAD}tags = [\"!!\"]\n+++\n"), (4, 9, "the tag `!!` has no letters or digits")),
            ("---\ntitle: T\ndate: 2025-10-14\nevents:\n  - title: E\n    date: 2025-13\n---\n", (6, 11, "invalid date `2025-13`: there is no month 13")),
            ("---\ntitle: T\ndate: 2025-10-14\nsumary: x\n---\n", (4, 1, "unknown field `sumary` in briefing")),
        ];
        for (text, (line, col, msg)) in cases {
            let errs = errors(text);
            assert!(
                errs.contains(&(*line, *col, msg.to_string())),
                "expected {line}:{col} {msg} for\n{text}\ngot {errs:?}"
            );
        }
    }

    #[test]
    fn unknown_field_hint_suggests_the_near_name() {
        let mut diags = Diagnostics::new();
        let raw = RawFile {
            path: Path::new("b.md"),
            rel: Path::new("b.md"),
            text: "+++\ntitle = \"T\"\ndate = 2025-10-14\nsumary = \"x\"\n+++\n",
        };
        parse_briefing(&raw, &mut diags);
        let d = diags.iter().next().expect("one error");
        assert_eq!(d.hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn profile_rules() {
        let mut diags = Diagnostics::new();
        let raw = RawFile {
            path: Path::new("content/actors/fwo.md"),
            rel: Path::new("actors/fwo.md"),
            text: "+++\nname = \"FWO\"\nkind = \"organisation\"\n+++\n",
        };
        assert!(parse_profile(&raw, &mut diags).is_none());
        let d = diags.iter().next().expect("error");
        assert_eq!(
            (d.line, d.col, d.message.as_str()),
            (3, 8, "unknown actor kind `organisation`")
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `organization`?"));
    }
}
