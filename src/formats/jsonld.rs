//! schema.org JSON-LD for briefing pages: a `NewsArticle` with its
//! `mentions` (the actors it names) and its events as `Event`s.

use serde_json::{json, Value};

use crate::Site;

fn actor_json(site: &Site, id: &str) -> Value {
    let base = site.config.origin_and_path();
    match site.library.actors.get(id) {
        Some(a) => {
            let kind = match a.kind {
                crate::content::model::ActorKind::Person => "Person",
                crate::content::model::ActorKind::State => "Country",
                crate::content::model::ActorKind::Company => "Corporation",
                crate::content::model::ActorKind::Organization
                | crate::content::model::ActorKind::Group => "Organization",
                crate::content::model::ActorKind::Other => "Thing",
            };
            let mut v =
                json!({"@type": kind, "name": a.name, "url": format!("{base}/actors/{}/", a.id)});
            if let Some(w) = &a.wikidata {
                v["sameAs"] = json!(format!("https://www.wikidata.org/wiki/{w}"));
            }
            v
        }
        None => json!({"@type": "Thing", "name": id}),
    }
}

/// The JSON-LD of briefing `i`, safe to place inside a `<script>` element.
pub fn briefing(site: &Site, i: usize) -> String {
    let b = &site.library.briefings[i];
    let base = site.config.origin_and_path();
    let url = format!("{base}/briefings/{}/", b.slug);
    let events: Vec<Value> = b
        .events
        .iter()
        .map(|e| {
            let mut v = json!({
                "@type": "Event",
                "@id": format!("{url}#event-{}", e.id),
                "name": e.title,
                "startDate": e.date.iso(),
                "url": format!("{url}#event-{}", e.id),
            });
            if let Some(end) = &e.end {
                v["endDate"] = json!(end.iso());
            }
            if let Some(place) = &e.place {
                v["location"] = json!({"@type": "Place", "name": place});
            }
            if !e.actors.is_empty() {
                v["actor"] = Value::Array(e.actors.iter().map(|a| actor_json(site, a)).collect());
            }
            v
        })
        .collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": b.date.rfc3339(),
        "dateModified": b.updated.as_ref().unwrap_or(&b.date).rfc3339(),
        "description": site.bodies[i].summary,
        "publisher": {"@type": "Organization", "name": site.config.title, "url": format!("{base}/")},
        "mentions": site.index.briefing_actors[i].iter().map(|a| actor_json(site, a)).collect::<Vec<_>>(),
        "keywords": b.tags.join(", "),
    });
    if !b.authors.is_empty() {
        article["author"] = Value::Array(
            b.authors
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect(),
        );
    }
    if !events.is_empty() {
        article["about"] = Value::Array(events);
    }
    let text = serde_json::to_string(&article).unwrap_or_default();
    // `</script>` inside a string would close the element: escape `<`, `>` and `&`.
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
