//! When each action item was ticked, from the file's old versions: the date
//! of the first revision from which the item is done and stays done. Pure:
//! the caller reads and parses the revisions (see `commands::build`).

use crate::model::ActionItem;
use std::collections::HashMap;

/// The key that matches an item across versions: lower-case text with
/// whitespace collapsed and trailing punctuation dropped, so re-wrapping or
/// a final period does not break the match.
pub fn normalize(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words
        .join(" ")
        .trim_end_matches(|c: char| c.is_ascii_punctuation())
        .to_string()
}

/// Sets `done_at` on every done item of `items` from `versions` (oldest
/// first: revision date and that version's items). An item done now but in
/// no committed version keeps `None`; one ticked, unticked and ticked again
/// gets the last tick's date. Open items are reset to `None`.
pub fn assign(items: &mut [ActionItem], versions: &[(&str, &[ActionItem])]) {
    for item in items.iter_mut() {
        item.done_at = None;
    }
    let wanted: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.done)
        .map(|(n, i)| (normalize(&i.text), n))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut since: HashMap<&str, &str> = HashMap::new();
    for (date, version) in versions {
        let done_here: HashMap<String, bool> = version
            .iter()
            .map(|i| (normalize(&i.text), i.done))
            .collect();
        for key in wanted.keys() {
            if done_here.get(key).copied().unwrap_or(false) {
                since.entry(key.as_str()).or_insert(date);
            } else {
                since.remove(key.as_str());
            }
        }
    }
    for (key, n) in &wanted {
        items[*n].done_at = since.get(key.as_str()).map(|d| d.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActionType;

    fn item(text: &str, done: bool) -> ActionItem {
        ActionItem {
            text: text.into(),
            owner: None,
            due: None,
            priority: None,
            kind: ActionType::Other,
            done,
            bug: None,
            line: 1,
            done_at: None,
        }
    }

    #[test]
    fn first_revision_that_stays_done() {
        let v1 = [item("Rotate certs", false), item("Add alert", false)];
        let v2 = [item("Rotate  certs.", true), item("Add alert", false)];
        let v3 = [item("Rotate certs", false), item("Add alert", true)];
        let v4 = [item("rotate certs", true), item("Add alert", true)];
        let versions: Vec<(&str, &[ActionItem])> = vec![
            ("2024-01-01", &v1),
            ("2024-01-05", &v2),
            ("2024-02-01", &v3),
            ("2024-03-01", &v4),
        ];
        let mut now = vec![
            item("Rotate certs", true),
            item("Add alert", true),
            item("Write runbook", true),
            item("Open one", false),
        ];
        assign(&mut now, &versions);
        assert_eq!(now[0].done_at.as_deref(), Some("2024-03-01"));
        assert_eq!(now[1].done_at.as_deref(), Some("2024-02-01"));
        // Done only in the working tree: not dated.
        assert_eq!(now[2].done_at, None);
        assert_eq!(now[3].done_at, None);
    }
}
