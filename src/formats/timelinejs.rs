//! `/timeline.json`: every event in TimelineJS3's JSON format, so the
//! timeline can be embedded with Knight Lab's viewer.
//!
//! A date object carries only the parts the editor wrote (`{"year": "2025"}`
//! for a year; never an invented month or day); times are given as written,
//! in the event's own offset, which `display_date` names. TimelineJS puts
//! headlines and text into the page as HTML, so every value from front
//! matter is HTML-escaped here, and the event's rendered Markdown has its
//! links made absolute (the file may be used away from the site).

use serde::Serialize;

use super::{absolutize, event_uid, event_url, origin, Out};
use crate::content::date::{display_span, PartialDate};
use crate::text::escape_html;
use crate::Site;

#[derive(Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<Slide>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
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
    let events = site
        .index
        .timeline
        .iter()
        .map(|key| {
            let b = &site.library.briefings[key.briefing];
            let e = &b.events[key.event];
            let url = event_url(site, b, &e.id);
            let page = super::briefing_url(site, b);
            let mut text = String::new();
            if let Some(place) = &e.place {
                text.push_str(&format!("<p>{}</p>", escape_html(place)));
            }
            if let Some(html) = site
                .bodies
                .get(key.briefing)
                .and_then(|h| h.events.get(key.event))
                .and_then(|t| t.as_deref())
            {
                text.push_str(&absolutize(html, origin, &page));
            }
            let names = super::actor_names(site, &e.actors);
            if !names.is_empty() {
                text.push_str(&format!(
                    "<p>Actors: {}</p>",
                    escape_html(&names.join(", "))
                ));
            }
            text.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                escape_html(&url),
                escape_html(&b.title)
            ));
            Slide {
                start_date: Some(date(&e.date)),
                end_date: e.end.as_ref().map(date),
                display_date: Some(match &e.end {
                    Some(end) => display_span(&e.date, end),
                    None => e.date.display(),
                }),
                text: Text {
                    headline: escape_html(&e.title),
                    text,
                },
                unique_id: Some(event_uid(b, &e.id)),
                group: names.first().map(|n| escape_html(n)),
            }
        })
        .collect();
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
            group: None,
        },
        events,
    };
    out.json("timeline.json", &timeline);
}

#[cfg(test)]
mod tests {
    use super::*;

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
