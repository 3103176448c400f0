//! Everything besides the HTML pages: JSON-LD for briefing pages, the inline
//! SVG charts, and (in [`write_all`]) the machine-readable outputs.

pub mod jsonld;
pub mod svg;

use crate::diagnostic::Diagnostics;
use crate::output::Staging;
use crate::Site;

/// Writes every non-HTML output.
pub fn write_all(site: &Site, staging: &Staging, diags: &mut Diagnostics) {
    let _ = (site, staging, diags);
}
