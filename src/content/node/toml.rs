//! TOML into located [`Node`]s: `toml_edit` parses, every key and value
//! keeps its byte span, and syntax errors become messages an editor can act
//! on (what is wrong at the position, and how to write it instead).

use std::ops::Range;

use super::{shift, Entry, Node, Value};
use crate::diagnostic::{Diagnostic, SourceMap};

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
