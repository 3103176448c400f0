//! The actor index, grouped by kind (actors named in briefings without a
//! file of their own in a group of their own, "Unprofiled"), on as many
//! pages as the page budget needs (`/actors/`, `/actors/page/<n>/`): the
//! rows in group order, cut by [`super::budget::runs`]; every page links
//! each group where it starts and each page by the names it covers.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{actor_count, budget, job, ActorCount, Ctx};
use crate::content::model::ActorKind;
use crate::render::Job;
use crate::route::Route;

/// A group of the index: a kind of profiled actor, or the unprofiled.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Kind(ActorKind),
    Unprofiled,
}

impl Group {
    fn id(self) -> &'static str {
        match self {
            Group::Kind(k) => k.name(),
            Group::Unprofiled => "unprofiled",
        }
    }

    /// Its heading, in the site's language (`actor_list.groups.*`).
    fn label<'a>(self, ctx: &Ctx<'a>) -> &'a str {
        ctx.site
            .strings
            .get(&format!("actor_list.groups.{}", self.id()))
    }
}

/// Every actor in index order (group, then name), and the runs of them
/// that make the pages.
fn split<'a>(ctx: &Ctx<'a>) -> (Vec<(Group, ActorCount<'a>)>, Vec<std::ops::Range<usize>>) {
    let mut groups: BTreeMap<Group, Vec<ActorCount>> = BTreeMap::new();
    for (id, a) in &ctx.site.library.actors {
        let group = if a.profile.is_none() {
            Group::Unprofiled
        } else {
            Group::Kind(a.kind)
        };
        groups.entry(group).or_default().push(actor_count(ctx, id));
    }
    let mut rows = Vec::new();
    for (group, mut actors) in groups {
        actors.sort_by(|a, b| {
            a.actor
                .name
                .to_lowercase()
                .cmp(&b.actor.name.to_lowercase())
                .then(a.actor.id.cmp(b.actor.id))
        });
        rows.extend(actors.into_iter().map(|a| (group, a)));
    }
    let sizes: Vec<usize> = rows
        .iter()
        .map(|(_, a)| budget::row_size([a.actor.name, a.actor.url.as_str(), "0000", "0000"]))
        .collect();
    let runs = budget::runs(&sizes, budget::list_budget(ctx));
    (rows, runs)
}

/// How many pages `/actors/` takes.
pub(super) fn page_count(ctx: &Ctx) -> usize {
    split(ctx).1.len()
}

/// Page `n` (1 is `/actors/`) of the actor index.
pub(super) fn actor_list(ctx: &Ctx, n: usize) -> Job {
    #[derive(Serialize)]
    struct GroupView<'a> {
        kind: &'static str,
        label: &'a str,
        /// True when the group's first actors are on an earlier page.
        continued: bool,
        actors: Vec<ActorCount<'a>>,
    }
    /// A group in the kinds navigation: where it starts, and its size.
    #[derive(Serialize)]
    struct GroupLink<'a> {
        kind: &'static str,
        label: &'a str,
        url: String,
        count: usize,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        count: usize,
        page: usize,
        /// Every page of the index, when there is more than one.
        pages: Vec<budget::IndexPage<'a>>,
        kinds: Vec<GroupLink<'a>>,
        groups: Vec<GroupView<'a>>,
    }
    let urls = &ctx.shared.urls;
    let (rows, runs) = split(ctx);
    let page_of = |i: usize| runs.iter().position(|r| r.contains(&i)).unwrap_or(0) + 1;
    let n = n.clamp(1, runs.len());
    let mut kinds: Vec<GroupLink> = Vec::new();
    for (i, (group, _)) in rows.iter().enumerate() {
        match kinds.last_mut() {
            Some(last) if last.kind == group.id() => last.count += 1,
            _ => {
                let page = page_of(i);
                let here = if page == n {
                    String::new()
                } else {
                    urls.to(Route::ActorListPage(page))
                };
                kinds.push(GroupLink {
                    kind: group.id(),
                    label: group.label(ctx),
                    url: format!("{here}#kind-{}", group.id()),
                    count: 1,
                });
            }
        }
    }
    let pages = budget::index_pages(
        &runs,
        n,
        |i| rows.get(i).map_or("", |(_, a)| a.actor.name),
        |page| urls.to(Route::ActorListPage(page)),
    );
    let run = runs.get(n - 1).cloned().unwrap_or(0..0);
    let start = run.start;
    let count = rows.len();
    let ids: Vec<&str> = rows.iter().map(|(g, _)| g.id()).collect();
    let mut groups: Vec<GroupView> = Vec::new();
    for (i, (group, actor)) in rows.into_iter().enumerate().skip(start).take(run.len()) {
        if groups.last().is_none_or(|g| g.kind != group.id()) {
            groups.push(GroupView {
                kind: group.id(),
                label: group.label(ctx),
                continued: i == start && i > 0 && ids[i - 1] == group.id(),
                actors: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.actors.push(actor);
        }
    }
    job(
        ctx,
        Route::ActorListPage(n),
        &View {
            title: ctx.site.strings.get("actor_list.title"),
            count,
            page: n,
            pages,
            kinds,
            groups,
        },
    )
}
