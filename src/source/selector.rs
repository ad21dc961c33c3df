//! Which files under the content folder are postmortems: Markdown by
//! extension, optionally extension-less files that open with a `# ` heading,
//! minus `exclude` globs. Shared by the working-tree and revision loaders so
//! both pick exactly the same files.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Built-in exclusions: template files are scaffolding, not incidents.
pub const DEFAULT_EXCLUDES: &[&str] = &["*template*", "_*"];

/// What to do with a file.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A Markdown file to read.
    Markdown,
    /// No extension: read it if its content starts like Markdown.
    Sniff,
    /// Markdown, but an exclude pattern matched.
    Excluded,
    /// Not a postmortem (images, licences, …).
    Ignore,
}

/// What to do with a folder under the content folder.
#[derive(Debug, PartialEq, Eq)]
pub enum FolderVerdict {
    /// Look inside.
    Search,
    /// Git's or hindsight's own folder: never holds postmortems.
    Internal,
    /// Another tool's folder (dependencies, build output, hidden
    /// configuration): not searched, but every Markdown file in it is named
    /// in the build summary with this reason.
    Unsearched(&'static str),
}

/// Judges a folder by its name. Shared by both loaders so a working-tree
/// build and a `--rev` build read and name the same files.
pub fn folder_verdict(name: &str) -> FolderVerdict {
    match name {
        ".git" | ".hindsight" => FolderVerdict::Internal,
        "node_modules" | "target" => FolderVerdict::Unsearched(
            "not read: it is inside a folder of dependencies or build output (`node_modules`, `target`); move it out to build it",
        ),
        n if n.starts_with('.') => FolderVerdict::Unsearched(
            "not read: it is inside a folder whose name starts with `.`; move it out to build it",
        ),
        _ => FolderVerdict::Search,
    }
}

/// Selects postmortem files.
#[derive(Debug, Clone)]
pub struct Selector {
    /// Content folder relative to the repository (`""` for the root).
    pub content: String,
    excludes: GlobSet,
    /// Files larger than this many bytes are not read (`max_file_bytes`).
    pub max_bytes: u64,
    /// Files without an extension are also looked at, and read when they look like Markdown.
    pub extensionless: bool,
}

impl Selector {
    /// Builds a selector; an invalid glob is an error naming it.
    pub fn new(
        content: &str,
        excludes: &[String],
        max_bytes: u64,
        extensionless: bool,
    ) -> Result<Self, String> {
        let mut b = GlobSetBuilder::new();
        // The built-in patterns match in any case (`TEMPLATE.md`); a
        // team's own patterns mean exactly what they say.
        let builtin = DEFAULT_EXCLUDES.iter().map(|p| (*p, true));
        for (pattern, any_case) in builtin.chain(excludes.iter().map(|p| (p.as_str(), false))) {
            let glob = GlobBuilder::new(pattern)
                .case_insensitive(any_case)
                .build()
                .map_err(|e| format!("invalid exclude pattern `{pattern}`: {e}"))?;
            b.add(glob);
        }
        let content = content.trim_start_matches("./").trim_matches('/');
        Ok(Selector {
            content: if content == "." {
                String::new()
            } else {
                content.to_string()
            },
            excludes: b.build().map_err(|e| e.to_string())?,
            max_bytes,
            extensionless,
        })
    }

    /// Judges a file by its path relative to the content folder.
    pub fn verdict(&self, rel: &str) -> Verdict {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        // `a.md ` (a stray space) is still Markdown to its author.
        let lower = name.trim_end().to_lowercase();
        let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
        let kind = if markdown {
            Verdict::Markdown
        } else if self.extensionless && !name.contains('.') {
            Verdict::Sniff
        } else {
            return Verdict::Ignore;
        };
        if self.excludes.is_match(rel) || self.excludes.is_match(name) {
            return if kind == Verdict::Markdown {
                Verdict::Excluded
            } else {
                Verdict::Ignore
            };
        }
        kind
    }

    /// Why a file of `size` bytes is not read, when it is over the limit.
    pub fn too_large(&self, size: u64) -> Option<String> {
        (size > self.max_bytes).then(|| {
            format!(
                "file is {}, over the {} limit: split it, or raise `max_file_bytes` in hindsight.toml",
                indicatif::HumanBytes(size),
                indicatif::HumanBytes(self.max_bytes)
            )
        })
    }

    /// Whether the start of an extension-less file looks like a postmortem.
    pub fn sniff(head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(&head[..head.len().min(512)]);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        t.starts_with("# ") || t.starts_with("---\n") || t.starts_with("---\r\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_markdown_and_honours_excludes() {
        let s = Selector::new(
            ".",
            &["README.md".into(), "drafts/**".into()],
            1 << 20,
            true,
        )
        .unwrap();
        assert_eq!(s.content, "");
        assert_eq!(s.verdict("2024-01-01-x.md"), Verdict::Markdown);
        assert_eq!(s.verdict("sub/x.markdown"), Verdict::Markdown);
        assert_eq!(s.verdict("README.md"), Verdict::Excluded);
        assert_eq!(s.verdict("sub/README.md"), Verdict::Excluded);
        assert_eq!(s.verdict("drafts/a.md"), Verdict::Excluded);
        assert_eq!(
            s.verdict("PMyyyy-nnn - Postmortem template.md"),
            Verdict::Excluded
        );
        assert_eq!(s.verdict("_template.md"), Verdict::Excluded);
        assert_eq!(s.verdict("TEMPLATE.md"), Verdict::Excluded);
        // The team's own patterns keep their case: `drafts/**` is not `Drafts/`.
        assert_eq!(s.verdict("Drafts/a.md"), Verdict::Markdown);
        assert_eq!(s.verdict("image.png"), Verdict::Ignore);
        assert_eq!(
            s.verdict("PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues"),
            Verdict::Sniff
        );
        assert!(Selector::sniff(b"# Bad AWS EKS AMI \n"));
        assert_eq!(s.verdict("sub/odd name.md "), Verdict::Markdown);
        assert!(!Selector::sniff(b"MIT License\n"));
    }

    #[test]
    fn folders() {
        assert_eq!(folder_verdict("2024"), FolderVerdict::Search);
        assert_eq!(folder_verdict(".git"), FolderVerdict::Internal);
        for n in [".drafts", "node_modules", "target", "..."] {
            assert!(
                matches!(folder_verdict(n), FolderVerdict::Unsearched(_)),
                "{n}"
            );
        }
    }

    #[test]
    fn limits_are_said_in_units_people_read() {
        let s = Selector::new(".", &[], 1000, false).unwrap();
        assert_eq!(s.too_large(1000), None);
        let why = s.too_large(1500).unwrap();
        assert!(why.contains("1.46 KiB") && why.contains("1000 B"), "{why}");
        let huge = Selector::new(".", &[], u64::MAX, false).unwrap();
        assert_eq!(huge.too_large(u64::MAX), None);
    }

    #[test]
    fn bad_glob_is_reported() {
        assert!(Selector::new("x", &["a[".into()], 1, false)
            .unwrap_err()
            .contains("a["));
    }
}
