//! The theme: templates and static files, from the default theme compiled
//! into the binary, overridden by the site's `themes/<theme>/` and then by
//! its own `templates/`, `static/` and `i18n/` (a file of the same name
//! wins; strings files are then merged key by key, see [`crate::i18n`]).
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

/// The merged theme: template name → file, static path → file, strings
/// file name (`en.toml`) → file.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, ThemeFile>,
    pub statics: BTreeMap<String, ThemeFile>,
    pub i18n: BTreeMap<String, ThemeFile>,
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
        if let Some(s) = DEFAULT_THEME.get_dir("i18n") {
            embedded(s, "i18n", &mut theme.i18n);
        }
    }
    from_disk(
        root,
        &site_theme.join("templates"),
        &mut theme.templates,
        diags,
    );
    from_disk(root, &site_theme.join("static"), &mut theme.statics, diags);
    from_disk(root, &site_theme.join("i18n"), &mut theme.i18n, diags);
    from_disk(root, &root.join("templates"), &mut theme.templates, diags);
    from_disk(root, &root.join("static"), &mut theme.statics, diags);
    from_disk(root, &root.join("i18n"), &mut theme.i18n, diags);
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

/// Compiles the templates once. Each template is parsed alone first, so
/// that every syntax error is reported; then all together, where Tera
/// checks what templates refer to (parents, includes, components, filters).
pub fn compile(theme: &Theme, diags: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    // Escape what HTML needs (`& < > " '`) but leave `/` readable in URLs.
    tera.set_escape_fn(escape);
    let mut sources = Vec::new();
    for (name, file) in &theme.templates {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => sources.push((name.as_str(), text)),
            Err(_) => diags.push(Diagnostic::error(
                &file.origin,
                Pos::default(),
                "template is not valid UTF-8",
            )),
        }
    }
    let mut ok = true;
    for (name, text) in &sources {
        let mut probe = tera::Tera::new();
        if let Err(e) = probe.add_raw_template(name, text) {
            // Alone, a template cannot find its parent or the components
            // it calls; only syntax errors count here.
            if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
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
            for d in build_errors(theme, &e) {
                diags.push(d);
            }
            None
        }
    }
}

/// Tera's escape function: `& < > " '` as in [`crate::text::escape_html`],
/// written straight into the page (runs of plain text in one write).
fn escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(rep)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// Errors found when the templates are put together. Tera joins the
/// reports of every unknown include, component, filter or block into one
/// message (`error: …` then ` --> template:line:col`); each becomes a
/// diagnostic of its own. Errors without a position (a missing parent, a
/// cycle) are placed at the template they name.
fn build_errors(theme: &Theme, e: &tera::Error) -> Vec<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::MissingParent { current, parent } => {
            let at = source_of(theme, current)
                .map(|s| find_in(&s, parent))
                .unwrap_or_default();
            vec![at_template(
                theme,
                current,
                at,
                format!("template `{current}` extends `{parent}`, which does not exist"),
            )
            .with_hint("check the name in `{% extends %}` against the theme's templates")]
        }
        tera::ErrorKind::Msg(text) => {
            let reports = parse_reports(text);
            if reports.is_empty() {
                return vec![Diagnostic::error("templates", Pos::default(), text.clone())];
            }
            reports
                .into_iter()
                .map(|r| {
                    let message = format!("template `{}`: {}", r.template, sentence(&r.message));
                    let mut d = at_template(theme, &r.template, r.pos, message);
                    if r.message.starts_with("Unknown template") {
                        d = d.with_hint(
                            "check the name in `{% include %}` against the theme's templates",
                        );
                    }
                    d
                })
                .collect()
        }
        _ => vec![Diagnostic::error(
            "templates",
            Pos::default(),
            e.to_string(),
        )],
    }
}

/// One `error: … --> template:line:col` report of Tera's text.
struct Report {
    message: String,
    template: String,
    pos: Pos,
}

fn parse_reports(text: &str) -> Vec<Report> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            if let Some((template, pos)) = locus(at) {
                out.push(Report {
                    message: m.to_string(),
                    template,
                    pos,
                });
            }
            message = None;
        }
    }
    out
}

/// `name:line:col` → (name, position).
fn locus(at: &str) -> Option<(String, Pos)> {
    let mut parts = at.trim().rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), Pos { line, col }))
}

/// Tera's messages end with a full stop or not; ours never do.
fn sentence(message: &str) -> &str {
    message.trim_end_matches('.')
}

fn source_of(theme: &Theme, name: &str) -> Option<String> {
    theme
        .templates
        .get(name)
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
}

/// A diagnostic at a position of a template, with its line shown.
fn at_template(theme: &Theme, name: &str, pos: Pos, message: String) -> Diagnostic {
    let origin = theme
        .templates
        .get(name)
        .map_or_else(|| PathBuf::from(name), |f| f.origin.clone());
    let mut d = Diagnostic::error(origin, pos, message);
    if pos.line > 0 {
        d.source_line =
            source_of(theme, name).and_then(|s| s.lines().nth(pos.line - 1).map(str::to_string));
    }
    d
}

/// A template error as a diagnostic at the file, line and column Tera
/// gives: its own position for syntax and render errors, with the
/// components that called it (Tera's "called from" notes) as the hint.
pub fn template_error(theme: &Theme, name: &str, e: &tera::Error) -> Diagnostic {
    let hint = "check the template against the context documented in docs/templates.md";
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) => {
            let template = if r.filename().is_empty() {
                name
            } else {
                r.filename()
            };
            let pos = span_pos(r.span());
            at_template(
                theme,
                template,
                pos,
                format!(
                    "template syntax error in `{template}`: {}",
                    sentence(r.message())
                ),
            )
            .with_hint(hint)
        }
        tera::ErrorKind::RenderingError(r) => {
            let template = if r.filename().is_empty() {
                name
            } else {
                r.filename()
            };
            let pos = span_pos(r.span());
            // `Field `x` is not defined. Available fields: …`: the path the
            // field belongs to goes after the first sentence.
            let text = sentence(r.message());
            let (first, rest) = text.split_once(". ").unwrap_or((text, ""));
            let mut message = format!("template `{template}`: {first}");
            if let Some(path) = source_of(theme, template).and_then(|s| dotted_path(&s, r.span())) {
                message.push_str(&format!(" (in `{path}`)"));
            }
            if !rest.is_empty() {
                message.push_str(&format!(". {rest}"));
            }
            let callers = called_from(&e.to_string());
            let d = at_template(theme, template, pos, message);
            if callers.is_empty() {
                d.with_hint(hint)
            } else {
                d.with_hint(format!(
                    "called from {}; {hint}",
                    callers.join(", called from ")
                ))
            }
        }
        tera::ErrorKind::Msg(_) | tera::ErrorKind::MissingParent { .. } => build_errors(theme, e)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(name, Pos::default(), e.to_string())),
        _ => at_template(
            theme,
            name,
            Pos::default(),
            format!("template `{name}`: {e}"),
        )
        .with_hint(hint),
    }
}

/// Tera's spans count columns from 0; ours from 1.
fn span_pos(span: &tera::Span) -> Pos {
    Pos {
        line: span.start_line,
        col: span.start_col + 1,
    }
}

/// The `note: called from template:line:col` lines of Tera's report.
fn called_from(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| l.strip_prefix("note: called from "))
        .map(|s| s.trim().to_string())
        .collect()
}

/// The whole dotted path an unknown field's span belongs to: Tera points at
/// `nosuch` in `page.nosuch`; the editor looks for `page.nosuch`.
fn dotted_path(source: &str, span: &tera::Span) -> Option<String> {
    let start = span.range.start.min(source.len());
    let end = span.range.end.min(source.len());
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let before = source.get(..start)?;
    let from = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| word(*c))
        .last()
        .map_or(start, |(i, _)| i);
    let path = source.get(from..end)?;
    (path.contains('.') && from < start).then(|| path.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_writes_what_escape_html_returns() {
        for text in [
            "",
            "plain",
            "a & b",
            "<script>\"x\"</script>",
            "it's",
            "&&",
            "é<ü>",
        ] {
            let mut out = Vec::new();
            escape(text, &mut out).expect("write to a Vec");
            assert_eq!(
                String::from_utf8(out).ok(),
                Some(crate::text::escape_html(text))
            );
        }
    }
}
