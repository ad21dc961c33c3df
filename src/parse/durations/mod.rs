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

mod amount;
mod prose;

use amount::*;
use prose::*;

use super::code_fences::outside_code;
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

/// Keys that name a duration only when the value is one.
static WHO_OR_HOW_LONG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:total\s+)?(?:impacted|affected)\s*[:：]?$").unwrap());

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

/// A duration problem worth reporting (e.g. an end before its start).
pub struct DurationIssue {
    /// What is wrong, for the person who wrote the file.
    pub message: String,
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
        // "Affected: merchant logins" says who, not how long: a bare
        // `Affected`/`Impacted` is a duration only when its value is one.
        if v.is_none() && WHO_OR_HOW_LONG.is_match(key.trim()) {
            return;
        }
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
    let mut table: Option<Table<'a>> = None;
    let mut prev = "";
    for (_, line) in outside_code(lines) {
        let t = line.trim();
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
    let start = meta.written.started.as_deref().and_then(parse_stamp);
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
    d.minutes_to_detect = minutes(&meta.written.detected, "detected", &mut issues);
    d.minutes_to_mitigate = minutes(&meta.written.mitigated, "mitigated", &mut issues);
    d.minutes_to_resolve = minutes(&meta.written.resolved, "resolved", &mut issues);

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
mod tests;
