//! The tokeniser's rules, case by case, and the check that the browser's
//! copy (`js/search-tokens.js`, run by `node`) agrees on every case.

use super::*;

fn index(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    index_terms(text, |t| out.push(t.to_string()));
    out
}

fn query(text: &str) -> Vec<(String, bool)> {
    query_terms(text)
        .into_iter()
        .map(|t| (t.text, t.prefix))
        .collect()
}

/// Strings in English, Chinese, Japanese, Korean, Thai, Urdu, Arabic,
/// Persian, Greek, Turkish and Vietnamese, with the marks and variants the
/// rules deal with.
const CASES: &[&str] = &[
    "Pakistan's rare-earth pact, signed 13 October 2025.",
    "Zürich ÖLPREIS naïve café façade",
    "稀土加工协议",
    "中国与巴基斯坦签署了稀土加工协议。",
    "abc中国def",
    "国",
    "東京の レアアース・サプライチェーン",
    "희토류 가공 협정",
    "แร่หายาก",
    "پاکستان اور چین نے نایاب معدنیات کے معاہدے پر دستخط کیے",
    "پاكستان",
    "مُعَاهَدَة الأَرْضِ النَّادِرَة ـــ إِسْلَامِ آباد",
    "كتاب کتاب ڪتاب",
    "هيئة ہیئت ھیئت",
    "عربی عربي عربى",
    "٢٠٢٥ ۲۰۲۵ 2025",
    "ΟΔΟΣ Σίσυφος",
    "İstanbul ISTANBUL ıi",
    "Tiếng Việt Hà Nội",
    "ﬁnance Ⅻ ① ｆｕｌｌｗｉｄｔｈ",
    "U.S. e-mail don't 3.5%",
    "  ",
    "",
];

#[test]
fn folds_case_accents_and_arabic_variants() {
    for (text, want) in [
        ("Zürich", "zurich"),
        ("ÖLPREIS", "olpreis"),
        ("ﬁnance", "finance"),
        ("ｆｕｌｌ", "full"),
        // Harakat and tatweel dropped; alef with hamza or madda is alef.
        ("مُعَاهَدَة", "معاهده"),
        ("إسلام آباد", "اسلام اباد"),
        ("عـــربي", "عربي"),
        // Urdu and Persian letters unified with the Arabic ones.
        ("پاکستان", "پاكستان"),
        // Hamza on a yeh seat is dropped with the other marks.
        ("ہیئت", "هييت"),
        ("ھ ە ة", "ه ه ه"),
        ("عربى", "عربي"),
        ("٢٠٢٥ ۲۰۲۵", "2025 2025"),
        // Hangul syllables stay whole.
        ("희토류", "희토류"),
    ] {
        assert_eq!(fold(text), want, "{text}");
    }
}

#[test]
fn splits_words_and_cuts_unspaced_scripts_into_characters_and_pairs() {
    assert_eq!(
        index("Pakistan's rare-earth pact, 2025."),
        ["pakistan", "s", "rare", "earth", "pact", "2025"]
    );
    assert_eq!(
        index("稀土加工"),
        ["稀", "稀土", "土", "土加", "加", "加工", "工"]
    );
    assert_eq!(index("abc中国def"), ["abc", "中", "中国", "国", "def"]);
    assert_eq!(index("نایاب معدنیات"), ["نايا\u{628}", "معدنيات"]);
}

#[test]
fn queries_use_pairs_for_unspaced_runs_and_prefixes_for_long_words() {
    assert_eq!(
        query("稀土加工"),
        [
            ("稀土".into(), false),
            ("土加".into(), false),
            ("加工".into(), false)
        ]
    );
    assert_eq!(query("国"), [("国".into(), false)]);
    assert_eq!(
        query("Port of Gwadar port"),
        [
            ("port".into(), true),
            ("of".into(), false),
            ("gwadar".into(), true)
        ]
    );
    assert_eq!(query("پاکستان"), [("پاكستان".into(), true)]);
    assert!(query(" ,.; ").is_empty());
}

/// What the Rust side makes of each case, as JSON the script's output is
/// compared with.
fn rust_side() -> serde_json::Value {
    CASES
        .iter()
        .map(|text| {
            serde_json::json!({
                "fold": fold(text),
                "index": index(text),
                "query": query_terms(text)
                    .into_iter()
                    .map(|t| serde_json::json!({"text": t.text, "prefix": t.prefix}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect()
}

#[test]
fn the_browser_script_tokenises_exactly_like_the_index() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/static/js/search-tokens.js");
    let program = format!(
        "const t = require({});\n\
         const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
         process.stdout.write(JSON.stringify(cases.map(s => ({{fold: t.fold(s), index: t.indexTerms(s), query: t.queryTerms(s)}}))));",
        serde_json::to_string(&script.display().to_string()).unwrap_or_default()
    );
    let mut child = std::process::Command::new("node")
        .args(["-e", &program])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("`node` is needed to check js/search-tokens.js ({e}): apt-get install nodejs")
        });
    let input = serde_json::to_vec(CASES).expect("cases as JSON");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), &input).expect("write");
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("node output");
    assert!(out.status.success(), "node failed");
    let js: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON from node");
    let rust = rust_side();
    for (i, text) in CASES.iter().enumerate() {
        assert_eq!(js[i], rust[i], "{text:?}");
    }
}
