//! Slugs and output paths: any text slugifies to nothing or `[a-z0-9-]+`;
//! a path built from a slug stays inside the output; `confined` accepts no
//! path with `..`, a root, a prefix, a backslash or NUL.
#![no_main]

use std::path::Component;

use dossier::output::confined;
use dossier::text::{is_slug, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let slug = slugify(text);
    assert!(slug.is_empty() || is_slug(&slug), "{text:?} -> {slug:?}");
    if !slug.is_empty() {
        let rel = format!("tags/{slug}/index.html");
        assert!(confined(&rel).is_some(), "{rel}");
    }
    if let Some(path) = confined(text) {
        assert!(!text.contains('\0') && !text.contains('\\'));
        assert!(path
            .components()
            .all(|c| matches!(c, Component::Normal(_))));
    }
});
