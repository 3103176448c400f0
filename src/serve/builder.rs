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
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::incremental::{hash_of, Cache, Work};
use crate::output::{OutputError, Staging};
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
    pub work: Work,
    pub briefings: usize,
    pub events: usize,
    pub actors: usize,
    pub elapsed: Duration,
}

impl Rebuild {
    /// The one-line summary printed after a rebuild.
    pub fn summary(&self) -> String {
        let warnings = self.diagnostics.warning_count();
        format!(
            "rebuilt in {} ms: {} file{} changed; {} of {} pages rendered, {} file{} parsed ({} briefings, {} events, {} actors, {} warning{})",
            self.elapsed.as_millis(),
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
    /// Held while files under the build's folders are written or moved.
    disk: Arc<Mutex<()>>,
    /// Set when the server stops: rendering ends early.
    stop: Arc<AtomicBool>,
}

/// Pages rendered by one build.
struct Rendered {
    /// Job index → output path, for every rendered job.
    paths: Vec<(usize, String)>,
    /// Pages whose bytes changed, with their new stamps (they are staged).
    changed: BTreeMap<String, FileStamp>,
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
            disk: Arc::new(Mutex::new(())),
            stop: Arc::new(AtomicBool::new(false)),
        })
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
        let start = Instant::now();
        self.cache.begin();
        let (site, mut diags) = crate::load_cached(&self.opts, &self.cache)?;
        self.cache.sweep();
        let work = self.cache.work();
        let out = self.write(&site, &mut diags);
        diags.sort();
        let (changed, rendered, total, all) = match out {
            Ok(r) if !diags.has_errors() => r,
            _ => return Err(diags),
        };
        Ok(Rebuild {
            diagnostics: diags,
            changed,
            files: self.served.len(),
            pages_rendered: rendered,
            pages_total: total,
            all_pages: all,
            work,
            briefings: site.library.briefings.len(),
            events: site.index.timeline.len(),
            actors: site.library.actors.len(),
            elapsed: start.elapsed(),
        })
    }

    /// Renders, stages and swaps in; returns (changed paths, pages
    /// rendered, pages in all, whether all were rendered).
    fn write(
        &mut self,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> Result<(Vec<String>, usize, usize, bool), ()> {
        let shared = views::Shared::new(site);
        let events = shared.events(site);
        let site_view = site_view(site);
        let site_json = tera::to_value(&site_view).map_err(|e| {
            diags.push(Diagnostic::error(
                "templates",
                Pos::default(),
                e.to_string(),
            ))
        })?;
        let ctx = pages::Ctx {
            site,
            shared: &shared,
            events: &events,
            site_json: &site_json,
        };
        let job_count = pages::jobs(&ctx).len();
        let mut digest = Digest::new(site, &site_json.to_string(), job_count, self.last.as_ref());
        let mut plan = digest.plan(self.last.as_ref(), site);
        let guard = self.disk.clone();
        let _disk = guard.lock().unwrap_or_else(|e| e.into_inner());
        let next = self.work_dir.join("next");
        let (staging, rendered) = loop {
            let staging = Staging::begin(&next).map_err(|e| diags.push(io_diag(&next, e)))?;
            let expected = match &plan {
                Plan::All => None,
                Plan::Some(_) => self.last.as_ref().map(|l| l.job_paths.as_slice()),
            };
            match self.render(&ctx, &plan, expected, &staging, diags) {
                Some(r) => break (staging, r),
                None => {
                    // The jobs were not the ones the plan expected.
                    staging.abort();
                    plan = Plan::All;
                }
            }
        };
        if self.stop.load(Ordering::Relaxed) {
            staging.abort();
            return Err(());
        }
        crate::write_other(site, &staging, diags);
        if diags.has_errors() {
            staging.abort();
            return Err(());
        }
        staging
            .commit()
            .map_err(|e| diags.push(io_diag(&next, e)))?;
        let all = plan == Plan::All;
        digest.job_paths = if all {
            rendered.paths.iter().map(|(_, p)| p.clone()).collect()
        } else {
            self.last
                .as_ref()
                .map(|l| l.job_paths.clone())
                .unwrap_or_default()
        };
        let pages_rendered = rendered.paths.len();
        let changed = self.swap_in(&next, &digest.job_paths, &rendered, all, diags)?;
        self.last = Some(digest);
        Ok((changed, pages_rendered, job_count, all))
    }

    /// Renders the planned pages (as `render_site` does) and stages those
    /// whose bytes changed. `None` when a job's path is not the expected one.
    fn render(
        &self,
        ctx: &pages::Ctx,
        plan: &Plan,
        expected: Option<&[String]>,
        staging: &Staging,
        diags: &mut Diagnostics,
    ) -> Option<Rendered> {
        let site = ctx.site;
        let wanted: Option<BTreeSet<usize>> = match plan {
            Plan::All => None,
            Plan::Some(list) => Some(list.iter().copied().collect()),
        };
        let stop = &self.stop;
        let served = &self.served;
        type Out = Result<(usize, String, Option<FileStamp>), Option<Diagnostic>>;
        let results: Vec<Out> = pages::jobs(ctx)
            .into_par_iter()
            .enumerate()
            .filter(|(i, _)| wanted.as_ref().is_none_or(|w| w.contains(i)))
            .map(|(i, job)| -> Out {
                if stop.load(Ordering::Relaxed) {
                    return Err(None);
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
                    return Ok((i, job.path, None));
                }
                staging
                    .write(&job.path, html.as_bytes())
                    .map_err(|e| Some(io_diag(Path::new(&job.path), e)))?;
                Ok((i, job.path, Some(stamp)))
            })
            .collect();
        let mut rendered = Rendered {
            paths: Vec::new(),
            changed: BTreeMap::new(),
        };
        let mut seen = BTreeSet::new();
        let mut mismatch = false;
        for r in results {
            match r {
                Ok((i, path, stamp)) => {
                    if let Some(s) = stamp {
                        rendered.changed.insert(path.clone(), s);
                    }
                    rendered.paths.push((i, path));
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
        rendered.paths.sort();
        if plan == &Plan::All {
            check_collisions(&rendered.paths, diags);
        }
        Some(rendered)
    }

    /// Moves changed staged files into the served folder and deletes files
    /// that are gone; returns the changed paths.
    fn swap_in(
        &mut self,
        next: &Path,
        page_paths: &[String],
        rendered: &Rendered,
        all: bool,
        diags: &mut Diagnostics,
    ) -> Result<Vec<String>, ()> {
        let staged = list_files(next);
        let pages: BTreeSet<&str> = page_paths.iter().map(String::as_str).collect();
        let folded: BTreeMap<String, &str> = pages.iter().map(|p| (p.to_lowercase(), *p)).collect();
        let mut moves: Vec<(String, FileStamp)> = Vec::new();
        let mut keep: BTreeSet<String> = page_paths.iter().cloned().collect();
        for rel in &staged {
            if let Some(stamp) = rendered.changed.get(rel) {
                moves.push((rel.clone(), *stamp));
                continue;
            }
            if all {
                if let Some(page) = folded.get(&rel.to_lowercase()) {
                    let e = OutputError::Collision(page.to_string(), rel.clone());
                    diags.push(io_diag(Path::new(rel), e));
                    continue;
                }
            }
            let from = next.join(rel);
            let bytes = std::fs::read(&from).map_err(|e| diags.push(io_diag(&from, e)))?;
            let stamp = FileStamp::of(&bytes);
            if self.served.get(rel) != Some(&stamp) {
                moves.push((rel.clone(), stamp));
            }
            keep.insert(rel.clone());
        }
        if diags.has_errors() {
            return Err(());
        }
        let mut changed = Vec::new();
        for (rel, stamp) in moves {
            let to = self.site_dir.join(&rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| diags.push(io_diag(parent, e)))?;
            }
            let from = next.join(&rel);
            std::fs::rename(&from, &to).map_err(|e| diags.push(io_diag(&to, e)))?;
            self.served.insert(rel.clone(), stamp);
            changed.push(rel);
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
        changed.sort();
        Ok(changed)
    }
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

/// Two pages at one path, compared without case, as the staging folder would.
fn check_collisions(paths: &[(usize, String)], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (_, p) in paths {
        if let Some(first) = seen.insert(p.to_lowercase(), p) {
            let e = OutputError::Collision(first.to_string(), p.clone());
            diags.push(io_diag(Path::new(p), e));
        }
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
    fn collisions_ignore_case() {
        let mut d = Diagnostics::new();
        check_collisions(
            &[(0, "a/index.html".into()), (1, "A/index.html".into())],
            &mut d,
        );
        assert_eq!(d.error_count(), 1);
        assert!(d.render().contains("same file"), "{}", d.render());
    }

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
