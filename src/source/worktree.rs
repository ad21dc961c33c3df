//! Loads postmortems from the working tree (walkdir), so uncommitted edits
//! show up in a local preview.

use super::selector::{folder_verdict, FolderVerdict, Verdict};
use super::stat::Stat;
use super::{
    blob_id, join_repo_path, Known, KnownBy, Loaded, Selector, Skipped, SourceError, SourceFile,
};
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Reads every postmortem under `root/<content>`. `avoid` lists folders (such
/// as the output folder) that must not be read even when inside the content.
/// Files `known` answers for (unchanged since the last build) are not read.
/// `git` is the repository, when there is one: a symbolic link is read only
/// when it points at a file git tracks.
pub fn load(
    root: &Path,
    sel: &Selector,
    avoid: &[PathBuf],
    known: &Known<'_>,
    git: Option<&git2::Repository>,
) -> Result<Loaded, SourceError> {
    let content_dir = root.join(&sel.content);
    if !content_dir.is_dir() {
        return Err(SourceError::ContentMissing {
            path: content_dir.display().to_string(),
            hint: super::content_hint::suggest(root),
        });
    }
    let canonical = |p: &Path| {
        p.canonicalize().map_err(|source| SourceError::Io {
            path: p.display().to_string(),
            source,
        })
    };
    let canonical_root = canonical(root)?;
    // The walk below never follows links, but its root is always followed.
    let canonical_content = canonical(&content_dir)?;
    if !canonical_content.starts_with(&canonical_root) {
        return Err(SourceError::ContentOutside {
            path: sel.content.clone(),
            target: canonical_content.display().to_string(),
        });
    }
    let links = Links::new(canonical_root, git);
    let avoid: Vec<PathBuf> = avoid.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut loaded = Loaded::default();
    // Submodules (a folder with its own `.git`) hold another repository's
    // files: left out, as `--rev` leaves them out, and said so.
    let submodules = std::cell::RefCell::new(Vec::new());
    let unsearched = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.file_type().is_dir() {
                return true;
            }
            match folder_verdict(&e.file_name().to_string_lossy()) {
                FolderVerdict::Internal => return false,
                FolderVerdict::Unsearched(reason) => {
                    unsearched
                        .borrow_mut()
                        .push((e.path().to_path_buf(), reason));
                    return false;
                }
                FolderVerdict::Search => {}
            }
            if e.path().canonicalize().is_ok_and(|p| avoid.contains(&p)) {
                return false;
            }
            let submodule = e.path().join(".git").exists();
            if submodule {
                submodules.borrow_mut().push(rel_to(root, e.path()));
            }
            !submodule
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| rel_to(root, p)).unwrap_or_default();
                loaded
                    .skipped
                    .push(Skipped::new(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_dir() {
            load_entry(&entry, &content_dir, sel, known, &links, &mut loaded);
        }
    }
    for (dir, reason) in unsearched.into_inner() {
        name_markdown_under(&dir, &dir, &content_dir, sel, reason, &mut loaded);
    }
    for path in submodules.into_inner() {
        loaded.warnings.push(format!(
            "{path}: submodule, not read: its postmortems belong to another repository; build that one, or copy them in"
        ));
    }
    loaded.files.sort_by(|a, b| a.path.cmp(&b.path));
    loaded.not_read.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(loaded)
}

/// One file (or link) of the walk.
fn load_entry(
    entry: &walkdir::DirEntry,
    content_dir: &Path,
    sel: &Selector,
    known: &Known<'_>,
    links: &Links,
    loaded: &mut Loaded,
) {
    let rel_content = rel_to(content_dir, entry.path());
    let path = join_repo_path(&sel.content, &rel_content);
    if entry.path().to_str().is_none() {
        loaded.warnings.push(format!(
            "{path}: file name is not valid UTF-8; shown with \u{fffd} in place of bad bytes"
        ));
    }
    let verdict = sel.verdict(&rel_content);
    let target = if entry.path_is_symlink() {
        match links.follow(entry.path()) {
            Link::File(t) => t,
            Link::Folder(t) => {
                let reason = "not read: it is behind a symbolic link to a folder, which is not followed; move the files here or point `content` at them";
                name_markdown_under(&t, entry.path(), content_dir, sel, reason, loaded);
                return;
            }
            Link::Refused(reason) => {
                if verdict == Verdict::Markdown || looks_markdown(entry.path()) {
                    loaded.skipped.push(Skipped::new(path, reason));
                }
                return;
            }
        }
    } else {
        entry.path().to_path_buf()
    };
    match verdict {
        Verdict::Ignore => return,
        Verdict::Excluded => {
            loaded.excluded.push(path);
            return;
        }
        Verdict::Markdown | Verdict::Sniff => {}
    }
    let stat = Stat::of(&target);
    if let Some(blob) = stat.as_ref().and_then(|s| known(&path, KnownBy::Stat(s))) {
        loaded.files.push(SourceFile {
            path,
            bytes: Vec::new(),
            blob,
            cached: true,
            stat,
        });
        return;
    }
    match read(&target, sel, verdict == Verdict::Sniff) {
        Ok(Some(bytes)) => loaded.files.push(SourceFile {
            blob: blob_id(&bytes),
            path,
            bytes,
            cached: false,
            stat,
        }),
        Ok(None) => {}
        Err(reason) => loaded.skipped.push(Skipped::new(path, reason)),
    }
}

/// Names every Markdown file under `dir` (a folder that is not searched) in
/// `loaded.not_read`, by the path it has under `shown` (the folder itself,
/// or the link that points at it).
fn name_markdown_under(
    dir: &Path,
    shown: &Path,
    content_dir: &Path,
    sel: &Selector,
    reason: &str,
    loaded: &mut Loaded,
) {
    for e in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let Ok(e) = e else { continue };
        if e.file_type().is_dir() {
            continue;
        }
        let under = shown.join(e.path().strip_prefix(dir).unwrap_or(e.path()));
        let rel_content = rel_to(content_dir, &under);
        let path = join_repo_path(&sel.content, &rel_content);
        match sel.verdict(&rel_content) {
            Verdict::Markdown => loaded.not_read.push(Skipped::new(path, reason)),
            Verdict::Excluded => loaded.excluded.push(path),
            Verdict::Sniff | Verdict::Ignore => {}
        }
    }
}

/// Whether a link's own name or its target's says Markdown.
fn looks_markdown(link: &Path) -> bool {
    let md = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
    };
    md(link) || std::fs::read_link(link).is_ok_and(|t| md(&t))
}

/// Where a symbolic link may lead: only to a file git tracks (any file
/// inside the repository when it is not a git repository), never into
/// git's own folder, never out of the repository.
struct Links<'r> {
    root: PathBuf,
    git_dir: Option<PathBuf>,
    git: Option<&'r git2::Repository>,
    /// git's index, read at the first link (most trees have none).
    index: std::cell::OnceCell<Option<git2::Index>>,
}

/// What following a link gave.
enum Link {
    File(PathBuf),
    Folder(PathBuf),
    Refused(&'static str),
}

impl<'r> Links<'r> {
    fn new(root: PathBuf, git: Option<&'r git2::Repository>) -> Links<'r> {
        Links {
            root,
            git_dir: git.and_then(|r| r.path().canonicalize().ok()),
            git,
            index: std::cell::OnceCell::new(),
        }
    }

    /// Whether git tracks `rel`; true outside a git repository.
    fn tracked(&self, rel: &str) -> bool {
        let index = self
            .index
            .get_or_init(|| self.git.and_then(|r| r.index().ok()));
        index
            .as_ref()
            .is_none_or(|i| i.get_path(Path::new(rel), 0).is_some())
    }

    fn follow(&self, link: &Path) -> Link {
        let Ok(target) = link.canonicalize() else {
            return Link::Refused("broken symbolic link: not followed");
        };
        if !target.starts_with(&self.root) {
            return Link::Refused("symbolic link to a file outside the repository: not followed");
        }
        let rel = target.strip_prefix(&self.root).unwrap_or(&target);
        let in_git = self.git_dir.as_ref().is_some_and(|g| target.starts_with(g))
            || rel.components().any(|c| c.as_os_str() == ".git");
        if in_git {
            return Link::Refused("symbolic link into git's own folder: never followed");
        }
        if target.is_dir() {
            return Link::Folder(target);
        }
        let rel = rel_to(&self.root, &target);
        if !self.tracked(&rel) {
            return Link::Refused(
                "symbolic link to a file git does not track: not followed; commit the file it points at",
            );
        }
        Link::File(target)
    }
}

/// Reads a file within the size limit. `Ok(None)`: an extension-less file
/// that is not Markdown.
fn read(path: &Path, sel: &Selector, sniff: bool) -> Result<Option<Vec<u8>>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if let Some(why) = sel.too_large(size) {
        return Err(why);
    }
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `take` guards against a file that grows while we read it.
    file.by_ref()
        .take(sel.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if sniff && !Selector::sniff(&bytes) {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// `p` relative to `base`, `/`-separated.
pub(super) fn rel_to(base: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(base).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selector(content: &str) -> Selector {
        Selector::new(content, &[], 1024 * 1024, false).unwrap()
    }

    #[test]
    fn content_folder_outside_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, secret) = (dir.path().join("repo"), dir.path().join("secret"));
        std::fs::create_dir_all(repo.join("pm")).unwrap();
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("key.md"), "# private key").unwrap();
        std::os::unix::fs::symlink(&secret, repo.join("linked")).unwrap();
        for content in ["../secret", "linked", "pm/../../secret"] {
            let err = load(
                &repo,
                &selector(content),
                &[],
                &crate::source::nothing_known,
                None,
            )
            .err();
            assert!(
                matches!(err, Some(SourceError::ContentOutside { .. })),
                "{content}: {err:?}"
            );
        }
    }

    #[test]
    fn symlinks_out_of_the_repository_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, secret) = (dir.path().join("repo"), dir.path().join("secret"));
        std::fs::create_dir_all(repo.join("pm")).unwrap();
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("key.md"), "# private key").unwrap();
        std::fs::write(repo.join("pm/ok.md"), "# ok").unwrap();
        std::fs::write(repo.join("inside.md"), "# inside").unwrap();
        std::os::unix::fs::symlink(secret.join("key.md"), repo.join("pm/file.md")).unwrap();
        std::os::unix::fs::symlink(&secret, repo.join("pm/dir")).unwrap();
        std::os::unix::fs::symlink(repo.join("inside.md"), repo.join("pm/in.md")).unwrap();
        let loaded = load(
            &repo,
            &selector("pm"),
            &[],
            &crate::source::nothing_known,
            None,
        )
        .unwrap();
        let read: Vec<&str> = loaded.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(read, ["pm/in.md", "pm/ok.md"]);
        assert!(loaded.files.iter().all(|f| f.bytes != b"# private key"));
        let skipped: Vec<&str> = loaded.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(skipped, ["pm/file.md"]);
        assert!(loaded.skipped[0].reason.contains("outside the repository"));
    }
}
