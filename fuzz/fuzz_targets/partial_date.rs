//! `PartialDate::parse` on any text: no panic; what parses prints back to
//! itself, keeps its precision, and contains itself.
#![no_main]

use dossier::content::date::{display_span, PartialDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(date) = PartialDate::parse(text) else {
        return;
    };
    let iso = date.iso();
    let again = PartialDate::parse(&iso).expect("iso() parses");
    assert_eq!(again, date, "{text:?} -> {iso}");
    assert_eq!(again.precision(), date.precision());
    assert!(date.contains(&date));
    assert!(date.first_day() <= date.last_day());
    let _ = (date.display(), date.rfc3339(), date.timestamp());
    let _ = display_span(&date, &date);
});
