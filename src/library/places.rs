//! The places of a site: one per place profile, plus an implicit place
//! (no coordinates) for each event `place` that matches no profile.

use std::collections::BTreeMap;

use crate::content::model::ActorId;
use crate::content::place::{LatLon, PlaceId, PlaceKind, PlaceProfile, Precision};

/// A place: from a profile, or implicit (named by an event, with no profile).
#[derive(Debug, Clone)]
pub struct Place {
    pub id: PlaceId,
    pub name: String,
    pub kind: PlaceKind,
    pub aliases: Vec<String>,
    pub country: Option<ActorId>,
    pub coordinates: Option<LatLon>,
    pub precision: Precision,
    /// Index into `Library::place_profiles`; `None` for implicit places.
    pub profile: Option<usize>,
    pub extra: serde_json::Value,
}

/// Every place, keyed by id: profiles (with their countries, resolved as
/// actors, aligned with `profiles`) and the implicit places.
pub(super) fn places(
    profiles: &[PlaceProfile],
    countries: Vec<Option<ActorId>>,
    implicit: BTreeMap<PlaceId, String>,
) -> BTreeMap<PlaceId, Place> {
    let mut out = BTreeMap::new();
    for (i, (p, country)) in profiles.iter().zip(countries).enumerate() {
        let aliases = super::distinct_aliases(&p.name.value, &p.aliases);
        out.insert(
            p.id.clone(),
            Place {
                id: p.id.clone(),
                name: p.name.value.clone(),
                kind: p.kind,
                aliases,
                country,
                coordinates: p.coordinates,
                precision: p.precision,
                profile: Some(i),
                extra: p.extra.clone(),
            },
        );
    }
    for (id, name) in implicit {
        out.entry(id.clone()).or_insert(Place {
            id,
            name,
            kind: PlaceKind::Other,
            aliases: Vec::new(),
            country: None,
            coordinates: None,
            precision: Precision::Exact,
            profile: None,
            extra: serde_json::json!({}),
        });
    }
    out
}

impl super::Library {
    /// The name of place `id` (the id itself if there is no such place).
    pub fn place_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.places.get(id).map_or(id, |p| p.name.as_str())
    }

    /// Where place `id` is, if its profile says.
    pub fn place_coordinates(&self, id: &str) -> Option<LatLon> {
        self.places.get(id).and_then(|p| p.coordinates)
    }
}
