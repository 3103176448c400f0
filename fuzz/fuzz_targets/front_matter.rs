//! Any text as a briefing, an actor profile, a page and a site.toml:
//! splitting, TOML/YAML parsing, validation and positions must never panic,
//! and every diagnostic must point inside the file.
#![no_main]

use std::path::Path;

use dossier::content::parse::{parse_briefing, parse_page, parse_profile, RawFile};
use dossier::diagnostic::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    let check = |diags: &Diagnostics| {
        for d in diags.iter() {
            assert!(d.line <= lines, "line {} of {lines}: {}", d.line, d.message);
        }
    };
    let raw = RawFile {
        path: Path::new("content/b.md"),
        rel: Path::new("b.md"),
        text,
    };
    let mut diags = Diagnostics::new();
    if let Some(b) = parse_briefing(&raw, &mut diags) {
        // The body range is a valid slice of the file.
        let _ = b.file.body_text();
        for e in &b.events {
            let _ = (e.date.iso(), e.date.display(), e.date.timestamp());
        }
    }
    check(&diags);
    let raw = RawFile {
        path: Path::new("content/actors/a.md"),
        rel: Path::new("actors/a.md"),
        text,
    };
    let mut diags = Diagnostics::new();
    let _ = parse_profile(&raw, &mut diags);
    check(&diags);
    let mut diags = Diagnostics::new();
    let _ = parse_page(&raw, &mut diags);
    let _ = dossier::config::parse(text, Path::new("site.toml"), &mut diags);
    let _ = diags.render();
});
