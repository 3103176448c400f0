//! Issue 14, item 8: summaries and search snippets carry no Markdown. The
//! real binary builds `tests/fixtures/search`, whose briefings start with
//! headings and use emphasis, code, a footnote and a citation in their
//! first paragraph, or write Markdown in a front-matter `summary`; the
//! search documents, the Atom feed's summaries, the meta descriptions and
//! the JSON-LD descriptions must all read as clean text.

mod common;

use std::path::Path;
use std::process::Command;

fn build(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(common::repo().join("tests/fixtures/search"))
        .arg("--output")
        .arg(out)
        .status()
        .expect("run dossier");
    assert!(status.success(), "the search fixture did not build");
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The content of `<meta name="description">` on a page, unescaped.
fn description(html: &str) -> String {
    let start = html
        .find("<meta name=\"description\" content=\"")
        .expect("a meta description")
        + "<meta name=\"description\" content=\"".len();
    common::unescape_html(&html[start..start + html[start..].find('"').expect("end")])
}

/// The `og:description` of a briefing page, unescaped: the summary that
/// sharing cards and search engines read (JSON-LD does not repeat it).
fn og_description(html: &str) -> String {
    let open = "<meta property=\"og:description\" content=\"";
    let start = html.find(open).expect("og:description") + open.len();
    common::unescape_html(&html[start..start + html[start..].find('"').expect("end")])
}

#[test]
fn summaries_and_snippets_read_as_plain_text_everywhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    build(&out);

    // From the first paragraph: `**`, `*`, `__` and backticks gone, no space
    // left where the footnote and citation marks were, and the heading
    // before it not run in.
    let first =
        "The ministry said the HS-2846 code was final and cited a notice. It was not withdrawn.";
    // From a front-matter summary written in Markdown.
    let written = "Talks on licence fees resumed with code changes.";

    let page = read(&out, "briefings/licences/index.html");
    assert_eq!(description(&page), first);
    assert_eq!(og_description(&page), first);
    let page = read(&out, "briefings/talks/index.html");
    assert_eq!(description(&page), written);
    assert_eq!(og_description(&page), written);

    let atom = read(&out, "atom.xml");
    let feed = feed_rs::parser::parse(atom.as_bytes()).expect("Atom parses");
    let summary = |title: &str| {
        feed.entries
            .iter()
            .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
            .and_then(|e| e.summary.as_ref())
            .map(|s| s.content.clone())
            .unwrap_or_else(|| panic!("no summary for {title}"))
    };
    assert_eq!(summary("Port licences tightened"), first);
    assert_eq!(summary("Gwadar licence talks"), written);

    let docs: serde_json::Value =
        serde_json::from_str(&read(&out, "search/index/d/0.json")).expect("search documents");
    let doc = |title: &str| {
        docs.as_array()
            .expect("documents")
            .iter()
            .find(|d| d["t"] == title)
            .unwrap_or_else(|| panic!("no document {title}"))
            .clone()
    };
    assert_eq!(doc("Port licences tightened")["s"], first);
    assert_eq!(doc("Gwadar licence talks")["s"], written);
    // A profile that starts with a heading: the heading ends with a full stop.
    assert_eq!(doc("Pakistan")["s"], "Profile. A state in South Asia.");
    for d in docs.as_array().expect("documents") {
        let s = d["s"].as_str().unwrap_or_default();
        for leftover in ["*", "`", "__", "[^", "[@", " .", " ,"] {
            assert!(!s.contains(leftover), "{leftover:?} left in {s:?}");
        }
    }
}
