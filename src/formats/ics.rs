//! `/events.ics`: every event as an RFC 5545 VEVENT, for calendar apps.
//!
//! Dates keep their precision as spans: a day is an all-day event
//! (`DTSTART;VALUE=DATE` alone, which RFC 5545 makes one day), a month or a year covers the whole month or
//! year, and `end` extends the span through its last day (DTEND is
//! exclusive, so it is the day after). Only an event whose start and end
//! (if any) both have a time is timed, in UTC. UIDs are
//! `<briefing-slug>--<event-id>@<host>`, stable across builds; DTSTAMP is
//! the briefing's last change, never the clock. Text values are escaped
//! (`\\ \; \, \n`), lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character. What calendar apps do not show is not
//! written: no sources in the description (`URL` opens the event on its
//! briefing, which lists them) and no `CATEGORIES` (the briefings' tags:
//! Apple's and Google's calendars ignore them, Outlook adds each to the
//! reader's own category list; at 10,000 briefings they were 4.5 MB).

use std::fmt::Write as _;

use super::{
    actor_name_iter, briefing_url, event_uid, event_url, host, modified, plain, Joined, Out,
};
use crate::content::date::{civil_from_days, days_from_civil};
use crate::content::edtf::{display_when, Edtf, End};
use crate::Site;

pub fn write(site: &Site, out: &mut Out) {
    out.stream("events.ics", |sink| calendar(site, sink));
}

/// The theme's words around an event's actors and other briefings in its
/// description (`calendar.*`, `{}` the text).
struct Words<'a> {
    actors: &'a str,
    briefing: &'a str,
}

/// Writes the calendar to `sink`, a few dozen events at a time.
fn calendar(site: &Site, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut cal = Calendar::default();
    cal.line("BEGIN:VCALENDAR");
    cal.line("VERSION:2.0");
    cal.start("PRODID:-//dossier//");
    escape_into(&mut cal.line, &site.config.title);
    cal.line.push_str("//EN");
    cal.end();
    cal.line("CALSCALE:GREGORIAN");
    cal.line("METHOD:PUBLISH");
    cal.start("X-WR-CALNAME:");
    escape_into(&mut cal.line, &site.config.title);
    cal.end();
    let host = host(&site.config.base_url);
    let words = Words {
        actors: site.strings.get("calendar.actors"),
        briefing: site.strings.get("calendar.briefing"),
    };
    let mut desc = String::new();
    for key in &site.index.timeline {
        let b = &site.library.briefings[key.briefing];
        let e = &b.events[key.event];
        cal.line("BEGIN:VEVENT");
        cal.start("UID:");
        escape_into(&mut cal.line, &event_uid(b, &e.id));
        cal.line.push('@');
        escape_into(&mut cal.line, host);
        cal.end();
        cal.start("DTSTAMP:");
        push_utc(&mut cal.line, modified(b).timestamp());
        cal.end();
        for l in when(&e.date, e.end.as_ref()) {
            cal.line(&l);
        }
        cal.start("SUMMARY:");
        escape_into(&mut cal.line, &e.title);
        if !e.date.is_plain()
            || e.end
                .is_some_and(|end| end.date().is_none_or(|d| !d.is_plain()))
        {
            // Approximate, uncertain, partly unknown or ongoing: a calendar
            // shows none of it, so the summary says it.
            cal.line.push_str(" (");
            escape_into(
                &mut cal.line,
                &display_when(&e.date, e.end.as_ref(), &site.wording, site.dates),
            );
            cal.line.push(')');
        }
        cal.end();
        if let Some(place) = &e.place {
            cal.start("LOCATION:");
            escape_into(&mut cal.line, site.library.place_name(place));
            cal.end();
            if let Some(c) = site.library.place_coordinates(place) {
                // RFC 5545 3.8.1.6: latitude;longitude, at most six decimals.
                cal.line(&format!("GEO:{:.6};{:.6}", c.lat, c.lon));
            }
        }
        cal.start("URL:");
        cal.line.extend(
            event_url(site, b, &e.id)
                .chars()
                .filter(|c| !c.is_control()),
        );
        cal.end();
        // The description's parts, one a line, escaped as a whole.
        desc.clear();
        if let Some(html) = site
            .bodies
            .get(key.briefing)
            .and_then(|h| h.events.get(key.event))
            .and_then(|t| t.as_deref())
        {
            desc.push_str(&plain::text(html));
            desc.push('\n');
        }
        let actors = site.library.record_actors(*key);
        if !actors.is_empty() {
            let names = Joined(actor_name_iter(site, actors), ", ");
            let _ = writeln!(desc, "{}", words.actors.replace("{}", &names.to_string()));
        }
        // `URL` is the event's anchor on its briefing, which lists its
        // sources; the other briefings that report it (`same_as`) are named
        // here.
        let mut told = vec![key.briefing];
        for k in site.library.reported_in(*key) {
            if !told.contains(&k.briefing) {
                told.push(k.briefing);
                let rb = &site.library.briefings[k.briefing];
                let _ = writeln!(
                    desc,
                    "{} <{}>",
                    words.briefing.replace("{}", &rb.title),
                    briefing_url(site, rb)
                );
            }
        }
        let desc = desc.trim_end_matches('\n');
        if !desc.is_empty() {
            cal.start("DESCRIPTION:");
            escape_into(&mut cal.line, desc);
            cal.end();
        }
        cal.line("TRANSP:TRANSPARENT");
        cal.line("END:VEVENT");
        if cal.text.len() > 1 << 16 {
            sink.write_all(cal.text.as_bytes())?;
            cal.text.clear();
        }
    }
    cal.line("END:VCALENDAR");
    sink.write_all(cal.text.as_bytes())
}

/// The content lines written so far, folded, each ending in CRLF; and the
/// line being written.
#[derive(Default)]
struct Calendar {
    text: String,
    line: String,
}

impl Calendar {
    /// Writes a whole content line.
    fn line(&mut self, line: &str) {
        fold_into(&mut self.text, line);
    }

    /// Starts a content line with `prefix`; [`Calendar::end`] writes it.
    fn start(&mut self, prefix: &str) {
        self.line.clear();
        self.line.push_str(prefix);
    }

    fn end(&mut self) {
        fold_into(&mut self.text, &self.line);
    }
}

/// DTSTART and DTEND for an event.
/// An ongoing event has no DTEND; a date with unknown digits or a
/// qualifier covers every day it may fall on. An all-day event of one day
/// has no DTEND either: RFC 5545 (3.6.1) gives a `VALUE=DATE` start
/// without an end one day, and 40,000 of 90,000 events are such days.
fn when(start: &Edtf, end: Option<&End>) -> Vec<String> {
    let end_date = end.and_then(End::date);
    let timed = start.date.time.is_some() && end_date.is_none_or(|e| e.date.time.is_some());
    if timed {
        let mut lines = vec![format!("DTSTART:{}", utc(start.date.timestamp()))];
        if let Some(e) = end_date {
            lines.push(format!("DTEND:{}", utc(e.date.timestamp())));
        }
        return lines;
    }
    let first = start.earliest();
    let mut lines = vec![format!("DTSTART;VALUE=DATE:{}", day(first))];
    if end != Some(&End::Ongoing) {
        let last = end_date.unwrap_or(start).latest();
        if last != first {
            lines.push(format!("DTEND;VALUE=DATE:{}", day(next_day(last))));
        }
    }
    lines
}

/// `YYYYMMDD`.
fn day((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}{m:02}{d:02}")
}

/// The day after; the last representable day stays put rather than
/// overflowing the four-digit year.
fn next_day((y, m, d): (i32, u8, u8)) -> (i32, u8, u8) {
    if (y, m, d) >= (9999, 12, 31) {
        return (9999, 12, 31);
    }
    civil_from_days(days_from_civil(y, m, d) + 1)
}

/// A UTC date-time: `YYYYMMDDTHHMMSSZ`.
fn utc(timestamp: i64) -> String {
    let mut s = String::with_capacity(16);
    push_utc(&mut s, timestamp);
    s
}

/// [`utc`] appending to `out`.
fn push_utc(out: &mut String, timestamp: i64) {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let _ = write!(
        out,
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    );
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines; other
/// control characters (not allowed in TEXT) are dropped.
#[cfg(test)]
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape_text`] appending to `out`.
fn escape_into(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Folds one content line at 75 octets (RFC 5545 §3.1): CRLF and a space
/// before each continuation, never inside a UTF-8 character.
#[cfg(test)]
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    fold_into(&mut out, line);
    out
}

/// [`fold`] appending to `out`.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Some readers trim each physical line before unfolding, which
        // would eat a space at the fold: fold before the spaces instead.
        let mut at = cut;
        while at > limit / 2 && rest[..at].ends_with([' ', '\t']) {
            at -= 1;
        }
        if at > limit / 2 {
            cut = at;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts towards the next line's 75 octets.
        limit = 74;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Edtf {
        Edtf::parse(s).expect("date")
    }

    #[test]
    fn spans_at_each_precision() {
        let cases: [(&str, Option<&str>, &[&str]); 10] = [
            (
                "198X",
                None,
                &["DTSTART;VALUE=DATE:19800101", "DTEND;VALUE=DATE:19900101"],
            ),
            (
                "2025-06~",
                Some("2025-XX?"),
                &["DTSTART;VALUE=DATE:20250601", "DTEND;VALUE=DATE:20260101"],
            ),
            (
                "2025-03-XX",
                None,
                &["DTSTART;VALUE=DATE:20250301", "DTEND;VALUE=DATE:20250401"],
            ),
            ("2025-10-13", None, &["DTSTART;VALUE=DATE:20251013"]),
            (
                "2024-02",
                None,
                &["DTSTART;VALUE=DATE:20240201", "DTEND;VALUE=DATE:20240301"],
            ),
            (
                "2025",
                None,
                &["DTSTART;VALUE=DATE:20250101", "DTEND;VALUE=DATE:20260101"],
            ),
            (
                "2025-05",
                Some("2025-07"),
                &["DTSTART;VALUE=DATE:20250501", "DTEND;VALUE=DATE:20250801"],
            ),
            (
                "2025-12-31",
                Some("2025-12-31"),
                &["DTSTART;VALUE=DATE:20251231"],
            ),
            (
                "2025-10-13T09:30:00+08:00",
                Some("2025-10-14"),
                &["DTSTART;VALUE=DATE:20251013", "DTEND;VALUE=DATE:20251015"],
            ),
            (
                "2025-10-13T09:30:00+08:00",
                Some("2025-10-13T23:15:00-01:00"),
                &["DTSTART:20251013T013000Z", "DTEND:20251014T001500Z"],
            ),
        ];
        for (start, end, want) in cases {
            let end = end.map(|s| End::On(d(s)));
            assert_eq!(when(&d(start), end.as_ref()), want, "{start} {end:?}");
        }
        assert_eq!(
            when(&d("2025-03"), Some(&End::Ongoing)),
            ["DTSTART;VALUE=DATE:20250301"]
        );
        assert_eq!(
            when(&d("2025-03-01T08:00:00Z"), Some(&End::Ongoing)),
            ["DTSTART:20250301T080000Z"]
        );
        assert_eq!(
            when(&d("2025-10-13T01:30:00Z"), None),
            ["DTSTART:20251013T013000Z"]
        );
    }

    #[test]
    fn text_escaping() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg\u{7}"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
    }

    #[test]
    fn folding_respects_octets_and_characters() {
        let line = format!("SUMMARY:{}", "中国".repeat(40));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
        let spaced = format!("SUMMARY:{}", "word ".repeat(30).trim_end());
        for l in fold(&spaced).split("\r\n") {
            assert!(!l.ends_with(' '), "{l:?} ends with a space");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_line_folds_within_75_octets_and_unfolds_back(line in "\\PC{0,300}") {
            let folded = fold(&line);
            proptest::prop_assert!(folded.ends_with("\r\n"));
            let physical: Vec<&str> = folded[..folded.len() - 2].split("\r\n").collect();
            for l in &physical {
                proptest::prop_assert!(l.len() <= 75);
            }
            let unfolded: String = physical
                .iter()
                .enumerate()
                .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
                .collect();
            proptest::prop_assert_eq!(unfolded, line);
        }
    }
}
