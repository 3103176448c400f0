//! The theme: templates and static files, from the default theme compiled
//! into the binary, overridden by the site's `themes/<theme>/` and then by
//! its own `templates/` and `static/` (a file of the same name wins).
//! Template syntax errors become diagnostics naming the template file, line
//! and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file of the theme: where it came from (for messages) and its bytes.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

/// The merged theme: template name → file, static path → file.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, ThemeFile>,
    pub statics: BTreeMap<String, ThemeFile>,
}

fn embedded(dir: &Dir<'static>, prefix: &str, into: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix(prefix).unwrap_or(f.path());
        into.insert(
            rel.to_string_lossy().replace('\\', "/"),
            ThemeFile {
                origin: PathBuf::from("themes/default").join(f.path()),
                bytes: f.contents().to_vec(),
            },
        );
    }
    for d in dir.dirs() {
        embedded(d, prefix, into);
    }
}

fn from_disk(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                into.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    ThemeFile {
                        origin: shown,
                        bytes,
                    },
                );
            }
            Err(e) => diags.push(Diagnostic::error(
                shown,
                Pos::default(),
                format!("cannot read: {e}"),
            )),
        }
    }
}

/// Loads the theme named in `site.toml` with the site's overrides (that
/// the theme exists, [`crate::config::load`] has checked).
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
    let mut theme = Theme::default();
    let site_theme = root.join("themes").join(name);
    if name == "default" {
        if let Some(t) = DEFAULT_THEME.get_dir("templates") {
            embedded(t, "templates", &mut theme.templates);
        }
        if let Some(s) = DEFAULT_THEME.get_dir("static") {
            embedded(s, "static", &mut theme.statics);
        }
    }
    from_disk(
        root,
        &site_theme.join("templates"),
        &mut theme.templates,
        diags,
    );
    from_disk(root, &site_theme.join("static"), &mut theme.statics, diags);
    from_disk(root, &root.join("templates"), &mut theme.templates, diags);
    from_disk(root, &root.join("static"), &mut theme.statics, diags);
    theme
}

/// Every file of the default theme, for `dossier init`.
pub fn default_files() -> BTreeMap<String, &'static [u8]> {
    fn walk(dir: &Dir<'static>, out: &mut BTreeMap<String, &'static [u8]>) {
        for f in dir.files() {
            out.insert(f.path().to_string_lossy().replace('\\', "/"), f.contents());
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = BTreeMap::new();
    walk(&DEFAULT_THEME, &mut out);
    out
}

/// Compiles the templates once; syntax errors are reported per file.
pub fn compile(theme: &Theme, diags: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    // Escape what HTML needs (`& < > " '`) but leave `/` readable in URLs.
    tera.set_escape_fn(escape);
    let mut sources = Vec::new();
    for (name, file) in &theme.templates {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => sources.push((name.clone(), text.to_string())),
            Err(_) => diags.push(Diagnostic::error(
                &file.origin,
                Pos::default(),
                "template is not valid UTF-8",
            )),
        }
    }
    // Parse each template alone first, so every syntax error is reported.
    let mut ok = true;
    for (name, text) in &sources {
        let mut probe = tera::Tera::default();
        if let Err(e) = probe.add_raw_template(name, text) {
            // Alone, a template cannot find its parent; only syntax errors count here.
            if error_chain(&e).contains("-->") {
                ok = false;
                diags.push(template_error(theme, name, &e));
            }
        }
    }
    if !ok {
        return None;
    }
    match tera.add_raw_templates(sources) {
        Ok(()) => Some(tera),
        Err(e) => {
            diags.push(Diagnostic::error(
                "templates",
                Pos::default(),
                error_chain(&e),
            ));
            None
        }
    }
}

fn escape(text: &str) -> String {
    crate::text::escape_html(text)
}

/// The whole message of a Tera error, its causes included.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// A template error as a diagnostic at the template's file, line and column.
/// Syntax errors carry `--> line:col`; render errors name a variable, which
/// is looked up in the template to find its line.
pub fn template_error(theme: &Theme, name: &str, e: &tera::Error) -> Diagnostic {
    let text = error_chain(e);
    let file = theme.templates.get(name);
    let origin = file.map_or_else(|| PathBuf::from(name), |f| f.origin.clone());
    let source = file
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let mut pos = Pos::default();
    if let Some(i) = text.find("--> ") {
        let rest = &text[i + 4..];
        let mut nums = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        if let (Some(l), Some(c)) = (nums.next(), nums.next()) {
            pos = Pos {
                line: l.parse().unwrap_or(0),
                col: c.parse().unwrap_or(0),
            };
        }
    } else if let Some(var) = between(&text, "Variable `", "`") {
        pos = find_in(&source, var);
    } else if let Some(f) =
        between(&text, "Function '", "'").or_else(|| between(&text, "Filter '", "'"))
    {
        pos = find_in(&source, f);
    }
    let first_line = text.lines().next().unwrap_or("").to_string();
    let message = if text.contains("-->") {
        let detail: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains("-->"))
            .collect();
        format!(
            "template syntax error in `{name}`: {}",
            detail.last().map_or(first_line.as_str(), |s| s.trim())
        )
    } else {
        format!("template `{name}`: {}", text.replace('\n', " "))
    };
    let mut d = Diagnostic::error(&origin, pos, message)
        .with_hint("check the template against the context documented in docs/templates.md");
    if pos.line > 0 {
        d.source_line = source.lines().nth(pos.line - 1).map(str::to_string);
    }
    d
}

fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let i = text.find(start)? + start.len();
    let j = text[i..].find(end)? + i;
    Some(&text[i..j])
}

fn find_in(source: &str, needle: &str) -> Pos {
    for (n, line) in source.lines().enumerate() {
        if let Some(c) = line.find(needle) {
            return Pos {
                line: n + 1,
                col: line[..c].chars().count() + 1,
            };
        }
    }
    Pos::default()
}
