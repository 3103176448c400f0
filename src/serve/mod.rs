//! `dossier serve`: build the site into a private temporary folder, serve it
//! over HTTP on localhost, watch the sources, rebuild what changed and
//! reload open tabs; a broken edit shows its errors in the terminal and over
//! the page, while the last good build stays served.
//!
//! Steps of [`run`]:
//!
//! 1. listen on `--bind`/`--port` first, so a busy port fails at once;
//! 2. build with `base_url` set to the local address and `live_reload` on,
//!    into `<temp>/dossier-serve-<pid>/site` — never the site's `public/`;
//!    that folder obeys the rules of every output ([`ownership::check`]:
//!    not the site, not in its sources, not someone else's folder) and
//!    carries the marker, so only marked folders of dead servers are
//!    removed;
//! 3. answer HTTP requests from that folder ([`http`]);
//! 4. watch the sources ([`watch`]) and rebuild incrementally on every
//!    change ([`builder`], [`plan`]), announcing each result to open tabs;
//! 5. on Ctrl-C (or SIGTERM), stop and remove the temporary folder.

pub mod builder;
mod files;
pub(crate) mod http;
mod pages;
mod patch;
pub(crate) mod plan;
pub(crate) mod watch;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, TryLockError};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::ownership;
use crate::BuildOptions;
use builder::{Rebuild, SiteBuilder};
use http::Hub;

#[derive(Debug)]
pub enum ServeError {
    Usage(String),
    Failed(String),
}

impl ServeError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::Usage(_) => 2,
            ServeError::Failed(_) => 1,
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Usage(m) | ServeError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ServeError {}

/// Changed-URL lists longer than this are sent as "everything changed".
const MAX_CHANGED: usize = 1000;

pub fn run(opts: BuildOptions, bind: &str, port: u16) -> Result<(), ServeError> {
    let root = opts.root.canonicalize().map_err(|e| {
        ServeError::Usage(format!(
            "cannot open the site folder {}: {e}",
            opts.root.display()
        ))
    })?;
    if !root.join("site.toml").is_file() {
        return Err(ServeError::Usage(format!(
            "{} has no site.toml, so it is not a dossier site\n  = hint: pass the site folder with --root, or create a site with `dossier init DIR`",
            root.display()
        )));
    }
    let (server, addr) = listen(bind, port)?;
    let url = format!("http://{addr}/");
    remove_stale_folders();
    let dir = claim_folder(&root, &std::env::temp_dir().join(folder_name()))?;
    let folder = TempFolder(dir.clone());
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        live_reload: true,
        progress: false,
        keep_old_output: false,
        force: false,
    };
    let mut builder = SiteBuilder::new(opts, &dir)
        .and_then(|b| ownership::mark(&dir).map(|()| b))
        .map_err(|e| ServeError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    // The watcher reports every change: edits to briefings alone patch the
    // last good site instead of loading it all again.
    builder.trust_reports();
    // Each rebuild stages many small files: in memory where possible.
    let shm = memory_dir()
        .and_then(|m| claim_folder(&root, &m.join(folder_name())).ok())
        .filter(|s| {
            builder
                .stage_in(s)
                .and_then(|()| ownership::mark(s))
                .is_ok()
        });
    let _shm_folder = shm.clone().map(TempFolder);
    on_interrupt(&builder, std::iter::once(dir.clone()).chain(shm).collect());
    let hub = Arc::new(Hub::new());
    http::start(Arc::new(server), builder.site_dir(), hub.clone())
        .map_err(|e| ServeError::Failed(format!("cannot start the server: {e}")))?;
    let (tx, rx) = mpsc::channel();
    let pending = Arc::new(AtomicBool::new(false));
    let mut watcher = watch::Watcher::start(&root, tx, pending.clone())
        .map_err(|e| ServeError::Failed(format!("cannot watch {}: {e}", root.display())))?;
    builder.defer_other_when(pending.clone());
    let mut state = LoopState::default();
    let mut deferred = state.rebuild(&mut builder, &hub);
    println!("Serving {url} — press Ctrl-C to stop");
    let _ = std::io::stdout().flush();
    loop {
        // After a build that left feeds and data for later, go on at once.
        let mut paths = if deferred {
            Vec::new()
        } else {
            match rx.recv() {
                Ok(batch) => batch,
                Err(_) => break,
            }
        };
        // Take everything already queued: one rebuild for a burst of saves.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(5)) {
            paths.extend(more);
        }
        pending.store(false, Ordering::SeqCst);
        let rels: BTreeSet<PathBuf> = paths
            .iter()
            .filter_map(|p| watch::relevant(&root, p))
            .collect();
        if rels.is_empty() && !deferred {
            continue;
        }
        for rel in &rels {
            builder.invalidate(rel);
        }
        watcher.refresh();
        deferred = state.rebuild(&mut builder, &hub);
    }
    drop(folder);
    Ok(())
}

/// Listens on `bind:port`; a busy port is a usage error that suggests `--port`.
fn listen(bind: &str, port: u16) -> Result<(tiny_http::Server, SocketAddr), ServeError> {
    let addr = (bind, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            ServeError::Usage(format!(
                "cannot listen on `{bind}`: not an address of this machine\n  = hint: use --bind 127.0.0.1 (the default) or another local address"
            ))
        })?;
    let server = tiny_http::Server::http(addr).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            ServeError::Usage(format!(
                "cannot listen on {addr}: port {port} is already in use (another `dossier serve`?)\n  = hint: stop the other server, or choose another port with `--port {}`",
                port.wrapping_add(1).max(1024)
            ))
        } else {
            ServeError::Usage(format!("cannot listen on {addr}: {e}"))
        }
    })?;
    let actual = server.server_addr().to_ip().unwrap_or(addr);
    Ok((server, actual))
}

/// Checks that serve may use `dir` (resolved) as its own: the rules of
/// every output, so a `TMPDIR` inside the site or someone's folder of that
/// name is refused (exit 2) before anything is written.
fn claim_folder(root: &Path, dir: &Path) -> Result<PathBuf, ServeError> {
    ownership::check(root, dir, false).map_err(|r| {
        ServeError::Usage(format!(
            "{}\n  = hint: {}; `dossier serve` builds in the temporary folder (set TMPDIR to choose another)",
            r.message(),
            r.hint()
        ))
    })
}

/// Removes the temporary folder when `run` returns.
struct TempFolder(PathBuf);

impl Drop for TempFolder {
    fn drop(&mut self) {
        remove_tree(&self.0);
    }
}

fn remove_tree(dir: &Path) {
    // A file written while removing makes one pass fail: try again.
    for _ in 0..3 {
        if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn folder_name() -> String {
    format!("dossier-serve-{}", std::process::id())
}

/// A memory file system for staging (`/dev/shm` on Linux), if there is one.
fn memory_dir() -> Option<PathBuf> {
    let shm = Path::new("/dev/shm");
    (cfg!(target_os = "linux") && shm.is_dir()).then(|| shm.to_path_buf())
}

/// Ctrl-C and SIGTERM: stop building, remove the temporary folders, exit.
fn on_interrupt(builder: &SiteBuilder, dirs: Vec<PathBuf>) {
    let disk = builder.disk_lock();
    let stop = builder.stop_flag();
    let shown: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    let shown = shown.join(" and ");
    let set = ctrlc::set_handler(move || {
        stop.store(true, Ordering::SeqCst);
        // Wait (briefly) for files being moved, so none is written after removal.
        let deadline = Instant::now() + Duration::from_secs(3);
        let _held = loop {
            match disk.try_lock() {
                Ok(g) => break Some(g),
                Err(TryLockError::Poisoned(p)) => break Some(p.into_inner()),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(TryLockError::WouldBlock) => break None,
            }
        };
        for dir in &dirs {
            remove_tree(dir);
        }
        eprintln!("\nstopped");
        std::process::exit(0);
    });
    if let Err(e) = set {
        eprintln!("warning: cannot handle Ctrl-C ({e}); remove {shown} after stopping");
    }
}

/// Removes `dossier-serve-<pid>` folders of servers that were killed.
fn remove_stale_folders() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let places = std::iter::once(std::env::temp_dir()).chain(memory_dir());
    for e in places
        .filter_map(|p| std::fs::read_dir(p).ok())
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("dossier-serve-") else {
            continue;
        };
        let dead = pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists();
        if dead && ownership::is_marked(&e.path()) {
            remove_tree(&e.path());
        }
    }
}

/// The build state as the browser sees it (`/__dossier/status`).
#[derive(Serialize)]
struct Status<'a> {
    /// The good build being served; changes when its files change.
    generation: u64,
    /// False when the last build failed.
    ok: bool,
    errors: Vec<ErrorView<'a>>,
    warnings: usize,
    /// URL paths the last good build changed; `null` when unknown or many.
    changed: Option<Vec<String>>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    path: String,
    line: usize,
    col: usize,
    /// `path:line:col`, as the terminal shows it.
    location: String,
    message: &'a str,
    hint: Option<&'a str>,
}

fn error_view(d: &Diagnostic) -> ErrorView<'_> {
    let path = d.path.display().to_string();
    let location = if d.line > 0 {
        format!("{path}:{}:{}", d.line, d.col.max(1))
    } else {
        path.clone()
    };
    ErrorView {
        path,
        line: d.line,
        col: d.col,
        location,
        message: &d.message,
        hint: d.hint.as_deref(),
    }
}

/// The URL path of an output file: `x/index.html` is `/x/`.
fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

/// What the rebuild loop remembers between builds.
#[derive(Default)]
struct LoopState {
    generation: u64,
    builds: usize,
    broken: bool,
    /// Warnings already shown, so a rebuild prints only new ones.
    printed: BTreeSet<String>,
}

impl LoopState {
    /// Rebuilds and tells the tabs; true when feeds and data were deferred.
    fn rebuild(&mut self, builder: &mut SiteBuilder, hub: &Hub) -> bool {
        let first = self.builds == 0;
        self.builds += 1;
        let was_broken = self.broken;
        // Tabs reload as soon as the pages are served; feeds and data follow.
        let mut generation = self.generation;
        let mut early: BTreeSet<String> = BTreeSet::new();
        let result = builder.rebuild_with(&mut |changed| {
            if !first && !changed.is_empty() {
                generation += 1;
                early.extend(changed.iter().cloned());
                hub.publish(
                    generation,
                    status_json(generation, Vec::new(), 0, Some(changed)),
                );
            }
        });
        self.generation = generation;
        match result {
            Ok(r) if r.other_deferred => {
                eprintln!(
                    "pages rebuilt in {} ms; feeds and data follow in the next build",
                    r.pages_ready.as_millis()
                );
                true
            }
            Ok(r) => {
                self.report(&r, first);
                let rest: Vec<String> = r
                    .changed
                    .iter()
                    .filter(|p| !early.contains(*p))
                    .cloned()
                    .collect();
                if rest.is_empty() && !was_broken && !first {
                    // Nothing more to tell the tabs.
                    return false;
                }
                if !rest.is_empty() {
                    self.generation += 1;
                }
                let warnings = r.diagnostics.warning_count();
                let json = status_json(self.generation, Vec::new(), warnings, Some(&rest));
                hub.publish(self.generation, json);
                false
            }
            Err(diags) => {
                self.report_failure(&diags, first);
                let errors = diags
                    .iter()
                    .filter(|d| d.is_error())
                    .map(error_view)
                    .collect();
                let json = status_json(self.generation, errors, diags.warning_count(), None);
                hub.publish(self.generation, json);
                false
            }
        }
    }

    /// Prints every error and the warnings not printed after the last
    /// build, grouped like `build` groups them.
    fn print_new(&mut self, diags: &Diagnostics) {
        let mut now = BTreeSet::new();
        let mut new = Diagnostics::new();
        for d in diags.iter() {
            let text = d.render();
            if d.is_error() || !self.printed.contains(&text) {
                new.push(d.clone());
            }
            if !d.is_error() {
                now.insert(text);
            }
        }
        self.printed = now;
        let out = new.render();
        if !out.is_empty() {
            eprint!("{out}");
        }
    }

    fn report(&mut self, r: &Rebuild, first: bool) {
        self.print_new(&r.diagnostics);
        if first {
            eprintln!(
                "{}",
                crate::summary_line(
                    [r.files, r.briefings, r.events, r.actors],
                    r.diagnostics.warning_count(),
                    &format!("{} ms", r.elapsed.as_millis()),
                )
            );
        } else {
            eprintln!("{}", r.summary());
        }
        if std::env::var_os("DOSSIER_TIMINGS").is_some() {
            eprintln!("  steps: {}", r.step_times());
        }
        if self.broken {
            eprintln!("the errors are fixed");
        }
        self.broken = false;
    }

    fn report_failure(&mut self, diags: &Diagnostics, first: bool) {
        self.print_new(diags);
        let n = diags.error_count();
        let s = if n == 1 { "" } else { "s" };
        if first {
            eprintln!("build failed: {n} error{s}; the pages show them until they are fixed");
        } else {
            eprintln!("build failed: {n} error{s}; still serving the last good build");
        }
        self.broken = true;
    }
}

/// The build state as JSON: good when `errors` is empty; `changed` lists
/// output paths (sent as URLs; `null` when unknown or too many).
fn status_json(
    generation: u64,
    errors: Vec<ErrorView>,
    warnings: usize,
    changed: Option<&[String]>,
) -> String {
    let changed = changed
        .filter(|c| c.len() <= MAX_CHANGED)
        .map(|c| c.iter().map(|p| url_of(p)).collect());
    let status = Status {
        generation,
        ok: errors.is_empty(),
        errors,
        warnings,
        changed,
    };
    serde_json::to_string(&status).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_become_urls() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("briefings/x/index.html"), "/briefings/x/");
        assert_eq!(url_of("404.html"), "/404.html");
        assert_eq!(url_of("style.css"), "/style.css");
        assert_eq!(url_of("notindex.html"), "/notindex.html");
    }
}
