//! Watching the sources: `site.toml` and the `content/`, `templates/`, `i18n/`,
//! `static/` and `themes/` folders, with `notify` and a short debounce.
//!
//! The root is watched on its own (not recursively), so a folder created
//! after `serve` started — or `site.toml` replaced by an editor's rename —
//! is seen; each source folder is watched recursively, and watched again
//! when it reappears. Every batch of changed paths goes to the builder,
//! which decides what to rebuild by comparing content, not event kinds: a
//! creation, change, deletion or rename all mean "look again".

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

use notify::{Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, WatcherKind};
use notify_debouncer_mini::{new_debouncer_opt, Config, DebounceEventResult, Debouncer};

/// The folders under the root whose changes rebuild the site.
pub const FOLDERS: [&str; 5] = ["content", "templates", "static", "themes", "i18n"];

/// Quiet time after the last event before a batch is sent: long enough for
/// an editor's write-then-rename, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The platform's watcher without access events: every build reads the
/// sources, and a read must not look like a change.
pub struct ChangeWatcher(RecommendedWatcher);

impl notify::Watcher for ChangeWatcher {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let inner = RecommendedWatcher::new(
            move |res: notify::Result<Event>| {
                if !matches!(&res, Ok(e) if matches!(e.kind, EventKind::Access(_))) {
                    handler.handle_event(res);
                }
            },
            config,
        )?;
        Ok(ChangeWatcher(inner))
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<ChangeWatcher>,
    watched: BTreeSet<&'static str>,
}

impl Watcher {
    /// Starts watching `root` (canonical); batches of changed paths go to
    /// `tx`, and `pending` is set when one of them matters to the build.
    pub fn start(
        root: &Path,
        tx: Sender<Vec<PathBuf>>,
        pending: Arc<AtomicBool>,
    ) -> Result<Watcher, notify::Error> {
        let base = root.to_path_buf();
        let handler = move |res: DebounceEventResult| match res {
            Ok(events) => {
                let paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
                if paths.iter().any(|p| relevant(&base, p).is_some()) {
                    pending.store(true, Ordering::SeqCst);
                }
                let _ = tx.send(paths);
            }
            Err(e) => {
                eprintln!("warning: watching files: {e}");
                // Changes may have been missed: a reported `site.toml`
                // makes the next build load the whole site again.
                pending.store(true, Ordering::SeqCst);
                let _ = tx.send(vec![base.join("site.toml")]);
            }
        };
        let config = Config::default().with_timeout(DEBOUNCE);
        let debouncer = new_debouncer_opt::<_, ChangeWatcher>(config, handler)?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        w.debouncer
            .watcher()
            .watch(root, RecursiveMode::NonRecursive)?;
        w.refresh();
        Ok(w)
    }

    /// Watches source folders that appeared since the last call.
    pub fn refresh(&mut self) {
        for name in FOLDERS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(name);
                continue;
            }
            if self.watched.contains(name) {
                continue;
            }
            match self
                .debouncer
                .watcher()
                .watch(&dir, RecursiveMode::Recursive)
            {
                Ok(()) => {
                    self.watched.insert(name);
                }
                Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
            }
        }
    }
}

/// The path relative to `root` if a change there matters to the build.
pub fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    (rel == Path::new("site.toml") || FOLDERS.contains(&first)).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_relevant() {
        let root = Path::new("/site");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(rel("/site/site.toml"), Some("site.toml".into()));
        assert_eq!(
            rel("/site/content/briefings/a.md"),
            Some("content/briefings/a.md".into())
        );
        assert_eq!(rel("/site/themes"), Some("themes".into()));
        assert_eq!(rel("/site/public/index.html"), None);
        assert_eq!(rel("/site/.public.staging-1"), None);
        assert_eq!(rel("/site/.dossier-cache/images/a-480w.png"), None);
        assert_eq!(rel("/elsewhere/content/a.md"), None);
        assert_eq!(rel("/site"), None);
    }
}
