//! Reading one length of time as written: `13+ hours`, `~2h`, `1d 4h`,
//! `approximately six hours`, `2시간 30분`, `約1時間24分`, and telling an
//! explicit unknown (`?`, `N/A`, `不明`) from a value that cannot be read.

/// A unit and its length in minutes. ASCII units must end a word
/// ("2h10m" is two terms, "2 hosts" is no unit).
pub(super) const UNITS: &[(&str, f64)] = &[
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
pub(super) const WORDS: &[(&str, f64)] = &[
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
pub(super) fn word_prefix<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    (!rest.starts_with(|c: char| c.is_alphanumeric())).then_some(rest)
}

/// A number at the start of `text`: digits (`1.5`, `1,5`) or words
/// (`six`, `forty-five`, `an`). Returns it, whether it was digits, and the rest.
pub(super) fn number(text: &str) -> Option<(f64, bool, &str)> {
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
pub(super) fn unit(text: &str) -> Option<(f64, &str)> {
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
pub(super) fn terms(text: &str) -> Option<(f64, &str)> {
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
pub(super) fn parse_amount(text: &str) -> Option<i64> {
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
pub(super) fn clean_value(text: &str) -> &str {
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
pub(super) fn explicitly_unknown(text: &str) -> bool {
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
pub(super) const APPROXIMATELY: &[&str] = &[
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
pub(super) fn strip_approximation(text: &str) -> &str {
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
