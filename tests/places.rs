//! Places (issue 16): place profiles resolved from an event's `place` as
//! actors are (id, name, alias, any script, accents and punctuation
//! ignored); implicit places warn (errors under `strict`); duplicate names
//! and bad coordinates are errors at their position; place pages, the map
//! and the exports (GeoJSON read by the `geojson` crate, `GEO` read by the
//! `ical` crate, CSV, JSON-LD) carry the coordinates.

mod support;

use std::collections::BTreeMap;

use assert_cmd::Command;
use support::{error_lines, Site};

fn failed(site: &Site) -> dossier::diagnostic::Diagnostics {
    match dossier::build(&site.options()) {
        Ok(_) => panic!("the build should fail"),
        Err(d) => d,
    }
}

/// `place_id` of each event of `events.json`, by title.
fn event_places(site: &Site) -> BTreeMap<String, Option<String>> {
    let json: serde_json::Value =
        serde_json::from_str(&site.read("data/events.json")).expect("events.json");
    json["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap_or_default().to_string(),
                e["place_id"].as_str().map(String::from),
            )
        })
        .collect()
}

#[test]
fn a_place_resolves_by_id_name_and_alias_in_any_script() {
    let site = Site::new("places");
    let report = site.build();
    // The fixture's events name no sources (issue 14 warns about that,
    // pinned in tests/briefing_page.rs); nothing else is warned.
    assert_eq!(
        report
            .diagnostics
            .iter()
            .filter(|d| !d.message.ends_with("has no sources"))
            .count(),
        0,
        "{}",
        report.diagnostics.render()
    );
    let places = event_places(&site);
    for title in [
        "By id",
        "By name, in capitals",
        "By alias, in Urdu",
        "By alias, with accents and punctuation",
    ] {
        assert_eq!(places[title].as_deref(), Some("gwadar"), "{title}");
    }
    assert_eq!(places["Nowhere in particular"], None);
    let page = site.read("places/gwadar/index.html");
    assert!(page.contains("<h1>Gwadar</h1>"));
    assert!(page.contains("<dt>Dated events</dt><dd>4</dd>"), "{page}");
    // The events link to their place, by its profile's name, on their
    // briefing (the anchor each timeline line leads to).
    let event = site.read("briefings/ports/index.html");
    assert!(event.contains(r#"<a href="/desk/places/gwadar/">Gwadar</a>"#));
}

#[test]
fn an_unknown_place_is_an_implicit_place_with_a_grouped_warning() {
    let site = Site::new("places");
    site.write(
        "content/briefings/2025-05-02-lost.md",
        "+++\ntitle = \"Lost\"\ndate = 2025-05-02\n[[events]]\ntitle = \"Somewhere\"\ndate = \"2025\"\nplace = \"Atlantis\"\n[[events]]\ntitle = \"Again\"\ndate = \"2025\"\nplace = \"atlantis\"\n+++\n",
    );
    let report = site.build();
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !d.message.ends_with("has no sources"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", report.diagnostics.render());
    let w = warnings[0];
    assert_eq!(
        (
            w.path.to_string_lossy().as_ref(),
            w.line,
            w.col,
            w.message.as_str()
        ),
        (
            "content/briefings/2025-05-02-lost.md",
            7,
            9,
            "no place profile matches `Atlantis`"
        )
    );
    assert_eq!(
        w.hint.as_deref(),
        Some("create content/places/atlantis.md with `name = \"Atlantis\"`, or add it as an alias of an existing profile; it is listed as an implicit place, without coordinates, for now")
    );
    // Grouped like implicit actors: one entry, counted by kind.
    let shown = report.diagnostics.render();
    assert!(
        shown.contains("2 implicit-place references (1 place)"),
        "{shown}"
    );
    let page = site.read("places/atlantis/index.html");
    assert!(page.contains("No profile has been written for Atlantis yet"));
    assert!(!page.contains("<svg class=\"map\""));
    assert!(!site.read("data/events.geojson").contains("Atlantis"));
}

#[test]
fn an_unprofiled_actor_or_place_says_so_with_the_themes_markup_and_its_name_escaped() {
    let site = Site::new("places");
    site.write(
        "content/briefings/2025-05-02-lost.md",
        "+++\ntitle = \"Lost\"\ndate = 2025-05-02\nactors = [\"Zed & <b>Co</b>\"]\n[[events]]\ntitle = \"Somewhere\"\ndate = \"2025\"\nplace = \"Bay & <i>Cove</i>\"\n+++\n",
    );
    site.build();
    // The theme's words are HTML (`<code>`); the name inside them is text.
    let actor = site.read("actors/zed-b-co-b/index.html");
    assert!(
        actor.contains("<p class=\"note\">No profile has been written for Zed &amp; &lt;b&gt;Co&lt;/b&gt; yet: it is named in briefings without a file under <code>content/actors/</code>.</p>"),
        "{actor}"
    );
    let place = site.read("places/bay-i-cove-i/index.html");
    assert!(
        place.contains("<p class=\"note\">No profile has been written for Bay &amp; &lt;i&gt;Cove&lt;/i&gt; yet: events name it without a file under <code>content/places/</code>, so it has no coordinates and is not on the map.</p>"),
        "{place}"
    );
}

#[test]
fn under_strict_an_unknown_place_is_an_error_at_its_position() {
    let site = Site::new("places");
    site.write(
        "site.toml",
        "title = \"Places Desk\"\nbase_url = \"https://example.org/desk/\"\nstrict = true\n",
    );
    site.write(
        "content/briefings/2025-05-02-lost.md",
        "+++\ntitle = \"Lost\"\ndate = 2025-05-02\n[[events]]\ntitle = \"Somewhere\"\ndate = \"2025\"\nplace = \"Atlantis\"\n+++\n",
    );
    let diags = failed(&site);
    assert_eq!(
        error_lines(&diags),
        ["content/briefings/2025-05-02-lost.md:7:9: no place profile matches `Atlantis`"]
    );
}

#[test]
fn two_places_claiming_one_name_is_an_error_naming_both_files() {
    let site = Site::new("places");
    site.write(
        "content/places/gwadar-town.md",
        "+++\nname = \"Gwadar Town\"\naliases = [\"Port of Gwadar\"]\n+++\n",
    );
    let diags = failed(&site);
    assert_eq!(
        error_lines(&diags),
        ["content/places/gwadar-town.md:3:12: the alias `Port of Gwadar` is already claimed by place `gwadar` (content/places/gwadar.md)"]
    );
    let d = diags
        .iter()
        .find(|d| d.severity == dossier::diagnostic::Severity::Error)
        .expect("one error");
    assert_eq!(
        d.hint.as_deref(),
        Some("a name or alias must point to one place: remove it from content/places/gwadar-town.md or from content/places/gwadar.md")
    );
}

#[test]
fn bad_coordinates_are_errors_at_each_number() {
    let site = Site::new("places");
    site.write(
        "content/places/nowhere.md",
        "+++\nname = \"Nowhere\"\ncoordinates = [91.5, -200]\n+++\n",
    );
    site.write(
        "content/places/half.md",
        "---\nname: Half\ncoordinates: [25.1]\n---\n",
    );
    let diags = failed(&site);
    assert_eq!(
        error_lines(&diags),
        [
            "content/places/half.md:3:14: `coordinates` must be two numbers, latitude and longitude; found 1",
            "content/places/nowhere.md:3:16: the latitude 91.5 is out of range: it must be between -90 and 90",
            "content/places/nowhere.md:3:22: the longitude -200 is out of range: it must be between -180 and 180",
        ]
    );
}

#[test]
fn geojson_has_a_point_per_located_event_read_by_an_independent_parser() {
    let site = Site::new("places");
    site.build();
    let text = site.read("data/events.geojson");
    let gj: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("not a FeatureCollection");
    };
    // Four at Gwadar, one on the Makran coast; the mine has no
    // coordinates and one event has no place.
    assert_eq!(fc.features.len(), 5);
    let mut seen = BTreeMap::new();
    for f in &fc.features {
        let geometry = f.geometry.as_ref().expect("geometry");
        let geojson::GeometryValue::Point { coordinates: p } = &geometry.value else {
            panic!("not a point");
        };
        let props = f.properties.as_ref().expect("properties");
        let title = props["title"].as_str().expect("title").to_string();
        assert!(props["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://example.org/desk/briefings/ports/#event-")));
        seen.insert(title, p.as_slice().to_vec());
    }
    // RFC 7946: longitude first.
    assert_eq!(seen["By id"], vec![62.3225, 25.1264]);
    // A map viewer shows the properties alone: the place is named there.
    let by_id = fc
        .features
        .iter()
        .filter_map(|f| f.properties.as_ref())
        .find(|p| p["title"] == "By id")
        .expect("By id");
    assert_eq!(by_id["place"], "Gwadar");
    // data/places.json describes each place once, with its coordinates.
    let places: serde_json::Value =
        serde_json::from_str(&site.read("data/places.json")).expect("places.json");
    let gwadar = support::common::place_record(&places, "gwadar");
    assert_eq!(
        (
            &gwadar["name"],
            &gwadar["kind"],
            &gwadar["lat"],
            &gwadar["lon"]
        ),
        (
            &serde_json::json!("Gwadar"),
            &serde_json::json!("city"),
            &serde_json::json!(25.1264),
            &serde_json::json!(62.3225)
        )
    );
    assert_eq!(gwadar["country"], "pakistan");
    assert_eq!(seen["On the coast"], vec![63.5, 25.3]);
    assert!(!seen.contains_key("At the mine"));
}

#[test]
fn icalendar_geo_csv_and_json_ld_carry_the_coordinates() {
    let site = Site::new("places");
    site.build();
    // GEO, read by the `ical` crate.
    let ics = site.read("events.ics");
    let cal = ical::IcalParser::new(ics.as_bytes())
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    let geo: BTreeMap<String, Option<String>> = cal
        .events
        .iter()
        .map(|e| {
            let prop = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
            };
            (prop("SUMMARY").unwrap_or_default(), prop("GEO"))
        })
        .collect();
    assert_eq!(geo["By id"].as_deref(), Some("25.126400;62.322500"));
    assert_eq!(geo["At the mine"], None);
    assert_eq!(geo["Nowhere in particular"], None);
    // CSV: `lat` and `lon` columns, empty where unknown.
    let csv_text = site.read("data/events.csv");
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let header = rows.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (title, lat, lon, place) = (col("title"), col("lat"), col("lon"), col("place"));
    let rows: BTreeMap<String, (String, String, String)> = rows
        .records()
        .map(|r| {
            let r = r.expect("row");
            (
                r[title].to_string(),
                (r[place].to_string(), r[lat].to_string(), r[lon].to_string()),
            )
        })
        .collect();
    assert_eq!(
        rows["By alias, in Urdu"],
        ("Gwadar".into(), "25.1264".into(), "62.3225".into())
    );
    assert_eq!(
        rows["At the mine"],
        ("Reko Diq".into(), String::new(), String::new())
    );
    // JSON-LD: a Place with GeoCoordinates.
    let page = site.read("briefings/ports/index.html");
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("json-ld")
        + "<script type=\"application/ld+json\">".len();
    let end = start + page[start..].find("</script>").expect("end");
    let ld: serde_json::Value = serde_json::from_str(&page[start..end]).expect("json");
    let location = |title: &str| {
        ld["about"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["name"] == title)
            .map(|e| e["location"].clone())
            .expect(title)
    };
    assert_eq!(
        location("By id"),
        serde_json::json!({"@type": "Place", "name": "Gwadar", "geo": {"@type": "GeoCoordinates", "latitude": 25.1264, "longitude": 62.3225}})
    );
    assert_eq!(
        location("At the mine"),
        serde_json::json!("Reko Diq"),
        "a place without coordinates is named as text"
    );
}

#[test]
fn place_pages_and_the_map() {
    let site = Site::new("places");
    site.build();
    let list = site.read("places/index.html");
    for (kind, label) in [("city", "Cities"), ("region", "Regions"), ("site", "Sites")] {
        assert!(
            list.contains(&format!(
                "<h2 id=\"kind-{kind}\" class=\"section-head\">{label}</h2>"
            )),
            "{kind}"
        );
    }
    assert!(list.contains(r#"<a href="/desk/places/reko-diq/">Reko Diq</a> <span class="meta">(not on the map)</span></td><td><a href="/desk/actors/pakistan/">Pakistan</a></td><td class="num">1</td><td class="num">1</td>"#), "{list}");
    let page = site.read("places/gwadar/index.html");
    assert!(page.contains(r#"<svg class="map" xmlns="http://www.w3.org/2000/svg""#));
    assert!(page.contains(r#"<title id="map-title">Map of Gwadar and the land around it</title>"#));
    assert!(page.contains("<dt>Coordinates</dt><dd>25.1264, 62.3225</dd>"));
    assert!(
        page.contains(
            r#"<a href="/desk/actors/pakistan/">Pakistan</a> <span class="count">1</span>"#
        ),
        "actors active there"
    );
    let map = site.read("map/index.html");
    assert!(map.contains("5 of 7 dated events happened at a place with known coordinates"));
    assert!(map.contains(r#"<a href="/desk/places/gwadar/" aria-label="Gwadar: 4 events">"#));
    assert!(map.contains(r#"<a href="/desk/places/makran/" aria-label="Makran Coast: 1 event">"#));
    for page in [
        "map/index.html",
        "places/gwadar/index.html",
        "actors/pakistan/index.html",
    ] {
        let html = site.read(page);
        let svg = &html[html.find("<svg class=\"map\"").expect(page)..];
        let svg = &svg[..svg.find("</svg>").expect("end") + 6];
        assert!(svg.len() < 150_000, "{page}: {} bytes", svg.len());
    }
}

#[test]
fn new_place_scaffolds_a_profile_that_builds() {
    let site = Site::new("places");
    let out = Command::cargo_bin("dossier")
        .expect("bin")
        .args(["new", "place", "Port Qasim", "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = site.root().join("content/places/port-qasim.md");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(
        text.starts_with("+++\nname = \"Port Qasim\"\nkind = \"city\""),
        "{text}"
    );
    site.build();
    assert!(site
        .read("places/port-qasim/index.html")
        .contains("<h1>Port Qasim</h1>"));
    // A second time, it refuses to overwrite.
    let again = Command::cargo_bin("dossier")
        .expect("bin")
        .args(["new", "place", "Port Qasim", "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}
