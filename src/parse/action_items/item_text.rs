//! One action item's own text: owner, due date, priority, type and done
//! markers written inline (`@dana`, `担当: platform、期限: 2026-04-30`,
//! `(P1, 2026-05-24)`, `DONE`, `✅`).

use super::super::times::leading_date;
use crate::model::{ActionItem, ActionType};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,])@([\p{L}\p{N}][\p{L}\p{N}._-]*[\p{L}\p{N}]|[\p{L}\p{N}])").unwrap()
});
/// "Owner: @teo", "担当: platform、…", "담당: 김민수, …": a labelled owner,
/// up to the next separator (ASCII or full-width) or label.
pub(super) static OWNER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:owners?|assignee|assigned to|responsible|担当者?|オーナー|담당자?)\s*[:：=]\s*([^,;()\[\]、，；（）|*]+)").unwrap()
});
/// "Due: Oct 11, 2025", "期限: 2026-04-30", "기한 2024-07-01": a labelled due
/// date; the date itself is read by [`norm_date`] from the end of the match.
pub(super) static DUE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bdue(?:\s+date)?|\bdeadline|\btarget date|期限|기한|마감)\s*[:：=]?\s*(?:by\s+)?",
    )
    .unwrap()
});
/// "完了: 2026-04-16", "done 2025-03-02": when an item was finished, never
/// its due date.
pub(super) static DONE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bdone|\bcompleted|\bclosed|\bfinished|完了|완료)\s*[:：]?\s*(?:on\s+)?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}").unwrap()
});
/// "**Action item:** …": a paragraph that names itself an action item.
pub(super) static ACTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:action items?|follow[- ]?up|todo|アクション|액션 아이템)\s*[:：]").unwrap()
});
pub(super) static DUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\b|(\d{4}년\s*\d{1,2}월\s*\d{1,2}일)").unwrap()
});
pub(super) static PRIORITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Pp]([0-4])\b").unwrap());
/// "[Priority: High]", "(priority: low)": a priority named in words.
static PRIORITY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[(\[]\s*priority\s*[:：]\s*([^)\]]{1,20}?)\s*[)\]]").unwrap()
});
/// A trailing parenthetical that only holds metadata: "(P1, 2026-05-24)".
pub(super) static META_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[(\[]\s*(?:(?:p[0-4]|due:?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|owner:?\s*[^,)\]]+|@[\w.-]+|mitigate|prevent|process|done|todo)\s*[,;]?\s*)+[)\]]\s*$").unwrap()
});
/// "… — Lukas Novak, 2021-11-19" or "… — Lukas Novak": an owner after a dash at the end.
pub(super) static TRAILING_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s[—–]\s+(\p{Lu}[\p{L}.'-]*(?:\s\p{Lu}[\p{L}.'-]*){0,3})\s*(?:,\s*(?:due\s*)?\d{4}[-/.]\d{1,2}[-/.]\d{1,2})?\s*\.?$").unwrap()
});
/// "… — done", "(closed)", "[DONE]" at the end of an item.
pub(super) static TRAILING_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s(\[—–-])(?:done|closed|fixed|complete|completed|완료)(?:\s+(?:on\s+)?\d{4}-\d{2}-\d{2})?[)\]]?\.?\s*$")
        .unwrap()
});
pub(super) static LEADING_OWNER: LazyLock<Regex> =
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
pub(super) fn owner_value(v: &str) -> Option<String> {
    let v = v.split(['\n', '。']).next().unwrap_or_default();
    let v = match DUE_LABEL.find(v) {
        Some(m) => &v[..m.start()],
        None => v,
    };
    let v = v.split(". ").next().unwrap_or_default();
    let v = v.trim().trim_end_matches('.').trim();
    (!v.is_empty() && v.chars().count() <= 60).then(|| v.to_string())
}

pub(super) fn norm_date(s: &str) -> Option<String> {
    leading_date(s.trim()).map(|(d, _)| d.format("%Y-%m-%d").to_string())
}

/// Pulls owner, due date, priority and an explicit type out of free text and
/// returns the text with that metadata removed.
pub(super) fn from_text(text: &str, line: usize) -> ActionItem {
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
    let priority = PRIORITY
        .captures(text)
        .map(|c| format!("P{}", &c[1]))
        .or_else(|| PRIORITY_LABEL.captures(text).map(|c| c[1].to_string()));
    let mut clean = LEADING_OWNER.replace(text.trim(), "").to_string();
    // "Action Item: …" names what every item in the list is.
    clean = ACTION_LABEL.replace(&clean, "").trim_start().to_string();
    clean = PRIORITY_LABEL.replace_all(&clean, "").to_string();
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

/// "DONE" or "[x]" written as a word in the text itself.
pub(super) fn has_done_marker(s: &str) -> bool {
    TRAILING_DONE.is_match(s.trim())
        || s.split(|c: char| !c.is_alphanumeric() && c != '✅')
            .any(|w| w == "DONE" || w == "CLOSED" || w == "FIXED" || w == "✅")
}

pub(super) fn strip_status_words(s: &str) -> String {
    let out: Vec<&str> = s
        .split_whitespace()
        .filter(|w| !matches!(*w, "DONE" | "TODO" | "CLOSED"))
        .collect();
    out.join(" ")
}
