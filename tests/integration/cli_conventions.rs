//! The conventions of a command-line tool: `--version` names the commit,
//! `--color` is honoured, completions and man pages come from the real
//! command-line definition.

use crate::common::{hindsight, hindsight_in, TestRepo, CAROL, T0};
use std::path::Path;
use std::process::Command;

/// `git ARGS` in this project's folder, trimmed; `None` when git fails.
fn git_here(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = hindsight(&["--version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let version = run.stdout.trim();
    assert!(
        version.starts_with(&format!("hindsight {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let checkout = git_here(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        Path::new(&top).canonicalize().ok()
            == Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().ok()
    });
    match std::env::var("HINDSIGHT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
    {
        Some(commit) => assert!(version.contains(&commit), "{version}"),
        None if checkout => {
            let head = git_here(&["log", "-1", "--format=%h %cs", "--abbrev=12"]).unwrap();
            assert!(
                version.ends_with(&format!("({head})")),
                "{version} vs {head}"
            );
        }
        // Not a checkout (a crate from crates.io): the package version alone,
        // or the commit cargo recorded when packaging.
        None => {}
    }
}

#[test]
fn color_flag_is_honoured_by_check() {
    let r = TestRepo::new();
    r.write(
        "postmortems/2024-01-01-x.md",
        "# Outage\n\nNo sections at all.\n",
    );
    r.commit("Add a postmortem", CAROL, T0);
    let esc = |s: &str| s.contains('\u{1b}');
    let always = hindsight_in(r.path(), &["check", "--color", "always"]);
    assert_eq!(always.code, 1, "{}", always.stderr);
    assert!(esc(&always.stdout), "{}", always.stdout);
    // Global: accepted before the command too.
    let never = hindsight_in(r.path(), &["--color", "never", "check"]);
    assert_eq!(never.code, 1);
    assert!(!esc(&never.stdout), "{}", never.stdout);
    // auto into a pipe: no colour.
    let auto = hindsight_in(r.path(), &["check"]);
    assert!(!esc(&auto.stdout), "{}", auto.stdout);
    assert_eq!(never.stdout, auto.stdout);
    let bad = hindsight_in(r.path(), &["check", "--color", "sometimes"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn completions_for_every_shell_know_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = hindsight(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["serve", "check", "deny-warnings", "color"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
}

#[test]
fn man_pages_cover_every_command() {
    let page = hindsight(&["man"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(page.stdout.contains(".TH hindsight 1"), "{}", page.stdout);
    let dir = tempfile::tempdir().unwrap();
    let run = hindsight(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let help = hindsight(&["--help"]).stdout;
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 11, "{commands:?}");
    for c in commands {
        let file = dir.path().join(format!("hindsight-{c}.1"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{}", file.display()));
        assert!(text.contains(&format!("hindsight\\-{c}")), "{c}");
    }
}
