//! A progress bar on standard error for long runs, shown only on a terminal.
//!
//! The pipeline reports [`crate::run::Notice::Progress`]; the binary feeds those here. A
//! run that ends within [`DELAY`] never shows a bar, so short runs and piped or redirected
//! stderr (scripts, CI logs) stay clean.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A run must take at least this long before a bar appears.
const DELAY: Duration = Duration::from_millis(700);

/// A bar drawn on demand; does nothing unless enabled.
pub struct Progress {
    enabled: bool,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Enabled when standard error is a terminal and the user did not ask for quiet.
    pub fn to_stderr(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            bar: None,
        }
    }

    /// Moves the bar to `done` of `total` bytes (the total grows if text outgrows it).
    pub fn update(&mut self, done: u64, total: u64) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() {
            if self.started.elapsed() < DELAY {
                return;
            }
            let style = ProgressStyle::with_template(
                "{spinner} reading {bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            self.bar = Some(ProgressBar::new(total).with_style(style));
        }
        if let Some(bar) = &self.bar {
            bar.set_length(total.max(done));
            bar.set_position(done);
        }
    }

    /// Runs `print` with the bar out of the way, so a message never lands inside it.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Removes the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
