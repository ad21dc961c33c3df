//! Maps headings of the common postmortem templates (Google SRE, PagerDuty,
//! Atlassian, short team templates), in English, Korean and Japanese, onto canonical
//! sections, and cuts the body into sections.

use super::blocks::{Block, Located};
use crate::model::{Canonical, Section};

/// Heading aliases, matched after [`normalize`]. Order matters only for
/// readability; a heading matches when its normalized text equals an alias
/// or starts with an alias followed by a word boundary.
const ALIASES: &[(Canonical, &[&str])] = &[
    (
        Canonical::Summary,
        &[
            "summary",
            "executive summary",
            "overview",
            "incident summary",
            "tl dr",
            "tldr",
            "abstract",
            "description",
            "요약",
            "개요",
            "장애 요약",
            "사건 개요",
            "장애 개요",
            "issue summary",
            "incident overview",
            "summary of the incident",
            "problem statement",
            "サマリー",
            "概要",
            "要約",
            "インシデント概要",
            "障害概要",
            "障害の内容",
            "障害内容",
            "事象概要",
        ],
    ),
    (
        Canonical::Impact,
        &[
            "impact",
            "customer impact",
            "business impact",
            "user impact",
            "impact assessment",
            "영향",
            "영향도",
            "장애 영향",
            "영향 범위",
            "피해 범위",
            "서비스 영향",
            "影響",
            "影響範囲",
            "影響度",
            "ユーザー影響",
            "影響内容",
        ],
    ),
    (
        Canonical::RootCauses,
        &[
            "root causes",
            "root cause",
            "root cause analysis",
            "rca",
            "cause",
            "causes",
            "fault",
            "what happened and why",
            "근본 원인",
            "장애 원인",
            "원인",
            "원인 분석",
            "근본 원인 분석",
            "consolidated root causes",
            "consolidated root cause",
            "what allowed this to happen",
            "why did this happen",
            "why did it happen",
            "why it happened",
            "how did this happen",
            "根本原因",
            "根本原因分析",
            "原因",
            "原因分析",
            "発生原因",
        ],
    ),
    (
        Canonical::Trigger,
        &[
            "trigger",
            "triggers",
            "leadup",
            "lead up",
            "트리거",
            "발생 계기",
            "トリガー",
            "きっかけ",
            "発生契機",
        ],
    ),
    (
        Canonical::ContributingFactors,
        &[
            "contributing factors",
            "contributing factor",
            "기여 요인",
            "복합 요인",
            "기여 원인",
            "寄与要因",
            "要因",
        ],
    ),
    (
        Canonical::Resolution,
        &[
            "resolution",
            "recovery",
            "response",
            "mitigation",
            "fix",
            "resolution and recovery",
            "해결",
            "조치",
            "복구",
            "대응",
            "조치 내용",
            "해결 방법",
            "대응 및 복구",
            "対応",
            "対応内容",
            "復旧",
            "復旧対応",
            "復旧方法",
            "暫定対応",
            "解決策",
            "対処",
        ],
    ),
    (
        Canonical::Detection,
        &[
            "detection",
            "how was it detected",
            "탐지",
            "감지",
            "발견",
            "検知",
            "検出",
            "発見",
        ],
    ),
    (
        Canonical::ActionItems,
        &[
            "action items",
            "action item",
            "actions",
            "follow ups",
            "follow up",
            "followups",
            "follow up actions",
            "next steps",
            "corrective actions",
            "remediation items",
            "action plan",
            "재발 방지",
            "재발 방지 대책",
            "재발 방지책",
            "액션 아이템",
            "후속 조치",
            "개선 사항",
            "조치 항목",
            "향후 계획",
            "remediation",
            "corrective and preventative measures",
            "corrective and preventive measures",
            "corrective and preventative measure",
            "corrective and preventive measure",
            "preventative measures",
            "preventive measures",
            "prevention measures",
            "prevention",
            "future work",
            "going forward",
            "what we are doing about it",
            "what we re doing about it",
            "what we are doing to prevent this",
            "how we will prevent this",
            "what we are changing",
            "what we re changing",
            "what we will change",
            "what we are doing",
            "what we re doing",
            "what we will do",
            "what s next",
            "what is next",
            "changes we are making",
            "steps we are taking",
            "long term solution",
            "long term solutions",
            "long term fix",
            "long term fixes",
            "longer term fixes",
            "permanent fix",
            "permanent solution",
            "アクションアイテム",
            "再発防止策",
            "再発防止",
            "恒久対応",
            "今後の対応",
            "対策",
            "改善策",
            "フォローアップ",
        ],
    ),
    (
        Canonical::Lessons,
        &[
            "lessons learned",
            "lessons",
            "learnings",
            "교훈",
            "배운 점",
            "배운 것",
            "우리가 배운 것",
            "학습 포인트",
            "학습 내용",
            "회고",
            "教訓",
            "学び",
            "学んだこと",
            "振り返り",
        ],
    ),
    (
        Canonical::WentWell,
        &[
            "what went well",
            "things that went well",
            "went well",
            "잘된 점",
            "잘한 점",
            "うまくいったこと",
            "良かった点",
            "よかったこと",
        ],
    ),
    (
        Canonical::WentWrong,
        &[
            "what went wrong",
            "things that went wrong",
            "went wrong",
            "what didn t go well",
            "what could have gone better",
            "잘못된 점",
            "아쉬운 점",
            "개선할 점",
            "うまくいかなかったこと",
            "悪かった点",
            "改善点",
        ],
    ),
    (
        Canonical::Lucky,
        &[
            "where we got lucky",
            "where we were lucky",
            "got lucky",
            "what we got lucky with",
            "lucky",
            "운이 좋았던 점",
            "운이 좋았던 부분",
            "幸運だったこと",
            "運が良かった点",
        ],
    ),
    (
        Canonical::Timeline,
        &[
            "timeline",
            "incident timeline",
            "detailed timeline",
            "chronology",
            "timeline of events",
            "what happened",
            "sequence of events",
            "타임라인",
            "장애 타임라인",
            "시간순 경과",
            "경과",
            "타임 라인",
            "진행 경과",
            "タイムライン",
            "時系列",
            "経緯",
            "経過",
        ],
    ),
    (
        Canonical::FiveWhys,
        &[
            "five whys",
            "5 whys",
            "5 why",
            "다섯 가지 왜",
            "5 whys 분석",
            "5why",
            "なぜなぜ分析",
        ],
    ),
    (
        Canonical::Attendees,
        &[
            "attendees",
            "responders",
            "participants",
            "people involved",
            "참석자",
            "대응자",
            "참여자",
            "参加者",
            "対応者",
        ],
    ),
    (
        Canonical::Stats,
        &[
            "stats",
            "statistics",
            "metrics",
            "key metrics",
            "incident stats",
            "통계",
            "지표",
            "指標",
            "統計",
        ],
    ),
];

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

/// Words that name a kind when a heading ends in them, whatever comes
/// before ("The fix", "Key takeaways", "Underlying causes"); Japanese
/// writes no spaces, so its words match the end of the last word.
const LAST_WORDS: &[(Canonical, &[&str], &[&str])] = &[
    (
        Canonical::Summary,
        &["summary", "tldr", "요약", "개요"],
        &["概要", "サマリー", "要約"],
    ),
    (
        Canonical::Lessons,
        &[
            "lesson",
            "lessons",
            "learnings",
            "learned",
            "takeaway",
            "takeaways",
            "insights",
            "교훈",
        ],
        &["教訓", "学び"],
    ),
    (
        Canonical::RootCauses,
        &["cause", "causes", "원인"],
        &["原因"],
    ),
    (
        Canonical::ContributingFactors,
        &["factors", "요인"],
        &["要因"],
    ),
    (Canonical::Impact, &["impact", "영향"], &["影響"]),
    (
        Canonical::Resolution,
        &[
            "resolution",
            "recovery",
            "mitigation",
            "fix",
            "복구",
            "해결",
        ],
        &["復旧", "対処"],
    ),
    (
        Canonical::Detection,
        &["detection", "탐지", "감지"],
        &["検知", "検出"],
    ),
    (
        Canonical::ActionItems,
        &[
            "improvements",
            "prevention",
            "recurrence",
            "followups",
            "actions",
            "items",
            "recommendations",
            "recommendation",
            "대책",
            "개선",
        ],
        &["対策", "再発防止"],
    ),
];

/// First words that make "… actions" a record of what was done during the
/// incident ("Immediate actions", "Response actions"), not work to come.
const DONE_ACTIONS: &[&str] = &[
    "immediate",
    "response",
    "mitigation",
    "mitigating",
    "emergency",
];

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

/// Turns a paragraph that is only a section's name ("Action Items",
/// "**Timeline:**") into a heading: some templates write labels, not
/// headings. The label takes the level of the heading above it, so it ends
/// that section as a sibling would. A plain line must be a section's name
/// word for word; a bold line or one ending in a colon may be any heading
/// the vocabulary reads, so a sentence that ends in "fix" stays a sentence.
pub fn promote_labels(blocks: &mut [Located], body: &str, headings: &Headings) {
    let mut level = 2;
    for b in blocks.iter_mut() {
        match &b.block {
            Block::Heading { level: l, .. } => level = (*l).max(2),
            Block::Paragraph { text } => {
                let source = body.get(b.offset..b.end).unwrap_or("").trim();
                if let Some(label) = label(text, source, headings) {
                    b.block = Block::Heading { level, text: label };
                }
            }
            _ => {}
        }
    }
}

/// The heading text of a one-line paragraph that names a section.
fn label(text: &str, source: &str, headings: &Headings) -> Option<String> {
    if source.contains('\n') || text.chars().count() > 60 {
        return None;
    }
    let bare = text.trim().trim_end_matches([':', '：']).trim_end();
    let whole = |mark: &str| {
        source.starts_with(mark)
            && source.trim_end_matches([':', '：']).ends_with(mark)
            && source.len() > 2 * mark.len()
    };
    let styled = whole("**") || whole("__") || source.ends_with([':', '：']);
    // A label is a few words; a longer line ending in a colon is a
    // sentence introducing a list ("It resulted from three factors:").
    let short = (1..=5).contains(&bare.split_whitespace().count());
    let named = headings.names_exactly(bare).is_some()
        || styled && short && headings.classify(bare).is_some();
    named.then(|| bare.to_string())
}

/// Builds sections from the heading blocks. Each section's content runs to the
/// next heading of the same or a higher level. `line_of` maps a body offset to
/// a file line; `spans` are the plain-text spans of the body.
pub fn build(
    blocks: &[Located],
    spans: &[(usize, String)],
    body_len: usize,
    line_of: &dyn Fn(usize) -> usize,
) -> Vec<Section> {
    let headings: Vec<(usize, usize, u8, &str)> = blocks
        .iter()
        .filter_map(|b| match &b.block {
            Block::Heading { level, text } => Some((b.offset, b.end, *level, text.as_str())),
            _ => None,
        })
        .collect();
    let mut sections = Vec::with_capacity(headings.len());
    for (i, &(offset, heading_end, level, text)) in headings.iter().enumerate() {
        let end = headings[i + 1..]
            .iter()
            .find(|(_, _, l, _)| *l <= level)
            .map_or(body_len, |(o, _, _, _)| *o);
        let content = heading_end.min(end)..end;
        let text_of = spans
            .iter()
            .filter(|(o, _)| content.contains(o))
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        sections.push(Section {
            heading: text.to_string(),
            level,
            canonical: classify(text),
            line: line_of(offset),
            content,
            text: text_of.into(),
        });
    }
    sections
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

    fn headings_of(md: &str) -> Vec<(u8, String)> {
        let (mut blocks, _) = super::super::blocks::extract(md);
        promote_labels(&mut blocks, md, &Headings::default());
        blocks
            .into_iter()
            .filter_map(|b| match b.block {
                Block::Heading { level, text } => Some((level, text)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_line_that_only_names_a_section_heads_it() {
        let md = "## Detection\nA customer wrote.\n\nAction Items\n- Add a check\n\n\
                  **Lessons learned:**\n\nWatch the queue.\n\nThe fix:\n- Roll back\n";
        assert_eq!(
            headings_of(md),
            [
                (2, "Detection".to_string()),
                (2, "Action Items".to_string()),
                (2, "Lessons learned".to_string()),
                (2, "The fix".to_string()),
            ]
        );
        assert_eq!(
            classify("How are we preventing it from happening again?"),
            Some(Canonical::ActionItems)
        );
        assert_eq!(classify("14:30 - Builds succeed again"), None);
    }

    #[test]
    fn sentences_stay_sentences() {
        let md = "## Cause\nWe applied the fix\n\n\
                  The outage resulted from three compounding factors:\n- a\n\n\
                  **Summary:** the queue filled up.\n\nLessons learned were many, and\nlong.\n";
        assert_eq!(headings_of(md), [(2, "Cause".to_string())]);
    }
}
