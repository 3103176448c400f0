//! The catalogue of broken and hostile input (issue 7).
//!
//! Every folder under `tests/fixtures/bad/` is one case: a site's files
//! (`content/...`, and `site.toml` unless the default below will do) and
//! `expected.txt`, the exact diagnostics the build must report, each as its
//! headline `path:line:col: error: message` followed by its `  = hint: ...`
//! line when it has one. Lines starting with `#` are comments; `#! name`
//! lines are directives (`#! no-site-toml`: the case has no site.toml at all;
//! `#! generated`: the files are made by [`generate`], for inputs too big to
//! commit; `#! args ...`: flags for `dossier build`, `$ROOT` standing for
//! the case's folder, and `--root` replacing the case's folder; `#! exit 2`:
//! a usage error). A case whose expectation has no error must build.
//!
//! Each case is built twice, through the library and through the `dossier`
//! binary, checking: the exact diagnostics (both ways), the exit status (1 on
//! errors, 2 on usage errors, else 0), that nothing panics, and that a failed
//! build leaves the previous output byte for byte as it was, with no staging
//! folder behind.
//!
//! `BLESS=1 cargo test --test bad_input` rewrites the expectations from what
//! the build reports — review the diff before committing it.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use support::snapshot;

const DEFAULT_SITE: &str =
    "title = \"Bad input\"\nbase_url = \"https://example.org/\"\nnow = 2025-06-01\n";

fn catalogue() -> PathBuf {
    support::fixture("bad")
}

/// The expectation file of a case: directives, and the diagnostic lines.
struct Expected {
    directives: Vec<String>,
    lines: Vec<String>,
}

fn expected(case: &str) -> Expected {
    let text = std::fs::read_to_string(catalogue().join(case).join("expected.txt"))
        .unwrap_or_else(|e| panic!("{case}/expected.txt: {e}"));
    let mut out = Expected {
        directives: Vec::new(),
        lines: Vec::new(),
    };
    for line in text.lines() {
        if let Some(d) = line.strip_prefix("#!") {
            out.directives.push(d.trim().to_string());
        } else if !line.starts_with('#') && !line.trim().is_empty() {
            out.lines.push(line.to_string());
        }
    }
    out
}

/// The headline and hint lines of diagnostics, as `dossier build` prints them.
fn lines_of(diags: &dossier::diagnostic::Diagnostics) -> Vec<String> {
    headline_and_hints(&diags.render())
}

/// Keeps the headline (`path:line:col: error: ...`), `  = hint:` and `note:`
/// lines of rendered diagnostics, dropping the quoted source line and caret.
fn headline_and_hints(rendered: &str) -> Vec<String> {
    rendered
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            let quoted = t.starts_with('|')
                || t.split_once(' ').is_some_and(|(gutter, rest)| {
                    !gutter.is_empty()
                        && gutter.bytes().all(|b| b.is_ascii_digit())
                        && rest.starts_with('|')
                });
            !t.is_empty() && !quoted
        })
        .filter(|l| !l.starts_with("build failed:") && !l.starts_with("built "))
        .map(str::to_string)
        .collect()
}

/// Lays a case out in a temporary site folder, with a previous build's output.
fn lay_out(case: &str, exp: &Expected) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = catalogue().join(case);
    support::copy_dir(&from, dir.path());
    std::fs::remove_file(dir.path().join("expected.txt")).expect("expected.txt");
    let no_site = exp.directives.iter().any(|d| d == "no-site-toml");
    if !no_site && !dir.path().join("site.toml").exists() {
        std::fs::write(dir.path().join("site.toml"), DEFAULT_SITE).expect("site.toml");
    }
    if exp.directives.iter().any(|d| d == "generated") {
        generate(case, dir.path());
    }
    // The "previous output" (made by dossier: it has the marker) that a
    // failed build must leave alone.
    std::fs::create_dir_all(dir.path().join("public/old")).expect("public");
    std::fs::write(dir.path().join("public/old/index.html"), "previous build").expect("old");
    std::fs::write(dir.path().join("public/.dossier-output"), "").expect("marker");
    dir
}

/// The `#! args` of a case, with `$ROOT` replaced.
fn args_of(exp: &Expected, root: &Path) -> Vec<String> {
    exp.directives
        .iter()
        .filter_map(|d| d.strip_prefix("args "))
        .flat_map(|a| a.split_whitespace())
        .map(|a| a.replace("$ROOT", &root.display().to_string()))
        .collect()
}

/// Build options as `dossier build` makes them from `args`.
fn options_of(args: &[String], root: &Path) -> dossier::BuildOptions {
    let mut opts = dossier::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || PathBuf::from(it.next().expect("a flag's value"));
        match flag.as_str() {
            "--root" => opts.root = value(),
            "--output" => opts.output = Some(value()),
            "--base-url" => opts.base_url = Some(value().display().to_string()),
            "--force" => opts.force = true,
            other => panic!("unknown flag {other} in #! args"),
        }
    }
    opts
}

/// Builds one case both ways; returns a description of every mismatch.
fn run_case(case: &str) -> Vec<String> {
    let exp = expected(case);
    let dir = lay_out(case, &exp);
    let root = dir.path();
    let before = snapshot(&root.join("public"));
    let mut problems = Vec::new();
    let should_fail = exp.lines.iter().any(|l| l.contains(": error: "));
    let usage = exp.directives.iter().any(|d| d == "exit 2");
    let args = args_of(&exp, root);

    // Through the library.
    let opts = options_of(&args, root);
    let result = std::panic::catch_unwind(|| dossier::build(&opts));
    let got = match &result {
        Err(_) => {
            problems.push(format!("{case}: the library panicked"));
            Vec::new()
        }
        Ok(Ok(report)) => lines_of(&report.diagnostics),
        Ok(Err(diags)) => lines_of(diags),
    };
    let got = rooted(got, root);
    if std::env::var_os("BLESS").is_some() {
        bless(case, &got);
    } else if got != exp.lines {
        problems.push(format!(
            "{case}: diagnostics differ\n--- expected\n{}\n--- got\n{}\n",
            exp.lines.join("\n"),
            got.join("\n")
        ));
    }
    match (&result, should_fail) {
        (Ok(Ok(_)), true) => problems.push(format!("{case}: built, but errors were expected")),
        (Ok(Err(_)), false) => problems.push(format!("{case}: failed, but it should build")),
        (Ok(Err(d)), true) if d.is_usage() != usage => problems.push(format!(
            "{case}: the library's errors are usage errors: {}, expected {usage}",
            d.is_usage()
        )),
        _ => {}
    }
    check_output(case, root, &before, should_fail, &mut problems);

    // Through the binary.
    let mut cmd = Command::cargo_bin("dossier").expect("binary");
    cmd.arg("build");
    if !args.iter().any(|a| a == "--root") {
        cmd.arg("--root").arg(root);
    }
    let out = cmd
        .args(&args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run dossier");
    let code = out.status.code();
    let want = match (should_fail, usage) {
        (true, true) => 2,
        (true, false) => 1,
        (false, _) => 0,
    };
    if code != Some(want) {
        problems.push(format!(
            "{case}: `dossier build` exited with {code:?}, not {want} (a panic is 101, a crash has none)\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let printed = rooted(
        headline_and_hints(&String::from_utf8_lossy(&out.stderr)),
        root,
    );
    if std::env::var_os("BLESS").is_none() && printed != exp.lines {
        problems.push(format!(
            "{case}: `dossier build` printed other diagnostics\n--- expected\n{}\n--- printed\n{}\n",
            exp.lines.join("\n"),
            printed.join("\n")
        ));
    }
    check_output(case, root, &before, should_fail, &mut problems);
    problems
}

/// Writes the temporary site folder as `$ROOT`, so expectations are stable.
fn rooted(lines: Vec<String>, root: &Path) -> Vec<String> {
    let root = root.display().to_string();
    lines
        .into_iter()
        .map(|l| l.replace(&root, "$ROOT"))
        .collect()
}

fn check_output(
    case: &str,
    root: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    failed: bool,
    problems: &mut Vec<String>,
) {
    let out = root.join("public");
    if failed && &snapshot(&out) != before {
        problems.push(format!("{case}: a failed build changed the output folder"));
    }
    if !failed && !out.join("index.html").is_file() {
        problems.push(format!("{case}: the build wrote no index.html"));
    }
    // After a successful CLI build the previous output is deleted by a
    // detached process: give it a bounded time to finish.
    let left = support::leftovers_after_cleanup(root, Duration::from_secs(10));
    if !left.is_empty() {
        problems.push(format!("{case}: left behind {left:?}"));
    }
}

/// Rewrites a case's expectation, keeping its comments and directives.
fn bless(case: &str, got: &[String]) {
    let path = catalogue().join(case).join("expected.txt");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut text: String = old
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    for l in got {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(path, text).expect("bless");
}

/// The cases made by [`generate`]; each runs as its own test, in parallel.
const GENERATED: &[&str] = &[
    "deep-nesting",
    "events-100000",
    "huge-body",
    "huge-line-of-errors",
];

/// Makes the files of the `#! generated` cases.
fn generate(case: &str, root: &Path) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    let head = "+++\ntitle = \"Generated\"\ndate = 2025-05-01\n";
    match case {
        // 10,000 levels of list and of block quote (each on its first line).
        "deep-nesting" => {
            write(
                "content/2025-05-01-list.md",
                &format!("{head}+++\n{}deep\n", "- ".repeat(10_000)),
            );
            write(
                "content/2025-05-02-quote.md",
                &format!("{head}+++\n{}deep\n", "> ".repeat(10_000)),
            );
        }
        // 100,000 events with distinct titles.
        "events-100000" => {
            let mut text = String::from(head);
            for i in 0..100_000 {
                text.push_str(&format!(
                    "[[events]]\ndate = \"2025-{:02}\"\ntitle = \"Event {i}\"\n",
                    i % 12 + 1
                ));
            }
            text.push_str("+++\nBody.\n");
            write("content/2025-05-01-events.md", &text);
        }
        // A 10 MB body of ordinary Markdown: paragraphs with citations,
        // many headings of one text, lists, quotes, code.
        "huge-body" => {
            let mut text = format!(
                "{head}[[sources]]\nid = \"wire\"\ntitle = \"Wire\"\nurl = \"https://example.org/wire\"\n+++\n"
            );
            let block =
                "## Update\n\nThe ministry said on Monday that exports would resume [@wire]. \
                         Officials gave no date; traders expect *weeks*, not days.\n\n\
                         - first point\n- second point with `code`\n\n> A quoted line.\n\n";
            while text.len() < 10 * 1024 * 1024 {
                text.push_str(block);
            }
            write("content/2025-05-01-huge.md", &text);
        }
        // One 1 MB line of citations of an unknown source: a quarter of a
        // million errors, of which the first 100 are shown.
        "huge-line-of-errors" => {
            write(
                "content/2025-05-01-line.md",
                &format!("{head}+++\n{}\n", "[@x] ".repeat(200_000)),
            );
        }
        _ => panic!("no generator for {case}"),
    }
}

#[test]
fn every_case_of_the_catalogue() {
    let mut cases: Vec<String> = std::fs::read_dir(catalogue())
        .expect("catalogue")
        .flatten()
        .filter(|e| e.path().join("expected.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|c| !GENERATED.contains(&c.as_str()))
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let problems: Vec<String> = cases.iter().flat_map(|c| run_case(c)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_generated_case_is_listed() {
    for case in GENERATED {
        let exp = expected(case);
        assert!(exp.directives.iter().any(|d| d == "generated"), "{case}");
    }
}

fn run_generated(case: &str) {
    let problems = run_case(case);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    run_generated("deep-nesting");
}

#[test]
fn a_hundred_thousand_events_fail_fast() {
    run_generated("events-100000");
}

#[test]
fn a_ten_megabyte_body_builds() {
    run_generated("huge-body");
}

#[test]
fn a_million_character_line_of_errors_is_reported_briefly() {
    run_generated("huge-line-of-errors");
}
