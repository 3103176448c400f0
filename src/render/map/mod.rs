//! Maps drawn at build time as inline SVG: no tiles, no requests, no
//! script. Steps: pick a [`Frame`] (the world, or a box around some
//! points), project the embedded Natural Earth land outlines that overlap
//! it ([`outline`]), then draw a marker per place, sized by its number of
//! events and linked to its page. Colours come from the theme's CSS
//! variables (`.map` in `style.css`), so a map follows light, dark and
//! print (the light colours are also written on the shapes, for readers
//! that show the SVG without the page's CSS); each map carries a `<title>` naming what it shows, and the pages
//! list the same places as text beside it.

mod outline;
mod projection;

use std::fmt::Write as _;

pub(crate) use projection::Frame;

use crate::content::place::LatLon;
use crate::render::svg::Words;
use crate::text::escape_html;

/// A place drawn on a map.
pub(crate) struct Marker<'a> {
    pub at: LatLon,
    pub name: &'a str,
    /// Its page; `None` for the place a page is about.
    pub url: Option<String>,
    pub count: usize,
}

/// A marker's radius in pixels: its area grows with its count; the place
/// a page is about (no link) is drawn larger.
fn radius(m: &Marker) -> f64 {
    let r = (3.0 + 1.8 * (m.count as f64).sqrt()).min(16.0);
    if m.url.is_none() {
        r.max(8.0)
    } else {
        r
    }
}

/// One decimal, without a trailing `.0`: the SVG stays small.
fn num(out: &mut String, x: f64) {
    let tenths = (x * 10.0).round() as i64;
    if tenths % 10 == 0 {
        let _ = write!(out, "{}", tenths / 10);
    } else {
        let _ = write!(out, "{:.1}", tenths as f64 / 10.0);
    }
}

/// The land within `frame` as one path.
fn land_path(frame: &Frame) -> String {
    let mut d = String::with_capacity(1 << 16);
    for ring in outline::land() {
        if !frame.overlaps(ring.west, ring.east, ring.south, ring.north) {
            continue;
        }
        let mut last = None;
        for &(lon, lat) in &ring.points {
            let (x, y) = frame.project(LatLon { lat, lon });
            let key = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
            if last == Some(key) {
                continue;
            }
            d.push(if last.is_none() { 'M' } else { 'L' });
            num(&mut d, x);
            d.push(' ');
            num(&mut d, y);
            last = Some(key);
        }
        d.push('Z');
    }
    d
}

/// An inline SVG map of `frame` with `markers`; `label` names it for
/// screen readers (its `<title>`).
pub(crate) fn svg(frame: &Frame, markers: &[Marker], label: &str, words: &Words) -> String {
    let (w, h) = (frame.width, frame.height());
    let mut out = String::with_capacity(1 << 16);
    let mut size = String::new();
    num(&mut size, w);
    size.push(' ');
    num(&mut size, h);
    let linked = markers.iter().any(|m| m.url.is_some());
    // With links inside, the map is a group of links, not one image.
    let role = if linked { "group" } else { "img" };
    let _ = write!(
        out,
        r##"<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size}" role="{role}" aria-labelledby="map-title"><title id="map-title">{}</title><rect class="sea" width="100%" height="100%" fill="#fbfaf6"/><path class="land" fill="#dcd7cc" stroke="#c3bcad" d="{}"/>"##,
        escape_html(label),
        land_path(frame)
    );
    // Largest first, so that small markers stay on top and clickable.
    let mut order: Vec<&Marker> = markers.iter().collect();
    order.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
    for m in order {
        let (x, y) = frame.project(m.at);
        if !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y) {
            continue;
        }
        let tip = words.bar(m.name, m.count);
        let mut circle = String::from(r##"<circle class="dot" fill="#952a10" cx=""##);
        num(&mut circle, x);
        circle.push_str(r#"" cy=""#);
        num(&mut circle, y);
        circle.push_str(r#"" r=""#);
        num(&mut circle, radius(m));
        circle.push_str(r#""/>"#);
        match &m.url {
            Some(url) => {
                let _ = write!(
                    out,
                    r#"<a href="{}" aria-label="{}">{circle}<title>{}</title></a>"#,
                    escape_html(url),
                    escape_html(&tip),
                    escape_html(&tip)
                );
            }
            None => {
                let _ = write!(out, "<g>{circle}<title>{}</title></g>", escape_html(&tip));
            }
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_world_map_with_a_linked_marker() {
        let m = Marker {
            at: LatLon {
                lat: 25.13,
                lon: 62.32,
            },
            name: "Gwadar & port",
            url: Some("/places/gwadar/".into()),
            count: 4,
        };
        let svg = svg(&Frame::world(), &[m], "Events by place", &Words::english());
        assert!(svg.starts_with(r##"<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 384" role="group" aria-labelledby="map-title"><title id="map-title">Events by place</title><rect class="sea" width="100%" height="100%" fill="#fbfaf6"/><path class="land" fill="#dcd7cc""##), "{}", &svg[..200]);
        assert!(svg.contains(r##"<a href="/places/gwadar/" aria-label="Gwadar &amp; port: 4 events"><circle class="dot" fill="#952a10" cx="646.2" cy="157" r="6.6"/>"##), "{svg}");
        assert!(svg.len() < 150_000, "{}", svg.len());
    }

    #[test]
    fn a_regional_map_draws_only_the_land_near_it() {
        let at = LatLon {
            lat: 25.13,
            lon: 62.32,
        };
        let world = svg(&Frame::world(), &[], "World", &Words::english());
        let near = svg(
            &Frame::around(&[at], 12.0),
            &[],
            "Near Gwadar",
            &Words::english(),
        );
        assert!(near.contains(r#"role="img""#));
        assert!(
            near.len() < world.len() / 2,
            "{} {}",
            near.len(),
            world.len()
        );
    }
}
