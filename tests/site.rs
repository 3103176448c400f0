//! Integration tests of the timeline, actor pages and cross-links (issue 3).

mod support;

use support::{texts_of, Site};

/// The titles of a page's event lines: each line's first link, after its
/// date (and the bar of a span).
fn timeline_titles(html: &str) -> Vec<String> {
    html.split("<ol class=\"events chronology lines\">")
        .skip(1)
        .flat_map(|list| list[..list.find("</ol>").unwrap_or(list.len())].lines())
        .filter(|l| l.starts_with("<li"))
        .flat_map(|l| {
            texts_of(&l[l.find("</time>").unwrap_or(0)..], "<a", "</a>")
                .into_iter()
                .take(1)
        })
        .collect()
}

#[test]
fn timeline_orders_coarse_before_fine_with_stable_ties() {
    let site = Site::new("web");
    site.build();
    let expected = [
        "December",
        "Year 2025",
        "March 31",
        "April",
        "Same day B",
        "April 3",
        "Same day A",
        "Span May to July",
        "Future thing",
    ];
    assert_eq!(timeline_titles(&site.read("timeline/index.html")), expected);
    // Grouped by year and month, dates at their precision, spans as spans.
    let html = site.read("timeline/index.html");
    assert!(html.contains("id=\"y2024\""));
    assert!(html.contains("id=\"y2025-m04\""));
    assert!(html.contains(">May – July 2025<"));
    assert!(html.contains("2025, date within the year not known"));
    // Each event links to its briefing's anchor and its actors; without a
    // text it has no detail, and its sources are on that anchor's briefing
    // (by title, publisher, and link to the source itself).
    assert!(html.contains("href=\"/briefings/alpha/#event-april-3\""));
    assert!(html.contains("href=\"/actors/zurich-metals/\""));
    assert!(
        !html.contains("<details"),
        "no event of this site has a text"
    );
    let alpha = site.read("briefings/alpha/index.html");
    assert!(alpha.contains("https://wire.example/story"), "{alpha}");
    assert!(alpha.contains("Wire story</"), "{alpha}");
    assert!(alpha.contains("Wire Service</"), "{alpha}");

    site.write(
        "site.toml",
        &std::fs::read_to_string(site.root().join("site.toml"))
            .expect("read")
            .replace("ascending", "descending"),
    );
    site.build();
    let mut reversed = expected.to_vec();
    reversed.reverse();
    assert_eq!(timeline_titles(&site.read("timeline/index.html")), reversed);
}

#[test]
fn year_archives_always_and_split_past_the_threshold() {
    let site = Site::new("web");
    site.build();
    assert_eq!(
        timeline_titles(&site.read("timeline/2024/index.html")),
        ["December"]
    );
    assert_eq!(
        timeline_titles(&site.read("timeline/2025/index.html")).len(),
        8
    );
    site.write(
        "site.toml",
        &std::fs::read_to_string(site.root().join("site.toml"))
            .expect("read")
            .replace("split_by_year_over = 500", "split_by_year_over = 5"),
    );
    site.build();
    let html = site.read("timeline/index.html");
    // Only the latest year on /timeline/, with links to the others.
    assert_eq!(timeline_titles(&html).len(), 8);
    assert!(!timeline_titles(&html).contains(&"December".to_string()));
    assert!(html.contains("href=\"/timeline/2024/\""));
}

#[test]
fn references_resolve_across_scripts_accents_and_punctuation() {
    let site = Site::new("web");
    let (loaded, diags) =
        dossier::load(&site.options()).unwrap_or_else(|d| panic!("{}", d.render()));
    let alpha = loaded
        .library
        .briefings
        .iter()
        .find(|b| b.slug == "alpha")
        .expect("alpha");
    let ids: Vec<Vec<&str>> = alpha
        .events
        .iter()
        .map(|e| e.actors.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        ids,
        [
            vec!["china"],                  // 中国
            vec!["pakistan", "china"],      // پاکستان
            vec!["china", "zurich-metals"], // P.R.C., ZURICH  metals
            vec!["pakistan"],
            vec!["unknown-syndicate"], // implicit
            vec!["china"],
        ]
    );
    // `people’s republic of china` (curly apostrophe) in the briefing's own list.
    assert_eq!(alpha.actors, ["china", "pakistan"]);
    // Implicit actors: a warning naming the file and line, kind `other`.
    // (Its events name no sources: those warnings are pinned in
    // tests/briefing_page.rs.)
    let warnings: Vec<String> = diags
        .iter()
        .filter(|d| !d.message.ends_with("has no sources"))
        .map(|d| format!("{}:{}:{}: {}", d.path.display(), d.line, d.col, d.message))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/actors/zurich-metals.md:5:11: no actor profile matches `Switzerland Confederation`",
            "content/briefings/2025-05-01-alpha.md:33:11: no actor profile matches `Unknown Syndicate`",
        ]
    );
    let implicit = &loaded.library.actors["unknown-syndicate"];
    assert!(implicit.profile.is_none());
    assert_eq!(implicit.name, "Unknown Syndicate");
    assert_eq!(
        loaded.library.actors["zurich-metals"].country.as_deref(),
        Some("switzerland-confederation")
    );
}

#[test]
fn strict_mode_turns_implicit_actors_into_errors() {
    let site = Site::new("web");
    site.write(
        "site.toml",
        &format!(
            "strict = true\n{}",
            std::fs::read_to_string(site.root().join("site.toml")).expect("read")
        ),
    );
    let diags = dossier::build(&site.options()).expect_err("strict");
    let errors = support::error_lines(&diags);
    assert_eq!(
        errors,
        [
            "content/actors/zurich-metals.md:5:11: no actor profile matches `Switzerland Confederation`",
            "content/briefings/2025-05-01-alpha.md:33:11: no actor profile matches `Unknown Syndicate`",
        ]
    );
}

#[test]
fn a_name_claimed_by_two_profiles_names_both_files() {
    let site = Site::new("web");
    site.write(
        "content/actors/prc-holdings.md",
        "+++\nname = \"PRC Holdings\"\nkind = \"company\"\naliases = [\"P R C\"]\n+++\n",
    );
    let diags = dossier::build(&site.options()).expect_err("duplicate alias");
    let d = diags.iter().find(|d| d.is_error()).expect("error");
    assert_eq!(
        (d.path.display().to_string(), d.line, d.col),
        ("content/actors/prc-holdings.md".to_string(), 4, 12)
    );
    assert_eq!(
        d.message,
        "the alias `P R C` is already claimed by actor `china` (content/actors/china.md)"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("a name or alias must point to one actor: remove it from content/actors/prc-holdings.md or from content/actors/china.md")
    );
}

#[test]
fn actor_page_lists_exactly_its_events_briefings_and_co_actors() {
    let site = Site::new("web");
    site.build();
    let html = site.read("actors/china/index.html");
    assert_eq!(
        timeline_titles(&html),
        [
            "Year 2025",
            "April",
            "Same day B",
            "April 3",
            "Future thing"
        ]
    );
    let briefings = texts_of(
        &html,
        "<section aria-labelledby=\"briefings-h\"",
        "</section>",
    );
    assert!(
        briefings[0].contains("Alpha")
            && briefings[0].contains("Beta")
            && !briefings[0].contains("Gamma"),
        "{briefings:?}"
    );
    assert!(
        html.contains("People&#39;s Republic of China, PRC, 中国"),
        "aliases shown"
    );
    assert!(html.contains("China profile."));

    let (loaded, _) = dossier::load(&site.options()).unwrap_or_else(|d| panic!("{}", d.render()));
    let co: Vec<(&str, usize)> = loaded.index.co_actors["china"]
        .iter()
        .map(|(a, n)| (a.as_str(), *n))
        .collect();
    // Shared briefings (Alpha, Beta) plus shared events (April; April 3).
    assert_eq!(
        co,
        [
            ("pakistan", 3),
            ("zurich-metals", 3),
            ("unknown-syndicate", 1)
        ]
    );
    // The sources cited about China: the wire story once (same URL twice), not the ministry.
    let sources = texts_of(&html, "<section aria-labelledby=\"src-h\"", "</section>");
    assert_eq!(sources[0].matches("Wire story").count(), 1, "{sources:?}");
    assert!(!sources[0].contains("Ministry statement"));

    let list = site.read("actors/index.html");
    assert!(list.contains("id=\"kind-state\""));
    assert!(list.contains("id=\"kind-company\""));
    assert!(list.contains("<td><a href=\"/actors/china/\">China</a></td><td class=\"num\">2</td><td class=\"num\">5</td>"), "{list}");
}

#[test]
fn sources_are_grouped_by_publisher_and_deduplicated_by_url() {
    let site = Site::new("web");
    site.build();
    let html = site.read("sources/index.html");
    // `https://wire.example/story` and `https://WIRE.example/story/` are one source.
    assert_eq!(
        html.to_lowercase()
            .matches("href=\"https://wire.example/story")
            .count(),
        1
    );
    assert!(html.contains("id=\"publisher-wire-service\""));
    assert!(html.contains("id=\"publisher-ministry\""));
    let wire = texts_of(
        &html,
        "<section class=\"publisher\" aria-labelledby=\"publisher-wire-service\"",
        "</section>",
    );
    assert!(
        wire[0].contains("Alpha") && wire[0].contains("Beta"),
        "{wire:?}"
    );
}

#[test]
fn related_briefings_previous_next_tags_and_home() {
    let site = Site::new("web");
    let (loaded, _) = dossier::load(&site.options()).unwrap_or_else(|d| panic!("{}", d.render()));
    let slug = |i: usize| loaded.library.briefings[i].slug.as_str();
    let related: Vec<Vec<&str>> = loaded
        .index
        .related
        .iter()
        .map(|r| r.iter().map(|&i| slug(i)).collect())
        .collect();
    // Briefings oldest first: gamma, beta, alpha.
    assert_eq!(
        related,
        [
            vec!["beta", "alpha"],
            vec!["alpha", "gamma"],
            vec!["beta", "gamma"]
        ]
    );
    site.build();
    let beta = site.read("briefings/beta/index.html");
    assert!(beta.contains("<a rel=\"prev\" href=\"/briefings/gamma/\">"));
    assert!(beta.contains("<a rel=\"next\" href=\"/briefings/alpha/\">"));
    let tag = site.read("tags/ports/index.html");
    assert!(tag.contains("Alpha") && tag.contains("Gamma") && !tag.contains("Beta"));
    assert!(site
        .read("tags/index.html")
        .contains("href=\"/tags/minerals/\""));
    let home = site.read("index.html");
    let upcoming = texts_of(
        &home,
        "<section aria-labelledby=\"upcoming-h\"",
        "</section>",
    );
    assert!(
        upcoming[0].contains("Future thing") && !upcoming[0].contains("April"),
        "{upcoming:?}"
    );
    let recent = texts_of(&home, "<section aria-labelledby=\"recent-h\"", "</section>");
    assert!(recent[0].contains("Span May to July") && !recent[0].contains("Future thing"));
}

#[test]
fn timeline_filters_in_the_browser_from_the_url() {
    let site = Site::new("web");
    site.build();
    let server = support::static_server(&site.out());
    let visible = |query: &str| -> Vec<String> {
        let dom = support::chromium_dom(&format!(
            "http://127.0.0.1:{}/timeline/{query}",
            server.port
        ));
        assert!(dom.contains("data-timeline"), "the page loaded");
        // An event's line is an `<li id>` (the <li>s of its sources have
        // none); its title the first link after its date.
        dom.split("<li")
            .skip(1)
            .filter(|chunk| {
                let tag = &chunk[..chunk.find('>').unwrap_or(0)];
                tag.contains(" id=\"") && !tag.contains(" hidden")
            })
            .flat_map(|chunk| {
                texts_of(&chunk[chunk.find("</time>").unwrap_or(0)..], "<a", "</a>")
                    .into_iter()
                    .take(1)
            })
            .collect()
    };
    assert_eq!(
        visible("?actor=pakistan&tag=ports"),
        ["April", "Span May to July"]
    );
    assert_eq!(visible("?actor=china&actor=pakistan"), ["April"]);
    assert_eq!(visible("").len(), 9);
}
