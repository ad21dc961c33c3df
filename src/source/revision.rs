//! Loads postmortems from a revision's git objects: no checkout, so it works
//! on a bare clone and CI can build any tag reproducibly.

use super::selector::Verdict;
use super::{join_repo_path, Loaded, Selector, Skipped, SourceError, SourceFile};
use git2::{ObjectType, Repository, TreeWalkMode, TreeWalkResult};

/// Git file mode of a symbolic link.
const MODE_LINK: i32 = 0o120000;
/// Git file mode of a submodule (a commit inside a tree).
const MODE_SUBMODULE: i32 = 0o160000;

/// Resolves `rev` to a commit.
pub fn resolve<'r>(repo: &'r Repository, rev: &str) -> Result<git2::Commit<'r>, SourceError> {
    repo.revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| SourceError::RevNotFound {
            rev: rev.to_string(),
            repo: repo.path().display().to_string(),
            message: e.message().to_string(),
        })
}

/// Reads every postmortem under the content folder of `commit`'s tree.
pub fn load(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    sel: &Selector,
    known: &super::Known<'_>,
) -> Result<Loaded, SourceError> {
    let root = commit.tree()?;
    let tree = if sel.content.is_empty() {
        root
    } else {
        let entry = root
            .get_path(std::path::Path::new(&sel.content))
            .map_err(|_| SourceError::ContentMissing {
                path: format!("{}:{}", commit.id(), sel.content),
            })?;
        repo.find_tree(entry.id())
            .map_err(|_| SourceError::ContentMissing {
                path: format!("{}:{} (not a folder)", commit.id(), sel.content),
            })?
    };
    let odb = repo.odb()?;
    let mut loaded = Loaded::default();
    let mut error = None;
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let name = String::from_utf8_lossy(entry.name_bytes()).into_owned();
        if entry.kind() == Some(ObjectType::Tree) {
            // Same folders the working-tree loader leaves out.
            return if name.starts_with('.') || name == "node_modules" {
                TreeWalkResult::Skip
            } else {
                TreeWalkResult::Ok
            };
        }
        let rel = format!("{dir}{name}");
        let path = join_repo_path(&sel.content, &rel);
        let verdict = sel.verdict(&rel);
        if entry.filemode() == MODE_SUBMODULE && verdict != Verdict::Markdown {
            loaded.warnings.push(format!(
                "{path}: submodule, not read: its postmortems belong to another repository; build that one, or copy them in"
            ));
            return TreeWalkResult::Ok;
        }
        match verdict {
            Verdict::Ignore => return TreeWalkResult::Ok,
            Verdict::Excluded => {
                loaded.excluded.push(path);
                return TreeWalkResult::Ok;
            }
            _ => {}
        }
        let skip = |reason: &str| Skipped::new(path.clone(), reason);
        match entry.filemode() {
            MODE_LINK => {
                if verdict == Verdict::Markdown {
                    loaded.skipped.push(skip("symbolic link: not followed when building from a revision"));
                }
                return TreeWalkResult::Ok;
            }
            MODE_SUBMODULE => {
                loaded.skipped.push(skip("submodule: its content is not part of this repository"));
                return TreeWalkResult::Ok;
            }
            _ => {}
        }
        match odb.read_header(entry.id()) {
            Ok((size, _)) if size as u64 > sel.max_bytes => {
                loaded.skipped.push(skip(&format!(
                    "file is {} MiB, over the {} MiB limit: split it, or raise `max_file_bytes` in hindsight.toml",
                    size / (1024 * 1024),
                    sel.max_bytes / (1024 * 1024)
                )));
                return TreeWalkResult::Ok;
            }
            Ok(_) => {}
            Err(e) => {
                loaded.skipped.push(skip(&format!("cannot read blob: {}", e.message())));
                return TreeWalkResult::Ok;
            }
        }
        let blob = entry.id().to_string();
        if known(&path, super::KnownBy::Blob(&blob)).is_some() {
            loaded.files.push(SourceFile {
                path,
                bytes: Vec::new(),
                blob,
                cached: true,
                stat: None,
            });
            return TreeWalkResult::Ok;
        }
        match repo.find_blob(entry.id()) {
            Ok(blob) => {
                if verdict == Verdict::Sniff && !Selector::sniff(blob.content()) {
                    return TreeWalkResult::Ok;
                }
                loaded.files.push(SourceFile {
                    path,
                    bytes: blob.content().to_vec(),
                    blob: entry.id().to_string(),
                    cached: false,
                    stat: None,
                });
            }
            Err(e) => error = Some(e),
        }
        TreeWalkResult::Ok
    })?;
    if let Some(e) = error {
        return Err(e.into());
    }
    loaded.files.sort_by(|a, b| a.path.cmp(&b.path));
    loaded.excluded.sort();
    Ok(loaded)
}
