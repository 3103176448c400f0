//! The list of HTML pages and the context each template receives.
//! Contexts are built inside the parallel render, one closure per page.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{
    actor_link, tag_links, ActorLink, BriefingLink, DateView, EventItem, EventView, Shared,
    SourceView, TagLink,
};
use super::Job;
use crate::config::TimelineOrder;
use crate::content::model::ActorKind;
use crate::route::{self, Route};
use crate::Site;

pub struct Ctx<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared<'a>,
    pub events: &'a [EventView<'a>],
    pub site_value: &'a tera::Value,
}

pub type JobFn<'a> = Box<dyn FnOnce() -> Job + Send + 'a>;

/// The job of drawing `route` with `view`: its template, file and URL all
/// come from the route.
fn job<T: Serialize>(ctx: &Ctx, route: Route, view: &T) -> Job {
    let context = super::context(view, ctx.site_value, Some(ctx.shared.urls.to(route)));
    Job {
        template: route.template().unwrap_or_default(),
        path: route.output(),
        context,
    }
}

/// A month of events (or the events of a year known only to the year):
/// their `event.html` fragments joined in order, so that
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

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

/// A month (or none, for events known only to the year) and its events'
/// positions in the timeline.
type MonthPositions = (Option<u8>, Vec<usize>);

/// Groups events (positions in the timeline, ascending) by year and month.
pub fn group(ctx: &Ctx, positions: &[usize], order: TimelineOrder) -> Vec<YearGroup> {
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
        if months.last().is_none_or(|m| m.0 != date.month) {
            months.push((date.month, Vec::new()));
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
                .map(|(month, list)| {
                    let (label, anchor) = match month {
                        Some(m) => (
                            crate::content::date::PartialDate {
                                year,
                                month: Some(m),
                                day: None,
                                time: None,
                            }
                            .display(),
                            format!("y{year}-m{m:02}"),
                        ),
                        None => (year.to_string(), format!("y{year}")),
                    };
                    let mut html =
                        String::with_capacity(list.iter().map(|&p| ctx.events[p].html.len()).sum());
                    for &p in &list {
                        html.push_str(&ctx.events[p].html);
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
    jobs.push(Box::new(move || home(ctx)));
    let per = site.config.per_page.max(1);
    let total_pages = site.library.briefings.len().div_ceil(per).max(1);
    for n in 1..=total_pages {
        jobs.push(Box::new(move || briefing_list(ctx, n, total_pages)));
    }
    for i in 0..site.library.briefings.len() {
        jobs.push(Box::new(move || briefing(ctx, i)));
    }
    for i in 0..site.library.pages.len() {
        jobs.push(Box::new(move || page(ctx, i)));
    }
    jobs.push(Box::new(move || timeline(ctx, None)));
    for &year in site.index.years.keys() {
        jobs.push(Box::new(move || timeline(ctx, Some(year))));
    }
    jobs.push(Box::new(move || actor_list(ctx)));
    for id in site.library.actors.keys() {
        jobs.push(Box::new(move || actor(ctx, id, None)));
        let positions = site
            .index
            .actor_events
            .get(id)
            .map_or(&[][..], Vec::as_slice);
        if positions.len() > site.config.split_by_year_over {
            for y in year_links(ctx, positions, |_| String::new()) {
                jobs.push(Box::new(move || actor(ctx, id, Some(y.year))));
            }
        }
    }
    jobs.push(Box::new(move || tag_list(ctx)));
    for slug in site.index.tags.keys() {
        jobs.push(Box::new(move || tag(ctx, slug)));
    }
    jobs.push(Box::new(move || sources(ctx)));
    jobs.push(Box::new(move || simple(ctx, Route::Search, "Search")));
    jobs.push(Box::new(move || {
        simple(ctx, Route::NotFound, "Page not found")
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

fn home(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        latest_briefings: Vec<&'a BriefingLink<'a>>,
        latest_events: Vec<EventItem<'a>>,
        upcoming_events: Vec<EventItem<'a>>,
        active_actors: Vec<ActorCount<'a>>,
    }
    let site = ctx.site;
    let split = ctx.events.partition_point(|e| !e.upcoming);
    let mut active: Vec<(&String, usize)> = site
        .index
        .actor_events
        .iter()
        .map(|(a, e)| (a, e.len()))
        .collect();
    active.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let view = View {
        title: &site.config.title,
        latest_briefings: ctx.shared.briefing_links.iter().rev().take(8).collect(),
        latest_events: ctx.events[..split]
            .iter()
            .rev()
            .take(8)
            .map(EventItem::new)
            .collect(),
        upcoming_events: ctx.events[split..]
            .iter()
            .take(8)
            .map(EventItem::new)
            .collect(),
        active_actors: active
            .into_iter()
            .take(10)
            .map(|(a, _)| actor_count(ctx, a))
            .collect(),
    };
    job(ctx, Route::Home, &view)
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    /// True when pages are left out between this link and the one before.
    gap_before: bool,
}

/// How many numbered links either side of the current page.
const PAGE_WINDOW: usize = 2;

/// The numbered links of page `n` of `total`: the first, the last, and a
/// window around `n`. Listing every page on every page would make the
/// list pages quadratic (500 pages of 500 links at 10,000 briefings).
fn page_links(n: usize, total: usize, url: impl Fn(usize) -> String) -> Vec<PageLink> {
    let near = n.saturating_sub(PAGE_WINDOW)..=n + PAGE_WINDOW;
    let mut links: Vec<PageLink> = Vec::new();
    for number in (1..=total).filter(|&p| p == 1 || p == total || near.contains(&p)) {
        let gap_before = links.last().is_some_and(|l| l.number + 1 < number);
        links.push(PageLink {
            number,
            url: url(number),
            gap_before,
        });
    }
    links
}

fn briefing_list(ctx: &Ctx, n: usize, total: usize) -> Job {
    #[derive(Serialize)]
    struct Item<'a> {
        #[serde(flatten)]
        link: &'a BriefingLink<'a>,
        tags: Vec<TagLink<'a>>,
        event_count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        briefings: Vec<Item<'a>>,
        paginator: Paginator,
    }
    let urls = &ctx.shared.urls;
    let per = ctx.site.config.per_page.max(1);
    let all = &ctx.site.library.briefings;
    let briefings = (0..all.len())
        .rev()
        .skip((n - 1) * per)
        .take(per)
        .map(|i| Item {
            link: &ctx.shared.briefing_links[i],
            tags: tag_links(urls, &all[i].tags),
            event_count: all[i].events.len(),
        })
        .collect();
    let view = View {
        title: if n == 1 {
            "Briefings".into()
        } else {
            format!("Briefings, page {n}")
        },
        briefings,
        paginator: Paginator {
            current: n,
            total,
            prev_url: (n > 1).then(|| urls.to(Route::BriefingList(n - 1))),
            next_url: (n < total).then(|| urls.to(Route::BriefingList(n + 1))),
            pages: page_links(n, total, |number| urls.to(Route::BriefingList(number))),
        },
    };
    job(ctx, Route::BriefingList(n), &view)
}

fn briefing(ctx: &Ctx, i: usize) -> Job {
    #[derive(Serialize)]
    struct Heading<'a> {
        level: u8,
        id: &'a str,
        text: &'a str,
    }
    #[derive(Serialize)]
    struct BriefingView<'a> {
        title: &'a str,
        url: String,
        slug: &'a str,
        date: DateView,
        updated: Option<DateView>,
        summary: &'a str,
        authors: &'a [String],
        tags: Vec<TagLink<'a>>,
        actors: Vec<ActorLink<'a>>,
        body: &'a str,
        toc: Vec<Heading<'a>>,
        events: Vec<&'a EventView<'a>>,
        sources: Vec<SourceView<'a>>,
        related: Vec<&'a BriefingLink<'a>>,
        prev: Option<&'a BriefingLink<'a>>,
        next: Option<&'a BriefingLink<'a>>,
        word_count: usize,
        reading_minutes: usize,
        extra: &'a serde_json::Value,
        json_ld: String,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        briefing: BriefingView<'a>,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let b = &site.library.briefings[i];
    let html = &site.bodies[i];
    let link = &ctx.shared.briefing_links[i];
    // This briefing's events, in the order they are written.
    let events: Vec<&EventView> = site.index.event_positions[i]
        .iter()
        .map(|&p| &ctx.events[p])
        .collect();
    let mut sources: Vec<SourceView> = b
        .sources
        .iter()
        .map(|s| SourceView {
            id: &s.id,
            number: html.number(&s.id),
            title: &s.title,
            publisher: s.publisher.as_deref(),
            url: s.url.as_deref(),
            archive_url: s.archive_url.as_deref(),
            date: s.date.as_ref().map(DateView::new),
            accessed: s.accessed.as_ref().map(DateView::new),
            anchor: route::source_anchor(&s.id),
        })
        .collect();
    sources.sort_by_key(|s| s.number);
    let words = html.word_count;
    let view = View {
        title: &b.title,
        briefing: BriefingView {
            title: &b.title,
            url: link.url.clone(),
            slug: &b.slug,
            date: DateView::new(&b.date),
            updated: b.updated.as_ref().map(DateView::new),
            summary: &html.summary,
            authors: &b.authors,
            tags: tag_links(urls, &b.tags),
            actors: site.index.briefing_actors[i]
                .iter()
                .map(|a| ctx.shared.actor_link(site, a))
                .collect(),
            body: &html.body.html,
            toc: html
                .body
                .headings
                .iter()
                .map(|(level, id, text)| Heading {
                    level: *level,
                    id,
                    text,
                })
                .collect(),
            events,
            sources,
            related: site.index.related[i]
                .iter()
                .map(|&r| &ctx.shared.briefing_links[r])
                .collect(),
            prev: i.checked_sub(1).map(|p| &ctx.shared.briefing_links[p]),
            next: ctx.shared.briefing_links.get(i + 1),
            word_count: words,
            reading_minutes: words.div_ceil(220).max(1),
            extra: &b.extra,
            json_ld: crate::formats::jsonld::briefing(site, i),
        },
    };
    job(ctx, Route::Briefing(&b.slug), &view)
}

fn page(ctx: &Ctx, i: usize) -> Job {
    #[derive(Serialize)]
    struct PageView<'a> {
        title: &'a str,
        url: String,
        body: &'a str,
        extra: &'a serde_json::Value,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        page: PageView<'a>,
    }
    let p = &ctx.site.library.pages[i];
    let view = View {
        title: &p.title,
        page: PageView {
            title: &p.title,
            url: ctx.shared.urls.to(Route::Page(&p.slug)),
            body: &ctx.site.page_html[i].html,
            extra: &p.extra,
        },
    };
    job(ctx, Route::Page(&p.slug), &view)
}

#[derive(Serialize)]
struct FilterOption<'a> {
    #[serde(flatten)]
    actor: ActorLink<'a>,
    count: usize,
}

#[derive(Serialize)]
struct TagOption<'a> {
    name: &'a str,
    slug: &'a str,
    count: usize,
}

/// The actor and tag choices of the timeline filter, with their counts.
fn timeline_filters<'a>(ctx: &Ctx<'a>) -> (Vec<FilterOption<'a>>, Vec<TagOption<'a>>) {
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let mut actors: Vec<FilterOption> = site
        .index
        .actor_events
        .iter()
        .map(|(id, ev)| FilterOption {
            actor: actor_link(site, urls, id),
            count: ev.len(),
        })
        .collect();
    actors.sort_by(|a, b| {
        a.actor
            .name
            .to_lowercase()
            .cmp(&b.actor.name.to_lowercase())
            .then(a.actor.id.cmp(b.actor.id))
    });
    let mut tag_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in ctx.events {
        for t in e.tags {
            if let Some((slug, _)) = site.index.tags.get_key_value(t.as_str()) {
                *tag_counts.entry(slug.as_str()).or_default() += 1;
            }
        }
    }
    let tags: Vec<TagOption> = tag_counts
        .into_iter()
        .filter_map(|(slug, count)| {
            site.index.tags.get(slug).map(|t| TagOption {
                name: &t.name,
                slug,
                count,
            })
        })
        .collect();
    (actors, tags)
}

fn timeline(ctx: &Ctx, year: Option<i32>) -> Job {
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        year: Option<i32>,
        /// True when `/timeline/` shows only the latest year.
        split: bool,
        total: usize,
        shown: usize,
        years: Vec<YearGroup>,
        all_years: Vec<YearLink>,
        actors: Vec<FilterOption<'a>>,
        tags: Vec<TagOption<'a>>,
        density: String,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let all: Vec<usize> = (0..ctx.events.len()).collect();
    let all_years = year_links(ctx, &all, |y| urls.to(Route::TimelineYear(y)));
    let split = year.is_none() && ctx.events.len() > site.config.split_by_year_over;
    let shown_year = year.or_else(|| {
        split
            .then(|| site.index.years.keys().next_back().copied())
            .flatten()
    });
    let positions: &[usize] = match shown_year {
        Some(y) => site.index.years.get(&y).map_or(&[][..], Vec::as_slice),
        None => &all,
    };
    // The filters are on `/timeline/` only; year archives leave them empty.
    let (actors, tags) = if year.is_none() {
        timeline_filters(ctx)
    } else {
        (Vec::new(), Vec::new())
    };
    let view = View {
        title: match year {
            Some(y) => format!("Timeline: {y}"),
            None => "Timeline".into(),
        },
        year,
        split,
        total: ctx.events.len(),
        shown: positions.len(),
        years: group(ctx, positions, site.config.timeline_order),
        density: crate::formats::svg::density(ctx.events, positions, urls),
        all_years,
        actors,
        tags,
    };
    let route = year.map_or(Route::Timeline, Route::TimelineYear);
    job(ctx, route, &view)
}

fn actor_list(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Group<'a> {
        kind: &'static str,
        label: &'static str,
        actors: Vec<ActorCount<'a>>,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'static str,
        groups: Vec<Group<'a>>,
    }
    let mut groups: BTreeMap<ActorKind, Vec<ActorCount>> = BTreeMap::new();
    for (id, a) in &ctx.site.library.actors {
        groups.entry(a.kind).or_default().push(actor_count(ctx, id));
    }
    let groups = groups
        .into_iter()
        .map(|(kind, mut actors)| {
            actors.sort_by(|a, b| {
                a.actor
                    .name
                    .to_lowercase()
                    .cmp(&b.actor.name.to_lowercase())
                    .then(a.actor.id.cmp(b.actor.id))
            });
            Group {
                kind: kind.name(),
                label: kind.plural(),
                actors,
            }
        })
        .collect();
    job(
        ctx,
        Route::ActorList,
        &View {
            title: "Actors",
            groups,
        },
    )
}

fn actor(ctx: &Ctx, id: &String, year: Option<i32>) -> Job {
    #[derive(Serialize)]
    struct Profile<'a> {
        id: &'a str,
        name: &'a str,
        kind: &'static str,
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
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        actor: Profile<'a>,
        year: Option<i32>,
        split: bool,
        event_count: usize,
        years: Vec<YearGroup>,
        all_years: Vec<YearLink>,
        briefings: Vec<&'a BriefingLink<'a>>,
        co_actors: Vec<CoActor<'a>>,
        sources: Vec<CitedSource<'a>>,
        sparkline: String,
        network: String,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let a = &site.library.actors[id];
    let positions = site
        .index
        .actor_events
        .get(id)
        .map_or(&[][..], Vec::as_slice);
    let split = positions.len() > site.config.split_by_year_over;
    let all_years = year_links(ctx, positions, |y| {
        if split {
            urls.to(Route::ActorYear(id, y))
        } else {
            format!("{}#y{y}", urls.to(Route::Actor(id)))
        }
    });
    let shown_year = year.or_else(|| split.then(|| all_years.last().map(|y| y.year)).flatten());
    let shown: Vec<usize> = match shown_year {
        Some(y) => positions
            .iter()
            .copied()
            .filter(|&p| ctx.events[p].date.year == y)
            .collect(),
        None => positions.to_vec(),
    };
    let mut sources: Vec<CitedSource> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // The sources cited by the events this page shows.
    for &p in &shown {
        let key = site.index.timeline[p];
        let b = &site.library.briefings[key.briefing];
        for sid in &b.events[key.event].sources {
            if let Some((si, s)) = b.sources.iter().enumerate().find(|(_, s)| &s.id == sid) {
                if seen.insert(ctx.shared.source_key(site, key.briefing, si)) {
                    sources.push(CitedSource {
                        title: &s.title,
                        publisher: s.publisher.as_deref(),
                        url: s.url.as_deref(),
                        href: format!(
                            "{}#{}",
                            ctx.shared.briefing_links[key.briefing].url,
                            route::source_anchor(&s.id)
                        ),
                    });
                }
            }
        }
    }
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
    let (sparkline, network) = ctx.shared.actor_charts(id, || {
        (
            crate::formats::svg::sparkline(ctx.events, positions, &a.name),
            crate::formats::svg::network(site, urls, id),
        )
    });
    let view = View {
        title: match year {
            Some(y) => format!("{}: {y}", a.name),
            None => a.name.clone(),
        },
        actor: Profile {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
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
        event_count: positions.len(),
        years: group(ctx, &shown, site.config.timeline_order),
        // A split page lists the briefings of its year, so that each
        // briefing appears on one page per actor however large the site.
        briefings: site
            .index
            .actor_briefings
            .get(id)
            .map(|l| {
                l.iter()
                    .filter(|&&b| !split || Some(site.library.briefings[b].date.year) == shown_year)
                    .map(|&b| &ctx.shared.briefing_links[b])
                    .collect()
            })
            .unwrap_or_default(),
        sparkline,
        network,
        co_actors: co,
        sources,
        all_years,
    };
    let route = year.map_or(Route::Actor(id), |y| Route::ActorYear(id, y));
    job(ctx, route, &view)
}

fn tag_list(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    struct Item<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'static str,
        tags: Vec<Item<'a>>,
    }
    let urls = &ctx.shared.urls;
    let tags = ctx
        .site
        .index
        .tags
        .iter()
        .map(|(slug, t)| Item {
            name: &t.name,
            slug,
            url: urls.to(Route::Tag(slug)),
            count: t.briefings.len(),
        })
        .collect();
    job(
        ctx,
        Route::TagList,
        &View {
            title: "Tags",
            tags,
        },
    )
}

fn tag(ctx: &Ctx, slug: &String) -> Job {
    #[derive(Serialize)]
    struct TagView<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        timeline_url: String,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: String,
        tag: TagView<'a>,
        briefings: Vec<&'a BriefingLink<'a>>,
    }
    let urls = &ctx.shared.urls;
    let t = &ctx.site.index.tags[slug];
    let view = View {
        title: format!("Tag: {}", t.name),
        tag: TagView {
            name: &t.name,
            slug,
            url: urls.to(Route::Tag(slug)),
            timeline_url: format!("{}?tag={slug}", urls.to(Route::Timeline)),
        },
        briefings: t
            .briefings
            .iter()
            .map(|&b| &ctx.shared.briefing_links[b])
            .collect(),
    };
    job(ctx, Route::Tag(slug), &view)
}

fn sources(ctx: &Ctx) -> Job {
    #[derive(Serialize)]
    // The briefing link's fields written out rather than `#[serde(flatten)]`,
    // which serialises through a slower map path (this page lists every
    // citation of the site).
    struct Citing<'a> {
        title: &'a str,
        url: &'a str,
        date: &'a DateView,
        summary: &'a str,
        source_href: String,
    }
    #[derive(Serialize)]
    struct Item<'a> {
        title: &'a str,
        url: Option<&'a str>,
        briefings: Vec<Citing<'a>>,
    }
    #[derive(Serialize)]
    struct Publisher<'a> {
        name: &'a str,
        anchor: String,
        sources: Vec<Item<'a>>,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'static str,
        count: usize,
        publishers: Vec<Publisher<'a>>,
    }
    let publishers: Vec<Publisher> = ctx
        .site
        .index
        .sources
        .iter()
        .map(|(name, list)| Publisher {
            name,
            anchor: format!("publisher-{}", crate::text::slugify(name)),
            sources: list
                .iter()
                .map(|s| Item {
                    title: &s.title,
                    url: s.url.as_deref(),
                    briefings: s
                        .cited_by
                        .iter()
                        .map(|(b, id)| {
                            let link = &ctx.shared.briefing_links[*b];
                            Citing {
                                title: link.title,
                                url: &link.url,
                                date: &link.date,
                                summary: link.summary,
                                source_href: format!("{}#{}", link.url, route::source_anchor(id)),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let count = publishers.iter().map(|p| p.sources.len()).sum();
    job(
        ctx,
        Route::Sources,
        &View {
            title: "Sources",
            count,
            publishers,
        },
    )
}

fn simple(ctx: &Ctx, route: Route, title: &'static str) -> Job {
    #[derive(Serialize)]
    struct View {
        title: &'static str,
    }
    job(ctx, route, &View { title })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(n: usize, total: usize) -> Vec<(usize, bool)> {
        page_links(n, total, |p| format!("/p/{p}/"))
            .iter()
            .map(|l| (l.number, l.gap_before))
            .collect()
    }

    #[test]
    fn page_links_are_a_window_with_marked_gaps() {
        assert_eq!(shown(1, 1), [(1, false)]);
        assert_eq!(
            shown(1, 4),
            [(1, false), (2, false), (3, false), (4, false)]
        );
        assert_eq!(
            shown(1, 500),
            [(1, false), (2, false), (3, false), (500, true)]
        );
        assert_eq!(
            shown(250, 500),
            [
                (1, false),
                (248, true),
                (249, false),
                (250, false),
                (251, false),
                (252, false),
                (500, true)
            ]
        );
        assert_eq!(
            shown(500, 500),
            [(1, false), (498, true), (499, false), (500, false)]
        );
        // Every page links to its neighbours, so a crawler reaches them all.
        assert_eq!(page_links(7, 9, |p| p.to_string())[4].url, "8");
    }
}
