//! `duplicate-id` and `duplicate-title`: two postmortems that readers (and
//! links) cannot tell apart.

use super::rules::Rule;
use super::source::Source;
use super::{Context, Hit};
use crate::model::Postmortem;

/// The id a postmortem asks for (front-matter `id`, else its file name),
/// before the build renames duplicates to `-2`, `-3`.
pub(super) fn id_key(pm: &Postmortem) -> String {
    let stem = pm.path.rsplit('/').next().unwrap_or(&pm.path);
    let stem = stem
        .rsplit_once('.')
        .filter(|(_, ext)| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
        .map_or(stem, |(s, _)| s);
    crate::slug::slugify(pm.meta.id.as_deref().unwrap_or(stem), "postmortem")
}

/// Titles compared without case, punctuation or extra spaces.
pub(super) fn title_key(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn others<'a>(pm: &Postmortem, list: Option<&'a Vec<usize>>, ctx: &'a Context<'_>) -> Vec<&'a str> {
    list.into_iter()
        .flatten()
        .map(|&i| ctx.corpus[i].path.as_str())
        .filter(|p| *p != pm.path)
        .collect()
}

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let id = id_key(pm);
    let same_id = others(pm, ctx.by_id.get(&id), ctx);
    if !same_id.is_empty() {
        let (line, span) = match src.key_line("id", ctx.aliases) {
            Some((n, v)) => (n, Some(v)),
            None => src.title_line(ctx.aliases),
        };
        hits.push(Hit::new(
            Rule::DuplicateId,
            line,
            span,
            format!("id `{id}` is also the id of {}", same_id.join(", ")),
            if pm.meta.id.is_some() {
                "give this postmortem its own `id:`; the site publishes the second one as `-2`, and links to it change when files are added"
            } else {
                "the id comes from the file name: add an `id:` to the front matter, or rename the file"
            },
        ));
    }
    let key = title_key(&pm.title);
    let same_title = others(pm, ctx.by_title.get(&key), ctx);
    if !key.is_empty() && !same_title.is_empty() {
        let (line, span) = src.title_line(ctx.aliases);
        hits.push(Hit::new(
            Rule::DuplicateTitle,
            line,
            span,
            format!("title “{}” is also the title of {}", pm.title, same_title.join(", ")),
            "make the title say what was different about this incident (the service, the cause, the date), so lists and search results can be told apart",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Rule;

    #[test]
    fn same_id_and_same_title() {
        let md = clean("").replace("severity: SEV2\n", "severity: SEV2\nid: PM-7\n");
        let other = "---\nid: pm-7\ntitle: Disk Full on Broker 3!\n---\n# x\n";
        let f = lint_in(
            "postmortems/b.md",
            &md,
            &[("postmortems/a.md", other)],
            Default::default(),
        );
        assert_eq!(
            ids(&f),
            [("duplicate-title", 2), ("duplicate-id", 5)],
            "{f:#?}"
        );
        assert!(f[1]
            .message
            .contains("id `pm-7` is also the id of postmortems/a.md"));
        assert_eq!(f[0].level, crate::model::Level::Warning);
        assert_eq!(f[1].level, crate::model::Level::Error);
    }

    #[test]
    fn distinct_postmortems_are_fine() {
        let md = clean("");
        let other = "---\ntitle: Disk full on broker 4\n---\n# x\n";
        let f = lint_in(
            "postmortems/2026-01-10-x.md",
            &md,
            &[("postmortems/2026-01-10-y.md", other)],
            Default::default(),
        );
        assert!(
            of(&f, Rule::DuplicateId).is_empty() && of(&f, Rule::DuplicateTitle).is_empty(),
            "{f:#?}"
        );
        // Ids from file names.
        let f = lint_in(
            "postmortems/2026-01-10-x.md",
            &md,
            &[("postmortems/old/2026-01-10-x.md", other)],
            Default::default(),
        );
        assert_eq!(ids(&f), [("duplicate-id", 2)]);
        assert!(f[0].help.contains("file name"));
    }
}
