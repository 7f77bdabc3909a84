//! Progress bars on stderr (indicatif), for `ingest` and `export`, shown only to a person
//! at a terminal.
//!
//! A bar is drawn only when stderr is a terminal, `--quiet` is not given and `TERM` is
//! not `dumb` ([`wanted`]); otherwise nothing of it is ever written. It never touches
//! stdout. One bar at a time is active: messages printed while it is drawn go through
//! this module's [`eprintln!`], which lifts the bar, prints the line above it and draws
//! the bar again, so a warning never lands inside the bar. Modules that print while a
//! bar may be shown import it (`use crate::progress::eprintln;`), shadowing std's.
//!
//! `ingest` measures bytes of input (`input::bytes_read`, counted where files and
//! streams are read): a bar with bytes done, MB/s and ETA against the sizes of the input
//! files, or a spinner with bytes and MB/s for standard input and FIFOs. `export`
//! counts its steps (tables read, files written).

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::{self, Limits};

/// How often the ingest bar reads the counters, and at most how often a bar is drawn.
const TICK: Duration = Duration::from_millis(100);
const DRAWS_PER_SECOND: u8 = 10;

/// The bar being drawn, if any, for [`suspend`], under a number of its own.
static ACTIVE: Mutex<Option<(u64, ProgressBar)>> = Mutex::new(None);
static BARS: AtomicU64 = AtomicU64::new(0);

/// Whether to draw a bar: not asked to be quiet, stderr a terminal, and a terminal
/// that can move the cursor (`TERM` unset or anything but `dumb`).
pub fn wanted(quiet: bool, stderr_is_terminal: bool, term: Option<&OsStr>) -> bool {
    !quiet && stderr_is_terminal && term.is_none_or(|term| term != "dumb")
}

fn wanted_here(quiet: bool) -> bool {
    wanted(
        quiet,
        std::io::stderr().is_terminal(),
        std::env::var_os("TERM").as_deref(),
    )
}

/// Runs `print` with the active bar lifted, if one is drawn.
pub fn suspend<R>(print: impl FnOnce() -> R) -> R {
    let bar = ACTIVE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .map(|(_, bar)| bar.clone());
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

/// `std::eprintln!` that prints above the active progress bar instead of through it.
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::progress::suspend(|| ::std::eprintln!($($arg)*))
    };
}
pub(crate) use eprintln;

/// Makes `bar` the one bar drawn, clearing the one before (the ingest bar when
/// `ingest --export` starts exporting); returns its number.
fn activate(bar: &ProgressBar) -> u64 {
    let number = BARS.fetch_add(1, Ordering::Relaxed);
    let previous = ACTIVE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .replace((number, bar.clone()));
    if let Some((_, previous)) = previous {
        previous.finish_and_clear();
    }
    number
}

/// Clears bar `number` for good.
fn deactivate(number: u64, bar: &ProgressBar) {
    let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
    if active
        .as_ref()
        .is_some_and(|(current, _)| *current == number)
    {
        *active = None;
    }
    drop(active);
    bar.finish_and_clear();
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants of this file; a bad one would show in any test run.
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

// The bars take the width left on the line, so a line never wraps.
const SPINNER: &str = "{spinner} {decimal_bytes} read, {decimal_bytes_per_sec}, {msg} ({elapsed})";
const BYTES_BAR: &str = "{spinner} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes}, \
                         {decimal_bytes_per_sec}, {msg}, ETA {eta}";
const STEPS_BAR: &str = "{spinner} [{wide_bar}] {pos}/{len} {msg} ({elapsed})";

fn new_bar(length: Option<u64>, template: &str) -> ProgressBar {
    let bar =
        ProgressBar::with_draw_target(length, ProgressDrawTarget::stderr_with_hz(DRAWS_PER_SECOND));
    bar.set_style(style(template));
    bar
}

/// The bar of one `ingest`: bytes of input read, updated by a thread of its own from
/// the counters of `input`, so the pipeline needs no hooks. Cleared when dropped.
pub struct IngestProgress {
    running: Option<(u64, ProgressBar, Sender<()>, JoinHandle<()>)>,
}

impl IngestProgress {
    /// Starts the bar for reading `paths` (hidden unless [`wanted`]).
    pub fn start(paths: &[PathBuf], limits: Limits, quiet: bool) -> IngestProgress {
        if !wanted_here(quiet) {
            return IngestProgress { running: None };
        }
        let bar = new_bar(None, SPINNER);
        bar.set_message("0 articles");
        let number = activate(&bar);
        bar.tick();
        let (stop, stopped) = mpsc::channel::<()>();
        let start_bytes = input::bytes_read();
        let start_articles = input::articles_read();
        let paths = paths.to_vec();
        let ticking = bar.clone();
        let ticker = thread::spawn(move || {
            // Sizing a large folder takes a moment: the spinner turns meanwhile.
            if let Some(total) = input::input_size(&paths, limits) {
                ticking.set_length(total);
                ticking.set_style(style(BYTES_BAR));
            }
            loop {
                ticking.set_position(input::bytes_read().saturating_sub(start_bytes));
                let articles = input::articles_read().saturating_sub(start_articles);
                ticking.set_message(format!(
                    "{articles} article{}",
                    if articles == 1 { "" } else { "s" }
                ));
                match stopped.recv_timeout(TICK) {
                    Err(RecvTimeoutError::Timeout) => {}
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        IngestProgress {
            running: Some((number, bar, stop, ticker)),
        }
    }

    /// Whether a bar is drawn.
    #[cfg(test)]
    fn is_shown(&self) -> bool {
        self.running.is_some()
    }
}

impl Drop for IngestProgress {
    fn drop(&mut self) {
        if let Some((number, bar, stop, ticker)) = self.running.take() {
            let _ = stop.send(());
            let _ = ticker.join();
            deactivate(number, &bar);
        }
    }
}

/// The bar of one `export`: a step per table read and per file written. Cleared when
/// dropped.
pub struct Steps {
    bar: Option<(u64, ProgressBar)>,
}

impl Steps {
    /// Starts a bar of `total` steps (hidden unless [`wanted`]).
    pub fn start(total: u64, quiet: bool) -> Steps {
        if !wanted_here(quiet) {
            return Steps { bar: None };
        }
        let bar = new_bar(Some(total), STEPS_BAR);
        let number = activate(&bar);
        bar.tick();
        Steps {
            bar: Some((number, bar)),
        }
    }

    /// Says what is being done now.
    pub fn doing(&self, what: &str) {
        if let Some((_, bar)) = &self.bar {
            bar.set_message(what.to_owned());
        }
    }

    /// One step done.
    pub fn done(&self) {
        if let Some((_, bar)) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        if let Some((number, bar)) = self.bar.take() {
            deactivate(number, &bar);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(quiet: bool, terminal: bool, term: Option<&str>, expected: bool) {
        assert_eq!(
            wanted(quiet, terminal, term.map(OsStr::new)),
            expected,
            "quiet {quiet}, terminal {terminal}, TERM {term:?}"
        );
    }

    #[test]
    fn a_bar_only_for_a_person_at_a_capable_terminal() {
        check(false, true, Some("xterm-256color"), true);
        check(false, true, None, true);
        check(false, true, Some("dumb"), false);
        check(true, true, Some("xterm"), false);
        check(false, false, Some("xterm"), false);
        check(false, false, None, false);
    }

    #[test]
    fn without_a_terminal_nothing_is_started() {
        // `cargo test` captures stderr, or runs it on a terminal; --quiet always hides.
        let progress = IngestProgress::start(&[PathBuf::from("-")], Limits::default(), true);
        assert!(!progress.is_shown());
        assert!(ACTIVE.lock().unwrap().is_none());
        let steps = Steps::start(3, true);
        assert!(steps.bar.is_none());
        steps.done();
    }

    #[test]
    fn suspend_runs_the_print_without_a_bar() {
        assert_eq!(suspend(|| 7), 7);
    }
}
