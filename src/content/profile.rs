//! Turns an actor profile or a plain page into its validated type (the
//! field readers they share with briefings live in [`super::parse`]).

use super::model::{ActorKind, Page, Profile, SourceFile};
use super::node::Table;
use super::parse::{
    extra, front_matter, or_example, slug_field, url_field, RawFile, ACTOR_KEYS, FREE, PAGE_KEYS,
};
use crate::diagnostic::{did_you_mean, Diagnostics};
use crate::text::{is_slug, slugify};

/// A profile's id: its file stem, which must be a slug (`what` is "actor"
/// or "place", for the message).
pub(super) fn profile_id(
    raw: &RawFile,
    file: &SourceFile,
    what: &str,
    diags: &mut Diagnostics,
) -> String {
    let stem = raw
        .rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_slug(&stem) {
        let example = match slugify(&stem) {
            s if s.is_empty() && what == "place" => "gwadar".to_string(),
            s => or_example(s),
        };
        diags.push(
            file.map
                .error_at(0, format!("the {what} file name `{stem}` is not a valid id"))
                .with_hint(format!(
                    "{} {what}'s id is its file name: rename the file to `{example}.md` (a-z, 0-9 and hyphens)",
                    if what == "actor" { "an" } else { "a" }
                )),
        );
    }
    stem
}

pub fn parse_profile(raw: &RawFile, diags: &mut Diagnostics) -> Option<Profile> {
    let (file, node) = front_matter(raw, diags)?;
    let before = diags.error_count();
    let t = Table::new(&node, "actor profile", ACTOR_KEYS, FREE, &file.map, diags)?;
    let stem = profile_id(raw, &file, "actor", diags);
    let name = t.req_str("name", "\"Frontier Works Organization\"", diags);
    let kind = match t.str("kind", diags) {
        None => ActorKind::Other,
        Some(k) => match ActorKind::ALL
            .iter()
            .find(|(n, _)| *n == k.value.trim().to_lowercase())
        {
            Some((_, kind)) => *kind,
            None => {
                let names: Vec<&str> = ActorKind::ALL.iter().map(|(n, _)| *n).collect();
                let hint = did_you_mean(&k.value, names.iter().copied())
                    .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
                diags.push(
                    file.map
                        .error_at(k.at, format!("unknown actor kind `{}`", k.value))
                        .with_hint(hint),
                );
                ActorKind::Other
            }
        },
    };
    let wikidata = t.str("wikidata", diags);
    if let Some(w) = &wikidata {
        let ok = w.value.len() > 1
            && w.value.starts_with('Q')
            && w.value[1..].bytes().all(|b| b.is_ascii_digit());
        if !ok {
            diags.push(
                file.map
                    .error_at(w.at, format!("invalid Wikidata id `{}`", w.value))
                    .with_hint("a Wikidata item id is `Q` followed by digits, e.g. \"Q843\""),
            );
        }
    }
    let profile = Profile {
        id: stem,
        name: name?,
        kind,
        aliases: t.str_list("aliases", diags),
        country: t.str("country", diags),
        wikidata: wikidata.map(|w| w.value),
        url: url_field(&t, "url", diags),
        extra: extra(&t),
        file: file.clone(),
    };
    (diags.error_count() == before).then_some(profile)
}

pub fn parse_page(raw: &RawFile, diags: &mut Diagnostics) -> Option<Page> {
    let (file, node) = front_matter(raw, diags)?;
    let before = diags.error_count();
    let t = Table::new(&node, "page", PAGE_KEYS, FREE, &file.map, diags)?;
    let title = t.req_str("title", "\"About\"", diags);
    let stem = raw
        .rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slug_field(&t, &stem, diags);
    let page = Page {
        title: title?.value,
        slug,
        draft: t.bool("draft", diags).unwrap_or(false),
        extra: extra(&t),
        file: file.clone(),
    };
    (diags.error_count() == before).then_some(page)
}
