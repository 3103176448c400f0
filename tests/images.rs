//! Issue 18: images beside a briefing are resized at build time (never
//! wider than the original, PNG also as WebP), offered with `srcset`,
//! `width`/`height` and lazy loading, and cached by content hash outside
//! the output; captioned images become figures with a credit line; a lead
//! image shows on the page, in lists and on social cards; every page kind
//! carries Open Graph and Twitter meta, a canonical link and the icon; and
//! missing images, missing alt text and oversized files are reported at the
//! Markdown line and column.

mod support;

use std::path::Path;

use image::{Rgb, RgbImage};

/// A picture with some detail, `w` × `h`, varied by `seed`.
fn picture(w: u32, h: u32, seed: u8) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x % 251) as u8 ^ seed,
            (y % 241) as u8,
            ((x / 7 + y / 5) % 256) as u8,
        ])
    })
}

fn save(site: &support::Site, rel: &str, img: &RgbImage) {
    let path = site.root().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    img.save(&path).expect("save image");
}

/// A two-frame animated GIF, 200 × 100.
fn animated_gif() -> Vec<u8> {
    use image::codecs::gif::{GifEncoder, Repeat};
    let mut bytes = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut bytes);
        enc.set_repeat(Repeat::Infinite).expect("repeat");
        for seed in [0u8, 90] {
            let frame = image::RgbaImage::from_fn(200, 100, |x, _| {
                image::Rgba([seed, (x % 256) as u8, 40, 255])
            });
            enc.encode_frame(image::Frame::new(frame)).expect("frame");
        }
    }
    bytes
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>\n";

/// The `basic` fixture plus a folder `pics/` with one briefing and its
/// images: a wide PNG, a JPEG, a small PNG, an animated GIF and an SVG.
fn site() -> support::Site {
    let site = support::Site::new("basic");
    save(
        &site,
        "content/briefings/pics/wide.png",
        &picture(2000, 1000, 0),
    );
    save(
        &site,
        "content/briefings/pics/photo.jpg",
        &picture(1000, 500, 1),
    );
    save(
        &site,
        "content/briefings/pics/small.png",
        &picture(300, 150, 2),
    );
    std::fs::write(
        site.root().join("content/briefings/pics/moving.gif"),
        animated_gif(),
    )
    .expect("gif");
    site.write("content/briefings/pics/drawing.svg", SVG);
    site.write(
        "content/briefings/pics/2025-05-10-pics.md",
        "+++\ntitle = \"Pictures\"\ndate = 2025-05-10\nsummary = \"A briefing with pictures.\"\n\
         image = \"wide.png\"\nimage_alt = \"A wide test pattern\"\nimage_credit = \"Credit: Test Desk\"\n+++\n\
         Opening words.\n\n\
         ![A wide pattern](wide.png \"The wide pattern, as drawn — Credit: Pattern Office\")\n\n\
         ![A photo](photo.jpg \"A photo without a credit\")\n\n\
         Inline ![A small pattern](small.png) in a sentence.\n\n\
         ![An animation](moving.gif)\n\n\
         ![A drawing](drawing.svg)\n\n\
         ![{decorative}](small.png)\n",
    );
    site
}

fn dims(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn copies_have_the_promised_widths_formats_and_sizes_and_are_never_upscaled() {
    let site = site();
    let report = site.build();
    // The fixture's own warnings are about actors; none is about images.
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("image")),
        "{}",
        report.diagnostics.render()
    );
    let out = site.out().join("briefings/pics");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("pics output")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "drawing.svg",
            "index.html",
            "moving.gif",
            "photo-480w.jpg",
            "photo-960w.jpg",
            "photo.jpg",
            "small-300w.webp",
            "small.png",
            "wide-1600w.png",
            "wide-1600w.webp",
            "wide-2000w.webp",
            "wide-480w.png",
            "wide-480w.webp",
            "wide-960w.png",
            "wide-960w.webp",
            "wide.png",
        ]
    );
    for (name, size, format) in [
        ("wide-480w.png", (480, 240), image::ImageFormat::Png),
        ("wide-960w.webp", (960, 480), image::ImageFormat::WebP),
        ("wide-1600w.png", (1600, 800), image::ImageFormat::Png),
        ("wide-2000w.webp", (2000, 1000), image::ImageFormat::WebP),
        ("photo-480w.jpg", (480, 240), image::ImageFormat::Jpeg),
        ("photo-960w.jpg", (960, 480), image::ImageFormat::Jpeg),
        ("small-300w.webp", (300, 150), image::ImageFormat::WebP),
    ] {
        let path = out.join(name);
        assert_eq!(dims(&path), size, "{name}");
        let bytes = std::fs::read(&path).expect("copy");
        assert_eq!(
            image::guess_format(&bytes).expect("format"),
            format,
            "{name}"
        );
    }
    // GIFs and SVGs pass through byte for byte: the animation survives.
    let src = site.root().join("content/briefings/pics");
    for name in ["moving.gif", "drawing.svg", "wide.png"] {
        assert_eq!(
            std::fs::read(out.join(name)).expect("out"),
            std::fs::read(src.join(name)).expect("src"),
            "{name}"
        );
    }
    let gif = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(
        std::fs::read(out.join("moving.gif")).expect("gif"),
    ))
    .expect("decode gif");
    assert_eq!(image::AnimationDecoder::into_frames(gif).count(), 2);
}

#[test]
fn markup_offers_srcset_sizes_and_dimensions_and_figures_show_captions_and_credits() {
    let site = site();
    site.build();
    let html = site.read("briefings/pics/index.html");
    let sizes = "sizes=\"(min-width: 50rem) 46rem, 100vw\"";
    // A captioned image alone in its paragraph is a figure, with the credit on its own line.
    assert!(html.contains(&format!(
        "<figure><picture><source type=\"image/webp\" srcset=\"/desk/briefings/pics/wide-480w.webp 480w, /desk/briefings/pics/wide-960w.webp 960w, /desk/briefings/pics/wide-1600w.webp 1600w, /desk/briefings/pics/wide-2000w.webp 2000w\" {sizes}>\
         <img src=\"/desk/briefings/pics/wide.png\" srcset=\"/desk/briefings/pics/wide-480w.png 480w, /desk/briefings/pics/wide-960w.png 960w, /desk/briefings/pics/wide-1600w.png 1600w, /desk/briefings/pics/wide.png 2000w\" {sizes} width=\"2000\" height=\"1000\" alt=\"A wide pattern\" loading=\"lazy\" decoding=\"async\"></picture>\
         <figcaption>The wide pattern, as drawn <span class=\"credit\">Credit: Pattern Office</span></figcaption></figure>"
    )), "{html}");
    // A JPEG gets JPEG copies only (the WebP encoder is lossless).
    assert!(html.contains(&format!(
        "<figure><img src=\"/desk/briefings/pics/photo.jpg\" srcset=\"/desk/briefings/pics/photo-480w.jpg 480w, /desk/briefings/pics/photo-960w.jpg 960w, /desk/briefings/pics/photo.jpg 1000w\" {sizes} width=\"1000\" height=\"500\" alt=\"A photo\" loading=\"lazy\" decoding=\"async\"><figcaption>A photo without a credit</figcaption></figure>"
    )), "{html}");
    // Inline in a sentence: no figure.
    assert!(html.contains("<p>Inline <picture><source type=\"image/webp\" srcset=\"/desk/briefings/pics/small-300w.webp 300w\""), "{html}");
    // GIF and SVG: as they are, no srcset; the GIF keeps its size.
    assert!(html.contains("<img src=\"/desk/briefings/pics/moving.gif\" width=\"200\" height=\"100\" alt=\"An animation\" loading=\"lazy\" decoding=\"async\">"), "{html}");
    assert!(html.contains("<img src=\"/desk/briefings/pics/drawing.svg\" alt=\"A drawing\" loading=\"lazy\" decoding=\"async\">"), "{html}");
    // `{decorative}` is an empty alt, on purpose.
    assert!(html.contains(" alt=\"\" loading=\"lazy\""), "{html}");
    // The lead image, at the top, loaded first, with its credit.
    assert!(html.contains("alt=\"A wide test pattern\" class=\"lead-image\" fetchpriority=\"high\"></picture><figcaption><span class=\"credit\">Credit: Test Desk</span></figcaption></figure>"), "{html}");
    // Lists show the small copy, by its path from the root.
    let card = "<img class=\"card-image\" src=\"/desk/briefings/pics/wide-480w.png\" width=\"480\" height=\"240\" alt=\"A wide test pattern\" loading=\"lazy\" decoding=\"async\">";
    assert!(site.read("index.html").contains(card));
    assert!(site.read("briefings/index.html").contains(card));
}

fn build_with_cache(site: &support::Site) -> dossier::images::process::Stats {
    site.build().images
}

#[test]
fn a_rebuild_takes_every_copy_from_the_cache_and_a_changed_image_is_made_again() {
    let site = site();
    let first = build_with_cache(&site);
    // wide: 3 PNG + 4 WebP; photo: 2 JPEG; small: 1 WebP; the fixture's
    // map.png: 1 WebP.
    assert_eq!((first.made, first.reused), (11, 0));
    let cache = site.root().join(".dossier-cache/images");
    let listing = |dir: &Path| {
        let mut v: Vec<(String, std::time::SystemTime)> = std::fs::read_dir(dir)
            .expect("cache folder")
            .map(|e| {
                let e = e.expect("entry");
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().and_then(|m| m.modified()).expect("mtime"),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = listing(&cache);
    assert_eq!(before.len(), 11);
    let page = site.read("briefings/pics/index.html");
    let copy = std::fs::read(site.out().join("briefings/pics/wide-960w.webp")).expect("copy");

    let second = build_with_cache(&site);
    assert_eq!((second.made, second.reused), (0, 11));
    assert_eq!(listing(&cache), before, "the cache is read, not rewritten");
    assert_eq!(site.read("briefings/pics/index.html"), page);
    assert_eq!(
        std::fs::read(site.out().join("briefings/pics/wide-960w.webp")).expect("copy"),
        copy
    );

    // A changed image has a new content hash: its copies are made again.
    save(
        &site,
        "content/briefings/pics/photo.jpg",
        &picture(1000, 500, 77),
    );
    let third = build_with_cache(&site);
    assert_eq!((third.made, third.reused), (2, 9));
    assert_eq!(listing(&cache).len(), 13);
    // The cache is outside the output.
    assert!(!site.out().join(".dossier-cache").exists());
}

fn diagnostics(site: &support::Site) -> Vec<String> {
    let diags = match dossier::build(&site.options()) {
        Ok(r) => r.diagnostics,
        Err(d) => d,
    };
    // The fixture's own warnings (actors and places without profiles,
    // events without sources) are left out.
    diags
        .iter()
        .filter(|d| {
            !d.message.starts_with("no actor profile")
                && !d.message.starts_with("no place profile")
                && !d.message.ends_with("has no sources")
        })
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                d.path.display(),
                d.line,
                d.col,
                if d.severity == dossier::diagnostic::Severity::Error {
                    "error"
                } else {
                    "warning"
                },
                d.message
            )
        })
        .collect()
}

#[test]
fn missing_images_are_errors_and_missing_alt_text_a_warning_at_their_line_and_column() {
    let site = support::Site::new("basic");
    save(
        &site,
        "content/briefings/pics/there.png",
        &picture(40, 20, 0),
    );
    site.write(
        "content/briefings/pics/2025-05-10-pics.md",
        "+++\ntitle = \"Pictures\"\ndate = 2025-05-10\nimage = \"lead.png\"\n+++\n\
         Text.\n\n  ![Gone](gone.png)\n\nSee ![](there.png) and ![{decorative}](there.png).\n",
    );
    assert_eq!(
        diagnostics(&site),
        [
            "content/briefings/pics/2025-05-10-pics.md:4:9: error: the image `lead.png` does not exist: there is no content/briefings/pics/lead.png",
            "content/briefings/pics/2025-05-10-pics.md:4:9: warning: the lead image `lead.png` has no `image_alt`",
            "content/briefings/pics/2025-05-10-pics.md:8:3: error: the image `gone.png` does not exist: there is no content/briefings/pics/gone.png",
            "content/briefings/pics/2025-05-10-pics.md:10:5: warning: the image `there.png` has no alt text",
        ]
    );
    // The previous output is untouched by the failed build, and nothing was written.
    assert!(!site.out().exists());
}

#[test]
fn alt_and_credit_without_image_is_an_error_at_the_key() {
    let site = support::Site::new("basic");
    site.write(
        "content/briefings/2025-05-10-x.md",
        "+++\ntitle = \"X\"\ndate = 2025-05-10\nimage_credit = \"Credit: Nobody\"\n+++\nText.\n",
    );
    assert_eq!(
        diagnostics(&site),
        ["content/briefings/2025-05-10-x.md:4:16: error: `image_alt` and `image_credit` describe `image`, which is missing"]
    );
}

#[test]
fn images_over_the_configured_size_get_a_warning() {
    let site = support::Site::new("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("toml");
    site.write("site.toml", &format!("{toml}[images]\nwarn_size_mb = 1\n"));
    // Noise does not compress: about 1.4 MB as PNG.
    let mut state = 12345u32;
    let noise = RgbImage::from_fn(700, 700, |_, _| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let b = state.to_le_bytes();
        Rgb([b[1], b[2], b[3]])
    });
    save(&site, "content/briefings/pics/noise.png", &noise);
    site.write(
        "content/briefings/pics/2025-05-10-pics.md",
        "+++\ntitle = \"Pictures\"\ndate = 2025-05-10\n+++\n![Noise](noise.png)\n",
    );
    let got = diagnostics(&site);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(
            "content/briefings/pics/2025-05-10-pics.md:5:1: warning: the image `noise.png` is 1."
        ) && got[0].ends_with(" MB, over the 1 MB limit"),
        "{got:?}"
    );
}

/// `(property or name, content)` of every `<meta>` in `html`, in order.
fn metas(html: &str) -> Vec<(String, String)> {
    html.split("<meta ")
        .skip(1)
        .filter_map(|m| {
            let attr = |name: &str| {
                let start = m.find(&format!("{name}=\""))? + name.len() + 2;
                let len = m[start..].find('"')?;
                Some(support::common::unescape_html(&m[start..start + len]))
            };
            Some((attr("property").or_else(|| attr("name"))?, attr("content")?))
        })
        .collect()
}

#[test]
fn every_page_kind_carries_social_meta_a_canonical_link_and_the_icon() {
    let site = site();
    site.build();
    let out = site.out();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let rel = entry
            .path()
            .strip_prefix(&out)
            .expect("prefix")
            .to_string_lossy()
            .replace('\\', "/");
        let path = format!("/desk/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        let url = format!("https://example.org{path}");
        let html = std::fs::read_to_string(entry.path()).expect("page");
        assert_eq!(
            html.matches("<link rel=\"canonical\"").count(),
            1,
            "{rel}: one canonical link"
        );
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{rel}"
        );
        assert!(
            html.contains("<link rel=\"icon\" href=\"/desk/icon.svg\" type=\"image/svg+xml\">"),
            "{rel}"
        );
        assert!(
            html.contains("<link rel=\"icon\" href=\"/desk/icon.png\" type=\"image/png\""),
            "{rel}"
        );
        let m = metas(&html);
        let get = |k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("og:url"), Some(url.as_str()), "{rel}");
        assert_eq!(get("og:site_name"), Some("Fixture Desk"), "{rel}");
        assert!(get("og:title").is_some_and(|t| !t.is_empty()), "{rel}");
        assert!(
            get("og:description").is_some_and(|t| !t.is_empty()),
            "{rel}"
        );
        assert!(
            get("og:image").is_some_and(|i| i.starts_with("https://example.org/desk/")),
            "{rel}"
        );
        // Issue 14: X falls back on og:title, og:description and og:image;
        // the card repeats none of them.
        for twin in ["twitter:title", "twitter:description", "twitter:image"] {
            assert_eq!(get(twin), None, "{rel}: {twin} repeats its og: tag");
        }
        let is_briefing = rel.starts_with("briefings/")
            && !rel.starts_with("briefings/page/")
            && rel != "briefings/index.html";
        if rel == "briefings/pics/index.html" {
            assert_eq!(get("og:type"), Some("article"));
            assert_eq!(get("og:title"), Some("Pictures"));
            assert_eq!(get("og:description"), Some("A briefing with pictures."));
            assert_eq!(
                get("og:image"),
                Some("https://example.org/desk/briefings/pics/wide-1600w.png")
            );
            assert_eq!(get("og:image:width"), Some("1600"));
            assert_eq!(get("og:image:alt"), Some("A wide test pattern"));
            assert_eq!(get("twitter:card"), Some("summary_large_image"));
            assert_eq!(get("article:published_time"), Some("2025-05-10T00:00:00Z"));
        } else if is_briefing {
            assert_eq!(get("og:type"), Some("article"), "{rel}");
            assert!(get("article:published_time").is_some(), "{rel}");
            assert_eq!(
                get("og:image"),
                Some("https://example.org/desk/icon.png"),
                "{rel}"
            );
            assert_eq!(get("twitter:card"), Some("summary"), "{rel}");
        } else {
            assert_eq!(get("og:type"), Some("website"), "{rel}");
            assert_eq!(
                get("og:image"),
                Some("https://example.org/desk/icon.png"),
                "{rel}"
            );
            assert_eq!(get("twitter:card"), Some("summary"), "{rel}");
        }
    }
    assert!(pages > 10, "every page kind was checked");
    let icon = std::fs::read(out.join("icon.png")).expect("icon.png");
    assert_eq!(
        image::guess_format(&icon).expect("png"),
        image::ImageFormat::Png
    );
    assert!(site.read("icon.svg").starts_with("<svg"));
}

#[test]
fn a_site_replaces_the_icon_from_static() {
    let site = support::Site::new("basic");
    site.write("static/icon.svg", SVG);
    site.build();
    assert_eq!(site.read("icon.svg"), SVG);
}

#[test]
fn images_from_static_are_resized_beside_themselves_and_linked_under_the_base_path() {
    let site = support::Site::new("basic");
    save(&site, "static/images/chart.png", &picture(1000, 400, 5));
    site.write(
        "content/briefings/pics/2025-05-10-pics.md",
        "+++\ntitle = \"Pictures\"\ndate = 2025-05-10\nimage = \"/images/chart.png\"\nimage_alt = \"A chart\"\n+++\n\
         ![A chart](/images/chart.png \"The chart\")\n",
    );
    let report = site.build();
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("image")));
    assert_eq!(dims(&site.out().join("images/chart-480w.png")), (480, 192));
    assert_eq!(dims(&site.out().join("images/chart-960w.webp")), (960, 384));
    let html = site.read("briefings/pics/index.html");
    assert!(html.contains("<figure><picture><source type=\"image/webp\" srcset=\"/desk/images/chart-480w.webp 480w, /desk/images/chart-960w.webp 960w, /desk/images/chart-1000w.webp 1000w\""), "{html}");
    assert!(
        html.contains(
            "<img src=\"/desk/images/chart.png\" srcset=\"/desk/images/chart-480w.png 480w"
        ),
        "{html}"
    );
    assert!(site
        .read("index.html")
        .contains("src=\"/desk/images/chart-480w.png\" width=\"480\" height=\"192\""));
    // The theme's own icon is copied as it is, not resized.
    assert!(!site.out().join("icon-480w.png").exists());
}
