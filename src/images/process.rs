//! Making the resized copies of images, through a cache folder outside the
//! output (`<root>/.dossier-cache/images/`, kept between builds and shared
//! with `dossier serve`).
//!
//! Steps, per image (in parallel): for each copy it gets, take the cached
//! file named by the image's content hash, width and format; if there is
//! none, decode the original once, resize, encode and store it in the
//! cache (written aside, then renamed, so that a stopped build never leaves
//! half a file); then write the copy beside every page the image belongs
//! to. A changed image has a new hash, hence new cache entries; stale
//! entries are harmless and can be deleted with the folder at any time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use image::DynamicImage;
use rayon::prelude::*;

use super::{Catalog, Format, Image, Variant};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::library::Asset;
use crate::output::{OutputError, Staging};
use crate::render::theme::ThemeFile;
use crate::route::Route;

/// The cache folder, under the site's root. `dossier` ignores it when it
/// looks for content and when `serve` watches for changes.
pub const CACHE_DIR: &str = ".dossier-cache";

/// How much image work a build did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Copies resized and encoded in this build.
    pub made: usize,
    /// Copies taken from the cache.
    pub reused: usize,
}

/// The JPEG quality of resized copies (0–100).
const JPEG_QUALITY: u8 = 82;

/// Makes (or takes from the cache) every resized copy of every image among
/// `assets` and the site's `static/` files, and writes each beside the
/// pages the image is copied to (a static image's, beside it). In a dry run
/// only the output paths are claimed.
pub(crate) fn write_variants(
    root: &Path,
    catalog: &Catalog,
    assets: &[Asset],
    briefing_slugs: &[&str],
    statics: &BTreeMap<String, ThemeFile>,
    staging: &Staging,
    diags: &mut Diagnostics,
) -> Stats {
    let work = Work {
        cache: root.join(CACHE_DIR).join("images"),
        staging,
        made: AtomicUsize::new(0),
        reused: AtomicUsize::new(0),
    };
    let mut found: Vec<Diagnostic> = assets
        .par_iter()
        .filter_map(|a| Some((a, catalog.images.get(&a.rel)?)))
        .flat_map_iter(|(asset, image)| {
            let shown = Path::new("content").join(&asset.rel);
            let from = root.join("content").join(&asset.rel);
            let load = || std::fs::read(&from).map_err(|e| format!("cannot read this image: {e}"));
            let name = asset
                .rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let places: Vec<String> = asset
                .beside
                .iter()
                .filter_map(|(b, below)| {
                    let slug = briefing_slugs.get(*b)?;
                    let dir = below
                        .parent()
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .filter(|p| !p.is_empty())
                        .map(|p| format!("{p}/"))
                        .unwrap_or_default();
                    Some(format!("{}{dir}", Route::Briefing(slug).rel()))
                })
                .collect();
            work.one(image, &name, &places, &shown, &load)
        })
        .collect();
    found.extend(
        catalog
            .statics
            .par_iter()
            .flat_map_iter(|(rel, image)| {
                let Some(file) = statics.get(rel) else {
                    return Vec::new();
                };
                let (dir, name) = match rel.rfind('/') {
                    Some(i) => rel.split_at(i + 1),
                    None => ("", rel.as_str()),
                };
                let load = || Ok(file.bytes.clone());
                work.one(image, name, &[dir.to_string()], &file.origin, &load)
            })
            .collect::<Vec<_>>(),
    );
    diags.extend(found);
    Stats {
        made: work.made.into_inner(),
        reused: work.reused.into_inner(),
    }
}

/// What every image's work shares: the cache, the output, the counts.
struct Work<'a> {
    cache: PathBuf,
    staging: &'a Staging,
    made: AtomicUsize,
    reused: AtomicUsize,
}

impl Work<'_> {
    /// The copies of one image (`name`, read by `load`), made or taken
    /// from the cache, written into each folder of `places`; problems are
    /// reported at `shown`.
    fn one(
        &self,
        image: &Image,
        name: &str,
        places: &[String],
        shown: &Path,
        load: &dyn Fn() -> Result<Vec<u8>, String>,
    ) -> Vec<Diagnostic> {
        let mut decoded: Option<DynamicImage> = None;
        let mut errors = Vec::new();
        let dry = self.staging.is_dry();
        for v in image.variants().into_iter().filter(|v| !v.original) {
            let cached = self
                .cache
                .join(format!("{}-{}w.{}", image.hash, v.width, v.format.ext()));
            if !dry && !cached.is_file() {
                if let Err(e) = make(load, &v, &cached, &mut decoded) {
                    errors.push(Diagnostic::error(shown, Pos::default(), e));
                    break;
                }
                self.made.fetch_add(1, Ordering::Relaxed);
            } else if !dry {
                self.reused.fetch_add(1, Ordering::Relaxed);
            }
            for dir in places {
                let rel = format!("{dir}{}", v.file_name(name));
                if let Err(e) = self.staging.copy(&cached, &rel) {
                    errors.push(match e {
                        OutputError::Collision(..) => Diagnostic::error(
                            shown,
                            Pos::default(),
                            format!("the resized copy `{rel}` of this image is already an output of the site"),
                        )
                        .with_hint("rename the file: names ending in -<width>w are kept for resized copies"),
                        e => Diagnostic::error(shown, Pos::default(), e.to_string()),
                    });
                }
            }
        }
        errors
    }
}

/// Resizes and encodes one copy into the cache.
fn make(
    load: &dyn Fn() -> Result<Vec<u8>, String>,
    v: &Variant,
    cached: &Path,
    decoded: &mut Option<DynamicImage>,
) -> Result<(), String> {
    if decoded.is_none() {
        let bytes = load()?;
        let img = image::load_from_memory(&bytes)
            .map_err(|e| format!("cannot decode this image: {e}"))?;
        *decoded = Some(img);
    }
    let Some(source) = decoded.as_ref() else {
        return Ok(());
    };
    let resized = source.resize_exact(v.width, v.height, image::imageops::FilterType::Lanczos3);
    // 8 bits per channel, with alpha only where the original has it.
    let resized = if resized.color().has_alpha() {
        DynamicImage::ImageRgba8(resized.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(resized.to_rgb8())
    };
    let mut out: Vec<u8> = Vec::new();
    let encoded = match v.format {
        Format::Jpeg => DynamicImage::ImageRgb8(resized.to_rgb8()).write_with_encoder(
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY),
        ),
        Format::Webp => {
            resized.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))
        }
        _ => resized.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
    };
    encoded.map_err(|e| format!("cannot encode a {}px copy of this image: {e}", v.width))?;
    store(cached, &out)
        .map_err(|e| format!("cannot write the image cache {}: {e}", cached.display()))
}

/// Writes a cache file aside, then renames it into place.
fn store(cached: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = cached.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Two images with the same content may be stored at once: each writes
    // its own aside file.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let aside: PathBuf = cached.with_extension(format!("part-{}-{n}", std::process::id()));
    std::fs::write(&aside, bytes)?;
    std::fs::rename(&aside, cached)
}
