//! The world's land outlines: Natural Earth 1:110m, converted once by
//! `tools/world_outlines.py` into `land.txt` (see `README.md` beside it) and
//! embedded in the binary. Read on first use, then shared.

use std::sync::OnceLock;

/// One closed outline (a coast), in degrees, with its bounding box.
pub(crate) struct Ring {
    /// (longitude, latitude) pairs; past ±180 for a ring that crosses
    /// the antimeridian (the file holds it twice, once on each side).
    pub points: Vec<(f64, f64)>,
    pub west: f64,
    pub east: f64,
    pub south: f64,
    pub north: f64,
}

const LAND: &str = include_str!("land.txt");

/// Every land outline.
pub(crate) fn land() -> &'static [Ring] {
    static RINGS: OnceLock<Vec<Ring>> = OnceLock::new();
    RINGS.get_or_init(|| LAND.lines().filter_map(ring).collect())
}

/// A line of `land.txt`: `lon,lat` pairs in tenths of a degree.
fn ring(line: &str) -> Option<Ring> {
    let points: Vec<(f64, f64)> = line
        .split(' ')
        .filter_map(|pair| {
            let (x, y) = pair.split_once(',')?;
            Some((
                f64::from(x.parse::<i16>().ok()?) / 10.0,
                f64::from(y.parse::<i16>().ok()?) / 10.0,
            ))
        })
        .collect();
    let first = *points.first()?;
    let (mut west, mut east, mut south, mut north) = (first.0, first.0, first.1, first.1);
    for &(lon, lat) in &points {
        west = west.min(lon);
        east = east.max(lon);
        south = south.min(lat);
        north = north.max(lat);
    }
    Some(Ring {
        points,
        west,
        east,
        south,
        north,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_outlines_read_whole_and_cover_the_world() {
        let rings = land();
        assert_eq!(rings.len(), LAND.lines().count());
        let points: usize = rings.iter().map(|r| r.points.len()).sum();
        assert!(points > 4000, "{points}");
        let west = rings.iter().map(|r| r.west).fold(f64::MAX, f64::min);
        let east = rings.iter().map(|r| r.east).fold(f64::MIN, f64::max);
        // Rings across the antimeridian run past it, once on each side.
        assert!(west < -180.0 && east > 180.0, "{west} {east}");
        // Some ring holds Gwadar's longitude and latitude in its box (Asia).
        assert!(rings
            .iter()
            .any(|r| r.west < 62.3 && r.east > 62.3 && r.south < 25.1 && r.north > 25.1));
    }
}
