//! The page budget: the one rule by which every long list is split, so that
//! no HTML page passes `[pagination] page_kb` (300 KB by default) however
//! large the site grows.
//!
//! A list may fill [`list_budget`] of a page, two thirds of the budget,
//! leaving the rest to the page around it (head, navigation, filters,
//! charts). Its size is the bytes of its items as written (an event's
//! `event.html` fragment) or, for rows built by the template, an estimate
//! from the text they print ([`row_size`]).
//!
//! - A list of events over the list budget (half of it on actor pages,
//!   whose events bring their briefings and sources to the lists beside
//!   them; timeline pages print no filter choices, which come from
//!   `/timeline/choices.json`) is split by year; a year over it is cut, in date order, into
//!   pages that each fill at most that budget (the year page is the first;
//!   every page links the others by the months they cover, and the month
//!   links point into the page that holds each month).
//! - A flat list (`/sources/`, `/actors/`, `/tags/`) over the list budget
//!   is cut, in order, into pages that each fill at most the list budget
//!   ([`runs`]), each page named by its first and last row
//!   ([`index_pages`]).
//!
//! `docs/templates.md` ("The page budget") says the same for theme authors.

use std::ops::Range;

use super::{Ctx, Fragment};

/// What a list may take of a page, in bytes.
pub(crate) fn list_budget(ctx: &Ctx) -> usize {
    ctx.site.config.page_budget / 3 * 2
}

/// What an actor page's events may take: half the list budget, since each
/// event brings its briefing and sources to the lists beside it.
pub(crate) fn actor_list_budget(ctx: &Ctx) -> usize {
    list_budget(ctx) / 2
}

/// True when the events at `positions`, as `fragment` prints them, are
/// more than `budget` allows.
pub(crate) fn over(ctx: &Ctx, positions: &[usize], budget: usize, fragment: Fragment) -> bool {
    positions
        .iter()
        .map(|&p| fragment.len(&ctx.events[p]))
        .sum::<usize>()
        > budget
}

/// An estimate of a row the template writes from `texts`: each text is
/// printed once, escaped, with ~40 bytes of markup around it.
pub(crate) fn row_size<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts.into_iter().map(|t| t.len() + t.len() / 8 + 40).sum()
}

/// Cuts a list of items of the given sizes into consecutive runs, each as
/// long as fits `budget`; an item over the budget has a run of its own.
/// An empty list is one empty run, so that its page still exists.
pub(crate) fn runs(sizes: &[usize], budget: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && used + size > budget {
            out.push(start..i);
            (start, used) = (i, 0);
        }
        used += size;
    }
    out.push(start..sizes.len());
    out
}

/// A page of an index cut into runs: its number, link, the names of its
/// first and last rows, and whether it is the page shown.
#[derive(serde::Serialize)]
pub(crate) struct IndexPage<'a> {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) first: &'a str,
    pub(crate) last: &'a str,
    pub(crate) current: bool,
}

/// The links to every page of an index cut into `runs` (none when there is
/// only one), `name` naming each row and `url` each page (from 1).
pub(crate) fn index_pages<'a>(
    runs: &[Range<usize>],
    current: usize,
    name: impl Fn(usize) -> &'a str,
    url: impl Fn(usize) -> String,
) -> Vec<IndexPage<'a>> {
    if runs.len() < 2 {
        return Vec::new();
    }
    runs.iter()
        .enumerate()
        .map(|(i, r)| IndexPage {
            number: i + 1,
            url: url(i + 1),
            first: name(r.start),
            last: name(r.end.saturating_sub(1)),
            current: i + 1 == current,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn runs_fill_the_budget_in_order_and_keep_big_items_alone() {
        assert_eq!(runs(&[], 10), vec![0..0]);
        assert_eq!(runs(&[4, 4, 4], 10), vec![0..2, 2..3]);
        assert_eq!(runs(&[4, 30, 4, 6], 10), vec![0..1, 1..2, 2..4]);
        assert_eq!(runs(&[10, 10], 10), vec![0..1, 1..2]);
    }
}
