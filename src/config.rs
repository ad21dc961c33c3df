//! `hindsight.toml`: where postmortems live and how the site is built.
//! Every key is optional; command-line flags override it.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name looked up at the repository root.
pub const FILE_NAME: &str = "hindsight.toml";

/// Items per list page when `list_page_size` is not set: a page of 100
/// cards weighs about 70 KB.
pub const DEFAULT_LIST_PAGE_SIZE: std::num::NonZeroUsize = match std::num::NonZeroUsize::new(100) {
    Some(n) => n,
    None => std::num::NonZeroUsize::MIN,
};

/// Errors reading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file cannot be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The configuration file's path.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The configuration file is not valid TOML or holds a value that cannot be used.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The configuration file's path.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong, and how to fix it.
        message: String,
    },
}

/// The parsed configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title shown in the header.
    pub title: String,
    /// Folder of postmortems, relative to the repository root.
    pub content: String,
    /// Glob patterns (relative to the content folder) of files that are not postmortems.
    pub exclude: Vec<String>,
    /// Extra front-matter key aliases: `started = ["start_time"]`.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Extra section headings: `action_items = ["What we're changing"]`.
    pub sections: BTreeMap<String, Vec<String>>,
    /// Absolute URL the site is published at (feeds, canonical links).
    pub base_url: Option<String>,
    /// Web URL of the repository, for edit links.
    pub repo_url: Option<String>,
    /// Edit link pattern; `{path}` is replaced by the file's repository path.
    /// Default: `{repo_url}/edit/{branch}/{path}`.
    pub edit_url: Option<String>,
    /// Branch used in edit links (default: the checked-out branch, else `main`).
    pub branch: Option<String>,
    /// Output folder, relative to the repository root.
    pub out: String,
    /// Theme folder that overrides templates and assets, relative to the repository root.
    pub theme: String,
    /// Files larger than this are skipped with a message.
    pub max_file_bytes: u64,
    /// Files with no extension whose first line is a Markdown `# ` heading
    /// are read as postmortems (some repositories name files without `.md`).
    pub extensionless_markdown: bool,
    /// Curated postmortems of the month: `"2026-05" = "postmortem id or path"`.
    /// Beats `featured:` in front matter for the same month.
    pub featured: BTreeMap<String, Featured>,
    /// `[check]`: lint rule levels and the sections every postmortem needs.
    pub check: CheckConfig,
    /// Language of the site's pages (a BCP 47 tag such as `en` or `ko`);
    /// a postmortem's own `lang`, or the script of its text, wins on its page.
    pub language: String,
    /// Ticket link pattern; `{id}` is replaced by a ticket key such as
    /// `PAY-2207` written under a ticket key (`jira`, `ticket`…).
    pub ticket_url: Option<String>,
    /// Postmortems per list page (a severity, service, tag, year, root cause,
    /// the Wheel of Misfortune): longer lists go on to `…/page/2.html`.
    pub list_page_size: std::num::NonZeroUsize,
    /// `[lexicon]`: the team's own concepts, or more forms for built-in
    /// ones, by concept id (docs/src/lexicon.md). Read by
    /// `crate::analyze::lexicon`, which knows the concept format.
    pub lexicon: BTreeMap<String, AtLine<toml::Value>>,
    /// A described history (a text file, relative to the repository root)
    /// read instead of the repository's commits: for a demo or training
    /// knowledge base kept inside another project's repository
    /// (`crate::source::described_history`).
    pub history: Option<String>,
}

/// How serious a lint rule's findings are, as set in `[check.rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Fails `hindsight check` (exit code 1).
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
    /// Not checked at all.
    Off,
}

/// The `[check]` table. Names are validated by the lint engine
/// (`crate::check`), which knows the rules and section kinds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Sections every postmortem must have, by canonical name
    /// (`summary`, `impact`, …); `"root_causes|contributing_factors"` accepts
    /// either. `None`: the built-in list.
    pub required_sections: Option<Vec<AtLine<String>>>,
    /// Accepted severity values (compared after `sev-1` → `SEV1`
    /// normalization, ignoring case). `None`: `SEV0` … `SEV5`.
    pub severities: Option<Vec<AtLine<String>>>,
    /// Rule id → level (`error`, `warning` or `off`).
    pub rules: BTreeMap<String, AtLine<RuleLevel>>,
}

/// A configuration value and the line it is written on, so a value the
/// lint engine rejects is reported where it is (`hindsight.toml:14`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "toml::Spanned<T>", bound(deserialize = "T: Deserialize<'de>"))]
pub struct AtLine<T> {
    /// The value as written.
    pub value: T,
    /// 1-based line in hindsight.toml (filled in by [`Config::parse`]).
    pub line: usize,
    #[serde(skip)]
    offset: usize,
}

impl<T> From<toml::Spanned<T>> for AtLine<T> {
    fn from(s: toml::Spanned<T>) -> Self {
        AtLine {
            offset: s.span().start,
            value: s.into_inner(),
            line: 0,
        }
    }
}

/// One entry of `[featured]`: the postmortem named for a month, and where.
/// Written as `"2024-07" = "pm-2024-011"`, or as a table with a curator's
/// note: `"2024-07" = { id = "pm-2024-011", note = "Read the detection part." }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "toml::Spanned<FeaturedValue>")]
pub struct Featured {
    /// Postmortem id or repository path, as written.
    pub target: String,
    /// The curator's note shown with the pick.
    pub note: Option<String>,
    /// 1-based line in hindsight.toml (filled in by [`Config::parse`]), so a
    /// name that matches no postmortem is reported where it is written.
    pub line: usize,
    /// Byte offset of the value, turned into `line` once the text is known.
    #[serde(skip)]
    offset: usize,
}

/// The two ways a `[featured]` value is written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum FeaturedValue {
    Target(String),
    WithNote(FeaturedTable),
}

/// `{ id = "…", note = "…" }`; another key is a mistake worth naming.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeaturedTable {
    id: String,
    note: Option<String>,
}

impl From<toml::Spanned<FeaturedValue>> for Featured {
    fn from(s: toml::Spanned<FeaturedValue>) -> Self {
        let offset = s.span().start;
        let (target, note) = match s.into_inner() {
            FeaturedValue::Target(target) => (target, None),
            FeaturedValue::WithNote(t) => (t.id, t.note.filter(|n| !n.trim().is_empty())),
        };
        Featured {
            offset,
            target,
            note,
            line: 0,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Postmortems".into(),
            content: "postmortems".into(),
            exclude: Vec::new(),
            aliases: BTreeMap::new(),
            sections: BTreeMap::new(),
            base_url: None,
            repo_url: None,
            edit_url: None,
            branch: None,
            out: "public".into(),
            theme: "theme".into(),
            max_file_bytes: 16 * 1024 * 1024,
            extensionless_markdown: true,
            featured: BTreeMap::new(),
            check: CheckConfig::default(),
            language: "en".into(),
            ticket_url: None,
            list_page_size: DEFAULT_LIST_PAGE_SIZE,
            lexicon: BTreeMap::new(),
            history: None,
        }
    }
}

impl Config {
    /// Reads `hindsight.toml` from `repo` if present, else the defaults.
    pub fn load(repo: &Path) -> Result<Config, ConfigError> {
        let path = repo.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Parses configuration text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let line_of = |offset: usize| 1 + text[..offset.min(text.len())].matches('\n').count();
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| line_of(s.start)),
            message: e.message().to_string(),
        })?;
        for f in config.featured.values_mut() {
            f.line = line_of(f.offset);
        }
        let check = &mut config.check;
        for v in check.required_sections.iter_mut().flatten() {
            v.line = line_of(v.offset);
        }
        for v in check.severities.iter_mut().flatten() {
            v.line = line_of(v.offset);
        }
        for v in check.rules.values_mut() {
            v.line = line_of(v.offset);
        }
        for v in config.lexicon.values_mut() {
            v.line = line_of(v.offset);
        }
        config.check_urls(text, path)?;
        Ok(config)
    }

    /// Every URL setting must be http(s): a `javascript:` edit link would
    /// run in the reader's browser on every postmortem page.
    fn check_urls(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let urls = [
            ("base_url", &self.base_url),
            ("repo_url", &self.repo_url),
            ("edit_url", &self.edit_url),
            ("ticket_url", &self.ticket_url),
        ];
        for (key, value) in urls {
            let Some(url) = value else { continue };
            if is_web_url(url) {
                continue;
            }
            let line = text
                .lines()
                .position(|l| {
                    l.trim_start()
                        .strip_prefix(key)
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                })
                .map_or(1, |i| i + 1);
            return Err(ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                message: format!("`{key}` must be an http:// or https:// address, not {url:?}"),
            });
        }
        Ok(())
    }

    /// The edit link for a repository path, when `repo_url` or `edit_url` is set.
    pub fn edit_link(&self, path: &str, head_branch: Option<&str>) -> Option<String> {
        let pattern = match (&self.edit_url, &self.repo_url) {
            (Some(p), _) => p.clone(),
            (None, Some(repo)) => {
                let branch = self.branch.as_deref().or(head_branch).unwrap_or("main");
                format!("{}/edit/{}/{{path}}", repo.trim_end_matches('/'), branch)
            }
            (None, None) => return None,
        };
        Some(pattern.replace("{path}", path))
    }
}

impl Config {
    /// The web-view link of a repository path, when `repo_url` is set:
    /// `{repo_url}/blob/{branch}/{path}`, the branch as for edit links
    /// (`at` when neither `branch` nor a checked-out branch is known).
    pub fn blob_link(&self, path: &str, head_branch: Option<&str>, at: &str) -> Option<String> {
        let repo = self.repo_url.as_deref()?;
        let branch = self.branch.as_deref().or(head_branch).unwrap_or(at);
        Some(format!(
            "{}/blob/{branch}/{path}",
            repo.trim_end_matches('/')
        ))
    }
}

/// An absolute http(s) URL with a host and nothing a browser could read
/// as another scheme or another attribute.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !url
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::parse(
            "content = \".\"\nexclude = [\"README.md\"]\n[aliases]\nstarted = [\"start_time\"]\n",
            Path::new("h.toml"),
        )
        .unwrap();
        assert_eq!(c.content, ".");
        assert_eq!(c.exclude, vec!["README.md"]);
        assert_eq!(c.out, "public");
        assert_eq!(c.aliases["started"], vec!["start_time"]);
    }

    #[test]
    fn featured_entries_know_their_line() {
        let c = Config::parse(
            "title = \"x\"\n\n[featured]\n\"2024-07\" = \"pm-2024-011\"\n2025-01 = \"postmortems/a.md\"\n",
            Path::new("hindsight.toml"),
        )
        .unwrap();
        assert_eq!(c.featured["2024-07"].target, "pm-2024-011");
        assert_eq!(c.featured["2024-07"].line, 4);
        assert_eq!(c.featured["2025-01"].target, "postmortems/a.md");
        assert_eq!(c.featured["2025-01"].line, 5);
        assert_eq!(c.featured["2025-01"].note, None);
    }

    #[test]
    fn featured_entries_may_carry_a_note() {
        let c = Config::parse(
            "[featured]\n\"2024-07\" = { id = \"pm-7\", note = \"Read the detection.\" }\n",
            Path::new("hindsight.toml"),
        )
        .unwrap();
        assert_eq!(c.featured["2024-07"].target, "pm-7");
        assert_eq!(
            c.featured["2024-07"].note.as_deref(),
            Some("Read the detection.")
        );
        assert_eq!(c.featured["2024-07"].line, 2);
        let e = Config::parse(
            "[featured]\n\"2024-07\" = { id = \"pm-7\", note = \"x\", by = \"me\" }\n",
            Path::new("hindsight.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("hindsight.toml:2"), "{e}");
    }

    #[test]
    fn check_table_knows_lines() {
        let c = Config::parse(
            "[check]\nrequired_sections = [\"summary\",\n  \"root_causes|contributing_factors\"]\n\n[check.rules]\nblameless-language = \"off\"\naction-item-due = \"warning\"\n",
            Path::new("hindsight.toml"),
        )
        .unwrap();
        let req = c.check.required_sections.unwrap();
        assert_eq!(req[1].value, "root_causes|contributing_factors");
        assert_eq!(req[1].line, 3);
        assert_eq!(c.check.rules["blameless-language"].value, RuleLevel::Off);
        assert_eq!(c.check.rules["action-item-due"].line, 7);
        assert_eq!(c.check.severities, None);
        let e = Config::parse(
            "[check.rules]\nx = \"fatal\"\n",
            Path::new("hindsight.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("hindsight.toml:2:"), "{e}");
        assert!(Config::parse("[check]\nbogus = 1\n", Path::new("h.toml")).is_err());
    }

    #[test]
    fn errors_name_file_and_line() {
        let e =
            Config::parse("title = \"x\"\nbogus = 1\n", Path::new("hindsight.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("hindsight.toml:2:"), "{msg}");
    }

    #[test]
    fn url_settings_must_be_web_addresses() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "https:///x",
            "https://a.example/\"onmouseover=\"x",
            "vbscript:x",
        ] {
            for key in ["base_url", "repo_url", "edit_url"] {
                let text = format!("title = \"x\"\n{key} = {bad:?}\n");
                let e = Config::parse(&text, Path::new("hindsight.toml")).unwrap_err();
                let msg = e.to_string();
                assert!(
                    msg.starts_with("hindsight.toml:2:") && msg.contains(key),
                    "{msg}"
                );
            }
        }
        let ok = Config::parse(
            "repo_url = \"https://git.example.com/a/b\"\nedit_url = \"http://x.example/{path}\"\n",
            Path::new("h.toml"),
        );
        assert!(ok.is_ok());
    }

    #[test]
    fn edit_links() {
        let c = Config {
            repo_url: Some("https://git.example.com/acme/pm/".into()),
            ..Default::default()
        };
        assert_eq!(
            c.edit_link("postmortems/a.md", Some("trunk")).unwrap(),
            "https://git.example.com/acme/pm/edit/trunk/postmortems/a.md"
        );
        assert_eq!(Config::default().edit_link("a.md", None), None);
        assert_eq!(
            c.blob_link("docs/setup.md", None, "main").unwrap(),
            "https://git.example.com/acme/pm/blob/main/docs/setup.md"
        );
        assert_eq!(Config::default().blob_link("a.md", None, "main"), None);
    }
}
