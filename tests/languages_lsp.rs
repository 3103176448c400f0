//! Issue 17 in the editor's companion: `dossier lsp` does not take a
//! translation (`x.ur.md`) for a briefing of its own (which would lack a
//! `date`), and publishes a saved translation's mistakes at their place.

mod lsp_client;

use lsp_client::{example_site, range, Client};

#[test]
fn a_translation_is_checked_against_its_original() {
    let site = example_site();
    let path = "content/briefings/2025-09-10-fwo-ussm-mou.ur.md";
    let text = std::fs::read_to_string(site.path().join(path)).expect("translation");
    let mut c = Client::start(site.path());
    c.open(path, &text);
    assert_eq!(c.diagnostics(path), Vec::<serde_json::Value>::new());

    let wrong = text.replacen(
        "[[events]]\nid = \"fwo-ussm-mou\"\n",
        "[[events]]\nid = \"fwo-ussm-mou\"\ndate = \"2025-09-09\"\n",
        1,
    );
    assert_ne!(wrong, text);
    std::fs::write(site.path().join(path), &wrong).expect("save");
    let mut c = Client::start(site.path());
    c.open(path, &wrong);
    let diags = c.diagnostics(path);
    let line = wrong
        .lines()
        .position(|l| l == "date = \"2025-09-09\"")
        .expect("date line") as u64;
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(range(&diags[0]), (line, 7, line, 19));
    assert_eq!(
        diags[0]["message"].as_str().unwrap_or_default().lines().next(),
        Some("`date` differs from the original's: `2025-09-09` here, `2025-09-08` in content/briefings/2025-09-10-fwo-ussm-mou.md")
    );
}
