//! Finding a postmortem by what a person wrote: an id (`pm-2024-011`, also
//! as `PM-2024-011`), a repository path (`postmortems/2024-06-18-….md`) or a
//! path relative to the content folder. Used by reading lists and by
//! `[featured]` in hindsight.toml, so both accept the same names.

use crate::model::Postmortem;
use crate::slug::slugify;
use std::collections::BTreeMap;

/// Lookup tables over the corpus (positions in the postmortem slice).
pub struct Refs<'a> {
    pms: &'a [Postmortem],
    by_id: BTreeMap<&'a str, usize>,
    by_path: BTreeMap<&'a str, usize>,
    content: String,
}

impl<'a> Refs<'a> {
    /// `content` is the content folder (`postmortems`), for relative paths.
    pub fn new(pms: &'a [Postmortem], content: &str) -> Refs<'a> {
        Refs {
            pms,
            by_id: pms
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            by_path: pms
                .iter()
                .enumerate()
                .map(|(i, p)| (p.path.as_str(), i))
                .collect(),
            content: content.trim_matches('/').to_string(),
        }
    }

    /// The position of the postmortem `reference` names, if any.
    pub fn resolve(&self, reference: &str) -> Option<usize> {
        let r = reference.trim().trim_start_matches("./");
        if let Some(&i) = self.by_id.get(r).or_else(|| self.by_path.get(r)) {
            return Some(i);
        }
        let in_content = crate::source::join_repo_path(&self.content, r);
        if let Some(&i) = self.by_path.get(in_content.as_str()) {
            return Some(i);
        }
        // Ids are slugs: `PM-2024-011` in front matter is published as `pm-2024-011`.
        self.by_id.get(slugify(r, "").as_str()).copied()
    }

    /// The message for a name that matches no postmortem, with close matches.
    pub fn not_found(&self, reference: &str, what: &str) -> String {
        let similar = self.similar(reference);
        let hint = if similar.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = similar.iter().map(|s| format!("`{s}`")).collect();
            format!(" (did you mean {}?)", names.join(", "))
        };
        format!(
            "{what} names `{reference}`, which is not a postmortem in this knowledge base{hint}; use an id from postmortems.json or a path such as {}/<file>.md",
            if self.content.is_empty() { "." } else { &self.content }
        )
    }

    /// Up to three ids that look like `reference`, for an error message.
    pub fn similar(&self, reference: &str) -> Vec<&'a str> {
        let want = slugify(reference.rsplit('/').next().unwrap_or(reference), "");
        let want = want.trim_end_matches("-md");
        if want.len() < 3 {
            return Vec::new();
        }
        self.pms
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| id.contains(want) || want.contains(id) || shares_date(id, want))
            .take(3)
            .collect()
    }
}

/// Both start with the same `YYYY-MM-DD`: likely the same incident, misspelled.
fn shares_date(a: &str, b: &str) -> bool {
    a.len() >= 10
        && b.len() >= 10
        && a[..10] == b[..10]
        && a[..10].bytes().filter(u8::is_ascii_digit).count() == 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pm(id: &str, path: &str) -> Postmortem {
        crate::parse::parse_file(path, b"# T\n", &Default::default())
            .map(|mut p| {
                p.id = id.into();
                p
            })
            .unwrap()
    }

    #[test]
    fn ids_paths_and_relative_paths_resolve() {
        let pms = vec![
            pm("pm-2024-011", "postmortems/2024-06-18-certs.md"),
            pm("2021-11-04-dns", "postmortems/2021-11-04-dns.md"),
        ];
        let refs = Refs::new(&pms, "postmortems");
        assert_eq!(refs.resolve("pm-2024-011"), Some(0));
        assert_eq!(refs.resolve("PM-2024-011"), Some(0));
        assert_eq!(refs.resolve("postmortems/2024-06-18-certs.md"), Some(0));
        assert_eq!(refs.resolve("2021-11-04-dns.md"), Some(1));
        assert_eq!(refs.resolve("./postmortems/2021-11-04-dns.md"), Some(1));
        assert_eq!(refs.resolve("2021-11-04-dns"), Some(1));
        assert_eq!(refs.resolve("pm-2099-001"), None);
        assert_eq!(
            refs.similar("2021-11-04-dns-outage"),
            vec!["2021-11-04-dns"]
        );
        assert!(refs.similar("x").is_empty());
    }
}
