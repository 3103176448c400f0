//! The actor index, grouped by kind.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{actor_count, job, ActorCount, Ctx};
use crate::content::model::ActorKind;
use crate::render::Job;
use crate::route::Route;

pub(super) fn actor_list(ctx: &Ctx) -> Job {
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
