//! Rebuilding the served copy of the site after an edit, doing as little as
//! the edit requires.
//!
//! Steps of [`SiteBuilder::rebuild`]:
//!
//! 1. when every change is reported ([`SiteBuilder::trust_reports`]) and
//!    only briefing files changed, patch the last good site in place
//!    ([`super::patch`]); otherwise load the site through the [`Cache`],
//!    which re-parses only changed files and re-renders only their Markdown;
//! 2. plan which pages can have changed ([`plan`]): after a patch that kept
//!    the index, from the edited briefings alone ([`Digest::patch`]); after
//!    a load, by comparing a [`Digest`] of the new site with the last one;
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

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::files::{io_diag, Served};
use super::pages::{event_fragments, render, Fragments};
use super::patch::{self, Outcome};
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
    /// Events rendered again through `event.html` (the rest were reused).
    pub fragments_rendered: usize,
    /// Whether every page was rendered (first build, template or config change).
    pub all_pages: bool,
    /// Whether the last good site was patched instead of loaded again.
    pub patched: bool,
    /// Whether that patch built the index again (else it kept it).
    pub reindexed: bool,
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
    /// Whether [`SiteBuilder::invalidate`] hears of every change.
    trust_reports: bool,
    /// Paths reported since the last good build.
    reported: BTreeSet<PathBuf>,
    /// The last good site and its load's diagnostics, kept for patching
    /// (only when reports are trusted).
    site: Option<(Site, Diagnostics)>,
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

/// How the site of a rebuild was obtained.
#[derive(Debug, PartialEq, Eq)]
enum Loaded {
    /// Loaded through the cache.
    Full,
    /// The last site, patched; these briefings changed, the index was kept.
    Patched(Vec<usize>),
    /// The last site, patched, with its index built again.
    Reindexed,
}

/// What [`SiteBuilder::write`] did.
struct Written {
    changed: Vec<String>,
    rendered: usize,
    /// Event fragments rendered (not reused).
    fragments: usize,
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
        // Served like any output: with the marker (staged ones are skipped).
        crate::output::ownership::mark(&site_dir)?;
        Ok(SiteBuilder {
            opts,
            work_dir,
            cache: Cache::new(),
            trust_reports: false,
            reported: BTreeSet::new(),
            site: None,
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
    pub fn invalidate(&mut self, path: &Path) {
        self.cache.invalidate(path);
        self.reported.insert(path.to_path_buf());
    }

    /// Promises that [`SiteBuilder::invalidate`] is told of every change
    /// to the sources (as the watcher does), so that an edit to briefing
    /// files alone can patch the last good site instead of loading it all
    /// again. Without it every build loads the site (through the cache).
    pub fn trust_reports(&mut self) {
        self.trust_reports = true;
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
        let (site, load_diags, work, how) = self.load()?;
        self.steps
            .mark(if how == Loaded::Full { "load" } else { "patch" });
        let patched = match &how {
            Loaded::Patched(changed) => Some(changed.as_slice()),
            _ => None,
        };
        let mut diags = load_diags.clone();
        let mut pages_at = None;
        let mut ready = |changed: &[String]| {
            pages_at = Some(start.elapsed());
            pages_ready(changed);
        };
        let out = self.write(&site, patched, &mut diags, &mut ready);
        diags.sort();
        let w = match out {
            Ok(w) if !diags.has_errors() => w,
            _ => return Err(diags),
        };
        let (briefings, events, actors) = (
            site.library.briefings.len(),
            site.index.timeline.len(),
            site.library.actors.len(),
        );
        self.reported.clear();
        if self.trust_reports {
            self.site = Some((site, load_diags));
        }
        Ok(Rebuild {
            diagnostics: diags,
            changed: w.changed,
            files: self.served.count(),
            pages_rendered: w.rendered,
            fragments_rendered: w.fragments,
            pages_total: w.total,
            all_pages: w.all,
            patched: how != Loaded::Full,
            reindexed: how == Loaded::Reindexed,
            other_deferred: w.deferred,
            work,
            briefings,
            events,
            actors,
            elapsed: start.elapsed(),
            pages_ready: pages_at.unwrap_or_default(),
            steps: std::mem::take(&mut self.steps.done),
        })
    }

    /// The site to build: the last good one patched with the reported
    /// edits when that is enough (with the briefings that changed, unless
    /// the index was built again), else loaded through the cache.
    fn load(&mut self) -> Result<(Site, Diagnostics, Work, Loaded), Diagnostics> {
        if let Some((mut site, diags)) = self.site.take() {
            if let Outcome::Patched {
                changed,
                parsed,
                reindexed,
                diagnostics,
            } = patch::apply(&mut site, &self.reported, &diags)
            {
                let work = Work {
                    parsed,
                    rendered: parsed,
                    compiled: false,
                };
                let how = if reindexed {
                    Loaded::Reindexed
                } else {
                    Loaded::Patched(changed)
                };
                return Ok((site, diagnostics, work, how));
            }
        }
        self.cache.begin();
        let (site, diags) = crate::load_cached(&self.opts, &self.cache)?;
        self.cache.sweep();
        Ok((site, diags, self.cache.work(), Loaded::Full))
    }

    /// Renders, stages and swaps in, in two steps: the pages first (then
    /// `pages_ready` is told which changed, so open tabs can reload), then
    /// everything else (unless more edits are waiting). `patched` lists the
    /// briefings a patch changed when it kept the index.
    fn write(
        &mut self,
        site: &Site,
        patched: Option<&[usize]>,
        diags: &mut Diagnostics,
        pages_ready: &mut dyn FnMut(&[String]),
    ) -> Result<Written, ()> {
        let shared = views::Shared::new(site);
        let mut events = shared.events(site);
        let reports = shared.reports(site);
        let site_view = site_view(site);
        // The strings are part of what every page shows.
        let site_json =
            serde_json::to_string(&(&site_view, site.strings.values())).map_err(|e| {
                diags.push(Diagnostic::error(
                    "templates",
                    Pos::default(),
                    e.to_string(),
                ))
            })?;
        let globals = crate::render::Globals::new(site).map_err(|e| {
            diags.push(Diagnostic::error(
                "templates",
                Pos::default(),
                e.to_string(),
            ))
        })?;
        self.steps.mark("views");
        // Taken: a build that fails half-way leaves the next one to start afresh.
        let last = self.last.take();
        let (mut digest, mut plan, last_paths) = match (patched, last) {
            (Some(changed), Some(mut digest)) => {
                let plan = digest.patch(site, changed);
                let paths = digest.job_paths.clone();
                (digest, plan, Some(paths))
            }
            (_, last) => {
                let job_count = pages::jobs(&pages::Ctx {
                    site,
                    shared: &shared,
                    events: &events,
                    reports: &reports,
                    globals: &globals,
                    memo: Default::default(),
                })
                .len();
                let digest = Digest::new(site, &site_json, job_count, last.as_ref());
                let plan = digest.plan(last.as_ref(), site);
                (digest, plan, last.map(|l| l.job_paths))
            }
        };
        self.steps.mark("plan");
        let global = digest.global();
        let fresh = event_fragments(
            site,
            &mut events,
            &globals,
            global,
            self.fragments.take(),
            diags,
        )?;
        self.steps.mark("events");
        let ctx = pages::Ctx {
            site,
            shared: &shared,
            events: &events,
            reports: &reports,
            globals: &globals,
            memo: Default::default(),
        };
        let guard = self.disk.clone();
        let _disk = guard.lock().unwrap_or_else(|e| e.into_inner());
        // Step 1: the pages.
        let stage = self.work_dir.join("pages");
        let (staging, rendered) = loop {
            let staging = Staging::begin(&stage).map_err(|e| diags.push(io_diag(&stage, e)))?;
            match render(
                &ctx,
                &plan,
                last_paths.as_deref(),
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
        let mut changed = self.served.swap_pages(
            &stage,
            &rendered.changed,
            &rendered.paths,
            last_paths.as_deref().unwrap_or_default(),
            diags,
        )?;
        self.steps.mark("swap pages");
        pages_ready(&changed);
        let fragments = Fragments::keep(site, global, &mut events);
        digest.job_paths = rendered.paths;
        let written = |changed, deferred| Written {
            changed,
            rendered: rendered.count,
            fragments: fresh,
            total: digest.job_paths.len(),
            all: plan == Plan::All,
            deferred,
        };
        if self
            .defer
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
        {
            // More edits are waiting: feeds and data come with their build.
            changed.sort();
            let w = written(changed, true);
            self.last = Some(digest);
            self.fragments = Some(fragments);
            return Ok(w);
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
        let w = written(changed, false);
        self.last = Some(digest);
        self.fragments = Some(fragments);
        Ok(w)
    }
}
