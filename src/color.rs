//! Whether to colour what is printed: the global `--color auto|always|never`
//! flag, set once at start-up, and in `auto` a terminal without `NO_COLOR`
//! (<https://no-color.org>: set and not empty turns colour off).

use std::io::IsTerminal;
use std::sync::OnceLock;

/// The `--color` choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    /// Always colour, even into a pipe or a file
    Always,
    /// Never colour
    Never,
}

/// Where the coloured text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Records `--color` for the whole run; only the first call counts.
pub fn set_choice(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether text written to `stream` should be coloured: every command that
/// colours asks this, so `--color` and `NO_COLOR` mean the same everywhere.
pub fn color_enabled(stream: Stream) -> bool {
    let terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    decide(
        CHOICE.get().copied().unwrap_or_default(),
        terminal,
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    )
}

/// The rule, without the process's state.
fn decide(choice: ColorChoice, terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn always_and_never_win_and_auto_needs_a_terminal_without_no_color() {
        for (terminal, no_color) in [(true, true), (true, false), (false, true), (false, false)] {
            assert!(decide(ColorChoice::Always, terminal, no_color));
            assert!(!decide(ColorChoice::Never, terminal, no_color));
            assert_eq!(
                decide(ColorChoice::Auto, terminal, no_color),
                terminal && !no_color
            );
        }
    }
}
