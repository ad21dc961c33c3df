//! Loads postmortems from a revision's git objects: no checkout, so it works
//! on a bare clone and CI can build any tag reproducibly.

use super::selector::{folder_verdict, FolderVerdict, Verdict};
use super::{join_repo_path, Loaded, Selector, Skipped, SourceError, SourceFile};
use git2::{ObjectType, Repository, TreeWalkMode, TreeWalkResult};

/// Git file mode of a symbolic link.
const MODE_LINK: i32 = 0o120000;

/// What to do when the content folder is not in the revision built.
const NOT_IN_REVISION: &str = "that revision has no such folder: pass --content with a folder it has (`git ls-tree --name-only REV`), or set `content` in hindsight.toml";
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
/// Symbolic links are followed as git sees them: to a file of the same
/// tree, never out of it or into a `.git` folder.
pub fn load(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    sel: &Selector,
    known: &super::Known<'_>,
) -> Result<Loaded, SourceError> {
    let root = commit.tree()?;
    let tree = if sel.content.is_empty() {
        root.clone()
    } else {
        let entry = root
            .get_path(std::path::Path::new(&sel.content))
            .map_err(|_| SourceError::ContentMissing {
                path: format!("{}:{}", commit.id(), sel.content),
                hint: NOT_IN_REVISION.into(),
            })?;
        repo.find_tree(entry.id())
            .map_err(|_| SourceError::ContentMissing {
                path: format!("{}:{} (not a folder)", commit.id(), sel.content),
                hint: NOT_IN_REVISION.into(),
            })?
    };
    let mut reader = Reader {
        repo,
        odb: repo.odb()?,
        root: &root,
        sel,
        known,
        loaded: Loaded::default(),
        error: None,
    };
    let mut unsearched = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let name = String::from_utf8_lossy(entry.name_bytes()).into_owned();
        if entry.kind() == Some(ObjectType::Tree) {
            // Same folders the working-tree loader leaves out.
            return match folder_verdict(&name) {
                FolderVerdict::Search => TreeWalkResult::Ok,
                FolderVerdict::Internal => TreeWalkResult::Skip,
                FolderVerdict::Unsearched(reason) => {
                    unsearched.push((format!("{dir}{name}"), entry.id(), reason));
                    TreeWalkResult::Skip
                }
            };
        }
        reader.entry(&format!("{dir}{name}"), entry);
        TreeWalkResult::Ok
    })?;
    for (rel, id, reason) in unsearched {
        reader.name_markdown_under(&rel, id, reason);
    }
    let Reader {
        mut loaded, error, ..
    } = reader;
    if let Some(e) = error {
        return Err(e.into());
    }
    loaded.files.sort_by(|a, b| a.path.cmp(&b.path));
    loaded.excluded.sort();
    loaded.not_read.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(loaded)
}

/// What one load has read so far.
struct Reader<'a> {
    repo: &'a Repository,
    odb: git2::Odb<'a>,
    root: &'a git2::Tree<'a>,
    sel: &'a Selector,
    known: &'a super::Known<'a>,
    loaded: Loaded,
    error: Option<git2::Error>,
}

/// Where a link in the tree leads.
enum Followed {
    File(git2::Oid),
    Folder(git2::Oid),
    Refused(&'static str),
}

impl Reader<'_> {
    /// One tree entry that is not a folder; `rel` is its path under the
    /// content folder.
    fn entry(&mut self, rel: &str, entry: &git2::TreeEntry<'_>) {
        let path = join_repo_path(&self.sel.content, rel);
        let verdict = self.sel.verdict(rel);
        if entry.filemode() == MODE_SUBMODULE {
            if verdict == Verdict::Markdown {
                self.loaded.skipped.push(Skipped::new(
                    path,
                    "submodule: its content is not part of this repository",
                ));
            } else {
                self.loaded.warnings.push(format!(
                    "{path}: submodule, not read: its postmortems belong to another repository; build that one, or copy them in"
                ));
            }
            return;
        }
        let mut id = entry.id();
        if entry.filemode() == MODE_LINK {
            match self.follow(&path, id) {
                Followed::File(target) => id = target,
                Followed::Folder(tree) => {
                    self.name_markdown_under(rel, tree, "not read: it is behind a symbolic link to a folder, which is not followed; move the files here or point `content` at them");
                    return;
                }
                Followed::Refused(reason) => {
                    if verdict == Verdict::Markdown || self.link_names_markdown(id) {
                        self.loaded.skipped.push(Skipped::new(path, reason));
                    }
                    return;
                }
            }
        }
        match verdict {
            Verdict::Ignore => {}
            Verdict::Excluded => self.loaded.excluded.push(path),
            Verdict::Markdown | Verdict::Sniff => self.read(path, id, verdict),
        }
    }

    /// Reads the blob `id` as the file at `path`.
    fn read(&mut self, path: String, id: git2::Oid, verdict: Verdict) {
        let sel = self.sel;
        let skip = |reason: &str| Skipped::new(path.clone(), reason);
        match self.odb.read_header(id) {
            Ok((size, _)) => {
                if let Some(why) = sel.too_large(size as u64) {
                    self.loaded.skipped.push(skip(&why));
                    return;
                }
            }
            Err(e) => {
                self.loaded.skipped.push(skip(&format!(
                    "cannot read blob {id}: {}; run `git fsck`",
                    e.message()
                )));
                return;
            }
        }
        let blob = id.to_string();
        if (self.known)(&path, super::KnownBy::Blob(&blob)).is_some() {
            self.loaded.files.push(SourceFile {
                path,
                bytes: Vec::new(),
                blob,
                cached: true,
                stat: None,
            });
            return;
        }
        match self.repo.find_blob(id) {
            Ok(b) => {
                if verdict == Verdict::Sniff && !Selector::sniff(b.content()) {
                    return;
                }
                self.loaded.files.push(SourceFile {
                    path,
                    bytes: b.content().to_vec(),
                    blob,
                    cached: false,
                    stat: None,
                });
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Follows the link at repository path `path` (blob `id` holds its
    /// target) through the commit's tree.
    fn follow(&self, path: &str, mut id: git2::Oid) -> Followed {
        let mut at = path.to_string();
        for _ in 0..8 {
            let Ok(blob) = self.repo.find_blob(id) else {
                return Followed::Refused("symbolic link that cannot be read: not followed");
            };
            let target = String::from_utf8_lossy(blob.content()).into_owned();
            let Some(resolved) = link_target(&at, &target) else {
                return Followed::Refused(
                    "symbolic link to a file outside the repository: not followed",
                );
            };
            if resolved.split('/').any(|c| c == ".git") {
                return Followed::Refused("symbolic link into git's own folder: never followed");
            }
            let Ok(entry) = self.root.get_path(std::path::Path::new(&resolved)) else {
                return Followed::Refused("broken symbolic link: not followed");
            };
            match (entry.kind(), entry.filemode()) {
                (Some(ObjectType::Tree), _) => return Followed::Folder(entry.id()),
                (_, MODE_LINK) => {
                    (at, id) = (resolved, entry.id());
                }
                (Some(ObjectType::Blob), _) => return Followed::File(entry.id()),
                _ => return Followed::Refused("symbolic link to a submodule: not followed"),
            }
        }
        Followed::Refused("symbolic link through too many links: not followed")
    }

    /// Whether a link's target names a Markdown file.
    fn link_names_markdown(&self, id: git2::Oid) -> bool {
        self.repo.find_blob(id).is_ok_and(|b| {
            let t = String::from_utf8_lossy(b.content()).to_lowercase();
            t.ends_with(".md") || t.ends_with(".markdown")
        })
    }

    /// Names every Markdown file of tree `id` (shown under `rel`, relative
    /// to the content folder) as not read, for `reason`.
    fn name_markdown_under(&mut self, rel: &str, id: git2::Oid, reason: &str) {
        let Ok(tree) = self.repo.find_tree(id) else {
            return;
        };
        let (sel, loaded) = (self.sel, &mut self.loaded);
        let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() != Some(ObjectType::Tree) {
                let name = String::from_utf8_lossy(entry.name_bytes());
                let inner = format!("{rel}/{dir}{name}");
                let path = join_repo_path(&sel.content, &inner);
                match sel.verdict(&inner) {
                    Verdict::Markdown => loaded.not_read.push(Skipped::new(path, reason)),
                    Verdict::Excluded => loaded.excluded.push(path),
                    Verdict::Sniff | Verdict::Ignore => {}
                }
            }
            TreeWalkResult::Ok
        });
    }
}

/// The repository path a link at `link` pointing at `target` names, or
/// `None` when it leaves the repository.
fn link_target(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    crate::links::resolve(link, target).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_resolve_inside_the_tree_only() {
        use super::link_target as resolve;
        assert_eq!(resolve("pm/a.md", "b.md").as_deref(), Some("pm/b.md"));
        assert_eq!(resolve("pm/a.md", "../x/b.md").as_deref(), Some("x/b.md"));
        assert_eq!(resolve("pm/a.md", "../../b.md"), None);
        assert_eq!(resolve("pm/a.md", "/etc/passwd"), None);
        assert_eq!(
            resolve("pm/a.md", "../.git/config").as_deref(),
            Some(".git/config")
        );
    }
}
