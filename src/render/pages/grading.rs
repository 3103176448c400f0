//! `/grading/`: the legend of the Admiralty grades (source reliability
//! `A`–`F`, information credibility `1`–`6`) and of analytic confidence,
//! drawn from the same tables that explain each grade on hover.

use serde::Serialize;

use super::{job, Ctx};
use crate::content::grading::{CONFIDENCE, CREDIBILITY, RELIABILITY};
use crate::render::Job;
use crate::route::Route;

pub(super) fn grading(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Entry {
        code: String,
        /// The name before the colon: `Usually reliable`.
        name: &'static str,
        /// The rest: what it means.
        meaning: &'static str,
    }
    #[derive(Serialize)]
    struct View {
        title: &'static str,
        reliability: Vec<Entry>,
        credibility: Vec<Entry>,
        confidence: Vec<Entry>,
    }
    let entry = |code: String, text: &'static str| {
        let (name, meaning) = text.split_once(": ").unwrap_or((text, ""));
        Entry {
            code,
            name,
            meaning,
        }
    };
    let view = View {
        title: "How we grade sources and judgments",
        reliability: RELIABILITY
            .iter()
            .map(|(c, t)| entry(c.to_string(), t))
            .collect(),
        credibility: CREDIBILITY
            .iter()
            .map(|(c, t)| entry(c.to_string(), t))
            .collect(),
        confidence: CONFIDENCE
            .iter()
            .map(|(c, t)| entry(c.to_string(), t))
            .collect(),
    };
    job(ctx, Route::Grading, &view)
}
