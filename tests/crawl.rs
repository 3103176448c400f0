//! Issue 4, item 8: a site built for `http://127.0.0.1:PORT/some/path/` and
//! served by a real static file server under that path has no broken
//! internal link or asset. The crawler follows every `href`, `src`,
//! `data-index` and `data-choices` of every HTML page, every absolute URL on this host in the
//! feeds, sitemap, calendar and data files, and every `#fragment` to an
//! element id on the target page.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

const PREFIX: &str = "/some/path/";
/// A bound on the crawl, far above what the sites here have.
const MAX_URLS: usize = 5_000;

/// Builds `root` under `<tmp>/some/path/`, serves `<tmp>`, crawls from the
/// home page; returns the paths fetched and the files the build wrote (as
/// the paths that serve them).
fn crawl_site(root: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let port = common::free_port();
    let server = common::Server::start(tmp.path(), port);
    let origin = server.origin();
    let out = tmp.path().join(PREFIX.trim_matches('/'));
    common::build(root, &out, Some(format!("{origin}{PREFIX}")));

    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut broken: Vec<String> = Vec::new();
    // The home page, and every output a page need not link to.
    for start in [
        "",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "events.ics",
        "timeline.json",
        "search/index/meta.json",
        "data/events.json",
        "data/actors.json",
        "data/places.json",
        "data/briefings.json",
        "data/events.csv",
    ] {
        let start = format!("{PREFIX}{start}");
        seen.insert(start.clone());
        queue.push_back((start, "(start)".into()));
    }
    while let Some((path, from)) = queue.pop_front() {
        assert!(seen.len() < MAX_URLS, "crawl exceeded {MAX_URLS} URLs");
        let resp = common::get(port, &path);
        if resp.status != 200 {
            broken.push(format!("{path} -> {} (linked from {from})", resp.status));
            continue;
        }
        let body = String::from_utf8_lossy(&resp.body).into_owned();
        let links = if resp.content_type.starts_with("text/html") {
            ids.insert(path.clone(), element_ids(&body));
            html_links(&body)
        } else if is_text(&resp.content_type, &path) {
            // Unfold iCalendar lines so folded URLs are whole again.
            absolute_links(&body.replace("\r\n ", ""), &origin)
        } else {
            Vec::new()
        };
        for link in links {
            let Some((target, fragment)) = resolve(&link, &path, &origin) else {
                continue;
            };
            if !target.starts_with(PREFIX) {
                broken.push(format!("{link} (on {path}) leaves the base path {PREFIX}"));
                continue;
            }
            if let Some(f) = fragment {
                fragments.push((target.clone(), f, path.clone()));
            }
            if seen.insert(target.clone()) {
                queue.push_back((target, path.clone()));
            }
        }
    }
    for (page, fragment, from) in fragments {
        if let Some(found) = ids.get(&page) {
            if !found.contains(&fragment) {
                broken.push(format!(
                    "{page}#{fragment} has no such id (linked from {from})"
                ));
            }
        }
    }
    drop(server);
    let mut files = BTreeSet::new();
    list_files(&out, &out, &mut files);
    assert!(
        broken.is_empty(),
        "{} broken internal links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    (seen, files)
}

/// The server paths of every file under `dir`: `x/index.html` is `x/`.
/// The output's marker (`.dossier-output`) is no part of the site.
fn list_files(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let p = entry.expect("entry").path();
        if p == root.join(".dossier-output") {
            continue;
        }
        if p.is_dir() {
            list_files(root, &p, out);
        } else {
            let rel = p
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            let rel = match rel.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
                _ => rel,
            };
            out.insert(format!("{PREFIX}{rel}"));
        }
    }
}

fn is_text(content_type: &str, path: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.contains("json")
        || content_type.contains("xml")
        || [".ics", ".csv", ".json", ".xml", ".txt"]
            .iter()
            .any(|e| path.ends_with(e))
}

/// The values of `href`, `src`, `data-index` and `data-choices`
/// attributes, decoded.
fn html_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " data-index=\"", " data-choices=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(common::unescape_html(&rest[..end]));
            }
        }
    }
    out
}

/// The `id`s of the elements of an HTML page.
fn element_ids(html: &str) -> BTreeSet<String> {
    html.match_indices(" id=\"")
        .filter_map(|(i, _)| {
            let rest = &html[i + 5..];
            rest.find('"')
                .map(|end| common::unescape_html(&rest[..end]))
        })
        .collect()
}

/// Absolute URLs on `origin` inside any text (feeds, sitemap, JSON, CSV, ICS).
fn absolute_links(text: &str, origin: &str) -> Vec<String> {
    text.match_indices(origin)
        .map(|(i, _)| {
            let rest = &text[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'<>,\\".contains(c))
                .unwrap_or(rest.len());
            common::unescape_html(&rest[..end])
        })
        .collect()
}

/// Resolves `link` found on page `base` to a server path and a fragment;
/// `None` for links off this host, other schemes and fragment-only links
/// to the same page.
fn resolve(link: &str, base: &str, origin: &str) -> Option<(String, Option<String>)> {
    let link = link.trim();
    let (link, fragment) = match link.split_once('#') {
        Some((l, f)) => (l, (!f.is_empty()).then(|| f.to_string())),
        None => (link, None),
    };
    let link = link.split('?').next().unwrap_or(link);
    let path = if let Some(rest) = link.strip_prefix(origin) {
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        rest.to_string()
    } else if link.starts_with("//") || link.contains(':') {
        return None;
    } else if link.starts_with('/') {
        link.to_string()
    } else if link.is_empty() {
        let f = fragment?;
        return Some((base.to_string(), Some(f)));
    } else {
        let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        normalize(&format!("{dir}{link}"))
    };
    Some((if path.is_empty() { "/".into() } else { path }, fragment))
}

/// Removes `.` and `..` segments.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

#[test]
fn fixture_site_under_a_path_prefix_has_no_broken_links() {
    let (fetched, files) = crawl_site(&common::fixture());
    // Every page, feed, data file and asset was reached and served.
    let missed: Vec<&String> = files.difference(&fetched).collect();
    assert!(missed.is_empty(), "never reached: {missed:?}");
    assert!(fetched.len() > 35, "only {} URLs fetched", fetched.len());
}

#[test]
fn example_site_under_a_path_prefix_has_no_broken_links() {
    let (fetched, files) = crawl_site(&common::repo());
    assert!(fetched.len() > 60, "only {} URLs fetched", fetched.len());
    let pages: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with('/') && !fetched.contains(*f))
        .collect();
    assert!(pages.is_empty(), "pages no link reaches: {pages:?}");
}

#[test]
fn resolving_links() {
    let o = "http://127.0.0.1:9";
    let r = |l: &str| resolve(l, "/some/path/briefings/x/", o);
    assert_eq!(r("/some/path/a/"), Some(("/some/path/a/".into(), None)));
    assert_eq!(
        r("http://127.0.0.1:9/some/path/a/#b"),
        Some(("/some/path/a/".into(), Some("b".into())))
    );
    assert_eq!(
        r("../y/?q=1"),
        Some(("/some/path/briefings/y/".into(), None))
    );
    assert_eq!(
        r("#e"),
        Some(("/some/path/briefings/x/".into(), Some("e".into())))
    );
    assert_eq!(r("https://example.org/"), None);
    assert_eq!(r("mailto:x@y"), None);
    assert_eq!(r("//cdn.example/x.js"), None);
}
