//! `PartialDate`: a date written at the precision the editor knew it —
//! `2025`, `2025-04`, `2025-04-03` or an RFC 3339 datetime — that keeps that
//! precision, orders coarse-before-fine (`2025-04` sorts before `2025-04-03`,
//! which falls inside it) and displays at its precision (`April 2025`).

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

use super::datefmt::DateFormat;

/// How precisely a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
    Time,
}

/// A time of day with its UTC offset in minutes, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub offset_minutes: i16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub time: Option<Time>,
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn num<T: std::str::FromStr>(s: &str, digits: usize) -> Option<T> {
    if s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

pub const FORMS: &str = "write `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 datetime such as `2025-10-13T09:30:00+08:00`";

/// Why a date did not parse: a message and a hint for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub hint: String,
}

impl PartialDate {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day, self.time) {
            (_, _, Some(_)) => Precision::Time,
            (_, Some(_), _) => Precision::Day,
            (Some(_), _, _) => Precision::Month,
            _ => Precision::Year,
        }
    }

    pub fn parse(text: &str) -> Result<PartialDate, DateError> {
        let s = text.trim();
        let bad = |why: String| DateError {
            message: format!("invalid date `{s}`: {why}"),
            hint: FORMS.to_string(),
        };
        if !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit())
            || !s.bytes().take(4).all(|b| b.is_ascii_digit())
                && s.contains(|c: char| c.is_alphabetic())
        {
            return Err(DateError {
                message: format!(
                    "`{s}` is not a date dossier can read: dates are written `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or as an RFC 3339 datetime"
                ),
                hint: match words_to_iso(s) {
                    Some(iso) => format!("write `{iso}`"),
                    None => FORMS.to_string(),
                },
            });
        }
        let (date_part, time_part) = match s.find(['T', 't', ' ']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let mut parts = date_part.split('-');
        let year: i32 = parts
            .next()
            .and_then(|y| num(y, 4))
            .ok_or_else(|| bad("the year must have four digits".into()))?;
        let month: Option<u8> = match parts.next() {
            None => None,
            Some(m) => Some(num(m, 2).ok_or_else(|| bad("the month must have two digits".into()))?),
        };
        let day: Option<u8> = match parts.next() {
            None => None,
            Some(d) => Some(num(d, 2).ok_or_else(|| bad("the day must have two digits".into()))?),
        };
        if parts.next().is_some() {
            return Err(bad("too many parts".into()));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(bad(format!("there is no month {m}")));
            }
            if let Some(d) = day {
                let max = days_in_month(year, m);
                if d == 0 || d > max {
                    return Err(bad(format!(
                        "{} {year} has {max} days",
                        MONTHS[usize::from(m) - 1]
                    )));
                }
            }
        }
        let time = match time_part {
            None => None,
            Some(t) => {
                if day.is_none() {
                    return Err(bad("a time needs a full date before it".into()));
                }
                Some(parse_time(t).ok_or_else(|| {
                    bad(
                        "the time must be `HH:MM:SS` followed by `Z` or an offset like `+08:00`"
                            .into(),
                    )
                })?)
            }
        };
        Ok(PartialDate {
            year,
            month,
            day,
            time,
        })
    }

    /// The date as written, normalised: `2025`, `2025-04`, `2025-04-03`,
    /// `2025-04-03T09:30:00+08:00`.
    pub fn iso(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(25);
        // Writing into a String cannot fail.
        let _ = write!(s, "{:04}", self.year);
        if let Some(m) = self.month {
            let _ = write!(s, "-{m:02}");
        }
        if let Some(d) = self.day {
            let _ = write!(s, "-{d:02}");
        }
        if let Some(t) = self.time {
            let _ = write!(s, "T{:02}:{:02}:{:02}", t.hour, t.minute, t.second);
            s.push_str(&offset_text(t.offset_minutes));
        }
        s
    }

    /// Shown at its precision: `2025`, `April 2025`, `8 November 2025`,
    /// `13 October 2025, 09:30 (UTC+8)`: a 24-hour time in the offset the
    /// editor wrote, named as readers know it (`UTC`, `UTC+8`, `UTC+5:30`,
    /// `UTC−3`).
    pub fn display(&self) -> String {
        self.display_in(DateFormat::english())
    }

    /// [`display`](PartialDate::display) in the language of `f`:
    /// `3 اپریل، 2025`, `2025年4月3日`.
    pub fn display_in(&self, f: &DateFormat) -> String {
        match (self.month, self.day) {
            (None, _) => f.year(self.year),
            (Some(m), None) => f.month(self.year, m),
            (Some(m), Some(d)) => {
                let s = f.day(self.year, m, d);
                match self.time {
                    Some(t) => f.with_time(&s, t.hour, t.minute, t.offset_minutes),
                    None => s,
                }
            }
        }
    }

    /// The first calendar day the date covers, as (year, month, day).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last calendar day the date covers.
    pub fn last_day(&self) -> (i32, u8, u8) {
        let m = self.month.unwrap_or(12);
        (
            self.year,
            m,
            self.day.unwrap_or_else(|| days_in_month(self.year, m)),
        )
    }

    /// Seconds since the Unix epoch of the moment the date starts (UTC), for
    /// feeds and `now` comparisons.
    pub fn timestamp(&self) -> i64 {
        let (y, m, d) = self.first_day();
        let days = days_from_civil(y, m, d);
        let secs = match self.time {
            Some(t) => {
                i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + i64::from(t.second)
                    - i64::from(t.offset_minutes) * 60
            }
            None => 0,
        };
        days * 86_400 + secs
    }

    /// An RFC 3339 timestamp (midnight UTC for dates without a time).
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some(_) => self.iso(),
            None => {
                let (y, m, d) = self.first_day();
                format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
            }
        }
    }

    /// A date from days since the Unix epoch (UTC), at day precision.
    pub fn from_unix_days(days: i64) -> PartialDate {
        let (y, m, d) = civil_from_days(days);
        PartialDate {
            year: y,
            month: Some(m),
            day: Some(d),
            time: None,
        }
    }

    /// Coarse before fine, then the instant; the time as written breaks the
    /// last ties (`10:00+01:00` and `09:00Z` are one instant, but not equal
    /// dates), so the order agrees with `==`.
    #[allow(clippy::type_complexity)]
    fn sort_key(&self) -> (i32, u8, u8, i64, Option<(i16, u8, u8, u8)>) {
        let t = self.time.map_or(i64::MIN, |_| self.timestamp());
        (
            self.year,
            self.month.unwrap_or(0),
            self.day.unwrap_or(0),
            t,
            self.time
                .map(|t| (t.offset_minutes, t.hour, t.minute, t.second)),
        )
    }

    /// Whether an event that starts at `self` and ends at `end` ends before
    /// it starts. Each date counts from its earliest possible instant (a
    /// date without a time from midnight UTC), so times compare as instants
    /// whatever their offsets, and a coarser `end` counts from its first day.
    pub fn ends_before(&self, end: &PartialDate) -> bool {
        end.timestamp() < self.timestamp()
    }

    /// Whether `other` falls inside this date (`2025-04` contains `2025-04-03`).
    pub fn contains(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && self.month.is_none_or(|m| other.month == Some(m))
            && self.day.is_none_or(|d| other.day == Some(d))
    }
}

/// A date written in words (`October 2025`, `3 October 2025`, `October 3,
/// 2025`) in ISO form at the precision written, for the hint.
pub(crate) fn words_to_iso(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let month = |w: &str| {
        let w = w.trim_end_matches('.').to_lowercase();
        MONTHS
            .iter()
            .position(|m| w.len() >= 3 && m.to_lowercase().starts_with(&w))
            .map(|i| i + 1)
    };
    let year = |w: &str| num::<i32>(w, 4);
    let day = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_alphabetic());
        w.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
    };
    let (y, m, d) = match words.as_slice() {
        [m, y] => (year(y)?, month(m)?, None),
        [d, m, y] if day(d).is_some() => (year(y)?, month(m)?, day(d)),
        [m, d, y] => (year(y)?, month(m)?, Some(day(d)?)),
        _ => return None,
    };
    let iso = match d {
        None => format!("{y:04}-{m:02}"),
        Some(d) => format!("{y:04}-{m:02}-{d:02}"),
    };
    PartialDate::parse(&iso).ok().map(|_| iso)
}

fn offset_text(minutes: i16) -> String {
    if minutes == 0 {
        return "Z".into();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

fn parse_time(t: &str) -> Option<Time> {
    let (clock, offset) = if let Some(c) = t.strip_suffix(['Z', 'z']) {
        (c, 0i16)
    } else {
        let i = t.rfind(['+', '-'])?;
        let (c, off) = t.split_at(i);
        let sign: i16 = if off.starts_with('-') { -1 } else { 1 };
        let (h, m) = off[1..].split_once(':')?;
        let (h, m): (i16, i16) = (num(h, 2)?, num(m, 2)?);
        if h > 23 || m > 59 {
            return None;
        }
        (c, sign * (h * 60 + m))
    };
    let mut parts = clock.split(':');
    let hour: u8 = num(parts.next()?, 2)?;
    let minute: u8 = num(parts.next()?, 2)?;
    let sec_text = parts.next().unwrap_or("00");
    let second: u8 = num(sec_text.split('.').next()?, 2)?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(Time {
        hour,
        minute,
        second,
        offset_minutes: offset,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// A span `start – end` shown as briefly as its precision allows:
/// `May – July 2025`, `8 – 12 November 2025`, `2024 – 2025`.
pub fn display_span(start: &PartialDate, end: &PartialDate) -> String {
    display_span_in(start, end, DateFormat::english())
}

/// [`display_span`] in the language of `f`. The short forms are English
/// ones; other languages show both ends in full.
pub fn display_span_in(start: &PartialDate, end: &PartialDate, f: &DateFormat) -> String {
    if f.is_english()
        && start.time.is_none()
        && end.time.is_none()
        && start.precision() == end.precision()
    {
        let same_year = start.year == end.year;
        match (start.month, start.day, end.month, end.day) {
            (Some(m1), None, Some(m2), None) if same_year => {
                return format!("{} – {}", f.month_alone(m1), f.month(end.year, m2));
            }
            (Some(m1), Some(d1), Some(m2), Some(_)) if same_year => {
                return if m1 == m2 {
                    format!("{d1} – {}", end.display_in(f))
                } else {
                    format!("{d1} {} – {}", f.month_alone(m1), end.display_in(f))
                };
            }
            _ => {}
        }
    }
    format!("{} – {}", start.display_in(f), end.display_in(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap_or_else(|e| panic!("{s}: {}", e.message))
    }

    #[test]
    fn parses_each_precision_and_keeps_it() {
        let cases = [
            ("2025", Precision::Year, "2025", "2025"),
            ("2025-04", Precision::Month, "2025-04", "April 2025"),
            (
                "2025-11-08",
                Precision::Day,
                "2025-11-08",
                "8 November 2025",
            ),
            (
                "2025-10-13T09:30:00+08:00",
                Precision::Time,
                "2025-10-13T09:30:00+08:00",
                "13 October 2025, 09:30 (UTC+8)",
            ),
            (
                "2025-10-13T09:30:00Z",
                Precision::Time,
                "2025-10-13T09:30:00Z",
                "13 October 2025, 09:30 (UTC)",
            ),
            (
                "2025-10-13T21:05:00+05:30",
                Precision::Time,
                "2025-10-13T21:05:00+05:30",
                "13 October 2025, 21:05 (UTC+5:30)",
            ),
            (
                "2025-10-13T07:00:00-03:00",
                Precision::Time,
                "2025-10-13T07:00:00-03:00",
                "13 October 2025, 07:00 (UTC\u{2212}3)",
            ),
            (
                "2024-02-29",
                Precision::Day,
                "2024-02-29",
                "29 February 2024",
            ),
        ];
        for (input, precision, iso, shown) in cases {
            let date = d(input);
            assert_eq!(date.precision(), precision, "{input}");
            assert_eq!(date.iso(), iso, "{input}");
            assert_eq!(date.display(), shown, "{input}");
        }
    }

    #[test]
    fn rejects_impossible_dates_with_reasons() {
        let cases = [
            ("2025-13-45", "invalid date `2025-13-45`: there is no month 13"),
            ("2025-02-30", "invalid date `2025-02-30`: February 2025 has 28 days"),
            ("2023-02-29", "invalid date `2023-02-29`: February 2023 has 28 days"),
            ("25-01-01", "invalid date `25-01-01`: the year must have four digits"),
            ("2025-1", "invalid date `2025-1`: the month must have two digits"),
            ("2025-01-01-01", "invalid date `2025-01-01-01`: too many parts"),
            ("", "invalid date ``: the year must have four digits"),
            (
                "2025-10-13T25:00:00Z",
                "invalid date `2025-10-13T25:00:00Z`: the time must be `HH:MM:SS` followed by `Z` or an offset like `+08:00`",
            ),
        ];
        for (input, message) in cases {
            assert_eq!(PartialDate::parse(input).unwrap_err().message, message);
        }
    }

    #[test]
    fn dates_in_words_say_which_forms_are_read() {
        let forms = "dates are written `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or as an RFC 3339 datetime";
        let cases = [
            ("October 2025", "write `2025-10`"),
            ("3 October 2025", "write `2025-10-03`"),
            ("Oct 3, 2025", "write `2025-10-03`"),
            ("3rd Sept. 2025", "write `2025-09-03`"),
            ("31 February 2025", FORMS),
            ("yesterday", FORMS),
            ("Q3 2025", FORMS),
        ];
        for (input, hint) in cases {
            let e = PartialDate::parse(input).unwrap_err();
            assert_eq!(
                e.message,
                format!("`{input}` is not a date dossier can read: {forms}")
            );
            assert_eq!(e.hint, hint, "{input}");
        }
    }

    #[test]
    fn coarse_dates_sort_before_the_finer_dates_inside_them() {
        let mut dates = [
            d("2025-04-03"),
            d("2026"),
            d("2025-04"),
            d("2025-04-03T10:00:00Z"),
            d("2025"),
            d("2025-03-31"),
            d("2025-04-03T09:00:00+08:00"),
        ];
        dates.sort();
        let order: Vec<String> = dates.iter().map(PartialDate::iso).collect();
        assert_eq!(
            order,
            [
                "2025",
                "2025-03-31",
                "2025-04",
                "2025-04-03",
                "2025-04-03T09:00:00+08:00",
                "2025-04-03T10:00:00Z",
                "2026"
            ]
        );
        assert!(d("2025-04").contains(&d("2025-04-03")));
        assert!(!d("2025-04").contains(&d("2025-05-03")));
    }

    #[test]
    fn one_instant_written_with_two_offsets_orders_consistently_with_eq() {
        let a = d("2025-04-03T10:00:00+01:00");
        let b = d("2025-04-03T09:00:00Z");
        assert_eq!(a.timestamp(), b.timestamp());
        assert_ne!(a, b);
        assert_ne!(a.cmp(&b), Ordering::Equal);
        assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
    }

    #[test]
    fn an_end_before_the_start_compares_earliest_instants() {
        // (date, end, ends before it starts)
        let cases = [
            ("2025-10-01T10:00:00Z", "2025-10-01T09:00:00Z", true),
            ("2025-10-02T01:00:00+05:00", "2025-10-01T21:00:00Z", false),
            ("2025-10-01T10:00:00Z", "2025-10-01T10:00:00Z", false),
            ("2025-10-01T10:00:00+02:00", "2025-10-01T08:30:00Z", false),
            ("2025-10-01T10:00:00+02:00", "2025-10-01T07:59:59Z", true),
            ("2025-05", "2025-04", true),
            ("2025-04", "2025-05", false),
            ("2025", "2025-03", false),
            ("2025-04", "2025", true),
            ("2025-04-03", "2025-04", true),
            ("2025-04-03", "2025-04-03", false),
            ("2025-10-01", "2025-10-01T00:00:00Z", false),
            ("2025-10-01", "2025-10-01T01:00:00+02:00", true),
            ("2025-10-01T10:00:00Z", "2025-10-01", true),
            ("2025-10-01T00:00:00Z", "2025-10-01", false),
            ("2025-10-01T10:00:00Z", "2025-10-02", false),
            // 01:00 UTC on 1 January 2025: after the first moment of `2025`.
            ("2024-12-31T23:00:00-02:00", "2025", true),
        ];
        for (date, end, before) in cases {
            assert_eq!(d(date).ends_before(&d(end)), before, "{date} → {end}");
        }
    }

    #[test]
    fn spans_display_briefly() {
        let cases = [
            ("2025-05", "2025-07", "May – July 2025"),
            ("2025-11-08", "2025-11-12", "8 – 12 November 2025"),
            ("2025-10-30", "2025-11-02", "30 October – 2 November 2025"),
            ("2024", "2025", "2024 – 2025"),
            ("2024-12", "2025-01", "December 2024 – January 2025"),
            ("2025-04", "2025-05-02", "April 2025 – 2 May 2025"),
        ];
        for (a, b, shown) in cases {
            assert_eq!(display_span(&d(a), &d(b)), shown);
        }
    }

    #[test]
    fn calendar_arithmetic_round_trips() {
        for days in [-1000, 0, 1, 20_000, 20_400, 30_000] {
            let (y, m, dd) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, dd), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(d("2025-10-13T09:30:00+08:00").timestamp(), 1_760_319_000);
    }
}
