//! Finds the content files under `content/` and sorts them into briefings,
//! actor profiles, place profiles, pages and assets (files copied beside a briefing's page).
//!
//! Symbolic links are never followed (a link is skipped with a warning), so a
//! link loop cannot hang the build and nothing outside `content/` is read.
//! Hidden files and editor backups are ignored. Results are sorted by path.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};

#[derive(Debug, Default, Clone)]
pub struct Discovered {
    /// Paths relative to `content/`.
    pub briefings: Vec<PathBuf>,
    pub profiles: Vec<PathBuf>,
    pub places: Vec<PathBuf>,
    pub pages: Vec<PathBuf>,
    pub assets: Vec<PathBuf>,
    /// `x.<code>.md` beside `x.md`: translations, of any kind (SPEC §8.6).
    pub translations: Vec<Translation>,
}

/// A content file whose name has a language code before `.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// Relative to `content/`: `briefings/gwadar.ur.md`.
    pub rel: PathBuf,
    /// The original it translates: `briefings/gwadar.md`.
    pub original: PathBuf,
    pub code: String,
    pub kind: Kind,
}

fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

pub fn discover(root: &Path, diags: &mut Diagnostics) -> Discovered {
    let content = root.join("content");
    let mut found = Discovered::default();
    if !content.is_dir() {
        diags.push(
            Diagnostic::warning(
                "content",
                Pos::default(),
                "there is no content/ folder: the site will be empty",
            )
            .with_hint("create content/ and add briefings, or run `dossier new \"Title\"`"),
        );
        return found;
    }
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| shown(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                diags.push(Diagnostic::error(
                    path,
                    Pos::default(),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_symlink() {
            diags.push(
                Diagnostic::warning(
                    shown(root, entry.path()),
                    Pos::default(),
                    "symbolic link skipped: dossier does not follow links",
                )
                .with_hint("copy the file into content/ instead"),
            );
            continue;
        }
        if !ft.is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let rel = rel.to_path_buf();
        let kind = kind_of(&rel);
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned());
        let code = name.as_deref().and_then(crate::lang::translation_code);
        if let (Some((base, code)), false) = (code, matches!(kind, Kind::Asset | Kind::Ignored)) {
            found.translations.push(Translation {
                original: rel.with_file_name(format!("{base}.md")),
                code: code.to_string(),
                rel,
                kind,
            });
            continue;
        }
        match kind {
            Kind::Profile => found.profiles.push(rel),
            Kind::Place => found.places.push(rel),
            Kind::Page => found.pages.push(rel),
            Kind::Briefing => found.briefings.push(rel),
            Kind::Asset => found.assets.push(rel),
            Kind::Ignored => {}
        }
    }
    found
}

/// What a file under `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Briefing,
    Profile,
    Place,
    Page,
    Asset,
    Ignored,
}

/// What the file at `rel` (relative to `content/`) is, from its path alone.
pub fn kind_of(rel: &Path) -> Kind {
    let is_md = rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let top = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy());
    match (is_md, top.as_deref()) {
        (true, Some("actors")) => Kind::Profile,
        (true, Some("places")) => Kind::Place,
        (true, Some("pages")) => Kind::Page,
        (true, _) => Kind::Briefing,
        (false, Some("actors" | "places" | "pages")) => Kind::Ignored,
        (false, _) => Kind::Asset,
    }
}

/// A path as shown in messages: relative to the site root.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a file as UTF-8, reporting where the first invalid byte is.
pub fn read_text(root: &Path, rel_to_root: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel_to_root)).map_err(|e| {
        Diagnostic::error(
            rel_to_root,
            Pos::default(),
            format!("cannot read the file: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(
            rel_to_root,
            Pos { line, col },
            "the file is not valid UTF-8",
        )
        .with_hint(
            "save the file with UTF-8 encoding (most editors offer it under “Save with encoding”)",
        )
    })
}
