use super::*;
use crate::content::edtf::{Edtf, Wording};
use crate::content::grading::{CONFIDENCE, CREDIBILITY, RELIABILITY};

fn theme_with(files: &[(&str, &str)]) -> Theme {
    let mut theme = Theme::default();
    for (name, text) in files {
        theme.i18n.insert(
            name.to_string(),
            ThemeFile {
                origin: PathBuf::from("i18n").join(name),
                bytes: text.as_bytes().to_vec(),
            },
        );
    }
    theme
}

fn shown(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} | {}",
                d.path.display(),
                d.line,
                d.col,
                d.message,
                d.hint.clone().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn english_has_every_key_dossier_asks_for() {
    let en = Strings::english();
    let mut keys: Vec<String> = ["grading.title", "grading.explained"]
        .iter()
        .map(|k| k.to_string())
        .collect();
    for field in [
        "approximate",
        "uncertain",
        "both",
        "decade",
        "century",
        "month_unknown",
        "day_unknown",
        "ongoing",
    ] {
        keys.push(format!("date.{field}"));
    }
    let codes = RELIABILITY
        .iter()
        .map(|c| format!("reliability.{c}"))
        .chain(CREDIBILITY.iter().map(|c| format!("credibility.{c}")))
        .chain(CONFIDENCE.iter().map(|c| format!("confidence.{c}")));
    for code in codes {
        keys.push(format!("grading.{code}.name"));
        keys.push(format!("grading.{code}.meaning"));
    }
    for key in keys {
        assert!(!en.get(&key).is_empty(), "English has no `{key}`");
    }
    let mut diags = Diagnostics::new();
    parse_file(Path::new("en.toml"), DEFAULT_ENGLISH, &mut diags);
    assert!(diags.is_empty(), "{:?}", shown(&diags));
}

#[test]
fn a_language_file_replaces_english_and_a_missing_key_falls_back_with_a_warning() {
    let theme = theme_with(&[(
        "fr.toml",
        "[actor]\nkicker = \"Fiche\"\n[date]\napproximate = \"vers {}\"\nuncertain = \"{} ?\"\n",
    )]);
    let mut diags = Diagnostics::new();
    let fr = Strings::load(&theme, "fr-CA", &[], &mut diags);
    assert_eq!(fr.get("date.approximate"), "vers {}");
    // Left out: English.
    assert_eq!(fr.get("date.ongoing"), "ongoing");
    let warnings = shown(&diags);
    assert!(warnings.contains(
        &"i18n/fr.toml:2:1: missing string `actor.activity` for `fr-CA`: the English text is used | add `activity` to [actor]".to_string()
    ), "{warnings:#?}");
    assert!(!warnings.iter().any(|w| w.contains("`actor.kicker`")));
    let date = Edtf::parse("2025-06~").expect("date");
    assert_eq!(
        date.display_in(
            &Wording::from_strings(&fr),
            crate::content::datefmt::DateFormat::english()
        ),
        "vers June 2025"
    );
}

#[test]
fn a_language_without_strings_is_one_warning_not_one_per_key() {
    let mut diags = Diagnostics::new();
    let ur = Strings::load(&Theme::default(), "ur", &[], &mut diags);
    assert_eq!(ur.get("date.ongoing"), "ongoing");
    assert_eq!(
        shown(&diags),
        ["site.toml:1:1: the theme has no strings for the language `ur`: its pages are shown with English labels | add i18n/ur.toml to the site (copy the theme's i18n/en.toml and translate it)"]
    );
}

#[test]
fn site_overrides_win_and_unknown_keys_or_lost_placeholders_are_warnings_at_their_position() {
    let text = "[strings.date]\napproximate = \"around {}\"\naproximate = \"x\"\nongoing = \"still going\"\nuncertain = \"perhaps\"\n";
    let map = SourceMap::new(Path::new("site.toml"), text);
    let mut diags = Diagnostics::new();
    let node = node::parse_toml(text, 0, &map).expect("toml");
    let Value::Table(items) = &node.value else {
        panic!("a table");
    };
    let overrides = entries(&items[0].node, "", &map, &mut diags);
    let en = Strings::load(&Theme::default(), "en", &overrides, &mut diags);
    assert_eq!(en.get("date.approximate"), "around {}");
    assert_eq!(en.get("date.ongoing"), "still going");
    assert_eq!(
        shown(&diags),
        [
            "site.toml:3:1: unknown string `date.aproximate`: no template shows it | did you mean `date.approximate`?",
            "site.toml:5:1: the string `date.uncertain` has no `{}`: what it wraps will not be shown | write `{}` where the value goes, as English does: \"{}?\"",
        ]
    );
}

#[test]
fn templates_get_the_strings_nested_as_written() {
    let value = Strings::english().to_value();
    let json = serde_json::to_value(&value).expect("json");
    assert_eq!(json["date"]["decade"], "{}s");
    assert_eq!(
        json["grading"]["reliability"]["B"]["name"],
        "Usually reliable"
    );
}

#[test]
fn the_default_theme_speaks_urdu_and_chinese_in_every_key_english_has() {
    let keys = |name: &str, text: &str| -> std::collections::BTreeSet<String> {
        let mut diags = Diagnostics::new();
        let keys = parse_file(Path::new(name), text, &mut diags)
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert!(diags.is_empty(), "{name}: {:?}", shown(&diags));
        keys
    };
    let en = keys("en.toml", DEFAULT_ENGLISH);
    for (name, text) in [
        ("ur.toml", include_str!("../../themes/default/i18n/ur.toml")),
        ("zh.toml", include_str!("../../themes/default/i18n/zh.toml")),
    ] {
        let theirs = keys(name, text);
        let missing: Vec<_> = en.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&en).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(extra.is_empty(), "{name} has keys English lacks: {extra:?}");
    }
}
