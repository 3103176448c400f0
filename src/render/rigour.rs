//! What templates get to show how much a briefing trusts what it says: an
//! event's compact Admiralty grade with each part's meaning (for the hover),
//! a confidence level with its meaning, and a briefing's corrections.
//! The meanings come from the theme's strings (`grading.*`), the same
//! table the `/grading/` legend is drawn from.

use serde::Serialize;

use crate::content::grading::{event_grade, Confidence, Credibility, Reliability};
use crate::content::model::{Briefing, Event};
use crate::i18n::Strings;

/// A grade or level explained in one line: `Usually reliable: minor doubt; …`,
/// from the strings under `key` (`grading.reliability.B`).
pub fn explained(strings: &Strings, key: &str) -> String {
    strings
        .get("grading.explained")
        .replace("{name}", strings.get(&format!("{key}.name")))
        .replace("{meaning}", strings.get(&format!("{key}.meaning")))
}

/// One part of a grade: `B` and "Usually reliable: …".
#[derive(Debug, Clone, Serialize)]
pub struct GradePart {
    pub code: char,
    pub meaning: String,
}

impl GradePart {
    pub fn reliability(r: Reliability, strings: &Strings) -> GradePart {
        GradePart {
            code: r.letter(),
            meaning: explained(strings, &r.strings_key()),
        }
    }

    pub fn credibility(c: Credibility, strings: &Strings) -> GradePart {
        GradePart {
            code: c.digit(),
            meaning: explained(strings, &c.strings_key()),
        }
    }
}

/// An event's grade: `text` is `B2` (or the part known), `title` both
/// meanings on one line for a `title` attribute.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    pub text: String,
    pub reliability: Option<GradePart>,
    pub credibility: Option<GradePart>,
    pub title: String,
}

impl GradeView {
    pub fn of<A>(b: &Briefing<A>, e: &Event<A>, strings: &Strings) -> Option<GradeView> {
        let text = event_grade(b, e)?;
        let reliability = e
            .sources
            .iter()
            .filter_map(|id| b.sources.iter().find(|s| &s.id == id))
            .filter_map(|s| s.reliability)
            .min()
            .map(|r| GradePart::reliability(r, strings));
        let credibility = e.credibility.map(|c| GradePart::credibility(c, strings));
        let title = reliability
            .iter()
            .chain(credibility.iter())
            .map(|p| format!("{}: {}", p.code, p.meaning))
            .collect::<Vec<_>>()
            .join(" · ");
        Some(GradeView {
            text,
            reliability,
            credibility,
            title,
        })
    }
}

/// A confidence level: `high` and its meaning.
#[derive(Debug, Clone, Serialize)]
pub struct ConfidenceView {
    pub level: &'static str,
    pub meaning: String,
}

impl ConfidenceView {
    pub fn of(c: Option<Confidence>, strings: &Strings) -> Option<ConfidenceView> {
        c.map(|c| ConfidenceView {
            level: c.name(),
            meaning: explained(strings, &c.strings_key()),
        })
    }
}
