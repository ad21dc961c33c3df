//! Sets `HINDSIGHT_VERSION` for `hindsight --version`: the package version
//! and, when known, the commit it was built from and that commit's date.
//! The commit comes from `HINDSIGHT_COMMIT` (container and release builds
//! without `.git`), else from git when this folder is a checkout of its
//! own, else from `.cargo_vcs_info.json` (a crate from crates.io). Nothing
//! found is not an error: the version is then the package version alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-env-changed=HINDSIGHT_COMMIT");
    let commit = std::env::var("HINDSIGHT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_string())
        .or_else(|| from_git(&dir))
        .or_else(|| from_vcs_info(&dir));
    let version = std::env::var("CARGO_PKG_VERSION").expect("set by cargo");
    let full = match commit {
        Some(c) => format!("{version} ({c})"),
        None => version,
    };
    println!("cargo:rustc-env=HINDSIGHT_VERSION={full}");
}

/// Output of `git ARGS` in `dir`, trimmed; `None` when git fails or is absent.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// Reruns this script when `path` changes. Cargo reruns a script on every
/// build while a file it watches is missing, and rebuilds the crate each
/// time, so only paths that exist are watched.
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// "abcdef123456 2026-12-05" from the checkout at `dir`; `None` when `dir`
/// is not the top of a git checkout (a crate unpacked inside some other
/// repository must not report that repository's commit).
fn from_git(dir: &Path) -> Option<String> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // Rebuilt when HEAD moves: a checkout, a commit, a fetch of packed refs.
    let git_dir = PathBuf::from(git(dir, &["rev-parse", "--absolute-git-dir"])?);
    watch(&git_dir.join("HEAD"));
    if let Some(common) = git(dir, &["rev-parse", "--git-common-dir"]) {
        let common = dir.join(common);
        watch(&common.join("packed-refs"));
        if let Some(head_ref) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
            // A branch packed into packed-refs has no file of its own; its
            // next commit writes one into this folder.
            let loose = common.join(head_ref);
            match loose.parent().filter(|_| !loose.exists()) {
                Some(folder) => watch(folder),
                None => watch(&loose),
            }
        }
    }
    git(dir, &["log", "-1", "--format=%h %cs", "--abbrev=12"])
}

/// The commit cargo recorded when the crate was packaged.
fn from_vcs_info(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let after = text.split("\"sha1\"").nth(1)?;
    let sha = after.split('"').nth(1)?;
    (sha.len() >= 12 && sha.chars().all(|c| c.is_ascii_hexdigit())).then(|| sha[..12].to_string())
}
