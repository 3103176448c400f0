//! Markdown bodies to HTML, with dossier's extensions.
//!
//! The steps, over pulldown-cmark's event stream: resolve the extensions
//! (`[@id]` citations numbered by first use, `[[Actor]]` mentions, relative
//! links to other content files), give headings ids and permalink anchors,
//! highlight fenced code, then write HTML. Problems (an unknown citation, a
//! link to a missing file) are reported at their line and column in the file.

pub mod highlight;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::model::{ActorId, SourceFile};
use crate::diagnostic::{did_you_mean, Diagnostics};
use crate::library::Registry;
use crate::text::{escape_html, slugify};

/// What links in bodies can point at.
#[derive(Debug, Default, Clone)]
pub struct LinkTargets {
    /// Content files (relative to `content/`) and their page URLs.
    pub pages: BTreeMap<PathBuf, String>,
    /// Other files under `content/`.
    pub assets: BTreeSet<PathBuf>,
}

/// Shared, read-only settings for rendering every body.
pub struct Renderer<'a> {
    pub registry: &'a Registry,
    pub links: &'a LinkTargets,
    pub base_path: &'a str,
    pub safe_html: bool,
    pub strict: bool,
}

/// The citation numbering of one page, shared by its body and event texts.
#[derive(Debug, Default, Clone)]
pub struct Citations {
    /// The ids that may be cited.
    pub known: Vec<String>,
    /// Cited ids in order of first citation; the number is the position + 1.
    pub order: Vec<String>,
}

impl Citations {
    fn number(&mut self, id: &str) -> usize {
        match self.order.iter().position(|x| x == id) {
            Some(i) => i + 1,
            None => {
                self.order.push(id.to_string());
                self.order.len()
            }
        }
    }
}

/// A rendered piece of Markdown.
#[derive(Debug, Default, Clone)]
pub struct Html {
    pub html: String,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    /// Actors named with `[[...]]` that have no profile: (id, name).
    pub implicit: Vec<(ActorId, String)>,
    /// Headings: (level, id, text), for a table of contents.
    pub headings: Vec<(u8, String, String)>,
}

enum Open {
    Plain,
    Skip,
    Replaced,
}

impl Renderer<'_> {
    /// Renders `text`, which starts at byte `offset` of `file`.
    pub fn render(
        &self,
        file: &SourceFile,
        text: &str,
        offset: usize,
        cites: Option<&mut Citations>,
        diags: &mut Diagnostics,
    ) -> Html {
        let mut options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_WIKILINKS;
        options.remove(Options::ENABLE_SMART_PUNCTUATION);
        let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
            let r = link.reference.trim();
            parse_citation_keys(r).map(|_| (CowStr::from(format!("@cite:{r}")), CowStr::from("")))
        };
        let parser = Parser::new_with_broken_link_callback(text, options, Some(&mut callback));
        let mut out: Vec<Event> = Vec::new();
        let mut result = Html::default();
        let mut cites = cites;
        let mut stack: Vec<Open> = Vec::new();
        let mut code: Option<(String, String)> = None;
        let mut para_depth = 0usize;
        let mut first_para: Option<String> = None;
        let mut first_done = false;
        let mut skip_depth = 0usize;
        for (event, range) in parser.into_offset_iter() {
            let at = offset + range.start;
            if let Some((lang, buf)) = &mut code {
                match event {
                    Event::Text(t) => buf.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        out.push(Event::Html(highlight::highlight(buf, lang).into()));
                        code = None;
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        pulldown_cmark::CodeBlockKind::Fenced(l) => l.to_string(),
                        pulldown_cmark::CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                Event::Start(Tag::Paragraph) => {
                    para_depth += 1;
                    if !first_done && first_para.is_none() {
                        first_para = Some(String::new());
                    }
                    out.push(Event::Start(Tag::Paragraph));
                }
                Event::End(TagEnd::Paragraph) => {
                    para_depth = para_depth.saturating_sub(1);
                    if let Some(p) = first_para.take() {
                        if !p.trim().is_empty() {
                            result.first_paragraph =
                                p.split_whitespace().collect::<Vec<_>>().join(" ");
                            first_done = true;
                        }
                    }
                    out.push(Event::End(TagEnd::Paragraph));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    if let Some(keys) = dest_url.strip_prefix("@cite:") {
                        let html = self.citation(file, keys, at, cites.as_deref_mut(), diags);
                        out.push(Event::InlineHtml(html.into()));
                        stack.push(Open::Skip);
                        skip_depth += 1;
                    } else if matches!(link_type, LinkType::WikiLink { .. }) {
                        match self.mention(file, &dest_url, at, &mut result, diags) {
                            Some(url) => {
                                out.push(Event::InlineHtml(
                                    format!(
                                        "<a class=\"actor-link\" href=\"{}\">",
                                        escape_html(&url)
                                    )
                                    .into(),
                                ));
                                stack.push(Open::Replaced);
                            }
                            None => stack.push(Open::Skip),
                        }
                    } else {
                        let dest = self.link(file, &dest_url, at, diags);
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: dest.into(),
                            title,
                            id,
                        }));
                        stack.push(Open::Plain);
                    }
                }
                Event::End(TagEnd::Link) => match stack.pop() {
                    Some(Open::Skip) => skip_depth = skip_depth.saturating_sub(1),
                    Some(Open::Replaced) => out.push(Event::InlineHtml("</a>".into())),
                    _ => out.push(Event::End(TagEnd::Link)),
                },
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = self.link(file, &dest_url, at, diags);
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::Html(_) | Event::InlineHtml(_) if self.safe_html => {}
                ev @ (Event::Text(_) | Event::Code(_)) => {
                    if skip_depth > 0 {
                        continue;
                    }
                    if let (Some(p), Event::Text(t) | Event::Code(t)) = (first_para.as_mut(), &ev) {
                        if para_depth > 0 {
                            p.push_str(t);
                        }
                    }
                    out.push(ev);
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(p) = first_para.as_mut() {
                        p.push(' ');
                    }
                    out.push(event);
                }
                other => {
                    if skip_depth == 0 {
                        out.push(other);
                    }
                }
            }
        }
        let events = anchor_headings(out, &mut result.headings);
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if self.safe_html {
            html = sanitize(&html);
        }
        result.html = html;
        result
    }

    fn citation(
        &self,
        file: &SourceFile,
        keys: &str,
        at: usize,
        cites: Option<&mut Citations>,
        diags: &mut Diagnostics,
    ) -> String {
        let Some(cites) = cites else {
            diags.push(
                file.map
                    .error_at(at, "citations can only be used in briefings")
                    .with_hint("pages have no [[sources]]; link to the source instead"),
            );
            return String::new();
        };
        let mut parts = Vec::new();
        for key in parse_citation_keys(keys).unwrap_or_default() {
            if !cites.known.iter().any(|k| k == key) {
                let hint = did_you_mean(key, cites.known.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        if cites.known.is_empty() {
                            "this briefing has no [[sources]]: add one with this id".to_string()
                        } else {
                            format!(
                                "the sources of this briefing are: {}",
                                cites.known.join(", ")
                            )
                        }
                    });
                diags.push(
                    file.map
                        .error_at(at, format!("unknown source `{key}` in citation"))
                        .with_hint(hint),
                );
                continue;
            }
            let n = cites.number(key);
            parts.push(format!(
                "<a href=\"#source-{id}\" title=\"Source {n}\">{n}</a>",
                id = escape_html(key)
            ));
        }
        format!("<sup class=\"cite\">[{}]</sup>", parts.join(", "))
    }

    fn mention(
        &self,
        file: &SourceFile,
        target: &str,
        at: usize,
        result: &mut Html,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let id = match self.registry.lookup(target) {
            Some(id) => id.clone(),
            None => {
                let id = slugify(target);
                if id.is_empty() {
                    diags.push(
                        file.map
                            .error_at(at, format!("`[[{target}]]` does not name an actor")),
                    );
                    return None;
                }
                let message = format!("no actor profile matches `{target}`");
                let hint = format!(
                    "create content/actors/{id}.md, or add `{target}` as an alias of a profile"
                );
                diags.push(
                    if self.strict {
                        file.map.error_at(at, message)
                    } else {
                        file.map.warning_at(at, message)
                    }
                    .with_hint(hint),
                );
                result
                    .implicit
                    .push((id.clone(), target.trim().to_string()));
                id
            }
        };
        Some(format!("{}actors/{id}/", self.base_path))
    }

    /// Rewrites a link: relative links to content files become page URLs;
    /// site-absolute links get the base path; links to missing files are errors.
    fn link(&self, file: &SourceFile, dest: &str, at: usize, diags: &mut Diagnostics) -> String {
        if dest.is_empty()
            || dest.starts_with('#')
            || dest.contains("://")
            || dest.starts_with("mailto:")
            || dest.starts_with("tel:")
            || dest.starts_with("//")
            || dest.starts_with("data:")
        {
            return dest.to_string();
        }
        if let Some(rest) = dest.strip_prefix('/') {
            return format!("{}{rest}", self.base_path);
        }
        if dest.contains(':') && !dest.contains('/') && !dest.contains('.') {
            return dest.to_string();
        }
        let (path_part, fragment) = match dest.find(['#', '?']) {
            Some(i) => dest.split_at(i),
            None => (dest, ""),
        };
        let decoded = percent_decode(path_part);
        let base = file.rel.parent().unwrap_or(Path::new(""));
        let target = normalize(&base.join(&decoded));
        let is_md = Path::new(&decoded)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        match target {
            Some(t) if is_md => match self.links.pages.get(&t) {
                Some(url) => format!("{url}{fragment}"),
                None => {
                    diags.push(
                        file.map
                            .error_at(at, format!("link to `{dest}`, but content/{} does not exist (or is a draft)", t.display()))
                            .with_hint("links to other briefings are relative to this file, e.g. `2025-09-10-fwo-ussm-mou.md`"),
                    );
                    dest.to_string()
                }
            },
            Some(t) if self.links.assets.contains(&t) => dest.to_string(),
            Some(t) => {
                diags.push(
                    file.map
                        .error_at(
                            at,
                            format!(
                                "link to `{dest}`, but content/{} does not exist",
                                t.display()
                            ),
                        )
                        .with_hint("put the file next to the briefing, or fix the path"),
                );
                dest.to_string()
            }
            None => {
                diags.push(
                    file.map
                        .error_at(at, format!("link to `{dest}` points outside content/"))
                        .with_hint("link only to files inside content/"),
                );
                dest.to_string()
            }
        }
    }
}

/// `@a; @b` → `["a", "b"]`; `None` when it is not a citation.
fn parse_citation_keys(r: &str) -> Option<Vec<&str>> {
    let keys: Vec<&str> = r
        .split(';')
        .map(str::trim)
        .map(|k| k.strip_prefix('@'))
        .collect::<Option<_>>()?;
    (!keys.is_empty()
        && keys
            .iter()
            .all(|k| !k.is_empty() && !k.contains(char::is_whitespace)))
    .then_some(keys)
}

/// Resolves `.` and `..` without touching the file system; `None` if it climbs out.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Gives every heading an id (its own `{#id}` or the slug of its text, made
/// unique) and a permalink anchor.
fn anchor_headings<'a>(
    events: Vec<Event<'a>>,
    headings: &mut Vec<(u8, String, String)>,
) -> Vec<Event<'a>> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let base = id.as_ref().map(|s| s.to_string()).unwrap_or_else(|| {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            headings.push((*level as u8, unique.clone(), text.trim().to_string()));
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(unique.clone().into()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            out.extend(events[i + 1..end].iter().cloned());
            out.push(Event::InlineHtml(
                format!(
                    " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
                    escape_html(&unique)
                )
                .into(),
            ));
            if end < events.len() {
                out.push(events[end].clone());
            }
            i = end + 1;
        } else {
            out.push(events[i].clone());
            i += 1;
        }
    }
    out
}

/// With `safe_html = true`: keep dossier's own markup, drop anything unsafe.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "title", "aria-label", "data-lang"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .clean(html)
        .to_string()
}
