//! Finding headless Chromium and the flags every browser test starts it with.

#![allow(dead_code)]

use std::path::PathBuf;

/// Headless, no sandbox (root in CI), no GPU, and none of the background
/// connections that this machine's closed network would refuse.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// `$CHROMIUM`, else `chromium` (or `chromium-browser`) on the PATH.
/// Panics with how to install it: browser tests must not pass silently.
pub fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
        }
    }
    panic!("headless Chromium is needed for the browser tests: apt-get install chromium (or set CHROMIUM)");
}
