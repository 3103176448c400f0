//! A located value tree: front matter (TOML or YAML) and `site.toml` are first
//! parsed into [`Node`]s that remember the byte span of every key and value,
//! so that each later validation error can point at the exact line and column
//! in the file. [`Table`] reads typed fields out of a node, rejecting unknown
//! keys with a did-you-mean hint and reporting wrong types at the value.

use std::ops::Range;

mod toml;
mod yaml;

pub use toml::parse_toml;
pub use yaml::parse_yaml;

use crate::diagnostic::{did_you_mean, Diagnostics, SourceMap};

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

    /// The byte offset of `key` itself, if the table has it.
    pub fn key_at(&self, key: &str) -> Option<usize> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.key_span.start)
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
