//! Shared helpers for the integration tests: copy a fixture site into a
//! temporary folder, build it, and read what was written.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier::BuildOptions;

#[path = "../browser/mod.rs"]
pub mod browser;
#[path = "../common/mod.rs"]
pub mod common;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A fixture copied into a temporary folder, so tests can edit it.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&fixture(name), dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..Default::default()
        }
    }

    pub fn build(&self) -> dossier::BuildReport {
        match dossier::build(&self.options()) {
            Ok(r) => r,
            Err(d) => panic!("build failed:\n{}", d.render()),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// Folders a build leaves beside `root/public` (`.public.staging-*`, `.public.old-*`).
pub fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

/// After a CLI build the previous output is deleted by a detached process:
/// waits up to `limit` for it, then lists what is left.
pub fn leftovers_after_cleanup(root: &Path, limit: std::time::Duration) -> Vec<String> {
    let start = std::time::Instant::now();
    while !leftovers(root).is_empty() && start.elapsed() < limit {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    leftovers(root)
}

/// The errors of a run as `path:line:col: message`, in order.
pub fn error_lines(diags: &dossier::diagnostic::Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}:{}: {}", d.path.display(), d.line, d.col, d.message))
        .collect()
}

/// Every file under `dir`, relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// The values of every `attr="..."` in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(j) = rest.find('"') {
            out.push(&rest[..j]);
            rest = &rest[j..];
        }
    }
    out
}

/// The text inside each `<tag class="class">…</tag>` (markup removed), in order.
pub fn texts_of(html: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let Some(gt) = rest.find('>') else { break };
        rest = &rest[gt + 1..];
        let Some(j) = rest.find(close) else { break };
        out.push(strip_tags(&rest[..j]).trim().to_string());
        rest = &rest[j..];
    }
    out
}

pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A real static file server (Python's http.server) over a folder, on a
/// free port, stopped on drop.
pub fn static_server(dir: &Path) -> common::Server {
    common::Server::start(dir, common::free_port())
}

/// Loads `url` in headless Chromium, runs its scripts, and returns the DOM.
pub fn chromium_dom(url: &str) -> String {
    let chromium = browser::chromium();
    let profile = tempfile::tempdir().expect("profile dir");
    let out = std::process::Command::new(chromium)
        .args(browser::FLAGS)
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
