//! A briefing's `[[events]]`: each read with its rules (required title
//! and date, unless `same_as` names the event they come from; `end` not
//! before `date`; ids in slug form and unique in the briefing; sources
//! among the briefing's own), every problem reported at its position.

use std::collections::BTreeSet;

use super::date::PartialDate;
use super::edtf::{Edtf, End};
use super::grading::{confidence_field, credibility_field};
use super::model::{ActorRef, Event, SameAs};
use super::node::{Located, Table, Value};
use super::parse::{item_tables, or_example, parsed_field, EVENT_KEYS};
use crate::diagnostic::{did_you_mean, Diagnostics, SourceMap};
use crate::text::{is_slug, slugify};

pub(super) fn parse_events(
    t: &Table,
    map: &SourceMap,
    source_ids: &BTreeSet<&str>,
    diags: &mut Diagnostics,
) -> Vec<Event<ActorRef>> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for node in item_tables(t, "events", diags) {
        let Some(e) = Table::new(node, "event", EVENT_KEYS, &[], map, diags) else {
            continue;
        };
        // With `same_as`, what the event leaves out comes from its target
        // (a malformed one is reported alone, not with every key it omits).
        let has_same_as = e.get("same_as").is_some();
        let same_as = same_as_field(&e, diags);
        let title = match (has_same_as, e.get("title")) {
            (true, None) => Some(Located::new(String::new(), e.span().start)),
            _ => e.req_str("title", "\"FWO and USSM sign an MoU\"", diags),
        };
        let date = match (has_same_as, e.get("date")) {
            (true, None) => Some(Located::new(TAKEN_FROM_TARGET, e.span().start)),
            (false, None) => {
                e.missing("date", "\"2025-09\"", diags);
                None
            }
            (_, Some(_)) => parsed_field(&e, "date", Edtf::parse, diags),
        };
        let end = parsed_field(&e, "end", End::parse, diags);
        if let (Some(d), Some(en)) = (&date, &end) {
            if en.value.date().is_some_and(|end| d.value.ends_before(end)) {
                diags.push(
                    map.error_at(
                        en.at,
                        format!(
                            "the event ends (`{}`) before it starts (`{}`)",
                            en.value.iso(),
                            d.value.iso()
                        ),
                    )
                    .with_hint("`end` must not be earlier than `date`; times compare as instants, and a date without a time counts from its first moment (midnight UTC)"),
                );
            }
        }
        let id = match e.str("id", diags) {
            Some(id) if is_slug(&id.value) => Some(id),
            Some(id) => {
                diags.push(
                    map.error_at(id.at, format!("invalid event id `{}`", id.value))
                        .with_hint(format!(
                            "an event id uses a-z, 0-9 and single hyphens, e.g. `{}`",
                            or_example(slugify(&id.value))
                        )),
                );
                None
            }
            None => match (&same_as, &title) {
                // No title of its own: the target's event id.
                (Some(same), Some(t)) if t.value.is_empty() => Some(Located::new(
                    same.split()
                        .map_or(String::new(), |(_, id)| id.trim().to_string()),
                    same.target.at,
                )),
                _ => title
                    .as_ref()
                    .map(|t| Located::new(slugify(&t.value), t.at)),
            },
        };
        let sources = e.str_list("sources", diags);
        for s in &sources {
            if !source_ids.contains(s.value.as_str()) {
                let hint =
                    did_you_mean(&s.value, source_ids.iter().copied()).unwrap_or_else(|| {
                        "add a [[sources]] entry with this id, or fix the id".to_string()
                    });
                diags.push(
                    map.error_at(
                        s.at,
                        format!(
                            "this event cites `{}`, which is not among this briefing's sources",
                            s.value
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
        let (credibility, confidence) = (credibility_field(&e, diags), confidence_field(&e, diags));
        let (Some(title), Some(date), Some(id)) = (title, date, id) else {
            continue;
        };
        if has_same_as && same_as.is_none() {
            continue;
        }
        if id.value.is_empty() {
            diags.push(
                map.error_at(
                    id.at,
                    "this event's title has no letters or digits to make an id from",
                )
                .with_hint("add `id = \"some-words\"` to the event"),
            );
            continue;
        }
        if !seen.insert(id.value.clone()) {
            diags.push(
                map.error_at(
                    id.at,
                    format!("duplicate event id `{}` in this briefing", id.value),
                )
                .with_hint("give one of the events its own `id = \"...\"`"),
            );
            continue;
        }
        out.push(Event {
            id: id.value,
            title: title.value,
            date: date.value,
            end: end.map(|d| d.value),
            credibility,
            confidence,
            actors: e.str_list("actors", diags),
            // `place = ""` (as `dossier new` writes it) says nothing.
            place: e.str("place", diags).filter(|p| !p.value.trim().is_empty()),
            sources: sources.into_iter().map(|s| s.value).collect(),
            text: e.str("text", diags),
            same_as,
            at: e.span().start,
        });
    }
    out
}

/// The date of an event that leaves it to its `same_as` target, until
/// `library::merge` takes the target's (a build never shows it: an
/// unresolved target is an error).
const TAKEN_FROM_TARGET: Edtf = Edtf {
    date: PartialDate {
        year: 1970,
        month: None,
        day: None,
        time: None,
    },
    unspecified: super::edtf::Unspecified::None,
    approximate: false,
    uncertain: false,
};

/// `same_as = "<briefing slug>#<event id>"`, checked for its form here
/// (the target is found once every briefing is known: `library::merge`).
fn same_as_field(e: &Table, diags: &mut Diagnostics) -> Option<SameAs> {
    let target = e.str("same_as", diags)?;
    let well_formed = target
        .value
        .trim()
        .split_once('#')
        .is_some_and(|(slug, id)| is_slug(slug.trim()) && is_slug(id.trim()));
    if !well_formed {
        diags.push(
            e.map()
                .error_at(
                    target.at,
                    format!(
                        "`same_as` must be `<briefing slug>#<event id>`, found `{}`",
                        target.value
                    ),
                )
                .with_hint("name the briefing by its slug and the event by its id, e.g. `same_as = \"pakistan-rare-earth-pact#fwo-ussm-mou\"`"),
        );
        return None;
    }
    // `place = ""` and `actors = []` (as `dossier new` writes them) say nothing.
    let says_something = |k: &str| {
        e.get(k).is_some_and(|n| match &n.value {
            Value::Str(s) | Value::Plain(s) => !s.trim().is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Null => false,
            _ => true,
        })
    };
    let written = SameAs::SHARED
        .iter()
        .filter(|k| says_something(k))
        .filter_map(|&k| e.key_at(k).map(|at| (k, at)))
        .collect();
    Some(SameAs { target, written })
}
