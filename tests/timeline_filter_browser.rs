//! Issue 14, item 4: the timeline filter, run by a real browser. Headless
//! Chromium opens `/timeline/?actor=…&tag=…` (and the year pages) of the
//! example site, and of the same site split into year pages, served under a
//! path prefix. A small harness page loads the timeline in a frame and
//! reports what the reader sees: the events that are laid out (not hidden
//! by the filter, by CSS or by a hidden year or month), the stated counts of
//! the status line, year headings and year links. The expected events are
//! computed here from `/data/events.json`, never from the page's script.
//! A third site, generated, has years cut into several pages by the page
//! budget.

mod browser;
mod common;
mod generated;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

const PREFIX: &str = "/site/";

/// Loads `?u=<page>` in a frame, waits until the filter says it is done,
/// and writes what is laid out into `#result` as JSON.
const HARNESS: &str = r#"<!doctype html><html><body>
<iframe id="f" style="width:1200px;height:800px"></iframe><pre id="result"></pre>
<script>
var f = document.getElementById("f"), tries = 0;
function shown(n) { return n.getClientRects().length > 0; }
function poll() {
  var d = f.contentDocument;
  if (!d || !d.querySelector("[data-filter-ready]")) {
    if (tries++ < 400) { setTimeout(poll, 50); return; }
  }
  var events = [], years = [], nav = {}, links = [];
  d.querySelectorAll(".lines > li").forEach(function (li) { if (shown(li)) events.push(li.id); });
  d.querySelectorAll("section.year").forEach(function (s) {
    if (!shown(s)) return;
    var head = s.querySelector(".year-head");
    var n = Array.prototype.filter.call(s.querySelectorAll(".lines > li"), shown).length;
    years.push([head.firstChild.textContent.trim(), head.querySelector(".count").textContent, n]);
  });
  d.querySelectorAll("[data-year-count]").forEach(function (c) { nav[c.getAttribute("data-year-count")] = c.textContent; });
  d.querySelectorAll("nav.years:not(.months) a").forEach(function (a) { links.push(a.getAttribute("href")); });
  var status = d.querySelector("[data-filter-status]");
  document.getElementById("result").textContent = JSON.stringify({
    ready: !!d.querySelector("[data-filter-ready]"), events: events, years: years, nav: nav,
    links: links, status: status ? status.textContent : null });
}
f.onload = poll;
f.src = new URLSearchParams(location.search).get("u");
</script></body></html>"#;

/// What the harness saw on one page.
struct Seen {
    events: Vec<String>,
    /// Each laid-out year: its heading, its stated count, its events shown.
    years: Vec<(String, String, usize)>,
    /// The count beside each year link.
    nav: BTreeMap<String, String>,
    links: Vec<String>,
    status: String,
}

/// One event of `/data/events.json`: uid, year, actor ids and tag slugs.
struct Expected {
    uid: String,
    year: String,
    actors: Vec<String>,
    tags: Vec<String>,
}

struct Session {
    tmp: tempfile::TempDir,
    server: common::Server,
    events: Vec<Expected>,
}

/// The slug of a tag name, as URLs spell it (the example's tags are ASCII).
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Session {
    fn start(root: &Path) -> Session {
        let tmp = tempfile::tempdir().expect("tempdir");
        let port = common::free_port();
        let server = common::Server::start(tmp.path(), port);
        let out = tmp.path().join(PREFIX.trim_matches('/'));
        common::build(root, &out, Some(format!("{}{PREFIX}", server.origin())));
        std::fs::write(tmp.path().join("harness.html"), HARNESS).expect("write harness");
        let data: Value = serde_json::from_slice(
            &std::fs::read(out.join("data/events.json")).expect("data/events.json"),
        )
        .expect("events.json is JSON");
        let briefings: Value = serde_json::from_slice(
            &std::fs::read(out.join("data/briefings.json")).expect("data/briefings.json"),
        )
        .expect("briefings.json is JSON");
        let list = |v: &Value, f: &dyn Fn(&str) -> String| -> Vec<String> {
            v.as_array()
                .expect("an array")
                .iter()
                .map(|x| f(x.as_str().expect("a string")))
                .collect()
        };
        let events = data["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| Expected {
                uid: e["uid"].as_str().expect("uid").to_string(),
                year: e["first_day"].as_str().expect("first_day")[..4].to_string(),
                actors: list(&e["actors"], &|s| s.to_string()),
                tags: common::event_tags(&briefings, e)
                    .iter()
                    .map(|t| slug(t))
                    .collect(),
            })
            .collect();
        Session {
            tmp,
            server,
            events,
        }
    }

    /// The uids of the events matching `query` (`actor=a&tag=t`), by year.
    fn expected(&self, query: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut by_year: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in &self.events {
            let ok = query.split('&').all(|kv| match kv.split_once('=') {
                Some(("actor", a)) => e.actors.iter().any(|x| x == a),
                Some(("tag", t)) => e.tags.iter().any(|x| x == t),
                _ => panic!("bad query {query}"),
            });
            if ok {
                by_year
                    .entry(e.year.clone())
                    .or_default()
                    .insert(e.uid.clone());
            }
        }
        by_year
    }

    fn years(&self) -> BTreeSet<String> {
        self.events.iter().map(|e| e.year.clone()).collect()
    }

    /// What a reader sees at `page` (a path under the prefix, with query).
    fn see(&self, page: &str) -> Seen {
        let target = format!("{PREFIX}{page}");
        let url = format!(
            "{}/harness.html?u={}",
            self.server.origin(),
            common::encode(&target)
        );
        let profile = self
            .tmp
            .path()
            .join(format!("profile-{}", common::encode(page)));
        let user_data = format!("--user-data-dir={}", profile.display());
        let dom = browser::run(
            &["--virtual-time-budget=30000", "--dump-dom", &user_data],
            &url,
            Duration::from_secs(120),
        );
        let open = dom
            .find("<pre id=\"result\">")
            .unwrap_or_else(|| panic!("no harness result for {target}: {dom}"))
            + "<pre id=\"result\">".len();
        let close = open + dom[open..].find("</pre>").expect("end of the result");
        let json = common::unescape_html(&dom[open..close]);
        let v: Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("harness result for {target} is not JSON ({e}): {json}"));
        assert_eq!(v["ready"], true, "the filter never finished on {target}");
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .expect("array")
                .iter()
                .map(|s| s.as_str().expect("string").to_string())
                .collect()
        };
        Seen {
            events: strings(&v["events"]),
            years: v["years"]
                .as_array()
                .expect("years")
                .iter()
                .map(|y| {
                    (
                        y[0].as_str().expect("year").to_string(),
                        y[1].as_str().expect("count").to_string(),
                        y[2].as_u64().expect("shown") as usize,
                    )
                })
                .collect(),
            nav: v["nav"]
                .as_object()
                .expect("nav")
                .iter()
                .map(|(k, c)| (k.clone(), c.as_str().expect("count").to_string()))
                .collect(),
            links: strings(&v["links"]),
            status: v["status"].as_str().unwrap_or_default().to_string(),
        }
    }

    /// Checks `query` on `/timeline/` and on every year page.
    fn check(&self, query: &str) {
        let expected = self.expected(query);
        let total: usize = expected.values().map(BTreeSet::len).sum();
        let mut pages = vec![(String::from("timeline/"), None)];
        for y in self.years() {
            pages.push((format!("timeline/{y}/"), Some(y)));
        }
        for (page, year) in pages {
            let seen = self.see(&format!("{page}?{query}"));
            let want: BTreeSet<String> = match &year {
                Some(y) => expected.get(y).cloned().unwrap_or_default(),
                None => expected.values().flatten().cloned().collect(),
            };
            let shown: BTreeSet<String> = seen.events.iter().cloned().collect();
            assert_eq!(
                shown.len(),
                seen.events.len(),
                "{page}?{query}: an event shown twice"
            );
            assert_eq!(
                shown, want,
                "{page}?{query}: the events shown are not the matching ones"
            );
            // The status line states the number shown, and the total of all years.
            let n = want.len();
            let lead = format!("{n} event{} match", if n == 1 { "" } else { "s" });
            assert!(
                seen.status.starts_with(&lead),
                "{page}?{query}: status {:?}, want {lead:?}",
                seen.status
            );
            if year.is_some() {
                let all = format!(
                    "({total} event{} in all years)",
                    if total == 1 { "" } else { "s" }
                );
                assert!(
                    seen.status.contains(&all),
                    "{page}?{query}: status {:?}, want {all:?}",
                    seen.status
                );
            }
            // Each year shown states its own count, and shows that many.
            for (head, count, shown) in &seen.years {
                let n = expected.get(head).map_or(0, BTreeSet::len);
                assert_eq!(
                    *shown, n,
                    "{page}?{query}: year {head} shows {shown} events, {n} match"
                );
                assert_eq!(
                    count,
                    &format!("{n} event{}", if n == 1 { "" } else { "s" }),
                    "{page}?{query}: year {head} heading"
                );
            }
            // The year links count the matches of every year, and keep the filter.
            assert_eq!(seen.nav.len(), self.years().len(), "{page}: year links");
            for (y, count) in &seen.nav {
                let n = expected.get(y).map_or(0, BTreeSet::len);
                assert_eq!(count, &n.to_string(), "{page}?{query}: the link to {y}");
            }
            for link in &seen.links {
                assert!(
                    link.ends_with(&format!("?{query}")),
                    "{page}?{query}: link {link} drops the filter"
                );
            }
        }
    }
}

/// The filters checked, and that they cover the cases the issue names.
const QUERIES: [&str; 5] = [
    "actor=pakistan",
    "actor=pakistan&actor=china",
    "actor=united-states&tag=export-controls",
    "tag=ports",
    "actor=mofcom&tag=ports",
];

fn check_all(session: &Session) {
    let counts: Vec<usize> = QUERIES
        .iter()
        .map(|q| session.expected(q).values().map(BTreeSet::len).sum())
        .collect();
    assert!(counts[..4].iter().all(|&n| n > 0), "{counts:?}");
    assert_eq!(counts[4], 0, "the last filter must match nothing");
    for q in QUERIES {
        session.check(q);
    }
}

#[test]
fn timeline_filter_shows_exactly_the_matching_events_of_every_year() {
    check_all(&Session::start(&common::repo()));
}

#[test]
fn timeline_filter_covers_every_year_when_the_timeline_is_split() {
    // The example site, split into year pages: `/timeline/` itself shows
    // only the latest year.
    let site = tempfile::tempdir().expect("tempdir");
    let repo = common::repo();
    for dir in ["content", "themes"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(repo.join(dir))
            .arg(site.path())
            .status()
            .expect("cp");
        assert!(status.success());
    }
    let toml = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    assert!(toml.contains("split_by_year_over = 500"));
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace("split_by_year_over = 500", "split_by_year_over = 5"),
    )
    .expect("write site.toml");
    let session = Session::start(site.path());
    let page = std::fs::read_to_string(session.tmp.path().join("site/timeline/index.html"))
        .expect("timeline page");
    assert!(
        page.contains("data-partial"),
        "the fixture's timeline is not split"
    );
    check_all(&session);
}

#[test]
fn timeline_filter_covers_a_year_cut_into_pages_by_the_budget() {
    // A generated site whose years each take several pages: a year page
    // holds only part of its year, so the filter lists the year's matches.
    let site = tempfile::tempdir().expect("tempdir");
    generated::site(site.path(), 60, 24);
    let session = Session::start(site.path());
    let out = session.tmp.path().join("site/timeline");
    assert!(
        out.join("2025/page/2/index.html").is_file(),
        "2025 is not cut into pages"
    );
    let year = std::fs::read_to_string(out.join("2025/index.html")).expect("year page");
    assert!(
        year.contains("data-partial=\"2025\""),
        "the year page is not marked partial"
    );
    for q in ["actor=actor-1", "actor=actor-1&tag=tag-3"] {
        assert!(!session.expected(q).is_empty(), "{q} matches nothing");
        session.check(q);
    }
}
