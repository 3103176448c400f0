//! Atom 1.0 feeds (RFC 4287): `/atom.xml` with every briefing, newest
//! first, and `/actors/<id>/atom.xml` with the briefings naming each actor.
//!
//! Written by hand with [`escape_xml`]: the structure is small and fixed.
//! Every date comes from the content (a feed's `updated` is its newest
//! entry's), so the same input gives the same bytes. Entry ids are the
//! briefings' absolute URLs. Every entry has its summary; the site feed's
//! newest [`FULL_CONTENT`] entries also carry the full HTML (with
//! `xml:base`, so its root-relative links resolve). Actor feeds carry
//! summaries only, because a briefing appears in the feed of every actor it
//! names.

use std::fmt::Write as _;

use super::{absolute, briefing_url, escape_xml, latest, modified, Out};
use crate::content::date::PartialDate;
use crate::text::slugify;
use crate::Site;

/// How many of the newest entries of the site feed carry the full body;
/// older ones carry their summary (a feed of every body of a large site
/// would be tens of megabytes, fetched by every reader on every poll).
pub const FULL_CONTENT: usize = 50;

/// How many entries a feed carries at most: the newest. Feed readers poll
/// often; a feed of every briefing of a large site would be tens of
/// megabytes (the archive is on the site itself).
pub const MAX_ENTRIES: usize = 100;

/// The `updated` of a feed with no entries.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// What distinguishes one feed from another.
struct Feed<'a> {
    /// Site-relative path of the feed file.
    path: String,
    /// Site-relative path of the HTML page it mirrors.
    page: String,
    title: String,
    subtitle: &'a str,
    /// Briefing indexes, newest first.
    entries: Vec<usize>,
    full_content: bool,
}

pub fn write(site: &Site, out: &mut Out) {
    let all: Vec<usize> = newest_first(site, (0..site.library.briefings.len()).collect());
    let site_updated = latest(site, all.iter().copied());
    let main = Feed {
        path: "atom.xml".into(),
        page: String::new(),
        title: site.config.title.clone(),
        subtitle: &site.config.description,
        entries: all,
        full_content: true,
    };
    out.put(&main.path, render(site, &main, site_updated).as_bytes());
    for (id, actor) in &site.library.actors {
        let entries = site
            .index
            .actor_briefings
            .get(id)
            .cloned()
            .unwrap_or_default();
        let feed = Feed {
            path: format!("actors/{id}/atom.xml"),
            page: format!("actors/{id}/"),
            title: format!("{}: {}", site.config.title, actor.name),
            subtitle: "",
            entries: newest_first(site, entries),
            full_content: false,
        };
        out.put(&feed.path, render(site, &feed, site_updated).as_bytes());
    }
}

/// Sorts briefing indexes by publication date, newest first, and keeps the
/// newest [`MAX_ENTRIES`]; the library order (date, then path) breaks ties,
/// so the order is stable.
fn newest_first(site: &Site, mut list: Vec<usize>) -> Vec<usize> {
    list.sort_by(|&a, &b| {
        let (da, db) = (
            &site.library.briefings[a].date,
            &site.library.briefings[b].date,
        );
        db.timestamp().cmp(&da.timestamp()).then(b.cmp(&a))
    });
    list.truncate(MAX_ENTRIES);
    list
}

fn render(site: &Site, feed: &Feed, site_updated: Option<PartialDate>) -> String {
    let updated = latest(site, feed.entries.iter().copied())
        .or(site_updated)
        .map_or_else(|| EPOCH.to_string(), |d| d.rfc3339());
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&site.config.language)
    );
    let page_url = absolute(site, &feed.page);
    let _ = writeln!(x, "  <id>{}</id>", escape_xml(&page_url));
    let _ = writeln!(
        x,
        "  <title type=\"text\">{}</title>",
        escape_xml(&feed.title)
    );
    if !feed.subtitle.is_empty() {
        let _ = writeln!(
            x,
            "  <subtitle type=\"text\">{}</subtitle>",
            escape_xml(feed.subtitle)
        );
    }
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&absolute(site, &feed.path))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&page_url)
    );
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        escape_xml(&site.config.title)
    );
    let _ = writeln!(x, "  <generator>dossier</generator>");
    for (n, &i) in feed.entries.iter().enumerate() {
        entry(site, i, feed.full_content && n < FULL_CONTENT, &mut x);
    }
    x.push_str("</feed>\n");
    x
}

fn entry(site: &Site, i: usize, full_content: bool, x: &mut String) {
    let b = &site.library.briefings[i];
    let url = escape_xml(&briefing_url(site, b));
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <id>{url}</id>");
    let _ = writeln!(
        x,
        "    <title type=\"text\">{}</title>",
        escape_xml(&b.title)
    );
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"
    );
    let _ = writeln!(x, "    <published>{}</published>", b.date.rfc3339());
    let _ = writeln!(x, "    <updated>{}</updated>", modified(b).rfc3339());
    let authors: Vec<&str> = if b.authors.is_empty() {
        vec![site.config.title.as_str()]
    } else {
        b.authors.iter().map(String::as_str).collect()
    };
    for a in authors {
        let _ = writeln!(x, "    <author><name>{}</name></author>", escape_xml(a));
    }
    let scheme = escape_xml(&absolute(site, "tags/"));
    for t in &b.tags {
        let _ = writeln!(
            x,
            "    <category term=\"{}\" scheme=\"{scheme}\" label=\"{}\"/>",
            escape_xml(&slugify(t)),
            escape_xml(t)
        );
    }
    let summary = site.bodies.get(i).map_or("", |h| h.summary.as_str());
    if !summary.is_empty() {
        let _ = writeln!(
            x,
            "    <summary type=\"text\">{}</summary>",
            escape_xml(summary)
        );
    }
    if full_content {
        if let Some(h) = site.bodies.get(i) {
            let _ = writeln!(
                x,
                "    <content type=\"html\" xml:base=\"{url}\">{}</content>",
                escape_xml(&h.body.html)
            );
        }
    }
    x.push_str("  </entry>\n");
}
