//! YAML (`---`) or TOML (`+++`) front matter, with configurable key aliases,
//! plus the "Key: value" metadata lines that templates without front matter
//! put under the title (`Date: 2015-10-21`, `**Severity:** SEV2`).

pub use super::key_aliases::DEFAULT_ALIASES;
use crate::model::written::{display, FrontValue};
use crate::model::{Meta, Written};
use std::collections::BTreeMap;

/// Every key Hindsight reads: those with built-in aliases, then the
/// written keys ([`Written::KEYS`]) that have none.
pub fn canonical_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = DEFAULT_ALIASES.iter().map(|(k, _)| *k).collect();
    for k in Written::KEYS {
        if !keys.contains(k) {
            keys.push(k);
        }
    }
    keys
}

/// Key aliases: alias (normalized) → canonical key.
#[derive(Debug, Clone)]
pub struct Aliases(BTreeMap<String, &'static str>);

impl Aliases {
    /// Built-ins plus user aliases (`canonical → [alias, …]`). Unknown
    /// canonical names are returned so the caller can report them.
    pub fn new(user: &BTreeMap<String, Vec<String>>) -> (Self, Vec<String>) {
        let mut map = BTreeMap::new();
        for (key, aliases) in DEFAULT_ALIASES {
            map.insert(key.to_string(), *key);
            for a in *aliases {
                map.insert(a.to_string(), *key);
            }
        }
        // A written key is its own name even where no alias is listed.
        for key in Written::KEYS {
            map.entry(key.to_string()).or_insert(*key);
        }
        let mut unknown = Vec::new();
        for (key, aliases) in user {
            match canonical_keys().into_iter().find(|k| *k == key) {
                Some(k) => {
                    for a in aliases {
                        map.insert(norm_key(a), k);
                    }
                }
                None => unknown.push(key.clone()),
            }
        }
        (Aliases(map), unknown)
    }

    /// The canonical key a front-matter key (or alias) stands for.
    pub fn canonical(&self, key: &str) -> Option<&'static str> {
        self.0.get(&norm_key(key)).copied()
    }
}

impl Default for Aliases {
    fn default() -> Self {
        Aliases::new(&BTreeMap::new()).0
    }
}

fn norm_key(key: &str) -> String {
    key.trim().to_lowercase().replace(['-', ' '], "_")
}

/// The front matter block found at the top of a file.
pub struct Split<'a> {
    /// The YAML/TOML text, without the fences.
    pub text: &'a str,
    /// The block is TOML (`+++` fences); else YAML (`---`).
    pub toml: bool,
    /// 1-based line of the first line of `text`.
    pub first_line: usize,
    /// Byte offset where the body starts.
    pub body_start: usize,
}

/// Finds a front-matter block. `Err(line)` when an opening fence is never
/// closed (the whole file would otherwise vanish into metadata).
pub fn split(src: &str) -> Result<Option<Split<'_>>, usize> {
    // Blank lines before the opening fence are still front matter.
    let mut lead = 0;
    let mut lead_lines = 0;
    while let Some(end) = src[lead..].find('\n') {
        if !src[lead..lead + end].trim().is_empty() {
            break;
        }
        lead += end + 1;
        lead_lines += 1;
    }
    let fence = if src[lead..].starts_with("---") {
        "---"
    } else if src[lead..].starts_with("+++") {
        "+++"
    } else {
        return Ok(None);
    };
    let first_end = src[lead..].find('\n').map_or(src.len(), |i| lead + i + 1);
    if src[lead..first_end].trim_end() != fence {
        return Ok(None);
    }
    let mut pos = first_end;
    while pos < src.len() {
        let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1);
        let l = src[pos..end].trim_end();
        if l == fence || (fence == "---" && l == "...") {
            return Ok(Some(Split {
                text: &src[first_end..pos],
                toml: fence == "+++",
                first_line: 2 + lead_lines,
                body_start: end,
            }));
        }
        pos = end;
    }
    // After blank lines an unclosed `---` is a thematic break, not a fence.
    if lead_lines > 0 {
        Ok(None)
    } else {
        Err(1)
    }
}

/// Whether a `---` block that is not valid YAML is Markdown between two
/// horizontal rules: it opens with a blank line or with a heading (`# `
/// followed by a word that is not YAML's `key:`).
pub fn is_markdown(split: &Split<'_>) -> bool {
    if split.toml {
        return false;
    }
    let mut lines = split.text.lines();
    let Some(first) = lines.next() else {
        return false;
    };
    let heading = |l: &str| l.starts_with("# ") && l.len() > 2 && !l.trim_end().ends_with(':');
    first.trim().is_empty() || heading(first)
}

/// A front-matter problem with its line in the file.
pub struct FmError {
    /// 1-based line of the problem in the file.
    pub line: usize,
    /// What is wrong, and how to fix it.
    pub message: String,
}

/// Parses front matter text into [`Meta`].
pub fn parse(split: &Split<'_>, aliases: &Aliases) -> Result<Meta, FmError> {
    let value: serde_json::Value = if split.toml {
        toml::from_str::<toml::Table>(split.text)
            .map_err(|e| FmError {
                line: split.first_line + toml_line(split.text, e.span()),
                message: format!("front matter is not valid TOML: {}", e.message()),
            })
            .map(|t| toml_to_json(toml::Value::Table(t)))?
    } else {
        let v = super::yaml_budget::from_str(split.text).map_err(|e| FmError {
            line: split.first_line
                + e.location()
                    .map_or(0, |l| yaml_line_offset(split.text, l.line())),
            message: yaml_message(&e),
        })?;
        yaml_to_json(v)
    };
    let map = match value {
        serde_json::Value::Object(m) => m,
        serde_json::Value::Null => Default::default(),
        _ => {
            return Err(FmError {
                line: split.first_line,
                message: "front matter must be a mapping of `key: value` lines".into(),
            })
        }
    };
    let mut meta = Meta::default();
    for (key, value) in map {
        match aliases.canonical(&key) {
            Some(k) => assign(&mut meta, k, &value),
            None => {
                meta.written.extra.insert(key, display(&value));
            }
        }
    }
    Ok(meta)
}

fn toml_line(text: &str, span: Option<std::ops::Range<usize>>) -> usize {
    span.map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count())
}

/// What went wrong with the YAML, and what to do. serde_yaml_ng stops
/// alias bombs (billion laughs) and deep nesting itself; say what that is.
fn yaml_message(e: &serde_yaml_ng::Error) -> String {
    let text = e.to_string();
    let what = text.split(" at line").next().unwrap_or_default();
    if let Some(at) = what.find(super::yaml_budget::OVER_BUDGET) {
        format!("{}; write the values out plainly", &what[at..])
    } else if what.contains("repetition limit") || what.contains("recursion limit") {
        format!("front matter is not valid YAML ({what}: aliases (`*name`) or nesting expand it beyond what hindsight reads); write the values out plainly")
    } else {
        format!("front matter is not valid YAML ({what}); fix the YAML or remove the block")
    }
}

/// Lines (`\n`) before the start of YAML's 1-based line `yaml_line`. YAML
/// also breaks lines at a lone `\r`, NEL, LS and PS, which the file's line
/// numbers (and editors) do not count, so its line is not the file's.
fn yaml_line_offset(text: &str, yaml_line: usize) -> usize {
    let mut yaml = 1;
    let mut newlines = 0;
    let mut chars = text.chars().peekable();
    while yaml < yaml_line {
        let Some(c) = chars.next() else { break };
        match c {
            '\n' => newlines += 1,
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                newlines += 1;
            }
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {}
            _ => continue,
        }
        yaml += 1;
    }
    newlines
}

/// A string value without control characters: escapes such as `"\x1b"`
/// or `"\u0007"` write them past the check on the file's raw text, and
/// they break feeds and drive terminals.
fn text_value(s: String) -> serde_json::Value {
    crate::controls::strip(s, &['\n', '\t']).into()
}

/// TOML values as JSON values; dates and times become the text written
/// (serde would turn them into a private `$__toml_private_datetime` map).
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use toml::Value as T;
    match v {
        T::String(s) => text_value(s),
        T::Integer(i) => i.into(),
        T::Float(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into),
        T::Boolean(b) => b.into(),
        T::Datetime(d) => d.to_string().into(),
        T::Array(a) => a.into_iter().map(toml_to_json).collect(),
        T::Table(t) => t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect(),
    }
}

/// YAML values as JSON values (tags dropped, non-string keys stringified).
fn yaml_to_json(v: serde_yaml_ng::Value) -> serde_json::Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => b.into(),
        Y::Number(n) => serde_json::Value::String(n.to_string()),
        Y::String(s) => text_value(s),
        Y::Sequence(s) => s.into_iter().map(yaml_to_json).collect(),
        Y::Mapping(m) => m
            .into_iter()
            .map(|(k, v)| {
                let key = match yaml_to_json(k) {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (key, yaml_to_json(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn assign(meta: &mut Meta, key: &str, v: &serde_json::Value) {
    let one = <Option<String> as FrontValue>::from_front;
    match key {
        "title" => meta.title = one(v),
        "date" => meta.date = one(v),
        "severity" => meta.severity = one(v),
        "featured_note" => meta.featured_note = one(v),
        "id" => meta.id = one(v),
        "summary" => meta.summary = one(v),
        _ => {
            meta.written.set(key, v);
        }
    }
}

/// `Key: value`, `Key：value` (full width) or a two-cell table row
/// `| Key | value |` (the leading `|` already gone).
pub fn key_value(line: &str) -> Option<(&str, &str)> {
    // A table row's value may hold a colon (`| 발생일 | 2026-03-05 14:10 |`).
    let colon = line.find([':', '：']);
    if let Some(at) = colon.filter(|&at| line.find('|').is_none_or(|bar| at < bar)) {
        let sep = line[at..].chars().next().map_or(1, char::len_utf8);
        return Some((&line[..at], &line[at + sep..]));
    }
    let cells: Vec<&str> = line
        .trim_end_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    match cells.as_slice() {
        [key, value] if !key.is_empty() && !key.starts_with('-') => Some((key, value)),
        _ => None,
    }
}

/// Fills keys the front matter left unset from "Key: value" lines (plain or
/// bold) and two-cell table rows in the preamble before the first section
/// heading. Returns the keys it set with the index of their line in `lines`.
pub fn fill_from_lines(
    meta: &mut Meta,
    lines: &[&str],
    aliases: &Aliases,
) -> Vec<(&'static str, usize)> {
    let mut set = Vec::new();
    // "Severity: SEV3 · Services: sms · Owner: x" holds several pairs.
    let parts = lines.iter().enumerate().flat_map(|(i, l)| {
        l.split(['·', '•'])
            .flat_map(|p| p.split(" — "))
            .map(move |p| (i, p))
    });
    for (index, line) in parts {
        let plain = line.replace("**", "").replace("__", "");
        let plain = plain.trim().trim_matches(['*', '_']);
        let plain = plain.trim().trim_start_matches(['-', '*', '|']).trim();
        let Some((key, value)) = key_value(plain) else {
            continue;
        };
        let value = value.trim().trim_end_matches('|').trim();
        if key.len() > 40 || value.is_empty() {
            continue;
        }
        let Some(k) = aliases.canonical(key) else {
            continue;
        };
        let v = serde_json::Value::String(value.to_string());
        let unset = match k {
            "title" | "id" | "summary" | "featured" | "featured_note" => false,
            "date" => meta.date.is_none(),
            "severity" => meta.severity.is_none(),
            _ => meta.written.is_unset(k),
        };
        if unset {
            assign(meta, k, &v);
            set.push((k, index));
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_row_keeps_the_colon_of_its_value() {
        assert_eq!(
            key_value("발생일 | 2026-03-05 14:10 |"),
            Some(("발생일", "2026-03-05 14:10"))
        );
        assert_eq!(key_value("Start: 14:10 | x"), Some(("Start", " 14:10 | x")));
        assert_eq!(
            key_value("発生日時：2026-04-15"),
            Some(("発生日時", "2026-04-15"))
        );
    }

    fn meta(src: &str) -> Meta {
        let s = split(src).unwrap().unwrap();
        parse(&s, &Aliases::default()).ok().unwrap()
    }

    #[test]
    fn yaml_keys_aliases_and_extras() {
        let m = meta("---\ntitle: Cert expiry\nsev: SEV1\nservice: payments\ntags: [tls, certs]\nstart_time: 2024-03-12T14:03:00Z\njira: OPS-1\n---\nbody");
        assert_eq!(m.title.as_deref(), Some("Cert expiry"));
        assert_eq!(m.severity.as_deref(), Some("SEV1"));
        assert_eq!(m.written.services, vec!["payments"]);
        assert_eq!(m.written.tags, vec!["tls", "certs"]);
        assert_eq!(m.written.started.as_deref(), Some("2024-03-12T14:03:00Z"));
        assert_eq!(
            m.written.extra.get("jira").map(String::as_str),
            Some("OPS-1")
        );
    }

    #[test]
    fn every_written_key_is_read_under_its_own_name() {
        let aliases = Aliases::default();
        for key in Written::KEYS {
            assert_eq!(aliases.canonical(key), Some(*key));
            assert!(canonical_keys().contains(key));
        }
    }

    #[test]
    fn toml_front_matter() {
        let m = meta("+++\ntitle = \"x\"\nseverity = 2\n+++\n");
        assert_eq!(m.severity.as_deref(), Some("2"));
    }

    #[test]
    fn yaml_error_has_file_line() {
        let src = "---\ntitle: ok\ntags: [a, b\nx: y\n---\n";
        let s = split(src).unwrap().unwrap();
        let e = parse(&s, &Aliases::default()).err().unwrap();
        assert!(e.line >= 3, "line {}", e.line);
    }

    #[test]
    fn yaml_error_line_counts_only_newlines() {
        // Found by fuzzing: YAML counts each lone `\r` as a line, the file does not.
        let src = "---\ntitle: x\ndetected: 10:14\r\r\r\r\r\r\nbad: [\n---\n";
        let s = split(src).unwrap().unwrap();
        let e = parse(&s, &Aliases::default()).err().unwrap();
        assert!(
            (4..=6).contains(&e.line),
            "line {} is past the file's end",
            e.line
        );
    }

    #[test]
    fn toml_dates_are_dates() {
        let m = meta("+++\ndate = 2024-02-10\nstarted = 2024-02-10T10:00:00Z\n+++\n");
        assert_eq!(m.date.as_deref(), Some("2024-02-10"));
        assert_eq!(m.written.started.as_deref(), Some("2024-02-10T10:00:00Z"));
    }

    #[test]
    fn a_block_of_markdown_between_rules_is_not_front_matter() {
        let rules = "---\n\n# Boot failure\n\n**Severity:** P2\n\n---\n";
        let s = split(rules).unwrap().unwrap();
        assert!(parse(&s, &Aliases::default()).is_err());
        assert!(is_markdown(&s));
        let heading = "---\n# Boot failure\nDate: 2026-06-10\n**Severity:** P2\n---\n";
        assert!(is_markdown(&split(heading).unwrap().unwrap()));
        // A YAML block with a mistake stays front matter with its error.
        let yaml = "---\ntitle: [unclosed\n---\n";
        assert!(!is_markdown(&split(yaml).unwrap().unwrap()));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: x\n# body\n").is_err());
        assert!(split("--- not a fence\n").unwrap().is_none());
    }

    #[test]
    fn user_aliases() {
        let mut user = BTreeMap::new();
        user.insert("resolved".to_string(), vec!["all-clear".to_string()]);
        let (a, unknown) = Aliases::new(&user);
        assert!(unknown.is_empty());
        let s = split("---\nall-clear: 2024-01-01 10:00\n---\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            parse(&s, &a).ok().unwrap().written.resolved.as_deref(),
            Some("2024-01-01 10:00")
        );
    }

    #[test]
    fn metadata_tables_and_full_width_colons() {
        let mut meta = Meta::default();
        let lines = [
            "| 項目 | 内容 |",
            "|---|---|",
            "| 重大度 | SEV-2（決済の一部）|",
            "発生日時：2026-04-15 23:28 (JST)",
            "| 발생 일시 | 2026-04-16 |",
        ];
        fill_from_lines(&mut meta, &lines, &Aliases::default());
        assert_eq!(meta.severity.as_deref(), Some("SEV-2（決済の一部）"));
        assert_eq!(
            meta.written.started.as_deref(),
            Some("2026-04-15 23:28 (JST)")
        );
    }

    #[test]
    fn metadata_lines_fill_gaps_only() {
        let mut m = Meta {
            severity: Some("SEV1".into()),
            ..Default::default()
        };
        fill_from_lines(
            &mut m,
            &["**Date:** 2015-10-21", "Severity: SEV3", "Authors: a, b"],
            &Aliases::default(),
        );
        assert_eq!(m.date.as_deref(), Some("2015-10-21"));
        assert_eq!(m.severity.as_deref(), Some("SEV1"));
        assert_eq!(m.written.authors, vec!["a", "b"]);
    }
}
