//! Issue 15: uncertain dates, Admiralty grades, analytic confidence and
//! corrections, read back from every output of the fixture site in
//! `tests/fixtures/rigour/` (HTML, `timeline.json`, `events.ics` through
//! the `ical` parser, the data files, JSON-LD and the corrections feed).

mod support;

use support::common;

use std::path::PathBuf;

use serde_json::Value;

struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn new() -> Built {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        common::build(&common::repo().join("tests/fixtures/rigour"), &out, None);
        Built { _tmp: tmp, out }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn json(&self, rel: &str) -> Value {
        serde_json::from_str(&self.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn event<'a>(events: &'a [Value], id: &str) -> &'a Value {
    events
        .iter()
        .find(|e| {
            e["uid"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("--{id}")))
        })
        .unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn the_briefing_page_shows_qualified_dates_grades_confidence_and_corrections() {
    let site = Built::new();
    let html = site.read("briefings/port/index.html");
    for shown in [
        ">c. June 2025</time>",
        ">May 2024? – ongoing</time>",
        ">1980s</time>",
        // Best of B and E, with the event's own 2.
        ">B2</a>",
        "title=\"B: Usually reliable",
        ">high confidence</a>",
        "Our judgment: <a class=\"confidence confidence-moderate\"",
        // The notice names the latest correction; the list has both.
        "Corrected <time datetime=\"2025-10-25\">25 October 2025</time>",
        "<li id=\"correction-1\">",
        "<li id=\"correction-2\">",
        "the wrong <em>distance</em>",
    ] {
        assert!(html.contains(shown), "briefing page lacks {shown}");
    }
    // An event without sources or credibility has no grade at all.
    let decade = &html[html.find("First deposits found").expect("decade")..];
    let decade = &decade[..decade.find("</li>").expect("end")];
    assert!(!decade.contains("class=\"grade\""), "{decade}");
}

#[test]
fn a_decade_groups_under_its_first_year_labelled_as_a_decade() {
    let site = Built::new();
    let year = site.read("timeline/1980/index.html");
    assert!(
        year.contains("1980s"),
        "timeline/1980 lacks its decade label"
    );
    assert!(year.contains("First deposits found"));
}

#[test]
fn grading_legend_and_corrections_pages_and_feed() {
    let site = Built::new();
    let legend = site.read("grading/index.html");
    for code in ["grade-A", "grade-F", "grade-1", "grade-6", "confidence-low"] {
        assert!(
            legend.contains(&format!("id=\"{code}\"")),
            "legend lacks {code}"
        );
    }
    assert!(legend.contains("Usually reliable"));
    let page = site.read("corrections/index.html");
    let newer = page.find("misnamed the minister").expect("newer");
    let older = page.find("wrong <em>distance</em>").expect("older");
    assert!(newer < older, "corrections newest first");
    let feed =
        feed_rs::parser::parse(site.read("corrections/atom.xml").as_bytes()).expect("valid Atom");
    assert_eq!(feed.entries.len(), 2);
    assert_eq!(
        feed.entries[0].id,
        "https://example.org/briefings/port/#correction-2"
    );
    assert_eq!(
        feed.updated.expect("updated").to_rfc3339(),
        "2025-10-25T00:00:00+00:00"
    );
    // The site feed counts the correction as an update.
    let main = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).expect("Atom");
    assert_eq!(
        main.entries[0].updated.expect("updated").to_rfc3339(),
        "2025-10-25T00:00:00+00:00"
    );
}

#[test]
fn timeline_json_display_dates_carry_the_qualifier() {
    let site = Built::new();
    let tl = site.json("timeline.json");
    let shown: Vec<&str> = tl["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["display_date"].as_str().expect("display_date"))
        .collect();
    assert_eq!(shown, ["1980s", "May 2024? – ongoing", "c. June 2025"]);
    let approx = &tl["events"][2];
    assert_eq!(
        approx["start_date"],
        serde_json::json!({"year": "2025", "month": "6"})
    );
    assert!(
        tl["events"][1].get("end_date").is_none(),
        "ongoing has no end"
    );
}

#[test]
fn the_calendar_marks_qualifiers_and_leaves_ongoing_events_open() {
    let site = Built::new();
    let ics = site.read("events.ics");
    let cal = ical::IcalParser::new(ics.as_bytes())
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let by_summary = |s: &str| {
        cal.events
            .iter()
            .find(|e| prop(e, "SUMMARY").as_deref() == Some(s))
            .unwrap_or_else(|| panic!("no event {s}"))
    };
    let approx = by_summary("Talks begin (c. June 2025)");
    assert_eq!(prop(approx, "DTSTART").as_deref(), Some("20250601"));
    assert_eq!(prop(approx, "DTEND").as_deref(), Some("20250701"));
    let ongoing = by_summary("Survey under way (May 2024? – ongoing)");
    assert_eq!(prop(ongoing, "DTSTART").as_deref(), Some("20240501"));
    assert_eq!(prop(ongoing, "DTEND"), None);
    let decade = by_summary("First deposits found (1980s)");
    assert_eq!(prop(decade, "DTEND").as_deref(), Some("19900101"));
}

#[test]
fn data_files_carry_edtf_days_grades_confidence_and_corrections() {
    let site = Built::new();
    let data = site.json("data/events.json");
    let events = data["events"].as_array().expect("events");
    let approx = event(events, "approx");
    assert_eq!(approx["date_edtf"], "2025-06~");
    assert_eq!(approx["first_day"], "2025-06-01");
    assert_eq!(approx["last_day"], "2025-06-30");
    assert_eq!(approx["approximate"], true);
    assert_eq!(approx.get("uncertain"), None, "a false flag is left out");
    assert_eq!(approx["credibility"], "2");
    assert_eq!(approx["grade"], "B2");
    assert_eq!(approx["confidence"], "high");
    assert_eq!(approx["sources"][0], "port--wire");
    let ongoing = event(events, "unsure");
    assert_eq!(ongoing["date_edtf"], "2024-05?");
    assert_eq!(ongoing["end_edtf"], "..");
    assert_eq!(ongoing["first_day"], "2024-05-01");
    assert_eq!(ongoing.get("last_day"), None, "ongoing: no last day");
    assert_eq!(ongoing["uncertain"], true);
    assert_eq!(ongoing["grade"], "E");
    let decade = event(events, "decade");
    assert_eq!(
        (&decade["first_day"], &decade["last_day"]),
        (&Value::from("1980-01-01"), &Value::from("1989-12-31"))
    );
    let briefings = site.json("data/briefings.json");
    let b = &briefings["briefings"][0];
    assert_eq!(b["confidence"], "moderate");
    assert_eq!(b["slug"], "port");
    let wire = b["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == "wire")
        .expect("the source port--wire");
    assert_eq!(wire["reliability"], "B");
    assert_eq!(b["corrections"][1]["date"], "2025-10-25");
    let csv = site.read("data/events.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let approx_row = rows
        .records()
        .map(|r| r.expect("row"))
        .find(|r| r[col("event_uid")].ends_with("--approx"))
        .expect("approx row");
    assert_eq!(&approx_row[col("date")], "2025-06~");
    assert_eq!(&approx_row[col("approximate")], "true");
    assert_eq!(&approx_row[col("grade")], "B2");
    assert_eq!(&approx_row[col("confidence")], "high");
}

#[test]
fn json_ld_carries_edtf_dates_and_corrections() {
    let site = Built::new();
    let html = site.read("briefings/port/index.html");
    let start = html.find("application/ld+json\">").expect("json-ld") + 21;
    let end = start + html[start..].find("</script>").expect("end");
    let ld: Value = serde_json::from_str(&html[start..end]).expect("JSON-LD");
    assert_eq!(ld["dateModified"], "2025-10-25T00:00:00Z");
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(ld["correction"][1]["datePublished"], "2025-10-25T00:00:00Z");
    let about = ld["about"].as_array().expect("events");
    let dates: Vec<&str> = about
        .iter()
        .map(|e| e["startDate"].as_str().expect("startDate"))
        .collect();
    assert_eq!(dates, ["2025-06~", "2024-05?", "198X"]);
    assert!(about[1].get("endDate").is_none(), "ongoing has no endDate");
}

#[test]
fn grading_require_warns_of_ungraded_sources_and_events() {
    let tmp = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&common::repo().join("tests/fixtures/rigour"), tmp.path());
    let site_toml = tmp.path().join("site.toml");
    let mut text = std::fs::read_to_string(&site_toml).expect("site.toml");
    text.push_str("\n[grading]\nrequire = true\n");
    std::fs::write(&site_toml, text).expect("site.toml");
    let out = assert_cmd::Command::cargo_bin("dossier")
        .expect("binary")
        .args(["check", "--root"])
        .arg(tmp.path())
        .output()
        .expect("runs");
    let printed =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    for line in [
        "content/briefings/2025-10-20-port.md:22:1: warning: the event `unsure` has no `credibility`",
        "content/briefings/2025-10-20-port.md:29:1: warning: the event `decade` has no `credibility`",
    ] {
        assert!(printed.contains(line), "missing {line:?} in:\n{printed}");
    }
    assert!(!printed.contains("the event `approx` has no"), "{printed}");
    assert!(!printed.contains("has no `reliability`"), "{printed}");
    assert!(out.status.success(), "warnings only:\n{printed}");
}

/// The wording of dates and the meanings of grades are the theme's strings:
/// a site that words them its own way (in `site.toml`, or in its own
/// `i18n/en.toml`) sees its wording on every page and file that shows them.
#[test]
fn a_sites_own_strings_change_date_wording_and_grade_meanings_everywhere() {
    let site = support::Site::new("rigour");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{toml}\n[languages.en.strings.date]\napproximate = \"around {{}}\"\nongoing = \"continuing\"\n\n[languages.en.strings.grading.reliability.B]\nname = \"Mostly reliable\"\n"
        ),
    );
    site.write(
        "i18n/en.toml",
        "[grading]\ntitle = \"Our grading scale\"\n[grading.confidence.high]\nname = \"Strong confidence\"\n",
    );
    let report = site.build();
    // The fixture's events name no sources on purpose (issue 14 warns of
    // that); nothing else may be said about the strings.
    let others: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| !d.message.ends_with("has no sources"))
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(others.len(), 0, "{others:?}");
    let page = site.read("briefings/port/index.html");
    for shown in [
        ">around June 2025</time>",
        ">May 2024? – continuing</time>",
        "title=\"B: Mostly reliable: minor doubt",
    ] {
        assert!(page.contains(shown), "briefing page lacks {shown}");
    }
    assert!(!page.contains(">c. June 2025<"));
    let legend = site.read("grading/index.html");
    assert!(
        legend.contains("<h1>Our grading scale</h1>"),
        "legend title"
    );
    assert!(
        legend.contains("</span> Mostly reliable</dt>"),
        "legend name"
    );
    assert!(
        legend.contains(">Strong confidence</span>"),
        "confidence name"
    );
    let timeline: Value = serde_json::from_str(&site.read("timeline.json")).expect("json");
    let dates: Vec<&str> = timeline["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["display_date"].as_str())
        .collect();
    assert!(dates.contains(&"around June 2025"), "{dates:?}");
    assert!(site.read("events.ics").contains("(around June 2025)"));
}
