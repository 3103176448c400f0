//! schema.org JSON-LD for briefing pages: a `NewsArticle` (headline,
//! dates, authors — the site itself when none are named —, publisher,
//! tags as keywords, sources as `citation`) with its `mentions` (the actors
//! it names) and its events as `Event`s under `about`.

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
        .enumerate()
        .map(|(j, e)| {
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
            if let Some(text) = site
                .bodies
                .get(i)
                .and_then(|h| h.events.get(j))
                .and_then(|t| t.as_deref())
            {
                v["description"] = json!(super::plain::text(text));
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
        "inLanguage": site.config.language,
        "mentions": site.index.briefing_actors[i].iter().map(|a| actor_json(site, a)).collect::<Vec<_>>(),
    });
    if !b.tags.is_empty() {
        article["keywords"] = json!(b.tags.join(", "));
    }
    article["author"] = if b.authors.is_empty() {
        json!([{"@type": "Organization", "name": site.config.title, "url": format!("{base}/")}])
    } else {
        Value::Array(
            b.authors
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect(),
        )
    };
    let citations: Vec<Value> = b
        .sources
        .iter()
        .map(|s| {
            let mut c = json!({"@type": "CreativeWork", "name": s.title});
            if let Some(u) = &s.url {
                c["url"] = json!(u);
            }
            if let Some(p) = &s.publisher {
                c["publisher"] = json!({"@type": "Organization", "name": p});
            }
            if let Some(d) = &s.date {
                c["datePublished"] = json!(d.iso());
            }
            c
        })
        .collect();
    if !citations.is_empty() {
        article["citation"] = Value::Array(citations);
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
