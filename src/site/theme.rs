//! The theme: minijinja templates and static assets. The built-in theme
//! (`site-theme/` in this repository) is compiled into the binary so the tool
//! works from any folder; a user's `theme/` folder overrides any file by name
//! (`theme/templates/postmortem.html`, `theme/static/style.css`) and may add
//! new static files.

use crate::source::theme_files::ThemeFiles;
use minijinja::{AutoEscape, Environment};
use std::collections::BTreeMap;

/// Built-in templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../site-theme/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../site-theme/templates/macros.html"),
    ),
    (
        "trends-parts.html",
        include_str!("../../site-theme/templates/trends-parts.html"),
    ),
    (
        "trends-list.html",
        include_str!("../../site-theme/templates/trends-list.html"),
    ),
    (
        "trends-service.html",
        include_str!("../../site-theme/templates/trends-service.html"),
    ),
    (
        "index.html",
        include_str!("../../site-theme/templates/index.html"),
    ),
    (
        "postmortem.html",
        include_str!("../../site-theme/templates/postmortem.html"),
    ),
    (
        "terms.html",
        include_str!("../../site-theme/templates/terms.html"),
    ),
    (
        "term.html",
        include_str!("../../site-theme/templates/term.html"),
    ),
    (
        "search.html",
        include_str!("../../site-theme/templates/search.html"),
    ),
    // Reading club.
    (
        "potm.html",
        include_str!("../../site-theme/templates/potm.html"),
    ),
    (
        "reading-lists.html",
        include_str!("../../site-theme/templates/reading-lists.html"),
    ),
    (
        "reading-list.html",
        include_str!("../../site-theme/templates/reading-list.html"),
    ),
    (
        "discuss.html",
        include_str!("../../site-theme/templates/discuss.html"),
    ),
    (
        "wheel.html",
        include_str!("../../site-theme/templates/wheel.html"),
    ),
    (
        "wheel-index.html",
        include_str!("../../site-theme/templates/wheel-index.html"),
    ),
    (
        "trends.html",
        include_str!("../../site-theme/templates/trends.html"),
    ),
    (
        "root-causes.html",
        include_str!("../../site-theme/templates/root-causes.html"),
    ),
    (
        "root-cause.html",
        include_str!("../../site-theme/templates/root-cause.html"),
    ),
];

/// Built-in static assets, by path under `static/`.
const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../site-theme/static/style.css"),
    ),
    (
        "analyzer.js",
        include_bytes!("../../site-theme/static/analyzer.js"),
    ),
    (
        "search-core.js",
        include_bytes!("../../site-theme/static/search-core.js"),
    ),
    (
        "search-ui.js",
        include_bytes!("../../site-theme/static/search-ui.js"),
    ),
    (
        "search-highlight.js",
        include_bytes!("../../site-theme/static/search-highlight.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../site-theme/static/favicon.svg"),
    ),
    (
        "wheel.js",
        include_bytes!("../../site-theme/static/wheel.js"),
    ),
    (
        "on-this-day.js",
        include_bytes!("../../site-theme/static/on-this-day.js"),
    ),
    (
        "theme.js",
        include_bytes!("../../site-theme/static/theme.js"),
    ),
    (
        "trends-filter.js",
        include_bytes!("../../site-theme/static/trends-filter.js"),
    ),
];

/// Instructions one page may take to render: far more than the largest
/// list page needs, far less than a runaway loop.
pub const TEMPLATE_FUEL: u64 = 50_000_000;

/// Templates and assets after the user's overrides.
pub struct Theme {
    /// The template environment: built-in templates with the user's on top.
    pub env: Environment<'static>,
    /// Output path under `static/` → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Fingerprint of every template and asset: a page rendered with another
    /// theme is never reused.
    pub fingerprint: crate::fingerprint::Fingerprint,
}

/// Errors loading a user theme.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A template of the user's theme cannot be used.
    #[error("template {name}: {message}")]
    Template {
        /// The template's name.
        name: String,
        /// What is wrong with it (not UTF-8, or what the template engine said).
        message: String,
    },
}

impl Theme {
    /// Loads the built-in theme with the user's files (if any) on top.
    pub fn load(user: Option<&ThemeFiles>) -> Result<Theme, ThemeError> {
        let mut env = Environment::new();
        // Every template autoescapes, whatever its name: content is untrusted.
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        // A theme is part of the repository a pull request changes: a loop
        // that never ends must end the build with an error, not hang it.
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.add_filter("minutes", |m: i64| super::views::human_minutes(m));
        env.add_filter("when", |t: String| super::views::human_time(&t));
        let mut templates: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        if let Some(user) = user {
            for (name, bytes) in &user.templates {
                let text = String::from_utf8(bytes.clone()).map_err(|_| ThemeError::Template {
                    name: name.clone(),
                    message: "not valid UTF-8".into(),
                })?;
                templates.insert(name.clone(), text);
            }
            assets.extend(user.assets.iter().cloned());
        }
        let mut h = crate::fingerprint::Hasher::new();
        for (name, source) in &templates {
            h.str(name).str(source);
        }
        for (name, bytes) in &assets {
            h.str(name).bytes(bytes);
        }
        let fingerprint = h.finish();
        for (name, source) in templates {
            env.add_template_owned(name.clone(), source)
                .map_err(|e| ThemeError::Template {
                    name,
                    message: e.to_string(),
                })?;
        }
        Ok(Theme {
            env,
            assets,
            fingerprint,
        })
    }
}
