//! The timeline, its year pages, and the further pages of a year too long
//! for one (see [`super::budget`]); the
//! actor and tag filters they share (applied by the theme's `timeline.js`
//! across all years, from `/timeline/events.json`; its choices come from
//! `/timeline/choices.json`).

use std::ops::Range;

use serde::Serialize;

use super::{budget, group, job, year_links, Ctx, Fragment, YearGroup, YearLink};
use crate::render::Job;
use crate::route::Route;

/// The pages of a year (its events at `positions`, in timeline order): one,
/// or as many runs of events as fit `limit` bytes each.
pub(super) fn year_runs(
    ctx: &Ctx,
    positions: &[usize],
    limit: usize,
    fragment: Fragment,
) -> Vec<Range<usize>> {
    let sizes: Vec<usize> = positions
        .iter()
        .map(|&p| fragment.len(&ctx.events[p]))
        .collect();
    budget::runs(&sizes, limit)
}

/// What a timeline page's events may take: the list budget (the filter's
/// choices are loaded from `/timeline/choices.json`, not printed).
pub(super) fn list_budget(ctx: &Ctx) -> usize {
    budget::list_budget(ctx)
}

/// A page of a year split by the budget: its link and the dates it covers.
#[derive(Serialize)]
struct YearPage {
    url: String,
    /// `January – March 2025`, or `2025` for events known only to the year.
    label: String,
    current: bool,
}

/// A month of the year shown, linked where its first event is (on this page
/// or another page of the year).
#[derive(Serialize)]
struct MonthLink {
    label: String,
    url: String,
    count: usize,
}

/// Every year with its count and link, and the largest count: the
/// overview each timeline page prints, counted once per render.
pub(super) struct Overview {
    years: Vec<YearLink>,
    busiest: usize,
}

fn overview<'m>(ctx: &'m Ctx) -> &'m Overview {
    ctx.memo.timeline.get_or_init(|| {
        let all: Vec<usize> = (0..ctx.events.len()).collect();
        let years = year_links(ctx, &all, |y| ctx.shared.urls.to(Route::TimelineYear(y)));
        let busiest = years.iter().map(|y| y.count).max().unwrap_or(0);
        Overview { years, busiest }
    })
}

pub(super) fn month_label(ctx: &Ctx, year: i32, month: Option<u8>) -> String {
    crate::content::date::PartialDate {
        year,
        month,
        day: None,
        time: None,
    }
    .display_in(ctx.site.dates)
}

/// `/timeline/` (page `0`: the latest page of the latest year when it is
/// split), or page `n` of a year.
pub(super) fn timeline(ctx: &Ctx, year: Option<i32>, n: usize) -> Job {
    #[derive(Serialize)]
    struct View {
        title: String,
        year: Option<i32>,
        /// The year whose events the page shows: `year`, or on a split
        /// `/timeline/` its latest year.
        shown_year: Option<i32>,
        /// What the page covers, for the filter's status line: `2025`, or
        /// empty on `/timeline/`.
        scope: String,
        /// True when `/timeline/` shows only the latest year.
        split: bool,
        total: usize,
        shown: usize,
        years: Vec<YearGroup>,
        all_years: Vec<YearLink>,
        /// The pages of the year shown, when it needs more than one.
        year_pages: Vec<YearPage>,
        /// Every event of the year shown.
        year_total: usize,
        /// The months of the year shown, linked to where they are.
        months: Vec<MonthLink>,
        /// The largest year count, for the overview's bars.
        busiest: usize,
        density: String,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let all: Vec<usize> = match year {
        Some(_) => Vec::new(),
        None => (0..ctx.events.len()).collect(),
    };
    let Overview {
        years: all_years,
        busiest: all_years_busiest,
    } = overview(ctx);
    let split = year.is_none()
        && (ctx.events.len() > site.config.split_by_year_over
            || budget::over(ctx, &all, list_budget(ctx), Fragment::Full));
    let shown_year = year.or_else(|| {
        split
            .then(|| site.index.years.keys().next_back().copied())
            .flatten()
    });
    let year_positions: &[usize] = match shown_year {
        Some(y) => site.index.years.get(&y).map_or(&[][..], Vec::as_slice),
        None => &all,
    };
    let runs = match shown_year {
        Some(_) => year_runs(ctx, year_positions, list_budget(ctx), Fragment::Full),
        None => std::iter::once(0..all.len()).collect(),
    };
    // `/timeline/` split shows the latest page of the latest year.
    let page = if year.is_none() { runs.len() } else { n.max(1) };
    let run = runs.get(page - 1).cloned().unwrap_or(0..0);
    let positions = &year_positions[run];
    let (year_pages, months) = match shown_year {
        Some(y) => {
            let page_of = |i: usize| runs.iter().position(|r| r.contains(&i)).unwrap_or(0) + 1;
            let url = |page: usize| urls.to(Route::TimelineYearPage(y, page));
            let pages: Vec<YearPage> = if runs.len() > 1 {
                runs.iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let date = |j: usize| ctx.events[year_positions[j]].date.month;
                        let (first, last) = (date(r.start), date(r.end.saturating_sub(1)));
                        YearPage {
                            url: url(i + 1),
                            label: if first == last {
                                month_label(ctx, y, first)
                            } else {
                                format!(
                                    "{} – {}",
                                    month_label(ctx, y, first),
                                    month_label(ctx, y, last)
                                )
                            },
                            current: i + 1 == page,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let mut months: Vec<MonthLink> = Vec::new();
            let mut last_month = None;
            for (i, &p) in year_positions.iter().enumerate() {
                let Some(m) = ctx.events[p].date.month else {
                    continue;
                };
                match months.last_mut() {
                    Some(last) if last_month == Some(m) => last.count += 1,
                    _ => {
                        last_month = Some(m);
                        let label = month_label(ctx, y, Some(m));
                        let target = page_of(i);
                        let here = target == page && (year.is_some() || runs.len() == 1);
                        months.push(MonthLink {
                            url: format!(
                                "{}#y{y}-m{m:02}",
                                if here { String::new() } else { url(target) }
                            ),
                            label,
                            count: 1,
                        });
                    }
                }
            }
            (pages, months)
        }
        None => (Vec::new(), Vec::new()),
    };
    let view = View {
        title: match year {
            Some(y) => site.strings.fill("timeline.title_year", &y.to_string()),
            None => site.strings.get("timeline.title").to_string(),
        },
        year,
        shown_year,
        scope: year.map(|y| y.to_string()).unwrap_or_default(),
        split,
        total: ctx.events.len(),
        shown: positions.len(),
        years: group(ctx, positions, site.config.timeline_order, Fragment::Full),
        density: crate::render::svg::density(ctx.events, positions, urls, &ctx.chart_words()),
        all_years: all_years.clone(),
        year_pages,
        year_total: year_positions.len(),
        months,
        busiest: *all_years_busiest,
    };
    let route = match year {
        Some(y) => Route::TimelineYearPage(y, page),
        None => Route::Timeline,
    };
    job(ctx, route, &view)
}
