//! `hindsight explain FILE`: one postmortem as Hindsight read it, field by
//! field, with where each value came from and what was not understood, so a
//! team adopting the tool sees at once which alias or heading to add.

use crate::config::Config;
use crate::controls::printable;
use crate::model::{Canonical, DateFrom, Origin, Postmortem, TimelineEntry};
use crate::parse::{front_matter::Aliases, parse_file, ParseOptions};
use anyhow::{Context, Result};
use std::fmt::Write;
use std::path::PathBuf;

/// Arguments of `hindsight explain`.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Postmortem files to explain (paths on disk)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Repository whose hindsight.toml (aliases, severities) applies
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
}

/// Reads each file with the repository's settings and describes it.
pub fn run(args: &ExplainArgs) -> Result<String> {
    let config = Config::load(&args.repo)
        .with_context(|| format!("reading {}/hindsight.toml", args.repo.display()))?;
    let opts = ParseOptions {
        aliases: Aliases::new(&config.aliases).0,
        headings: crate::parse::headings::Headings::new(&config.sections).0,
        severities: super::corpus::severity_scale(&config),
    };
    let mut out = String::new();
    for file in &args.files {
        let bytes = std::fs::read(file)
            .with_context(|| format!("{}: cannot read the file; check the path", file.display()))?;
        let path = file.to_string_lossy().replace('\\', "/");
        match parse_file(&path, &bytes, &opts) {
            Ok(pm) => out.push_str(&describe(&pm)),
            Err(skip) => {
                let line = skip.line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(out, "{path}{line}: not read: {}\n", skip.reason);
            }
        }
    }
    Ok(out)
}

/// `from the title heading (line 1)`.
fn source(origin: Option<&Origin>) -> String {
    match origin {
        Some(o) => match o.line {
            Some(l) => format!("from {} (line {l})", o.from.describe()),
            None => format!("from {}", o.from.describe()),
        },
        None => "not found".into(),
    }
}

/// Shortens `s` to `n` characters for one line of output.
fn clip(s: &str, n: usize) -> String {
    let s = printable(&s.replace('\n', " ")).to_string();
    if s.chars().count() <= n {
        return s;
    }
    format!("{}…", s.chars().take(n).collect::<String>())
}

/// The whole description of one postmortem.
pub fn describe(pm: &Postmortem) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} as Hindsight read it\n", printable(&pm.path));
    let field = |o: &mut String, name: &str, value: Option<String>, origin: Option<&Origin>| {
        let v = value.unwrap_or_else(|| "—".into());
        let _ = writeln!(o, "  {name:<10} {v}\n  {:<10} {}", "", source(origin));
    };
    field(
        &mut o,
        "title",
        Some(clip(&pm.title, 70)),
        pm.origins.title.as_ref(),
    );
    field(&mut o, "date", pm.date.clone(), pm.origins.date.as_ref());
    let severity = pm.severity.as_ref().map(|s| match &pm.meta.severity {
        Some(raw) if raw != s => format!("{s} (written \"{}\")", clip(raw, 50)),
        _ => s.clone(),
    });
    field(&mut o, "severity", severity, pm.origins.severity.as_ref());
    let summary = pm.summary.as_deref().map(|s| clip(s, 70));
    field(&mut o, "summary", summary, pm.origins.summary.as_ref());
    sections(&mut o, pm);
    timeline(&mut o, &pm.timeline);
    actions(&mut o, pm);
    durations(&mut o, pm);
    if !pm.diagnostics.is_empty() {
        let _ = writeln!(o, "\nwarnings");
        for d in &pm.diagnostics {
            let _ = writeln!(o, "  {d}");
        }
    }
    o.push('\n');
    o
}

fn sections(o: &mut String, pm: &Postmortem) {
    let _ = writeln!(o, "\nsections");
    for s in pm
        .sections
        .iter()
        .filter(|s| s.level >= 2 || s.canonical.is_some())
    {
        let kind = s.canonical.map_or("—", Canonical::as_str);
        let _ = writeln!(
            o,
            "  line {:<5} {kind:<22} {}",
            s.line,
            clip(&s.heading, 50)
        );
    }
    let missing: Vec<&str> = [
        Canonical::Summary,
        Canonical::Timeline,
        Canonical::RootCauses,
        Canonical::ActionItems,
    ]
    .iter()
    .filter(|k| pm.section(**k).is_none())
    .map(|k| k.as_str())
    .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            o,
            "  not found: {}. If the file has them under other headings, see \"Sections\" in the formats guide",
            missing.join(", ")
        );
    }
}

fn timeline(o: &mut String, entries: &[TimelineEntry]) {
    let timed = entries
        .iter()
        .filter(|e| e.time.as_deref().is_some_and(|t| t.contains('T')))
        .count();
    let _ = writeln!(
        o,
        "\ntimeline: {} entries, {timed} with a date and a time",
        entries.len()
    );
    for e in entries {
        let when = e
            .time
            .clone()
            .or_else(|| e.raw_time.as_ref().map(|r| format!("? \"{r}\"")))
            .unwrap_or_else(|| "—".into());
        let from = match e.date_from {
            Some(DateFrom::Entry) => "date on the entry",
            Some(DateFrom::Context) => "date from a line above",
            Some(DateFrom::Rollover) => "next day, as stated",
            Some(DateFrom::Midnight) => "next day: the clock went back past midnight",
            Some(DateFrom::Incident) => "incident date",
            Some(DateFrom::FileName) => "date from file name",
            None => "no date",
        };
        let zone = e.zone.as_deref().unwrap_or("no zone");
        let _ = writeln!(
            o,
            "  line {:<5} {when:<24} {from}, {zone}: {}",
            e.line,
            clip(&e.text, 50)
        );
    }
}

fn actions(o: &mut String, pm: &Postmortem) {
    let _ = writeln!(o, "\naction items: {}", pm.action_items.len());
    for a in &pm.action_items {
        let mark = if a.done { "[x]" } else { "[ ]" };
        let mut extra = Vec::new();
        if let Some(w) = &a.owner {
            extra.push(format!("owner {}", clip(w, 20)));
        }
        if let Some(d) = &a.due {
            extra.push(format!("due {d}"));
        }
        if let Some(b) = &a.bug {
            extra.push(clip(b, 40));
        }
        let _ = writeln!(
            o,
            "  line {:<5} {mark} {} {}",
            a.line,
            clip(&a.text, 50),
            if extra.is_empty() {
                String::new()
            } else {
                format!("({})", extra.join(", "))
            }
        );
    }
}

fn durations(o: &mut String, pm: &Postmortem) {
    let d = &pm.durations;
    let show = |m: Option<i64>| m.map_or("—".to_string(), |m| format!("{m} min"));
    let _ = writeln!(
        o,
        "\ndurations: detect {}, mitigate {}, resolve {}, total {}",
        show(d.minutes_to_detect),
        show(d.minutes_to_mitigate),
        show(d.minutes_to_resolve),
        show(d.minutes_total)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_where_values_came_from_and_what_is_missing() {
        let md = "# Queue stalled\n\n**Severity**: High (most jobs failed)\n\nThe importer stalled for two hours after a schema change.\n\n## Timeline\n\n**March 3, 2025**\n\n- 09:10 deploy\n- 09:40 alert\n";
        let pm = parse_file(
            "pm/2025-03-03-queue.md",
            md.as_bytes(),
            &ParseOptions::default(),
        )
        .unwrap();
        let text = describe(&pm);
        assert!(text.contains("from the title heading (line 1)"), "{text}");
        assert!(text.contains("from a key line (line 3)"), "{text}");
        assert!(
            text.contains("from the paragraph under the title (line 5)"),
            "{text}"
        );
        assert!(text.contains("2025-03-03T09:10"), "{text}");
        assert!(text.contains("date from a line above"), "{text}");
        assert!(
            text.contains("not found: summary, root_causes, action_items"),
            "{text}"
        );
    }
}
