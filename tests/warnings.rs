//! Warnings that scale (issue 12): a site with thousands of references to
//! actors that have no profile prints one entry per actor — its reference
//! count, its first positions and the fix — and a summary by kind, not one
//! warning per reference; `check --format json` still lists every
//! reference; an error in the same run is printed in full, before them.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use assert_cmd::Command;

/// Briefings generated into the site.
const BRIEFINGS: usize = 600;
/// Actors named without a profile: `Ghost 0` … `Ghost 4`.
const GHOSTS: usize = 5;

/// A site of [`BRIEFINGS`] briefings, each naming ghosts in its `actors`,
/// in an event and in its body, and `Pakistan`, which has a profile. One
/// source is never cited. Returns the site and the references per ghost.
fn corpus() -> (support::Site, BTreeMap<String, usize>) {
    let site = support::Site::new("basic");
    let _ = std::fs::remove_dir_all(site.root().join("content"));
    site.write(
        "content/actors/pakistan.md",
        "+++\nname = \"Pakistan\"\nkind = \"state\"\n+++\nA state.\n",
    );
    let mut refs: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..BRIEFINGS {
        let (a, b, c) = (i % GHOSTS, (i + 1) % GHOSTS, i % 3);
        for g in [a, b, c] {
            *refs.entry(format!("Ghost {g}")).or_default() += 1;
        }
        let uncited = if i == 0 {
            "\n[[sources]]\nid = \"unused\"\ntitle = \"Unused\"\n"
        } else {
            ""
        };
        site.write(
            &format!("content/briefings/2025-05-01-b{i}.md"),
            &format!(
                "+++\ntitle = \"Briefing {i}\"\ndate = 2025-05-01\nactors = [\"Ghost {a}\", \"Pakistan\"]\n\n[[events]]\ntitle = \"Event {i}\"\ndate = \"2025-04\"\nactors = [\"Ghost {b}\"]\nsources = [\"s\"]\n\n[[sources]]\nid = \"s\"\ntitle = \"A report\"\n{uncited}+++\nSee [[Ghost {c}]] and [[Pakistan]].\n"
            ),
        );
    }
    (site, refs)
}

fn dossier(args: &[&str], root: &std::path::Path) -> std::process::Output {
    Command::cargo_bin("dossier")
        .expect("binary")
        .args(args)
        .arg("--root")
        .arg(root)
        .timeout(Duration::from_secs(300))
        .output()
        .expect("run dossier")
}

/// Checks the grouped terminal output of a run over [`corpus`].
fn assert_grouped(stderr: &str, refs: &BTreeMap<String, usize>) {
    let total: usize = refs.values().sum();
    let headlines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(headlines.len(), GHOSTS, "one entry per actor:\n{stderr}");
    // Most referenced first.
    let mut by_count: Vec<(&String, &usize)> = refs.iter().collect();
    by_count.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
    for ((name, n), headline) in by_count.iter().zip(&headlines) {
        assert_eq!(
            *headline,
            format!("warning: no actor profile matches `{name}` ({n} references)")
        );
        let entry: Vec<&str> = stderr
            .split(&format!("{headline}\n"))
            .nth(1)
            .expect("entry")
            .lines()
            .take(5)
            .collect();
        assert!(
            entry[..3]
                .iter()
                .all(|l| l.starts_with("  --> content/briefings/")),
            "three positions:\n{}",
            entry.join("\n")
        );
        assert_eq!(
            entry[3],
            format!(
                "  ... and {} more (`dossier check --format json` lists every one)",
                **n - 3
            )
        );
        let id = name.to_lowercase().replace(' ', "-");
        assert_eq!(
            entry[4],
            format!("  = hint: create content/actors/{id}.md with `name = \"{name}\"`, or add it as an alias of an existing profile; it is listed as an implicit actor for now")
        );
    }
    let summary = format!(
        "warnings: {},{:03} implicit-actor references ({GHOSTS} actors), 1 uncited source",
        total / 1000,
        total % 1000
    );
    assert!(
        stderr.lines().any(|l| l == summary),
        "no `{summary}` in\n{stderr}"
    );
    // One line per warning would be thousands; grouped it is a screen.
    assert!(stderr.lines().count() < 60, "{stderr}");
}

#[test]
fn build_and_check_group_implicit_actor_warnings_and_json_lists_each() {
    let (site, refs) = corpus();
    let total: usize = refs.values().sum();
    assert!(total > 1000);

    let out = dossier(&["build"], site.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_grouped(&stderr, &refs);
    assert!(
        stderr.contains(&format!("with {} warnings", total + 1)),
        "{stderr}"
    );

    let out = dossier(&["check"], site.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_grouped(&stderr, &refs);

    let out = dossier(&["check", "--format", "json"], site.root());
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    for d in diags {
        if d["group"]["kind"] == "implicit-actor" {
            assert_eq!(d["severity"], "warning");
            assert!(d["line"].as_u64() > Some(0), "{d}");
            let key = d["group"]["key"].as_str().expect("key").to_string();
            *listed.entry(key).or_default() += 1;
        }
    }
    let want: BTreeMap<String, usize> = refs
        .iter()
        .map(|(name, n)| (name.to_lowercase().replace(' ', "-"), *n))
        .collect();
    assert_eq!(listed, want, "every reference, each listed");
    assert_eq!(json["warnings"], total + 1);
    assert_eq!(
        diags
            .iter()
            .filter(|d| d["group"]["kind"] == "uncited-source")
            .count(),
        1
    );
}

#[test]
fn an_error_is_printed_in_full_before_thousands_of_warnings() {
    let (site, refs) = corpus();
    site.write(
        "content/briefings/2025-05-01-b7.md",
        "+++\ntitle = \"Briefing 7\"\ndate = 2025-05-01\n+++\nAs reported [@nowhere] by [[Ghost 0]].\n",
    );
    let out = dossier(&["check"], site.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "content/briefings/2025-05-01-b7.md:5:13: error: unknown source `nowhere` in citation",
            "  |",
            "5 | As reported [@nowhere] by [[Ghost 0]].",
            "  |             ^",
            "  = hint: this briefing has no [[sources]]: add one with this id",
        ],
        "{stderr}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("warning: ")).count(),
        GHOSTS
    );
    assert!(refs.contains_key("Ghost 0"));
    assert!(lines.last().is_some_and(|l| l.starts_with("1 error(s), ")));
}
