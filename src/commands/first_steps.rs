//! What `hindsight init` and `hindsight new` print: what they created and
//! the next commands to run, so a newcomer never has to guess the next step.

use super::scaffold::{Initialized, GITHUB_WORKFLOW_PATH, TEMPLATE_FILE};
use crate::config::FILE_NAME;
use std::path::Path;

/// What each file `init` writes is for, by its path relative to the folder.
fn purpose(rel: &str) -> &'static str {
    match rel {
        FILE_NAME => "settings; every key is optional",
        GITHUB_WORKFLOW_PATH => "checks pull requests, publishes the site on GitHub Pages",
        ".gitignore" => "keeps the built site out of git",
        _ if rel.ends_with(TEMPLATE_FILE) => "the template `hindsight new` copies",
        _ if rel.ends_with("README.md") => "says what the folder is for",
        _ => "",
    }
}

/// `path` for a reader: relative to `base` when inside it, without `./`.
fn shown(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    rel.to_string_lossy().replace('\\', "/")
}

/// ` --repo DIR` when the commands must name the folder, else nothing.
fn repo_flag(dir: &Path) -> String {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" --repo {}", shell_word(&dir.to_string_lossy()))
    }
}

/// A word a POSIX shell reads back as `s`.
fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./~+,:@".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The message `init` prints for what it did in `dir`.
pub fn init_message(dir: &Path, done: &Initialized) -> String {
    let mut text = format!("Set up a postmortem knowledge base in {}\n", dir.display());
    let width = done
        .created
        .iter()
        .map(|p| shown(p, dir).len())
        .max()
        .unwrap_or(0);
    for p in &done.created {
        let rel = shown(p, dir);
        text.push_str(&format!("  created {rel:width$}  {}\n", purpose(&rel)));
    }
    for p in &done.kept {
        text.push_str(&format!("  kept    {} (already there)\n", shown(p, dir)));
    }
    if done.git_init {
        text.push_str("  ran     git init (the folder was not in a git repository)\n");
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shell_word(&dir.to_string_lossy()))
    };
    text.push_str(&format!(
        "\nNext:\n  \
         1. {cd}hindsight new \"Checkout errors after deploy\"\n     \
         writes the first postmortem from the template\n  \
         2. hindsight serve\n     \
         previews the site at http://127.0.0.1:8000/, rebuilt on every save\n  \
         3. git add -A && git commit -m \"Start our postmortems\" && git push\n     \
         then {GITHUB_WORKFLOW_PATH} checks every pull request and publishes\n     \
         the site (GitHub: Settings > Pages > Source: GitHub Actions)\n"
    ));
    text
}

/// The message `new` prints for the postmortem it wrote at `path` in `repo`.
pub fn new_message(repo: &Path, path: &Path) -> String {
    let flag = repo_flag(repo);
    format!(
        "created {}\n\nNext: fill it in, then\n  \
         hindsight serve{flag}   preview it at http://127.0.0.1:8000/, rebuilt on every save\n  \
         hindsight check{flag}   list what it still lacks (template text, owners, due dates)\n",
        shown(path, Path::new(".")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn init_names_each_file_and_the_next_steps() {
        let dir = Path::new("kb");
        let done = Initialized {
            created: vec![dir.join(FILE_NAME), dir.join(GITHUB_WORKFLOW_PATH)],
            kept: vec![dir.join(".gitignore")],
            git_init: true,
        };
        let text = init_message(dir, &done);
        assert!(text.contains("created hindsight.toml "), "{text}");
        assert!(text.contains("checks pull requests"), "{text}");
        assert!(text.contains("kept    .gitignore"), "{text}");
        assert!(text.contains("ran     git init"), "{text}");
        assert!(text.contains("1. cd kb && hindsight new"), "{text}");
        assert!(text.contains("2. hindsight serve"), "{text}");
        assert!(text.contains("3. git add -A"), "{text}");
        let here = init_message(Path::new("."), &Initialized::default());
        assert!(here.contains("1. hindsight new"), "{here}");
        assert!(!here.contains("git init"), "{here}");
    }

    #[test]
    fn new_names_the_file_and_how_to_preview_and_check_it() {
        let here = new_message(
            Path::new("."),
            &PathBuf::from("./postmortems/2026-05-01-x.md"),
        );
        assert!(
            here.starts_with("created postmortems/2026-05-01-x.md\n"),
            "{here}"
        );
        assert!(here.contains("hindsight serve   preview"), "{here}");
        assert!(here.contains("hindsight check   list"), "{here}");
        let there = new_message(Path::new("my kb"), Path::new("my kb/postmortems/x.md"));
        assert!(there.contains("hindsight check --repo 'my kb'"), "{there}");
    }
}
