//! `/grading/`: the legend of the Admiralty grades (source reliability
//! `A`–`F`, information credibility `1`–`6`) and of analytic confidence,
//! drawn from the theme's strings that explain each grade on hover.

use serde::Serialize;

use super::{job, Ctx};
use crate::content::grading::{CONFIDENCE, CREDIBILITY, RELIABILITY};
use crate::i18n::Strings;
use crate::render::Job;
use crate::route::Route;

pub(super) fn grading(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Entry<'a> {
        code: String,
        /// `Usually reliable`.
        name: &'a str,
        /// What it means.
        meaning: &'a str,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        reliability: Vec<Entry<'a>>,
        credibility: Vec<Entry<'a>>,
        confidence: Vec<Entry<'a>>,
    }
    let strings: &Strings = &ctx.site.strings;
    let entry = |scale: &str, code: String| Entry {
        name: strings.get(&format!("grading.{scale}.{code}.name")),
        meaning: strings.get(&format!("grading.{scale}.{code}.meaning")),
        code,
    };
    let view = View {
        title: strings.get("grading.title"),
        reliability: RELIABILITY
            .iter()
            .map(|c| entry("reliability", c.to_string()))
            .collect(),
        credibility: CREDIBILITY
            .iter()
            .map(|c| entry("credibility", c.to_string()))
            .collect(),
        confidence: CONFIDENCE
            .iter()
            .map(|c| entry("confidence", c.to_string()))
            .collect(),
    };
    job(ctx, Route::Grading, &view)
}
