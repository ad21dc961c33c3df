//! What a long build is doing: a progress bar over the build's stages with
//! the current one named on a terminal (indicatif), plain `hindsight: …`
//! lines otherwise (CI logs), and nothing with `--quiet` or for commands
//! whose output is data.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Stages of a build: reading, parsing, history, dating action items,
/// indexing, related incidents, rendering, writing.
const STAGES: u64 = 8;

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

    /// A progress bar on a terminal, log lines elsewhere, nothing when `quiet`.
    pub fn for_build(quiet: bool) -> Self {
        if quiet {
            return Self::silent();
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(STAGES);
            bar.set_style(
                ProgressStyle::with_template("{bar:24} {pos}/{len} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
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
            bar.inc(1);
            bar.set_message(message.to_string());
        } else if self.lines {
            eprintln!("hindsight: {message}");
        }
    }

    /// Clears the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
