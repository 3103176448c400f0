//! The HTTP side of `dossier serve`, on `tiny_http`.
//!
//! - Files come only from the built site: the URL path is percent-decoded,
//!   any `..` segment is refused (400), and the file found is canonicalized
//!   and must lie inside the site folder (so a symbolic link cannot lead
//!   out of it). `/dir/` serves `dir/index.html`, `/dir` redirects to
//!   `/dir/`, anything else missing is a 404 with the site's `404.html`.
//! - `/__dossier/live.js` is the live-reload script, `/__dossier/status` the
//!   build state as JSON and `/__dossier/events` the same state as
//!   server-sent events, one message per build.
//! - A pool of workers answers requests; each event stream gets a thread of
//!   its own, so open tabs never starve the workers.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, ResponseBox, Server, StatusCode};

/// Threads answering ordinary requests.
const WORKERS: usize = 8;
/// Event streams open at once; more are refused with 503.
const MAX_STREAMS: usize = 1024;
/// How often an idle event stream sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The state of the builds, shared by the builder and every connection.
#[derive(Default)]
pub struct Hub {
    state: Mutex<HubState>,
    changed: Condvar,
}

#[derive(Default, Clone)]
struct HubState {
    /// Bumped on every publish.
    seq: u64,
    /// The good build being served (0: none yet).
    generation: u64,
    /// The state as JSON, for `/__dossier/status` and the event stream.
    json: String,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hub {
    pub fn new() -> Hub {
        let hub = Hub::default();
        lock(&hub.state).json =
            "{\"generation\":0,\"ok\":true,\"errors\":[],\"changed\":null}".into();
        hub
    }

    /// Announces a new state to every open stream.
    pub fn publish(&self, generation: u64, json: String) {
        let mut s = lock(&self.state);
        s.seq += 1;
        s.generation = generation;
        s.json = json;
        self.changed.notify_all();
    }

    pub fn generation(&self) -> u64 {
        lock(&self.state).generation
    }

    fn snapshot(&self) -> HubState {
        lock(&self.state).clone()
    }

    /// Waits until a state newer than `seen` is published, or `timeout`.
    fn wait(&self, seen: u64, timeout: Duration) -> Option<HubState> {
        let guard = lock(&self.state);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.seq == seen)
            .unwrap_or_else(|e| e.into_inner());
        (guard.seq != seen).then(|| guard.clone())
    }
}

/// Where a URL path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
    /// Undecodable, or trying to climb out with `..`.
    BadRequest,
}

/// Decodes `%XX` escapes; `None` for a broken escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps a URL path (without query) to a file under `root`, which must be
/// canonical.
pub fn resolve(root: &Path, url_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(url_path) else {
        return Resolved::BadRequest;
    };
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return Resolved::BadRequest;
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Resolved::BadRequest,
            s => {
                let mut parts = Path::new(s).components();
                match (parts.next(), parts.next()) {
                    (Some(Component::Normal(_)), None) => rel.push(s),
                    _ => return Resolved::BadRequest,
                }
            }
        }
    }
    let mut full = root.join(&rel);
    if decoded.ends_with('/') {
        full.push("index.html");
    } else if full.is_dir() {
        return Resolved::Redirect(format!("{url_path}/"));
    }
    match full.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn with_headers<R: std::io::Read>(mut resp: Response<R>, headers: &[(&str, &str)]) -> Response<R> {
    for (n, v) in headers {
        if let Some(h) = header(n, v) {
            resp.add_header(h);
        }
    }
    resp
}

/// What every connection needs.
struct Ctx {
    root: PathBuf,
    hub: Arc<Hub>,
    streams: AtomicUsize,
}

/// Starts the workers; they run until the process ends.
pub fn start(server: Arc<Server>, site_dir: &Path, hub: Arc<Hub>) -> std::io::Result<()> {
    let root = site_dir.canonicalize()?;
    let ctx = Arc::new(Ctx {
        root,
        hub,
        streams: AtomicUsize::new(0),
    });
    for n in 0..WORKERS {
        let server = server.clone();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(format!("dossier-http-{n}"))
            .spawn(move || {
                while let Ok(req) = server.recv() {
                    handle(req, &ctx);
                }
            })?;
    }
    Ok(())
}

fn handle(req: Request, ctx: &Arc<Ctx>) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let resp = with_headers(
            Response::from_string("method not allowed\n").with_status_code(405),
            &[("Allow", "GET, HEAD")],
        );
        let _ = req.respond(resp);
        return;
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__dossier/live.js" => {
            let js = crate::serve_script::live_js(&ctx.hub.snapshot().json);
            let resp = with_headers(
                Response::from_string(js),
                &[
                    ("Content-Type", "text/javascript; charset=utf-8"),
                    ("Cache-Control", "no-store"),
                ],
            );
            let _ = req.respond(resp);
        }
        "/__dossier/status" => {
            let resp = with_headers(
                Response::from_string(ctx.hub.snapshot().json),
                &[
                    ("Content-Type", "application/json"),
                    ("Cache-Control", "no-store"),
                ],
            );
            let _ = req.respond(resp);
        }
        "/__dossier/events" => {
            if ctx.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
                ctx.streams.fetch_sub(1, Ordering::SeqCst);
                let _ =
                    req.respond(Response::from_string("too many streams\n").with_status_code(503));
                return;
            }
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("dossier-events".into())
                .spawn(move || {
                    stream(req, &ctx.hub);
                    ctx.streams.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                // The request went with the closure; the client sees a closed connection.
                eprintln!("warning: cannot start a thread for a live-reload stream");
            }
        }
        _ => serve_file(req, path, ctx),
    }
}

fn serve_file(req: Request, path: &str, ctx: &Ctx) {
    let generation = ctx.hub.generation();
    let timing = format!("dossier;desc=\"{generation}\"");
    let resp: ResponseBox = if generation == 0 {
        // No good build yet: a page that shows the errors, if any, and
        // reloads once the site is built.
        let page = "<!doctype html><meta charset=\"utf-8\"><title>dossier: building</title>\
            <p>The site is being built, or its build failed (the terminal shows why). \
            This page reloads by itself when the site is ready.</p>\
            <script src=\"/__dossier/live.js\"></script>\n";
        with_headers(
            Response::from_string(page).with_status_code(503),
            &[("Content-Type", "text/html; charset=utf-8")],
        )
        .boxed()
    } else {
        match resolve(&ctx.root, path) {
            Resolved::File(file) => match std::fs::File::open(&file) {
                Ok(f) => with_headers(
                    Response::from_file(f),
                    &[("Content-Type", content_type(&file))],
                )
                .boxed(),
                Err(_) => not_found(&ctx.root),
            },
            Resolved::Redirect(to) => with_headers(
                Response::from_string(String::new()).with_status_code(301),
                &[("Location", to.as_str())],
            )
            .boxed(),
            Resolved::NotFound => not_found(&ctx.root),
            Resolved::BadRequest => Response::from_string("bad request\n")
                .with_status_code(400)
                .boxed(),
        }
    };
    let resp = with_headers(
        resp,
        &[
            ("Cache-Control", "no-cache"),
            ("Server-Timing", timing.as_str()),
            ("X-Content-Type-Options", "nosniff"),
        ],
    );
    let _ = req.respond(resp);
}

/// The site's `404.html` with status 404, or a line of text.
fn not_found(root: &Path) -> ResponseBox {
    match std::fs::File::open(root.join(crate::route::Route::NotFound.output())) {
        Ok(f) => with_headers(
            Response::from_file(f).with_status_code(StatusCode(404)),
            &[("Content-Type", "text/html; charset=utf-8")],
        )
        .boxed(),
        Err(_) => Response::from_string("404 not found\n")
            .with_status_code(404)
            .boxed(),
    }
}

/// Streams the build state as server-sent events until the client leaves.
fn stream(req: Request, hub: &Hub) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
        Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    let mut state = hub.snapshot();
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        let msg = format!("data: {}\n\n", state.json);
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
        let seen = state.seq;
        loop {
            match hub.wait(seen, KEEPALIVE) {
                Some(next) => {
                    state = next;
                    break;
                }
                None => {
                    if w.write_all(b": keepalive\n\n")
                        .and_then(|_| w.flush())
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_decode_and_broken_ones_fail() {
        assert_eq!(percent_decode("/a%20b/%2e%2e").as_deref(), Some("/a b/.."));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%e9"), None, "not UTF-8");
        assert_eq!(percent_decode("/%"), None);
    }

    #[test]
    fn resolve_stays_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("site/briefings/x")).unwrap();
        std::fs::write(root.join("site/briefings/x/index.html"), "x").unwrap();
        std::fs::write(root.join("site/index.html"), "home").unwrap();
        std::fs::write(root.join("secret.txt"), "no").unwrap();
        let site = root.join("site");
        let file = |p: &str| Resolved::File(site.join(p));
        assert_eq!(resolve(&site, "/"), file("index.html"));
        assert_eq!(
            resolve(&site, "/briefings/x/"),
            file("briefings/x/index.html")
        );
        assert_eq!(
            resolve(&site, "/briefings/x"),
            Resolved::Redirect("/briefings/x/".into())
        );
        assert_eq!(resolve(&site, "/nope/"), Resolved::NotFound);
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/briefings/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/a\\..\\secret.txt",
            "/%00",
            "relative",
        ] {
            assert_eq!(resolve(&site, bad), Resolved::BadRequest, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("secret.txt"), site.join("link.txt")).unwrap();
            assert_eq!(resolve(&site, "/link.txt"), Resolved::NotFound);
        }
    }

    #[test]
    fn content_types() {
        for (name, ct) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("events.ics", "text/calendar; charset=utf-8"),
            ("events.csv", "text/csv; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.pdf", "application/pdf"),
            ("a.woff2", "font/woff2"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ct, "{name}");
        }
    }
}
