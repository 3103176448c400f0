//! Issue 4, item 3: the search page, run by a real browser. Headless
//! Chromium opens `/search/?q=<word>` on the fixture site (served under a
//! path prefix by a real static server) and the dumped DOM must list the
//! briefing that contains the word, with the word marked. Chromium is
//! required: without it this test fails and says how to install it.

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
        let tmp = tempfile::tempdir().expect("tempdir");
        let port = common::free_port();
        let server = common::Server::start(tmp.path(), port);
        let out = tmp.path().join(PREFIX.trim_matches('/'));
        common::build(
            &common::fixture(),
            &out,
            Some(format!("{}{PREFIX}", server.origin())),
        );
        Session { tmp, server }
    }

    /// The DOM of `/search/?q=<query>` after the scripts ran.
    fn search(&self, query: &str) -> String {
        let url = format!(
            "{}{PREFIX}search/?q={}",
            self.server.origin(),
            common::encode(query)
        );
        let profile = self
            .tmp
            .path()
            .join(format!("profile-{}", common::encode(query)));
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
    assert!(list.contains("<mark>lanthanum</mark>"), "{list}");
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
    assert!(list.contains("<mark>稀土加工</mark>"), "{list}");

    // A word that is nowhere.
    let dom = session.search("zyzzyvaqq");
    assert_eq!(results(&dom).matches("<li").count(), 0);
    assert!(status(&dom).contains("No results"), "{}", status(&dom));
}
