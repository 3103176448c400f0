//! `dossier serve` (issue 5): the incremental builder against full builds,
//! and the real binary on a free port — pages, live edits, broken edits and
//! their overlay data, deletions, traversal attempts, a busy port, many
//! concurrent clients and Ctrl-C; and the overlay in headless Chromium
//! (required, as for the search browser test: `apt-get install chromium`).
//!
//! Waits are bounded polls for a condition, never timing assertions.

mod browser;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dossier::serve::builder::SiteBuilder;
use dossier::BuildOptions;

const WAIT: Duration = Duration::from_secs(30);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Every file below `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn assert_same_tree(served: &Path, full: &Path, step: &str) {
    let a = tree(served);
    let b = tree(full);
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{step}: only served: {only_a:?}; only in the full build: {only_b:?}"
    );
    let differ: Vec<_> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "{step}: files differ: {differ:?}");
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn full_build(root: &Path, out: &Path, base_url: &str) {
    let _ = std::fs::remove_dir_all(out);
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: Some(base_url.to_string()),
        drafts: false,
        live_reload: true,
        progress: false,
        keep_old_output: false,
        force: false,
    };
    if let Err(d) = dossier::build(&opts) {
        panic!("full build failed:\n{}", d.render());
    }
}

// ---------------------------------------------------------------------------
// The incremental builder, in process.

#[test]
fn incremental_rebuilds_are_byte_identical_to_full_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let url = "http://127.0.0.1:1111/";
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some(url.into()),
        drafts: false,
        live_reload: true,
        progress: false,
        keep_old_output: false,
        force: false,
    };
    let mut builder = SiteBuilder::new(opts, &tmp.path().join("serve")).unwrap();
    let served = builder.site_dir().to_path_buf();
    let full = tmp.path().join("full");
    let first = builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(first.all_pages);
    full_build(&root, &full, url);
    assert_same_tree(&served, &full, "first build");

    let port = "content/briefings/2024-03-01-port-opens.md";
    let tariff = "content/briefings/2025-05-10-tariff-dispute.md";
    let dredge = "content/briefings/2025-10-20-dredging-plan.md";
    let new = "content/briefings/2025-10-30-new-berth.md";
    type Step<'a> = (&'a str, Box<dyn Fn(&Path)>);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Box::new(move |r| edit(r, port, "this decade.", "this decade, by far.")),
        ),
        (
            "title edit",
            Box::new(move |r| edit(r, dredge, "A plan to dredge", "A bold plan to dredge")),
        ),
        (
            "event title edit",
            Box::new(move |r| edit(r, tariff, "Tariffs rise", "Tariffs rise sharply")),
        ),
        (
            "event moves to another year",
            Box::new(move |r| edit(r, tariff, "date = \"2025-04\"", "date = \"2024-11\"")),
        ),
        (
            "event gains a new actor",
            Box::new(move |r| {
                edit(
                    r,
                    tariff,
                    "actors = [\"HA\", \"Atlantis\"]",
                    "actors = [\"HA\", \"Atlantis\", \"Dock Workers Union\"]",
                )
            }),
        ),
        (
            "tag added",
            Box::new(move |r| {
                edit(
                    r,
                    dredge,
                    "tags = [\"ports\"]",
                    "tags = [\"ports\", \"dredging\"]",
                )
            }),
        ),
        (
            "briefing added",
            Box::new(move |r| {
                std::fs::write(
                    r.join(new),
                    "+++\ntitle = \"A new berth\"\ndate = 2025-10-30\nactors = [\"Atlantis\"]\n\n[[events]]\ndate = \"2025-10-29\"\ntitle = \"Berth approved\"\n+++\nA new berth for [[Atlantis]].\n",
                )
                .unwrap()
            }),
        ),
        (
            "briefing deleted",
            Box::new(move |r| std::fs::remove_file(r.join(new)).unwrap()),
        ),
        (
            "profile body edit",
            Box::new(|r| {
                edit(
                    r,
                    "content/actors/harbor-authority.md",
                    "Runs the port",
                    "Runs and polices the port",
                )
            }),
        ),
        (
            "profile alias added",
            Box::new(|r| {
                edit(
                    r,
                    "content/actors/atlantis.md",
                    "[\"Republic of Atlantis\"]",
                    "[\"Republic of Atlantis\", \"Atlantean Republic\"]",
                )
            }),
        ),
        (
            "page edit",
            Box::new(|r| {
                edit(
                    r,
                    "content/pages/about.md",
                    "can be tested",
                    "can be tested well",
                )
            }),
        ),
        (
            "asset edit",
            Box::new(|r| edit(r, "content/briefings/map.svg", "width=\"4\"", "width=\"5\"")),
        ),
        (
            "template override",
            Box::new(|r| {
                let theme = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default/templates/page.html");
                let text = std::fs::read_to_string(theme).unwrap();
                std::fs::create_dir_all(r.join("templates")).unwrap();
                // Inside the block: Tera 2 refuses text outside the blocks
                // of a template that extends another (Tera 1 dropped it).
                std::fs::write(
                    r.join("templates/page.html"),
                    text.replace(
                        "{% endblock content %}",
                        "<!-- override -->\n{% endblock content %}",
                    ),
                )
                .unwrap();
            }),
        ),
        (
            "static file added",
            Box::new(|r| {
                std::fs::create_dir_all(r.join("static")).unwrap();
                std::fs::write(r.join("static/extra.css"), "body { color: teal; }\n").unwrap();
            }),
        ),
        (
            "site.toml edit",
            Box::new(|r| edit(r, "site.toml", "Serve Fixture Desk", "Serve Fixture Bureau")),
        ),
    ];
    for (name, apply) in &steps {
        apply(&root);
        // What the watcher would report.
        for rel in [
            port,
            tariff,
            dredge,
            new,
            "content/actors/harbor-authority.md",
            "content/actors/atlantis.md",
            "content/pages/about.md",
            "site.toml",
        ] {
            builder.invalidate(Path::new(rel));
        }
        let r = builder
            .rebuild()
            .unwrap_or_else(|d| panic!("{name}: rebuild failed:\n{}", d.render()));
        full_build(&root, &full, url);
        assert_same_tree(&served, &full, name);
        match *name {
            "body edit" => {
                assert_eq!(r.work.parsed, 1, "{name}: only the edited file is parsed");
                assert_eq!(r.pages_rendered, 1, "{name}: only its page is rendered");
                assert!(r
                    .changed
                    .contains(&"briefings/port-opens/index.html".to_string()));
            }
            "title edit" | "event title edit" => {
                assert_eq!(r.work.parsed, 1, "{name}");
                assert!(!r.all_pages, "{name}: not every page");
                assert!(r.pages_rendered < r.pages_total, "{name}");
            }
            "page edit" => assert_eq!(r.pages_rendered, 1, "{name}"),
            "template override" | "site.toml edit" => assert!(r.all_pages, "{name}"),
            _ => {}
        }
    }

    // A broken edit changes nothing; fixing it brings the site back.
    let before = tree(&served);
    edit(&root, dredge, "date = 2025-10-20", "date = 2025-10-2x");
    builder.invalidate(Path::new(dredge));
    let err = builder
        .rebuild()
        .expect_err("a broken date fails the build");
    assert!(
        err.render()
            .contains("content/briefings/2025-10-20-dredging-plan.md:3:"),
        "{}",
        err.render()
    );
    assert!(
        before == tree(&served),
        "a failed build must not touch the served files"
    );
    edit(&root, dredge, "date = 2025-10-2x", "date = 2025-10-20");
    builder.invalidate(Path::new(dredge));
    builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));
    full_build(&root, &full, url);
    assert_same_tree(&served, &full, "after fixing the broken edit");

    // Touching a file without changing it changes nothing.
    let text = std::fs::read(root.join(port)).unwrap();
    std::fs::write(root.join(port), text).unwrap();
    builder.invalidate(Path::new(port));
    let r = builder.rebuild().unwrap();
    assert!(r.changed.is_empty(), "{:?}", r.changed);
    assert_eq!(r.pages_rendered, 0);
}

/// With every change reported (as the watcher does), edits to briefings
/// alone patch the last good site; anything that may reach further loads
/// it again. Either way the served folder equals a full build.
#[test]
fn patched_rebuilds_are_byte_identical_to_full_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let url = "http://127.0.0.1:1111/";
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some(url.into()),
        drafts: false,
        live_reload: true,
        progress: false,
        keep_old_output: false,
        force: false,
    };
    let mut builder = SiteBuilder::new(opts, &tmp.path().join("serve")).unwrap();
    builder.trust_reports();
    let served = builder.site_dir().to_path_buf();
    let full = tmp.path().join("full");
    builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));

    let port = "content/briefings/2024-03-01-port-opens.md";
    let tariff = "content/briefings/2025-05-10-tariff-dispute.md";
    let dredge = "content/briefings/2025-10-20-dredging-plan.md";
    let backup = "content/briefings/2025-10-20-dredging-plan.md~";
    let atlantis = "content/actors/atlantis.md";
    // (name, edit, the paths the watcher reports, how the build goes)
    #[derive(Debug, PartialEq)]
    enum How {
        /// Patched, index kept.
        Kept,
        /// Patched, index built again.
        Reindexed,
        /// Loaded again.
        Loaded,
    }
    type Step<'a> = (&'a str, Box<dyn Fn(&Path)>, Vec<&'a str>, How);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Box::new(move |r| edit(r, port, "this decade.", "this decade, by far.")),
            vec![port],
            How::Kept,
        ),
        (
            "title edit",
            Box::new(move |r| edit(r, dredge, "A plan to dredge", "A bold plan to dredge")),
            vec![dredge],
            How::Kept,
        ),
        (
            "event title and source title edit",
            Box::new(move |r| {
                edit(r, tariff, "Tariffs rise", "Tariffs rise sharply");
                edit(r, dredge, "Dredging plan published", "Dredging plan out");
            }),
            vec![tariff, dredge],
            How::Kept,
        ),
        (
            "unchanged file reported",
            Box::new(|_| {}),
            vec![port],
            How::Kept,
        ),
        (
            "editor backup written",
            Box::new(move |r| std::fs::write(r.join(backup), "junk").unwrap()),
            vec![backup],
            How::Kept,
        ),
        (
            "temporary file came and went",
            Box::new(|_| {}),
            vec!["content/briefings/sedX1b2c3"],
            How::Kept,
        ),
        (
            "temporary file came and went",
            Box::new(|_| {}),
            vec!["content/briefings/sedX1b2c3"],
            How::Kept,
        ),
        (
            "tag added",
            Box::new(move |r| {
                edit(
                    r,
                    dredge,
                    "tags = [\"ports\"]",
                    "tags = [\"ports\", \"dredging\"]",
                )
            }),
            vec![dredge],
            How::Reindexed,
        ),
        (
            "event moves to another year",
            Box::new(move |r| edit(r, tariff, "date = \"2025-04\"", "date = \"2024-11\"")),
            vec![tariff],
            How::Reindexed,
        ),
        (
            "body names a new actor",
            Box::new(move |r| {
                edit(
                    r,
                    dredge,
                    "a deeper channel",
                    "a deeper channel, says [[Port Pilots]],",
                )
            }),
            vec![dredge],
            How::Loaded,
        ),
        (
            "event gains a new actor",
            Box::new(move |r| {
                edit(
                    r,
                    tariff,
                    "actors = [\"HA\", \"Atlantis\"]",
                    "actors = [\"HA\", \"Atlantis\", \"Dock Workers Union\"]",
                )
            }),
            vec![tariff],
            How::Loaded,
        ),
        (
            "briefing date changes",
            Box::new(move |r| edit(r, port, "date = 2024-03-01", "date = 2024-03-02")),
            vec![port],
            How::Loaded,
        ),
        (
            "profile alias added",
            Box::new(move |r| {
                edit(
                    r,
                    atlantis,
                    "[\"Republic of Atlantis\"]",
                    "[\"Republic of Atlantis\", \"Atlantean Republic\"]",
                )
            }),
            vec![atlantis],
            How::Loaded,
        ),
        (
            "briefing deleted",
            Box::new(move |r| std::fs::remove_file(r.join(tariff)).unwrap()),
            vec![tariff],
            How::Loaded,
        ),
        (
            "body edit after a load",
            Box::new(move |r| edit(r, port, "by far.", "by far and away.")),
            vec![port],
            How::Kept,
        ),
    ];
    for (name, apply, reported, how) in &steps {
        apply(&root);
        for rel in reported {
            builder.invalidate(Path::new(rel));
        }
        let r = builder
            .rebuild()
            .unwrap_or_else(|d| panic!("{name}: rebuild failed:\n{}", d.render()));
        full_build(&root, &full, url);
        assert_same_tree(&served, &full, name);
        let got = match (r.patched, r.reindexed) {
            (true, false) => How::Kept,
            (true, true) => How::Reindexed,
            _ => How::Loaded,
        };
        assert_eq!(&got, how, "{name}");
        if *how == How::Kept {
            assert!(!r.all_pages, "{name}: not every page");
            assert!(
                r.fragments_rendered < r.events,
                "{name}: only the events of edited briefings are rendered again"
            );
        }
        if *name == "body edit" {
            assert_eq!(r.work.parsed, 1, "{name}");
            assert_eq!(r.pages_rendered, 1, "{name}: only its page");
            assert_eq!(r.fragments_rendered, 2, "{name}: only its two events");
        }
    }

    // A broken edit fails and changes nothing; an edit elsewhere meanwhile
    // does not hide it; fixing it brings the site back.
    let before = tree(&served);
    edit(&root, dredge, "date = 2025-10-20", "date = 2025-10-2x");
    builder.invalidate(Path::new(dredge));
    assert!(builder.rebuild().is_err(), "a broken date fails the build");
    edit(&root, port, "by far and away.", "by far.");
    builder.invalidate(Path::new(port));
    let err = builder
        .rebuild()
        .expect_err("the broken file is still broken");
    assert!(
        err.render().contains("2025-10-20-dredging-plan.md:3:"),
        "{}",
        err.render()
    );
    assert!(
        before == tree(&served),
        "a failed build must not touch the served files"
    );
    edit(&root, dredge, "date = 2025-10-2x", "date = 2025-10-20");
    builder.invalidate(Path::new(dredge));
    builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));
    full_build(&root, &full, url);
    assert_same_tree(&served, &full, "after fixing the broken edit");
}

#[test]
fn feeds_and_data_left_for_later_catch_up_on_the_next_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let url = "http://127.0.0.1:1111/";
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some(url.into()),
        drafts: false,
        live_reload: true,
        progress: false,
        keep_old_output: false,
        force: false,
    };
    let mut builder = SiteBuilder::new(opts, &tmp.path().join("serve")).unwrap();
    builder.stage_in(&tmp.path().join("stage")).unwrap();
    let more_edits = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    builder.defer_other_when(more_edits.clone());
    builder.rebuild().unwrap();
    let served = builder.site_dir().to_path_buf();
    let feed_before = std::fs::read(served.join("atom.xml")).unwrap();

    let rel = "content/briefings/2025-10-20-dredging-plan.md";
    edit(
        &root,
        rel,
        "A plan to dredge the harbor",
        "Dredging postponed",
    );
    builder.invalidate(Path::new(rel));
    more_edits.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut ready = Vec::new();
    let r = builder.rebuild_with(&mut |c| ready = c.to_vec()).unwrap();
    assert!(r.other_deferred);
    assert!(
        ready.contains(&"briefings/dredging-plan/index.html".to_string()),
        "{ready:?}"
    );
    let page = std::fs::read_to_string(served.join("briefings/dredging-plan/index.html")).unwrap();
    assert!(page.contains("Dredging postponed"));
    assert_eq!(
        std::fs::read(served.join("atom.xml")).unwrap(),
        feed_before,
        "the feed waits"
    );

    more_edits.store(false, std::sync::atomic::Ordering::SeqCst);
    let r = builder.rebuild().unwrap();
    assert!(!r.other_deferred);
    assert!(
        r.changed.contains(&"atom.xml".to_string()),
        "{:?}",
        r.changed
    );
    let full = tmp.path().join("full");
    full_build(&root, &full, url);
    assert_same_tree(&served, &full, "after the deferred build");
}

// ---------------------------------------------------------------------------
// The real binary.

/// A running `dossier serve`, killed when dropped.
struct Serve {
    child: Child,
    addr: SocketAddr,
    url: String,
    stderr: Arc<Mutex<String>>,
    tmp: PathBuf,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Starts `dossier serve --port 0` on `root` with TMPDIR=`tmp`.
    fn start(root: &Path, tmp: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("TMPDIR", tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let err = Arc::new(Mutex::new(String::new()));
        let sink = err.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut serve = Serve {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            url: String::new(),
            stderr: err,
            tmp: tmp.to_path_buf(),
        };
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("no Serving line; stderr:\n{}", serve.stderr()));
        assert!(
            line.starts_with("Serving http://") && line.contains("Ctrl-C"),
            "{line}"
        );
        serve.url = line.split_whitespace().nth(1).unwrap().to_string();
        let host = serve
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/');
        serve.addr = host.parse().unwrap();
        serve
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        raw_request(
            self.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        )
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__dossier/status").body).unwrap()
    }

    fn served_dir(&self) -> PathBuf {
        self.tmp
            .join(format!("dossier-serve-{}", self.child.id()))
            .join("site")
    }
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn raw_request(addr: SocketAddr, request: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let body = bytes.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response { status, head, body }
}

/// Reads the first `data:` line of the event stream.
fn first_event(addr: SocketAddr) -> (TcpStream, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"GET /__dossier/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("event stream closed");
        }
        if let Some(data) = line.strip_prefix("data: ") {
            return (s, data.trim().to_string());
        }
    }
}

fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting until {what}");
}

#[test]
fn serve_previews_edits_errors_and_deletions() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let serve = Serve::start(&root, tmp.path());
    let page = "/briefings/dredging-plan/";

    // A page, with the live-reload script; the script itself.
    let r = serve.get(page);
    assert_eq!(r.status, 200, "{}", r.head);
    assert!(
        r.head.contains("Content-Type: text/html; charset=utf-8"),
        "{}",
        r.head
    );
    assert!(r.text().contains("A plan to dredge the harbor"));
    assert!(r
        .text()
        .contains("<script src=\"/__dossier/live.js\" defer></script></body>"));
    let js = serve.get("/__dossier/live.js");
    assert!(js.head.contains("text/javascript"), "{}", js.head);
    assert!(js.text().contains("EventSource"));
    assert!(
        !serve.served_dir().join("__dossier").exists(),
        "the script is not written into the site"
    );
    for (path, ct) in [
        ("/style.css", "text/css"),
        ("/briefings/dredging-plan/map.svg", "image/svg+xml"),
        ("/highlight.css", "text/css"),
    ] {
        let r = serve.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.head.contains(ct), "{path}: {}", r.head);
    }
    let r = serve.get("/briefings");
    assert_eq!(r.status, 301);
    assert!(r.head.contains("Location: /briefings/"), "{}", r.head);

    // An edit shows up.
    let rel = "content/briefings/2025-10-20-dredging-plan.md";
    edit(
        &root,
        rel,
        "A plan to dredge the harbor",
        "Dredging postponed",
    );
    wait_until("the new title is served", || {
        serve.get(page).text().contains("Dredging postponed")
    });
    wait_until("the rebuild is reported", || {
        serve.stderr().contains("rebuilt in ")
    });

    // A broken edit: the terminal and the overlay data name file:line:col.
    edit(&root, rel, "date = 2025-10-20", "date = 2025-10-2x");
    wait_until("the status reports the error", || {
        serve.status()["ok"] == false
    });
    let status = serve.status();
    let location = status["errors"][0]["location"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        location.starts_with("content/briefings/2025-10-20-dredging-plan.md:3:"),
        "{status}"
    );
    assert!(!status["errors"][0]["message"].as_str().unwrap().is_empty());
    let (_stream, data) = first_event(serve.addr);
    assert!(
        data.contains("\"ok\":false") && data.contains(&location),
        "{data}"
    );
    wait_until("stderr shows the diagnostic", || {
        serve.stderr().contains(&format!("{location}: error:"))
    });
    // The last good build is still served.
    let r = serve.get(page);
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Dredging postponed"));

    // Fixing it recovers.
    edit(&root, rel, "date = 2025-10-2x", "date = 2025-10-20");
    wait_until("the status is good again", || serve.status()["ok"] == true);
    wait_until("stderr says the errors are fixed", || {
        serve.stderr().contains("the errors are fixed")
    });

    // A deleted briefing's page is gone: 404 with the site's 404 page.
    std::fs::remove_file(root.join(rel)).unwrap();
    wait_until("the deleted page is a 404", || {
        serve.get(page).status == 404
    });
    let r = serve.get(page);
    assert!(r.text().contains("<html"), "the site's 404.html is served");
    let r = serve.get("/no/such/page/");
    assert_eq!(r.status, 404);

    // A new briefing appears; a renamed one moves to its new URL.
    std::fs::write(
        root.join("content/briefings/2025-10-30-new-berth.md"),
        "+++\ntitle = \"A new berth\"\ndate = 2025-10-30\n+++\nA new berth.\n",
    )
    .unwrap();
    wait_until("the new briefing is served", || {
        serve.get("/briefings/new-berth/").status == 200
    });
    std::fs::rename(
        root.join("content/briefings/2025-10-30-new-berth.md"),
        root.join("content/briefings/2025-10-30-second-berth.md"),
    )
    .unwrap();
    wait_until("the renamed briefing moved", || {
        serve.get("/briefings/second-berth/").status == 200
            && serve.get("/briefings/new-berth/").status == 404
    });

    // The served folder equals a full build with the same base_url.
    let full = tmp.path().join("full");
    full_build(&root, &full, &serve.url);
    // Feeds and data follow the pages: wait for them, then compare.
    let expected = tree(&full);
    let start = Instant::now();
    while tree(&serve.served_dir()) != expected && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_same_tree(&serve.served_dir(), &full, "serve after edits");

    // Traversal attempts are refused.
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    for target in [
        "/../../etc/passwd",
        "/../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/secret.txt",
        "/briefings/..%2f..%2fsecret.txt",
    ] {
        let r = raw_request(
            serve.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.head);
        let text = r.text();
        assert!(
            !text.contains("root:") && !text.contains("secret"),
            "{target} leaked"
        );
    }
}

#[test]
fn serve_answers_many_clients_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let serve = Serve::start(&root, tmp.path());
    // Open tabs hold event streams...
    let streams: Vec<_> = (0..40).map(|_| first_event(serve.addr)).collect();
    assert!(streams.iter().all(|(_, d)| d.contains("\"ok\":true")));
    // ...and 32 clients at once still get their pages.
    let addr = serve.addr;
    let clients: Vec<_> = (0..32)
        .map(|i| {
            std::thread::spawn(move || {
                let path = ["/", "/timeline/", "/actors/atlantis/", "/style.css"][i % 4];
                raw_request(
                    addr,
                    &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                )
                .status
            })
        })
        .collect();
    let codes: Vec<u16> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    assert!(codes.iter().all(|&c| c == 200), "{codes:?}");
    drop(streams);
}

#[test]
fn serve_refuses_a_busy_port() {
    let tmp = tempfile::tempdir().unwrap();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port, "--root"])
        .arg(fixture())
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "no temporary folder is left"
    );
}

#[test]
fn serve_groups_repeated_warnings_like_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    for i in 0..40 {
        std::fs::write(
            root.join(format!("content/briefings/2024-01-01-ghost-{i}.md")),
            format!("+++\ntitle = \"Ghost {i}\"\ndate = 2024-01-01\nactors = [\"Ghost Corp\"]\n+++\nSee [[Ghost Corp]].\n"),
        )
        .unwrap();
    }
    let serve = Serve::start(&root, tmp.path());
    wait_until("the summary of warnings is printed", || {
        serve.stderr().contains("warnings: ")
    });
    let err = serve.stderr();
    assert!(
        err.lines()
            .any(|l| l == "warning: no actor profile matches `Ghost Corp` (80 references)"),
        "{err}"
    );
    assert!(
        !err.contains(": warning: no actor profile matches `Ghost Corp`"),
        "one entry, not one per reference:\n{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("warnings: 80 implicit-actor references")),
        "{err}"
    );
}

#[test]
fn serve_starts_on_a_broken_site_and_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let rel = "content/briefings/2024-03-01-port-opens.md";
    edit(
        &root,
        rel,
        "title = \"The new port opens\"",
        "title = The new port opens",
    );
    let serve = Serve::start(&root, tmp.path());
    wait_until("stderr names the broken line", || {
        serve
            .stderr()
            .contains("content/briefings/2024-03-01-port-opens.md:2:")
    });
    let r = serve.get("/");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("/__dossier/live.js"));
    assert_eq!(serve.status()["ok"], false);
    edit(
        &root,
        rel,
        "title = The new port opens",
        "title = \"The new port opens\"",
    );
    wait_until("the site is served", || serve.get("/").status == 200);
    assert_eq!(serve.status()["ok"], true);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_at_once_and_removes_the_temporary_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let mut serve = Serve::start(&root, tmp.path());
    let dir = serve.served_dir();
    assert!(dir.join("index.html").is_file());
    let pid = serve.child.id().to_string();
    let ok = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(ok.success());
    let mut exited = None;
    wait_until("the server exits", || {
        exited = serve.child.try_wait().unwrap();
        exited.is_some()
    });
    assert_eq!(exited.and_then(|s| s.code()), Some(0));
    assert!(
        !dir.parent().unwrap().exists(),
        "the temporary folder is removed"
    );
}

/// The DOM of `url` once loaded, scripts run.
fn dump_dom(url: &str, profile: &Path) -> String {
    let mut child = Command::new(browser::chromium())
        .args(browser::FLAGS)
        .arg("--dump-dom")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not load {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_overlay_lists_errors_over_the_page_in_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    let serve = Serve::start(&root, tmp.path());
    let page = format!("{}briefings/port-opens/", serve.url);

    // An unknown key whose name is markup: the message quotes it.
    let rel = "content/briefings/2025-10-20-dredging-plan.md";
    let key = "\"<img src=x onerror=alert(1)>\" = 1";
    edit(
        &root,
        rel,
        "tags = [\"ports\"]",
        &format!("tags = [\"ports\"]\n{key}"),
    );
    wait_until("the status reports the error", || {
        serve.status()["ok"] == false
    });
    let status = serve.status();
    let location = status["errors"][0]["location"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(location.starts_with(&format!("{rel}:5:")), "{status}");
    assert!(status.to_string().contains("<img src=x"), "{status}");

    let dom = dump_dom(&page, &tmp.path().join("profile-broken"));
    assert!(
        dom.contains("The new port opens"),
        "the last good page is shown: {dom}"
    );
    assert!(dom.contains("id=\"dossier-overlay\""), "{dom}");
    assert!(dom.contains(&location), "{dom}");
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"), "{dom}");
    assert!(
        !dom.contains("<img src=x"),
        "the message is text, not markup: {dom}"
    );

    // Fixed: no overlay.
    edit(&root, rel, &format!("\n{key}"), "");
    wait_until("the status is good again", || serve.status()["ok"] == true);
    let dom = dump_dom(&page, &tmp.path().join("profile-fixed"));
    assert!(dom.contains("The new port opens"), "{dom}");
    assert!(!dom.contains("dossier-overlay"), "{dom}");
}
