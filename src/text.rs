//! Text helpers shared by every stage: URL slugs, the normal form used to
//! match actor references (case, accents, spacing and punctuation ignored,
//! any script kept), and HTML escaping for markup we write by hand.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A URL- and file-safe slug: ASCII letters, digits and single hyphens.
/// Other scripts are transliterated (`中国` → `zhong-guo`); text with nothing
/// left (only punctuation) gives an empty string, which callers must handle.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(floor_boundary(&out, 120));
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn floor_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether a slug given by an editor is already in slug form.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The form in which actor references are compared: decomposed, accents
/// dropped, lower-cased, and only letters and digits kept, in any script
/// (`People's Republic of China` → `peoplesrepublicofchina`, `Zürich` →
/// `zurich`, `中国` → `中国`).
pub(crate) fn normalize_ref(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    // Most text has nothing to escape: copy it in one go.
    let Some(first) = text.bytes().position(|b| special(&b)) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let mut start = first;
    for (i, b) in text.bytes().enumerate().skip(first) {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Pakistan's rare-earth pact", "pakistan-s-rare-earth-pact"),
            ("  Critical   Minerals ", "critical-minerals"),
            ("../../etc/passwd", "etc-passwd"),
            ("/abs", "abs"),
            ("..", ""),
            ("Zürich Ölpreis", "zurich-olpreis"),
            ("中国", "zhong-guo"),
            ("a\0b", "a-b"),
        ];
        for (input, slug) in cases {
            assert_eq!(slugify(input), slug, "{input:?}");
        }
        assert!(slugify(&"x".repeat(500)).len() <= 120);
    }

    #[test]
    fn slug_form_check() {
        assert!(is_slug("fwo-ussm-mou"));
        for bad in ["", "A", "a b", "../x", "a/b", "-a", "a-", "a--b", "ü"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn reference_normal_form_ignores_case_accents_spacing_punctuation() {
        let cases = [
            ("People's Republic of China", "peoplesrepublicofchina"),
            ("PEOPLES REPUBLIC OF CHINA", "peoplesrepublicofchina"),
            ("U.S. Strategic Metals", "usstrategicmetals"),
            ("Zürich", "zurich"),
            ("中国", "中国"),
            ("پاکستان", "پاکستان"),
            ("Shehbaz  Sharif", "shehbazsharif"),
        ];
        for (input, norm) in cases {
            assert_eq!(normalize_ref(input), norm, "{input}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
