//! Bracket forms that Markdown leaves as plain text but that an editor
//! meant as a reference: `[[]]` (a mention of no actor) and a citation with
//! an empty id (`[@]`, `[@a; @]`). Unnoticed, they would show on the page as
//! brackets; they are errors at their position instead.

use crate::content::model::SourceFile;
use crate::diagnostic::Diagnostic;

pub(super) const EMPTY_MENTION_HINT: &str =
    "write the actor's name between the brackets, e.g. [[Pakistan]]";

/// An error for `[[]]` or a citation with an empty id (`[@]`, `[@a; @]`)
/// written at byte `start` of `text` (file offset `at`): Markdown leaves
/// them as plain text, where the editor would not notice them.
pub(super) fn empty_reference(
    file: &SourceFile,
    text: &str,
    start: usize,
    at: usize,
) -> Option<Diagnostic> {
    let rest = text.get(start..)?;
    if !rest.starts_with('[') || text[..start].ends_with('\\') {
        return None;
    }
    if let Some(inner) = rest.strip_prefix("[[") {
        let inner = inner.trim_start_matches([' ', '\t']);
        return inner.starts_with("]]").then(|| {
            file.map
                .error_at(at, "`[[]]` names no actor")
                .with_hint(EMPTY_MENTION_HINT)
        });
    }
    let close = 1 + rest[1..].find([']', '[', '\n'])?;
    let inner = &rest[1..close];
    let keys: Option<Vec<&str>> = inner
        .split(';')
        .map(|k| k.trim().strip_prefix('@'))
        .collect();
    let empty = rest[close..].starts_with(']')
        && keys.is_some_and(|keys| keys.iter().any(|k| k.trim().is_empty()));
    empty.then(|| {
        file.map
            .error_at(at, format!("the citation `{}` has an `@` with no source id after it", &rest[..=close]))
            .with_hint("write the id of one of this briefing's [[sources]] after each `@`, e.g. [@us-embassy]")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_mentions_and_citations_and_what_is_not_one() {
        let cases: &[(&str, Option<&str>)] = &[
            ("[[]]", Some("`[[]]` names no actor")),
            ("[[ \t]] x", Some("`[[]]` names no actor")),
            (
                "[@]",
                Some("the citation `[@]` has an `@` with no source id after it"),
            ),
            (
                "[@ ]",
                Some("the citation `[@ ]` has an `@` with no source id after it"),
            ),
            (
                "[@a; @]",
                Some("the citation `[@a; @]` has an `@` with no source id after it"),
            ),
            ("[@a]", None),
            ("[@a; @b]", None),
            ("[a]", None),
            ("[@", None),
            ("[@\n]", None),
            ("[[x]]", None),
            ("[]", None),
            ("x [@]", None),
        ];
        for (text, want) in cases {
            let file = SourceFile {
                path: "c/a.md".into(),
                rel: "a.md".into(),
                map: std::sync::Arc::new(crate::diagnostic::SourceMap::new("c/a.md", text)),
                body: 0..text.len(),
            };
            let got = empty_reference(&file, text, 0, 0).map(|d| d.message);
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
        let file = SourceFile {
            path: "c/a.md".into(),
            rel: "a.md".into(),
            map: std::sync::Arc::new(crate::diagnostic::SourceMap::new("c/a.md", "\\[@]")),
            body: 0..4,
        };
        assert!(empty_reference(&file, "\\[@]", 1, 1).is_none(), "escaped");
    }
}
