//! Rendering one page: a theme template into an output file, or the page
//! the previous build wrote when nothing it is made from changed. The one
//! helper every page kind uses, so feature files never import each other.

use super::views::Card;
use super::{OutputFile, RenderError, SiteInput};
use crate::fingerprint::Fingerprint;
use minijinja::{Environment, Value};

/// What every page kind renders from: the build's input, the theme's
/// templates, the context all pages share (`site`), the fingerprint of
/// what all pages show, and every postmortem's card.
pub(super) struct PageCtx<'a> {
    pub input: &'a SiteInput<'a>,
    pub env: &'a Environment<'static>,
    pub site: Value,
    pub site_fp: Fingerprint,
    pub cards: &'a [Card],
}

impl PageCtx<'_> {
    /// [`page_or_keep`] with this context's input, fingerprint and templates.
    pub(super) fn page_or_keep<K: serde::Serialize + ?Sized>(
        &self,
        names: (&str, &str),
        key: &K,
        ctx: impl FnOnce() -> Value,
    ) -> Result<Option<OutputFile>, RenderError> {
        page_or_keep(self.input, self.site_fp, self.env, names, key, ctx)
    }
}

/// Renders one template into the page at `path`, naming the template in
/// the error.
pub(super) fn page(
    env: &Environment<'_>,
    name: &str,
    path: &str,
    ctx: Value,
) -> Result<OutputFile, RenderError> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map(|html| OutputFile::html(path, crate::controls::strip(html, &['\n', '\t', '\r'])))
        .map_err(|e| RenderError::Template {
            name: name.to_string(),
            message: format!("{e:#}"),
        })
}

/// Renders a page unless the site already holds it, made by the same
/// template from the same inputs (with a cache only). `key` holds every
/// input of the context besides what [`SiteInput::site_fingerprint`]
/// covers; `ctx` makes the context only when the page is rendered, since
/// list pages embed thousands of cards and building them costs most of
/// rendering them.
pub(super) fn page_or_keep<K: serde::Serialize + ?Sized>(
    input: &SiteInput<'_>,
    site_fp: crate::fingerprint::Fingerprint,
    env: &Environment<'_>,
    (name, path): (&str, &str),
    key: &K,
    ctx: impl FnOnce() -> Value,
) -> Result<Option<OutputFile>, RenderError> {
    if input.reuse.keeps_spare() {
        let fp = crate::fingerprint::Hasher::new()
            .u128(site_fp)
            .str(name)
            .value(key)
            .finish();
        if input.reuse.keep(path, fp) {
            return Ok(None);
        }
    }
    page(env, name, path, ctx()).map(Some)
}
