//! `/timeline.json`: every event in TimelineJS3's JSON format, so the
//! timeline can be embedded with Knight Lab's viewer.
//!
//! A date object carries only the parts the editor wrote (`{"year": "2025"}`
//! for a year; never an invented month or day); times are given as written,
//! in the event's own offset, which `display_date` names. `display_date`
//! is left out where TimelineJS shows the same from the date itself. TimelineJS puts
//! headlines and text into the page as HTML, so every value from front
//! matter is HTML-escaped here, and the event's rendered Markdown has its
//! links made absolute (the file may be used away from the site). A
//! slide's headline links to the event on its briefing; when several
//! briefings report it, the text also links it in each, by their titles. Slides have no `group`:
//! TimelineJS gives each group a row of its own, and one per actor is
//! thousands of rows at scale; without it the viewer packs the rows itself.
//! The
//! markup is written as it is (`<p>`, not `\u003cp\u003e`): it is meant
//! to be HTML, and the values in it are escaped already.

use serde::Serialize;

use super::{absolutize, actor_name_iter, event_uid, event_url, origin, Joined, LazySeq, Out};
use crate::content::date::{PartialDate, MONTHS};
use crate::content::edtf::{display_when, Edtf, End};
use crate::index::EventKey;
use crate::text::escape_html;
use crate::Site;

#[derive(Serialize)]
struct Timeline<S> {
    title: Slide,
    events: S,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

/// A TimelineJS date: strings, as in its published examples.
#[derive(Serialize, Debug, PartialEq)]
pub struct Date {
    year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<String>,
}

/// The parts of `d` that were written, and no others.
pub fn date(d: &PartialDate) -> Date {
    Date {
        year: d.year.to_string(),
        month: d.month.map(|m| m.to_string()),
        day: d.day.map(|x| x.to_string()),
        hour: d.time.map(|t| t.hour.to_string()),
        minute: d.time.map(|t| t.minute.to_string()),
    }
}

pub fn write(site: &Site, out: &mut Out) {
    let origin = origin(&site.config.base_url);
    let events = LazySeq(|| {
        site.index
            .timeline
            .iter()
            .map(|key| slide(site, origin, key.briefing, key.event))
    });
    let timeline = Timeline {
        title: Slide {
            start_date: None,
            end_date: None,
            display_date: None,
            text: Text {
                headline: escape_html(&site.config.title),
                text: escape_html(&site.config.description),
            },
            unique_id: None,
        },
        events,
    };
    out.html_json("timeline.json", &timeline);
}

/// The slide of event `j` of briefing `i`.
fn slide(site: &Site, origin: &str, i: usize, j: usize) -> Slide {
    let b = &site.library.briefings[i];
    let e = &b.events[j];
    let page = super::briefing_url(site, b);
    let mut text = String::new();
    if let Some(place) = &e.place {
        text.push_str("<p>");
        text.push_str(&escape_html(site.library.place_name(place)));
        text.push_str("</p>");
    }
    if let Some(html) = site
        .bodies
        .get(i)
        .and_then(|h| h.events.get(j))
        .and_then(|t| t.as_deref())
    {
        text.push_str(&absolutize(html, origin, &page));
    }
    let key = EventKey {
        briefing: i,
        event: j,
    };
    let actors = site.library.record_actors(key);
    if !actors.is_empty() {
        let names = Joined(actor_name_iter(site, actors), ", ").to_string();
        let line = site.strings.get("calendar.actors").replace("{}", &names);
        text.push_str("<p>");
        text.push_str(&escape_html(&line));
        text.push_str("</p>");
    }
    // The headline links to the event on its briefing (TimelineJS shows a
    // headline as HTML on the slide and strips its links on the timeline's
    // markers). An event several briefings report also links it in each,
    // named by the briefing's title, root's first.
    let mut headline = String::from("<a href=\"");
    headline.push_str(&escape_html(&event_url(site, b, &e.id)));
    headline.push_str("\">");
    headline.push_str(&escape_html(&e.title));
    headline.push_str("</a>");
    if !site.library.merged.reports(key).is_empty() {
        for k in site.library.reported_in(key) {
            let rb = &site.library.briefings[k.briefing];
            text.push_str("<p><a href=\"");
            text.push_str(&escape_html(&event_url(site, rb, &rb.events[k.event].id)));
            text.push_str("\">");
            text.push_str(&escape_html(&rb.title));
            text.push_str("</a></p>");
        }
    }
    Slide {
        // The digits known (`198X` starts in 1980); the qualifier, the
        // unknown digits and an open end are in `display_date`.
        start_date: Some(date(&e.date.date)),
        end_date: e.end.as_ref().and_then(End::date).map(|d| date(&d.date)),
        display_date: {
            let shown = display_when(&e.date, e.end.as_ref(), &site.wording, site.dates);
            (timelinejs_shows(&e.date, e.end.as_ref()).as_deref() != Some(shown.as_str()))
                .then_some(shown)
        },
        text: Text { headline, text },
        unique_id: Some(event_uid(b, &e.id)),
    }
}

/// What TimelineJS3 shows for a slide without `display_date`, where that
/// is certain: a plain year (`yyyy`) or month (`mmmm yyyy`, in its English
/// month names) without an end. `display_date` is left out when it would
/// say the same (35,000 of 90,000 slides at 10,000 briefings).
fn timelinejs_shows(date: &Edtf, end: Option<&End>) -> Option<String> {
    let d = &date.date;
    if end.is_some()
        || !date.is_plain()
        || !(1000..=9999).contains(&d.year)
        || d.day.is_some()
        || d.time.is_some()
    {
        return None;
    }
    Some(match d.month {
        None => d.year.to_string(),
        Some(m) => format!("{} {}", MONTHS.get(usize::from(m).checked_sub(1)?)?, d.year),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_date_is_left_to_timelinejs_only_where_it_says_the_same() {
        let shows = |s: &str, end: Option<End>| {
            timelinejs_shows(&Edtf::parse(s).expect("date"), end.as_ref())
        };
        assert_eq!(shows("2025", None).as_deref(), Some("2025"));
        assert_eq!(shows("2025-04", None).as_deref(), Some("April 2025"));
        for qualified in ["2025-04-03", "2025~", "2025-04?", "198X", "0900"] {
            assert_eq!(shows(qualified, None), None, "{qualified}");
        }
        let end = End::On(Edtf::parse("2026").expect("date"));
        assert_eq!(shows("2025", Some(end)), None);
    }

    #[test]
    fn dates_carry_only_the_parts_written() {
        let json = |s: &str| {
            serde_json::to_string(&date(&PartialDate::parse(s).expect("date"))).expect("json")
        };
        assert_eq!(json("2025"), r#"{"year":"2025"}"#);
        assert_eq!(json("2025-04"), r#"{"year":"2025","month":"4"}"#);
        assert_eq!(
            json("2025-04-03"),
            r#"{"year":"2025","month":"4","day":"3"}"#
        );
        assert_eq!(
            json("2025-10-13T09:30:00+08:00"),
            r#"{"year":"2025","month":"10","day":"13","hour":"9","minute":"30"}"#
        );
    }
}
