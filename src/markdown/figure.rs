//! Images in Markdown: `![alt](file "caption")` to responsive markup, and
//! an image standing alone in its paragraph with a caption to a `<figure>`.
//!
//! Steps: resolve the file as links are resolved (relative to the Markdown
//! file; a missing file is an error at the `!`); check the alt text (none is
//! a warning; `![{decorative}](file)` says an empty alt is meant) and the
//! file's size; write `<picture>` markup from the image catalog (or a plain
//! `<img>` for remote and `static/` images); finally [`lift_figures`]
//! replaces each paragraph holding only a captioned image by its figure. A
//! caption ending in `— Credit: …` shows the credit on its own line.

use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{normalize, percent_decode, report, Renderer};
use crate::content::model::{LeadImage, SourceFile};
use crate::diagnostic::Diagnostics;
use crate::text::escape_html;

/// The alt text that marks an image as decorative: its `alt` is left empty.
pub(crate) const DECORATIVE: &str = "{decorative}";

/// An image being read: its alt text is the text events up to its end.
pub(crate) struct Pending {
    pub dest: String,
    pub title: String,
    /// Where the `!` is, in the file.
    pub at: usize,
    pub alt: String,
}

/// `caption — Credit: who` → (`caption`, `Credit: who`).
pub(crate) fn split_credit(caption: &str) -> (&str, Option<&str>) {
    match caption.find("— Credit:") {
        Some(i) => (
            caption[..i].trim_end(),
            Some(caption[i + "— ".len()..].trim()),
        ),
        None => (caption, None),
    }
}

/// A `<figure>` around `img`, with the caption and the credit line.
pub(crate) fn figure_html(img: &str, caption: &str, credit: Option<&str>) -> String {
    let (caption, written_credit) = split_credit(caption);
    let credit = credit.or(written_credit);
    let mut html = format!("<figure>{img}");
    if !caption.is_empty() || credit.is_some() {
        html.push_str("<figcaption>");
        html.push_str(&escape_html(caption));
        if let Some(c) = credit {
            if !caption.is_empty() {
                html.push(' ');
            }
            html.push_str(&format!("<span class=\"credit\">{}</span>", escape_html(c)));
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>\n");
    html
}

impl Renderer<'_> {
    /// The markup of one image, and its figure when it has a caption.
    pub(crate) fn image(
        &self,
        file: &SourceFile,
        p: Pending,
        diags: &mut Diagnostics,
    ) -> (String, Option<String>) {
        let decorative = p.alt.trim() == DECORATIVE;
        let alt = if decorative { "" } else { p.alt.trim() };
        if alt.is_empty() && !decorative {
            report(diags, file, false, || {
                file.map
                    .warning_at(p.at, format!("the image `{}` has no alt text", p.dest))
                    .with_hint(format!(
                        "describe what it shows for readers who cannot see it, e.g. ![Map of the port]({0}); if it is only decoration, write ![{DECORATIVE}]({0})",
                        p.dest
                    ))
            });
        }
        let title = (!p.title.is_empty()).then_some(p.title.as_str());
        let draw = |title: Option<&str>, diags: &mut Diagnostics| match self
            .local_image(file, &p, diags)
        {
            Ok(Some((image, url))) => image.markup(&url, alt, title, "", true),
            found => {
                let src = match found {
                    Err(()) => p.dest.clone(),
                    _ => self.link(file, &p.dest, p.at, diags),
                };
                let mut img = format!(
                    "<img src=\"{}\" alt=\"{}\"",
                    escape_html(&src),
                    escape_html(alt)
                );
                if let Some(t) = title {
                    img.push_str(&format!(" title=\"{}\"", escape_html(t)));
                }
                img.push_str(" loading=\"lazy\" decoding=\"async\">");
                img
            }
        };
        let img = draw(title, diags);
        let figure = title.map(|t| figure_html(&draw(None, &mut Diagnostics::new()), t, None));
        (img, figure)
    }

    /// The catalogued image `p` names (relative to the Markdown file, or
    /// from `/` in the site's `static/`) and its URL as the page links it;
    /// `None` for remote images and other files. A missing file is an error
    /// (`Err`); an oversized one, a warning.
    fn local_image(
        &self,
        file: &SourceFile,
        p: &Pending,
        diags: &mut Diagnostics,
    ) -> Result<Option<(&crate::images::Image, String)>, ()> {
        let dest = p.dest.as_str();
        if let Some(rest) = dest.strip_prefix('/').filter(|r| !r.starts_with('/')) {
            let path = rest.split(['#', '?']).next().unwrap_or(rest);
            return Ok(self
                .links
                .images
                .statics
                .get(&percent_decode(path))
                .map(|image| {
                    (
                        self.check_size(file, p, image, diags),
                        format!("{}{rest}", self.base_path),
                    )
                }));
        }
        if dest.contains(':') || dest.starts_with('#') || dest.is_empty() {
            return Ok(None);
        }
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        let base = file.rel.parent().unwrap_or(Path::new(""));
        let Some(target) = normalize(&base.join(percent_decode(path))) else {
            report(diags, file, true, || {
                file.map
                    .error_at(p.at, format!("the image `{dest}` points outside content/"))
                    .with_hint("put the image next to the briefing")
            });
            return Err(());
        };
        let Some(image) = self.links.images.images.get(&target) else {
            if self.links.assets.contains(&target) {
                return Ok(None);
            }
            report(diags, file, true, || {
                file.map
                    .error_at(
                        p.at,
                        format!("the image `{dest}` does not exist: there is no content/{}", target.display()),
                    )
                    .with_hint("put the image next to the briefing, or fix the file name (names are case-sensitive)")
            });
            return Err(());
        };
        // From the root, not relative: the same markup then works in feeds
        // and wherever else the body is shown.
        let url = match self.links.pages.get(&file.rel) {
            Some(page) => format!("{page}{dest}"),
            None => p.dest.clone(),
        };
        Ok(Some((self.check_size(file, p, image, diags), url)))
    }

    /// Warns when `image` is larger than `[images] warn_size_mb`.
    fn check_size<'i>(
        &self,
        file: &SourceFile,
        p: &Pending,
        image: &'i crate::images::Image,
        diags: &mut Diagnostics,
    ) -> &'i crate::images::Image {
        let dest = p.dest.as_str();
        if image.bytes > self.image_warn_bytes {
            report(diags, file, false, || {
                file.map
                    .warning_at(
                        p.at,
                        format!(
                            "the image `{dest}` is {:.1} MB, over the {} MB limit",
                            image.bytes as f64 / f64::from(1 << 20),
                            self.image_warn_bytes >> 20
                        ),
                    )
                    .with_hint("save a smaller copy (readers who open the original download all of it), or raise `warn_size_mb` under [images] in site.toml")
            });
        }
        image
    }
}

/// An image as pages and cards link it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImageRef {
    /// A path from the site's root (`/briefings/<slug>/map-480w.png`), or
    /// the URL as written for a remote image.
    pub url: String,
    /// 0 when not known (remote images, SVGs).
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// A briefing's lead image, resolved.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Lead {
    /// The `<figure>` for the top of the page, with its credit line.
    pub html: String,
    /// A small copy, for lists and cards.
    pub card: ImageRef,
    /// A copy at least 1200 px wide where the original allows: the social card.
    pub social: ImageRef,
    pub credit: Option<String>,
}

impl Renderer<'_> {
    /// The lead image of the briefing whose page is at `page_url`. A missing
    /// file is an error at the `image` value; no `image_alt`, a warning.
    pub(crate) fn lead(
        &self,
        file: &SourceFile,
        lead: &LeadImage,
        page_url: &str,
        diags: &mut Diagnostics,
    ) -> Option<Lead> {
        let dest = lead.src.value.trim();
        let written_alt = lead.alt.as_ref().map_or("", |a| a.value.trim());
        let decorative = written_alt == DECORATIVE;
        let alt = if decorative { "" } else { written_alt };
        if alt.is_empty() && !decorative {
            report(diags, file, false, || {
                file.map
                    .warning_at(lead.src.at, format!("the lead image `{dest}` has no `image_alt`"))
                    .with_hint("add `image_alt` saying what it shows, for readers who cannot see it and for social cards")
            });
        }
        let p = Pending {
            dest: dest.to_string(),
            title: String::new(),
            at: lead.src.at,
            alt: alt.to_string(),
        };
        let (img, card, social) = match self.local_image(file, &p, diags).ok()? {
            Some((image, url)) => {
                let (dir, name) = match url.rfind('/') {
                    Some(i) => url.split_at(i + 1),
                    None => ("", url.as_str()),
                };
                // Relative to the page, or already from the root (`static/`).
                let page = if url.starts_with('/') { "" } else { page_url };
                let at = |width: u32| {
                    let v = image.at_least(width);
                    ImageRef {
                        url: format!("{page}{dir}{}", v.file_name(name)),
                        width: v.width,
                        height: v.height,
                        alt: alt.to_string(),
                    }
                };
                (
                    image.markup(&url, alt, None, "lead-image", false),
                    at(crate::images::WIDTHS[0]),
                    at(crate::images::CARD_WIDTH),
                )
            }
            None => {
                let url = if let Some(rest) = dest.strip_prefix('/') {
                    format!("{}{rest}", self.base_path)
                } else {
                    dest.to_string()
                };
                let r = ImageRef {
                    url: url.clone(),
                    width: 0,
                    height: 0,
                    alt: alt.to_string(),
                };
                (
                    format!(
                        "<img src=\"{}\" alt=\"{}\" class=\"lead-image\" fetchpriority=\"high\">",
                        escape_html(&url),
                        escape_html(alt)
                    ),
                    r.clone(),
                    r,
                )
            }
        };
        Some(Lead {
            html: figure_html(&img, "", lead.credit.as_deref()),
            card,
            social,
            credit: lead.credit.clone(),
        })
    }
}

/// Replaces each paragraph that holds only a captioned image (at the
/// positions of `figures` in `events`) by the image's figure.
pub(crate) fn lift_figures(
    mut events: Vec<Event<'_>>,
    figures: Vec<(usize, String)>,
) -> Vec<Event<'_>> {
    for (i, figure) in figures.into_iter().rev() {
        let alone = i > 0
            && matches!(events.get(i - 1), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(i + 1), Some(Event::End(TagEnd::Paragraph)));
        if alone {
            events.splice(i - 1..=i + 1, [Event::Html(figure.into())]);
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_split_from_captions() {
        assert_eq!(
            split_credit("Ore output, 2024 — Credit: Minerals Desk"),
            ("Ore output, 2024", Some("Credit: Minerals Desk"))
        );
        assert_eq!(split_credit("Just a caption"), ("Just a caption", None));
        assert_eq!(
            figure_html("<img>", "A & B — Credit: X", None),
            "<figure><img><figcaption>A &amp; B <span class=\"credit\">Credit: X</span></figcaption></figure>\n"
        );
        assert_eq!(
            figure_html("<img>", "Map", Some("Credit: Y")),
            "<figure><img><figcaption>Map <span class=\"credit\">Credit: Y</span></figcaption></figure>\n"
        );
    }
}
