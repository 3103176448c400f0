//! The interface strings a site is shown in: navigation, headings, labels,
//! the words dates are qualified with and the meanings of grades, read from
//! the theme's `i18n/<language>.toml` rather than written into Rust, so
//! that a translation or a site's own wording replaces them.
//!
//! Strings come in layers, each overriding the one before: the default
//! theme's English (always there, so every key Rust asks for exists), the
//! theme's `i18n/en.toml`, the theme's file for the site's language (its
//! primary subtag first: `pt` before `pt-BR`), the site's own `i18n/`
//! folder, and last `[languages.<code>.strings]` in `site.toml`. A key the
//! language's files leave out falls back to English with a warning naming
//! the key; a key English does not have is a warning too (it is never
//! shown, and is most likely a typo).
//!
//! Templates get the strings as `t`, nested as in the file:
//! `{{ t.nav.timeline }}`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::content::node::{self, Node, Value};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Pos, SourceMap};
use crate::render::theme::{Theme, ThemeFile};

/// The default theme's English strings, compiled in.
const DEFAULT_ENGLISH: &str = include_str!("../themes/default/i18n/en.toml");

/// One string as written: its dotted key, text and where it was written.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub text: String,
    pub path: PathBuf,
    pub pos: Pos,
}

/// The strings of one language, every key present.
#[derive(Debug, Clone)]
pub struct Strings {
    /// The language they are for: `en`, `ur`, `zh-Hant`.
    pub language: String,
    values: BTreeMap<String, String>,
}

impl Strings {
    /// The default theme's English, as compiled in.
    pub fn english() -> &'static Strings {
        static ENGLISH: OnceLock<Strings> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            let mut diags = Diagnostics::new();
            let entries = parse_file(
                Path::new("themes/default/i18n/en.toml"),
                DEFAULT_ENGLISH,
                &mut diags,
            );
            Strings {
                language: "en".into(),
                values: entries.into_iter().map(|e| (e.key, e.text)).collect(),
            }
        })
    }

    /// The strings of `language` for a site with `theme`, with the site's
    /// `overrides` (from `site.toml`) on top. Problems are warnings: the
    /// English text is used instead.
    pub fn load(
        theme: &Theme,
        language: &str,
        overrides: &[Entry],
        diags: &mut Diagnostics,
    ) -> Strings {
        let english = Strings::english();
        let mut values = english.values.clone();
        let mut layer = |file: &ThemeFile, diags: &mut Diagnostics, check: bool| {
            let Ok(text) = std::str::from_utf8(&file.bytes) else {
                diags.push(
                    Diagnostic::error(
                        &file.origin,
                        Pos::default(),
                        "this strings file is not valid UTF-8",
                    )
                    .with_hint("save the file as UTF-8"),
                );
                return Vec::new();
            };
            let entries = parse_file(&file.origin, text, diags);
            for e in &entries {
                if check {
                    unknown_key(e, english, diags);
                }
                values.insert(e.key.clone(), e.text.clone());
            }
            entries
        };
        if let Some(en) = theme.i18n.get("en.toml") {
            layer(en, diags, false);
        }
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        let mut own: Vec<Entry> = Vec::new();
        let mut files: Vec<&ThemeFile> = Vec::new();
        if primary != "en" {
            for name in [format!("{primary}.toml"), format!("{language}.toml")] {
                if let Some(f) = theme.i18n.get(&name) {
                    if !files.iter().any(|g| g.origin == f.origin) {
                        files.push(f);
                    }
                }
            }
            if files.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        "site.toml",
                        Pos { line: 1, col: 1 },
                        format!("the theme has no strings for the language `{language}`: its pages are shown with English labels"),
                    )
                    .with_hint(format!("add i18n/{primary}.toml to the site (copy the theme's i18n/en.toml and translate it)")),
                );
            }
            for f in &files {
                own.extend(layer(f, diags, true));
            }
            if let Some(last) = files.last() {
                for key in english.values.keys() {
                    if !own.iter().any(|e| &e.key == key) {
                        // At the table it belongs in, when the file has it.
                        let parent = key.rsplit_once('.').map_or("", |(t, _)| t);
                        let pos = own
                            .iter()
                            .find(|e| e.key.rsplit_once('.').is_some_and(|(t, _)| t == parent))
                            .map_or(Pos { line: 1, col: 1 }, |e| e.pos);
                        diags.push(
                            Diagnostic::warning(
                                &last.origin,
                                pos,
                                format!("missing string `{key}` for `{language}`: the English text is used"),
                            )
                            .with_hint(format!("add `{}` to {}", leaf(key), table_of(key))),
                        );
                    }
                }
            }
        }
        for e in overrides {
            if unknown_key(e, english, diags) {
                values.insert(e.key.clone(), e.text.clone());
            }
        }
        Strings {
            language: language.to_string(),
            values,
        }
    }

    /// The text of `key`. English has every key Rust asks for (a test
    /// checks it), so the empty text is only for a mistake in Rust.
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    /// Every key and its text.
    pub fn values(&self) -> &BTreeMap<String, String> {
        &self.values
    }

    /// `key` with `{}` replaced by `arg`.
    pub fn fill(&self, key: &str, arg: &str) -> String {
        self.get(key).replace("{}", arg)
    }

    /// The form of `key` for `n` (`key.one` for 1, else `key.other`), with
    /// `{}` replaced by `shown` (`n` in the language's digits).
    pub fn count(&self, key: &str, n: usize, shown: &str) -> String {
        let form = if n == 1 { "one" } else { "other" };
        self.get(&format!("{key}.{form}")).replace("{}", shown)
    }

    /// The strings as templates get them (`t`): nested as in the file.
    pub fn to_value(&self) -> tera::Value {
        let mut root = serde_json::Map::new();
        for (key, text) in &self.values {
            let mut table = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    table.insert(part.to_string(), serde_json::Value::String(text.clone()));
                } else {
                    let next = table
                        .entry(part.to_string())
                        .or_insert_with(|| serde_json::Value::Object(Default::default()));
                    if !next.is_object() {
                        *next = serde_json::Value::Object(Default::default());
                    }
                    let serde_json::Value::Object(t) = next else {
                        break;
                    };
                    table = t;
                }
            }
        }
        tera::Value::try_from_serializable(&root).unwrap_or(tera::Value::none())
    }
}

/// Whether `e` names a key English has; if not, a warning at it.
fn unknown_key(e: &Entry, english: &Strings, diags: &mut Diagnostics) -> bool {
    if english.values.contains_key(&e.key) {
        if english.values[&e.key].contains("{}") && !e.text.contains("{}") {
            diags.push(
                Diagnostic::warning(
                    &e.path,
                    e.pos,
                    format!(
                        "the string `{}` has no `{{}}`: what it wraps will not be shown",
                        e.key
                    ),
                )
                .with_hint(format!(
                    "write `{{}}` where the value goes, as English does: \"{}\"",
                    english.values[&e.key]
                )),
            );
        }
        return true;
    }
    let hint = did_you_mean(&e.key, english.values.keys().map(String::as_str)).unwrap_or_else(|| {
        "the keys are those of the default theme's i18n/en.toml (see docs/templates.md, \"Interface strings\")".into()
    });
    diags.push(
        Diagnostic::warning(
            &e.path,
            e.pos,
            format!("unknown string `{}`: no template shows it", e.key),
        )
        .with_hint(hint),
    );
    false
}

fn leaf(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

fn table_of(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((table, _)) => format!("[{table}]"),
        None => "the top of the file".into(),
    }
}

/// Reads a strings file into its entries (nested tables flattened to
/// dotted keys); what is not text is a warning at the value.
pub fn parse_file(path: &Path, text: &str, diags: &mut Diagnostics) -> Vec<Entry> {
    let map = SourceMap::new(path, text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    match node::parse_toml(body, text.len() - body.len(), &map) {
        Ok(n) => entries(&n, "", &map, diags),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}

/// The strings of a table node, keys prefixed with `prefix` (`nav.`).
pub fn entries(node: &Node, prefix: &str, map: &SourceMap, diags: &mut Diagnostics) -> Vec<Entry> {
    let mut out = Vec::new();
    let Value::Table(items) = &node.value else {
        diags.push(map.warning_at(
            node.span.start,
            format!("expected a table of strings, found {}", node.type_name()),
        ));
        return out;
    };
    for item in items {
        let key = format!("{prefix}{}", item.key);
        match &item.node.value {
            Value::Table(_) => out.extend(entries(&item.node, &format!("{key}."), map, diags)),
            Value::Str(s) | Value::Plain(s) => out.push(Entry {
                key,
                text: s.clone(),
                path: map.path().to_path_buf(),
                pos: map.pos(item.key_span.start),
            }),
            _ => diags.push(
                map.warning_at(
                    item.node.span.start,
                    format!(
                        "the string `{key}` must be text, found {}",
                        item.node.type_name()
                    ),
                )
                .with_hint("put the text in quotes"),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests;
