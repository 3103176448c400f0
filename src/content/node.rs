//! A located value tree: front matter (TOML or YAML) and `site.toml` are first
//! parsed into [`Node`]s that remember the byte span of every key and value,
//! so that each later validation error can point at the exact line and column
//! in the file. [`Table`] reads typed fields out of a node, rejecting unknown
//! keys with a did-you-mean hint and reporting wrong types at the value.

use std::ops::Range;

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, SourceMap};

/// A parsed value with its byte span in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    /// A YAML plain (unquoted) scalar: its meaning depends on the field.
    Plain(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date or datetime literal, as written.
    Date(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
    Null,
}

/// A key of a table with the span of the key itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Str(_) | Value::Plain(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Date(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Null => "empty",
        }
    }

    /// The value as text, when it is a scalar that can be read as text.
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) | Value::Plain(s) | Value::Date(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// Shifts every span of a tree by `by` bytes (front matter → file offsets).
fn shift(node: &mut Node, by: usize) {
    node.span = node.span.start + by..node.span.end + by;
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Value::Table(entries) => {
            for e in entries {
                e.key_span = e.key_span.start + by..e.key_span.end + by;
                shift(&mut e.node, by);
            }
        }
        _ => {}
    }
}

/// Parses TOML text that starts at byte `offset` of the file `map` describes.
pub fn parse_toml(text: &str, offset: usize, map: &SourceMap) -> Result<Node, Diagnostic> {
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start).min(text.len());
        let (message, hint) = toml_message(e.message(), text, at);
        map.error_at(offset + at, message).with_hint(hint)
    })?;
    let mut node = toml_table(doc.as_table(), 0..text.len());
    shift(&mut node, offset);
    Ok(node)
}

/// The text written at `at`, up to the end of the value (`,`, `]`, `}`, a
/// comment or the end of the line).
fn value_text(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let end = rest
        .find([',', ']', '}', '#', '\n', '\r'])
        .unwrap_or(rest.len());
    rest[..end].trim_end()
}

/// The key written at `at`.
fn key_text(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || "=.[]\"'".contains(c))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// toml_edit's messages, in words an editor understands, with a hint.
/// Syntax errors start with "invalid TOML: "; an impossible date literal
/// reads like the same date written as a string.
fn toml_message(raw: &str, text: &str, at: usize) -> (String, String) {
    let (message, hint) = match toml_syntax_message(raw, text, at) {
        Ok(pair) => pair,
        Err(date_error) => return date_error,
    };
    (format!("invalid TOML: {message}"), hint)
}

type Message = (String, String);

/// `Err` holds a complete message (for dates), `Ok` one to prefix.
fn toml_syntax_message(raw: &str, text: &str, at: usize) -> Result<Message, Message> {
    let raw = raw.trim().trim_end_matches('.');
    let what = raw.split(", expected").next().unwrap_or(raw);
    let quote_hint = "text goes in double quotes, e.g. title = \"Pakistan's pact\"".to_string();
    Ok(match what {
        w if w.starts_with("invalid date")
            || w.starts_with("invalid time")
            || w.starts_with("invalid offset") =>
        {
            let written = value_text(text, at);
            return Err(match crate::content::date::PartialDate::parse(written) {
                Err(e) => (e.message, e.hint),
                Ok(_) => (
                    format!("invalid date `{written}`"),
                    crate::content::date::FORMS.to_string(),
                ),
            });
        }
        "duplicate key" => {
            let key = key_text(text, at);
            (
                format!("`{key}` is given twice"),
                format!("keep one `{key}`: a field may appear only once in a table"),
            )
        }
        "string values must be quoted"
        | "invalid boolean"
        | "invalid integer"
        | "invalid float" => {
            let written = value_text(text, at);
            if written.is_empty() {
                (
                    "a value is missing after `=`".into(),
                    "write a value, e.g. date = 2025-10-14, or remove the line".into(),
                )
            } else {
                (
                    format!("the text `{written}` must be in quotes"),
                    format!(
                        "write \"{}\"; yes/no fields take true or false, without quotes",
                        written.replace('"', "\\\"")
                    ),
                )
            }
        }
        "key with no value" => {
            let line = text[..at].rsplit('\n').next().unwrap_or("").trim_end();
            if let Some(key) = line.strip_suffix(':') {
                let key = key.trim();
                (
                    format!("`{key}:` is YAML, but this front matter is TOML (it opens with `+++`)"),
                    format!("write `{key} = ...`, or open and close the front matter with `---` lines to write YAML"),
                )
            } else {
                (
                    format!("`{}` has no value", line.trim()),
                    "write `key = value`; a key with spaces needs quotes".into(),
                )
            }
        }
        "invalid basic string" | "invalid multi-line basic string" => (
            "this text has no closing `\"`".into(),
            "end the text with `\"` on the same line; for several lines use three quotes: \"\"\"...\"\"\"".into(),
        ),
        "invalid literal string" | "invalid multi-line literal string" => (
            "this text has no closing `'`".into(),
            "end the text with `'` on the same line, or use double quotes".into(),
        ),
        "unclosed array" => (
            "this list has no closing `]`".into(),
            "close the list with `]`, e.g. tags = [\"a\", \"b\"]".into(),
        ),
        "missing comma between array elements" if starts_a_field(text, at) => (
            "the list before this line has no closing `]`".into(),
            "close the list with `]`, e.g. tags = [\"a\", \"b\"]".into(),
        ),
        "missing comma between array elements" => (
            "a comma is missing between two items of this list".into(),
            "separate the items with commas, e.g. [\"a\", \"b\"]".into(),
        ),
        "extra comma in array" => (
            "two commas with nothing between them".into(),
            "remove one of the commas".into(),
        ),
        "unclosed inline table" => (
            "this `{ ... }` table has no closing `}`".into(),
            "close it with `}` on the same line".into(),
        ),
        "unclosed table" => (
            "this `[section]` header has no closing `]`".into(),
            "write the header as `[extra]`".into(),
        ),
        "unclosed array table" => (
            "this `[[...]]` header has no closing `]]`".into(),
            "write the header as `[[events]]` or `[[sources]]`".into(),
        ),
        "unexpected key or value" => (
            "unexpected text after the value".into(),
            "put each `key = value` on its own line; text with spaces goes in double quotes".into(),
        ),
        "extra `=`" => ("one `=` too many".into(), "write `key = value`".into()),
        "unquoted keys cannot be empty" => (
            "a field name is missing before `=`".into(),
            "write `key = value`".into(),
        ),
        w if w.contains("escape") => (
            "a `\\` in double quotes must start an escape such as `\\n` or `\\\\`".into(),
            "write `\\\\` for a backslash, or put the text in single quotes: 'C:\\path'".into(),
        ),
        w if w.contains("recurs") => (
            "lists or tables are nested too deeply".into(),
            "nest lists and tables at most a few levels deep".into(),
        ),
        _ => (raw.to_string(), quote_hint),
    })
}

/// Whether the text at `at` reads like the start of a new `key = value` line.
fn starts_a_field(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or("").trim_start();
    let key = key_text(rest, 0);
    !key.is_empty() && rest[key.len()..].trim_start().starts_with('=')
}

fn toml_table(table: &toml_edit::Table, fallback: Range<usize>) -> Node {
    let span = table.span().unwrap_or(fallback);
    let mut entries = Vec::new();
    for (key, item) in table.iter() {
        let key_span = table
            .key(key)
            .and_then(|k| k.span())
            .unwrap_or(span.clone());
        if let Some(node) = toml_item(item, key_span.clone()) {
            entries.push(Entry {
                key: key.to_string(),
                key_span,
                node,
            });
        }
    }
    Node {
        value: Value::Table(entries),
        span,
    }
}

fn toml_item(item: &toml_edit::Item, key_span: Range<usize>) -> Option<Node> {
    match item {
        toml_edit::Item::None => None,
        toml_edit::Item::Value(v) => Some(toml_value(v, key_span)),
        toml_edit::Item::Table(t) => Some(toml_table(t, key_span)),
        toml_edit::Item::ArrayOfTables(a) => {
            let items = a.iter().map(|t| toml_table(t, key_span.clone())).collect();
            Some(Node {
                value: Value::Array(items),
                span: a.span().unwrap_or(key_span),
            })
        }
    }
}

fn toml_value(v: &toml_edit::Value, fallback: Range<usize>) -> Node {
    let span = v.span().unwrap_or(fallback);
    let value = match v {
        toml_edit::Value::String(s) => Value::Str(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::Int(*i.value()),
        toml_edit::Value::Float(f) => Value::Float(*f.value()),
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => Value::Date(d.value().to_string()),
        toml_edit::Value::Array(a) => {
            Value::Array(a.iter().map(|v| toml_value(v, span.clone())).collect())
        }
        toml_edit::Value::InlineTable(t) => {
            let mut entries = Vec::new();
            for (key, v) in t.iter() {
                let key_span = t.key(key).and_then(|k| k.span()).unwrap_or(span.clone());
                entries.push(Entry {
                    key: key.to_string(),
                    key_span: key_span.clone(),
                    node: toml_value(v, key_span),
                });
            }
            Value::Table(entries)
        }
    };
    Node { value, span }
}

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

/// Reads typed fields out of a table node, reporting problems as diagnostics.
///
/// Creating a reader checks the keys against the known ones; the getters then
/// report missing required fields (at the table) and wrong types (at the value).
pub struct Table<'a> {
    entries: &'a [Entry],
    span: Range<usize>,
    map: &'a SourceMap,
    /// What the table is, for messages: "briefing", "event", "source"...
    what: &'static str,
}

impl<'a> Table<'a> {
    /// `node` must be a table; otherwise an error is reported and `None` returned.
    pub fn new(
        node: &'a Node,
        what: &'static str,
        known: &[&str],
        free: &[&str],
        map: &'a SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Table<'a>> {
        let Value::Table(entries) = &node.value else {
            diags.push(
                map.error_at(
                    node.span.start,
                    format!(
                        "{what} must be a table of fields, found {}",
                        node.type_name()
                    ),
                )
                .with_hint("write fields as `key = value` lines (in YAML, `key: value`)"),
            );
            return None;
        };
        for e in entries {
            if !known.contains(&e.key.as_str()) && !free.contains(&e.key.as_str()) {
                let hint = did_you_mean(&e.key, known.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "the fields of a {what} are: {}; put your own fields under [extra]",
                        known.join(", ")
                    )
                });
                diags.push(
                    map.error_at(
                        e.key_span.start,
                        format!("unknown field `{}` in {what}", e.key),
                    )
                    .with_hint(hint),
                );
            }
        }
        Some(Table {
            entries,
            span: node.span.clone(),
            map,
            what,
        })
    }

    pub fn map(&self) -> &'a SourceMap {
        self.map
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.node)
    }

    pub fn missing(&self, key: &str, example: &str, diags: &mut Diagnostics) {
        diags.push(
            self.map
                .error_at(
                    self.span.start,
                    format!("{} is missing required field `{key}`", self.what),
                )
                .with_hint(format!("add a line such as `{key} = {example}`")),
        );
    }

    fn wrong_type(&self, key: &str, node: &Node, expected: &str, diags: &mut Diagnostics) {
        diags.push(
            self.map
                .error_at(
                    node.span.start,
                    format!("`{key}` must be {expected}, found {}", node.type_name()),
                )
                .with_hint(format!("write it as {}", example_for(expected))),
        );
    }

    /// An optional text field.
    pub fn str(&self, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
        let node = self.get(key)?;
        match &node.value {
            Value::Str(s) | Value::Plain(s) => Some(Located::new(s.clone(), node.span.start)),
            Value::Null => None,
            _ => {
                self.wrong_type(key, node, "a string", diags);
                None
            }
        }
    }

    /// A required text field; reports it when missing or empty.
    pub fn req_str(
        &self,
        key: &str,
        example: &str,
        diags: &mut Diagnostics,
    ) -> Option<Located<String>> {
        if self.get(key).is_none() {
            self.missing(key, example, diags);
            return None;
        }
        let s = self.str(key, diags)?;
        if s.value.trim().is_empty() {
            diags.push(
                self.map
                    .error_at(s.at, format!("`{key}` must not be empty")),
            );
            return None;
        }
        Some(s)
    }

    /// Text or a date literal, for date fields (parsed by the caller).
    pub fn date_text(&self, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
        let node = self.get(key)?;
        match &node.value {
            Value::Str(s) | Value::Plain(s) | Value::Date(s) => {
                Some(Located::new(s.clone(), node.span.start))
            }
            Value::Int(i) => Some(Located::new(i.to_string(), node.span.start)),
            Value::Null => None,
            _ => {
                self.wrong_type(key, node, "a date", diags);
                None
            }
        }
    }

    pub fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<bool> {
        let node = self.get(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Plain(s) if matches!(s.as_str(), "true" | "True" | "yes") => Some(true),
            Value::Plain(s) if matches!(s.as_str(), "false" | "False" | "no") => Some(false),
            Value::Null => None,
            _ => {
                self.wrong_type(key, node, "true or false", diags);
                None
            }
        }
    }

    pub fn int(&self, key: &str, diags: &mut Diagnostics) -> Option<Located<i64>> {
        let node = self.get(key)?;
        match &node.value {
            Value::Int(i) => Some(Located::new(*i, node.span.start)),
            Value::Plain(s) if s.parse::<i64>().is_ok() => {
                s.parse().ok().map(|i| Located::new(i, node.span.start))
            }
            Value::Null => None,
            _ => {
                self.wrong_type(key, node, "a whole number", diags);
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    pub fn str_list(&self, key: &str, diags: &mut Diagnostics) -> Vec<Located<String>> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Str(s) | Value::Plain(s) => vec![Located::new(s.clone(), node.span.start)],
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::Str(s) | Value::Plain(s) => {
                        Some(Located::new(s.clone(), item.span.start))
                    }
                    _ => {
                        diags.push(
                            self.map
                                .error_at(
                                    item.span.start,
                                    format!(
                                        "each item of `{key}` must be a string, found {}",
                                        item.type_name()
                                    ),
                                )
                                .with_hint(format!("write it as {}", example_for("a string"))),
                        );
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(key, node, "a list of strings", diags);
                Vec::new()
            }
        }
    }

    /// A list of tables (`[[events]]` in TOML, a list of maps in YAML).
    pub fn tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<&'a Node> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Array(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => {
                self.wrong_type(key, node, "a list of tables", diags);
                Vec::new()
            }
        }
    }
}

fn example_for(expected: &str) -> &'static str {
    match expected {
        "a string" => "text in double quotes, e.g. \"Islamabad\"",
        "a date" => "a date such as 2025-10-14, \"2025-10\" or \"2025\"",
        "true or false" => "true or false, without quotes",
        "a whole number" => "a number without quotes, e.g. 20",
        "a list of strings" => "a list such as [\"China\", \"Pakistan\"]",
        "a list of tables" => {
            "one `[[name]]` block per item (in YAML: a list of `key: value` items)"
        }
        _ => "shown in the example front matter of `dossier new`",
    }
}

/// A value with the byte offset in its file where it was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Located<T> {
    pub value: T,
    pub at: usize,
}

impl<T> Located<T> {
    pub fn new(value: T, at: usize) -> Self {
        Located { value, at }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos_of(map: &SourceMap, node: &Node, key: &str) -> (usize, usize) {
        let Value::Table(entries) = &node.value else {
            panic!("not a table")
        };
        let e = entries.iter().find(|e| e.key == key).expect("key present");
        let p = map.pos(e.node.span.start);
        (p.line, p.col)
    }

    #[test]
    fn toml_spans_are_file_positions() {
        let file = "+++\ntitle = \"A\"\ndate = 2025-10-14\n+++\nbody";
        let map = SourceMap::new("x.md", file);
        let node = parse_toml(&file[4..33], 4, &map).expect("valid");
        assert_eq!(pos_of(&map, &node, "title"), (2, 9));
        assert_eq!(pos_of(&map, &node, "date"), (3, 8));
    }

    #[test]
    fn toml_array_of_tables_have_their_own_spans() {
        let file = "+++\n[[events]]\ntitle = \"a\"\n[[events]]\ntitle = 3\n+++\n";
        let map = SourceMap::new("x.md", file);
        let end = file.rfind("+++").unwrap();
        let node = parse_toml(&file[4..end], 4, &map).expect("valid");
        let Value::Table(entries) = &node.value else {
            panic!()
        };
        let Value::Array(events) = &entries[0].node.value else {
            panic!()
        };
        assert_eq!(pos_of(&map, &events[1], "title"), (5, 9));
    }

    #[test]
    fn toml_syntax_error_points_into_file() {
        let file = "+++\ntitle = \"A\"\ndate = = 3\n+++\n";
        let map = SourceMap::new("x.md", file);
        let err = parse_toml(&file[4..27], 4, &map).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("invalid TOML"), "{}", err.message);
    }

    #[test]
    fn yaml_spans_are_file_positions() {
        let file = "---\ntitle: A\nevents:\n  - title: x\n    date: 2025-04\n---\n";
        let map = SourceMap::new("x.md", file);
        let end = file.rfind("---").unwrap();
        let node = parse_yaml(&file[4..end], 4, &map).expect("valid");
        assert_eq!(pos_of(&map, &node, "title"), (2, 8));
        let Value::Table(entries) = &node.value else {
            panic!()
        };
        let Value::Array(events) = &entries[1].node.value else {
            panic!()
        };
        assert_eq!(pos_of(&map, &events[0], "date"), (5, 11));
    }

    #[test]
    fn yaml_duplicate_key_is_an_error() {
        let file = "---\ntitle: A\ntitle: B\n---\n";
        let map = SourceMap::new("x.md", file);
        let err = parse_yaml(&file[4..21], 4, &map).unwrap_err();
        assert_eq!((err.line, err.col), (3, 1));
        assert_eq!(
            err.message,
            "`title` is given twice: a field may appear only once in a table"
        );
    }
}
