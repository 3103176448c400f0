//! Where each character of a decoded string value was written in the file.
//!
//! The front-matter parsers give a string's value and where the value starts
//! (its opening quote, or its first character), but Markdown inside an
//! event's `text` reports problems at offsets in the *decoded* text: after
//! quotes, escapes (`\"`, `\u00e9`), line continuations, YAML's folded lines
//! and block indentation. [`StrOffsets`] maps those offsets back to the file.
//!
//! Steps: skip the opening delimiter (and the newline TOML trims after
//! `"""`), then walk the decoded value and the written text side by side:
//! a character written as itself maps to itself, an escape maps to its `\`,
//! whitespace that folding made out of a line break maps to that break, and
//! anything else written (indentation, a doubled `''`, a continuation) is
//! passed over. A value that cannot be aligned maps to where it starts.

/// The escapes a string style knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escapes {
    None,
    /// TOML basic strings: `\uXXXX`, `\UXXXXXXXX`, `\xHH`, one-character
    /// escapes, and `\` at the end of a line in `"""` strings.
    Toml,
    /// YAML double-quoted scalars: the same forms, `\` before a line break.
    Yaml,
}

/// Byte offsets in the file of each character of a decoded string.
#[derive(Debug, Clone, Default)]
pub(crate) struct StrOffsets {
    /// (offset in the decoded value, offset in the file), one per character.
    pairs: Vec<(usize, usize)>,
    /// Where the value starts in the file, for what cannot be aligned.
    start: usize,
}

impl StrOffsets {
    /// The file offset of byte `decoded` of the value (of the character it
    /// falls in; past the end, of the last character).
    pub(crate) fn file_offset(&self, decoded: usize) -> usize {
        match self.pairs.binary_search_by_key(&decoded, |p| p.0) {
            Ok(i) => self.pairs[i].1,
            Err(0) => self.start,
            Err(i) => self.pairs[i - 1].1,
        }
    }
}

/// Whether a content file's front matter is YAML (it opens with `---`).
pub(crate) fn is_yaml(file_text: &str) -> bool {
    file_text.trim_start_matches('\u{feff}').starts_with("---")
}

/// Aligns `value`, a string whose value starts at byte `at` of `file_text`
/// (TOML front matter, or YAML with `yaml`), with what was written.
pub(crate) fn offsets(file_text: &str, at: usize, value: &str, yaml: bool) -> StrOffsets {
    let mut out = StrOffsets {
        pairs: Vec::with_capacity(value.len()),
        start: at,
    };
    let Some(written) = file_text.get(at..) else {
        return out;
    };
    let (skip, escapes) = opening(written, yaml);
    let raw = &written[skip..];
    let base = at + skip;
    let mut r = 0;
    for (d, c) in value.char_indices() {
        loop {
            let Some(rc) = raw[r..].chars().next() else {
                // Ran out: the rest maps to the start.
                out.pairs.push((d, at));
                break;
            };
            if rc == '\\' && escapes != Escapes::None {
                let after = &raw[r + 1..];
                if let Some(n) = continuation(after, escapes) {
                    r += 1 + n;
                    continue;
                }
                out.pairs.push((d, base + r));
                r += 1 + escape_len(after);
                break;
            }
            if rc == c {
                out.pairs.push((d, base + r));
                r += rc.len_utf8();
                break;
            }
            if c.is_whitespace() && rc.is_whitespace() {
                // A line break folded into a space (or the other way).
                out.pairs.push((d, base + r));
                break;
            }
            r += rc.len_utf8();
        }
    }
    out
}

/// How many bytes open the value, and the escapes of its style.
fn opening(written: &str, yaml: bool) -> (usize, Escapes) {
    let trimmed_newline = |n: usize| {
        let rest = &written[n..];
        n + if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with('\n'))
        }
    };
    match (yaml, written.as_bytes().first()) {
        (false, _) if written.starts_with("\"\"\"") => (trimmed_newline(3), Escapes::Toml),
        (false, _) if written.starts_with("'''") => (trimmed_newline(3), Escapes::None),
        (false, Some(b'"')) => (1, Escapes::Toml),
        (true, Some(b'"')) => (1, Escapes::Yaml),
        (_, Some(b'\'')) => (1, Escapes::None),
        _ => (0, Escapes::None),
    }
}

/// After a `\`: the length of a line continuation (what follows the `\`
/// up to the next line's text), if this is one.
fn continuation(after: &str, escapes: Escapes) -> Option<usize> {
    let spaces = match escapes {
        Escapes::Toml => after.len() - after.trim_start_matches([' ', '\t']).len(),
        _ => 0,
    };
    if !after[spaces..].starts_with(['\n', '\r']) {
        return None;
    }
    Some(after.len() - after.trim_start_matches([' ', '\t', '\n', '\r']).len())
}

/// After a `\`: how many bytes the escape takes.
fn escape_len(after: &str) -> usize {
    let digits = match after.as_bytes().first() {
        Some(b'x') => 2,
        Some(b'u') => 4,
        Some(b'U') => 8,
        _ => 0,
    };
    let first = after.chars().next().map_or(0, char::len_utf8);
    (first + digits).min(after.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::node::{parse_toml, parse_yaml, Node, Value};
    use crate::diagnostic::SourceMap;

    /// The value of `key` in the front matter `front` (TOML, or YAML), and
    /// where it starts in the file.
    fn value_of(file: &str, key: &str, yaml: bool) -> (String, usize) {
        let map = SourceMap::new("x.md", file);
        let end = file.rfind(if yaml { "---" } else { "+++" }).expect("fence");
        let node = if yaml {
            parse_yaml(&file[4..end], 4, &map)
        } else {
            parse_toml(&file[4..end], 4, &map)
        }
        .expect("valid");
        let Value::Table(entries) = node.value else {
            panic!("table")
        };
        let e = entries.into_iter().find(|e| e.key == key).expect("key");
        let Node { value, span } = e.node;
        match value {
            Value::Str(s) | Value::Plain(s) => (s, span.start),
            v => panic!("{v:?}"),
        }
    }

    /// Each case: front matter whose `text` has `[@x]` after quoting and
    /// escapes; the line and column (in characters) of its `[`.
    #[test]
    fn every_quoting_style_maps_back_to_the_written_character() {
        let cases: &[(&str, (usize, usize))] = &[
            ("+++\ntext = \"a [@x]\"\n+++\n", (2, 11)),
            (
                "+++\ntext = \"\\\"q\\\" \\u00e9 \\U0001F600 \\t [@x]\"\n+++\n",
                (2, 36),
            ),
            ("+++\ntext = 'C:\\path é [@x]'\n+++\n", (2, 19)),
            (
                "+++\ntext = \"\"\"\nline one\n  é \\\"q\\\" [@x]\"\"\"\n+++\n",
                (4, 11),
            ),
            (
                "+++\ntext = \"\"\"one \\\n     two [@x]\"\"\"\n+++\n",
                (3, 10),
            ),
            (
                "+++\ntext = \"\"\"\r\nline\r\n[@x]\"\"\"\r\n+++\r\n",
                (4, 1),
            ),
            ("+++\ntext = '''\nraw \\n é\n  [@x]'''\n+++\n", (4, 3)),
            ("+++\ntext = '''a ''[@x]'''\n+++\n", (2, 15)),
            ("---\ntext: plain é [@x]\n---\n", (2, 15)),
            ("---\ntext: plain\n  folded é [@x]\n---\n", (3, 12)),
            ("---\ntext: 'it''s é [@x]'\n---\n", (2, 16)),
            ("---\ntext: 'one\n\n  two [@x]'\n---\n", (4, 7)),
            (
                "---\ntext: \"\\\"q\\\" \\u00e9 \\x41 [@x]\"\n---\n",
                (2, 26),
            ),
            ("---\ntext: \"one \\\n  two [@x]\"\n---\n", (3, 7)),
            ("---\ntext: |\n  line é\n    code\n  [@x]\n---\n", (5, 3)),
            ("---\ntext: >-\n  folded\n  more é [@x]\n---\n", (4, 10)),
            ("---\ntext: |2\n    indented [@x]\n---\n", (3, 14)),
        ];
        for (file, (line, col)) in cases {
            let yaml = is_yaml(file);
            let (value, at) = value_of(file, "text", yaml);
            let decoded = value.find("[@x]").expect("decoded");
            let offsets = offsets(file, at, &value, yaml);
            let map = SourceMap::new("x.md", file);
            let pos = map.pos(offsets.file_offset(decoded));
            assert_eq!((pos.line, pos.col), (*line, *col), "{file:?}");
        }
    }

    #[test]
    fn offsets_past_the_value_stay_inside_it() {
        let file = "+++\ntext = \"ab\"\n+++\n";
        let (value, at) = value_of(file, "text", false);
        let o = offsets(file, at, &value, false);
        assert_eq!(o.file_offset(0), 12);
        assert_eq!(o.file_offset(5), 13);
        assert_eq!(offsets(file, 999, "x", false).file_offset(0), 999);
    }
}
