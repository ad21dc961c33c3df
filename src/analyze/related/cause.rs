//! The cause text of a postmortem (what went wrong) and the terms it
//! contributes: concepts, and words that are not stop words, numbers or
//! service names.

use crate::analyze::concepts;
use crate::analyze::lexicon::Lexicon;
use crate::analyze::words::words;
use crate::model::{Canonical, Postmortem};
use std::collections::HashSet;

/// English function words: in a small corpus they are not frequent enough
/// for IDF to silence them, and they say nothing about what went wrong.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "doe", "during", "each", "few", "for", "from", "further", "had", "ha", "have", "having",
    "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "more", "most",
    "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "wa", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "why", "will", "with", "would", "you",
];

/// Korean and Japanese words that say nothing about a cause (after
/// [`words`] strips particles and splits scripts).
const CJK_STOP_WORDS: &[&str] = &[
    "때문",
    "이후",
    "이번",
    "통해",
    "대한",
    "위해",
    "모든",
    "해당",
    "경우",
    "이전",
    "동안",
    "다시",
    "하지만",
    "그리고",
    "그러나",
    "또한",
    "있었",
    "없었",
    "있는",
    "없는",
    "같은",
    "발생",
    "문제",
    "상황",
    "확인",
    "정도",
    "결과",
    "우리",
    "당시",
    "部分",
    "発生",
    "場合",
    "確認",
    "状態",
    "問題",
    "今回",
    "以降",
    "以前",
    "結果",
    "一部",
    "全",
    "可能",
    "必要",
    "当時",
    "我々",
];

/// The text that says what went wrong.
pub fn cause_text(pm: &Postmortem) -> String {
    let kinds = [
        Canonical::RootCauses,
        Canonical::Trigger,
        Canonical::ContributingFactors,
        Canonical::FiveWhys,
    ];
    let mut parts: Vec<&str> = pm
        .sections
        .iter()
        .filter(|s| s.canonical.is_some_and(|k| kinds.contains(&k)))
        .map(|s| s.text.as_str())
        .collect();
    let fallback = parts.iter().all(|p| p.trim().is_empty());
    if fallback {
        parts.clear();
        if let Some(s) = &pm.summary {
            parts.push(s);
        }
        parts.push(&pm.body);
    }
    // The summary says what went wrong in the fewest words: always include it.
    let mut text = pm.title.clone();
    if !fallback {
        if let Some(s) = &pm.summary {
            text.push('\n');
            text.push_str(s);
        }
    }
    for p in parts {
        text.push('\n');
        text.push_str(p);
    }
    if let Some(c) = &pm.meta.written.root_cause_category {
        text.push('\n');
        text.push_str(c);
    }
    text
}

/// Terms of a postmortem's cause text: concepts, and words that are not
/// stop words, numbers or words of a service name (a service is where it
/// broke, not why).
pub(super) fn cause_terms(
    pm: &Postmortem,
    lex: &Lexicon,
    services: &HashSet<String>,
) -> Vec<String> {
    concepts::terms(lex, &cause_text(pm), |w| {
        !STOP_WORDS.contains(&w)
            && !CJK_STOP_WORDS.contains(&w)
            && !services.contains(w)
            && !w.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Words of every service name in the corpus.
pub(super) fn service_words(pms: &[Postmortem]) -> HashSet<String> {
    pms.iter()
        .flat_map(|pm| &pm.meta.written.services)
        .flat_map(|s| words(s))
        .map(|w| w.text)
        .collect()
}
