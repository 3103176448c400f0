//! `dossier check`'s look-alike events: two records of different briefings
//! that are probably one real-world event (SPEC §8.2), each reported once
//! with the `same_as` line that would merge them.
//!
//! Two records look alike when they fall on the same day (or month, or
//! year, at the precision written; the time of day aside), name an actor in
//! common, and have similar titles: the Jaccard index of their title words
//! (lower-cased, common English words left out, each cut to its first five
//! letters so `licences` meets `licensing`) is at least [`SIMILAR`], and
//! the numbers of one are all in the other (`Round 2 of talks` and `Round 3
//! of talks` are two events; `Trade tops 23 billion` and `Trade tops 23
//! billion in 2024` may be one).
//! Records are grouped by date first and compared only within a group and
//! through a shared actor, so the pass stays near-linear in the number of
//! events: sorting them is the largest cost.

use std::collections::{BTreeMap, BTreeSet};

use super::{EventKey, Library};
use crate::diagnostic::Diagnostics;

/// A date at the precision written, the time of day aside: year, month, day.
type Day = (i32, Option<u8>, Option<u8>);

/// The least Jaccard index of two titles' words that counts as similar.
/// The example site's real duplicates score 0.27 and more; its distinct
/// events of one day or year, 0.13 and less.
pub(crate) const SIMILAR: f64 = 0.25;

/// Words too common to tell two titles apart.
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of",
    "on", "or", "said", "say", "says", "that", "the", "this", "to", "with",
];

/// What [`similar`] compares of a title.
pub(crate) struct Title {
    /// Its words, cut to five letters: sorted, each once.
    words: Vec<String>,
    /// Its numbers, whole: sorted, each once.
    numbers: Vec<String>,
}

/// The words and numbers of a title.
pub(crate) fn title_words(title: &str) -> Title {
    let tokens = title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty());
    let (mut words, mut numbers) = (BTreeSet::new(), BTreeSet::new());
    for t in tokens {
        if t.chars().any(|c| c.is_numeric()) {
            numbers.insert(t.clone());
        }
        if t.chars().count() > 1 && !COMMON.contains(&t.as_str()) {
            words.insert(t.chars().take(5).collect::<String>());
        }
    }
    Title {
        words: words.into_iter().collect(),
        numbers: numbers.into_iter().collect(),
    }
}

/// Whether two titles are similar: their words' [`similarity`] is at
/// least [`SIMILAR`], and the numbers of one are all in the other (a
/// number one title has and the other contradicts tells two events apart).
pub(crate) fn similar(a: &Title, b: &Title) -> bool {
    let within = |x: &Title, y: &Title| x.numbers.iter().all(|n| y.numbers.contains(n));
    (within(a, b) || within(b, a)) && similarity(&a.words, &b.words) >= SIMILAR
}

/// The Jaccard index of two sorted word lists: shared words over all words.
pub(crate) fn similarity(a: &[String], b: &[String]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let all = a.len() + b.len() - shared;
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// Warns, at the later record of each look-alike pair, with the line that
/// would make it a report of the earlier one (of the earliest, when it
/// looks like several).
pub(crate) fn lookalikes(lib: &Library, diags: &mut Diagnostics) {
    // Every record by its day (at the precision written), then position.
    let mut records: Vec<(Day, EventKey)> = Vec::new();
    for (bi, b) in lib.briefings.iter().enumerate() {
        for (ei, e) in b.events.iter().enumerate() {
            let key = EventKey {
                briefing: bi,
                event: ei,
            };
            if !lib.merged.roots.contains_key(&key) {
                let d = &e.date.date;
                records.push(((d.year, d.month, d.day), key));
            }
        }
    }
    records.sort_unstable();
    let mut found: BTreeSet<(EventKey, EventKey)> = BTreeSet::new();
    for group in records.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 {
            continue;
        }
        let words: Vec<Title> = group
            .iter()
            .map(|(_, k)| title_words(&lib.event(*k).title))
            .collect();
        // Within the day, only records that share an actor are compared.
        let mut by_actor: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, (_, k)) in group.iter().enumerate() {
            for a in lib.record_actors(*k) {
                by_actor.entry(a.as_str()).or_default().push(i);
            }
        }
        for list in by_actor.values() {
            for (n, &i) in list.iter().enumerate() {
                for &j in &list[n + 1..] {
                    let (a, b) = (group[i].1, group[j].1);
                    if a.briefing != b.briefing
                        && !found.contains(&(a, b))
                        && similar(&words[i], &words[j])
                    {
                        found.insert((a, b));
                    }
                }
            }
        }
    }
    // One warning per record: the earliest it looks like, which the
    // others (merged into it, or warned in turn) will follow.
    let mut first: BTreeMap<EventKey, EventKey> = BTreeMap::new();
    for (earlier, later) in found {
        first.entry(later).or_insert(earlier);
    }
    for (later, earlier) in first {
        report(lib, earlier, later, diags);
    }
}

/// The warning at `later`, suggesting `same_as` to `earlier`.
fn report(lib: &Library, earlier: EventKey, later: EventKey, diags: &mut Diagnostics) {
    let (eb, lb) = (
        &lib.briefings[earlier.briefing],
        &lib.briefings[later.briefing],
    );
    let (ee, le) = (lib.event(earlier), lib.event(later));
    let target = format!("{}#{}", eb.slug, ee.id);
    let shared: Vec<&str> = lib
        .record_actors(later)
        .iter()
        .filter(|a| lib.record_actors(earlier).contains(a))
        .map(|a| lib.actors.get(a).map_or(a.as_str(), |p| p.name.as_str()))
        .collect();
    let yaml = lb
        .file
        .map
        .text()
        .trim_start_matches('\u{feff}')
        .starts_with("---");
    let line = if yaml {
        format!("same_as: \"{target}\"")
    } else {
        format!("same_as = \"{target}\"")
    };
    diags.push(
        lb.file
            .map
            .warning_at(
                le.at,
                format!(
                    "this event looks like `{target}` ({}:{}): same date, both name {}, similar titles",
                    eb.file.path.display(),
                    eb.file.map.pos(ee.at).line,
                    shared.join(", "),
                ),
            )
            .with_hint(format!(
                "if they are one real-world event, add `{line}` to this event and remove the keys it repeats; if not, tell them apart in their titles"
            )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_by_their_words() {
        let w = |s: &str| title_words(s).words;
        assert_eq!(
            w("The Rare-Earth rules take effect"),
            ["earth", "effec", "rare", "rules", "take"]
        );
        let cases = [
            (
                "China's rules take effect",
                "China's rules take effect",
                1.0,
            ),
            (
                "Seven rare earths licensed",
                "Licences for seven rare earths",
                1.0,
            ),
            (
                "Beijing says rules are new",
                "Beijing rules take effect",
                0.4,
            ),
            ("Port proposal goes public", "First shipment leaves", 0.0),
            ("", "", 0.0),
        ];
        for (a, b, want) in cases {
            let got = similarity(&w(a), &w(b));
            assert!((got - want).abs() < 1e-9, "{a} / {b}: {got}");
        }
    }

    #[test]
    fn titles_with_different_numbers_are_different_events() {
        let cases = [
            (
                "Round 2 of the talks opens",
                "Round 3 of the talks opens",
                false,
            ),
            (
                "Event 9 of briefing 1107",
                "Event 3 of briefing 4465",
                false,
            ),
            ("Event 1 of briefing 393", "Event 1 of briefing 5448", false),
            (
                "Trade tops 23 billion",
                "Trade tops 23 billion in 2024",
                true,
            ),
            (
                "Trade tops 23 billion",
                "Trade tops 23 billion dollars",
                true,
            ),
            ("Tariffs of 34% announced", "Tariffs announced", true),
        ];
        for (a, b, want) in cases {
            assert_eq!(similar(&title_words(a), &title_words(b)), want, "{a} / {b}");
        }
    }
}
