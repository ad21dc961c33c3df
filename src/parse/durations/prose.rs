//! Durations stated in prose, read only where they are unambiguous: the
//! region a line stands in (from the heading above it) and the sentence
//! shapes that state a time to detect, a time since the start or a total.

use super::amount::{strip_approximation, terms};
use regex::Regex;
use std::sync::LazyLock;

/// Where a line stands, from the heading above it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Region {
    /// Before the first heading below the title.
    Lead,
    /// Summary, overview, impact, severity: where a document states its length.
    Summary,
    /// A detection section: "発生から約 3 週間後" is its time to detect.
    Detection,
    Timeline,
    Actions,
    Other,
}

pub(super) fn region_of(heading: &str) -> Region {
    let h = heading
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&[
        "timeline",
        "タイムライン",
        "時系列",
        "経緯",
        "타임라인",
        "경과",
    ]) {
        Region::Timeline
    } else if has(&[
        "action",
        "corrective",
        "preventa",
        "prevention",
        "remediation",
        "follow-up",
        "follow up",
        "followup",
        "next step",
        "アクション",
        "再発防止",
        "対策",
        "후속",
        "재발",
        "액션",
    ]) {
        Region::Actions
    } else if has(&["detection", "検知", "検出", "감지", "탐지"]) {
        Region::Detection
    } else if has(&[
        "summary",
        "overview",
        "tl;dr",
        "tldr",
        "impact",
        "severity",
        "what happened",
        "サマリー",
        "概要",
        "影響",
        "요약",
        "개요",
        "영향",
    ]) {
        Region::Summary
    } else {
        Region::Other
    }
}

/// Detection in prose: "a person noticed after 12 minutes", "paged the
/// on-call 4 minutes after the rollout", "It was 5 hours before we realised".
pub(super) static DETECT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:noticed|detected|spotted|reali[sz]ed|discovered|paged|alerted)\b")
        .unwrap()
});
/// Detection in Japanese and Korean prose: "検知まで 45 分", "인지까지 약 2일".
pub(super) static DETECT_CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:検知|検出|気付く|気づく)まで(?:に|の時間は)?\s*|(?:탐지|감지|인지)(?:하기)?까지(?:\s*걸린\s*시간은)?\s*").unwrap()
});
/// In a detection section, the time since the start: "発生から約 3 週間後",
/// "발생 후 40분 만에", "발생부터 2시간 후".
pub(super) static SINCE_START_CJK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:発生|開始)から\s*|발생\s*(?:후|으로부터|부터)\s*").unwrap());

/// Length of the incident in prose: "lasting 1 hour and 5 minutes",
/// "for about 20 hours", "totaling 5 hours 41 minutes".
pub(super) static TOTAL_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:lasting|lasted|totall?ing|for)\s+").unwrap());
pub(super) static AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bafter\s+").unwrap());
pub(super) static RECOVERY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:restored|resolved|recovered|fixed|back\s+(?:up|online|to\s+normal))\b")
        .unwrap()
});

/// A length stated in prose at the start of `text` (units required, so "for
/// 3 customers" or "for a while" give nothing).
pub(super) fn prose_amount(text: &str) -> Option<i64> {
    let t = strip_approximation(text);
    let (m, _) = terms(t)?;
    // "banned for 10 seconds": seconds in prose are a detail, not the
    // length of an incident.
    (m >= 1.0).then(|| m.round() as i64)
}

/// A length stated just before `tail` ends: "… 4 minutes" + " after".
pub(super) fn amount_before(head: &str) -> Option<i64> {
    // Try each start position among the last few words.
    let words: Vec<usize> = head
        .char_indices()
        .filter(|&(i, c)| i == 0 || (c != ' ' && head[..i].ends_with([' ', '~', '約', '약', '('])))
        .map(|(i, _)| i)
        .collect();
    for &i in words.iter().rev().take(6).rev() {
        let Some((m, rest)) = terms(strip_approximation(&head[i..])) else {
            continue;
        };
        if rest.trim().is_empty() {
            return Some(m.round() as i64);
        }
    }
    None
}

pub(super) fn prose_detect(sentence: &str) -> Option<i64> {
    if let Some(m) = DETECT_CJK.find(sentence) {
        if let Some(v) = prose_amount(&sentence[m.end()..]) {
            return Some(v);
        }
    }
    let verb = DETECT_VERB.find(sentence)?;
    // "noticed after 12 minutes"
    for a in AFTER.find_iter(sentence) {
        if a.start() >= verb.start() {
            if let Some(v) = prose_amount(&sentence[a.end()..]) {
                return Some(v);
            }
        }
        // "paged the on-call 4 minutes after the rollout started"
        if a.start() > verb.end() {
            if let Some(v) = amount_before(&sentence[verb.end()..a.start()]) {
                return Some(v);
            }
        }
    }
    // "It was 5 hours before we realised"
    let before = sentence[..verb.start()].to_lowercase();
    let i = before.rfind(" before ")?;
    let lead = &sentence[..i];
    let lead = lead
        .trim_start()
        .strip_prefix("It was ")
        .or_else(|| lead.trim_start().strip_prefix("It took "))
        .unwrap_or(lead);
    amount_before(lead)
}

pub(super) fn since_start(sentence: &str) -> Option<i64> {
    let m = SINCE_START_CJK.find(sentence)?;
    let (v, rest) = terms(strip_approximation(&sentence[m.end()..]))?;
    let rest = rest.trim_start();
    (rest.starts_with('後') || rest.starts_with('후') || rest.starts_with("만에"))
        .then_some(v.round() as i64)
}

pub(super) fn prose_total(sentence: &str) -> Option<i64> {
    for m in TOTAL_WORD.find_iter(sentence) {
        if let Some(v) = prose_amount(&sentence[m.end()..]) {
            return Some(v);
        }
    }
    // "The record was restored … after about an hour."
    if RECOVERY_VERB.is_match(sentence) && !DETECT_VERB.is_match(sentence) {
        for a in AFTER.find_iter(sentence) {
            if let Some(v) = prose_amount(&sentence[a.end()..]) {
                return Some(v);
            }
        }
    }
    None
}
