//! Browser tests of the default theme (issue 8), in headless Chromium driven
//! over the DevTools protocol (`--remote-debugging-pipe`, so no port and no
//! websocket): every page type of the example site, plus a briefing made to
//! overflow, loads at 390 px and 1280 px without script or console errors,
//! requests to other hosts or sideways scrolling, and axe-core (vendored in tests/assets/) finds no serious or
//! critical violation in the light or the dark scheme; the charts are there
//! with the right bars and links; the print stylesheet hides navigation and
//! prints source addresses; the filters work from the keyboard; and the CSS
//! and JavaScript of every page stay under 40 KB gzipped.

mod support;

use support::browser;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

const AXE: &str = include_str!("assets/axe.min.js");
const WIDTHS: [u32; 2] = [390, 1280];
const TIMEOUT: Duration = Duration::from_secs(60);

/// One page of each type, and a briefing and an actor made to overflow.
const PAGES: [(&str, &str); 20] = [
    ("home", "/"),
    ("briefing list", "/briefings/"),
    ("briefing list, page 2", "/briefings/page/2/"),
    ("briefing", "/briefings/rare-earths-backgrounder/"),
    ("briefing made to overflow", "/briefings/layout-stress/"),
    ("page", "/about/"),
    ("timeline", "/timeline/"),
    ("timeline year", "/timeline/2024/"),
    ("actor list", "/actors/"),
    ("actor", "/actors/china/"),
    (
        "actor with a long name",
        "/actors/supercalifragilisticexpialidocious-mining-and-refining-holdings-international/",
    ),
    ("place list", "/places/"),
    ("place", "/places/pasni/"),
    ("map", "/map/"),
    ("tag list", "/tags/"),
    ("tag", "/tags/rare-earths/"),
    ("sources", "/sources/"),
    ("search", "/search/"),
    ("search with results", "/search/?q=rare+earth"),
    ("404", "/404.html"),
];

/// The example site at the repository root, with the briefing of
/// tests/fixtures/theme/ added, built into a temporary folder and served by
/// a real static server.
struct Fixture {
    dir: tempfile::TempDir,
    server: support::common::Server,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = support::repo_root();
        support::copy_dir(&root.join("content"), &dir.path().join("content"));
        std::fs::copy(root.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
        support::copy_dir(&support::fixture("theme"), dir.path());
        let options = dossier::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        if let Err(d) = dossier::build(&options) {
            panic!("build failed:\n{}", d.render());
        }
        let server = support::static_server(&dir.path().join("public"));
        Fixture { dir, server }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.server.port)
    }

    fn read(&self, path: &str) -> String {
        let path = path.split('?').next().unwrap_or(path);
        let mut file = self.out().join(path.trim_start_matches('/'));
        if path.ends_with('/') {
            file = file.join("index.html");
        }
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
    }
}

/// Headless Chromium with one tab, spoken to over the DevTools pipe (fd 3 in,
/// fd 4 out, messages ending in NUL). Killed on drop.
struct Browser {
    child: Child,
    input: ChildStdin,
    messages: mpsc::Receiver<Value>,
    backlog: Vec<Value>,
    next_id: u64,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch() -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        // The shell maps our pipes onto the descriptors Chromium reads and writes.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>/dev/null")
            .arg(browser::chromium())
            .args(browser::FLAGS)
            .args(["--hide-scrollbars", "--remote-debugging-pipe"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let input = child.stdin.take().expect("stdin");
        let output = child.stdout.take().expect("stdout");
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            loop {
                let mut buf = Vec::new();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        buf.pop();
                        if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                            if tx.send(v).is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            input,
            messages,
            backlog: Vec::new(),
            next_id: 0,
            session: String::new(),
            _profile: profile,
        };
        let target = browser.call_in(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = browser.call_in(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        browser.call("Network.enable", json!({}));
        browser
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(TIMEOUT)
            .expect("no answer from Chromium (did it start? apt-get install chromium)")
    }

    fn call_in(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).expect("json");
        bytes.push(0);
        self.input
            .write_all(&bytes)
            .and_then(|()| self.input.flush())
            .expect("write to Chromium");
        loop {
            let m = self.receive();
            if m["id"].as_u64() == Some(id) {
                if let Some(e) = m.get("error") {
                    panic!("{method} failed: {e}");
                }
                return m["result"].clone();
            }
            self.backlog.push(m);
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call_in(Some(&session), method, params)
    }

    fn wait_event(&mut self, method: &str) -> Value {
        if let Some(i) = self.backlog.iter().position(|m| m["method"] == method) {
            return self.backlog.remove(i);
        }
        loop {
            let m = self.receive();
            if m["method"] == method {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// Sets the viewport width and the emulated media (`screen` or `print`)
    /// and colour scheme (`light` or `dark`).
    fn emulate(&mut self, width: u32, media: &str, scheme: &str) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// Loads `url`, waits for its load event and a moment for late scripts,
    /// and returns the script errors it threw, the errors it logged to the
    /// console and the requests it made to any other host.
    fn open(&mut self, url: &str) -> Vec<String> {
        let origin: String = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        self.backlog.clear();
        let nav = self.call("Page.navigate", json!({"url": url}));
        assert!(
            nav.get("errorText").is_none(),
            "cannot load {url}: {}",
            nav["errorText"]
        );
        self.wait_event("Page.loadEventFired");
        self.eval("new Promise(r => setTimeout(r, 150))");
        self.backlog
            .iter()
            .filter_map(|m| {
                let p = &m["params"];
                match m["method"].as_str()? {
                    "Runtime.exceptionThrown" => Some(format!(
                        "{} {}",
                        p["exceptionDetails"]["text"].as_str().unwrap_or(""),
                        p["exceptionDetails"]["exception"]["description"]
                            .as_str()
                            .unwrap_or("")
                    )),
                    "Runtime.consoleAPICalled" if p["type"] == "error" => {
                        Some(format!("console error: {}", p["args"]))
                    }
                    "Network.requestWillBeSent" => {
                        let to = p["request"]["url"].as_str().unwrap_or("");
                        let local = to.starts_with(&format!("{origin}/"))
                            || to.starts_with("data:")
                            || to.starts_with("about:");
                        (!local).then(|| format!("request to another host: {to}"))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Evaluates JavaScript in the page (awaiting a promise) and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(d) = r.get("exceptionDetails") {
            panic!(
                "script failed: {d}\n{}",
                &expression[..expression.len().min(200)]
            );
        }
        r["result"]["value"].clone()
    }

    /// Runs axe-core on the page; the serious and critical violations, described.
    fn axe(&mut self) -> Vec<String> {
        if self.eval("typeof axe") != json!("object") {
            self.eval(AXE);
        }
        let v = self.eval(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations\
             .filter(v => v.impact === 'serious' || v.impact === 'critical')\
             .map(v => v.id + ' (' + v.impact + '): ' + v.help + '\\n      ' + v.nodes.slice(0, 5)\
             .map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' ')).join('\\n      ')))",
        );
        v.as_array()
            .expect("axe result")
            .iter()
            .map(|s| s.as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Presses and releases a key, as a keyboard would (`text` for keys that type).
    fn press(&mut self, key: &str, key_code: u32, text: &str) {
        let down = if text.is_empty() {
            "rawKeyDown"
        } else {
            "keyDown"
        };
        for kind in [down, "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": key_code, "text": if kind == "keyUp" { "" } else { text }}),
            );
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Loads every page type at both widths in one scheme; collects every failure.
fn check_pages(site: &Fixture, scheme: &str) -> Vec<String> {
    let mut browser = Browser::launch();
    let mut failures = Vec::new();
    for width in WIDTHS {
        browser.emulate(width, "screen", scheme);
        for (kind, path) in PAGES {
            let at = format!("{kind} ({path}) at {width} px, {scheme}");
            let errors = browser.open(&site.url(path));
            if !errors.is_empty() {
                failures.push(format!("{at}: errors: {errors:?}"));
            }
            let fit = browser.eval(&format!(
                "[document.documentElement.scrollWidth, innerWidth, \
                 [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width} + 1)\
                 .slice(0, 3).map(e => e.tagName + '.' + e.className)]"
            ));
            // With mobile emulation an overflowing page widens the layout
            // viewport, so compare with the width asked for, too.
            let scroll = fit[0].as_u64().unwrap_or(u64::MAX);
            if scroll > u64::from(width) || fit[1].as_u64() != Some(u64::from(width)) {
                failures.push(format!(
                    "{at}: scrolls sideways: scrollWidth {scroll}, innerWidth {}, widest {}",
                    fit[1], fit[2]
                ));
            }
            if browser
                .eval("document.title")
                .as_str()
                .unwrap_or("")
                .is_empty()
            {
                failures.push(format!("{at}: the page has no title (did it load?)"));
            }
            for v in browser.axe() {
                failures.push(format!("{at}: axe: {v}"));
            }
        }
    }
    failures
}

#[test]
fn every_page_type_fits_390_and_1280_px_without_script_errors_or_axe_violations() {
    let site = Fixture::new();
    let failures = check_pages(&site, "light");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_dark_scheme_is_applied_when_emulated_and_keeps_contrast() {
    let site = Fixture::new();
    let mut browser = Browser::launch();
    // Luminance of the page's background and text, in each scheme.
    let colours = "(() => { const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)\
        .map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);\
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };\
        const s = getComputedStyle(document.body); return [lum(s.backgroundColor), lum(s.color)]; })()";
    for (scheme, dark) in [("light", false), ("dark", true)] {
        browser.emulate(1280, "screen", scheme);
        browser.open(&site.url("/"));
        let c = browser.eval(colours);
        let (bg, fg) = (c[0].as_f64().expect("bg"), c[1].as_f64().expect("fg"));
        if dark {
            assert!(
                bg < 0.05 && fg > 0.6,
                "dark scheme: background {bg}, text {fg}"
            );
        } else {
            assert!(
                bg > 0.85 && fg < 0.05,
                "light scheme: background {bg}, text {fg}"
            );
        }
        assert!(
            (bg.max(fg) + 0.05) / (bg.min(fg) + 0.05) >= 7.0,
            "body text contrast"
        );
    }
    drop(browser);
    let failures = check_pages(&site, "dark");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Months from the first to the last month with a dated event, inclusive.
fn month_span(months: &[(i32, u32)]) -> usize {
    let first = months.iter().min().expect("months");
    let last = months.iter().max().expect("months");
    ((last.0 - first.0) * 12 + last.1 as i32 - first.1 as i32 + 1) as usize
}

#[test]
fn charts_have_one_bar_per_month_linked_to_its_month_and_keep_their_size() {
    let site = Fixture::new();
    // Which months have events, from the month headings of the year pages.
    let timeline = site.read("/timeline/");
    let months: Vec<(i32, u32)> = support::attr_values(&timeline, "id")
        .into_iter()
        .filter_map(|id| {
            let (y, m) = id.strip_prefix('y')?.split_once("-m")?;
            Some((y.parse().ok()?, m.parse().ok()?))
        })
        .collect();
    assert!(!months.is_empty());
    let svg = &timeline[timeline
        .find("<svg class=\"density\"")
        .expect("density strip")..];
    let svg = &svg[..svg.find("</svg>").expect("end of svg")];
    assert!(
        svg.contains("aria-label=\"Events per month"),
        "text alternative"
    );
    assert_eq!(
        svg.matches("<rect class=\"fill\"").count(),
        months.len(),
        "one bar per month with events"
    );
    let links = support::attr_values(svg, "href");
    assert_eq!(links.len(), months.len(), "each bar is a link");
    assert!(svg.contains(&format!("data-months=\"{}\"", month_span(&months))));
    // Every bar links to its month's heading on its year page.
    for (href, (y, m)) in links.iter().zip(&months) {
        assert_eq!(*href, format!("/timeline/{y}/#y{y}-m{m:02}"));
        assert!(site
            .read(&format!("/timeline/{y}/"))
            .contains(&format!("id=\"y{y}-m{m:02}\"")));
    }

    let actor = site.read("/actors/china/");
    assert!(actor.contains("<svg class=\"activity\""), "activity chart");
    assert!(actor.contains("aria-label=\"Events naming China per year,"));
    assert!(
        !actor.contains("<svg class=\"network\""),
        "the network is replaced by the ranked list"
    );
    assert!(actor.contains("<ol class=\"co-actors\""), "co-actor list");

    // In the browser: the strip keeps a strip's height at every width, bars
    // are real links with names, the activity chart fits its column.
    let mut browser = Browser::launch();
    for width in WIDTHS {
        browser.emulate(width, "screen", "light");
        browser.open(&site.url("/timeline/"));
        let d = browser.eval(
            "(() => { const s = document.querySelector('svg.density'); const r = s.getBoundingClientRect();\
             const bars = [...s.querySelectorAll('a.bar')];\
             return [r.height, r.width, bars.length, bars.filter(a => a.querySelector('title').textContent.match(/^\\w+ \\d{4}: \\d+ events?$/)).length,\
             Math.max(...bars.map(a => a.querySelector('rect.fill').getBoundingClientRect().height))]; })()",
        );
        let height = d[0].as_f64().expect("height");
        assert!(
            (40.0..=120.0).contains(&height),
            "density strip is {height} px tall at {width} px"
        );
        assert!(d[1].as_f64().expect("width") <= f64::from(width));
        assert_eq!(d[2].as_u64(), Some(months.len() as u64));
        assert_eq!(d[3], d[2], "every bar is named by its month and count");
        assert!(
            d[4].as_f64().expect("bar") >= 40.0,
            "the busiest bar is tall"
        );
        browser.open(&site.url("/actors/china/"));
        let a = browser.eval(
            "(() => { const r = document.querySelector('svg.activity').getBoundingClientRect(); return [r.width, r.height]; })()",
        );
        let (aw, ah) = (
            a[0].as_f64().expect("activity"),
            a[1].as_f64().expect("activity"),
        );
        assert!(
            aw <= f64::from(width) && (100.0..=140.0).contains(&ah),
            "activity chart {aw}×{ah}"
        );
    }
}

#[test]
fn the_print_stylesheet_hides_navigation_and_prints_source_addresses() {
    let site = Fixture::new();
    let mut browser = Browser::launch();
    browser.emulate(1280, "print", "light");
    browser.open(&site.url("/briefings/first-rare-earth-shipment/"));
    let r = browser.eval(
        "(() => { const shown = q => { const e = document.querySelector(q); return e ? getComputedStyle(e).display !== 'none' : null; };\
         const a = document.querySelector('.source-list a[href^=\"http\"]');\
         return [shown('.site-header'), shown('.site-footer'), shown('.prev-next'), shown('.briefing-head'), shown('.source-list'),\
         getComputedStyle(a, '::after').content, a.href, getComputedStyle(document.body).backgroundColor]; })()",
    );
    assert_eq!(r[0], json!(false), "navigation hidden");
    assert_eq!(r[1], json!(false), "footer hidden");
    assert_eq!(r[2], json!(false), "previous/next hidden");
    assert_eq!(r[3], json!(true), "title shown");
    assert_eq!(r[4], json!(true), "sources shown");
    let after = r[5].as_str().expect("::after");
    assert!(
        after.contains(r[6].as_str().expect("href")),
        "the source's address is printed after it: {after}"
    );
    assert_eq!(r[7], json!("rgb(255, 255, 255)"));
}

#[test]
fn the_skip_link_and_the_timeline_filters_work_from_the_keyboard() {
    let site = Fixture::new();
    let mut browser = Browser::launch();
    browser.emulate(1280, "screen", "light");
    browser.open(&site.url("/timeline/"));
    // The first Tab reaches the skip link, which shows itself with a visible focus ring.
    browser.press("Tab", 9, "");
    let skip = browser.eval(
        "(() => { const e = document.activeElement; const r = e.getBoundingClientRect(); const s = getComputedStyle(e);\
         return [e.className, r.top >= 0 && r.bottom <= innerHeight && r.width > 0, s.outlineStyle, e.getAttribute('href')]; })()",
    );
    assert_eq!(skip[0], json!("skip-link"));
    assert_eq!(
        skip[1],
        json!(true),
        "the skip link is on screen when focused"
    );
    assert_ne!(skip[2], json!("none"), "focus is visible");
    assert_eq!(skip[3], json!("#main"));
    browser.press("Enter", 13, "\r");
    // Choose an actor with the arrow keys, then submit with Enter on the button.
    browser.eval("document.getElementById('filter-actor').focus()");
    browser.press("ArrowDown", 40, "");
    let chosen = browser.eval("document.getElementById('filter-actor').value");
    let actor = chosen.as_str().expect("value").to_string();
    assert!(!actor.is_empty(), "the arrow key chose an actor");
    browser.eval("document.querySelector('[data-timeline-filter] button[type=submit]').focus()");
    browser.press("Enter", 13, "\r");
    let state = browser.eval(
        "new Promise(r => setTimeout(() => r([location.search, document.querySelector('[data-filter-status]').textContent,\
         [...document.querySelectorAll('[data-timeline] .lines > li')].filter(li => !li.hidden).map(li => [...li.querySelectorAll(':scope > span:not([class]) a')].map(a => a.getAttribute('href')).join(' ')),\
         !document.querySelector('[data-filter-clear]').hidden]), 100))",
    );
    assert_eq!(state[0], json!(format!("?actor={actor}")));
    assert!(state[1].as_str().expect("status").contains("match"));
    let shown = state[2].as_array().expect("events");
    assert!(!shown.is_empty());
    // Every event shown names the actor chosen (its link in the line).
    let link = format!("/actors/{actor}/");
    assert!(shown.iter().all(|a| a
        .as_str()
        .unwrap_or("")
        .split_whitespace()
        .any(|x| x.ends_with(&link))));
    assert_eq!(state[3], json!(true), "a way to clear the filter appears");
}

/// The gzipped size of a file of the built site.
fn gzipped(path: &Path) -> usize {
    let out = Command::new("gzip")
        .args(["-c", "-6"])
        .arg(path)
        .output()
        .expect("gzip");
    assert!(out.status.success());
    out.stdout.len()
}

#[test]
fn the_css_and_javascript_of_every_page_stay_under_40_kb_gzipped() {
    let site = Fixture::new();
    let mut report = Vec::new();
    for (kind, path) in PAGES {
        let html = site.read(path);
        let mut assets: Vec<&str> = Vec::new();
        for tag in html.split('<').skip(1) {
            if tag.starts_with("link ") && tag.contains("rel=\"stylesheet\"") {
                assets.extend(support::attr_values(tag, "href"));
            } else if tag.starts_with("script ") {
                assets.extend(support::attr_values(tag, "src"));
            }
        }
        let mut total = 0;
        for a in &assets {
            assert!(a.starts_with('/'), "{kind}: asset {a} is local");
            let file = site.out().join(a.trim_start_matches('/'));
            // A script another part of the build may not have written yet is
            // not counted; every stylesheet must exist.
            if file.exists() {
                total += gzipped(&file);
            } else {
                assert!(a.ends_with(".js"), "{kind}: {a} is missing");
            }
        }
        // Inline scripts and styles count too.
        let inline: usize = html
            .split("<style")
            .skip(1)
            .map(|s| s.find("</style>").unwrap_or(0))
            .sum();
        total += inline;
        report.push(format!("{kind:<28} {:>6} B  {}", total, assets.join(" ")));
        assert!(
            total < 40 * 1024,
            "{kind}: {total} bytes of CSS and JS, gzipped"
        );
    }
    println!("CSS + JS per page, gzipped:\n{}", report.join("\n"));
}
