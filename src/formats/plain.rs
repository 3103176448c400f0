//! Rendered HTML to plain text, for the search index, feed summaries,
//! calendar descriptions and data files.
//!
//! A small tag skipper rather than an HTML parser: the input is HTML that
//! dossier rendered itself (plus raw HTML editors wrote). It drops tags and
//! comments, drops the content of `script`, `style`, `svg` and `template`
//! and the parts that only make sense on the page (citation numbers
//! `<sup class="cite">`, heading permalinks `<a class="anchor">`), turns
//! block boundaries into spaces (a heading also gets a full stop, so it
//! does not run into the next paragraph), decodes character references, and
//! collapses whitespace.

/// Elements whose content is never text.
const SKIPPED: &[&str] = &["script", "style", "svg", "template", "noscript"];

/// Headings: a full stop ends them unless they end with punctuation.
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

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

/// One parsed tag: its name as written, whether it closes, and its raw attributes.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attrs: &'a str,
}

impl Tag<'_> {
    /// Whether the element is `name` (given in lower case).
    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    fn is_one_of(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.is(n))
    }
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
        name: &rest[..end],
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
    (tag.is("sup") && class_has("cite")) || (tag.is("a") && class_has("anchor"))
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

/// Text with whitespace collapsed as it is written: runs of whitespace
/// become one space, none at either end.
struct Collapsed {
    text: String,
    /// Whitespace was seen after the last character written.
    space: bool,
}

impl Collapsed {
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = true;
        } else {
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push(c);
        }
    }

    /// Appends `run`, which holds no `<` or `&`, a word at a time. ASCII
    /// is classified by byte; only other characters are decoded.
    fn push_run(&mut self, run: &str) {
        let bytes = run.as_bytes();
        let mut word: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (white, len) = if b.is_ascii() {
                // The ASCII characters of `char::is_whitespace`.
                (matches!(b, b'\t'..=b'\r' | b' '), 1)
            } else {
                let c = run[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            };
            if white {
                if let Some(start) = word.take() {
                    self.push_word(&run[start..i]);
                }
                self.space = true;
            } else if word.is_none() {
                word = Some(i);
            }
            i += len;
        }
        if let Some(start) = word {
            self.push_word(&run[start..]);
        }
    }

    fn push_word(&mut self, word: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(word);
        self.space = false;
    }
}

/// The text of `html`, with whitespace collapsed to single spaces.
pub fn text(html: &str) -> String {
    let mut out = Collapsed {
        text: String::with_capacity(html.len() / 2),
        space: false,
    };
    // (element name, nesting depth) while inside skipped content.
    let mut skipping: Option<(&str, usize)> = None;
    let mut drop_space_before_punctuation = false;
    let mut rest = html;
    while !rest.is_empty() {
        let plain = rest
            .bytes()
            .position(|b| b == b'<' || b == b'&')
            .unwrap_or(rest.len());
        if plain > 0 {
            let (run, after) = rest.split_at(plain);
            rest = after;
            if skipping.is_some() {
                continue;
            }
            let mut run = run;
            if drop_space_before_punctuation {
                drop_space_before_punctuation = false;
                if let Some(c) = run.chars().next() {
                    if ".,;:!?)".contains(c) {
                        out.space = false;
                    }
                }
                if let Some(c) = run.chars().next() {
                    out.push(c);
                    run = &run[c.len_utf8()..];
                }
            }
            out.push_run(run);
            continue;
        }
        if rest.starts_with('<') {
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
                    Some((name, depth)) if tag.name.eq_ignore_ascii_case(name) => {
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
                            && (tag.is_one_of(SKIPPED) || is_furniture(&tag))
                        {
                            skipping = Some((tag.name, 1));
                        } else if tag.is_one_of(BLOCKS) {
                            // A heading ends a sentence: `## A` + `para`
                            // reads `A. para`.
                            if tag.closing
                                && tag.is_one_of(HEADINGS)
                                && out.text.ends_with(char::is_alphanumeric)
                            {
                                out.text.push('.');
                            }
                            out.space = true;
                        }
                    }
                }
                continue;
            }
        }
        // A `<` that starts no tag, or a `&`.
        let (ch, len) = if rest.starts_with('&') {
            entity(rest).unwrap_or(('&', 1))
        } else {
            ('<', 1)
        };
        if skipping.is_none() {
            if drop_space_before_punctuation && ".,;:!?)".contains(ch) {
                out.space = false;
            }
            drop_space_before_punctuation = false;
            out.push(ch);
        }
        rest = &rest[len..];
    }
    out.text
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
                "Title. Body.",
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
            ("<h2>Background</h2><p>The <strong>port</strong></p><h3>Why?</h3><p>x</p>", "Background. The port Why? x"),
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
