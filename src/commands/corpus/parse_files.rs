//! The parse stage: every loaded file into a [`Postmortem`], in parallel,
//! taking the ones the build cache holds from it instead.

use crate::cache::{self, docs::DocCache, Fingerprint};
use crate::config::Config;
use crate::model::Postmortem;
use crate::parse::{self, Aliases, ParseOptions};
use crate::source::{Loaded, Skipped};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// How files are parsed, from the configuration.
pub(super) struct ParseSetup {
    pub opts: ParseOptions,
    /// What parsed postmortems depend on besides their bytes: the aliases,
    /// the section headings and the severity scale.
    pub key: Fingerprint,
    /// Unknown keys and section kinds named in hindsight.toml.
    pub warnings: Vec<String>,
}

impl ParseSetup {
    /// The parse options `config` asks for.
    pub(super) fn new(config: &Config) -> ParseSetup {
        let (aliases, unknown) = Aliases::new(&config.aliases);
        let (headings, unknown_kinds) = parse::headings::Headings::new(&config.sections);
        let severities = super::open::severity_scale(config);
        let key = cache::Hasher::new()
            .value(&config.aliases)
            .value(&config.sections)
            .value(&severities)
            .finish();
        let mut warnings = Vec::new();
        for key in unknown {
            warnings.push(format!(
                "hindsight.toml: [aliases] names unknown key `{key}`; known keys: {}",
                known_keys()
            ));
        }
        for kind in unknown_kinds {
            let known: Vec<&str> = crate::model::Canonical::ALL
                .iter()
                .map(|k| k.as_str())
                .collect();
            warnings.push(format!(
                "hindsight.toml: [sections] names unknown section `{kind}`; known: {}",
                known.join(", ")
            ));
        }
        ParseSetup {
            opts: ParseOptions {
                aliases,
                headings,
                severities,
            },
            key,
            warnings,
        }
    }
}

fn known_keys() -> String {
    parse::front_matter::canonical_keys().join(", ")
}

/// Per path, the file's cache key and the key its ticked items were dated
/// under (`None` until they are).
pub(super) type Keys = BTreeMap<String, (Fingerprint, Option<Fingerprint>)>;

/// What the parse stage made of the loaded files.
pub(super) struct Parsed {
    pub postmortems: Vec<Postmortem>,
    /// Files that could not be read as postmortems (the load's skips first).
    pub skipped: Vec<Skipped>,
    pub keys: Keys,
    /// How many were taken from the cache.
    pub reused: usize,
}

/// Parses `loaded`'s files, taking the cached ones from `docs`.
pub(super) fn parse(loaded: &Loaded, docs: &mut DocCache, opts: &ParseOptions) -> Parsed {
    let mut keys = Keys::new();
    let mut from_cache = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for f in &loaded.files {
        // A file read again (its metadata changed) is still not parsed
        // again when its content is what the cache holds.
        let key = docs.key(&f.path, &f.blob);
        if let Some(entry) = docs.take(key) {
            keys.insert(f.path.clone(), (key, entry.done_key));
            from_cache.push(Ok(entry.pm));
            taken.insert(&f.path);
            continue;
        }
        if f.cached {
            // Not read because the cache held it, and now it does not: cannot happen
            // (keys are unique per path), but never parse empty bytes.
            from_cache.push(Err(Skipped::new(
                &f.path,
                "the build cache changed during the build; run the build again",
            )));
            taken.insert(&f.path);
            continue;
        }
        keys.insert(f.path.clone(), (key, None));
    }
    let results: Vec<Result<Postmortem, Skipped>> = loaded
        .files
        .par_iter()
        .filter(|f| !taken.contains(f.path.as_str()))
        .map(|f| {
            parse::parse_file(&f.path, &f.bytes, opts).map_err(|s| Skipped {
                path: f.path.clone(),
                line: s.line,
                reason: s.reason,
            })
        })
        .collect();
    let reused = from_cache.len();
    let mut skipped = loaded.skipped.clone();
    let mut postmortems = Vec::with_capacity(results.len() + from_cache.len());
    for r in from_cache.into_iter().chain(results) {
        match r {
            Ok(pm) => postmortems.push(pm),
            Err(s) => skipped.push(s),
        }
    }
    Parsed {
        postmortems,
        skipped,
        keys,
        reused,
    }
}
