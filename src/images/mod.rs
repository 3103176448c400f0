//! Images beside briefings: what each one is, which resized copies it gets,
//! and the markup that offers them to the browser.
//!
//! Steps: [`catalog`] reads every image file under `content/` once per build
//! (its content hash, format and size in pixels, from the header only);
//! Markdown and lead images ask the catalog for an [`Image`] and write
//! `<picture>`/`<img>` markup naming the [`Variant`]s; at write time
//! [`process::write_variants`] makes the variants, through a cache folder
//! keyed by content hash so that an unchanged image costs no work.
//!
//! Which copies an image gets: the widths of [`WIDTHS`] below its own width,
//! plus its own width (capped at [`MAX_WIDTH`]). A PNG or JPEG keeps its
//! format; a PNG also gets WebP copies. The WebP encoder of the `image`
//! crate is lossless only: lossless WebP beats PNG, but is several times
//! larger than a JPEG photo, so JPEGs get no WebP. GIFs (animated or not)
//! and SVGs are passed through untouched, with no `srcset`.

pub mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::text::escape_html;

/// The widths (in pixels) resized copies are made at, when the image is wider.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The widest copy made: wider originals are still copied as they are.
pub(crate) const MAX_WIDTH: u32 = 2400;
/// The width a copy should reach to serve as a social card image.
pub(crate) const CARD_WIDTH: u32 = 1200;
/// The `sizes` attribute: the body column is at most about 46rem wide.
const SIZES: &str = "(min-width: 50rem) 46rem, 100vw";

/// The kinds of image file dossier knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
    Webp,
    Gif,
    Svg,
}

impl Format {
    /// The format of a file, from its extension; `None` for other files.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "png" => Format::Png,
            "jpg" | "jpeg" => Format::Jpeg,
            "webp" => Format::Webp,
            "gif" => Format::Gif,
            "svg" => Format::Svg,
            _ => return None,
        })
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    /// Whether dossier resizes this format (GIFs and SVGs pass through).
    fn resized(self) -> bool {
        matches!(self, Format::Png | Format::Jpeg | Format::Webp)
    }
}

/// One image file under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Image {
    pub format: Format,
    /// Hex SHA-256 of the file's bytes: the cache key of its copies.
    pub hash: String,
    /// In pixels; 0 for an SVG (drawn at any size).
    pub width: u32,
    pub height: u32,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// A resized copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// True for the original file itself, copied as it is.
    pub original: bool,
}

impl Variant {
    /// The copy's file name, made from the original's: `map.png` →
    /// `map-480w.webp`; the original keeps its name.
    pub fn file_name(&self, original: &str) -> String {
        if self.original {
            return original.to_string();
        }
        let stem = match original.rfind('.') {
            Some(i) => &original[..i],
            None => original,
        };
        format!("{stem}-{}w.{}", self.width, self.format.ext())
    }
}

impl Image {
    /// The copies this image gets, smallest first, per format: the
    /// original's format first, then WebP.
    pub fn variants(&self) -> Vec<Variant> {
        if !self.format.resized() || self.width == 0 {
            return vec![Variant {
                width: self.width,
                height: self.height,
                format: self.format,
                original: true,
            }];
        }
        let top = self.width.min(MAX_WIDTH);
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < top).collect();
        widths.push(top);
        let mut formats = vec![self.format];
        if self.format == Format::Png {
            formats.push(Format::Webp);
        }
        let mut out = Vec::new();
        for f in formats {
            for &w in &widths {
                out.push(Variant {
                    width: w,
                    height: self.height_at(w),
                    format: f,
                    original: f == self.format && w == self.width,
                });
            }
        }
        out
    }

    /// The height of a copy `w` pixels wide, keeping the proportions.
    fn height_at(&self, w: u32) -> u32 {
        if self.width == 0 {
            return self.height;
        }
        ((u64::from(self.height) * u64::from(w) + u64::from(self.width) / 2)
            / u64::from(self.width))
        .max(1) as u32
    }

    /// The copy in the original's format closest to `width` from above (the
    /// widest if none is that wide).
    pub fn at_least(&self, width: u32) -> Variant {
        let own: Vec<Variant> = self
            .variants()
            .into_iter()
            .filter(|v| v.format == self.format)
            .collect();
        own.iter()
            .find(|v| v.width >= width)
            .or(own.last())
            .cloned()
            .unwrap_or(Variant {
                width: self.width,
                height: self.height,
                format: self.format,
                original: true,
            })
    }

    /// `<picture>` markup for the image written as `dest` (a URL relative to
    /// the page, as in the Markdown), with `alt` and an optional `title`.
    /// `lazy` images load as the reader scrolls to them; a lead image, at the
    /// top of the page, loads first instead.
    pub fn markup(
        &self,
        dest: &str,
        alt: &str,
        title: Option<&str>,
        class: &str,
        lazy: bool,
    ) -> String {
        let (dir, name) = match dest.rfind('/') {
            Some(i) => dest.split_at(i + 1),
            None => ("", dest),
        };
        let url = |v: &Variant| format!("{dir}{}", v.file_name(name));
        let variants = self.variants();
        let srcset = |f: Format| -> String {
            variants
                .iter()
                .filter(|v| v.format == f)
                .map(|v| format!("{} {}w", escape_html(&url(v)), v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let largest = variants
            .iter()
            .rfind(|v| v.format == self.format)
            .cloned()
            .unwrap_or(Variant {
                width: self.width,
                height: self.height,
                format: self.format,
                original: true,
            });
        let mut img = format!("<img src=\"{}\"", escape_html(&url(&largest)));
        if self.format.resized() {
            img.push_str(&format!(
                " srcset=\"{}\" sizes=\"{SIZES}\"",
                srcset(self.format)
            ));
        }
        if self.width > 0 {
            img.push_str(&format!(
                " width=\"{}\" height=\"{}\"",
                largest.width, largest.height
            ));
        }
        img.push_str(&format!(" alt=\"{}\"", escape_html(alt)));
        if let Some(t) = title {
            img.push_str(&format!(" title=\"{}\"", escape_html(t)));
        }
        if !class.is_empty() {
            img.push_str(&format!(" class=\"{class}\""));
        }
        img.push_str(if lazy {
            " loading=\"lazy\" decoding=\"async\">"
        } else {
            " fetchpriority=\"high\">"
        });
        if variants.iter().any(|v| v.format != self.format) {
            format!(
                "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
                srcset(Format::Webp)
            )
        } else {
            img
        }
    }
}

/// Every image file under `content/`, by path relative to `content/`, and
/// under the site's `static/`, by path in the output.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub images: BTreeMap<PathBuf, Image>,
    pub statics: BTreeMap<String, Image>,
}

impl Catalog {
    /// A digest of every image's path and content, for the Markdown cache
    /// key: markup names sizes, so a changed image re-renders its pages.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        for (path, image) in &self.images {
            h.update(path.to_string_lossy().as_bytes());
            h.update(image.hash.as_bytes());
        }
        for (path, image) in &self.statics {
            h.update(path.as_bytes());
            h.update(image.hash.as_bytes());
        }
        hex(&h.finalize()[..16])
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads every image among `assets` (paths relative to `root/content`):
/// hash, format and size. An image whose header cannot be read is an error.
pub(crate) fn catalog(root: &Path, assets: &[PathBuf], diags: &mut Diagnostics) -> Catalog {
    let read: Vec<(PathBuf, Result<Image, String>)> = assets
        .par_iter()
        .filter_map(|rel| {
            let format = Format::of(rel)?;
            Some((rel.clone(), probe(&root.join("content").join(rel), format)))
        })
        .collect();
    let mut images = BTreeMap::new();
    for (rel, r) in read {
        match r {
            Ok(image) => {
                images.insert(rel, image);
            }
            Err(e) => diags.push(
                Diagnostic::error(Path::new("content").join(&rel), Pos::default(), e)
                    .with_hint("save the image again from an image editor, or remove it"),
            ),
        }
    }
    Catalog {
        images,
        statics: BTreeMap::new(),
    }
}

/// The images among the site's own `static/` files (the theme's are left
/// as they are), by their path in the output.
pub(crate) fn statics(
    files: &BTreeMap<String, crate::render::theme::ThemeFile>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Image> {
    let mut out = BTreeMap::new();
    for (rel, file) in files {
        let Some(format) = Format::of(Path::new(rel)) else {
            continue;
        };
        if !file.origin.starts_with("static") {
            continue;
        }
        match probe_bytes(&file.bytes, format) {
            Ok(image) => {
                out.insert(rel.clone(), image);
            }
            Err(e) => diags.push(
                Diagnostic::error(&file.origin, Pos::default(), e)
                    .with_hint("save the image again from an image editor, or remove it"),
            ),
        }
    }
    out
}

fn probe(path: &Path, format: Format) -> Result<Image, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read this image: {e}"))?;
    probe_bytes(&bytes, format)
}

fn probe_bytes(bytes: &[u8], format: Format) -> Result<Image, String> {
    let hash = hex(&Sha256::digest(bytes)[..16]);
    let (width, height) = if format == Format::Svg {
        (0, 0)
    } else {
        image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| format!("cannot read this image: {e}"))?
            .into_dimensions()
            .map_err(|e| format!("this is not a readable {} image: {e}", format.ext()))?
    };
    Ok(Image {
        format,
        hash,
        width,
        height,
        bytes: bytes.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Image {
        Image {
            format: Format::Png,
            hash: "h".into(),
            width,
            height,
            bytes: 1,
        }
    }

    fn widths(image: &Image, f: Format) -> Vec<u32> {
        image
            .variants()
            .iter()
            .filter(|v| v.format == f)
            .map(|v| v.width)
            .collect()
    }

    #[test]
    fn never_wider_than_the_original() {
        assert_eq!(
            widths(&png(2000, 1000), Format::Png),
            [480, 960, 1600, 2000]
        );
        assert_eq!(
            widths(&png(2000, 1000), Format::Webp),
            [480, 960, 1600, 2000]
        );
        assert_eq!(widths(&png(300, 200), Format::Png), [300]);
        assert_eq!(widths(&png(5000, 100), Format::Png), [480, 960, 1600, 2400]);
        let jpeg = Image {
            format: Format::Jpeg,
            ..png(1000, 500)
        };
        assert_eq!(widths(&jpeg, Format::Jpeg), [480, 960, 1000]);
        assert!(widths(&jpeg, Format::Webp).is_empty());
    }

    #[test]
    fn copies_keep_proportions_and_names() {
        let v = png(2000, 1001).variants();
        assert_eq!((v[0].width, v[0].height), (480, 240));
        assert_eq!(v[0].file_name("map.png"), "map-480w.png");
        assert_eq!(v[3].file_name("map.png"), "map.png");
        assert_eq!(v[4].file_name("map.png"), "map-480w.webp");
    }

    #[test]
    fn gifs_and_svgs_pass_through() {
        let gif = Image {
            format: Format::Gif,
            ..png(800, 600)
        };
        assert_eq!(gif.variants().len(), 1);
        assert!(gif.variants()[0].original);
        assert_eq!(
            gif.markup("a.gif", "A", None, "", true),
            "<img src=\"a.gif\" width=\"800\" height=\"600\" alt=\"A\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}
