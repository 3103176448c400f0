//! Property tests (issue 7): dates order totally and coarse-before-fine,
//! print back to themselves; slugs are plain and paths stay confined;
//! positions in files are right on any text.

use std::cmp::Ordering;
use std::path::{Component, Path};

use dossier::content::date::{days_in_month, PartialDate};
use dossier::diagnostic::SourceMap;
use dossier::output::confined;
use dossier::text::{is_slug, slugify};
use proptest::prelude::*;

/// Any date dossier accepts, at any precision, as text.
fn date_text() -> impl Strategy<Value = String> {
    let time = (
        0u8..24,
        0u8..60,
        0u8..61,
        prop_oneof![Just(None), (-23i16..24, 0i16..60).prop_map(Some)],
    );
    (
        1i32..=9999,
        0u8..=12,
        1u8..=31,
        prop::option::weighted(0.3, time),
    )
        .prop_map(|(year, month, day, time)| {
            if month == 0 {
                return format!("{year:04}");
            }
            let day = day.min(days_in_month(year, month));
            match time {
                None if day % 3 == 0 => format!("{year:04}-{month:02}"),
                None => format!("{year:04}-{month:02}-{day:02}"),
                Some((h, m, s, off)) => {
                    let off = match off {
                        None => "Z".to_string(),
                        Some((oh, om)) => {
                            format!("{}{:02}:{om:02}", if oh < 0 { '-' } else { '+' }, oh.abs())
                        }
                    };
                    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{off}")
                }
            }
        })
}

fn date() -> impl Strategy<Value = PartialDate> {
    date_text()
        .prop_map(|t| PartialDate::parse(&t).unwrap_or_else(|e| panic!("{t}: {}", e.message)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn dates_print_back_to_themselves(text in date_text()) {
        let d = PartialDate::parse(&text).expect("valid");
        prop_assert_eq!(PartialDate::parse(&d.iso()).expect("iso parses"), d);
    }

    #[test]
    fn date_order_is_total_and_agrees_with_equality(a in date(), b in date(), c in date()) {
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b, "{} vs {}", a.iso(), b.iso());
        if a <= b && b <= c {
            prop_assert!(a <= c, "{} <= {} <= {}", a.iso(), b.iso(), c.iso());
        }
    }

    #[test]
    fn a_coarse_date_sorts_before_the_dates_inside_it(d in date()) {
        let year = PartialDate { month: None, day: None, time: None, ..d };
        let month = PartialDate { day: None, time: None, ..d };
        let day = PartialDate { time: None, ..d };
        for coarse in [year, month, day] {
            prop_assert!(coarse.contains(&d));
            prop_assert!(coarse <= d, "{} after {}", coarse.iso(), d.iso());
        }
        prop_assert!(year <= month && month <= day);
    }

    #[test]
    fn any_text_parses_or_errs_without_panicking(text in "\\PC{0,30}") {
        let _ = PartialDate::parse(&text);
    }

    #[test]
    fn slugs_are_empty_or_plain(text in "\\PC{0,200}") {
        let slug = slugify(&text);
        prop_assert!(slug.is_empty() || is_slug(&slug), "{:?} -> {:?}", text, slug);
        prop_assert_eq!(slugify(&slug), slug.clone());
        if !slug.is_empty() {
            let rel = format!("actors/{slug}/index.html");
            prop_assert!(confined(&rel).is_some(), "{}", rel);
        }
    }

    #[test]
    fn hostile_names_slugify_to_plain_slugs(
        parts in prop::collection::vec(prop_oneof![
            Just(".."), Just("."), Just("/"), Just("\\"), Just("\0"), Just("a"), Just("B"), Just("~"),
            Just("%2e%2e"), Just("C:"), Just("中国"), Just(" "),
        ], 0..12)
    ) {
        let text = parts.concat();
        let slug = slugify(&text);
        prop_assert!(slug.is_empty() || is_slug(&slug), "{:?} -> {:?}", text, slug);
    }

    #[test]
    fn confined_paths_never_climb_out(
        parts in prop::collection::vec(prop_oneof![
            Just(".."), Just("."), Just(""), Just("a"), Just("b.html"), Just("/"), Just("\\"),
            Just("\0"), Just("..."), Just("C:"), Just("~"),
        ], 0..8),
        absolute in any::<bool>(),
    ) {
        let rel = format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"));
        if let Some(path) = confined(&rel) {
            prop_assert!(!rel.starts_with('/') && !rel.contains('\0') && !rel.contains('\\'));
            prop_assert!(path.components().all(|c| matches!(c, Component::Normal(_))), "{:?}", rel);
            let out = Path::new("/site/public");
            prop_assert!(out.join(&path).starts_with(out));
        }
    }

}

/// Pieces of text for position tests: long runs cross the 4 KiB blocks
/// [`SourceMap`] counts characters by.
const PIECES: [&str; 8] = [
    "a",
    "é",
    "中",
    "😀",
    "\n",
    "\r\n",
    "\u{feff}",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn positions_count_characters_on_any_text(
        pieces in prop::collection::vec((0..PIECES.len(), 1usize..200), 0..60),
        pick in any::<prop::sample::Index>(),
    ) {
        let text: String = pieces.iter().map(|(i, n)| PIECES[*i].repeat(*n)).collect();
        let map = SourceMap::new("x.md", &text);
        let mut offset = pick.index(text.len() + 1);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut col_text = &text[line_start..offset];
        if line == 1 {
            col_text = col_text.strip_prefix('\u{feff}').unwrap_or(col_text);
        }
        let pos = map.pos(offset);
        prop_assert_eq!((pos.line, pos.col), (line, col_text.chars().count() + 1));
    }
}

/// Any EDTF level-1 date dossier accepts for an event, as text.
fn edtf_text() -> impl Strategy<Value = String> {
    let core = prop_oneof![
        date_text().prop_filter("no time", |s| !s.contains('T')),
        (100i32..999).prop_map(|d| format!("{d}X")),
        (10i32..99).prop_map(|c| format!("{c}XX")),
        (1000i32..=9999).prop_map(|y| format!("{y:04}-XX")),
        (1000i32..=9999).prop_map(|y| format!("{y:04}-XX-XX")),
        (1000i32..=9999, 1u8..=12).prop_map(|(y, m)| format!("{y:04}-{m:02}-XX")),
    ];
    (core, prop_oneof![Just(""), Just("~"), Just("?"), Just("%")])
        .prop_map(|(core, q)| format!("{core}{q}"))
}

proptest! {
    #[test]
    fn edtf_dates_order_totally(a in edtf_text(), b in edtf_text(), c in edtf_text()) {
        use dossier::content::edtf::Edtf;
        let (a, b, c) = (
            Edtf::parse(&a).expect("a"),
            Edtf::parse(&b).expect("b"),
            Edtf::parse(&c).expect("c"),
        );
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        // Earliest possible day first.
        if a.earliest() < b.earliest() {
            prop_assert!(a < b);
        }
    }

    #[test]
    fn edtf_dates_print_back_to_themselves(text in edtf_text()) {
        use dossier::content::edtf::Edtf;
        let d = Edtf::parse(&text).expect("parses");
        prop_assert_eq!(d.to_string(), text.clone());
        prop_assert_eq!(Edtf::parse(&d.to_string()).expect("again"), d);
        prop_assert!(d.earliest() <= d.latest());
        // Shown for readers, it says its qualifier.
        let shown = d.display();
        prop_assert_eq!(shown.starts_with("c. "), d.approximate);
        prop_assert_eq!(shown.ends_with('?'), d.uncertain);
    }
}

proptest! {
    /// What a reader sees reads back as the same date (the hint offers it
    /// to an editor who writes the words); `2025-XX-XX` reads back as
    /// `2025-XX`, which it is shown as. Years before 1000 are shown
    /// unpadded (`5`), which no date form reads, so they are left out.
    #[test]
    fn edtf_display_reads_back(
        text in edtf_text().prop_filter("no time, four-digit year", |s| !s.contains('T') && !s.starts_with('0'))
    ) {
        use dossier::content::edtf::Edtf;
        let d = Edtf::parse(&text).expect("parses");
        let back = Edtf::from_display(&d.display());
        prop_assert!(back.is_some(), "{} not read back", d.display());
        let back = back.expect("read");
        prop_assert_eq!(back.display(), d.display());
        prop_assert_eq!((back.earliest(), back.latest()), (d.earliest(), d.latest()));
        if !text.contains("XX-XX") {
            prop_assert_eq!(back, d);
        }
    }
}
