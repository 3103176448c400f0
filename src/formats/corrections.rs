//! `/corrections/atom.xml`: every correction of every briefing, newest
//! first, as an Atom 1.0 feed (RFC 4287), so readers who took a judgment
//! from an earlier version learn that it changed. Each entry is one
//! correction: its id is the briefing's URL with a `#correction-<n>`
//! fragment (stable while the corrections are only added to), its
//! `updated` the correction's date, its content the correction's text.

use std::fmt::Write as _;

use super::{absolute, briefing_url, push_xml, Out};
use crate::content::grading::newest_corrections;
use crate::route::Route;
use crate::Site;

pub fn write(site: &Site, out: &mut Out) {
    let briefings = &site.library.briefings;
    let list = newest_corrections(briefings);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    push_xml(&mut x, &site.config.language);
    x.push_str("\">\n");
    let page = absolute(site, &Route::Corrections.rel());
    let line = |x: &mut String, open: &str, text: &str, close: &str| {
        x.push_str(open);
        push_xml(x, text);
        x.push_str(close);
    };
    line(&mut x, "  <id>", &page, "</id>\n");
    line(
        &mut x,
        "  <title type=\"text\">",
        &format!("{}: corrections", site.config.title),
        "</title>\n",
    );
    line(
        &mut x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"",
        &absolute(site, &Route::CorrectionsFeed.rel()),
        "\"/>\n",
    );
    line(
        &mut x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"",
        &page,
        "\"/>\n",
    );
    let updated = list.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |&(i, j)| briefings[i].corrections[j].date.rfc3339(),
    );
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    line(
        &mut x,
        "  <author><name>",
        &site.config.title,
        "</name></author>\n",
    );
    x.push_str("  <generator>dossier</generator>\n");
    for (i, j) in list {
        let b = &briefings[i];
        let c = &b.corrections[j];
        let url = briefing_url(site, b);
        x.push_str("  <entry>\n");
        line(
            &mut x,
            "    <id>",
            &format!("{url}#correction-{}", j + 1),
            "</id>\n",
        );
        line(
            &mut x,
            "    <title type=\"text\">",
            &format!("Correction: {}", b.title),
            "</title>\n",
        );
        line(
            &mut x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"",
            &format!("{url}#corrections"),
            "\"/>\n",
        );
        let _ = writeln!(x, "    <updated>{}</updated>", c.date.rfc3339());
        let html = site
            .bodies
            .get(i)
            .and_then(|h| h.corrections.get(j))
            .map_or(c.text.value.as_str(), String::as_str);
        x.push_str("    <content type=\"html\" xml:base=\"");
        push_xml(&mut x, &url);
        x.push_str("\">");
        push_xml(&mut x, html);
        x.push_str("</content>\n  </entry>\n");
    }
    x.push_str("</feed>\n");
    out.put(&Route::CorrectionsFeed.output(), x.as_bytes());
}
