//! Rendering pages in memory exactly as [`crate::render::render_site`]
//! does — the site view, each event once through `event.html` and
//! `event_line.html`, then each
//! page job — but only the jobs the plan names, and staging only the pages
//! whose bytes differ from what is served.
//!
//! Two things are reused between builds: the two fragments of each
//! event of an unchanged briefing (while nothing global changed; moved
//! between builds, not copied), and the
//! path of each job (a job the plan skips keeps the path it had, and a job
//! that is rendered must still have it, else the plan is not trusted).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use super::files::{io_diag, FileStamp, Served};
use super::plan::Plan;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceMap};
use crate::index::EventKey;
use crate::output::Staging;
use crate::render::{pages, theme, views};
use crate::Site;

/// Pages rendered by one build.
pub struct Rendered {
    /// Output path of every page job, in job order.
    pub paths: Vec<String>,
    /// How many jobs were rendered.
    pub count: usize,
    /// Pages whose bytes changed, with their new stamps (they are staged).
    pub changed: BTreeMap<String, FileStamp>,
}

/// The event fragments (`event.html`, `event_line.html`) of the last good
/// build, per briefing, reused
/// for briefings whose file did not change while nothing global changed.
/// They move into the events of the next build and back, never copied.
pub struct Fragments {
    global: u64,
    per_briefing: Vec<(Arc<SourceMap>, Vec<EventFragments>)>,
}

use crate::render::EventFragments;

impl Fragments {
    /// Takes the fragments back from the events of a build (`html` and
    /// `line` are left empty).
    pub fn keep(site: &Site, global: u64, events: &mut [views::EventView]) -> Fragments {
        let mut per_briefing: Vec<(Arc<SourceMap>, Vec<EventFragments>)> = site
            .library
            .briefings
            .iter()
            .map(|b| (b.file.map.clone(), vec![Default::default(); b.events.len()]))
            .collect();
        for (e, key) in events.iter_mut().zip(&site.index.timeline) {
            if let Some(slot) = per_briefing
                .get_mut(key.briefing)
                .and_then(|(_, l)| l.get_mut(key.event))
            {
                *slot = (
                    std::mem::take(&mut e.html),
                    std::mem::take(&mut e.line),
                    std::mem::take(&mut e.actor_lines),
                );
            }
        }
        Fragments {
            global,
            per_briefing,
        }
    }

    /// The fragments of `key` if its briefing's file is the one they were
    /// rendered from.
    fn take(&mut self, site: &Site, key: EventKey) -> Option<EventFragments> {
        let (map, list) = self.per_briefing.get_mut(key.briefing)?;
        let b = site.library.briefings.get(key.briefing)?;
        if !Arc::ptr_eq(map, &b.file.map) {
            return None;
        }
        list.get_mut(key.event).map(std::mem::take)
    }
}

/// Renders each event's fragments (as `render_site` does), reusing
/// the fragments of briefings whose file did not change; returns how many
/// were rendered.
pub fn event_fragments(
    site: &Site,
    events: &mut [views::EventView],
    globals: &crate::render::Globals,
    global: u64,
    last: Option<Fragments>,
    diags: &mut Diagnostics,
) -> Result<usize, ()> {
    let mut reuse = last.filter(|f| f.global == global);
    let mut fresh = vec![true; events.len()];
    if let Some(old) = reuse.as_mut() {
        for ((e, key), fresh) in events.iter_mut().zip(&site.index.timeline).zip(&mut fresh) {
            if let Some((html, line, without)) = old.take(site, *key) {
                e.html = html;
                e.line = line;
                e.actor_lines = without;
                *fresh = false;
            }
        }
    }
    let rendered: Vec<Result<(), (&'static str, tera::Error)>> = events
        .par_iter_mut()
        .zip(fresh.par_iter())
        .filter(|(_, fresh)| **fresh)
        .map_init(
            || crate::render::EventRenderer::new(globals),
            |worker, (e, _)| {
                (e.html, e.line, e.actor_lines) =
                    crate::render::render_event_in(&site.machinery.tera, worker, e)?;
                Ok(())
            },
        )
        .collect();
    if let Some(Err((template, err))) = rendered.iter().find(|r| r.is_err()) {
        diags.push(theme::template_error(&site.machinery.theme, template, err));
        return Err(());
    }
    Ok(rendered.len())
}

/// Renders the planned pages (as `render_site` does) and stages those
/// whose bytes changed. `None` when a job's path is not the one the
/// plan expected.
pub fn render<'a>(
    ctx: &'a pages::Ctx<'a>,
    plan: &Plan,
    last_paths: Option<&[String]>,
    staging: &Staging,
    served: &Served,
    stop: &AtomicBool,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let site = ctx.site;
    let (wanted, expected): (Option<BTreeSet<usize>>, Option<&[String]>) = match plan {
        Plan::All => (None, None),
        Plan::Some(list) => (Some(list.iter().copied().collect()), last_paths),
    };
    // (job index, path, Some(stamp) if rendered and changed, rendered)
    type Out = Result<(usize, String, Option<FileStamp>, bool), Option<Diagnostic>>;
    let stage = |path: &str, bytes: &[u8]| {
        staging
            .write(path, bytes)
            .map_err(|e| Some(io_diag(Path::new(path), e)))
    };
    let results: Vec<Out> = pages::jobs(ctx)
        .into_par_iter()
        .enumerate()
        .map(|(i, job)| -> Out {
            if stop.load(Ordering::Relaxed) {
                return Err(None);
            }
            if let (Some(w), Some(paths)) = (&wanted, expected) {
                if !w.contains(&i) {
                    let path = paths.get(i).ok_or(None)?;
                    return Ok((i, path.clone(), None, false));
                }
            }
            let mut job = job();
            crate::render::add_versions(site, &mut job);
            if let Some(paths) = expected {
                if paths.get(i) != Some(&job.path) {
                    return Err(None);
                }
            }
            let html = site
                .machinery
                .tera
                .render(job.template, &job.context)
                .map_err(|e| {
                    Some(theme::template_error(
                        &site.machinery.theme,
                        job.template,
                        &e,
                    ))
                })?;
            let html = if site.live_reload {
                crate::serve_script::inject(&html, &site.base_path)
            } else {
                html
            };
            let stamp = FileStamp::of(html.as_bytes());
            if served.get(&job.path) == Some(&stamp) {
                return Ok((i, job.path, None, true));
            }
            stage(&job.path, html.as_bytes())?;
            Ok((i, job.path, Some(stamp), true))
        })
        .collect();
    let mut rendered = Rendered {
        paths: Vec::with_capacity(results.len()),
        count: 0,
        changed: BTreeMap::new(),
    };
    let mut seen = BTreeSet::new();
    let mut mismatch = false;
    for r in results {
        match r {
            Ok((_, path, stamp, done)) => {
                if let Some(s) = stamp {
                    rendered.changed.insert(path.clone(), s);
                }
                rendered.count += usize::from(done);
                rendered.paths.push(path);
            }
            // One broken template fails many pages: report each problem once.
            Err(Some(d)) => {
                if seen.insert((d.path.clone(), d.line, d.message.clone())) {
                    diags.push(d);
                }
            }
            Err(None) => mismatch = true,
        }
    }
    if mismatch && !stop.load(Ordering::Relaxed) {
        return None;
    }
    Some(rendered)
}
