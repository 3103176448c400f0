//! Writing the site: every file goes into a staging folder beside the output
//! folder, and only a build that succeeded is swapped in. On Linux the swap
//! is one atomic `renameat2(RENAME_EXCHANGE)`, so the output folder always
//! exists, old or new; elsewhere (or on file systems without it) the old
//! output is renamed away, the staging folder renamed into place, and the
//! old one deleted. A failed or killed build therefore leaves the previous
//! output as it was; folders left by killed builds are removed (or, if the
//! output itself is missing, put back) by the next build. Folders of builds
//! still running, in other processes, are left alone.
//!
//! Every path is checked before writing: only plain relative components, so
//! no slug, id or file name can reach outside the output folder. Every
//! staging folder carries the [`ownership::MARKER`], so every output does,
//! and a folder without it is never deleted here: [`ownership::check`]
//! decides beforehand whether a build may take its output folder at all.

pub mod ownership;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The staging folder being written, and what has been written to it.
pub(crate) struct Staging {
    /// `None` for a dry run (`dossier check`): paths are checked, nothing is written.
    dir: Option<PathBuf>,
    target: PathBuf,
    /// Shared with the views [`Staging::under`] makes.
    written: Arc<Mutex<BTreeMap<String, String>>>,
    bytes: Arc<std::sync::atomic::AtomicU64>,
    /// Put before every path written: `""`, or `ur/` for a language.
    prefix: String,
}

#[derive(Debug)]
pub(crate) enum OutputError {
    Io(PathBuf, std::io::Error),
    /// A path that would leave the output folder.
    Escape(String),
    /// Two outputs at one path (compared case-insensitively).
    Collision(String, String),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
            OutputError::Escape(p) => write!(f, "refused to write `{p}`: it is outside the output folder"),
            OutputError::Collision(a, b) if a == b => {
                write!(f, "two outputs would be written to the same file `{a}`")
            }
            OutputError::Collision(a, b) => write!(
                f,
                "two outputs would be written to the same file: `{a}` and `{b}` (file systems that ignore case would merge them)"
            ),
        }
    }
}

impl std::error::Error for OutputError {}

fn io(p: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(p.to_path_buf(), e)
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// A file of the staging folder being written (see [`Staging::create`]);
/// in a dry run it only counts bytes.
pub(crate) struct FileSink<'a> {
    staging: &'a Staging,
    file: Option<(std::io::BufWriter<std::fs::File>, PathBuf)>,
    bytes: u64,
}

impl std::io::Write for FileSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = match &mut self.file {
            Some((w, _)) => w.write(buf)?,
            None => buf.len(),
        };
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some((w, _)) => w.flush(),
            None => Ok(()),
        }
    }
}

impl FileSink<'_> {
    /// Flushes the file; an error names it.
    pub fn finish(mut self) -> Result<(), OutputError> {
        if let Some((w, path)) = &mut self.file {
            std::io::Write::flush(w).map_err(io(path))?;
        }
        self.staging
            .bytes
            .fetch_add(self.bytes, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// Checks that `rel` is a plain relative path (no `..`, root, prefix or NUL).
pub fn confined(rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.contains('\0') || rel.contains('\\') {
        return None;
    }
    let path = Path::new(rel);
    let ok = path.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| path.to_path_buf())
}

impl Staging {
    /// Starts a build of `target`, removing staging folders left by killed builds.
    pub fn begin(target: &Path) -> Result<Staging, OutputError> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        clean_stale(target);
        let dir = sibling(target, "staging");
        remove_ours(&dir)?;
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        ownership::mark(&dir).map_err(io(&dir))?;
        Ok(Staging {
            dir: Some(dir),
            target: target.to_path_buf(),
            written: Default::default(),
            bytes: Default::default(),
            prefix: String::new(),
        })
    }

    /// A staging area that checks every path but writes nothing.
    pub fn dry() -> Staging {
        Staging {
            dir: None,
            target: PathBuf::new(),
            written: Default::default(),
            bytes: Default::default(),
            prefix: String::new(),
        }
    }

    /// The same staging folder, writing every path under `prefix` (`ur/`):
    /// a language's pages are its own tree. Counts and collisions are
    /// shared; only the original commits.
    pub fn under(&self, prefix: &str) -> Staging {
        Staging {
            dir: self.dir.clone(),
            target: self.target.clone(),
            written: Arc::clone(&self.written),
            bytes: Arc::clone(&self.bytes),
            prefix: format!("{}{prefix}", self.prefix),
        }
    }

    pub fn bytes_written(&self) -> u64 {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn files_written(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// The paths written so far, sorted (the sitemap lists the pages among them).
    pub fn paths_written(&self) -> Vec<String> {
        self.written
            .lock()
            .map(|w| w.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Writes one file at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if let Some(full) = self.claim(rel)? {
            std::fs::write(&full, bytes).map_err(io(&full))?;
        }
        self.bytes
            .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Checks `rel` and records it as written (a second output at the same
    /// path, compared case-insensitively, is a collision), then makes its
    /// folder. The full path to write, or `None` in a dry run.
    fn claim(&self, rel: &str) -> Result<Option<PathBuf>, OutputError> {
        let prefixed;
        let rel = if self.prefix.is_empty() {
            rel
        } else {
            prefixed = format!("{}{rel}", self.prefix);
            &prefixed
        };
        let path = confined(rel)
            .filter(|_| rel != ownership::MARKER)
            .ok_or_else(|| OutputError::Escape(rel.to_string()))?;
        let mut written = self
            .written
            .lock()
            .map_err(|_| OutputError::Escape(rel.to_string()))?;
        let folded = rel.to_lowercase();
        if let Some(first) = written.get(&folded) {
            return Err(OutputError::Collision(first.clone(), rel.to_string()));
        }
        written.insert(folded, rel.to_string());
        drop(written);
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        Ok(Some(full))
    }

    /// Opens `rel` for writing in pieces, for outputs too large to build in
    /// memory first (the open data, the calendar): they go to the file
    /// through a buffer as they are made. Call [`FileSink::finish`].
    pub fn create(&self, rel: &str) -> Result<FileSink<'_>, OutputError> {
        let file = match self.claim(rel)? {
            Some(full) => {
                let file = std::fs::File::create(&full).map_err(io(&full))?;
                Some((std::io::BufWriter::with_capacity(1 << 18, file), full))
            }
            None => None,
        };
        Ok(FileSink {
            staging: self,
            file,
            bytes: 0,
        })
    }

    /// True for a dry run (`dossier check`), which writes nothing.
    pub fn is_dry(&self) -> bool {
        self.dir.is_none()
    }

    /// Copies a file from disk to `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), OutputError> {
        if self.dir.is_none() {
            return self.write(rel, &[]);
        }
        let bytes = std::fs::read(from).map_err(io(from))?;
        self.write(rel, &bytes)
    }

    /// Swaps the staging folder into place.
    pub fn commit(self) -> Result<(), OutputError> {
        if let Some(old) = self.commit_keeping_old()? {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(())
    }

    /// Swaps the staging folder into place and returns the previous output
    /// (renamed into a `.<name>.staging-*` or `.<name>.old-*` folder) for the
    /// caller to delete: deleting a large tree can take seconds on file
    /// systems that discard on unlink. A folder left behind is removed by
    /// the next build.
    pub fn commit_keeping_old(self) -> Result<Option<PathBuf>, OutputError> {
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        if self.target.is_dir() && exchange(dir, &self.target).is_ok() {
            // One atomic step: the previous output is now at `dir`.
            return Ok(Some(dir.clone()));
        }
        let old = sibling(&self.target, "old");
        if self.target.exists() {
            remove_ours(&old)?;
            std::fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        std::fs::rename(dir, &self.target).map_err(io(dir))?;
        Ok(old.exists().then_some(old))
    }

    /// Throws the staging folder away.
    pub fn abort(self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Deletes `dir` if it is there and carries the marker; a folder of that
/// name without it is someone else's, and an error.
fn remove_ours(dir: &Path) -> Result<(), OutputError> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    if !ownership::is_marked(dir) {
        return Err(OutputError::Io(
            dir.to_path_buf(),
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a folder of this name, not made by dossier, is in the way; move it elsewhere",
            ),
        ));
    }
    std::fs::remove_dir_all(dir).map_err(io(dir))
}

/// Swaps two folders atomically (Linux 3.15+, on file systems that support it).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Whether the process that named a folder `.<name>.<tag>-<pid>` is another
/// one that is still running (then the folder is in use). Only Linux can
/// tell; elsewhere every such folder counts as stale.
fn in_use_by_other_process(folder: &str) -> bool {
    let Some(pid) = folder
        .rsplit('-')
        .next()
        .and_then(|p| p.parse::<u32>().ok())
    else {
        return false;
    };
    pid != std::process::id()
        && cfg!(target_os = "linux")
        && Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes `.<name>.staging-*` and `.<name>.old-*` folders of builds that
/// did not finish (only those with the marker). If the output itself is
/// missing but an old copy exists (a build killed between the two
/// renames), the old copy is put back.
fn clean_stale(target: &Path) {
    let Some(parent) = target.parent() else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut olds = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if in_use_by_other_process(&n) || !ownership::is_marked(&e.path()) {
            continue;
        }
        if n.starts_with(&format!(".{name}.staging-")) {
            let _ = std::fs::remove_dir_all(e.path());
        } else if n.starts_with(&format!(".{name}.old-")) {
            olds.push(e.path());
        }
    }
    olds.sort();
    for old in olds {
        if !target.exists() {
            let _ = std::fs::rename(&old, target);
        } else {
            let _ = std::fs::remove_dir_all(&old);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_files_are_written_counted_and_checked_like_others() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        let s = Staging::begin(&target).expect("begin");
        let mut sink = s.create("data/big.json").expect("create");
        for part in ["[1,", "2,", "3]"] {
            sink.write_all(part.as_bytes()).expect("write");
        }
        sink.finish().expect("finish");
        assert_eq!(s.bytes_written(), 7);
        assert!(matches!(
            s.create("DATA/Big.json"),
            Err(OutputError::Collision(first, _)) if first == "data/big.json"
        ));
        assert!(matches!(s.create("../x"), Err(OutputError::Escape(_))));
        s.commit().expect("commit");
        assert_eq!(
            std::fs::read_to_string(target.join("data/big.json")).expect("read"),
            "[1,2,3]"
        );
        // A dry run checks paths and counts bytes, writing nothing.
        let dry = Staging::dry();
        let mut sink = dry.create("a.txt").expect("create");
        sink.write_all(b"abc").expect("write");
        sink.finish().expect("finish");
        assert_eq!((dry.bytes_written(), dry.files_written()), (3, 1));
    }

    #[test]
    fn commit_swaps_and_leaves_nothing_beside_the_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        for round in ["one", "two"] {
            let s = Staging::begin(&target).expect("begin");
            s.write("index.html", round.as_bytes()).expect("write");
            s.commit().expect("commit");
            assert_eq!(
                std::fs::read_to_string(target.join("index.html")).expect("read"),
                round
            );
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn stale_folders_of_dead_builds_go_and_the_old_output_comes_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        let dead = u32::MAX - 1;
        // Killed between the renames of a non-atomic swap: no output, an old copy.
        std::fs::create_dir_all(dir.path().join(format!(".public.old-{dead}"))).expect("old");
        std::fs::write(
            dir.path().join(format!(".public.old-{dead}/index.html")),
            "old",
        )
        .expect("w");
        std::fs::create_dir_all(dir.path().join(format!(".public.staging-{dead}/x")))
            .expect("stale");
        // A build still running in another process (pid 1 always runs).
        std::fs::create_dir_all(dir.path().join(".public.staging-1")).expect("live");
        for made in [
            format!(".public.old-{dead}"),
            format!(".public.staging-{dead}"),
            ".public.staging-1".into(),
        ] {
            ownership::mark(&dir.path().join(made)).expect("mark");
        }
        // A folder of the same pattern that dossier did not make.
        let users = dir.path().join(format!(".public.staging-{}", dead - 1));
        std::fs::create_dir_all(&users).expect("user's");
        std::fs::write(users.join("notes.txt"), "mine").expect("w");
        clean_stale(&target);
        assert_eq!(
            std::fs::read_to_string(users.join("notes.txt")).expect("kept"),
            "mine",
            "a folder without the marker is left alone"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).expect("restored"),
            "old"
        );
        assert!(!dir.path().join(format!(".public.staging-{dead}")).exists());
        assert_eq!(
            dir.path().join(".public.staging-1").exists(),
            cfg!(target_os = "linux"),
            "a running build's folder is left alone"
        );
    }

    #[test]
    fn confinement_rejects_escapes() {
        for bad in [
            "",
            "../x",
            "a/../../b",
            "/abs",
            "a/./b/..",
            "a\0b",
            "..",
            "a\\..\\b",
        ] {
            assert!(confined(bad).is_none(), "{bad:?}");
        }
        assert_eq!(
            confined("briefings/x/index.html"),
            Some(PathBuf::from("briefings/x/index.html"))
        );
    }
}
