//! Turning dossier's diagnostics into LSP ones and publishing those that
//! changed since the last time.
//!
//! A [`Diagnostic`] gives a 1-based line and a column in characters; the
//! range is computed here from the text the editor has (or the file on
//! disk), in UTF-16 units, and covers the token at that position
//! ([`document::token_end`]). A problem that is not in a file (no
//! `site.toml`, no `content/`) is shown as a message instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_server::Notification;
use lsp_types::notification::{Notification as _, PublishDiagnostics, ShowMessage};
use lsp_types::{
    DiagnosticSeverity, MessageType, PublishDiagnosticsParams, ShowMessageParams, Url,
};

use super::document::{self, Document};
use crate::diagnostic::{Diagnostic, Severity};

/// What the editor was last told, per file.
#[derive(Default)]
pub(crate) struct Published {
    sent: BTreeMap<PathBuf, Vec<Diagnostic>>,
}

/// An open document's URI and text, by path relative to the root.
pub(crate) type Open<'a> = &'a dyn Fn(&Path) -> Option<(Url, &'a Document)>;

impl Published {
    /// The notifications that bring the editor up to `now`; the `edited`
    /// files are published even when unchanged (their text moved).
    pub fn update(
        &mut self,
        root: &Path,
        now: &BTreeMap<PathBuf, Vec<Diagnostic>>,
        edited: &[PathBuf],
        open: Open,
    ) -> Vec<Notification> {
        let mut paths: Vec<PathBuf> = self
            .sent
            .keys()
            .chain(now.keys())
            .chain(edited)
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        let empty = Vec::new();
        let mut out = Vec::new();
        for path in &paths {
            let list = now.get(path).unwrap_or(&empty);
            let before = self.sent.get(path).unwrap_or(&empty);
            if list == before && !edited.contains(path) {
                continue;
            }
            let opened = open(path);
            let is_file = opened.is_some() || root.join(path).is_file();
            if !is_file {
                for d in list.iter().filter(|d| !before.contains(d)) {
                    out.push(Notification::new(
                        ShowMessage::METHOD.to_string(),
                        ShowMessageParams {
                            typ: match d.severity {
                                Severity::Error => MessageType::ERROR,
                                Severity::Warning => MessageType::WARNING,
                            },
                            message: format!("dossier: {}", d.render().trim_end()),
                        },
                    ));
                }
            } else if let Some(n) = notification(root, path, list, opened) {
                out.push(n);
            }
            if list.is_empty() {
                self.sent.remove(path);
            } else {
                self.sent.insert(path.clone(), list.clone());
            }
        }
        out
    }
}

fn notification(
    root: &Path,
    path: &Path,
    list: &[Diagnostic],
    opened: Option<(Url, &Document)>,
) -> Option<Notification> {
    let (uri, version, converted) = match opened {
        Some((uri, doc)) => (uri, Some(doc.version), convert(doc, list)),
        None => {
            let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            let doc = Document::new(text, 0);
            let uri = Url::from_file_path(root.join(path)).ok()?;
            (uri, None, convert(&doc, list))
        }
    };
    Some(Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics: converted,
            version,
        },
    ))
}

/// dossier's diagnostics of one file as LSP diagnostics on `doc`'s text.
pub(crate) fn convert(doc: &Document, list: &[Diagnostic]) -> Vec<lsp_types::Diagnostic> {
    list.iter()
        .map(|d| {
            let range = if d.line == 0 {
                lsp_types::Range::default()
            } else {
                let start = doc.offset_of_line_col(d.line, d.col.max(1));
                doc.range(start, document::token_end(&doc.text, start))
            };
            let message = match &d.hint {
                Some(hint) => format!("{}\nhint: {hint}", d.message),
                None => d.message.clone(),
            };
            lsp_types::Diagnostic {
                range,
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                source: Some("dossier".to_string()),
                message,
                ..lsp_types::Diagnostic::default()
            }
        })
        .collect()
}
