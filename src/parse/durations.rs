//! Time to detect / mitigate / resolve, in minutes: from front-matter
//! timestamps, else from Stats lines ("Time to detection: 19 hours 43
//! minutes"). Unknown stays `None`; a value is never invented.

use super::times::parse_stamp;
use crate::model::{Durations, Meta};
use regex::Regex;
use std::sync::LazyLock;

/// Which duration a Stats label names.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Which {
    Detect,
    Mitigate,
    Resolve,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(time\s+to\s+(?:detect(?:ion)?|mitigat(?:e|ion)|resol(?:ve|ution)|recover(?:y)?|repair|restore)|tt[dmr]|mttd|mttr|mttm|(?:incident\s+|outage\s+|total\s+)?duration|탐지\s*(?:까지\s*)?(?:시간|소요\s*시간)|감지\s*(?:까지\s*)?(?:시간|소요\s*시간)|완화\s*(?:까지\s*)?(?:시간|소요\s*시간)|복구\s*(?:까지\s*)?(?:시간|소요\s*시간)|해결\s*(?:까지\s*)?(?:시간|소요\s*시간)|장애\s*지속\s*시간)\s*(?:\*\*|__)?\s*[:：|]\s*(?:\*\*|__)?(.*)$").unwrap()
});
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d+(?:[.,]\d+)?)\+?\s*(days?|d\b|일|日間?|hours?|hrs?|h\b|시간|時間|minutes?|mins?|m\b|분|分間?|seconds?|secs?|s\b|초|秒|weeks?|w\b|주|週間?)?").unwrap()
});

fn classify(label: &str) -> Option<Which> {
    let l = label.to_lowercase();
    if l.contains("detect") || l == "ttd" || l == "mttd" || l.contains("탐지") || l.contains("감지")
    {
        Some(Which::Detect)
    } else if l.contains("mitigat") || l == "ttm" || l == "mttm" || l.contains("완화") {
        Some(Which::Mitigate)
    } else if l.contains("resol")
        || l.contains("recover")
        || l.contains("repair")
        || l.contains("restore")
        || l == "ttr"
        || l == "mttr"
        || l.contains("복구")
        || l.contains("해결")
        || l.contains("duration")
        || l.contains("지속")
    {
        Some(Which::Resolve)
    } else {
        None
    }
}

/// Reads "19 hours 43 minutes", "11 Days", "1h 20m", "90", "2일 3시간".
/// A bare number means minutes. `?`, `N/A`, placeholders and anything with a
/// question mark (an author's own doubt) stay unknown.
pub fn parse_amount(text: &str) -> Option<i64> {
    let t = text
        .trim()
        .trim_end_matches(['.', '*', '_', '|', ' '])
        .trim();
    // Footnote references are not part of the value.
    let t = match t.find("[^") {
        Some(i) => t[..i].trim(),
        None => t,
    };
    if t.is_empty() || t.contains('?') {
        return None;
    }
    // "~2h", "approximately 49 minutes", "13+ hours", "約3時間": an
    // approximate or lower-bound amount is still that amount, never a bare
    // number read as minutes.
    let mut rest = strip_approximation(t);
    let mut total = 0f64;
    let mut matched = false;
    loop {
        rest = rest
            .trim_start()
            .trim_start_matches([',', '+'])
            .trim_start();
        if let Some(r) = rest.strip_prefix("and ") {
            rest = r;
        }
        let Some(c) = AMOUNT.captures(rest) else {
            break;
        };
        let n: f64 = c[1].replace(',', ".").parse().ok()?;
        let unit = c.get(2).map_or("", |m| m.as_str()).to_lowercase();
        let per = match unit.as_str() {
            "" | "m" | "min" | "mins" | "minute" | "minutes" | "분" | "分" | "分間" => 1.0,
            "h" | "hr" | "hrs" | "hour" | "hours" | "시간" | "時間" => 60.0,
            "d" | "day" | "days" | "일" | "日" | "日間" => 1440.0,
            "w" | "week" | "weeks" | "주" | "週" | "週間" => 10080.0,
            "s" | "sec" | "secs" | "second" | "seconds" | "초" | "秒" => 1.0 / 60.0,
            _ => return None,
        };
        // A second bare number ("90 120") is not a duration.
        if unit.is_empty() && matched {
            return None;
        }
        total += n * per;
        matched = true;
        rest = &rest[c.get(0)?.end()..];
        if unit.is_empty() {
            break;
        }
    }
    // Trailing words such as "(alert fired)" are allowed; a leading one is not.
    matched.then(|| total.round() as i64)
}

/// Words and signs before an amount that say it is approximate.
const APPROXIMATELY: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "over",
    "more than",
    "less than",
    "under",
    "at least",
    "ca.",
    "약",
    "대략",
    "約",
    "およそ",
];

/// `text` without a leading approximation (`~`, `≈`, `about`, `約` …).
fn strip_approximation(text: &str) -> &str {
    let t = text.trim_start_matches(['~', '≈', '>', '<', '±', ' ']);
    for word in APPROXIMATELY {
        let Some(rest) = t
            .get(..word.len())
            .filter(|p| p.eq_ignore_ascii_case(word))
            .map(|_| &t[word.len()..])
        else {
            continue;
        };
        // A whole word ("overnight" is not "over" a night).
        if !word.is_ascii()
            || rest.starts_with([' ', '~'])
            || rest.starts_with(|c: char| c.is_ascii_digit())
        {
            return rest.trim_start_matches(['~', ' ']);
        }
    }
    t
}

/// A duration problem worth reporting (e.g. an end before its start).
pub struct DurationIssue {
    pub message: String,
}

/// Computes durations. Front-matter timestamps win over Stats lines.
pub fn compute(meta: &Meta, lines: &[&str]) -> (Durations, Vec<DurationIssue>) {
    let mut d = Durations::default();
    let mut issues = Vec::new();
    let start = meta.started.as_deref().and_then(parse_stamp);
    let zone = start.and_then(|s| s.offset);
    let minutes =
        |end: &Option<String>, name: &str, issues: &mut Vec<DurationIssue>| -> Option<i64> {
            let s = start?.epoch_minutes(None)?;
            let e = parse_stamp(end.as_deref()?)?.epoch_minutes(zone)?;
            if e < s {
                issues.push(DurationIssue {
                    message: format!(
                        "`{name}` is before `started`; check both timestamps and their time zones"
                    ),
                });
                return None;
            }
            Some(e - s)
        };
    d.minutes_to_detect = minutes(&meta.detected, "detected", &mut issues);
    d.minutes_to_mitigate = minutes(&meta.mitigated, "mitigated", &mut issues);
    d.minutes_to_resolve = minutes(&meta.resolved, "resolved", &mut issues);

    for line in lines {
        let Some(c) = LABEL.captures(line.trim_start().trim_start_matches('|')) else {
            continue;
        };
        let Some(which) = classify(c[1].trim()) else {
            continue;
        };
        let value = parse_amount(c[2].trim_start_matches(['*', '_']).trim());
        let slot = match which {
            Which::Detect => &mut d.minutes_to_detect,
            Which::Mitigate => &mut d.minutes_to_mitigate,
            Which::Resolve => &mut d.minutes_to_resolve,
        };
        if slot.is_none() {
            *slot = value;
        }
    }
    (d, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_written() {
        assert_eq!(parse_amount("19 hours 43 minutes."), Some(1183));
        assert_eq!(parse_amount("13+ hours"), Some(780));
        assert_eq!(parse_amount("~2h"), Some(120));
        assert_eq!(parse_amount("approximately 49 minutes"), Some(49));
        assert_eq!(parse_amount("About 3 hours"), Some(180));
        assert_eq!(parse_amount("1d 4h"), Some(1680));
        assert_eq!(parse_amount("2시간 30분"), Some(150));
        assert_eq!(parse_amount("약 2시간"), Some(120));
        assert_eq!(parse_amount("3時間"), Some(180));
        assert_eq!(parse_amount("約1時間30分"), Some(90));
        assert_eq!(parse_amount("45 min"), Some(45));
        assert_eq!(parse_amount("overnight"), None);
        assert_eq!(parse_amount("54 hours 10 minutes"), Some(3250));
        assert_eq!(parse_amount("11 Days"), Some(15840));
        assert_eq!(parse_amount("8 minutes"), Some(8));
        assert_eq!(parse_amount("1 minutes"), Some(1));
        assert_eq!(parse_amount("148"), Some(148));
        assert_eq!(parse_amount("1h 20m"), Some(80));
        assert_eq!(parse_amount("1.5 hours"), Some(90));
        assert_eq!(parse_amount("2일 3시간"), Some(3060));
        assert_eq!(parse_amount("45분"), Some(45));
        assert_eq!(parse_amount("279 minutes [^3]"), Some(279));
        assert_eq!(
            parse_amount("1 hour 12 minutes (alert fired late)"),
            Some(72)
        );
        for unknown in [
            "?",
            "???",
            "N/A",
            "YYY",
            "53? minutes",
            "",
            "unknown",
            "TBD",
        ] {
            assert_eq!(parse_amount(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn stats_lines() {
        let lines = [
            "- Category: Kubernetes",
            "- Time to detection: 8 minutes",
            "- Time to recovery:  25 minutes",
            "**Time to mitigation:** 1 hour",
        ];
        let (d, _) = compute(&Meta::default(), &lines);
        assert_eq!(d.minutes_to_detect, Some(8));
        assert_eq!(d.minutes_to_mitigate, Some(60));
        assert_eq!(d.minutes_to_resolve, Some(25));
        let (d, _) = compute(
            &Meta::default(),
            &["- 탐지 시간: 12분", "| 복구 시간 | 2시간 |"],
        );
        assert_eq!(d.minutes_to_detect, Some(12));
        assert_eq!(d.minutes_to_resolve, Some(120));
    }

    #[test]
    fn front_matter_timestamps_win_and_bad_order_is_reported() {
        let meta = Meta {
            started: Some("2024-03-12T14:00:00Z".into()),
            detected: Some("2024-03-12 14:19 UTC".into()),
            resolved: Some("2024-03-12T23:30:00+09:00".into()),
            mitigated: Some("2024-03-12T13:00:00Z".into()),
            ..Default::default()
        };
        let (d, issues) = compute(&meta, &["Time to detection: 99 minutes"]);
        assert_eq!(d.minutes_to_detect, Some(19));
        assert_eq!(d.minutes_to_resolve, Some(30));
        assert_eq!(d.minutes_to_mitigate, None);
        assert_eq!(issues.len(), 1);
    }
}
