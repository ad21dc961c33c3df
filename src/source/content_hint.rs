//! When the content folder is missing or empty: the folders near the
//! repository root that do hold Markdown, as `--content` values to try.

use std::collections::BTreeMap;
use std::path::Path;

/// How deep below the root folders are looked at: postmortems live near
/// the top of a repository, and a deep walk of a large one would be slow.
const DEPTH: usize = 3;

/// At most this many folders are suggested.
const SHOWN: usize = 3;

/// Folders never suggested: hidden ones, dependencies and build output.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || matches!(name, "node_modules" | "target" | "vendor" | "public")
}

/// The folders under `root` holding the most Markdown files (most first,
/// at most a few), each with its count; `.` is the root itself.
pub fn folders(root: &Path) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let walk = walkdir::WalkDir::new(root)
        .max_depth(DEPTH)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(&e.file_name().to_string_lossy()));
    for entry in walk.flatten() {
        let is_md = entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"));
        // READMEs and templates (`_template.md`) are no postmortems.
        let name = entry.file_name().to_string_lossy();
        if !is_md || name.eq_ignore_ascii_case("README.md") || name.starts_with('_') {
            continue;
        }
        let Some(folder) = entry
            .path()
            .parent()
            .and_then(|p| p.strip_prefix(root).ok())
        else {
            continue;
        };
        let folder = folder.to_string_lossy().replace('\\', "/");
        *counts
            .entry(if folder.is_empty() {
                ".".into()
            } else {
                folder
            })
            .or_default() += 1;
    }
    let mut best: Vec<(String, usize)> = counts.into_iter().collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    best.truncate(SHOWN);
    best
}

/// What to run instead, as one sentence: the folders under `root` holding
/// the most Markdown files, as `--content` values, or how to start one.
pub fn suggest(root: &Path) -> String {
    let best = folders(root);
    if best.is_empty() {
        return format!(
            "no Markdown files under {}: check --repo, or start a knowledge base there with `hindsight init`",
            root.display()
        );
    }
    let tries: Vec<String> = best
        .iter()
        .map(|(dir, n)| {
            let s = if *n == 1 { "" } else { "s" };
            format!("`--content {dir}` ({n} Markdown file{s})")
        })
        .collect();
    format!(
        "Markdown files are in: {}; pass one, or set `content` in hindsight.toml",
        tries.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_folders_with_the_most_markdown_first() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "# x\n").unwrap();
        };
        write("docs/incidents/a.md");
        write("docs/incidents/b.md");
        write("notes.md");
        write("README.md");
        write("postmortems/_template.md");
        write("node_modules/pkg/c.md");
        write(".github/d.md");
        let hint = suggest(dir.path());
        assert_eq!(
            hint,
            "Markdown files are in: `--content docs/incidents` (2 Markdown files), \
             `--content .` (1 Markdown file); pass one, or set `content` in hindsight.toml"
        );
    }

    #[test]
    fn an_empty_folder_points_at_init() {
        let dir = tempfile::tempdir().unwrap();
        assert!(suggest(dir.path()).contains("hindsight init"));
    }
}
