//! What a long build is doing: a spinner with the current stage on a
//! terminal (indicatif), plain `hindsight: …` lines otherwise (CI logs), and
//! nothing with `--quiet` or for commands whose output is data.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Reports build stages.
pub struct Progress {
    bar: Option<ProgressBar>,
    lines: bool,
}

impl Progress {
    /// Silent: for `search`, `trends` and tests of the library.
    pub fn silent() -> Self {
        Progress {
            bar: None,
            lines: false,
        }
    }

    /// A spinner on a terminal, log lines elsewhere, nothing when `quiet`.
    pub fn for_build(quiet: bool) -> Self {
        if quiet {
            return Self::silent();
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            Progress {
                bar: Some(bar),
                lines: false,
            }
        } else {
            Progress {
                bar: None,
                lines: true,
            }
        }
    }

    /// A new stage starts.
    pub fn stage(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message.to_string());
        } else if self.lines {
            eprintln!("hindsight: {message}");
        }
    }

    /// Clears the spinner before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
