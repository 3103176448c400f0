//! An event's line as each of its actors' pages prints it: the line of
//! `event_line.html` without the page's own actor.
//!
//! With the default `event_line.html` the line is rendered once and the
//! per-actor lines are cut from it: the actor list ` <span><a …>A</a>,
//! <a …>B</a></span>` is found in the line and each actor page joins the
//! parts around it, leaving its actor out (and the whole list when it was
//! the only one). That is byte for byte what the template prints with
//! `omit`, for no extra render (at 10,000 briefings ~190,000 of them).
//! A site's own `event_line.html` is rendered once more per actor with
//! `omit`, as it may print the list in its own way.

use std::ops::Range;

use crate::text::escape_html;

/// How an event's line is printed without one of its actors.
#[derive(Debug, Clone, Default)]
pub enum ActorLines {
    /// Without actors: the line as it is.
    #[default]
    None,
    /// Where the actor list and each actor's link sit in the line.
    Parts {
        list: Range<usize>,
        links: Vec<Range<usize>>,
    },
    /// Per actor of the event, the line rendered with `omit`.
    Rendered(Vec<String>),
}

impl ActorLines {
    /// Finds the actor list of the default `event_line.html` in `line`,
    /// given each actor's URL and name; `None` when it is not there as the
    /// default template prints it.
    pub(crate) fn locate<'a>(
        line: &str,
        actors: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Option<ActorLines> {
        let links: Vec<String> = actors
            .map(|(url, name)| {
                format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(name))
            })
            .collect();
        if links.is_empty() {
            return Some(ActorLines::None);
        }
        let list = format!(" <span>{}</span>", links.join(", "));
        let start = line.find(&list)?;
        let mut at = start + " <span>".len();
        let ranges = links
            .iter()
            .map(|l| {
                let r = at..at + l.len();
                at = r.end + ", ".len();
                r
            })
            .collect();
        Some(ActorLines::Parts {
            list: start..start + list.len(),
            links: ranges,
        })
    }

    /// The length of `line` without actor `i` (the line's own when `i` is
    /// not one of its actors).
    pub(crate) fn len_without(&self, line: &str, i: Option<usize>) -> usize {
        match (self, i) {
            (ActorLines::Parts { list, links }, Some(i)) if i < links.len() => {
                if links.len() == 1 {
                    line.len() - list.len()
                } else {
                    line.len() - links[i].len() - ", ".len()
                }
            }
            (ActorLines::Rendered(lines), Some(i)) if i < lines.len() => lines[i].len(),
            _ => line.len(),
        }
    }

    /// Appends `line` without actor `i` to `out`.
    pub(crate) fn push_without(&self, line: &str, i: Option<usize>, out: &mut String) {
        match (self, i) {
            (ActorLines::Parts { list, links }, Some(i)) if i < links.len() => {
                if links.len() == 1 {
                    out.push_str(&line[..list.start]);
                    out.push_str(&line[list.end..]);
                    return;
                }
                let first = links[0].start;
                out.push_str(&line[..first]);
                let mut sep = false;
                for (j, l) in links.iter().enumerate() {
                    if j == i {
                        continue;
                    }
                    if sep {
                        out.push_str(", ");
                    }
                    out.push_str(&line[l.clone()]);
                    sep = true;
                }
                out.push_str(&line[links[links.len() - 1].end..]);
            }
            (ActorLines::Rendered(lines), Some(i)) if i < lines.len() => out.push_str(&lines[i]),
            _ => out.push_str(line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line without actor `i`, as an actor page prints it.
    fn without(line: &str, lines: &ActorLines, i: usize) -> String {
        let mut out = String::new();
        lines.push_without(line, Some(i), &mut out);
        assert_eq!(out.len(), lines.len_without(line, Some(i)), "{out}");
        out
    }

    #[test]
    fn each_actor_is_cut_from_the_list_as_the_template_leaves_it_out() {
        let line = "<li><time>2025</time> <a href=\"/b/#e\">T</a> <span><a href=\"/actors/a/\">A</a>, \
                    <a href=\"/actors/b/\">B &amp; C</a>, <a href=\"/actors/d/\">D</a></span> <span class=\"reported\">2</span></li>";
        let actors = [
            ("/actors/a/", "A"),
            ("/actors/b/", "B & C"),
            ("/actors/d/", "D"),
        ];
        let lines = ActorLines::locate(line, actors.into_iter()).expect("the list is found");
        let head = "<li><time>2025</time> <a href=\"/b/#e\">T</a> <span>";
        let tail = "</span> <span class=\"reported\">2</span></li>";
        let (a, b, d) = (
            "<a href=\"/actors/a/\">A</a>",
            "<a href=\"/actors/b/\">B &amp; C</a>",
            "<a href=\"/actors/d/\">D</a>",
        );
        assert_eq!(without(line, &lines, 0), format!("{head}{b}, {d}{tail}"));
        assert_eq!(without(line, &lines, 1), format!("{head}{a}, {d}{tail}"));
        assert_eq!(without(line, &lines, 2), format!("{head}{a}, {b}{tail}"));
        // Not one of its actors: the line as it is.
        let mut out = String::new();
        lines.push_without(line, None, &mut out);
        assert_eq!(out, line);
    }

    #[test]
    fn an_only_actor_takes_its_list_with_it_and_a_list_printed_otherwise_is_not_found() {
        let line = "<li><a href=\"/b/#e\">T</a> <span><a href=\"/actors/a/\">A</a></span></li>";
        let lines = ActorLines::locate(line, [("/actors/a/", "A")].into_iter()).expect("found");
        assert_eq!(without(line, &lines, 0), "<li><a href=\"/b/#e\">T</a></li>");
        let other =
            "<li><a href=\"/b/#e\">T</a> <ul><li><a href=\"/actors/a/\">A</a></li></ul></li>";
        assert!(ActorLines::locate(other, [("/actors/a/", "A")].into_iter()).is_none());
    }
}
