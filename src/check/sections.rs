//! `required-sections`: every section named in `[check] required_sections`
//! is present, not empty, and not the template's placeholder text.

use super::rules::Rule;
use super::source::Source;
use super::{Context, Hit};
use crate::model::{Canonical, Postmortem, Section};

/// The heading to suggest, in English and Korean.
fn heading(kind: Canonical) -> (&'static str, &'static str) {
    match kind {
        Canonical::Summary => ("Summary", "요약"),
        Canonical::Impact => ("Impact", "영향"),
        Canonical::RootCauses => ("Root Causes", "근본 원인"),
        Canonical::Trigger => ("Trigger", "트리거"),
        Canonical::ContributingFactors => ("Contributing Factors", "기여 요인"),
        Canonical::Resolution => ("Resolution", "해결"),
        Canonical::Detection => ("Detection", "탐지"),
        Canonical::ActionItems => ("Action Items", "재발 방지 대책"),
        Canonical::Lessons => ("Lessons Learned", "교훈"),
        Canonical::WentWell => ("What went well", "잘된 점"),
        Canonical::WentWrong => ("What went wrong", "아쉬운 점"),
        Canonical::Lucky => ("Where we got lucky", "운이 좋았던 점"),
        Canonical::Timeline => ("Timeline", "타임라인"),
        Canonical::FiveWhys => ("Five Whys", "5 Whys"),
        Canonical::Attendees => ("Attendees", "참석자"),
        Canonical::Stats => ("Stats", "통계"),
    }
}

/// What the section should say, for the help text.
fn purpose(kind: Canonical) -> &'static str {
    match kind {
        Canonical::Summary => "what happened, in two or three sentences a newcomer understands",
        Canonical::Impact => {
            "who was affected, how badly and for how long (users, requests, revenue, SLOs)"
        }
        Canonical::RootCauses | Canonical::ContributingFactors => {
            "the conditions in systems and processes that made this possible"
        }
        Canonical::Timeline => "what happened when, with dates, times and a time zone",
        Canonical::ActionItems => "follow-ups, each with an owner and a due date",
        Canonical::Trigger => "the change or event that set the root causes off",
        Canonical::Resolution => "what stopped the impact and what fixed it",
        Canonical::Detection => "how the problem was noticed and how long that took",
        _ => "what the team learned",
    }
}

fn korean(pm: &Postmortem) -> bool {
    let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    hangul(&pm.title) || pm.sections.iter().any(|s| hangul(&s.heading))
}

/// Whitespace-folded text, for comparing with the template.
fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Placeholder texts of a template: canonical kind → its section text.
pub fn placeholders(template: &Postmortem) -> Vec<(Canonical, String)> {
    template
        .sections
        .iter()
        .filter_map(|s| Some((s.canonical?, folded(&s.text))))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let ko = korean(pm);
    let (title_line, title_span) = src.title_line(ctx.aliases);
    for any in &ctx.settings.required {
        let found: Vec<&Section> = pm
            .sections
            .iter()
            .filter(|s| s.canonical.is_some_and(|k| any.contains(&k)))
            .collect();
        // Agree with the parser: a summary it read anywhere (front matter,
        // the paragraph under the title) and a timeline it read are there.
        if any.contains(&Canonical::Summary) && (pm.meta.summary.is_some() || pm.summary.is_some())
        {
            continue;
        }
        if any.contains(&Canonical::Timeline) && !pm.timeline.is_empty() {
            continue;
        }
        let names: Vec<String> = any
            .iter()
            .map(|k| {
                let (en, kr) = heading(*k);
                if ko {
                    format!("`{en}` ({kr})")
                } else {
                    format!("`{en}`")
                }
            })
            .collect();
        let first = any[0];
        let suggest = if ko {
            heading(first).1
        } else {
            heading(first).0
        };
        if found.is_empty() {
            hits.push(Hit::new(
                Rule::RequiredSections,
                title_line,
                title_span.clone(),
                format!("missing section: {}", names.join(" or ")),
                format!(
                    "add a `## {suggest}` section: {}; if another heading already says it, rename that heading",
                    purpose(first)
                ),
            ));
            continue;
        }
        if found.iter().all(|s| s.text.trim().is_empty()) {
            let s = found[0];
            hits.push(Hit::new(
                Rule::RequiredSections,
                s.line,
                None,
                format!("section `{}` is empty", s.heading),
                format!("write {} under it", purpose(s.canonical.unwrap_or(first))),
            ));
            continue;
        }
        let placeholder = |s: &&Section| {
            let text = folded(&s.text);
            ctx.placeholders
                .iter()
                .any(|(k, t)| Some(*k) == s.canonical && *t == text)
        };
        if found.iter().all(placeholder) {
            let s = found[0];
            hits.push(Hit::new(
                Rule::RequiredSections,
                s.line,
                None,
                format!("section `{}` still holds the template's text", s.heading),
                format!(
                    "replace the template's text with {}",
                    purpose(s.canonical.unwrap_or(first))
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Rule, Settings};
    use crate::config::CheckConfig;

    #[test]
    fn missing_sections_point_at_the_title() {
        let md = clean("").replace("## Impact\n\nProducers saw errors for two hours.\n\n", "");
        let f = lint(&md);
        assert_eq!(ids(&f), [("required-sections", 2)], "{f:#?}");
        assert!(f[0].message.contains("`Impact`"), "{}", f[0].message);
        assert!(f[0].help.contains("## Impact"));
        assert_eq!(
            (f[0].column, f[0].end_column),
            (8, 29),
            "underlines the title"
        );
        // Either root causes or contributing factors will do.
        let md = clean("").replace("## Root Causes", "## Contributing Factors");
        assert!(lint(&md).is_empty());
        let md = clean("").replace("## Root Causes", "## Appendix");
        let f = lint(&md);
        assert!(f[0]
            .message
            .contains("`Root Causes` or `Contributing Factors`"));
    }

    #[test]
    fn korean_documents_get_korean_headings() {
        let md = "---\ntitle: 결제 장애\ndate: 2026-01-10\nseverity: SEV2\n---\n\n## 요약\n\n결제가 실패했다.\n\n## 근본 원인\n\n인증서가 만료되었다.\n\n## 타임라인\n\n- 2026-01-10 09:00 KST 오류 증가\n\n## 재발 방지 대책\n\n- [ ] @kim 인증서 만료 알림 추가 (P1, 2026-08-01)\n";
        let f = lint(md);
        assert_eq!(ids(&f), [("required-sections", 2)], "{f:#?}");
        assert!(f[0].message.contains("(영향)"));
        assert!(f[0].help.contains("## 영향"));
    }

    #[test]
    fn empty_and_placeholder_sections() {
        let md = clean("").replace("Producers saw errors for two hours.\n", "");
        let f = lint(&md);
        assert_eq!(ids(&f), [("required-sections", 16)], "{f:#?}");
        assert!(f[0].message.contains("is empty"));
        let md = clean("").replace(
            "Producers saw errors for two hours.",
            "Who was affected, how badly and for how long (users, requests, revenue, SLOs).",
        );
        let template = "## Impact\n\nWho was affected, how badly and for how long (users, requests,\nrevenue, SLOs).\n";
        let f = lint_with_template(&md, template);
        assert_eq!(ids(&f), [("required-sections", 16)], "{f:#?}");
        assert!(f[0].message.contains("template"));
    }

    #[test]
    fn summary_in_front_matter_counts_and_config_sets_the_list() {
        let md = clean("")
            .replace("## Summary\n\nBroker 3 ran out of disk.\n\n", "")
            .replace(
                "severity: SEV2\n",
                "severity: SEV2\nsummary: Broker 3 ran out of disk.\n",
            );
        assert!(lint(&md).is_empty());
        let md = clean("").replace("## Timeline", "## Notes");
        let config: CheckConfig = toml::from_str("required_sections = [\"summary\"]").unwrap();
        let f = lint_in(
            "postmortems/a.md",
            &md,
            &[],
            Settings::from_config(&config).unwrap(),
        );
        assert!(of(&f, Rule::RequiredSections).is_empty(), "{f:#?}");
    }

    #[test]
    fn a_lead_paragraph_read_as_the_summary_is_a_summary() {
        let md = clean("").replace(
            "## Summary\n\nBroker 3 ran out of disk.\n\n",
            "Broker 3 ran out of disk and producers stalled.\n\n",
        );
        let f = lint(&md);
        assert!(!f.iter().any(|x| x.message.contains("`Summary`")), "{f:#?}");
        // Without the lead paragraph the summary is still missing.
        let md = clean("").replace("## Summary\n\nBroker 3 ran out of disk.\n\n", "");
        assert!(lint(&md).iter().any(|x| x.message.contains("`Summary`")));
    }

    fn lint_with_template(md: &str, template: &str) -> Vec<super::super::Finding> {
        use super::super::*;
        use crate::parse::{parse_file, Aliases};
        let pm = parse_file("postmortems/a.md", md.as_bytes(), &Default::default()).unwrap();
        let t = parse_file("t.md", template.as_bytes(), &Default::default()).unwrap();
        let settings = Settings::default();
        let exists = |_: &str| true;
        let aliases = Aliases::default();
        let corpus = [pm];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut ctx = Context::new(&corpus, &settings, today, &exists, &aliases);
        ctx.placeholders = super::placeholders(&t);
        check_postmortem(&corpus[0], md, &ctx)
    }
}
