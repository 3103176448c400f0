//! Progress on a terminal for builds that take more than a second: a bar that
//! stays hidden for the first second (short builds print nothing but their
//! summary line), then shows the stage and the pages rendered so far.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const DELAY: Duration = Duration::from_secs(1);

/// Cheap to clone: clones share one bar.
#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: Arc<AtomicBool>,
}

impl Progress {
    /// A progress display; `enabled` only when stderr is a terminal.
    pub fn new(enabled: bool) -> Progress {
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {msg:<10} [{bar:30}] {pos}/{len} pages {elapsed}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: Arc::new(AtomicBool::new(false)),
        }
    }

    fn reveal(&self, bar: &ProgressBar) {
        if self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    pub fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
            self.reveal(bar);
        }
    }

    pub fn set_total(&self, pages: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(pages as u64);
        }
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            self.reveal(bar);
        }
    }

    /// Removes the bar before the summary line is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
