//! Issue 18: in a real browser, under a subpath, every page kind loads its
//! icon from under `base_url`'s path (not `/favicon.ico` at the host's
//! root), the resized images it picks exist, and nothing it asks for is
//! missing. Headless Chromium visits one page of each kind; the static
//! server's log is the record of what it fetched.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::browser;

const PREFIX: &str = "/some/path/";

/// A site with a briefing that has a lead image and a figure.
fn site() -> support::Site {
    let site = support::Site::new("basic");
    let img = image::RgbImage::from_fn(1400, 700, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let path = site.root().join("content/briefings/pics/chart.png");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    img.save(&path).expect("save");
    site.write(
        "content/briefings/pics/2025-05-10-pics.md",
        "+++\ntitle = \"Pictures\"\ndate = 2025-05-10\ntags = [\"charts\"]\nactors = [\"China\"]\n\
         image = \"chart.png\"\nimage_alt = \"A chart\"\n\n[[events]]\ndate = 2025-05-09\ntitle = \"A chart is drawn\"\n+++\n\
         ![A chart](chart.png \"The chart — Credit: Test Desk\")\n",
    );
    site
}

/// `python3 -m http.server` on `dir`, its request log in `log`; killed on drop.
struct LoggedServer(std::process::Child);

impl Drop for LoggedServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn every_page_kind_under_a_subpath_loads_its_icon_and_images_with_no_404() {
    let site = site();
    let tmp = tempfile::tempdir().expect("tempdir");
    let port = support::common::free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let out = tmp.path().join("www").join(PREFIX.trim_matches('/'));
    support::common::build(site.root(), &out, Some(format!("{origin}{PREFIX}")));
    let log_path = tmp.path().join("server.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let _server = LoggedServer(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(tmp.path().join("www"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("python3 must be installed to serve the built site"),
    );
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let pages = [
        "",
        "briefings/",
        "briefings/page/2/",
        "briefings/pics/",
        "about/",
        "timeline/",
        "timeline/2025/",
        "actors/",
        "actors/china/",
        "tags/",
        "tags/charts/",
        "sources/",
        "search/",
        "404.html",
    ];
    let profile = tmp.path().join("profile");
    for page in pages {
        assert!(
            out.join(page).exists(),
            "{page} is a page of the site (the list of page kinds is out of date)"
        );
        let url = format!("{origin}{PREFIX}{page}");
        let status = Command::new(browser::chromium())
            .args(browser::FLAGS)
            .args(["--virtual-time-budget=5000", "--dump-dom"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(&url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run chromium");
        assert!(status.success(), "chromium failed on {url}");
    }
    let log = std::fs::read_to_string(&log_path).expect("server log");
    let requests: Vec<&str> = log.lines().filter(|l| l.contains("\"GET ")).collect();
    let missing: Vec<&&str> = requests.iter().filter(|l| l.contains("\" 404 ")).collect();
    assert!(
        missing.is_empty(),
        "requests that found nothing: {missing:#?}"
    );
    assert!(
        !log.contains("favicon.ico"),
        "the browser looked for /favicon.ico: {log}"
    );
    for page in pages {
        let visited = format!("\"GET {PREFIX}{page} HTTP/1.1\" 200");
        assert!(log.contains(&visited), "{page} was not served: {log}");
    }
    // The icon comes from under the subpath; the figure's copies load.
    assert!(
        log.contains(&format!("\"GET {PREFIX}icon.svg HTTP/1.1\" 200")),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "\"GET {PREFIX}briefings/pics/chart-960w.webp HTTP/1.1\" 200"
        )),
        "{log}"
    );
}
