//! The live-reload snippet that `dossier serve` adds to every page: it
//! listens to the server's event stream, reloads on a new build (keeping the
//! scroll position), and shows build errors in an overlay.
//!
//! The render stage calls [`inject`] when `live_reload` is on, so only the
//! `serve` build carries the `<script>` tag; the script itself is never
//! written into the site, the server answers `/__dossier/live.js` with
//! [`live_js`].
//!
//! What the script does:
//!
//! 1. learns which build the page came from (the `Server-Timing` header of
//!    the page, else the state the server put into the script), and acts
//!    on that state at once;
//! 2. puts the scroll position back if the page was reloaded by it;
//! 3. opens an `EventSource` on `/__dossier/events`; every message is the
//!    build state (`/__dossier/status` answers the same JSON): the good
//!    build being served, whether the last build failed and its errors, and
//!    which URLs the last build changed;
//! 4. on a failed build, shows an overlay over the page (built with DOM
//!    calls and `textContent`, never HTML strings) listing each error's
//!    `file:line:col` and message;
//! 5. on a good build that changed this page (or a style sheet, script or
//!    image), saves the scroll position in `sessionStorage` and reloads;
//!    otherwise it removes the overlay and stays.

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject(html: &str, base_path: &str) -> String {
    let tag = format!("<script src=\"{base_path}__dossier/live.js\" defer></script>");
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}

/// The script served at `/__dossier/live.js`, with the build state (the
/// JSON of `/__dossier/status`) when it is requested: a page loaded while
/// the build is broken shows the overlay at once, and browsers that hide
/// the `Server-Timing` header still learn which build they show.
pub fn live_js(state_json: &str) -> String {
    format!("var DOSSIER_STATE = {state_json};\n{LIVE_JS}")
}

const LIVE_JS: &str = r#"(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/__dossier\/live\.js.*$/, "") : "/";
  var here = location.pathname.replace(/index\.html$/, "");
  var key = "dossier-scroll:" + location.pathname;
  var loaded = pageGeneration();
  var overlay = null;

  function pageGeneration() {
    try {
      var nav = performance.getEntriesByType("navigation")[0];
      var timing = (nav && nav.serverTiming) || [];
      for (var i = 0; i < timing.length; i++) {
        if (timing[i].name === "dossier") return Number(timing[i].description);
      }
    } catch (e) {}
    return DOSSIER_STATE.generation;
  }

  function restore() {
    var saved = null;
    try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) {}
    if (!saved) return;
    var p = JSON.parse(saved);
    window.scrollTo(p.x, p.y);
  }
  if (document.readyState === "complete") restore();
  else window.addEventListener("load", restore);

  function reload() {
    try {
      sessionStorage.setItem(key, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) {}
    location.reload();
  }

  // A changed URL concerns this page if it is this page, or an asset
  // (style sheet, script, image, font) that any page may use.
  function concerns(url) {
    if (url === here) return true;
    return !/(\/|\.html|\.json|\.xml|\.ics|\.csv|\.txt)$/.test(url);
  }

  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (css) e.style.cssText = css;
    return e;
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(state) {
    hide();
    overlay = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(24,24,27,.92);color:#f4f4f5;font:14px/1.5 ui-monospace,monospace;padding:2rem");
    overlay.id = "dossier-overlay";
    overlay.setAttribute("role", "alert");
    var close = el("button", "\u00d7", "float:right;font-size:1.5rem;background:none;color:inherit;border:0;cursor:pointer");
    close.setAttribute("aria-label", "Hide until the next build");
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    var n = state.errors.length;
    overlay.appendChild(el("h2", "The build failed with " + n + " error" + (n === 1 ? "" : "s") +
      "; this is the last good build.", "margin:0 0 1rem;font-size:1.1rem;color:#fca5a5"));
    state.errors.forEach(function (d) {
      var item = el("div", "", "margin:0 0 1rem;padding:.75rem 1rem;border-left:3px solid #f87171;background:rgba(255,255,255,.05)");
      item.appendChild(el("div", d.location, "font-weight:bold;color:#fde68a"));
      item.appendChild(el("div", d.message, "white-space:pre-wrap"));
      if (d.hint) item.appendChild(el("div", "hint: " + d.hint, "color:#a5f3fc;white-space:pre-wrap"));
      overlay.appendChild(item);
    });
    overlay.appendChild(el("p", "Fix the file and save: this page reloads by itself.", "color:#a1a1aa"));
    (document.body || document.documentElement).appendChild(overlay);
  }

  function handle(state) {
    if (state.generation !== loaded) {
      var next = state.changed && state.generation === loaded + 1;
      if (!next || state.changed.some(concerns)) { reload(); return; }
      loaded = state.generation;
    }
    if (state.ok) hide(); else show(state);
  }

  handle(DOSSIER_STATE);
  if (!window.EventSource) return;
  var events = new EventSource(base + "__dossier/events");
  events.onmessage = function (m) {
    var state;
    try { state = JSON.parse(m.data); } catch (e) { return; }
    handle(state);
  };
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inject_goes_before_the_last_body_end() {
        assert_eq!(
            inject("<body>x</body>", "/"),
            "<body>x<script src=\"/__dossier/live.js\" defer></script></body>"
        );
        assert_eq!(
            inject("x", "/d/"),
            "x<script src=\"/d/__dossier/live.js\" defer></script>"
        );
    }

    #[test]
    fn the_script_builds_the_overlay_without_html_strings() {
        let js = live_js("{\"generation\":3}");
        assert!(js.starts_with("var DOSSIER_STATE = {\"generation\":3};"));
        assert!(!js.contains("innerHTML"));
        assert!(js.contains("textContent"));
        assert!(js.contains("sessionStorage"));
        assert!(js.contains("__dossier/events"));
    }
}
