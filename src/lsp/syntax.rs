//! Reading a document as the editor has it, half-typed: which table and key
//! the cursor is in, the string or `[[...]]` / `[@...]` under it, and the
//! events and sources the front matter declares.
//!
//! Unsaved text is often broken (an unclosed quote, a missing `]`), so this
//! works line by line and never needs the whole file to parse: TOML tables
//! from `[[events]]` / `[[sources]]` headers, YAML tables from indentation,
//! keys from `key =` / `key:` at a line start, values continued over lines
//! while a `[` is open.

use std::ops::Range;

/// The kind of table a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Briefing,
    Event,
    Source,
    /// A briefing's `[[corrections]]` entry.
    Correction,
    Profile,
    /// A place profile's front matter.
    Place,
    Page,
    Site,
    /// `[extra]` and the like: free-form, nothing to check.
    Other,
}

/// What kind of file a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Briefing,
    Profile,
    Place,
    Page,
    /// `site.toml`: TOML from the first line, no body.
    Site,
}

impl FileKind {
    fn top(self) -> Table {
        match self {
            FileKind::Briefing => Table::Briefing,
            FileKind::Profile => Table::Profile,
            FileKind::Place => Table::Place,
            FileKind::Page => Table::Page,
            FileKind::Site => Table::Site,
        }
    }
}

/// Text under or before the cursor: `range` is the whole of it (inside any
/// quotes or brackets), `prefix` what lies before the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub range: Range<usize>,
    pub prefix: String,
    pub text: String,
}

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spot {
    /// On a key of `table` (or a blank line where one could go).
    Key {
        table: Table,
        word: Word,
    },
    /// In the value of `key`; `word` is the string under the cursor, if any.
    Value {
        table: Table,
        key: String,
        word: Option<Word>,
    },
    /// In a `[[...]]` mention (`label`: after its `|`).
    Mention {
        word: Word,
        label: bool,
    },
    /// On an id of a `[@...]` citation.
    Citation {
        word: Word,
    },
    Nothing,
}

/// One front-matter line, as the walker saw it.
#[derive(Debug, Clone)]
struct LineInfo {
    start: usize,
    end: usize,
    table: Table,
    /// Which item of the table's list (events, sources) this line is in.
    item: usize,
    /// The key this line's text belongs to, and where its value starts on
    /// this line (`None`: a key being typed, or a header).
    key: Option<String>,
    value_from: Option<usize>,
}

/// The front matter's byte range and whether it is YAML.
fn front_matter(text: &str, kind: FileKind) -> Option<(Range<usize>, bool)> {
    if kind == FileKind::Site {
        return Some((0..text.len(), false));
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let fence = text[start..first_end].trim_end();
    if fence != "+++" && fence != "---" {
        return None;
    }
    let from = (first_end + 1).min(text.len());
    let mut at = from;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if text[at..end].trim_end() == fence {
            return Some((from..at, fence == "---"));
        }
        at = end + 1;
    }
    Some((from..text.len(), fence == "---"))
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `key =` (TOML) or `key:` (YAML) at the start of `line` (after
/// indentation and a YAML `- `): the key and the byte after the separator.
fn key_of(line: &str, yaml: bool) -> Option<(String, usize)> {
    let body = line.trim_start();
    let body = match body.strip_prefix("- ") {
        Some(item) if yaml => item.trim_start(),
        _ => body,
    };
    let from = line.len() - body.len();
    let key_len = body.find(|c: char| !is_key_char(c)).unwrap_or(body.len());
    if key_len == 0 {
        return None;
    }
    let rest = &body[key_len..];
    let sep = if yaml { ':' } else { '=' };
    let gap = rest.len() - rest.trim_start().len();
    let rest_t = rest.trim_start();
    if !rest_t.starts_with(sep) || (yaml && !(rest_t.len() == 1 || rest_t[1..].starts_with(' '))) {
        return None;
    }
    Some((body[..key_len].to_string(), from + key_len + gap + 1))
}

/// How many `[` are open after `text`, outside quotes.
fn open_brackets(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if c == q && !escaped {
                    quote = None;
                }
                escaped = q == '"' && c == '\\' && !escaped;
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' => depth += 1,
                ']' => depth -= 1,
                '#' => break,
                _ => {}
            },
        }
    }
    depth
}

/// Walks the front matter line by line.
fn walk(text: &str, kind: FileKind) -> Vec<LineInfo> {
    let Some((range, yaml)) = front_matter(text, kind) else {
        return Vec::new();
    };
    let top = kind.top();
    let mut out = Vec::new();
    let mut table = top;
    let mut items: [usize; 3] = [0, 0, 0];
    let mut key: Option<String> = None;
    let mut depth = 0i32;
    let mut triple = false;
    let mut at = range.start;
    while at < range.end {
        let end = text[at..range.end].find('\n').map_or(range.end, |i| at + i);
        let line = text[at..end].trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut info = LineInfo {
            start: at,
            end: at + line.len(),
            table,
            item: 0,
            key: None,
            value_from: None,
        };
        if depth > 0 || triple {
            info.key = key.clone();
            info.value_from = Some(at);
            depth += open_brackets(line);
            if line.matches("\"\"\"").count() % 2 == 1 {
                triple = !triple;
            }
        } else if !yaml && trimmed.starts_with('[') {
            let name = trimmed.trim_start_matches('[');
            let name = &name[..name.find(|c: char| !is_key_char(c)).unwrap_or(name.len())];
            table = match (trimmed.starts_with("[["), name) {
                (true, "events") => Table::Event,
                (true, "sources") => Table::Source,
                (true, "corrections") => Table::Correction,
                _ => Table::Other,
            };
            if let Some(i) = item_slot(table) {
                items[i] += 1;
            }
            info.table = table;
            key = None;
        } else if yaml && indent == 0 && !trimmed.is_empty() && !trimmed.starts_with('#') {
            table = top;
            if let Some((k, from)) = key_of(line, true) {
                table = match k.as_str() {
                    "events" if kind == FileKind::Briefing => Table::Event,
                    "sources" if kind == FileKind::Briefing => Table::Source,
                    "corrections" if kind == FileKind::Briefing => Table::Correction,
                    "extra" => Table::Other,
                    _ => top,
                };
                info.key = Some(k.clone());
                info.value_from = Some(at + from);
                depth = open_brackets(&line[from..]);
                key = Some(k);
            }
            // The `events:` line itself belongs to the top table.
            info.table = top;
        } else if let Some((k, from)) = key_of(line, yaml) {
            if yaml && trimmed.starts_with("- ") {
                if let Some(i) = item_slot(table) {
                    items[i] += 1;
                }
            }
            info.table = table;
            info.key = Some(k.clone());
            info.value_from = Some(at + from);
            depth = open_brackets(&line[from..]);
            if line[from..].matches("\"\"\"").count() % 2 == 1 {
                triple = true;
            }
            key = Some(k);
        } else if yaml && trimmed.starts_with('-') {
            info.key = key.clone();
            info.value_from = Some(at + indent + 1);
        }
        info.item = item_slot(info.table).map_or(0, |i| items[i]);
        out.push(info);
        at = end + 1;
    }
    out
}

fn item_slot(table: Table) -> Option<usize> {
    match table {
        Table::Event => Some(0),
        Table::Source => Some(1),
        Table::Correction => Some(2),
        _ => None,
    }
}

/// The quoted string (or YAML plain item) around `cursor` in `line`, which
/// starts at byte `start` of the file; values begin at `from`.
fn string_at(line: &str, start: usize, from: usize, cursor: usize, yaml: bool) -> Option<Word> {
    let from = from.saturating_sub(start).min(line.len());
    let cur = cursor.saturating_sub(start).min(line.len());
    if cur < from || !line.is_char_boundary(cur) || !line.is_char_boundary(from) {
        return None;
    }
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    for (i, c) in line[from..].char_indices() {
        let i = from + i;
        match quote {
            Some((q, open)) => {
                if c == q && !escaped {
                    if cur > open && cur <= i {
                        return Some(word(line, start, open + 1..i, cur));
                    }
                    quote = None;
                }
                escaped = q == '"' && c == '\\' && !escaped;
            }
            None if c == '"' || c == '\'' => quote = Some((c, i)),
            None => {}
        }
    }
    if let Some((_, open)) = quote {
        if cur > open {
            return Some(word(line, start, open + 1..line.len(), cur));
        }
        return None;
    }
    if !yaml {
        return None;
    }
    // A YAML plain scalar: between `:`/`- `/`[`/`,` and `,`/`]`/the end.
    let before = &line[from..cur];
    let s = from + before.rfind(['[', ',', '-', ':']).map_or(0, |i| i + 1);
    let after = &line[cur..];
    let e = cur + after.find([',', ']', '#']).unwrap_or(after.len());
    let s = s + (line[s..e].len() - line[s..e].trim_start().len());
    let e = s.max(e - (line[s..e].len() - line[s..e].trim_end().len()));
    (cur >= s).then(|| word(line, start, s..e, cur))
}

fn word(line: &str, start: usize, range: Range<usize>, cur: usize) -> Word {
    let cur = cur.clamp(range.start, range.end);
    Word {
        prefix: line[range.start..cur].to_string(),
        text: line[range.clone()].to_string(),
        range: start + range.start..start + range.end,
    }
}

/// A `[[...]]` or `[@...]` around the cursor on `line`.
fn markdown_spot(line: &str, start: usize, cur: usize) -> Spot {
    let cur = cur.min(line.len());
    let before = &line[..cur];
    if let Some(open) = before.rfind("[[") {
        if !before[open..].contains("]]") {
            let inner = open + 2;
            let rest = &line[inner..];
            let close = rest.find("]]").map_or(line.len(), |i| inner + i);
            let pipe = line[inner..close].find('|').map(|i| inner + i);
            let name_end = pipe.unwrap_or(close);
            let label = pipe.is_some_and(|p| cur > p);
            return Spot::Mention {
                word: word(line, start, inner..name_end, cur.min(name_end)),
                label,
            };
        }
    }
    if let Some(open) = before.rfind('[') {
        let inside = &before[open + 1..];
        if !inside.contains(']') && inside.trim_start().starts_with('@') {
            if let Some(at) = before.rfind('@') {
                let s = at + 1;
                let e = cur
                    + line[cur..]
                        .find(|c: char| !(c.is_alphanumeric() || "._:-".contains(c)))
                        .unwrap_or(line.len() - cur);
                let e = if line[s..e].ends_with(['.', ':']) {
                    e - 1
                } else {
                    e
                };
                return Spot::Citation {
                    word: word(line, start, s..e.max(s), cur),
                };
            }
        }
    }
    Spot::Nothing
}

/// Where `offset` is in `text`.
pub(crate) fn spot(text: &str, kind: FileKind, offset: usize) -> Spot {
    let offset = offset.min(text.len());
    let lines = walk(text, kind);
    let yaml = front_matter(text, kind).is_some_and(|(_, y)| y);
    let Some(info) = lines.iter().find(|l| l.start <= offset && offset <= l.end) else {
        let in_front = front_matter(text, kind).is_some_and(|(r, _)| r.contains(&offset));
        if in_front {
            return Spot::Nothing;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        return markdown_spot(&text[line_start..line_end], line_start, offset - line_start);
    };
    let line = &text[info.start..info.end];
    match (&info.key, info.value_from) {
        (Some(key), Some(from)) if offset >= from => {
            if key == "text" {
                let md = markdown_spot(line, info.start, offset - info.start);
                if md != Spot::Nothing {
                    return md;
                }
            }
            Spot::Value {
                table: info.table,
                key: key.clone(),
                word: string_at(line, info.start, from, offset, yaml),
            }
        }
        (None, _) if line.trim_start().starts_with('[') && !yaml => Spot::Nothing,
        _ => {
            let body = line.trim_start();
            let body = if yaml {
                body.trim_start_matches("- ")
            } else {
                body
            };
            let s = info.start + (line.len() - body.len());
            if offset < s {
                return Spot::Nothing;
            }
            let e = s + body.find(|c: char| !is_key_char(c)).unwrap_or(body.len());
            let rel = |o: usize| o - info.start;
            Spot::Key {
                table: info.table,
                word: word(
                    line,
                    info.start,
                    rel(s)..rel(e.max(offset.min(e))),
                    rel(offset),
                ),
            }
        }
    }
}

/// An event or a source declared in the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub table: Table,
    /// From its first line to its last.
    pub range: Range<usize>,
    /// `id`, with the range of its text.
    pub id: Option<(String, Range<usize>)>,
    pub title: Option<String>,
    pub date: Option<String>,
}

/// The events and sources of a document, in order, from whatever parses.
pub(crate) fn items(text: &str, kind: FileKind) -> Vec<Item> {
    let yaml = front_matter(text, kind).is_some_and(|(_, y)| y);
    let mut out: Vec<Item> = Vec::new();
    let mut last: Option<(Table, usize)> = None;
    for info in walk(text, kind) {
        if !matches!(info.table, Table::Event | Table::Source) || info.item == 0 {
            continue;
        }
        if last != Some((info.table, info.item)) {
            last = Some((info.table, info.item));
            out.push(Item {
                table: info.table,
                range: info.start..info.end,
                id: None,
                title: None,
                date: None,
            });
        }
        let Some(item) = out.last_mut() else { continue };
        if !text[info.start..info.end].trim().is_empty() {
            item.range.end = info.end;
        }
        let (Some(key), Some(from)) = (&info.key, info.value_from) else {
            continue;
        };
        let line = &text[info.start..info.end];
        let value = scalar(line, info.start, from, yaml);
        match key.as_str() {
            "id" => item.id = value,
            "title" => item.title = value.map(|v| v.0),
            "date" => item.date = value.map(|v| v.0),
            _ => {}
        }
    }
    out
}

/// A one-line scalar value: the text in its quotes, or as written.
fn scalar(line: &str, start: usize, from: usize, yaml: bool) -> Option<(String, Range<usize>)> {
    let f = from.saturating_sub(start).min(line.len());
    let raw = line[f..].trim_start();
    let s = line.len() - raw.len();
    let inside = start + s + usize::from(raw.starts_with(['"', '\'']));
    if let Some(w) = string_at(line, start, from, inside, yaml) {
        return Some((w.text, w.range));
    }
    let value = raw.split('#').next().unwrap_or("").trim_end();
    (!value.is_empty()).then(|| (value.to_string(), start + s..start + s + value.len()))
}

#[cfg(test)]
mod tests;

/// Every one-line string value of the front matter: its table, key and text.
pub(crate) fn values(text: &str, kind: FileKind) -> Vec<(Table, String, Word)> {
    let yaml = front_matter(text, kind).is_some_and(|(_, y)| y);
    let mut out = Vec::new();
    for info in walk(text, kind) {
        let (Some(key), Some(from)) = (&info.key, info.value_from) else {
            continue;
        };
        let line = &text[info.start..info.end];
        let f = from.saturating_sub(info.start).min(line.len());
        let mut i = f;
        while i < line.len() {
            let rest = &line[i..];
            let Some(skip) = rest.find(|c: char| !" \t[],-".contains(c)) else {
                break;
            };
            let s = i + skip;
            if line[s..].starts_with('#') {
                break;
            }
            let quoted = line[s..].starts_with(['"', '\'']);
            if !quoted && !yaml {
                break;
            }
            let Some(w) = string_at(
                line,
                info.start,
                from,
                info.start + s + usize::from(quoted),
                yaml,
            ) else {
                break;
            };
            let next = w.range.end - info.start + usize::from(quoted);
            if next <= s {
                break;
            }
            i = next;
            if !w.text.is_empty() {
                out.push((info.table, key.clone(), w));
            }
        }
    }
    out
}

/// Where the Markdown body of a content file starts (the end of the text
/// when the front matter is not closed).
pub(crate) fn body_start(text: &str) -> usize {
    let Some((range, _)) = front_matter(text, FileKind::Briefing) else {
        return 0;
    };
    let after = range.end;
    text[after..]
        .find('\n')
        .map_or(text.len(), |i| after + i + 1)
}
