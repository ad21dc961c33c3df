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
/// "Owner: @teo", "担当: platform、…", "담당: 김민수, …": a labelled owner,
/// up to the next separator (ASCII or full-width) or label.
static OWNER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:owners?|assignee|assigned to|responsible|担当者?|オーナー|담당자?)\s*[:：=]\s*([^,;()\[\]、，；（）|*]+)").unwrap()
});
/// "Due: Oct 11, 2025", "期限: 2026-04-30", "기한 2024-07-01": a labelled due
/// date; the date itself is read by [`norm_date`] from the end of the match.
static DUE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bdue(?:\s+date)?|\bdeadline|\btarget date|期限|기한|마감)\s*[:：=]?\s*(?:by\s+)?",
    )
    .unwrap()
});
/// "完了: 2026-04-16", "done 2025-03-02": when an item was finished, never
/// its due date.
static DONE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bdone|\bcompleted|\bclosed|\bfinished|完了|완료)\s*[:：]?\s*(?:on\s+)?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}").unwrap()
});
/// "**Action item:** …": a paragraph that names itself an action item.
static ACTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:action items?|follow[- ]?up|todo|アクション|액션 아이템)\s*[:：]").unwrap()
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
        "implemented",
        "deployed",
        "완료",
        "해결",
        "종료",
        "반영",
        "반영됨",
        "완료됨",
        "完了",
        "済",
        "済み",
        "対応済",
        "対応済み",
        "実施済",
        "実施済み",
        "解決済み",
    ]
    .iter()
    .any(|w| {
        s == *w
            || s.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
            || s.ends_with(&format!(" {w}"))
    }) || s.contains('✅')
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

/// An owner value as written, without emphasis marks, a trailing full stop
/// or a following label ("platform 期限" → "platform").
fn owner_value(v: &str) -> Option<String> {
    let v = v.split(['\n', '。']).next().unwrap_or_default();
    let v = match DUE_LABEL.find(v) {
        Some(m) => &v[..m.start()],
        None => v,
    };
    let v = v.split(". ").next().unwrap_or_default();
    let v = v.trim().trim_end_matches('.').trim();
    (!v.is_empty() && v.chars().count() <= 60).then(|| v.to_string())
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
        .or_else(|| OWNER_LABEL.captures(text).and_then(|c| owner_value(&c[1])))
        .or_else(|| {
            TRAILING_OWNER
                .captures(text)
                .map(|c| c[1].trim().to_string())
        });
    // A date after "完了:" or "done" says when the item was finished.
    let dated = DONE_DATE.replace_all(text, "");
    let due = DUE_LABEL
        .find_iter(&dated)
        .find_map(|m| norm_date(&dated[m.end()..]))
        .or_else(|| {
            DUE.captures(&dated)
                .and_then(|c| norm_date(c.get(0)?.as_str()))
        });
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

/// A header naming a row number or identifier column ("#", "No.", "ID").
fn is_id_header(h: &str) -> bool {
    matches!(
        h.trim().trim_end_matches('.'),
        "" | "#" | "no" | "nr" | "id" | "番号" | "번호" | "순번" | "ref"
    )
}

impl Columns {
    fn from_header(cells: &[String]) -> Self {
        let has = |h: &str, words: &[&str]| words.iter().any(|w| h.contains(w));
        let mut c = Columns::default();
        for (i, h) in cells.iter().enumerate() {
            let h = h.to_lowercase();
            let h = h.as_str();
            if is_id_header(h) {
                continue;
            }
            let slot = if has(
                h,
                &["owner", "assignee", "담당", "担当", "オーナー", "責任者"],
            ) || h == "who"
            {
                &mut c.owner
            } else if has(
                h,
                &[
                    "type",
                    "category",
                    "유형",
                    "분류",
                    "カテゴリ",
                    "種別",
                    "区分",
                ],
            ) {
                &mut c.kind
            } else if has(
                h,
                &[
                    "bug",
                    "ticket",
                    "issue",
                    "jira",
                    "link",
                    "티켓",
                    "링크",
                    "チケット",
                    "リンク",
                ],
            ) || h == "pr"
            {
                &mut c.bug
            } else if has(
                h,
                &[
                    "status",
                    "state",
                    "상태",
                    "판정",
                    "진행",
                    "状態",
                    "ステータス",
                    "状況",
                    "進捗",
                ],
            ) || h == "done"
            {
                &mut c.status
            } else if has(
                h,
                &[
                    "due", "deadline", "기한", "마감", "期限", "期日", "date", "when",
                ],
            ) {
                &mut c.due
            } else if has(h, &["priority", "우선", "優先"]) || h == "pri" {
                &mut c.priority
            } else if has(
                h,
                &[
                    "action",
                    "item",
                    "task",
                    "description",
                    "what",
                    "measure",
                    "내용",
                    "항목",
                    "조치",
                    "대책",
                    "アクション",
                    "対応",
                    "対策",
                    "内容",
                    "項目",
                    "施策",
                    "タスク",
                ],
            ) {
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
                !is_id_header(&cells[*i].to_lowercase())
                    && ![c.kind, c.owner, c.bug, c.status, c.due, c.priority].contains(&Some(*i))
            });
        }
        c
    }
}

/// A heading that says the items under it are finished: "Immediate Actions
/// (Completed)", "Completed ✅", "Prevention Measures Implemented", "完了".
fn heading_says_done(heading: &str) -> bool {
    let h = heading.to_lowercase();
    let negated = ["not ", "un", "in progress", "pending", "未", "미"]
        .iter()
        .any(|w| h.contains(&format!("{w}complet")) || h.contains(&format!("{w}implement")))
        || h.contains("not done")
        || h.contains("未完了")
        || h.contains("미완료");
    let done = h.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "completed" | "done" | "implemented" | "shipped" | "finished"
        )
    }) || ["完了", "対応済", "実施済", "완료", "✅", "✔"]
        .iter()
        .any(|w| h.contains(w));
    done && !negated
}

/// The first URL of a block: a link target, else an address written out.
fn first_url(links: &[String], text: &str) -> Option<String> {
    links
        .iter()
        .find(|l| l.starts_with("http://") || l.starts_with("https://"))
        .cloned()
        .or_else(|| {
            text.split_whitespace()
                .find(|w| w.starts_with("http://") || w.starts_with("https://"))
                .map(|w| w.trim_end_matches([')', ']', '.', ',', '>']).to_string())
        })
}

/// Collects action items from the blocks of the action-items sections. When
/// the first block is a heading, it is a section's own heading, and so is
/// any later heading of that level or above: such a heading only says
/// whether the items under it are done ("Prevention Measures Implemented").
pub fn extract(blocks: &[(usize, &Block)]) -> Vec<ActionItem> {
    let mut items = Vec::new();
    let mut context_type: Option<ActionType> = None;
    let mut columns: Option<(usize, Columns)> = None;
    // Headings at the first heading's level or above are sections' own.
    let section_level = match blocks.first() {
        Some((_, Block::Heading { level, .. })) => *level,
        _ => 0,
    };
    let mut section_done = false;
    let mut context_done = false;
    let top = blocks
        .iter()
        .filter_map(|(_, b)| match b {
            Block::Item { depth, .. } => Some(*depth),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut group = Group::default();
    for &(line, block) in blocks {
        match block {
            Block::Heading { level, text } => {
                group.close(&mut items, context_type, context_done);
                if *level <= section_level {
                    section_done = heading_says_done(text);
                    context_type = None;
                    context_done = section_done;
                } else {
                    context_type = type_of(text);
                    context_done = section_done || heading_says_done(text);
                }
            }
            Block::Paragraph { text } => {
                if ACTION_LABEL.is_match(text) {
                    let mut item = paragraph_item(text, line, context_type);
                    item.done |= context_done;
                    items.push(item);
                    group.listed = true;
                    continue;
                }
                // A bold label line ("**Prevent**") above a list sets the type.
                if text.chars().count() < 40 {
                    if let Some(t) = type_of(text) {
                        context_type = Some(t);
                        continue;
                    }
                }
                group.paragraphs.push((line, text));
            }
            Block::Item {
                depth,
                text,
                checked,
                struck,
                links,
            } => {
                group.listed = true;
                // Nested plain bullets are details of their parent, not
                // items; a link among them (a PR) is the parent's.
                if *depth > top && checked.is_none() {
                    if let Some(parent) = items.last_mut().filter(|p| p.bug.is_none()) {
                        parent.bug = first_url(links, text);
                    }
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
                item.bug = first_url(links, text);
                item.done = checked.unwrap_or(false)
                    || *struck
                    || marker.is_some()
                    || has_done_marker(text)
                    || DONE_DATE.is_match(text)
                    || (context_done && *checked != Some(false));
                items.push(item);
            }
            Block::TableRow {
                table,
                header,
                cells,
                links,
            } => {
                group.listed = true;
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
                    i.and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| {
                        !s.is_empty()
                            && !matches!(*s, "-" | "—" | "–" | "―")
                            && !s.eq_ignore_ascii_case("n/a")
                    })
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
                let bug = cell(cols.bug).map(strip_status_words);
                item.bug = first_url(links, &cells.join(" "))
                    .or(bug)
                    .filter(|b| !b.is_empty());
                // Google's template puts **DONE**/**TODO** in the Bug cell;
                // the item's own text is not searched for status words.
                let status = cell(cols.status);
                item.done = status.is_some_and(is_done_status)
                    || cells
                        .iter()
                        .enumerate()
                        .any(|(i, c)| Some(i) != cols.text && has_done_marker(c))
                    || text.starts_with("~~")
                    || (context_done && status.is_none());
                items.push(item);
            }
        }
    }
    group.close(&mut items, context_type, context_done);
    items
}

/// The blocks between two headings: whether they hold a list or a table,
/// and their paragraphs. A group of one paragraph and nothing else is one
/// item written as prose.
#[derive(Default)]
struct Group<'a> {
    listed: bool,
    paragraphs: Vec<(usize, &'a str)>,
}

impl Group<'_> {
    fn close(&mut self, items: &mut Vec<ActionItem>, kind: Option<ActionType>, done: bool) {
        if let [(line, text)] = self.paragraphs[..] {
            if !self.listed && !text.trim_end().ends_with([':', '：']) {
                let mut item = paragraph_item(text, line, kind);
                item.done |= done;
                items.push(item);
            }
        }
        self.paragraphs.clear();
        self.listed = false;
    }
}

/// One item written as a paragraph (its lines joined).
fn paragraph_item(text: &str, line: usize, kind: Option<ActionType>) -> ActionItem {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut item = from_text(&joined, line);
    if let Some(k) = kind {
        if item.kind == ActionType::Other {
            item.kind = k;
        }
    }
    item.done = has_done_marker(&joined);
    item.bug = first_url(&[], &joined);
    item
}

/// "DONE" or "[x]" written as a word in the text itself.
fn has_done_marker(s: &str) -> bool {
    TRAILING_DONE.is_match(s.trim())
        || s.split(|c: char| !c.is_alphanumeric() && c != '✅')
            .any(|w| w == "DONE" || w == "CLOSED" || w == "FIXED" || w == "✅")
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
        let md = "## Follow-ups\n### Prevent\n- Add connection pool metrics (owner: Dana Kim, due 2025-02-01)\n  - see dashboard\n### 완화\n- 인증서 만료 알림 추가 (담당: 김민수, 2024-07-01)\n";
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

    #[test]
    fn cjk_tables_skip_the_number_column() {
        let md = "## 対策\n| # | アクション | 担当 | 期限 | 状態 |\n|---|---|---|---|---|\n| 1 | 監視を追加 | sre | 2030-01-10 | **完了** |\n| 2 | 手順書を更新 | ops | 2030-02-01 | 未着手 |\n";
        let a = items(md);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].text, "監視を追加");
        assert_eq!(a[0].owner.as_deref(), Some("sre"));
        assert_eq!(a[0].due.as_deref(), Some("2030-01-10"));
        assert!(a[0].done && !a[1].done);
        let md = "## 후속 조치\n| # | 항목 | 판정 | 링크 |\n|---|---|---|---|\n| 1 | 알림 완료 이벤트 추가 | 백로그 | [PR](https://git.test/p/9) |\n| 2 | 타임아웃 축소 | 반영 | — |\n";
        let a = items(md);
        assert!(
            !a[0].done,
            "완료 inside the item's own text is not its status"
        );
        assert_eq!(a[0].bug.as_deref(), Some("https://git.test/p/9"));
        assert!(a[1].done);
    }

    #[test]
    fn inline_labels_full_width_and_done_dates() {
        let a = items("## 対策\n- [ ] 配信時刻を管理（担当: growth、期限: 2030-03-05）\n- [x] 更新を移す — 完了: 2030-03-01\n- [ ] 알림 추가 담당: 박서준, 기한: 2030-04-02\n- [ ] Write the runbook. Owner: Mia Chen, Due: Mar 9, 2030\n");
        assert_eq!(a[0].owner.as_deref(), Some("growth"));
        assert_eq!(a[0].due.as_deref(), Some("2030-03-05"));
        assert_eq!(a[1].due, None, "a completion date is not a due date");
        assert!(a[1].done);
        assert_eq!(a[2].owner.as_deref(), Some("박서준"));
        assert_eq!(a[2].due.as_deref(), Some("2030-04-02"));
        assert_eq!(a[3].owner.as_deref(), Some("Mia Chen"));
        assert_eq!(a[3].due.as_deref(), Some("2030-03-09"));
    }

    #[test]
    fn links_and_sub_bullets() {
        let a = items("## Follow-ups\n1. Cap retries ([#41](https://git.test/i/41))\n2. Shorter timeouts\n   - [PR](https://git.test/p/52)\n   - merged last week\n");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].bug.as_deref(), Some("https://git.test/i/41"));
        assert_eq!(a[1].bug.as_deref(), Some("https://git.test/p/52"));
    }

    #[test]
    fn headings_that_say_done_and_paragraph_items() {
        let md = "## Remediation\n### Immediate (Completed)\n- Raise the limit\n### Later\n- Split the job\n- ✅ Page the owner\n\n**Action item:** watch the queue after releases.\n### Investigation\nFind out which jobs leave files behind.\n";
        let a = items(md);
        let texts: Vec<&str> = a.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert!(a[0].done && !a[1].done && a[2].done);
        assert!(texts[3].starts_with("Action item: watch"));
        assert!(!a[3].done);
        assert_eq!(texts[4], "Find out which jobs leave files behind.");
        let a = items("## Prevention Measures Implemented\n- Refuse to start without fonts\n## Action Items\n- Lower the cache time\n");
        assert!(a[0].done && !a[1].done);
        let a = items("## Corrective actions\n\nOne paragraph that is the whole plan.\n");
        assert_eq!(a.len(), 1);
        let a = items("## Corrective actions\n\nWe will do this:\n\nAnd more prose.\n");
        assert!(a.is_empty(), "several paragraphs are prose, not an item");
    }
}
