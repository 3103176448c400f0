//! Atom 1.0 feeds (RFC 4287): `/atom.xml` with the newest briefings,
//! newest first, and `/actors/<id>/atom.xml` with the newest briefings
//! naming each actor; each feed lists at most `feed_limit` of them
//! (`site.toml`, default [`FEED_LIMIT`]).
//!
//! Written by hand with [`push_xml`]: the structure is small and fixed.
//! Every date comes from the content (a feed's `updated` is its newest
//! entry's), so the same input gives the same bytes. Entry ids are the
//! briefings' absolute URLs. Every entry has its summary; the site feed's
//! newest [`FULL_CONTENT`] entries also carry the full HTML (with
//! `xml:base`, so its root-relative links resolve). Actor feeds carry
//! summaries only, and no categories (the briefing's tags, which readers
//! rarely show and the site feed carries), because a briefing appears in
//! the feed of every actor it names: at 10,000 briefings the tags of 2,000
//! feeds of 20 entries were 4.3 MB. An entry says only what is its own: what Atom defaults to
//! (`type="text"`, an entry link's `rel="alternate"`, the feed's author for
//! an entry without one, `published` equal to `updated`) is not written.

use std::fmt::Write as _;

use super::{absolute, briefing_url, latest, modified, push_xml, Out};
use crate::content::date::PartialDate;
use crate::route::Route;
use crate::Site;

/// How many of the newest entries of the site feed carry the full body;
/// older ones carry their summary (a feed of every body of a large site
/// would be tens of megabytes, fetched by every reader on every poll).
pub const FULL_CONTENT: usize = 50;

/// How many entries a feed carries at most, the newest, unless `site.toml`
/// sets `feed_limit`. Feed readers poll often and only need what is new
/// since their last visit; the archive is on the site itself. Every actor
/// has a feed, so at 10,000 briefings 100 entries a feed came to 93 MB.
pub const FEED_LIMIT: usize = 20;

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
    /// The site feed: its newest entries carry their full HTML, and every
    /// entry its briefing's tags as categories.
    full_content: bool,
}

/// What every feed shares: the site's updated date, each briefing's
/// publication time, and each entry as far as its summary, written once
/// (a briefing appears in the feed of every actor it names).
struct Shared {
    site_updated: Option<PartialDate>,
    published: Vec<i64>,
    heads: Vec<Option<String>>,
}

pub fn write(site: &Site, out: &mut Out) {
    let briefings = &site.library.briefings;
    let mut shared = Shared {
        site_updated: latest(site, 0..briefings.len()),
        published: briefings.iter().map(|b| b.date.timestamp()).collect(),
        heads: vec![None; briefings.len()],
    };
    let limit = site.config.feed_limit;
    let all = newest_first(&shared.published, (0..briefings.len()).collect(), limit);
    let mut x = String::new();
    let main = Feed {
        path: Route::SiteFeed.output(),
        page: Route::Home.rel(),
        title: site.config.title.clone(),
        subtitle: &site.config.description,
        entries: all,
        full_content: true,
    };
    render(site, &main, &mut shared, &mut x);
    out.put(&main.path, x.as_bytes());
    for (id, actor) in &site.library.actors {
        let entries = site
            .index
            .actor_briefings
            .get(id)
            .cloned()
            .unwrap_or_default();
        let feed = Feed {
            path: Route::ActorFeed(id).output(),
            page: Route::Actor(id).rel(),
            title: format!("{}: {}", site.config.title, actor.name),
            subtitle: "",
            entries: newest_first(&shared.published, entries, limit),
            full_content: false,
        };
        x.clear();
        render(site, &feed, &mut shared, &mut x);
        out.put(&feed.path, x.as_bytes());
    }
}

/// Sorts briefing indexes by publication date, newest first, and keeps the
/// newest `limit`; the library order (date, then path) breaks ties, so the
/// order is stable.
fn newest_first(published: &[i64], mut list: Vec<usize>, limit: usize) -> Vec<usize> {
    let key = |&i: &usize| (std::cmp::Reverse(published[i]), std::cmp::Reverse(i));
    if list.len() > limit {
        list.select_nth_unstable_by_key(limit, key);
        list.truncate(limit);
    }
    list.sort_unstable_by_key(key);
    list
}

fn render(site: &Site, feed: &Feed, shared: &mut Shared, x: &mut String) {
    let updated = latest(site, feed.entries.iter().copied())
        .or(shared.site_updated)
        .map_or_else(|| EPOCH.to_string(), |d| d.rfc3339());
    let head = Head {
        page: &feed.page,
        path: &feed.path,
        title: &feed.title,
        subtitle: feed.subtitle,
        updated: &updated,
    };
    head.push(site, x);
    for (n, &i) in feed.entries.iter().enumerate() {
        if feed.full_content {
            x.push_str(&entry_head(site, i, true));
        } else {
            let head = shared.heads[i].get_or_insert_with(|| entry_head(site, i, false));
            x.push_str(head);
        }
        if feed.full_content && n < FULL_CONTENT {
            if let Some(h) = site.bodies.get(i) {
                x.push_str("<content type=\"html\" xml:base=\"");
                push_xml(x, &briefing_url(site, &site.library.briefings[i]));
                x.push_str("\">");
                push_xml(x, &h.body.html);
                x.push_str("</content>\n");
            }
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
}

/// What the start of every feed of the site says: the page it mirrors,
/// its own URL, title, subtitle and `updated`. Its `<author>` is the site,
/// which every entry without an author of its own inherits (RFC 4287
/// §4.2.1), so those entries do not repeat it.
pub(super) struct Head<'a> {
    /// Site-relative path of the HTML page the feed mirrors.
    pub page: &'a str,
    /// Site-relative path of the feed file.
    pub path: &'a str,
    pub title: &'a str,
    /// Left out when empty.
    pub subtitle: &'a str,
    /// RFC 3339.
    pub updated: &'a str,
}

impl Head<'_> {
    /// The XML declaration and the `<feed>` element up to its first entry.
    /// Elements are one a line, without indentation: a feed is read by
    /// programs, and at 2,000 feeds of 20 entries every byte a line repeats
    /// is 40,000 bytes.
    pub fn push(&self, site: &Site, x: &mut String) {
        x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
        push_xml(x, &site.config.language);
        x.push_str("\">\n");
        let page_url = absolute(site, self.page);
        tag(x, "<id>", &page_url, "</id>\n");
        tag(x, "<title>", self.title, "</title>\n");
        if !self.subtitle.is_empty() {
            tag(x, "<subtitle>", self.subtitle, "</subtitle>\n");
        }
        tag(
            x,
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"",
            &absolute(site, self.path),
            "\"/>\n",
        );
        tag(
            x,
            "<link rel=\"alternate\" type=\"text/html\" href=\"",
            &page_url,
            "\"/>\n",
        );
        let _ = writeln!(x, "<updated>{}</updated>", self.updated);
        tag(
            x,
            "<author><name>",
            &site.config.title,
            "</name></author>\n",
        );
        x.push_str("<generator>dossier</generator>\n");
    }
}

/// `open`, `text` escaped, `close`.
fn tag(x: &mut String, open: &str, text: &str, close: &str) {
    x.push_str(open);
    push_xml(x, text);
    x.push_str(close);
}

/// An entry up to its summary: everything but the optional full content
/// and the closing tag, with the briefing's tags as categories if
/// `categories`. What Atom defaults need not be said: `title` and
/// `summary` are text, a `link` without `rel` is the alternate, an entry
/// without `author` has the feed's (the site), and `published` is left out
/// when it is the `updated` date.
fn entry_head(site: &Site, i: usize, categories: bool) -> String {
    let b = &site.library.briefings[i];
    let mut url = String::new();
    push_xml(&mut url, &briefing_url(site, b));
    let mut x = String::with_capacity(1024);
    x.push_str("<entry>\n");
    let _ = writeln!(x, "<id>{url}</id>");
    tag(&mut x, "<title>", &b.title, "</title>\n");
    let _ = writeln!(x, "<link href=\"{url}\"/>");
    let (published, updated) = (b.date.rfc3339(), modified(b).rfc3339());
    if published != updated {
        let _ = writeln!(x, "<published>{published}</published>");
    }
    let _ = writeln!(x, "<updated>{updated}</updated>");
    for a in &b.authors {
        tag(&mut x, "<author><name>", a, "</name></author>\n");
    }
    for t in b.tags.iter().filter(|_| categories) {
        tag(&mut x, "<category term=\"", t, "\"/>\n");
    }
    let summary = site.bodies.get(i).map_or("", |h| h.summary.as_str());
    if !summary.is_empty() {
        tag(&mut x, "<summary>", summary, "</summary>\n");
    }
    x
}
