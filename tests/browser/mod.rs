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

/// Runs headless Chromium with [`FLAGS`] and `args` on `url` until it exits
/// (killed after `limit`); its standard output (`--dump-dom`'s page).
pub fn run(args: &[&str], url: &str, limit: std::time::Duration) -> String {
    use std::process::{Command, Stdio};
    let mut child = Command::new(chromium())
        .args(FLAGS)
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait for chromium").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {url} within {} s", limit.as_secs());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
