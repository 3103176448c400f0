//! The open documents: their unsaved text, edits applied as the editor sends
//! them, and conversion between byte offsets and LSP positions.
//!
//! LSP counts columns in UTF-16 code units; dossier's diagnostics count
//! characters. Every conversion goes through the document's text, so a line
//! of Urdu or Chinese before a mistake still lands the range on it. Positions
//! past the end of a line or of the text are clamped, never trusted.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// One open document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub text: String,
    pub version: i32,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        let starts = line_starts(&text);
        Document {
            text,
            version,
            starts,
        }
    }

    /// Applies the editor's changes in order: a change with a range replaces
    /// it, one without replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.offset(range.start);
                    let end = self.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.starts = line_starts(&self.text);
        }
        self.version = version;
    }

    /// The byte offset of an LSP position, clamped into the text.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let line = self.line_at(start);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The LSP position of a byte offset (clamped, and moved back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a 1-based line and a 1-based column counted in
    /// characters, as dossier's diagnostics give them.
    pub fn offset_of_line_col(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let text = self.line_at(start);
        let mut chars = text.char_indices();
        let mut skip = col.saturating_sub(1);
        if line == 1 && text.starts_with('\u{feff}') {
            // Diagnostics count columns after a byte-order mark.
            skip += 1;
        }
        chars
            .nth(skip)
            .map_or(start + text.len(), |(i, _)| start + i)
    }

    /// The text of the line starting at byte `start`, without its ending.
    fn line_at(&self, start: usize) -> &str {
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// The end of the token that starts at byte `at` of `text`, so that a
/// diagnostic's range covers what it is about: a quoted string, a `[[...]]`
/// or `[...]`, a word (names, dates, keys), else the rest of the line.
pub(crate) fn token_end(text: &str, at: usize) -> usize {
    let rest = &text[at.min(text.len())..];
    let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let end = match line.chars().next() {
        None => 0,
        Some(q @ ('"' | '\'')) => {
            let mut escaped = false;
            let close = line[1..].char_indices().find(|(_, c)| {
                let hit = *c == q && !escaped;
                escaped = q == '"' && *c == '\\' && !escaped;
                hit
            });
            close.map_or(line.len(), |(i, _)| i + 2)
        }
        Some('[') => {
            let close = if line.starts_with("[[") { "]]" } else { "]" };
            line.find(close).map_or(line.len(), |i| i + close.len())
        }
        Some(c) if is_word(c) => line.find(|c: char| !is_word(c)).unwrap_or(line.len()),
        Some(_) => line
            .trim_end()
            .len()
            .max(line.chars().next().map_or(0, char::len_utf8)),
    };
    at.min(text.len()) + end
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || "-_.:+".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_clamp() {
        // "外交部" is three UTF-16 units; "😀" is two.
        let doc = Document::new("ab\n外交部 x😀y\n".to_string(), 0);
        let x = doc.text.find('x').unwrap();
        assert_eq!(doc.position(x), Position::new(1, 4));
        assert_eq!(doc.offset(Position::new(1, 4)), x);
        let y = doc.text.find('y').unwrap();
        assert_eq!(doc.position(y), Position::new(1, 7));
        assert_eq!(doc.offset(Position::new(1, 7)), y);
        // Past the end of a line: its end; past the last line: the text's end.
        assert_eq!(doc.offset(Position::new(0, 99)), 2);
        assert_eq!(doc.offset(Position::new(9, 0)), doc.text.len());
        // Inside a surrogate pair: the character after it.
        assert_eq!(doc.offset(Position::new(1, 6)), y);
        assert_eq!(doc.offset_of_line_col(2, 5), x);
    }

    #[test]
    fn edits_apply_in_order() {
        let mut doc = Document::new("title = \"a\"\n".to_string(), 1);
        doc.apply(
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(0, 9), Position::new(0, 10))),
                range_length: None,
                text: "اردو".to_string(),
            }],
            2,
        );
        assert_eq!(doc.text, "title = \"اردو\"\n");
        assert_eq!(doc.version, 2);
        assert_eq!(doc.position(doc.text.len() - 2), Position::new(0, 13));
    }

    #[test]
    fn tokens_cover_what_a_diagnostic_is_about() {
        let cases = [
            ("x = \"a \\\" b\" # c", 4, "\"a \\\" b\""),
            ("see [[Chna|China]] now", 4, "[[Chna|China]]"),
            ("see [@nope; @x] now", 4, "[@nope; @x]"),
            ("date = 2025-02-30\n", 7, "2025-02-30"),
            ("titel = 3", 0, "titel"),
            ("= oops  ", 0, "= oops"),
        ];
        for (text, at, token) in cases {
            assert_eq!(&text[at..token_end(text, at)], token, "{text}");
        }
    }
}
