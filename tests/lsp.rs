//! `dossier lsp` driven over JSON-RPC as an editor would (SPEC §8.8): the
//! real binary on a copy of the example site, documents opened and edited
//! without being saved, every published range and message asserted.

mod lsp_client;

use lsp_client::{example_site, range, Client};
use serde_json::{json, Value};

/// Mistakes the build reports with its own stages; the lines carry Chinese,
/// Urdu and `𠮷` (two UTF-16 units) before the mistake, so a range counted
/// in bytes or characters instead of UTF-16 units lands elsewhere.
const REFS: &str = "+++
title = \"外交部 and 𠮷 — اردو\"
date = 2025-11-30
actors = [\"外交部\", \"𠮷野家\", \"Chna\"]

[[events]]
title = \"An event\"
date = \"2025-10\"
sources = [\"src-a\"]

[[sources]]
id = \"src-a\"
title = \"A source\"
+++
اردو 中文 𠮷 cites [@src-a] and [@missing], mentions [[Pakistan]] and [[Pakistn]].
";

const FIELDS: &str = "+++
title = \"𠮷 fields\"
date = 2025-11-30
sumary = \"typo\"

[[events]]
title = \"𠮷野家 اردو\"
date = \"2025-02-30\"
+++
Body.
";

const TOML: &str = "+++
title = \"𠮷 اردو\"
date = 2025-11-30
summary = \"𠮷 unclosed
+++
Body.
";

/// An LSP range as (start line, start character, end line, end character).
type Span = (u64, u64, u64, u64);

fn summary(diags: &[Value]) -> Vec<(Span, u64, String)> {
    diags
        .iter()
        .map(|d| {
            (
                range(d),
                d["severity"].as_u64().expect("severity"),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

const ERROR: u64 = 1;
const WARNING: u64 = 2;

#[test]
fn initialize_announces_what_the_server_does() {
    let site = example_site();
    let client = Client::start(site.path());
    let caps = &client.capabilities;
    assert_eq!(caps["textDocumentSync"], 2, "incremental sync");
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["[", "@", "\"", " "])
    );
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
    ] {
        assert_eq!(caps[provider], true, "{provider}");
    }
    let status = client.shutdown();
    assert!(status.success(), "exit status {status}");
}

#[test]
fn each_kind_of_mistake_is_published_with_its_utf16_range_and_message() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let refs = "content/briefings/2025-11-30-refs.md";
    c.open(refs, REFS);
    assert_eq!(
        summary(&c.diagnostics(refs)),
        [
            ((3, 17, 3, 23), WARNING, "no actor profile matches `𠮷野家`\nhint: create content/actors/jiye-jia.md with `name = \"𠮷野家\"`, or add it as an alias of an existing profile; it is listed as an implicit actor for now".to_string()),
            ((3, 25, 3, 31), WARNING, "no actor profile matches `Chna`\nhint: did you mean `China`? Otherwise create content/actors/chna.md with `name = \"Chna\"`, or add it as an alias of an existing profile; it is listed as an implicit actor for now".to_string()),
            ((14, 30, 14, 40), ERROR, "unknown source `missing` in citation\nhint: the sources of this briefing are: src-a".to_string()),
            ((14, 68, 14, 79), WARNING, "no actor profile matches `Pakistn`\nhint: did you mean `Pakistan`? Otherwise create content/actors/pakistn.md with `name = \"Pakistn\"`, or add it as an alias of an existing profile; it is listed as an implicit actor for now".to_string()),
        ]
    );
    let fields = "content/briefings/2025-11-30-fields.md";
    c.open(fields, FIELDS);
    assert_eq!(
        summary(&c.diagnostics(fields)),
        [
            ((3, 0, 3, 6), ERROR, "unknown field `sumary` in briefing\nhint: did you mean `summary`?".to_string()),
            ((7, 7, 7, 19), ERROR, "invalid date `2025-02-30`: February 2025 has 28 days\nhint: write `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 datetime, optionally followed by `~` (approximate), `?` (uncertain) or `%` (both); `X` for unknown digits: `198X` a decade, `19XX` a century, `2025-XX` an unknown month, `2025-03-XX` an unknown day".to_string()),
        ]
    );
    let toml = "content/briefings/2025-11-30-toml.md";
    c.open(toml, TOML);
    assert_eq!(
        summary(&c.diagnostics(toml)),
        [(
            (3, 22, 3, 22),
            ERROR,
            "invalid TOML: this text has no closing `\"`\nhint: end the text with `\"` on the same line; for several lines use three quotes: \"\"\"...\"\"\"".to_string()
        )]
    );
    // Nothing was saved: the files do not exist on disk.
    assert!(!site.path().join(refs).exists());
}

#[test]
fn unsaved_changes_are_checked_as_typed() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let path = "content/briefings/2025-09-10-fwo-ussm-mou.md";
    let text = std::fs::read_to_string(site.path().join(path)).expect("briefing");
    c.open(path, &text);
    assert_eq!(c.diagnostics(path), Vec::<Value>::new());
    // Mistype an actor (an incremental edit inside `"Pakistan"`; accents alone would still match).
    let line = text
        .lines()
        .position(|l| l.starts_with("actors = "))
        .expect("actors") as u64;
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": c.uri(path), "version": 2},
            "contentChanges": [{"range": {"start": {"line": line, "character": 12}, "end": {"line": line, "character": 13}}, "text": "z"}]
        }),
    );
    let diags = c.diagnostics(path);
    assert_eq!(
        summary(&diags)
            .into_iter()
            .map(|(r, s, m)| (r, s, m.lines().next().unwrap_or("").to_string()))
            .collect::<Vec<_>>(),
        [(
            (line, 10, line, 20),
            WARNING,
            "no actor profile matches `Pzkistan`".to_string()
        )]
    );
    // Fix it again: the warning goes.
    c.change(path, 3, &text);
    assert_eq!(c.diagnostics(path), Vec::<Value>::new());
    assert_eq!(
        std::fs::read_to_string(site.path().join(path)).expect("file"),
        text,
        "the server never writes the file"
    );
}

#[test]
fn a_new_alias_in_a_profile_clears_the_warning_in_another_open_file() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let brief = "content/briefings/2025-11-30-refs.md";
    c.open(brief, REFS);
    let before = c.diagnostics(brief);
    assert!(before.iter().any(|d| d["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("no actor profile matches `Chna`")));
    let profile = "content/actors/china.md";
    let text = std::fs::read_to_string(site.path().join(profile)).expect("profile");
    c.open(profile, &text);
    let aliased = text.replacen("aliases = [", "aliases = [\"Chna\", ", 1);
    assert_ne!(aliased, text, "the profile has aliases");
    c.change(profile, 2, &aliased);
    let after = c.diagnostics_where(brief, |list| {
        !list
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("`Chna`"))
    });
    assert_eq!(after.len(), before.len() - 1, "{after:?}");
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("a list of completions")
        .iter()
        .map(|i| i["label"].as_str().expect("label").to_string())
        .collect()
}

fn item<'a>(items: &'a Value, label: &str) -> &'a Value {
    items
        .as_array()
        .and_then(|l| l.iter().find(|i| i["label"] == label))
        .unwrap_or_else(|| panic!("no completion `{label}` in {items}"))
}

/// Line and UTF-16 column of the first `|` in `text`, and `text` without it.
fn cursor(text: &str) -> (u64, u64, String) {
    let at = text.find('|').expect("cursor");
    let before = &text[..at];
    let line = before.matches('\n').count() as u64;
    let col = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count() as u64;
    (line, col, text.replacen('|', "", 1))
}

fn complete(c: &mut Client, rel: &str, marked: &str) -> Value {
    let (line, character, text) = cursor(marked);
    c.open(rel, &text);
    c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": c.uri(rel)}, "position": {"line": line, "character": character}}),
    )
}

#[test]
fn completion_offers_names_aliases_sources_and_keys() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let b = "content/briefings/2025-11-30-new.md";
    let head = "+++\ntitle = \"𠮷\"\ndate = 2025-11-30\n";
    let sources = "[[sources]]\nid = \"mfa-2025\"\ntitle = \"MFA briefing\"\n[[sources]]\nid = \"app\"\ntitle = \"APP\"\n";

    // `actors = [...]`: names, and aliases with their canonical name.
    let items = complete(&mut c, b, &format!("{head}actors = [\"外交|\"]\n+++\n"));
    let alias = item(&items, "外交部");
    assert_eq!(
        alias["detail"],
        "alias of Ministry of Foreign Affairs of the People's Republic of China"
    );
    assert_eq!(alias["textEdit"]["newText"], "外交部");
    assert_eq!(
        alias["textEdit"]["range"],
        json!({"start": {"line": 3, "character": 11}, "end": {"line": 3, "character": 13}})
    );
    // Only names that contain what was typed (`外交`).
    assert!(!labels(&items).contains(&"Pakistan".to_string()));

    // Outside quotes the name comes quoted.
    let items = complete(&mut c, b, &format!("{head}actors = [|]\n+++\n"));
    assert_eq!(
        item(&items, "Pakistan")["textEdit"]["newText"],
        "\"Pakistan\""
    );
    assert_eq!(item(&items, "Pakistan")["detail"], "state");

    // After `[[` in the body, closing the mention.
    let items = complete(&mut c, b, &format!("{head}+++\nاردو [[Pak|\n"));
    assert_eq!(
        item(&items, "Pakistan")["textEdit"]["newText"],
        "Pakistan]]"
    );

    // After `[@`: this briefing's sources only.
    let items = complete(&mut c, b, &format!("{head}{sources}+++\nAs said [@|]\n"));
    assert_eq!(labels(&items), ["mfa-2025", "app"]);
    assert_eq!(item(&items, "mfa-2025")["detail"], "MFA briefing");

    // An event's `sources = [...]`.
    let items = complete(
        &mut c,
        b,
        &format!(
            "{head}[[events]]\ntitle = \"E\"\ndate = \"2025\"\nsources = [\"|\"]\n{sources}+++\n"
        ),
    );
    assert_eq!(labels(&items), ["mfa-2025", "app"]);

    // Keys with their meaning: briefing, event, source, profile, site.toml.
    let items = complete(&mut c, b, &format!("{head}sum|\n+++\n"));
    assert_eq!(
        item(&items, "summary")["detail"],
        "One or two sentences for lists and feeds; default: the first paragraph."
    );
    let items = complete(&mut c, b, &format!("{head}[[events]]\npl|\n+++\n"));
    assert_eq!(
        item(&items, "place")["detail"],
        "Where it happened: a place profile id, name or alias."
    );
    assert!(
        !labels(&items).contains(&"tags".to_string()),
        "event keys only"
    );
    let items = complete(&mut c, b, &format!("{head}{sources}arch|\n+++\n"));
    assert_eq!(
        item(&items, "archive_url")["detail"],
        "An archived copy, e.g. on the Wayback Machine."
    );
    let items = complete(
        &mut c,
        "content/actors/new-actor.md",
        "+++\nname = \"X\"\nki|\n+++\n",
    );
    assert_eq!(
        item(&items, "kind")["detail"],
        "state, organization, company, person, group or other."
    );
    let items = complete(
        &mut c,
        "content/actors/new-actor.md",
        "+++\nname = \"X\"\ncountry = \"Pak|\"\n+++\n",
    );
    assert!(labels(&items).contains(&"Pakistan".to_string()));
    let site_toml = std::fs::read_to_string(site.path().join("site.toml")).expect("site.toml");
    let items = complete(&mut c, "site.toml", &format!("bas|\n{site_toml}"));
    assert_eq!(
        item(&items, "base_url")["detail"],
        "Where the site is published, e.g. \"https://example.org/\" (required)."
    );
}

fn at(c: &mut Client, method: &str, rel: &str, line: u64, character: u64) -> Value {
    c.request(
        method,
        json!({"textDocument": {"uri": c.uri(rel)}, "position": {"line": line, "character": character}, "context": {"includeDeclaration": true}}),
    )
}

#[test]
fn hover_and_definition_follow_references() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let b = "content/briefings/2025-11-30-refs.md";
    c.open(b, REFS);
    // Hover on the alias `外交部` in `actors`.
    let hover = at(&mut c, "textDocument/hover", b, 3, 12);
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        value.starts_with("**Ministry of Foreign Affairs of the People's Republic of China** (organization)\n\nAlso: Chinese Foreign Ministry, China's Foreign Ministry, 外交部\n\nChina's foreign ministry, whose spokespeople"),
        "{value}"
    );
    assert_eq!(
        hover["range"],
        json!({"start": {"line": 3, "character": 11}, "end": {"line": 3, "character": 14}})
    );
    // Definition of the same alias: the profile's `name`.
    let def = at(&mut c, "textDocument/definition", b, 3, 12);
    assert_eq!(
        def["uri"],
        c.uri("content/actors/china-foreign-ministry.md")
    );
    assert_eq!(
        def["range"],
        json!({"start": {"line": 1, "character": 7}, "end": {"line": 1, "character": 70}})
    );
    // `[[Pakistan]]` in the body (after Urdu, Chinese and `𠮷`).
    let line = REFS.lines().nth(14).expect("body");
    let col = line[..line.find("[[Pakistan").expect("mention") + 4]
        .encode_utf16()
        .count() as u64;
    let def = at(&mut c, "textDocument/definition", b, 14, col);
    assert_eq!(def["uri"], c.uri("content/actors/pakistan.md"));
    // `[@src-a]` goes to its `[[sources]]` entry; so does `sources = [...]`.
    let col = line[..line.find("@src-a").expect("cite") + 2]
        .encode_utf16()
        .count() as u64;
    let def = at(&mut c, "textDocument/definition", b, 14, col);
    assert_eq!(def["uri"], c.uri(b));
    assert_eq!(
        def["range"],
        json!({"start": {"line": 11, "character": 6}, "end": {"line": 11, "character": 11}})
    );
    let def = at(&mut c, "textDocument/definition", b, 8, 13);
    assert_eq!(def["range"]["start"], json!({"line": 11, "character": 6}));
    let hover = at(&mut c, "textDocument/hover", b, 8, 13);
    assert_eq!(hover["contents"]["value"], "**A source**");
    // An unknown actor has no definition, and its hover says so.
    assert_eq!(at(&mut c, "textDocument/definition", b, 3, 28), Value::Null);
    assert_eq!(
        at(&mut c, "textDocument/hover", b, 3, 28)["contents"]["value"],
        "No actor profile matches `Chna`."
    );
}

#[test]
fn document_symbols_list_events_and_sources() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let b = "content/briefings/2025-11-30-refs.md";
    c.open(b, REFS);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": c.uri(b)}}),
    );
    let got: Vec<(String, Value, u64, Span)> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").to_string(),
                s["detail"].clone(),
                s["kind"].as_u64().expect("kind"),
                range(s),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("An event".to_string(), json!("2025-10"), 24, (5, 0, 8, 19)),
            ("src-a".to_string(), json!("A source"), 19, (10, 0, 12, 18)),
        ]
    );
}

#[test]
fn references_of_an_actor_across_the_site() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let b = "content/briefings/2025-11-30-refs.md";
    c.open(b, REFS);
    // From the profile itself: every briefing naming USSM, by any alias.
    let profile = "content/actors/ussm.md";
    let text = std::fs::read_to_string(site.path().join(profile)).expect("profile");
    c.open(profile, &text);
    let refs = at(&mut c, "textDocument/references", profile, 1, 3);
    let refs = refs.as_array().expect("locations");
    let fwo = c.uri("content/briefings/2025-09-10-fwo-ussm-mou.md");
    let in_fwo: Vec<Span> = refs.iter().filter(|l| l["uri"] == fwo).map(range).collect();
    // `actors` (line 7), the first event's and second event's `actors`, and
    // two `[[USSM|...]]` mentions in the body.
    let fwo_text = std::fs::read_to_string(
        site.path()
            .join("content/briefings/2025-09-10-fwo-ussm-mou.md"),
    )
    .expect("fwo");
    let expected: Vec<Span> = fwo_text
        .lines()
        .enumerate()
        .flat_map(|(i, l)| {
            let mut v = Vec::new();
            let mut from = 0;
            while let Some(p) = l[from..].find("USSM\"").map(|p| p + from) {
                v.push((i as u64, p as u64, i as u64, p as u64 + 4));
                from = p + 4;
            }
            let mut from = 0;
            while let Some(p) = l[from..].find("[[USSM").map(|p| p + from) {
                v.push((i as u64, p as u64 + 2, i as u64, p as u64 + 6));
                from = p + 6;
            }
            v.sort();
            v
        })
        .collect();
    assert_eq!(in_fwo, expected);
    assert!(in_fwo.len() >= 4, "{in_fwo:?}");
    // From a reference in an open, unsaved briefing.
    let refs = at(&mut c, "textDocument/references", b, 3, 12);
    let uris: Vec<&str> = refs
        .as_array()
        .expect("locations")
        .iter()
        .filter_map(|l| l["uri"].as_str())
        .collect();
    assert!(uris.contains(&c.uri(b).as_str()), "{uris:?}");
    assert!(
        uris.contains(
            &c.uri("content/briefings/2025-10-15-china-rare-earth-export-controls.md")
                .as_str()
        ),
        "{uris:?}"
    );
}

#[test]
fn a_profile_created_outside_the_editor_is_seen_when_the_editor_reports_it() {
    let site = example_site();
    let mut c = Client::start_with(
        site.path(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    // The server asks to be told about content files and site.toml.
    let registration = c
        .notifications
        .iter()
        .find(|m| m["method"] == "client/registerCapability")
        .cloned()
        .expect("a registration request");
    assert_eq!(
        registration["params"]["registrations"][0]["registerOptions"]["watchers"],
        json!([{"globPattern": "**/*.md"}, {"globPattern": "**/site.toml"}])
    );
    let brief = "content/briefings/2025-11-30-refs.md";
    c.open(brief, REFS);
    assert!(c.diagnostics(brief).iter().any(|d| d["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("no actor profile matches `Chna`")));
    std::fs::write(
        site.path().join("content/actors/chna.md"),
        "+++\nname = \"Chna\"\nkind = \"group\"\n+++\n",
    )
    .expect("profile");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c.uri("content/actors/chna.md"), "type": 1}]}),
    );
    c.diagnostics_where(brief, |list| {
        !list
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("`Chna`"))
    });
}

#[test]
fn a_folder_without_site_toml_is_reported_and_the_server_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut c = Client::start(dir.path());
    let shown = c
        .notifications
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .cloned()
        .expect("a message");
    assert_eq!(shown["params"]["type"], 1, "an error");
    let text = shown["params"]["message"].as_str().expect("text");
    assert!(
        text.starts_with(&format!(
            "dossier: site.toml: error: there is no site.toml in {}",
            c.root.display()
        )),
        "{text}"
    );
    // Files still open and answer; nothing is checked without a site.
    c.open("content/briefings/x.md", "+++\ntitle = 3\n+++\n");
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": c.uri("content/briefings/x.md")}}),
    );
    assert_eq!(symbols, json!([]));
    assert!(c.shutdown().success());
}

#[test]
fn files_dossier_does_not_read_are_left_alone() {
    let site = example_site();
    let mut c = Client::start(site.path());
    c.open("README.md", "+++\ntitle = 3\n");
    c.open("themes/x/theme.toml", "name = ");
    let brief = "content/briefings/2025-11-30-refs.md";
    c.open(brief, REFS);
    assert_eq!(c.diagnostics(brief).len(), 4);
    // A profile edit: the whole site is checked again, and what changed
    // (the warning about `Chna`) published.
    let profile = "content/actors/china.md";
    let text = std::fs::read_to_string(site.path().join(profile)).expect("profile");
    c.open(profile, &text);
    c.change(
        profile,
        2,
        &text.replacen("aliases = [", "aliases = [\"Chna\", ", 1),
    );
    c.diagnostics_where(brief, |list| list.len() == 3);
    let published: Vec<&Value> = c
        .log
        .iter()
        .filter(|m| m["params"]["uri"] != c.uri(brief).as_str())
        .filter(|m| m["params"]["uri"] != c.uri(profile).as_str())
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| &m["params"]["uri"])
        .collect();
    assert_eq!(published, Vec::<&Value>::new());
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": c.uri("README.md")}, "position": {"line": 1, "character": 9}}),
    );
    assert_eq!(hover, Value::Null);
}

/// Issue 16: an event's `place` completes place names and aliases, and
/// hovers and goes to the place profile, as actor references do.
#[test]
fn places_complete_hover_and_go_to_their_profile() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let b = "content/briefings/2025-11-30-where.md";
    let head =
        "+++\ntitle = \"T\"\ndate = 2025-11-30\n[[events]]\ntitle = \"E\"\ndate = \"2025\"\n";
    let items = complete(&mut c, b, &format!("{head}place = \"Pas|\"\n+++\n"));
    assert_eq!(labels(&items), ["Pasni", "Pasni, Balochistan"]);
    assert_eq!(item(&items, "Pasni")["detail"], "city");
    assert_eq!(
        item(&items, "Pasni, Balochistan")["detail"],
        "alias of Pasni"
    );
    // The Urdu alias, on line 6 after `place = "`.
    c.open(b, &format!("{head}place = \"پسنی\"\n+++\n"));
    let hover = at(&mut c, "textDocument/hover", b, 6, 10);
    assert_eq!(
        hover["contents"]["value"],
        "**Pasni** (city)\n\n25.2631, 63.471\n\nAlso: Pasni, Balochistan, پسنی"
    );
    let def = at(&mut c, "textDocument/definition", b, 6, 10);
    assert_eq!(def["uri"], c.uri("content/places/pasni.md"));
    assert_eq!(def["range"]["start"], json!({"line": 1, "character": 7}));
}

#[test]
fn completion_inside_corrections_offers_the_keys_of_a_correction() {
    let site = example_site();
    let mut c = Client::start(site.path());
    let b = "content/briefings/2025-11-30-corrected.md";
    let head = "+++\ntitle = \"Corrected\"\ndate = 2025-11-30\n";
    let items = complete(
        &mut c,
        b,
        &format!("{head}[[corrections]]\ndate = 2025-12-01\ntex|\n+++\n"),
    );
    assert_eq!(labels(&items), ["text"]);
    assert_eq!(
        item(&items, "text")["detail"],
        "What was wrong and what is right, in Markdown (required); listed on the page and on /corrections/."
    );
    // Not the briefing's keys, and not an event's.
    let items = complete(&mut c, b, &format!("{head}[[corrections]]\n|\n+++\n"));
    assert_eq!(labels(&items), ["date", "text"]);
    // YAML front matter: an item of the `corrections:` list.
    let items = complete(
        &mut c,
        "content/briefings/2025-11-30-yaml.md",
        "---\ntitle: Corrected\ndate: 2025-11-30\ncorrections:\n  - date: 2025-12-01\n    tex|\n---\n",
    );
    assert_eq!(labels(&items), ["text"]);
}
