//! The search tokeniser: how text becomes index terms and how a query
//! becomes query terms. The same rules are implemented twice, here for the
//! index and in `themes/default/static/js/search-tokens.js` for the query;
//! a test feeds the same strings through both (`node` runs the script) and
//! requires identical output. A change here is a change there.
//!
//! The rules, in order:
//!
//! 1. **Fold**: lower-case; compatibility-decompose (NFKD); drop every
//!    combining mark (accents, Arabic harakat, hamza above and below) and
//!    the tatweel `ـ`; unify Arabic-script letter variants (`ٱ` → `ا`;
//!    `ى ی` → `ي`; `ک ڪ` → `ك`; `ہ ھ ە ة` → `ه`; Arabic-Indic and Persian
//!    digits → ASCII digits); recompose (NFC, so Hangul syllables stay one
//!    character each).
//! 2. **Words**: maximal runs of letters and digits (Unicode `Alphabetic`
//!    or `Numeric`); everything else separates words.
//! 3. **Unspaced scripts** (Han, Hiragana, Katakana, Hangul, Thai, Lao,
//!    Khmer, Myanmar) are written without spaces: inside a word, each run
//!    of them is cut out and indexed as every single character plus every
//!    overlapping pair (`稀土加工` → `稀 土 加 工 稀土 土加 加工`). A query
//!    run becomes its pairs, or the character alone when it is one
//!    (`稀土加工` → `稀土 土加 加工`), and such terms match exactly.
//! 4. **Prefixes**: a query word of at least [`MIN_PREFIX`] characters
//!    matches every index word it begins (`port` finds `ports`); shorter
//!    words match exactly.
//!
//! Unicode's word-boundary algorithm (UAX #29) is not used: the browser's
//! `Intl.Segmenter` follows dictionaries for Chinese and Thai that the
//! Rust implementations do not have, so index and query would cut text
//! differently. Runs of letters and digits are defined the same way in
//! both languages' standard libraries.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};

/// Query words shorter than this (in characters) match whole words only.
pub(crate) const MIN_PREFIX: usize = 3;

/// One query term. Queries are tokenised by the script; this side of the
/// rules exists for the test that compares the two.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryTerm {
    pub text: String,
    /// Whether the term also matches longer index terms it begins.
    pub prefix: bool,
}

/// Text folded for matching (rule 1).
pub(crate) fn fold(text: &str) -> String {
    text.to_lowercase()
        .nfkd()
        .filter(|&c| !is_combining_mark(c) && c != '\u{640}')
        .map(unify)
        .nfc()
        .collect()
}

/// One Arabic-script letter or digit in its unified form.
fn unify(c: char) -> char {
    match c {
        '\u{671}' => '\u{627}',
        '\u{649}' | '\u{6cc}' => '\u{64a}',
        '\u{6a9}' | '\u{6aa}' => '\u{643}',
        '\u{6c1}' | '\u{6be}' | '\u{6d5}' | '\u{629}' => '\u{647}',
        '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
        '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
        _ => c,
    }
}

fn is_unspaced(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Hangul
            | Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
    )
}

/// A piece of folded text: a word of spaced script, or a run of an
/// unspaced one.
enum Piece<'a> {
    Word(&'a str),
    Run(&'a str),
}

/// The words and unspaced runs of folded text, in order (rules 2 and 3).
fn pieces(folded: &str, mut f: impl FnMut(Piece)) {
    // (start, unspaced) of the piece being read.
    let mut open: Option<(usize, bool)> = None;
    let close = |open: Option<(usize, bool)>, end: usize, f: &mut dyn FnMut(Piece)| {
        if let Some((start, unspaced)) = open {
            let s = &folded[start..end];
            f(if unspaced {
                Piece::Run(s)
            } else {
                Piece::Word(s)
            });
        }
    };
    for (i, c) in folded.char_indices() {
        if !c.is_alphanumeric() {
            close(open.take(), i, &mut f);
            continue;
        }
        let unspaced = is_unspaced(c);
        match open {
            Some((_, u)) if u == unspaced => {}
            _ => {
                close(open.take(), i, &mut f);
                open = Some((i, unspaced));
            }
        }
    }
    close(open, folded.len(), &mut f);
}

/// Every index term of `text`, in order, repeats included (rules 1–3).
pub(crate) fn index_terms(text: &str, mut f: impl FnMut(&str)) {
    let folded = fold(text);
    pieces(&folded, |p| match p {
        Piece::Word(w) => f(w),
        Piece::Run(r) => {
            let chars: Vec<(usize, char)> = r.char_indices().collect();
            for (k, &(at, c)) in chars.iter().enumerate() {
                f(&r[at..at + c.len_utf8()]);
                if let Some(&(next, n)) = chars.get(k + 1) {
                    f(&r[at..next + n.len_utf8()]);
                }
            }
        }
    });
}

/// The terms of a query, without repeats, in order (rules 1–4).
#[cfg(test)]
pub(crate) fn query_terms(query: &str) -> Vec<QueryTerm> {
    let folded = fold(query);
    let mut out: Vec<QueryTerm> = Vec::new();
    let mut add = |text: &str, prefix: bool| {
        if !out.iter().any(|t| t.text == text) {
            out.push(QueryTerm {
                text: text.to_string(),
                prefix,
            });
        }
    };
    pieces(&folded, |p| match p {
        Piece::Word(w) => add(w, w.chars().count() >= MIN_PREFIX),
        Piece::Run(r) => {
            let chars: Vec<(usize, char)> = r.char_indices().collect();
            if chars.len() == 1 {
                add(r, false);
            }
            for pair in chars.windows(2) {
                let (at, _) = pair[0];
                let (next, n) = pair[1];
                add(&r[at..next + n.len_utf8()], false);
            }
        }
    });
    out
}

#[cfg(test)]
mod tests;
