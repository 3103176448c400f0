//! `dossier lsp`: a Language Server Protocol (3.17) server on stdin/stdout,
//! so editors show dossier's diagnostics as the editor types and complete
//! and navigate its references (SPEC §8.8).
//!
//! The loop: take every message waiting, apply edits to the open documents
//! ([`document`]) and answer requests at once ([`complete`], [`navigate`]);
//! then re-check what the edits touched ([`check`]) and publish the
//! diagnostics that changed ([`publish`]). An edit that can change other
//! files' diagnostics is followed by a whole-site check when the editor
//! pauses. A panic while handling one message is answered as an error and
//! the server carries on: a broken file never stops it.

mod check;
mod complete;
mod document;
mod keys;
mod navigate;
mod publish;
mod syntax;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References, Request as _,
};
use lsp_types::{
    CompletionOptions, GotoDefinitionResponse, InitializeParams, OneOf, Position,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};

use crate::content::discover::Kind;
use check::{content_kind, Project};
use document::Document;
use syntax::FileKind;

/// How long the editor must pause before a whole-site check runs.
const PAUSE: Duration = Duration::from_millis(300);

/// Runs the server until the editor asks it to exit. `root` is the site
/// folder; without it, the editor's workspace folder (or the current one).
pub fn run(root: Option<PathBuf>) -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let params = connection.initialize(caps).map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    #[allow(deprecated)] // `root_uri` is what older clients send.
    let from_client = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(params.root_uri.clone())
        .and_then(|u| u.to_file_path().ok());
    let root = root.or(from_client).unwrap_or_else(|| PathBuf::from("."));
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let mut server = Server {
        project: Project::new(root),
        docs: BTreeMap::new(),
        published: publish::Published::default(),
        waiting: Vec::new(),
        connection: &connection,
    };
    let watch = params
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        // Files created, deleted or changed outside the editor.
        let _ = server.send(watch_files());
    }
    server.check_all();
    server.serve().map_err(|e| e.to_string())?;
    drop(server);
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", "@", "\"", " "].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Asks the editor to report changes to content files and `site.toml`.
fn watch_files() -> Request {
    use lsp_types::{
        DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, Registration,
        RegistrationParams,
    };
    let watchers = ["**/*.md", "**/site.toml"]
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .to_vec();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Request::new(
        lsp_server::RequestId::from("dossier-watch".to_string()),
        "client/registerCapability".to_string(),
        RegistrationParams {
            registrations: vec![Registration {
                id: "dossier-watch".to_string(),
                method: DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        },
    )
}

struct Server<'a> {
    project: Project,
    /// Open documents by path relative to the site root.
    docs: BTreeMap<PathBuf, (Url, Document)>,
    published: publish::Published,
    /// Edited documents whose diagnostics wait for the whole-site check.
    waiting: Vec<PathBuf>,
    connection: &'a Connection,
}

impl Server<'_> {
    fn serve(&mut self) -> Result<(), crossbeam_channel::SendError<Message>> {
        let receiver = self.connection.receiver.clone();
        loop {
            let first = if self.project.stale {
                match receiver.recv_timeout(PAUSE) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => {
                        self.check_all();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            } else {
                match receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                }
            };
            let mut edited: Vec<PathBuf> = Vec::new();
            let mut all = false;
            let mut next = Some(first);
            while let Some(msg) = next {
                if let Message::Request(req) = &msg {
                    match self.connection.handle_shutdown(req) {
                        Ok(true) => return Ok(()),
                        Ok(false) => {}
                        Err(_) => return Ok(()),
                    }
                }
                let outcome = catch_unwind(AssertUnwindSafe(|| self.handle(msg.clone())));
                match outcome {
                    Ok(Some(Changed::One(path))) => edited.push(path),
                    Ok(Some(Changed::All)) => all = true,
                    Ok(None) => {}
                    Err(_) => {
                        if let Message::Request(req) = msg {
                            self.send(Response::new_err(
                                req.id,
                                ErrorCode::InternalError as i32,
                                "dossier failed on this request; the server goes on".into(),
                            ))?;
                        }
                    }
                }
                next = receiver.try_recv().ok();
            }
            edited.sort();
            edited.dedup();
            let checked = catch_unwind(AssertUnwindSafe(|| {
                let mut fast = Vec::new();
                for path in edited {
                    let briefing = content_kind(&path) == Some(Kind::Briefing)
                        && !path
                            .strip_prefix("content")
                            .is_ok_and(check::is_translation);
                    if briefing && self.project.check_briefing(&path) {
                        fast.push(path);
                    } else {
                        // Profiles, pages, site.toml: the whole site, once
                        // the editor pauses.
                        self.project.stale = true;
                        self.waiting.push(path);
                    }
                }
                self.project.stale |= all;
                fast
            }));
            if let Ok(fast) = checked {
                self.publish(&fast);
            }
        }
    }

    /// The whole-site check, and the diagnostics it changed.
    fn check_all(&mut self) {
        if catch_unwind(AssertUnwindSafe(|| self.project.check_all())).is_err() {
            self.project.stale = false;
        }
        let waiting = std::mem::take(&mut self.waiting);
        self.publish(&waiting);
    }

    fn send(&self, msg: impl Into<Message>) -> Result<(), crossbeam_channel::SendError<Message>> {
        self.connection.sender.send(msg.into())
    }

    /// The path of a document relative to the site root.
    fn path_of(&self, uri: &Url) -> Option<PathBuf> {
        let path = uri.to_file_path().ok()?;
        let root = &self.project.root;
        if let Ok(rel) = path.strip_prefix(root) {
            return Some(rel.to_path_buf());
        }
        let parent = std::fs::canonicalize(path.parent()?).ok()?;
        Some(
            parent
                .join(path.file_name()?)
                .strip_prefix(root)
                .ok()?
                .to_path_buf(),
        )
    }

    fn handle(&mut self, msg: Message) -> Option<Changed> {
        match msg {
            Message::Request(req) => {
                let response = self.request(&req);
                let _ = self.send(response);
                None
            }
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => None,
        }
    }

    fn notification(&mut self, n: Notification) -> Option<Changed> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(n.params).ok()?;
                let path = self.path_of(&p.text_document.uri)?;
                // Other files (a README, a theme's TOML) are not dossier's.
                file_kind(&path)?;
                self.project
                    .cache
                    .set_unsaved(&path, Some(&p.text_document.text));
                let doc = Document::new(p.text_document.text, p.text_document.version);
                self.docs.insert(path.clone(), (p.text_document.uri, doc));
                Some(Changed::One(path))
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(n.params).ok()?;
                let path = self.path_of(&p.text_document.uri)?;
                let (_, doc) = self.docs.get_mut(&path)?;
                doc.apply(p.content_changes, p.text_document.version);
                self.project.cache.set_unsaved(&path, Some(&doc.text));
                Some(Changed::One(path))
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(n.params).ok()?;
                let path = self.path_of(&p.text_document.uri)?;
                self.docs.remove(&path)?;
                self.project.cache.set_unsaved(&path, None);
                Some(Changed::One(path))
            }
            DidChangeWatchedFiles::METHOD => Some(Changed::All),
            _ => None,
        }
    }

    fn request(&mut self, req: &Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            Completion::METHOD => self
                .at::<lsp_types::CompletionParams>(req, |p| &p.text_document_position)
                .map(|(s, doc, kind, offset, _, _)| {
                    serde_json::to_value(complete::complete(doc, kind, offset, &s.project.library))
                }),
            HoverRequest::METHOD => self
                .at::<lsp_types::HoverParams>(req, |p| &p.text_document_position_params)
                .map(|(s, doc, kind, offset, _, _)| {
                    serde_json::to_value(navigate::hover(doc, kind, offset, &s.project.library))
                }),
            GotoDefinition::METHOD => self
                .at::<lsp_types::GotoDefinitionParams>(req, |p| &p.text_document_position_params)
                .map(|(s, doc, kind, offset, uri, _)| {
                    let loc = navigate::definition(
                        doc,
                        kind,
                        offset,
                        uri,
                        &s.project.root,
                        &s.project.library,
                    );
                    serde_json::to_value(loc.map(GotoDefinitionResponse::Scalar))
                }),
            References::METHOD => self
                .at::<lsp_types::ReferenceParams>(req, |p| &p.text_document_position)
                .map(|(s, doc, kind, offset, _, path)| {
                    let lib = &s.project.library;
                    let found = navigate::actor_at(doc, kind, offset, path, lib).map(|a| {
                        let open: Vec<(PathBuf, FileKind, &str)> = s
                            .docs
                            .iter()
                            .filter_map(|(p, (_, d))| {
                                Some((p.clone(), file_kind(p)?, d.text.as_str()))
                            })
                            .filter(|(_, k, _)| matches!(k, FileKind::Briefing | FileKind::Profile))
                            .collect();
                        navigate::references(&a.id, lib, &s.project.root, &open)
                    });
                    serde_json::to_value(found)
                }),
            DocumentSymbolRequest::METHOD => {
                serde_json::from_value::<lsp_types::DocumentSymbolParams>(req.params.clone())
                    .ok()
                    .and_then(|p| {
                        let path = self.path_of(&p.text_document.uri)?;
                        let kind = file_kind(&path)?;
                        let (_, doc) = self.docs.get(&path)?;
                        Some(serde_json::to_value(navigate::symbols(doc, kind)))
                    })
            }
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("dossier does not answer `{}`", req.method),
                )
            }
        };
        match result {
            Some(Ok(value)) => Response::new_ok(id, value),
            Some(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
            None => Response::new_ok(id, serde_json::Value::Null),
        }
    }

    /// The open document, its kind and the byte offset a positional request
    /// is about; `None` for documents dossier does not read.
    #[allow(clippy::type_complexity)]
    fn at<'s, P: serde::de::DeserializeOwned>(
        &'s self,
        req: &Request,
        position: impl Fn(&P) -> &lsp_types::TextDocumentPositionParams,
    ) -> Option<(&'s Self, &'s Document, FileKind, usize, &'s Url, &'s Path)> {
        let params: P = serde_json::from_value(req.params.clone()).ok()?;
        let pos = position(&params);
        let path = self.path_of(&pos.text_document.uri)?;
        let kind = file_kind(&path)?;
        let (path, (uri, doc)) = self.docs.get_key_value(&path)?;
        let offset = doc.offset(Position::new(pos.position.line, pos.position.character));
        Some((self, doc, kind, offset, uri, path))
    }

    /// Publishes the diagnostics that changed; `edited` documents always.
    fn publish(&mut self, edited: &[PathBuf]) {
        let docs = &self.docs;
        let notes = self
            .published
            .update(&self.project.root, &self.project.diags, edited, &|p| {
                docs.get(p).map(|(u, d)| (u.clone(), d))
            });
        for note in notes {
            let _ = self.send(note);
        }
    }
}

/// What handling a message changed.
enum Changed {
    One(PathBuf),
    All,
}

/// What kind of file dossier reads at `path` (relative to the root).
fn file_kind(path: &Path) -> Option<FileKind> {
    if path == Path::new("site.toml") {
        return Some(FileKind::Site);
    }
    match content_kind(path)? {
        Kind::Briefing => Some(FileKind::Briefing),
        Kind::Profile => Some(FileKind::Profile),
        Kind::Place => Some(FileKind::Place),
        Kind::Page => Some(FileKind::Page),
        Kind::Asset | Kind::Ignored => None,
    }
}
