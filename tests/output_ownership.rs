//! The output folder is dossier's alone (SPEC §8.1, issue 12).
//!
//! Every case runs the real `dossier` binary in a scratch folder holding a
//! site (`site/`, a copy of the `basic` fixture), a neighbour folder, a file,
//! an empty folder, a folder marked as dossier's, and symbolic links to each.
//! A refused output must exit 2 with its exact message and leave every byte,
//! folder and link of the scratch folder as it was; an accepted one must
//! build there, with the marker, and touch nothing else.

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

const MARKER: &str = ".dossier-output";

/// Everything under `dir` (links not followed): path → what it is.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .display()
            .to_string();
        let kind = entry.file_type();
        let what = if kind.is_symlink() {
            format!(
                "link to {}",
                std::fs::read_link(entry.path()).expect("link").display()
            )
        } else if kind.is_dir() {
            "folder".to_string()
        } else {
            let bytes = std::fs::read(entry.path()).expect("read");
            format!("file {:?}", String::from_utf8_lossy(&bytes))
        };
        out.insert(rel, what);
    }
    out
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The scratch folder: the site and everything an output could collide with.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let top = dir.path();
    support::copy_dir(&support::fixture("basic"), &top.join("site"));
    write(&top.join("site/static/extra.css"), "body{}");
    write(&top.join("site/themes/plain/static/x.css"), "p{}");
    write(&top.join("site/notes/draft.txt"), "my notes");
    write(&top.join("neighbour/keep.txt"), "a neighbour's file");
    write(&top.join("file.txt"), "a file");
    std::fs::create_dir_all(top.join("empty")).expect("empty");
    write(&top.join("marked").join(MARKER), "");
    write(&top.join("marked/old.html"), "a previous build");
    link("site", &top.join("to-site"));
    link("site/content", &top.join("to-content"));
    link(".", &top.join("to-top"));
    link("file.txt", &top.join("to-file"));
    link("neighbour", &top.join("to-neighbour"));
    link("empty", &top.join("to-empty"));
    link("marked", &top.join("to-marked"));
    link("nowhere", &top.join("dangling"));
    link("..", &top.join("site/up"));
    link(".", &top.join("site/here"));
    dir
}

/// Runs `dossier` in `dir` with `args`.
fn dossier(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("dossier")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run dossier")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const SITE_ROOT: &str =
    "is the site folder itself: building there would delete content/ and site.toml";
const CONTAINS: &str = "contains the site folder `$TOP/site`: building there would delete the site and everything beside it";
const ELSEWHERE: &str =
    "  = hint: build into a folder of its own, such as `public` inside the site (the default)";

/// The expected headline and hint of a refused `--output OUT`.
fn refusal(out: &str, top: &Path) -> (String, String) {
    let note = linked(top, out);
    let folder = |rest: &str| format!("--output: error: the output folder `{out}`{note} {rest}");
    let inside = |d: &str| {
        folder(&format!(
            "is inside the site's `{d}/` folder: building there would delete sources"
        ))
    };
    let real = out.trim_start_matches("./");
    let (headline, hint) = match real.trim_end_matches('/') {
        "site" | "site/." | "site/content/.." | "to-site" | "neighbour/../site" | "site/here" => {
            (folder(SITE_ROOT), ELSEWHERE.to_string())
        }
        "." | "" | "to-top" | "site/.." | "site/up" | "to-site/.." => (
            folder(&CONTAINS.replace("$TOP", &top.display().to_string())),
            ELSEWHERE.to_string(),
        ),
        o if o.contains("themes") => (inside("themes"), ELSEWHERE.to_string()),
        o if o.contains("templates") => (inside("templates"), ELSEWHERE.to_string()),
        o if o.contains("static") => (inside("static"), ELSEWHERE.to_string()),
        o if o.contains("content") => (inside("content"), ELSEWHERE.to_string()),
        "file.txt" | "to-file" | "site/site.toml" => (
            format!("--output: error: the output `{out}`{note} is an existing file, not a folder: building there would delete it"),
            format!("{ELSEWHERE}; rename the file if you meant to build there"),
        ),
        "dangling" | "dangling/out" => (
            format!("--output: error: the output `{out}` goes through the symbolic link `{}/dangling`, whose target does not exist", top.display()),
            "  = hint: fix or remove the link, or choose another folder".to_string(),
        ),
        _ => (
            folder("is not empty and was not made by dossier (it has no `.dossier-output` file): building there would delete what it holds"),
            format!("  = hint: choose a new or empty folder, or pass --force to replace everything in `{out}` with the site"),
        ),
    };
    (headline, hint)
}

/// What a refusal adds after an output spelt through one of the scratch
/// folder's symbolic links: the folder it really is.
fn linked(dir: &Path, out: &str) -> String {
    let links = ["to-", "site/here", "site/up", "here", "up"];
    if links.iter().any(|l| out.starts_with(l)) {
        let real = std::fs::canonicalize(dir.join(out)).expect("resolve");
        format!(" (which is `{}`)", real.display())
    } else {
        String::new()
    }
}

/// Every refused `--output`, each in several spellings, and whether
/// `--force` is given too (it takes none of these but the unmarked folder
/// without it).
const REFUSED: &[(&str, bool)] = &[
    // The site folder itself.
    ("site", false),
    ("site/", true),
    ("./site", false),
    ("site/.", false),
    ("site/content/..", true),
    ("to-site", false),
    ("to-site/", true),
    ("neighbour/../site", false),
    ("site/here", false),
    // A folder containing it.
    (".", false),
    ("./", true),
    ("site/..", false),
    ("to-top", true),
    ("site/up", false),
    ("to-site/..", false),
    // Inside its sources.
    ("site/content", false),
    ("site/content/", true),
    ("site/content/briefings", false),
    ("site/./content/new", false),
    ("to-content", true),
    ("to-content/", false),
    ("to-site/content", false),
    ("site/templates", true),
    ("site/static", false),
    ("site/static/../static/x", false),
    ("site/themes", false),
    ("site/themes/plain/static", true),
    ("site/public/../content", false),
    // An existing file.
    ("file.txt", true),
    ("file.txt/", false),
    ("to-file", false),
    ("site/site.toml", true),
    // A non-empty folder without the marker.
    ("neighbour", false),
    ("neighbour/", false),
    ("./neighbour/.", false),
    ("to-neighbour", false),
    ("to-neighbour/", false),
    ("site/notes", false),
    // Through a dangling link.
    ("dangling", true),
    ("dangling/out", false),
];

#[test]
fn every_refused_output_exits_2_names_the_conflict_and_touches_nothing() {
    let dir = scratch();
    let top = dir.path();
    let before = tree(top);
    let mut problems = Vec::new();
    for (out, force) in REFUSED {
        let mut args = vec!["build", "--root", "site", "--output", out];
        if *force {
            args.push("--force");
        }
        let run = dossier(top, &args);
        let printed = stderr(&run);
        let (headline, hint) = refusal(out, top);
        let lines: Vec<&str> = printed.lines().collect();
        let at = lines.iter().position(|l| *l == headline);
        if run.status.code() != Some(2) {
            problems.push(format!("{out}: exit {:?}, not 2", run.status.code()));
        }
        if at.is_none() || at.and_then(|i| lines.get(i + 1)) != Some(&hint.as_str()) {
            problems.push(format!(
                "{out}: expected\n{headline}\n{hint}\nprinted\n{printed}"
            ));
        }
        if tree(top) != before {
            problems.push(format!("{out}: the scratch folder changed"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Waits for the detached removal of the previous output.
fn no_leftovers(dir: &Path) -> Vec<String> {
    let names = || -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".old-") || n.contains(".staging-"))
            .collect()
    };
    let start = std::time::Instant::now();
    while !names().is_empty() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    names()
}

#[test]
fn missing_empty_marked_and_forced_outputs_are_taken_and_nothing_else_changes() {
    // (output, force, the folder that the output really is)
    let cases: &[(&str, bool, &str)] = &[
        ("new/out", false, "new/out"),
        ("site/public", false, "site/public"),
        ("site/public/", false, "site/public"),
        ("empty", false, "empty"),
        ("to-empty/", false, "empty"),
        ("marked", false, "marked"),
        ("to-marked", false, "marked"),
        ("./neighbour/.", true, "neighbour"),
        ("to-neighbour", true, "neighbour"),
    ];
    for (out, force, real) in cases {
        let dir = scratch();
        let top = dir.path();
        let before = tree(top);
        let mut args = vec!["build", "--root", "site", "--output", out];
        if *force {
            args.push("--force");
        }
        let run = dossier(top, &args);
        assert_eq!(run.status.code(), Some(0), "{out}: {}", stderr(&run));
        let real = top.join(real);
        assert!(real.join("index.html").is_file(), "{out}: no index.html");
        assert!(real.join(MARKER).is_file(), "{out}: no marker");
        let parent = real.parent().expect("parent");
        assert_eq!(no_leftovers(parent), Vec::<String>::new(), "{out}");
        // Nothing else moved: the tree outside the output is as it was.
        let inside = |p: &String| top.join(p).starts_with(&real);
        // The image cache (issue 18) is the one folder kept beside the output.
        let cache = |p: &String| p.starts_with("site/.dossier-cache");
        let outside = |t: BTreeMap<String, String>| -> BTreeMap<String, String> {
            t.into_iter()
                .filter(|(p, _)| !inside(p) && !cache(p))
                .collect()
        };
        let mut expected = outside(before);
        // Folders made to hold a new output.
        for made in ["new"] {
            if real.starts_with(top.join(made)) {
                expected.insert(made.to_string(), "folder".into());
            }
        }
        assert_eq!(outside(tree(top)), expected, "{out}");
        // A second build replaces the first: the output now is dossier's.
        let again = dossier(top, &args[..5]);
        assert_eq!(again.status.code(), Some(0), "{out}: {}", stderr(&again));
    }
}

#[test]
fn output_dir_in_site_toml_follows_the_same_rules_at_its_line() {
    let cases: &[(&str, &str)] = &[
        ("content", "is inside the site's `content/` folder: building there would delete sources"),
        ("content/out", "is inside the site's `content/` folder: building there would delete sources"),
        ("templates", "is inside the site's `templates/` folder: building there would delete sources"),
        ("static/", "is inside the site's `static/` folder: building there would delete sources"),
        ("themes/plain", "is inside the site's `themes/` folder: building there would delete sources"),
        ("here", SITE_ROOT),
        ("up", "contains the site folder `$TOP/site`: building there would delete the site and everything beside it"),
        ("notes", "is not empty and was not made by dossier (it has no `.dossier-output` file): building there would delete what it holds"),
    ];
    for (value, rest) in cases {
        let dir = scratch();
        let top = dir.path();
        let toml = top.join("site/site.toml");
        let text = std::fs::read_to_string(&toml).expect("site.toml");
        std::fs::write(&toml, format!("output_dir = \"{value}\"\n{text}")).expect("write");
        let before = tree(top);
        for force in [false, true] {
            let mut args = vec!["build", "--root", "site"];
            if force {
                args.push("--force");
            }
            let run = dossier(top, &args);
            if *value == "notes" && force {
                // The one refusal --force overrides.
                assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
                assert!(top.join("site/notes").join(MARKER).is_file());
                continue;
            }
            let rest = rest.replace("$TOP", &top.display().to_string());
            let note = linked(&top.join("site"), value);
            let headline =
                format!("site.toml:1:14: error: the output folder `{value}`{note} {rest}");
            assert_eq!(run.status.code(), Some(2), "{value}: {}", stderr(&run));
            assert!(
                stderr(&run).lines().any(|l| l == headline),
                "{value}: expected\n{headline}\nprinted\n{}",
                stderr(&run)
            );
            assert_eq!(tree(top), before, "{value}: the scratch folder changed");
        }
        // `check` reports it too, but for the unmarked folder, which a
        // build may take with --force.
        let run = dossier(top, &["check", "--root", "site"]);
        let want = if *value == "notes" { 0 } else { 2 };
        assert_eq!(
            run.status.code(),
            Some(want),
            "check, {value}: {}",
            stderr(&run)
        );
    }
}

#[test]
fn check_refuses_nothing_and_build_refuses_before_reporting_content() {
    // `check` writes nothing, so an unmarked `public/` is no conflict for it.
    let dir = scratch();
    let top = dir.path();
    write(&top.join("site/public/mine.txt"), "mine");
    let run = dossier(top, &["check", "--root", "site"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let run = dossier(top, &["build", "--root", "site"]);
    assert_eq!(run.status.code(), Some(2));
    let headline = format!(
        "{}: error: the output folder `{}` is not empty and was not made by dossier (it has no `.dossier-output` file): building there would delete what it holds",
        Path::new("site").join("public").display(),
        Path::new("site").join("public").display()
    );
    assert!(
        stderr(&run).lines().any(|l| l == headline),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        std::fs::read_to_string(top.join("site/public/mine.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn serve_refuses_a_temporary_folder_inside_the_sources() {
    let dir = scratch();
    let top = dir.path();
    let before = tree(top);
    let port = support::common::free_port().to_string();
    let run = Command::cargo_bin("dossier")
        .expect("binary")
        .current_dir(top)
        .env("TMPDIR", top.join("site/content"))
        .args(["serve", "--root", "site", "--port", &port])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run dossier serve");
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let printed = stderr(&run);
    assert!(
        printed.contains(
            "is inside the site's `content/` folder: building there would delete sources"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("set TMPDIR to choose another"),
        "{printed}"
    );
    assert_eq!(tree(top), before);
}

/// `__remove-old-output` with `token` on its stdin.
fn remove_helper(dir: &Path, target: &Path, token: &str) -> std::process::Output {
    Command::cargo_bin("dossier")
        .expect("binary")
        .current_dir(dir)
        .arg("__remove-old-output")
        .arg(target)
        .write_stdin(token)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("run helper")
}

#[test]
fn the_removal_helper_deletes_only_a_folder_a_build_handed_it() {
    let dir = scratch();
    let top = dir.path();
    // Looks like a build's leftover, carries the marker, but no build
    // handed it over.
    let leftover = top.join(".site.old-4000000");
    write(&leftover.join(MARKER), "");
    write(&leftover.join("index.html"), "old");
    // The same name without the marker; and a link of that name to the site.
    let unmarked = top.join(".public.old-4000001");
    write(&unmarked.join("notes.txt"), "mine");
    link("site", &top.join(".public.old-4000002"));
    let before = tree(top);
    let handed = top.join("handed/.public.old-4000003");
    write(&handed.join(MARKER), "");
    let token = dossier::output::ownership::hand_over(&handed).expect("hand over");
    let refused: &[(PathBuf, &str, &str)] = &[
        (
            top.join("neighbour"),
            "",
            "it is not a folder left by a dossier build",
        ),
        (
            top.join("site"),
            token.as_str(),
            "it is not a folder left by a dossier build",
        ),
        (
            top.join("site/content"),
            token.as_str(),
            "it is not a folder left by a dossier build",
        ),
        (
            leftover.clone(),
            "",
            "it was not handed over by the build that started this command",
        ),
        (
            leftover.clone(),
            "0123456789abcdef",
            "it was not handed over by the build that started this command",
        ),
        (
            leftover.clone(),
            token.as_str(),
            "it was not handed over by the build that started this command",
        ),
        (
            unmarked.clone(),
            token.as_str(),
            "it is not an output made by dossier (no `.dossier-output` file)",
        ),
        (
            top.join(".public.old-4000002"),
            token.as_str(),
            "it is not an output made by dossier (no `.dossier-output` file)",
        ),
    ];
    for (target, token, why) in refused {
        let run = remove_helper(top, target, token);
        assert_eq!(run.status.code(), Some(2), "{}", target.display());
        let headline = format!("error: refused to delete `{}`: {why}", target.display());
        assert!(
            stderr(&run).lines().any(|l| l == headline),
            "expected {headline}\nprinted {}",
            stderr(&run)
        );
        assert_eq!(
            tree(top)
                .into_iter()
                .filter(|(p, _)| !p.starts_with("handed"))
                .collect::<BTreeMap<_, _>>(),
            before
        );
    }
    // The folder handed over, with its token: gone.
    let run = remove_helper(top, &handed, &token);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!handed.exists());
}

mod property {
    //! For random nestings of site and output — the output equal to the
    //! site, a parent of it, inside its sources, a sibling, a file, a
    //! symbolic link to any of these, empty, marked or not, with or without
    //! `--force` — a build never deletes or modifies a path it did not
    //! create, and refuses (as a usage error) every output SPEC §8.1 forbids.

    use super::*;
    use proptest::prelude::*;

    /// Where the output may point, relative to the scratch folder, and
    /// what SPEC §8.1 says of it: `None` if it must be refused whatever
    /// `--force` says, else whether it is free without `--force`.
    const TARGETS: &[(&str, Option<bool>)] = &[
        ("site", None),
        ("", None),
        ("site/content", None),
        ("site/content/new", None),
        ("site/templates", None),
        ("site/static", None),
        ("site/themes/t", None),
        ("file.txt", None),
        ("sibling", Some(false)),
        ("site/notes", Some(false)),
        ("empty", Some(true)),
        ("marked", Some(true)),
        ("new/deeper", Some(true)),
        ("site/public", Some(true)),
    ];

    fn scratch() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let top = dir.path();
        write(
            &top.join("site/site.toml"),
            "title = \"P\"\nbase_url = \"https://example.org/\"\nnow = 2025-06-01\n",
        );
        write(
            &top.join("site/content/2025-01-01-a.md"),
            "+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\nBody.\n",
        );
        write(&top.join("site/templates/.keep"), "");
        write(&top.join("site/static/x.css"), "x{}");
        write(&top.join("site/themes/t/static/y.css"), "y{}");
        write(&top.join("site/notes/n.txt"), "notes");
        write(&top.join("sibling/s.txt"), "sibling");
        write(&top.join("file.txt"), "file");
        std::fs::create_dir_all(top.join("empty")).expect("empty");
        write(&top.join("marked").join(MARKER), "");
        write(&top.join("marked/old.html"), "old");
        dir
    }

    /// The output `target` spelt in one of several ways (made real in `top`).
    fn spell(top: &Path, target: &str, how: u8) -> PathBuf {
        match how {
            0 => top.join(target),
            1 => PathBuf::from(format!("{}/", top.join(target).display())),
            2 => top.join("site/../").join(target).join("."),
            3 => top.join("new/../sibling/..").join(target),
            _ => {
                let at = top.join("the-link");
                link(&top.join(target).display().to_string(), &at);
                at
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn a_build_never_touches_what_it_did_not_make(
            pick in 0..TARGETS.len(),
            how in 0u8..5,
            root_by_link in any::<bool>(),
            force in any::<bool>(),
        ) {
            let dir = scratch();
            let top = dir.path();
            let (target, rule) = TARGETS[pick];
            let output = spell(top, target, how);
            let root = if root_by_link {
                link(&top.join("site").display().to_string(), &top.join("site-link"));
                top.join("site-link")
            } else {
                top.join("site")
            };
            let before = tree(top);
            let opts = dossier::BuildOptions {
                root,
                output: Some(output.clone()),
                force,
                ..Default::default()
            };
            let real = top.join(target);
            let result = dossier::build(&opts);
            // A link to a folder that does not exist yet is a dangling link:
            // refused, rather than followed to make its target.
            let dangling = how == 4 && !real.exists();
            let may_take = match rule {
                None => false,
                Some(free) => (free || force) && !dangling,
            };
            match &result {
                Ok(_) => prop_assert!(may_take, "built into {} ({target})", output.display()),
                Err(d) => {
                    prop_assert!(!may_take, "refused {}: {}", output.display(), d.render());
                    prop_assert!(d.is_usage(), "{}", d.render());
                }
            }
            // Every path that was there is as it was, unless it is inside
            // an output the build was allowed to take.
            let after = tree(top);
            for (path, what) in &before {
                let inside = !target.is_empty() && top.join(path).starts_with(&real);
                if !(inside && result.is_ok()) {
                    prop_assert_eq!(after.get(path), Some(what), "{} changed", path);
                }
            }
            // Whatever is new lies in the output or is a folder made to hold it.
            for path in after.keys().filter(|p| !before.contains_key(*p)) {
                let full = top.join(path);
                prop_assert!(
                    full.starts_with(&real) || real.starts_with(&full),
                    "{} was created",
                    path
                );
            }
        }
    }
}
