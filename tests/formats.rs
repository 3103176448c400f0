//! Issue 4: every machine-readable output of the fixture site in
//! `tests/fixtures/formats/`, read back by an independent parser of its
//! format, with its content asserted.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

const BASE: &str = "https://example.org/desk/";

/// The fixture built into a fresh temporary folder.
struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn new() -> Built {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        common::build(&common::fixture(), &out, None);
        Built { _tmp: tmp, out }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn json(&self, rel: &str) -> Value {
        serde_json::from_str(&self.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

const SCRIPT_TITLE: &str = "Alerts <script>alert(\"x\")</script> & \"quoted\" news";

fn text(t: &Option<feed_rs::model::Text>) -> &str {
    t.as_ref().map_or("", |t| t.content.as_str())
}

#[test]
fn atom_feed_lists_every_briefing_newest_first() {
    let site = Built::new();
    let feed = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).expect("valid Atom");
    assert_eq!(feed.id, BASE);
    assert_eq!(text(&feed.title), "Formats & <Fixtures>");
    let updated = feed.updated.expect("feed updated").to_rfc3339();
    assert_eq!(
        updated, "2025-04-01T00:00:00+00:00",
        "newest briefing, not the clock"
    );
    let rels: BTreeMap<String, String> = feed
        .links
        .iter()
        .map(|l| (l.rel.clone().unwrap_or_default(), l.href.clone()))
        .collect();
    assert_eq!(rels["self"], format!("{BASE}atom.xml"));
    assert_eq!(rels["alternate"], BASE);

    let titles: Vec<&str> = feed.entries.iter().map(|e| text(&e.title)).collect();
    assert_eq!(
        titles,
        [
            "中国 and پاکستان: the minerals corridor",
            "A signing at 09:30 in Islamabad",
            SCRIPT_TITLE,
        ],
        "three published briefings (the draft is left out), newest first"
    );
    for e in &feed.entries {
        assert!(e.id.starts_with(&format!("{BASE}briefings/")), "{}", e.id);
        assert!(
            e.links.iter().all(|l| l.href.starts_with(BASE)),
            "{:?}",
            e.links
        );
        assert!(e.updated.is_some());
        assert!(e.summary.is_some(), "summary of {}", e.id);
    }
    // `published` is written when it differs from `updated`; otherwise
    // readers take `updated`, which is the same date.
    let published: Vec<bool> = feed.entries.iter().map(|e| e.published.is_some()).collect();
    assert_eq!(published, [false, false, true]);
    let coarse = &feed.entries[2];
    assert_eq!(coarse.id, format!("{BASE}briefings/coarse-dates/"));
    assert_eq!(
        coarse.published.expect("published").to_rfc3339(),
        "2025-01-10T00:00:00+00:00"
    );
    assert_eq!(
        coarse.updated.expect("updated").to_rfc3339(),
        "2025-02-01T00:00:00+00:00"
    );
    let names: Vec<&str> = coarse.authors.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Minerals Desk"]);
    let tags: Vec<(&str, Option<&str>)> = coarse
        .categories
        .iter()
        .map(|c| (c.term.as_str(), c.label.as_deref()))
        .collect();
    assert_eq!(
        tags,
        [("rare earths", None), ("export controls", None)],
        "a tag is its category's term, as written"
    );
    // No author in front matter: the entry has none of its own and
    // inherits the feed's, the site (RFC 4287 §4.2.1).
    assert!(feed.entries[1].authors.is_empty());
    let names: Vec<&str> = feed.authors.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Formats & <Fixtures>"]);
    let body = coarse.content.as_ref().and_then(|c| c.body.clone());
    assert!(
        body.is_some_and(|b| b.contains("lanthanum")),
        "the site feed carries the body"
    );
}

#[test]
fn actor_feeds_list_the_briefings_naming_each_actor() {
    let site = Built::new();
    for (actor, want) in [
        (
            "china",
            vec!["中国 and پاکستان: the minerals corridor", SCRIPT_TITLE],
        ),
        (
            "acme-metals",
            vec!["A signing at 09:30 in Islamabad", SCRIPT_TITLE],
        ),
        (
            "pakistan",
            vec![
                "中国 and پاکستان: the minerals corridor",
                "A signing at 09:30 in Islamabad",
                SCRIPT_TITLE,
            ],
        ),
    ] {
        let rel = format!("actors/{actor}/atom.xml");
        let feed = feed_rs::parser::parse(site.read(&rel).as_bytes()).expect("valid Atom");
        let titles: Vec<&str> = feed.entries.iter().map(|e| text(&e.title)).collect();
        assert_eq!(titles, want, "{rel}");
        assert_eq!(feed.id, format!("{BASE}actors/{actor}/"));
        let self_link = feed
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("self"))
            .expect("self link");
        assert_eq!(self_link.href, format!("{BASE}{rel}"));
        // Entries say only what is theirs: the feed's author (the site)
        // stands for an entry without authors, and every entry links to
        // its briefing.
        let authors: Vec<Vec<&str>> = feed
            .entries
            .iter()
            .map(|e| e.authors.iter().map(|p| p.name.as_str()).collect())
            .collect();
        let want_authors: Vec<Vec<&str>> = want
            .iter()
            .map(|&t| match t {
                SCRIPT_TITLE => vec!["Minerals Desk"],
                _ => vec![],
            })
            .collect();
        assert_eq!(authors, want_authors, "{rel}");
        let feed_authors: Vec<&str> = feed.authors.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(feed_authors, ["Formats & <Fixtures>"], "{rel}");
        for e in &feed.entries {
            assert_eq!(e.links.len(), 1, "{rel}");
            assert_eq!(e.links[0].href, e.id, "{rel}");
        }
    }
    // What would repeat in every entry of 2,000 feeds is not written: no
    // categories (the tags are the site feed's), no default `type`, no
    // indentation; each entry still has its summary.
    let raw = site.read("actors/pakistan/atom.xml");
    assert!(raw.contains("<summary>"), "{raw}");
    assert!(site
        .read("atom.xml")
        .contains("<category term=\"rare earths\"/>"));
    for repeated in ["<category", "type=\"text\"", "\n "] {
        assert!(!raw.contains(repeated), "{repeated:?} in {raw}");
    }
    // Each actor page links to its feed.
    let page = common::unescape_html(&site.read("actors/china/index.html"));
    assert!(page.contains("href=\"/desk/actors/china/atom.xml\""));
}

type Props = BTreeMap<String, (String, Vec<(String, Vec<String>)>)>;

fn ical_events(ics: &str) -> BTreeMap<String, Props> {
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    let cal_props: BTreeMap<String, String> = cal
        .properties
        .iter()
        .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
        .collect();
    assert_eq!(cal_props["VERSION"], "2.0");
    assert_eq!(cal_props["CALSCALE"], "GREGORIAN");
    assert!(cal_props["PRODID"].contains("dossier"));
    cal.events
        .iter()
        .map(|e| {
            let props: Props = e
                .properties
                .iter()
                .map(|p| {
                    (
                        p.name.clone(),
                        (
                            p.value.clone().unwrap_or_default(),
                            p.params.clone().unwrap_or_default(),
                        ),
                    )
                })
                .collect();
            (props["UID"].0.clone(), props)
        })
        .collect()
}

#[test]
fn icalendar_has_one_vevent_per_event_at_its_precision() {
    let site = Built::new();
    let ics = site.read("events.ics");
    let events = ical_events(&ics);
    assert_eq!(events.len(), 6, "{:?}", events.keys());
    let value = |uid: &str, name: &str| -> String {
        events
            .get(uid)
            .unwrap_or_else(|| panic!("no event {uid}"))
            .get(name)
            .map(|p| p.0.clone())
            .unwrap_or_default()
    };
    let is_date = |uid: &str, name: &str| {
        events[uid][name]
            .1
            .iter()
            .any(|(k, v)| k == "VALUE" && v == &["DATE".to_string()])
    };
    // A one-day event has no DTEND: an all-day start lasts one day
    // (RFC 5545 3.6.1).
    for (uid, start, end) in [
        ("coarse-dates--year-only", "20240101", Some("20250101")),
        ("coarse-dates--month-only", "20240201", Some("20240301")),
        ("coarse-dates--summer-span", "20240501", Some("20240801")),
        ("precise-times--announcement", "20250301", None),
        ("non-latin--corridor-meeting", "20250320", None),
    ] {
        let uid = format!("{uid}@example.org");
        assert_eq!(value(&uid, "DTSTART"), start, "{uid}");
        assert!(is_date(&uid, "DTSTART"), "{uid} all-day");
        match end {
            Some(end) => {
                assert_eq!(value(&uid, "DTEND"), end, "{uid}");
                assert!(is_date(&uid, "DTEND"), "{uid} all-day");
            }
            None => assert!(!events[&uid].contains_key("DTEND"), "{uid}"),
        }
    }
    let signing = "precise-times--signing@example.org";
    assert_eq!(
        value(signing, "DTSTART"),
        "20250304T013000Z",
        "09:30+08:00 in UTC"
    );
    assert!(!is_date(signing, "DTSTART"));
    assert_eq!(
        value(signing, "DTSTAMP"),
        "20250305T000000Z",
        "briefing date, not the clock"
    );
    assert_eq!(
        value("coarse-dates--year-only@example.org", "DTSTAMP"),
        "20250201T000000Z",
        "updated date"
    );
    assert_eq!(
        value(signing, "SUMMARY"),
        "Acme and the ministry sign a memorandum\\, with a deliberately long title that must be folded in the calendar file"
    );
    assert_eq!(
        value(signing, "URL"),
        format!("{BASE}briefings/precise-times/#event-signing")
    );
    assert_eq!(
        value(signing, "DESCRIPTION"),
        "A line with a backslash \\\\ and a semicolon\\; then a comma\\, then a second line.\\nActors: Acme Metals\\, Inc.\\, Pakistan"
    );
    assert_eq!(
        value("coarse-dates--month-only@example.org", "LOCATION"),
        "Beijing\\; Hebei\\, China"
    );
    // The briefing is the event's URL and lists its sources; the
    // description repeats neither (only the other briefings of a `same_as`
    // record are named).
    assert_eq!(
        value("non-latin--corridor-meeting@example.org", "DESCRIPTION"),
        "Actors: China\\, Pakistan"
    );
    assert!(!ics.contains("Source: "), "{ics}");
    assert!(!ics.contains("https://daily.example/talks"), "{ics}");
    assert_eq!(
        value("non-latin--corridor-meeting@example.org", "URL"),
        format!("{BASE}briefings/non-latin/#event-corridor-meeting")
    );
    assert!(!ics.contains("Briefing: "), "{ics}");
    // Nor the tags: calendar apps do not show categories.
    assert!(!ics.contains("CATEGORIES"), "{ics}");

    // Physical lines: CRLF, at most 75 octets, no split characters.
    assert!(ics.ends_with("\r\n"));
    for line in ics.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "line without CRLF: {line:?}");
        let content = &line[..line.len() - 2];
        assert!(!content.contains('\r'), "{line:?}");
        assert!(content.len() <= 75, "{} octets: {content:?}", content.len());
    }
    assert!(ics.contains("\r\n "), "long lines are folded");
}

#[test]
fn json_data_files_have_schema_version_and_records() {
    let site = Built::new();
    let events = site.json("data/events.json");
    assert_eq!(events["schema_version"], 2);
    assert_eq!(events["site"]["base_url"], BASE);
    let list = events["events"].as_array().expect("events array");
    assert_eq!(list.len(), 6);
    let year_only = list
        .iter()
        .find(|e| e["uid"] == "coarse-dates--year-only")
        .expect("year-only event");
    assert_eq!(year_only["date_edtf"], "2024");
    assert_eq!(year_only["first_day"], "2024-01-01");
    assert_eq!(year_only["last_day"], "2024-12-31");
    assert_eq!(year_only.get("end_edtf"), None, "no end: left out");
    assert_eq!(year_only["actors"], json!(["pakistan", "china"]));
    // Its tags are its briefing's, described there only.
    assert_eq!(year_only.get("tags"), None, "{year_only}");
    let briefings = site.json("data/briefings.json");
    assert_eq!(
        common::event_tags(&briefings, year_only),
        ["rare earths", "export controls"]
    );
    assert_eq!(year_only["sources"], json!(["coarse-dates--report"]));
    let span = list
        .iter()
        .find(|e| e["uid"] == "coarse-dates--summer-span")
        .expect("span");
    assert_eq!(span["end_edtf"], "2024-07");
    assert_eq!(span["last_day"], "2024-07-31");
    let signing = list
        .iter()
        .find(|e| e["uid"] == "precise-times--signing")
        .expect("signing");
    assert_eq!(signing["date_edtf"], "2025-03-04T09:30:00+08:00");
    assert_eq!(signing["first_day"], "2025-03-04");

    let actors = site.json("data/actors.json");
    assert_eq!(actors["schema_version"], 2);
    let acme = actors["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .find(|a| a["id"] == "acme-metals")
        .expect("acme");
    assert_eq!(acme["name"], "Acme Metals, Inc.");
    assert_eq!(acme["kind"], "company");
    assert_eq!(acme["country"], "pakistan");
    assert_eq!(acme["briefing_count"], 2);
    assert_eq!(acme["event_count"], 2);
    assert_eq!(acme["url"], format!("{BASE}actors/acme-metals/"));
    assert_eq!(actors["actors"].as_array().map(Vec::len), Some(3));

    let briefings = site.json("data/briefings.json");
    assert_eq!(briefings["schema_version"], 2);
    let list = briefings["briefings"].as_array().expect("briefings");
    let slugs: Vec<&str> = list.iter().filter_map(|b| b["slug"].as_str()).collect();
    assert_eq!(slugs, ["coarse-dates", "precise-times", "non-latin"]);
    assert_eq!(list[0]["title"], SCRIPT_TITLE);
    assert_eq!(list[0]["date"], "2025-01-10");
    assert_eq!(list[0]["updated"], "2025-02-01");
    assert_eq!(
        list[0]["events"],
        json!([
            "coarse-dates--year-only",
            "coarse-dates--month-only",
            "coarse-dates--summer-span"
        ])
    );
    assert_eq!(list[1]["sources"][0]["publisher"], "Wire, Service");
}

/// The paths under `v` whose value is `null`, `[]` or `false`.
fn absent_values(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Null | Value::Bool(false) => out.push(path.to_string()),
        Value::Array(a) if a.is_empty() => out.push(path.to_string()),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                absent_values(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                absent_values(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// Issue 14: schema version 2 leaves out what a record does not have and
/// the fields that repeated others, and every fact can still be read.
#[test]
fn json_data_files_leave_out_absent_and_repeated_values() {
    let site = Built::new();
    for rel in [
        "data/events.json",
        "data/briefings.json",
        "data/actors.json",
        "data/places.json",
    ] {
        let mut found = Vec::new();
        absent_values(&site.json(rel), "", &mut found);
        assert_eq!(found, Vec::<String>::new(), "{rel}");
    }
    let mut found = Vec::new();
    for (i, f) in site.json("data/events.geojson")["features"]
        .as_array()
        .expect("features")
        .iter()
        .enumerate()
    {
        absent_values(&f["properties"], &format!("[{i}]"), &mut found);
    }
    assert_eq!(found, Vec::<String>::new(), "events.geojson");

    let events = site.json("data/events.json");
    let list = events["events"].as_array().expect("events");
    let event = |uid: &str| {
        list.iter()
            .find(|e| e["uid"] == uid)
            .unwrap_or_else(|| panic!("{uid}"))
    };
    // A year-only event with actors, tags, one source and a text, and
    // nothing else: exactly these fields (listed sorted, as serde_json
    // reads them).
    let year_only = event("coarse-dates--year-only");
    let keys: Vec<&str> = year_only
        .as_object()
        .expect("record")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "actors",
            "date_edtf",
            "first_day",
            "last_day",
            "sources",
            "text",
            "title",
            "uid"
        ],
        "no id, briefing or url (made from uid), no date records repeating \
         date_edtf, no reported_in that is just uid's briefing, sources by id, \
         no tags (its briefing's)"
    );
    // Every fact is read off the records: each source is described once,
    // in its briefing's record of briefings.json, and each event's page is
    // its briefing's with the event's anchor.
    let briefings = site.json("data/briefings.json");
    let briefing = |slug: &str| common::briefing_record(&briefings, slug);
    let source = |reference: &str| common::source_record(&briefings, reference).clone();
    assert_eq!(
        source(year_only["sources"][0].as_str().expect("a reference")),
        json!({
            "id": "report",
            "title": "Annual report on rare earths & quotas",
            "publisher": "Example Ministry",
            "url": "https://ministry.example/report?a=1&b=2",
            "date": "2024-12-30"
        })
    );
    for e in list {
        for r in e["sources"].as_array().into_iter().flatten() {
            source(r.as_str().expect("a reference"));
        }
        let (slug, id) = e["uid"]
            .as_str()
            .and_then(|u| u.split_once("--"))
            .expect("uid");
        let page = briefing(slug)["url"].as_str().expect("url");
        let rel = page.strip_prefix(BASE).expect("under base_url");
        let html = site.read(&format!("{rel}index.html"));
        assert!(html.contains(&format!("id=\"event-{id}\"")), "{page}");
    }
    // Every place is named by id and described once, in places.json: the
    // month-only event's, an implicit place, is there with its name as
    // written; every place_id resolves.
    let month = event("coarse-dates--month-only");
    assert_eq!(month.get("place"), None, "{month}");
    let places = site.json("data/places.json");
    assert_eq!(places["schema_version"], 2);
    let place = |id: &str| common::place_record(&places, id).clone();
    let beijing = place(month["place_id"].as_str().expect("place_id"));
    assert_eq!(beijing["name"], "Beijing; Hebei, China");
    assert_eq!(beijing["implicit"], true);
    assert_eq!(
        beijing["url"]
            .as_str()
            .map(|u| u.starts_with(&format!("{BASE}places/"))),
        Some(true)
    );
    for e in list {
        if let Some(id) = e["place_id"].as_str() {
            assert!(place(id)["event_count"].as_u64() >= Some(1), "{id}");
        }
    }
    // The span's days: from its first possible start to its last end.
    let span = event("coarse-dates--summer-span");
    assert_eq!(span["first_day"], "2024-05-01");
    assert_eq!(span["last_day"], "2024-07-31");
    assert_eq!(span["end_edtf"], "2024-07");
}

#[test]
fn csv_has_one_row_per_event_and_actor() {
    let site = Built::new();
    let mut reader = csv::Reader::from_path(site.out.join("data/events.csv")).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "event_uid",
            "date",
            "end",
            "first_day",
            "last_day",
            "title",
            "place",
            "lat",
            "lon",
            "actor_id",
            "actor_name",
            "actor_kind",
            "source_urls",
            "approximate",
            "uncertain",
            "grade",
            "confidence",
            "reported_in",
        ],
        "issue 14: no column repeating another of its row (event_id and briefing are \
         event_uid's halves, url is made from them, a precision is its date's form) \
         nor the briefing's tags"
    );
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // 2 + 1 + 3 + 1 (no actors) + 2 + 2.
    assert_eq!(rows.len(), 11);
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("event_uid")].to_string(),
                r[col("actor_id")].to_string(),
            )
        })
        .collect();
    assert!(pairs.contains(&("precise-times--announcement".into(), String::new())));
    let acme = rows
        .iter()
        .find(|r| &r[col("actor_id")] == "acme-metals")
        .expect("an acme row");
    assert_eq!(&acme[col("actor_name")], "Acme Metals, Inc.");
    let month = rows
        .iter()
        .find(|r| &r[col("event_uid")] == "coarse-dates--month-only")
        .expect("month row");
    assert_eq!(&month[col("title")], "Quotas announced; details, later");
    assert_eq!(&month[col("place")], "Beijing; Hebei, China");
    assert_eq!(&month[col("date")], "2024-02");
    assert_eq!(&month[col("last_day")], "2024-02-29");
    // Who, what, when, where and the source, in the row itself.
    let signing: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[col("event_uid")] == "precise-times--signing")
        .collect();
    let who: Vec<&str> = signing.iter().map(|r| &r[col("actor_name")]).collect();
    assert_eq!(who, ["Acme Metals, Inc.", "Pakistan"]);
    for r in &signing {
        assert!(r[col("title")].starts_with("Acme and the ministry sign"));
        assert_eq!(&r[col("date")], "2025-03-04T09:30:00+08:00");
        assert_eq!(&r[col("first_day")], "2025-03-04");
        assert_eq!(&r[col("place")], "Islamabad");
        assert_eq!(&r[col("source_urls")], "https://wire.example/signed");
    }
    // Unset flags and a reported_in that is just the uid's briefing are
    // empty: a `false` or a repeated slug in most of 200,000 rows says
    // nothing.
    for r in &rows {
        for c in ["approximate", "uncertain"] {
            assert!(["", "true"].contains(&&r[col(c)]), "{c}: {r:?}");
        }
        assert_eq!(&r[col("reported_in")], "", "{r:?}");
    }
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = Built::new();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let mut listed = BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name((ns, "url"))) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((ns, "loc")))
            .and_then(|n| n.text())
            .expect("loc");
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name((ns, "lastmod")))
            .and_then(|n| n.text())
            .unwrap_or_default();
        let rel = loc
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{loc} is not under {BASE}"));
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        assert!(site.out.join(&file).is_file(), "{loc} has no page {file}");
        listed.insert(file, lastmod.to_string());
    }
    let mut pages = Vec::new();
    collect_html(&site.out, &site.out, &mut pages);
    pages.retain(|p| p != "404.html");
    assert_eq!(listed.keys().cloned().collect::<Vec<_>>(), pages);
    assert_eq!(listed["briefings/coarse-dates/index.html"], "2025-02-01");
    assert_eq!(listed["briefings/non-latin/index.html"], "2025-04-01");
    assert_eq!(listed["about/index.html"], "2025-04-01");
    assert_eq!(listed["actors/acme-metals/index.html"], "2025-03-05");
    let robots = site.read("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

fn collect_html(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_html(root, &p, out);
        } else if p.extension().is_some_and(|e| e == "html") {
            let rel = p.strip_prefix(root).expect("under root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
}

#[test]
fn timelinejs_dates_keep_their_precision() {
    let site = Built::new();
    let raw = site.read("timeline.json");
    assert!(
        !raw.contains("<script>"),
        "front matter is escaped for TimelineJS"
    );
    // Issue 14: the slides' own markup is written as it is, not as
    // `\u003cp\u003e` (six bytes a character), since it is HTML already.
    assert!(raw.contains("\"text\":\"<p>"), "{raw}");
    assert!(!raw.contains("\\u003c"), "{raw}");
    let tl: Value = serde_json::from_str(&raw).expect("json");
    assert_eq!(
        tl["title"]["text"]["headline"],
        "Formats &amp; &lt;Fixtures&gt;"
    );
    let events = tl["events"].as_array().expect("events");
    assert_eq!(events.len(), 6);
    let by_id = |id: &str| {
        events
            .iter()
            .find(|e| e["unique_id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let year = by_id("coarse-dates--year-only");
    assert_eq!(
        year["start_date"],
        json!({"year": "2024"}),
        "no invented month or day"
    );
    assert!(year.get("end_date").is_none());
    // TimelineJS shows a plain year or month as the site does: no
    // display_date; a day (`4 March 2025` here, `March 4, 2025` there), a
    // span or a time keeps it.
    assert!(year.get("display_date").is_none(), "{year}");
    assert!(by_id("coarse-dates--month-only")
        .get("display_date")
        .is_none());
    // No `group`: TimelineJS would give each actor a row of its own.
    assert!(year.get("group").is_none(), "{year}");
    assert!(!raw.contains("\"group\""), "{raw}");
    // The headline is the link to the event on its one briefing: the text
    // has no second link, and no briefing title (the reader follows the
    // link for that).
    assert_eq!(
        year["text"]["headline"],
        format!(
            "<a href=\"{BASE}briefings/coarse-dates/#event-year-only\">A year-long push for mining investment</a>"
        )
    );
    let text = year["text"]["text"].as_str().expect("text");
    assert!(!text.contains("<a "), "{text}");
    assert!(text.ends_with("<p>Actors: Pakistan, China</p>"), "{text}");
    assert!(!text.contains("Alerts"), "{text}");
    let span = by_id("coarse-dates--summer-span");
    assert_eq!(span["start_date"], json!({"year": "2024", "month": "5"}));
    assert_eq!(span["end_date"], json!({"year": "2024", "month": "7"}));
    assert!(span["display_date"].is_string(), "{span}");
    let signing = by_id("precise-times--signing");
    assert!(signing["display_date"].is_string(), "{signing}");
    assert_eq!(
        signing["start_date"],
        json!({"year": "2025", "month": "3", "day": "4", "hour": "9", "minute": "30"})
    );
}

#[test]
fn search_index_covers_briefings_events_and_actors() {
    let site = Built::new();
    let meta = site.json("search/index/meta.json");
    assert_eq!(meta["version"], 6);
    assert_eq!(
        meta["count"],
        3 + 3 + 3 + 6,
        "briefings, actors, places, events"
    );
    assert_eq!(
        meta["kinds"],
        serde_json::json!([["b", 0], ["a", 3], ["p", 6], ["e", 9]]),
        "briefings rank first, events last"
    );
    // A document's kind is where its number falls in `kinds`: the
    // documents carry none of their own.
    let docs = site.json("search/index/d/0.json");
    let docs = docs.as_array().expect("docs");
    assert!(docs.iter().all(|d| d.get("k").is_none()), "{docs:?}");
    let kind_of = |n: usize| {
        meta["kinds"]
            .as_array()
            .expect("kinds")
            .iter()
            .rev()
            .find(|k| k[1].as_u64().is_some_and(|start| start as usize <= n))
            .and_then(|k| k[0].as_str())
            .expect("a kind")
            .to_string()
    };
    let find = |kind: &str, title: &str| {
        docs.iter()
            .enumerate()
            .find(|(n, d)| kind_of(*n) == kind && d["t"] == title)
            .map(|(_, d)| d)
            .unwrap_or_else(|| panic!("no {kind} {title}"))
    };
    let labels = site.json("search/index/labels.json");
    let actor = |i: &Value| labels["a"][i.as_u64().expect("actor") as usize][1].clone();
    let b = find("b", SCRIPT_TITLE);
    assert_eq!(b["u"], "/desk/briefings/coarse-dates/");
    assert!(b["a"]
        .as_array()
        .expect("actors")
        .iter()
        .any(|a| actor(a) == "China"));
    // Places are found by name (issue 16), here implicit ones.
    assert_eq!(find("p", "Gwadar")["u"], "/desk/places/gwadar/");
    let china = find("a", "China");
    assert!(china["n"]
        .as_array()
        .is_some_and(|n| n.iter().any(|a| a == "中国")));
    assert_eq!(china["u"], "/desk/actors/china/");
    let e = find("e", "Corridor officials meet in Gwadar");
    // Its URL is a fragment of its briefing's, in the title shard below.
    assert_eq!(e["u"], "#event-corridor-meeting");
    assert_eq!(e["d"], "20 March 2025");
    let names: Vec<Value> = e["a"]
        .as_array()
        .expect("actors")
        .iter()
        .map(actor)
        .collect();
    assert_eq!(names, ["China", "Pakistan"]);
    assert_eq!(e["s"], "Gwadar");
    // The event names its briefing by document number; the title is in
    // the briefing's title shard, not repeated on the event.
    let from = e["f"].as_u64().expect("briefing number") as usize;
    assert_eq!(kind_of(from), "b");
    let titles = meta["titles"].as_u64().expect("titles per shard") as usize;
    let shard = site.json(&format!("search/index/b/{}.json", from / titles));
    assert_eq!(
        shard["t"][from % titles],
        "中国 and پاکستان: the minerals corridor"
    );
    assert_eq!(docs[from]["t"], shard["t"][from % titles]);
    assert_eq!(shard["u"][from % titles], "/desk/briefings/non-latin/");
    assert_eq!(docs[from]["u"], shard["u"][from % titles]);
    // So are its tags, which are its briefing's.
    assert_eq!(e.get("g"), None);
    let tag = |i: &Value| labels["g"][i.as_u64().expect("tag") as usize][1].clone();
    let tags: Vec<Value> = shard["g"][from % titles]
        .as_array()
        .expect("tags")
        .iter()
        .map(tag)
        .collect();
    assert_eq!(tags, ["China-Pakistan"]);
    assert_eq!(shard["g"][from % titles], docs[from]["g"]);
    assert!(!site.read("search/index/d/0.json").contains("\"f\":\"中国"));
    // Body words and Chinese pairs are terms; markup and drafts are not.
    let terms = site.read("search/index/t/0.json");
    for term in ["\"lanthanum\"", "\"北京\"", "\"稀土\""] {
        assert!(terms.contains(term), "{term} is not a term");
    }
    assert!(!terms.contains("\"draft\""));
    assert!(!site.read("search/index/d/0.json").contains("A draft"));
    let page = common::unescape_html(&site.read("search/index.html"));
    assert!(page.contains("data-index=\"/desk/search/index/\""));
    assert!(site.out.join("js/search.js").is_file());
    assert!(site.out.join("js/search-tokens.js").is_file());
}

#[test]
fn json_ld_describes_the_article_and_its_events() {
    let site = Built::new();
    let html = site.read("briefings/coarse-dates/index.html");
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("end");
    let ld: Value = serde_json::from_str(&html[start..end]).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], SCRIPT_TITLE);
    assert_eq!(ld["datePublished"], "2025-01-10T00:00:00Z");
    assert_eq!(ld["dateModified"], "2025-02-01T00:00:00Z");
    assert_eq!(ld["author"][0]["name"], "Minerals Desk");
    let mentions: Vec<&str> = ld["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(mentions, ["China", "Pakistan", "Acme Metals, Inc."]);
    let events = ld["about"].as_array().expect("events");
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["@type"], "Event");
    assert_eq!(events[0]["startDate"], "2024");
    assert_eq!(events[2]["endDate"], "2024-07");
    // Each actor is described once, in `mentions`, by an `@id` relative to
    // the page (its actor page under the site's path); the events do not
    // list actors again.
    let ids: Vec<&str> = ld["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|m| m["@id"].as_str())
        .collect();
    assert!(ids.contains(&"/desk/actors/china/"), "{ids:?}");
    for e in events {
        assert!(e.get("actor").is_none(), "described once, in mentions: {e}");
    }
    assert!(
        ld.get("description").is_none(),
        "the summary is og:description"
    );
    // A citation is its source's URL, as text (the page's source list
    // gives its title, publisher and date).
    assert_eq!(ld["citation"][0], "https://ministry.example/report?a=1&b=2");
    // An actor of no particular kind is not typed `Thing` (the default).
    assert!(!ld.to_string().contains("\"Thing\""), "{ld}");
    // An event's `@id` is its anchor on the page.
    assert_eq!(events[0]["@id"], "#event-year-only");
    // No author in front matter: the site is the author, named by the
    // `@id` of the publisher, which describes it.
    let html = site.read("briefings/precise-times/index.html");
    let ld = json_ld(&html);
    assert_eq!(ld["author"], json!([{"@id": "/desk/#publisher"}]));
    assert_eq!(
        ld["publisher"],
        json!({
            "@id": "/desk/#publisher",
            "@type": "Organization",
            "name": "Formats & <Fixtures>",
            "url": BASE
        })
    );
    assert!(html.contains("\"name\":\"Formats \\u0026 \\u003cFixtures\\u003e\""));
}

/// The JSON-LD of a briefing page.
fn json_ld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("JSON-LD") + open.len();
    let end = start + html[start..].find("</script>").expect("end");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

/// Every object under `v` that has an `@id`: (that id, the object).
fn nodes<'a>(v: &'a Value, out: &mut Vec<(&'a str, &'a Value)>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| nodes(x, out)),
        Value::Object(o) => {
            if let Some(id) = o.get("@id").and_then(Value::as_str) {
                out.push((id, v));
            }
            o.values().for_each(|x| nodes(x, out));
        }
        _ => {}
    }
}

/// Issue 14: every node of a briefing's JSON-LD is described once (other
/// mentions are bare `@id` references to it) and none repeats its `@id` as
/// its `url`.
#[test]
fn json_ld_describes_each_node_once() {
    let site = Built::new();
    for slug in ["coarse-dates", "precise-times", "non-latin"] {
        let ld = json_ld(&site.read(&format!("briefings/{slug}/index.html")));
        let mut found = Vec::new();
        nodes(&ld, &mut found);
        let described: Vec<&str> = found
            .iter()
            .filter(|(_, n)| n.as_object().is_some_and(|o| o.len() > 1))
            .map(|(id, _)| *id)
            .collect();
        for (id, node) in &found {
            assert_eq!(
                described.iter().filter(|d| *d == id).count(),
                1,
                "{slug}: {id} is described once"
            );
            assert_ne!(
                node.get("url").and_then(Value::as_str),
                Some(*id),
                "{slug}: {node}"
            );
        }
        for e in ld["about"].as_array().into_iter().flatten() {
            let id = e["@id"].as_str().expect("an event's @id");
            assert!(id.starts_with("#event-"), "{id}");
        }
        for m in ld["mentions"].as_array().expect("mentions") {
            assert!(m["name"].is_string(), "{slug}: {m}");
        }
    }
}

#[test]
fn outputs_are_deterministic() {
    let a = Built::new();
    let b = Built::new();
    for rel in [
        "atom.xml",
        "actors/china/atom.xml",
        "events.ics",
        "timeline.json",
        "search/index/meta.json",
        "search/index/t/0.json",
        "search/index/d/0.json",
        "sitemap.xml",
        "robots.txt",
        "data/events.json",
        "data/actors.json",
        "data/places.json",
        "data/briefings.json",
        "data/events.csv",
    ] {
        assert_eq!(a.read(rel), b.read(rel), "{rel} differs between two builds");
    }
}
