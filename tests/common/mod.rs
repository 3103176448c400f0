//! Shared by the integration tests that build a site and serve it with a
//! real static file server (Python's `http.server`) under a path prefix.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dossier::BuildOptions;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture() -> PathBuf {
    repo().join("tests/fixtures/formats")
}

/// Builds the site at `root` into `out`, panicking with the diagnostics on failure.
pub fn build(root: &Path, out: &Path, base_url: Option<String>) {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url,
        ..BuildOptions::default()
    };
    if let Err(d) = dossier::build(&opts) {
        panic!("build of {} failed:\n{}", root.display(), d.render());
    }
}

/// A free TCP port on 127.0.0.1 (bound, then released for the server).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `python3 -m http.server` serving `dir`, killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(dir: &Path, port: u16) -> Server {
        let child = Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 must be installed to serve the built site");
        let server = Server { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the static server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status code, `Content-Type`, body.
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// A blocking HTTP/1.0 GET of `path` (already percent-encoded) on 127.0.0.1.
pub fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete HTTP response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let content_type = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    Response {
        status,
        content_type,
        body: raw[split + 4..].to_vec(),
    }
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Decodes the character references Tera and dossier write in attributes
/// (`&#x2F;`, `&amp;`, `&quot;`, ...).
pub fn unescape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name.strip_prefix('#').and_then(|n| {
                match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                }
                .and_then(char::from_u32)
            }),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The record of the briefing `slug` in `data/briefings.json` (parsed as
/// `briefings`).
pub fn briefing_record<'a>(briefings: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    briefings["briefings"]
        .as_array()
        .expect("briefings")
        .iter()
        .find(|b| b["slug"] == slug)
        .unwrap_or_else(|| panic!("briefing {slug}"))
}

/// The record of the place `id` in `data/places.json` (parsed as `places`).
pub fn place_record<'a>(places: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    places["places"]
        .as_array()
        .expect("places")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("place {id}"))
}

/// The record of the source that `data/events.json` names by
/// `<slug>--<id>`, read from its briefing's record in `data/briefings.json`.
pub fn source_record<'a>(
    briefings: &'a serde_json::Value,
    reference: &str,
) -> &'a serde_json::Value {
    let (slug, id) = reference.split_once("--").expect("slug--id");
    briefing_record(briefings, slug)["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("source {reference}"))
}

/// The tags of a `data/events.json` record: those of the briefings that
/// report it (`reported_in`, else `uid`'s), each once, read from their
/// records in `data/briefings.json`, as `docs/data.md` says.
pub fn event_tags(briefings: &serde_json::Value, event: &serde_json::Value) -> Vec<String> {
    let uid = event["uid"].as_str().expect("uid");
    let own = [uid.split_once("--").expect("slug--id").0];
    let slugs: Vec<&str> = match event["reported_in"].as_array() {
        Some(all) => all.iter().map(|s| s.as_str().expect("slug")).collect(),
        None => own.to_vec(),
    };
    let mut tags: Vec<String> = Vec::new();
    for slug in slugs {
        for t in briefing_record(briefings, slug)["tags"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let t = t.as_str().expect("tag").to_string();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
    }
    tags
}
