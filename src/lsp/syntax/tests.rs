use super::*;

/// `spot` at the `|` of `text` (which is removed).
fn at(text: &str, kind: FileKind) -> Spot {
    let cursor = text.find('|').expect("a cursor");
    let text = text.replacen('|', "", 1);
    spot(&text, kind, cursor)
}

fn value(spot: Spot) -> (Table, String, Option<String>) {
    match spot {
        Spot::Value { table, key, word } => (table, key, word.map(|w| w.prefix)),
        other => panic!("not a value: {other:?}"),
    }
}

#[test]
fn toml_values_know_their_table_and_key() {
    let head = "+++\ntitle = \"T\"\n";
    let b = FileKind::Briefing;
    assert_eq!(
        value(at(&format!("{head}actors = [\"Chi|\"]\n+++\n"), b)),
        (Table::Briefing, "actors".into(), Some("Chi".into()))
    );
    assert_eq!(
        value(at(&format!("{head}actors = [\n  \"A\",\n  |\n]\n+++\n"), b)),
        (Table::Briefing, "actors".into(), None)
    );
    assert_eq!(
        value(at(
            &format!("{head}[[events]]\nsources = [\"us-|\n+++\n"),
            b
        )),
        (Table::Event, "sources".into(), Some("us-".into()))
    );
    assert_eq!(
        value(at("name = \"x\"\ncountry = \"|\"\n", FileKind::Site)),
        (Table::Site, "country".into(), Some("".into()))
    );
}

#[test]
fn keys_and_headers() {
    let b = FileKind::Briefing;
    match at("+++\ntitle = \"T\"\n[[events]]\nda|\n+++\n", b) {
        Spot::Key { table, word } => {
            assert_eq!((table, word.prefix.as_str()), (Table::Event, "da"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(at("+++\n[[ev|ents]]\n+++\n", b), Spot::Nothing);
}

#[test]
fn yaml_values_and_items() {
    let b = FileKind::Briefing;
    let text = "---\ntitle: T\nactors: [Pakistan, Chi|]\n---\n";
    assert_eq!(
        value(at(text, b)),
        (Table::Briefing, "actors".into(), Some("Chi".into()))
    );
    let text = "---\nevents:\n  - title: E\n    actors:\n      - Fr|\n---\n";
    assert_eq!(
        value(at(text, b)),
        (Table::Event, "actors".into(), Some("Fr".into()))
    );
}

#[test]
fn mentions_and_citations_in_bodies_and_event_texts() {
    let b = FileKind::Briefing;
    match at(
        "+++\n+++\nSee [[Chinese For|eign Ministry|the ministry]].",
        b,
    ) {
        Spot::Mention { word, label } => {
            assert_eq!(word.prefix, "Chinese For");
            assert_eq!(word.text, "Chinese Foreign Ministry");
            assert!(!label);
        }
        other => panic!("{other:?}"),
    }
    match at("+++\n+++\nAs said [@a; @us-em|b].", b) {
        Spot::Citation { word } => assert_eq!(
            (word.prefix.as_str(), word.text.as_str()),
            ("us-em", "us-emb")
        ),
        other => panic!("{other:?}"),
    }
    match at("+++\n[[events]]\ntext = \"Per [@x|\"\n+++\n", b) {
        Spot::Citation { word } => assert_eq!(word.prefix, "x"),
        other => panic!("{other:?}"),
    }
    assert_eq!(at("+++\n+++\nA [link](x.md) |here", b), Spot::Nothing);
}

#[test]
fn items_of_toml_and_yaml() {
    let toml = "+++\ntitle = \"T\"\n[[events]]\ndate = \"2025\"\ntitle = \"E\"\n\n[[sources]]\nid = \"s1\"\ntitle = \"S\"\n+++\n";
    let found = items(toml, FileKind::Briefing);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].table, Table::Event);
    assert_eq!(found[0].title.as_deref(), Some("E"));
    assert_eq!(found[0].date.as_deref(), Some("\"2025\"").map(|_| "2025"));
    let (id, range) = found[1].id.clone().expect("id");
    assert_eq!((id.as_str(), &toml[range]), ("s1", "s1"));
    let yaml = "---\ntitle: T\nsources:\n  - id: a\n    title: A\n  - id: b\n---\n";
    let ids: Vec<String> = items(yaml, FileKind::Briefing)
        .into_iter()
        .filter_map(|i| i.id.map(|x| x.0))
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn values_lists_every_string() {
    let toml = "+++\nactors = [\"A\", \"B\"]\n[[events]]\nactors = [\n  \"C\",\n]\n+++\n";
    let found: Vec<(Table, String, String)> = values(toml, FileKind::Briefing)
        .into_iter()
        .map(|(t, k, w)| (t, k, w.text))
        .collect();
    assert_eq!(
        found,
        [
            (Table::Briefing, "actors".into(), "A".into()),
            (Table::Briefing, "actors".into(), "B".into()),
            (Table::Event, "actors".into(), "C".into()),
        ]
    );
    let yaml = "---\nactors: [A, B c]\nevents:\n  - actors:\n      - D\n---\n";
    let found: Vec<String> = values(yaml, FileKind::Briefing)
        .into_iter()
        .filter(|(_, k, _)| k == "actors")
        .map(|(_, _, w)| w.text)
        .collect();
    assert_eq!(found, ["A", "B c", "D"]);
}
