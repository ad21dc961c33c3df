//! The done-date stage: the day each ticked action item was ticked, from
//! the old versions of its file in history.

use crate::model::Postmortem;
use crate::parse::{self, ParseOptions};
use crate::source::history;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Dates ticked action items from the old versions of their files. Only
/// files with a done item are read, newest revision first, and the walk
/// stops at the first version in which none of the items done now is done
/// (nothing older can change a `done_at`); a revision holding the current
/// content is not parsed again. Files are processed in parallel, each thread
/// with its own handle on the repository.
pub(super) fn date_action_items(
    repo: &git2::Repository,
    pms: &mut [Postmortem],
    opts: &ParseOptions,
    current: &BTreeMap<&str, &str>,
    stale: &BTreeSet<String>,
) {
    use crate::analyze::done_at;
    use crate::model::ActionItem;
    use std::collections::{HashMap, HashSet};
    let git_dir = repo.path().to_path_buf();
    pms.par_iter_mut()
        .filter(|pm| stale.contains(&pm.path) && pm.action_items.iter().any(|a| a.done))
        .for_each_init(
            || git2::Repository::open(&git_dir).ok(),
            |repo, pm| {
                let Some(repo) = repo.as_ref() else { return };
                let now_blob = current.get(pm.path.as_str()).copied();
                let mut pending: HashSet<String> = pm
                    .action_items
                    .iter()
                    .filter(|a| a.done)
                    .map(|a| done_at::normalize(&a.text))
                    .collect();
                let mut parsed: HashMap<&str, Vec<ActionItem>> = HashMap::new();
                let mut walked = 0;
                for rev in &pm.history.revisions {
                    walked += 1;
                    if !parsed.contains_key(rev.blob.as_str()) {
                        let items = if now_blob == Some(rev.blob.as_str()) {
                            pm.action_items.clone()
                        } else {
                            history::blob_bytes(repo, &rev.blob)
                                .and_then(|b| {
                                    parse::action_items_only(&b, &opts.headings).or_else(|| {
                                        parse::parse_file(&pm.path, &b, opts)
                                            .ok()
                                            .map(|p| p.action_items)
                                    })
                                })
                                .unwrap_or_default()
                        };
                        parsed.insert(rev.blob.as_str(), items);
                    }
                    let done: HashSet<String> = parsed[rev.blob.as_str()]
                        .iter()
                        .filter(|a| a.done)
                        .map(|a| done_at::normalize(&a.text))
                        .collect();
                    pending.retain(|k| done.contains(k));
                    if pending.is_empty() {
                        break;
                    }
                }
                // Revisions are newest first; `assign` wants oldest first.
                let versions: Vec<(&str, &[ActionItem])> = pm.history.revisions[..walked]
                    .iter()
                    .rev()
                    .map(|r| (r.date.as_str(), parsed[r.blob.as_str()].as_slice()))
                    .collect();
                let mut items = pm.action_items.clone();
                done_at::assign(&mut items, &versions);
                drop(versions);
                drop(parsed);
                pm.action_items = items;
            },
        );
}
