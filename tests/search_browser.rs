//! Issue 4, item 3 and issue 14, item 7: the search page, run by a real
//! browser. Headless Chromium opens `/search/?q=<word>` (with `actor` and
//! `tag` filters) on a fixture site served under a path prefix by a real
//! static server, and the dumped DOM must list the right documents in the
//! right order: briefings before events, filters that narrow the results
//! to the counts they showed, Chinese and Urdu queries that find their
//! documents however the Urdu is written. Chromium is required: without
//! it this test fails and says how to install it.

mod browser;
mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PREFIX: &str = "/some/path/";

/// The served fixture site and the browser's profile folder.
struct Session {
    tmp: tempfile::TempDir,
    server: common::Server,
}

impl Session {
    fn start() -> Session {
        Session::of(&common::fixture())
    }

    fn of(root: &std::path::Path) -> Session {
        let tmp = tempfile::tempdir().expect("tempdir");
        let port = common::free_port();
        let server = common::Server::start(tmp.path(), port);
        let out = tmp.path().join(PREFIX.trim_matches('/'));
        common::build(root, &out, Some(format!("{}{PREFIX}", server.origin())));
        Session { tmp, server }
    }

    /// The DOM of `/search/?q=<query>` after the scripts ran.
    fn search(&self, query: &str) -> String {
        self.open(&format!("q={}", common::encode(query)))
    }

    /// The DOM of `/search/?<params>` after the scripts ran.
    fn open(&self, params: &str) -> String {
        let url = format!("{}{PREFIX}search/?{params}", self.server.origin());
        let profile = self
            .tmp
            .path()
            .join(format!("profile-{}", common::encode(params)));
        let mut child = Command::new(browser::chromium())
            .args(browser::FLAGS)
            .args(["--virtual-time-budget=10000", "--dump-dom"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(&url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let start = Instant::now();
        loop {
            if child.try_wait().expect("wait for chromium").is_some() {
                break;
            }
            if start.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish loading {url} within 120 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let out = child.wait_with_output().expect("chromium output");
        let dom = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(dom.contains("</html>"), "no DOM dumped for {url}: {dom}");
        dom
    }
}

/// The results list of a dumped search page.
fn results(dom: &str) -> &str {
    let start = dom
        .find("data-search-results")
        .unwrap_or_else(|| panic!("no results list in {dom}"));
    let end = start + dom[start..].find("</ol>").expect("end of the results list");
    &dom[start..end]
}

fn status(dom: &str) -> String {
    let start = dom.find("data-search-status").expect("status");
    let rest = &dom[start..];
    let open = rest.find('>').expect(">") + 1;
    let close = rest.find("</p>").expect("</p>");
    rest[open..close].to_string()
}

#[test]
fn search_page_finds_briefings_events_and_actors_in_a_browser() {
    let session = Session::start();

    // A word only in one briefing's body: that briefing, with the word marked.
    let dom = session.search("lanthanum");
    let list = results(&dom);
    assert!(
        list.contains("href=\"/some/path/briefings/coarse-dates/\""),
        "{list}"
    );
    // The title comes from front matter: shown as text, never as markup.
    assert!(
        list.contains("Alerts &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \"quoted\" news"),
        "{list}"
    );
    assert!(!list.contains("<script"), "{list}");
    assert_eq!(list.matches("<li").count(), 1, "{list}");
    assert!(status(&dom).contains("1 result"), "{}", status(&dom));

    // Title and actor-name matches rank above body text.
    let dom = session.search("signing");
    let list = results(&dom);
    let first = list.find("<li").expect("a result");
    let briefing = list
        .find("href=\"/some/path/briefings/precise-times/\"")
        .expect("the briefing titled with the word");
    let second = list[first + 3..]
        .find("<li")
        .map_or(usize::MAX, |i| i + first + 3);
    assert!(briefing < second, "title match is not first: {list}");
    assert!(list.contains("<mark>signing</mark>"), "{list}");
}

#[test]
fn search_page_finds_non_latin_text_in_a_browser() {
    let session = Session::start();

    // Urdu: an actor's alias and a briefing title.
    let dom = session.search("پاکستان");
    let list = results(&dom);
    assert!(
        list.contains("href=\"/some/path/actors/pakistan/\""),
        "{list}"
    );
    assert!(
        list.contains("href=\"/some/path/briefings/non-latin/\""),
        "{list}"
    );

    // Chinese words inside a sentence with no spaces: found by bigrams.
    let dom = session.search("稀土加工");
    let list = results(&dom);
    assert!(
        list.contains("href=\"/some/path/briefings/non-latin/\""),
        "{list}"
    );

    // A word that is nowhere.
    let dom = session.search("zyzzyvaqq");
    assert_eq!(results(&dom).matches("<li").count(), 0);
    assert!(status(&dom).contains("No results"), "{}", status(&dom));
}

/// The kinds of the results listed, in order (`b`, `a`, `p`, `e`).
fn kinds(list: &str) -> Vec<String> {
    list.split("<li class=\"search-result kind-")
        .skip(1)
        .map(|rest| rest[..1].to_string())
        .collect()
}

/// The count shown beside a facet value (`actor:pakistan`), if offered.
fn facet_count(dom: &str, facet: &str) -> Option<usize> {
    let at = dom.find(&format!("data-facet=\"{facet}\""))?;
    let rest = &dom[at..];
    let start = rest.find("class=\"facet-count\">")? + "class=\"facet-count\">".len();
    rest[start..start + rest[start..].find('<')?].parse().ok()
}

fn search_fixture() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/search")
}

#[test]
fn results_rank_briefings_before_events_and_filters_narrow_them_to_their_counts() {
    let session = Session::of(&search_fixture());

    // `licence` is in two briefings and three events: briefings first.
    let dom = session.search("licence");
    let list = results(&dom);
    assert_eq!(kinds(list), ["b", "b", "e", "e", "e"], "{list}");
    assert!(status(&dom).starts_with("5 results"), "{}", status(&dom));
    // Each event says which briefing it comes from, by title (the index
    // names the briefing by number; the script reads its title shard).
    let text = list.replace("<mark>", "").replace("</mark>", "");
    assert_eq!(
        text.matches("From: Port licences tightened").count()
            + text.matches("From: Gwadar licence talks").count(),
        3,
        "{list}"
    );

    // Facets count over all the results: Pakistan is named by the first
    // briefing (in its front matter) and two of its events; China by both
    // briefings (through their events) and two events; the tags come from
    // the briefings, and events carry their briefing's.
    for (facet, want) in [
        ("actor:pakistan", 3),
        ("actor:china", 4),
        ("tag:export-controls", 3),
        ("tag:ports", 2),
    ] {
        assert_eq!(facet_count(&dom, facet), Some(want), "{facet}");
    }

    // Each filter shows exactly the documents it counted, still ranked.
    for (params, kinds_want) in [
        ("q=licence&actor=pakistan", vec!["b", "e", "e"]),
        ("q=licence&actor=china", vec!["b", "b", "e", "e"]),
        ("q=licence&tag=ports", vec!["b", "e"]),
        (
            "q=licence&actor=pakistan&tag=export-controls",
            vec!["b", "e", "e"],
        ),
    ] {
        let dom = session.open(params);
        let list = results(&dom);
        assert_eq!(kinds(list), kinds_want, "{params}: {list}");
        let n = kinds_want.len();
        assert!(
            status(&dom).starts_with(&format!("{n} results")),
            "{params}: {}",
            status(&dom)
        );
        // The active filter is offered with the same count, to remove it.
        let active = params.split('&').nth(1).map(|p| p.replacen('=', ":", 1));
        assert_eq!(
            facet_count(&dom, &active.unwrap_or_default()),
            Some(n),
            "{params}"
        );
    }
    let dom = session.open("q=licence&actor=china");
    assert!(
        !results(&dom).contains("licences/#event-rule"),
        "an event without China"
    );

    // Filters that exclude each other: nothing, said plainly.
    let dom = session.open("q=licence&actor=pakistan&tag=ports");
    assert_eq!(kinds(results(&dom)).len(), 0);
    assert!(status(&dom).contains("No results"), "{}", status(&dom));
}

#[test]
fn chinese_and_urdu_queries_find_their_documents_in_a_browser() {
    let session = Session::of(&search_fixture());

    // Chinese, inside sentences without spaces: the briefing, then the event.
    let dom = session.search("北京");
    let list = results(&dom);
    assert_eq!(kinds(list), ["b", "e"], "{list}");
    assert!(list.contains("href=\"/some/path/briefings/zh/\""), "{list}");
    assert!(list.contains("<mark>北京</mark>"), "{list}");
    assert!(list.contains("From: 稀土加工协议签署"), "{list}");
    let dom = session.search("稀土加工");
    assert!(results(&dom).contains("href=\"/some/path/briefings/zh/\""));

    // Urdu written with harakat in the text, found without them, with
    // Arabic letter forms (ه for ہ), and with a madda left out.
    for query in ["معاہدہ", "مُعاہَدہ", "معاهده"] {
        let dom = session.search(query);
        let list = results(&dom);
        assert!(
            list.contains("href=\"/some/path/briefings/ur/\""),
            "{query}: {list}"
        );
    }
    let dom = session.search("اسلام اباد");
    assert!(
        results(&dom).contains("href=\"/some/path/briefings/ur/#event-talks\""),
        "{}",
        results(&dom)
    );
    // The actor by its Urdu alias, filtered to Urdu-tagged documents.
    let dom = session.open(&format!("q={}&tag=rare-earths", common::encode("پاکستان")));
    let list = results(&dom);
    assert!(list.contains("href=\"/some/path/briefings/ur/\""), "{list}");
    assert!(
        !list.contains("/actors/pakistan/"),
        "actors carry no tags: {list}"
    );
}
