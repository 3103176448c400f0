//! What templates get to show how much a briefing trusts what it says: an
//! event's compact Admiralty grade with each part's meaning (for the hover),
//! a confidence level with its meaning, and a briefing's corrections.
//! The meanings come from [`crate::content::grading`], the same table the
//! `/grading/` legend is drawn from.

use serde::Serialize;

use crate::content::grading::{event_grade, Confidence, Credibility, Reliability};
use crate::content::model::{Briefing, Event};

/// One part of a grade: `B` and "Usually reliable: …".
#[derive(Debug, Clone, Serialize)]
pub struct GradePart {
    pub code: char,
    pub meaning: &'static str,
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
    pub fn of<A>(b: &Briefing<A>, e: &Event<A>) -> Option<GradeView> {
        let text = event_grade(b, e)?;
        let reliability = e
            .sources
            .iter()
            .filter_map(|id| b.sources.iter().find(|s| &s.id == id))
            .filter_map(|s| s.reliability)
            .min()
            .map(|r: Reliability| GradePart {
                code: r.letter(),
                meaning: r.meaning(),
            });
        let credibility = e.credibility.map(|c: Credibility| GradePart {
            code: c.digit(),
            meaning: c.meaning(),
        });
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
    pub meaning: &'static str,
}

impl ConfidenceView {
    pub fn of(c: Option<Confidence>) -> Option<ConfidenceView> {
        c.map(|c| ConfidenceView {
            level: c.name(),
            meaning: c.meaning(),
        })
    }
}
