//! The driver's helpers: what `lib.rs` needs around its stage calls but is
//! no stage itself — the command-line overrides of the configuration, the
//! parallel parse of every discovered file, the build's clock (`today`)
//! and the per-stage timer of `DOSSIER_TIMINGS`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::date::PartialDate;
use crate::content::discover::Discovered;
use crate::content::parse::{self, RawFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::{content, incremental, library, progress};

/// Whether `root` is a folder; reports a usage error if not.
pub(crate) fn root_is_a_folder(root: &Path, diags: &mut Diagnostics) -> bool {
    if root.is_dir() {
        return true;
    }
    let what = if root.exists() {
        "is not a folder"
    } else {
        "does not exist"
    };
    diags.push_usage(
        Diagnostic::error("--root", Pos::default(), format!("the site folder `{}` {what}", root.display()))
            .with_hint("pass the folder that holds site.toml with --root, or create a site with `dossier init DIR`"),
    );
    false
}

/// Applies `--base-url` (if given) over the configuration's `base_url`.
pub(crate) fn apply_base_url(config: &mut Config, given: Option<&str>, diags: &mut Diagnostics) {
    let Some(given) = given else {
        return;
    };
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

/// Prints how long each stage took when `DOSSIER_TIMINGS` is set.
pub(crate) struct Timer {
    on: bool,
    last: Instant,
    pub(crate) progress: progress::Progress,
}

impl Timer {
    pub(crate) fn new(progress: progress::Progress) -> Timer {
        Timer {
            progress,
            on: std::env::var_os("DOSSIER_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }
    pub(crate) fn stage(&mut self, name: &str) {
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

/// Parses every discovered file (in parallel, through `cache`).
pub(crate) fn parse_all(
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
        places: run(
            root,
            &found.places,
            content::place::parse_place,
            cache,
            diags,
        ),
        pages: run(root, &found.pages, parse::parse_page, cache, diags),
        assets: found.assets.clone(),
    }
}
