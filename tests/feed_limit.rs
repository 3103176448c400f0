//! Issue 14: `feed_limit` in `site.toml` caps every briefing feed (the
//! site's `/atom.xml` and each `/actors/<id>/atom.xml`) at its newest
//! entries, 20 unless set. Read back with an Atom parser from a real build
//! of a site with more briefings than the limit.

mod support;

use support::Site;

const BRIEFINGS: usize = 25;

/// A site with [`BRIEFINGS`] briefings, one a day in January 2025, each
/// naming China; `extra` is appended to `site.toml`.
fn site(extra: &str) -> Site {
    let site = Site {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    site.write(
        "site.toml",
        &format!(
            "title = \"Feeds\"\nbase_url = \"https://example.org/\"\nnow = 2025-06-01\n{extra}"
        ),
    );
    site.write(
        "content/actors/china.md",
        "+++\nname = \"China\"\nkind = \"state\"\n+++\n",
    );
    for n in 1..=BRIEFINGS {
        site.write(
            &format!("content/briefings/b{n:02}.md"),
            &format!(
                "+++\ntitle = \"Briefing {n}\"\ndate = 2025-01-{n:02}\nactors = [\"China\"]\n+++\nBody {n}.\n"
            ),
        );
    }
    site
}

/// The entry titles of the feed at `rel`, in file order.
fn titles(site: &Site, rel: &str) -> Vec<String> {
    let feed = feed_rs::parser::parse(site.read(rel).as_bytes())
        .unwrap_or_else(|e| panic!("{rel} is not valid Atom: {e}"));
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map_or(String::new(), |t| t.content.clone())
        })
        .collect()
}

/// "Briefing <n>" for `n` from `newest` down, `count` of them.
fn newest(newest: usize, count: usize) -> Vec<String> {
    (0..count)
        .map(|k| format!("Briefing {}", newest - k))
        .collect()
}

#[test]
fn feeds_carry_the_newest_20_briefings_by_default() {
    let site = site("");
    site.build();
    assert_eq!(titles(&site, "atom.xml"), newest(BRIEFINGS, 20));
    assert_eq!(
        titles(&site, "actors/china/atom.xml"),
        newest(BRIEFINGS, 20)
    );
}

#[test]
fn feed_limit_sets_how_many_entries_every_feed_carries() {
    let site = site("feed_limit = 3\n");
    site.build();
    assert_eq!(titles(&site, "atom.xml"), newest(BRIEFINGS, 3));
    assert_eq!(titles(&site, "actors/china/atom.xml"), newest(BRIEFINGS, 3));
    // A limit above the number of briefings lists them all.
    let site = self::site("feed_limit = 1000\n");
    site.build();
    assert_eq!(titles(&site, "atom.xml"), newest(BRIEFINGS, BRIEFINGS));
}

#[test]
fn a_bad_feed_limit_is_an_error_at_its_value() {
    for (line, message, hint) in [
        (
            "feed_limit = 0\n",
            "site.toml:4:14: `feed_limit` must be between 1 and 100000",
            "it is how many of the newest briefings each feed lists; the default is 20",
        ),
        (
            "feed_limit = \"many\"\n",
            "site.toml:4:14: `feed_limit` must be a whole number, found a string",
            "write it as a number without quotes, e.g. 20",
        ),
    ] {
        let site = site(line);
        let diags = match dossier::build(&site.options()) {
            Ok(_) => panic!("`{line}` built"),
            Err(d) => d,
        };
        assert_eq!(support::error_lines(&diags), [message], "{line}");
        let hints: Vec<String> = diags
            .iter()
            .filter_map(|d| d.hint.as_deref().map(String::from))
            .collect();
        assert_eq!(hints, [hint], "{line}");
        assert!(!site.out().exists(), "a failed build writes nothing");
    }
}
