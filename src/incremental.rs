//! What `dossier serve` keeps between builds, so an edit costs little.
//!
//! [`crate::load_cached`] asks this cache at three points of the pipeline:
//!
//! 1. [`Cache::parse`] — a content file whose modification time and length
//!    are unchanged (and that the watcher did not report) is not read again;
//!    one that was rewritten with the same text is not parsed again;
//! 2. [`Cache::compile`] — the Tera templates are compiled again only when
//!    their text changed;
//! 3. [`Cache::markdown`] — a body is rendered again only when its file was
//!    parsed again, or when what every body depends on (actor names, the
//!    pages links can point at, `base_url`) changed ([`renderer_key`]).
//!
//! The cache returns exactly what the stage would have computed, so a cached
//! load equals a fresh one. [`Cache::off`] (used by `dossier build` and
//! `dossier check`) keeps nothing and costs nothing.
//!
//! Entries not used by a load are dropped by [`Cache::sweep`], so deleted
//! files do not linger.
//!
//! `dossier lsp` also hands the cache the editor's unsaved texts
//! ([`Cache::set_unsaved`]): [`Cache::parse`] reads those instead of the
//! files, so diagnostics follow what the editor shows.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use crate::content::discover;
use crate::content::model::SourceFile;
use crate::diagnostic::{Diagnostics, SourceMap};
use crate::markdown::Renderer;
use crate::render::theme::{self, Theme};

/// A stable 64-bit hash (SipHash with fixed keys) of anything hashable.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Everything a rendered body depends on besides its own file.
pub fn renderer_key(r: &Renderer) -> u64 {
    // Destructured without `..`: a new field must be added to the key.
    let Renderer {
        registry,
        links,
        base_path,
        safe_html,
        strict,
        image_warn_bytes,
        words,
    } = r;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{registry:?}").hash(&mut h);
    links.pages.hash(&mut h);
    links.assets.hash(&mut h);
    links.images.fingerprint().hash(&mut h);
    image_warn_bytes.hash(&mut h);
    base_path.hash(&mut h);
    safe_html.hash(&mut h);
    strict.hash(&mut h);
    words.hash(&mut h);
    h.finish()
}

type Shared = Arc<dyn Any + Send + Sync>;

/// When a file was last seen: modification time and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: SystemTime,
    len: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    Some(Stamp {
        modified: meta.modified().ok()?,
        len: meta.len(),
    })
}

struct ParseEntry {
    stamp: Stamp,
    text: u64,
    value: Shared,
    diags: Diagnostics,
    used: u64,
}

struct HtmlEntry {
    map: Arc<SourceMap>,
    key: u64,
    value: Shared,
    diags: Diagnostics,
    used: u64,
}

struct Compiled {
    key: u64,
    tera: Option<tera::Tera>,
    diags: Diagnostics,
}

/// How much work the last load did (for the rebuild summary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Content files parsed (not taken from the cache).
    pub parsed: usize,
    /// Markdown bodies rendered.
    pub rendered: usize,
    /// Whether the templates were compiled.
    pub compiled: bool,
}

/// The cache itself; shared by the parallel stages, so every part is locked.
#[derive(Default)]
pub struct Cache {
    enabled: bool,
    generation: AtomicU64,
    parsed: Mutex<HashMap<PathBuf, ParseEntry>>,
    html: Mutex<HashMap<PathBuf, HtmlEntry>>,
    compiled: Mutex<Option<Compiled>>,
    /// Paths the watcher reported: read again whatever their stamp says.
    dirty: Mutex<HashSet<PathBuf>>,
    /// Unsaved editor texts, read instead of the files at these paths.
    unsaved: Mutex<HashMap<PathBuf, Arc<str>>>,
    parsed_count: AtomicUsize,
    rendered_count: AtomicUsize,
    compiled_flag: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind: keep using it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Cache {
    /// A cache that keeps nothing: every stage computes as usual.
    pub fn off() -> Cache {
        Cache::default()
    }

    /// A cache that keeps results between loads.
    pub fn new() -> Cache {
        Cache {
            enabled: true,
            ..Cache::default()
        }
    }

    /// Starts a load: counts work from zero and marks every entry unused.
    pub fn begin(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
        self.parsed_count.store(0, Ordering::Relaxed);
        self.rendered_count.store(0, Ordering::Relaxed);
        self.compiled_flag.store(0, Ordering::Relaxed);
    }

    /// Ends a load: drops the entries it did not use (deleted files).
    pub fn sweep(&self) {
        let g = self.generation.load(Ordering::Relaxed);
        lock(&self.parsed).retain(|_, e| e.used == g);
        lock(&self.html).retain(|_, e| e.used == g);
    }

    /// What the load since [`Cache::begin`] computed afresh.
    pub fn work(&self) -> Work {
        Work {
            parsed: self.parsed_count.load(Ordering::Relaxed),
            rendered: self.rendered_count.load(Ordering::Relaxed),
            compiled: self.compiled_flag.load(Ordering::Relaxed) > 0,
        }
    }

    /// Forgets what is known about `path` (relative to the site root, like
    /// `content/briefings/x.md`), so the next load reads it again.
    pub fn invalidate(&self, path: &Path) {
        if self.enabled {
            lock(&self.dirty).insert(path.to_path_buf());
        }
    }

    /// Makes [`Cache::parse`] use `text` instead of the file at `path`
    /// (relative to the site root), or the file again when `text` is `None`.
    pub fn set_unsaved(&self, path: &Path, text: Option<&str>) {
        if !self.enabled {
            return;
        }
        let mut unsaved = lock(&self.unsaved);
        match text {
            Some(t) => unsaved.insert(path.to_path_buf(), Arc::from(t)),
            None => unsaved.remove(path),
        };
    }

    /// The unsaved text of `path`, if the editor has one.
    pub fn unsaved(&self, path: &Path) -> Option<Arc<str>> {
        lock(&self.unsaved).get(path).cloned()
    }

    /// Paths with an unsaved text, sorted.
    pub fn unsaved_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = lock(&self.unsaved).keys().cloned().collect();
        paths.sort();
        paths
    }

    /// Reads and parses the content file `path` (relative to `root`), or
    /// returns what an earlier load made of the same file.
    pub fn parse<T: Clone + Send + Sync + 'static>(
        &self,
        root: &Path,
        path: &Path,
        parse: impl FnOnce(&str, &mut Diagnostics) -> Option<T>,
    ) -> (Option<T>, Diagnostics) {
        let mut d = Diagnostics::new();
        if !self.enabled {
            return match discover::read_text(root, path) {
                Ok(text) => (parse(&text, &mut d), d),
                Err(e) => {
                    d.push(e);
                    (None, d)
                }
            };
        }
        let g = self.generation.load(Ordering::Relaxed);
        if let Some(text) = self.unsaved(path) {
            return self.parse_unsaved(path, &text, parse, g);
        }
        let now = stamp(&root.join(path));
        let reported = lock(&self.dirty).remove(path);
        if let (Some(now), false) = (now, reported) {
            if let Some(hit) = self.parsed_hit::<T>(path, |e| e.stamp == now, None, g) {
                return hit;
            }
        }
        let text = match discover::read_text(root, path) {
            Ok(text) => text,
            Err(e) => {
                d.push(e);
                return (None, d);
            }
        };
        let text_hash = hash_of(&text);
        if let Some(now) = now {
            if let Some(hit) = self.parsed_hit::<T>(path, |e| e.text == text_hash, Some(now), g) {
                return hit;
            }
        }
        self.parsed_count.fetch_add(1, Ordering::Relaxed);
        let value = parse(&text, &mut d);
        if let Some(now) = now {
            lock(&self.parsed).insert(
                path.to_path_buf(),
                ParseEntry {
                    stamp: now,
                    text: text_hash,
                    value: Arc::new(value.clone()),
                    diags: d.clone(),
                    used: g,
                },
            );
        }
        (value, d)
    }

    /// [`Cache::parse`] of an unsaved text: reused when the text is the same.
    fn parse_unsaved<T: Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        text: &str,
        parse: impl FnOnce(&str, &mut Diagnostics) -> Option<T>,
        g: u64,
    ) -> (Option<T>, Diagnostics) {
        let text_hash = hash_of(text);
        if let Some(hit) = self.parsed_hit::<T>(path, |e| e.text == text_hash, None, g) {
            return hit;
        }
        self.parsed_count.fetch_add(1, Ordering::Relaxed);
        let mut d = Diagnostics::new();
        let value = parse(text, &mut d);
        lock(&self.parsed).insert(
            path.to_path_buf(),
            ParseEntry {
                // No file has this stamp: once the text is saved or dropped,
                // the file is read and compared by its text.
                stamp: Stamp {
                    modified: SystemTime::UNIX_EPOCH,
                    len: u64::MAX,
                },
                text: text_hash,
                value: Arc::new(value.clone()),
                diags: d.clone(),
                used: g,
            },
        );
        (value, d)
    }

    fn parsed_hit<T: Clone + 'static>(
        &self,
        path: &Path,
        matches: impl Fn(&ParseEntry) -> bool,
        restamp: Option<Stamp>,
        g: u64,
    ) -> Option<(Option<T>, Diagnostics)> {
        let mut map = lock(&self.parsed);
        let entry = map.get_mut(path).filter(|e| matches(e))?;
        let value = entry.value.downcast_ref::<Option<T>>()?.clone();
        entry.used = g;
        if let Some(s) = restamp {
            entry.stamp = s;
        }
        Some((value, entry.diags.clone()))
    }

    /// Compiles the theme's templates, or reuses the last compilation of the
    /// same template texts.
    pub fn compile(&self, theme: &Theme, diags: &mut Diagnostics) -> Option<tera::Tera> {
        if !self.enabled {
            return theme::compile(theme, diags);
        }
        let key = {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for (name, file) in &theme.templates {
                name.hash(&mut h);
                file.origin.hash(&mut h);
                file.bytes.hash(&mut h);
            }
            h.finish()
        };
        let mut slot = lock(&self.compiled);
        if let Some(c) = slot.as_ref().filter(|c| c.key == key) {
            diags.extend(c.diags.clone());
            return c.tera.clone();
        }
        self.compiled_flag.store(1, Ordering::Relaxed);
        let mut d = Diagnostics::new();
        let tera = theme::compile(theme, &mut d);
        diags.extend(d.clone());
        *slot = Some(Compiled {
            key,
            tera: tera.clone(),
            diags: d,
        });
        tera
    }

    /// Renders the Markdown of `file` with `render`, or reuses the result of
    /// an earlier load for the same text and the same [`renderer_key`].
    pub fn markdown<T: Clone + Send + Sync + 'static>(
        &self,
        file: &SourceFile,
        key: u64,
        render: impl FnOnce() -> (T, Diagnostics),
    ) -> (T, Diagnostics) {
        if !self.enabled {
            return render();
        }
        let g = self.generation.load(Ordering::Relaxed);
        {
            let mut map = lock(&self.html);
            if let Some(e) = map.get_mut(&file.path).filter(|e| {
                e.key == key && (Arc::ptr_eq(&e.map, &file.map) || e.map.text() == file.map.text())
            }) {
                if let Some(value) = e.value.downcast_ref::<T>() {
                    e.used = g;
                    return (value.clone(), e.diags.clone());
                }
            }
        }
        self.rendered_count.fetch_add(1, Ordering::Relaxed);
        let (value, diags) = render();
        lock(&self.html).insert(
            file.path.clone(),
            HtmlEntry {
                map: file.map.clone(),
                key,
                value: Arc::new(value.clone()),
                diags: diags.clone(),
                used: g,
            },
        );
        (value, diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_len(text: &str, _: &mut Diagnostics) -> Option<usize> {
        Some(text.len())
    }

    #[test]
    fn parse_reuses_unchanged_files_and_rereads_reported_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let rel = Path::new("content/a.md");
        std::fs::write(root.join(rel), "one").unwrap();
        let cache = Cache::new();
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(3));
        assert_eq!(cache.work().parsed, 1);
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(3));
        assert_eq!(cache.work().parsed, 0, "unchanged file is not parsed");
        // Same length, maybe the same mtime: only the report forces a read.
        std::fs::write(root.join(rel), "two").unwrap();
        cache.invalidate(rel);
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(3));
        assert_eq!(cache.work().parsed, 1);
        std::fs::write(root.join(rel), "three").unwrap();
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(5));
        cache.sweep();
        cache.begin();
        cache.sweep();
        assert!(lock(&cache.parsed).is_empty(), "unused entries are dropped");
    }

    #[test]
    fn unsaved_text_is_parsed_instead_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let rel = Path::new("a.md");
        std::fs::write(root.join(rel), "one").unwrap();
        let cache = Cache::new();
        cache.set_unsaved(rel, Some("unsaved"));
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(7));
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(7));
        assert_eq!(
            cache.work().parsed,
            0,
            "same unsaved text is not parsed again"
        );
        cache.set_unsaved(rel, None);
        cache.begin();
        assert_eq!(cache.parse(root, rel, parse_len).0, Some(3));
        assert_eq!(cache.work().parsed, 1);
    }

    #[test]
    fn off_cache_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        let cache = Cache::off();
        let (v, _) = cache.parse(dir.path(), Path::new("a.md"), parse_len);
        assert_eq!(v, Some(1));
        assert!(lock(&cache.parsed).is_empty());
        let (v, d) = cache.parse(dir.path(), Path::new("missing.md"), parse_len);
        assert_eq!(v, None);
        assert!(d.has_errors());
    }
}
