//! A minimal LSP client for the tests: spawns `dossier lsp --root DIR` on a
//! copy of the example site and speaks JSON-RPC with Content-Length framing
//! over its stdin and stdout.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

/// How long to wait for one message before calling the server hung: a
/// guard against a test that never ends, not a performance requirement.
const HANG: Duration = Duration::from_secs(60);

/// A copy of the repository's example site (site.toml and content/).
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Value>,
    pub root: PathBuf,
    /// What the server announced in its initialize result.
    pub capabilities: Value,
    /// Every message received, in order.
    pub log: Vec<Value>,
}

/// Reads one Content-Length framed message.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            len = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts the server on `root` and completes the initialize handshake.
    pub fn start(root: &Path) -> Client {
        Client::start_with(root, json!({}))
    }

    /// [`Client::start`] announcing the client `capabilities`.
    pub fn start_with(root: &Path, capabilities: Value) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["lsp", "--root"])
            .arg(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn dossier lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming: rx,
            next_id: 0,
            notifications: Vec::new(),
            root: std::fs::canonicalize(root).expect("root"),
            capabilities: Value::Null,
            log: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        assert!(result["capabilities"].is_object(), "{result}");
        client.capabilities = result["capabilities"].clone();
        client.notify("initialized", json!({}));
        // The first whole-site check is done when a request is answered.
        client.request_raw("dossier/ping", Value::Null);
        client
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&mut self) -> Value {
        match self.incoming.recv_timeout(HANG) {
            Ok(v) => {
                self.log.push(v.clone());
                v
            }
            Err(RecvTimeoutError::Timeout) => panic!("the server sent nothing for {HANG:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output (died?)"),
        }
    }

    /// Sends a request and returns its result, panicking on an error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Sends a request and returns the whole response.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.recv();
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            if msg.get("method").is_some() {
                // Notifications, and the server's own requests.
                self.notifications.push(msg);
            }
        }
    }

    pub fn uri(&self, rel: &str) -> String {
        format!("file://{}/{rel}", self.root.display())
    }

    pub fn open(&mut self, rel: &str, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// Replaces the whole text of an open document.
    pub fn change(&mut self, rel: &str, version: i64, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The diagnostics published for `rel` next that satisfy `accept`
    /// (earlier publications are skipped).
    pub fn diagnostics_where(
        &mut self,
        rel: &str,
        accept: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let uri = self.uri(rel);
        let mut pending = std::mem::take(&mut self.notifications).into_iter();
        loop {
            let msg = pending.next().unwrap_or_else(|| self.recv());
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                let list = msg["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if accept(&list) {
                    self.notifications.extend(pending);
                    return list;
                }
            }
        }
    }

    /// The diagnostics published for version `version` of the open `rel`.
    pub fn diagnostics_of_version(&mut self, rel: &str, version: i64) -> Vec<Value> {
        let uri = self.uri(rel);
        let mut pending = std::mem::take(&mut self.notifications).into_iter();
        loop {
            let msg = pending.next().unwrap_or_else(|| self.recv());
            let p = &msg["params"];
            if msg["method"] == "textDocument/publishDiagnostics"
                && p["uri"] == uri
                && p["version"] == version
            {
                self.notifications.extend(pending);
                return p["diagnostics"].as_array().cloned().unwrap_or_default();
            }
        }
    }

    /// The next diagnostics published for `rel`.
    pub fn diagnostics(&mut self, rel: &str) -> Vec<Value> {
        self.diagnostics_where(rel, |_| true)
    }

    /// Asks the server to shut down and exit; returns its exit status.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().expect("wait")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `(start line, start char, end line, end char)` of an LSP range.
pub fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().expect("number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}
