//! Errors and warnings as data.
//!
//! Every stage reports problems as [`Diagnostic`]s that carry the file, the
//! line and column *in that file* (1-based, columns counted in characters), a
//! message, and a hint on how to fix it. Stages collect them into a
//! [`Diagnostics`] list and keep going, so one run shows every problem; the
//! list is rendered for humans (`path:line:col: error: message`, the line
//! with a caret, the hint; errors first, warnings that repeat once per
//! reference shown once per [`Group`]) or as JSON for CI and editors, one
//! entry per diagnostic.

mod group;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use group::{Group, Kind};

/// How bad a diagnostic is. Errors fail the build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// How to fix it, when we can say (a `Box<str>`, not a `String`, so
    /// that a `Result` carrying a diagnostic stays small).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Box<str>>,
    /// The text of the offending line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// For warnings that come in numbers: their kind and key (boxed: most
    /// diagnostics have none, and every `Result` carrying one stays small).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Box<Group>>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
            hint: None,
            source_line: None,
            group: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    /// Marks a warning as one of many of `kind` about `key`.
    pub fn grouped(mut self, kind: Kind, key: impl Into<String>) -> Self {
        self.group = Some(Box::new(Group {
            kind,
            key: key.into(),
        }));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders `path:line:col: error: message`, the line, a caret and the hint.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{}", self.path.display());
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.col.max(1));
        }
        let _ = writeln!(out, ": {kind}: {}", printable(&self.message));
        if let Some(text) = &self.source_line {
            let gutter = self.line.to_string();
            // Control characters would move the caret, or drive the terminal.
            let shown: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "{} |", " ".repeat(gutter.len()));
            let _ = writeln!(out, "{gutter} | {shown}");
            let pad = " ".repeat(self.col.saturating_sub(1));
            let _ = writeln!(out, "{} | {pad}^", " ".repeat(gutter.len()));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", printable(hint));
        }
        out
    }
}

/// The most diagnostics kept for one file; the rest are only counted, so a
/// file with millions of the same mistake cannot exhaust memory or bury the
/// first, most useful messages.
pub const MAX_PER_FILE: usize = 100;

/// How many diagnostics of one file were counted but not kept.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NotShown {
    pub errors: usize,
    pub warnings: usize,
}

/// A collection of diagnostics from one run, kept in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Diagnostics kept per file, to apply [`MAX_PER_FILE`].
    kept: std::collections::BTreeMap<PathBuf, usize>,
    not_shown: std::collections::BTreeMap<PathBuf, NotShown>,
    /// Set when the run was refused for how it was asked (a flag, a missing
    /// site folder, an output folder that is not dossier's): exit status 2.
    usage: bool,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        let kept = match self.kept.get_mut(&d.path) {
            Some(n) => n,
            None => self.kept.entry(d.path.clone()).or_default(),
        };
        if *kept >= MAX_PER_FILE {
            let n = self.not_shown.entry(d.path).or_default();
            if d.severity == Severity::Error {
                n.errors += 1;
            } else {
                n.warnings += 1;
            }
            return;
        }
        *kept += 1;
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        for d in other {
            self.push(d);
        }
    }

    /// Whether `path` has had [`MAX_PER_FILE`] diagnostics: more are only counted.
    pub fn is_full(&self, path: &Path) -> bool {
        self.kept.get(path).is_some_and(|n| *n >= MAX_PER_FILE)
    }

    /// Adds an error in how the command was asked (exit status 2).
    pub fn push_usage(&mut self, d: Diagnostic) {
        self.usage = true;
        self.push(d);
    }

    /// Whether an error is in how the command was asked rather than in the
    /// site: such a run exits with 2, not 1.
    pub fn is_usage(&self) -> bool {
        self.usage
    }

    /// Adds another list, including what it counted but did not keep.
    pub fn merge(&mut self, other: Diagnostics) {
        self.usage |= other.usage;
        for (path, n) in &other.not_shown {
            let mine = self.not_shown.entry(path.clone()).or_default();
            mine.errors += n.errors;
            mine.warnings += n.warnings;
        }
        self.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Errors, counting those not kept.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
            + self.not_shown.values().map(|n| n.errors).sum::<usize>()
    }

    /// Warnings, counting those not kept.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| !d.is_error()).count()
            + self.not_shown.values().map(|n| n.warnings).sum::<usize>()
    }

    /// Files that had more than [`MAX_PER_FILE`] diagnostics, and how many
    /// more there were.
    pub fn not_shown(&self) -> impl Iterator<Item = (&Path, NotShown)> {
        self.not_shown.iter().map(|(p, n)| (p.as_path(), *n))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file and position, so output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// All diagnostics for a terminal. Errors come first, each in full; then
    /// the warnings, where those of one [`Group`] seen more than once are
    /// one entry (count, first positions, hint); then a line counting the
    /// warnings by kind. After a file's last entry, a note of how many more
    /// it had, if it had too many to show.
    pub fn render(&self) -> String {
        let sizes = group::sizes(&self.items);
        let alone = |d: &&Diagnostic| d.group.as_deref().is_none_or(|g| sizes[g] == 1);
        let errors: Vec<&Diagnostic> = self.items.iter().filter(|d| d.is_error()).collect();
        let warnings: Vec<&Diagnostic> = self
            .items
            .iter()
            .filter(|d| !d.is_error())
            .filter(alone)
            .collect();
        let mut out = String::new();
        let mut noted = BTreeSet::new();
        self.render_list(&errors, &mut noted, &mut out);
        self.render_list(&warnings, &mut noted, &mut out);
        group::render_groups(&self.items, &sizes, &mut out);
        if let Some(line) = group::summary_by_kind(&self.items) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// Renders `items` in order, each followed, after its file's last one,
    /// by the note of what that file had too many of (once per file).
    fn render_list<'a>(
        &'a self,
        items: &[&'a Diagnostic],
        noted: &mut BTreeSet<&'a Path>,
        out: &mut String,
    ) {
        let mut items = items.iter().peekable();
        while let Some(d) = items.next() {
            out.push_str(&d.render());
            out.push('\n');
            let last_of_file = items.peek().is_none_or(|next| next.path != d.path);
            if !last_of_file || !noted.insert(&d.path) {
                continue;
            }
            if let Some(n) = self.not_shown.get(&d.path) {
                out.push_str(&format!(
                    "{}: note: {} more error(s) and {} more warning(s) in this file are not shown\n\n",
                    d.path.display(),
                    n.errors,
                    n.warnings
                ));
            }
        }
    }

    /// The JSON form printed by `dossier check --format json`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Report<'a> {
            errors: usize,
            warnings: usize,
            diagnostics: &'a [Diagnostic],
            /// Per file, diagnostics counted but not listed.
            #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
            not_shown: &'a std::collections::BTreeMap<PathBuf, NotShown>,
        }
        let report = Report {
            errors: self.error_count(),
            warnings: self.warning_count(),
            diagnostics: &self.items,
            not_shown: &self.not_shown,
        };
        serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Maps byte offsets in a file's text to line and column, and gives lines
/// back for the caret display.
#[derive(Debug, Clone)]
pub struct SourceMap {
    path: PathBuf,
    text: String,
    /// Computed on the first position asked for: most files never have a
    /// diagnostic, and scanning every file for lines costs a tenth of
    /// parsing.
    lines: std::sync::OnceLock<Lines>,
}

#[derive(Debug, Clone)]
struct Lines {
    starts: Vec<usize>,
    /// Characters before each [`BLOCK`]-byte block, so that a column on a
    /// megabyte-long line is found without counting from the line start.
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 4096;

impl SourceMap {
    pub fn new(path: impl Into<PathBuf>, text: &str) -> Self {
        SourceMap {
            path: path.into(),
            text: text.to_string(),
            lines: std::sync::OnceLock::new(),
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| {
            let text = &self.text;
            let mut starts = vec![0];
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            let mut chars_before_block = vec![0];
            for block in text.as_bytes().chunks(BLOCK) {
                let before = chars_before_block.last().copied().unwrap_or(0);
                chars_before_block.push(before + char_starts(block));
            }
            Lines {
                starts,
                chars_before_block,
            }
        })
    }

    /// The number of characters before byte `at` (a char boundary).
    fn chars_before(&self, at: usize) -> usize {
        let block = at / BLOCK;
        self.lines().chars_before_block[block]
            + char_starts(&self.text.as_bytes()[block * BLOCK..at])
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Line and column (1-based, column in characters) of a byte offset.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line_idx = match self.lines().starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut start = self.lines().starts[line_idx];
        if line_idx == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            // A byte-order mark is invisible in editors: columns start after it.
            start = 3;
        }
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.chars_before(end) - self.chars_before(start) + 1;
        Pos {
            line: line_idx + 1,
            col,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = *self.lines().starts.get(line.checked_sub(1)?)?;
        let end = self
            .lines()
            .starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let text = self.text[start..end].trim_end_matches(['\n', '\r']);
        Some(if line == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        })
    }

    fn attach(&self, mut d: Diagnostic) -> Diagnostic {
        d.source_line = self
            .line_text(d.line)
            .and_then(|line| shown_line(line, d.col));
        d
    }

    /// An error at a byte offset of this file.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.attach(Diagnostic::error(&self.path, self.pos(offset), message))
    }

    /// A warning at a byte offset of this file.
    pub fn warning_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.attach(Diagnostic::warning(&self.path, self.pos(offset), message))
    }
}

/// Text for a terminal: control characters (NUL, escape sequences that
/// would recolour or rewrite the screen) shown as `\u{1b}`.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// How many characters start in `bytes` (UTF-8 bytes that are not continuations).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// The longest line shown under a message, in characters.
const MAX_SHOWN: usize = 240;

/// The line for the caret display: long lines are cut (each diagnostic
/// keeps its own copy, and a 10 MB line must not be copied per error); a
/// column past the cut shows no line at all.
fn shown_line(line: &str, col: usize) -> Option<String> {
    if line.len() <= MAX_SHOWN {
        return Some(line.to_string());
    }
    if col > MAX_SHOWN {
        return None;
    }
    let mut shown: String = line.chars().take(MAX_SHOWN).collect();
    shown.push('…');
    Some(shown)
}

/// "did you mean `x`?" for a misspelt name among known ones.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lower = name.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let map = SourceMap::new("a.md", "ab\nçd\r\nxyz");
        assert_eq!(map.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(map.pos(3), Pos { line: 2, col: 1 });
        // 'ç' is two bytes but one column.
        assert_eq!(map.pos(5), Pos { line: 2, col: 2 });
        assert_eq!(map.pos(9), Pos { line: 3, col: 2 });
        assert_eq!(map.line_text(2), Some("çd"));
    }

    #[test]
    fn render_shows_location_caret_and_hint() {
        let map = SourceMap::new("c/x.md", "title = 1\n");
        let d = map
            .error_at(8, "`title` must be a string")
            .with_hint("quote it");
        assert_eq!(
            d.render(),
            "c/x.md:1:9: error: `title` must be a string\n  |\n1 | title = 1\n  |         ^\n  = hint: quote it\n"
        );
    }

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(
            did_you_mean("titel", ["title", "date"]),
            Some("did you mean `title`?".into())
        );
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }
}
