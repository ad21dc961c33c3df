//! Render: the parsed (and analyzed) model → the files of a static site.
//! Never re-parses Markdown for data; only turns bodies into HTML.

pub mod assets;
pub mod charts;
pub mod club;
pub mod clusters;
pub mod content;
pub mod depth;
pub mod discuss;
pub mod escape;
pub mod export;
pub mod facts;
pub mod feeds;
pub mod lang;
pub mod markdown;
pub mod out_guard;
pub mod output;
pub mod pages;
pub mod paging;
pub mod render;
pub mod reuse;
pub mod schema;
pub mod search_export;
pub mod theme;
pub mod trends;
pub mod urls;
pub mod views;
pub mod wheel;

use crate::model::Postmortem;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The file's bytes, whole or in pieces.
    pub content: content::Content,
}

impl OutputFile {
    /// A file of `bytes`.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            content: bytes.into(),
        }
    }

    fn html(path: &str, html: String) -> Self {
        OutputFile::new(path, html.into_bytes())
    }
}

/// Errors rendering pages.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed to render.
    #[error("template {name}: {message}")]
    Template {
        /// The template's name.
        name: String,
        /// What the template engine said.
        message: String,
    },
    /// Two pages would be written to one path: one would silently replace
    /// the other. Slugs are made unique before this; this is the last check.
    #[error("two pages would be written to `{0}`; please report this as a bug in hindsight")]
    DuplicatePath(String),
}

/// What the renderer needs besides the theme.
pub struct SiteInput<'a> {
    /// The site's title, from hindsight.toml.
    pub title: &'a str,
    /// In display order (newest first).
    pub postmortems: &'a [Postmortem],
    /// Edit link for a repository path.
    pub edit_link: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Where the content came from ("working tree", "revision v1.2 (abc1234)").
    pub source_label: String,
    /// A site-wide notice (e.g. dates unreliable on a shallow clone).
    pub notice: Option<String>,
    /// Related and recurring incidents, by document number.
    pub related: &'a crate::analyze::related::Related,
    /// Root-cause clusters, by document number.
    pub clusters: &'a crate::analyze::clusters::Clusters,
    /// Postmortems of the month and reading lists (reading-club pages, feeds).
    pub club: &'a crate::analyze::club::Club,
    /// `base_url` checked by [`feeds::base_url`]: absolute feed links when set.
    pub base_url: Option<&'a str>,
    /// The Trends dashboard's numbers (`trends/index.html`, `trends.json`).
    pub trends: &'a crate::analyze::trends::Trends,
    /// Which files the previous build left that need not be rendered again.
    pub reuse: &'a reuse::Reuse,
    /// Serialized entries of `postmortems.json` of the previous build.
    pub export: &'a crate::cache::memo::Memo,
    /// Fingerprints of each postmortem (document order); empty without a cache.
    pub doc_fingerprints: &'a [crate::fingerprint::Fingerprint],
    /// Files postmortems refer to: copies, and where references go.
    pub assets: &'a assets::Assets,
    /// The site's language (`language` in hindsight.toml).
    pub language: &'a str,
    /// Ticket link pattern (`ticket_url`), `{id}` standing for a ticket key.
    pub ticket_url: Option<&'a str>,
    /// Items per list page (`list_page_size`), at least 1.
    pub page_size: usize,
}

impl SiteInput<'_> {
    /// Fingerprint of what every page shares: the tool, the theme, the site
    /// settings and the set of pages (links between postmortems).
    pub fn site_fingerprint(&self, theme: &theme::Theme) -> crate::fingerprint::Fingerprint {
        let mut h = crate::fingerprint::Hasher::new();
        h.u128(crate::cache::tool_identity())
            .u128(theme.fingerprint)
            .str(self.title)
            .str(&self.source_label)
            .value(&self.notice)
            .value(&self.base_url)
            .str(self.language)
            .value(&self.ticket_url)
            .u128(self.page_size as u128)
            .u128(self.postmortems.len() as u128);
        for pm in self.postmortems {
            h.str(&pm.path).str(&pm.id);
        }
        h.finish()
    }

    /// Fingerprint of postmortem `doc` (its file, history and action
    /// items), for the keys of pages made from it; without one (no cache) a
    /// fingerprint that matches nothing.
    pub fn doc_fingerprint(&self, doc: usize) -> crate::fingerprint::Fingerprint {
        let Some(&fp) = self.doc_fingerprints.get(doc) else {
            return crate::fingerprint::unique();
        };
        // Where its references go (a copied image, a repository link).
        match self.assets.doc_keys.get(doc) {
            Some(&assets) => crate::fingerprint::Hasher::new()
                .u128(fp)
                .u128(assets)
                .finish(),
            None => fp,
        }
    }

    /// Where the addresses of bodies go, given the postmortems' pages.
    pub fn links<'a>(
        &'a self,
        pages: &'a std::collections::BTreeMap<String, String>,
    ) -> markdown::Links<'a> {
        markdown::Links {
            pages,
            files: &self.assets.targets,
        }
    }
}

/// trends.json and postmortems.json.
fn json_files(input: &SiteInput<'_>) -> [OutputFile; 2] {
    let t0 = tracing::debug_span!("render/json", what = "beside the pages").entered();
    let (trends, postmortems) = rayon::join(
        || crate::analyze::trends::to_json(input.trends).into_bytes(),
        || {
            export::postmortems_json(
                input.postmortems,
                input.related,
                input.clusters,
                input.doc_fingerprints,
                Some(input.export),
            )
        },
    );
    drop(t0);
    [
        OutputFile::new("trends.json", trends),
        OutputFile {
            path: "postmortems.json".into(),
            content: content::Content::Pieces(postmortems),
        },
    ]
}

/// The static search index's files, as the build gives them to [`render`].
pub struct SearchFiles {
    /// Fingerprint of what the files are made from (with a build cache): the
    /// manifest the spare folder or the current site holds from a build with
    /// the same key is not written again, nor is any other file it holds
    /// from a build with a key (they are named by content hash).
    pub key: Option<crate::fingerprint::Fingerprint>,
    /// The files (those of a kept index still in the mapped cache file).
    pub files: Vec<OutputFile>,
}

impl SearchFiles {
    /// The files to write: with a key, those the site does not hold yet.
    fn into_files_to_write(self, reuse: &reuse::Reuse) -> Vec<OutputFile> {
        let key = self.key.filter(|_| reuse.keeps_spare());
        self.files
            .into_iter()
            .filter(|f| {
                key.is_none_or(|key| {
                    // The other files' names hold their content's hash: the
                    // path says all (an edit that leaves the document
                    // blocks as they were does not rewrite them); passage
                    // files are named by postmortem, so their content counts.
                    let key = if f.path == search_export::MANIFEST {
                        key
                    } else if f.path.starts_with(search_export::PASSAGES) {
                        f.content.fingerprint()
                    } else {
                        0
                    };
                    let fp = crate::fingerprint::Hasher::new()
                        .u128(key)
                        .str(&f.path)
                        .finish();
                    !reuse.keep(&f.path, fp)
                })
            })
            .collect()
    }
}

/// Renders the whole site: pages, assets, the JSON export and the search
/// index. The search index's files ([`search_export::files`]) are asked of
/// `search` last, so the caller can make them on another thread meanwhile.
pub fn render(
    input: &SiteInput<'_>,
    theme: &theme::Theme,
    search: impl FnOnce() -> SearchFiles,
) -> Result<Vec<OutputFile>, RenderError> {
    let site_fp = input.site_fingerprint(theme);
    // The JSON exports are two long serializations: made beside the pages.
    let (pages, json) = rayon::join(
        || {
            let t0 = tracing::debug_span!("render/pages").entered();
            let pages = pages::all(input, &theme.env, site_fp);
            drop(t0);
            pages
        },
        || json_files(input),
    );
    let mut files = pages?;
    files.extend(json);
    files.extend(schema::files());
    for (name, bytes) in &theme.assets {
        files.push(OutputFile::new(format!("static/{name}"), bytes.clone()));
    }
    files.extend(input.assets.files.iter().cloned());
    let t0 = tracing::debug_span!("render/feeds").entered();
    files.extend(feeds::files(input));
    drop(t0);
    let t0 = tracing::debug_span!("render/search", what = "waited").entered();
    files.extend(search().into_files_to_write(input.reuse));
    drop(t0);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(w) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(RenderError::DuplicatePath(w[0].path.clone()));
    }
    Ok(files)
}
