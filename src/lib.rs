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

pub(crate) mod config;
pub mod content;
pub mod diagnostic;
pub(crate) mod formats;
pub(crate) mod i18n;
pub mod images;
pub(crate) mod incremental;
pub(crate) mod index;
pub mod lang;
pub(crate) mod library;
pub mod lsp;
pub(crate) mod markdown;
pub mod output;
mod passes;
mod pipeline;
pub(crate) mod progress;
pub(crate) mod render;
pub mod route;
pub mod scaffold;
pub mod serve;
pub(crate) mod serve_script;
pub(crate) mod site;
pub mod text;

use std::path::{Path, PathBuf};
use std::time::Instant;

use content::discover;
use diagnostic::{Diagnostic, Diagnostics, Pos};
use markdown::stage::render_markdown;
pub use markdown::stage::{render_briefing_markdown, BriefingHtml};
pub(crate) use pipeline::parse_all;
pub use pipeline::today;
use pipeline::Timer;
use route::Route;
pub use site::Site;

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
    /// Resized image copies made, and taken from the cache.
    pub images: images::process::Stats,
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
    if !pipeline::root_is_a_folder(root, &mut diags) {
        return Err(diags);
    }
    let Some(mut config) = config::load(root, &mut diags) else {
        return Err(fail(diags));
    };
    pipeline::apply_base_url(&mut config, opts.base_url.as_deref(), &mut diags);
    let mut timer = Timer::new(progress::Progress::new(opts.progress));
    let found = discover::discover(root, &mut diags);
    timer.stage("discover");
    let parsed = parse_all(root, &found, cache, &mut diags);
    let translations = content::translation::translate(root, &found, &parsed, &config, &mut diags);
    timer.stage("parse");
    let mut library = library::assemble(parsed, config.strict, opts.drafts, &mut diags);
    if config.require_grades {
        content::grading::missing_grades(&library.briefings, &mut diags);
    }
    timer.stage("assemble");
    // Only files that are copied somewhere (not case twins, say) are read.
    let asset_paths: Vec<PathBuf> = library
        .assets
        .iter()
        .filter(|a| !a.beside.is_empty())
        .map(|a| a.rel.clone())
        .collect();
    library.images = images::catalog(root, &asset_paths, &mut diags);
    timer.stage("images");
    let theme = render::theme::load(root, &config.theme, &mut diags);
    let strings = i18n::Strings::load(
        &theme,
        &config.language,
        config.strings_for(&config.language),
        &mut diags,
    );
    library.images.statics = images::statics(&theme.statics, &mut diags);
    let tera = cache.compile(&theme, &mut diags);
    timer.stage("templates");
    let base_path = config.base_path();
    let (bodies, profile_html, page_html, place_html) = render_markdown(
        &mut library,
        &config,
        &base_path,
        markdown::Words::from_strings(&strings),
        cache,
        &mut diags,
    );
    timer.stage("markdown");
    let index = index::build(&library);
    timer.stage("index");
    let now = config.now.unwrap_or_else(today);
    let Some(tera) = tera else {
        diags.sort();
        return Err(diags);
    };
    let lang = site::Lang {
        code: config.language.clone(),
        dir: lang::direction(&config.language),
        prefix: String::new(),
        root_path: base_path.clone(),
        all: Default::default(),
        untranslated: Default::default(),
    };
    let dates = content::datefmt::DateFormat::get(
        &config.language,
        &content::datefmt::TimeWords::from_strings(&strings),
    );
    let mut site = Site {
        root: root.clone(),
        config,
        base_path,
        library,
        bodies,
        profile_html,
        place_html,
        page_html,
        index,
        wording: content::edtf::Wording::from_strings(&strings),
        strings,
        now,
        live_reload: opts.live_reload,
        dates,
        lang,
        languages: Vec::new(),
        machinery: site::Machinery {
            theme,
            tera,
            progress: timer.progress,
        },
    };
    for content in translations {
        let other = passes::language_site(&site, content, opts.drafts, &mut diags);
        site.languages.push(other);
    }
    passes::link_languages(&mut site);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((site, diags))
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
    let mut timer = Timer::new(site.machinery.progress.clone());
    let staging = match output::Staging::begin(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(&out, Pos::default(), e.to_string()));
            return Err(fail(diags));
        }
    };
    timer.stage("staging");
    let images = write_site(&site, &staging, &mut diags);
    timer.stage("write");
    site.machinery.progress.finish();
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
        images,
    })
}

/// Writes every output file of a loaded site into `staging`; tells how
/// much image work it took.
pub(crate) fn write_site(
    site: &Site,
    staging: &output::Staging,
    diags: &mut Diagnostics,
) -> images::process::Stats {
    let mut timer = Timer::new(site.machinery.progress.clone());
    // Pages and the data formats read only the site: render them side by side.
    let mut data_diags = Diagnostics::new();
    rayon::join(
        || render::render_site(site, staging, diags),
        || formats::write_data(site, staging, &mut data_diags),
    );
    diags.extend(data_diags);
    timer.stage("pages+data");
    let images = copy_files(site, staging, diags);
    timer.stage("copy");
    write_languages(site, staging, diags);
    timer.stage("languages");
    formats::write_sitemap(site, staging, diags);
    timer.stage("sitemap");
    images
}

/// Writes every output file but the HTML pages: feeds, data, theme static
/// files and content assets (`dossier serve` renders the pages itself).
/// Runs after the pages are written: the sitemap lists them.
pub(crate) fn write_other(site: &Site, staging: &output::Staging, diags: &mut Diagnostics) {
    let mut timer = Timer::new(site.machinery.progress.clone());
    // `serve` renders the default language's pages itself, and the other
    // languages' trees whole with the other outputs (before the sitemap,
    // which lists them).
    write_languages(site, staging, diags);
    timer.stage("languages");
    formats::write_all(site, staging, diags);
    timer.stage("formats");
    copy_files(site, staging, diags);
    timer.stage("copy");
}

/// Each other language is a tree of its own under `<code>/`, with its
/// pages, feeds, data, search index and the files they link to.
fn write_languages(site: &Site, staging: &output::Staging, diags: &mut Diagnostics) {
    for other in &site.languages {
        let under = staging.under(&other.lang.prefix);
        let mut data_diags = Diagnostics::new();
        rayon::join(
            || render::render_site(other, &under, diags),
            || formats::write_data(other, &under, &mut data_diags),
        );
        diags.extend(data_diags);
        copy_files(other, &under, diags);
    }
}

fn copy_files(
    site: &Site,
    staging: &output::Staging,
    diags: &mut Diagnostics,
) -> images::process::Stats {
    let mut report = |r: Result<(), output::OutputError>, path: &Path| {
        if let Err(e) = r {
            diags.push(Diagnostic::error(path, Pos::default(), e.to_string()));
        }
    };
    for (rel, file) in &site.machinery.theme.statics {
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
                "{}{}",
                Route::Briefing(slug).rel(),
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
    let slugs: Vec<&str> = site
        .library
        .briefings
        .iter()
        .map(|b| b.slug.as_str())
        .collect();
    images::process::write_variants(
        &site.root,
        &site.library.images,
        &site.library.assets,
        &slugs,
        &site.machinery.theme.statics,
        staging,
        diags,
    )
}

/// Everything `build` validates, writing nothing.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    // The output folder's rules too, but for an unmarked folder, which a
    // build may be given `--force` to take.
    let claimed = output::ownership::claim(&opts.root, opts.output.as_deref(), true);
    let mut diags = match load(opts) {
        Err(d) => d,
        Ok((site, mut diags)) => {
            library::lookalikes(&site.library, &mut diags);
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
