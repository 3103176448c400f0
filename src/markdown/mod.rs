//! Markdown bodies to HTML, with dossier's extensions.
//!
//! The steps, over pulldown-cmark's event stream: resolve the extensions
//! (`[@id]` citations numbered by first use, `[[Actor]]` mentions, relative
//! links to other content files), give headings ids and permalink anchors,
//! highlight fenced code, then write HTML. Problems (an unknown citation, a
//! link to a missing file) are reported at their line and column in the file.

pub mod figure;
pub mod highlight;
mod references;
pub mod stage;
pub(crate) mod summary;
mod words;

pub use words::Words;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::model::{ActorId, SourceFile};
use crate::content::strpos::{self, StrOffsets};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Pos, Severity};
use crate::library::Registry;
use crate::text::{escape_html, slugify};

/// What links in bodies can point at.
#[derive(Debug, Default, Clone)]
pub struct LinkTargets {
    /// Content files (relative to `content/`) and their page URLs.
    pub pages: BTreeMap<PathBuf, String>,
    /// Other files under `content/`.
    pub assets: BTreeSet<PathBuf>,
    /// The images among them, with their sizes.
    pub images: crate::images::Catalog,
}

/// Shared, read-only settings for rendering every body.
pub struct Renderer<'a> {
    pub registry: &'a Registry,
    pub links: &'a LinkTargets,
    pub base_path: &'a str,
    pub safe_html: bool,
    pub strict: bool,
    /// Images larger than this many bytes get a warning.
    pub image_warn_bytes: u64,
    /// The words the renderer writes itself, in the page's language.
    pub words: Words,
}

/// The citation numbering of one page, shared by its body and event texts.
#[derive(Debug, Default, Clone)]
pub struct Citations {
    /// The ids that may be cited.
    pub known: BTreeSet<String>,
    /// Cited ids in order of first citation; the number is the position + 1.
    pub order: Vec<String>,
    /// `order` inverted, so numbering stays fast with thousands of sources.
    numbers: BTreeMap<String, usize>,
}

impl Citations {
    pub fn new(known: impl IntoIterator<Item = String>) -> Self {
        Citations {
            known: known.into_iter().collect(),
            ..Default::default()
        }
    }

    /// The number of `id`, giving it the next one on its first citation.
    pub fn number(&mut self, id: &str) -> usize {
        if let Some(n) = self.numbers.get(id) {
            return *n;
        }
        self.order.push(id.to_string());
        self.numbers.insert(id.to_string(), self.order.len());
        self.order.len()
    }

    pub fn is_cited(&self, id: &str) -> bool {
        self.numbers.contains_key(id)
    }
}

/// How deeply lists and block quotes may nest. pulldown-cmark itself copes
/// with any depth, but the sanitiser (and browsers) slow down badly on
/// thousands of levels, and no briefing needs more than a handful.
pub const MAX_NESTING: usize = 100;

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

/// Where the Markdown being rendered was written in its file.
enum Origin {
    /// A body: the Markdown is the file's text from this byte on.
    At(usize),
    /// A front-matter string: decoded, so each offset is looked up.
    Field(StrOffsets),
}

impl Origin {
    fn file_offset(&self, offset: usize) -> usize {
        match self {
            Origin::At(start) => start + offset,
            Origin::Field(map) => map.file_offset(offset),
        }
    }
}

enum Open {
    Plain,
    Skip,
    Replaced,
}

impl Renderer<'_> {
    /// Renders a body, `text`, which starts at byte `offset` of `file`. Raw
    /// HTML is kept (editors are trusted) unless `safe_html` is set.
    pub fn render(
        &self,
        file: &SourceFile,
        text: &str,
        offset: usize,
        cites: Option<&mut Citations>,
        diags: &mut Diagnostics,
    ) -> Html {
        self.render_with(file, text, &Origin::At(offset), cites, diags, true)
    }

    /// Renders Markdown written in a front-matter string (an event's
    /// `text`) whose value starts at byte `at` of `file`: like a body, but
    /// raw HTML is shown as text, since every front-matter value is escaped.
    /// Problems are reported at the character as written, after quotes,
    /// escapes and folded lines.
    pub fn render_field(
        &self,
        file: &SourceFile,
        text: &str,
        at: usize,
        cites: Option<&mut Citations>,
        diags: &mut Diagnostics,
    ) -> Html {
        let yaml = strpos::is_yaml(file.map.text());
        let origin = Origin::Field(strpos::offsets(file.map.text(), at, text, yaml));
        self.render_with(file, text, &origin, cites, diags, false)
    }

    fn render_with(
        &self,
        file: &SourceFile,
        text: &str,
        origin: &Origin,
        cites: Option<&mut Citations>,
        diags: &mut Diagnostics,
        raw_html: bool,
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
        let mut first_para: Option<summary::Summary> = None;
        let mut first_done = false;
        let mut skip_depth = 0usize;
        let mut nesting = 0usize;
        let mut image: Option<figure::Pending> = None;
        let mut figures: Vec<(usize, String)> = Vec::new();
        for (event, range) in parser.into_offset_iter() {
            let at = origin.file_offset(range.start);
            match &event {
                Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => nesting += 1,
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                    nesting = nesting.saturating_sub(1);
                }
                _ => {}
            }
            if nesting > MAX_NESTING {
                diags.push(
                    file.map
                        .error_at(
                            at,
                            format!("lists and block quotes are nested more than {MAX_NESTING} levels deep here"),
                        )
                        .with_hint("flatten the text: split the list or quote into several"),
                );
                return Html::default();
            }
            if let Some(pending) = &mut image {
                match event {
                    Event::Text(t) | Event::Code(t) => pending.alt.push_str(&t),
                    Event::End(TagEnd::Image) => {
                        if let Some(p) = image.take() {
                            let (inline, fig) = self.image(file, p, diags);
                            if let Some(f) = fig {
                                figures.push((out.len(), f));
                            }
                            out.push(Event::InlineHtml(inline.into()));
                        }
                    }
                    _ => {}
                }
                continue;
            }
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
                        first_para = Some(Default::default());
                    }
                    out.push(Event::Start(Tag::Paragraph));
                }
                Event::End(TagEnd::Paragraph) => {
                    para_depth = para_depth.saturating_sub(1);
                    if let Some(p) = first_para.take().map(summary::Summary::finish) {
                        first_done = !p.is_empty();
                        result.first_paragraph = p;
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
                        if let Some(p) = first_para.as_mut() {
                            p.removed_mark();
                        }
                        let html = self.citation(file, keys, at, cites.as_deref_mut(), diags);
                        out.push(Event::InlineHtml(html.into()));
                        stack.push(Open::Skip);
                        skip_depth += 1;
                    } else if matches!(link_type, LinkType::WikiLink { .. }) {
                        let written = text.get(range.clone()).unwrap_or("");
                        let shown_empty =
                            matches!(link_type, LinkType::WikiLink { has_pothole: true })
                                && written.trim_end_matches(']').trim_end().ends_with('|');
                        if shown_empty {
                            report(diags, file, true, || {
                                file.map
                                    .error_at(at, format!("`{written}` has nothing after `|` to show"))
                                    .with_hint(format!(
                                        "write the text to show after `|`, e.g. [[{}|the ministry]], or leave out the `|`",
                                        dest_url.trim()
                                    ))
                            });
                            stack.push(Open::Skip);
                            skip_depth += 1;
                            continue;
                        }
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
                    dest_url, title, ..
                }) => {
                    image = Some(figure::Pending {
                        dest: dest_url.to_string(),
                        title: title.to_string(),
                        at,
                        alt: String::new(),
                    });
                }
                Event::Html(h) | Event::InlineHtml(h) if !raw_html => {
                    if skip_depth == 0 {
                        out.push(Event::Text(h));
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) if self.safe_html => {}
                ev @ (Event::Text(_) | Event::Code(_)) => {
                    if skip_depth > 0 {
                        continue;
                    }
                    if matches!(ev, Event::Text(_)) {
                        if let Some(d) = references::empty_reference(file, text, range.start, at) {
                            report(diags, file, true, || d);
                        }
                    }
                    if let (Some(p), Event::Text(t) | Event::Code(t)) = (first_para.as_mut(), &ev) {
                        if para_depth > 0 {
                            p.push(t);
                        }
                    }
                    out.push(ev);
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(p) = first_para.as_mut() {
                        p.space();
                    }
                    out.push(event);
                }
                other => {
                    if let Event::FootnoteReference(_) = other {
                        if let Some(p) = first_para.as_mut() {
                            p.removed_mark();
                        }
                    }
                    if skip_depth == 0 {
                        out.push(other);
                    }
                }
            }
        }
        let out = figure::lift_figures(out, figures);
        let events = anchor_headings(out, &mut result.headings, &self.words.anchor);
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
            report(diags, file, true, || {
                file.map
                    .error_at(at, "citations can only be used in briefings")
                    .with_hint("pages have no [[sources]]; link to the source instead")
            });
            return String::new();
        };
        let mut parts = Vec::new();
        for key in parse_citation_keys(keys).unwrap_or_default() {
            if !cites.known.contains(key) {
                report(diags, file, true, || {
                    let hint = did_you_mean(key, cites.known.iter().map(String::as_str))
                        .unwrap_or_else(|| {
                            if cites.known.is_empty() {
                                "this briefing has no [[sources]]: add one with this id".to_string()
                            } else {
                                let mut ids: Vec<&str> =
                                    cites.known.iter().map(String::as_str).take(20).collect();
                                if cites.known.len() > ids.len() {
                                    ids.push("…");
                                }
                                format!("the sources of this briefing are: {}", ids.join(", "))
                            }
                        });
                    file.map
                        .error_at(at, format!("unknown source `{key}` in citation"))
                        .with_hint(hint)
                });
                continue;
            }
            let n = cites.number(key);
            // The mark is the source's number, as the source list shows it:
            // no hover text repeating it.
            parts.push(format!(
                "<a href=\"#source-{id}\">{n}</a>",
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
                    report(diags, file, true, || {
                        file.map
                            .error_at(at, format!("`[[{target}]]` does not name an actor"))
                            .with_hint(references::EMPTY_MENTION_HINT)
                    });
                    return None;
                }
                report(diags, file, self.strict, || {
                    self.registry
                        .unmatched(&file.map, at, target, &id, self.strict)
                });
                result
                    .implicit
                    .push((id.clone(), target.trim().to_string()));
                id
            }
        };
        Some(crate::route::Route::Actor(&id).url(self.base_path))
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
        if has_scheme(dest) {
            // Any other scheme (`javascript:` too) is the editor's business;
            // `safe_html = true` lets the sanitiser drop the dangerous ones.
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
                    report(diags, file, true, || {
                        file.map
                            .error_at(at, format!("link to `{dest}`, but content/{} does not exist (or is a draft)", t.display()))
                            .with_hint("links to other briefings are relative to this file, e.g. `2025-09-10-fwo-ussm-mou.md`")
                    });
                    dest.to_string()
                }
            },
            Some(t) if self.links.assets.contains(&t) => dest.to_string(),
            Some(t) => {
                report(diags, file, true, || {
                    file.map
                        .error_at(
                            at,
                            format!(
                                "link to `{dest}`, but content/{} does not exist",
                                t.display()
                            ),
                        )
                        .with_hint("put the file next to the briefing, or fix the path")
                });
                dest.to_string()
            }
            None => {
                report(diags, file, true, || {
                    file.map
                        .error_at(at, format!("link to `{dest}` points outside content/"))
                        .with_hint("link only to files inside content/")
                });
                dest.to_string()
            }
        }
    }
}

/// Reports a problem, or only counts it once the file has
/// [`crate::diagnostic::MAX_PER_FILE`] diagnostics: a huge body with a million
/// bad citations must not spend its time building messages nobody sees.
fn report(
    diags: &mut Diagnostics,
    file: &SourceFile,
    error: bool,
    make: impl FnOnce() -> Diagnostic,
) {
    if diags.is_full(&file.path) {
        let counted = Diagnostic::error(&file.path, Pos::default(), String::new());
        diags.push(if error {
            counted
        } else {
            Diagnostic {
                severity: Severity::Warning,
                ..counted
            }
        });
    } else {
        diags.push(make());
    }
}

/// Whether `dest` starts with a URL scheme such as `javascript:` or `urn:`
/// (two or more characters, so a Windows drive `C:` is not one).
fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() >= 2
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
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
pub(crate) fn normalize(path: &Path) -> Option<PathBuf> {
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

pub(crate) fn percent_decode(s: &str) -> String {
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
    label: &str,
) -> Vec<Event<'a>> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    // The next suffix to try per base id, so that thousands of headings with
    // one text take linear time, not quadratic.
    let mut next: BTreeMap<String, usize> = BTreeMap::new();
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
            let n = next.entry(base.clone()).or_insert(1);
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                *n += 1;
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
                    " <a class=\"anchor\" href=\"#{}\" aria-label=\"{}\">#</a>",
                    escape_html(&unique),
                    escape_html(label)
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
        .add_tags(["input", "picture", "source", "figure", "figcaption"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tag_attributes("source", ["type", "srcset", "sizes"])
        .clean(html)
        .to_string()
}
