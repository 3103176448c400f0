//! Issue 14, item 7: search at scale. The benchmark corpus
//! (`examples/gen_corpus.rs`, here 300 briefings and about 2,700 events)
//! is built with the index file limit lowered to [`FILE_KB`] (`[search]
//! file_kb`), so that its index is cut into as many shards, for its size,
//! as a 10,000-briefing site's is at the default 1 MB. Then:
//!
//! - no file of the index may be larger than the limit;
//! - headless Chromium runs typical queries (a common word, a rare word,
//!   two words, an actor's name, a Chinese word, a place's name whose
//!   results are events, with and without a
//!   filter), each in a fresh profile, against a static server that logs
//!   every request; the index files each query fetched, gzipped as a
//!   static host would serve them, must stay within [`BUDGET`], and each
//!   query must have shown its results.

mod browser;
mod common;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The index file limit of the test (1 MB at full scale).
const FILE_KB: usize = 32;
/// What one query may fetch, gzipped: the full-scale budget of 300 KB for
/// 10,000 briefings, scaled as the shard sizes are (`FILE_KB` / 1024), plus
/// what does not shrink with them: the metadata of the 20 results shown
/// (at most 20 chunks of 32 documents, about 3 KB each gzipped).
const BUDGET: usize = 300 * 1024 * FILE_KB / 1024 + 20 * 3 * 1024;

/// A static server whose request log the test reads.
struct LoggingServer {
    child: Child,
    log: PathBuf,
    port: u16,
}

impl LoggingServer {
    fn start(dir: &Path, log: PathBuf) -> LoggingServer {
        let port = common::free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("python3 must be installed to serve the built site");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no server on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        LoggingServer { child, log, port }
    }

    /// The paths requested so far.
    fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split("\"GET ").nth(1)?.split(' ').next())
            .map(str::to_string)
            .collect()
    }
}

impl Drop for LoggingServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The DOM of `url` after its scripts ran, in a fresh browser profile.
fn dump(url: &str, profile: &Path) -> String {
    let profile = format!("--user-data-dir={}", profile.display());
    browser::run(
        &["--virtual-time-budget=20000", "--dump-dom", &profile],
        url,
        Duration::from_secs(180),
    )
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip").len()
}

fn index_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            index_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn a_large_index_stays_within_its_file_limit_and_a_query_within_its_budget() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let out = tmp.path().join("out");
    gen_corpus::generate(300, 1, &root, 0);
    let mut config = std::fs::OpenOptions::new()
        .append(true)
        .open(root.join("site.toml"))
        .expect("site.toml");
    writeln!(config, "\n[search]\nfile_kb = {FILE_KB}").expect("site.toml");
    common::build(&root, &out, Some("http://127.0.0.1/".into()));

    let mut files = Vec::new();
    index_files(&out.join("search/index"), &mut files);
    let over: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let size = std::fs::metadata(f).expect("metadata").len() as usize;
            (size > FILE_KB * 1024).then(|| format!("{}: {size} bytes", f.display()))
        })
        .collect();
    assert!(over.is_empty(), "over {FILE_KB} KB:\n{}", over.join("\n"));
    let shards = files
        .iter()
        .filter(|f| f.parent().is_some_and(|p| p.ends_with("t")))
        .count();
    assert!(
        shards > 20,
        "only {shards} term shards: the limit did not cut the index"
    );

    let server = LoggingServer::start(&out, tmp.path().join("requests.log"));
    let mut events_shown = 0;
    for (n, params) in [
        "q=minerals",
        "q=briefing%20217",
        "q=export%20controls",
        "q=actor%2012",
        "q=minerals&tag=topic-3",
        "q=agreement&actor=actor-1",
        "q=%E7%A8%80%E5%9C%9F",
        "q=place%2012",
    ]
    .iter()
    .enumerate()
    {
        let before = server.requests().len();
        let url = format!("http://127.0.0.1:{}/search/?{params}", server.port);
        let dom = dump(&url, &tmp.path().join(format!("profile-{n}")));
        let status = dom
            .split("data-search-status")
            .nth(1)
            .and_then(|s| s.split('>').nth(1))
            .and_then(|s| s.split('<').next())
            .unwrap_or_default()
            .to_string();
        let chinese = params.contains("%E7");
        assert!(
            status.contains(" result") && (chinese || !status.starts_with("No ")),
            "{params}: {status}"
        );
        let fetched: Vec<String> = server.requests()[before..]
            .iter()
            .filter(|p| p.starts_with("/search/index/"))
            .cloned()
            .collect();
        let bytes: usize = fetched
            .iter()
            .map(|p| gzipped(&std::fs::read(out.join(&p[1..])).expect("fetched file")))
            .sum();
        eprintln!(
            "{params}: {} files, {bytes} bytes gzipped ({status})",
            fetched.len()
        );
        assert!(
            bytes <= BUDGET,
            "{params} fetched {bytes} bytes gzipped, over {BUDGET}: {fetched:?}"
        );
        // Every event shown says which briefing it comes from and links
        // to its place on that briefing's page, read from at most one
        // briefing title shard per result shown.
        let events: Vec<&str> = dom
            .split("search-result kind-e")
            .skip(1)
            .map(|li| li.split("</li>").next().unwrap_or_default())
            .collect();
        for li in &events {
            assert!(li.contains("From: "), "{params}: no briefing in {li}");
            assert!(
                li.contains("href=\"/briefings/") && li.contains("/#event-"),
                "{params}: no link to the event on its briefing in {li}"
            );
        }
        let title_shards = fetched.iter().filter(|p| p.contains("/index/b/")).count();
        assert!(
            title_shards <= events.len().min(20),
            "{params}: {title_shards} title shards for {} events",
            events.len()
        );
        // Their tags (their briefings', from the same shards) are offered
        // as filters, as every briefing of the corpus has tags.
        assert!(
            events.is_empty() || dom.contains("data-facet=\"tag:"),
            "{params}: no tag filter offered for its events"
        );
        events_shown += events.len();
        assert!(
            fetched.iter().any(|p| p.ends_with("meta.json")),
            "{params}: {fetched:?}"
        );
    }
    assert!(events_shown > 0, "no query showed an event");
}
