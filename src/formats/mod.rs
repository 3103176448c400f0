//! Everything besides the HTML pages: JSON-LD for briefing pages, the inline
//! SVG charts, and (in [`write_all`]) the machine-readable outputs, one
//! module per format:
//!
//! - [`feeds`]: Atom feeds, `/atom.xml` and `/actors/<id>/atom.xml`;
//! - [`corrections`]: the corrections feed, `/corrections/atom.xml`;
//! - [`search`]: the static search index under `/search/index/`;
//! - [`timelinejs`]: `/timeline.json` for TimelineJS3;
//! - [`ics`]: `/events.ics`, every event as an iCalendar VEVENT;
//! - [`data`]: `/data/*.json` and `/data/events.csv`;
//! - [`geojson`]: `/data/events.geojson`, every located event;
//! - [`sitemap`]: `/sitemap.xml` and `/robots.txt`, written last because
//!   they list the pages already written.
//!
//! Every output is a pure function of the [`Site`]: no clock, no hash-map
//! order. The helpers here are the ones several formats share: absolute
//! URLs, the "last modified" date of a briefing, XML escaping and HTML to
//! plain text.

pub mod corrections;
pub mod data;
pub mod feeds;
pub mod filter;
pub mod geojson;
pub mod ics;
pub mod plain;
pub mod search;
pub mod sitemap;
pub mod timelinejs;

use crate::content::date::PartialDate;
use crate::content::model::{ActorId, Briefing};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::route::{self, Route};
use crate::Site;

/// Writes every non-HTML output. Runs after the pages are rendered.
pub fn write_all(site: &Site, staging: &Staging, diags: &mut Diagnostics) {
    write_data(site, staging, diags);
    write_sitemap(site, staging, diags);
}

/// Feeds, search index, TimelineJS, iCalendar and open data, in parallel.
/// They read only the site, so they can also run beside the page render.
pub fn write_data(site: &Site, staging: &Staging, diags: &mut Diagnostics) {
    type Writer = fn(&Site, &mut Out);
    let writers: [(&str, Writer); 9] = [
        ("feeds", feeds::write),
        ("corrections", corrections::write),
        ("search", search::write),
        ("timelinejs", timelinejs::write),
        ("ics", ics::write),
        ("data", data::write),
        ("filter", filter::write),
        ("filter choices", filter::write_choices),
        ("geojson", geojson::write),
    ];
    let timings = std::env::var_os("DOSSIER_TIMINGS").is_some();
    let results: Vec<Diagnostics> = writers
        .par_iter()
        .map(|(name, write)| {
            let mut d = Diagnostics::new();
            let start = std::time::Instant::now();
            write(
                site,
                &mut Out {
                    staging,
                    diags: &mut d,
                },
            );
            if timings {
                eprintln!(
                    "    {name:<20} {:>9.1} ms",
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
            d
        })
        .collect();
    for d in results {
        diags.extend(d);
    }
}

/// The sitemap lists the HTML pages written, so it comes after them.
pub fn write_sitemap(site: &Site, staging: &Staging, diags: &mut Diagnostics) {
    sitemap::write(site, &mut Out { staging, diags });
}

/// The staging folder and the diagnostics list, for writers that report
/// failures without stopping.
pub struct Out<'a> {
    pub staging: &'a Staging,
    pub diags: &'a mut Diagnostics,
}

impl Out<'_> {
    /// Writes `bytes` at `rel`; a failure becomes an error diagnostic.
    pub fn put(&mut self, rel: &str, bytes: &[u8]) {
        if let Err(e) = self.staging.write(rel, bytes) {
            self.diags
                .push(Diagnostic::error(rel, Default::default(), e.to_string()));
        }
    }

    /// Serialises `value` as JSON and writes it at `rel`. `<`, `>`, `&` and `'`
    /// (which JSON allows only inside strings) are written as `\u003c`,
    /// `\u003e`, `\u0026` and `\u0027`, so the file is safe to inline into HTML and no
    /// markup from front matter appears in it literally.
    ///
    /// The JSON goes to the file as it is serialised, never whole in memory.
    pub fn json<T: serde::Serialize>(&mut self, rel: &str, value: &T) {
        self.json_as(rel, value, Markup { apostrophe: true });
    }

    /// Serialises `value` as compact JSON at `rel` with nothing escaped
    /// beyond what JSON requires: for a file whose strings are HTML made to
    /// be inserted as HTML (`timeline.json`), where every value from front
    /// matter is already HTML-escaped and `\u003c` for each `<` of the
    /// markup would only cost five more bytes a character.
    pub fn html_json<T: serde::Serialize>(&mut self, rel: &str, value: &T) {
        self.json_as(rel, value, serde_json::ser::CompactFormatter);
    }

    fn json_as<T: serde::Serialize, F: serde_json::ser::Formatter>(
        &mut self,
        rel: &str,
        value: &T,
        formatter: F,
    ) {
        self.stream(rel, |w| {
            // serde_json writes in pieces of a few bytes: gather them here,
            // where a write is a copy, rather than call through `dyn Write`
            // for each.
            let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
            let mut ser = serde_json::Serializer::with_formatter(&mut w, formatter);
            value.serialize(&mut ser).map_err(std::io::Error::from)?;
            std::io::Write::flush(&mut w)
        });
    }

    /// Writes `rel` in pieces through `write`; a failure becomes an error
    /// diagnostic naming the file.
    pub fn stream(
        &mut self,
        rel: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        let result = self.staging.create(rel).and_then(|mut sink| {
            write(&mut sink).map_err(|e| crate::output::OutputError::Io(rel.into(), e))?;
            sink.finish()
        });
        if let Err(e) = result {
            self.diags
                .push(Diagnostic::error(rel, Default::default(), e.to_string()));
        }
    }
}

/// `value` as compact JSON with markup escaped in the same pass (see
/// [`Out::json`]); `apostrophe` also escapes `'`.
pub fn to_json<T: serde::Serialize>(value: &T, apostrophe: bool) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Markup { apostrophe });
    value.serialize(&mut ser)?;
    Ok(out)
}

/// serde_json's compact format, with `<`, `>`, `&` (and `'`) in strings
/// written as `\u` escapes. These characters can only occur inside
/// strings, and serde_json hands every unescaped run of a string to
/// `write_string_fragment`, so nothing else needs scanning.
struct Markup {
    apostrophe: bool,
}

impl serde_json::ser::Formatter for Markup {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let special = |b: &u8| matches!(b, b'<' | b'>' | b'&' | b'\'');
        // Most fragments have nothing to escape: write them in one go.
        let Some(first) = bytes.iter().position(special) else {
            return writer.write_all(bytes);
        };
        let mut start = first;
        writer.write_all(&bytes[..first])?;
        for (i, &b) in bytes.iter().enumerate().skip(first) {
            let rep: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                b'\'' if self.apostrophe => b"\\u0027",
                _ => continue,
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(rep)?;
            start = i + 1;
        }
        writer.write_all(&bytes[start..])
    }
}

/// Serialises as a JSON string the text that `Display` writes, without
/// building it first.
pub struct DisplayStr<T>(pub T);

impl<T: std::fmt::Display> serde::Serialize for DisplayStr<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A JSON array of the items an iterator yields, each made and serialised
/// in turn, so the records of a large file are never all held at once.
pub struct LazySeq<F>(pub F);

impl<F, I> serde::Serialize for LazySeq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// `items` joined by `sep`, for [`DisplayStr`] and `write!`.
pub struct Joined<'a, I>(pub I, pub &'a str);

impl<I, S> std::fmt::Display for Joined<'_, I>
where
    I: IntoIterator<Item = S> + Clone,
    S: std::fmt::Display,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, item) in self.0.clone().into_iter().enumerate() {
            if n > 0 {
                f.write_str(self.1)?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}

/// The display name of actor `id` (its id where unknown).
pub fn actor_name<'a>(site: &'a Site, id: &'a str) -> &'a str {
    site.library.actors.get(id).map_or(id, |x| x.name.as_str())
}

/// The display names of actors, lazily: for [`Joined`].
pub fn actor_name_iter<'a>(
    site: &'a Site,
    ids: &'a [ActorId],
) -> impl Iterator<Item = &'a str> + Clone + 'a {
    ids.iter().map(move |a| actor_name(site, a))
}

/// `base_url` joined with a site-relative path: `https://host/desk/` + `atom.xml`.
pub fn absolute(site: &Site, rel: &str) -> String {
    format!("{}{}", site.config.base_url, rel.trim_start_matches('/'))
}

/// The absolute URL of a briefing's page.
pub fn briefing_url(site: &Site, b: &Briefing<ActorId>) -> String {
    Route::Briefing(&b.slug).url(&site.config.base_url)
}

/// The absolute URL of an event's anchor on its briefing's page.
pub fn event_url(site: &Site, b: &Briefing<ActorId>, event_id: &str) -> String {
    format!(
        "{}#{}",
        briefing_url(site, b),
        route::event_anchor(event_id)
    )
}

/// A site-wide id for an event: `<briefing-slug>--<event-id>`. Slugs and
/// event ids never contain `--`, so the pair can be read back unambiguously.
pub fn event_uid(b: &Briefing<ActorId>, event_id: &str) -> String {
    format!("{}--{event_id}", b.slug)
}

/// When a briefing last changed: see [`Briefing::modified`].
pub fn modified<A>(b: &Briefing<A>) -> PartialDate {
    b.modified()
}

/// The latest [`modified`] date among `briefings` (indexes into the library).
pub fn latest(site: &Site, briefings: impl IntoIterator<Item = usize>) -> Option<PartialDate> {
    briefings
        .into_iter()
        .filter_map(|i| site.library.briefings.get(i))
        .map(modified)
        .max_by_key(|d| d.timestamp())
}

/// `scheme://host[:port]` of `base_url`, for turning root-relative links into
/// absolute ones.
pub fn origin(base_url: &str) -> &str {
    let start = base_url.find("://").map_or(0, |i| i + 3);
    match base_url[start..].find('/') {
        Some(i) => &base_url[..start + i],
        None => base_url,
    }
}

/// The host of `base_url`, without user info or port.
pub fn host(base_url: &str) -> &str {
    let o = origin(base_url);
    let authority = o.find("://").map_or(o, |i| &o[i + 3..]);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Escapes text for XML content and attribute values, dropping the
/// characters XML 1.0 does not allow at all (most C0 controls, U+FFFE/F).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_xml(&mut out, text);
    out
}

/// [`escape_xml`] appending to `out`: copies runs of plain text in one go.
pub fn push_xml(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (rep, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0..=0x1f => ("", 1),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        i += len;
        start = i;
    }
    out.push_str(&text[start..]);
}

/// Rewrites the root-relative (`/desk/actors/x/`) and fragment-only
/// (`#source-a`) links of rendered HTML into absolute URLs, for HTML that is
/// read away from the site (TimelineJS embeds, data files).
pub fn absolutize(html: &str, origin: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = find_url_attr(rest) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let quote_end = after.find('"').map_or(after.len(), |q| q + 1);
        out.push_str(&after[..quote_end]);
        let value = &after[quote_end..];
        if value.starts_with('/') && !value.starts_with("//") {
            out.push_str(origin);
        } else if value.starts_with('#') {
            out.push_str(page_url);
        }
        rest = value;
    }
    out.push_str(rest);
    out
}

fn find_url_attr(text: &str) -> Option<usize> {
    let a = text.find(" href=\"");
    let b = text.find(" src=\"");
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_and_host() {
        for (url, o, h) in [
            ("https://example.org/", "https://example.org", "example.org"),
            (
                "http://127.0.0.1:8080/some/path/",
                "http://127.0.0.1:8080",
                "127.0.0.1",
            ),
            ("https://u@h.org:1/x/", "https://u@h.org:1", "h.org"),
            ("http://[::1]:80/", "http://[::1]:80", "::1"),
        ] {
            assert_eq!(origin(url), o);
            assert_eq!(host(url), h);
        }
    }

    #[test]
    fn xml_escaping_drops_invalid_characters() {
        assert_eq!(
            escape_xml("<a href=\"x\">'&'</a>\u{1}\u{FFFF}\t"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\t"
        );
    }

    #[test]
    fn absolutize_rewrites_root_relative_and_fragment_links() {
        let html = r##"<a href="/desk/actors/x/">X</a> <a href="#source-a">1</a> <a href="https://o.org/">o</a> <img src="/desk/i.png"> <a href="//cdn/x">c</a>"##;
        assert_eq!(
            absolutize(html, "https://h.org", "https://h.org/desk/briefings/b/"),
            r##"<a href="https://h.org/desk/actors/x/">X</a> <a href="https://h.org/desk/briefings/b/#source-a">1</a> <a href="https://o.org/">o</a> <img src="https://h.org/desk/i.png"> <a href="//cdn/x">c</a>"##
        );
    }
}
