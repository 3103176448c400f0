//! A briefing's page: its body, events, sources, related briefings and
//! neighbours, with its JSON-LD.

use serde::Serialize;

use super::{job, Ctx};
use crate::content::grading::newest_corrections;
use crate::markdown::figure::Lead;
use crate::render::rigour::{ConfidenceView, GradePart};
use crate::render::views::SocialView;
use crate::render::views::{
    tag_links, ActorLink, BriefingLink, DateView, EventView, SourceView, TagLink,
};
use crate::render::Job;
use crate::route::{self, Route};

pub(super) fn briefing(ctx: &Ctx, i: usize) -> Job {
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
        lead: Option<&'a Lead>,
        confidence: Option<ConfidenceView>,
        /// Newest first; the notice at the top shows the first.
        corrections: Vec<CorrectionView<'a>>,
    }
    #[derive(Serialize)]
    struct CorrectionView<'a> {
        /// 1 for the first written: the `#correction-<n>` anchor.
        number: usize,
        date: DateView,
        html: &'a str,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        briefing: BriefingView<'a>,
        social: SocialView<'a>,
    }
    let site = ctx.site;
    let urls = &ctx.shared.urls;
    let b = &site.library.briefings[i];
    let html = &site.bodies[i];
    let link = &ctx.shared.briefing_links[i];
    // This briefing's events in date order (ties in the order written);
    // an event another briefing also reports keeps this briefing's view.
    let mut order: Vec<usize> = (0..b.events.len()).collect();
    order.sort_by(|&x, &y| b.events[x].date.cmp(&b.events[y].date));
    let events: Vec<&EventView> = order
        .iter()
        .filter_map(|&j| ctx.event_view(site.index.event_positions[i][j]))
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
            date: s.date.as_ref().map(|d| DateView::new(d, site.dates)),
            accessed: s.accessed.as_ref().map(|d| DateView::new(d, site.dates)),
            anchor: route::source_anchor(&s.id),
            reliability: s
                .reliability
                .map(|r| GradePart::reliability(r, &ctx.site.strings)),
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
            date: DateView::new(&b.date, site.dates),
            updated: b.updated.as_ref().map(|d| DateView::new(d, site.dates)),
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
            json_ld: crate::render::jsonld::briefing(site, i),
            confidence: ConfidenceView::of(b.confidence, &ctx.site.strings),
            corrections: newest_corrections(std::slice::from_ref(b))
                .into_iter()
                .map(|(_, j)| CorrectionView {
                    number: j + 1,
                    date: DateView::new(&b.corrections[j].date, site.dates),
                    html: html.corrections.get(j).map_or("", String::as_str),
                })
                .collect(),
            lead: html.lead.as_ref(),
        },
        social: SocialView {
            description: &html.summary,
            image: html.lead.as_ref().map(|l| &l.social),
            published: DateView::new(&b.date, site.dates).rfc3339,
            modified: b
                .updated
                .as_ref()
                .map(|u| DateView::new(u, site.dates).rfc3339),
        },
    };
    job(ctx, Route::Briefing(&b.slug), &view)
}
