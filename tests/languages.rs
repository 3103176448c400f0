//! Issue 17: multilingual sites (SPEC §8.6). A small site in English with
//! an Urdu translation of one briefing, one actor profile, one place and
//! one page, built under a sub-path `base_url` by the real binary: every
//! page kind exists under `/<code>/`, links stay in the language or go to
//! the version that exists, markup says the language and direction, and
//! translation mistakes are errors (or warnings) at their exact position.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;

const BASE: &str = "https://host/desk/";

/// Writes `files` (path → text) under `root`.
fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

const SITE: &str = "title = \"Minerals Watch\"\nbase_url = \"https://example.org/\"\nnow = 2025-11-01\n\n[languages.ur]\ntitle = \"معدنیات واچ\"\n";

const GWADAR: &str = "+++\ntitle = \"Gwadar port\"\ndate = 2025-10-14\ntags = [\"ports\"]\nactors = [\"Pakistan\"]\n\n[[events]]\nid = \"pier\"\ndate = \"2025-04-03\"\ntitle = \"A pier opens\"\nactors = [\"Pakistan\"]\nplace = \"Gwadar\"\nsources = [\"dawn\"]\n\n[[sources]]\nid = \"dawn\"\ntitle = \"Pier opens\"\nurl = \"https://dawn.example/pier\"\n+++\nThe port of [[Pakistan]] grows [@dawn]. See [the other one](other.md).\n";

const GWADAR_UR: &str = "+++\ntitle = \"گوادر بندرگاہ\"\nsummary = \"بندرگاہ میں نیا گھاٹ\"\n\n[[events]]\nid = \"pier\"\ntitle = \"ایک گھاٹ کھلتا ہے\"\ndate = \"2025-04-03\"\n+++\n[[Pakistan|پاکستان]] کی بندرگاہ بڑھ رہی ہے [@dawn]۔ [دوسری بریفنگ](other.md) دیکھیے۔\n";

const OTHER: &str = "+++\ntitle = \"Another briefing\"\ndate = 2025-10-20\n\n[[events]]\nid = \"talks\"\ndate = \"2024-02\"\ntitle = \"Talks\"\nactors = [\"Pakistan\"]\nsources = [\"wire\"]\n\n[[sources]]\nid = \"wire\"\ntitle = \"Talks held\"\nurl = \"https://wire.example/talks\"\n+++\nOnly in English.\n";

fn site(root: &Path) {
    write(
        root,
        &[
            ("site.toml", SITE),
            ("content/briefings/gwadar.md", GWADAR),
            ("content/briefings/gwadar.ur.md", GWADAR_UR),
            ("content/briefings/other.md", OTHER),
            (
                "content/actors/pakistan.md",
                "+++\nname = \"Pakistan\"\nkind = \"state\"\n+++\nA state in South Asia.\n",
            ),
            (
                "content/actors/pakistan.ur.md",
                "+++\nname = \"پاکستان\"\n+++\nجنوبی ایشیا کی ایک ریاست۔\n",
            ),
            (
                "content/places/gwadar.md",
                "+++\nname = \"Gwadar\"\nkind = \"city\"\ncoordinates = [25.12, 62.32]\n+++\nA port city.\n",
            ),
            (
                "content/places/gwadar.ur.md",
                "+++\nname = \"گوادر\"\n+++\nایک ساحلی شہر۔\n",
            ),
            (
                "content/pages/about.md",
                "+++\ntitle = \"About\"\n+++\nAbout us.\n",
            ),
            (
                "content/pages/about.ur.md",
                "+++\ntitle = \"تعارف\"\n+++\nہمارے بارے میں۔\n",
            ),
        ],
    );
}

fn build(root: &Path, out: &Path) {
    Command::cargo_bin("dossier")
        .expect("binary")
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(["--base-url", BASE])
        .assert()
        .success();
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_page_kind_exists_in_the_second_language_under_a_sub_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let out = tmp.path().join("out");
    site(&root);
    build(&root, &out);
    for rel in [
        "index.html",
        "briefings/index.html",
        "briefings/gwadar/index.html",
        "about/index.html",
        "timeline/index.html",
        "timeline/2025/index.html",
        "actors/index.html",
        "actors/pakistan/index.html",
        "places/index.html",
        "places/gwadar/index.html",
        "map/index.html",
        "tags/index.html",
        "sources/index.html",
        "search/index.html",
        "grading/index.html",
        "corrections/index.html",
        "404.html",
        "atom.xml",
        "search/index/meta.json",
        "search/index/d/0.json",
        "events.ics",
    ] {
        let page = read(&out, &format!("ur/{rel}"));
        if rel.ends_with(".html") {
            assert!(
                page.contains("<html lang=\"ur\" dir=\"rtl\">"),
                "ur/{rel} is not marked Urdu, right to left"
            );
            assert!(
                page.contains("معدنیات واچ"),
                "ur/{rel} lacks the Urdu title"
            );
            // Links inside the language stay under its prefix and the base path.
            assert!(
                page.contains("href=\"/desk/ur/timeline/\""),
                "ur/{rel} navigation leaves /desk/ur/"
            );
        }
    }
    // English pages are unmarked left to right, as before.
    assert!(read(&out, "index.html").contains("<html lang=\"en\">"));
    // The untranslated briefing is not faked in Urdu...
    assert!(!out.join("ur/briefings/other/index.html").exists());
    assert!(!out.join("ur/timeline/2024/index.html").exists());
    // ...the Urdu list links to the English version, marked as English,
    let list = read(&out, "ur/briefings/index.html");
    assert!(
        list.contains(
            "<a href=\"/desk/briefings/other/\" hreflang=\"en\" lang=\"en\">Another briefing</a>"
        ),
        "{list}"
    );
    // ...and so does a link to it in an Urdu body.
    let urdu = read(&out, "ur/briefings/gwadar/index.html");
    assert!(urdu.contains("href=\"/desk/briefings/other/\""), "{urdu}");
    assert!(urdu.contains("گوادر بندرگاہ"));
    assert!(urdu.contains("ایک گھاٹ کھلتا ہے"));
    // Mentions go to the Urdu actor page, which has the Urdu profile.
    assert!(urdu.contains("href=\"/desk/ur/actors/pakistan/\""));
    assert!(read(&out, "ur/actors/pakistan/index.html").contains("جنوبی ایشیا کی ایک ریاست"));
    assert!(read(&out, "ur/about/index.html").contains("ہمارے بارے میں"));
    assert!(read(&out, "ur/places/gwadar/index.html").contains("ایک ساحلی شہر"));
    // The interface in Urdu, from the theme's ur.toml.
    assert!(urdu.contains("<nav aria-label=\"مرکزی\">"), "{urdu}");
    assert!(urdu.contains(">ٹائم لائن</a>"));
    assert!(read(&out, "ur/404.html").contains("<h1>صفحہ نہیں ملا</h1>"));
    // Dates in Urdu, from CLDR, on pages and in the timeline's data.
    assert!(
        urdu.contains("<time datetime=\"2025-10-14\">14 اکتوبر، 2025</time>"),
        "{urdu}"
    );
    assert!(read(&out, "ur/timeline.json").contains("\"display_date\":\"3 اپریل، 2025\""));
    assert!(read(&out, "timeline.json").contains("\"display_date\":\"3 April 2025\""));
    // Feeds and the search index of a language hold its briefings only.
    let feed = read(&out, "ur/atom.xml");
    assert!(feed.contains("گوادر بندرگاہ") && !feed.contains("Another briefing"));
    let docs = read(&out, "ur/search/index/d/0.json");
    assert!(
        docs.contains("گوادر") && !docs.contains("Another briefing"),
        "{docs}"
    );
}

#[test]
fn pages_link_to_their_versions_in_every_language_that_has_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let out = tmp.path().join("out");
    site(&root);
    build(&root, &out);
    let alternates = "<link rel=\"alternate\" hreflang=\"en\" href=\"https://host/desk/briefings/gwadar/\">\n<link rel=\"alternate\" hreflang=\"ur\" href=\"https://host/desk/ur/briefings/gwadar/\">\n<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://host/desk/briefings/gwadar/\">";
    let switcher = "<nav class=\"languages\" aria-label=\"{}\"><ul><li><a href=\"/desk/briefings/gwadar/\" hreflang=\"en\" lang=\"en\"{}>English</a></li><li><a href=\"/desk/ur/briefings/gwadar/\" hreflang=\"ur\" lang=\"ur\" dir=\"rtl\"{}>اردو</a></li></ul></nav>";
    let en = read(&out, "briefings/gwadar/index.html");
    let ur = read(&out, "ur/briefings/gwadar/index.html");
    for (page, current) in [
        (&en, ["Languages", " aria-current=\"true\"", ""]),
        (&ur, ["زبانیں", "", " aria-current=\"true\""]),
    ] {
        assert!(page.contains(alternates), "{page}");
        let expected = current
            .iter()
            .fold(switcher.to_string(), |s, c| s.replacen("{}", c, 1));
        assert!(page.contains(&expected), "{page}");
    }
    // A page in one language only has no alternates and no switcher.
    let other = read(&out, "briefings/other/index.html");
    assert!(!other.contains("hreflang=\"ur\"") && !other.contains("class=\"languages\""));
    // Index pages exist in both.
    assert!(read(&out, "ur/timeline/index.html")
        .contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://host/desk/timeline/\">"));
    // The sitemap lists both trees, each URL with its alternates.
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://host/desk/ur/briefings/gwadar/</loc>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"ur\" href=\"https://host/desk/ur/briefings/gwadar/\"/>"), "{sitemap}");
    // JSON-LD says the language.
    assert!(ur.contains("\"inLanguage\":\"ur\""), "{ur}");
    assert!(en.contains("\"inLanguage\":\"en\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(&root);
    let outputs: Vec<BTreeMap<String, Vec<u8>>> = ["a", "b"]
        .iter()
        .map(|name| {
            let out = tmp.path().join(name);
            build(&root, &out);
            walkdir::WalkDir::new(&out)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e
                        .path()
                        .strip_prefix(&out)
                        .expect("inside")
                        .to_string_lossy()
                        .into_owned();
                    (rel, std::fs::read(e.path()).expect("read"))
                })
                .collect()
        })
        .collect();
    assert!(outputs[0].keys().any(|k| k.starts_with("ur/")));
    assert_eq!(
        outputs[0].keys().collect::<Vec<_>>(),
        outputs[1].keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &outputs[0] {
        assert!(
            outputs[1][rel] == *bytes,
            "{rel} differs between two builds"
        );
    }
}

/// `dossier serve`'s builder writes every language as `build` does, after
/// an edit of an original that its translation shares too.
#[test]
fn serve_writes_every_language_as_build_does() {
    use dossier::serve::builder::SiteBuilder;
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(&root);
    let opts = |output: Option<std::path::PathBuf>| dossier::BuildOptions {
        root: root.clone(),
        output,
        base_url: Some(BASE.into()),
        live_reload: true,
        ..dossier::BuildOptions::default()
    };
    let mut builder = SiteBuilder::new(opts(None), &tmp.path().join("serve")).expect("builder");
    builder.trust_reports();
    builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let gwadar = root.join("content/briefings/gwadar.md");
    let text = std::fs::read_to_string(&gwadar).expect("read");
    std::fs::write(&gwadar, text.replace("place = \"Gwadar\"\n", "")).expect("edit");
    builder.invalidate(Path::new("content/briefings/gwadar.md"));
    builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let full = tmp.path().join("full");
    if let Err(d) = dossier::build(&opts(Some(full.clone()))) {
        panic!("{}", d.render());
    }
    let tree = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .filter(|(rel, _)| !rel.starts_with('.'))
            .collect()
    };
    let (served, built) = (tree(builder.site_dir()), tree(&full));
    assert!(served.contains_key("ur/briefings/gwadar/index.html"));
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = served.keys().filter(|k| served[*k] != built[*k]).collect();
    assert!(differ.is_empty(), "served and built differ: {differ:?}");
    // A new translation: the English page links to it at once.
    write(
        &root,
        &[(
            "content/pages/about.ur.md",
            "+++\ntitle = \"تعارف\"\n+++\nنیا۔\n",
        )],
    );
    std::fs::remove_file(root.join("content/pages/about.ur.md")).expect("remove");
    builder.invalidate(Path::new("content/pages/about.ur.md"));
    builder
        .rebuild()
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let about = String::from_utf8_lossy(&tree(builder.site_dir())["about/index.html"]).into_owned();
    assert!(!about.contains("hreflang=\"ur\""), "{about}");
    // The edit reached the Urdu pages too: the place is gone from them.
    assert!(!served["ur/places/gwadar/index.html"]
        .windows(6)
        .any(|w| w == b"pier\">"));
}

/// `dossier check` on the site with `extra` files added: its output lines
/// that start with a file name.
fn check(extra: &[(&str, &str)], json: bool) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(&root);
    write(&root, extra);
    let mut cmd = Command::cargo_bin("dossier").expect("binary");
    cmd.args(["check", "--root"]).arg(&root);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("run");
    String::from_utf8_lossy(if json { &out.stdout } else { &out.stderr }).into_owned()
}

#[test]
fn translation_mistakes_are_errors_at_their_position() {
    let bad = "+++\ntitle = \"گوادر\"\ndate = 2025-10-15\n\n[[events]]\nid = \"pier\"\ndate = \"2025-05\"\nactors = [\"China\"]\nplace = \"Karachi\"\n\n[[events]]\nid = \"peir\"\ntitle = \"x\"\n+++\n";
    let out = check(
        &[
            ("content/briefings/gwadar.ur.md", bad),
            (
                "content/briefings/gwadar.fr.md",
                "+++\ntitle = \"Gwadar\"\n+++\n",
            ),
            ("content/briefings/lost.ur.md", "+++\ntitle = \"گم\"\n+++\n"),
            (
                "content/actors/pakistan.ur.md",
                "+++\nname = \"پاکستان\"\nkind = \"company\"\n+++\n",
            ),
        ],
        false,
    );
    for expected in [
        "content/briefings/gwadar.ur.md:3:8: error: `date` differs from the original's: `2025-10-15` here, `2025-10-14` in content/briefings/gwadar.md",
        "= hint: a translation shares its original's `date`: remove it here, or change it in content/briefings/gwadar.md",
        "content/briefings/gwadar.ur.md:7:8: error: `date` differs from the original's: `2025-05` here, `2025-04-03` in content/briefings/gwadar.md",
        "content/briefings/gwadar.ur.md:8:10: error: `actors` differs from the original's: `China` here, `Pakistan` in content/briefings/gwadar.md",
        "content/briefings/gwadar.ur.md:9:9: error: `place` differs from the original's: `Karachi` here, `Gwadar` in content/briefings/gwadar.md",
        "content/briefings/gwadar.ur.md:12:6: error: content/briefings/gwadar.md has no event `peir`",
        "= hint: did you mean `pier`?",
        "content/briefings/gwadar.fr.md:1:1: error: `fr` is not a language of this site, so this file is not a translation",
        "= hint: add `[languages.fr]` to site.toml, or rename the file: a name ending `.fr.md` marks a translation",
        "content/briefings/lost.ur.md:1:1: error: this translation has no original: there is no content/briefings/lost.md",
        "content/actors/pakistan.ur.md:3:8: error: a translation cannot set `kind`: it shares its original's, in content/actors/pakistan.md",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
}

/// An event of a translated briefing that reports again (`same_as`) an
/// event of a briefing not in the language stands alone in that language.
#[test]
fn same_as_to_an_untranslated_briefing_stands_alone_in_the_language() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(&root);
    let again = GWADAR.replace(
        "\n[[sources]]",
        "\n[[events]]\nid = \"talks-again\"\ndate = \"2024-02\"\ntitle = \"Talks, again\"\nsame_as = \"other#talks\"\n\n[[sources]]",
    );
    write(&root, &[("content/briefings/gwadar.md", &again)]);
    let out = tmp.path().join("out");
    build(&root, &out);
    assert!(read(&out, "ur/timeline/2024/index.html").contains("Talks, again"));
}

/// The default theme's Urdu and Chinese strings have every key of its
/// English: a site in the three languages builds without a warning.
#[test]
fn the_theme_speaks_urdu_and_chinese_completely() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    site(&root);
    write(
        &root,
        &[(
            "site.toml",
            &format!("{SITE}[languages.zh]\ntitle = \"矿产观察\"\n"),
        )],
    );
    let out = Command::cargo_bin("dossier")
        .expect("binary")
        .args(["check", "--format", "json", "--root"])
        .arg(&root)
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["warnings"], 0, "{json:#}");
    assert_eq!(json["errors"], 0, "{json:#}");
    let built = tmp.path().join("out");
    build(&root, &built);
    let zh = read(&built, "zh/index.html");
    assert!(
        zh.contains("<html lang=\"zh\">") && zh.contains(">时间线</a>"),
        "{zh}"
    );
}

#[test]
fn a_translation_older_than_its_original_is_a_warning_in_check_json() {
    let newer = GWADAR.replace(
        "date = 2025-10-14\n",
        "date = 2025-10-14\nupdated = 2025-10-30\n",
    );
    let out = check(
        &[
            ("content/briefings/gwadar.md", &newer),
            (
                "content/briefings/gwadar.ur.md",
                &GWADAR_UR.replace("+++\ntitle", "+++\nupdated = 2025-10-16\ntitle"),
            ),
        ],
        true,
    );
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found = json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["path"] == "content/briefings/gwadar.ur.md")
        .unwrap_or_else(|| panic!("no warning in {out}"));
    assert_eq!(found["severity"], "warning");
    assert_eq!(
        (found["line"].as_u64(), found["col"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(
        found["message"],
        "this translation may be out of date: content/briefings/gwadar.md changed on 2025-10-30, after this translation (2025-10-16)"
    );
    assert_eq!(
        found["hint"],
        "bring content/briefings/gwadar.ur.md up to date with its original, then set `updated = 2025-10-30` in it"
    );
    // Without an `updated` of its own, a translation is as of its
    // original's `date`.
    let out = check(&[("content/briefings/gwadar.md", &newer)], true);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found = json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["path"] == "content/briefings/gwadar.ur.md")
        .unwrap_or_else(|| panic!("no warning in {out}"));
    assert_eq!(
        (found["line"].as_u64(), found["col"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        found["message"],
        "this translation may be out of date: content/briefings/gwadar.md changed on 2025-10-30, after this translation (2025-10-14)"
    );
}

const TALKS: &str = "+++\ntitle = \"Talks in Beijing\"\ndate = 2025-10-20\nactors = [\"Pakistan\"]\ntags = [\"talks\"]\n\n[[events]]\nid = \"meet\"\ndate = \"2025-10-13T15:00:00+08:00\"\ntitle = \"Ministers meet\"\nactors = [\"Pakistan\"]\nsources = [\"wire\"]\ntext = \"The ministers met for an hour.\"\n\n[[events]]\nid = \"sign\"\ndate = \"2025-10-14\"\ntitle = \"An agreement is signed\"\nactors = [\"Pakistan\"]\nsources = [\"wire\"]\n\n[[sources]]\nid = \"wire\"\ntitle = \"Talks held\"\nurl = \"https://wire.example/talks\"\n+++\nTalks.\n";

/// Urdu translates one event of two: `meet` stays as English wrote it.
const TALKS_UR: &str = "+++\ntitle = \"بیجنگ میں مذاکرات\"\n\n[[events]]\nid = \"sign\"\ntitle = \"ایک معاہدے پر دستخط\"\n+++\n## پس منظر\n\nمذاکرات [@wire]۔\n";

const TALKS_ZH: &str = "+++\ntitle = \"北京会谈\"\n\n[[events]]\nid = \"meet\"\ntitle = \"部长会晤\"\ntext = \"部长们会谈了一个小时。\"\n\n[[events]]\nid = \"sign\"\ntitle = \"签署协议\"\n+++\n## 背景\n\n会谈 [@wire]。\n";

/// English an Urdu or Chinese page used to show: chart labels and months,
/// page titles, kinds, the timeline filter's messages, a time's words.
const LEAKS: &[&str] = &[
    "Timeline",
    "Oct",
    "Events per month",
    "Events naming",
    "a month",
    "event matches",
    "events match",
    "in all years",
    "Finding events",
    "reported in",
    "Reported in",
    "State",
    "Unprofiled",
    "Tag:",
    "Briefings",
    "date within the year",
    "(UTC",
    "Link to this section",
    "title=\"Source",
    " events<",
    " at 25.12",
];

/// Issue 17, what was still English: on Urdu and Chinese pages the charts
/// (ICU's month names and the theme's words), the titles Rust writes, the
/// kinds of actor, the timeline filter's messages (as data attributes) and
/// the words around a time are the language's; an event the translation
/// left untranslated says it is English.
#[test]
fn urdu_and_chinese_pages_keep_no_english_interface() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let out = tmp.path().join("out");
    site(&root);
    write(
        &root,
        &[
            (
                "site.toml",
                &format!("{SITE}[languages.zh]\ntitle = \"矿产观察\"\n"),
            ),
            ("content/briefings/talks.md", TALKS),
            ("content/briefings/talks.ur.md", TALKS_UR),
            ("content/briefings/talks.zh.md", TALKS_ZH),
            (
                "content/actors/pakistan.zh.md",
                "+++\nname = \"巴基斯坦\"\n+++\n南亚国家。\n",
            ),
        ],
    );
    build(&root, &out);
    // (page, what it must contain in Urdu, in Chinese)
    let wanted: &[(&str, &[&str], &[&str])] = &[
        (
            "timeline/index.html",
            &[
                "<h1>ٹائم لائن</h1>",
                // The chart: ICU's month, the theme's words, a bar's text.
                "aria-label=\"ہر مہینے کے واقعات، اپریل 2025 سے اکتوبر 2025 تک؛ سب سے مصروف مہینے، اکتوبر 2025، میں 2 واقعات ہیں۔",
                "<title>اکتوبر 2025: 2 واقعات</title>",
                ">2 فی ماہ</text>",
                // The filter's messages, for timeline.js.
                "data-t-matches-other=\"{what} سے {} واقعات مطابقت رکھتے ہیں۔\"",
                "data-t-in-other=\"{scope} میں {what} سے {} واقعات مطابقت رکھتے ہیں (تمام برسوں میں {all})۔\"",
                "data-t-finding=\"{what} کے واقعات تلاش کیے جا رہے ہیں…\"",
                "data-t-and=\" اور \"",
                "data-t-event-other=\"{} واقعات\"",
                // The untranslated event, in the list.
                "</time> <a lang=\"en\" dir=\"ltr\" href=\"/desk/ur/briefings/talks/#event-meet\">Ministers meet</a>",
            ],
            &[
                "<h1>时间线</h1>",
                "aria-label=\"每月事件数，2025年10月至2025年10月；事件最多的月份是2025年10月，有 2 个事件。",
                "<title>2025年10月：2 个事件</title>",
                "data-t-matches-other=\"与{what}相符的事件有 {} 个。\"",
                "data-t-event-other=\"{} 个事件\"",
                "</time> <a href=\"/desk/zh/briefings/talks/#event-meet\">部长会晤</a>",
            ],
        ),
        (
            "actors/pakistan/index.html",
            &[
                "<p class=\"kicker\">کردار کی فائل · ریاست</p>",
                "aria-label=\"پاکستان کا ذکر کرنے والے واقعات سال بہ سال، 2025 سے 2025 تک: کل 3؛ سب سے مصروف سال، 2025، میں 3 واقعات ہیں۔\"",
                "<title>2025: 3 واقعات</title>",
            ],
            &[
                "· 国家</p>",
                "aria-label=\"涉及巴基斯坦的每年事件数，2025年至2025年：共 2 个；事件最多的年份是2025年，有 2 个事件。\"",
                "<title>2025：2 个事件</title>",
            ],
        ),
        ("actors/index.html", &[">ریاستیں</a>", ">ریاستیں</h2>"], &[">国家</a>"]),
        (
            "briefings/talks/index.html",
            &[
                // ICU's time on the 24-hour clock; the theme's words and
                // the offset isolated left to right.
                "13 اکتوبر، 2025، 15:00 (یو ٹی سی\u{2066}+8\u{2069})",
                // Left untranslated: in English, left to right.
                "<h3 lang=\"en\" dir=\"ltr\">Ministers meet</h3>",
                "<div lang=\"en\" dir=\"ltr\"><p>The ministers met for an hour.</p>",
                "<h3>ایک معاہدے پر دستخط</h3>",
                // What the Markdown renderer writes itself.
                "aria-label=\"اس حصے کا لنک\">#</a>",
                // A citation mark: its number, no hover text to translate.
                "\">1</a>]</sup>",
            ],
            &[
                "2025年10月13日 15:00（UTC+8）",
                "<h3>部长会晤</h3>",
                "<div><p>部长们会谈了一个小时。</p>",
                "aria-label=\"本节链接\">#</a>",
                "\">1</a>]</sup>",
            ],
        ),
        (
            "places/gwadar/index.html",
            &[
                "<title>گوادر: 1 واقعہ</title>",
                "<figcaption>گوادر، محلِ وقوع 25.12، 62.32۔",
            ],
            &["<figcaption>Gwadar，坐标 25.12，62.32。"],
        ),
        ("tags/talks/index.html", &["<title>ٹیگ: talks"], &["<title>标签：talks"]),
    ];
    for (rel, ur, zh) in wanted {
        for (code, want) in [("ur", ur), ("zh", zh)] {
            let page = read(&out, &format!("{code}/{rel}"));
            for w in *want {
                assert!(page.contains(w), "{code}/{rel} lacks {w:?}:\n{page}");
            }
            // What the reader is shown and told, without the untranslated
            // event, the language switcher's autonyms and the addresses.
            let shown = page
                .replace("Ministers meet", "")
                .replace("The ministers met for an hour.", "");
            for leak in LEAKS {
                assert!(
                    !shown.contains(leak),
                    "{code}/{rel} still says {leak:?}:\n{page}"
                );
            }
        }
    }
    // The calendar and TimelineJS file speak the language too (the
    // calendar read unfolded, as RFC 5545 says).
    for (code, actors, source) in [("ur", "کردار: ", "ذریعہ: "), ("zh", "相关方：", "来源：")]
    {
        let ics = read(&out, &format!("{code}/events.ics")).replace("\r\n ", "");
        // Sources are on the briefing the event's URL opens, not in the
        // calendar, in any language.
        assert!(
            ics.contains(actors) && !ics.contains(source),
            "{code}: {ics}"
        );
        assert!(
            !ics.contains("Actors: ") && !ics.contains("Source: "),
            "{code}: {ics}"
        );
        let tl = read(&out, &format!("{code}/timeline.json"));
        assert!(
            tl.contains(actors) && !tl.contains("Actors: "),
            "{code}: {tl}"
        );
        assert!(tl.contains("\"headline\":\"<a href="), "{code}: {tl}");
    }
    let ics = read(&out, "events.ics").replace("\r\n ", "");
    assert!(
        ics.contains("Actors: ") && !ics.contains("Source: "),
        "{ics}"
    );
    // English is untouched: no mark on its own titles, its words as before.
    let en = read(&out, "briefings/talks/index.html");
    assert!(en.contains("<h3>Ministers meet</h3>"), "{en}");
    assert!(en.contains("13 October 2025, 15:00 (UTC+8)"), "{en}");
    let en = read(&out, "timeline/index.html");
    assert!(en.contains("<title>Oct 2025: 2 events</title>"), "{en}");
}
