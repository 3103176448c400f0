//! Warnings that come in numbers, shown by group: each warning of a kind
//! that can repeat once per reference (an actor without a profile) carries
//! a [`Group`], its kind and what it is about; the terminal shows one entry
//! per group (its count, first positions and hint) and a line counting the
//! warnings of each kind. A new kind (places, issue 16) is one variant.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::{printable, Diagnostic};

/// A kind of warning that can come many times over, once per reference:
/// the terminal shows one entry per [`Group`] and a count per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A reference to an actor that has no profile; the key is the actor's id.
    ImplicitActor,
    /// A reference to a place that has no profile; the key is the place's id.
    ImplicitPlace,
    /// A source nothing cites; the key is the file and the source id.
    UncitedSource,
    /// An event that names no source; the key is the file and the event id.
    UnsourcedEvent,
}

impl Kind {
    /// What one diagnostic of this kind counts, in the summary line.
    fn counted(self, n: usize) -> String {
        match self {
            Kind::ImplicitActor => {
                format!("{} implicit-actor reference{}", thousands(n), plural(n))
            }
            Kind::ImplicitPlace => {
                format!("{} implicit-place reference{}", thousands(n), plural(n))
            }
            Kind::UncitedSource => format!("{} uncited source{}", thousands(n), plural(n)),
            Kind::UnsourcedEvent => format!("{} event{} without sources", thousands(n), plural(n)),
        }
    }

    /// What one group of this kind is, in the summary line.
    fn groups(self, n: usize) -> Option<String> {
        match self {
            Kind::ImplicitActor => Some(format!("{} actor{}", thousands(n), plural(n))),
            Kind::ImplicitPlace => Some(format!("{} place{}", thousands(n), plural(n))),
            Kind::UncitedSource | Kind::UnsourcedEvent => None,
        }
    }
}

/// The kind of a warning and what it is about: warnings with one group are
/// shown together in the terminal (`check --format json` lists each).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Group {
    pub kind: Kind,
    pub key: String,
}

/// How many warnings of each group there are.
pub(super) fn sizes(items: &[Diagnostic]) -> BTreeMap<&Group, usize> {
    let mut sizes: BTreeMap<&Group, usize> = BTreeMap::new();
    for g in items.iter().filter_map(|d| d.group.as_deref()) {
        *sizes.entry(g).or_default() += 1;
    }
    sizes
}

/// The entries of groups with more than one warning, most warnings first.
pub(super) fn render_groups(
    items: &[Diagnostic],
    sizes: &BTreeMap<&Group, usize>,
    out: &mut String,
) {
    let mut groups: BTreeMap<&Group, Vec<&Diagnostic>> = BTreeMap::new();
    for d in items.iter().filter(|d| !d.is_error()) {
        if let Some(g) = d.group.as_deref().filter(|g| sizes[g] > 1) {
            groups.entry(g).or_default().push(d);
        }
    }
    let mut groups: Vec<Vec<&Diagnostic>> = groups.into_values().collect();
    // Stable: equal counts keep the order of their keys.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    for g in &groups {
        out.push_str(&render_group(g));
        out.push('\n');
    }
}

/// `warnings: 1,234 implicit-actor references (87 actors), 12 uncited
/// sources, 3 other`, when some warnings have a kind.
pub(super) fn summary_by_kind(items: &[Diagnostic]) -> Option<String> {
    let mut kinds: BTreeMap<Kind, (usize, BTreeSet<&str>)> = BTreeMap::new();
    let mut other = 0;
    for d in items.iter().filter(|d| !d.is_error()) {
        match &d.group {
            Some(g) => {
                let k = kinds.entry(g.kind).or_default();
                k.0 += 1;
                k.1.insert(&g.key);
            }
            None => other += 1,
        }
    }
    if kinds.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = kinds
        .iter()
        .map(|(kind, (n, keys))| match kind.groups(keys.len()) {
            Some(groups) => format!("{} ({groups})", kind.counted(*n)),
            None => kind.counted(*n),
        })
        .collect();
    if other > 0 {
        parts.push(format!("{} other", thousands(other)));
    }
    Some(format!("warnings: {}", parts.join(", ")))
}

/// How many positions a group of warnings lists before "and N more".
const GROUP_SHOWN: usize = 3;

/// One entry for the warnings of one group: the first one's message with
/// the count, its first positions, and its hint.
fn render_group(items: &[&Diagnostic]) -> String {
    let mut out = String::new();
    let Some(first) = items.first() else {
        return out;
    };
    let _ = writeln!(
        out,
        "warning: {} ({} references)",
        printable(&first.message),
        thousands(items.len())
    );
    for d in items.iter().take(GROUP_SHOWN) {
        let _ = writeln!(
            out,
            "  --> {}:{}:{}",
            d.path.display(),
            d.line,
            d.col.max(1)
        );
    }
    if items.len() > GROUP_SHOWN {
        let _ = writeln!(
            out,
            "  ... and {} more (`dossier check --format json` lists every one)",
            thousands(items.len() - GROUP_SHOWN)
        );
    }
    if let Some(hint) = &first.hint {
        let _ = writeln!(out, "  = hint: {}", printable(hint));
    }
    out
}

/// `1234567` → `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostics, SourceMap};

    #[test]
    fn repeated_warnings_of_one_group_are_one_entry_after_the_errors() {
        let map = SourceMap::new("c/a.md", "x\ny\nz\n");
        let ghost = |at| {
            map.warning_at(at, "no actor profile matches `Ghost`")
                .with_hint("create it")
                .grouped(Kind::ImplicitActor, "ghost")
        };
        let mut diags = Diagnostics::new();
        for at in [4, 0, 2, 4, 2] {
            diags.push(ghost(at));
        }
        diags.push(
            map.warning_at(2, "no actor profile matches `Once`")
                .grouped(Kind::ImplicitActor, "once"),
        );
        diags.push(
            map.warning_at(0, "the source `s` is never cited")
                .grouped(Kind::UncitedSource, "c/a.md#s"),
        );
        diags.push(map.warning_at(0, "a warning of no kind"));
        diags.push(map.error_at(4, "an error"));
        let lines: Vec<String> = diags
            .render()
            .lines()
            .filter(|l| !l.contains(" | ") && !l.trim_end().ends_with('|') && !l.is_empty())
            .map(str::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "c/a.md:3:1: error: an error",
                "c/a.md:2:1: warning: no actor profile matches `Once`",
                "c/a.md:1:1: warning: the source `s` is never cited",
                "c/a.md:1:1: warning: a warning of no kind",
                "warning: no actor profile matches `Ghost` (5 references)",
                "  --> c/a.md:3:1",
                "  --> c/a.md:1:1",
                "  --> c/a.md:2:1",
                "  ... and 2 more (`dossier check --format json` lists every one)",
                "  = hint: create it",
                "warnings: 6 implicit-actor references (2 actors), 1 uncited source, 1 other",
            ]
        );
        assert_eq!(thousands(1_440_000), "1,440,000");
        assert_eq!(thousands(999), "999");
        let json: serde_json::Value = serde_json::from_str(&diags.to_json()).expect("json");
        assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(9));
        assert_eq!(json["diagnostics"][0]["group"]["kind"], "implicit-actor");
        assert_eq!(json["diagnostics"][0]["group"]["key"], "ghost");
    }
}
