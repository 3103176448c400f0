//! Small charts drawn at build time as inline SVG, readable without
//! JavaScript and described for screen readers: the timeline's events per
//! month (each bar a link to its month), an actor's activity sparkline, and
//! the network of the actors an actor appears with.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::render::views::{EventView, Urls};
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

/// The event-density strip of the timeline: one linked bar per month.
pub fn density(events: &[EventView], positions: &[usize], urls: &Urls) -> String {
    let months = per_month(events, positions);
    if months.is_empty() {
        return String::new();
    }
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let bar = 8;
    let height = 48;
    let width = months.len() * bar;
    let ((y0, m0), _) = months[0];
    let ((y1, m1), _) = months[months.len() - 1];
    let label = format!(
        "Events per month, {} {y0} to {} {y1}; busiest month has {max} events",
        MONTHS[usize::from(m0) - 1],
        MONTHS[usize::from(m1) - 1]
    );
    let mut s = format!(
        "<svg class=\"density\" viewBox=\"0 0 {width} {}\" width=\"100%\" height=\"{}\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"density-title\"><title id=\"density-title\">{}</title>",
        height + 2,
        height + 2,
        escape_html(&label)
    );
    for (i, ((y, m), n)) in months.iter().enumerate() {
        let h = if *n == 0 {
            0
        } else {
            (n * height / max).max(2)
        };
        let x = i * bar;
        let month_name = MONTHS[usize::from(*m) - 1];
        let plural = if *n == 1 { "" } else { "s" };
        // A month without events has no anchor on the page to link to.
        if *n == 0 {
            let _ = write!(
                s,
                "<g class=\"bar empty\"><title>{month_name} {y}: no events</title><rect x=\"{x}\" y=\"0\" width=\"{bar}\" height=\"{height}\" fill=\"transparent\"/></g>"
            );
            continue;
        }
        let _ = write!(
            s,
            "<a class=\"bar\" href=\"{}#y{y}-m{m:02}\"><title>{month_name} {y}: {n} event{plural}</title><rect x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"transparent\"/><rect class=\"fill\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\"/></a>",
            escape_html(&urls.timeline_year(*y)),
            x,
            bar,
            height,
            x + 1,
            height - h,
            bar - 2,
        );
    }
    s.push_str("</svg>");
    s
}

/// An actor's events per month as a sparkline.
pub fn sparkline(events: &[EventView], positions: &[usize], name: &str) -> String {
    let months = per_month(events, positions);
    if months.len() < 2 {
        return String::new();
    }
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let step = 6.0;
    let h = 30.0;
    let points: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                h - (*n as f64 / max) * (h - 2.0) - 1.0
            )
        })
        .collect();
    let ((y0, m0), _) = months[0];
    let ((y1, m1), _) = months[months.len() - 1];
    let total: usize = months.iter().map(|(_, n)| n).sum();
    let label = format!(
        "Activity of {name}: {total} dated events from {} {y0} to {} {y1}, at most {} in a month",
        MONTHS[usize::from(m0) - 1],
        MONTHS[usize::from(m1) - 1],
        max as usize
    );
    format!(
        "<svg class=\"sparkline\" viewBox=\"0 0 {:.0} {h}\" width=\"100%\" height=\"{h}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\"><title>{}</title><polyline points=\"{}\"/></svg>",
        (months.len() - 1) as f64 * step,
        escape_html(&label),
        escape_html(&label),
        points.join(" ")
    )
}

/// The actor at the centre, its co-actors around it; line width by count.
pub fn network(site: &Site, urls: &Urls, id: &str) -> String {
    let Some(list) = site.index.co_actors.get(id) else {
        return String::new();
    };
    let list: Vec<_> = list.iter().take(8).collect();
    if list.is_empty() {
        return String::new();
    }
    let name = site.library.actors.get(id).map_or(id, |a| a.name.as_str());
    let max = list.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let (cx, cy, r) = (160.0, 110.0, 80.0);
    let names: Vec<String> = list
        .iter()
        .map(|(o, n)| {
            format!(
                "{} ({n})",
                site.library
                    .actors
                    .get(o)
                    .map_or(o.as_str(), |a| a.name.as_str())
            )
        })
        .collect();
    let label = format!("{name} appears most often with {}", names.join(", "));
    let mut s = format!(
        "<svg class=\"network\" viewBox=\"0 0 320 220\" width=\"100%\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape_html(&label),
        escape_html(&label)
    );
    let mut nodes = String::new();
    for (i, (other, n)) in list.iter().enumerate() {
        let angle =
            std::f64::consts::TAU * i as f64 / list.len() as f64 - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + r * angle.cos(), cy + r * angle.sin());
        let w = 1.0 + 4.0 * (*n as f64 / max);
        let _ = write!(
            s,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{w:.1}\"/>"
        );
        let other_name = site
            .library
            .actors
            .get(other)
            .map_or(other.as_str(), |a| a.name.as_str());
        let short: String = other_name.chars().take(18).collect();
        let anchor = if x < cx - 5.0 {
            "end"
        } else if x > cx + 5.0 {
            "start"
        } else {
            "middle"
        };
        let dx = if anchor == "end" {
            -8.0
        } else if anchor == "start" {
            8.0
        } else {
            0.0
        };
        let dy = if anchor == "middle" {
            if y < cy {
                -8.0
            } else {
                16.0
            }
        } else {
            4.0
        };
        let _ = write!(
            nodes,
            "<a href=\"{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></a>",
            escape_html(&urls.actor(other)),
            x + dx,
            y + dy,
            escape_html(&short)
        );
    }
    let _ = write!(
        s,
        "{nodes}<circle class=\"centre\" cx=\"{cx}\" cy=\"{cy}\" r=\"8\"/></svg>"
    );
    s
}
