//! The files postmortems refer to by relative path, and where each
//! reference goes on the site. Images, audio, video and PDF files inside
//! the repository are copied to `assets/<repository path>`; links to other
//! files of the repository (documents, scripts) go to the repository's web
//! view when `repo_url` is set; anything outside the repository, too large
//! or not a regular file is left as written and reported with its line.
//!
//! The plan is made before rendering: pages are kept or rendered by a key
//! that holds where their references go, so a rebuild writes the same files
//! as a clean build.

use super::content::Content;
use super::OutputFile;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::links::{self, Dest};
use crate::model::{Diagnostic, Level, Postmortem};
use crate::source::files::{NotRead, Probe, RepoFiles};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Most bytes one copied file may have.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Most bytes all copied files may have together; files are taken in
/// path order, so the same tree always copies the same ones.
pub const MAX_TOTAL_BYTES: u64 = 100 * 1024 * 1024;
/// The site folder copies go into.
pub const FOLDER: &str = "assets";

/// Characters escaped in a path segment of a URL.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'?')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'\\');

/// Where a reference to a repository path goes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Target {
    /// A file of the site: its URL relative to the site root.
    Site(String),
    /// Another site (the repository's web view): an absolute URL.
    Web(String),
}

/// The plan of one build.
#[derive(Debug, Default)]
pub struct Assets {
    /// Where references to each repository path go; paths not here are
    /// left as written.
    pub targets: BTreeMap<String, Target>,
    /// The copies, by path.
    pub files: Vec<OutputFile>,
    /// Per postmortem (same order): a fingerprint of where its references
    /// go, for the keys of the pages made from it.
    pub doc_keys: Vec<Fingerprint>,
    /// References the site cannot serve, with file and line.
    pub diagnostics: Vec<Diagnostic>,
}

/// The URL of a copy, relative to the site root.
pub fn copy_url(path: &str) -> String {
    let mut url = String::from(FOLDER);
    for seg in path.split('/') {
        url.push('/');
        url.extend(utf8_percent_encode(seg, SEGMENT));
    }
    url
}

/// A reference to a repository path: its line, the address as written,
/// the path (or why it leads outside) and whether it is an image.
type Found = (usize, String, Result<String, &'static str>, bool);

/// What became of one repository path.
enum Outcome {
    Go(Target),
    /// Left as written, and why (reported at each reference).
    Refused(String),
    /// Left as written, nothing to say (`check` reports it when it matters).
    Left,
}

/// Makes the plan. `files` reads the tree the postmortems came from;
/// `blob_url` gives the web-view URL of a repository path (`repo_url`
/// set).
pub fn plan(
    pms: &[Postmortem],
    files: &RepoFiles,
    blob_url: Option<&(dyn Fn(&str) -> String + Sync)>,
) -> Assets {
    let refs = references(pms);
    // Every path wanted, and whether any reference shows it as an image.
    let mut wanted: BTreeMap<&str, bool> = BTreeMap::new();
    for (_, _, to, image) in refs.iter().flatten() {
        if let Ok(path) = to {
            *wanted.entry(path.as_str()).or_default() |= *image;
        }
    }
    let mut assets = Assets::default();
    let mut budget = MAX_TOTAL_BYTES;
    let mut outcomes: BTreeMap<&str, Outcome> = BTreeMap::new();
    for (&path, &image) in &wanted {
        let outcome = if image || links::is_copied_type(path) {
            match copy(path, image, files, &mut budget) {
                Ok(bytes) => {
                    // Shared, not copied, when the site's files are listed.
                    assets.files.push(OutputFile {
                        path: url_path(path),
                        content: Content::Pieces(vec![bytes.into()]),
                    });
                    Outcome::Go(Target::Site(copy_url(path)))
                }
                Err(why) => Outcome::Refused(why),
            }
        } else {
            match (files.probe(path), blob_url) {
                (Probe::File { .. } | Probe::Folder, Some(blob)) => {
                    Outcome::Go(Target::Web(blob(path)))
                }
                _ => Outcome::Left,
            }
        };
        if let Outcome::Go(t) = &outcome {
            assets.targets.insert(path.to_string(), t.clone());
        }
        outcomes.insert(path, outcome);
    }
    for (pm, refs) in pms.iter().zip(&refs) {
        let key = outcomes_of(pm, refs, &outcomes, &mut assets.diagnostics);
        assets.doc_keys.push(key);
    }
    assets
}

/// Each postmortem's references to other repository files: (line, as
/// written, where it leads, image). Links to other postmortems, the web
/// and anchors are not assets.
fn references(pms: &[Postmortem]) -> Vec<Vec<Found>> {
    let _span = tracing::debug_span!("assets/references").entered();
    let pages: BTreeSet<&str> = pms.iter().map(|p| p.path.as_str()).collect();
    pms.par_iter()
        .map(|pm| {
            links::references(&pm.body)
                .into_iter()
                .filter_map(|r| {
                    let line = pm.body_line + pm.body[..r.offset].matches('\n').count();
                    let to = match links::classify(&r.dest, &pm.path) {
                        Dest::Repo { path, .. } if pages.contains(path.as_str()) => return None,
                        Dest::Repo { path, .. } => Ok(path),
                        Dest::Outside(why) => Err(why),
                        Dest::Web | Dest::Anchor(_) => return None,
                    };
                    Some((line, r.dest, to, r.image))
                })
                .collect()
        })
        .collect()
}

/// The key of what `pm`'s references became (its pages change with it),
/// with a warning for each reference that is not published.
fn outcomes_of(
    pm: &Postmortem,
    refs: &[Found],
    outcomes: &BTreeMap<&str, Outcome>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Fingerprint {
    let mut key = Hasher::new();
    key.str("assets");
    for (line, dest, to, _) in refs {
        let problem = match to {
            Err(why) => Some(format!("`{dest}` is not published: {why}; link a file inside the repository, relative to this one")),
            Ok(path) => match &outcomes[path.as_str()] {
                Outcome::Go(target) => {
                    key.str(path).value(target);
                    None
                }
                Outcome::Refused(why) => Some(format!("`{dest}` is not copied into the site: {why}")),
                Outcome::Left => None,
            },
        };
        if let Some(message) = problem {
            diagnostics.push(Diagnostic {
                level: Level::Warning,
                path: pm.path.clone(),
                line: Some(*line),
                message,
            });
        }
    }
    key.finish()
}

/// The path of a copy in the site folder.
fn url_path(path: &str) -> String {
    format!("{FOLDER}/{path}")
}

/// The bytes of the file at `path` for a copy, within the budget, or why not.
fn copy(path: &str, image: bool, files: &RepoFiles, budget: &mut u64) -> Result<Vec<u8>, String> {
    if !links::is_copied_type(path) {
        let why = if path.to_ascii_lowercase().ends_with(".svg") {
            "SVG files can hold scripts, which would run on the site; export it as PNG"
        } else if image {
            "only images, audio, video and PDF files are copied"
        } else {
            unreachable!("links are copied only when of a copied type")
        };
        return Err(why.to_string());
    }
    if path.split('/').any(|seg| seg.starts_with('.')) {
        return Err(
            "it is in a hidden folder or is a hidden file, which is never published; move it"
                .into(),
        );
    }
    let human = indicatif::HumanBytes;
    match files.read(path, MAX_FILE_BYTES.min(*budget)) {
        Ok(bytes) => {
            *budget -= bytes.len() as u64;
            Ok(bytes)
        }
        Err(NotRead::TooLarge(size)) if size > MAX_FILE_BYTES => Err(format!(
            "it is {}, over the {} limit for one file; make it smaller",
            human(size),
            human(MAX_FILE_BYTES)
        )),
        Err(NotRead::TooLarge(size)) => Err(format!(
            "it is {}, and the files copied before it (in path order) leave {} of the {} all copies may take",
            human(size),
            human(*budget),
            human(MAX_TOTAL_BYTES)
        )),
        Err(NotRead::Not(Probe::Missing)) => Err(format!("`{path}` is not in the repository")),
        Err(NotRead::Not(Probe::Folder)) => Err(format!("`{path}` is a folder")),
        Err(NotRead::Not(Probe::Refused(why))) => Err(why.to_string()),
        Err(NotRead::Not(Probe::File { .. })) => Err("it changed while being read".into()),
        Err(NotRead::Failed(why)) => Err(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A postmortem whose body starts on line 3.
    fn pm(path: &str, body: &str) -> Postmortem {
        let text = format!("# T\n\n{body}");
        let pm = crate::parse::parse_file(path, text.as_bytes(), &Default::default()).unwrap();
        assert_eq!(pm.body_line, 1);
        pm
    }

    #[test]
    fn copies_media_links_documents_and_reports_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (p, bytes) in [
            ("pm/img/a.png", &b"A"[..]),
            ("shared/b c.png", b"B"),
            ("docs/setup.md", b"# setup"),
            ("pm/d.svg", b"<svg/>"),
            ("pm/.hidden/e.png", b"E"),
        ] {
            std::fs::create_dir_all(root.join(p).parent().unwrap()).unwrap();
            std::fs::write(root.join(p), bytes).unwrap();
        }
        let big = vec![0u8; MAX_FILE_BYTES as usize + 1];
        std::fs::write(root.join("pm/big.png"), big).unwrap();
        let files = RepoFiles::worktree(root, &[], None).unwrap();
        let pms = [
            pm("pm/x.md", "![a](img/a.png)\n[b](../shared/b%20c.png)\n[doc](../docs/setup.md#s) [y](y.md)\n![out](../../outside.png)\n![svg](d.svg) ![h](.hidden/e.png) ![big](big.png) ![none](none.png)\n"),
            pm("pm/y.md", "[again](img/a.png) [web](https://e.example/a.png) [here](#top)\n"),
        ];
        let blob = |p: &str| format!("https://git.example/r/blob/main/{p}");
        let a = plan(&pms, &files, Some(&blob));
        let copied: Vec<(&str, Vec<u8>)> = a
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.content.whole().into_owned()))
            .collect();
        assert_eq!(
            copied,
            [
                ("assets/pm/img/a.png", b"A".to_vec()),
                ("assets/shared/b c.png", b"B".to_vec())
            ]
        );
        assert_eq!(
            a.targets.get("shared/b c.png"),
            Some(&Target::Site("assets/shared/b%20c.png".into()))
        );
        assert_eq!(
            a.targets.get("docs/setup.md"),
            Some(&Target::Web(
                "https://git.example/r/blob/main/docs/setup.md".into()
            ))
        );
        assert!(!a.targets.contains_key("pm/y.md"), "postmortems are pages");
        let said: Vec<(Option<usize>, &str)> = a
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(said.len(), 5, "{said:#?}");
        assert_eq!(said[0].0, Some(6));
        assert!(said[0].1.contains("climbs out of the repository"));
        for (d, words) in said[1..].iter().zip([
            "SVG",
            "hidden",
            "limit for one file",
            "not in the repository",
        ]) {
            assert_eq!(d.0, Some(7));
            assert!(d.1.contains(words), "{words}: {}", d.1);
        }
        // Without repo_url documents are left as written; the copies and
        // keys do not change with the order of work.
        let b = plan(&pms, &files, None);
        assert!(!b.targets.contains_key("docs/setup.md"));
        assert_ne!(a.doc_keys[0], b.doc_keys[0]);
        assert_eq!(a.doc_keys[1], b.doc_keys[1]);
    }

    #[test]
    fn the_total_budget_is_spent_in_path_order() {
        let mut budget = 3;
        let dir = tempfile::tempdir().unwrap();
        for (n, size) in [("a.png", 2usize), ("b.png", 2), ("c.png", 1)] {
            std::fs::write(dir.path().join(n), vec![1; size]).unwrap();
        }
        let files = RepoFiles::worktree(dir.path(), &[], None).unwrap();
        assert!(copy("a.png", true, &files, &mut budget).is_ok());
        let e = copy("b.png", true, &files, &mut budget).unwrap_err();
        assert!(e.contains("all copies may take"), "{e}");
        assert!(copy("c.png", true, &files, &mut budget).is_ok());
        assert_eq!(budget, 0);
    }
}
