//! Every EDTF form dossier reads, and every near miss it refuses, with the
//! exact text an editor sees.

use super::*;

fn e(s: &str) -> Edtf {
    Edtf::parse(s).unwrap_or_else(|err| panic!("{s}: {}", err.message))
}

#[test]
fn every_form_parses_displays_and_spans_its_possible_days() {
    // (written, EDTF text, shown, earliest, latest)
    let cases = [
        ("2025", "2025", "2025", (2025, 1, 1), (2025, 12, 31)),
        (
            "2025-06",
            "2025-06",
            "June 2025",
            (2025, 6, 1),
            (2025, 6, 30),
        ),
        (
            "2025-06-03",
            "2025-06-03",
            "3 June 2025",
            (2025, 6, 3),
            (2025, 6, 3),
        ),
        ("2025~", "2025~", "c. 2025", (2025, 1, 1), (2025, 12, 31)),
        (
            "2025-06~",
            "2025-06~",
            "c. June 2025",
            (2025, 6, 1),
            (2025, 6, 30),
        ),
        (
            "2025-06-03~",
            "2025-06-03~",
            "c. 3 June 2025",
            (2025, 6, 3),
            (2025, 6, 3),
        ),
        ("2024?", "2024?", "2024?", (2024, 1, 1), (2024, 12, 31)),
        (
            "2024-05?",
            "2024-05?",
            "May 2024?",
            (2024, 5, 1),
            (2024, 5, 31),
        ),
        (
            "2024-05-09?",
            "2024-05-09?",
            "9 May 2024?",
            (2024, 5, 9),
            (2024, 5, 9),
        ),
        ("2025%", "2025%", "c. 2025?", (2025, 1, 1), (2025, 12, 31)),
        (
            "2025-03%",
            "2025-03%",
            "c. March 2025?",
            (2025, 3, 1),
            (2025, 3, 31),
        ),
        (
            "2025-03-01%",
            "2025-03-01%",
            "c. 1 March 2025?",
            (2025, 3, 1),
            (2025, 3, 1),
        ),
        ("198X", "198X", "1980s", (1980, 1, 1), (1989, 12, 31)),
        ("198X~", "198X~", "c. 1980s", (1980, 1, 1), (1989, 12, 31)),
        ("19XX", "19XX", "1900–1999", (1900, 1, 1), (1999, 12, 31)),
        ("20XX?", "20XX?", "2000–2099?", (2000, 1, 1), (2099, 12, 31)),
        (
            "2025-XX",
            "2025-XX",
            "2025 (month unknown)",
            (2025, 1, 1),
            (2025, 12, 31),
        ),
        (
            "2025-XX-XX",
            "2025-XX-XX",
            "2025 (month unknown)",
            (2025, 1, 1),
            (2025, 12, 31),
        ),
        (
            "2024-02-XX",
            "2024-02-XX",
            "February 2024 (day unknown)",
            (2024, 2, 1),
            (2024, 2, 29),
        ),
        (
            "2025-02-XX%",
            "2025-02-XX%",
            "c. February 2025 (day unknown)?",
            (2025, 2, 1),
            (2025, 2, 28),
        ),
        (
            " 2025-06~ ",
            "2025-06~",
            "c. June 2025",
            (2025, 6, 1),
            (2025, 6, 30),
        ),
        (
            "2025-10-13T09:30:00+08:00",
            "2025-10-13T09:30:00+08:00",
            "13 October 2025, 09:30 (UTC+8)",
            (2025, 10, 13),
            (2025, 10, 13),
        ),
    ];
    for (input, iso, shown, earliest, latest) in cases {
        let d = e(input);
        assert_eq!(d.iso(), iso, "{input}");
        assert_eq!(d.to_string(), iso, "{input}");
        assert_eq!(d.display(), shown, "{input}");
        assert_eq!(d.earliest(), earliest, "{input}");
        assert_eq!(d.latest(), latest, "{input}");
        assert_eq!(e(&d.iso()), d, "{input} reads back");
    }
}

#[test]
fn qualifiers_and_unknown_digits_are_kept_apart() {
    let cases = [
        ("2025-06~", Unspecified::None, true, false),
        ("2025-06?", Unspecified::None, false, true),
        ("2025-06%", Unspecified::None, true, true),
        ("198X", Unspecified::Decade, false, false),
        ("19XX%", Unspecified::Century, true, true),
        ("2025-XX?", Unspecified::Month, false, true),
        ("2025-03-XX", Unspecified::Day, false, false),
        ("2025-03", Unspecified::None, false, false),
    ];
    for (input, unspecified, approximate, uncertain) in cases {
        let d = e(input);
        assert_eq!(
            (d.unspecified, d.approximate, d.uncertain),
            (unspecified, approximate, uncertain),
            "{input}"
        );
        assert_eq!(d.is_plain(), input == "2025-03", "{input}");
    }
}

#[test]
fn invalid_forms_say_what_is_wrong_and_list_the_forms() {
    let cases = [
        ("2025-13~", "invalid date `2025-13~`: there is no month 13"),
        ("2025-02-30?", "invalid date `2025-02-30?`: February 2025 has 28 days"),
        (
            "20X5",
            "invalid date `20X5`: only the last one or two digits of a year may be `X`: `198X` is a decade, `19XX` a century",
        ),
        (
            "2XXX",
            "invalid date `2XXX`: only the last one or two digits of a year may be `X`: `198X` is a decade, `19XX` a century",
        ),
        (
            "198X-05",
            "invalid date `198X-05`: a decade or a century has no month or day: write `198X` or `19XX` alone",
        ),
        (
            "2025-XX-05",
            "invalid date `2025-XX-05`: when the month is `XX` the day must be `XX` too",
        ),
        ("2025-1X", "invalid date `2025-1X`: the month must be two digits or `XX`"),
        ("2025-03-1X", "invalid date `2025-03-1X`: the day must be two digits or `XX`"),
        (
            "2025-13-XX",
            "invalid date `2025-13-XX`: there is no such month: months run from 01 to 12",
        ),
        ("2025-XX-XX-XX", "invalid date `2025-XX-XX-XX`: too many parts"),
        ("25X", "invalid date `25X`: the year must have four digits"),
        (
            "2025?~",
            "invalid date `2025?~`: a date takes one qualifier, at its end: `~` approximate, `?` uncertain, `%` both",
        ),
        (
            "2025~-06",
            "invalid date `2025~-06`: a date takes one qualifier, at its end: `~` approximate, `?` uncertain, `%` both",
        ),
        (
            "2025-10-13T09:30:00Z~",
            "invalid date `2025-10-13T09:30:00Z~`: `~`, `?` and `%` qualify a date without a time",
        ),
        ("~", "invalid date `~`: the year must have four digits"),
        ("..", "invalid date `..`: `..` (ongoing) can only be an event's `end`"),
    ];
    for (input, message) in cases {
        let err = Edtf::parse(input).unwrap_err();
        assert_eq!(err.message, message, "{input}");
        if input != ".." {
            assert_eq!(err.hint, FORMS, "{input}");
        }
    }
    assert_eq!(
        Edtf::parse("..").unwrap_err().hint,
        "write when the event began in `date`, and `end = \"..\"` if it is still going on"
    );
}

#[test]
fn ongoing_is_an_end_only() {
    assert_eq!(End::parse("..").ok(), Some(End::Ongoing));
    assert_eq!(End::parse("2025-06~").ok(), Some(End::On(e("2025-06~"))));
    assert_eq!(End::Ongoing.iso(), "..");
    assert!(End::Ongoing.date().is_none());
}

#[test]
fn dates_sort_by_their_earliest_possible_day_then_coarse_first() {
    let mut dates: Vec<Edtf> = [
        "2025-03-02",
        "2025-03~",
        "198X",
        "2025-XX",
        "2025",
        "19XX",
        "1980",
        "2025-03",
        "2025-03?",
        "2025-02-XX",
        "2025-03-XX",
        "1985~",
    ]
    .iter()
    .map(|s| e(s))
    .collect();
    dates.sort();
    let order: Vec<String> = dates.iter().map(Edtf::iso).collect();
    assert_eq!(
        order,
        [
            "19XX",
            "198X",
            "1980",
            "1985~",
            "2025",
            "2025-XX",
            "2025-02-XX",
            "2025-03",
            "2025-03?",
            "2025-03~",
            "2025-03-XX",
            "2025-03-02",
        ]
    );
}

#[test]
fn an_end_before_the_start_counts_every_possible_day() {
    // (date, end, ends before it starts)
    let cases = [
        ("2025-05", "2025-04", true),
        ("2025-05~", "2025-04~", true),
        ("1985", "198X", false),
        ("199X", "1985", true),
        ("2025-06", "2025-XX", false),
        ("2026", "2025-XX", true),
    ];
    for (date, end, before) in cases {
        assert_eq!(e(date).ends_before(&e(end)), before, "{date} → {end}");
    }
}

#[test]
fn spans_show_qualifiers_and_ongoing_events() {
    let w = Wording::english();
    let cases = [
        ("2025-03", Some(".."), "March 2025 – ongoing"),
        ("2025-03~", Some(".."), "c. March 2025 – ongoing"),
        ("2025-05", Some("2025-07"), "May – July 2025"),
        ("2025-05~", Some("2025-07"), "c. May 2025 – July 2025"),
        ("198X", Some("199X?"), "1980s – 1990s?"),
        ("2024-05?", None, "May 2024?"),
    ];
    for (date, end, shown) in cases {
        let end = end.map(|x| End::parse(x).unwrap_or_else(|err| panic!("{}", err.message)));
        assert_eq!(
            display_when(&e(date), end.as_ref(), w, DateFormat::english()),
            shown
        );
    }
}

#[test]
fn a_date_written_as_shown_gets_its_edtf_form_in_the_hint() {
    let cases = [
        ("c. June 2025", "write `2025-06~`"),
        ("May 2024?", "write `2024-05?`"),
        ("c. 3 March 2025?", "write `2025-03-03%`"),
        ("1980s", "write `198X`"),
        ("1900–1999", "write `19XX`"),
        ("2025 (month unknown)", "write `2025-XX`"),
        ("March 2025 (day unknown)", "write `2025-03-XX`"),
        ("c. sometime", FORMS),
    ];
    for (input, hint) in cases {
        let err = Edtf::parse(input).unwrap_err();
        assert_eq!(err.hint, hint, "{input}");
    }
    assert_eq!(Edtf::from_display("1985s"), None);
    assert_eq!(Edtf::from_display("1901–2000"), None);
}
