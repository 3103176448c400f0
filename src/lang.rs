//! The languages of a site (SPEC §8.6): the default `language`, at `/`, and
//! each other `[languages.<code>]` of `site.toml`, at `/<code>/`.
//!
//! What is known of a language code: its form ([`is_language_code`]), its
//! writing direction ([`direction`]), its name in itself ([`autonym`]);
//! whether a file name's second extension is one ([`translation_code`]),
//! so that discovery can set `x.ur.md` beside `x.md` as its translation;
//! and, once every language's site is made, which pages each has
//! ([`Available`]), for the links between a page's versions
//! ([`versions`], [`elsewhere`]); and what a language's pages show
//! untranslated, in the original's language ([`Untranslated`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::route::{language_base, Route};

/// What a language's site shows as the original wrote it: the events of
/// its translated briefings whose title or text the translation left out
/// (or repeated unchanged). Their elements get the original's `lang` (and
/// `dir` when it differs), so that screen readers and fonts take them for
/// what they are. Empty on the default language's site.
#[derive(Debug, Default, Clone)]
pub struct Untranslated {
    /// The original's language: `en`.
    pub code: String,
    /// Its direction, when it differs from the site's: `ltr` on an Urdu site.
    pub dir: Option<&'static str>,
    /// The events (briefing slug, event id) whose title is the original's.
    pub titles: BTreeSet<(String, String)>,
    /// The events whose text is the original's.
    pub texts: BTreeSet<(String, String)>,
}

impl Untranslated {
    /// What `translated`, the library of the language `code`, shows of
    /// `original`'s (in `original_code`) as written there.
    pub fn of(
        original: &crate::library::Library,
        original_code: &str,
        translated: &crate::library::Library,
        code: &str,
    ) -> Untranslated {
        let mut out = Untranslated {
            code: original_code.to_string(),
            dir: Some(direction(original_code)).filter(|d| *d != direction(code)),
            ..Untranslated::default()
        };
        for b in &translated.briefings {
            let Some(ob) = original.briefings.iter().find(|o| o.slug == b.slug) else {
                continue;
            };
            for e in &b.events {
                let Some(oe) = ob.events.iter().find(|o| o.id == e.id) else {
                    continue;
                };
                let key = (b.slug.clone(), e.id.clone());
                if e.title == oe.title {
                    out.titles.insert(key.clone());
                }
                let text =
                    |e: &crate::content::model::Event<_>| e.text.as_ref().map(|t| t.value.clone());
                if e.text.is_some() && text(e) == text(oe) {
                    out.texts.insert(key);
                }
            }
        }
        out
    }

    /// The mark of an element showing the event `id` of briefing `slug`
    /// as written in `set` (`titles` or `texts`), if it is untranslated.
    pub fn mark<'a>(
        &'a self,
        set: &BTreeSet<(String, String)>,
        slug: &str,
        id: &str,
    ) -> Option<LangMark<'a>> {
        set.contains(&(slug.to_string(), id.to_string()))
            .then_some(LangMark {
                code: &self.code,
                dir: self.dir,
            })
    }
}

/// The language of an element in another language than its page's: the
/// theme's `lang_attrs` component writes it as `lang` and `dir`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LangMark<'a> {
    pub code: &'a str,
    /// Only when it differs from the page's.
    pub dir: Option<&'static str>,
}

/// A BCP 47-like tag: a primary subtag of 2 or 3 lowercase letters, then
/// `-` parts of 2 to 8 letters or digits.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Languages written right to left: Arabic-script, Hebrew-script, Thaana,
/// Syriac and N'Ko languages (by primary subtag).
const RTL: &[&str] = &[
    "ar", "arc", "azb", "bal", "ckb", "dv", "fa", "glk", "he", "iw", "khw", "ks", "lrc", "mzn",
    "nqo", "pnb", "prs", "ps", "sd", "skr", "syr", "ug", "ur", "yi",
];

/// `rtl` or `ltr`, for `<html dir>`: a script subtag decides (`-arab`,
/// `-hebr` are rtl, `-latn`, `-cyrl` ltr), else the language.
pub fn direction(code: &str) -> &'static str {
    let lower = code.to_ascii_lowercase();
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or_default();
    let script = parts.find(|p| p.len() == 4);
    let rtl = match script {
        Some("arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg") => true,
        Some(_) => false,
        None => RTL.contains(&primary),
    };
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

/// The language code of a content file's name (`gwadar.ur.md` → `ur`):
/// its second extension, when that has the form of a language code. Any
/// such code counts, configured or not, so that discovery can tell an
/// editor that `x.fr.md` needs `[languages.fr]`.
pub fn translation_code(file_name: &str) -> Option<(&str, &str)> {
    let stem = file_name.strip_suffix(".md").or_else(|| {
        let (stem, ext) = file_name.rsplit_once('.')?;
        ext.eq_ignore_ascii_case("md").then_some(stem)
    })?;
    let (base, code) = stem.rsplit_once('.')?;
    (!base.is_empty() && is_language_code(code)).then_some((base, code))
}

/// What one language's site has, by the ids its pages are named by: for
/// the links from a page to its versions in other languages.
#[derive(Debug, Clone, Default)]
pub struct Available {
    pub code: String,
    /// `""` for the default language, `ur/` for another.
    pub prefix: String,
    /// Briefing slug → its title in this language.
    pub briefings: BTreeMap<String, String>,
    pub pages: BTreeSet<String>,
    pub actors: BTreeSet<String>,
    pub places: BTreeSet<String>,
    pub tags: BTreeSet<String>,
    pub years: BTreeSet<i32>,
}

impl Available {
    /// Its code, unless it is the default language (at the root).
    fn code_if_other(&self) -> Option<&str> {
        (!self.prefix.is_empty()).then_some(self.code.as_str())
    }

    /// Whether this language has a page at `route`. Pages past the first
    /// of a list, and an actor's years, are cut by size, which differs
    /// between languages: they have no versions.
    pub fn has(&self, route: &Route) -> bool {
        match *route {
            Route::Briefing(s) => self.briefings.contains_key(s),
            Route::Page(s) => self.pages.contains(s),
            Route::Actor(id) => self.actors.contains(id),
            Route::Place(id) => self.places.contains(id),
            Route::Tag(s) => self.tags.contains(s),
            Route::TimelineYear(y) => self.years.contains(&y),
            Route::BriefingList(n) => n <= 1,
            Route::TimelineYearPage(..)
            | Route::ActorYear(..)
            | Route::ActorYearPage(..)
            | Route::SourcesPage(_)
            | Route::TagPage(..) => false,
            _ => true,
        }
    }
}

/// A page in one language: for `hreflang` links and the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub code: String,
    /// The language's name in itself: `اردو`.
    pub name: &'static str,
    pub dir: &'static str,
    /// The page's URL inside the site (`/ur/briefings/x/`).
    pub url: String,
    /// The page being drawn.
    pub current: bool,
}

/// The versions of the page written at `output` (a path inside a
/// language's tree) in every language that has it, the default first;
/// none on a one-language site.
pub fn versions(all: &[Available], output: &str, current: &str, root_path: &str) -> Vec<Version> {
    let Some(route) = Route::parse(output) else {
        return Vec::new();
    };
    if all.len() < 2 {
        return Vec::new();
    }
    all.iter()
        .filter(|a| a.has(&route))
        .map(|a| Version {
            name: autonym(&a.code),
            dir: direction(&a.code),
            url: route.url(&language_base(root_path, a.code_if_other())),
            current: a.code == current,
            code: a.code.clone(),
        })
        .collect()
}

/// A briefing that exists in another language only: lists link to it.
#[derive(Debug, Clone, Serialize)]
pub struct Elsewhere {
    pub title: String,
    pub url: String,
    pub code: String,
    pub name: &'static str,
    pub dir: &'static str,
}

/// The briefings of the other languages that `current` lacks, each once
/// (in the first language that has it, the default first).
pub fn elsewhere(all: &[Available], current: &str, root_path: &str) -> Vec<Elsewhere> {
    let Some(here) = all.iter().find(|a| a.code == current) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for a in all.iter().filter(|a| a.code != current) {
        for (slug, title) in &a.briefings {
            if !here.briefings.contains_key(slug) && seen.insert(slug.as_str()) {
                out.push(Elsewhere {
                    title: title.clone(),
                    url: Route::Briefing(slug).url(&language_base(root_path, a.code_if_other())),
                    code: a.code.clone(),
                    name: autonym(&a.code),
                    dir: direction(&a.code),
                });
            }
        }
    }
    out
}

/// A language's name in itself, for the switcher; the code for a
/// language not listed.
pub fn autonym(code: &str) -> &'static str {
    const NAMES: &[(&str, &str)] = &[
        ("ar", "العربية"),
        ("bn", "বাংলা"),
        ("de", "Deutsch"),
        ("en", "English"),
        ("es", "Español"),
        ("fa", "فارسی"),
        ("fr", "Français"),
        ("he", "עברית"),
        ("hi", "हिन्दी"),
        ("it", "Italiano"),
        ("ja", "日本語"),
        ("ko", "한국어"),
        ("ps", "پښتو"),
        ("pt", "Português"),
        ("ru", "Русский"),
        ("tr", "Türkçe"),
        ("uk", "Українська"),
        ("ur", "اردو"),
        ("zh", "中文"),
    ];
    let primary = code.split('-').next().unwrap_or(code);
    NAMES
        .iter()
        .find(|(c, _)| *c == primary)
        .map_or("", |(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions() {
        for (code, dir) in [
            ("ur", "rtl"),
            ("ar", "rtl"),
            ("he", "rtl"),
            ("fa", "rtl"),
            ("ckb", "rtl"),
            ("yi", "rtl"),
            ("en", "ltr"),
            ("zh", "ltr"),
            ("zh-hans", "ltr"),
            ("pa-arab", "rtl"),
            ("az-latn", "ltr"),
            ("ku-arab", "rtl"),
        ] {
            assert_eq!(direction(code), dir, "{code}");
        }
    }

    #[test]
    fn translation_codes_from_file_names() {
        assert_eq!(translation_code("gwadar.ur.md"), Some(("gwadar", "ur")));
        assert_eq!(
            translation_code("2025-10-14-pact.zh.md"),
            Some(("2025-10-14-pact", "zh"))
        );
        assert_eq!(translation_code("pact.pt-br.md"), Some(("pact", "pt-br")));
        assert_eq!(translation_code("pact.md"), None);
        assert_eq!(translation_code("report.v2.md"), None);
        assert_eq!(translation_code("notes.draft.md"), None);
        assert_eq!(translation_code(".ur.md"), None);
        assert_eq!(translation_code("map.png"), None);
    }
}
