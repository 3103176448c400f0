//! Whose folder is it? dossier replaces an output folder only when it is
//! missing, empty, or carries the [`MARKER`] file that every output dossier
//! makes. Before anything is written, [`claim`] finds the build's output
//! (`--output`, else `output_dir`) and [`check`] refuses an output that is the
//! site folder, contains it, lies inside one of its source folders
//! (`content/`, `templates/`, `static/`, `themes/`), is an existing file, or
//! is a non-empty folder without the marker (that one alone `--force` takes).
//!
//! Paths are compared after [`resolve`]: made absolute, with the nearest
//! existing ancestor canonicalized (symlinks followed, `.` and `..` gone) and
//! the rest appended, so no spelling of a path slips past the rules.
//!
//! The previous output is deleted by a detached helper process
//! (`dossier __remove-old-output`). [`hand_over`] writes a one-time token
//! into the folder and gives it to the helper; [`remove_handed`] deletes a
//! folder only if its name, marker and token all show that a build of this
//! program handed it over, so the helper cannot be pointed at anything else.

use std::hash::{BuildHasher, Hasher};
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};

/// The file that marks a folder as an output of dossier.
pub(crate) const MARKER: &str = ".dossier-output";

/// What the marker file says, for whoever opens it.
const MARKER_TEXT: &str = "This folder is written by dossier: every build replaces all of it.\n\
Do not keep your own files here.\n";

/// The file in a previous output that holds the token of its removal.
const TOKEN_FILE: &str = ".dossier-remove";

/// The folders of a site that hold its sources.
const SOURCE_FOLDERS: [&str; 5] = ["content", "templates", "static", "themes", "i18n"];

/// Why an output folder is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Conflict {
    /// The output is the site folder itself.
    SiteRoot,
    /// The output contains the site folder.
    ContainsRoot,
    /// The output lies inside a source folder (its name).
    InsideSources(&'static str),
    /// The output is an existing file (or something else that is no folder).
    File,
    /// The output is a non-empty folder without the marker.
    NotOurs,
    /// The path is a symbolic link whose target does not exist.
    BrokenLink(PathBuf),
    /// The output cannot be inspected.
    Unreadable(String),
}

/// An output folder that dossier will not write, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// The output as it was given.
    pub(crate) output: PathBuf,
    /// The site folder, resolved.
    pub(crate) root: PathBuf,
    /// The output, resolved, when a symbolic link on its way makes it
    /// another folder than it reads.
    pub(crate) linked: Option<PathBuf>,
    pub(crate) conflict: Conflict,
}

impl Refusal {
    /// What is wrong, naming the folder.
    pub(crate) fn message(&self) -> String {
        let out = match &self.linked {
            Some(real) => format!(
                "`{}` (which is `{}`)",
                self.output.display(),
                real.display()
            ),
            None => format!("`{}`", self.output.display()),
        };
        let root = self.root.display();
        match &self.conflict {
            Conflict::SiteRoot => format!(
                "the output folder {out} is the site folder itself: building there would delete content/ and site.toml"
            ),
            Conflict::ContainsRoot => format!(
                "the output folder {out} contains the site folder `{root}`: building there would delete the site and everything beside it"
            ),
            Conflict::InsideSources(dir) => format!(
                "the output folder {out} is inside the site's `{dir}/` folder: building there would delete sources"
            ),
            Conflict::File => format!(
                "the output {out} is an existing file, not a folder: building there would delete it"
            ),
            Conflict::NotOurs => format!(
                "the output folder {out} is not empty and was not made by dossier (it has no `{MARKER}` file): building there would delete what it holds"
            ),
            Conflict::BrokenLink(link) => format!(
                "the output {out} goes through the symbolic link `{}`, whose target does not exist",
                link.display()
            ),
            Conflict::Unreadable(e) => format!("cannot inspect the output folder {out}: {e}"),
        }
    }

    /// How to fix it.
    pub(crate) fn hint(&self) -> String {
        let elsewhere =
            "build into a folder of its own, such as `public` inside the site (the default)";
        match &self.conflict {
            Conflict::NotOurs => format!(
                "choose a new or empty folder, or pass --force to replace everything in `{}` with the site",
                self.output.display()
            ),
            Conflict::BrokenLink(_) => "fix or remove the link, or choose another folder".into(),
            Conflict::Unreadable(_) => "check the folder's permissions, or choose another folder".into(),
            Conflict::File => format!("{elsewhere}; rename the file if you meant to build there"),
            _ => elsewhere.to_string(),
        }
    }
}

/// `path` made absolute, with its nearest existing ancestor canonicalized
/// (symlinks resolved, `.` and `..` gone) and the rest appended; a `..`
/// after a folder that does not exist yet cancels it, as it will once
/// the folder is made. Refuses a path through a dangling symlink.
fn resolve(path: &Path) -> Result<PathBuf, Conflict> {
    let abs = std::path::absolute(path).map_err(|e| Conflict::Unreadable(e.to_string()))?;
    let parts: Vec<Component> = abs.components().collect();
    for k in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..k].iter().collect();
        match std::fs::canonicalize(&prefix) {
            Ok(mut base) => {
                for part in &parts[k..] {
                    match part {
                        Component::ParentDir => {
                            base.pop();
                        }
                        Component::Normal(name) => base.push(name),
                        _ => {}
                    }
                }
                return Ok(base);
            }
            Err(_) if is_symlink(&prefix) => return Err(Conflict::BrokenLink(prefix)),
            Err(_) => continue,
        }
    }
    Err(Conflict::Unreadable("no part of the path exists".into()))
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Whether `dir` carries the marker (a plain file, not a link).
pub(crate) fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.file_type().is_file())
}

/// Checks that the site at `root` may build into `output`; returns the
/// output, resolved, to write to. `force` takes a non-empty folder without
/// the marker, and nothing else.
pub(crate) fn check(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Refusal> {
    let refuse = |root: PathBuf, linked, conflict| Refusal {
        output: output.to_path_buf(),
        root,
        linked,
        conflict,
    };
    let site = resolve(root).map_err(|c| refuse(root.to_path_buf(), None, c))?;
    let out = resolve(output).map_err(|c| refuse(site.clone(), None, c))?;
    match conflict(&site, &out, force) {
        Some(c) => {
            let linked = through_link(output).then(|| out.clone());
            Err(refuse(site, linked, c))
        }
        None => Ok(out),
    }
}

/// The output folder of a build of the site at `root`, checked before
/// anything is written: `output` (`--output`), else `output_dir` from
/// `site.toml`. `None` when site.toml cannot say (its errors are the
/// build's to report). A refusal is an error at the flag, at the line of
/// `output_dir`, or at the default folder.
pub(crate) fn claim(
    root: &Path,
    output: Option<&Path>,
    force: bool,
) -> Result<Option<PathBuf>, Diagnostic> {
    let flag = PathBuf::from("--output");
    let (out, shown, path, pos) = match output {
        Some(out) => (out.to_path_buf(), out.to_path_buf(), flag, Pos::default()),
        None => {
            let mut unused = Diagnostics::new();
            let Some(c) = crate::config::load(root, &mut unused) else {
                return Ok(None);
            };
            let out = root.join(&c.output_dir);
            match c.output_dir_at {
                Some(pos) => (out, c.output_dir, PathBuf::from("site.toml"), pos),
                None if !unused.has_errors() => (out.clone(), out.clone(), out, Pos::default()),
                None => return Ok(None),
            }
        }
    };
    check(root, &out, force).map(Some).map_err(|mut refusal| {
        refusal.output = shown;
        Diagnostic::error(path, pos, refusal.message()).with_hint(refusal.hint())
    })
}

/// Whether `path` or a folder on its way is a symbolic link (checked
/// component by component: a trailing slash would follow the link).
fn through_link(path: &Path) -> bool {
    let Ok(abs) = std::path::absolute(path) else {
        return false;
    };
    let mut prefix = PathBuf::new();
    abs.components().any(|c| {
        prefix.push(c);
        is_symlink(&prefix)
    })
}

/// The rules of [`check`], on resolved paths.
fn conflict(site: &Path, out: &Path, force: bool) -> Option<Conflict> {
    if out == site {
        return Some(Conflict::SiteRoot);
    }
    if site.starts_with(out) {
        return Some(Conflict::ContainsRoot);
    }
    for name in SOURCE_FOLDERS {
        let folder = site.join(name);
        // A source folder may itself be a link to elsewhere.
        let real = resolve(&folder).unwrap_or_else(|_| folder.clone());
        if out.starts_with(&folder) || out.starts_with(&real) {
            return Some(Conflict::InsideSources(name));
        }
    }
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Conflict::Unreadable(e.to_string())),
    };
    if !meta.is_dir() {
        return Some(Conflict::File);
    }
    if is_marked(out) || force {
        return None;
    }
    match std::fs::read_dir(out).map(|mut entries| entries.next().is_none()) {
        Ok(true) => None,
        Ok(false) => Some(Conflict::NotOurs),
        Err(e) => Some(Conflict::Unreadable(e.to_string())),
    }
}

/// Writes the marker into a folder dossier has just made.
pub(crate) fn mark(dir: &Path) -> std::io::Result<()> {
    std::fs::write(dir.join(MARKER), MARKER_TEXT)
}

/// A token no other process can guess: std's hasher keys are random per
/// process and per call, mixed with the time and the process id.
fn token() -> String {
    let mut parts = [0u64; 2];
    for (i, part) in parts.iter_mut().enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        h.write_usize(i);
        *part = h.finish();
    }
    format!("{:016x}{:016x}", parts[0], parts[1])
}

/// Prepares a previous output (a leftover folder of this build) for the
/// removal helper: writes a fresh token into it and returns the token,
/// which only the helper is told. A folder taken with `--force` gets the
/// marker here: the build has made it its own.
pub fn hand_over(old: &Path) -> std::io::Result<String> {
    if !is_marked(old) {
        mark(old)?;
    }
    let token = token();
    std::fs::write(old.join(TOKEN_FILE), &token)?;
    Ok(token)
}

/// Whether `name` is a folder name a build gives its staging or previous
/// output: `.<output>.staging-<pid>` or `.<output>.old-<pid>`.
fn is_leftover_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    [".staging-", ".old-"].iter().any(|tag| {
        rest.rsplit_once(tag).is_some_and(|(output, pid)| {
            !output.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

/// Deletes `dir` for the removal helper, only if a build handed it over:
/// its name is a leftover's, it is a real folder (no link), it carries the
/// marker, and its token file holds `token`. Otherwise says why not.
pub fn remove_handed(dir: &Path, token: &str) -> Result<(), String> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = dir.display();
    if !is_leftover_name(&name) {
        return Err(format!(
            "refused to delete `{shown}`: it is not a folder left by a dossier build"
        ));
    }
    let is_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_dir());
    if !is_dir || !is_marked(dir) {
        return Err(format!(
            "refused to delete `{shown}`: it is not an output made by dossier (no `{MARKER}` file)"
        ));
    }
    let expected = std::fs::read_to_string(dir.join(TOKEN_FILE)).unwrap_or_default();
    if token.is_empty() || expected.trim() != token.trim() {
        return Err(format!(
            "refused to delete `{shown}`: it was not handed over by the build that started this command"
        ));
    }
    std::fs::remove_dir_all(dir).map_err(|e| format!("cannot delete `{shown}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "x").expect("write");
    }

    #[test]
    fn every_conflict_on_resolved_paths() {
        let dir = tempfile::tempdir().expect("tempdir");
        let top = dir.path();
        let site = top.join("site");
        touch(&site.join("content/a.md"));
        touch(&site.join("notes/keep.txt"));
        touch(&top.join("file.txt"));
        touch(&top.join("marked").join(MARKER));
        std::fs::create_dir_all(top.join("empty")).expect("empty");
        let c = |out: &str, force| {
            check(&site, &top.join(out), force)
                .err()
                .map(|r| r.conflict)
        };
        assert_eq!(c("site", false), Some(Conflict::SiteRoot));
        assert_eq!(c("site/content/../.", false), Some(Conflict::SiteRoot));
        assert_eq!(c(".", true), Some(Conflict::ContainsRoot));
        assert_eq!(
            c("site/content", true),
            Some(Conflict::InsideSources("content"))
        );
        assert_eq!(
            c("site/themes/x/y", false),
            Some(Conflict::InsideSources("themes"))
        );
        assert_eq!(
            c("site/new/../static", false),
            Some(Conflict::InsideSources("static"))
        );
        assert_eq!(c("file.txt", true), Some(Conflict::File));
        assert_eq!(c("site/notes", false), Some(Conflict::NotOurs));
        assert_eq!(c("site/notes", true), None);
        assert_eq!(c("marked", false), None);
        assert_eq!(c("empty", false), None);
        assert_eq!(c("site/public", false), None);
        assert_eq!(c("new/deeper", false), None);
    }

    #[test]
    fn leftover_names() {
        for ok in [".public.old-12", ".public.staging-3", ".my.site.old-1"] {
            assert!(is_leftover_name(ok), "{ok}");
        }
        for bad in [
            "public",
            ".public",
            ".public.old-",
            ".public.old-x",
            "..old-1",
            "x.old-1",
        ] {
            assert!(!is_leftover_name(bad), "{bad}");
        }
    }
}
