//! Blameless language, in English and Korean: `blameless-language` (wording
//! that makes a person the cause) and `person-in-root-cause` (an author's
//! name or an @mention inside a root-cause section).
//!
//! A postmortem that names a culprit teaches the reader to be more careful;
//! one that names the gap teaches the organization to close it. These rules
//! only warn: the author decides, and can silence a line.

use super::rules::Rule;
use super::source::Source;
use super::Hit;
use crate::model::{Canonical, Postmortem};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const HELP_EN: &str = "describe what in the system or process let it happen instead, e.g. “the deploy tool applied the change to every region without a confirmation step”, “the runbook did not mention the flag”";
const HELP_KO: &str = "사람 대신 시스템과 절차를 주어로 쓰세요: 어떤 도구나 절차가 그 일을 허용했는지 (예: “확인 단계 없이 전체 리전에 적용되었다”) — say which tool or process allowed it";

/// Words that put the cause on a person, whoever the subject is.
static PHRASES_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:human[- ]errors?|operator[- ]errors?|pilot[- ]errors?|careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppiness|incompeten(?:t|ce)|fat[- ]finger(?:ed|ing|s)?|(?:his|her|their)\s+(?:mistake|fault)|(?:was|were)\s+at\s+fault)\b").unwrap()
});
static PHRASES_KO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"실수|부주의|(?:휴먼|인적)\s*(?:에러|오류|실수|과실)|과실|태만|(?:담당자|작업자|운영자|개발자|엔지니어|당직자|온콜\s*담당자?)(?:가|이|는|은)\s*[^.。\n]{0,40}?(?:했어야|하지\s*않았|확인하지\s*않|못했)").unwrap()
});
/// A person (pronoun or role) before a verb of blame.
const ROLES: &str = r"he|she|the\s+(?:on-?call(?:\s+engineer)?|engineer|operator|developer|reviewer|author|sre|dba|admin(?:istrator)?|intern|new\s+hire|person)|someone|somebody|@[\p{L}\p{N}._-]+";
const VERBS: &str = r"should(?:n't|\s+not)?\s+have|failed\s+to|forgot\s+to|neglected\s+to|did(?:n't|\s+not)\s+bother\s+to|ignored\s+the";
static ROLE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{ROLES})\s+(?:{VERBS})\b|(?:^|[\s(])@[\p{{L}}\p{{N}}._-]+\s+(?:{VERBS})\b"
    ))
    .unwrap()
});
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,])(@[\p{L}\p{N}][\p{L}\p{N}._-]*[\p{L}\p{N}])").unwrap()
});
static INLINE_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`[^`]*`|\]\([^)]*\)").unwrap());
/// Metadata keys whose values are people.
static PEOPLE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)author|commander|responder|reviewer|owner|on.?call|write.?up|작성|담당|리뷰|지휘",
    )
    .unwrap()
});

/// Names of the people a document mentions in its metadata: authors,
/// action-item owners, incident commander and similar keys.
fn people(pm: &Postmortem, src: &Source<'_>) -> Vec<String> {
    let mut raw: Vec<String> = pm.meta.written.authors.clone();
    raw.extend(pm.action_items.iter().filter_map(|a| a.owner.clone()));
    for (k, v) in &pm.meta.written.extra {
        if PEOPLE_KEY.is_match(k) {
            raw.push(v.clone());
        }
    }
    for n in src.body_line..src.header_end() {
        let l = src.line(n).replace("**", "").replace('*', "");
        for part in l.split(['—', '·']) {
            if let Some((k, v)) = part.split_once(':') {
                if PEOPLE_KEY.is_match(k) {
                    raw.push(v.to_string());
                }
            }
        }
    }
    let mut names = Vec::new();
    for r in raw {
        for n in r
            .split([',', '/', ';', '、'])
            .flat_map(|s| s.split(" and "))
        {
            let n = n.trim().trim_start_matches('@').trim();
            if n.chars().count() >= 2 && n.chars().count() <= 40 {
                names.push(n.to_string());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Ways a name is written in prose: the full name and, for names of two or
/// more Latin words, the given name.
fn forms(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() >= 2
        && words[0].chars().count() >= 3
        && words[0].chars().next().is_some_and(|c| c.is_uppercase())
        && words[0].chars().all(|c| c.is_alphabetic() && !is_hangul(c))
    {
        out.push(words[0].to_string());
    }
    out
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// An alternation of the ways `names` are written, longest first.
fn name_alternation(names: &[String]) -> Option<String> {
    let mut alts: Vec<String> = names
        .iter()
        .flat_map(|n| forms(n))
        .map(|f| regex::escape(&f))
        .collect();
    if alts.is_empty() {
        return None;
    }
    alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
    alts.dedup();
    Some(format!("(?:{})", alts.join("|")))
}

/// Letters and digits may not touch a name on the left; on the right only
/// Korean particles may (`김지훈이`, `김지훈의`).
const BEFORE: &str = r"(?:^|[^\p{L}\p{N}])";
const AFTER: &str = r"(?:$|[^\p{L}\p{N}]|[\u{AC00}-\u{D7A3}])";

/// A regex whose group 1 is any of `names` as a whole word.
fn names_regex(names: &[String]) -> Option<Regex> {
    let alts = name_alternation(names)?;
    Regex::new(&format!("{BEFORE}({alts}){AFTER}")).ok()
}

/// The line with inline code and link targets blanked out (same length).
fn prose(line: &str) -> String {
    INLINE_CODE
        .replace_all(line, |c: &regex::Captures<'_>| " ".repeat(c[0].len()))
        .into_owned()
}

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, hits: &mut Vec<Hit>) {
    let people = people(pm, src);
    // A named person before a verb of blame: "Dana should have".
    let subject = name_alternation(&people)
        .and_then(|alts| Regex::new(&format!(r"(?i){BEFORE}({alts}\s+(?:{VERBS}))\b")).ok());
    for n in 1..=src.line_count() {
        if src.in_code(n) {
            continue;
        }
        let line = prose(src.line(n));
        let mut found: Vec<(Range<usize>, &str)> = Vec::new();
        for m in PHRASES_EN.find_iter(&line) {
            found.push((m.range(), HELP_EN));
        }
        for m in ROLE_SUBJECT.find_iter(&line) {
            found.push((trim_range(&line, m.range()), HELP_EN));
        }
        if let Some(re) = &subject {
            for c in re.captures_iter(&line) {
                found.push((c.get(1).expect("group 1").range(), HELP_EN));
            }
        }
        for m in PHRASES_KO.find_iter(&line) {
            found.push((m.range(), HELP_KO));
        }
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut last_end = 0;
        for (range, help) in found {
            if range.start < last_end {
                continue;
            }
            last_end = range.end;
            let words = &line[range.clone()];
            hits.push(Hit::new(
                Rule::BlamelessLanguage,
                n,
                Some(range),
                format!("“{words}” makes a person the cause"),
                help,
            ));
        }
    }
    root_cause_names(pm, src, hits);
}

/// Leading separators a match picked up (`(`, a space) are not underlined.
fn trim_range(line: &str, r: Range<usize>) -> Range<usize> {
    let s = &line[r.clone()];
    let lead = s.len() - s.trim_start_matches([' ', '(', '\t']).len();
    r.start + lead..r.end
}

/// Authors' names and @mentions inside root-cause sections.
fn root_cause_names(pm: &Postmortem, src: &Source<'_>, hits: &mut Vec<Hit>) {
    const CAUSES: &[Canonical] = &[
        Canonical::RootCauses,
        Canonical::Trigger,
        Canonical::ContributingFactors,
        Canonical::FiveWhys,
    ];
    let authors = names_regex(&pm.meta.written.authors);
    for s in pm
        .sections
        .iter()
        .filter(|s| s.canonical.is_some_and(|k| CAUSES.contains(&k)))
    {
        let (end_line, _) = src.body_position(&pm.body, s.content.end);
        for n in s.line + 1..=end_line.min(src.line_count()) {
            if src.in_code(n) {
                continue;
            }
            let line = prose(src.line(n));
            let mut found: Vec<(Range<usize>, String)> = Vec::new();
            for c in MENTION.captures_iter(&line) {
                let m = c.get(1).expect("group 1");
                found.push((
                    m.range(),
                    format!("the root cause @mentions `{}`", m.as_str()),
                ));
            }
            if let Some(re) = &authors {
                for c in re.captures_iter(&line) {
                    let m = c.get(1).expect("group 1");
                    if found
                        .iter()
                        .any(|(r, _)| r.start <= m.start() && m.end() <= r.end)
                    {
                        continue;
                    }
                    found.push((
                        m.range(),
                        format!(
                            "the root cause names `{}`, an author of this postmortem",
                            m.as_str()
                        ),
                    ));
                }
            }
            for (range, message) in found {
                hits.push(Hit::new(
                    Rule::PersonInRootCause,
                    n,
                    Some(range),
                    message,
                    "root causes are gaps in systems and processes: say what allowed the action (a missing check, an unclear runbook, an alert that did not exist), not who took it",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Rule;

    fn with_cause(cause: &str) -> String {
        clean("").replace("Log retention was disabled by a config change.", cause)
    }

    /// "underlined text@line" of every blameless-language finding.
    fn blame(f: &[super::super::Finding]) -> Vec<String> {
        f.iter()
            .filter(|f| f.rule == Rule::BlamelessLanguage)
            .map(|f| format!("{}@{}", marked(f), f.line))
            .collect()
    }

    #[test]
    fn english_blame_is_reported() {
        let md = with_cause("Human error: the operator failed to check the flag.\nThe on-call engineer should have rolled back; Dana should have known. A careless edit.\n");
        let f = lint(&md);
        assert_eq!(
            blame(&f),
            [
                "Human error@22",
                "the operator failed to@22",
                "The on-call engineer should have@23",
                "Dana should have@23",
                "careless@23",
            ],
            "{f:#?}"
        );
        assert!(f[0]
            .message
            .contains("“Human error” makes a person the cause"));
        assert!(f[0].help.contains("instead"));
        assert_eq!(f[0].level, crate::model::Level::Warning);
    }

    #[test]
    fn english_systemic_wording_is_not() {
        let md = with_cause("The cron job failed to renew the certificate. Nothing alerted on it, and the runbook should have covered this case. We should have had an alert; `operator error` is the log text.\n\n```\nhuman error in a code block\n```\n");
        let f = lint(&md);
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn korean_blame_is_reported() {
        let md = with_cause("작업자가 실수로 설정을 삭제했다. 담당자의 부주의로 인한 휴먼 에러였다.\n담당자가 배포 전에 확인했어야 했다.\n");
        let f = lint(&md);
        assert_eq!(
            blame(&f),
            [
                "실수@22",
                "부주의@22",
                "휴먼 에러@22",
                "담당자가 배포 전에 확인했어야@23",
            ],
            "{f:#?}"
        );
        assert!(f[0].help.contains("시스템과 절차를 주어로"));
    }

    #[test]
    fn korean_systemic_wording_is_not() {
        let md = with_cause("설정 검증 단계가 없어 잘못된 값이 그대로 배포되었다. 만료 알림이 이 인증서를 감시하지 않았다.\n");
        assert!(lint(&md).is_empty());
    }

    #[test]
    fn authors_and_mentions_in_root_causes() {
        let md = with_cause("Dana Kim's change disabled retention; @lee approved it.\n")
            .replace("- [ ] @dana add", "- [ ] @dana.kim add");
        let f = lint(&md);
        let hits: Vec<(String, &str)> = f
            .iter()
            .filter(|f| f.rule == Rule::PersonInRootCause)
            .map(|f| (marked(f), f.message.as_str()))
            .collect();
        assert_eq!(
            hits,
            [
                (
                    "Dana Kim".to_string(),
                    "the root cause names `Dana Kim`, an author of this postmortem"
                ),
                ("@lee".to_string(), "the root cause @mentions `@lee`"),
            ]
        );
        // The same name elsewhere (resolution, action items) is fine.
        let md = clean("").replace(
            "Producers saw errors for two hours.",
            "Dana Kim and @lee restored retention.",
        );
        assert!(of(&lint(&md), Rule::PersonInRootCause).is_empty());
    }
}
