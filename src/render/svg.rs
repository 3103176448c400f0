//! Small charts drawn at build time as inline SVG, readable without
//! JavaScript and described for screen readers: the timeline's events per
//! month (each bar a link to its month), and an actor's activity per year.
//! Their words are the theme's strings (`chart.*`), their months and digits
//! the language's ([`DateFormat`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::content::datefmt::DateFormat;
use crate::i18n::Strings;
use crate::render::views::EventView;
use crate::route::{Route, Urls};
use crate::text::escape_html;

/// The words of a chart's language.
pub struct Words<'a> {
    pub strings: &'a Strings,
    pub dates: &'a DateFormat,
}

impl Words<'_> {
    /// A year as an axis shows it: `2025` in the language's digits.
    fn year(&self, y: i32) -> String {
        usize::try_from(y).map_or_else(|_| y.to_string(), |u| self.dates.number(u))
    }

    /// The default theme's English words.
    #[cfg(test)]
    pub(crate) fn english() -> Words<'static> {
        Words {
            strings: Strings::english(),
            dates: DateFormat::english(),
        }
    }

    /// `Oct 2025: 3 events`: a bar's (or a map marker's) hover text.
    pub(crate) fn bar(&self, label: &str, n: usize) -> String {
        self.strings
            .get("chart.bar")
            .replace(
                "{count}",
                &self.strings.count("count.event", n, &self.dates.number(n)),
            )
            .replacen("{}", label, 1)
    }
}

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
pub fn density(events: &[EventView], positions: &[usize], urls: &Urls, w: &Words) -> String {
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
        .map(|((y, m), _)| w.dates.month_short(*y, *m))
        .unwrap_or_default();
    let label = w
        .strings
        .count("chart.density", max, &w.dates.number(max))
        .replace("{first}", &w.dates.month_short(y0, m0))
        .replace("{last}", &w.dates.month_short(y1, m1))
        .replace("{busiest}", &busiest);
    let mut s = format!(
        "<svg class=\"density\" width=\"100%\" height=\"98\" role=\"group\" aria-label=\"{}\" data-months=\"{}\">\
<line class=\"grid\" x1=\"0\" x2=\"100%\" y1=\"{top}\" y2=\"{top}\"/><text class=\"scale\" x=\"100%\" y=\"{}\" text-anchor=\"end\" aria-hidden=\"true\">{}</text>",
        escape_html(&label),
        months.len(),
        top - 5.0,
        escape_html(&w.strings.fill("chart.per_month", &w.dates.number(max)))
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
                    "<text x=\"{}\" y=\"{}\" dx=\"3\">{}</text>",
                    pct(x),
                    base + 20.0,
                    w.year(*y)
                );
            }
        }
        if *n == 0 {
            continue;
        }
        let h = ((*n as f64 / max as f64) * (base - top)).max(3.0);
        let _ = write!(
            s,
            "<a class=\"bar\" href=\"{}#y{y}-m{m:02}\"><title>{}</title><rect class=\"hit\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\"/><rect class=\"fill\" x=\"{}\" y=\"{:.1}\" width=\"{}\" height=\"{h:.1}\"/></a>",
            escape_html(&urls.to(Route::TimelineYear(*y))),
            escape_html(&w.bar(&w.dates.month_short(*y, *m), *n)),
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

/// A step for a count axis up to `max`: 1, 2 or 5 times a power of ten,
/// giving at most four ticks above zero.
fn tick_step(max: usize) -> usize {
    let mut step = 1;
    loop {
        for k in [1, 2, 5] {
            if max.div_ceil(step * k) <= 4 {
                return step * k;
            }
        }
        step *= 10;
    }
}

/// An actor's activity as a bar chart: one bar per year from its first
/// event's year to its last, counting every event of the year whatever its
/// precision (known to the day, the month or only the year), with a count
/// axis (ticks and grid lines) and the years under the bars. Like
/// [`density`], x positions are percentages and heights pixels, so the chart
/// keeps its height at any width. "" when there is nothing to draw.
pub fn activity(events: &[EventView], positions: &[usize], name: &str, w: &Words) -> String {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for &p in positions {
        *counts.entry(events[p].date.year).or_default() += 1;
    }
    let (Some(&y0), Some(&y1)) = (counts.keys().next(), counts.keys().next_back()) else {
        return String::new();
    };
    let max = counts.values().copied().max().unwrap_or(1).max(1);
    let step = tick_step(max);
    let top_tick = max.div_ceil(step) * step;
    let (top, base, left) = (8.0, 96.0, 10.0);
    let years = usize::try_from(y1 - y0 + 1).unwrap_or(1);
    let slot = (100.0 - left) / years as f64;
    let total: usize = counts.values().sum();
    let busiest = counts
        .iter()
        .find(|(_, &n)| n == max)
        .map_or(y0, |(&y, _)| y);
    let year = |y: i32| w.year(y);
    let label = escape_html(
        &w.strings
            .count("chart.activity", max, &w.dates.number(max))
            .replace("{first}", &year(y0))
            .replace("{last}", &year(y1))
            .replace("{total}", &w.dates.number(total))
            .replace("{busiest}", &year(busiest))
            .replace("{name}", name),
    );
    let mut s = format!(
        "<svg class=\"activity\" width=\"100%\" height=\"120\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>"
    );
    let y_of = |n: usize| base - (n as f64 / top_tick as f64) * (base - top);
    for t in (0..=top_tick).step_by(step) {
        let y = y_of(t);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{}\" x2=\"100%\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"scale\" x=\"0\" y=\"{:.1}\">{}</text>",
            pct(left),
            y + 4.0,
            w.dates.number(t)
        );
    }
    let every = years.div_ceil(6);
    for (i, y) in (y0..=y1).enumerate() {
        let x = left + i as f64 * slot;
        let mid = pct(x + slot / 2.0);
        if i % every == 0 {
            let _ = write!(
                s,
                "<line class=\"tick\" x1=\"{mid}\" x2=\"{mid}\" y1=\"{base}\" y2=\"{}\"/><text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                base + 5.0,
                base + 19.0,
                year(y)
            );
        }
        let n = counts.get(&y).copied().unwrap_or(0);
        if n > 0 {
            let h = (base - y_of(n)).max(2.0);
            let _ = write!(
                s,
                "<rect class=\"fill\" x=\"{}\" y=\"{:.1}\" width=\"{}\" height=\"{h:.1}\" data-year=\"{y}\" data-count=\"{n}\"><title>{}</title></rect>",
                pct(x + slot * 0.15),
                base - h,
                pct(slot * 0.7),
                escape_html(&w.bar(&year(y), n))
            );
        }
    }
    let _ = write!(
        s,
        "<line class=\"axis\" x1=\"{}\" x2=\"100%\" y1=\"{base}\" y2=\"{base}\"/></svg>",
        pct(left)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::tick_step;

    #[test]
    fn ticks_step_by_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(tick_step(1), 1);
        assert_eq!(tick_step(4), 1);
        assert_eq!(tick_step(7), 2);
        assert_eq!(tick_step(17), 5);
        assert_eq!(tick_step(40), 10);
        assert_eq!(tick_step(41), 20);
        assert_eq!(tick_step(900), 500);
    }
}
