//! No file is written outside the output folder and no page replaces
//! another, whatever ids, file names, tags, services or reading-list names
//! say: `..`, absolute paths, Windows separators, NUL, very long names,
//! names that differ only in case or Unicode normalization, `index`.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn pm(id: Option<&str>, tags: &str) -> String {
    let id = id.map_or(String::new(), |i| format!("id: {i}\n"));
    format!("---\n{id}date: 2024-01-01\ntags: {tags}\nservices: [\"..\", \"C:\\\\Windows\\\\x\", \"/etc\"]\n---\n# T\n\n## Timeline\n- 10:00 — alert fires\n")
}

#[allow(clippy::too_many_lines, reason = "one scenario, read top to bottom")]
#[test]
fn hostile_names_stay_inside_the_output_and_never_collide() {
    let r = TestRepo::new();
    let files: Vec<(String, String)> = vec![
        ("a.md".into(), pm(Some("\"../../escape\""), "[]")),
        ("b.md".into(), pm(Some("\"/etc/passwd\""), "[]")),
        ("c.md".into(), pm(Some("'..\\..\\win\\x'"), "[]")),
        ("d.md".into(), pm(Some("\"nul\\0byte\""), "[]")),
        ("e.md".into(), pm(Some(&"x".repeat(300)), "[]")),
        (format!("{}.md", "L".repeat(240)), pm(None, "[]")),
        ("DNS.md".into(), pm(None, "[]")),
        ("dns.md".into(), pm(None, "[]")),
        ("caf\u{e9}.md".into(), pm(None, "[]")),
        ("cafe\u{301}.md".into(), pm(None, "[]")),
        ("Caf\u{c9}.md".into(), pm(None, "[]")),
        (
            "index.md".into(),
            pm(None, "[index, A, a, \"a 2\", \"a-2\", ../x, /abs]"),
        ),
        ("z.md".into(), pm(Some("\"   \""), "[\"\\0\"]")),
    ];
    for (name, text) in &files {
        r.write(&format!("postmortems/{name}"), text);
    }
    r.write("reading-lists/index.toml", "title = \"Named index\"\n");
    r.write("reading-lists/Index.toml", "title = \"Named Index too\"\n");
    r.write("reading-lists/start.toml", "title = \"Start\"\n");
    r.commit("hostile names", BOB, T0);

    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let run = build(r.path(), &out, &[]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(
        run.summary().contains("Built 13 postmortems"),
        "{}",
        run.stderr
    );

    // Nothing next to the output folder, nothing but files and folders in it.
    let beside: Vec<_> = std::fs::read_dir(parent.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "only the output folder: {beside:?}");
    let site = tree(&out);
    for path in site.keys() {
        assert!(
            !path.contains("..") && !path.contains('\\') && !path.contains('\0'),
            "{path}"
        );
        let meta = std::fs::symlink_metadata(out.join(path)).unwrap();
        assert!(meta.is_file(), "{path} is a plain file");
        assert!(
            Path::new(path).components().count() <= 3,
            "{path} stays shallow"
        );
    }
    // Nothing written into the repository either (no stray output there).
    assert!(!r.path().join("public").exists());

    // Every postmortem has its own id and page; ids are path-safe slugs.
    let pms = export(&out);
    assert_eq!(pms.len(), files.len(), "{:?}", pms.keys());
    for id in pms.keys() {
        assert!(
            id.chars().count() <= 80 && id.chars().all(|c| c.is_alphanumeric() || c == '-'),
            "{id}"
        );
        for dir in ["postmortems", "discuss", "wheel"] {
            assert!(site.contains_key(&format!("{dir}/{id}.html")), "{dir}/{id}");
        }
    }
    let page_count = |dir: &str| site.keys().filter(|p| p.starts_with(dir)).count();
    assert_eq!(page_count("postmortems/"), files.len());
    assert_eq!(page_count("discuss/"), files.len());
    assert_eq!(
        page_count("wheel/"),
        files.len() + 1,
        "pages + wheel/index.html"
    );

    // Case and Unicode normalization fold together, and the later file is
    // renamed with a warning rather than silently replacing the first.
    let ids: BTreeSet<&str> = pms.keys().map(String::as_str).collect();
    for id in ["dns", "dns-2", "café", "café-2", "café-3", "index-2"] {
        assert!(ids.contains(id), "{id} in {ids:?}");
    }
    let renamed = run.stderr.matches("is also used by").count();
    assert!(renamed >= 4, "a warning per renamed id:\n{}", run.stderr);
    assert_eq!(by_path(&pms, "postmortems/index.md")["id"], "index-2");
    assert!(page(&out, "wheel/index.html").contains("wheel/"));

    // Terms named `index`, or colliding once slugged, get their own pages and
    // the taxonomy list page stays the list.
    let tags_index = page(&out, "tags/index.html");
    assert!(
        !tags_index.contains("<title>Tag: index"),
        "tags/index.html replaced"
    );
    for slug in ["index-2", "a", "a-2", "a-2-2", "a-2-3", "x", "abs"] {
        assert!(
            site.contains_key(&format!("tags/{slug}.html")),
            "tags/{slug}"
        );
        assert!(
            tags_index.contains(&format!("{slug}.html")),
            "listed: {slug}"
        );
    }
    let services = site.keys().filter(|p| p.starts_with("services/")).count();
    assert_eq!(services, 4, "index + 3 services");

    // Reading lists named index / Index: both published beside the list page.
    let lists = page(&out, "reading-lists/index.html");
    for title in ["Named index", "Named Index too", "Start"] {
        assert!(lists.contains(title), "{title} listed");
    }
    for slug in ["index-2", "index-3", "start"] {
        assert!(
            site.contains_key(&format!("reading-lists/{slug}.html")),
            "{slug}"
        );
    }
}

#[test]
fn symlinked_content_outside_the_repository_is_refused() {
    let r = TestRepo::new();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("key.md"), "# SECRET\n").unwrap();
    std::os::unix::fs::symlink(secret.path(), r.path().join("postmortems")).unwrap();
    let out = r.path().join("out");
    let run = build(r.path(), &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the repository"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let run = build(r.path(), &out, &["--content", "../../.."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the repository"),
        "{}",
        run.stderr
    );
}
