//! Loads the reading lists (`reading-lists/*.toml` at the repository root)
//! as raw files, from the working tree or from a revision's tree, the same
//! way postmortems are loaded: `--rev` builds never look at the checkout.

use super::{blob_id, Loaded, Skipped, SourceError, SourceFile};
use git2::{ObjectType, Repository};
use std::path::Path;

/// Folder of reading lists, relative to the repository root.
pub const DIR: &str = "reading-lists";

/// Larger files are not reading lists (and are not read into memory).
const MAX_BYTES: u64 = 1024 * 1024;

fn is_list(name: &str) -> bool {
    name.ends_with(".toml") && !name.starts_with('.')
}

fn too_large(size: u64) -> String {
    format!(
        "reading list is {size} bytes, over the {MAX_BYTES}-byte limit: split it into several lists"
    )
}

/// Reads `root/reading-lists/*.toml` (not recursive). A missing folder means
/// no lists. Symbolic links are not followed, as with revision builds.
pub fn from_worktree(root: &Path) -> Result<Loaded, SourceError> {
    let dir = root.join(DIR);
    let mut loaded = Loaded::default();
    if dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        loaded.skipped.push(Skipped::new(
            DIR,
            "symbolic link: not followed; put the lists themselves in reading-lists/",
        ));
        return Ok(loaded);
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(loaded),
        Err(source) => {
            return Err(SourceError::Io {
                path: dir.display().to_string(),
                source,
            })
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| SourceError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_list(&name) {
            continue;
        }
        let path = format!("{DIR}/{name}");
        let skip = |reason: String| Skipped::new(path.clone(), reason);
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(e) => {
                loaded.skipped.push(skip(format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.file_type().is_symlink() {
            loaded.skipped.push(skip(
                "symbolic link: not followed; put the list itself in reading-lists/".into(),
            ));
            continue;
        }
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_BYTES {
            loaded.skipped.push(skip(too_large(meta.len())));
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => loaded.files.push(SourceFile {
                blob: blob_id(&bytes),
                path,
                bytes,
                cached: false,
                stat: None,
            }),
            Err(e) => loaded.skipped.push(skip(format!("cannot read: {e}"))),
        }
    }
    loaded.files.sort_by(|a, b| a.path.cmp(&b.path));
    loaded.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(loaded)
}

/// Reads `reading-lists/*.toml` from `commit`'s tree.
pub fn from_revision(repo: &Repository, commit: &git2::Commit<'_>) -> Result<Loaded, SourceError> {
    let mut loaded = Loaded::default();
    let root = commit.tree()?;
    let Ok(entry) = root.get_path(Path::new(DIR)) else {
        return Ok(loaded);
    };
    let Ok(tree) = repo.find_tree(entry.id()) else {
        return Ok(loaded);
    };
    let odb = repo.odb()?;
    for e in tree.iter() {
        let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
        if e.kind() != Some(ObjectType::Blob) || !is_list(&name) {
            continue;
        }
        let path = format!("{DIR}/{name}");
        // 0o120000: a symbolic link stored as a blob holding its target.
        if e.filemode() == 0o120000 {
            loaded.skipped.push(Skipped::new(
                path,
                "symbolic link: not followed when building from a revision",
            ));
            continue;
        }
        let (size, _) = odb.read_header(e.id())?;
        if size as u64 > MAX_BYTES {
            loaded
                .skipped
                .push(Skipped::new(path, too_large(size as u64)));
            continue;
        }
        let blob = repo.find_blob(e.id())?;
        loaded.files.push(SourceFile {
            path,
            bytes: blob.content().to_vec(),
            blob: e.id().to_string(),
            cached: false,
            stat: None,
        });
    }
    // Tree entries are sorted by git's rules; sort by path like the worktree.
    loaded.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(loaded)
}
