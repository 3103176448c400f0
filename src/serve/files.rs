//! The served folder: a stamp (hash and length) of every file in it, and
//! moving staged files in so that a reader never sees half a file — one
//! rename each, or across file systems a copy beside the file and then a
//! rename — and deleting the files that are no longer part of the site.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::incremental::hash_of;

/// The content hash and length of a served file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    hash: u64,
    len: usize,
}

impl FileStamp {
    pub fn of(bytes: &[u8]) -> FileStamp {
        FileStamp {
            hash: hash_of(bytes),
            len: bytes.len(),
        }
    }
}

/// A file system error as an error diagnostic at `path`.
pub fn io_diag(path: &Path, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(path, Pos::default(), e.to_string())
}

/// The served folder and a stamp of every file in it.
pub struct Served {
    dir: PathBuf,
    files: BTreeMap<String, FileStamp>,
}

impl Served {
    pub fn new(dir: PathBuf) -> Served {
        Served {
            dir,
            files: BTreeMap::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many files are served.
    pub fn count(&self) -> usize {
        self.files.len()
    }

    /// The stamp of the served file at `rel`.
    pub fn get(&self, rel: &str) -> Option<&FileStamp> {
        self.files.get(rel)
    }

    /// Moves the changed pages into the served folder and deletes the
    /// pages that are gone; returns their paths.
    pub fn swap_pages(
        &mut self,
        stage: &Path,
        changed_pages: &BTreeMap<String, FileStamp>,
        paths: &[String],
        last_paths: &[String],
        diags: &mut Diagnostics,
    ) -> Result<Vec<String>, ()> {
        let mut changed = Vec::new();
        for (rel, stamp) in changed_pages {
            let to = self.dir.join(rel);
            place(&stage.join(rel), &to).map_err(|e| diags.push(io_diag(&to, e)))?;
            self.files.insert(rel.clone(), *stamp);
            changed.push(rel.clone());
        }
        let now: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        for rel in last_paths.iter().filter(|p| !now.contains(p.as_str())) {
            if self.files.remove(rel).is_some() {
                remove_file_and_empty_parents(&self.dir, rel);
                changed.push(rel.clone());
            }
        }
        Ok(changed)
    }

    /// Moves the other staged files whose bytes changed into the served
    /// folder and deletes the files that are no longer part of the site;
    /// returns their paths.
    pub fn swap_other(
        &mut self,
        stage: &Path,
        pages: &[String],
        diags: &mut Diagnostics,
    ) -> Result<Vec<String>, ()> {
        let mut keep: BTreeSet<String> = pages.iter().cloned().collect();
        let mut changed = Vec::new();
        for rel in list_files(stage) {
            if keep.contains(&rel) {
                // A page, staged empty.
                continue;
            }
            let from = stage.join(&rel);
            let bytes = std::fs::read(&from).map_err(|e| diags.push(io_diag(&from, e)))?;
            let stamp = FileStamp::of(&bytes);
            if self.files.get(&rel) != Some(&stamp) {
                let to = self.dir.join(&rel);
                place(&from, &to).map_err(|e| diags.push(io_diag(&to, e)))?;
                self.files.insert(rel.clone(), stamp);
                changed.push(rel.clone());
            }
            keep.insert(rel);
        }
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|p| !keep.contains(*p))
            .cloned()
            .collect();
        for rel in gone {
            self.files.remove(&rel);
            remove_file_and_empty_parents(&self.dir, &rel);
            changed.push(rel);
        }
        Ok(changed)
    }
}

/// Moves a staged file to `to`, replacing it in one step: a rename, or
/// across file systems a copy beside `to` and then a rename.
fn place(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        if !parent.is_dir() {
            std::fs::create_dir_all(parent)?;
        }
    }
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = to.with_file_name(format!(".{name}.dossier-{}", std::process::id()));
    std::fs::copy(from, &tmp)?;
    std::fs::rename(&tmp, to)
}

/// Every file below `dir`, as `/`-separated relative paths, but the
/// staging folder's marker (the served folder has its own).
fn list_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        })
        .filter(|rel| rel != crate::output::ownership::MARKER)
        .collect()
}

fn remove_file_and_empty_parents(root: &Path, rel: &str) {
    let path = root.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_file_removes_its_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/index.html"), "x").unwrap();
        std::fs::write(root.join("a/keep.txt"), "x").unwrap();
        remove_file_and_empty_parents(root, "a/b/index.html");
        assert!(!root.join("a/b").exists());
        assert!(root.join("a/keep.txt").exists());
    }
}
