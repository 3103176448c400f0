//! Small charts drawn at build time as inline SVG, readable without
//! JavaScript and described for screen readers: the timeline's events per
//! month (each bar a link to its month), an actor's activity sparkline, and
//! the network of the actors an actor appears with.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::render::views::EventView;
use crate::route::{Route, Urls};
use crate::text::escape_html;
use crate::Site;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Events per month over the span of `positions`; months without a known
/// month are left out. Returns "" when there is nothing to draw.
fn per_month(events: &[EventView], positions: &[usize]) -> Vec<((i32, u8), usize)> {
    let mut counts: BTreeMap<(i32, u8), usize> = BTreeMap::new();
    for &p in positions {
        let d = &events[p].date;
        if let Some(m) = d.month {
            *counts.entry((d.year, m)).or_default() += 1;
        }
    }
    let (Some(first), Some(last)) = (
        counts.keys().next().copied(),
        counts.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push(((y, m), counts.get(&(y, m)).copied().unwrap_or(0)));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// Formats a percentage for an SVG coordinate (`12.5%`).
fn pct(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// The event-density strip of the timeline: one bar per month, each month
/// with events a link to its heading on the year page. The SVG has no
/// viewBox: x positions are percentages of its width and heights are pixels,
/// so it keeps its height at any width and its labels are never stretched.
pub fn density(events: &[EventView], positions: &[usize], urls: &Urls) -> String {
    let months = per_month(events, positions);
    if months.is_empty() {
        return String::new();
    }
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let (top, base) = (18.0, 72.0);
    let slot = 100.0 / months.len() as f64;
    let ((y0, m0), _) = months[0];
    let ((y1, m1), _) = months[months.len() - 1];
    let busiest = months
        .iter()
        .find(|(_, n)| *n == max)
        .map(|((y, m), _)| format!("{} {y}", MONTHS[usize::from(*m) - 1]))
        .unwrap_or_default();
    let label = format!(
        "Events per month, {} {y0} to {} {y1}; the busiest month, {busiest}, has {max} event{}. Each month with events is a link to it.",
        MONTHS[usize::from(m0) - 1],
        MONTHS[usize::from(m1) - 1],
        if max == 1 { "" } else { "s" }
    );
    let mut s = format!(
        "<svg class=\"density\" width=\"100%\" height=\"98\" role=\"group\" aria-label=\"{}\" data-months=\"{}\">\
<line class=\"grid\" x1=\"0\" x2=\"100%\" y1=\"{top}\" y2=\"{top}\"/><text class=\"scale\" x=\"100%\" y=\"{}\" text-anchor=\"end\" aria-hidden=\"true\">{max} a month</text>",
        escape_html(&label),
        months.len(),
        top - 5.0
    );
    let years = y1 - y0 + 1;
    let every = (years + 11) / 12;
    for (i, ((y, m), n)) in months.iter().enumerate() {
        let x = i as f64 * slot;
        if *m == 1 || i == 0 {
            let _ = write!(
                s,
                "<line class=\"tick\" x1=\"{}\" x2=\"{}\" y1=\"{base}\" y2=\"{}\"/>",
                pct(x),
                pct(x),
                base + 8.0
            );
            // Label a year at its January, and the first year when there is
            // room before the next January.
            let room = *m == 1 || 13 - i32::from(*m) >= 3 || months.len() < 3;
            if room && (y - y0) % every == 0 {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" dx=\"3\">{y}</text>",
                    pct(x),
                    base + 20.0
                );
            }
        }
        if *n == 0 {
            continue;
        }
        let h = ((*n as f64 / max as f64) * (base - top)).max(3.0);
        let month_name = MONTHS[usize::from(*m) - 1];
        let plural = if *n == 1 { "" } else { "s" };
        let _ = write!(
            s,
            "<a class=\"bar\" href=\"{}#y{y}-m{m:02}\"><title>{month_name} {y}: {n} event{plural}</title><rect class=\"hit\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\"/><rect class=\"fill\" x=\"{}\" y=\"{:.1}\" width=\"{}\" height=\"{h:.1}\"/></a>",
            escape_html(&urls.to(Route::TimelineYear(*y))),
            pct(x),
            pct(slot),
            base,
            pct(x + slot * 0.12),
            base - h,
            pct(slot * 0.76),
        );
    }
    let _ = write!(
        s,
        "<line class=\"axis\" x1=\"0\" x2=\"100%\" y1=\"{base}\" y2=\"{base}\"/></svg>"
    );
    s
}

/// An actor's events per month as a sparkline: an area under a line, the
/// first and last month written under it.
pub fn sparkline(events: &[EventView], positions: &[usize], name: &str) -> String {
    let months = per_month(events, positions);
    if months.len() < 2 {
        return String::new();
    }
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let step = 10.0;
    let h = 56.0;
    let width = (months.len() - 1) as f64 * step;
    // The points once, joined by " L" for the area's path; the polyline
    // takes the same list joined by spaces.
    let mut area = String::with_capacity(months.len() * 12);
    for (i, (_, n)) in months.iter().enumerate() {
        if i > 0 {
            area.push_str(" L");
        }
        let _ = write!(
            area,
            "{:.1},{:.1}",
            i as f64 * step,
            h - (*n as f64 / max) * (h - 3.0)
        );
    }
    let line = area.replace(" L", " ");
    let ((y0, m0), _) = months[0];
    let ((y1, m1), _) = months[months.len() - 1];
    let total: usize = months.iter().map(|(_, n)| n).sum();
    let first = format!("{} {y0}", MONTHS[usize::from(m0) - 1]);
    let last = format!("{} {y1}", MONTHS[usize::from(m1) - 1]);
    let label = format!(
        "Activity of {name}: {total} dated events from {first} to {last}, at most {} in a month",
        max as usize
    );
    format!(
        "<svg class=\"sparkline\" width=\"100%\" height=\"74\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>\
<svg x=\"0\" y=\"0\" width=\"100%\" height=\"{h}\" viewBox=\"0 0 {width:.0} {h}\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
<path class=\"area\" d=\"M0,{h} L{} L{width:.0},{h} Z\"/><polyline class=\"line\" points=\"{}\"/>\
<line class=\"base\" x1=\"0\" x2=\"{width:.0}\" y1=\"{h}\" y2=\"{h}\"/></svg>\
<text x=\"0\" y=\"72\">{first}</text><text x=\"100%\" y=\"72\" text-anchor=\"end\">{last}</text></svg>",
        area,
        line,
        label = escape_html(&label),
    )
}

/// The label of a node: the name when it is short, else its longest short
/// alias, else the name wrapped on words into at most three short lines (the
/// last cut with an ellipsis).
fn node_label(site: &Site, id: &str, name: &str) -> Vec<String> {
    const WIDTH: usize = 16;
    if name.chars().count() <= WIDTH {
        return vec![name.to_string()];
    }
    if let Some(alias) = site.library.actors.get(id).and_then(|a| {
        a.aliases
            .iter()
            // In the name's script, roughly: no non-ASCII alias for an ASCII name.
            .filter(|x| x.chars().count() <= WIDTH && (x.is_ascii() || !name.is_ascii()))
            .max_by_key(|x| x.chars().count())
    }) {
        return vec![alias.clone()];
    }
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= WIDTH => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.chars().take(WIDTH).collect()),
        }
    }
    if lines.len() > 3 {
        lines.truncate(3);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// The actor at the centre, its co-actors around it; line width and node
/// size by how often they appear together. Each co-actor is a link.
pub fn network(site: &Site, urls: &Urls, id: &str) -> String {
    let Some(list) = site.index.co_actors.get(id) else {
        return String::new();
    };
    let list: Vec<_> = list.iter().take(8).collect();
    if list.is_empty() {
        return String::new();
    }
    let actor_name = |o: &str| -> String {
        site.library
            .actors
            .get(o)
            .map_or(o, |a| a.name.as_str())
            .to_string()
    };
    let name = actor_name(id);
    let max = list.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let (cx, cy, rx, ry) = (200.0, 125.0, 62.0, 90.0);
    let names: Vec<String> = list
        .iter()
        .map(|(o, n)| format!("{} ({n})", actor_name(o)))
        .collect();
    let label = format!(
        "{name} appears most often with {}; the number is how many briefings and events they share",
        names.join(", ")
    );
    let mut s = format!(
        "<svg class=\"network\" viewBox=\"0 0 400 250\" width=\"400\" height=\"250\" role=\"group\" aria-label=\"{}\">",
        escape_html(&label)
    );
    let mut nodes = String::new();
    for (i, (other, n)) in list.iter().enumerate() {
        let angle =
            std::f64::consts::TAU * i as f64 / list.len() as f64 - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + rx * angle.cos(), cy + ry * angle.sin());
        let share = *n as f64 / max;
        let w = 1.0 + 4.0 * share;
        let _ = write!(
            s,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{w:.1}\"/>"
        );
        let other_name = actor_name(other);
        let lines = node_label(site, other, &other_name);
        // The accessible name holds what is shown: an alias, then the name.
        let accessible = if lines.len() == 1 && lines[0] != other_name {
            format!("{}, {other_name}", lines[0])
        } else {
            other_name.clone()
        };
        let (anchor, dx, dy) = if x < cx - 5.0 {
            ("end", -11.0, 5.0 - 8.0 * (lines.len() - 1) as f64)
        } else if x > cx + 5.0 {
            ("start", 11.0, 5.0 - 8.0 * (lines.len() - 1) as f64)
        } else if y < cy {
            ("middle", 0.0, -12.0 - 16.0 * (lines.len() - 1) as f64)
        } else {
            ("middle", 0.0, 24.0)
        };
        let mut text = String::new();
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                text,
                "<tspan x=\"{:.1}\"{}>{}</tspan>",
                x + dx,
                if k == 0 {
                    String::new()
                } else {
                    " dy=\"16\"".to_string()
                },
                // A space between lines keeps the words apart in the text content.
                escape_html(&if k + 1 < lines.len() {
                    format!("{line} ")
                } else {
                    line.clone()
                })
            );
        }
        let plural = if *n == 1 { "" } else { "s" };
        let _ = write!(
            nodes,
            "<a href=\"{}\" aria-label=\"{}, {n} shared\"><title>{}: {n} shared briefing{plural} or event{plural}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{text}</text></a>",
            escape_html(&urls.to(Route::Actor(other))),
            escape_html(&accessible),
            escape_html(&other_name),
            4.0 + 3.0 * share,
            x + dx,
            y + dy,
        );
    }
    let mut centre: String = name.chars().take(24).collect();
    if name.chars().count() > 24 {
        centre = format!("{}…", centre.trim_end());
    }
    let _ = write!(
        s,
        "<circle class=\"centre\" cx=\"{cx}\" cy=\"{cy}\" r=\"9\"/><text class=\"centre-label\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text>{nodes}</svg>",
        cy + 26.0,
        escape_html(&centre)
    );
    s
}
