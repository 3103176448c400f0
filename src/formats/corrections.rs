//! `/corrections/atom.xml`: every correction of every briefing, newest
//! first, as an Atom 1.0 feed (RFC 4287), so readers who took a judgment
//! from an earlier version learn that it changed. Each entry is one
//! correction: its id is the briefing's URL with a `#correction-<n>`
//! fragment (stable while the corrections are only added to), its
//! `updated` the correction's date, its content the correction's text.

use std::fmt::Write as _;

use super::feeds::Head;
use super::{briefing_url, push_xml, Out};
use crate::content::grading::newest_corrections;
use crate::route::Route;
use crate::Site;

pub fn write(site: &Site, out: &mut Out) {
    let briefings = &site.library.briefings;
    let list = newest_corrections(briefings);
    let mut x = String::new();
    let updated = list.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |&(i, j)| briefings[i].corrections[j].date.rfc3339(),
    );
    Head {
        page: &Route::Corrections.rel(),
        path: &Route::CorrectionsFeed.rel(),
        title: &format!("{}: corrections", site.config.title),
        subtitle: "",
        updated: &updated,
    }
    .push(site, &mut x);
    let line = |x: &mut String, open: &str, text: &str, close: &str| {
        x.push_str(open);
        push_xml(x, text);
        x.push_str(close);
    };
    for (i, j) in list {
        let b = &briefings[i];
        let c = &b.corrections[j];
        let url = briefing_url(site, b);
        x.push_str("<entry>\n");
        line(
            &mut x,
            "<id>",
            &format!("{url}#correction-{}", j + 1),
            "</id>\n",
        );
        line(
            &mut x,
            "<title>",
            &format!("Correction: {}", b.title),
            "</title>\n",
        );
        line(
            &mut x,
            "<link href=\"",
            &format!("{url}#corrections"),
            "\"/>\n",
        );
        let _ = writeln!(x, "<updated>{}</updated>", c.date.rfc3339());
        let html = site
            .bodies
            .get(i)
            .and_then(|h| h.corrections.get(j))
            .map_or(c.text.value.as_str(), String::as_str);
        x.push_str("<content type=\"html\" xml:base=\"");
        push_xml(&mut x, &url);
        x.push_str("\">");
        push_xml(&mut x, html);
        x.push_str("</content>\n</entry>\n");
    }
    x.push_str("</feed>\n");
    out.put(&Route::CorrectionsFeed.output(), x.as_bytes());
}
