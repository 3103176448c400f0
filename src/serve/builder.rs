//! Rebuilding the served copy of the site after an edit, doing as little as
//! the edit requires.
//!
//! Steps of [`SiteBuilder::rebuild`]:
//!
//! 1. load the site through the [`Cache`], which re-parses only changed
//!    files and re-renders only their Markdown;
//! 2. compare a [`Digest`] of the new site with the last good one to plan
//!    which pages can have changed ([`plan`]);
//! 3. render those pages in memory, exactly as [`crate::render::render_site`]
//!    does, and stage the ones whose bytes differ from what is served
//!    ([`super::pages`]);
//! 4. if nothing failed, move them into the served folder and delete the
//!    pages that are gone ([`super::files`]); open tabs can reload now;
//! 5. stage every other output ([`crate::write_other`]: feeds, data, static
//!    files, assets), with every page staged empty for the sitemap, and
//!    move in the files whose bytes changed — or, when more edits are
//!    already waiting, leave this step to their build.
//!
//! A build whose content or templates fail changes nothing: the last good
//! build stays served.
//! The served folder always equals what `dossier build` with the same
//! options would write (tested in `tests/serve.rs`).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::files::{io_diag, Served};
use super::pages::{event_fragments, render, Fragments};
use super::plan::{Digest, Plan};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::incremental::{Cache, Work};
use crate::output::Staging;
use crate::render::site_view;
use crate::render::{pages, views};
use crate::{BuildOptions, Site};

/// What one good rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    /// Warnings of the build.
    pub diagnostics: Diagnostics,
    /// Output paths (relative, `/`-separated) written or deleted.
    pub changed: Vec<String>,
    /// Files in the served site.
    pub files: usize,
    pub pages_rendered: usize,
    pub pages_total: usize,
    /// Whether every page was rendered (first build, template or config change).
    pub all_pages: bool,
    /// Whether feeds, data and static files were left for the next build
    /// because more edits were waiting.
    pub other_deferred: bool,
    pub work: Work,
    pub briefings: usize,
    pub events: usize,
    pub actors: usize,
    pub elapsed: Duration,
    /// Time until the changed pages were served (feeds and data follow).
    pub pages_ready: Duration,
    /// Time per step (load, plan, render, other outputs, swap), for
    /// `DOSSIER_TIMINGS=1`.
    pub steps: Vec<(&'static str, Duration)>,
}

impl Rebuild {
    /// The one-line summary printed after a rebuild.
    /// The time of each step, like `load 12 ms, plan 0 ms, ...`.
    pub fn step_times(&self) -> String {
        let parts: Vec<String> = self
            .steps
            .iter()
            .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect();
        parts.join(", ")
    }

    pub fn summary(&self) -> String {
        let warnings = self.diagnostics.warning_count();
        format!(
            "rebuilt in {} ms (pages in {} ms): {} file{} changed; {} of {} pages rendered, {} file{} parsed ({} briefings, {} events, {} actors, {} warning{})",
            self.elapsed.as_millis(),
            self.pages_ready.as_millis(),
            self.changed.len(),
            plural(self.changed.len()),
            self.pages_rendered,
            self.pages_total,
            self.work.parsed,
            plural(self.work.parsed),
            self.briefings,
            self.events,
            self.actors,
            warnings,
            plural(warnings),
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Keeps the served copy of a site up to date.
pub struct SiteBuilder {
    opts: BuildOptions,
    work_dir: PathBuf,
    cache: Cache,
    served: Served,
    last: Option<Digest>,
    fragments: Option<Fragments>,
    /// Where to stage if the staging folder given by `stage_in` is full.
    fallback: Option<PathBuf>,
    /// When set after the pages are served, the rest waits for the next build.
    defer: Option<Arc<AtomicBool>>,
    /// Held while files under the build's folders are written or moved.
    disk: Arc<Mutex<()>>,
    /// Set when the server stops: rendering ends early.
    stop: Arc<AtomicBool>,
    steps: Steps,
}

/// Times the steps of one rebuild.
#[derive(Default)]
struct Steps {
    last: Option<Instant>,
    done: Vec<(&'static str, Duration)>,
}

impl Steps {
    fn start(&mut self) {
        self.done.clear();
        self.last = Some(Instant::now());
    }

    fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        if let Some(last) = self.last {
            self.done.push((name, now - last));
        }
        self.last = Some(now);
    }
}

/// What [`SiteBuilder::write`] did.
struct Written {
    changed: Vec<String>,
    rendered: usize,
    total: usize,
    all: bool,
    deferred: bool,
}

impl SiteBuilder {
    /// A builder for the site `opts` describes, serving from `dir/site`
    /// and staging in `dir/work` (both created).
    pub fn new(opts: BuildOptions, dir: &Path) -> io::Result<SiteBuilder> {
        let site_dir = dir.join("site");
        let work_dir = dir.join("work");
        std::fs::create_dir_all(&site_dir)?;
        std::fs::create_dir_all(&work_dir)?;
        Ok(SiteBuilder {
            opts,
            work_dir,
            cache: Cache::new(),
            served: Served::new(site_dir),
            last: None,
            fragments: None,
            fallback: None,
            defer: None,
            disk: Arc::new(Mutex::new(())),
            stop: Arc::new(AtomicBool::new(false)),
            steps: Steps::default(),
        })
    }

    /// Stages in `dir` instead (created): a memory file system makes the
    /// many small files of each rebuild cheap. Should it fill up, the
    /// builder goes back to staging beside the site.
    pub fn stage_in(&mut self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        self.fallback = Some(std::mem::replace(&mut self.work_dir, dir.to_path_buf()));
        Ok(())
    }

    /// Leaves feeds, data and static files to the next build when `flag`
    /// is set once the pages are served (the watcher sets it when more
    /// edits arrive), so a burst of saves does not wait for them each time.
    pub fn defer_other_when(&mut self, flag: Arc<AtomicBool>) {
        self.defer = Some(flag);
    }

    /// The folder the server serves.
    pub fn site_dir(&self) -> &Path {
        self.served.dir()
    }

    /// The lock held while files are written (taken on Ctrl-C before the
    /// folder is removed).
    pub fn disk_lock(&self) -> Arc<Mutex<()>> {
        self.disk.clone()
    }

    /// The flag that makes a running build give up.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Notes that the watcher saw `path` (relative to the site root) change.
    pub fn invalidate(&self, path: &Path) {
        self.cache.invalidate(path);
    }

    /// Brings the served folder up to date with the sources.
    /// Commits a staging folder, or throws it away when the build was
    /// stopped or has errors.
    fn finish_stage(
        &self,
        staging: Staging,
        stage: &Path,
        diags: &mut Diagnostics,
    ) -> Result<(), ()> {
        if self.stop.load(Ordering::Relaxed) || diags.has_errors() {
            staging.abort();
            return Err(());
        }
        staging.commit().map_err(|e| diags.push(io_diag(stage, e)))
    }

    pub fn rebuild(&mut self) -> Result<Rebuild, Diagnostics> {
        self.rebuild_with(&mut |_| {})
    }

    /// [`SiteBuilder::rebuild`], telling `pages_ready` which pages changed
    /// as soon as they are served, before feeds and data are written.
    pub fn rebuild_with(
        &mut self,
        pages_ready: &mut dyn FnMut(&[String]),
    ) -> Result<Rebuild, Diagnostics> {
        match self.rebuild_once(pages_ready) {
            Err(d) if self.fallback.is_some() && d.render().contains("No space left") => {
                if let Some(dir) = self.fallback.take() {
                    self.work_dir = dir;
                }
                self.rebuild_once(pages_ready)
            }
            r => r,
        }
    }

    fn rebuild_once(
        &mut self,
        pages_ready: &mut dyn FnMut(&[String]),
    ) -> Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        self.steps.start();
        self.cache.begin();
        let (site, mut diags) = crate::load_cached(&self.opts, &self.cache)?;
        self.cache.sweep();
        self.steps.mark("load");
        let work = self.cache.work();
        let mut pages_at = None;
        let mut ready = |changed: &[String]| {
            pages_at = Some(start.elapsed());
            pages_ready(changed);
        };
        let out = self.write(&site, &mut diags, &mut ready);
        diags.sort();
        let w = match out {
            Ok(w) if !diags.has_errors() => w,
            _ => return Err(diags),
        };
        Ok(Rebuild {
            diagnostics: diags,
            changed: w.changed,
            files: self.served.count(),
            pages_rendered: w.rendered,
            pages_total: w.total,
            all_pages: w.all,
            other_deferred: w.deferred,
            work,
            briefings: site.library.briefings.len(),
            events: site.index.timeline.len(),
            actors: site.library.actors.len(),
            elapsed: start.elapsed(),
            pages_ready: pages_at.unwrap_or_default(),
            steps: std::mem::take(&mut self.steps.done),
        })
    }

    /// Renders, stages and swaps in, in two steps: the pages first (then
    /// `pages_ready` is told which changed, so open tabs can reload), then
    /// everything else (unless more edits are waiting).
    fn write(
        &mut self,
        site: &Site,
        diags: &mut Diagnostics,
        pages_ready: &mut dyn FnMut(&[String]),
    ) -> Result<Written, ()> {
        let shared = views::Shared::new(site);
        let mut events = shared.events(site);
        let site_view = site_view(site);
        let site_json = tera::to_value(&site_view).map_err(|e| {
            diags.push(Diagnostic::error(
                "templates",
                Pos::default(),
                e.to_string(),
            ))
        })?;
        let job_count = pages::jobs(&pages::Ctx {
            site,
            shared: &shared,
            events: &events,
            site_json: &site_json,
        })
        .len();
        self.steps.mark("views");
        let mut digest = Digest::new(site, &site_json.to_string(), job_count, self.last.as_ref());
        let mut plan = digest.plan(self.last.as_ref(), site);
        self.steps.mark("plan");
        let fragments = event_fragments(
            site,
            &mut events,
            &site_json,
            digest.global(),
            self.fragments.as_ref(),
            diags,
        )?;
        self.steps.mark("events");
        let ctx = pages::Ctx {
            site,
            shared: &shared,
            events: &events,
            site_json: &site_json,
        };
        let guard = self.disk.clone();
        let _disk = guard.lock().unwrap_or_else(|e| e.into_inner());
        // Step 1: the pages.
        let stage = self.work_dir.join("pages");
        let (staging, rendered) = loop {
            let staging = Staging::begin(&stage).map_err(|e| diags.push(io_diag(&stage, e)))?;
            let last_paths = self.last.as_ref().map(|l| l.job_paths.as_slice());
            match render(
                &ctx,
                &plan,
                last_paths,
                &staging,
                &self.served,
                &self.stop,
                diags,
            ) {
                Some(r) => break (staging, r),
                None => {
                    // The jobs were not the ones the plan expected.
                    staging.abort();
                    plan = Plan::All;
                }
            }
        };
        self.finish_stage(staging, &stage, diags)?;
        self.steps.mark("render");
        let last_paths = self
            .last
            .as_ref()
            .map(|l| l.job_paths.clone())
            .unwrap_or_default();
        let mut changed = self.served.swap_pages(
            &stage,
            &rendered.changed,
            &rendered.paths,
            &last_paths,
            diags,
        )?;
        self.steps.mark("swap pages");
        pages_ready(&changed);
        digest.job_paths = rendered.paths;
        if self
            .defer
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
        {
            // More edits are waiting: feeds and data come with their build.
            changed.sort();
            self.last = Some(digest);
            self.fragments = Some(fragments);
            return Ok(Written {
                changed,
                rendered: rendered.count,
                total: job_count,
                all: plan == Plan::All,
                deferred: true,
            });
        }
        // Step 2: everything else, with every page known to the staging
        // folder (staged empty) as the sitemap needs.
        let stage = self.work_dir.join("next");
        let staging = Staging::begin(&stage).map_err(|e| diags.push(io_diag(&stage, e)))?;
        for path in &digest.job_paths {
            if let Err(e) = staging.write(path, b"") {
                diags.push(io_diag(Path::new(path), e));
            }
        }
        crate::write_other(site, &staging, diags);
        self.finish_stage(staging, &stage, diags)?;
        self.steps.mark("other outputs");
        changed.extend(self.served.swap_other(&stage, &digest.job_paths, diags)?);
        changed.sort();
        self.steps.mark("swap other");
        self.last = Some(digest);
        self.fragments = Some(fragments);
        Ok(Written {
            changed,
            rendered: rendered.count,
            total: job_count,
            all: plan == Plan::All,
            deferred: false,
        })
    }
}
