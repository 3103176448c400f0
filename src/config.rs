//! `site.toml`: read once into a validated [`Config`].
//!
//! Unknown keys are errors with a did-you-mean hint, except under `[extra]`,
//! which templates receive as written. Command-line flags (`--base-url`,
//! `--output`, `--drafts`) are applied on top by [`BuildOptions`].
//!
//! A `site.toml` with errors still gives a [`Config`], with defaults where
//! values are wrong or unreadable, so the content is checked in the same run
//! (the errors fail the build all the same).

use std::path::{Path, PathBuf};

use crate::content::date::PartialDate;
use crate::content::node::{self, Table};
use crate::content::parse::to_json;
use crate::diagnostic::{did_you_mean, Diagnostics, Pos, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimelineOrder {
    Ascending,
    Descending,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub description: String,
    pub language: String,
    pub theme: String,
    /// Where `theme` is written in site.toml (a byte offset).
    pub theme_at: Option<usize>,
    pub output_dir: PathBuf,
    /// Where `output_dir` is written in site.toml, for messages about it.
    pub output_dir_at: Option<Pos>,
    pub strict: bool,
    pub safe_html: bool,
    /// The build's "today", as days since the Unix epoch.
    pub now: Option<PartialDate>,
    pub per_page: usize,
    /// `feed_limit`: how many entries, the newest, each briefing feed
    /// carries (see `formats::feeds`).
    pub feed_limit: usize,
    pub timeline_order: TimelineOrder,
    pub split_by_year_over: usize,
    /// `[pagination] page_kb`: the page budget, in bytes (see
    /// `render::pages::budget`).
    pub page_budget: usize,
    pub highlight_theme: String,
    /// `[images] warn_size_mb`, in bytes: larger images get a warning.
    pub image_warn_bytes: u64,
    /// `[search] file_kb`, in bytes: no search index file may be larger
    /// (see `formats::search`).
    pub search_file_bytes: usize,
    /// `[grading] require`: a source without `reliability` or an event
    /// without `credibility` is a warning.
    pub require_grades: bool,
    /// `[languages.<code>]`, by code.
    pub languages: std::collections::BTreeMap<String, Language>,
    pub extra: serde_json::Value,
}

/// `[languages.<code>]`: a language's own title and description, and its
/// overrides of the theme's strings (`[languages.<code>.strings]`).
#[derive(Debug, Clone, Default)]
pub struct Language {
    pub title: Option<String>,
    pub description: Option<String>,
    pub strings: Vec<crate::i18n::Entry>,
}

impl Config {
    /// The configuration of a `site.toml` that cannot be read at all.
    fn defaults() -> Config {
        Config {
            title: String::new(),
            base_url: String::new(),
            description: String::new(),
            language: "en".into(),
            theme: "default".into(),
            theme_at: None,
            output_dir: PathBuf::from("public"),
            output_dir_at: None,
            strict: false,
            safe_html: false,
            now: None,
            per_page: 20,
            feed_limit: crate::formats::feeds::FEED_LIMIT,
            timeline_order: TimelineOrder::Ascending,
            split_by_year_over: 500,
            page_budget: 300 * 1024,
            search_file_bytes: crate::formats::search::FILE_BYTES,
            highlight_theme: "base16-ocean.dark".into(),
            require_grades: false,
            languages: Default::default(),
            image_warn_bytes: 10 << 20,
            extra: serde_json::json!({}),
        }
    }

    /// The path part of `base_url`, with leading and trailing `/`: `/` or `/desk/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// The site's overrides of the theme's strings in `language`.
    /// The languages besides the default one (SPEC §8.6), by code: each
    /// is a site of its own at `/<code>/`. A `[languages.<code>]` of the
    /// default language only overrides its strings.
    pub fn other_languages(&self) -> impl Iterator<Item = (&str, &Language)> {
        self.languages
            .iter()
            .filter(move |(code, _)| **code != self.language)
            .map(|(code, l)| (code.as_str(), l))
    }

    pub fn strings_for(&self, language: &str) -> &[crate::i18n::Entry] {
        self.languages
            .get(language)
            .map_or(&[], |l| l.strings.as_slice())
    }

    /// `base_url` without its trailing slash, for absolute links.
    pub fn origin_and_path(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

pub(crate) const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "output_dir",
    "strict",
    "safe_html",
    "now",
    "feed_limit",
    "pagination",
    "timeline",
    "highlight",
    "images",
    "search",
    "grading",
    "languages",
    "extra",
];

/// Loads and validates `site.toml` under `root`: `None` when there is no
/// such file (the folder is not a site); otherwise a configuration, with
/// defaults where `diags` got an error.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let path = root.join("site.toml");
    let shown = PathBuf::from("site.toml");
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                diags.push(
                    crate::diagnostic::Diagnostic::error(
                        &shown,
                        Default::default(),
                        "site.toml is not valid UTF-8",
                    )
                    .with_hint("save the file as UTF-8"),
                );
                return Some(Config::defaults());
            }
        },
        Err(e) => {
            let missing = e.kind() == std::io::ErrorKind::NotFound;
            let message = if missing {
                format!("there is no site.toml in {}", root.display())
            } else {
                format!("cannot read {}: {e}", path.display())
            };
            diags.push(
                crate::diagnostic::Diagnostic::error(&shown, Default::default(), message)
                    .with_hint("run dossier in a site folder, pass --root DIR, or create a site with `dossier init DIR`"),
            );
            return (!missing).then(Config::defaults);
        }
    };
    let config = parse(&text, &shown, diags);
    check_theme(root, &config, &SourceMap::new(&shown, &text), diags);
    Some(config)
}

/// An unknown `theme` is an error at its value, with a did-you-mean over
/// the site's themes.
fn check_theme(root: &Path, config: &Config, map: &SourceMap, diags: &mut Diagnostics) {
    let name = &config.theme;
    let folder = root.join("themes").join(name);
    if name == "default" || (crate::output::confined(name).is_some() && folder.is_dir()) {
        return;
    }
    let mut themes: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .chain(std::iter::once("default".to_string()))
        .collect();
    themes.sort();
    themes.dedup();
    let hint = did_you_mean(name, themes.iter().map(String::as_str)).unwrap_or_else(|| {
        format!(
            "the themes of this site are: {}; use one of them, or create the folder themes/{name}/",
            themes.join(", ")
        )
    });
    let message = format!("unknown theme `{name}`: there is no folder themes/{name}/");
    diags.push(
        map.error_at(config.theme_at.unwrap_or(0), message)
            .with_hint(hint),
    );
}

/// Parses and validates the text of `site.toml`; every error goes to
/// `diags`, and the value in error is replaced by its default.
pub fn parse(text: &str, shown: &Path, diags: &mut Diagnostics) -> Config {
    let map = SourceMap::new(shown, text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let node = match node::parse_toml(body, offset, &map) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return Config::defaults();
        }
    };
    let Some(t) = Table::new(&node, "site.toml", KEYS, &[], &map, diags) else {
        return Config::defaults();
    };
    let title = t.req_str("title", "\"Critical Minerals Watch\"", diags);
    let base_url = match t.req_str("base_url", "\"https://example.org/\"", diags) {
        Some(u) if u.value.starts_with("http://") || u.value.starts_with("https://") => {
            let mut s = u.value.trim().to_string();
            if !s.ends_with('/') {
                s.push('/');
            }
            Some(s)
        }
        Some(u) => {
            diags.push(
                map.error_at(u.at, format!("`base_url` must start with http:// or https://, found `{}`", u.value))
                    .with_hint("write the address the site will be published at, e.g. \"https://example.org/briefs/\""),
            );
            None
        }
        None => None,
    };
    let now = t
        .date_text("now", diags)
        .and_then(|d| match PartialDate::parse(&d.value) {
            Ok(p) if p.day.is_some() => Some(p),
            Ok(_) => {
                diags.push(map.error_at(d.at, "`now` must be a full day, e.g. 2025-11-01"));
                None
            }
            Err(e) => {
                diags.push(map.error_at(d.at, e.message).with_hint(e.hint));
                None
            }
        });
    let mut per_page = 20;
    let mut page_budget = 300 * 1024;
    if let Some(p) = t.get("pagination") {
        if let Some(pt) = Table::new(
            p,
            "[pagination]",
            &["briefings", "page_kb"],
            &[],
            &map,
            diags,
        ) {
            if let Some(n) = pt.int("page_kb", diags) {
                if n.value < 16 || n.value > 100_000 {
                    diags.push(map.error_at(n.at, "`page_kb` must be between 16 and 100000"));
                } else {
                    page_budget = n.value as usize * 1024;
                }
            }
            if let Some(n) = pt.int("briefings", diags) {
                if n.value < 1 || n.value > 10_000 {
                    diags.push(
                        map.error_at(n.at, "`briefings` per page must be between 1 and 10000"),
                    );
                } else {
                    per_page = n.value as usize;
                }
            }
        }
    }
    let mut feed_limit = crate::formats::feeds::FEED_LIMIT;
    if let Some(n) = t.int("feed_limit", diags) {
        if n.value < 1 || n.value > 100_000 {
            diags.push(
                map.error_at(n.at, "`feed_limit` must be between 1 and 100000")
                    .with_hint(format!(
                        "it is how many of the newest briefings each feed lists; the default is {}",
                        crate::formats::feeds::FEED_LIMIT
                    )),
            );
        } else {
            feed_limit = n.value as usize;
        }
    }
    let mut order = TimelineOrder::Ascending;
    let mut split = 500;
    if let Some(p) = t.get("timeline") {
        if let Some(tt) = Table::new(
            p,
            "[timeline]",
            &["order", "split_by_year_over"],
            &[],
            &map,
            diags,
        ) {
            if let Some(o) = tt.str("order", diags) {
                match o.value.as_str() {
                    "ascending" => order = TimelineOrder::Ascending,
                    "descending" => order = TimelineOrder::Descending,
                    _ => diags.push(
                        map.error_at(o.at, format!("unknown timeline order `{}`", o.value))
                            .with_hint("use \"ascending\" or \"descending\""),
                    ),
                }
            }
            if let Some(n) = tt.int("split_by_year_over", diags) {
                if n.value < 1 {
                    diags.push(map.error_at(n.at, "`split_by_year_over` must be at least 1"));
                } else {
                    split = n.value as usize;
                }
            }
        }
    }
    let require_grades = t
        .get("grading")
        .and_then(|g| Table::new(g, "[grading]", &["require"], &[], &map, diags))
        .and_then(|g| g.bool("require", diags))
        .unwrap_or(false);
    let mut highlight_theme = "base16-ocean.dark".to_string();
    if let Some(h) = t.get("highlight") {
        if let Some(ht) = Table::new(h, "[highlight]", &["theme"], &[], &map, diags) {
            if let Some(name) = ht.str("theme", diags) {
                let themes = crate::markdown::highlight::theme_names();
                if themes.iter().any(|t| *t == name.value) {
                    highlight_theme = name.value;
                } else {
                    let hint = did_you_mean(&name.value, themes.iter().copied())
                        .unwrap_or_else(|| format!("available themes: {}", themes.join(", ")));
                    diags.push(
                        map.error_at(name.at, format!("unknown highlight theme `{}`", name.value))
                            .with_hint(hint),
                    );
                }
            }
        }
    }
    let mut image_warn_bytes = 10 << 20;
    if let Some(h) = t.get("images") {
        if let Some(it) = Table::new(h, "[images]", &["warn_size_mb"], &[], &map, diags) {
            if let Some(n) = it.int("warn_size_mb", diags) {
                if n.value < 1 {
                    diags.push(map.error_at(n.at, "`warn_size_mb` must be at least 1"));
                } else {
                    image_warn_bytes = (n.value as u64) << 20;
                }
            }
        }
    }
    let mut search_file_bytes = crate::formats::search::FILE_BYTES;
    if let Some(h) = t.get("search") {
        if let Some(st) = Table::new(h, "[search]", &["file_kb"], &[], &map, diags) {
            if let Some(n) = st.int("file_kb", diags) {
                if n.value < 4 || n.value > 100_000 {
                    diags.push(
                        map.error_at(n.at, "`file_kb` must be between 4 and 100000")
                            .with_hint(
                                "the default, 1024, keeps every search index file under 1 MB",
                            ),
                    );
                } else {
                    search_file_bytes = n.value as usize * 1024;
                }
            }
        }
    }
    let mut output_dir = PathBuf::from("public");
    let mut output_dir_at = None;
    if let Some(o) = t.str("output_dir", diags) {
        let path = PathBuf::from(&o.value);
        let plain = !o.value.trim().is_empty()
            && path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if plain && path.starts_with(crate::images::process::CACHE_DIR) {
            diags.push(
                map.error_at(
                    o.at,
                    format!(
                        "`output_dir` cannot be `{}`: dossier keeps its image cache there",
                        o.value
                    ),
                )
                .with_hint("use a plain relative name such as \"public\""),
            );
        } else if plain {
            output_dir = path;
            output_dir_at = Some(map.pos(o.at));
        } else {
            diags.push(
                map.error_at(o.at, format!("`output_dir` must be a folder inside the site, found `{}`", o.value))
                    .with_hint("use a plain relative name such as \"public\"; pass --output to build elsewhere"),
            );
        }
    }
    let mut languages = std::collections::BTreeMap::new();
    if let Some(node) = t.get("languages") {
        if let node::Value::Table(entries) = &node.value {
            for e in entries {
                if !crate::lang::is_language_code(&e.key) {
                    diags.push(
                        map.error_at(e.key_span.start, format!("`{}` is not a language code", e.key))
                            .with_hint("use a code such as `ur`, `zh` or `pt-br` (2 or 3 lowercase letters, then optional `-` parts)"),
                    );
                    continue;
                }
                let what = "[languages.<code>]";
                let Some(lt) = Table::new(
                    &e.node,
                    what,
                    &["title", "description", "strings"],
                    &[],
                    &map,
                    diags,
                ) else {
                    continue;
                };
                let strings = lt
                    .get("strings")
                    .map(|n| crate::i18n::entries(n, "", &map, diags))
                    .unwrap_or_default();
                languages.insert(
                    e.key.clone(),
                    Language {
                        title: lt.str("title", diags).map(|s| s.value),
                        description: lt.str("description", diags).map(|s| s.value),
                        strings,
                    },
                );
            }
        } else {
            diags.push(
                map.error_at(
                    node.span.start,
                    format!("`languages` must be a table, found {}", node.type_name()),
                )
                .with_hint("write one table per language: `[languages.ur]` with `title = \"…\"`"),
            );
        }
    }
    let theme = t.str("theme", diags);
    let config = Config {
        title: title.map(|s| s.value).unwrap_or_default(),
        base_url: base_url.unwrap_or_default(),
        description: t
            .str("description", diags)
            .map(|s| s.value)
            .unwrap_or_default(),
        language: t
            .str("language", diags)
            .map(|s| s.value)
            .unwrap_or_else(|| "en".into()),
        theme_at: theme.as_ref().map(|s| s.at),
        theme: theme.map_or_else(|| "default".into(), |s| s.value),
        output_dir,
        output_dir_at,
        strict: t.bool("strict", diags).unwrap_or(false),
        safe_html: t.bool("safe_html", diags).unwrap_or(false),
        now,
        per_page,
        feed_limit,
        timeline_order: order,
        split_by_year_over: split,
        page_budget,
        search_file_bytes,
        highlight_theme,
        image_warn_bytes,
        require_grades,
        languages,
        extra: t.get("extra").map_or(serde_json::json!({}), to_json),
    };
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(text: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        parse(text, Path::new("site.toml"), &mut d);
        d.iter()
            .map(|d| {
                format!(
                    "{}:{}: {} | {}",
                    d.line,
                    d.col,
                    d.message,
                    d.hint.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn valid_config_and_base_path() {
        let mut d = Diagnostics::new();
        let c = parse(
            "title = \"X\"\nbase_url = \"https://host/desk\"\n[timeline]\norder = \"descending\"\n",
            Path::new("site.toml"),
            &mut d,
        );
        assert!(d.is_empty());
        assert_eq!(c.base_url, "https://host/desk/");
        assert_eq!(c.base_path(), "/desk/");
        assert_eq!(c.timeline_order, TimelineOrder::Descending);
        assert_eq!(c.per_page, 20);
    }

    #[test]
    fn config_errors_have_positions_and_hints() {
        assert_eq!(
            errs("title = \"X\"\nbase_url = \"https://h/\"\ntheem = \"x\"\n"),
            ["3:1: unknown field `theem` in site.toml | did you mean `theme`?"]
        );
        assert_eq!(errs("base_url = \"https://h/\"\n"), ["1:1: site.toml is missing required field `title` | add a line such as `title = \"Critical Minerals Watch\"`"]);
        assert_eq!(errs("title = \"X\"\nbase_url = \"ftp://h/\"\n"), ["2:12: `base_url` must start with http:// or https://, found `ftp://h/` | write the address the site will be published at, e.g. \"https://example.org/briefs/\""]);
        assert_eq!(
            errs("title = \"X\"\nbase_url = \"https://h/\"\n[timeline]\norder = \"up\"\n"),
            ["4:9: unknown timeline order `up` | use \"ascending\" or \"descending\""]
        );
        assert_eq!(errs("title = \"X\"\nbase_url = \"https://h/\"\n[highlight]\ntheme = \"base16-ocean.drak\"\n"), ["4:9: unknown highlight theme `base16-ocean.drak` | did you mean `base16-ocean.dark`?"]);
        assert_eq!(errs("title = \"X\"\nbase_url = \"https://h/\"\noutput_dir = \"../out\"\n")[0], "3:14: `output_dir` must be a folder inside the site, found `../out` | use a plain relative name such as \"public\"; pass --output to build elsewhere");
    }
}
