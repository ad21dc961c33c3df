//! Action items from task lists (`- [ ] @owner — text (P1, 2026-05-24)`),
//! tables (`Action Item | Type | Owner | Bug | Status`) and plain bullets.

use super::blocks::Block;
use super::times::leading_date;
use crate::model::{ActionItem, ActionType};
use regex::Regex;
use std::sync::LazyLock;

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,])@([\p{L}\p{N}][\p{L}\p{N}._-]*[\p{L}\p{N}]|[\p{L}\p{N}])").unwrap()
});
static OWNER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:owner|assignee|assigned to|담당자?)\s*[:=]\s*([^,;()\]]+)").unwrap()
});
static DUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\b|(\d{4}년\s*\d{1,2}월\s*\d{1,2}일)").unwrap()
});
static PRIORITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[Pp]([0-4])\b").unwrap());
/// A trailing parenthetical that only holds metadata: "(P1, 2026-05-24)".
static META_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[(\[]\s*(?:(?:p[0-4]|due:?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|owner:?\s*[^,)\]]+|@[\w.-]+|mitigate|prevent|process|done|todo)\s*[,;]?\s*)+[)\]]\s*$").unwrap()
});
/// "… — Lukas Novak, 2021-11-19" or "… — Lukas Novak": an owner after a dash at the end.
static TRAILING_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s[—–]\s+(\p{Lu}[\p{L}.'-]*(?:\s\p{Lu}[\p{L}.'-]*){0,3})\s*(?:,\s*(?:due\s*)?\d{4}[-/.]\d{1,2}[-/.]\d{1,2})?\s*\.?$").unwrap()
});
/// "… — done", "(closed)", "[DONE]" at the end of an item.
static TRAILING_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s(\[—–-])(?:done|closed|fixed|complete|completed|완료)(?:\s+(?:on\s+)?\d{4}-\d{2}-\d{2})?[)\]]?\.?\s*$")
        .unwrap()
});
static LEADING_OWNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^@[\p{L}\p{N}._-]+\s*[—–:-]*\s*").unwrap());

/// Status words that mean an item is finished.
pub fn is_done_status(s: &str) -> bool {
    let s = s.to_lowercase();
    let s = s.trim_matches(|c: char| !c.is_alphanumeric() && c != '✅' && c != '✔');
    [
        "done",
        "closed",
        "fixed",
        "complete",
        "completed",
        "resolved",
        "finished",
        "merged",
        "shipped",
        "완료",
        "해결",
        "종료",
    ]
    .iter()
    .any(|w| s == *w || s.starts_with(&format!("{w} ")) || s.ends_with(&format!(" {w}")))
        || s.contains('✅')
        || s.contains('✔')
}

/// Action type named by a word or a sub-heading ("Prevent", "재발 방지").
pub fn type_of(s: &str) -> Option<ActionType> {
    let s = s.to_lowercase();
    if s.contains("mitigat") || s.contains("완화") || s.contains("short term") || s.contains("단기")
    {
        Some(ActionType::Mitigate)
    } else if s.contains("prevent")
        || s.contains("방지")
        || s.contains("예방")
        || s.contains("long term")
        || s.contains("장기")
    {
        Some(ActionType::Prevent)
    } else if s.contains("process") || s.contains("프로세스") || s.contains("절차") {
        Some(ActionType::Process)
    } else if s.trim() == "other" || s.trim() == "기타" {
        Some(ActionType::Other)
    } else {
        None
    }
}

fn norm_date(s: &str) -> Option<String> {
    leading_date(s.trim()).map(|(d, _)| d.format("%Y-%m-%d").to_string())
}

/// Pulls owner, due date, priority and an explicit type out of free text and
/// returns the text with that metadata removed.
fn from_text(text: &str, line: usize) -> ActionItem {
    let owner = MENTION
        .captures(text)
        .map(|c| c[1].to_string())
        .or_else(|| OWNER_LABEL.captures(text).map(|c| c[1].trim().to_string()))
        .or_else(|| {
            TRAILING_OWNER
                .captures(text)
                .map(|c| c[1].trim().to_string())
        });
    let due = DUE
        .captures(text)
        .and_then(|c| norm_date(c.get(0)?.as_str()));
    let priority = PRIORITY.captures(text).map(|c| format!("P{}", &c[1]));
    let mut clean = LEADING_OWNER.replace(text.trim(), "").to_string();
    clean = META_PAREN.replace(&clean, "").trim().to_string();
    let kind = META_PAREN
        .find(text)
        .and_then(|m| type_of(m.as_str()))
        .unwrap_or(ActionType::Other);
    ActionItem {
        text: if clean.is_empty() {
            text.trim().into()
        } else {
            clean.into()
        },
        owner,
        due,
        priority,
        kind,
        done: false,
        bug: None,
        line,
        done_at: None,
    }
}

/// Column roles in an action-item table.
#[derive(Default)]
struct Columns {
    text: Option<usize>,
    kind: Option<usize>,
    owner: Option<usize>,
    bug: Option<usize>,
    status: Option<usize>,
    due: Option<usize>,
    priority: Option<usize>,
}

impl Columns {
    fn from_header(cells: &[String]) -> Self {
        let mut c = Columns::default();
        for (i, h) in cells.iter().enumerate() {
            let h = h.to_lowercase();
            let slot = if h.contains("owner")
                || h.contains("assignee")
                || h.contains("담당")
                || h == "who"
            {
                &mut c.owner
            } else if h.contains("type") || h.contains("유형") || h.contains("분류") {
                &mut c.kind
            } else if h.contains("bug")
                || h.contains("ticket")
                || h.contains("issue")
                || h.contains("jira")
                || h.contains("link")
                || h.contains("티켓")
            {
                &mut c.bug
            } else if h.contains("status")
                || h.contains("state")
                || h.contains("상태")
                || h == "done"
            {
                &mut c.status
            } else if h.contains("due")
                || h.contains("deadline")
                || h.contains("기한")
                || h.contains("마감")
                || h.contains("date")
            {
                &mut c.due
            } else if h.contains("priority") || h.contains("우선") || h == "pri" {
                &mut c.priority
            } else if h.contains("action")
                || h.contains("item")
                || h.contains("task")
                || h.contains("description")
                || h.contains("what")
                || h.contains("내용")
                || h.contains("항목")
                || h.contains("조치")
            {
                &mut c.text
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(i);
            }
        }
        if c.text.is_none() {
            c.text = (0..cells.len()).find(|i| {
                ![c.kind, c.owner, c.bug, c.status, c.due, c.priority].contains(&Some(*i))
            });
        }
        c
    }
}

/// Collects action items from the blocks of an action-items section.
pub fn extract(blocks: &[(usize, &Block)]) -> Vec<ActionItem> {
    let mut items = Vec::new();
    let mut context_type: Option<ActionType> = None;
    let mut columns: Option<(usize, Columns)> = None;
    let top = blocks
        .iter()
        .filter_map(|(_, b)| match b {
            Block::Item { depth, .. } => Some(*depth),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    for &(line, block) in blocks {
        match block {
            Block::Heading { text, .. } => context_type = type_of(text),
            Block::Paragraph { text } => {
                // A bold label line ("**Prevent**") above a list sets the type.
                if text.chars().count() < 40 {
                    if let Some(t) = type_of(text) {
                        context_type = Some(t);
                    }
                }
            }
            Block::Item {
                depth,
                text,
                checked,
                struck,
            } => {
                // Nested plain bullets are details of their parent, not items.
                if *depth > top && checked.is_none() {
                    continue;
                }
                if text.trim().is_empty() {
                    continue;
                }
                // "— done 2025-03-02" says when it was done, not when it is due.
                let marker = TRAILING_DONE.find(text.trim_end());
                let body = marker.map_or(text.as_str(), |m| {
                    text[..m.start()].trim_end_matches([' ', '—', '–', '-', '('])
                });
                let mut item = from_text(body, line);
                if item.kind == ActionType::Other {
                    item.kind = context_type.unwrap_or(ActionType::Other);
                }
                item.done = checked.unwrap_or(false)
                    || *struck
                    || marker.is_some()
                    || has_done_marker(text);
                items.push(item);
            }
            Block::TableRow {
                table,
                header,
                cells,
            } => {
                if *header {
                    columns = Some((*table, Columns::from_header(cells)));
                    continue;
                }
                let Some((t, cols)) = columns.as_ref() else {
                    continue;
                };
                if t != table || cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let cell = |i: Option<usize>| {
                    i.and_then(|i| cells.get(i))
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty() && *s != "-" && !s.eq_ignore_ascii_case("n/a"))
                };
                let text = cell(cols.text).unwrap_or_default();
                if text.is_empty() {
                    continue;
                }
                let mut item = from_text(text, line);
                if let Some(o) = cell(cols.owner) {
                    item.owner = Some(o.trim_start_matches('@').to_string());
                }
                if let Some(d) = cell(cols.due) {
                    item.due = norm_date(d).or(item.due);
                }
                if let Some(p) = cell(cols.priority) {
                    item.priority = Some(p.to_uppercase());
                }
                item.kind = cell(cols.kind)
                    .and_then(type_of)
                    .or(context_type)
                    .unwrap_or(item.kind);
                item.bug = cell(cols.bug).map(strip_status_words);
                // Google's template puts **DONE**/**TODO** in the Bug cell.
                item.done = cell(cols.status).is_some_and(is_done_status)
                    || cells.iter().any(|c| has_done_marker(c))
                    || text.starts_with("~~");
                items.push(item);
            }
        }
    }
    items
}

/// "DONE" or "[x]" written as a word in the text itself.
fn has_done_marker(s: &str) -> bool {
    TRAILING_DONE.is_match(s.trim())
        || s.split(|c: char| !c.is_alphanumeric() && c != '✅')
            .any(|w| w == "DONE" || w == "CLOSED" || w == "FIXED" || w == "완료" || w == "✅")
}

fn strip_status_words(s: &str) -> String {
    let out: Vec<&str> = s
        .split_whitespace()
        .filter(|w| !matches!(*w, "DONE" | "TODO" | "CLOSED"))
        .collect();
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::blocks::extract as blocks_of;
    use super::*;

    fn items(md: &str) -> Vec<ActionItem> {
        let (blocks, _) = blocks_of(md);
        let refs: Vec<(usize, &Block)> = blocks.iter().map(|b| (b.offset, &b.block)).collect();
        extract(&refs)
    }

    #[test]
    fn task_list_with_owner_priority_due() {
        let a = items("- [ ] @dana.kim — add expiry alert for internal certs (P1, 2026-05-24)\n- [x] @li rotate cert\n- ~~retire old proxy~~\n");
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].owner.as_deref(), Some("dana.kim"));
        assert_eq!(a[0].priority.as_deref(), Some("P1"));
        assert_eq!(a[0].due.as_deref(), Some("2026-05-24"));
        assert_eq!(a[0].text, "add expiry alert for internal certs");
        assert!(!a[0].done);
        assert!(a[1].done);
        assert!(a[2].done);
        assert_eq!(a[2].owner, None);
    }

    #[test]
    fn google_table() {
        let md = "| Action Item | Type | Owner | Bug | Status |\n|---|---|---|---|---|\n| Add cert expiry alerting | prevent | jennifer | OPS-12 | DONE |\n| Document rollback | process | | OPS-13 | In progress |\n| Update playbook | mitigate | martym | n/a **TODO** | |\n";
        let a = items(md);
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].kind, ActionType::Prevent);
        assert!(a[0].done);
        assert_eq!(a[0].bug.as_deref(), Some("OPS-12"));
        assert_eq!(a[1].owner, None);
        assert!(!a[1].done);
        assert_eq!(a[2].kind, ActionType::Mitigate);
        assert!(!a[2].done);
    }

    #[test]
    fn plain_bullets_subheadings_and_details() {
        let md = "### Prevent\n- Add connection pool metrics (owner: Dana Kim, due 2025-02-01)\n  - see dashboard\n### 완화\n- 인증서 만료 알림 추가 (담당: 김민수, 2024-07-01)\n";
        let a = items(md);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].kind, ActionType::Prevent);
        assert_eq!(a[0].owner.as_deref(), Some("Dana Kim"));
        assert_eq!(a[0].due.as_deref(), Some("2025-02-01"));
        assert_eq!(a[1].kind, ActionType::Mitigate);
        assert_eq!(a[1].owner.as_deref(), Some("김민수"));
    }

    #[test]
    fn trailing_done_markers() {
        let a = items("- Fix it (owner: A B, due 2025-02-01) — done\n- Fix that — done 2025-03-02\n- Done criteria for rollout\n- Investigate the undone work\n");
        assert!(a[0].done && a[1].done);
        assert!(!a[2].done && !a[3].done);
        assert_eq!(a[1].due, None, "the date says when it was done");
        assert_eq!(a[1].text, "Fix that");
        assert_eq!(a[0].due.as_deref(), Some("2025-02-01"));
    }
}
