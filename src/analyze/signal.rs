//! The first signal of an incident: the timeline entry where the responders
//! first learned something was wrong. The Wheel of Misfortune starts there
//! (what came before is what the players must find out), and the discussion
//! packet asks about it.

use crate::model::Postmortem;
use regex::Regex;
use std::sync::LazyLock;

/// Words that mark an entry as a detection: an alert, a page, a report.
/// Word boundaries are ASCII ones: a Unicode `\b` makes the regex engine
/// give up its fast automaton on any non-ASCII text (every Korean timeline,
/// every build), and an ASCII one also finds an English word with a Korean
/// particle attached (`alert가`).
static DETECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(alerts?|alerted|alerting|alarms?|paged|pages (?:the )?on-?call|pager(?:duty)?|detect(?:s|ed)?|noticed?|notices|reports?|reported|tickets?|escalat(?:es|ed)|complain(?:s|ed|ts?)?|customers? (?:report|contact)\w*)(?-u:\b)|알림|알람|탐지|감지|인지|발견|제보|신고",
    )
    .expect("valid regex")
});

/// `YYYY-MM-DDTHH:MM` of a timestamp as written in front matter
/// (`2024-06-18T21:43:00Z`, `2024-06-18 21:43 UTC`), for comparing with
/// normalized timeline times.
fn minute(t: &str) -> Option<String> {
    let t = t.trim().replacen(' ', "T", 1);
    (t.len() >= 16 && t.as_bytes()[10] == b'T').then(|| t[..16].to_string())
}

/// Index of the first signal in `pm.timeline`: the entry at the front
/// matter's `detected` time; else the first entry that mentions an alert, a
/// page, a report or a ticket (in English or Korean); else the first entry.
/// `None` when there is no timeline.
pub fn first_signal(pm: &Postmortem) -> Option<usize> {
    if pm.timeline.is_empty() {
        return None;
    }
    if let Some(at) = pm.meta.written.detected.as_deref().and_then(minute) {
        let hit = pm
            .timeline
            .iter()
            .position(|e| e.time.as_deref().is_some_and(|t| t.starts_with(&at)));
        if hit.is_some() {
            return hit;
        }
    }
    pm.timeline
        .iter()
        .position(|e| DETECTION.is_match(&e.text))
        .or(Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pm(text: &str) -> Postmortem {
        crate::parse::parse_file("p.md", text.as_bytes(), &Default::default()).unwrap()
    }

    #[test]
    fn detected_time_then_words_then_first_entry() {
        let timeline = "## Timeline\n- 2024-03-05 10:00 — config pushed\n- 2024-03-05 10:05 — error rate alert fires\n- 2024-03-05 10:09 — support reports broken checkouts\n";
        let with_detected = format!("---\ndetected: 2024-03-05T10:09:00Z\n---\n{timeline}");
        assert_eq!(first_signal(&pm(&with_detected)), Some(2));
        assert_eq!(first_signal(&pm(timeline)), Some(1));
        let quiet = "## Timeline\n- 10:00 — deploy\n- 10:20 — rollback\n";
        assert_eq!(first_signal(&pm(quiet)), Some(0));
        let korean = "## 타임라인\n- 10:00 — 배포\n- 10:05 — 오류율 알림 발생\n";
        assert_eq!(first_signal(&pm(korean)), Some(1));
        let particle = "## 타임라인\n- 10:00 — 배포\n- 10:05 — PagerDuty가 온콜을 호출\n";
        assert_eq!(first_signal(&pm(particle)), Some(1));
        // Whole words only: "reportedly", "detective" are not signals.
        let words =
            "## Timeline\n- 10:00 — reportedly slow\n- 10:05 — detective work\n- 10:09 — paged\n";
        assert_eq!(first_signal(&pm(words)), Some(2));
        assert_eq!(first_signal(&pm("# No timeline\n")), None);
    }
}
