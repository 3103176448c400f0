//! Issue 14, item 3: the page budget. A generated site of a few hundred
//! events, built with a page budget lowered to 24 KB (`[pagination]
//! page_kb`) so that it is as crowded for its budget as 10,000 briefings are
//! for 300 KB: no HTML page may pass the budget, the timeline and sources
//! must really have been split, and every event must still be reachable
//! from `/timeline/` by following links.

mod common;
mod generated;

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

const PAGE_KB: usize = 24;

/// The site-internal page paths an HTML page links to (no query, no anchor).
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/'))
        .map(|h| h.split(['#', '?']).next().unwrap_or_default().to_string())
        .collect()
}

/// The ids of the events listed on a page (its lines' `<li id>`s).
fn event_ids(html: &str) -> Vec<String> {
    html.split("<ol class=\"events chronology lines\">")
        .skip(1)
        .flat_map(|list| list.split("</ol>").next().unwrap_or_default().split("<li"))
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let id = tag.split(" id=\"").nth(1)?;
            Some(id[..id.find('"')?].to_string())
        })
        .collect()
}

fn html_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn no_page_passes_the_budget_and_every_event_is_reachable_from_the_timeline() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let out = tmp.path().join("out");
    generated::site(&root, 150, PAGE_KB);
    common::build(&root, &out, None);

    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    let budget = PAGE_KB * 1024;
    let over: Vec<String> = pages
        .iter()
        .filter_map(|page| {
            let size = std::fs::metadata(page).expect("metadata").len() as usize;
            let rel = page.strip_prefix(&out).unwrap_or(page).display();
            (size > budget).then(|| format!("{rel}: {size} bytes"))
        })
        .collect();
    assert!(
        over.is_empty(),
        "over the budget of {budget} bytes:\n{}",
        over.join("\n")
    );
    // The lists were split, not merely short.
    assert!(
        out.join("sources/page/2/index.html").is_file(),
        "sources not split"
    );
    assert!(
        out.join("timeline/2025/page/2/index.html").is_file(),
        "2025 not split"
    );

    // Every event, reached from /timeline/ through timeline pages only.
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/events.json")).expect("events.json"))
            .expect("JSON");
    let all: BTreeSet<String> = data["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["uid"].as_str().expect("uid").to_string())
        .collect();
    assert_eq!(all.len(), 900);
    let mut seen_pages = BTreeSet::from(["/timeline/".to_string()]);
    let mut queue = VecDeque::from(["/timeline/".to_string()]);
    let mut reached = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        let file = out.join(path.trim_start_matches('/')).join("index.html");
        let html = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{path} is linked but {} is missing: {e}", file.display()));
        reached.extend(event_ids(&html));
        for link in links(&html) {
            if link.starts_with("/timeline/")
                && link.ends_with('/')
                && seen_pages.insert(link.clone())
            {
                queue.push_back(link);
            }
        }
    }
    let missing: Vec<_> = all.difference(&reached).collect();
    assert!(
        missing.is_empty(),
        "not reachable from /timeline/: {missing:?}"
    );

    // Every page of sources is linked from the first, and together they list
    // every source once.
    let first = std::fs::read_to_string(out.join("sources/index.html")).expect("sources");
    let source_pages: BTreeSet<String> = links(&first)
        .into_iter()
        .filter(|l| l.starts_with("/sources/"))
        .collect();
    let mut listed = 0;
    for p in &source_pages {
        let html = std::fs::read_to_string(out.join(p.trim_start_matches('/')).join("index.html"))
            .expect("a sources page");
        listed += html.matches("<li><cite>").count();
    }
    assert!(source_pages.len() > 1, "{source_pages:?}");
    assert_eq!(listed, 450, "sources listed over {source_pages:?}");
}
