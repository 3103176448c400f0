//! `dossier new` and `dossier init`: a new briefing (or, with `new place`,
//! a place profile) from a template showing every front-matter field, and a
//! new site with the default theme.

use std::path::{Path, PathBuf};

use crate::content::date::PartialDate;
use crate::text::slugify;

/// The text of a new briefing.
pub(crate) fn briefing_template(title: &str, date: &PartialDate) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let d = date.iso();
    format!(
        r#"+++
title = "{title}"
date = {d}
# updated = {d}
summary = "One or two sentences that say what this briefing finds."
authors = ["Desk"]
tags = []
actors = []
# slug = "custom-slug"
draft = true
# Analytic confidence in the bottom line: "high", "moderate" or "low".
# confidence = "moderate"

# A correction, shown at the top and bottom of the page and on /corrections/.
# [[corrections]]
# date = {d}
# text = "An earlier version said X; it is Y."

# Each event this briefing reports. Dates may be "YYYY", "YYYY-MM",
# "YYYY-MM-DD" or an RFC 3339 datetime; write them at the precision you know.
# Add ~ when approximate ("2025-06~"), ? when uncertain ("2025-06?"), % for
# both; X for unknown digits ("198X" a decade, "2025-XX" month unknown).
[[events]]
date = "{d}"
# end = "{d}"   # or ".." while the event is still going on
# Admiralty credibility of the information: 1 (confirmed) to 5 (improbable),
# 6 (cannot be judged); shown with the best source's reliability as "B2".
# credibility = 2
# Analytic confidence in what the event says: "high", "moderate" or "low".
# confidence = "moderate"
title = "What happened"
actors = []
place = ""
sources = ["source-1"]
# id = "custom-event-id"
# text = "Optional Markdown detail."

# Each source this briefing cites; cite in the body with [@source-1].
[[sources]]
id = "source-1"
title = "Title of the source"
publisher = "Publisher"
url = "https://example.org/"
date = {d}
accessed = {d}
# archive_url = "https://web.archive.org/web/..."
# Admiralty reliability of the source: "A" (completely reliable) to
# "E" (unreliable), "F" (cannot be judged).
# reliability = "B"
+++
Write the analysis here. Cite sources like this [@source-1] and link actors
like this: [[Example State]].
"#
    )
}

/// Writes a new briefing; refuses to overwrite. Returns the path written.
pub fn new_briefing(root: &Path, title: &str, date: &PartialDate) -> Result<PathBuf, String> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!(
            "the title `{title}` has no letters or digits to make a file name from"
        ));
    }
    if date.day.is_none() {
        return Err("--date must be a full day, e.g. 2025-10-14".into());
    }
    let dir = root.join("content").join("briefings");
    let path = dir.join(format!(
        "{}-{slug}.md",
        date.iso().get(..10).unwrap_or_default()
    ));
    if path.exists() {
        return Err(format!(
            "{} already exists; choose another title or date",
            path.display()
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(&path, briefing_template(title, date))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The text of a new place profile.
pub(crate) fn place_template(name: &str) -> String {
    let name = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"+++
name = "{name}"
kind = "city"                    # country | region | city | site | sea | other
aliases = []                     # other names events use for it, in any script
# country = "Pakistan"           # the state it lies in: an actor id, name or alias
# coordinates = [25.13, 62.32]   # [latitude, longitude] in decimal degrees; puts it on the maps
precision = "exact"              # exact | approximate | region
+++
What the place is and why it matters to these briefings.
"#
    )
}

/// Writes a new place profile, `content/places/<slug of name>.md`;
/// refuses to overwrite. Returns the path written.
pub fn new_place(root: &Path, name: &str) -> Result<PathBuf, String> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(format!(
            "the name `{name}` has no letters or digits to make a file name from"
        ));
    }
    let dir = root.join("content").join("places");
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!(
            "{} already exists; edit it, or add this name to its `aliases`",
            path.display()
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(&path, place_template(name))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Creates a new site in `dir` (which must be empty or missing).
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} is not empty; choose a new folder",
            dir.display()
        ));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Briefings".into());
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            PathBuf::from("site.toml"),
            format!(
                "title = \"{}\"\nbase_url = \"https://example.org/\"\ndescription = \"\"\nlanguage = \"en\"\ntheme = \"default\"\noutput_dir = \"public\"\nstrict = false\n\n[pagination]\nbriefings = 20\n\n[timeline]\norder = \"ascending\"\nsplit_by_year_over = 500\n\n[highlight]\ntheme = \"base16-ocean.dark\"\n\n[extra]\n",
                name.replace('"', "'")
            )
            .into_bytes(),
        ),
        (
            PathBuf::from("content/pages/about.md"),
            b"+++\ntitle = \"About\"\n+++\nWho writes these briefings, and how.\n".to_vec(),
        ),
        (
            PathBuf::from("content/actors/example-state.md"),
            b"+++\nname = \"Example State\"\nkind = \"state\"\naliases = [\"Example\"]\n+++\nA profile of the actor.\n".to_vec(),
        ),
    ];
    let today = PartialDate {
        year: 2025,
        month: Some(1),
        day: Some(1),
        time: None,
    };
    files.push((
        PathBuf::from("content/briefings/2025-01-01-first-briefing.md"),
        briefing_template("First briefing", &today)
            .replace("draft = true", "draft = false")
            .replace("actors = []", "actors = [\"Example State\"]")
            .into_bytes(),
    ));
    for (rel, bytes) in crate::render::theme::default_files() {
        files.push((Path::new("themes/default").join(rel), bytes.to_vec()));
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(rel);
    }
    Ok(written)
}
