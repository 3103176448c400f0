//! Rendered HTML to plain text, for the search index, feed summaries,
//! calendar descriptions and data files.
//!
//! A small tag skipper rather than an HTML parser: the input is HTML that
//! dossier rendered itself (plus raw HTML editors wrote). It drops tags and
//! comments, drops the content of `script`, `style`, `svg` and `template`
//! and the parts that only make sense on the page (citation numbers
//! `<sup class="cite">`, heading permalinks `<a class="anchor">`), turns
//! block boundaries into spaces, decodes character references, and
//! collapses whitespace.

/// Elements whose content is never text.
const SKIPPED: &[&str] = &["script", "style", "svg", "template", "noscript"];

/// Elements that separate words.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// One parsed tag: its lower-cased name, whether it closes, and its raw attributes.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> Tag<'_> {
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    Tag {
        name: rest[..end].to_ascii_lowercase(),
        closing,
        attrs: &rest[end..],
    }
}

/// Whether the element opened by `tag` is page furniture, not text.
fn is_furniture(tag: &Tag) -> bool {
    let class_has = |word: &str| {
        tag.attrs
            .split("class=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .is_some_and(|v| v.split_whitespace().any(|c| c == word))
    };
    (tag.name == "sup" && class_has("cite")) || (tag.name == "a" && class_has("anchor"))
}

/// The byte length of the tag starting at `text[0] == '<'`, up to and
/// including its `>`, skipping `>` inside quoted attribute values.
fn tag_len(text: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in text.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Decodes one character reference at the start of `text` (which begins
/// with `&`): the character and the length consumed.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.char_indices().take(12).find(|(_, c)| *c == ';')?.0;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// The text of `html`, with whitespace collapsed to single spaces.
pub fn text(html: &str) -> String {
    let mut raw = String::with_capacity(html.len());
    // (element name, nesting depth) while inside skipped content.
    let mut skipping: Option<(String, usize)> = None;
    let mut drop_space_before_punctuation = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(body) = rest.strip_prefix("<!--") {
                rest = body.find("-->").map_or("", |i| &body[i + 3..]);
                continue;
            }
            let starts_tag = rest[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!');
            if let (true, Some(len)) = (starts_tag, tag_len(rest)) {
                let inner = &rest[1..len - 1];
                let self_closing = inner.ends_with('/');
                let tag = parse_tag(inner.trim_end_matches('/'));
                rest = &rest[len..];
                match &mut skipping {
                    Some((name, depth)) if *name == tag.name => {
                        if tag.closing {
                            *depth -= 1;
                            if *depth == 0 {
                                skipping = None;
                                // `word [1].` reads `word.` without the number.
                                drop_space_before_punctuation = true;
                            }
                        } else {
                            *depth += 1;
                        }
                    }
                    Some(_) => {}
                    None => {
                        if !tag.closing
                            && !self_closing
                            && (SKIPPED.contains(&tag.name.as_str()) || is_furniture(&tag))
                        {
                            skipping = Some((tag.name, 1));
                        } else if BLOCKS.contains(&tag.name.as_str()) {
                            raw.push(' ');
                        }
                    }
                }
                continue;
            }
        }
        let (ch, len) = if c == '&' {
            entity(rest).unwrap_or(('&', 1))
        } else {
            (c, c.len_utf8())
        };
        if skipping.is_none() {
            if drop_space_before_punctuation && ".,;:!?)".contains(ch) {
                let kept = raw.trim_end().len();
                raw.truncate(kept);
            }
            drop_space_before_punctuation = false;
            raw.push(ch);
        }
        rest = &rest[len..];
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn strips_markup_and_furniture() {
        for (html, want) in [
            ("<p>One <em>two</em></p><p>three</p>", "One two three"),
            (
                "<h2 id=\"x\">Title <a class=\"anchor\" href=\"#x\">#</a></h2><p>Body<sup class=\"cite\">[<a href=\"#s\">1</a>]</sup>.</p>",
                "Title Body.",
            ),
            (
                "<p>A claim <sup class=\"cite\">[1]</sup>. Another <sup class=\"cite\">[2]</sup> here <b>x</b> .</p>",
                "A claim. Another here x .",
            ),
            ("a &amp; b &lt;c&gt; &#39;d&#x27; &nbsp;e &bogus; &", "a & b <c> 'd' e &bogus; &"),
            ("x<script>if (a < b) { }</script>y<!-- c -->z", "xyz"),
            ("<div><svg><svg></svg><text>no</text></svg>ok</div>", "ok"),
            ("a<svg/>b", "ab"),
            ("1 < 2 and <br>中国 <b title='a>b'>پاکستان</b>", "1 < 2 and 中国 پاکستان"),
            ("unclosed <a href=\"x", "unclosed <a href=\"x"),
            ("", ""),
        ] {
            assert_eq!(text(html), want, "{html}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_collapses_whitespace(html in "(<[a-z/!-]{0,6}[^>]{0,8}>?|&#?[a-z0-9]{0,6};?|\\PC{0,5})*") {
            let t = text(&html);
            proptest::prop_assert!(!t.contains("  ") && t.trim() == t);
        }
    }
}
