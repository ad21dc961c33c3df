//! What a heading means, by the built-in words of
//! [`super::heading_words`] (English, Korean and Japanese; Google SRE,
//! PagerDuty, Atlassian and short team templates): an alias, a kind word
//! at its end, a long word misspelt, or a name a team adds in `[sections]`.

use super::heading_words::{ALIASES, DONE_ACTIONS, LAST_WORDS};
use crate::model::Canonical;
/// Lowercases, drops numbering ("1.", "3)"), parenthetical notes, emoji and
/// punctuation, and folds whitespace: "2. Root Cause(s):" → "root cause s".
pub fn normalize(heading: &str) -> String {
    let mut s = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => s.extend(c.to_lowercase()),
            _ => s.push(' '),
        }
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    // Leading section numbers such as "1" or "3a".
    let start = words
        .iter()
        .position(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()) || w.len() > 3)
        .unwrap_or(words.len());
    words[start..].join(" ")
}

/// The canonical section a heading names, if any.
pub fn classify(heading: &str) -> Option<Canonical> {
    let norm = normalize(heading);
    if norm.is_empty() {
        return None;
    }
    // Exact match first, then the longest alias the heading starts with.
    let mut best: Option<(usize, Canonical)> = None;
    for (kind, aliases) in ALIASES {
        for alias in *aliases {
            if norm == *alias {
                return Some(*kind);
            }
            let boundary = norm
                .strip_prefix(alias)
                .is_some_and(|rest| rest.starts_with(' '));
            if boundary && best.is_none_or(|(len, _)| alias.len() > len) {
                best = Some((alias.len(), *kind));
            }
        }
    }
    // A heading that ends in "timeline" is one, whatever it starts with
    // ("Response timeline", "대응 · 타임라인").
    if names_timeline(&norm) {
        return Some(Canonical::Timeline);
    }
    // "How are we preventing it from happening again?", "Making sure it
    // never happens again"; not "Builds succeed again".
    if norm.ends_with(" again")
        && ["prevent", "happen", "recur"]
            .iter()
            .any(|w| norm.contains(w))
    {
        return Some(Canonical::ActionItems);
    }
    // "Incident summary", "The general lesson", "障害の概要": a heading
    // that ends in a word for a kind is one, when no alias claimed it.
    best.map(|(_, k)| k).or_else(|| by_last_word(&norm))
}

fn by_last_word(norm: &str) -> Option<Canonical> {
    let last = norm.split_whitespace().next_back()?;
    if last == "actions" && norm.split_whitespace().any(|w| DONE_ACTIONS.contains(&w)) {
        return None;
    }
    let kind = |pick: &dyn Fn(&str) -> bool| {
        LAST_WORDS
            .iter()
            .find(|(_, words, suffixes)| {
                words.iter().any(|w| pick(w)) || suffixes.iter().any(|s| last.ends_with(s))
            })
            .map(|(kind, _, _)| *kind)
    };
    kind(&|w| w == last).or_else(|| {
        // A long word misspelt by a letter or two ("Reccomendations")
        // still names its kind; short words are too close to others.
        (last.chars().count() >= 10).then_some(())?;
        kind(&|w| w.chars().count() >= 10 && strsim::damerau_levenshtein(w, last) <= 2)
    })
}

/// "Acme Response Timeline", "대응 · 타임라인", "発生から復旧までの経緯": a
/// heading that ends in a word for timeline names one.
fn names_timeline(norm: &str) -> bool {
    let last = norm.split_whitespace().next_back().unwrap_or("");
    ["timeline", "chronology", "타임라인", "경과"].contains(&last)
        || ["タイムライン", "時系列", "経緯"]
            .iter()
            .any(|w| last.ends_with(w))
}

/// Headings a team adds in `[sections]` of hindsight.toml, by their
/// normalized text; they win over the built-in vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headings(std::collections::BTreeMap<String, Canonical>);

impl Headings {
    /// Reads `kind = ["Heading", …]` pairs; also returns the kind names
    /// that are not section kinds.
    pub fn new(user: &std::collections::BTreeMap<String, Vec<String>>) -> (Self, Vec<String>) {
        let mut map = std::collections::BTreeMap::new();
        let mut unknown = Vec::new();
        for (name, headings) in user {
            match Canonical::from_name(name) {
                Some(kind) => {
                    for h in headings {
                        map.insert(normalize(h), kind);
                    }
                }
                None => unknown.push(name.clone()),
            }
        }
        (Headings(map), unknown)
    }

    /// The kind a text names word for word: a team's heading or a built-in
    /// alias, with no prefix or last-word guess.
    pub fn names_exactly(&self, text: &str) -> Option<Canonical> {
        let norm = normalize(text);
        self.0.get(&norm).copied().or_else(|| {
            ALIASES
                .iter()
                .find(|(_, aliases)| aliases.contains(&norm.as_str()))
                .map(|(kind, _)| *kind)
        })
    }

    /// The kind of a heading: the team's own headings first.
    pub fn classify(&self, heading: &str) -> Option<Canonical> {
        self.0
            .get(&normalize(heading))
            .copied()
            .or_else(|| classify(heading))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_headings_map_to_canonical_sections() {
        let cases = [
            ("Root Causes", Canonical::RootCauses),
            ("2. Root Cause(s):", Canonical::RootCauses),
            ("Timeline (all times UTC)", Canonical::Timeline),
            ("Acme Response Timeline", Canonical::Timeline),
            ("Issue Summary", Canonical::Summary),
            ("Incident Overview", Canonical::Summary),
            ("TL;DR", Canonical::Summary),
            ("What allowed this to happen?", Canonical::RootCauses),
            ("Consolidated root causes", Canonical::RootCauses),
            (
                "Corrective and Preventative Measure",
                Canonical::ActionItems,
            ),
            ("Prevention Measures", Canonical::ActionItems),
            ("Follow-ups", Canonical::ActionItems),
            ("Remediation", Canonical::ActionItems),
            ("サマリー", Canonical::Summary),
            ("影響", Canonical::Impact),
            ("タイムライン", Canonical::Timeline),
            ("根本原因分析", Canonical::RootCauses),
            ("アクションアイテム", Canonical::ActionItems),
            ("教訓", Canonical::Lessons),
            ("概要", Canonical::Summary),
            ("Lessons Learned", Canonical::Lessons),
            ("What went well", Canonical::WentWell),
            ("Where we got lucky", Canonical::Lucky),
            ("Action Items", Canonical::ActionItems),
            ("Contributing Factors", Canonical::ContributingFactors),
            ("Leadup", Canonical::Trigger),
            ("Fault", Canonical::RootCauses),
            ("Five Whys", Canonical::FiveWhys),
            ("Responders", Canonical::Attendees),
            ("What Happened", Canonical::Timeline),
            ("타임라인", Canonical::Timeline),
            ("장애 원인", Canonical::RootCauses),
            ("근본 원인", Canonical::RootCauses),
            ("재발 방지 대책", Canonical::ActionItems),
            ("액션 아이템", Canonical::ActionItems),
            ("교훈", Canonical::Lessons),
            ("Stats", Canonical::Stats),
            ("🔥 Impact", Canonical::Impact),
        ];
        for (heading, kind) in cases {
            assert_eq!(classify(heading), Some(kind), "{heading}");
        }
        assert_eq!(classify("Appendix"), None);
        assert_eq!(classify("Causeway bridge"), None);
    }

    #[test]
    fn a_heading_ending_in_a_kind_word_is_that_kind() {
        let cases = [
            ("The fix", Canonical::Resolution),
            ("The general lesson", Canonical::Lessons),
            ("Key takeaways", Canonical::Lessons),
            ("What we learned", Canonical::Lessons),
            ("The underlying cause", Canonical::RootCauses),
            ("Customer-facing impact", Canonical::Impact),
            ("Planned improvements", Canonical::ActionItems),
            ("Preventing recurrence", Canonical::ActionItems),
            ("What we're doing about it", Canonical::ActionItems),
            ("Problem statement", Canonical::Summary),
            ("今回の障害の原因", Canonical::RootCauses),
            ("이번 장애의 영향", Canonical::Impact),
            ("4. Corrective & Preventive Actions", Canonical::ActionItems),
            ("Hardening actions", Canonical::ActionItems),
            ("Open items", Canonical::ActionItems),
            ("Our recommendations:", Canonical::ActionItems),
            // Misspelt long words still name their kind.
            ("Recomendations", Canonical::ActionItems),
            ("Planned improvemnets", Canonical::ActionItems),
            ("障害の内容", Canonical::Summary),
            ("復旧方法", Canonical::Resolution),
        ];
        for (heading, kind) in cases {
            assert_eq!(classify(heading), Some(kind), "{heading}");
        }
        // Only the last word counts: these name no kind; actions taken
        // during the incident are not work to come.
        for heading in [
            "The setup",
            "Why it bites",
            "Backups",
            "Immediate actions",
            "Emergency response actions",
        ] {
            assert_eq!(classify(heading), None, "{heading}");
        }
    }
}
