//! `/sitemap.xml` and `/robots.txt`, for search engines and static hosts.
//!
//! The sitemap lists every HTML page already written to the staging folder
//! (so it cannot drift from the page list in `render::pages`), except
//! `404.html`, as absolute URLs under `base_url`. `lastmod` is the
//! briefing's last change for a briefing page, the newest briefing naming
//! the actor or carrying the tag for actor and tag pages, and the newest
//! briefing of the site for every other page. Past the protocol's 50,000
//! URLs per file, `/sitemap.xml` becomes an index of `/sitemap-<n>.xml`.
//!
//! `robots.txt` allows everything and names the sitemap. Crawlers read it
//! only at a host's root, so a site under a path (`/desk/`) should have its
//! host serve or merge it there.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{absolute, escape_xml, latest, modified, Out};
use crate::content::date::PartialDate;
use crate::route::Route;
use crate::Site;

/// The sitemap protocol's limit of URLs per file.
pub const MAX_URLS: usize = 50_000;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

pub fn write(site: &Site, out: &mut Out) {
    let dates = Dates::new(site);
    let pages: Vec<Entry> = out
        .staging
        .paths_written()
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.ends_with(&Route::NotFound.output()))
        .map(|p| {
            let lastmod = dates.lastmod(site, &p);
            let alternates = alternates(site, &p);
            (page_url(site, &p), lastmod, alternates)
        })
        .collect();
    let chunks: Vec<&[Entry]> = pages.chunks(MAX_URLS).collect();
    if chunks.len() <= 1 {
        out.put("sitemap.xml", urlset(&pages).as_bytes());
    } else {
        let mut index = format!("{HEAD}<sitemapindex xmlns=\"{NS}\">\n");
        for (n, chunk) in chunks.iter().enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            out.put(&name, urlset(chunk).as_bytes());
            let newest = chunk
                .iter()
                .filter_map(|(_, d, _)| *d)
                .max_by_key(|d| d.timestamp());
            let _ = writeln!(
                index,
                "  <sitemap><loc>{}</loc>{}</sitemap>",
                escape_xml(&absolute(site, &name)),
                lastmod_tag(newest)
            );
        }
        index.push_str("</sitemapindex>\n");
        out.put("sitemap.xml", index.as_bytes());
    }
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        absolute(site, "sitemap.xml")
    );
    out.put("robots.txt", robots.as_bytes());
}

/// A page's URL, its last change and its versions in every language
/// (`hreflang`, absolute URL), when the site has more than one.
type Entry = (String, Option<PartialDate>, Vec<(String, String)>);

/// The versions of the page written at `path` (in any language's tree),
/// as `xhtml:link` alternates want them: none on a one-language site.
fn alternates(site: &Site, path: &str) -> Vec<(String, String)> {
    let all = &site.lang.all;
    let Some(lang) = all
        .iter()
        .rev()
        .find(|a| a.prefix.is_empty() || path.starts_with(&a.prefix))
    else {
        return Vec::new();
    };
    let inside = &path[lang.prefix.len()..];
    let origin = site
        .config
        .base_url
        .strip_suffix(site.base_path.as_str())
        .unwrap_or(&site.config.base_url);
    let versions = crate::lang::versions(all, inside, &lang.code, &site.lang.root_path);
    if versions.len() < 2 {
        return Vec::new();
    }
    versions
        .into_iter()
        .map(|v| (v.code, format!("{origin}{}", percent_encode_path(&v.url))))
        .collect()
}

fn urlset(pages: &[Entry]) -> String {
    let xhtml = if pages.iter().any(|(_, _, a)| !a.is_empty()) {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    let mut x = format!("{HEAD}<urlset xmlns=\"{NS}\"{xhtml}>\n");
    for (url, date, alternates) in pages {
        let mut links = String::new();
        for (code, href) in alternates {
            let _ = write!(
                links,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_xml(code),
                escape_xml(href)
            );
        }
        let _ = writeln!(
            x,
            "  <url><loc>{}</loc>{}{links}</url>",
            escape_xml(url),
            lastmod_tag(*date)
        );
    }
    x.push_str("</urlset>\n");
    x
}

fn lastmod_tag(date: Option<PartialDate>) -> String {
    date.map_or_else(String::new, |d| {
        let value = if d.time.is_some() {
            d.iso()
        } else {
            let (y, m, day) = d.first_day();
            format!("{y:04}-{m:02}-{day:02}")
        };
        format!("<lastmod>{value}</lastmod>")
    })
}

/// The absolute URL of the page written at `rel`: `x/index.html` → `…/x/`.
fn page_url(site: &Site, rel: &str) -> String {
    let path = if rel == "index.html" {
        ""
    } else {
        rel.strip_suffix("/index.html")
            .map_or(rel, |dir| &rel[..dir.len() + 1])
    };
    absolute(site, &percent_encode_path(path))
}

/// Percent-encodes what may not appear raw in a URL path.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// What [`Dates::lastmod`] looks up for every page, found once: briefings
/// by slug and the newest briefing of the site.
struct Dates<'a> {
    by_slug: HashMap<&'a str, usize>,
    newest: Option<PartialDate>,
}

impl<'a> Dates<'a> {
    fn new(site: &'a Site) -> Self {
        let mut by_slug = HashMap::with_capacity(site.library.briefings.len());
        for (i, b) in site.library.briefings.iter().enumerate() {
            // The first briefing with a slug wins, as a search in order would.
            by_slug.entry(b.slug.as_str()).or_insert(i);
        }
        Dates {
            by_slug,
            newest: latest(site, 0..site.library.briefings.len()),
        }
    }

    /// When the page at `rel` last changed, as far as the content tells.
    fn lastmod(&self, site: &Site, rel: &str) -> Option<PartialDate> {
        let found = match Route::parse(rel) {
            Some(Route::Briefing(slug)) => self
                .by_slug
                .get(slug)
                .and_then(|&i| site.library.briefings.get(i))
                .map(modified),
            Some(Route::Actor(id) | Route::ActorYear(id, _)) => site
                .index
                .actor_briefings
                .get(id)
                .and_then(|list| latest(site, list.iter().copied())),
            Some(Route::Tag(slug)) => site
                .index
                .tags
                .get(slug)
                .and_then(|t| latest(site, t.briefings.iter().copied())),
            _ => None,
        };
        found.or(self.newest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_only_what_paths_cannot_hold() {
        assert_eq!(percent_encode_path("tags/a-b/"), "tags/a-b/");
        assert_eq!(percent_encode_path("x y/é\"<"), "x%20y/%C3%A9%22%3C");
    }

    #[test]
    fn lastmod_at_day_or_time_precision() {
        let d = |s: &str| PartialDate::parse(s).ok();
        assert_eq!(
            lastmod_tag(d("2025-10-20")),
            "<lastmod>2025-10-20</lastmod>"
        );
        assert_eq!(
            lastmod_tag(d("2025-10-20T10:00:00+02:00")),
            "<lastmod>2025-10-20T10:00:00+02:00</lastmod>"
        );
        assert_eq!(lastmod_tag(d("2025-10")), "<lastmod>2025-10-01</lastmod>");
        assert_eq!(lastmod_tag(None), "");
    }
}
