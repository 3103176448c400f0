//! The live-reload snippet that `dossier serve` adds to every page: it
//! listens to the server's event stream, reloads on a new build (keeping the
//! scroll position), and shows build errors in an overlay.

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject(html: &str, base_path: &str) -> String {
    let tag = format!("<script src=\"{base_path}__dossier/live.js\" defer></script>");
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}
