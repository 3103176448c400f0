//! How much a briefing trusts what it reports (SPEC §8.4): the Admiralty
//! grades (NATO STANAG 2511) — a source's `reliability` `A`–`F` and an
//! event's `credibility` `1`–`6` — and the analytic `confidence` of a
//! judgment (`high`, `moderate`, `low`, the ICD 203 terms), plus a
//! briefing's `[[corrections]]`.
//!
//! Each scale is a closed enum; what each value means is in the theme's
//! strings (`grading.*` in `i18n/<language>.toml`), one table the legend
//! page and the hover text both read, and a translation replaces. The
//! `*_field` functions read one key of a front-matter table and report a
//! wrong value at its position with the accepted values in the hint.

use serde::Serialize;

use super::date::PartialDate;
use super::model::{Briefing, Event};
use super::node::{Located, Table};
use crate::diagnostic::{Diagnostics, SourceMap};

/// A source's reliability, `A` (completely reliable) to `F` (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reliability(u8);

/// The reliability letters, `A` first. What each means is in the theme's
/// strings (`grading.reliability.A.name`, `.meaning`), so that a
/// translation replaces it.
pub const RELIABILITY: [char; 6] = ['A', 'B', 'C', 'D', 'E', 'F'];

/// An event's credibility, `1` (confirmed) to `6` (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Credibility(u8);

/// The credibility digits, `1` first (meanings in the theme's strings,
/// `grading.credibility.1.name`…).
pub const CREDIBILITY: [char; 6] = ['1', '2', '3', '4', '5', '6'];

/// Analytic confidence in a judgment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Moderate,
    Low,
}

/// The confidence levels, `high` first (meanings in the theme's strings,
/// `grading.confidence.high.name`…).
pub const CONFIDENCE: [&str; 3] = ["high", "moderate", "low"];

impl Reliability {
    pub fn letter(self) -> char {
        RELIABILITY[usize::from(self.0)]
    }

    /// The key of its name and meaning in the theme's strings.
    pub fn strings_key(self) -> String {
        format!("grading.reliability.{}", self.letter())
    }
}

impl Credibility {
    pub fn digit(self) -> char {
        CREDIBILITY[usize::from(self.0)]
    }

    /// The key of its name and meaning in the theme's strings.
    pub fn strings_key(self) -> String {
        format!("grading.credibility.{}", self.digit())
    }
}

impl Confidence {
    pub fn name(self) -> &'static str {
        CONFIDENCE[self as usize]
    }

    /// The key of its name and meaning in the theme's strings.
    pub fn strings_key(self) -> String {
        format!("grading.confidence.{}", self.name())
    }
}

/// The compact Admiralty grade of an event: the best reliability among
/// its sources (`F`, "cannot be judged", only when no source says more)
/// and its own credibility: `B2`, or the part that is known (`B`, `2`).
pub fn grade(
    reliability: impl IntoIterator<Item = Reliability>,
    credibility: Option<Credibility>,
) -> Option<String> {
    let best = reliability.into_iter().min();
    let mut s = String::new();
    s.extend(best.map(Reliability::letter));
    s.extend(credibility.map(Credibility::digit));
    (!s.is_empty()).then_some(s)
}

/// The grade of event `e` of briefing `b`, from the sources it cites.
pub fn event_grade<A>(b: &Briefing<A>, e: &Event<A>) -> Option<String> {
    let cited = e
        .sources
        .iter()
        .filter_map(|id| b.sources.iter().find(|s| &s.id == id));
    grade(cited.filter_map(|s| s.reliability), e.credibility)
}

/// A correction to a briefing: when, and what changed (Markdown).
#[derive(Debug, Clone)]
pub struct Correction {
    pub date: PartialDate,
    pub text: Located<String>,
    pub at: usize,
}

/// Every correction of `briefings` as (briefing, correction) indexes,
/// newest first; on one day, the library's order, then as written.
pub fn newest_corrections<A>(briefings: &[Briefing<A>]) -> Vec<(usize, usize)> {
    let mut list: Vec<(usize, usize)> = briefings
        .iter()
        .enumerate()
        .flat_map(|(i, b)| (0..b.corrections.len()).map(move |j| (i, j)))
        .collect();
    list.sort_by_key(|&(i, j)| std::cmp::Reverse(briefings[i].corrections[j].date.timestamp()));
    list
}

/// With `[grading] require = true`: a warning for each source without a
/// `reliability` and each event without a `credibility`.
pub fn missing_grades<A>(briefings: &[Briefing<A>], diags: &mut Diagnostics) {
    for b in briefings {
        let map = &b.file.map;
        for s in b.sources.iter().filter(|s| s.reliability.is_none()) {
            diags.push(
                map.warning_at(s.at, format!("the source `{}` has no `reliability`", s.id))
                    .with_hint("add `reliability = \"A\"` to `\"F\"` (see /grading/); site.toml's `[grading] require = true` asks for it"),
            );
        }
        for e in b.events.iter().filter(|e| e.credibility.is_none()) {
            diags.push(
                map.warning_at(e.at, format!("the event `{}` has no `credibility`", e.id))
                    .with_hint("add `credibility = 1` to `6` (see /grading/); site.toml's `[grading] require = true` asks for it"),
            );
        }
    }
}

pub(crate) const CORRECTION_KEYS: &[&str] = &["date", "text"];

/// A briefing's `[[corrections]]`: each needs `date` and `text`.
pub(crate) fn corrections_field(
    t: &Table,
    map: &SourceMap,
    diags: &mut Diagnostics,
) -> Vec<Correction> {
    let mut out = Vec::new();
    for node in super::parse::item_tables(t, "corrections", diags) {
        let Some(c) = Table::new(node, "correction", CORRECTION_KEYS, &[], map, diags) else {
            continue;
        };
        let date = match c.get("date") {
            None => {
                c.missing("date", "2025-10-17", diags);
                None
            }
            Some(_) => super::parse::date_field(&c, "date", diags),
        };
        let text = c.req_str(
            "text",
            "\"The port is 120 km from Gwadar, not 200.\"",
            diags,
        );
        if let (Some(date), Some(text)) = (date, text) {
            out.push(Correction {
                date: date.value,
                text,
                at: c.span().start,
            });
        }
    }
    out
}

/// `reliability = "A"`…`"F"` of a source.
pub(crate) fn reliability_field(t: &Table, diags: &mut Diagnostics) -> Option<Reliability> {
    let v = t.str("reliability", diags)?;
    let found = RELIABILITY
        .iter()
        .position(|c| v.value.trim() == c.to_string());
    if found.is_none() {
        diags.push(
            t.map()
                .error_at(v.at, format!("unknown reliability `{}`", v.value))
                .with_hint("write a letter from \"A\" (completely reliable) to \"E\" (unreliable), or \"F\" when it cannot be judged; see /grading/"),
        );
    }
    found.map(|i| Reliability(i as u8))
}

/// `credibility = 1`…`6` of an event.
pub(crate) fn credibility_field(t: &Table, diags: &mut Diagnostics) -> Option<Credibility> {
    let hint = "write a number from 1 (confirmed by other sources) to 5 (improbable), or 6 when its truth cannot be judged; see /grading/";
    let node = t.get("credibility")?;
    // A number, or the digit in quotes; anything else is reported as the
    // wrong type by `int`.
    let v = match node.as_text() {
        Some(text) => text,
        None => t.int("credibility", diags)?.value.to_string(),
    };
    let found = CREDIBILITY.iter().position(|c| v.trim() == c.to_string());
    if found.is_none() {
        diags.push(
            t.map()
                .error_at(node.span.start, format!("unknown credibility `{v}`"))
                .with_hint(hint),
        );
    }
    found.map(|i| Credibility(i as u8))
}

/// `confidence = "high" | "moderate" | "low"` of a briefing or an event.
pub(crate) fn confidence_field(t: &Table, diags: &mut Diagnostics) -> Option<Confidence> {
    let v = t.str("confidence", diags)?;
    let found = match v.value.trim() {
        "high" => Some(Confidence::High),
        "moderate" => Some(Confidence::Moderate),
        "low" => Some(Confidence::Low),
        _ => None,
    };
    if found.is_none() {
        diags.push(
            t.map()
                .error_at(v.at, format!("unknown confidence `{}`", v.value))
                .with_hint("write \"high\", \"moderate\" or \"low\""),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grade_takes_the_best_source_and_the_events_own_credibility() {
        let (a, b, f) = (Reliability(0), Reliability(1), Reliability(5));
        let cases = [
            (vec![b, f], Some(Credibility(1)), Some("B2")),
            (vec![f], Some(Credibility(5)), Some("F6")),
            (vec![a, b], None, Some("A")),
            (vec![], Some(Credibility(2)), Some("3")),
            (vec![], None, None),
        ];
        for (rel, cred, shown) in cases {
            assert_eq!(grade(rel, cred).as_deref(), shown);
        }
        assert_eq!(b.strings_key(), "grading.reliability.B");
        assert_eq!(Credibility(3).strings_key(), "grading.credibility.4");
        assert_eq!(Confidence::Moderate.name(), "moderate");
    }
}
