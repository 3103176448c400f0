//! The one map projection of the site: equirectangular (plate carrée) with
//! a standard parallel. Longitude and latitude map linearly to x and y;
//! longitudes are scaled by the cosine of the frame's middle latitude, so a
//! regional map keeps its shapes (Pakistan does not look twice as wide as it
//! is), and the world map, centred on the equator, is the classic 2:1 grid.
//! Chosen because it needs no library, inverts trivially and keeps every
//! outline point inside the frame as a straight clip.

use crate::content::place::LatLon;

/// A rectangle of the globe drawn `width` pixels wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub west: f64,
    pub east: f64,
    pub south: f64,
    pub north: f64,
    pub width: f64,
}

impl Frame {
    /// The inhabited world: every longitude, 60°S to 84°N.
    pub(crate) fn world() -> Frame {
        Frame {
            west: -180.0,
            east: 180.0,
            south: -60.0,
            north: 84.0,
            width: 960.0,
        }
    }

    /// A frame around `points`, at least `span` degrees of latitude high,
    /// about 3:2 on screen, inside the world frame.
    pub(crate) fn around(points: &[LatLon], span: f64) -> Frame {
        let world = Frame::world();
        let (mut south, mut north) = (f64::MAX, f64::MIN);
        let (mut west, mut east) = (f64::MAX, f64::MIN);
        for p in points {
            south = south.min(p.lat);
            north = north.max(p.lat);
            west = west.min(p.lon);
            east = east.max(p.lon);
        }
        if points.is_empty() {
            return world;
        }
        let pad = |lo: f64, hi: f64, min: f64| {
            let mid = (lo + hi) / 2.0;
            let half = ((hi - lo) * 1.3).max(min) / 2.0;
            (mid - half, mid + half)
        };
        (south, north) = pad(south, north, span);
        let cos = ((south + north) / 2.0).to_radians().cos().max(0.2);
        // Wide enough for 3:2 on screen, and for the points.
        (west, east) = pad(west, east, (north - south) * 1.5 / cos);
        let height = (east - west) * cos / 1.5;
        (south, north) = pad(south, north, height);
        let clamp = |lo: f64, hi: f64, min: f64, max: f64| {
            let shift = (min - lo).max(0.0) - (hi - max).max(0.0);
            ((lo + shift).max(min), (hi + shift).min(max))
        };
        (south, north) = clamp(south, north, world.south, world.north);
        (west, east) = clamp(west, east, world.west, world.east);
        Frame {
            west,
            east,
            south,
            north,
            width: 640.0,
        }
    }

    /// Pixels per degree of latitude.
    fn scale(&self) -> f64 {
        self.width / ((self.east - self.west) * self.cos())
    }

    fn cos(&self) -> f64 {
        if self.west <= -180.0 && self.east >= 180.0 {
            1.0
        } else {
            ((self.south + self.north) / 2.0)
                .to_radians()
                .cos()
                .max(0.2)
        }
    }

    /// The frame's height in pixels.
    pub(crate) fn height(&self) -> f64 {
        (self.north - self.south) * self.scale()
    }

    /// Where `p` lands, in pixels from the top left corner.
    pub(crate) fn project(&self, p: LatLon) -> (f64, f64) {
        let k = self.scale();
        (
            (p.lon - self.west) * self.cos() * k,
            (self.north - p.lat) * k,
        )
    }

    /// Whether the box `west..east`, `south..north` overlaps the frame.
    pub(crate) fn overlaps(&self, west: f64, east: f64, south: f64, north: f64) -> bool {
        west <= self.east && east >= self.west && south <= self.north && north >= self.south
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01
    }

    #[test]
    fn known_points_land_where_they_should_on_the_world_map() {
        let w = Frame::world();
        assert!((w.height() - 384.0).abs() < 1e-9, "{}", w.height());
        let cases = [
            // The meridian of Greenwich on the equator: 180° from the left edge.
            (at(0.0, 0.0), (480.0, 224.0)),
            (at(84.0, -180.0), (0.0, 0.0)),
            (at(-60.0, 180.0), (960.0, 384.0)),
            // Gwadar, 25.13°N 62.32°E: east and north of the centre.
            (at(25.13, 62.32), (646.19, 156.99)),
            // Washington, 38.9°N 77.04°W.
            (at(38.9, -77.04), (274.56, 120.27)),
        ];
        for (p, want) in cases {
            assert!(close(w.project(p), want), "{p:?}: {:?}", w.project(p));
        }
    }

    #[test]
    fn a_regional_frame_holds_its_points_and_keeps_shapes() {
        let gwadar = at(25.13, 62.32);
        let islamabad = at(33.69, 73.06);
        let f = Frame::around(&[gwadar, islamabad], 10.0);
        for p in [gwadar, islamabad] {
            let (x, y) = f.project(p);
            assert!((0.0..=f.width).contains(&x), "{x}");
            assert!((0.0..=f.height()).contains(&y), "{y}");
        }
        // Centred between the two; a degree of longitude there is cos(mid
        // latitude) of a degree of latitude.
        let mid = (f.south + f.north) / 2.0;
        assert!((mid - 29.41).abs() < 0.01, "{mid}");
        let (x0, y0) = f.project(at(30.0, 65.0));
        let (x1, _) = f.project(at(30.0, 66.0));
        let (_, y1) = f.project(at(29.0, 65.0));
        let ratio = (x1 - x0) / (y1 - y0);
        assert!((ratio - mid.to_radians().cos()).abs() < 1e-9, "{ratio}");
        // Islamabad is north-east of Gwadar: right and up.
        let (g, i) = (f.project(gwadar), f.project(islamabad));
        assert!(i.0 > g.0 && i.1 < g.1);
    }

    #[test]
    fn a_frame_near_the_edge_of_the_world_stays_inside_it() {
        let f = Frame::around(&[at(80.0, 179.0)], 10.0);
        assert!(f.north <= 84.0 && f.east <= 180.0);
        assert!(f.south < 80.0 && f.west < 179.0);
    }
}
