//! Integration tests of the core build (issue 2): fixture sites built into
//! temporary folders, with their pages, anchors, links and errors checked.

mod support;

use assert_cmd::Command;
use support::{attr_values, snapshot, Site};

#[test]
fn example_site_builds_without_errors_or_warnings() {
    let out = tempfile::tempdir().expect("tempdir");
    let opts = dossier::BuildOptions {
        root: support::repo_root(),
        output: Some(out.path().join("public")),
        ..Default::default()
    };
    let report = dossier::build(&opts).unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(
        report.diagnostics.warning_count(),
        0,
        "{}",
        report.diagnostics.render()
    );
    assert!(report.briefings >= 6, "at least 6 briefings");
    assert!(report.events >= 20, "at least 20 events");
    assert!(report.actors >= 12, "at least 12 actors");
    for page in [
        "index.html",
        "briefings/index.html",
        "about/index.html",
        "404.html",
        "timeline/index.html",
    ] {
        assert!(out.path().join("public").join(page).is_file(), "{page}");
    }
}

#[test]
fn briefing_page_has_anchors_numbered_citations_and_escaped_title() {
    let site = Site::new("basic");
    site.build();
    let html = site.read("briefings/first/index.html");
    // Events and sources have their anchors.
    assert!(html.contains("id=\"event-licences\""));
    assert!(html.contains("id=\"event-china-restricts-b-seven-b-elements\""));
    assert!(html.contains("id=\"source-mofcom\""));
    assert!(html.contains("id=\"source-reuters\""));
    // Citations are numbered by first use: mofcom 1, reuters 2; `[@reuters; @mofcom]` reuses 1.
    assert!(
        html.contains("<sup class=\"cite\">[<a href=\"#source-mofcom\">1</a>]</sup>"),
        "{html}"
    );
    assert!(html.contains(
        "<sup class=\"cite\">[<a href=\"#source-reuters\">2</a>, <a href=\"#source-mofcom\">1</a>]</sup>"
    ));
    // The title is escaped wherever it appears.
    assert!(!html.contains("<script>alert"), "unescaped title");
    assert!(
        html.contains(
            "Tariffs &amp; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot;"
        ),
        "{html}"
    );
    // Event titles from front matter are escaped too.
    assert!(html.contains("China restricts &lt;b&gt;seven&lt;/b&gt; elements"));
    // Dates at their precision, spans shown briefly.
    assert!(html.contains(">April 2025<"));
    assert!(html.contains(">4 – 20 April 2025<"));
    assert!(html.contains("<time datetime=\"2025-04-10\">10 April 2025</time>"));
}

#[test]
fn mentions_relative_links_headings_code_and_assets() {
    let site = Site::new("basic");
    site.build();
    let html = site.read("briefings/first/index.html");
    assert!(html.contains("<a class=\"actor-link\" href=\"/desk/actors/china/\">China</a>"));
    assert!(
        html.contains(
            "<a class=\"actor-link\" href=\"/desk/actors/pakistan/\">Islamabad's government</a>"
        ),
        "{html}"
    );
    // Mention inside an event's Markdown text.
    assert!(html.contains("Detail with a mention of <a class=\"actor-link\" href=\"/desk/actors/pakistan/\">Pakistan</a>"));
    assert!(html.contains("href=\"/desk/briefings/second/#background\""));
    assert!(html.contains("href=\"/desk/about/\""));
    // Duplicate headings get unique ids and permalink anchors.
    assert!(
        html.contains("<h2 id=\"background\">Background <a class=\"anchor\" href=\"#background\"")
    );
    assert!(html.contains("<h2 id=\"background-1\">"));
    // Code is highlighted into classes; tables, task lists, strikethrough, footnotes.
    assert!(html.contains("<pre class=\"code\" data-lang=\"python\"><code><span class=\"hl-"));
    assert!(html.contains("<table>"));
    assert!(html.contains("type=\"checkbox\""));
    assert!(html.contains("<del>strike</del>"));
    assert!(html.contains("class=\"footnote-definition\""));
    // The stylesheet for the highlight classes is generated.
    assert!(site.read("highlight.css").contains(".hl-"));
    // Files beside a briefing are copied beside its page (both briefings share the folder).
    assert_eq!(
        std::fs::read(site.out().join("briefings/first/map.png")).expect("asset"),
        std::fs::read(site.root().join("content/briefings/map.png")).expect("source")
    );
    assert!(site.exists("briefings/second/map.png"));
    // The page links back with a relative .md link too.
    assert!(site
        .read("about/index.html")
        .contains("href=\"/desk/briefings/first/\""));
}

#[test]
fn yaml_front_matter_and_datetimes_work() {
    let site = Site::new("basic");
    site.build();
    let html = site.read("briefings/second/index.html");
    assert!(html.contains("<h1>Second briefing</h1>"));
    assert!(html.contains("4 April 2025, 10:00 (UTC+5)"));
    assert!(html.contains("<time datetime=\"2025\">2025</time>"));
}

#[test]
fn every_internal_link_honours_the_base_path() {
    let site = Site::new("basic");
    site.build();
    for (rel, bytes) in snapshot(&site.out()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf8");
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.starts_with('/') {
                assert!(
                    url.starts_with("/desk/"),
                    "{rel}: {url} ignores the base path"
                );
            }
        }
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let site = Site::new("basic");
    site.build();
    assert!(!site.exists("briefings/draft/index.html"));
    assert!(!site.read("timeline/index.html").contains("Draft event"));
    let mut opts = site.options();
    opts.drafts = true;
    dossier::build(&opts).unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(site.exists("briefings/draft/index.html"));
    assert!(site.read("timeline/index.html").contains("Draft event"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::new("basic");
    site.build();
    let first = snapshot(&site.out());
    site.build();
    assert_eq!(first, snapshot(&site.out()));
    assert!(first.len() > 20);
}

#[test]
fn two_broken_files_are_both_reported_and_the_output_is_untouched() {
    let site = Site::new("basic");
    site.build();
    let before = snapshot(&site.out());
    site.write(
        "content/briefings/2025-06-01-bad-date.md",
        "+++\ntitle = \"Bad\"\ndate = \"2025-02-30\"\n+++\nx\n",
    );
    site.write(
        "content/briefings/2025-06-02-bad-cite.md",
        "+++\ntitle = \"Cite\"\ndate = 2025-06-02\n+++\nHello\n\nsee [@nosuch] here\n",
    );
    let diags = dossier::build(&site.options()).expect_err("must fail");
    let errors = support::error_lines(&diags);
    assert_eq!(
        errors,
        [
            "content/briefings/2025-06-01-bad-date.md:3:8: invalid date `2025-02-30`: February 2025 has 28 days",
            "content/briefings/2025-06-02-bad-cite.md:7:5: unknown source `nosuch` in citation",
        ]
    );
    assert_eq!(
        before,
        snapshot(&site.out()),
        "a failed build must not touch the output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn hostile_slugs_tags_and_actor_names_stay_inside_the_output() {
    let site = Site::new("basic");
    site.write(
        "content/briefings/2025-06-03-hostile.md",
        "+++\ntitle = \"../../escape\"\ndate = 2025-06-03\ntags = [\"../../etc\", \"/abs\", \"a/../../b\"]\nactors = [\"../../evil\", \"..\\\\..\\\\win\"]\n+++\nBody\n",
    );
    let before: Vec<_> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    site.build();
    // The hostile names became plain slugs inside the output folder.
    assert!(site.exists("briefings/hostile/index.html"));
    assert!(site.exists("tags/etc/index.html"));
    assert!(site.exists("tags/abs/index.html"));
    assert!(site.exists("tags/a-b/index.html"));
    assert!(site.exists("actors/evil/index.html"));
    assert!(site.exists("actors/win/index.html"));
    let mut after: Vec<_> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    // The image cache (issue 18) is the one folder kept beside the output.
    after.retain(|n| n != "public" && n != ".dossier-cache");
    let mut before = before;
    before.retain(|n| n != "public");
    assert_eq!(before, after, "nothing may be written beside the output");
    assert!(!site
        .root()
        .parent()
        .expect("parent")
        .join("escape")
        .exists());

    // An explicit slug that tries to climb out is an error at its position.
    site.write(
        "content/briefings/2025-06-04-slug.md",
        "+++\ntitle = \"S\"\ndate = 2025-06-04\nslug = \"../../x\"\n+++\n",
    );
    let diags = dossier::build(&site.options()).expect_err("hostile slug");
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        (
            d.path.display().to_string(),
            d.line,
            d.col,
            d.message.as_str()
        ),
        (
            "content/briefings/2025-06-04-slug.md".to_string(),
            4,
            8,
            "invalid slug `../../x`: a slug may only use a-z, 0-9 and single hyphens"
        )
    );
    assert_eq!(d.hint.as_deref(), Some("write `slug = \"x\"`"));
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = Site::new("basic");
    site.write(
        "content/briefings/2025-06-05-first.md",
        "+++\ntitle = \"Again\"\ndate = 2025-06-05\n+++\n",
    );
    let diags = dossier::build(&site.options()).expect_err("duplicate slug");
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        d.path.display().to_string(),
        "content/briefings/2025-06-05-first.md"
    );
    assert_eq!(
        d.message,
        "this briefing and content/briefings/2025-04-10-first.md both have the slug `first`"
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    let site = Site::new("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.nosuch }}</p>\n{% endblock content %}\n");
    let diags = dossier::build(&site.options()).expect_err("template error");
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(d.path.display().to_string(), "templates/page.html");
    // Tera 2 points at the missing field itself (Tera 1 gave the line only,
    // and the column was found by searching the template for the name).
    assert_eq!((d.line, d.col), (4, 12));
    assert!(d.message.contains("`page.nosuch`"), "{}", d.message);

    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    let diags = dossier::build(&site.options()).expect_err("syntax error");
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(d.path.display().to_string(), "templates/page.html");
    assert_eq!(d.line, 4, "{}", d.render());
    assert!(
        d.message
            .starts_with("template syntax error in `page.html`"),
        "{}",
        d.message
    );
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = Site::new("basic");
    site.write("templates/404.html", "custom not found {{ site.title }}");
    site.write("static/style.css", "body { color: red }");
    site.write("static/extra.txt", "hello");
    site.build();
    assert_eq!(site.read("404.html"), "custom not found Fixture Desk");
    assert_eq!(site.read("style.css"), "body { color: red }");
    assert_eq!(site.read("extra.txt"), "hello");
}

#[test]
fn cli_exit_codes_and_error_format() {
    let site = Site::new("basic");
    site.write(
        "content/briefings/2025-06-06-broken.md",
        "+++\ntitle = \"B\"\ndate = 2025-06-06\ntitel = \"x\"\n+++\n",
    );
    let out = Command::cargo_bin("dossier")
        .expect("bin")
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/briefings/2025-06-06-broken.md:4:1: error: unknown field `titel` in briefing\n  |\n4 | titel = \"x\"\n  | ^\n  = hint: did you mean `title`?"),
        "{stderr}"
    );
    assert!(!site.out().exists(), "a failed first build writes nothing");

    let out = Command::cargo_bin("dossier")
        .expect("bin")
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["errors"], 1);
    let first = json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error");
    assert_eq!(first["path"], "content/briefings/2025-06-06-broken.md");
    assert_eq!(first["line"], 4);
    assert_eq!(first["col"], 1);
    assert_eq!(first["severity"], "error");
    assert!(!site.out().exists(), "check writes nothing");

    let out = Command::cargo_bin("dossier")
        .expect("bin")
        .arg("frobnicate")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_then_new_then_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("mysite");
    Command::cargo_bin("dossier")
        .expect("bin")
        .arg("init")
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("site.toml").is_file());
    assert!(site
        .join("themes/default/templates/briefing.html")
        .is_file());
    let out = Command::cargo_bin("dossier")
        .expect("bin")
        .args([
            "new",
            "Pasni port: what we know",
            "--date",
            "2025-10-24",
            "--root",
        ])
        .arg(&site)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = site.join("content/briefings/2025-10-24-pasni-port-what-we-know.md");
    let text = std::fs::read_to_string(&path).expect("new briefing");
    for field in [
        "title = ",
        "date = ",
        "updated",
        "summary = ",
        "authors = ",
        "tags = ",
        "actors = ",
        "slug",
        "draft = ",
        "[[events]]",
        "end",
        "place = ",
        "sources = ",
        "text",
        "[[sources]]",
        "publisher = ",
        "url = ",
        "accessed = ",
        "archive_url",
    ] {
        assert!(text.contains(field), "the template shows `{field}`");
    }
    // It refuses to overwrite.
    Command::cargo_bin("dossier")
        .expect("bin")
        .args([
            "new",
            "Pasni port: what we know",
            "--date",
            "2025-10-24",
            "--root",
        ])
        .arg(&site)
        .assert()
        .code(1);
    // The new site, with the new (draft) briefing, builds; with --drafts it shows it.
    Command::cargo_bin("dossier")
        .expect("bin")
        .args(["build", "--drafts", "--root"])
        .arg(&site)
        .assert()
        .success();
    assert!(site
        .join("public/briefings/pasni-port-what-we-know/index.html")
        .is_file());
    assert!(site
        .join("public/briefings/first-briefing/index.html")
        .is_file());
}

#[test]
fn a_site_without_a_theme_folder_uses_the_built_in_theme() {
    let site = Site::new("basic");
    assert!(!site.root().join("themes").exists());
    site.build();
    assert!(site.read("style.css").contains("prefers-color-scheme"));
}

#[test]
fn paginated_briefing_list() {
    let site = Site::new("basic");
    site.write(
        "content/briefings/2025-06-07-third.md",
        "+++\ntitle = \"Third\"\ndate = 2025-06-07\n+++\n",
    );
    site.build();
    let page1 = site.read("briefings/index.html");
    let page2 = site.read("briefings/page/2/index.html");
    // Newest first, two per page.
    assert!(page1.find("Third").expect("third") < page1.find("Second briefing").expect("second"));
    assert!(page2.contains("Tariffs &amp;"));
    assert!(page1.contains("href=\"/desk/briefings/page/2/\""));
}

#[test]
fn cli_rebuild_replaces_the_output_and_removes_the_old_copy() {
    let site = Site::new("basic");
    let build = || {
        Command::cargo_bin("dossier")
            .expect("bin")
            .args(["build", "--root"])
            .arg(site.root())
            .assert()
            .success();
    };
    build();
    std::fs::write(site.out().join("stale.txt"), "from an older build").expect("write");
    build();
    assert!(
        !site.exists("stale.txt"),
        "the new output replaces the old one"
    );
    assert!(site.exists("briefings/first/index.html"));
    // The old copy is deleted by a detached process; wait for it (bounded).
    let left = support::leftovers_after_cleanup(site.root(), std::time::Duration::from_secs(20));
    assert!(left.is_empty(), "{left:?}");
}
