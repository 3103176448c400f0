//! Plain-text summaries from Markdown: a briefing's first paragraph, or
//! the `summary` an editor wrote in front matter, as one line of text for
//! meta descriptions, feed summaries, JSON-LD and search results.
//!
//! Markup never survives: emphasis and code lose their `*`, `_` and
//! backticks (pulldown-cmark gives their text alone), links keep their
//! text, raw HTML is dropped, and where a citation (`[@s1]`) or footnote
//! (`[^1]`) mark is removed the space before it goes too when punctuation
//! follows (`word [^1].` → `word.`). A heading ends with a full stop unless
//! it already ends with punctuation, so it never runs into the text after
//! it (`## A` + `para` → `A. para`).

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Characters that close a phrase: no space goes before them.
const CLOSING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', '،', '؛', '؟', '۔', '。', '，',
];

/// A summary gathered a piece at a time.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    text: String,
    /// A mark was removed since the last text.
    removed: bool,
}

impl Summary {
    /// Appends text as written.
    pub(crate) fn push(&mut self, t: &str) {
        if std::mem::take(&mut self.removed) && t.starts_with(CLOSING) {
            self.text.truncate(self.text.trim_end().len());
        }
        self.text.push_str(t);
    }

    /// A line break or a block boundary: words on either side stay apart.
    pub(crate) fn space(&mut self) {
        self.text.push(' ');
    }

    /// A citation or footnote mark was left out here.
    pub(crate) fn removed_mark(&mut self) {
        self.removed = true;
    }

    /// Ends a heading: a full stop unless it ends with punctuation.
    fn end_heading(&mut self) {
        let trimmed = self.text.trim_end();
        if trimmed.chars().last().is_some_and(char::is_alphanumeric) {
            self.text.truncate(trimmed.len());
            self.text.push('.');
        }
        self.space();
    }

    /// The text with whitespace collapsed.
    pub(crate) fn finish(self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A front-matter `summary` with its Markdown reduced to plain text.
pub(crate) fn plain(markdown: &str) -> String {
    let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
        let r = link.reference.trim();
        r.starts_with('@')
            .then(|| (CowStr::from("@cite"), CowStr::from("")))
    };
    let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let markdown = without_footnote_marks(markdown);
    let parser = Parser::new_with_broken_link_callback(&markdown, options, Some(&mut callback));
    let mut out = Summary::default();
    let mut citation = 0usize;
    for event in parser {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == "@cite" => {
                citation += 1;
            }
            Event::End(TagEnd::Link) if citation > 0 => {
                citation -= 1;
                out.removed_mark();
            }
            _ if citation > 0 => {}
            Event::Text(t) | Event::Code(t) => out.push(&t),
            Event::FootnoteReference(_) => out.removed_mark(),
            Event::End(TagEnd::Heading(_)) => out.end_heading(),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => out.space(),
            _ => {}
        }
    }
    out.finish()
}

/// `markdown` without `[^1]` marks, which pulldown-cmark leaves as text
/// when there is no footnote to match (front matter never has one), and
/// without the space before one when punctuation follows.
fn without_footnote_marks(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("[^") {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("[^") {
        let Some(len) = rest[at..].find(']') else {
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + len + 1..];
        if rest.starts_with(CLOSING) {
            out.truncate(out.trim_end().len());
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_lose_markup_marks_and_the_space_before_punctuation() {
        for (md, want) in [
            ("The **ministry** said *no*.", "The ministry said no."),
            ("A __strong__ and _light_ claim", "A strong and light claim"),
            ("Uses `ABC-1` codes", "Uses ABC-1 codes"),
            ("A [link](https://x.example) here", "A link here"),
            (
                "Cited [@s1]. Twice [@s1; @s2], then more",
                "Cited. Twice, then more",
            ),
            ("A footnote [^1]. Another [^note]!", "A footnote. Another!"),
            ("Keep [^1] inside a sentence", "Keep inside a sentence"),
            ("## Background\nThe rest", "Background. The rest"),
            ("# Why?\n\nBecause", "Why? Because"),
            ("Line one\nline two", "Line one line two"),
            ("Raw <b>html</b> dropped", "Raw html dropped"),
            ("پاکستان [^1]۔", "پاکستان۔"),
            ("", ""),
        ] {
            assert_eq!(plain(md), want, "{md:?}");
        }
    }
}
