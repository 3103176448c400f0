//! dossier: a static site generator for briefings.
//!
//! The pipeline, one stage per module, each a function from one typed value
//! to the next:
//!
//! 1. [`config::load`] — `site.toml` into a validated [`config::Config`];
//! 2. [`content::discover`] — find briefings, actor profiles, pages, assets;
//! 3. [`content::parse`] — front matter into validated types (in parallel);
//! 4. [`library::assemble`] — one store keyed by id; actor references resolved;
//! 5. [`markdown`] — bodies to HTML with citations, mentions and links (in parallel);
//! 6. [`index::build`] — timeline, actors, tags, sources, related briefings;
//! 7. [`render`] and [`formats`] — pages, feeds and data into a staging folder;
//! 8. [`output`] — swap the staging folder in, only if nothing failed.
//!
//! Every stage reports problems as [`diagnostic::Diagnostic`]s and keeps
//! going where it can, so one run shows every error.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod formats;
pub mod incremental;
pub mod index;
pub mod library;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod serve_script;
pub mod text;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use content::date::PartialDate;
use content::discover::{self, Discovered};
use content::model::ActorId;
use content::parse::{self, RawFile};
use diagnostic::{Diagnostic, Diagnostics, Pos};
use library::{Actor, Library};
use markdown::{Citations, Html, LinkTargets, Renderer};

/// What the command line asks of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Adds the live-reload script (`dossier serve`).
    pub live_reload: bool,
    /// Shows a progress bar (on a terminal) for builds over a second.
    pub progress: bool,
    /// Leave the previous output (renamed `.<name>.old-<pid>`) for the
    /// caller to delete, instead of deleting it before returning.
    pub keep_old_output: bool,
    /// `--force`: take a non-empty output folder without dossier's marker
    /// (never the site, its sources, or a file: see [`output::ownership`]).
    pub force: bool,
}

/// A briefing's rendered Markdown: body, event texts and citation order.
#[derive(Debug, Clone, Default)]
pub struct BriefingHtml {
    pub body: Html,
    /// Each event's `text`, rendered.
    pub events: Vec<Option<String>>,
    /// Source ids in citation order: body, then event texts, then events'
    /// `sources`, then sources nothing cites.
    pub citations: Vec<String>,
    /// `summary`, else the body's first paragraph as plain text.
    pub summary: String,
    pub word_count: usize,
}

impl BriefingHtml {
    /// The citation number of a source (1-based).
    pub fn number(&self, id: &str) -> usize {
        self.citations
            .iter()
            .position(|c| c == id)
            .map_or(0, |i| i + 1)
    }
}

/// Everything a site build knows, read-only after [`load`].
pub struct Site {
    pub root: PathBuf,
    pub config: config::Config,
    /// The path of `base_url`: `/` or `/desk/`.
    pub base_path: String,
    pub library: Library,
    /// Aligned with `library.briefings`.
    pub bodies: Vec<BriefingHtml>,
    /// Aligned with `library.profiles`.
    pub profile_html: Vec<Html>,
    /// Aligned with `library.pages`.
    pub page_html: Vec<Html>,
    pub index: index::Index,
    /// The build's "today".
    pub now: PartialDate,
    pub live_reload: bool,
    pub theme: render::theme::Theme,
    pub tera: tera::Tera,
    pub progress: progress::Progress,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub output: PathBuf,
    pub files: usize,
    pub bytes: u64,
    pub briefings: usize,
    pub events: usize,
    pub actors: usize,
    pub seconds: f64,
    /// The previous output, still to delete, with `keep_old_output`.
    pub old_output: Option<PathBuf>,
}

/// `built F files (B briefings, E events, A actors) with W warnings in
/// <took>`: the line `build` and `serve` print after a full build.
pub fn summary_line(
    [files, briefings, events, actors]: [usize; 4],
    warnings: usize,
    took: &str,
) -> String {
    format!(
        "built {files} files ({briefings} briefings, {events} events, {actors} actors) with {warnings} warning{} in {took}",
        if warnings == 1 { "" } else { "s" },
    )
}

impl BuildReport {
    /// The one-line summary printed after every build.
    pub fn summary(&self) -> String {
        summary_line(
            [self.files, self.briefings, self.events, self.actors],
            self.diagnostics.warning_count(),
            &format!("{:.2}s", self.seconds),
        )
    }
}

fn fail(mut diags: Diagnostics) -> Diagnostics {
    diags.sort();
    diags
}

/// Prints how long each stage took when `DOSSIER_TIMINGS` is set.
struct Timer {
    on: bool,
    last: Instant,
    progress: progress::Progress,
}

impl Timer {
    fn new(progress: progress::Progress) -> Timer {
        Timer {
            progress,
            on: std::env::var_os("DOSSIER_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }
    fn stage(&mut self, name: &str) {
        self.progress.stage(name);
        if self.on {
            eprintln!(
                "  {name:<12} {:>8.1} ms  (resident {} MiB)",
                self.last.elapsed().as_secs_f64() * 1000.0,
                resident_mib()
            );
        }
        self.last = Instant::now();
    }
}

/// The process's resident memory in MiB, for `DOSSIER_TIMINGS` (0 where
/// `/proc` is not available).
fn resident_mib() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    pages * 4096 / (1 << 20)
}

/// Loads, validates and renders the Markdown of a site, writing nothing.
pub fn load(opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    load_cached(opts, &incremental::Cache::off())
}

/// [`load`], reusing the parsed files, compiled templates and rendered
/// Markdown that `cache` kept from earlier loads (`dossier serve`).
pub fn load_cached(
    opts: &BuildOptions,
    cache: &incremental::Cache,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let root = &opts.root;
    if !root.is_dir() {
        let what = if root.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        diags.push_usage(
            Diagnostic::error("--root", Pos::default(), format!("the site folder `{}` {what}", root.display()))
                .with_hint("pass the folder that holds site.toml with --root, or create a site with `dossier init DIR`"),
        );
        return Err(diags);
    }
    let Some(mut config) = config::load(root, &mut diags) else {
        return Err(fail(diags));
    };
    if let Some(given) = &opts.base_url {
        let mut url = given.trim().to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        if url.starts_with("http://") || url.starts_with("https://") {
            config.base_url = url;
        } else {
            diags.push_usage(
                Diagnostic::error("--base-url", Pos::default(), format!("`{}` is not an http(s) URL", given.trim()))
                    .with_hint("pass the address the site will be published at, e.g. --base-url https://example.org/briefs/"),
            );
        }
    }
    let mut timer = Timer::new(progress::Progress::new(opts.progress));
    let found = discover::discover(root, &mut diags);
    timer.stage("discover");
    let parsed = parse_all(root, &found, cache, &mut diags);
    timer.stage("parse");
    let mut library = library::assemble(parsed, config.strict, opts.drafts, &mut diags);
    timer.stage("assemble");
    let theme = render::theme::load(root, &config.theme, &mut diags);
    let tera = cache.compile(&theme, &mut diags);
    timer.stage("templates");
    let base_path = config.base_path();
    let (bodies, profile_html, page_html) =
        render_markdown(&mut library, &config, &base_path, cache, &mut diags);
    timer.stage("markdown");
    let index = index::build(&library);
    timer.stage("index");
    let now = config.now.unwrap_or_else(today);
    diags.sort();
    let Some(tera) = tera else {
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let site = Site {
        root: root.clone(),
        config,
        base_path,
        library,
        bodies,
        profile_html,
        page_html,
        index,
        now,
        live_reload: opts.live_reload,
        theme,
        tera,
        progress: timer.progress,
    };
    Ok((site, diags))
}

/// `SOURCE_DATE_EPOCH` if set, else the clock, as a day.
pub fn today() -> PartialDate {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    PartialDate::from_unix_days(secs.div_euclid(86_400))
}

fn parse_all(
    root: &Path,
    found: &Discovered,
    cache: &incremental::Cache,
    diags: &mut Diagnostics,
) -> library::Parsed {
    type Parser<T> = fn(&RawFile, &mut Diagnostics) -> Option<T>;
    fn run<T: Clone + Send + Sync + 'static>(
        root: &Path,
        files: &[PathBuf],
        parse: Parser<T>,
        cache: &incremental::Cache,
        diags: &mut Diagnostics,
    ) -> Vec<T> {
        let results: Vec<(Option<T>, Diagnostics)> = files
            .par_iter()
            .map(|rel| {
                let path = Path::new("content").join(rel);
                cache.parse(root, &path, |text, d| {
                    parse(
                        &RawFile {
                            path: &path,
                            rel,
                            text,
                        },
                        d,
                    )
                })
            })
            .collect();
        results
            .into_iter()
            .filter_map(|(item, d)| {
                diags.merge(d);
                item
            })
            .collect()
    }
    library::Parsed {
        briefings: run(root, &found.briefings, parse::parse_briefing, cache, diags),
        profiles: run(root, &found.profiles, parse::parse_profile, cache, diags),
        pages: run(root, &found.pages, parse::parse_page, cache, diags),
        assets: found.assets.clone(),
    }
}

fn link_targets(library: &Library, base_path: &str) -> LinkTargets {
    let urls = render::views::Urls {
        base: base_path.to_string(),
    };
    let mut links = LinkTargets::default();
    for b in &library.briefings {
        links
            .pages
            .insert(b.file.rel.clone(), urls.briefing(&b.slug));
    }
    for p in &library.pages {
        links.pages.insert(p.file.rel.clone(), urls.page(&p.slug));
    }
    for p in &library.profiles {
        links.pages.insert(p.file.rel.clone(), urls.actor(&p.id));
    }
    links.assets = library.assets.iter().map(|a| a.rel.clone()).collect();
    links
}

type Rendered = (Vec<BriefingHtml>, Vec<Html>, Vec<Html>);

/// Renders every body; actors named only by `[[...]]` join the library as
/// implicit actors.
fn render_markdown(
    library: &mut Library,
    config: &config::Config,
    base_path: &str,
    cache: &incremental::Cache,
    diags: &mut Diagnostics,
) -> Rendered {
    let links = link_targets(library, base_path);
    let renderer = Renderer {
        registry: &library.registry,
        links: &links,
        base_path,
        safe_html: config.safe_html,
        strict: config.strict,
    };
    let key = incremental::renderer_key(&renderer);
    let bodies: Vec<(BriefingHtml, Diagnostics)> = library
        .briefings
        .par_iter()
        .map(|b| cache.markdown(&b.file, key, || briefing_markdown(&renderer, b)))
        .collect();
    let simple = |file: &content::model::SourceFile, d: &mut Diagnostics| {
        renderer.render(file, file.body_text(), file.body.start, None, d)
    };
    let profiles: Vec<(Html, Diagnostics)> = library
        .profiles
        .par_iter()
        .map(|p| {
            cache.markdown(&p.file, key, || {
                let mut d = Diagnostics::new();
                (simple(&p.file, &mut d), d)
            })
        })
        .collect();
    let pages: Vec<(Html, Diagnostics)> = library
        .pages
        .par_iter()
        .map(|p| {
            cache.markdown(&p.file, key, || {
                let mut d = Diagnostics::new();
                (simple(&p.file, &mut d), d)
            })
        })
        .collect();
    let mut implicit: Vec<(ActorId, String)> = Vec::new();
    let mut unzip = |items: Vec<(Html, Diagnostics)>, diags: &mut Diagnostics| -> Vec<Html> {
        items
            .into_iter()
            .map(|(h, d)| {
                diags.merge(d);
                implicit.extend(h.implicit.iter().cloned());
                h
            })
            .collect()
    };
    let profile_html = unzip(profiles, diags);
    let page_html = unzip(pages, diags);
    let bodies: Vec<BriefingHtml> = bodies
        .into_iter()
        .map(|(h, d)| {
            diags.merge(d);
            implicit.extend(h.body.implicit.iter().cloned());
            h
        })
        .collect();
    for (id, name) in implicit {
        library.actors.entry(id.clone()).or_insert_with(|| Actor {
            id,
            name,
            kind: content::model::ActorKind::Other,
            aliases: Vec::new(),
            country: None,
            wikidata: None,
            url: None,
            profile: None,
            extra: serde_json::json!({}),
        });
    }
    (bodies, profile_html, page_html)
}

/// One briefing's Markdown: body, event texts, citation order, summary.
fn briefing_markdown(
    renderer: &Renderer,
    b: &content::model::Briefing<ActorId>,
) -> (BriefingHtml, Diagnostics) {
    let mut d = Diagnostics::new();
    let mut cites = Citations::new(b.sources.iter().map(|s| s.id.clone()));
    let body = renderer.render(
        &b.file,
        b.file.body_text(),
        b.file.body.start,
        Some(&mut cites),
        &mut d,
    );
    let events: Vec<Option<String>> = b
        .events
        .iter()
        .map(|e| {
            e.text.as_ref().map(|t| {
                let h = renderer.render_field(&b.file, &t.value, t.at, Some(&mut cites), &mut d);
                h.html
            })
        })
        .collect();
    for e in &b.events {
        for s in &e.sources {
            cites.number(s);
        }
    }
    for s in &b.sources {
        if !cites.is_cited(&s.id) {
            d.push(
                b.file
                    .map
                    .warning_at(s.at, format!("the source `{}` is never cited", s.id))
                    .with_hint(format!(
                        "cite it in the body with [@{}] or in an event's `sources`, or remove it",
                        s.id
                    ))
                    .grouped(
                        diagnostic::Kind::UncitedSource,
                        format!("{}#{}", b.file.path.display(), s.id),
                    ),
            );
            cites.number(&s.id);
        }
    }
    let summary = b
        .summary
        .clone()
        .unwrap_or_else(|| truncate_words(&body.first_paragraph, 300));
    let word_count = b.file.body_text().split_whitespace().count();
    (
        BriefingHtml {
            body,
            events,
            citations: cites.order,
            summary,
            word_count,
        },
        d,
    )
}

/// The Markdown of briefing `b` of a loaded `site`, rendered exactly as
/// [`load`] renders it, for `dossier serve` after an edit to that one file
/// (same slug, same actors): the rest of the site is as `load` left it.
pub fn render_briefing_markdown(
    site: &Site,
    b: &content::model::Briefing<ActorId>,
) -> (BriefingHtml, Diagnostics) {
    let links = link_targets(&site.library, &site.base_path);
    let renderer = Renderer {
        registry: &site.library.registry,
        links: &links,
        base_path: &site.base_path,
        safe_html: site.config.safe_html,
        strict: site.config.strict,
    };
    briefing_markdown(&renderer, b)
}

fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Builds the site into its output folder, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let claimed = output::ownership::claim(&opts.root, opts.output.as_deref(), opts.force);
    let (site, mut diags, out) = match (load(opts), claimed) {
        (Ok((site, diags)), Ok(Some(out))) => (site, diags, out),
        (Ok((_, mut diags)) | Err(mut diags), claimed) => {
            if let Err(refusal) = claimed {
                diags.push_usage(refusal);
            }
            return Err(fail(diags));
        }
    };
    let mut timer = Timer::new(site.progress.clone());
    let staging = match output::Staging::begin(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(&out, Pos::default(), e.to_string()));
            return Err(fail(diags));
        }
    };
    timer.stage("staging");
    write_site(&site, &staging, &mut diags);
    timer.stage("write");
    site.progress.finish();
    if diags.has_errors() {
        staging.abort();
        return Err(fail(diags));
    }
    let files = staging.files_written();
    let bytes = staging.bytes_written();
    let old = match staging.commit_keeping_old() {
        Ok(old) => old,
        Err(e) => {
            diags.push(Diagnostic::error(&out, Pos::default(), e.to_string()));
            return Err(fail(diags));
        }
    };
    timer.stage("swap");
    let old_output = match old {
        Some(old) if !opts.keep_old_output => {
            // Best effort: a folder left behind is removed by the next build.
            let _ = std::fs::remove_dir_all(&old);
            None
        }
        old => old,
    };
    Ok(BuildReport {
        diagnostics: diags,
        output: out,
        files,
        bytes,
        briefings: site.library.briefings.len(),
        events: site.index.timeline.len(),
        actors: site.library.actors.len(),
        seconds: start.elapsed().as_secs_f64(),
        old_output,
    })
}

/// Writes every output file of a loaded site into `staging`.
pub fn write_site(site: &Site, staging: &output::Staging, diags: &mut Diagnostics) {
    let mut timer = Timer::new(site.progress.clone());
    // Pages and the data formats read only the site: render them side by side.
    let mut data_diags = Diagnostics::new();
    rayon::join(
        || render::render_site(site, &site.theme, &site.tera, staging, diags),
        || formats::write_data(site, staging, &mut data_diags),
    );
    diags.extend(data_diags);
    timer.stage("pages+data");
    formats::write_sitemap(site, staging, diags);
    timer.stage("sitemap");
    copy_files(site, staging, diags);
    timer.stage("copy");
}

/// Writes every output file but the HTML pages: feeds, data, theme static
/// files and content assets (`dossier serve` renders the pages itself).
/// Runs after the pages are written: the sitemap lists them.
pub fn write_other(site: &Site, staging: &output::Staging, diags: &mut Diagnostics) {
    let mut timer = Timer::new(site.progress.clone());
    formats::write_all(site, staging, diags);
    timer.stage("formats");
    copy_files(site, staging, diags);
    timer.stage("copy");
}

fn copy_files(site: &Site, staging: &output::Staging, diags: &mut Diagnostics) {
    let mut report = |r: Result<(), output::OutputError>, path: &Path| {
        if let Err(e) = r {
            diags.push(Diagnostic::error(path, Pos::default(), e.to_string()));
        }
    };
    for (rel, file) in &site.theme.statics {
        report(staging.write(rel, &file.bytes), &file.origin);
    }
    let css = markdown::highlight::css(&site.config.highlight_theme);
    report(
        staging.write("highlight.css", css.as_bytes()),
        Path::new("site.toml"),
    );
    for asset in &site.library.assets {
        let from = site.root.join("content").join(&asset.rel);
        for (b, below) in &asset.beside {
            let slug = &site.library.briefings[*b].slug;
            let rel = format!(
                "briefings/{slug}/{}",
                below.to_string_lossy().replace('\\', "/")
            );
            let shown = Path::new("content").join(&asset.rel);
            let copied = staging.copy(&from, &rel).map_err(|e| match e {
                output::OutputError::Collision(..) => Diagnostic::error(
                    &shown,
                    Pos::default(),
                    format!("this file would be copied to `{rel}`, which is already an output of the site"),
                )
                .with_hint("rename the file: a page or another file has that name"),
                e => Diagnostic::error(&shown, Pos::default(), e.to_string()),
            });
            if let Err(d) = copied {
                diags.push(d);
            }
        }
    }
}

/// Everything `build` validates, writing nothing.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    // The output folder's rules too, but for an unmarked folder, which a
    // build may be given `--force` to take.
    let claimed = output::ownership::claim(&opts.root, opts.output.as_deref(), true);
    let mut diags = match load(opts) {
        Err(d) => d,
        Ok((site, mut diags)) => {
            // Render everything without writing, so template errors are found too.
            write_site(&site, &output::Staging::dry(), &mut diags);
            diags
        }
    };
    if let Err(refusal) = claimed {
        diags.push_usage(refusal);
    }
    diags.sort();
    diags
}
