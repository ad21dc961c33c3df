//! The concept lexicon: incident and infrastructure concepts (certificate,
//! expiry, connection pool, disk full…) with their English, Korean and
//! Japanese surface forms, read from `lexicon/*.toml` (compiled in). It lets
//! two postmortems about the same cause meet when they are written in
//! different languages or words. How to add a concept: docs/src/lexicon.md.
//!
//! A form is matched as words (English, lowercased and stemmed; a trailing
//! `*` matches any word starting so) or, when it contains Korean or Japanese,
//! as a substring of the sentence with spaces removed (`커넥션 풀` also finds
//! `커넥션풀이`). A compound concept (`parts`) also matches when all its parts
//! occur in one sentence. Matching itself lives in [`super::concepts`].

use super::analyzer::is_cjk;
use super::words::words;
use std::collections::{BTreeMap, HashMap};

/// The lexicon files, compiled in so every build reads the same concepts.
pub const FILES: &[(&str, &str)] = &[
    ("compute.toml", include_str!("../../lexicon/compute.toml")),
    ("data.toml", include_str!("../../lexicon/data.toml")),
    ("delivery.toml", include_str!("../../lexicon/delivery.toml")),
    ("network.toml", include_str!("../../lexicon/network.toml")),
    (
        "operations.toml",
        include_str!("../../lexicon/operations.toml"),
    ),
    ("security.toml", include_str!("../../lexicon/security.toml")),
];

/// Version of the lexicon's matching rules; cached analysis keyed on it.
pub const LEXICON_VERSION: u32 = 1;

/// A lexicon file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file is not valid TOML for a lexicon.
    #[error("{file}: {message}; fix the TOML (see docs/src/lexicon.md)")]
    Toml {
        /// The lexicon file's name.
        file: String,
        /// What the TOML parser said.
        message: String,
    },
    /// A concept of the file cannot be used (a form another concept also names, a duplicate id, …).
    #[error("{file}: concept `{id}`: {message}")]
    Concept {
        /// The lexicon file's name.
        file: String,
        /// The concept's id.
        id: String,
        /// What is wrong with it.
        message: String,
    },
}

/// One concept as written in a lexicon file.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptDef {
    /// English forms (`rate-limit*`: a `*` matches any ending of the word).
    #[serde(default)]
    pub en: Vec<String>,
    /// Korean forms.
    #[serde(default)]
    pub ko: Vec<String>,
    /// Japanese forms.
    #[serde(default)]
    pub ja: Vec<String>,
    /// Concepts that, found in one sentence, mean this one.
    #[serde(default)]
    pub parts: Vec<String>,
}

/// A concept: its id and its name in each language (the first form).
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// Stable id, used in concept terms and cluster labels.
    pub id: String,
    /// English, Korean and Japanese names; empty when a language has none.
    pub names: [String; 3],
    /// Part concepts (indices), for a compound concept.
    pub parts: Vec<u32>,
}

impl Concept {
    /// The name shown: English, else Korean, else Japanese, else the id.
    pub fn name(&self) -> &str {
        self.names
            .iter()
            .find(|n| !n.is_empty())
            .map_or(self.id.as_str(), String::as_str)
    }

    /// Names in the other languages than the shown one (aliases).
    pub fn aliases(&self) -> Vec<&str> {
        let shown = self.name();
        self.names
            .iter()
            .map(String::as_str)
            .filter(|n| !n.is_empty() && *n != shown)
            .collect()
    }
}

/// One word of an English form.
#[derive(Debug, Clone, PartialEq)]
pub enum Pat {
    /// The word must be exactly this (lowercased, stemmed).
    Exact(String),
    /// The word must start with this (a form's word followed by `*`).
    Prefix(String),
}

impl Pat {
    /// Whether `word` (as [`words`] gives it) matches.
    pub fn matches(&self, word: &str) -> bool {
        match self {
            Pat::Exact(w) => w == word,
            Pat::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

/// An English form: its words, and the concept it names.
#[derive(Debug, Clone)]
pub struct LatinForm {
    /// The form's words in order, each a pattern one word must match.
    pub words: Vec<Pat>,
    /// The concept's number: its index in the lexicon.
    pub concept: u32,
}

/// Concepts with their forms indexed for matching.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Sorted by id; a concept's number is its index.
    pub concepts: Vec<Concept>,
    /// English forms by their first word (exact or the prefix).
    pub(super) latin: HashMap<String, Vec<LatinForm>>,
    pub(super) latin_prefix: HashMap<String, Vec<LatinForm>>,
    /// Korean and Japanese forms, lowercased without spaces.
    pub(super) cjk: HashMap<String, u32>,
    /// Longest CJK form, in characters, by its first character.
    pub(super) cjk_longest: HashMap<char, usize>,
    /// Fingerprint of the files and team concepts read (cache keys).
    fingerprint: crate::fingerprint::Fingerprint,
}

/// A team's `[lexicon]` table from hindsight.toml: concept id → its
/// definition and line.
pub type TeamConcepts = BTreeMap<String, crate::config::AtLine<toml::Value>>;

/// A form without spaces, lowercased: how CJK forms and text are compared.
pub fn squeeze(form: &str) -> String {
    form.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// English form `form` as word patterns (`rate-limit*` → rate, limit*).
fn latin_pats(form: &str) -> Vec<Pat> {
    let ws = words(form);
    ws.iter()
        .map(|w| {
            if form[w.to..].starts_with('*') {
                Pat::Prefix(form[w.from..w.to].to_lowercase())
            } else {
                Pat::Exact(w.text.clone())
            }
        })
        .collect()
}

/// A form two concepts name, blamed on the team's concept when one of the
/// two is from hindsight.toml: the built-in files are checked by tests.
fn clash(form: &str, here: (&str, &str), there: (&str, &str)) -> LexiconError {
    let team = |file: &str| file.starts_with(crate::config::FILE_NAME);
    let (blamed, other) = if team(there.1) && !team(here.1) {
        (there, here)
    } else {
        (here, there)
    };
    LexiconError::Concept {
        file: blamed.1.to_string(),
        id: blamed.0.to_string(),
        message: format!("form `{form}` also names `{}`", other.0),
    }
}

/// Adds one team concept from hindsight.toml to `defs`, or its forms and
/// parts to the built-in concept of the same id.
fn merge_team(
    defs: &mut BTreeMap<String, (String, ConceptDef)>,
    id: &str,
    at: &crate::config::AtLine<toml::Value>,
) -> Result<(), LexiconError> {
    let place = format!("{}:{}", crate::config::FILE_NAME, at.line);
    let err = |message: String| LexiconError::Concept {
        file: place.clone(),
        id: id.to_string(),
        message,
    };
    let valid_id = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        return Err(err("an id is lowercase letters, digits and dashes".into()));
    }
    let def: ConceptDef = at.value.clone().try_into().map_err(|e: toml::de::Error| {
        err(format!(
            "{}; write `en = [\"…\"]`, `ko`, `ja`, `parts`",
            e.message()
        ))
    })?;
    match defs.get_mut(id) {
        Some((file, base)) => {
            *file = format!("{place} (adding to {file})");
            base.en.extend(def.en);
            base.ko.extend(def.ko);
            base.ja.extend(def.ja);
            base.parts.extend(def.parts);
        }
        None => {
            if def.en.is_empty() && def.ko.is_empty() && def.ja.is_empty() {
                return Err(err("give at least one form (`en`, `ko` or `ja`)".into()));
            }
            defs.insert(id.to_string(), (place, def));
        }
    }
    Ok(())
}

impl Lexicon {
    /// The built-in lexicon ([`FILES`]).
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::parse(FILES).expect("the built-in lexicon is checked by its unit tests")
        })
    }

    /// The built-in lexicon with a team's concepts from hindsight.toml: a
    /// new id adds a concept, a built-in id gets the team's forms and parts
    /// as well as its own.
    pub fn with_team(team: &TeamConcepts) -> Result<Lexicon, LexiconError> {
        if team.is_empty() {
            return Ok(Lexicon::builtin().clone());
        }
        Lexicon::parse_with(FILES, team)
    }

    /// Reads lexicon files (name, TOML text) into one lexicon.
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        Lexicon::parse_with(files, &TeamConcepts::new())
    }

    /// Reads lexicon files, then merges `team` into them.
    fn parse_with(files: &[(&str, &str)], team: &TeamConcepts) -> Result<Lexicon, LexiconError> {
        let mut fp = crate::fingerprint::Hasher::new();
        fp.value(&LEXICON_VERSION);
        let mut defs: BTreeMap<String, (String, ConceptDef)> = BTreeMap::new();
        for (file, text) in files {
            fp.str(file).str(text);
            let table: BTreeMap<String, ConceptDef> =
                toml::from_str(text).map_err(|e| LexiconError::Toml {
                    file: file.to_string(),
                    message: e.to_string(),
                })?;
            for (id, def) in table {
                if defs.contains_key(&id) {
                    return Err(LexiconError::Concept {
                        file: file.to_string(),
                        id,
                        message: "defined twice; keep one definition".into(),
                    });
                }
                defs.insert(id, (file.to_string(), def));
            }
        }
        for (id, at) in team {
            fp.str(id).value(&at.value);
            merge_team(&mut defs, id, at)?;
        }
        let mut lex = Lexicon::from_defs(&defs)?;
        lex.fingerprint = fp.finish();
        Ok(lex)
    }

    /// Fingerprint of everything this lexicon was read from.
    pub fn fingerprint(&self) -> crate::fingerprint::Fingerprint {
        self.fingerprint
    }

    fn from_defs(defs: &BTreeMap<String, (String, ConceptDef)>) -> Result<Lexicon, LexiconError> {
        let index: HashMap<&str, u32> = defs
            .keys()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as u32))
            .collect();
        let mut lex = Lexicon::default();
        let mut seen: HashMap<String, (&str, &str)> = HashMap::new();
        for (n, (id, (file, def))) in defs.iter().enumerate() {
            let err = |message: String| LexiconError::Concept {
                file: file.clone(),
                id: id.clone(),
                message,
            };
            let mut parts = Vec::new();
            for p in &def.parts {
                let &k = index
                    .get(p.as_str())
                    .ok_or_else(|| err(format!("part `{p}` is not a concept")))?;
                parts.push(k);
            }
            let first = |v: &Vec<String>| v.first().cloned().unwrap_or_default();
            lex.concepts.push(Concept {
                id: id.clone(),
                names: [first(&def.en), first(&def.ko), first(&def.ja)],
                parts,
            });
            for form in def.en.iter().chain(&def.ko).chain(&def.ja) {
                let cjk = form.chars().any(is_cjk);
                let key = if cjk {
                    squeeze(form)
                } else {
                    form.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                };
                if let Some((other, other_file)) = seen.insert(key.clone(), (id, file)) {
                    if other != id {
                        return Err(clash(form, (id, file), (other, other_file)));
                    }
                    continue;
                }
                if cjk {
                    if key.chars().count() < 2 {
                        return Err(err(format!("form `{form}` is one character")));
                    }
                    let head = key.chars().next().unwrap_or(' ');
                    let longest = lex.cjk_longest.entry(head).or_default();
                    *longest = (*longest).max(key.chars().count());
                    lex.cjk.insert(key, n as u32);
                } else {
                    let pats = latin_pats(form);
                    let Some(head) = pats.first().cloned() else {
                        return Err(err(format!("form `{form}` has no word")));
                    };
                    let f = LatinForm {
                        words: pats,
                        concept: n as u32,
                    };
                    match head {
                        Pat::Exact(w) => lex.latin.entry(w).or_default().push(f),
                        Pat::Prefix(p) => lex.latin_prefix.entry(p).or_default().push(f),
                    }
                }
            }
        }
        Ok(lex)
    }

    /// The concept numbered `k`.
    pub fn concept(&self, k: u32) -> &Concept {
        &self.concepts[k as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_and_is_broad() {
        let lex = Lexicon::parse(FILES).unwrap();
        assert!(lex.concepts.len() >= 300, "{}", lex.concepts.len());
        for c in &lex.concepts {
            assert!(
                c.names.iter().all(|n| !n.is_empty()),
                "{} lacks a name",
                c.id
            );
            let patterns = c.names.iter().any(|n| n.contains('*'));
            assert!(!patterns, "{}: a name is not a pattern", c.id);
        }
    }

    #[test]
    fn bad_files_are_reported_with_the_file_and_concept() {
        let e = Lexicon::parse(&[("a.toml", "[x]\nen = [\"cache\"]\n[y]\nen = [\"cache\"]\n")])
            .unwrap_err();
        assert!(e.to_string().contains("a.toml") && e.to_string().contains("also names"));
        let e = Lexicon::parse(&[("b.toml", "[x]\nparts = [\"nope\"]\n")]).unwrap_err();
        assert!(e.to_string().contains("`nope` is not a concept"), "{e}");
        let e = Lexicon::parse(&[("c.toml", "[x]\nko = [\"풀\"]\n")]).unwrap_err();
        assert!(e.to_string().contains("one character"), "{e}");
        assert!(Lexicon::parse(&[("d.toml", "[x\n")]).is_err());
    }

    #[test]
    fn names_and_aliases() {
        let lex = Lexicon::builtin();
        let k = lex
            .concepts
            .iter()
            .position(|c| c.id == "certificate-expiry")
            .unwrap();
        let c = lex.concept(k as u32);
        assert_eq!(c.name(), "Certificate expiry");
        assert_eq!(c.aliases(), ["인증서 만료", "証明書の期限切れ"]);
        assert_eq!(c.parts.len(), 2);
    }

    fn team(toml_text: &str) -> TeamConcepts {
        crate::config::Config::parse(toml_text, std::path::Path::new("hindsight.toml"))
            .unwrap()
            .lexicon
    }

    #[test]
    fn a_team_adds_concepts_and_forms() {
        let lex = Lexicon::with_team(&team(
            "[lexicon.ledger-drift]\nen = [\"Ledger drift\", \"ledger mismatch\"]\n\
             ko = [\"원장 불일치\"]\n\
             [lexicon.certificate-expiry]\nko = [\"인증서 유효기간 경과\"]\n",
        ))
        .unwrap();
        let builtin = Lexicon::builtin();
        assert_eq!(lex.concepts.len(), builtin.concepts.len() + 1);
        let drift = lex
            .concepts
            .iter()
            .find(|c| c.id == "ledger-drift")
            .unwrap();
        assert_eq!(drift.name(), "Ledger drift");
        assert_eq!(drift.aliases(), ["원장 불일치"]);
        // A built-in concept keeps its names and gains the team's form.
        let k = lex
            .concepts
            .iter()
            .position(|c| c.id == "certificate-expiry");
        let c = lex.concept(k.unwrap() as u32);
        assert_eq!(c.names[1], "인증서 만료");
        assert!(lex.cjk.contains_key(&squeeze("인증서 유효기간 경과")));
        assert_ne!(lex.fingerprint(), builtin.fingerprint());
        let same = Lexicon::with_team(&TeamConcepts::new()).unwrap();
        assert_eq!(same.fingerprint(), builtin.fingerprint());
    }

    #[test]
    fn team_mistakes_name_the_line_of_hindsight_toml() {
        let err = |text: &str| Lexicon::with_team(&team(text)).unwrap_err().to_string();
        let e = err("title = \"x\"\n[lexicon.mine]\nen = [\"expired certificate\"]\n");
        assert!(e.starts_with("hindsight.toml:2: concept `mine`"), "{e}");
        assert!(e.contains("also names `certificate-expiry`"), "{e}");
        // Blamed on the team even when the built-in concept sorts after it.
        let e = err("[lexicon.ledger-drift]\nen = [\"Ledger drift\", \"ledger\"]\n");
        assert!(
            e.starts_with("hindsight.toml:1: concept `ledger-drift`"),
            "{e}"
        );
        assert!(e.contains("`ledger` also names `payment`"), "{e}");
        let e = err("[lexicon.\"Big Id\"]\nen = [\"thing\"]\n");
        assert!(e.contains("lowercase letters, digits and dashes"), "{e}");
        let e = err("[lexicon.x]\neng = [\"thing\"]\n");
        assert!(e.contains("hindsight.toml:1") && e.contains("eng"), "{e}");
        let e = err("[lexicon.x]\nparts = [\"nope\"]\nen = [\"thing\"]\n");
        assert!(e.contains("`nope` is not a concept"), "{e}");
        let e = err("[lexicon.empty]\n");
        assert!(e.contains("at least one form"), "{e}");
    }
}
