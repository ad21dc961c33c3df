//! `broken-link`: a relative link to a Markdown file that is not in the
//! repository (renamed, mistyped, or never committed).

use super::rules::Rule;
use super::source::Source;
use super::{Context, Hit};
use crate::model::Postmortem;
use pulldown_cmark::{Event, Parser, Tag};

pub(super) fn check(pm: &Postmortem, src: &Source<'_>, ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let parser = Parser::new_ext(&pm.body, crate::parse::blocks::options());
    for (event, range) in parser.into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some(target) = markdown_target(&dest_url) else {
            continue;
        };
        let resolved = resolve(&pm.path, &target);
        let ok = resolved.as_deref().is_some_and(|p| (ctx.exists)(p));
        if ok {
            continue;
        }
        let (line, col) = src.body_position(&pm.body, range.start);
        let text = src.line(line);
        // Underline the link's destination when it is on the first line.
        let span = text[col..]
            .find(dest_url.as_ref())
            .map(|i| col + i..col + i + dest_url.len())
            .or_else(|| Some(col..text.len().min(col + (range.end - range.start))));
        let message = match &resolved {
            Some(p) => format!("link to `{dest_url}`: `{p}` is not in the repository"),
            None => format!("link to `{dest_url}` points outside the repository"),
        };
        let help = match suggestion(pm, &target, ctx) {
            Some(s) => format!("did you mean `{s}`? Links are relative to this file's folder"),
            None => "fix the path (links are relative to this file's folder), or link the page by its site address if the file was removed".to_string(),
        };
        hits.push(Hit::new(Rule::BrokenLink, line, span, message, help));
    }
}

/// `unpublished-link`: an address the site cannot serve. One out of the
/// repository, an image (or other copied file) that is not there, and,
/// when `repo_url` is not set, a link to a repository file that is not a
/// postmortem (documents, scripts), which the site would leave dead. The
/// build reports files it could not copy (too large, a symbolic link).
pub(super) fn unpublished(
    pm: &Postmortem,
    src: &Source<'_>,
    ctx: &Context<'_>,
    hits: &mut Vec<Hit>,
) {
    use crate::links::{classify, is_copied_type, references, Dest};
    for r in references(&pm.body) {
        let (message, help) = match classify(&r.dest, &pm.path) {
            Dest::Outside(why) => (
                format!("`{}` is not published: {why}", r.dest),
                "link a file inside the repository, relative to this file's folder, or a web address".to_string(),
            ),
            Dest::Repo { path, .. } if !ctx.paths.contains(path.as_str()) => {
                let copied = r.image || is_copied_type(&path);
                match ((ctx.exists)(&path), copied) {
                    (false, true) => (
                        format!("`{}`: `{path}` is not in the repository", r.dest),
                        "fix the path (it is relative to this file's folder), or commit the file".to_string(),
                    ),
                    (true, false) if !ctx.repo_url => (
                        format!("link to `{}`: the site does not publish `{path}`, a file of the repository that is not a postmortem", r.dest),
                        "set `repo_url` in hindsight.toml to link it to the repository's web view, or link a web address".to_string(),
                    ),
                    _ => continue,
                }
            }
            _ => continue,
        };
        let (line, col) = src.body_position(&pm.body, r.offset);
        let text = src.line(line);
        let span = text
            .get(col..)
            .and_then(|t| t.find(r.dest.as_str()))
            .map(|i| col + i..col + i + r.dest.len());
        hits.push(Hit::new(Rule::UnpublishedLink, line, span, message, help));
    }
}

/// The path part of a link to a Markdown file in the repository: `None`
/// for web links, mail links, anchors and links to other kinds of files.
fn markdown_target(dest: &str) -> Option<String> {
    let d = dest.trim();
    let scheme = d.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if d.is_empty() || d.starts_with('#') || d.starts_with("//") || scheme {
        return None;
    }
    let path = d.split(['#', '?']).next().unwrap_or(d);
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let lower = path.to_lowercase();
    (lower.ends_with(".md") || lower.ends_with(".markdown")).then_some(path)
}

/// `target` resolved against the folder of `from` (a repository path);
/// `None` when it climbs out of the repository.
pub(super) fn resolve(from: &str, target: &str) -> Option<String> {
    match target.strip_prefix('/') {
        Some(from_root) => crate::links::resolve("", from_root),
        None => crate::links::resolve(from, target),
    }
}

/// A postmortem the author probably meant: the same file name in another
/// folder, else one whose name starts with the same date.
fn suggestion(pm: &Postmortem, target: &str, ctx: &Context<'_>) -> Option<String> {
    let name = target.rsplit('/').next()?;
    let date = name
        .get(..10)
        .filter(|d| crate::parse::times::leading_date(d).is_some());
    let hit = ctx
        .corpus
        .iter()
        .find(|p| p.path.rsplit('/').next() == Some(name))
        .or_else(|| {
            let d = date?;
            let mut same_day = ctx.corpus.iter().filter(|p| {
                p.path != pm.path && p.path.rsplit('/').next().is_some_and(|n| n.starts_with(d))
            });
            let first = same_day.next()?;
            same_day.next().is_none().then_some(first)
        })?;
    Some(relative(&pm.path, &hit.path))
}

/// The relative link from the file `from` to the repository path `to`.
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> =
        from.split('/').collect::<Vec<_>>()[..from.split('/').count() - 1].to_vec();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn paths_resolve_like_a_browser() {
        assert_eq!(
            resolve("postmortems/a.md", "b.md").as_deref(),
            Some("postmortems/b.md")
        );
        assert_eq!(
            resolve("postmortems/a.md", "../docs/x.md").as_deref(),
            Some("docs/x.md")
        );
        assert_eq!(
            resolve("postmortems/a.md", "/README.md").as_deref(),
            Some("README.md")
        );
        assert_eq!(resolve("postmortems/a.md", "../../x.md"), None);
        assert_eq!(
            relative("postmortems/2024/a.md", "postmortems/2023/b.md"),
            "../2023/b.md"
        );
        assert_eq!(relative("postmortems/a.md", "postmortems/b.md"), "b.md");
        assert_eq!(markdown_target("b.md#timeline").as_deref(), Some("b.md"));
        assert_eq!(
            markdown_target("2023-10-02-%EA%B2%80%EC%83%89.md").as_deref(),
            Some("2023-10-02-검색.md")
        );
        for skip in [
            "https://x.example/a.md",
            "mailto:a@b.c",
            "#impact",
            "runbook.pdf",
            "//cdn/x.md",
        ] {
            assert_eq!(markdown_target(skip), None, "{skip}");
        }
    }

    #[test]
    fn addresses_the_site_cannot_serve() {
        let md = clean("![pods](img/pods.png) ![gone](img/gone.png) [doc](../setup/webhooks.md) [fix](../scripts/fix.sh) [out](../../outside.png) [pm](2025-03-01-a.md) [web](https://x.example/a.sh) [top](#summary)\n");
        let pm = [("postmortems/2025-03-01-a.md", "# A\n\n## Summary\nx\n")];
        let files = [
            "postmortems/img/pods.png",
            "setup/webhooks.md",
            "scripts/fix.sh",
        ];
        let f = lint_beside(
            "postmortems/2026-01-10-x.md",
            &md,
            &pm,
            &files,
            Default::default(),
        );
        let hits: Vec<_> = of(&f, super::Rule::UnpublishedLink);
        let marks: Vec<String> = hits.iter().map(|h| marked(h)).collect();
        assert_eq!(
            marks,
            [
                "img/gone.png",
                "../setup/webhooks.md",
                "../scripts/fix.sh",
                "../../outside.png"
            ],
            "{hits:#?}"
        );
        assert!(hits[1].help.contains("repo_url"), "{}", hits[1].help);
        assert!(hits
            .iter()
            .all(|h| h.line == 34 && h.level == crate::model::Level::Warning));
    }

    #[test]
    fn links_to_missing_postmortems() {
        let other = "postmortems/2025-03-01-cert-expiry.md";
        let other_md = "# Cert expiry\n\n## Summary\nx\n";
        let md = clean("See [the cert incident](2025-03-01-cert-expry.md), [its timeline](2025-03-01-cert-expiry.md#timeline), [the runbook](https://wiki.example/r.md) and [gone](../old/2019-01-01-x.md).\n");
        let f = lint_in(
            "postmortems/2026-01-10-x.md",
            &md,
            &[(other, other_md)],
            Default::default(),
        );
        let links: Vec<_> = of(&f, super::Rule::BrokenLink);
        assert_eq!(links.len(), 2, "{f:#?}");
        assert_eq!(links[0].line, 34);
        assert_eq!(marked(links[0]), "2025-03-01-cert-expry.md");
        assert!(links[0]
            .message
            .contains("`postmortems/2025-03-01-cert-expry.md` is not in the repository"));
        assert!(
            links[0]
                .help
                .contains("did you mean `2025-03-01-cert-expiry.md`?"),
            "{}",
            links[0].help
        );
        assert!(links[1].message.contains("`old/2019-01-01-x.md`"));
    }
}
