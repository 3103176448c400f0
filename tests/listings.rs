//! Issue 14, items 2, 3 and 6, from the reader's side: the lists of events
//! on timeline and actor pages (one line each, the detail of an event with
//! a text or several reports behind a native `<details>`, sources by
//! publisher and title), the overview of every year
//! on `/timeline/`, `/actors/` and `/tags/` split by the page budget with
//! every entry reachable, and the actor page's facts and activity chart.
//! Each test builds a site (the example, or one generated here) and reads
//! the HTML written.

mod common;
mod generated;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

fn read(out: &Path, page: &str) -> String {
    let file = out.join(page.trim_start_matches('/')).join("index.html");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The text between `start` (included) and the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in the page"));
    let j = html[i..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not after {start:?}"));
    &html[i..i + j + end.len()]
}

/// Every event of a page's lists (`<ol class="… lines">`), whole: each
/// top-level `<li>` to its `</li>`, its `<details>` (and any list in its
/// text) included.
fn event_items(html: &str) -> Vec<&str> {
    let mut items = Vec::new();
    for (at, _) in html.match_indices("<ol class=\"events chronology lines\">") {
        let (mut depth, mut start, mut i) = (0, 0, at);
        while let Some(j) = html[i..].find("<").map(|j| i + j) {
            let tag = &html[j..];
            if tag.starts_with("</ol>") && depth == 0 {
                break;
            } else if tag.starts_with("<li") {
                if depth == 0 {
                    start = j;
                }
                depth += 1;
            } else if tag.starts_with("</li>") {
                depth -= 1;
                if depth == 0 {
                    items.push(&html[start..j + "</li>".len()]);
                }
            }
            i = j + 1;
        }
    }
    items
}

/// An event's line: what its `<li>` says before the `<details>`, without
/// the `<li>` tag itself (the timeline's carries the event's id).
fn line_of(item: &str) -> &str {
    let start = item.find('>').expect("the <li> tag") + 1;
    let end = item
        .find("<details>")
        .or_else(|| item.rfind("</li>"))
        .expect("a line ends");
    &item[start..end]
}

/// The values of `attr="…"` in `html`, in order.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!("{attr}=\"");
    html.split(pat.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn example() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    common::build(&common::repo(), &out, None);
    (tmp, out)
}

#[test]
fn timeline_and_actor_pages_list_each_event_as_one_line_with_its_detail_behind_details() {
    let (_tmp, out) = example();
    for page in ["timeline/", "timeline/2025/"] {
        let html = read(&out, page);
        let items = event_items(&html);
        assert!(!items.is_empty(), "{page}: no events");
        for item in &items {
            // One line: the date, the title leading to the event's anchor,
            // and the actors, and nothing of the detail, which follows behind
            // a native <details>. The line's parts carry no classes.
            let line = line_of(item);
            assert!(line.starts_with("<time datetime=\""), "{page}: {line}");
            if page.starts_with("actors/") {
                assert!(
                    !line.contains(&format!("href=\"/{page}\"")),
                    "{page} names its own actor again: {line}"
                );
            }
            assert!(
                attrs(line, "href")[0].contains("/#event-"),
                "{page}: {line}"
            );
            assert!(!line.contains("Reported in"), "{page}: {line}");
            assert!(!line.contains("class=\"event"), "{page}: {line}");
            // The detail is there for an event with a text or several
            // briefings reporting it (tests/diet.rs pins when); the others'
            // place and sources are on the anchor the title leads to.
            let Some(summary) = item.find("<details><summary>Detail</summary>") else {
                assert!(!item.contains("<details"), "{page}: {item}");
                continue;
            };
            // The detail does not repeat the briefing the title leads to;
            // an event several briefings report lists them all. It never
            // cites a source by another page's number.
            let detail = &item[summary..];
            let briefing = attrs(line, "href")[0].split_once('#').expect("anchor").0;
            if line.contains("<span class=\"reported\">") {
                assert!(
                    detail.contains("Reported in <a href=\"/briefings/"),
                    "{page}: {detail}"
                );
            } else {
                assert!(!detail.contains("Reported in"), "{page}: {detail}");
                assert!(
                    !detail.contains(&format!("href=\"{briefing}\"")),
                    "{page}: {detail}"
                );
            }
            assert!(
                !(1..10).any(|n| item.contains(&format!(">[{n}]"))),
                "{page}: a source by number: {item}"
            );
        }
    }
    // Sources by publisher and title, linked to the source itself.
    let html = read(&out, "timeline/");
    let agreed = event_items(&html)
        .into_iter()
        .find(|i| i.contains("id=\"beijing-visit-mining-cooperation--mining-cooperation-agreed\""))
        .expect("the mining cooperation event");
    assert!(
        agreed.contains("<li><span>Xinhua</span>: <a href=\"https://english.news.cn/20240608/3b9f2c1d7e4a4c0f9d1e2a6b5c7d8e9f/c.html\">China, Pakistan pledge deeper cooperation in mining and mineral processing</a></li></ul>"),
        "{agreed}"
    );
    // Without a text or other briefings, the 1990s event has no detail:
    // its title leads to its anchor, which lists its source.
    let rare = event_items(&html)
        .into_iter()
        .find(|i| i.contains("id=\"rare-earths-backgrounder--china-becomes-dominant-producer\""))
        .expect("the 1990s event");
    assert!(!rare.contains("<details"), "{rare}");
    let line = line_of(rare);
    assert!(
        line.contains(" <span><a href=\"/actors/china/\">China</a></span>"),
        "{line}"
    );
    // Actor and place pages list the line alone: its title leads to the
    // event on its briefing, where the text and sources are.
    let china = read(&out, "actors/china/");
    let bare = event_items(&china)
        .into_iter()
        .find(|i| i.contains("#event-china-becomes-dominant-producer\""))
        .expect("the 1990s event on China's page");
    // It is the timeline's line without the page's own actor (China is
    // this event's only actor, so no actor is named).
    assert_eq!(
        line_of(bare),
        line.replace(" <span><a href=\"/actors/china/\">China</a></span>", ""),
        "the actor page's line is the timeline's, without China"
    );
    assert!(!bare.contains("<details"), "{bare}");
    for page in ["actors/china/", "actors/pakistan/", "places/beijing/"] {
        let html = read(&out, page);
        let items = event_items(&html);
        assert!(!items.is_empty(), "{page}: no events");
        for item in items {
            assert!(!item.contains("<details"), "{page}: {item}");
            let line = line_of(item);
            assert!(line.starts_with("<time datetime=\""), "{page}: {line}");
            if page.starts_with("actors/") {
                assert!(
                    !line.contains(&format!("href=\"/{page}\"")),
                    "{page} names its own actor again: {line}"
                );
            }
            let href = attrs(line, "href")[0];
            let (briefing, anchor) = href.split_once('#').expect("an anchor");
            let target = read(&out, briefing);
            let at = target
                .find(&format!("id=\"{anchor}\""))
                .unwrap_or_else(|| panic!("{page}: {href} is not on its briefing"));
            assert!(
                target[at..].contains("class=\"source-label\""),
                "{page}: {href} has no sources on its briefing"
            );
        }
    }
    // No filter choices printed: they come from choices.json.
    assert!(!html.contains("<option value=\"china\""));
    let choices: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("timeline/choices.json")).expect("choices.json"),
    )
    .expect("JSON");
    let china_choice = choices["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .find(|a| a["id"] == "china")
        .expect("china is a choice");
    assert_eq!(china_choice["name"], "China");
    // One per timeline entry naming China (a shared record counts once).
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/events.json")).expect("events.json"))
            .expect("JSON");
    let naming_china = data["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| {
            e["actors"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == "china" || x["id"] == "china"))
        })
        .count();
    assert!(naming_china > 0);
    assert_eq!(china_choice["count"], naming_china);
}

/// Events per year, from `/data/events.json`.
fn counts_per_year(out: &Path) -> BTreeMap<String, usize> {
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/events.json")).expect("events.json"))
            .expect("JSON");
    let mut counts = BTreeMap::new();
    for e in data["events"].as_array().expect("events") {
        let first = e["first_day"].as_str().expect("first_day");
        *counts.entry(first[..4].to_string()).or_default() += 1;
    }
    counts
}

/// The overview on `/timeline/`: (year, link, count) in order.
fn overview(out: &Path) -> Vec<(String, String, usize)> {
    let html = read(out, "timeline/");
    let nav = between(&html, "<nav class=\"years overview\"", "</nav>");
    nav.split("<li>")
        .skip(1)
        .map(|li| {
            let link = attrs(li, "href")[0].to_string();
            let year = between(li, "\">", "</a>")
                .trim_start_matches("\">")
                .trim_end_matches("</a>")
                .to_string();
            let count = between(li, "data-year-count=", "</span>");
            let count = count[count.find('>').expect(">") + 1..count.len() - "</span>".len()]
                .parse()
                .expect("a count");
            (year, link, count)
        })
        .collect()
}

/// The events of a year, following its page links from its first page.
fn events_of_year(out: &Path, first: &str) -> BTreeSet<String> {
    let mut pages = BTreeSet::from([first.to_string()]);
    let html = read(out, first);
    if let Some(nav) = html
        .find("aria-label=\"Pages of")
        .map(|i| &html[i..i + html[i..].find("</nav>").expect("nav")])
    {
        pages.extend(attrs(nav, "href").into_iter().map(String::from));
    }
    pages
        .iter()
        .flat_map(|p| {
            event_items(&read(out, p))
                .into_iter()
                .map(|i| attrs(i, "id")[0].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_timeline_overview_lists_every_year_with_its_count_and_a_link_to_its_events() {
    // The example site: one page.
    let (_tmp, out) = example();
    let want = counts_per_year(&out);
    let seen = overview(&out);
    let got: BTreeMap<String, usize> = seen.iter().map(|(y, _, n)| (y.clone(), *n)).collect();
    assert_eq!(got, want);
    for (year, link, count) in &seen {
        assert_eq!(link, &format!("/timeline/{year}/"));
        assert_eq!(events_of_year(&out, link).len(), *count, "{year}");
    }

    // A generated site split by year, its years cut into pages.
    let tmp = tempfile::tempdir().expect("tempdir");
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    generated::site(&root, 150, 24);
    common::build(&root, &out, None);
    assert!(out.join("timeline/2025/page/2/index.html").is_file());
    let want = counts_per_year(&out);
    let seen = overview(&out);
    let got: BTreeMap<String, usize> = seen.iter().map(|(y, _, n)| (y.clone(), *n)).collect();
    assert_eq!(got, want);
    for (year, link, count) in &seen {
        assert_eq!(
            events_of_year(&out, link).len(),
            *count,
            "{year}: the events reached from {link}"
        );
    }
}

/// A site of many actors (a few profiled) and tags, with year-, month- and
/// day-precision events, split by year past 3 events and built with a small
/// page budget.
fn crowded(root: &Path) {
    let briefings = root.join("content/briefings");
    let actors = root.join("content/actors");
    std::fs::create_dir_all(&briefings).expect("mkdir");
    std::fs::create_dir_all(&actors).expect("mkdir");
    std::fs::write(
        root.join("site.toml"),
        "title = \"Crowded\"\nbase_url = \"https://example.org/\"\nnow = 2026-01-01\n\
         [pagination]\npage_kb = 16\n[timeline]\nsplit_by_year_over = 3\n",
    )
    .expect("site.toml");
    for a in 0..5 {
        std::fs::write(
            actors.join(format!("actor-{a}.md")),
            format!("+++\nname = \"Actor {a}\"\nkind = \"state\"\n+++\nA profile.\n"),
        )
        .expect("actor");
    }
    for i in 0..120 {
        let mut md = format!(
            "+++\ntitle = \"Briefing {i}\"\ndate = 2025-{:02}-{:02}\ntags = [\"subject {}\", \"subject {}\"]\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 90,
            (i * 7 + 3) % 90
        );
        for e in 0..4 {
            let k = i * 4 + e;
            let date = match k % 3 {
                0 => format!("{}", 2022 + k % 4),
                1 => format!("{}-{:02}", 2022 + k % 4, k % 12 + 1),
                _ => format!("{}-{:02}-{:02}", 2022 + k % 4, k % 12 + 1, k % 28 + 1),
            };
            let _ = write!(
                md,
                "\n[[events]]\ndate = \"{date}\"\ntitle = \"Event {e} of briefing {i}\"\nactors = [\"Actor {}\", \"Actor {}\", \"Actor {}\"]\nplace = \"Place {}\"\nsources = [\"s0\"]\n",
                k % 5,
                5 + k % 41,
                46 + k % 119,
                k % 2
            );
        }
        md.push_str("\n[[sources]]\nid = \"s0\"\ntitle = \"A report\"\npublisher = \"Agence\"\n+++\nText [@s0].\n");
        std::fs::write(briefings.join(format!("b{i:03}.md")), md).expect("briefing");
    }
}

fn crowded_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    crowded(&root);
    common::build(&root, &out, None);
    (tmp, out)
}

/// Every page of an index, from the links of its first page to its pages.
fn index_pages(out: &Path, first: &str) -> Vec<(String, String)> {
    let html = read(out, first);
    let mut pages = vec![(first.to_string(), html.clone())];
    let nav = between(&html, "<nav class=\"index-pages\"", "</nav>");
    for link in attrs(nav, "href") {
        if link != first {
            pages.push((link.to_string(), read(out, link)));
        }
    }
    pages
}

#[test]
fn actor_and_tag_indexes_are_split_by_the_budget_with_every_entry_reachable() {
    let (_tmp, out) = crowded_site();
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/actors.json")).expect("actors.json"))
            .expect("JSON");
    let all_actors: BTreeSet<String> = data["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .map(|a| format!("/actors/{}/", a["id"].as_str().expect("id")))
        .collect();
    assert_eq!(all_actors.len(), 165);

    let pages = index_pages(&out, "/actors/");
    assert!(pages.len() > 1, "/actors/ is not split");
    assert!(out.join("actors/page/2/index.html").is_file());
    let mut listed = Vec::new();
    for (page, html) in &pages {
        assert!(html.len() <= 16 * 1024, "{page}: {} bytes", html.len());
        for table in html.split("<tbody>").skip(1) {
            let table = &table[..table.find("</tbody>").expect("tbody")];
            listed.extend(attrs(table, "href").into_iter().map(String::from));
        }
        // Each kind is linked where it starts, from every page.
        let kinds = between(html, "<nav class=\"kinds\"", "</nav>");
        assert!(
            kinds.contains(">States</a> <span class=\"count\">5</span>"),
            "{kinds}"
        );
        assert!(
            kinds.contains(">Unprofiled</a> <span class=\"count\">160</span>"),
            "{kinds}"
        );
        assert!(!kinds.contains(">Other<"), "{kinds}");
    }
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "an actor listed twice");
    assert_eq!(unique, all_actors);

    let tags = index_pages(&out, "/tags/");
    assert!(tags.len() > 1, "/tags/ is not split");
    let mut listed = BTreeSet::new();
    for (page, html) in &tags {
        assert!(html.len() <= 16 * 1024, "{page}: {} bytes", html.len());
        let cloud = between(html, "<ul class=\"tag-cloud\">", "</ul>");
        for link in attrs(cloud, "href") {
            assert!(listed.insert(link.to_string()), "{link} listed twice");
            assert!(out
                .join(link.trim_start_matches('/'))
                .join("index.html")
                .is_file());
        }
    }
    assert_eq!(listed.len(), 90);
}

/// The `data-fact` value of an actor page's fact box.
fn fact(html: &str, name: &str) -> usize {
    let dd = between(html, &format!("data-fact=\"{name}\">"), "</dd>");
    dd[dd.find('>').expect(">") + 1..dd.len() - "</dd>".len()]
        .parse()
        .expect("a number")
}

#[test]
fn actor_facts_count_all_years_as_the_index_does_and_the_chart_counts_every_precision() {
    let (_tmp, out) = crowded_site();
    // /actors/: (briefings, events) per actor page.
    let mut index = BTreeMap::new();
    for (_, html) in index_pages(&out, "/actors/") {
        for row in html.split("<tr><td>").skip(1) {
            let link = attrs(row, "href")[0].to_string();
            let nums: Vec<usize> = row
                .split("<td class=\"num\">")
                .skip(1)
                .map(|c| c[..c.find('<').expect("<")].parse().expect("a count"))
                .collect();
            index.insert(link, (nums[0], nums[1]));
        }
    }
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/events.json")).expect("events.json"))
            .expect("JSON");
    for id in ["actor-0", "actor-7"] {
        let page = format!("/actors/{id}/");
        let html = read(&out, &page);
        assert!(
            out.join(format!("actors/{id}/2023/index.html")).is_file(),
            "{id} is split by year"
        );
        let (briefings, events) = index[&page];
        assert_eq!(fact(&html, "events"), events, "{id}: events");
        assert_eq!(fact(&html, "briefings"), briefings, "{id}: briefings");
        // A year page states the same facts.
        let year = read(&out, &format!("/actors/{id}/2023/"));
        assert_eq!(fact(&year, "events"), events);
        assert_eq!(fact(&year, "briefings"), briefings);

        // The chart: a bar per year with events, counting events known only
        // to the year or the month as well as those known to the day.
        let mut want: BTreeMap<String, usize> = BTreeMap::new();
        let mut precisions = BTreeSet::new();
        for e in data["events"].as_array().expect("events") {
            if e["actors"]
                .as_array()
                .expect("actors")
                .iter()
                .any(|a| a == id)
            {
                *want
                    .entry(e["first_day"].as_str().expect("day")[..4].to_string())
                    .or_default() += 1;
                // The precision is the form of the date as written.
                precisions.insert(e["date_edtf"].as_str().expect("date").len());
            }
        }
        assert_eq!(precisions.len(), 3, "{id}: {precisions:?}");
        let svg = between(&html, "<svg class=\"activity\"", "</svg>");
        let got: BTreeMap<String, usize> = attrs(svg, "data-year")
            .into_iter()
            .zip(attrs(svg, "data-count"))
            .map(|(y, n)| (y.to_string(), n.parse().expect("count")))
            .collect();
        assert_eq!(got, want, "{id}: the chart");
        assert_eq!(got.values().sum::<usize>(), events);
        // An axis with ticks: 0 and at least one count above it.
        assert!(svg.contains("<text class=\"scale\" x=\"0\""), "{svg}");
        assert!(attrs(svg, "class").iter().filter(|c| **c == "grid").count() >= 2);
    }
    // Profiled and unprofiled actors say what they are.
    assert!(read(&out, "/actors/actor-0/").contains("<p class=\"kicker\">Actor file · State</p>"));
    let unprofiled = read(&out, "/actors/actor-7/");
    assert!(unprofiled.contains("<p class=\"kicker\">Actor file · Unprofiled</p>"));
    assert!(unprofiled.contains("<dt>Kind</dt><dd>Unprofiled</dd>"));
    // No network drawing; the ranked list of co-actors instead.
    assert!(!unprofiled.contains("class=\"network"));
    assert!(unprofiled.contains("<ol class=\"co-actors\">"));
}

#[test]
fn a_place_with_more_events_than_the_budget_allows_has_them_on_pages() {
    let (_tmp, out) = crowded_site();
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/events.json")).expect("events.json"))
            .expect("JSON");
    let want: BTreeSet<String> = data["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["place_id"] == "place-0")
        .map(|e| e["uid"].as_str().expect("uid").to_string())
        .collect();
    assert_eq!(want.len(), 240);
    let own = read(&out, "/places/place-0/");
    let nav = between(&own, "aria-label=\"Pages of events here\"", "</nav>");
    let pages = attrs(nav, "href");
    assert!(pages.len() > 1, "not split: {nav}");
    // The sentence above the pages comes from the theme's words, with the counts.
    let lede = format!(
        "<p>240 events, on {} pages by date; the place&#39;s main page shows the latest.</p>",
        pages.len()
    );
    assert!(own.contains(&lede), "{lede} missing");
    // Every event once across the pages, and the own page shows the latest.
    let mut seen = Vec::new();
    for page in &pages {
        let html = read(&out, page);
        assert!(html.contains("<dt>Dated events</dt><dd>240</dd>"), "{page}");
        // Each line leads to its event's anchor, `/briefings/<slug>/#event-<id>`,
        // which names the event as the data's `uid`, `<slug>--<id>`.
        seen.extend(event_items(&html).into_iter().map(|i| {
            let href = attrs(i, "href")[0];
            let (path, anchor) = href.split_once("/#event-").expect("an event anchor");
            format!("{}--{anchor}", path.trim_start_matches("/briefings/"))
        }));
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "an event on two pages");
    assert_eq!(unique, want);
    let last = read(&out, pages.last().expect("a page"));
    assert_eq!(event_items(&own), event_items(&last));
}

/// A site of `site_toml` and the briefings `b00.md`, `b01.md`, … holding
/// `briefings`, built: its folder and its output.
fn built_site(
    site_toml: &str,
    briefings: impl Iterator<Item = String>,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    std::fs::create_dir_all(root.join("content/briefings")).expect("mkdir");
    std::fs::write(root.join("site.toml"), site_toml).expect("site.toml");
    for (i, text) in briefings.enumerate() {
        std::fs::write(root.join(format!("content/briefings/b{i:02}.md")), text).expect("briefing");
    }
    common::build(&root, &out, None);
    (tmp, out)
}

#[test]
fn an_actor_page_names_its_most_recently_cited_sources_and_says_how_many_there_are() {
    let (_tmp, out) = built_site(
        "title = \"Sources\"\nbase_url = \"https://example.org/\"\nnow = 2026-01-01\n",
        (0..20).map(|i| {
            format!(
                "+++\ntitle = \"Briefing {i}\"\ndate = 2025-01-{:02}\n\n[[events]]\ndate = \"2024-{:02}-{:02}\"\ntitle = \"Event {i}\"\nactors = [\"Alpha\"]\nsources = [\"s0\"]\n\n[[sources]]\nid = \"s0\"\ntitle = \"Report {i}\"\nurl = \"https://news.example/{i}\"\n+++\nText.\n",
                i + 1,
                (i * 7) % 12 + 1,
                i + 1
            )
        }),
    );
    let html = read(&out, "/actors/alpha/");
    // Each event cites its briefing's one source: the page's events cite as
    // many sources as they have briefings.
    let mut briefings: Vec<String> = Vec::new();
    for item in event_items(&html) {
        let href = attrs(item, "href")[0];
        let b = href.split_once('#').expect("an anchor").0.to_string();
        if !briefings.contains(&b) {
            briefings.push(b);
        }
    }
    assert!(briefings.len() > 12, "{briefings:?}");
    let block = between(&html, "<h2 id=\"src-h\"", "</section>");
    let listed: Vec<&str> = attrs(block, "href");
    assert_eq!(listed.len(), 12, "{block}");
    assert!(
        block.contains(&format!(
            "<p class=\"more\">The 12 most recently cited of {}; each event&#39;s sources are listed on its briefing.</p>",
            briefings.len()
        )),
        "{block}"
    );
    // The first is cited by the page's latest event, the last line of its
    // (ascending) timeline.
    let latest = briefings_of_last_line(&html);
    assert_eq!(listed[0], format!("{latest}#source-s0"), "{block}");
}

#[test]
fn place_and_actor_pages_list_their_briefings_compactly() {
    // Twenty briefings, alternately of 2024 and 2025, each reporting one
    // event of Alpha at Gwadar.
    let (_tmp, out) = built_site(
        "title = \"Places\"\nbase_url = \"https://example.org/\"\nnow = 2026-01-01\n",
        (0..20).map(|i| {
            format!(
                "+++\ntitle = \"Briefing {i}\"\ndate = {}-02-{:02}\n\n[[events]]\ndate = \"{}-01-{:02}\"\ntitle = \"Event {i}\"\nactors = [\"Alpha\"]\nplace = \"Gwadar\"\n+++\nText.\n",
                2024 + i % 2,
                i + 1,
                2024 + i % 2,
                i + 1
            )
        }),
    );
    let briefing = |i: usize| format!("/briefings/b{i:02}/");
    // Newest first: the odd briefings (2025, latest day first), then 2024.
    let newest: Vec<String> = (0..20)
        .rev()
        .filter(|i| i % 2 == 1)
        .chain((0..20).rev().filter(|i| i % 2 == 0))
        .map(briefing)
        .collect();
    // A place page points to its twelve most recent briefings and says
    // how many there are: each of its events links to its own.
    let place = read(&out, "/places/gwadar/");
    assert_eq!(event_items(&place).len(), 20, "every event is listed");
    let block = between(&place, "<h2 id=\"briefings-h\"", "</section>");
    assert_eq!(attrs(block, "href"), newest[..12], "{block}");
    assert!(
        block.contains(
            "<p class=\"more\">The 12 most recent of 20; each event above links to its briefing.</p>"
        ),
        "{block}"
    );
    // An actor page lists every briefing naming it, newest first, under a
    // heading per year instead of a date on each.
    let actor = read(&out, "/actors/alpha/");
    let block = between(&actor, "<h2 id=\"briefings-h\"", "</section>");
    assert_eq!(attrs(block, "href")[..20], newest[..], "{block}");
    let y2025 = block
        .find("<h3 class=\"list-year\">2025</h3>")
        .expect("2025");
    let y2024 = block
        .find("<h3 class=\"list-year\">2024</h3>")
        .expect("2024");
    assert!(y2025 < y2024, "{block}");
    assert!(block[y2024..].contains(&format!("href=\"{}\"", briefing(0))));
    assert!(!block[y2024..].contains(&format!("href=\"{}\"", briefing(1))));
    assert!(!block.contains("<small>"), "no date per briefing: {block}");
}

/// The briefing of the last event line on a page.
fn briefings_of_last_line(html: &str) -> String {
    let items = event_items(html);
    let last = items.last().expect("an event");
    let href = attrs(last, "href")[0];
    href.split_once('#').expect("an anchor").0.to_string()
}

#[test]
fn a_tag_with_more_briefings_than_the_budget_allows_has_them_on_numbered_pages() {
    let (_tmp, out) = built_site(
        "title = \"Tagged\"\nbase_url = \"https://example.org/\"\nnow = 2026-01-01\n[pagination]\npage_kb = 16\n",
        (0..150).map(|i| {
            format!(
                "+++\ntitle = \"Briefing {i}: a title long enough to fill a page\"\ndate = 2025-{:02}-{:02}\ntags = [\"minerals\"]\nsummary = \"{}\"\n+++\nText.\n",
                i % 12 + 1,
                i % 28 + 1,
                "A summary long enough to fill the page. ".repeat(4)
            )
        }),
    );
    let first = read(&out, "/tags/minerals/");
    assert!(
        first.contains("150 briefings"),
        "the lede counts every page"
    );
    let nav = between(&first, "<nav class=\"pagination\"", "</nav>");
    let mut pages = vec!["/tags/minerals/".to_string()];
    let last: usize = attrs(nav, "href")
        .iter()
        .filter_map(|h| h.strip_prefix("/tags/minerals/page/"))
        .filter_map(|n| n.trim_end_matches('/').parse().ok())
        .max()
        .expect("numbered pages");
    pages.extend((2..=last).map(|n| format!("/tags/minerals/page/{n}/")));
    let mut seen = Vec::new();
    for page in &pages {
        let html = read(&out, page);
        assert!(html.len() <= 16 * 1024, "{page} is {} bytes", html.len());
        // A tag lists its briefings by date and title; their summaries are
        // on the briefings and `/briefings/`.
        assert!(!html.contains("A summary long enough"), "{page}");
        assert!(
            html.contains("<li><time datetime=\"2025-"),
            "{page}: a briefing by date and title"
        );
        seen.extend(
            attrs(&html, "href")
                .into_iter()
                .filter(|h| h.starts_with("/briefings/b"))
                .map(str::to_string),
        );
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "a briefing on two pages");
    assert_eq!(unique.len(), 150, "{unique:?}");
}
