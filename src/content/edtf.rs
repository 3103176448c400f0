//! `Edtf`: an event date that says what the editor does not know, in the
//! ISO 8601-2 (EDTF level 1) forms SPEC §8.3 lists: `2025-03~` approximate,
//! `2025-03?` uncertain, `2025-03%` both, `198X` a decade, `19XX` a century,
//! `2025-XX` and `2025-03-XX` an unknown month or day, and `..` as an
//! event's open end ([`End::Ongoing`]).
//!
//! Parsing strips the qualifier, reads the `X` forms here and hands every
//! other form to [`PartialDate::parse`], so a plain date means exactly what
//! it meant before. A parsed date is then known by the days it may fall on
//! ([`Edtf::earliest`], [`Edtf::latest`]): it sorts by its earliest possible
//! day, then as a [`PartialDate`] (coarse before fine), and every output
//! takes its text from one [`Wording`], the table a translation replaces.

use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

use super::date::{days_in_month, display_span_in, DateError, PartialDate};
use super::datefmt::DateFormat;
use crate::i18n::Strings;

/// The forms an event date may take, for hints.
pub const FORMS: &str = "write `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 datetime, optionally followed by `~` (approximate), `?` (uncertain) or `%` (both); `X` for unknown digits: `198X` a decade, `19XX` a century, `2025-XX` an unknown month, `2025-03-XX` an unknown day";

/// Which digits the editor left unspecified with `X`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unspecified {
    /// Every digit known.
    None,
    /// `2025-XX`.
    Month,
    /// `2025-XX-XX`.
    MonthDay,
    /// `2025-03-XX`.
    Day,
    /// `198X`.
    Decade,
    /// `19XX`.
    Century,
}

/// An event date: the digits known (`198X` keeps the year 1980, `2025-XX`
/// the year 2025), which were left as `X`, and the qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edtf {
    pub date: PartialDate,
    pub unspecified: Unspecified,
    pub approximate: bool,
    pub uncertain: bool,
}

/// An event's `end`: a date, or `..` for an event still going on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    On(Edtf),
    Ongoing,
}

/// The words dates are shown with, from the theme's strings (`date.*`);
/// `{}` stands for the date (or the decade's first year).
#[derive(Debug, Clone)]
pub struct Wording {
    pub approximate: String,
    pub uncertain: String,
    pub both: String,
    pub decade: String,
    /// `{}` is the century's first year, `{last}` its last.
    pub century: String,
    pub month_unknown: String,
    pub day_unknown: String,
    pub ongoing: String,
}

impl Wording {
    /// The wording of `strings`.
    pub fn from_strings(strings: &Strings) -> Wording {
        let get = |key: &str| strings.get(&format!("date.{key}")).to_string();
        Wording {
            approximate: get("approximate"),
            uncertain: get("uncertain"),
            both: get("both"),
            decade: get("decade"),
            century: get("century"),
            month_unknown: get("month_unknown"),
            day_unknown: get("day_unknown"),
            ongoing: get("ongoing"),
        }
    }

    /// The default theme's English wording.
    pub fn english() -> &'static Wording {
        static ENGLISH: OnceLock<Wording> = OnceLock::new();
        ENGLISH.get_or_init(|| Wording::from_strings(Strings::english()))
    }
}

impl Edtf {
    /// A plain date, without qualifier or unknown digits.
    pub fn plain(date: PartialDate) -> Edtf {
        Edtf {
            date,
            unspecified: Unspecified::None,
            approximate: false,
            uncertain: false,
        }
    }

    /// Whether the date is written as a plain [`PartialDate`].
    pub fn is_plain(&self) -> bool {
        self.unspecified == Unspecified::None && !self.approximate && !self.uncertain
    }

    pub fn parse(text: &str) -> Result<Edtf, DateError> {
        let s = text.trim();
        let bad = |why: &str| DateError {
            message: format!("invalid date `{s}`: {why}"),
            hint: FORMS.to_string(),
        };
        if s == ".." {
            return Err(DateError {
                message: "invalid date `..`: `..` (ongoing) can only be an event's `end`".into(),
                hint: "write when the event began in `date`, and `end = \"..\"` if it is still going on".into(),
            });
        }
        let (core, approximate, uncertain) = match s.as_bytes().last() {
            Some(b'~') => (&s[..s.len() - 1], true, false),
            Some(b'?') => (&s[..s.len() - 1], false, true),
            Some(b'%') => (&s[..s.len() - 1], true, true),
            _ => (s, false, false),
        };
        if core.contains(['~', '?', '%']) {
            return Err(bad(
                "a date takes one qualifier, at its end: `~` approximate, `?` uncertain, `%` both",
            ));
        }
        let digits_only = core
            .bytes()
            .all(|b| b.is_ascii_digit() || b"X-".contains(&b));
        let (date, unspecified) = if core.contains('X') && digits_only {
            unspecified(core).map_err(bad)?
        } else {
            let date = PartialDate::parse(core).map_err(|e| DateError {
                message: e
                    .message
                    .replacen(&format!("`{core}`"), &format!("`{s}`"), 1),
                hint: match Edtf::from_display(s) {
                    Some(d) => format!("write `{}`", d.iso()),
                    None if e.hint == super::date::FORMS => FORMS.to_string(),
                    None => e.hint,
                },
            })?;
            if date.time.is_some() && (approximate || uncertain) {
                return Err(bad("`~`, `?` and `%` qualify a date without a time"));
            }
            (date, Unspecified::None)
        };
        Ok(Edtf {
            date,
            unspecified,
            approximate,
            uncertain,
        })
    }

    /// Reads a date back from the words [`Edtf::display`] shows it in
    /// (`c. June 2025`, `May 2024?`, `1980s`), for the hint when an editor
    /// writes one; `None` for anything else. A date with a time is not read.
    pub fn from_display(text: &str) -> Option<Edtf> {
        let w = Wording::english();
        let mut s = text.trim();
        let approximate = strip_pattern(&mut s, &w.approximate);
        let uncertain = strip_pattern(&mut s, &w.uncertain);
        let year_of = |t: &str| t.parse::<i32>().ok().filter(|_| t.len() == 4);
        let plain = |t: &str| match year_of(t) {
            Some(_) => PartialDate::parse(t).ok(),
            None => super::date::words_to_iso(t).and_then(|iso| PartialDate::parse(&iso).ok()),
        };
        let inside = |p: &str, t: &str| -> Option<String> {
            let (before, after) = p.split_once("{}")?;
            t.strip_prefix(before)?
                .strip_suffix(after)
                .map(str::to_string)
        };
        let year = |y: i32| PartialDate::parse(&format!("{y:04}")).ok();
        let century = s
            .split_once('–')
            .and_then(|(a, _)| year_of(a))
            .filter(|y| wide_label(*y, Unspecified::Century, w).as_deref() == Some(s));
        let (date, unspecified) = if let Some(y) = inside(&w.decade, s).and_then(|y| year_of(&y)) {
            (year(y)?, Unspecified::Decade)
        } else if let Some(y) = century {
            (year(y)?, Unspecified::Century)
        } else if let Some(y) = inside(&w.month_unknown, s).and_then(|y| year_of(&y)) {
            (year(y)?, Unspecified::Month)
        } else if let Some(d) = inside(&w.day_unknown, s).and_then(|t| plain(&t)) {
            (d, Unspecified::Day)
        } else {
            (plain(s)?, Unspecified::None)
        };
        let valid = match unspecified {
            Unspecified::Decade => date.year % 10 == 0,
            Unspecified::Century => date.year % 100 == 0,
            Unspecified::Day => date.month.is_some() && date.day.is_none(),
            _ => true,
        };
        valid.then_some(Edtf {
            date,
            unspecified,
            approximate,
            uncertain,
        })
    }

    /// The first day the date may fall on, as (year, month, day).
    pub fn earliest(&self) -> (i32, u8, u8) {
        let d = &self.date;
        match self.unspecified {
            Unspecified::None => d.first_day(),
            Unspecified::Day => (d.year, d.month.unwrap_or(1), 1),
            _ => (d.year, 1, 1),
        }
    }

    /// The last day the date may fall on.
    pub fn latest(&self) -> (i32, u8, u8) {
        let d = &self.date;
        match self.unspecified {
            Unspecified::None => d.last_day(),
            Unspecified::Day => {
                let m = d.month.unwrap_or(12);
                (d.year, m, days_in_month(d.year, m))
            }
            Unspecified::Month | Unspecified::MonthDay => (d.year, 12, 31),
            Unspecified::Decade => (d.year + 9, 12, 31),
            Unspecified::Century => (d.year + 99, 12, 31),
        }
    }

    /// The year a timeline files the date under: its earliest year.
    pub fn year(&self) -> i32 {
        self.date.year
    }

    /// The EDTF text, normalised: `2025-03~`, `198X`, `2025-XX?`.
    pub fn iso(&self) -> String {
        let y = self.date.year;
        let mut s = match self.unspecified {
            Unspecified::None => self.date.iso(),
            Unspecified::Month => format!("{y:04}-XX"),
            Unspecified::MonthDay => format!("{y:04}-XX-XX"),
            Unspecified::Day => format!("{y:04}-{:02}-XX", self.date.month.unwrap_or(1)),
            Unspecified::Decade => format!("{:03}X", y / 10),
            Unspecified::Century => format!("{:02}XX", y / 100),
        };
        match (self.approximate, self.uncertain) {
            (true, true) => s.push('%'),
            (true, false) => s.push('~'),
            (false, true) => s.push('?'),
            (false, false) => {}
        }
        s
    }

    /// Shown for readers in the default wording: `c. June 2025`, `1980s`.
    pub fn display(&self) -> String {
        self.display_in(Wording::english(), DateFormat::english())
    }

    /// Shown for readers in `w`, with dates written by `f`.
    pub fn display_in(&self, w: &Wording, f: &DateFormat) -> String {
        let y = self.date.year;
        let core = match self.unspecified {
            Unspecified::None => self.date.display_in(f),
            Unspecified::Month | Unspecified::MonthDay => fill(&w.month_unknown, &f.year(y)),
            Unspecified::Day => fill(&w.day_unknown, &self.date.display_in(f)),
            Unspecified::Decade | Unspecified::Century => {
                wide_label(y, self.unspecified, w).unwrap_or_default()
            }
        };
        match (self.approximate, self.uncertain) {
            (true, true) => fill(&w.both, &core),
            (true, false) => fill(&w.approximate, &core),
            (false, true) => fill(&w.uncertain, &core),
            (false, false) => core,
        }
    }

    /// Earliest possible day first; on a tie, the wider date first (a
    /// century, then a decade), then as a [`PartialDate`] (coarse before
    /// fine), then the remaining fields, so the order agrees with `==`.
    fn sort_key(&self) -> ((i32, u8, u8), u8, PartialDate, Unspecified, bool, bool) {
        let width = match self.unspecified {
            Unspecified::Century => 0,
            Unspecified::Decade => 1,
            _ => 2,
        };
        (
            self.earliest(),
            width,
            self.date,
            self.unspecified,
            self.approximate,
            self.uncertain,
        )
    }

    /// Whether an event that starts at `self` and ends at `end` ends before
    /// it starts: plain dates compare as [`PartialDate::ends_before`]; a date
    /// with unknown digits only when the end's latest possible day comes
    /// before the start's earliest.
    pub fn ends_before(&self, end: &Edtf) -> bool {
        if self.unspecified == Unspecified::None && end.unspecified == Unspecified::None {
            self.date.ends_before(&end.date)
        } else {
            end.latest() < self.earliest()
        }
    }
}

/// The words for a decade (`1980s`) or a century (`1900–1999`) starting
/// in `year`; `None` for narrower dates. Timeline groups use it as their label.
pub fn wide_label(year: i32, u: Unspecified, w: &Wording) -> Option<String> {
    match u {
        Unspecified::Decade => Some(fill(&w.decade, &year.to_string())),
        Unspecified::Century => {
            Some(fill(&w.century, &year.to_string()).replace("{last}", &(year + 99).to_string()))
        }
        _ => None,
    }
}

/// Strips the words of `pattern` (`c. {}`) around `s`; whether they were there.
fn strip_pattern(s: &mut &str, pattern: &str) -> bool {
    let (before, after) = pattern.split_once("{}").unwrap_or(("", ""));
    if before.is_empty() && after.is_empty() {
        return false;
    }
    match s.strip_prefix(before).and_then(|r| r.strip_suffix(after)) {
        Some(rest) => {
            *s = rest;
            true
        }
        None => false,
    }
}

fn fill(pattern: &str, value: &str) -> String {
    pattern.replacen("{}", value, 1)
}

/// Reads a form with `X` digits (`198X`, `19XX`, `2025-XX`, `2025-XX-XX`,
/// `2025-03-XX`); `Err` says why it is not one.
fn unspecified(core: &str) -> Result<(PartialDate, Unspecified), &'static str> {
    let mut parts = core.split('-');
    let year = parts.next().unwrap_or("");
    let (month, day) = (parts.next(), parts.next());
    if parts.next().is_some() {
        return Err("too many parts");
    }
    if year.len() != 4 {
        return Err("the year must have four digits");
    }
    let known = year.trim_end_matches('X');
    if known.contains('X') || known.len() < 2 {
        return Err(
            "only the last one or two digits of a year may be `X`: `198X` is a decade, `19XX` a century",
        );
    }
    let number: i32 = known
        .parse()
        .map_err(|_| "the year must have four digits")?;
    let at = |year, month| PartialDate {
        year,
        month,
        day: None,
        time: None,
    };
    if known.len() < 4 {
        if month.is_some() {
            return Err("a decade or a century has no month or day: write `198X` or `19XX` alone");
        }
        return Ok(match known.len() {
            3 => (at(number * 10, None), Unspecified::Decade),
            _ => (at(number * 100, None), Unspecified::Century),
        });
    }
    match (month, day) {
        (Some("XX"), None) => Ok((at(number, None), Unspecified::Month)),
        (Some("XX"), Some("XX")) => Ok((at(number, None), Unspecified::MonthDay)),
        (Some("XX"), Some(_)) => Err("when the month is `XX` the day must be `XX` too"),
        (Some(m), Some("XX")) => {
            let m: u8 = two_digits(m).ok_or("the month must be two digits or `XX`")?;
            if !(1..=12).contains(&m) {
                return Err("there is no such month: months run from 01 to 12");
            }
            Ok((at(number, Some(m)), Unspecified::Day))
        }
        (Some(m), _) if two_digits(m).is_none() => Err("the month must be two digits or `XX`"),
        _ => Err("the day must be two digits or `XX`"),
    }
}

fn two_digits(s: &str) -> Option<u8> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl End {
    /// The end date, unless the event is ongoing.
    pub fn date(&self) -> Option<&Edtf> {
        match self {
            End::On(d) => Some(d),
            End::Ongoing => None,
        }
    }

    /// `..` or the date's EDTF text.
    pub fn iso(&self) -> String {
        match self {
            End::On(d) => d.iso(),
            End::Ongoing => "..".into(),
        }
    }

    pub fn parse(text: &str) -> Result<End, DateError> {
        if text.trim() == ".." {
            Ok(End::Ongoing)
        } else {
            Edtf::parse(text).map(End::On)
        }
    }
}

/// An event's dates for readers: `c. June 2025`, `March 2025 – ongoing`,
/// and plain spans as briefly as [`display_span`] writes them.
pub fn display_when(start: &Edtf, end: Option<&End>, w: &Wording, f: &DateFormat) -> String {
    match end {
        None => start.display_in(w, f),
        Some(End::Ongoing) => format!("{} – {}", start.display_in(w, f), w.ongoing),
        Some(End::On(e)) if start.is_plain() && e.is_plain() => {
            display_span_in(&start.date, &e.date, f)
        }
        Some(End::On(e)) => format!("{} – {}", start.display_in(w, f), e.display_in(w, f)),
    }
}

impl Ord for Edtf {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Edtf {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Edtf {
    /// The EDTF text, which [`Edtf::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests;
