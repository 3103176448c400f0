//! One event, many briefings (issue 14 item 1, SPEC §8.2): `same_as`
//! makes an event of one briefing the same record as another's. From the
//! reader's side, the fixture `same_as` (a root, a report and a report of
//! the report: a chain) shows the record once everywhere, with all three
//! briefings and the union of actors; from the editor's side, conflicting
//! keys, unknown targets, cycles and look-alike events are reported by the
//! real binary with their exact text and `file:line:col`.

mod lsp_client;
mod support;

use assert_cmd::Command;
use serde_json::json;
use support::Site;

const TITLE: &str = "Alpha and Beta sign the Geneva accord";

/// `dossier <args> --root <root>`: its exit code and what it printed.
fn dossier(args: &[&str], root: &std::path::Path) -> (i32, String) {
    let out = Command::cargo_bin("dossier")
        .expect("binary")
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// The headline of each diagnostic (`path:line:col: kind: message`) and
/// its hint, in the order printed.
fn headlines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("content/") || l.trim_start().starts_with("= hint:"))
        // Issue 14's warning of events without sources is pinned elsewhere
        // (tests/briefing_page.rs); these fixtures name none on purpose.
        .filter(|l| {
            !l.ends_with("has no sources") && !l.contains("list the sources that report it")
        })
        .map(|l| l.trim().to_string())
        .collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_record_is_shown_once_everywhere_with_every_briefing_and_all_actors() {
    let site = Site::new("same_as");
    let report = site.build();
    assert_eq!(
        report.diagnostics.warning_count(),
        0,
        "{}",
        report.diagnostics.render()
    );
    // Two records: the accord (reported three times) and the talks.
    assert_eq!(report.events, 2);
    let briefings = [
        r#"<a href="/desk/briefings/first/">First briefing</a>"#,
        r#"<a href="/desk/briefings/second/">Second briefing</a>"#,
        r#"<a href="/desk/briefings/third/">Third briefing</a>"#,
    ];
    // Every reporting briefing, linked, in the record's order.
    let listed = briefings.join("; ");
    for page in [
        "timeline/index.html",
        "timeline/2025/index.html",
        "actors/alpha/index.html",
        "actors/gamma/index.html",
        "places/geneva/index.html",
        "index.html",
    ] {
        if !site.exists(page) {
            assert_ne!(page, "timeline/index.html", "the timeline is missing");
            continue;
        }
        let html = site.read(page);
        assert_eq!(count(&html, TITLE), 1, "{page}: {html}");
        if page.starts_with("actors/") || page.starts_with("places/") {
            // Actor and place pages print the bare line: how many briefings
            // report it, and the title leads to the root's anchor.
            assert_eq!(
                count(
                    &html,
                    "<span class=\"reported\">reported in 3 briefings</span>"
                ),
                1,
                "{page}: {html}"
            );
            assert!(
                html.contains("href=\"/desk/briefings/first/#event-deal\""),
                "{page}"
            );
        } else {
            assert_eq!(count(&html, &listed), 1, "{page}: {html}");
        }
    }
    // Gamma is named only by the second briefing's report: the record is
    // on its page, with the other actors of every report (the page's own
    // actor is not named again on its line).
    let gamma = site.read("actors/gamma/index.html");
    let at = gamma.find(TITLE).expect("the record on Gamma's page");
    let start = gamma[..at].rfind("<li").expect("its line");
    let line = &gamma[start..at + gamma[at..].find("</li>").expect("its end")];
    for actor in ["actors/alpha/", "actors/beta/"] {
        assert!(
            line.contains(&format!(r#"href="/desk/{actor}""#)),
            "{actor}: {line}"
        );
    }
    assert!(!line.contains(r#"href="/desk/actors/gamma/""#), "{line}");

    let json: serde_json::Value =
        serde_json::from_str(&site.read("data/events.json")).expect("events.json");
    let events = json["events"].as_array().expect("events");
    let accord: Vec<_> = events.iter().filter(|e| e["title"] == TITLE).collect();
    assert_eq!(accord.len(), 1);
    assert_eq!(accord[0]["uid"], "first--deal");
    assert_eq!(
        accord[0]["reported_in"],
        serde_json::json!(["first", "second", "third"])
    );
    assert_eq!(
        accord[0]["actors"],
        serde_json::json!(["alpha", "beta", "gamma"])
    );
    // Its tags are those of every briefing that reports it, read from
    // their records in briefings.json.
    assert_eq!(accord[0].get("tags"), None);
    let briefings_json: serde_json::Value =
        serde_json::from_str(&site.read("data/briefings.json")).expect("briefings.json");
    assert_eq!(
        support::common::event_tags(&briefings_json, accord[0]),
        ["accords", "monitoring"]
    );
    // The sources of each briefing that reports it, each described in its
    // briefing's record.
    assert_eq!(
        accord[0]["sources"],
        serde_json::json!(["first--wire", "second--observer", "third--digest"])
    );
    let urls: Vec<&str> = accord[0]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|r| {
            let s = support::common::source_record(&briefings_json, r.as_str().expect("ref"));
            s["url"].as_str().expect("url")
        })
        .collect();
    assert_eq!(
        urls,
        [
            "https://wire.example/accord",
            "https://observer.example/report",
            "https://digest.example/january"
        ]
    );
    // Every briefing lists the record's uid for its event.
    for b in briefings_json["briefings"].as_array().expect("briefings") {
        assert_eq!(b["events"][0], "first--deal", "{b}");
    }

    let csv = site.read("data/events.csv");
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(TITLE)).collect();
    assert_eq!(rows.len(), 3, "one row per actor of the record: {csv}");
    for (row, actor) in rows.iter().zip(["alpha", "beta", "gamma"]) {
        assert!(row.starts_with("first--deal,"), "{row}");
        assert!(row.contains(&format!(",{actor},")), "{row}");
        assert!(row.ends_with(",first; second; third"), "{row}");
    }

    let ics = site.read("events.ics").replace("\r\n ", "");
    assert_eq!(count(&ics, &format!("SUMMARY:{TITLE}")), 1);
    assert_eq!(count(&ics, "BEGIN:VEVENT"), 2);
    // `URL` is the event on the first briefing; the description names
    // the others that report it.
    assert!(
        ics.contains("URL:https://example.org/desk/briefings/first/#event-deal"),
        "{ics}"
    );
    assert!(!ics.contains("Briefing: First briefing"), "{ics}");
    for b in ["Second", "Third"] {
        assert!(
            ics.contains(&format!(
                "Briefing: {b} briefing <https://example.org/desk/briefings/"
            )),
            "{b}: {ics}"
        );
    }

    let timeline: serde_json::Value =
        serde_json::from_str(&site.read("timeline.json")).expect("timeline.json");
    let slides: Vec<_> = timeline["events"]
        .as_array()
        .expect("slides")
        .iter()
        .filter(|s| {
            s["text"]["headline"]
                .as_str()
                .is_some_and(|h| h.ends_with(&format!(">{TITLE}</a>")))
        })
        .collect();
    assert_eq!(slides.len(), 1);
    // The headline links the record's root, on the first briefing.
    assert_eq!(
        slides[0]["text"]["headline"],
        format!("<a href=\"https://example.org/desk/briefings/first/#event-deal\">{TITLE}</a>")
    );
    let text = slides[0]["text"]["text"].as_str().expect("text");
    assert!(text.contains("Actors: Alpha, Beta, Gamma"), "{text}");
    // One link for each briefing that reports it, named by its title to
    // tell them apart.
    for (slug, title) in [
        ("first/#event-deal", "First briefing"),
        ("second/#event-geneva", "Second briefing"),
        ("third/#event-geneva", "Third briefing"),
    ] {
        assert!(
            text.contains(&format!("{slug}\">{title}</a>")),
            "{slug}: {text}"
        );
    }

    // The filter's index: one record (`[briefing, id, year, month, when,
    // title, actors, other briefings]`), naming actors by their place in
    // its list of actors.
    let filter: serde_json::Value =
        serde_json::from_str(&site.read("timeline/events.json")).expect("filter index");
    let records: Vec<_> = filter["events"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|e| e[5] == TITLE)
        .collect();
    assert_eq!(records.len(), 1);
    let actors: Vec<&str> = records[0][6]
        .as_array()
        .expect("actors")
        .iter()
        .map(|i| {
            filter["actors"][i.as_u64().expect("index") as usize][0]
                .as_str()
                .expect("id")
        })
        .collect();
    assert_eq!(actors, ["alpha", "beta", "gamma"]);
    assert_eq!(records[0][7].as_array().expect("other briefings").len(), 2);

    // The feed lists each briefing once, the home page counts the record once.
    let atom = site.read("atom.xml");
    assert_eq!(count(&atom, "<entry>"), 3);
    assert!(site.read("index.html").contains("2 dated events"));
}

#[test]
fn each_briefing_page_tells_the_event_its_own_way_and_links_the_others() {
    let site = Site::new("same_as");
    site.build();
    let second = site.read("briefings/second/index.html");
    // Its own id, text and source; the root's title, date and place.
    assert!(second.contains(r#"id="event-geneva""#));
    assert!(second.contains("Gamma observed the signing."));
    assert!(!second.contains("Signed at noon."));
    assert!(second.contains(r##"<a class="source-label" href="#source-observer""##));
    assert!(second.contains(&format!(r#"<h3>{TITLE}</h3>"#)));
    assert!(second.contains(r#"<time datetime="2025-01-08">8 January 2025</time>"#));
    assert!(second.contains(r#"Reported in 3 briefings: <a href="/desk/briefings/first/">First briefing</a>; this one; <a href="/desk/briefings/third/">Third briefing</a>"#), "{second}");
    // The third omits its id and title: it takes its target's id (the
    // second's, which it names), and the root's title.
    let third = site.read("briefings/third/index.html");
    assert!(third.contains(r#"id="event-geneva""#), "{third}");
    assert!(third.contains(TITLE));
    let first = site.read("briefings/first/index.html");
    assert!(first.contains("Signed at noon."));
    assert!(!first.contains("Gamma observed"));
    assert!(first.contains(r##"<a class="source-label" href="#source-wire""##));
    assert!(!first.contains("#source-observer"));
}

/// A site with the fixture's root briefing and `files` added.
fn with(files: &[(&str, &str)]) -> Site {
    let site = Site::new("same_as");
    std::fs::remove_file(site.root().join("content/briefings/2025-01-20-second.md"))
        .expect("remove");
    std::fs::remove_file(site.root().join("content/briefings/2025-02-01-third.md"))
        .expect("remove");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

#[test]
fn a_repeated_key_that_disagrees_warns_at_the_key_naming_both_files() {
    let site = with(&[(
        "content/briefings/2025-01-20-second.md",
        "+++\ntitle = \"Second\"\ndate = 2025-01-20\n\n[[events]]\nsame_as = \"first#deal\"\ndate = \"2025-01-09\"\ntitle = \"alpha and  BETA sign the Geneva accord\"\nplace = \"Geneva\"\nactors = [\"Gamma\"]\n+++\n",
    )]);
    let (code, text) = dossier(&["check"], site.root());
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        headlines(&text),
        [
            "content/briefings/2025-01-20-second.md:7:1: warning: `date` disagrees with `first#deal` (content/briefings/2025-01-10-first.md:6): \"2025-01-09\" here, \"2025-01-08\" there",
            "= hint: one real-world event has one `date`: remove it here to take the other's, or correct one of the two",
            "content/briefings/2025-01-20-second.md:10:1: warning: `actors` disagrees with `first#deal` (content/briefings/2025-01-10-first.md:6): \"gamma\" here, \"alpha, beta\" there",
            "= hint: one real-world event has one `actors`: remove it here to take the other's, or correct one of the two",
        ],
        "{text}"
    );
}

#[test]
fn unknown_targets_are_errors_at_the_value_with_did_you_mean() {
    let site = with(&[
        (
            "content/briefings/2025-01-20-second.md",
            "+++\ntitle = \"Second\"\ndate = 2025-01-20\n\n[[events]]\nsame_as = \"frist#deal\"\n\n[[events]]\nsame_as = \"first#dael\"\n\n[[events]]\nsame_as = \"first#nothing-like-it\"\n+++\n",
        ),
        (
            "content/briefings/2025-01-20-malformed.md",
            "+++\ntitle = \"Malformed\"\ndate = 2025-01-20\n[[events]]\nsame_as = \"first\"\n+++\n",
        ),
        (
            "content/briefings/2025-01-21-draft.md",
            "+++\ntitle = \"Draft\"\ndate = 2025-01-21\ndraft = true\n[[events]]\ntitle = \"Drafted\"\ndate = \"2025\"\n+++\n",
        ),
        (
            "content/briefings/2025-01-22-third.md",
            "+++\ntitle = \"Third\"\ndate = 2025-01-22\n[[events]]\nsame_as = \"draft#drafted\"\n+++\n",
        ),
    ]);
    let (code, text) = dossier(&["check"], site.root());
    assert_eq!(code, 1, "{text}");
    assert_eq!(
        headlines(&text),
        [
            "content/briefings/2025-01-20-malformed.md:5:11: error: `same_as` must be `<briefing slug>#<event id>`, found `first`",
            "= hint: name the briefing by its slug and the event by its id, e.g. `same_as = \"pakistan-rare-earth-pact#fwo-ussm-mou\"`",
            "content/briefings/2025-01-20-second.md:6:11: error: `same_as` names the briefing `frist`, which does not exist",
            "= hint: did you mean `first`?",
            "content/briefings/2025-01-20-second.md:9:11: error: the briefing `first` (content/briefings/2025-01-10-first.md) has no event `dael`",
            "= hint: did you mean `deal`?",
            "content/briefings/2025-01-20-second.md:12:11: error: the briefing `first` (content/briefings/2025-01-10-first.md) has no event `nothing-like-it`",
            "= hint: its events are: deal, talks",
            "content/briefings/2025-01-22-third.md:5:11: error: `same_as` names the briefing `draft`, which is a draft",
            "= hint: a published event cannot be the same as a draft's: publish it (remove `draft = true`), or make this event a record of its own",
        ],
        "{text}"
    );
}

#[test]
fn a_cycle_is_an_error_at_each_same_as_on_it() {
    let site = with(&[
        (
            "content/briefings/2025-01-20-second.md",
            "+++\ntitle = \"Second\"\ndate = 2025-01-20\n[[events]]\nid = \"x\"\nsame_as = \"third#y\"\n+++\n",
        ),
        (
            "content/briefings/2025-01-22-third.md",
            "+++\ntitle = \"Third\"\ndate = 2025-01-22\n[[events]]\nid = \"y\"\nsame_as = \"second#x\"\n+++\n",
        ),
    ]);
    let (code, text) = dossier(&["check"], site.root());
    assert_eq!(code, 1, "{text}");
    assert_eq!(
        headlines(&text),
        [
            "content/briefings/2025-01-20-second.md:6:11: error: `same_as` goes round in a circle: second#x → third#y → second#x",
            "= hint: one of these events must be the record the others point to: remove `same_as` from it",
            "content/briefings/2025-01-22-third.md:6:11: error: `same_as` goes round in a circle: third#y → second#x → third#y",
            "= hint: one of these events must be the record the others point to: remove `same_as` from it",
        ],
        "{text}"
    );
}

#[test]
fn look_alike_events_warn_with_the_line_to_paste() {
    let site = with(&[
        (
            "content/briefings/2025-01-20-second.md",
            "+++\ntitle = \"Second\"\ndate = 2025-01-20\n\n[[events]]\ndate = \"2025-01-08\"\ntitle = \"Geneva accord signed by Alpha and Beta\"\nactors = [\"Beta\"]\n\n[[events]]\ndate = \"2025-01-08\"\ntitle = \"Beta holds an unrelated parade\"\nactors = [\"Beta\"]\n+++\n",
        ),
        (
            "content/briefings/2025-01-22-third.md",
            "---\ntitle: Third\ndate: 2025-01-22\nevents:\n  - date: \"2025-01-08\"\n    title: \"Alpha, Beta sign accord in Geneva\"\n    actors: [Alpha]\n---\n",
        ),
    ]);
    let (code, text) = dossier(&["check"], site.root());
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        headlines(&text),
        [
            "content/briefings/2025-01-20-second.md:5:1: warning: this event looks like `first#deal` (content/briefings/2025-01-10-first.md:6): same date, both name Beta, similar titles",
            "= hint: if they are one real-world event, add `same_as = \"first#deal\"` to this event and remove the keys it repeats; if not, tell them apart in their titles",
            "content/briefings/2025-01-22-third.md:5:9: warning: this event looks like `first#deal` (content/briefings/2025-01-10-first.md:6): same date, both name Alpha, similar titles",
            "= hint: if they are one real-world event, add `same_as: \"first#deal\"` to this event and remove the keys it repeats; if not, tell them apart in their titles",
        ],
        "{text}"
    );
    // A build does not look for them: it is `check`'s work.
    let (code, text) = dossier(&["build"], site.root());
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("looks like"), "{text}");
    // Pasting the line ends the warning and merges the events.
    site.write(
        "content/briefings/2025-01-20-second.md",
        "+++\ntitle = \"Second\"\ndate = 2025-01-20\n\n[[events]]\nsame_as = \"first#deal\"\n\n[[events]]\ndate = \"2025-01-08\"\ntitle = \"Beta holds an unrelated parade\"\nactors = [\"Beta\"]\n+++\n",
    );
    site.write(
        "content/briefings/2025-01-22-third.md",
        "---\ntitle: Third\ndate: 2025-01-22\nevents:\n  - same_as: \"first#deal\"\n---\n",
    );
    let (code, text) = dossier(&["check"], site.root());
    assert_eq!(
        (code, headlines(&text)),
        (0, Vec::<String>::new()),
        "{text}"
    );
}

#[test]
fn the_example_site_reports_each_real_event_once() {
    let (code, text) = dossier(&["check"], &support::repo_root());
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("looks like"), "{text}");
    let (code, text) = dossier(&["check", "--drafts"], &support::repo_root());
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("looks like"), "{text}");
}

/// `dossier lsp`: `same_as` completes `slug#id` of other briefings'
/// events, goes to the event it names, and an unknown one is published
/// with the build's message once the full check has run.
#[test]
fn the_editor_completes_follows_and_checks_same_as() {
    let site = lsp_client::example_site();
    let mut c = lsp_client::Client::start(site.path());
    let b = "content/briefings/2025-11-30-again.md";
    let head = "+++\ntitle = \"Again\"\ndate = 2025-11-30\n[[events]]\n";
    let text = format!("{head}same_as = \"mfa-denies\"\n+++\n");
    c.open(b, &text);
    // Line 4, inside the quotes after `mfa-denies`.
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": c.uri(b)}, "position": {"line": 4, "character": 21}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("completions")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "china-rare-earth-export-controls#mfa-denies-pakistan-link",
            "first-rare-earth-shipment#mfa-denies-pakistan-link"
        ]
    );
    assert_eq!(
        items[0]["detail"],
        "Chinese foreign ministry says new controls are unrelated to Pakistan-US minerals cooperation (2025-10-13T15:00:00+08:00)"
    );
    // An unknown event: the build's error, with its did-you-mean.
    let wrong = format!("{head}same_as = \"china-rare-earth-export-controls#mfa-denies\"\n+++\n");
    c.change(b, 2, &wrong);
    // A malformed value (the first text) is reported as typed; the target
    // is looked up by the full check, once the editor pauses.
    let diags = c.diagnostics_where(b, |d| {
        d.iter().any(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("has no event"))
        })
    });
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(lsp_client::range(&diags[0]), (4, 10, 4, 55));
    assert_eq!(
        diags[0]["message"],
        "the briefing `china-rare-earth-export-controls` (content/briefings/2025-10-15-china-rare-earth-export-controls.md) has no event `mfa-denies`\nhint: did you mean `mfa-denies-pakistan-link`?"
    );
    // Go to the event the value names.
    let right = format!(
        "{head}same_as = \"china-rare-earth-export-controls#mfa-denies-pakistan-link\"\n+++\n"
    );
    c.change(b, 3, &right);
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": c.uri(b)}, "position": {"line": 4, "character": 15}}),
    );
    assert_eq!(
        def["uri"],
        c.uri("content/briefings/2025-10-15-china-rare-earth-export-controls.md")
    );
    assert_eq!(def["range"]["start"], json!({"line": 17, "character": 0}));
    let diags = c.diagnostics_where(b, |d| d.is_empty());
    assert!(diags.is_empty());
}

/// Every file below `dir`: relative path → bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    support::snapshot(dir)
}

/// `dossier serve`'s builder, after edits to a briefing that is a record's
/// root or one of its reports, serves exactly what a full build writes:
/// the pages that show the record are rendered again although their own
/// files did not change. With the watcher's reports trusted (patching)
/// and without (loading and planning).
#[test]
fn serve_rebuilds_every_page_that_shows_an_edited_record() {
    for trust in [true, false] {
        let site = Site::new("same_as");
        let root = site.root().to_path_buf();
        let url = "http://127.0.0.1:1111/";
        let opts = dossier::BuildOptions {
            root: root.clone(),
            base_url: Some(url.into()),
            live_reload: true,
            ..Default::default()
        };
        let work = tempfile::tempdir().expect("tempdir");
        let mut builder =
            dossier::serve::builder::SiteBuilder::new(opts.clone(), &work.path().join("serve"))
                .expect("builder");
        if trust {
            builder.trust_reports();
        }
        builder
            .rebuild()
            .unwrap_or_else(|d| panic!("{}", d.render()));
        let first = "content/briefings/2025-01-10-first.md";
        let second = "content/briefings/2025-01-20-second.md";
        let steps: [(&str, &str, &str, &str); 4] = [
            (
                "the root's title",
                first,
                TITLE,
                "Alpha and Beta sign the Lausanne accord",
            ),
            (
                "a report's actors",
                second,
                "actors = [\"Gamma\", \"Alpha\"]",
                "actors = [\"Gamma\", \"Alpha\", \"Beta\"]",
            ),
            (
                "a report becomes its own event",
                second,
                "same_as = \"first#deal\"",
                "title = \"Gamma watches\"\ndate = \"2025-01-08\"",
            ),
            (
                "and a report again",
                second,
                "title = \"Gamma watches\"\ndate = \"2025-01-08\"",
                "same_as = \"first#deal\"",
            ),
        ];
        for (name, rel, from, to) in steps {
            let path = root.join(rel);
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(text.contains(from), "{name}: {from}");
            std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
            builder.invalidate(std::path::Path::new(rel));
            let r = builder
                .rebuild()
                .unwrap_or_else(|d| panic!("{name}: {}", d.render()));
            if name == "the root's title" {
                assert!(!r.all_pages, "{name}: a plan, not every page");
            }
            let full = work.path().join("full");
            let _ = std::fs::remove_dir_all(&full);
            let mut full_opts = opts.clone();
            full_opts.output = Some(full.clone());
            dossier::build(&full_opts).unwrap_or_else(|d| panic!("{name}: {}", d.render()));
            let (served, built) = (tree(builder.site_dir()), tree(&full));
            let differ: Vec<&String> = built
                .keys()
                .filter(|k| served.get(*k) != built.get(*k))
                .collect();
            assert!(differ.is_empty(), "{name} (trust {trust}): {differ:?}");
            assert_eq!(served.len(), built.len(), "{name}");
        }
    }
}
