//! `hindsight completions` and `hindsight man`: shell completion scripts
//! and man pages generated from the command-line definition itself, so
//! they never drift from `--help`.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the completion script of `cmd` for `shell` to `out`.
pub fn completions(cmd: &mut clap::Command, shell: clap_complete::Shell, out: &mut dyn Write) {
    let name = cmd.get_name().to_string();
    clap_complete::generate(shell, cmd, name, out);
}

/// Writes the man page of `cmd` (its commands listed, not detailed) to `out`.
pub fn man_page(cmd: clap::Command, out: &mut dyn Write) -> Result<()> {
    clap_mangen::Man::new(cmd)
        .render(out)
        .context("writing the man page")
}

/// Writes one man page per command into `dir` (`hindsight.1`,
/// `hindsight-build.1`, …), creating it; returns the files written, sorted.
pub fn man_pages(cmd: clap::Command, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create folder", dir.display()))?;
    clap_mangen::generate_to(cmd, dir)
        .with_context(|| format!("{}: cannot write the man pages", dir.display()))?;
    let mut written: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    written.sort();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command};

    fn cli() -> Command {
        Command::new("hindsight")
            .about("postmortems")
            .subcommand(Command::new("build").arg(Arg::new("out").long("out")))
    }

    #[test]
    fn completions_name_the_subcommands_and_flags() {
        let mut out = Vec::new();
        completions(&mut cli(), clap_complete::Shell::Bash, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("complete -F _hindsight"), "{text}");
        assert!(text.contains("--out"), "{text}");
    }

    #[test]
    fn one_man_page_per_command() {
        let dir = tempfile::tempdir().unwrap();
        let files = man_pages(cli(), dir.path()).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["hindsight-build.1", "hindsight.1"]);
        let page = std::fs::read_to_string(&files[1]).unwrap();
        assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{page}");
        assert!(page.contains("hindsight\\-build"), "{page}");
    }
}
