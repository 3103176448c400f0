//! Rendering: every HTML page of the site, through the theme's Tera
//! templates, written in parallel into the staging folder.
//!
//! Steps: compile the templates once; build the shared views (briefing
//! links, every event); list the pages (home, briefing list pages, each
//! briefing, plain pages, the timeline and its years, actors, tags, sources,
//! search, 404); render each with its typed context.

pub mod jsonld;
pub mod lines;
pub mod map;
pub mod pages;
pub mod rigour;
pub mod svg;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::Site;

/// What every template gets besides its own view.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    /// `base_url` without its path: `https://example.org`. Absolute URLs are
    /// `site.origin ~ current_url`.
    pub origin: &'a str,
    /// The path part of `base_url`: `/` or `/desk/`; every internal link starts with it.
    pub base_path: &'a str,
    pub language: &'a str,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub dir: &'a str,
    /// The path of `base_url` without the language (`/`, `/desk/`): the
    /// default language's pages are under it.
    pub root_path: &'a str,
    /// Briefings of other languages missing in this one, for lists to link
    /// to (empty on a one-language site).
    pub elsewhere: Vec<crate::lang::Elsewhere>,
    pub now: views::DateView,
    pub extra: &'a serde_json::Value,
    /// Counts for the footer and home page.
    pub briefing_count: usize,
    pub event_count: usize,
    pub actor_count: usize,
    /// True in `dossier serve`, where the live-reload script is added.
    pub live_reload: bool,
}

/// The view of the site that every template gets as `site`.
pub fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        origin: site
            .config
            .base_url
            .strip_suffix(site.base_path.as_str())
            .unwrap_or(&site.config.base_url),
        base_path: &site.base_path,
        language: &site.config.language,
        dir: site.lang.dir,
        root_path: &site.lang.root_path,
        elsewhere: crate::lang::elsewhere(&site.lang.all, &site.lang.code, &site.lang.root_path),
        now: views::DateView::new(&site.now, site.dates),
        extra: &site.config.extra,
        briefing_count: site.library.briefings.len(),
        event_count: site.index.timeline.len(),
        actor_count: site.library.actors.len(),
        live_reload: site.live_reload,
    }
}

/// What every template gets besides its page's view: `site` and the
/// interface strings `t`, made once per build and shared by every context
/// (a template value clones by reference count).
pub struct Globals {
    pub site: tera::Value,
    pub t: tera::Value,
    /// True when `event_line.html` is the default theme's, whose actor
    /// list [`lines::ActorLines::locate`] knows how to find.
    default_line: bool,
}

impl Globals {
    pub fn new(site: &Site) -> Result<Globals, tera::Error> {
        Ok(Globals {
            site: tera::Value::try_from_serializable(&site_view(site))?,
            t: site.strings.to_value(),
            default_line: site
                .machinery
                .theme
                .templates
                .get("event_line.html")
                .zip(theme::default_files().get("templates/event_line.html"))
                .is_some_and(|(file, default)| file.bytes == *default),
        })
    }

    fn insert_into(&self, context: &mut tera::Context) {
        context.insert_value("site", self.site.clone());
        context.insert_value("t", self.t.clone());
    }
}

/// What a worker rendering events keeps between them: a context holding
/// only the [`Globals`], and the buffer events are rendered into.
pub struct EventRenderer {
    context: tera::Context,
    buf: Vec<u8>,
    default_line: bool,
}

impl EventRenderer {
    pub fn new(globals: &Globals) -> EventRenderer {
        let mut context = tera::Context::new();
        globals.insert_into(&mut context);
        EventRenderer {
            context,
            buf: Vec::with_capacity(1 << 12),
            default_line: globals.default_line,
        }
    }
}

/// An event's fragments, rendered once and reused by lists: `event.html`
/// (the timeline's line with its detail), `event_line.html` (the line of
/// place pages), and how that line is printed on each of its actors' pages,
/// without naming the page's actor again ([`lines::ActorLines`]).
pub type EventFragments = (String, String, lines::ActorLines);

/// One event through the theme's `event.html` and `event_line.html` (see
/// [`EventFragments`]). `e` is added to the worker's context for the render
/// and replaced by the next. Each fragment is copied out of the worker's
/// buffer at its size: Tera's own `render` reserves twice the template's
/// length, which for 90,000 kept fragments is hundreds of megabytes.
pub fn render_event_in(
    tera: &tera::Tera,
    worker: &mut EventRenderer,
    e: &views::EventView,
) -> Result<EventFragments, (&'static str, tera::Error)> {
    let value = tera::Value::try_from_serializable(e).map_err(|err| ("event.html", err))?;
    let EventRenderer {
        context,
        buf,
        default_line,
    } = worker;
    context.insert_value("e", value);
    context.insert("omit", &-1);
    let mut render = |template: &'static str, context: &tera::Context| {
        buf.clear();
        tera.render_to(template, context, &mut *buf)
            .map_err(|err| (template, err))?;
        Ok(String::from_utf8_lossy(buf).into_owned())
    };
    let full = render("event.html", context)?;
    let line = render("event_line.html", context)?;
    let located = if *default_line {
        lines::ActorLines::locate(&line, e.actors.iter().map(|a| (a.url.as_str(), a.name)))
    } else {
        None
    };
    let without = match located {
        Some(parts) => parts,
        None => {
            let mut without = Vec::with_capacity(e.actors.len());
            for i in 0..e.actors.len() {
                context.insert("omit", &i);
                without.push(render("event_line.html", context)?);
            }
            lines::ActorLines::Rendered(without)
        }
    };
    Ok((full, line, without))
}

/// A template's context: the page's view, plus `site`, `t` and
/// `current_url`. The globals are the shared values, not serialised again.
pub fn context<T: Serialize>(
    view: &T,
    globals: &Globals,
    current_url: Option<String>,
) -> tera::Context {
    let mut context = tera::Context::from_serialize(view).unwrap_or_default();
    globals.insert_into(&mut context);
    if let Some(url) = current_url {
        context.insert_value("current_url", tera::Value::from(url));
    }
    context
}

/// Gives a page's context `versions`: the page in every language that
/// has it (see [`crate::lang::versions`]).
pub(crate) fn add_versions(site: &Site, job: &mut Job) {
    let versions = crate::lang::versions(
        &site.lang.all,
        &job.path,
        &site.lang.code,
        &site.lang.root_path,
    );
    job.context.insert("versions", &versions);
}

/// A page to render: template, output path (relative, `/`-separated), context.
pub struct Job {
    pub template: &'static str,
    pub path: String,
    pub context: tera::Context,
}

/// Renders and writes every page; template errors become diagnostics.
pub fn render_site(site: &Site, staging: &Staging, diags: &mut Diagnostics) {
    let (theme, tera) = (&site.machinery.theme, &site.machinery.tera);
    let timed = std::env::var_os("DOSSIER_TIMINGS").is_some();
    let mut last = std::time::Instant::now();
    let mut lap = |name: &str| {
        if timed {
            eprintln!(
                "    ({name}: {:.1} ms)",
                last.elapsed().as_secs_f64() * 1000.0
            );
        }
        last = std::time::Instant::now();
    };
    let shared = views::Shared::new(site);
    lap("shared views");
    let mut events = shared.events(site);
    let reports = shared.reports(site);
    lap("event views");
    let globals = match Globals::new(site) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Diagnostic::error(
                "templates",
                Default::default(),
                e.to_string(),
            ));
            return;
        }
    };
    // Each event is rendered once by `event.html` and `event_line.html`;
    // lists reuse the fragments.
    let fragments: Vec<_> = events
        .par_iter()
        .map_init(
            || EventRenderer::new(&globals),
            |worker, e| render_event_in(tera, worker, e),
        )
        .collect();
    for (e, html) in events.iter_mut().zip(fragments) {
        match html {
            Ok((full, line, without)) => {
                e.html = full;
                e.line = line;
                e.actor_lines = without;
            }
            Err((template, err)) => {
                diags.push(theme::template_error(theme, template, &err));
                return;
            }
        }
    }
    lap("event fragments");
    let ctx = pages::Ctx {
        site,
        shared: &shared,
        events: &events,
        reports: &reports,
        globals: &globals,
        memo: Default::default(),
    };
    let jobs = pages::jobs(&ctx);
    lap("page list");
    site.machinery.progress.set_total(jobs.len());
    let timings = timed.then(|| {
        std::sync::Mutex::new(std::collections::BTreeMap::<&str, (usize, f64, f64)>::new())
    });
    // Each worker renders into one reused buffer and writes it out: no
    // growing a fresh buffer per page, no copy into a `String`.
    let errors: Vec<Diagnostic> = jobs
        .into_par_iter()
        .map_init(
            || Vec::with_capacity(1 << 16),
            |buf: &mut Vec<u8>, job| {
                let start = std::time::Instant::now();
                let mut job = job();
                add_versions(site, &mut job);
                let context_ms = start.elapsed().as_secs_f64() * 1000.0;
                site.machinery.progress.inc();
                buf.clear();
                let rendered = tera.render_to(job.template, &job.context, &mut *buf);
                if let Some(t) = &timings {
                    if let Ok(mut t) = t.lock() {
                        let e = t.entry(job.template).or_default();
                        e.0 += 1;
                        e.1 += start.elapsed().as_secs_f64() * 1000.0;
                        e.2 += context_ms;
                    }
                }
                if let Err(e) = rendered {
                    return Some(theme::template_error(theme, job.template, &e));
                }
                let written = if site.live_reload {
                    let html = String::from_utf8_lossy(buf);
                    let html = crate::serve_script::inject(&html, &site.base_path);
                    staging.write(&job.path, html.as_bytes())
                } else {
                    staging.write(&job.path, buf)
                };
                written
                    .err()
                    .map(|e| Diagnostic::error(&job.path, Default::default(), e.to_string()))
            },
        )
        .flatten()
        .collect();
    lap("pages");
    if let Some(t) = timings.and_then(|t| t.into_inner().ok()) {
        for (name, (n, ms, context_ms)) in t {
            eprintln!("    {name:<20} {n:>6} pages {ms:>9.1} ms (all threads; building contexts {context_ms:.1} ms)");
        }
    }
    // One broken template fails many pages: report each problem once.
    let mut seen = std::collections::BTreeSet::new();
    for d in errors {
        if seen.insert((d.path.clone(), d.line, d.message.clone())) {
            diags.push(d);
        }
    }
}
