//! The files of one search index, under its prefix:
//!
//! - `meta.json`: the manifest, fetched first: document count, chunk size,
//!   where each kind of document starts, field weights, the first term of
//!   each term shard and the first facet of each facet shard;
//! - `labels.json`: the facets' ids and names (actors, then tags);
//! - `t/<n>.json`: a term shard: sorted terms and, for each, the documents
//!   it occurs in, one list per field (a document is listed under its best
//!   field only);
//! - `f/<n>.json`: a facet shard: the documents of consecutive facets;
//! - `d/<n>.json`: documents `n × chunk` onwards: what a result shows;
//! - `b/<n>.json`: the titles, URLs and tags of briefings `n × titles`
//!   onwards (briefings are the first documents): an event result names
//!   its briefing by document number, and the script reads the title here,
//!   the URL its own `#fragment` is relative to, and the tags unless the
//!   event has tags of its own: one small file for several briefings,
//!   instead of each event repeating them.
//!
//! A document list is the smaller of two encodings: an array of ids, the
//! first absolute and the others as differences from the one before; or a
//! string `"<first>:<base64>"`, a bitmap of ids from `first` on (bit `k` of
//! byte `i`, least significant first, is id `first + 8i + k`). Dense lists
//! thus cost at most one bit per document, which bounds every term's
//! entry. Terms are sorted by UTF-16 code units, as the script compares
//! strings. Steps: collect each document's terms in parallel, merge them
//! into one dictionary in document order (so lists come out sorted), sort,
//! encode, cut into shards of about [`Limits::term_shard_bytes`].

use std::collections::HashMap;

use base64::Engine as _;
use rayon::prelude::*;
use serde::Serialize;

use super::tokens::{index_terms, MIN_PREFIX};
use super::{Doc, Facets, Kind, VERSION};
use crate::formats::to_json;

/// Fields a term is found in, best first, and their weights.
const FIELDS: [(&str, u32); 5] = [("t", 12), ("n", 8), ("g", 5), ("s", 3), ("x", 1)];

/// How large the files of an index may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// No file may be larger (a warning otherwise).
    pub file_bytes: usize,
    /// A term shard closes once it holds this much.
    pub term_shard_bytes: usize,
    /// A facet shard closes once it holds this much: small, since a query
    /// fetches one per facet it counts.
    pub facet_shard_bytes: usize,
    /// Documents per metadata chunk.
    pub chunk_docs: usize,
    /// Briefing titles per title shard.
    pub title_docs: usize,
}

impl Limits {
    /// The limits for a largest file of `file_bytes`: term shards of a
    /// sixteenth of it, facet shards of a sixty-fourth, 32 documents a
    /// chunk (about 10 KB), 64 titles a title shard (about 4 KB, 2 KB
    /// gzipped: a results page fetches at most one per result).
    pub(crate) fn new(file_bytes: usize) -> Limits {
        Limits {
            file_bytes,
            term_shard_bytes: (file_bytes / 16).max(512),
            facet_shard_bytes: (file_bytes / 64).max(256),
            chunk_docs: 32,
            title_docs: 64,
        }
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    count: usize,
    chunk: usize,
    /// Briefing titles per title shard.
    titles: usize,
    /// (kind, first document) for each kind present, in rank order.
    kinds: Vec<(&'static str, usize)>,
    fields: Vec<&'static str>,
    weights: Vec<u32>,
    min_prefix: usize,
    /// The first term of each term shard.
    terms: Vec<&'a str>,
    /// The first facet of each facet shard; facets are the actors, then
    /// the tags, of `labels.json`.
    facets: Vec<usize>,
    actors: usize,
}

#[derive(Serialize)]
struct Labels<'a> {
    a: Vec<(&'a str, &'a str)>,
    g: Vec<(&'a str, &'a str)>,
}

/// The titles, URLs and tags of consecutive briefings, for their events.
#[derive(Serialize)]
struct TitleShard<'a> {
    t: Vec<&'a str>,
    u: Vec<&'a str>,
    g: Vec<&'a [u32]>,
}

/// What a result shows.
#[derive(Serialize)]
struct DocMeta<'a> {
    t: &'a str,
    u: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    d: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    s: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    a: &'a [u32],
    /// Tag facets; an event without them has its briefing's.
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<&'a [u32]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    n: &'a [String],
    /// An event's briefing: its document number.
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<u32>,
}

/// Every file of the index of `docs` (in rank order: grouped by kind,
/// kinds in [`Kind`] order), as (path under the prefix, bytes).
pub(crate) fn files(docs: &[Doc], facets: &Facets, limits: &Limits) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let dictionary = dictionary(docs, facets);
    let mut terms: Vec<&String> = dictionary.keys().collect();
    terms.sort_unstable_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let entries: Vec<String> = terms
        .par_iter()
        .map(|t| {
            let lists = &dictionary[*t];
            let parts: Vec<String> = lists
                .iter()
                .map(|l| if l.is_empty() { "0".into() } else { encode(l) })
                .collect();
            format!("[{}]", parts.join(","))
        })
        .collect();
    let term_shards = cut(
        &entries,
        terms.iter().map(|t| t.len() + 3),
        limits.term_shard_bytes,
    );
    let mut firsts = Vec::with_capacity(term_shards.len());
    for (n, range) in term_shards.iter().enumerate() {
        firsts.push(terms[range.start].as_str());
        // `{"t": [terms], "p": [for each term, its lists by field, 0 when empty]}`
        let mut shard = b"{\"t\":".to_vec();
        shard.extend(json(&&terms[range.clone()]));
        shard.extend(b",\"p\":[");
        shard.extend(entries[range.clone()].join(",").into_bytes());
        shard.extend(b"]}");
        out.push((format!("t/{n}.json"), shard));
    }

    let facet_lists: Vec<String> = facet_lists(docs, facets)
        .iter()
        .map(|l| if l.is_empty() { "0".into() } else { encode(l) })
        .collect();
    let facet_shards = cut(&facet_lists, std::iter::repeat(0), limits.facet_shard_bytes);
    for (n, range) in facet_shards.iter().enumerate() {
        // `{"s": first facet, "l": [its list, the next one's, ...]}`
        let shard = format!(
            "{{\"s\":{},\"l\":[{}]}}",
            range.start,
            facet_lists[range.clone()].join(",")
        );
        out.push((format!("f/{n}.json"), shard.into_bytes()));
    }

    let chunks: Vec<(String, Vec<u8>)> = docs
        .par_chunks(limits.chunk_docs.max(1))
        .enumerate()
        .map(|(n, chunk)| {
            let metas: Vec<DocMeta> = chunk.iter().map(|d| meta(d, docs)).collect();
            (format!("d/{n}.json"), json(&metas))
        })
        .collect();
    out.extend(chunks);

    let briefings = docs.iter().take_while(|d| d.kind == Kind::Briefing).count();
    for (n, shard) in docs[..briefings]
        .chunks(limits.title_docs.max(1))
        .enumerate()
    {
        let shard = TitleShard {
            t: shard.iter().map(|d| d.title).collect(),
            u: shard.iter().map(|d| d.url.as_str()).collect(),
            g: shard.iter().map(|d| d.tags.as_slice()).collect(),
        };
        out.push((format!("b/{n}.json"), json(&shard)));
    }

    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    let mut last: Option<Kind> = None;
    for (i, d) in docs.iter().enumerate() {
        if last != Some(d.kind) {
            kinds.push((d.kind.code(), i));
            last = Some(d.kind);
        }
    }
    let manifest = Manifest {
        version: VERSION,
        count: docs.len(),
        chunk: limits.chunk_docs.max(1),
        titles: limits.title_docs.max(1),
        kinds,
        fields: FIELDS.iter().map(|f| f.0).collect(),
        weights: FIELDS.iter().map(|f| f.1).collect(),
        min_prefix: MIN_PREFIX,
        terms: firsts,
        facets: facet_shards.iter().map(|r| r.start).collect(),
        actors: facets.actors.len(),
    };
    out.push(("meta.json".into(), json(&manifest)));
    let labels = Labels {
        a: facets
            .actors
            .iter()
            .map(|(i, n)| (i.as_str(), n.as_str()))
            .collect(),
        g: facets
            .tags
            .iter()
            .map(|(i, n)| (i.as_str(), n.as_str()))
            .collect(),
    };
    out.push(("labels.json".into(), json(&labels)));
    out
}

/// What `d` shows, leaving out what the script takes from its briefing
/// in `docs`: an event's tags, when they are its briefing's, and the
/// briefing's URL before an event's `#fragment`.
fn meta<'a>(d: &'a Doc, docs: &[Doc]) -> DocMeta<'a> {
    let briefing = d.from.and_then(|f| docs.get(f as usize));
    let url = briefing
        .and_then(|b| d.url.strip_prefix(b.url.as_str()))
        .filter(|rest| rest.starts_with('#'))
        .unwrap_or(&d.url);
    let tags = match briefing {
        Some(b) if b.tags == d.tags => None,
        // An event's own tags, even none, stand instead of its briefing's.
        Some(_) => Some(&d.tags[..]),
        None => Some(&d.tags[..]).filter(|t| !t.is_empty()),
    };
    DocMeta {
        t: d.title,
        u: url,
        d: &d.date,
        s: &d.context,
        a: &d.actors,
        g: tags,
        n: d.aliases,
        f: d.from,
    }
}

/// Compact JSON with markup escaped, as every JSON file of the site.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    to_json(value, true).unwrap_or_default()
}

/// Term → one list of document ids per field, each ascending.
fn dictionary(docs: &[Doc], facets: &Facets) -> HashMap<String, [Vec<u32>; 5]> {
    // Each document's terms with their best field, computed in parallel.
    let per_doc: Vec<Vec<(String, u8)>> = docs
        .par_iter()
        .map(|d| {
            let mut best: HashMap<String, u8> = HashMap::new();
            let names = d.names.join(" ");
            let tags: Vec<&str> = d
                .tags
                .iter()
                .filter_map(|&g| facets.tags.get(g as usize).map(|t| t.1.as_str()))
                .collect();
            let tags = tags.join(" ");
            let context = format!("{} {}", d.context, d.date);
            let texts: [&str; 5] = [d.title, &names, &tags, &context, &d.body];
            for (field, text) in texts.iter().enumerate() {
                index_terms(text, |t| {
                    if !best.contains_key(t) {
                        best.insert(t.to_string(), field as u8);
                    }
                });
            }
            best.into_iter().collect()
        })
        .collect();
    let mut dict: HashMap<String, [Vec<u32>; 5]> = HashMap::new();
    for (id, terms) in per_doc.into_iter().enumerate() {
        for (term, field) in terms {
            dict.entry(term).or_default()[field as usize].push(id as u32);
        }
    }
    dict
}

/// Facet → the documents carrying it: actors first, then tags.
fn facet_lists(docs: &[Doc], facets: &Facets) -> Vec<Vec<u32>> {
    let actors = facets.actors.len();
    let mut lists = vec![Vec::new(); actors + facets.tags.len()];
    for (id, d) in docs.iter().enumerate() {
        for &a in &d.actors {
            if let Some(l) = lists.get_mut(a as usize) {
                l.push(id as u32);
            }
        }
        for &g in &d.tags {
            if let Some(l) = lists.get_mut(actors + g as usize) {
                l.push(id as u32);
            }
        }
    }
    lists
}

/// `ids` (ascending) as JSON: a difference-coded array or a bitmap
/// string, whichever is shorter.
pub(crate) fn encode(ids: &[u32]) -> String {
    let mut array = String::with_capacity(ids.len() * 3 + 2);
    array.push('[');
    let mut prev = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            array.push(',');
        }
        array.push_str(&(id - prev).to_string());
        prev = id;
    }
    array.push(']');
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return array;
    };
    let span = (last - first) as usize + 1;
    if span.div_ceil(6) + 10 >= array.len() {
        return array;
    }
    let mut bits = vec![0u8; span.div_ceil(8)];
    for &id in ids {
        let k = (id - first) as usize;
        bits[k / 8] |= 1 << (k % 8);
    }
    format!(
        "\"{first}:{}\"",
        base64::engine::general_purpose::STANDARD.encode(bits)
    )
}

/// Cuts `entries` into consecutive ranges of about `target` bytes (each
/// entry's length plus its `extra`); an entry larger than `target` gets a
/// range of its own.
fn cut(
    entries: &[String],
    extra: impl Iterator<Item = usize>,
    target: usize,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut size = 0;
    for (i, (e, x)) in entries.iter().zip(extra).enumerate() {
        let len = e.len() + x + 1;
        match ranges.last_mut() {
            Some(r) if size + len <= target => {
                r.end = i + 1;
                size += len;
            }
            _ => {
                ranges.push(i..i + 1);
                size = len;
            }
        }
    }
    ranges
}

#[cfg(test)]
mod tests;
