//! Time to detect / mitigate / resolve and the stated incident duration, in
//! minutes. Sources, strongest first:
//!
//! 1. front-matter timestamps (`started` to `detected` / `mitigated` /
//!    `resolved`);
//! 2. labelled values: key lines (`Time to detection: 19 hours 43 minutes`,
//!    `**Duration**: 13+ hours`, `- **MTTD** = … : **2분 48초**`), two-column
//!    key/value tables (`| 影響時間 | 約 42 分 |`) and one-row tables whose
//!    header names the column (`| … | Incident Duration |` over `| … | 6h 20m |`);
//! 3. prose, only where it is unambiguous: "lasting 1 hour and 5 minutes" or
//!    "for about 20 hours" in the lead paragraph or a summary/impact section,
//!    "a person noticed after 12 minutes", "検知まで 45 分", "인지까지 2일".
//!
//! Unknown stays `None`; a value is never invented. A labelled value that
//! cannot be read as a length of time is reported, not guessed at.

use super::times::parse_stamp;
use crate::model::{Durations, Meta};
use regex::Regex;
use std::sync::LazyLock;

/// Which duration a label names.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Which {
    Detect,
    Mitigate,
    Resolve,
    Total,
}

/// Labels, matched against the whole key (emphasis, a trailing colon and
/// parenthesised glosses removed; each gloss is tried too).
static DETECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mean\s+)?(?:time\s+to\s+(?:detect(?:ion)?|discover(?:y)?|notice|acknowledge?)|detection\s+(?:delay|time|lag)|time\s+(?:to|until|till)\s+detection|m?ttd|mtta|m?tta|(?:탐지|감지|인지)\s*(?:까지\s*(?:의\s*)?)?(?:시간|소요\s*시간)|検知\s*(?:まで(?:の)?\s*)?(?:時間|所要時間)|検出\s*(?:まで(?:の)?\s*)?時間)$").unwrap()
});
static MITIGATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mean\s+)?(?:time\s+to\s+mitigat(?:e|ion)|mitigation\s+time|m?ttm|완화\s*(?:까지\s*)?(?:시간|소요\s*시간)|緩和\s*(?:まで(?:の)?\s*)?時間)$").unwrap()
});
static RESOLVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mean\s+)?(?:time\s+to\s+(?:resol(?:ve|ution)|recover(?:y)?|repair|restore|restoration|fix)|(?:recovery|resolution|repair)\s+time|m?ttr|(?:복구|해결|복원)\s*(?:까지\s*(?:의\s*)?)?(?:시간|소요\s*시간)|(?:復旧|解決|修復)\s*(?:まで(?:の)?\s*)?(?:時間|所要時間))$").unwrap()
});
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:total|overall)\s+)?(?:(?:incident|outage|impact|downtime|disruption|service\s+impact|user\s+impact|customer\s+impact)\s+)?(?:duration|length|downtime)$|^(?:total\s+)?(?:time\s+)?(?:impacted|affected)$|^(?:총\s*)?(?:영향|장애|중단|다운)\s*(?:지속\s*)?시간$|^(?:총\s*)?다운\s*타임$|^(?:合計\s*)?ダウン\s*タイム$|^(?:장애\s*)?(?:지속\s*시간|기간)$|^(?:影響|障害|停止|ダウン)(?:継続)?(?:時間|期間)$|^継続時間$").unwrap()
});

fn classify_one(label: &str) -> Option<Which> {
    let l = label.trim().trim_end_matches([':', '：']).trim();
    if l.is_empty() {
        None
    } else if DETECT.is_match(l) {
        Some(Which::Detect)
    } else if MITIGATE.is_match(l) {
        Some(Which::Mitigate)
    } else if RESOLVE.is_match(l) {
        Some(Which::Resolve)
    } else if TOTAL.is_match(l) {
        Some(Which::Total)
    } else {
        None
    }
}

/// What a key names: the key without its parenthesised glosses, else one
/// of the glosses (`検知までの時間（MTTD）`, `MTTD(알람)`).
fn classify(key: &str) -> Option<Which> {
    let key = key.replace(['*', '_', '`'], "");
    let (main, glosses) = split_glosses(&key);
    classify_one(&main).or_else(|| glosses.iter().find_map(|g| classify_one(g)))
}

/// `"MTTD(알람)"` → `("MTTD", ["알람"])`.
fn split_glosses(key: &str) -> (String, Vec<String>) {
    let mut main = String::new();
    let mut glosses = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in key.chars() {
        match c {
            '(' | '（' => {
                depth += 1;
                if depth == 1 {
                    cur.clear();
                    continue;
                }
            }
            ')' | '）' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    glosses.push(cur.trim().to_string());
                    continue;
                }
            }
            _ => {}
        }
        if depth > 0 {
            cur.push(c);
        } else {
            main.push(c);
        }
    }
    (main.trim().to_string(), glosses)
}

/// A unit and its length in minutes. ASCII units must end a word
/// ("2h10m" is two terms, "2 hosts" is no unit).
const UNITS: &[(&str, f64)] = &[
    ("weeks", 10080.0),
    ("week", 10080.0),
    ("wks", 10080.0),
    ("wk", 10080.0),
    ("w", 10080.0),
    ("週間", 10080.0),
    ("週", 10080.0),
    ("주", 10080.0),
    ("days", 1440.0),
    ("day", 1440.0),
    ("d", 1440.0),
    ("日間", 1440.0),
    ("日", 1440.0),
    ("일", 1440.0),
    ("hours", 60.0),
    ("hour", 60.0),
    ("hrs", 60.0),
    ("hr", 60.0),
    ("h", 60.0),
    ("時間", 60.0),
    ("시간", 60.0),
    ("minutes", 1.0),
    ("minute", 1.0),
    ("mins", 1.0),
    ("min", 1.0),
    ("m", 1.0),
    ("分間", 1.0),
    ("分", 1.0),
    ("분", 1.0),
    ("seconds", 1.0 / 60.0),
    ("second", 1.0 / 60.0),
    ("secs", 1.0 / 60.0),
    ("sec", 1.0 / 60.0),
    ("s", 1.0 / 60.0),
    ("秒", 1.0 / 60.0),
    ("초", 1.0 / 60.0),
];

/// Numbers written as words, as durations use them.
const WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("an", 1.0),
    ("a", 1.0),
];

/// `text` starts with `word` (ASCII, any case) as a whole word.
fn word_prefix<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    (!rest.starts_with(|c: char| c.is_alphanumeric())).then_some(rest)
}

/// A number at the start of `text`: digits (`1.5`, `1,5`) or words
/// (`six`, `forty-five`, `an`). Returns it, whether it was digits, and the rest.
fn number(text: &str) -> Option<(f64, bool, &str)> {
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits > 0 {
        let mut end = digits;
        let b = text.as_bytes();
        if end + 1 < b.len() && (b[end] == b'.' || b[end] == b',') && b[end + 1].is_ascii_digit() {
            end += 1;
            end += text[end..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len() - end);
        }
        let n = text[..end].replace(',', ".").parse().ok()?;
        return Some((n, true, &text[end..]));
    }
    for (word, n) in WORDS {
        let Some(rest) = word_prefix(text, word) else {
            continue;
        };
        // "forty-five", "twenty five"
        if *n >= 20.0 {
            let after = rest.trim_start_matches(['-', ' ']);
            for (unit_word, m) in &WORDS[1..10] {
                if let Some(r) = word_prefix(after, unit_word) {
                    return Some((n + m, false, r));
                }
            }
        }
        return Some((*n, false, rest));
    }
    None
}

/// A unit at the start of `text` (after optional spaces): minutes per unit
/// and the rest.
fn unit(text: &str) -> Option<(f64, &str)> {
    let t = text.trim_start();
    for (name, per) in UNITS {
        let Some(head) = t.get(..name.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(name) {
            continue;
        }
        let rest = &t[name.len()..];
        if name.is_ascii() && rest.starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        return Some((*per, rest));
    }
    None
}

/// One or more `<number> <unit>` terms at the start of `text` ("2 hours and
/// 13 minutes", "1d 4h", "2h10m", "1時間半", "an hour and a half").
/// Returns minutes (unrounded) and the rest; `None` without a unit.
fn terms(text: &str) -> Option<(f64, &str)> {
    let mut rest = text;
    let mut total = 0.0;
    let mut matched = false;
    loop {
        let mut t = rest.trim_start();
        if matched {
            t = t.trim_start_matches([',', '+', ' ']);
            if let Some(r) = word_prefix(t, "and") {
                t = r.trim_start();
            }
        }
        // "half an hour", "half a day"
        let (n, after) = if let Some(r) = word_prefix(t, "half") {
            let r = r.trim_start();
            match word_prefix(r, "an").or_else(|| word_prefix(r, "a")) {
                Some(r) => (0.5, r),
                None => break,
            }
        } else {
            match number(t) {
                Some((n, _, r)) => (n, r),
                None => break,
            }
        };
        // "13+ hours"
        let after = after.strip_prefix('+').unwrap_or(after);
        let Some((per, r)) = unit(after) else {
            break;
        };
        total += n * per;
        matched = true;
        rest = r;
        // "an hour and a half", "1時間半", "1시간 반"
        let half = rest.trim_start();
        if let Some(r) = half
            .strip_prefix("and a half")
            .or_else(|| half.strip_prefix('半'))
            .or_else(|| half.strip_prefix('반'))
        {
            total += per / 2.0;
            rest = r;
        }
    }
    matched.then_some((total, rest))
}

/// Reads a stated length of time: "19 hours 43 minutes", "11 Days",
/// "1h 20m", "~2h", "13+ hours", "approximately six hours", "약 2시간 30분",
/// "約1時間24分（10:05〜11:29）", "14:00 - 16:10 UTC (2h 10m)", "90".
/// A bare number means minutes, but only alone. `?`, `N/A`, placeholders
/// and anything with a question mark (an author's own doubt) stay unknown.
pub fn parse_amount(text: &str) -> Option<i64> {
    let owned = text.replace("**", "");
    let t = clean_value(&owned);
    if t.is_empty() || t.contains('?') {
        return None;
    }
    let body = strip_approximation(t);
    if let Some((m, _)) = terms(body) {
        return Some(m.round() as i64);
    }
    // A bare number alone ("148", "148 (see logs)") is minutes.
    if let Some((n, true, rest)) = number(body) {
        let rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with(['(', '（']) {
            return Some(n.round() as i64);
        }
        // "09:12 to 10:00 (48 minutes)": a clock time is not an amount.
    }
    // "最初の発火から ~10 分", "배포부터 약 2시간": the length after its
    // starting point.
    for from in ["から", "부터"] {
        if let Some(i) = t.find(from) {
            let rest = strip_approximation(t[i + from.len()..].trim_start());
            if let Some((m, _)) = terms(rest) {
                return Some(m.round() as i64);
            }
        }
    }
    // A range followed by its length in parentheses.
    let open = t.find(['(', '（'])?;
    let inner = &t[open..];
    let inner = inner[inner.chars().next()?.len_utf8()..]
        .split([')', '）'])
        .next()?;
    let inner = strip_approximation(clean_value(inner));
    terms(inner)
        .filter(|(_, rest)| rest.trim().is_empty())
        .map(|(m, _)| m.round() as i64)
}

/// A value without emphasis, a trailing full stop or a footnote reference.
fn clean_value(text: &str) -> &str {
    let t = text
        .trim()
        .trim_start_matches(['*', '_', '`', ' '])
        .trim_end_matches(['.', '*', '_', '|', ' ', '`'])
        .trim();
    match t.find("[^") {
        Some(i) => t[..i].trim(),
        None => t,
    }
}

/// Values that say "unknown" on purpose: not worth a warning.
fn explicitly_unknown(text: &str) -> bool {
    let t = clean_value(text)
        .trim_matches(['(', ')', ' '])
        .to_lowercase();
    t.is_empty()
        || t.contains('?')
        || t.chars().all(|c| !c.is_alphanumeric())
        || [
            "n/a",
            "na",
            "unknown",
            "tbd",
            "tbc",
            "todo",
            "none",
            "-",
            "不明",
            "未定",
            "미정",
            "모름",
            "알 수 없음",
        ]
        .contains(&t.as_str())
        || t.chars().all(|c| c == 'x' || c == 'y' || c == 'z')
        // "不明（…）", "Unknown → Fixed": unknown, with the author's reasons.
        || ["unknown", "n/a", "tbd", "不明", "未定", "미정", "알 수 없"]
            .iter()
            .any(|w| t.starts_with(w))
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
    "just over",
    "just under",
    "over",
    "more than",
    "less than",
    "under",
    "at least",
    "at most",
    "up to",
    "some",
    "ca.",
    "estimated",
    "est.",
    "推定",
    "추정",
    "약",
    "대략",
    "約",
    "およそ",
    "ほぼ",
];

/// `text` without leading approximations (`~`, `≈`, `about`, `約` …).
fn strip_approximation(text: &str) -> &str {
    let mut t = text.trim_start_matches(['~', '≈', '≒', '>', '<', '±', '～', ' ']);
    'again: loop {
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
                t = rest.trim_start_matches(['~', ' ']);
                continue 'again;
            }
        }
        return t;
    }
}

/// A duration problem worth reporting (e.g. an end before its start).
pub struct DurationIssue {
    pub message: String,
}

/// Where a line stands, from the heading above it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Region {
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

fn region_of(heading: &str) -> Region {
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
static DETECT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:noticed|detected|spotted|reali[sz]ed|discovered|paged|alerted)\b")
        .unwrap()
});
/// Detection in Japanese and Korean prose: "検知まで 45 分", "인지까지 약 2일".
static DETECT_CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:検知|検出|気付く|気づく)まで(?:に|の時間は)?\s*|(?:탐지|감지|인지)(?:하기)?까지(?:\s*걸린\s*시간은)?\s*").unwrap()
});
/// In a detection section, the time since the start: "発生から約 3 週間後",
/// "발생 후 40분 만에", "발생부터 2시간 후".
static SINCE_START_CJK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:発生|開始)から\s*|발생\s*(?:후|으로부터|부터)\s*").unwrap());

/// Length of the incident in prose: "lasting 1 hour and 5 minutes",
/// "for about 20 hours", "totaling 5 hours 41 minutes".
static TOTAL_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:lasting|lasted|totall?ing|for)\s+").unwrap());
static AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bafter\s+").unwrap());
static RECOVERY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:restored|resolved|recovered|fixed|back\s+(?:up|online|to\s+normal))\b")
        .unwrap()
});

/// A length stated in prose at the start of `text` (units required, so "for
/// 3 customers" or "for a while" give nothing).
fn prose_amount(text: &str) -> Option<i64> {
    let t = strip_approximation(text);
    let (m, _) = terms(t)?;
    // "banned for 10 seconds": seconds in prose are a detail, not the
    // length of an incident.
    (m >= 1.0).then(|| m.round() as i64)
}

/// A length stated just before `tail` ends: "… 4 minutes" + " after".
fn amount_before(head: &str) -> Option<i64> {
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

fn prose_detect(sentence: &str) -> Option<i64> {
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

fn since_start(sentence: &str) -> Option<i64> {
    let m = SINCE_START_CJK.find(sentence)?;
    let (v, rest) = terms(strip_approximation(&sentence[m.end()..]))?;
    let rest = rest.trim_start();
    (rest.starts_with('後') || rest.starts_with('후') || rest.starts_with("만에"))
        .then_some(v.round() as i64)
}

fn prose_total(sentence: &str) -> Option<i64> {
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

/// A labelled value found on a line.
struct Labelled<'a> {
    which: Which,
    key: String,
    value: &'a str,
}

/// `**Key:** value`, `- Key: value`, `__Key__: value`, `- **MTTD** = … : value`.
fn key_line(line: &str) -> Option<Labelled<'_>> {
    let t = line
        .trim_start()
        .trim_start_matches(['>', ' '])
        .trim_start_matches(['-', '*', '+', '•', '・'])
        .trim_start();
    // Keys are short; a colon deep inside prose is not a key.
    let sep = t
        .char_indices()
        .take(60)
        .find(|&(_, c)| matches!(c, ':' | '：' | '='))?;
    let (i, c) = sep;
    let key = t[..i].trim();
    let which = classify(key)?;
    let after = &t[i + c.len_utf8()..];
    let after = after
        .trim_start_matches(['*', '_'])
        .trim_start_matches([':', '：'])
        .trim_start_matches(['*', '_']);
    // "MTTD = T0(10:14:05) → first alert(10:16:53): 2m 48s": the value
    // follows the definition's last colon.
    let value = match after.rsplit([':', '：']).next() {
        Some(tail) if c == '=' && parse_amount(tail).is_some() => tail,
        _ => after,
    };
    Some(Labelled {
        which,
        key: key.replace(['*', '_'], ""),
        value,
    })
}

/// Cells of a table row, `None` for a line that is no table row.
fn cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if !t.starts_with('|') {
        return None;
    }
    let t = t.trim_start_matches('|');
    let t = t.strip_suffix('|').unwrap_or(t);
    Some(t.split('|').map(str::trim).collect())
}

fn is_separator(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|c| matches!(c, '-' | ':' | ' ')))
}

/// What the lines say, before priorities are applied.
#[derive(Default)]
struct Found {
    labelled: Vec<(Which, String, Option<i64>)>,
    prose_detect: Option<i64>,
    prose_total: Option<i64>,
    unreadable: Vec<String>,
}

impl Found {
    fn label(&mut self, which: Which, key: &str, value: &str) {
        let v = parse_amount(value);
        if v.is_none() && !explicitly_unknown(value) {
            let shown: String = clean_value(value).chars().take(60).collect();
            self.unreadable.push(format!(
                "`{key}` is `{shown}`, which is not a length of time; write it like `2h 30m` or `45 minutes` (the value is left out)"
            ));
        }
        self.labelled.push((which, key.to_string(), v));
    }
}

/// A table being read: its header (when it has one) and rows.
#[derive(Default)]
struct Table<'a> {
    rows: Vec<Vec<&'a str>>,
    header: Option<Vec<&'a str>>,
}

impl<'a> Table<'a> {
    /// Two-column rows are key/value pairs; a header that names a duration
    /// column is read when exactly one row lies under it.
    fn finish(self, found: &mut Found) {
        if let Some(header) = &self.header {
            if self.rows.len() == 1 {
                let row = &self.rows[0];
                for (h, v) in header.iter().zip(row) {
                    if let Some(which) = classify(h) {
                        found.label(which, h, v);
                    }
                }
                return;
            }
        }
        for row in self.rows.iter().chain(self.header.iter()) {
            if let [k, v] = row.as_slice() {
                if let Some(which) = classify(k) {
                    found.label(which, &k.replace(['*', '_'], ""), v);
                }
            }
        }
    }
}

fn scan<'a>(lines: &[&'a str]) -> Found {
    let mut found = Found::default();
    let mut region = Region::Lead;
    let mut fence = false;
    let mut table: Option<Table<'a>> = None;
    let mut prev = "";
    for &line in lines {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(row) = cells(line) {
            let tb = table.get_or_insert_with(Table::default);
            if is_separator(&row) {
                if tb.header.is_none() && tb.rows.len() == 1 {
                    tb.header = tb.rows.pop();
                }
            } else {
                tb.rows.push(row);
            }
            prev = t;
            continue;
        }
        if let Some(tb) = table.take() {
            tb.finish(&mut found);
        }
        // Setext heading underline: the line above was the heading.
        if !prev.is_empty()
            && t.len() >= 2
            && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
        {
            region = region_of(prev);
            prev = t;
            continue;
        }
        prev = t;
        let mut text = t;
        if t.starts_with('#') {
            let level = t.chars().take_while(|&c| c == '#').count();
            let heading = t[level..].trim();
            if level == 1 {
                continue;
            }
            region = region_of(heading);
            // "### Summary: Search returned nothing for 66 minutes."
            match heading.split_once([':', '：']) {
                Some((_, rest)) if !rest.trim().is_empty() => text = rest.trim(),
                _ => continue,
            }
        } else if let Some(l) = key_line(t) {
            found.label(l.which, &l.key, l.value);
            continue;
        }
        if region == Region::Timeline || region == Region::Actions {
            continue;
        }
        for sentence in text.split_inclusive(['.', '。', '!', '！']) {
            let sentence = sentence.replace(['*', '_'], "");
            if found.prose_detect.is_none() {
                found.prose_detect = prose_detect(&sentence);
            }
            if found.prose_detect.is_none() && region == Region::Detection {
                found.prose_detect = since_start(&sentence);
            }
            if found.prose_total.is_none() && matches!(region, Region::Lead | Region::Summary) {
                found.prose_total = prose_total(&sentence);
            }
        }
    }
    if let Some(tb) = table.take() {
        tb.finish(&mut found);
    }
    found
}

/// Computes durations. Front-matter timestamps win over labelled values,
/// which win over prose.
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

    let found = scan(lines);
    issues.extend(
        found
            .unreadable
            .iter()
            .map(|m| DurationIssue { message: m.clone() }),
    );
    let of = |w: Which| found.labelled.iter().filter(move |(x, _, _)| *x == w);
    // The first stated value wins; of two times to detect, the one measured
    // to the first alert ("MTTD (alert)") is the MTTD.
    let first = |w: Which| of(w).find_map(|(_, _, v)| *v);
    let alert = |w: Which| {
        of(w).find_map(|(_, k, v)| {
            let k = k.to_lowercase();
            (k.contains("alert") || k.contains("알람") || k.contains("アラート")).then_some(*v)?
        })
    };
    d.minutes_to_detect = d
        .minutes_to_detect
        .or_else(|| alert(Which::Detect))
        .or_else(|| first(Which::Detect))
        .or(found.prose_detect);
    d.minutes_to_mitigate = d.minutes_to_mitigate.or_else(|| first(Which::Mitigate));
    d.minutes_to_resolve = d.minutes_to_resolve.or_else(|| first(Which::Resolve));
    // Several different durations (one per incident of a combined report)
    // are no single total: prefer one labelled "total", else none of them.
    let totals: Vec<(&String, i64)> = of(Which::Total)
        .filter_map(|(_, k, v)| Some((k, (*v)?)))
        .collect();
    let agreed = match totals.as_slice() {
        [] => None,
        [(_, v), rest @ ..] if rest.iter().all(|(_, w)| w == v) => Some(*v),
        many => {
            let labelled_total = many
                .iter()
                .find(|(k, _)| {
                    let k = k.to_lowercase();
                    k.contains("total") || k.contains('총')
                })
                .map(|(_, v)| *v);
            if labelled_total.is_none() {
                issues.push(DurationIssue {
                    message: format!(
                        "{} different durations are stated ({}); none is taken as the incident's",
                        many.len(),
                        many.iter()
                            .map(|(k, v)| format!("`{k}`: {v} min"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            labelled_total
        }
    };
    d.minutes_total = agreed.or(found.prose_total);
    (d, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[&str]) -> Durations {
        compute(&Meta::default(), lines).0
    }

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
    fn amounts_in_more_shapes() {
        // Glued terms, words for numbers, halves.
        assert_eq!(parse_amount("~3h15m"), Some(195));
        assert_eq!(parse_amount("roughly five hours"), Some(300));
        assert_eq!(parse_amount("forty-five minutes"), Some(45));
        assert_eq!(parse_amount("an hour and a half"), Some(90));
        assert_eq!(parse_amount("half an hour"), Some(30));
        assert_eq!(parse_amount("2時間半"), Some(150));
        assert_eq!(parse_amount("3 hours, 5 minutes and 30 seconds"), Some(186));
        // Seconds round to the nearest minute.
        assert_eq!(parse_amount("4분 31초"), Some(5));
        assert_eq!(parse_amount("1分 10秒"), Some(1));
        // Spaced CJK, trailing notes, weeks.
        assert_eq!(parse_amount("約 25 分（初回アラートまで）"), Some(25));
        assert_eq!(parse_amount("약 1일 2시간이 걸림"), Some(1560));
        assert_eq!(parse_amount("約 2 週間の遅延"), Some(20160));
        assert_eq!(parse_amount("約 **3 日間 (= 72 時間)**"), Some(4320));
        assert_eq!(parse_amount("≒ 24 時間以上（推定）"), Some(1440));
        assert_eq!(parse_amount("推定 2 週間以上"), Some(20160));
        // A range of lengths is no single length.
        assert_eq!(parse_amount("約 11〜13 時間"), None);
        // The length after its starting point.
        assert_eq!(parse_amount("最初のアラートから ~12 分"), Some(12));
        assert_eq!(parse_amount("배포부터 약 2시간"), Some(120));
        assert_eq!(parse_amount("13:00から14:00まで"), None);
        // A range with its length in parentheses.
        assert_eq!(parse_amount("08:05 - 09:50 UTC (1h 45m)"), Some(105));
        assert_eq!(
            parse_amount("2024-05-01 → 2024-05-02 (**1일 4시간**)"),
            Some(1680)
        );
        // Never a number that only looks right.
        assert_eq!(parse_amount("08:05 - 09:50 UTC"), None);
        assert_eq!(parse_amount("3 regions"), None);
        assert_eq!(parse_amount("2024-05-01"), None);
        assert_eq!(parse_amount("a few hours"), None);
        assert_eq!(parse_amount("several days"), None);
        assert_eq!(parse_amount("10 12"), None);
        assert_eq!(parse_amount("5 hosts"), None);
    }

    #[test]
    fn stats_lines() {
        let lines = [
            "- Category: Kubernetes",
            "- Time to detection: 8 minutes",
            "- Time to recovery:  25 minutes",
            "**Time to mitigation:** 1 hour",
        ];
        let d = read(&lines);
        assert_eq!(d.minutes_to_detect, Some(8));
        assert_eq!(d.minutes_to_mitigate, Some(60));
        assert_eq!(d.minutes_to_resolve, Some(25));
        // A definition without a colon: the value follows the `=`.
        let k = read(&["- **총 다운타임**(T0 → 정상) = **6분 40초** = MTTD + MTTR"]);
        assert_eq!(k.minutes_total, Some(7));
        assert_eq!(d.minutes_total, None);
        let d = read(&["- 탐지 시간: 12분", "| 복구 시간 | 2시간 |"]);
        assert_eq!(d.minutes_to_detect, Some(12));
        assert_eq!(d.minutes_to_resolve, Some(120));
    }

    #[test]
    fn the_stated_duration_is_its_own_field() {
        let d = read(&["**Duration**: 2d 6h", "**Status**: closed"]);
        assert_eq!(d.minutes_total, Some(3240));
        assert_eq!(d.minutes_to_resolve, None);
        let d = read(&[
            "**Outage duration:** 3 hours 5 minutes (01:00 - 04:05 UTC)  ",
            "**Detection delay:** 40 minutes",
        ]);
        assert_eq!(d.minutes_total, Some(185));
        assert_eq!(d.minutes_to_detect, Some(40));
        assert_eq!(read(&["- 장애 시간: 1시간 5분"]).minutes_total, Some(65));
        assert_eq!(read(&["| 障害時間 | 約 15 分 |"]).minutes_total, Some(15));
        assert_eq!(read(&["- **기간**: 3일"]).minutes_total, Some(4320));
    }

    #[test]
    fn tables_key_value_and_single_row() {
        let d = read(&[
            "| 項目 | 内容 |",
            "|---|---|",
            "| 検知までの時間 | 7 分 |",
            "| 影響時間 | 約2時間（09:00〜11:00） |",
        ]);
        assert_eq!(d.minutes_to_detect, Some(7));
        assert_eq!(d.minutes_total, Some(120));
        let one_row = [
            "| Region | Users | Outage Duration |",
            "|:--:|:--:|:--:|",
            "| us-east | 12% | 2h 5m |",
            "",
        ];
        assert_eq!(read(&one_row).minutes_total, Some(125));
        // Several rows: one length per row is no length of the incident.
        let many = [
            "| Step | Duration |",
            "|---|---|",
            "| drain | 5m |",
            "| restore | 40m |",
        ];
        assert_eq!(read(&many).minutes_total, None);
    }

    #[test]
    fn two_mttds_take_the_one_to_the_first_alert() {
        let d = read(&[
            "- **MTTD(사용자 인지)** = 시작 → 첫 문의(09:10:00): **1시간**",
            "- **MTTD(알람)** = 시작(09:00:00) → 첫 알람(09:04:40): **4분 40초**",
            "- **MTTR** = 알람 → 정상(09:30:00): **약 25분**",
        ]);
        assert_eq!(d.minutes_to_detect, Some(5));
        assert_eq!(d.minutes_to_resolve, Some(25));
        let d = read(&[
            "- 検知までの時間（MTTD）: 6分",
            "- 復旧までの時間（MTTR）: 2時間",
        ]);
        assert_eq!(d.minutes_to_detect, Some(6));
        assert_eq!(d.minutes_to_resolve, Some(120));
    }

    #[test]
    fn unreadable_values_are_reported_not_guessed() {
        let (d, issues) = compute(
            &Meta::default(),
            &["**Duration:** most of the afternoon", "Time to recovery: ?"],
        );
        assert_eq!(d, Durations::default());
        assert_eq!(issues.len(), 1, "a `?` is an honest unknown");
        assert!(issues[0].message.contains("most of the afternoon"));
        let (_, issues) = compute(
            &Meta::default(),
            &[
                "| 影響時間 | 不明（開始時刻が特定できない） |",
                "- Duration: Unknown → fixed",
            ],
        );
        assert!(issues.is_empty());
        // Per-incident durations of a combined report are no single total.
        let (d, issues) = compute(
            &Meta::default(),
            &["**Duration:** 20 minutes", "text", "**Duration:** 1 hour"],
        );
        assert_eq!(d.minutes_total, None);
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn prose_where_a_document_states_its_length() {
        let lead = [
            "# Login outage",
            "",
            "On May 2 logins failed for two customers, lasting 1 hour and 5 minutes, from 10:00 to 11:05 UTC.",
        ];
        assert_eq!(read(&lead).minutes_total, Some(65));
        let summary = [
            "## Summary",
            "Uploads failed for all new users for roughly six hours in total.",
            "## Action items",
            "- Alert when errors exceed 5% for 10 minutes",
        ];
        assert_eq!(read(&summary).minutes_total, Some(360));
        let restored = ["## Overview", "Service was restored after about an hour."];
        assert_eq!(read(&restored).minutes_total, Some(60));
        // Thresholds in action items and lengths in other sections are not it.
        let elsewhere = [
            "## Action items",
            "- Page when the queue is stuck for 15 minutes",
            "## Root cause",
            "The cache kept stale entries for 12 hours.",
        ];
        assert_eq!(read(&elsewhere).minutes_total, None);
        assert_eq!(
            read(&["## Summary", "Search was slow for a while."]).minutes_total,
            None
        );
        let seconds = ["A bad peer was banned for 10 seconds."];
        assert_eq!(read(&seconds).minutes_total, None);
    }

    #[test]
    fn detection_in_prose() {
        let d = read(&[
            "## Summary",
            "- Nobody was paged; a customer noticed after 25 minutes.",
        ]);
        assert_eq!(d.minutes_to_detect, Some(25));
        let d =
            read(&["### Detection: The latency alert paged on-call 3 minutes after the deploy."]);
        assert_eq!(d.minutes_to_detect, Some(3));
        let d = read(&[
            "## What went wrong",
            "1. It was 2 hours before we realised jobs were stuck.",
        ]);
        assert_eq!(d.minutes_to_detect, Some(120));
        assert_eq!(
            read(&["- アラートが鳴らず、検知まで 50 分かかった"]).minutes_to_detect,
            Some(50)
        );
        assert_eq!(
            read(&["인지까지 약 3시간이 걸렸다."]).minutes_to_detect,
            Some(180)
        );
        let d = read(&[
            "## 検知",
            "- 監視ではなく問い合わせで検知。発生から約 2 日後",
        ]);
        assert_eq!(d.minutes_to_detect, Some(2880));
        let d = read(&["## 감지", "사용자 제보로 발생 후 40분 만에 알게 되었다."]);
        assert_eq!(d.minutes_to_detect, Some(40));
        // Outside a detection section the same words say nothing.
        assert_eq!(
            read(&["## 影響", "発生から約 2 日後に復旧"]).minutes_to_detect,
            None
        );
        // A labelled value wins over prose.
        let d = read(&[
            "A user noticed after 9 minutes.",
            "- Time to detect: 4 minutes",
        ]);
        assert_eq!(d.minutes_to_detect, Some(4));
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
