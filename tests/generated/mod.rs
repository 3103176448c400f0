//! A generated site for the tests of the page budget and of filters on a
//! year split into pages: many similar briefings, dense enough that a small
//! budget splits every list.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// A site of `n` briefings with a page budget of `page_kb`: `n` of six events each over two years, with three
/// sources each from a handful of publishers.
pub fn site(root: &Path, n: usize, page_kb: usize) {
    let briefings = root.join("content/briefings");
    std::fs::create_dir_all(&briefings).expect("mkdir");
    std::fs::write(
        root.join("site.toml"),
        format!(
            "title = \"Budget\"\nbase_url = \"https://example.org/\"\nnow = 2026-01-01\n\
             [pagination]\nbriefings = 20\npage_kb = {page_kb}\n"
        ),
    )
    .expect("site.toml");
    let publishers = ["Agence", "Bureau", "Courier", "Dispatch", "Echo"];
    for i in 0..n {
        let mut md = format!(
            "+++\ntitle = \"Briefing number {i}\"\ndate = 2025-{:02}-{:02}\ntags = [\"tag {}\"]\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 7
        );
        for e in 0..6 {
            let k = i * 6 + e;
            let date = match k % 5 {
                0 => format!("{}", 2024 + k % 2),
                1 => format!("{}-{:02}", 2024 + k % 2, k % 12 + 1),
                _ => format!("{}-{:02}-{:02}", 2024 + k % 2, k % 12 + 1, k % 28 + 1),
            };
            let _ = write!(
                md,
                "\n[[events]]\ndate = \"{date}\"\ntitle = \"Event {e} of briefing {i}, with a title of ordinary length\"\n\
                 actors = [\"Actor {}\", \"Actor {}\"]\nsources = [\"s{}\"]\n\
                 text = \"A sentence or two of detail about the event, as an editor writes it.\"\n",
                k % 9,
                (k + 4) % 9,
                e % 3
            );
        }
        for s in 0..3 {
            let _ = write!(
                md,
                "\n[[sources]]\nid = \"s{s}\"\ntitle = \"Report {s} for briefing {i}\"\npublisher = \"{}\"\nurl = \"https://news.example/{i}/{s}\"\n",
                publishers[(i + s) % publishers.len()]
            );
        }
        md.push_str("+++\nText citing [@s0], [@s1] and [@s2].\n");
        std::fs::write(briefings.join(format!("b{i:04}.md")), md).expect("briefing");
    }
}
