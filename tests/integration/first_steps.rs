//! A newcomer's first five minutes, exactly as the README's quick start
//! tells them: its commands are read from README.md and run one by one in
//! an empty temporary folder (all but `serve`, which tests/integration/serve.rs covers).

use crate::common::{export, hindsight_in, Run};
use std::path::{Path, PathBuf};

/// The commands of the README's "Quick start on your own repository" block,
/// each split into words as a shell would (comments dropped).
fn quick_start() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("## Quick start on your own repository")
        .nth(1)
        .expect("a quick-start section in README.md");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block in the quick start");
    block
        .lines()
        .map(|l| l.split("  #").next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(words)
        .collect()
}

/// `line` split at spaces outside double quotes, quotes removed.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    assert!(!quoted, "unbalanced quotes in README line: {line}");
    out.extend((!word.is_empty()).then_some(word));
    out
}

#[test]
fn the_readme_quick_start_works_in_an_empty_folder() {
    let home = tempfile::tempdir().unwrap();
    let mut cwd: PathBuf = home.path().to_path_buf();
    let mut ran: Vec<(String, Run)> = Vec::new();
    for cmd in quick_start() {
        match cmd[0].as_str() {
            "cd" => cwd = cwd.join(&cmd[1]),
            "hindsight" if cmd[1] == "serve" => {}
            "hindsight" => {
                let args: Vec<&str> = cmd[1..].iter().map(String::as_str).collect();
                ran.push((cmd[1].clone(), hindsight_in(&cwd, &args)));
            }
            other => panic!("the quick start runs `{other}`, which this test does not know"),
        }
    }
    let steps: Vec<&str> = ran.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        steps,
        ["init", "new", "build", "check"],
        "README order changed"
    );
    let [init, new, build, check] = [&ran[0].1, &ran[1].1, &ran[2].1, &ran[3].1];

    // init: a git repository, and it says what it made and what comes next.
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(cwd.join(".git").is_dir(), "init did not run git init");
    for said in [
        "created hindsight.toml",
        "created .github/workflows/hindsight.yml",
        "ran     git init",
        "hindsight new \"Checkout errors after deploy\"",
        "hindsight serve",
        "git push",
    ] {
        assert!(
            init.stdout.contains(said),
            "init did not say {said:?}:\n{}",
            init.stdout
        );
    }

    // new: the file it names exists and holds the title.
    assert_eq!(new.code, 0, "{}", new.stderr);
    let first = new.stdout.lines().next().unwrap();
    let rel = first.strip_prefix("created ").expect(first);
    let text = std::fs::read_to_string(cwd.join(rel)).expect(rel);
    assert!(text.contains("# Checkout errors after deploy"), "{text}");
    assert!(new.stdout.contains("hindsight serve"), "{}", new.stdout);
    assert!(new.stdout.contains("hindsight check"), "{}", new.stdout);

    // build: a whole site with that postmortem on it, no "not a git repository".
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        !build.stderr.contains("not a git repository"),
        "{}",
        build.stderr
    );
    let site = cwd.join("public");
    let pms = export(&site);
    assert_eq!(pms.len(), 1, "{:?}", pms.keys());
    assert_eq!(
        pms.values().next().unwrap()["title"],
        "Checkout errors after deploy"
    );
    assert!(site.join("index.html").is_file());

    // check: the template's placeholders are findings on the new file.
    assert_eq!(check.code, 1, "{}\n{}", check.stdout, check.stderr);
    assert!(check.stdout.contains(rel), "{}", check.stdout);
    assert!(
        check.stdout.contains("still holds the template's text"),
        "{}",
        check.stdout
    );

    // Filled in as the template asks, the same check passes.
    let filled = include_str!("../fixtures/first-steps/filled-in.md");
    std::fs::write(cwd.join(rel), filled).unwrap();
    let again = hindsight_in(&cwd, &["check"]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
}

#[test]
fn first_mistakes_say_what_to_run() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    // Postmortems somewhere else than the default folder.
    std::fs::create_dir_all(dir.join("docs/incidents")).unwrap();
    std::fs::write(
        dir.join("docs/incidents/2024-01-01-outage.md"),
        "# Outage\n",
    )
    .unwrap();
    let run = hindsight_in(dir, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("content folder not found")
            && run
                .stderr
                .contains("`--content docs/incidents` (1 Markdown file)"),
        "{}",
        run.stderr
    );
    // The right folder, but not a git repository yet.
    let run = hindsight_in(dir, &["build", "--content", "docs/incidents"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a git repository") && run.stderr.contains("run `git init"),
        "{}",
        run.stderr
    );
    // A content folder with no postmortems in it.
    std::fs::create_dir_all(dir.join("postmortems")).unwrap();
    let run = hindsight_in(dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no postmortems found")
            && run.stderr.contains("hindsight new")
            && run.stderr.contains("`--content docs/incidents`"),
        "{}",
        run.stderr
    );
    // `--base` outside git.
    let run = hindsight_in(dir, &["check", "--base", "main"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("run `git init`"), "{}", run.stderr);
}
