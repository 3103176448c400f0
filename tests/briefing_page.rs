//! Issue 14, item 5, from the editor's and the reader's side: a briefing
//! page lists its events in date order whatever the order they are written
//! in, shows a datetime as `13 October 2025, 15:00 (UTC+8)`, keeps source
//! citations (bracketed labels, `[2]`) apart from footnote marks
//! (superscript numbers) and says so above the source list; an event
//! without sources gets a `check` warning at its position and a quiet mark
//! in `serve`'s pages only, never in `build`'s.

mod support;

use std::time::Duration;

use assert_cmd::Command;

/// The `basic` fixture with one briefing whose events are written out of
/// date order: a day (15 October), a datetime in UTC+8 (13 October), and a
/// month without sources (March).
fn site() -> support::Site {
    let site = support::Site::new("basic");
    let _ = std::fs::remove_dir_all(site.root().join("content"));
    site.write(
        "content/briefings/2025-10-20-order.md",
        "+++\ntitle = \"Order\"\ndate = 2025-10-20\n\n\
         [[events]]\nid = \"late\"\ntitle = \"The later event\"\ndate = \"2025-10-15\"\nsources = [\"s1\"]\n\n\
         [[events]]\nid = \"denial\"\ntitle = \"The denial\"\ndate = \"2025-10-13T15:00:00+08:00\"\nsources = [\"s2\"]\n\n\
         [[events]]\nid = \"early\"\ntitle = \"The earliest event\"\ndate = \"2025-03\"\n\n\
         [[sources]]\nid = \"s1\"\ntitle = \"First report\"\npublisher = \"Agence\"\n\n\
         [[sources]]\nid = \"s2\"\ntitle = \"Second report\"\n+++\n\
         Body citing [@s1] and [@s2], with a note.[^n]\n\n[^n]: The author's note.\n",
    );
    site
}

fn page(site: &support::Site, live_reload: bool) -> String {
    let out = site.out();
    let _ = std::fs::remove_dir_all(&out);
    let opts = dossier::BuildOptions {
        output: Some(out.clone()),
        live_reload,
        ..site.options()
    };
    if let Err(d) = dossier::build(&opts) {
        panic!("build failed:\n{}", d.render());
    }
    std::fs::read_to_string(out.join("briefings/order/index.html")).expect("the briefing page")
}

#[test]
fn briefing_events_are_listed_in_date_order() {
    let html = page(&site(), false);
    let at = |id: &str| {
        html.find(&format!("id=\"event-{id}\""))
            .unwrap_or_else(|| panic!("event {id} missing"))
    };
    let (early, denial, late) = (at("early"), at("denial"), at("late"));
    assert!(
        early < denial && denial < late,
        "written late, denial, early; shown in date order: {early} {denial} {late}"
    );
}

#[test]
fn a_datetime_is_shown_as_date_24_hour_time_and_the_offset_written() {
    let html = page(&site(), false);
    assert!(
        html.contains(
            "<time datetime=\"2025-10-13T15:00:00+08:00\">13 October 2025, 15:00 (UTC+8)</time>"
        ),
        "{html}"
    );
}

#[test]
fn citations_and_footnotes_are_marked_differently_and_the_source_list_says_how() {
    let html = page(&site(), false);
    // A citation: a bracketed label, without hover text repeating its
    // number; a footnote: a bare superscript number.
    assert!(html.contains("<sup class=\"cite\">[<a href=\"#source-s1\">1</a>]</sup>"));
    assert!(html.contains("<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>"));
    // The events cite by the same bracketed labels, styled as such.
    assert!(html.contains("<a class=\"source-label\" href=\"#source-s2\">[2]</a>"));
    // The source list says which marks are which.
    assert!(html.contains(
        "<p class=\"source-key\">Cited in the text by bracketed numbers, <span class=\"source-label\">[1]</span>; the superscript numbers<sup>1</sup> mark the author's notes.</p>"
    ));
    // The stylesheet sets citations on the line and footnotes above it.
    let css = std::fs::read_to_string(support::repo_root().join("themes/default/static/style.css"))
        .expect("style.css");
    assert!(css.contains("sup.cite { vertical-align: baseline;"));
    assert!(css
        .contains(".footnote-reference { font: 700 .7em/1 var(--sans); vertical-align: super; }"));
    assert!(css.contains(".source-list li::before { content: \"[\" attr(value) \"]\";"));
}

#[test]
fn an_event_without_sources_is_flagged_by_check_at_its_position() {
    let site = site();
    let out = Command::cargo_bin("dossier")
        .expect("binary")
        .args(["check", "--root"])
        .arg(site.root())
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run dossier");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "content/briefings/2025-10-20-order.md:17:1: warning: the event `early` has no sources\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= hint: list the sources that report it in the event's `sources`, e.g. sources = [\"s1\"], with each id declared under [[sources]]"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("has no sources").count(), 1, "{stderr}");
    assert!(stderr.contains("0 error(s), 1 warning(s)"), "{stderr}");
}

#[test]
fn the_no_source_mark_is_shown_while_previewing_and_never_built() {
    let site = site();
    let built = page(&site, false);
    assert!(
        !built.contains("data-editor-mark"),
        "a mark in build output"
    );
    assert!(!built.contains("No sources:"));
    let served = page(&site, true);
    let mark = "<p class=\"editor-mark\" data-editor-mark>No sources: <code>dossier check</code> warns about this event. (Shown only while previewing.)</p>";
    assert_eq!(served.matches(mark).count(), 1, "one event without sources");
    let early = served.find("id=\"event-early\"").expect("early");
    let denial = served.find("id=\"event-denial\"").expect("denial");
    let at = served.find(mark).expect("mark");
    assert!(
        early < at && at < denial,
        "the mark is on the event without sources"
    );
}
