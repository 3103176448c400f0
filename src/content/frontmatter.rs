//! Splits a content file into its front matter and body.
//!
//! A file opens with TOML between `+++` lines or YAML between `---` lines. A
//! byte-order mark and CRLF line endings are accepted. The result records
//! byte ranges in the file, so the front-matter parser and the Markdown
//! renderer can report positions in the file, not in the block.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Where the parts of a content file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Format,
    /// The front matter between the fences.
    pub front: Range<usize>,
    /// Everything after the closing fence's line.
    pub body: Range<usize>,
}

/// Finds the front matter of `text` (the whole file).
pub fn split(text: &str, map: &SourceMap) -> Result<Split, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let first = text[start..first_end].trim_end_matches('\r').trim_end();
    let (format, fence) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            let message = if text[start..].trim().is_empty() {
                "the file is empty"
            } else if first.starts_with("+++\r") || first.starts_with("---\r") {
                return Err(map
                    .error_at(start, "the file ends its lines with a carriage return (CR) alone")
                    .with_hint("save it with LF (or CRLF) line endings: most editors offer it under “Line endings”"));
            } else if first.is_empty()
                && matches!(
                    text[start..].trim_start().lines().next().map(str::trim_end),
                    Some("+++" | "---")
                )
            {
                return Err(map
                    .error_at(
                        start,
                        "the front matter must start on the first line, not after blank lines",
                    )
                    .with_hint("remove the blank lines before the opening `+++` or `---`"));
            } else if first.starts_with("+++") || first.starts_with("---") {
                let fence = &first[..3];
                return Err(map
                    .error_at(start + 3, format!("the opening `{fence}` line must have nothing after `{fence}`"))
                    .with_hint(format!("put `{fence}` alone on the first line, and the fields on the lines below it")));
            } else {
                "the file has no front matter"
            };
            return Err(map.error_at(start, message).with_hint(
                "start the file with a `+++` line, then fields such as `title = \"...\"` and `date = 2025-10-14`, then another `+++` line",
            ));
        }
    };
    let front_start = (first_end + 1).min(text.len());
    let mut line_start = front_start;
    // Where a TOML multi-line text still open at the start of a line began.
    let mut open: Option<(usize, &str)> = None;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r').trim_end();
        if let (Some((at, quotes)), true) = (open, line == fence) {
            return Err(map
                .error_at(
                    at,
                    format!("the multi-line text opened here runs into the `{fence}` line that closes the front matter"),
                )
                .with_hint(format!(
                    "close the text with `{quotes}` before that line; a line of just `{fence}` cannot be part of a text in the front matter"
                )));
        }
        if format == Format::Toml {
            open = toml_open_text(text, line_start, line_end, open);
        }
        if line == fence {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                format,
                front: front_start..line_start,
                body: body_start..text.len(),
            });
        }
        line_start = line_end + 1;
    }
    Err(map
        .error_at(start, "the front matter opened here is never closed")
        .with_hint(format!(
            "add a line with just `{fence}` after the last front-matter field"
        )))
}

/// Which TOML multi-line text (its start and its quotes) is still open
/// after the line `text[start..end]`, given the one open before it: enough
/// of TOML's lexing to know, with comments, one-line strings and the
/// escapes of basic strings.
fn toml_open_text(
    text: &str,
    start: usize,
    end: usize,
    mut open: Option<(usize, &'static str)>,
) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        match open {
            Some((_, quotes)) => {
                if quotes == "\"\"\"" && bytes[i] == b'\\' {
                    i += 2;
                } else if bytes[i..end].starts_with(quotes.as_bytes()) {
                    // Up to two more quotes belong to the text.
                    i += 3;
                    while i < end && bytes[i] == quotes.as_bytes()[0] {
                        i += 1;
                    }
                    open = None;
                } else {
                    i += 1;
                }
            }
            None => match bytes[i] {
                b'#' => return None,
                q @ (b'"' | b'\'') => {
                    let triple = if q == b'"' { "\"\"\"" } else { "'''" };
                    if bytes[i..end].starts_with(triple.as_bytes()) {
                        open = Some((i, triple));
                        i += 3;
                        continue;
                    }
                    i += 1;
                    while i < end && bytes[i] != q {
                        i += if q == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                _ => i += 1,
            },
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<(Format, &str, &str), Diagnostic> {
        let map = SourceMap::new("x.md", text);
        split(text, &map).map(|s| (s.format, &text[s.front], &text[s.body]))
    }

    #[test]
    fn splits_toml_and_yaml() {
        assert_eq!(
            run("+++\ntitle = \"a\"\n+++\nBody\n").unwrap(),
            (Format::Toml, "title = \"a\"\n", "Body\n")
        );
        assert_eq!(
            run("---\ntitle: a\n---\n").unwrap(),
            (Format::Yaml, "title: a\n", "")
        );
    }

    #[test]
    fn a_fence_inside_a_multi_line_text_is_reported_where_the_text_opens() {
        let cases = [
            (
                "+++\ntitle = \"T\"\ntext = \"\"\"\nA\n+++\nB\n\"\"\"\n+++\n",
                Some((3, 8)),
            ),
            ("+++\ntext = '''\n+++\n", Some((2, 8))),
            ("+++\na = \"\"\"x\"\"\" # \"\"\"\n+++\n", None),
            (
                "+++\na = \"\\\"\"\nb = '\\'\nc = \"\"\nd = '#'\n+++\n",
                None,
            ),
            ("+++\na = \"\"\"\n\\\"\"\"\"\"\n+++\n", None),
            ("+++\na = \"\"\"\nx\"\"\"\"\"\nb = 1\n+++\n", None),
            ("---\ntext: |\n  \"\"\"\n---\n", None),
            ("+++\na = \"é\\u00e9 é\"\nb = \"\"\"é\n+++\n", Some((3, 5))),
        ];
        for (text, at) in cases {
            match (run(text), at) {
                (Ok(_), None) => {}
                (Err(e), Some((line, col))) => {
                    assert_eq!((e.line, e.col), (line, col), "{text}");
                    assert!(
                        e.message.starts_with("the multi-line text opened here"),
                        "{text}"
                    );
                }
                (got, _) => panic!("{text:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn accepts_bom_and_crlf() {
        assert_eq!(
            run("\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\nBody\r\n").unwrap(),
            (Format::Toml, "title = \"a\"\r\n", "Body\r\n")
        );
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        let e = run("# Just a heading\n").unwrap_err();
        assert_eq!(
            (e.line, e.col, e.message.as_str()),
            (1, 1, "the file has no front matter")
        );
        let e = run("").unwrap_err();
        assert_eq!(e.message, "the file is empty");
        let e = run("\n\n+++\ntitle = \"a\"\n").unwrap_err();
        assert_eq!(
            e.message,
            "the front matter must start on the first line, not after blank lines"
        );
        let e = run("+++\ntitle = \"a\"\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (1, "the front matter opened here is never closed")
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("add a line with just `+++` after the last front-matter field")
        );
    }
}
