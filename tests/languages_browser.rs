//! Issue 17: right-to-left pages in a real browser. The example site is
//! built under a path prefix and served; headless Chromium opens its Urdu
//! briefing, home page and timeline at a phone's width (390 px) and a
//! desktop's (1280 px). On each, the page must not scroll sideways and
//! axe-core (WCAG 2 A and AA rules) must find no violation; a screenshot
//! of each is kept under the target folder for a person to look at.
//!
//! The search page of each language searches that language's briefings:
//! an Urdu query on `/ur/search/` and a Chinese one on `/zh/search/` find
//! the translated briefing, in the language's own search index.
//! The timeline filter of each says what it found in its language: a
//! filtered Urdu and Chinese timeline's status line and year counts.
//!
//! axe-core is the copy vendored in `tests/assets/` (as the other
//! accessibility tests use); `$AXE_CORE` names another `axe.min.js`.
//! Chromium is required: without it these tests fail and say how to install.

mod browser;
mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

const PREFIX: &str = "/some/path/";
const PAGES: [(&str, &str); 3] = [
    ("briefing", "ur/briefings/fwo-ussm-mou/"),
    ("home", "ur/"),
    ("timeline", "ur/timeline/"),
];
const WIDTHS: [u32; 2] = [390, 1280];

fn axe_core() -> PathBuf {
    if let Some(p) = std::env::var_os("AXE_CORE") {
        return PathBuf::from(p);
    }
    common::repo().join("tests/assets/axe.min.js")
}

/// Runs Chromium with `args` on `url` until it exits; its standard output.
fn chromium(args: &[String], url: &str) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    browser::run(&args, url, Duration::from_secs(180))
}

/// What the probe script finds on a page: sideways overflow and axe's
/// violations, as `overflow=<px> violations=<id,id>`.
const PROBE: &str = r#"<script src="PREFIXaxe.min.js"></script>
<script>
window.addEventListener("load", function () {
  var root = document.documentElement;
  var overflow = root.scrollWidth - root.clientWidth;
  axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }).then(function (r) {
    var out = document.createElement("pre");
    out.id = "probe";
    out.textContent = "overflow=" + overflow + " violations=" + r.violations.map(function (v) {
      return v.id + "(" + v.nodes.map(function (n) { return n.target.join(" "); }).join(" | ") + ")";
    }).join(",") + " end";
    document.body.appendChild(out);
  });
});
</script>
"#;

/// The example site built under [`PREFIX`] into a temporary folder that a
/// real HTTP server serves: the folder, the server and the site's folder.
fn served_example() -> (tempfile::TempDir, common::Server, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = common::Server::start(tmp.path(), common::free_port());
    let out = tmp.path().join(PREFIX.trim_matches('/'));
    common::build(
        &common::repo(),
        &out,
        Some(format!("{}{PREFIX}", server.origin())),
    );
    (tmp, server, out)
}

/// The text of the element carrying `attr` in `dom`, unescaped.
fn text_of(dom: &str, attr: &str) -> Option<String> {
    dom.find(attr)
        .and_then(|i| dom[i..].find('>').map(|j| &dom[i + j + 1..]))
        .and_then(|rest| rest.split('<').next())
        .map(common::unescape_html)
}

#[test]
fn rtl_pages_fit_phones_and_desktops_and_pass_axe() {
    let axe = axe_core();
    let (tmp, server, out) = served_example();
    std::fs::copy(&axe, out.join("axe.min.js")).expect("copy axe-core");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("languages-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let mut problems = Vec::new();
    for (name, page) in PAGES {
        let html = std::fs::read_to_string(out.join(page).join("index.html")).expect("page");
        assert!(
            html.contains("<html lang=\"ur\" dir=\"rtl\">"),
            "{page} is not rtl"
        );
        let probe = html.replace(
            "</body>",
            &format!("{}</body>", PROBE.replace("PREFIX", PREFIX)),
        );
        std::fs::write(out.join(page).join("probe.html"), probe).expect("write probe");
        for width in WIDTHS {
            let url = format!("{}{PREFIX}{page}probe.html", server.origin());
            let profile = tmp.path().join(format!("profile-{name}-{width}"));
            let dom = chromium(
                &[
                    format!("--window-size={width},900"),
                    "--virtual-time-budget=30000".into(),
                    "--dump-dom".into(),
                    format!("--user-data-dir={}", profile.display()),
                ],
                &url,
            );
            let start = dom
                .find("<pre id=\"probe\">")
                .unwrap_or_else(|| panic!("the probe did not run on {page} at {width} px"));
            let found = &dom[start + 16..];
            let found = common::unescape_html(&found[..found.find(" end").expect("probe end")]);
            if found != "overflow=0 violations=" {
                problems.push(format!("{page} at {width} px: {found}"));
            }
            let shot = shots.join(format!("ur-{name}-{width}.png"));
            chromium(
                &[
                    format!("--window-size={width},1400"),
                    "--virtual-time-budget=5000".into(),
                    "--hide-scrollbars".into(),
                    format!("--screenshot={}", shot.display()),
                    format!("--user-data-dir={}", profile.display()),
                ],
                &format!("{}{PREFIX}{page}", server.origin()),
            );
            let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
            assert!(size > 10_000, "no screenshot of {page} at {width} px");
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn each_language_searches_its_own_briefings() {
    let (tmp, server, _out) = served_example();
    for (code, query, title, said) in [
        (
            "ur",
            "مفاہمتی یادداشت",
            "ایف ڈبلیو او اور یو ایس اسٹریٹجک میٹلز",
            "“مفاہمتی یادداشت” کے لیے 3 نتائج۔",
        ),
        (
            "zh",
            "谅解备忘录",
            "巴基斯坦边境工程组织与美国战略金属公司",
            "与“谅解备忘录”相符的结果共 2 条。",
        ),
    ] {
        let url = format!(
            "{}{PREFIX}{code}/search/?q={}",
            server.origin(),
            common::encode(query)
        );
        let profile = tmp.path().join(format!("profile-search-{code}"));
        let dom = chromium(
            &[
                "--virtual-time-budget=10000".into(),
                "--dump-dom".into(),
                format!("--user-data-dir={}", profile.display()),
            ],
            &url,
        );
        let start = dom
            .find("data-search-results")
            .unwrap_or_else(|| panic!("no results list on {url}: {dom}"));
        let results = &dom[start..start + dom[start..].find("</ol>").expect("end of results")];
        let link = format!("href=\"{PREFIX}{code}/briefings/fwo-ussm-mou/\"");
        assert!(
            results.contains(&link),
            "{code}: {query} did not find the briefing: {results}"
        );
        assert!(common::unescape_html(results).contains(title), "{results}");
        // Only this language's briefings: no English result.
        assert!(
            !results.contains(&format!("href=\"{PREFIX}briefings/")),
            "{results}"
        );
        // The script speaks the page's language (`search.script.*`).
        let status =
            text_of(&dom, "data-search-status").unwrap_or_else(|| panic!("no status on {url}"));
        assert_eq!(status, said, "{code}");
    }
}

/// The timeline filter's script says what it found in the page's language
/// (`timeline.script.*`, given as data attributes): a filtered Urdu and
/// Chinese timeline's status line and year counts have no English left.
#[test]
fn the_timeline_filter_speaks_the_pages_language() {
    let (tmp, server, _out) = served_example();
    for (code, actor, said, year_count) in [
        (
            "ur",
            "pakistan",
            "پاکستان سے 1 واقعہ مطابقت رکھتا ہے۔",
            ">1 واقعہ",
        ),
        // Chinese has no profile of USSM: its name is as English wrote it.
        (
            "zh",
            "ussm",
            "与US Strategic Metals相符的事件有 2 个。",
            ">2 个事件",
        ),
    ] {
        let url = format!("{}{PREFIX}{code}/timeline/?actor={actor}", server.origin());
        let profile = tmp.path().join(format!("profile-timeline-{code}"));
        let dom = chromium(
            &[
                "--virtual-time-budget=10000".into(),
                "--dump-dom".into(),
                format!("--user-data-dir={}", profile.display()),
            ],
            &url,
        );
        assert!(
            dom.contains("data-filter-ready"),
            "the filter did not finish on {url}"
        );
        let status =
            text_of(&dom, "data-filter-status").unwrap_or_else(|| panic!("no status on {url}"));
        assert_eq!(status, said, "{code}");
        // The year headings' counts, rewritten by the script.
        let rewritten: Vec<&str> = dom
            .split("<span class=\"count\" data-all=")
            .skip(1)
            .filter_map(|rest| rest.split("</span>").next())
            .collect();
        assert!(!rewritten.is_empty(), "{code}: no count rewritten");
        for count in &rewritten {
            assert!(!count.contains("event"), "{code}: {count}");
        }
        assert!(
            rewritten.iter().any(|c| c.ends_with(year_count)),
            "{code}: {rewritten:?}"
        );
    }
}
