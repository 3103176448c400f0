//! The list of HTML pages and the context each template receives, one page
//! kind per module. Contexts are built inside the parallel render, one
//! closure per page; each page's route gives its template, file and URL.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::views::{actor_link, ActorLink, EventView, Shared};
use super::Job;
use crate::config::TimelineOrder;
use crate::content::edtf::wide_label;
use crate::route::Route;
use crate::Site;

mod actor;
mod actor_list;
mod briefing;
mod briefing_list;
mod budget;
mod corrections;
mod grading;
mod home;
mod map;
mod page;
mod places;
mod sources;
mod tags;
mod timeline;

pub struct Ctx<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared<'a>,
    /// Aligned with `index.timeline`.
    pub events: &'a [EventView<'a>],
    /// Aligned with `index.reports`.
    pub reports: &'a [EventView<'a>],
    pub globals: &'a super::Globals,
    /// What several pages compute alike, computed by the first that needs it.
    pub memo: Memo<'a>,
}

/// Facts that many pages of one render share: the first page to need one
/// computes it, the others read it. Without this every year page of the
/// timeline recounted all events, and every page of `/sources/` re-cut the
/// whole source list.
#[derive(Default)]
pub struct Memo<'a> {
    timeline: OnceLock<timeline::Overview>,
    sources: OnceLock<sources::Split>,
    places: OnceLock<BTreeMap<&'a str, places::Facts<'a>>>,
}

impl<'a> Ctx<'a> {
    /// The words and digits of the site's language, for charts.
    pub fn chart_words(&self) -> crate::render::svg::Words<'a> {
        crate::render::svg::Words {
            strings: &self.site.strings,
            dates: self.site.dates,
        }
    }

    /// The view at `p` of `index.event_positions`.
    pub fn event_view(&self, p: usize) -> Option<&'a EventView<'a>> {
        match p.checked_sub(self.events.len()) {
            None => self.events.get(p),
            Some(r) => self.reports.get(r),
        }
    }
}

pub type JobFn<'a> = Box<dyn FnOnce() -> Job + Send + 'a>;

/// The job of drawing `route` with `view`: its template, file and URL all
/// come from the route.
fn job<T: Serialize>(ctx: &Ctx, route: Route, view: &T) -> Job {
    let context = super::context(view, ctx.globals, Some(ctx.shared.urls.to(route)));
    Job {
        template: route.template().unwrap_or_default(),
        path: route.output(),
        context,
    }
}

/// Which of an event's fragments a list prints: the timeline's line with
/// its `<details>` (`event.html`), the bare line place pages list
/// (`event_line.html`), whose detail is on the briefing's anchor, or that
/// line without the page's actor, as its actor page lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fragment<'a> {
    Full,
    Line,
    LineWithout(&'a str),
}

impl Fragment<'_> {
    /// The position in `e.actors` of the actor the fragment leaves out.
    fn omitted(self, e: &EventView) -> Option<usize> {
        match self {
            Fragment::LineWithout(actor) => e.actors.iter().position(|a| a.id == actor),
            _ => None,
        }
    }

    /// The length of the rendered fragment of `e`.
    pub fn len(self, e: &EventView) -> usize {
        match self {
            Fragment::Full => e.html.len(),
            Fragment::Line => e.line.len(),
            Fragment::LineWithout(_) => e.actor_lines.len_without(&e.line, self.omitted(e)),
        }
    }

    /// Appends the rendered fragment of `e` to `out`.
    pub fn push_to(self, e: &EventView, out: &mut String) {
        match self {
            Fragment::Full => out.push_str(&e.html),
            Fragment::Line => out.push_str(&e.line),
            Fragment::LineWithout(_) => e.actor_lines.push_without(&e.line, self.omitted(e), out),
        }
    }
}

/// A month of events (or the events of a year known only to the year):
/// their fragments joined in order, so that
/// a page of thousands of events carries one string per month rather than
/// an object per event (the largest part of actor and timeline contexts).
#[derive(Serialize)]
pub struct MonthGroup {
    pub month: Option<u8>,
    /// `April 2025`, or `2025` for events dated only to the year.
    pub label: String,
    /// `y2025-m04` or `y2025`.
    pub anchor: String,
    /// Events in the month.
    pub count: usize,
    /// The month's event fragments, in order.
    pub html: String,
}

#[derive(Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub anchor: String,
    pub count: usize,
    pub months: Vec<MonthGroup>,
}

#[derive(Serialize, Clone)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

/// A month (or none, for events known only to the year) and its events'
/// positions in the timeline; a decade or century forms a group of its
/// own, with its label (`1980s`).
type MonthPositions = ((Option<u8>, Option<String>), Vec<usize>);

/// Groups events (positions in the timeline, ascending) by year and month.
pub fn group(
    ctx: &Ctx,
    positions: &[usize],
    order: TimelineOrder,
    fragment: Fragment,
) -> Vec<YearGroup> {
    // Positions per month first, so that the order is settled before the
    // fragments are joined.
    let mut years: Vec<(i32, Vec<MonthPositions>)> = Vec::new();
    for &p in positions {
        let date = &ctx.events[p].date;
        if years.last().is_none_or(|y| y.0 != date.year) {
            years.push((date.year, Vec::new()));
        }
        let Some((_, months)) = years.last_mut() else {
            continue;
        };
        let key = (
            date.month,
            wide_label(date.year, date.unspecified, &ctx.site.wording),
        );
        if months.last().is_none_or(|m| m.0 != key) {
            months.push((key, Vec::new()));
        }
        if let Some((_, list)) = months.last_mut() {
            list.push(p);
        }
    }
    if order == TimelineOrder::Descending {
        years.reverse();
        for (_, months) in &mut years {
            months.reverse();
            for (_, list) in months {
                list.reverse();
            }
        }
    }
    years
        .into_iter()
        .map(|(year, months)| YearGroup {
            year,
            anchor: format!("y{year}"),
            count: months.iter().map(|m| m.1.len()).sum(),
            months: months
                .into_iter()
                .map(|((month, wide), list)| {
                    let (label, anchor) = match (month, wide) {
                        (_, Some(wide)) => (wide, format!("y{year}-wide")),
                        (Some(m), _) => (
                            crate::content::date::PartialDate {
                                year,
                                month: Some(m),
                                day: None,
                                time: None,
                            }
                            .display_in(ctx.site.dates),
                            format!("y{year}-m{m:02}"),
                        ),
                        (None, None) => (year.to_string(), format!("y{year}")),
                    };
                    let mut html = String::with_capacity(
                        list.iter().map(|&p| fragment.len(&ctx.events[p])).sum(),
                    );
                    for &p in &list {
                        fragment.push_to(&ctx.events[p], &mut html);
                    }
                    MonthGroup {
                        month,
                        label,
                        anchor,
                        count: list.len(),
                        html,
                    }
                })
                .collect(),
        })
        .collect()
}

fn year_links(ctx: &Ctx, positions: &[usize], url: impl Fn(i32) -> String) -> Vec<YearLink> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for &p in positions {
        *counts.entry(ctx.events[p].date.year).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(year, count)| YearLink {
            year,
            url: url(year),
            count,
        })
        .collect()
}

pub fn jobs<'a>(ctx: &'a Ctx<'a>) -> Vec<JobFn<'a>> {
    let site = ctx.site;
    let mut jobs: Vec<JobFn<'a>> = Vec::new();
    jobs.push(Box::new(move || home::home(ctx)));
    let per = site.config.per_page.max(1);
    let total_pages = site.library.briefings.len().div_ceil(per).max(1);
    for n in 1..=total_pages {
        jobs.push(Box::new(move || {
            briefing_list::briefing_list(ctx, n, total_pages)
        }));
    }
    for i in 0..site.library.briefings.len() {
        jobs.push(Box::new(move || briefing::briefing(ctx, i)));
    }
    for i in 0..site.library.pages.len() {
        jobs.push(Box::new(move || page::page(ctx, i)));
    }
    jobs.push(Box::new(move || timeline::timeline(ctx, None, 0)));
    for (&year, positions) in &site.index.years {
        for n in 1..=timeline::year_runs(ctx, positions, timeline::list_budget(ctx), Fragment::Full)
            .len()
        {
            jobs.push(Box::new(move || timeline::timeline(ctx, Some(year), n)));
        }
    }
    for n in 1..=actor_list::page_count(ctx) {
        jobs.push(Box::new(move || actor_list::actor_list(ctx, n)));
    }
    for id in site.library.actors.keys() {
        jobs.push(Box::new(move || actor::actor(ctx, id, None, 1)));
        let positions = site
            .index
            .actor_events
            .get(id)
            .map_or(&[][..], Vec::as_slice);
        if actor::is_split(ctx, id, positions) {
            for y in year_links(ctx, positions, |_| String::new()) {
                let pages = timeline::year_runs(
                    ctx,
                    &actor::in_year(ctx, positions, y.year),
                    budget::actor_list_budget(ctx),
                    Fragment::LineWithout(id),
                );
                for n in 1..=pages.len() {
                    jobs.push(Box::new(move || actor::actor(ctx, id, Some(y.year), n)));
                }
            }
        }
    }
    jobs.push(Box::new(move || places::place_list(ctx)));
    for p in site.library.places.values() {
        jobs.push(Box::new(move || places::place(ctx, p, 0)));
        let pages = places::facts(ctx, &p.id).runs.len();
        if pages > 1 {
            for n in 1..=pages {
                jobs.push(Box::new(move || places::place(ctx, p, n)));
            }
        }
    }
    jobs.push(Box::new(move || map::map(ctx)));
    for n in 1..=tags::page_count(ctx) {
        jobs.push(Box::new(move || tags::tag_list(ctx, n)));
    }
    for slug in site.index.tags.keys() {
        for n in 1..=tags::tag_page_count(ctx, slug) {
            jobs.push(Box::new(move || tags::tag(ctx, slug, n)));
        }
    }
    for n in 1..=sources::page_count(ctx) {
        jobs.push(Box::new(move || sources::sources(ctx, n)));
    }
    jobs.push(Box::new(move || simple(ctx, Route::Search, "search.title")));
    jobs.push(Box::new(move || grading::grading(ctx)));
    jobs.push(Box::new(move || corrections::corrections(ctx)));
    jobs.push(Box::new(move || {
        simple(ctx, Route::NotFound, "not_found.title")
    }));
    jobs
}

#[derive(Serialize)]
struct ActorCount<'a> {
    actor: ActorLink<'a>,
    events: usize,
    briefings: usize,
}

fn actor_count<'a>(ctx: &Ctx<'a>, id: &'a String) -> ActorCount<'a> {
    ActorCount {
        actor: actor_link(ctx.site, &ctx.shared.urls, id),
        events: ctx.site.index.actor_events.get(id).map_or(0, Vec::len),
        briefings: ctx.site.index.actor_briefings.get(id).map_or(0, Vec::len),
    }
}

/// A page whose view is its title alone: the theme string `title`.
fn simple(ctx: &Ctx, route: Route, title: &str) -> Job {
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
    }
    let title = ctx.site.strings.get(title);
    job(ctx, route, &View { title })
}
