//! Dates in a reader's language (SPEC §8.6): month names, the order of
//! day, month and year, and the digits, from ICU4X's compiled CLDR data in
//! the Gregorian calendar (the calendar editors write in). Nothing is read
//! at run time.
//!
//! English (`en`) keeps dossier's day-month-year order (`3 April 2025`),
//! CLDR's British English; `en-US` and the like get their own order.
//! A formatter is made once per language and kept for the process
//! ([`DateFormat::get`]): every page, feed and data file of a language
//! takes the same one.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{M, Y, YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale_core::Locale;

/// Formats the dates of one language.
#[derive(Debug)]
pub struct DateFormat {
    /// True for plain `en`: spans keep their short English forms
    /// (`8 – 12 November 2025`).
    english: bool,
    day: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    month: Option<FixedCalendarDateTimeFormatter<Gregorian, YM>>,
    year: Option<FixedCalendarDateTimeFormatter<Gregorian, Y>>,
    /// A month's name alone, for spans: `May – July 2025`.
    month_alone: Option<FixedCalendarDateTimeFormatter<Gregorian, M>>,
}

impl DateFormat {
    /// The formatter of `code` (a BCP 47 tag), made on first use.
    pub fn get(code: &str) -> &'static DateFormat {
        static MADE: OnceLock<Mutex<BTreeMap<String, &'static DateFormat>>> = OnceLock::new();
        let made = MADE.get_or_init(Default::default);
        let mut made = match made.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        made.entry(code.to_string())
            .or_insert_with(|| Box::leak(Box::new(DateFormat::new(code))))
    }

    /// The default language's: `en`.
    pub fn english() -> &'static DateFormat {
        DateFormat::get("en")
    }

    fn new(code: &str) -> DateFormat {
        let english = code.eq_ignore_ascii_case("en");
        let tag = if english { "en-GB" } else { code };
        // A tag ICU cannot read gets the root locale's ISO-like forms.
        let locale: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
        DateFormat {
            english,
            day: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long()).ok(),
            year: FixedCalendarDateTimeFormatter::try_new((&locale).into(), Y::long()).ok(),
            month_alone: FixedCalendarDateTimeFormatter::try_new((&locale).into(), M::long()).ok(),
        }
    }

    pub(crate) fn is_english(&self) -> bool {
        self.english
    }

    /// `3 April 2025`, `3 اپریل 2025`, `2025年4月3日`.
    pub fn day(&self, year: i32, month: u8, day: u8) -> String {
        match (&self.day, Date::try_new_gregorian(year, month, day)) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => format!("{year:04}-{month:02}-{day:02}"),
        }
    }

    /// `April 2025`, `اپریل 2025`, `2025年4月`.
    pub fn month(&self, year: i32, month: u8) -> String {
        match (&self.month, Date::try_new_gregorian(year, month, 1)) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => format!("{year:04}-{month:02}"),
        }
    }

    /// `May`: a month's name as a span's start shows it.
    pub fn month_alone(&self, month: u8) -> String {
        match (&self.month_alone, Date::try_new_gregorian(2000, month, 1)) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => format!("{month:02}"),
        }
    }

    /// `2025`, `2025年`.
    pub fn year(&self, year: i32) -> String {
        match (&self.year, Date::try_new_gregorian(year, 1, 1)) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => year.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_english_urdu_and_chinese() {
        let cases: &[(&str, [&str; 3])] = &[
            ("en", ["3 April 2025", "April 2025", "2025"]),
            ("ur", ["3 اپریل، 2025", "اپریل 2025", "2025"]),
            ("zh", ["2025年4月3日", "2025年4月", "2025年"]),
            ("en-US", ["April 3, 2025", "April 2025", "2025"]),
        ];
        for (code, [day, month, year]) in cases {
            let f = DateFormat::get(code);
            assert_eq!(f.day(2025, 4, 3), *day, "{code}");
            assert_eq!(f.month(2025, 4), *month, "{code}");
            assert_eq!(f.year(2025), *year, "{code}");
        }
    }

    #[test]
    fn every_english_month_as_before() {
        let f = DateFormat::english();
        for (m, name) in (1..=12).zip(crate::content::date::MONTHS) {
            assert_eq!(f.month(2025, m), format!("{name} 2025"));
            assert_eq!(f.day(2025, m, 9), format!("9 {name} 2025"));
        }
        assert_eq!(f.year(1985), "1985");
    }
}
