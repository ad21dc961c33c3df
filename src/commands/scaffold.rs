//! `hindsight new` and `hindsight init`: files for a new postmortem or a new
//! knowledge base. Existing files are never overwritten.

use crate::config::{Config, FILE_NAME};
use crate::slug::slugify;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The template written by `init` and used by `new` when the repository has none.
pub const TEMPLATE: &str = include_str!("postmortem_template.md");

/// The GitHub Actions workflow written by `init`: `check` and `review` on
/// pull requests, the site built and published on GitHub Pages from main;
/// `{{action}}` stands for [`action_ref`].
pub const GITHUB_WORKFLOW: &str = include_str!("github_workflow.yml");

/// The GitHub Action the written workflow uses: this crate's repository at
/// the tag of the running version, so CI runs what the user installed.
pub fn action_ref() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY")
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/');
    format!("{repo}@v{}", env!("CARGO_PKG_VERSION"))
}

/// Where `init` writes [`GITHUB_WORKFLOW`], relative to the repository.
pub const GITHUB_WORKFLOW_PATH: &str = ".github/workflows/hindsight.yml";

/// File name of a repository's own template, inside the content folder
/// (excluded from builds by the built-in `_*` pattern).
pub const TEMPLATE_FILE: &str = "_template.md";

const CONFIG: &str = r#"# Hindsight configuration: every key is optional.
title = "Postmortems"
# Folder of postmortems, relative to this file.
content = "postmortems"
# Files in the content folder that are not postmortems.
exclude = ["README.md"]
# Where the site is published (absolute links in feeds).
# base_url = "https://postmortems.example.com/"
# Web address of this repository, for "edit this page" links.
# repo_url = "https://github.com/acme/postmortems"

# Other names your front matter uses for hindsight's keys.
[aliases]
# started = ["start_time"]
# resolved = ["end_time"]

# `hindsight check`: rules and their levels (error, warning or off).
# See docs/src/check-rules.md in hindsight's repository for every rule.
[check]
# required_sections = ["summary", "impact", "root_causes|contributing_factors", "timeline", "action_items"]
# severities = ["SEV1", "SEV2", "SEV3"]

[check.rules]
# action-item-due = "warning"
"#;

/// Creates `content/YYYY-MM-DD-slug.md` from the repository's template (or the
/// built-in one) and returns its path.
pub fn new_postmortem(repo: &Path, title: &str, today: chrono::NaiveDate) -> Result<PathBuf> {
    if title.trim().is_empty() {
        bail!("the title is empty: hindsight new \"Checkout errors after deploy\"");
    }
    let config = Config::load(repo)?;
    let dir = repo.join(&config.content);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("{}: cannot create folder", dir.display()))?;
    let template = match std::fs::read_to_string(dir.join(TEMPLATE_FILE)) {
        Ok(t) => t,
        Err(_) => TEMPLATE.to_string(),
    };
    let date = today.format("%Y-%m-%d").to_string();
    let path = dir.join(format!("{date}-{}.md", slugify(title, "postmortem")));
    if path.exists() {
        bail!(
            "{}: already exists; pick another title, or edit that file and preview it with `hindsight serve`",
            path.display()
        );
    }
    // YAML double-quoted string: escape what would end it.
    let yaml_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = template
        .replace("\"{{title}}\"", &format!("\"{yaml_title}\""))
        .replace("{{title}}", title)
        .replace("{{date}}", &date);
    std::fs::write(&path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(path)
}

/// What `init` did, for the message it prints.
#[derive(Debug, Default)]
pub struct Initialized {
    /// Files written.
    pub created: Vec<PathBuf>,
    /// Files that were already there and were left alone.
    pub kept: Vec<PathBuf>,
    /// Whether `init` ran `git init` (the folder was in no repository).
    pub git_init: bool,
}

/// Scaffolds a knowledge base in `dir` (hindsight.toml, the content folder
/// with a template, a GitHub Actions workflow) and makes it a git repository
/// when it is in none, so the first build already has history to read.
pub fn init(dir: &Path) -> Result<Initialized> {
    let workflow = GITHUB_WORKFLOW.replace("{{action}}", &action_ref());
    let files: Vec<(PathBuf, &str)> = vec![
        (dir.join(FILE_NAME), CONFIG),
        (dir.join("postmortems").join(TEMPLATE_FILE), TEMPLATE),
        (
            dir.join("postmortems").join("README.md"),
            "# Postmortems\n\nOne Markdown file per incident. Start a new one with `hindsight new \"Title\"`;\nbuild the site with `hindsight build`.\n",
        ),
        (dir.join(GITHUB_WORKFLOW_PATH), &workflow),
        // The built site and the previous one kept beside it for fast rebuilds.
        (dir.join(".gitignore"), "/public/\n/.public.prev/\n"),
    ];
    let mut done = Initialized::default();
    for (path, text) in files {
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("{}: cannot write", path.display()))?;
        done.created.push(path);
    }
    // A folder inside an existing repository (a monorepo's docs/) keeps it.
    if git2::Repository::discover(dir).is_err() {
        git2::Repository::init(dir)
            .with_context(|| format!("{}: git init failed", dir.display()))?;
        done.git_init = true;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_uses_date_and_slug_and_parses_back() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let p = new_postmortem(dir.path(), "Checkout \"errors\" / deploy", day).unwrap();
        assert!(p.ends_with("postmortems/2026-05-01-checkout-errors-deploy.md"));
        let text = std::fs::read_to_string(&p).unwrap();
        let pm = crate::parse::parse_file("x.md", text.as_bytes(), &Default::default()).unwrap();
        assert_eq!(pm.title, "Checkout \"errors\" / deploy");
        assert_eq!(pm.date.as_deref(), Some("2026-05-01"));
        assert!(pm.diagnostics.is_empty(), "{:?}", pm.diagnostics);
        assert!(new_postmortem(dir.path(), "Checkout \"errors\" / deploy", day).is_err());
    }

    #[test]
    fn init_keeps_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "title = \"mine\"\n").unwrap();
        let done = init(dir.path()).unwrap();
        assert_eq!(done.kept.len(), 1);
        assert_eq!(done.created.len(), 4);
        assert!(done
            .created
            .contains(&dir.path().join(GITHUB_WORKFLOW_PATH)));
        assert!(done.git_init);
        assert!(git2::Repository::open(dir.path()).is_ok());
        let workflow = std::fs::read_to_string(dir.path().join(GITHUB_WORKFLOW_PATH)).unwrap();
        assert!(!workflow.contains("{{action}}"), "{workflow}");
        assert!(!workflow.contains("cargo install"), "{workflow}");
        let uses = format!("uses: {}", action_ref());
        assert_eq!(workflow.matches(&uses).count(), 3, "{workflow}");
        assert!(action_ref().ends_with(&format!("@v{}", env!("CARGO_PKG_VERSION"))));
        let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(ignore.contains("/.public.prev/"), "{ignore}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap(),
            "title = \"mine\"\n"
        );
    }

    #[test]
    fn init_inside_a_repository_does_not_nest_another() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let sub = dir.path().join("docs").join("postmortems-kb");
        let done = init(&sub).unwrap();
        assert!(!done.git_init);
        assert!(!sub.join(".git").exists());
        assert_eq!(done.created.len(), 5);
    }
}
