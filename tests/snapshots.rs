//! Issue 13: every output the example site (the repository root) renders,
//! compared with a reviewed snapshot under `tests/snapshots/`. Each page
//! kind (home, briefing list pages, briefings, plain pages, timeline and its
//! years, actors and their year pages, tags, sources, search, 404) and each
//! generated non-HTML file (feeds, calendar, data, sitemap, search index,
//! TimelineJS, highlight CSS) is one snapshot, so a change of the template
//! engine or of a view shows up as a reviewed diff.
//!
//! Built under a sub-path `base_url`, so every link shows whether it carries
//! the base path. Static files copied unchanged from the theme are left out.
//!
//! The example site is built in its one-language form (its translations and
//! `[languages]` left out): a site without languages renders as it did
//! before issue 17, byte for byte. `tests/languages.rs` checks the others.

mod common;

use std::path::Path;

const BASE: &str = "https://example.org/briefs/";

/// Files copied byte for byte from the theme, not rendered.
const COPIED: &[&str] = &[
    "style.css",
    "js/search.js",
    "js/search-tokens.js",
    "js/timeline.js",
    "icon.svg",
];

/// Images (originals and resized copies) are binary: `tests/images.rs`
/// checks them.
fn is_image(rel: &str) -> bool {
    [".png", ".jpg", ".webp", ".gif"]
        .iter()
        .any(|ext| rel.ends_with(ext))
}

fn files(out: &Path) -> Vec<String> {
    let mut list: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(out).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|rel| !rel.starts_with('.') && !COPIED.contains(&rel.as_str()) && !is_image(rel))
        .collect();
    list.sort();
    list
}

/// A snapshot name from an output path: `actors/china/index.html` → `actors__china__index.html`.
fn name(prefix: &str, rel: &str) -> String {
    format!("{prefix}{}", rel.replace('/', "__"))
}

fn assert_files(prefix: &str, out: &Path, keep: impl Fn(&str) -> bool) -> usize {
    let mut n = 0;
    for rel in files(out).into_iter().filter(|r| keep(r)) {
        let text = std::fs::read_to_string(out.join(&rel))
            .unwrap_or_else(|e| panic!("{rel} is not UTF-8 text: {e}"));
        insta::assert_snapshot!(name(prefix, &rel), text);
        n += 1;
    }
    n
}

#[test]
fn every_output_of_the_example_site_matches_its_snapshot() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = english_only(tmp.path(), |c| c);
    let out = tmp.path().join("public");
    common::build(&root, &out, Some(BASE.to_string()));
    let n = assert_files("", &out, |_| true);
    assert!(
        n > 60,
        "only {n} outputs: the example site did not build fully"
    );
}

/// Actor year pages appear only past `split_by_year_over`: the example site
/// with the threshold lowered to 2 events.
#[test]
fn actor_year_pages_of_the_example_site_match_their_snapshots() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = english_only(tmp.path(), |config| {
        let config = config.replace("split_by_year_over = 500", "split_by_year_over = 2");
        assert!(config.contains("split_by_year_over = 2"));
        config
    });
    let out = tmp.path().join("public");
    common::build(&root, &out, Some(BASE.to_string()));
    let is_actor_year = |rel: &str| {
        let parts: Vec<&str> = rel.split('/').collect();
        parts.len() == 4 && parts[0] == "actors" && parts[2].parse::<i32>().is_ok()
    };
    let n = assert_files("split__", &out, is_actor_year);
    assert!(n >= 2, "only {n} actor year pages");
}

/// A copy of the example site under `tmp` without its translations and
/// `[languages]` tables, its `site.toml` passed through `edit`.
fn english_only(tmp: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let root = tmp.join("site");
    copy_dir(&common::repo().join("content"), &root.join("content"));
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".ur.md") || name.ends_with(".zh.md") {
            std::fs::remove_file(entry.path()).expect("remove translation");
        }
    }
    let config = std::fs::read_to_string(common::repo().join("site.toml")).expect("site.toml");
    let config = config
        .split("\n[languages.")
        .next()
        .unwrap_or_default()
        .to_string();
    std::fs::write(root.join("site.toml"), edit(config)).expect("write site.toml");
    root
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
