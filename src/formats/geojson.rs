//! `/data/events.geojson`: every event whose place has coordinates, as an
//! RFC 7946 `FeatureCollection` of `Point`s (`[longitude, latitude]`), with
//! the event's `events.json` record as the feature's properties, plus its
//! `url`, `tags` and `place` name (a map viewer shows a feature's
//! properties alone, so the link back to the event, its briefings' tags and
//! where it is are there). Events without a place, or at a place without
//! coordinates, are left out.

use serde::Serialize;

use super::data::{event_record, timeline};
use super::{LazySeq, Out};
use crate::route::Route;
use crate::Site;

#[derive(Serialize)]
struct Collection<F> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: F,
}

#[derive(Serialize)]
struct Feature<P> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    geometry: Point,
    properties: P,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

pub fn write(site: &Site, out: &mut Out) {
    let features = || {
        timeline(site).filter_map(|(key, b, e)| {
            let at = site.library.place_coordinates(e.place.as_deref()?)?;
            Some(Feature {
                kind: "Feature",
                id: super::event_uid(b, &e.id),
                geometry: Point {
                    kind: "Point",
                    coordinates: [at.lon, at.lat],
                },
                properties: {
                    let mut record = event_record(site, key, b, e);
                    record.url = Some(super::event_url(site, b, &e.id));
                    record.tags = site.library.record_tags(key);
                    record.place = e.place.as_deref().map(|p| site.library.place_name(p));
                    record
                },
            })
        })
    };
    out.json(
        &Route::EventsGeoJson.output(),
        &Collection {
            kind: "FeatureCollection",
            features: LazySeq(features),
        },
    );
}
