//! Dates in a reader's language (SPEC §8.6): month names, the order of
//! day, month and year, the time of day and the digits, from ICU4X's
//! compiled CLDR data in the Gregorian calendar (the calendar editors write
//! in). Nothing is read at run time.
//!
//! English (`en`) keeps dossier's day-month-year order (`3 April 2025`),
//! CLDR's British English; `en-US` and the like get their own order.
//! Times are shown on the 24-hour clock in every language, as editors
//! write them: a time comes with its UTC offset, and a 12-hour clock's
//! day periods are English letters in some locales (Urdu's `PM`). The words
//! around a time (`, 15:00 (UTC+8)`) are the theme's strings
//! ([`TimeWords`]), the time and the offset's digits ICU's.
//! A formatter is made once per language and wording and kept for the
//! process ([`DateFormat::get`]): every page, feed and data file of a
//! language takes the same one.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{M, T, Y, YM, YMD};
use icu_datetime::input::Time;
use icu_datetime::{
    DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter, NoCalendarFormatter,
};
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::DecimalFormatter;
use icu_locale_core::preferences::extensions::unicode::keywords::HourCycle;
use icu_locale_core::Locale;

use crate::i18n::Strings;

/// The words a date with a time is written with, from the theme's strings
/// (`date.datetime`, `date.utc`, `date.offset`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeWords {
    /// `{}, {time} ({offset})`: the date, the time and the offset.
    pub datetime: String,
    /// The offset zero: `UTC`.
    pub utc: String,
    /// Any other offset; `{}` is its signed hours: `UTC{}` → `UTC+5:30`.
    pub offset: String,
}

impl TimeWords {
    /// The time words of `strings`.
    pub fn from_strings(strings: &Strings) -> TimeWords {
        TimeWords {
            datetime: strings.get("date.datetime").to_string(),
            utc: strings.get("date.utc").to_string(),
            offset: strings.get("date.offset").to_string(),
        }
    }
}

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
    /// A month's short name with its year, for charts: `Oct 2025`,
    /// `2025年10月`.
    month_short: Option<FixedCalendarDateTimeFormatter<Gregorian, YM>>,
    /// Hours and minutes on the 24-hour clock: `15:00`.
    time: Option<NoCalendarFormatter<T>>,
    /// Counts and an offset's hours, in the language's digits, ungrouped.
    numbers: Option<DecimalFormatter>,
    words: TimeWords,
}

impl DateFormat {
    /// The formatter of `code` (a BCP 47 tag) with `words`, made on first
    /// use. (A site whose strings change while `serve` runs makes one more
    /// for each new wording: a few kilobytes.)
    pub fn get(code: &str, words: &TimeWords) -> &'static DateFormat {
        type Made = BTreeMap<(String, TimeWords), &'static DateFormat>;
        static MADE: OnceLock<Mutex<Made>> = OnceLock::new();
        let made = MADE.get_or_init(Default::default);
        let mut made = match made.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        made.entry((code.to_string(), words.clone()))
            .or_insert_with(|| Box::leak(Box::new(DateFormat::new(code, words.clone()))))
    }

    /// The default language's, `en`, in the default theme's words.
    pub fn english() -> &'static DateFormat {
        DateFormat::get("en", &TimeWords::from_strings(Strings::english()))
    }

    fn new(code: &str, words: TimeWords) -> DateFormat {
        let english = code.eq_ignore_ascii_case("en");
        let tag = if english { "en-GB" } else { code };
        // A tag ICU cannot read gets the root locale's ISO-like forms.
        let locale: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
        let prefs = DateTimeFormatterPreferences::from(&locale);
        let mut clock = prefs;
        clock.hour_cycle = Some(HourCycle::H23);
        // English charts keep CLDR `en`'s `Sep` (British English has `Sept`).
        let short_locale: Locale = if english {
            "en".parse().unwrap_or(Locale::UNKNOWN)
        } else {
            locale.clone()
        };
        let mut plain = DecimalFormatterOptions::default();
        plain.grouping_strategy = Some(GroupingStrategy::Never);
        DateFormat {
            english,
            day: FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).ok(),
            month: FixedCalendarDateTimeFormatter::try_new(prefs, YM::long()).ok(),
            year: FixedCalendarDateTimeFormatter::try_new(prefs, Y::long()).ok(),
            month_alone: FixedCalendarDateTimeFormatter::try_new(prefs, M::long()).ok(),
            month_short: FixedCalendarDateTimeFormatter::try_new(
                (&short_locale).into(),
                YM::medium(),
            )
            .ok(),
            time: NoCalendarFormatter::try_new(clock, T::hm()).ok(),
            numbers: DecimalFormatter::try_new((&locale).into(), plain).ok(),
            words,
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

    /// `Oct 2025`, `اکتوبر 2025`, `2025年10月`: a month in short, for
    /// charts.
    pub fn month_short(&self, year: i32, month: u8) -> String {
        match (&self.month_short, Date::try_new_gregorian(year, month, 1)) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => format!("{year:04}-{month:02}"),
        }
    }

    /// `1234` in the language's digits, ungrouped.
    pub fn number(&self, n: usize) -> String {
        match &self.numbers {
            Some(f) => f.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// `date` with a time of day in a UTC offset (minutes):
    /// `13 October 2025, 15:00 (UTC+8)`, `2025年10月13日 15:00（UTC+8）`.
    pub fn with_time(&self, date: &str, hour: u8, minute: u8, offset_minutes: i16) -> String {
        let time = match (&self.time, Time::try_new(hour, minute, 0, 0)) {
            (Some(f), Ok(t)) => f.format(&t).to_string(),
            _ => format!("{hour:02}:{minute:02}"),
        };
        self.words
            .datetime
            .replace("{time}", &time)
            .replace("{offset}", &self.offset(offset_minutes))
            .replacen("{}", date, 1)
    }

    /// An offset as readers name it: `UTC`, `UTC+8`, `UTC+5:30`, `UTC−3`
    /// (a minus sign, not a hyphen), in the language's words and digits.
    fn offset(&self, minutes: i16) -> String {
        if minutes == 0 {
            return self.words.utc.clone();
        }
        let sign = if minutes < 0 { '\u{2212}' } else { '+' };
        let m = minutes.unsigned_abs();
        let hours = self.number(usize::from(m / 60));
        let signed = match m % 60 {
            0 => format!("{sign}{hours}"),
            r => {
                let mins = match &self.numbers {
                    Some(f) => {
                        let mut d = Decimal::from(u32::from(r));
                        d.absolute.pad_start(2);
                        f.format(&d).to_string()
                    }
                    None => format!("{r:02}"),
                };
                format!("{sign}{hours}:{mins}")
            }
        };
        self.words.offset.replace("{}", &signed)
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
            let f = DateFormat::get(code, &TimeWords::from_strings(Strings::english()));
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

    /// The default theme's time words for `code`.
    fn words(code: &str) -> TimeWords {
        let text = match code {
            "ur" => include_str!("../../themes/default/i18n/ur.toml"),
            "zh" => include_str!("../../themes/default/i18n/zh.toml"),
            _ => return TimeWords::from_strings(Strings::english()),
        };
        let mut diags = crate::diagnostic::Diagnostics::new();
        let entries = crate::i18n::parse_file(std::path::Path::new("x.toml"), text, &mut diags);
        let get = |k: &str| {
            entries
                .iter()
                .find(|e| e.key == k)
                .map(|e| e.text.clone())
                .unwrap_or_default()
        };
        TimeWords {
            datetime: get("date.datetime"),
            utc: get("date.utc"),
            offset: get("date.offset"),
        }
    }

    #[test]
    fn times_on_the_24_hour_clock_with_the_offset_in_the_themes_words() {
        let cases: &[(&str, i16, &str)] = &[
            ("en", 480, "13 October 2025, 15:05 (UTC+8)"),
            ("en", 0, "13 October 2025, 15:05 (UTC)"),
            ("en", 330, "13 October 2025, 15:05 (UTC+5:30)"),
            ("en", -185, "13 October 2025, 15:05 (UTC\u{2212}3:05)"),
            ("zh", 480, "2025年10月13日 15:05（UTC+8）"),
            (
                "ur",
                300,
                "13 اکتوبر، 2025، 15:05 (یو ٹی سی\u{2066}+5\u{2069})",
            ),
            ("ur", 0, "13 اکتوبر، 2025، 15:05 (یو ٹی سی)"),
            // Digits of a language that has its own: Persian.
            ("fa", 210, "۱۳ اکتبر ۲۰۲۵, ۱۵:۰۵ (UTC+۳:۳۰)"),
        ];
        for (code, offset, want) in cases {
            let f = DateFormat::get(code, &words(code));
            let day = f.day(2025, 10, 13);
            assert_eq!(f.with_time(&day, 15, 5, *offset), *want, "{code} {offset}");
        }
    }

    #[test]
    fn short_months_and_numbers_for_charts() {
        let en = DateFormat::english();
        for (m, name) in (1..=12).zip([
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]) {
            assert_eq!(en.month_short(2025, m), format!("{name} 2025"));
        }
        assert_eq!(en.number(1234), "1234");
        let zh = DateFormat::get("zh", &words("zh"));
        assert_eq!(zh.month_short(2025, 10), "2025年10月");
        let ur = DateFormat::get("ur", &words("ur"));
        assert_eq!(ur.month_short(2025, 10), "اکتوبر 2025");
        let fa = DateFormat::get("fa", &words("en"));
        assert_eq!(fa.number(1234), "۱۲۳۴");
    }
}
