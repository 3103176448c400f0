//! Issue 14, the size of the output: each cut made to bring 10,000
//! briefings under the size target, pinned from the reader's side on the
//! example site, so that the bytes do not creep back. Each test reads the
//! pages the binary wrote and asserts what is no longer repeated, and that
//! what the reader needs is still there.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The example site, built once per test.
fn example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    common::build(&common::repo(), &out, None);
    (tmp, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `class="…"` values in `html`.
fn classes(html: &str) -> BTreeSet<&str> {
    html.split("class=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The section of a page from `start` to the first `end` after it.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"));
    let j = html[i..].find(end).expect("section ends");
    &html[i..i + j]
}

#[test]
fn event_lines_carry_no_classes_but_the_states_a_reader_sees() {
    let (_tmp, out) = example();
    // The classes a line may carry: a span or upcoming event, its span's
    // bar, "reported in N briefings", the upcoming badge; in the timeline's
    // detail, the grade and confidence marks.
    let allowed = [
        "span",
        "upcoming",
        "span upcoming",
        "span-track",
        "reported",
        "badge",
        "grade",
    ];
    for page in [
        "timeline/index.html",
        "timeline/2025/index.html",
        "actors/china/index.html",
        "places/beijing/index.html",
    ] {
        let html = read(&out, page);
        let mut lines = 0;
        for list in html.split("<ol class=\"events chronology lines\">").skip(1) {
            let list = &list[..list.find("</ol>").expect("the list ends")];
            lines += list.matches("<time datetime=").count();
            for class in classes(list) {
                assert!(
                    allowed.contains(&class) || class.starts_with("confidence"),
                    "{page}: class {class:?} in an event line"
                );
            }
        }
        assert!(lines > 0, "{page}: no event lines");
    }
}

#[test]
fn a_briefing_event_cites_its_sources_by_number_without_repeating_their_titles() {
    let (_tmp, out) = example();
    let html = read(
        &out,
        "briefings/china-rare-earth-export-controls/index.html",
    );
    let events = section(&html, "<section class=\"briefing-events\"", "</section>");
    // Every event keeps its anchor, date, place, actors and sources.
    assert_eq!(events.matches("<li id=\"event-").count(), 4, "{events}");
    assert!(events.contains("13 October 2025, 15:00 (UTC+8)</time>"));
    assert!(events.contains("<p><a href=\"/places/beijing/\">Beijing</a> · <a href=\"/actors/"));
    assert!(events.contains("<a class=\"source-label\" href=\"#source-"));
    // The titles of the sources are in the list below, not again on each
    // number; the parts carry no classes the section's rules replace.
    assert!(!events.contains("aria-label="), "{events}");
    for class in [
        "event",
        "event-title",
        "what",
        "when",
        "who",
        "actors",
        "sep",
        "place",
        "actor",
        "provenance",
        "visually-hidden",
        "span-bar",
    ] {
        assert!(
            !classes(events).contains(class),
            "class {class:?} in the events section"
        );
    }
    // The rail's actor links carry no per-link classes.
    // They are one line of links, the commas written, not a list.
    let open = "<dd class=\"actor-list\">";
    let rail = &section(&html, open, "</dd>")[open.len()..];
    assert!(!rail.contains("class="), "{rail}");
    assert!(!rail.contains("<li>"), "{rail}");
    assert!(rail.contains("</a>, <a href=\"/actors/"), "{rail}");
}

#[test]
fn a_briefing_s_json_ld_names_each_actor_once_and_its_events_by_anchor() {
    let (_tmp, out) = example();
    let html = read(
        &out,
        "briefings/china-rare-earth-export-controls/index.html",
    );
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("JSON-LD") + open.len();
    let text = &html[start..start + html[start..].find("</script>").expect("end")];
    let ld: Value = serde_json::from_str(text).expect("JSON-LD parses");
    // Each actor once, in `mentions`; no event repeats it.
    for m in ld["mentions"].as_array().expect("mentions") {
        let id = m["@id"].as_str().expect("an actor's @id");
        assert_eq!(text.matches(&format!("\"{id}\"")).count(), 1, "{id}");
    }
    for e in ld["about"].as_array().expect("events") {
        assert!(e.get("actor").is_none(), "{e}");
        assert!(
            e["@id"].as_str().expect("@id").starts_with("#event-"),
            "{e}"
        );
    }
    // The summary is said by the page's <head> (og:description), not again.
    assert!(ld.get("description").is_none());
    assert!(html.contains("<meta property=\"og:description\""));
}

#[test]
fn the_filter_index_says_each_briefing_s_tags_once() {
    let (_tmp, out) = example();
    let index: Value = serde_json::from_str(&read(&out, "timeline/events.json")).expect("JSON");
    let briefings = index["briefings"].as_array().expect("briefings");
    let tags = index["tags"].as_array().expect("tags");
    let events = index["events"].as_array().expect("events");
    assert!(!events.is_empty());
    // One array per event: no key names, no tags, no key or link (they
    // follow from the briefing and the event id).
    for e in events {
        let e = e.as_array().expect("an event is an array");
        assert!((7..=8).contains(&e.len()), "{e:?}");
        assert!(e[0].as_u64().expect("a briefing number") < briefings.len() as u64);
    }
    // Each briefing once, its tags by number.
    let slugs: BTreeSet<&str> = briefings
        .iter()
        .map(|b| b[0].as_str().expect("slug"))
        .collect();
    assert_eq!(slugs.len(), briefings.len());
    let rare = briefings
        .iter()
        .find(|b| b[0] == "china-rare-earth-export-controls")
        .expect("the briefing");
    assert_eq!(rare[1], "/briefings/china-rare-earth-export-controls/");
    let named: Vec<&str> = rare[2]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| {
            tags[t.as_u64().expect("a tag number") as usize]
                .as_str()
                .expect("slug")
        })
        .collect();
    assert!(named.contains(&"rare-earths"), "{named:?}");
    let text = read(&out, "timeline/events.json");
    assert_eq!(text.matches("\"tags\"").count(), 1, "tags are listed once");
}

#[test]
fn an_actor_page_lists_its_events_by_year_without_naming_its_actor_on_each_line() {
    let (_tmp, out) = example();
    let html = read(&out, "actors/pakistan/index.html");
    let timeline = section(&html, "<div class=\"timeline\">", "</section>\n</div>");
    let lines: Vec<&str> = timeline
        .split("<li")
        .skip(1)
        .map(|l| &l[..l.find("</li>").expect("the line ends")])
        .collect();
    assert!(lines.len() > 5, "{timeline}");
    // The page is Pakistan's: its lines name the other actors only.
    for line in &lines {
        assert!(!line.contains("href=\"/actors/pakistan/\""), "{line}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("<span><a href=\"/actors/china/\">China</a></span>")),
        "no line names China: {timeline}"
    );
    // Years are headed, but not months: each line's date names its month.
    assert!(timeline.contains("<h2 class=\"year-head\" id=\"y2025\">"));
    assert!(!timeline.contains("class=\"month"), "{timeline}");
    // The year links are fragments of the page itself.
    let nav = section(&html, "<nav class=\"years\"", "</nav>");
    for year in ["2024", "2025"] {
        assert!(
            nav.contains(&format!("<a href=\"#y{year}\">{year}</a>")),
            "{nav}"
        );
        assert!(html.contains(&format!("id=\"y{year}\"")), "y{year}");
    }
    // Place pages list their years the same way; the timeline's year pages
    // keep their month headings and jump links.
    let place = read(&out, "places/islamabad/index.html");
    assert!(place.contains("<ol class=\"events chronology lines\">"));
    assert!(!place.contains("class=\"month"));
    let year = read(&out, "timeline/2025/index.html");
    assert!(year.contains("<h3 class=\"month-head\""));
    assert!(year.contains("href=\"#y2025-m10\""), "month jump links");
}

#[test]
fn a_briefing_cites_its_sources_by_number_and_url_without_repeating_them() {
    let (_tmp, out) = example();
    let html = read(&out, "briefings/pasni-port-proposal/index.html");
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("JSON-LD") + open.len();
    let text = &html[start..start + html[start..].find("</script>").expect("end")];
    let ld: Value = serde_json::from_str(text).expect("JSON-LD parses");
    // Each citation is its source's URL, as text; the source list below the
    // body says its title, publisher and date.
    let citations = ld["citation"].as_array().expect("citations");
    assert!(!citations.is_empty());
    for c in citations {
        let url = c
            .as_str()
            .unwrap_or_else(|| panic!("a citation as text: {c}"));
        assert!(
            html.contains(&format!("<a href=\"{url}\">")),
            "{url} not listed"
        );
    }
    // An actor without a kind is an untyped node, not `Thing`; it is still named.
    assert!(!text.contains("\"Thing\""), "{text}");
    assert!(ld["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .all(|m| m["name"].is_string()));
    // A citation mark in the body is its number, without a hover text
    // repeating it.
    let body = section(&html, "<div class=\"body prose\">", "</div>");
    assert!(
        body.contains("<sup class=\"cite\">[<a href=\"#source-"),
        "{body}"
    );
    assert!(!body.contains(" title=\"Source"), "{body}");
}

#[test]
fn a_span_is_one_element_and_a_source_is_told_by_its_elements() {
    let (_tmp, out) = example();
    let html = read(
        &out,
        "briefings/china-rare-earth-export-controls/index.html",
    );
    // A span's track: one empty element drawn from its custom properties,
    // the date beside it saying the same in words.
    let events = section(&html, "<section class=\"briefing-events\"", "</section>");
    let track = section(events, "<span class=\"span-track\"", "</span>");
    assert!(
        track.starts_with("<span class=\"span-track\" style=\"--years:")
            && track.contains(";--l:")
            && track.contains("%;--w:"),
        "{track}"
    );
    assert!(!events.contains("span-bar") && !events.contains("visually-hidden"));
    // A source: its title (the <cite>, linked), publisher and date, without
    // a class on each part.
    let sources = section(&html, "<ol class=\"source-list\">", "</ol>");
    let item = section(sources, "<li id=\"source-", "</li>");
    assert!(item.contains("\"><cite><a href=\"http"), "{item}");
    assert!(item.contains("</a></cite> <span>"), "{item}");
    assert!(item.contains(" <time datetime=\""), "{item}");
    for class in ["source-title", "publisher", "source-date"] {
        assert!(!classes(sources).contains(class), "{class}: {sources}");
    }
    // `/sources/` lists each source the same way: its title the <cite>,
    // then the briefings citing it, in one unclassed line.
    let index = read(&out, "sources/index.html");
    let open = "<ul class=\"source-index\">";
    let list = &section(&index, open, "</ul>")[open.len()..];
    assert!(list.contains("<li><cite><a href=\"http"), "{list}");
    assert!(
        list.contains("</a></cite> Cited in <a href=\"/briefings/"),
        "{list}"
    );
    assert!(!list.contains("class="), "{list}");
    // The stylesheet draws them so.
    let css = read(&out, "style.css");
    assert!(css.contains(".source-list cite {"));
    assert!(css.contains("var(--accent) 0 calc(var(--l, 0%) + var(--w, 0%))"));
}

/// The timeline's item of the event `key` (`<briefing-slug>--<event-id>`):
/// its `<li>` to the next event's, or to the end of its list.
fn timeline_item<'a>(html: &'a str, key: &str) -> &'a str {
    let at = html
        .find(&format!(" id=\"{key}\">"))
        .unwrap_or_else(|| panic!("{key} not on the timeline"));
    let rest = &html[at..];
    let end = rest[1..]
        .find(" id=\"")
        .map_or_else(|| rest.find("</ol>").expect("the list ends"), |i| i + 1);
    &rest[..end]
}

#[test]
fn a_timeline_line_has_a_detail_only_when_it_shows_a_text_or_the_briefings_reporting_it() {
    let (_tmp, out) = example();
    let html = read(&out, "timeline/index.html");
    // An event with a text: its detail shows the text, then its place and
    // sources.
    let with_text = timeline_item(
        &html,
        "beijing-visit-mining-cooperation--mining-cooperation-agreed",
    );
    let detail = section(
        with_text,
        "<details><summary>Detail</summary>",
        "</details>",
    );
    assert!(
        detail.contains(
            "<div><p>Commitments cover mining industry parks and plants that would \
             <strong>process ore inside Pakistan</strong>.</p>\n</div>"
        ),
        "{detail}"
    );
    assert!(detail.contains("<span>Xinhua</span>: <a href=\"https://english.news.cn/"));
    // An event several briefings report: its detail names them all.
    let shared = timeline_item(
        &html,
        "china-rare-earth-export-controls--mfa-denies-pakistan-link",
    );
    let detail = section(shared, "<details><summary>Detail</summary>", "</details>");
    for b in [
        "china-rare-earth-export-controls",
        "cpec-china-pakistan-trade",
        "first-rare-earth-shipment",
    ] {
        assert!(
            detail.contains(&format!("<a href=\"/briefings/{b}/\">")),
            "{b}: {detail}"
        );
    }
    // An event without a text that one briefing reports has no detail: its
    // title leads to its anchor on the briefing, which gives its place and
    // sources.
    let bare = timeline_item(
        &html,
        "beijing-visit-mining-cooperation--sharif-beijing-visit",
    );
    assert!(!bare.contains("<details"), "{bare}");
    let anchor = "/briefings/beijing-visit-mining-cooperation/#event-sharif-beijing-visit";
    assert!(bare.contains(&format!("href=\"{anchor}\"")), "{bare}");
    let briefing = read(
        &out,
        "briefings/beijing-visit-mining-cooperation/index.html",
    );
    let event = section(&briefing, "id=\"event-sharif-beijing-visit\"", "</li>");
    assert!(event.contains("href=\"/places/beijing/\""), "{event}");
    assert!(event.contains("class=\"source-label\""), "{event}");
    // Every other line of the timeline follows the same rule.
    for item in html.split("<li").skip(1).filter(|i| i.contains("<time")) {
        if let Some(at) = item.find("<details>") {
            let detail = &item[at..];
            assert!(
                detail.contains("<div") || detail.contains("Reported in"),
                "a detail that shows nothing new: {item}"
            );
        }
    }
}
