//! What one commit changed under the content folder: its subtree diffed
//! against its first parent's by a merge over the two sorted tree listings,
//! descending only into subtrees whose ids differ (the shortcut `git log`
//! takes), merges reduced to what differs from every parent, and renames
//! found by blob or by shared lines. [`super::history::walk`] reads runs of
//! commits with [`read_commits`] in parallel.

use git2::{Oid, Repository, Tree};
use std::collections::{BTreeMap, HashMap};

/// A change to one path in one commit.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    /// Added or modified, with the new blob.
    Write(Oid),
    Delete(Oid),
}

/// One commit of the walk, as [`read_commits`] found it.
pub struct Commit {
    /// The commit's id.
    pub oid: Oid,
    /// The commit has more than one parent.
    pub merge: bool,
    /// `None` when the commit leaves the content folder as a parent had it.
    pub touched: Option<Touched>,
}

/// What a commit wrote under the content folder, and by whom.
pub struct Touched {
    /// Commit author name, after .mailmap.
    pub author: String,
    /// Commit author date, `YYYY-MM-DD`.
    pub date: String,
    /// First line of the commit message.
    pub subject: String,
    /// Path (relative to the content folder), new blob and, for a rename,
    /// the path it had before.
    pub writes: Vec<(String, Oid, Option<String>)>,
}

/// Reads and diffs `oids` (consecutive commits of the walk, newest first).
pub fn read_commits(
    repo: &Repository,
    oids: &[Oid],
    content: &str,
) -> Result<Vec<Commit>, git2::Error> {
    let mailmap = repo.mailmap().ok();
    let mut subtree_cache: HashMap<Oid, Option<Oid>> = HashMap::new();
    let mut content_tree =
        |repo: &Repository, commit: &git2::Commit<'_>| -> Result<Option<Oid>, git2::Error> {
            if let Some(known) = subtree_cache.get(&commit.tree_id()) {
                return Ok(*known);
            }
            let found = subtree(repo, commit.tree_id(), content)?;
            subtree_cache.insert(commit.tree_id(), found);
            Ok(found)
        };
    let mut trees = TreeCache::new(repo);
    let mut out = Vec::with_capacity(oids.len());
    for &oid in oids {
        let damaged = |e: git2::Error| damaged(oid, &e);
        let commit = repo.find_commit(oid).map_err(damaged)?;
        let mut record = Commit {
            oid,
            merge: commit.parent_count() > 1,
            touched: None,
        };
        let mine = content_tree(repo, &commit).map_err(damaged)?;
        let parents: Vec<Option<Oid>> = commit
            .parents()
            .map(|p| content_tree(repo, &p))
            .collect::<Result<_, _>>()
            .map_err(damaged)?;
        // Untouched content folder relative to any parent: nothing to record
        // (for merges this is git's TREESAME rule).
        if parents.contains(&mine) || (parents.is_empty() && mine.is_none()) {
            out.push(record);
            continue;
        }
        let mut changes = BTreeMap::new();
        diff_trees(
            &mut trees,
            parents.first().copied().flatten(),
            mine,
            "",
            &mut changes,
        )
        .map_err(damaged)?;
        trees.next_commit();
        if parents.len() > 1 {
            only_new_to_every_parent(repo, &parents[1..], &mut changes).map_err(damaged)?;
        }
        record.touched = Some(touched(repo, &commit, mailmap.as_ref(), &changes));
        out.push(record);
    }
    Ok(out)
}

/// A merge records only paths that differ from every parent: drops from
/// `changes` (made against the first parent) those some `other` parent
/// already has.
fn only_new_to_every_parent(
    repo: &Repository,
    others: &[Option<Oid>],
    changes: &mut BTreeMap<String, Change>,
) -> Result<(), git2::Error> {
    let mut differs = BTreeMap::new();
    for (path, change) in changes.iter() {
        let mut all = true;
        for p in others {
            all &= blob_at(repo, *p, path)? != new_blob(change);
        }
        differs.insert(path.clone(), all);
    }
    changes.retain(|path, _| differs[path]);
    Ok(())
}

/// Who changed what in `commit`: its author (after .mailmap), date,
/// subject, and the files it wrote.
fn touched(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    mailmap: Option<&git2::Mailmap>,
    changes: &BTreeMap<String, Change>,
) -> Touched {
    let renames = renames(repo, changes);
    let sig = commit.author();
    let sig = match mailmap {
        Some(m) => m.resolve_signature(&sig).unwrap_or_else(|_| sig.to_owned()),
        None => sig.to_owned(),
    };
    let writes = changes
        .iter()
        .filter_map(|(rel, change)| match change {
            Change::Write(blob) => Some((
                rel.clone(),
                *blob,
                renames.get(rel.as_str()).map(|old| old.to_string()),
            )),
            Change::Delete(_) => None,
        })
        .collect();
    Touched {
        author: String::from_utf8_lossy(sig.name_bytes()).into_owned(),
        date: date_of(&sig.when()),
        subject: commit
            .summary_bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
        writes,
    }
}

fn new_blob(c: &Change) -> Option<Oid> {
    match c {
        Change::Write(b) => Some(*b),
        Change::Delete(_) => None,
    }
}

/// Renamed files in one commit: an added path whose blob equals a deleted
/// path's blob, else (as `git log --follow` does) an added path at least
/// half of whose lines are a deleted path's lines: a rename with edits.
fn renames<'c>(
    repo: &Repository,
    changes: &'c BTreeMap<String, Change>,
) -> HashMap<&'c str, &'c str> {
    let mut deleted: HashMap<Oid, &str> = changes
        .iter()
        .filter_map(|(p, c)| match c {
            Change::Delete(b) => Some((*b, p.as_str())),
            _ => None,
        })
        .collect();
    if deleted.is_empty() {
        return HashMap::new();
    }
    let mut found = HashMap::new();
    let mut added = Vec::new();
    for (p, c) in changes {
        if let Change::Write(b) = c {
            match deleted.remove(b) {
                Some(old) => {
                    found.insert(p.as_str(), old);
                }
                None => added.push((p.as_str(), *b)),
            }
        }
    }
    // Content comparison only for what exact matching left over (rare:
    // a commit that both deletes and adds postmortems). Like git's
    // renameLimit, a commit moving and editing hundreds of files at once
    // is not compared pair by pair (its files start new histories).
    if deleted.is_empty() || added.len() * deleted.len() > MAX_RENAME_PAIRS {
        return found;
    }
    let mut old_files: Vec<(&str, _)> = deleted
        .iter()
        .filter_map(|(blob, old)| Some((*old, lines_of(repo, *blob)?)))
        .collect();
    old_files.sort_by(|a, b| a.0.cmp(b.0));
    for (new_path, new_blob) in added {
        let Some(new_lines) = lines_of(repo, new_blob) else {
            continue;
        };
        let best = old_files
            .iter()
            .enumerate()
            .map(|(k, (_, old_lines))| (similarity(old_lines, &new_lines), k))
            .filter(|(score, _)| *score >= 0.5)
            // Highest score; on a tie the first old path.
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        if let Some((_, k)) = best {
            let (old, _) = old_files.remove(k);
            found.insert(new_path, old);
        }
    }
    found
}

/// Most added × deleted file pairs compared by content in one commit.
const MAX_RENAME_PAIRS: usize = 250_000;

/// The non-blank lines of a blob (capped: similarity needs no more).
fn lines_of(repo: &Repository, blob: Oid) -> Option<std::collections::HashSet<Vec<u8>>> {
    let blob = repo.find_blob(blob).ok()?;
    Some(
        blob.content()
            .split(|&b| b == b'\n')
            .map(|l| l.trim_ascii().to_vec())
            .filter(|l| !l.is_empty())
            .take(10_000)
            .collect(),
    )
}

/// Shared lines over the larger file's line count, 0–1.
fn similarity(
    a: &std::collections::HashSet<Vec<u8>>,
    b: &std::collections::HashSet<Vec<u8>>,
) -> f64 {
    let larger = a.len().max(b.len());
    if larger == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / larger as f64
}

/// `YYYY-MM-DD` in the author's own time zone.
fn date_of(t: &git2::Time) -> String {
    let offset = chrono::FixedOffset::east_opt(t.offset_minutes() * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).unwrap());
    chrono::DateTime::from_timestamp(t.seconds(), 0)
        .map(|d| d.with_timezone(&offset).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// An object of `commit` could not be read: say which and what to run,
/// instead of libgit2's bare "failed to inflate loose object".
pub fn damaged(commit: Oid, e: &git2::Error) -> git2::Error {
    git2::Error::from_str(&format!(
        "reading commit {commit} and its trees: {}; the repository may be damaged: run `git fsck` in it",
        e.message()
    ))
}

/// The tree `id`; an error names it.
fn find_tree(repo: &Repository, id: Oid) -> Result<Tree<'_>, git2::Error> {
    repo.find_tree(id)
        .map_err(|e| git2::Error::from_str(&format!("tree {id}: {}", e.message())))
}

/// Id of the tree at `path` inside `tree` (`""` = the tree itself); `None`
/// when there is none. A tree that cannot be read is an error, never "no
/// content folder here" (which would make the history silently wrong).
fn subtree(repo: &Repository, tree: Oid, path: &str) -> Result<Option<Oid>, git2::Error> {
    if path.is_empty() {
        return Ok(Some(tree));
    }
    let t = find_tree(repo, tree)?;
    match t.get_path(std::path::Path::new(path)) {
        Ok(e) => Ok((e.kind() == Some(git2::ObjectType::Tree)).then(|| e.id())),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Blob id at a path relative to a content tree (`None`: no such path).
fn blob_at(repo: &Repository, tree: Option<Oid>, path: &str) -> Result<Option<Oid>, git2::Error> {
    let Some(tree) = tree else { return Ok(None) };
    let t = find_tree(repo, tree)?;
    match t.get_path(std::path::Path::new(path)) {
        Ok(e) => Ok(Some(e.id())),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Git's tree order: names compare as bytes, a tree's name as if it ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let common = a.len().min(b.len());
    match a[..common].cmp(&b[..common]) {
        std::cmp::Ordering::Equal => {}
        other => return other,
    }
    let next = |n: &[u8], tree: bool| match n.get(common) {
        Some(c) => *c,
        None if tree => b'/',
        None => 0,
    };
    next(a, a_tree).cmp(&next(b, b_tree))
}

/// Parsed trees of this commit and the previous one. Walking newest first, a
/// commit's parent tree is the next commit's own tree: keeping it saves
/// parsing every large folder twice (libgit2 does not cache big trees).
struct TreeCache<'r> {
    repo: &'r Repository,
    previous: HashMap<Oid, Tree<'r>>,
    current: HashMap<Oid, Tree<'r>>,
}

impl<'r> TreeCache<'r> {
    fn new(repo: &'r Repository) -> Self {
        TreeCache {
            repo,
            previous: HashMap::new(),
            current: HashMap::new(),
        }
    }

    fn get(&mut self, id: Option<Oid>) -> Result<Option<Tree<'r>>, git2::Error> {
        let Some(id) = id else { return Ok(None) };
        let tree = match self.previous.get(&id).or_else(|| self.current.get(&id)) {
            Some(t) => t.clone(),
            None => find_tree(self.repo, id)?,
        };
        self.current.insert(id, tree.clone());
        Ok(Some(tree))
    }

    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

/// Records blob changes between two trees into `out` (paths relative to the
/// trees' root). Both listings are in git's tree order, so one merge pass
/// finds the differences; only subtrees whose ids differ are descended into.
fn diff_trees(
    trees: &mut TreeCache<'_>,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut BTreeMap<String, Change>,
) -> Result<(), git2::Error> {
    if old == new {
        return Ok(());
    }
    let (old_tree, new_tree) = (trees.get(old)?, trees.get(new)?);
    type View<'a> = (&'a [u8], Oid, bool);
    let entry = |t: &Option<Tree<'_>>, i: usize| -> Option<(Vec<u8>, Oid, bool)> {
        let e = t.as_ref()?.get(i)?;
        Some((
            e.name_bytes().to_vec(),
            e.id(),
            e.kind() == Some(git2::ObjectType::Tree),
        ))
    };
    let len = |t: &Option<Tree<'_>>| t.as_ref().map_or(0, |t| t.len());
    let (na, nb) = (len(&old_tree), len(&new_tree));
    let (mut ia, mut ib) = (0, 0);
    // Entry ids are compared before names are copied: unchanged entries cost no allocation.
    let same_id = |ia: usize, ib: usize| -> bool {
        match (
            old_tree.as_ref().and_then(|t| t.get(ia)),
            new_tree.as_ref().and_then(|t| t.get(ib)),
        ) {
            (Some(x), Some(y)) => x.id() == y.id() && x.name_bytes() == y.name_bytes(),
            _ => false,
        }
    };
    while ia < na || ib < nb {
        if ia < na && ib < nb && same_id(ia, ib) {
            ia += 1;
            ib += 1;
            continue;
        }
        let x = if ia < na { entry(&old_tree, ia) } else { None };
        let y = if ib < nb { entry(&new_tree, ib) } else { None };
        fn view(e: &Option<(Vec<u8>, Oid, bool)>) -> Option<(&[u8], Oid, bool)> {
            e.as_ref().map(|(n, id, t)| (n.as_slice(), *id, *t))
        }
        let (o, n): (Option<View<'_>>, Option<View<'_>>) = match (view(&x), view(&y)) {
            (None, None) => break,
            (Some(x), None) => {
                ia += 1;
                (Some(x), None)
            }
            (None, Some(y)) => {
                ib += 1;
                (None, Some(y))
            }
            (Some(x), Some(y)) => match git_order(x.0, x.2, y.0, y.2) {
                std::cmp::Ordering::Less => {
                    ia += 1;
                    (Some(x), None)
                }
                std::cmp::Ordering::Greater => {
                    ib += 1;
                    (None, Some(y))
                }
                std::cmp::Ordering::Equal => {
                    ia += 1;
                    ib += 1;
                    (Some(x), Some(y))
                }
            },
        };
        let name = o.or(n).map(|e| e.0).unwrap_or_default();
        let path = format!("{prefix}{}", String::from_utf8_lossy(name));
        let tree_of = |e: Option<View<'_>>| e.filter(|e| e.2).map(|e| e.1);
        let blob_of = |e: Option<View<'_>>| e.filter(|e| !e.2).map(|e| e.1);
        if tree_of(o).is_some() || tree_of(n).is_some() {
            diff_trees(trees, tree_of(o), tree_of(n), &format!("{path}/"), out)?;
        }
        match (blob_of(o), blob_of(n)) {
            (_, Some(id)) => {
                out.insert(path, Change::Write(id));
            }
            (Some(id), None) => {
                out.insert(path, Change::Delete(id));
            }
            (None, None) => {}
        }
    }
    Ok(())
}
