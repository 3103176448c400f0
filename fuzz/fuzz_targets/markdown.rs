//! Any text as a briefing body, with dossier's extensions (citations,
//! actor mentions, links to content files) and with or without
//! `safe_html`: no panic, positions inside the text, and with `safe_html` no
//! script survives.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dossier::content::model::SourceFile;
use dossier::content::parse::{parse_profile, RawFile};
use dossier::diagnostic::{Diagnostics, SourceMap};
use dossier::library::{self, Parsed};
use dossier::markdown::{Citations, LinkTargets, Renderer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut diags = Diagnostics::new();
    let profile = parse_profile(
        &RawFile {
            path: Path::new("content/actors/china.md"),
            rel: Path::new("actors/china.md"),
            text: "+++\nname = \"China\"\naliases = [\"PRC\"]\n+++\n",
        },
        &mut diags,
    )
    .expect("profile");
    let lib = library::assemble(
        Parsed {
            briefings: Vec::new(),
            profiles: vec![profile],
            pages: Vec::new(),
            assets: Vec::new(),
        },
        flags & 2 != 0,
        false,
        &mut diags,
    );
    let mut links = LinkTargets::default();
    links
        .pages
        .insert(PathBuf::from("briefings/other.md"), "/briefings/other/".into());
    links.assets.insert(PathBuf::from("briefings/map.png"));
    let renderer = Renderer {
        registry: &lib.registry,
        links: &links,
        base_path: "/desk/",
        safe_html: flags & 1 != 0,
        strict: flags & 2 != 0,
    };
    let file = SourceFile {
        path: PathBuf::from("content/briefings/b.md"),
        rel: PathBuf::from("briefings/b.md"),
        map: Arc::new(SourceMap::new("content/briefings/b.md", text)),
        body: 0..text.len(),
    };
    let mut cites = Citations::new(["a".to_string(), "b-1".to_string()]);
    let mut diags = Diagnostics::new();
    let html = renderer.render(&file, text, 0, Some(&mut cites), &mut diags);
    let lines = text.split('\n').count();
    for d in diags.iter() {
        assert!(d.line <= lines, "line {} of {lines}", d.line);
    }
    if renderer.safe_html {
        assert!(!html.html.to_lowercase().contains("<script"), "{}", html.html);
    }
});
