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
//!    does, and stage the ones whose bytes differ from what is served;
//! 4. stage every other output ([`crate::write_other`]: feeds, data, static
//!    files, assets);
//! 5. if nothing failed, move the staged files whose bytes changed into the
//!    served folder (one rename each, so a reader never sees half a file)
//!    and delete the files that are no longer part of the site.
//!
//! A build that fails changes nothing: the last good build stays served.
//! The served folder always equals what `dossier build` with the same
//! options would write (tested in `tests/serve.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::plan::{Digest, Plan};
use crate::diagnostic::SourceMap;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::incremental::{hash_of, Cache, Work};
use crate::index::EventKey;
use crate::output::Staging;
use crate::render::{pages, theme, views, SiteView};
use crate::{BuildOptions, Site};

/// The content hash and length of a served file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    hash: u64,
    len: usize,
}

impl FileStamp {
    fn of(bytes: &[u8]) -> FileStamp {
        FileStamp {
            hash: hash_of(bytes),
            len: bytes.len(),
        }
    }
}

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
    site_dir: PathBuf,
    work_dir: PathBuf,
    cache: Cache,
    served: BTreeMap<String, FileStamp>,
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

/// Pages rendered by one build.
struct Rendered {
    /// Output path of every page job, in job order.
    paths: Vec<String>,
    /// How many jobs were rendered.
    count: usize,
    /// Pages whose bytes changed, with their new stamps (staged with
    /// their bytes; unchanged pages are staged empty, for the sitemap).
    changed: BTreeMap<String, FileStamp>,
}

/// The `event.html` fragments of the last good build, per briefing, reused
/// for briefings whose file did not change while nothing global changed.
struct Fragments {
    global: u64,
    per_briefing: Vec<(Arc<SourceMap>, Vec<String>)>,
}

fn io_diag(path: &Path, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(path, Pos::default(), e.to_string())
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
            site_dir,
            work_dir,
            cache: Cache::new(),
            served: BTreeMap::new(),
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
        &self.site_dir
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
            files: self.served.len(),
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
        let fragments =
            self.event_fragments(site, &mut events, &site_json, digest.global(), diags)?;
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
            match self.render(&ctx, &plan, last_paths, &staging, diags) {
                Some(r) => break (staging, r),
                None => {
                    // The jobs were not the ones the plan expected.
                    staging.abort();
                    plan = Plan::All;
                }
            }
        };
        if self.stop.load(Ordering::Relaxed) || diags.has_errors() {
            staging.abort();
            return Err(());
        }
        staging
            .commit()
            .map_err(|e| diags.push(io_diag(&stage, e)))?;
        self.steps.mark("render");
        let last_paths = self
            .last
            .as_ref()
            .map(|l| l.job_paths.clone())
            .unwrap_or_default();
        let mut changed = self.swap_pages(&stage, &rendered, &last_paths, diags)?;
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
        if self.stop.load(Ordering::Relaxed) || diags.has_errors() {
            staging.abort();
            return Err(());
        }
        staging
            .commit()
            .map_err(|e| diags.push(io_diag(&stage, e)))?;
        self.steps.mark("other outputs");
        changed.extend(self.swap_other(&stage, &digest.job_paths, diags)?);
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

    /// Renders each event with `event.html` (as `render_site` does),
    /// reusing the fragments of briefings whose file did not change.
    fn event_fragments(
        &self,
        site: &Site,
        events: &mut [views::EventView],
        site_json: &serde_json::Value,
        global: u64,
        diags: &mut Diagnostics,
    ) -> Result<Fragments, ()> {
        let reuse = self.fragments.as_ref().filter(|f| f.global == global);
        let old = |key: EventKey| -> Option<&String> {
            let (map, list) = reuse?.per_briefing.get(key.briefing)?;
            let b = site.library.briefings.get(key.briefing)?;
            Arc::ptr_eq(map, &b.file.map).then(|| list.get(key.event))?
        };
        let keys = &site.index.timeline;
        let rendered: Vec<Result<String, tera::Error>> = events
            .par_iter()
            .zip(keys.par_iter())
            .map(|(e, key)| match old(*key) {
                Some(html) => Ok(html.clone()),
                None => {
                    let mut context = tera::Context::new();
                    context.insert("site", site_json);
                    context.insert("e", e);
                    site.tera.render("event.html", &context)
                }
            })
            .collect();
        let mut per_briefing: Vec<(Arc<SourceMap>, Vec<String>)> = site
            .library
            .briefings
            .iter()
            .map(|b| (b.file.map.clone(), vec![String::new(); b.events.len()]))
            .collect();
        for ((e, key), html) in events.iter_mut().zip(keys).zip(rendered) {
            match html {
                Ok(h) => {
                    if let Some(slot) = per_briefing
                        .get_mut(key.briefing)
                        .and_then(|(_, l)| l.get_mut(key.event))
                    {
                        slot.clone_from(&h);
                    }
                    e.html = h;
                }
                Err(err) => {
                    diags.push(theme::template_error(&site.theme, "event.html", &err));
                    return Err(());
                }
            }
        }
        Ok(Fragments {
            global,
            per_briefing,
        })
    }

    /// Renders the planned pages (as `render_site` does) and stages those
    /// whose bytes changed. `None` when a job's path is not the one the
    /// plan expected.
    fn render(
        &self,
        ctx: &pages::Ctx,
        plan: &Plan,
        last_paths: Option<&[String]>,
        staging: &Staging,
        diags: &mut Diagnostics,
    ) -> Option<Rendered> {
        let site = ctx.site;
        let (wanted, expected): (Option<BTreeSet<usize>>, Option<&[String]>) = match plan {
            Plan::All => (None, None),
            Plan::Some(list) => (Some(list.iter().copied().collect()), last_paths),
        };
        let stop = &self.stop;
        let served = &self.served;
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
                let job = job();
                if let Some(paths) = expected {
                    if paths.get(i) != Some(&job.path) {
                        return Err(None);
                    }
                }
                let html = site
                    .tera
                    .render(job.template, &job.context)
                    .map_err(|e| Some(theme::template_error(&site.theme, job.template, &e)))?;
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
        if mismatch && !self.stop.load(Ordering::Relaxed) {
            return None;
        }
        Some(rendered)
    }

    /// Moves the changed pages into the served folder and deletes the
    /// pages that are gone; returns their paths.
    fn swap_pages(
        &mut self,
        stage: &Path,
        rendered: &Rendered,
        last_paths: &[String],
        diags: &mut Diagnostics,
    ) -> Result<Vec<String>, ()> {
        let mut changed = Vec::new();
        for (rel, stamp) in &rendered.changed {
            let to = self.site_dir.join(rel);
            place(&stage.join(rel), &to).map_err(|e| diags.push(io_diag(&to, e)))?;
            self.served.insert(rel.clone(), *stamp);
            changed.push(rel.clone());
        }
        let now: BTreeSet<&str> = rendered.paths.iter().map(String::as_str).collect();
        for rel in last_paths.iter().filter(|p| !now.contains(p.as_str())) {
            if self.served.remove(rel).is_some() {
                remove_file_and_empty_parents(&self.site_dir, rel);
                changed.push(rel.clone());
            }
        }
        Ok(changed)
    }

    /// Moves the other staged files whose bytes changed into the served
    /// folder and deletes the files that are no longer part of the site;
    /// returns their paths.
    fn swap_other(
        &mut self,
        stage: &Path,
        pages: &[String],
        diags: &mut Diagnostics,
    ) -> Result<Vec<String>, ()> {
        let mut keep: BTreeSet<String> = pages.iter().cloned().collect();
        let mut changed = Vec::new();
        for rel in list_files(stage) {
            if keep.contains(&rel) {
                // A page, staged empty.
                continue;
            }
            let from = stage.join(&rel);
            let bytes = std::fs::read(&from).map_err(|e| diags.push(io_diag(&from, e)))?;
            let stamp = FileStamp::of(&bytes);
            if self.served.get(&rel) != Some(&stamp) {
                let to = self.site_dir.join(&rel);
                place(&from, &to).map_err(|e| diags.push(io_diag(&to, e)))?;
                self.served.insert(rel.clone(), stamp);
                changed.push(rel.clone());
            }
            keep.insert(rel);
        }
        let gone: Vec<String> = self
            .served
            .keys()
            .filter(|p| !keep.contains(*p))
            .cloned()
            .collect();
        for rel in gone {
            self.served.remove(&rel);
            remove_file_and_empty_parents(&self.site_dir, &rel);
            changed.push(rel);
        }
        Ok(changed)
    }
}

/// Moves a staged file to `to`, replacing it in one step: a rename, or
/// across file systems a copy beside `to` and then a rename.
fn place(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        if !parent.is_dir() {
            std::fs::create_dir_all(parent)?;
        }
    }
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = to.with_file_name(format!(".{name}.dossier-{}", std::process::id()));
    std::fs::copy(from, &tmp)?;
    std::fs::rename(&tmp, to)
}

/// The site view every template gets, as `render::render_site` builds it.
fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        base_path: &site.base_path,
        language: &site.config.language,
        now: views::DateView::new(&site.now),
        extra: &site.config.extra,
        briefing_count: site.library.briefings.len(),
        event_count: site.index.timeline.len(),
        actor_count: site.library.actors.len(),
        live_reload: site.live_reload,
    }
}

/// Every file below `dir`, as `/`-separated relative paths.
fn list_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

fn remove_file_and_empty_parents(root: &Path, rel: &str) {
    let path = root.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_file_removes_its_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/index.html"), "x").unwrap();
        std::fs::write(root.join("a/keep.txt"), "x").unwrap();
        remove_file_and_empty_parents(root, "a/b/index.html");
        assert!(!root.join("a/b").exists());
        assert!(root.join("a/keep.txt").exists());
    }
}
