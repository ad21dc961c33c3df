//! Severity as written → one level of the SEV scale, so "High (100%
//! failure rate)", "🔴 Critical", "P1", "Sev 2" and "높음" land on the same
//! pages, filters and trend series as `SEV2`. The mapping (documented in
//! the guide's formats chapter):
//!
//! | written | level |
//! |---|---|
//! | `SEV-n`, `Sev n`, `sevn`, `Pn` (n = 0–5) | `SEVn` |
//! | critical, 🔴, 긴급, 치명, 緊急, 致命的 | `SEV1` |
//! | high, major, 🟠, 높음, 상, 高 | `SEV2` |
//! | medium, moderate, 🟡, 중간, 보통, 중, 中 | `SEV3` |
//! | low, minor, 🟢, 낮음, 하, 低 | `SEV4` |
//!
//! Words after the level ("High (100% failure rate)", "SEV-2（…）") are
//! the author's note and are ignored. Anything else is kept as written.

/// The level `written` names, or the trimmed text when it names none.
pub fn normalize(written: &str) -> String {
    let t = written.trim();
    level(t).map_or_else(|| t.to_string(), |n| format!("SEV{n}"))
}

/// `written` as the label `scale` uses for its level (the scale's own
/// spelling, "P1" for a team that writes P1), else [`normalize`]d.
pub fn on_scale(written: &str, scale: &[String]) -> String {
    let level = normalize(written);
    scale
        .iter()
        .find(|label| normalize(label) == level)
        .map_or(level, |label| label.trim().to_string())
}

/// The SEV number a severity names, if it names one.
fn level(text: &str) -> Option<u8> {
    let lower = text.to_lowercase();
    let t = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && !is_colour(c));
    if let Some(n) = numbered(t) {
        return Some(n);
    }
    let word = first_word(t);
    WORDS
        .iter()
        .find(|(_, words)| words.contains(&word.as_str()))
        .map(|(n, _)| *n)
}

/// `sev2`, `sev-2`, `sev 2`, `p2` at the start, followed by nothing that
/// continues the word.
fn numbered(t: &str) -> Option<u8> {
    let rest = t
        .strip_prefix("sev")
        .map(|r| r.trim_start_matches([' ', '-', '_']))
        .or_else(|| t.strip_prefix('p'))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].chars().next();
    if digits.is_empty() || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    digits.parse().ok().filter(|n| *n <= 5)
}

/// The first word (letters, or one coloured circle), lowercased already.
fn first_word(t: &str) -> String {
    match t.chars().next() {
        Some(c) if is_colour(c) => c.to_string(),
        _ => t.chars().take_while(|c| c.is_alphanumeric()).collect(),
    }
}

fn is_colour(c: char) -> bool {
    matches!(c, '🔴' | '🟠' | '🟡' | '🟢')
}

/// Level words by SEV number.
const WORDS: &[(u8, &[&str])] = &[
    (
        1,
        &[
            "critical",
            "🔴",
            "긴급",
            "치명",
            "치명적",
            "緊急",
            "致命的",
            "重大",
        ],
    ),
    (2, &["high", "major", "severe", "🟠", "높음", "상", "高"]),
    (3, &["medium", "moderate", "🟡", "중간", "보통", "중", "中"]),
    (4, &["low", "minor", "🟢", "낮음", "하", "低"]),
];

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn written_severities_land_on_one_scale() {
        for (written, level) in [
            ("SEV1", "SEV1"),
            ("sev-2", "SEV2"),
            ("Sev 3", "SEV3"),
            ("P0", "SEV0"),
            ("p2", "SEV2"),
            ("High (100% failure rate for affected jobs)", "SEV2"),
            ("🔴 Critical", "SEV1"),
            ("Critical", "SEV1"),
            ("medium", "SEV3"),
            ("Low", "SEV4"),
            ("SEV-2（決済の一部に影響）", "SEV2"),
            ("높음", "SEV2"),
            ("高", "SEV2"),
            ("**Major**", "SEV2"),
        ] {
            assert_eq!(normalize(written), level, "{written}");
        }
        let scale = ["P1".to_string(), "P2".to_string()];
        assert_eq!(super::on_scale("critical", &scale), "P1");
        assert_eq!(super::on_scale("sev-2", &scale), "P2");
        assert_eq!(super::on_scale("low", &scale), "SEV4");
        for kept in ["SEV9", "Purple", "Pending review", "sev", "P12"] {
            assert_eq!(normalize(kept), kept, "{kept}");
        }
    }
}
