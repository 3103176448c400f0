//! The site a build has loaded, read-only from then on: its settings, the
//! library, the rendered Markdown and the index (the data every later stage
//! reads), and the machinery that draws it (the theme, its compiled
//! templates, the progress bar).

use std::path::PathBuf;

use crate::content::date::PartialDate;
use crate::library::Library;
use crate::markdown::stage::BriefingHtml;
use crate::markdown::Html;
use crate::{config, index, progress, render};

/// Everything a site build knows, read-only after [`crate::load`]: the data
/// first, then the machinery that draws it.
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
    /// Aligned with `library.place_profiles`.
    pub place_html: Vec<Html>,
    /// Aligned with `library.pages`.
    pub page_html: Vec<Html>,
    pub index: index::Index,
    /// The interface strings of the site's language (see [`crate::i18n`]).
    pub strings: crate::i18n::Strings,
    /// How dates are qualified, from `strings`.
    pub wording: crate::content::edtf::Wording,
    /// The build's "today".
    pub now: PartialDate,
    pub live_reload: bool,
    /// Which language this is, and where every language's pages are.
    pub lang: Lang,
    /// Its dates in its language.
    pub dates: &'static crate::content::datefmt::DateFormat,
    /// The other languages' sites, each a full pass over the content in
    /// that language (empty on those sites themselves).
    pub languages: Vec<Site>,
    pub machinery: Machinery,
}

/// A site's language among the site's languages (SPEC §8.6).
#[derive(Debug, Clone, Default)]
pub struct Lang {
    /// `en`, `ur`.
    pub code: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Where this language's tree is in the output: `""` for the default
    /// language, `ur/` for another.
    pub prefix: String,
    /// The path of `base_url` without the language: `/` or `/desk/`.
    pub root_path: String,
    /// What each language has, the default first: for links between the
    /// versions of a page.
    pub all: std::sync::Arc<Vec<crate::lang::Available>>,
    /// What its pages show untranslated, in the original's language.
    pub untranslated: crate::lang::Untranslated,
}

/// What draws the site rather than what it says: the theme, its compiled
/// templates and the progress bar the render advances.
pub struct Machinery {
    pub theme: render::theme::Theme,
    pub tera: tera::Tera,
    pub progress: progress::Progress,
}
