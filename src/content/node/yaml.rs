//! YAML into located [`Node`]s: `yaml-rust2`'s event parser builds the tree
//! with the byte span of every key and value; syntax errors (tabs included)
//! are reported at their own column.

use std::ops::Range;

use super::{shift, Entry, Node, Value};
use crate::diagnostic::{Diagnostic, SourceMap};

/// Parses YAML text that starts at byte `offset` of the file `map` describes.
pub fn parse_yaml(text: &str, offset: usize, map: &SourceMap) -> Result<Node, Diagnostic> {
    use yaml_rust2::parser::Parser;
    let lines = LineIndex::new(text);
    let mut builder = YamlBuilder {
        stack: Vec::new(),
        root: None,
        lines: &lines,
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        let mut at = lines.offset(m.line(), m.col());
        let (message, hint) = match tab_near(text, at, e.info()) {
            Some(tab) => {
                at = tab;
                (
                    "YAML does not allow a tab here".to_string(),
                    "indent and separate YAML with spaces, not tabs".to_string(),
                )
            }
            None => yaml_message(e.info()),
        };
        return Err(map
            .error_at(offset + at, format!("invalid YAML: {message}"))
            .with_hint(hint));
    }
    if let Some((at, msg)) = builder.error {
        return Err(map.error_at(offset + at, msg));
    }
    let mut node = builder.root.unwrap_or(Node {
        value: Value::Table(Vec::new()),
        span: 0..0,
    });
    if matches!(node.value, Value::Null) {
        node.value = Value::Table(Vec::new());
    }
    shift(&mut node, offset);
    Ok(node)
}

/// The tab a YAML error at byte `at` is about, if it is about one.
/// yaml-rust2 puts the marker near the tab, not on it (after it, or at the
/// end of the line before), so the first tab from the start of the
/// marker's line is taken, within the next two lines.
fn tab_near(text: &str, at: usize, raw: &str) -> Option<usize> {
    let at = at.min(text.len());
    if text[at..].starts_with('\t') {
        return Some(at);
    }
    if text[..at].ends_with('\t') {
        return Some(at - 1);
    }
    if !raw.contains("tab") {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let window: String = text[line_start..].split_inclusive('\n').take(2).collect();
    window.find('\t').map(|i| line_start + i)
}

/// yaml-rust2's messages, in words an editor understands, with a hint.
fn yaml_message(raw: &str) -> (String, String) {
    let (message, hint) = if raw.contains("mapping values are not allowed") {
        (
            "unexpected `:` here",
            "the fields of one table start in the same column; text that contains `: ` goes in double quotes",
        )
    } else if raw.contains("flow sequence") {
        (
            "this list has no closing `]`, or a comma is missing",
            "write a list as [a, b] on one line, or as one `- item` per line",
        )
    } else if raw.contains("flow mapping") {
        (
            "this `{ ... }` has no closing `}`, or a comma is missing",
            "write `{key: value, other: value}` on one line",
        )
    } else if raw.contains("quoted scalar") {
        (
            "this text has no closing quote",
            "end the text with the quote it starts with, on the same line",
        )
    } else if raw.contains("recursion limit") {
        (
            "lists or tables are nested too deeply",
            "nest lists and tables at most a few levels deep",
        )
    } else if raw.contains("cannot start any token") || raw.contains("unexpected character") {
        (
            "a value cannot start with this character",
            "put the text in double quotes",
        )
    } else if raw.contains("did not find expected key") || raw.contains("did not find expected '-'")
    {
        (
            "this line does not line up with the fields around it",
            "check the indentation: the fields of one table start in the same column",
        )
    } else {
        return (
            raw.to_string(),
            "check the indentation and the `key: value` form on this line".into(),
        );
    };
    (message.to_string(), hint.to_string())
}

/// Byte offsets of line starts, to turn yaml-rust2's line/char-column
/// markers into byte offsets.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last (line, col, offset) found: markers come in order, so the
    /// next one is found by walking on from it, not from the line start
    /// (which would be quadratic on a long line of flow items).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// `line` is 1-based, `col` 0-based in characters.
    fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let (last_line, last_col, last_at) = self.last.get();
        let (from, skip) = if last_line == line && last_col <= col && last_at >= start {
            (last_at, col - last_col)
        } else {
            (start, col)
        };
        let rest = &self.text[from..];
        let at = from + rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i);
        self.last.set((line, col, at));
        at
    }
}

enum Frame {
    Seq(usize, Vec<Node>),
    /// Start, entries, the key waiting for its value, and the keys so far
    /// (a set, so a map of many keys checks duplicates in linear time).
    Map(
        usize,
        Vec<Entry>,
        Option<(String, Range<usize>)>,
        std::collections::HashSet<String>,
    ),
}

struct YamlBuilder<'a> {
    stack: Vec<Frame>,
    root: Option<Node>,
    lines: &'a LineIndex<'a>,
    error: Option<(usize, String)>,
}

impl YamlBuilder<'_> {
    fn finish(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, pending, keys)) => {
                match pending.take() {
                    None => match node.value {
                        Value::Str(k) | Value::Plain(k) => *pending = Some((k, node.span)),
                        _ => {
                            if self.error.is_none() {
                                self.error = Some((
                                    node.span.start,
                                    "a YAML key must be a plain name".to_string(),
                                ));
                            }
                        }
                    },
                    Some((key, key_span)) => {
                        if !keys.insert(key.clone()) && self.error.is_none() {
                            self.error = Some((
                            key_span.start,
                            format!("`{key}` is given twice: a field may appear only once in a table"),
                        ));
                        }
                        entries.push(Entry {
                            key,
                            key_span,
                            node,
                        });
                    }
                }
            }
        }
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for YamlBuilder<'_> {
    fn on_event(&mut self, ev: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::scanner::TScalarStyle;
        use yaml_rust2::Event;
        let at = self.lines.offset(mark.line(), mark.col());
        match ev {
            Event::Scalar(text, style, _, _) => {
                let len = text.len().max(1);
                let value = if style == TScalarStyle::Plain {
                    match text.as_str() {
                        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
                        _ => Value::Plain(text),
                    }
                } else {
                    Value::Str(text)
                };
                self.finish(Node {
                    value,
                    span: at..at + len,
                });
            }
            Event::SequenceStart(..) => self.stack.push(Frame::Seq(at, Vec::new())),
            Event::MappingStart(..) => {
                self.stack
                    .push(Frame::Map(at, Vec::new(), None, Default::default()));
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq(start, items)) = self.stack.pop() {
                    self.finish(Node {
                        value: Value::Array(items),
                        span: start..at,
                    });
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(start, entries, ..)) = self.stack.pop() {
                    self.finish(Node {
                        value: Value::Table(entries),
                        span: start..at,
                    });
                }
            }
            Event::Alias(_) => {
                if self.error.is_none() {
                    self.error = Some((
                        at,
                        "YAML aliases (`*name`) are not supported: write the value out".into(),
                    ));
                }
                self.finish(Node {
                    value: Value::Null,
                    span: at..at + 1,
                });
            }
            _ => {}
        }
    }
}
