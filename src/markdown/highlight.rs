//! Syntax highlighting of fenced code with syntect, into CSS classes (`hl-*`)
//! rather than inline colours, so the theme's CSS (generated once from
//! `[highlight] theme`) styles every block. Syntaxes and themes are loaded
//! lazily, the first time a code block or the stylesheet needs them.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape_html;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The themes syntect ships, which `[highlight] theme` may name.
pub fn theme_names() -> &'static [&'static str] {
    &[
        "InspiredGitHub",
        "Solarized (dark)",
        "Solarized (light)",
        "base16-eighties.dark",
        "base16-mocha.dark",
        "base16-ocean.dark",
        "base16-ocean.light",
    ]
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The stylesheet for a theme (written to `/highlight.css`).
pub fn css(theme: &str) -> String {
    let themes = ThemeSet::load_defaults();
    themes
        .themes
        .get(theme)
        .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
        .unwrap_or_default()
}

/// A code block as HTML; unknown languages are shown as plain text.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let label = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let body = match syntax {
        Some(syntax) => {
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
            let ok = LinesWithEndings::from(code)
                .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
            if ok {
                gen.finalize()
            } else {
                escape_html(code)
            }
        }
        None => escape_html(code),
    };
    format!("<pre class=\"code\"{label}><code>{body}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_is_escaped() {
        let html = highlight("x = 1\n", "python");
        assert!(
            html.starts_with("<pre class=\"code\" data-lang=\"python\"><code>"),
            "{html}"
        );
        assert!(html.contains("class=\"hl-"), "{html}");
        let plain = highlight("<b>\n", "nosuchlang");
        assert!(plain.contains("&lt;b&gt;"));
    }

    #[test]
    fn every_listed_theme_has_css() {
        for name in theme_names() {
            assert!(css(name).contains(".hl-"), "{name}");
        }
    }
}
