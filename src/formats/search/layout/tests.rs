//! The index layout: list encodings, shard cutting, and a whole index
//! read back the way the script reads it.

use std::borrow::Cow;

use super::*;

/// Reads a list as `search.js` does.
fn decode(v: &serde_json::Value) -> Vec<u32> {
    match v {
        serde_json::Value::Array(deltas) => {
            let mut id = 0;
            deltas
                .iter()
                .map(|d| {
                    id += d.as_u64().expect("number") as u32;
                    id
                })
                .collect()
        }
        serde_json::Value::String(s) => {
            let (first, bits) = s.split_once(':').expect("first:bits");
            let first: u32 = first.parse().expect("first");
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(bits)
                .expect("base64");
            (0..bytes.len() * 8)
                .filter(|k| bytes[k / 8] & (1 << (k % 8)) != 0)
                .map(|k| first + k as u32)
                .collect()
        }
        _ => Vec::new(),
    }
}

#[test]
fn lists_round_trip_in_the_shorter_encoding() {
    let sparse = vec![3, 90, 4000];
    assert_eq!(encode(&sparse), "[3,87,3910]");
    let dense: Vec<u32> = (1000..3000).filter(|i| i % 3 != 0).collect();
    let e = encode(&dense);
    assert!(e.starts_with("\"1000:"), "{e}");
    for ids in [
        sparse,
        dense,
        vec![7],
        vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    ] {
        let v: serde_json::Value = serde_json::from_str(&encode(&ids)).expect("JSON");
        assert_eq!(decode(&v), ids);
    }
    // A bitmap costs at most a bit and a third a document.
    let all: Vec<u32> = (0..100_000).collect();
    assert!(encode(&all).len() < 100_000 / 6 + 20);
}

#[test]
fn shards_close_at_their_size_and_large_entries_stand_alone() {
    let entries: Vec<String> = ["aaaa", "bb", "cccccccccccccccccccc", "d", "e"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let ranges = cut(&entries, std::iter::repeat(0), 8);
    assert_eq!(ranges, [0..2, 2..3, 3..5]);
}

fn doc<'a>(kind: Kind, title: &'a str, body: &str, actors: Vec<u32>, tags: Vec<u32>) -> Doc<'a> {
    Doc {
        kind,
        title,
        url: format!("/{title}/"),
        date: Cow::Borrowed("1 May 2025"),
        context: Cow::Borrowed(""),
        names: Vec::new(),
        aliases: &[],
        actors,
        tags,
        from: None,
        body: body.into(),
    }
}

fn parse(files: &[(String, Vec<u8>)], name: &str) -> serde_json::Value {
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    serde_json::from_slice(bytes).expect("JSON")
}

/// The documents of `term` by field, looked up through the manifest as
/// the script does.
fn lookup(files: &[(String, Vec<u8>)], term: &str) -> Vec<Vec<u32>> {
    let meta = parse(files, "meta.json");
    let firsts: Vec<&str> = meta["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    let shard = firsts
        .iter()
        .rposition(|f| f.encode_utf16().cmp(term.encode_utf16()).is_le())
        .unwrap_or(0);
    let shard = parse(files, &format!("t/{shard}.json"));
    let at = shard["t"]
        .as_array()
        .expect("t")
        .iter()
        .position(|t| t == term)
        .unwrap_or_else(|| panic!("{term} not in its shard"));
    shard["p"][at]
        .as_array()
        .expect("fields")
        .iter()
        .map(decode)
        .collect()
}

#[test]
fn an_index_is_read_back_through_its_manifest_within_its_limits() {
    let facets = Facets {
        actors: vec![("pakistan".into(), "Pakistan".into())],
        tags: vec![("rare-earths".into(), "Rare earths".into())],
    };
    let words: Vec<String> = (0..400).map(|i| format!("word{i}")).collect();
    let mut docs = vec![
        doc(
            Kind::Briefing,
            "Gwadar port",
            "ports and 稀土加工",
            vec![0],
            vec![0],
        ),
        doc(Kind::Briefing, "Second", &words.join(" "), vec![], vec![0]),
    ];
    docs.extend((0..100).map(|i| Doc {
        from: Some(1),
        url: format!("/Second/#event-{i}"),
        ..doc(Kind::Event, "Port call", "Gwadar", vec![0], vec![])
    }));
    // An event whose page is not its briefing's keeps its whole URL.
    docs[100].url = "/elsewhere/#event-98".into();
    // The last event has its briefing's tags, as events do on a site.
    docs[101].tags = vec![0];
    let limits = Limits {
        file_bytes: 4096,
        term_shard_bytes: 1024,
        facet_shard_bytes: 64,
        chunk_docs: 8,
        title_docs: 1,
    };
    let files = files(&docs, &facets, &limits);
    for (name, bytes) in &files {
        assert!(
            bytes.len() <= limits.file_bytes,
            "{name}: {} bytes",
            bytes.len()
        );
    }
    let meta = parse(&files, "meta.json");
    assert_eq!(meta["count"], 102);
    assert_eq!(meta["kinds"], serde_json::json!([["b", 0], ["e", 2]]));
    assert!(meta["terms"].as_array().expect("terms").len() > 2, "{meta}");
    // Title beats body: `gwadar` is a title word of 0, body of the events.
    let gwadar = lookup(&files, "gwadar");
    assert_eq!(gwadar[0], [0]);
    assert_eq!(gwadar[4], (2..102).collect::<Vec<u32>>());
    assert_eq!(
        lookup(&files, "port")[0],
        (0..1).chain(2..102).collect::<Vec<u32>>()
    );
    assert_eq!(lookup(&files, "稀土")[4], [0]);
    assert_eq!(lookup(&files, "word399")[4], [1]);
    // Facets: the actor, then the tag, through the facet shards.
    let firsts = meta["facets"].as_array().expect("facets");
    let facet = |f: u64| {
        let n = firsts
            .iter()
            .rposition(|s| s.as_u64() <= Some(f))
            .expect("shard");
        let shard = parse(&files, &format!("f/{n}.json"));
        decode(&shard["l"][(f - shard["s"].as_u64().expect("s")) as usize])
    };
    assert_eq!(facet(0), (0..1).chain(2..102).collect::<Vec<u32>>());
    assert_eq!(facet(1), [0, 1, 101]);
    // Metadata: document 9 is the second of chunk 1.
    let chunk = parse(&files, "d/1.json");
    assert_eq!(chunk[1]["t"], "Port call");
    // Its kind is where 9 falls in `kinds` (events from 2), not a field.
    assert_eq!(chunk[1].get("k"), None);
    // Its briefing is a document number, whose title is in the title
    // shards (one title each here), not repeated on every event.
    assert_eq!(chunk[1]["f"], 1);
    assert!(
        !String::from_utf8_lossy(&files.iter().find(|f| f.0 == "d/1.json").expect("d/1").1)
            .contains("Second")
    );
    assert_eq!(meta["titles"], 1);
    assert_eq!(
        parse(&files, "b/1.json"),
        serde_json::json!({"t": ["Second"], "u": ["/Second/"], "g": [[0]]})
    );
    assert_eq!(
        parse(&files, "b/0.json"),
        serde_json::json!({"t": ["Gwadar port"], "u": ["/Gwadar port/"], "g": [[0]]})
    );
    // An event with its briefing's tags leaves them to the title shard;
    // one with tags of its own (here none) keeps them.
    assert_eq!(parse(&files, "d/12.json")[5].get("g"), None);
    assert_eq!(chunk[1]["g"], serde_json::json!([]));
    // Its URL is a fragment of its briefing's.
    assert_eq!(chunk[1]["u"], "#event-7");
    assert_eq!(parse(&files, "d/12.json")[4]["u"], "/elsewhere/#event-98");
    // Only briefings have titles there.
    assert!(files.iter().all(|f| f.0 != "b/2.json"));
    assert_eq!(
        parse(&files, "labels.json")["a"][0],
        serde_json::json!(["pakistan", "Pakistan"])
    );
}
