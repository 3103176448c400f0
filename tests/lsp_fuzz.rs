//! Fuzzed edits with a fixed seed: random insertions and deletions (quotes,
//! brackets, fences, non-Latin text, positions past the end) replayed
//! against the example site's briefings and a profile, with requests in
//! between. The server must answer every request without an error, never
//! die, and once the texts are restored report the site clean again.

mod lsp_client;

use lsp_client::{example_site, Client};
use serde_json::{json, Value};

/// splitmix64: the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SNIPPETS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "[@",
    "@",
    "=",
    ":",
    "\n",
    "\r\n",
    "+++",
    "---",
    "\n+++\n",
    "[[events]]\n",
    "[[sources]]\nid = \"",
    "actors = [\"",
    "sources = [\"",
    "date = \"2025-13-40\"",
    "外交部",
    "اردو",
    "𠮷",
    "😀",
    "\u{feff}",
    "\\",
    "\"\"\"",
    "{",
    "}",
    "- ",
    "  ",
    "#",
    "x",
    "\t",
];

fn random_position(rng: &mut Rng, lines: u64) -> Value {
    // Sometimes past the last line or the end of a line: the server clamps.
    json!({"line": rng.below(lines + 3), "character": rng.below(90)})
}

#[test]
fn random_edits_never_stop_the_server() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let mut rng = Rng(0x00D0_551E_2025);
    let mut files: Vec<String> = std::fs::read_dir(site.path().join("content/briefings"))
        .expect("briefings")
        .map(|e| {
            format!(
                "content/briefings/{}",
                e.expect("entry").file_name().to_string_lossy()
            )
        })
        // Text files only: the fixture's map.png is a real image (issue 18).
        .filter(|f| f.ends_with(".md"))
        .collect();
    files.sort();
    files.push("content/actors/china.md".to_string());
    let mut requests = 0;
    for rel in &files {
        let original = std::fs::read_to_string(site.path().join(rel)).expect("file");
        c.open(rel, &original);
        let uri = c.uri(rel);
        let lines = original.lines().count() as u64;
        for version in 2..42 {
            let start = random_position(&mut rng, lines);
            let change = if rng.below(3) == 0 {
                // A deletion: from `start` to a later point.
                let end = json!({"line": start["line"].as_u64().unwrap_or(0) + rng.below(3), "character": rng.below(90)});
                json!({"range": {"start": start, "end": end}, "text": ""})
            } else {
                let snippet = SNIPPETS[rng.below(SNIPPETS.len() as u64) as usize];
                json!({"range": {"start": start, "end": start}, "text": snippet})
            };
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
            let position = random_position(&mut rng, lines);
            let (method, params) = match rng.below(6) {
                0 => (
                    "textDocument/completion",
                    json!({"textDocument": {"uri": uri}, "position": position}),
                ),
                1 => (
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": position}),
                ),
                2 => (
                    "textDocument/definition",
                    json!({"textDocument": {"uri": uri}, "position": position}),
                ),
                3 => (
                    "textDocument/documentSymbol",
                    json!({"textDocument": {"uri": uri}}),
                ),
                4 => (
                    "textDocument/references",
                    json!({"textDocument": {"uri": uri}, "position": position, "context": {"includeDeclaration": true}}),
                ),
                _ => continue,
            };
            // `request` fails the test on an error response.
            c.request(method, params);
            requests += 1;
        }
        // Back to the saved text: the file is clean again.
        c.change(rel, 100, &original);
        assert_eq!(
            c.diagnostics_of_version(rel, 100),
            Vec::<Value>::new(),
            "{rel}"
        );
    }
    assert!(requests > 300, "{requests} requests");
    let status = c.shutdown();
    assert!(status.success(), "exit status {status}");
}
