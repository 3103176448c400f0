//! Place profiles (`content/places/<id>.md`): a named place with its kind,
//! aliases, country and coordinates. Parsed like actor profiles (front
//! matter, unknown keys refused, every problem at its position); the
//! coordinates are checked here, each number at its own place in the file.

use super::model::{ActorRef, SourceFile};
use super::node::{Located, Node, Table, Value};
use super::parse::{extra, front_matter, profile_id, RawFile};
use crate::diagnostic::{did_you_mean, Diagnostics, SourceMap};

pub(crate) const PLACE_KEYS: &[&str] = &[
    "name",
    "kind",
    "aliases",
    "country",
    "coordinates",
    "precision",
];

/// The id of a place: its profile's file stem, or the slug of an implicit
/// place's name.
pub type PlaceId = String;

/// What sort of place it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    Country,
    Region,
    City,
    Site,
    Sea,
    Other,
}

impl PlaceKind {
    pub const ALL: [(&'static str, PlaceKind); 6] = [
        ("country", PlaceKind::Country),
        ("region", PlaceKind::Region),
        ("city", PlaceKind::City),
        ("site", PlaceKind::Site),
        ("sea", PlaceKind::Sea),
        ("other", PlaceKind::Other),
    ];

    pub fn name(self) -> &'static str {
        PlaceKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("other", |(n, _)| n)
    }
}

/// How well the coordinates pin the place down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Exact,
    Approximate,
    Region,
}

impl Precision {
    pub const ALL: [(&'static str, Precision); 3] = [
        ("exact", Precision::Exact),
        ("approximate", Precision::Approximate),
        ("region", Precision::Region),
    ];

    pub fn name(self) -> &'static str {
        Precision::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("exact", |(n, _)| n)
    }
}

/// A point on the globe, in degrees: latitude −90…90, longitude −180…180.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// A place profile from `content/places/`.
#[derive(Debug, Clone)]
pub struct PlaceProfile {
    pub file: SourceFile,
    pub id: PlaceId,
    pub name: Located<String>,
    pub kind: PlaceKind,
    pub aliases: Vec<Located<String>>,
    /// An actor reference, resolved with the actors.
    pub country: Option<ActorRef>,
    pub coordinates: Option<LatLon>,
    pub precision: Precision,
    pub extra: serde_json::Value,
}

/// One of a closed set of names (`kind`, `precision`), with a did-you-mean
/// hint for anything else.
fn one_of<T: Copy>(
    t: &Table,
    key: &str,
    what: &str,
    all: &[(&'static str, T)],
    diags: &mut Diagnostics,
) -> Option<T> {
    let k = t.str(key, diags)?;
    let wanted = k.value.trim().to_lowercase();
    if let Some((_, v)) = all.iter().find(|(n, _)| *n == wanted) {
        return Some(*v);
    }
    let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
    let hint = did_you_mean(&k.value, names.iter().copied())
        .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
    diags.push(
        t.map()
            .error_at(k.at, format!("unknown {what} `{}`", k.value))
            .with_hint(hint),
    );
    None
}

/// A number in degrees from a TOML or YAML value.
fn degrees(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Plain(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `coordinates = [lat, lon]`: two numbers, each within its range, each
/// reported at its own position.
fn coordinates(t: &Table, map: &SourceMap, diags: &mut Diagnostics) -> Option<LatLon> {
    let node = t.get("coordinates")?;
    let example =
        "write `coordinates = [25.13, 62.32]`: latitude, then longitude, in decimal degrees";
    let Value::Array(items) = &node.value else {
        diags.push(
            map.error_at(
                node.span.start,
                format!(
                    "`coordinates` must be a list of two numbers, found {}",
                    node.type_name()
                ),
            )
            .with_hint(example),
        );
        return None;
    };
    if items.len() != 2 {
        diags.push(
            map.error_at(
                node.span.start,
                format!(
                    "`coordinates` must be two numbers, latitude and longitude; found {}",
                    items.len()
                ),
            )
            .with_hint(example),
        );
        return None;
    }
    let mut ok = true;
    let mut read = |item: &Node, what: &str, limit: f64| -> f64 {
        match degrees(item) {
            Some(v) if v.is_finite() && v.abs() <= limit => v,
            Some(v) => {
                ok = false;
                diags.push(
                    map.error_at(
                        item.span.start,
                        format!("the {what} {v} is out of range: it must be between -{limit} and {limit}"),
                    )
                    .with_hint("`coordinates` is [latitude, longitude]: check the order and the sign"),
                );
                0.0
            }
            None => {
                ok = false;
                diags.push(
                    map.error_at(
                        item.span.start,
                        format!("the {what} must be a number, found {}", item.type_name()),
                    )
                    .with_hint(example),
                );
                0.0
            }
        }
    };
    let lat = read(&items[0], "latitude", 90.0);
    let lon = read(&items[1], "longitude", 180.0);
    ok.then_some(LatLon { lat, lon })
}

pub fn parse_place(raw: &RawFile, diags: &mut Diagnostics) -> Option<PlaceProfile> {
    let (file, node) = front_matter(raw, diags)?;
    let before = diags.error_count();
    let t = Table::new(
        &node,
        "place profile",
        PLACE_KEYS,
        &["extra"],
        &file.map,
        diags,
    )?;
    let id = profile_id(raw, &file, "place", diags);
    let name = t.req_str("name", "\"Gwadar\"", diags);
    let kind = one_of(&t, "kind", "place kind", &PlaceKind::ALL, diags);
    let precision = one_of(&t, "precision", "precision", &Precision::ALL, diags);
    let profile = PlaceProfile {
        id,
        name: name?,
        kind: kind.unwrap_or(PlaceKind::Other),
        aliases: t.str_list("aliases", diags),
        country: t.str("country", diags),
        coordinates: coordinates(&t, &file.map, diags),
        precision: precision.unwrap_or(Precision::Exact),
        extra: extra(&t),
        file: file.clone(),
    };
    (diags.error_count() == before).then_some(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> (Option<PlaceProfile>, Vec<(usize, usize, String)>) {
        let mut diags = Diagnostics::new();
        let raw = RawFile {
            path: Path::new("content/places/gwadar.md"),
            rel: Path::new("places/gwadar.md"),
            text,
        };
        let p = parse_place(&raw, &mut diags);
        let errs = diags
            .iter()
            .map(|d| (d.line, d.col, d.message.clone()))
            .collect();
        (p, errs)
    }

    #[test]
    fn a_full_profile_parses() {
        let (p, errs) = parse("+++\nname = \"Gwadar\"\nkind = \"city\"\naliases = [\"گوادر\"]\ncountry = \"Pakistan\"\ncoordinates = [25.13, 62.32]\nprecision = \"approximate\"\n+++\nA port.\n");
        assert!(errs.is_empty(), "{errs:?}");
        let p = p.expect("valid");
        assert_eq!(p.id, "gwadar");
        assert_eq!(p.kind, PlaceKind::City);
        assert_eq!(p.precision, Precision::Approximate);
        assert_eq!(
            p.coordinates,
            Some(LatLon {
                lat: 25.13,
                lon: 62.32
            })
        );
    }

    #[test]
    fn yaml_coordinates_are_numbers_too() {
        let (p, errs) = parse("---\nname: Gwadar\ncoordinates: [25, 62.32]\n---\n");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            p.and_then(|p| p.coordinates),
            Some(LatLon {
                lat: 25.0,
                lon: 62.32
            })
        );
    }

    #[test]
    fn each_rule_reports_its_message_and_position() {
        let cases: &[(&str, (usize, usize, &str))] = &[
            (
                "+++\nname = \"G\"\ncoordinates = [95.0, 62.3]\n+++\n",
                (
                    3,
                    16,
                    "the latitude 95 is out of range: it must be between -90 and 90",
                ),
            ),
            (
                "+++\nname = \"G\"\ncoordinates = [25.1, -181]\n+++\n",
                (
                    3,
                    22,
                    "the longitude -181 is out of range: it must be between -180 and 180",
                ),
            ),
            (
                "+++\nname = \"G\"\ncoordinates = [25.1]\n+++\n",
                (
                    3,
                    15,
                    "`coordinates` must be two numbers, latitude and longitude; found 1",
                ),
            ),
            (
                "+++\nname = \"G\"\ncoordinates = \"25, 62\"\n+++\n",
                (
                    3,
                    15,
                    "`coordinates` must be a list of two numbers, found a string",
                ),
            ),
            (
                "+++\nname = \"G\"\ncoordinates = [\"x\", 62]\n+++\n",
                (3, 16, "the latitude must be a number, found a string"),
            ),
            (
                "+++\nname = \"G\"\nkind = \"town\"\n+++\n",
                (3, 8, "unknown place kind `town`"),
            ),
            (
                "+++\nname = \"G\"\nprecision = \"rough\"\n+++\n",
                (3, 13, "unknown precision `rough`"),
            ),
            (
                "+++\nname = \"G\"\nlat = 3\n+++\n",
                (3, 1, "unknown field `lat` in place profile"),
            ),
            (
                "+++\nkind = \"city\"\n+++\n",
                (2, 1, "place profile is missing required field `name`"),
            ),
        ];
        for (text, (line, col, msg)) in cases {
            let (p, errs) = parse(text);
            assert!(p.is_none(), "{text}");
            assert!(
                errs.contains(&(*line, *col, msg.to_string())),
                "expected {line}:{col} {msg} for\n{text}\ngot {errs:?}"
            );
        }
    }
}
