//! An actor's page (and its year pages when split): profile, facts (counted
//! over all years, as `/actors/` counts them), activity per year, timeline,
//! the ranked actors it appears with, briefings and the sources cited.

use serde::Serialize;

use super::{budget, group, job, year_links, Ctx, Fragment, YearGroup, YearLink};
use crate::render::views::{actor_link, ActorLink, BriefingLink};
use crate::render::Job;
use crate::route::{self, Route};

/// How many of the sources its events cite an actor page lists.
const SOURCES_SHOWN: usize = 12;

/// Whether an actor's events (at `positions`) are split into year pages:
/// past `split_by_year_over`, or over the page budget.
pub(super) fn is_split(ctx: &Ctx, id: &str, positions: &[usize]) -> bool {
    positions.len() > ctx.site.config.split_by_year_over
        || budget::over(
            ctx,
            positions,
            budget::actor_list_budget(ctx),
            Fragment::LineWithout(id),
        )
}

/// The events of `positions` in `year`.
pub(super) fn in_year(ctx: &Ctx, positions: &[usize], year: i32) -> Vec<usize> {
    positions
        .iter()
        .copied()
        .filter(|&p| ctx.events[p].date.year == year)
        .collect()
}

/// An actor's page, or page `n` of one of its years (`n` is 1 on the first).
pub(super) fn actor(ctx: &Ctx, id: &String, year: Option<i32>, n: usize) -> Job {
    #[derive(Serialize)]
    struct Profile<'a> {
        id: &'a str,
        name: &'a str,
        kind: &'static str,
        /// What the page calls its kind: `unprofiled` for an actor named in
        /// briefings without a file of its own, else its kind's name.
        kind_label: &'a str,
        aliases: &'a [String],
        country: Option<ActorLink<'a>>,
        wikidata: Option<&'a str>,
        url: Option<&'a str>,
        body: &'a str,
        implicit: bool,
        page_url: String,
        feed_url: String,
        extra: &'a serde_json::Value,
    }
    #[derive(Serialize)]
    struct CoActor<'a> {
        actor: ActorLink<'a>,
        count: usize,
    }
    #[derive(Serialize)]
    struct CitedSource<'a> {
        title: &'a str,
        publisher: Option<&'a str>,
        url: Option<&'a str>,
        href: String,
    }
    /// A page of a year split by the budget.
    #[derive(Serialize)]
    struct PageLink {
        number: usize,
        url: String,
        current: bool,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        actor: Profile<'a>,
        year: Option<i32>,
        split: bool,
        /// The pages of the year shown, when it needs more than one.
        year_pages: Vec<PageLink>,
        event_count: usize,
        years: Vec<YearGroup>,
        all_years: Vec<YearLink>,
        briefings: Vec<&'a BriefingLink<'a>>,
        co_actors: Vec<CoActor<'a>>,
        /// The sources cited by the page's events, the most recently cited
        /// first, at most [`SOURCES_SHOWN`] of them.
        sources: Vec<CitedSource<'a>>,
        /// How many sources the page's events cite.
        source_count: usize,
        /// Every briefing naming the actor, in all years (as `/actors/`
        /// counts them; `briefings` lists those of the page's year).
        briefing_count: usize,
        /// Events per year, all years (SVG).
        activity: String,
        /// Where its events happened (empty when none is located).
        map: String,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let a = &site.library.actors[id];
    let positions = site
        .index
        .actor_events
        .get(id)
        .map_or(&[][..], Vec::as_slice);
    let split = is_split(ctx, id, positions);
    let all_years = year_links(ctx, positions, |y| {
        if split {
            urls.to(Route::ActorYear(id, y))
        } else {
            format!("#y{y}")
        }
    });
    let shown_year = year.or_else(|| split.then(|| all_years.last().map(|y| y.year)).flatten());
    let in_shown_year: Vec<usize> = match shown_year {
        Some(y) => in_year(ctx, positions, y),
        None => positions.to_vec(),
    };
    // A year over the budget is cut into pages like the timeline's; the
    // actor's own page shows the latest page of its latest year.
    let runs = super::timeline::year_runs(
        ctx,
        &in_shown_year,
        budget::actor_list_budget(ctx),
        Fragment::LineWithout(id),
    );
    let page = if year.is_none() { runs.len() } else { n.max(1) };
    let shown: Vec<usize> = in_shown_year[runs.get(page - 1).cloned().unwrap_or(0..0)].to_vec();
    let year_pages: Vec<PageLink> = match shown_year {
        Some(y) if runs.len() > 1 => (1..=runs.len())
            .map(|i| PageLink {
                number: i,
                url: urls.to(Route::ActorYearPage(id, y, i)),
                current: i == page,
            })
            .collect(),
        _ => Vec::new(),
    };
    // The sources cited by the events this page shows, latest first: each
    // event's own are on its briefing, so the side list names a few.
    let key = |b, si| ctx.shared.source_key(site, b, si);
    let latest_first: Vec<usize> = shown.iter().rev().copied().collect();
    let cited =
        crate::index::cited_sources(&site.library, &site.index.timeline, &latest_first, key);
    let source_count = cited.len();
    let sources: Vec<CitedSource> = cited
        .into_iter()
        .take(SOURCES_SHOWN)
        .map(|(b, si)| {
            let s = &site.library.briefings[b].sources[si];
            CitedSource {
                title: &s.title,
                publisher: s.publisher.as_deref(),
                url: s.url.as_deref(),
                href: format!(
                    "{}#{}",
                    ctx.shared.briefing_links[b].url,
                    route::source_anchor(&s.id)
                ),
            }
        })
        .collect();
    let co: Vec<CoActor> = site
        .index
        .co_actors
        .get(id)
        .map(|list| {
            list.iter()
                .map(|(o, n)| CoActor {
                    actor: ctx.shared.actor_link(site, o),
                    count: *n,
                })
                .collect()
        })
        .unwrap_or_default();
    let activity = ctx.shared.actor_chart(id, || {
        crate::render::svg::activity(ctx.events, positions, &a.name, &ctx.chart_words())
    });
    let map = super::map::draw(
        ctx,
        &super::map::located(ctx, &shown),
        None,
        &site.strings.fill("actor.map_label", &a.name),
    );
    // The briefings reporting the page's events, for the briefing list of
    // a year cut into pages.
    let mut shown_briefings: Vec<usize> = shown
        .iter()
        .map(|&p| site.index.timeline[p].briefing)
        .collect();
    shown_briefings.sort_unstable();
    shown_briefings.dedup();
    let view = View {
        map,
        title: match year {
            Some(y) => format!("{}: {y}", a.name),
            None => a.name.clone(),
        },
        actor: Profile {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            kind_label: site.strings.get(&format!(
                "actor.kinds.{}",
                if a.profile.is_none() {
                    "unprofiled"
                } else {
                    a.kind.name()
                }
            )),
            aliases: &a.aliases,
            country: a.country.as_ref().map(|c| actor_link(site, urls, c)),
            wikidata: a.wikidata.as_deref(),
            url: a.url.as_deref(),
            body: a
                .profile
                .and_then(|p| site.profile_html.get(p))
                .map_or("", |h| h.html.as_str()),
            implicit: a.profile.is_none(),
            feed_url: urls.to(Route::ActorFeed(id)),
            page_url: urls.to(Route::Actor(id)),
            extra: &a.extra,
        },
        year,
        split,
        year_pages,
        event_count: positions.len(),
        years: group(
            ctx,
            &shown,
            site.config.timeline_order,
            Fragment::LineWithout(id),
        ),
        // A split page lists the briefings of its year, so that each
        // briefing appears on one page per actor however large the site.
        briefings: site
            .index
            .actor_briefings
            .get(id)
            .map(|l| {
                l.iter()
                    .filter(|&&b| !split || Some(site.library.briefings[b].date.year) == shown_year)
                    .filter(|&&b| runs.len() < 2 || shown_briefings.binary_search(&b).is_ok())
                    .map(|&b| &ctx.shared.briefing_links[b])
                    .collect()
            })
            .unwrap_or_default(),
        briefing_count: site.index.actor_briefings.get(id).map_or(0, Vec::len),
        activity,
        co_actors: co,
        sources,
        source_count,
        all_years,
    };
    let route = year.map_or(Route::Actor(id), |y| Route::ActorYearPage(id, y, page));
    job(ctx, route, &view)
}
