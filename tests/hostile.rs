//! Hostile content and hostile circumstances (issue 7): every front-matter
//! string carrying markup reaches every output escaped; `safe_html` strips
//! raw HTML from bodies; names like `../../x`, NUL or 10,000 characters stay
//! inside the output; symlink loops neither hang nor crash; a build killed
//! at any moment leaves the previous output intact.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use support::{snapshot, Site};

/// What the escaping fixture's payload becomes if a value is not escaped:
/// a script element, or (in an attribute) a quote that ends the value and
/// starts an event handler.
const SCRIPT: &str = "<script>alert(1)";
const BREAKOUTS: [&str; 2] = ["onmouseover=\"alert(2)", "onfocus='alert(3)"];

/// The insides of the tags of an HTML or XML text (`<a href="...">` →
/// `a href="..."`). Outside tags a quote is harmless text.
fn tags(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?') {
            let end = rest.find('>').unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn no_front_matter_string_reaches_any_output_unescaped() {
    let site = Site::new("escaping");
    site.build();
    let files = snapshot(&site.out());
    let mut checked: std::collections::BTreeMap<String, usize> = Default::default();
    for (rel, bytes) in &files {
        let ext = Path::new(rel)
            .extension()
            .map_or(String::new(), |e| e.to_string_lossy().to_lowercase());
        let text = String::from_utf8_lossy(bytes);
        match ext.as_str() {
            // Data formats read by spreadsheets and calendars, not browsers:
            // HTML escaping would corrupt the data, so they must hold the
            // text exactly, in a file their own parsers accept.
            "csv" => {
                let mut reader = csv::Reader::from_reader(bytes.as_slice());
                for record in reader.records() {
                    record.unwrap_or_else(|e| panic!("{rel}: {e}"));
                }
            }
            "ics" => {
                for cal in ical::IcalParser::new(bytes.as_slice()) {
                    cal.unwrap_or_else(|e| panic!("{rel}: {e}"));
                }
            }
            // TimelineJS3's file: its slides' strings are HTML, inserted as
            // HTML (issue 14: written without JSON's `\u003c` escapes), so
            // each is checked as markup, where a quote outside a tag is
            // harmless text.
            "json" if rel == "timeline.json" || rel.ends_with("/timeline.json") => {
                assert!(
                    !text.contains(SCRIPT),
                    "{rel} contains `{SCRIPT}` unescaped"
                );
                let tl: serde_json::Value =
                    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
                let slides = std::iter::once(&tl["title"])
                    .chain(tl["events"].as_array().into_iter().flatten());
                for slide in slides {
                    for html in ["headline", "text"].map(|k| slide["text"][k].as_str()) {
                        let html = html.unwrap_or_else(|| panic!("{rel}: {slide}"));
                        assert!(!html.contains(SCRIPT), "{rel}: {html}");
                        assert!(!html.contains("Tom & Jerry"), "{rel}: a raw `&`");
                        for tag in tags(html) {
                            for raw in BREAKOUTS {
                                assert!(!tag.contains(raw), "{rel}: `{raw}` breaks out of <{tag}>");
                            }
                        }
                    }
                }
            }
            // Everything else may be read by a browser: HTML, XML feeds and
            // sitemaps, SVG, JSON and JavaScript (search indexes, data).
            _ => {
                assert!(
                    !text.contains(SCRIPT),
                    "{rel} contains `{SCRIPT}` unescaped"
                );
                let markup = matches!(ext.as_str(), "html" | "htm" | "xml" | "svg");
                for raw in BREAKOUTS {
                    if markup {
                        for tag in tags(&text) {
                            assert!(!tag.contains(raw), "{rel}: `{raw}` breaks out of <{tag}>");
                        }
                    } else {
                        // JSON and JavaScript strings escape their quotes.
                        assert!(!text.contains(raw), "{rel} contains `{raw}` unescaped");
                    }
                }
                if markup {
                    assert!(!text.contains("Tom & Jerry"), "{rel}: a raw `&`");
                }
            }
        }
        *checked.entry(ext).or_default() += 1;
    }
    assert!(
        checked.get("html").copied().unwrap_or(0) > 10,
        "{checked:?}"
    );
    // The payload did reach the pages, escaped.
    let page = site.read("briefings/payload/index.html");
    for shown in [
        "Title &lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;alert(2) &#39; onfocus=&#39;alert(3) Tom &amp; Jerry",
        "Place &lt;script&gt;",
        "Publisher &lt;script&gt;",
        "Source &lt;script&gt;",
        "Author &lt;script&gt;",
        "Tag &lt;script&gt;",
        "Event text &lt;script&gt;",
        "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>",
    ] {
        assert!(page.contains(shown), "the briefing page lacks `{shown}`");
    }
    let actor = site.read("actors/china/index.html");
    assert!(actor.contains("Alias &lt;script&gt;"), "aliases escaped");
}

const HOSTILE_BODY: &str = "+++\ntitle = \"Raw\"\ndate = 2025-06-10\n+++\n\
Text.\n\n<script>alert(4)</script>\n\n\
<a href=\"javascript:alert(5)\" onclick=\"alert(6)\">click</a> and \
[a link](javascript:alert(7)) and <img src=\"x\" onerror=\"alert(8)\">.\n";

#[test]
fn safe_html_removes_raw_html_from_bodies_and_is_off_by_default() {
    let site = Site::new("basic");
    site.write("content/briefings/2025-06-10-raw.md", HOSTILE_BODY);
    site.build();
    let page = site.read("briefings/raw/index.html");
    for kept in [
        "<script>alert(4)</script>",
        "onclick=\"alert(6)\"",
        "href=\"javascript:alert(7)\"",
        "onerror=\"alert(8)\"",
    ] {
        assert!(
            page.contains(kept),
            "editors are trusted by default: `{kept}`"
        );
    }

    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("safe_html = true\n{config}"));
    site.build();
    let page = site.read("briefings/raw/index.html");
    for gone in [
        "alert(4)",
        "javascript:alert(5)",
        "onclick=",
        "javascript:alert(7)",
        "onerror=",
    ] {
        assert!(!page.contains(gone), "safe_html kept `{gone}`");
    }
    // Ordinary Markdown survives the sanitiser, dossier's own markup too.
    assert!(page.contains("<p>Text.</p>"));
    assert!(page.contains(">a link</a>"));
    let first = site.read("briefings/first/index.html");
    assert!(first.contains("<sup class=\"cite\">[<a href=\"#source-mofcom\""));
    assert!(first.contains("class=\"actor-link\""));
}

/// Every file and folder under `root`, except the output folder.
fn tree_outside_output(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("prefix")
                .display()
                .to_string()
        })
        .filter(|p| p != "public" && !p.starts_with("public/"))
        .collect()
}

#[test]
fn long_nul_and_case_variant_names_stay_inside_the_output() {
    // The site alone in a folder, to see anything written beside it.
    let outer = tempfile::tempdir().expect("tempdir");
    let root = outer.path().join("site");
    support::copy_dir(&support::fixture("basic"), &root);
    let long = "x".repeat(10_000);
    std::fs::write(
        root.join("content/briefings/2025-06-11-names.md"),
        format!(
            "+++\ntitle = \"{long}\"\ndate = 2025-06-11\n\
             tags = [\"{long}\", \"Tag\", \"tag\", \"TAG\", \"a\\u0000b\", \"../../up\", \"/abs\", \"a/../../b\"]\n\
             actors = [\"{long}\", \"n\\u0000ul\", \"../../../etc\", \"..\\\\..\\\\win\"]\n\n\
             [[events]]\ndate = \"2025\"\ntitle = \"{long}\"\nplace = \"{long}\"\n+++\n\
             [[{long}]]\n"
        ),
    )
    .expect("write");
    let before = tree_outside_output(outer.path());
    let opts = dossier::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    dossier::build(&opts).unwrap_or_else(|d| panic!("{}", d.render()));
    let mut after = tree_outside_output(outer.path());
    // The image cache (issue 18) is the one folder kept beside the output.
    after.retain(|p| !p.starts_with("site/public") && !p.starts_with("site/.dossier-cache"));
    assert_eq!(before, after, "written outside the output folder");
    // Case variants are one tag; NUL and slashes become plain slugs.
    let slug120 = "x".repeat(120);
    let out = root.join("public");
    for page in [
        "briefings/names/index.html".to_string(),
        format!("tags/{slug120}/index.html"),
        format!("actors/{slug120}/index.html"),
        "tags/tag/index.html".to_string(),
        "tags/a-b/index.html".to_string(),
        "tags/up/index.html".to_string(),
        "actors/n-ul/index.html".to_string(),
        "actors/etc/index.html".to_string(),
        "actors/win/index.html".to_string(),
    ] {
        assert!(out.join(&page).is_file(), "{page}");
    }
    for rel in snapshot(&out).keys() {
        assert!(
            rel.split('/').all(|part| part.len() <= 130 && part != ".."),
            "{rel}"
        );
    }
}

#[test]
fn symlink_loops_and_links_out_of_content_are_skipped_without_hanging() {
    let site = Site::new("basic");
    let content = site.root().join("content");
    std::os::unix::fs::symlink(&content, content.join("loop")).expect("loop");
    std::os::unix::fs::symlink(content.join("self"), content.join("self")).expect("self");
    std::os::unix::fs::symlink("/etc/passwd", content.join("briefings/passwd.md")).expect("out");
    std::os::unix::fs::symlink("../..", content.join("briefings/up")).expect("up");
    let out = Command::cargo_bin("dossier")
        .expect("binary")
        .args(["build", "--root"])
        .arg(site.root())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for link in [
        "content/loop",
        "content/self",
        "content/briefings/passwd.md",
        "content/briefings/up",
    ] {
        assert!(
            stderr.contains(&format!(
                "{link}: warning: symbolic link skipped: dossier does not follow links"
            )),
            "{link}: {stderr}"
        );
    }
    assert!(!site.exists("briefings/passwd/index.html"));
}

/// A site of `n` small briefings.
fn generated_site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Many\"\nbase_url = \"https://example.org/\"\nnow = 2025-06-01\n",
    )
    .expect("site.toml");
    let briefings = dir.path().join("content/briefings");
    std::fs::create_dir_all(&briefings).expect("mkdir");
    for i in 0..n {
        std::fs::write(
            briefings.join(format!("2025-{:02}-{:02}-b{i}.md", i % 12 + 1, i % 28 + 1)),
            format!(
                "+++\ntitle = \"Briefing {i}\"\ndate = 2025-{:02}-{:02}\ntags = [\"t{}\"]\n\
                 [[events]]\ndate = \"2025-{:02}\"\ntitle = \"Event {i}\"\n+++\nBody {i}.\n",
                i % 12 + 1,
                i % 28 + 1,
                i % 7,
                i % 12 + 1
            ),
        )
        .expect("write");
    }
    dir
}

fn build_bin(root: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"));
    cmd.args(["build", "--root"])
        .arg(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_intact() {
    let dir = generated_site(1_000);
    let root = dir.path();
    let started = Instant::now();
    assert!(build_bin(root).status().expect("first build").success());
    let full = started.elapsed();
    let old = snapshot(&root.join("public"));
    // Change the content, so that the next output differs from the old one.
    std::fs::write(
        root.join("content/briefings/2025-01-01-b0.md"),
        "+++\ntitle = \"Changed\"\ndate = 2025-01-01\n+++\nNew body.\n",
    )
    .expect("edit");

    let mut delays: Vec<Duration> = [50, 150, 400].map(Duration::from_millis).to_vec();
    // Later moments too, up to the swap at the very end of a build.
    delays.extend([0.7, 0.9, 0.97, 1.05].map(|f| full.mul_f64(f)));
    let mut states = Vec::new();
    let mut killed_mid_build = 0;
    for delay in delays {
        let mut child = build_bin(root).spawn().expect("spawn");
        std::thread::sleep(delay);
        if child.try_wait().expect("poll").is_none() {
            killed_mid_build += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().expect("reap");
        states.push((delay, snapshot(&root.join("public"))));
    }
    assert!(
        killed_mid_build >= 3,
        "too few builds were interrupted (a full build took {full:?})"
    );

    assert!(build_bin(root).status().expect("next build").success());
    // The replaced output is deleted by a detached process: bounded wait.
    assert_eq!(
        support::leftovers_after_cleanup(root, Duration::from_secs(20)),
        Vec::<String>::new(),
        "stale folders left"
    );
    let new = snapshot(&root.join("public"));
    assert_ne!(old, new);
    for (delay, state) in states {
        assert!(
            state == old || state == new,
            "killed after {delay:?}: the output is neither the old build nor the new one"
        );
    }
}
