//! `hindsight serve`: build, serve the site on 127.0.0.1, rebuild when the
//! postmortems, the theme, hindsight.toml, the reading lists or the checked
//! out commit change, and reload the open page. Rebuilds use the build
//! cache, so an edit shows in about the time of a warm build. The working
//! tree is read, so uncommitted edits show at once. Ctrl-C stops it.

use super::build::{self, BuildArgs};
use super::serve_http::{Response, Server};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// Options of `hindsight serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Options of the build `serve` runs, and reruns on every change.
    #[command(flatten)]
    pub build: BuildArgs,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}

/// The live-reload script every served HTML page loads: it polls the build
/// generation and reloads the page when it changes. Served, never written.
const RELOAD_JS: &str = "(function(){var seen=null;function poll(){fetch('/__hindsight/generation',{cache:'no-store'}).then(function(r){return r.text()}).then(function(g){if(seen!==null&&g!==seen){location.reload()}seen=g}).catch(function(){}).finally(function(){setTimeout(poll,700)})}poll()})();\n";
const RELOAD_TAG: &str = "<script src=\"/__hindsight/reload.js\"></script>";

enum Event {
    /// The paths one settled burst of file events touched.
    Changed(Vec<PathBuf>),
    Stop,
}

/// How long file events must pause before a rebuild: editors write a file
/// in several steps.
const SETTLE: Duration = Duration::from_millis(150);

/// The file watcher, batching events until they settle.
type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Serves until Ctrl-C; returns the exit code.
pub fn run(args: &ServeArgs) -> Result<i32> {
    // Watching starts before the first build: a change made while it runs,
    // or right after the address is printed, still gets its rebuild (the
    // build's own writes are ignored below).
    let (tx, rx) = mpsc::channel::<Event>();
    let _watcher = watch(&args.build, tx.clone())?;
    let first = build::run(&args.build)?;
    build::print_report(&first, true);
    let out = first.out.clone();
    let generation = Arc::new(AtomicU64::new(1));

    let server = Server::bind(args.port)
        .with_context(|| format!("127.0.0.1:{}: choose another --port", args.port))?;
    let addr = server.addr();
    println!(
        "Serving {} on http://{addr}/ (Ctrl-C to stop)",
        out.display()
    );
    let stopper = server.stopper();
    let handler = {
        let (out, generation) = (out.clone(), generation.clone());
        Arc::new(move |path: &str| respond(path, &out, &generation))
    };
    let accept = std::thread::spawn(move || server.run(handler));

    let stop = tx;
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .context("installing the Ctrl-C handler")?;

    let ignored = ignored_dirs(&args.build.source.repo, &out);
    while let Ok(Event::Changed(paths)) = rx.recv() {
        let changed: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| !ignored.iter().any(|d| p.starts_with(d)))
            .collect();
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let mut rebuild = args.build.clone();
        rebuild.quiet = true;
        match build::run(&rebuild) {
            Ok(report) => {
                build::print_report(&report, true);
                let g = generation.fetch_add(1, Ordering::SeqCst) + 1;
                println!(
                    "Rebuilt after a change to {} in {:.2} s (generation {g})",
                    changed
                        .iter()
                        .find(|p| p.exists())
                        .unwrap_or(&changed[0])
                        .display(),
                    started.elapsed().as_secs_f64()
                );
            }
            Err(e) => eprintln!("error: {e:#} (still serving the previous site)"),
        }
    }
    stopper.stop();
    let _ = accept.join();
    println!("Stopped.");
    Ok(0)
}

/// Folders whose changes never trigger a rebuild: the site itself (which
/// may sit inside the content folder), its spare, and the build cache.
fn ignored_dirs(repo: &Path, out: &Path) -> Vec<PathBuf> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut dirs = vec![
        abs(out),
        abs(&crate::site::reuse::spare_dir(out)),
        abs(&repo.join(".git/hindsight-cache")),
    ];
    dirs.extend(dirs.clone().iter().filter_map(|d| d.canonicalize().ok()));
    dirs
}

/// Watches what a build reads. Paths that do not exist are skipped.
fn watch(args: &BuildArgs, tx: mpsc::Sender<Event>) -> Result<Watcher> {
    use notify::RecursiveMode;
    let handler = move |res: notify_debouncer_full::DebounceEventResult| {
        let Ok(events) = res else { return };
        // Reads (the build's own among them) change nothing.
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
            .flat_map(|e| e.event.paths)
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(Event::Changed(paths));
        }
    };
    let mut watcher = notify_debouncer_full::new_debouncer(SETTLE, None, handler)
        .context("starting the file watcher")?;
    let repo = &args.source.repo;
    let config = crate::config::Config::load(repo).unwrap_or_default();
    let content = args
        .source
        .content
        .clone()
        .unwrap_or(config.content.clone());
    let recursive = [
        repo.join(&content),
        repo.join(&config.theme),
        repo.join("reading-lists"),
        repo.join(".git/refs"),
    ];
    for dir in recursive.iter().filter(|d| d.is_dir()) {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("watching {}", dir.display()))?;
    }
    // hindsight.toml and .git/HEAD: their folders, not recursively.
    for dir in [repo.to_path_buf(), repo.join(".git")] {
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::NonRecursive)
                .with_context(|| format!("watching {}", dir.display()))?;
        }
    }
    Ok(watcher)
}

/// Answers one request for `path` (with any query) from the built site.
fn respond(path: &str, out: &Path, generation: &AtomicU64) -> Response {
    let url = path.split(['?', '#']).next().unwrap_or("/");
    let ok = |kind: &str, body: Vec<u8>| Response {
        status: 200,
        content_type: kind.to_string(),
        body,
    };
    match url {
        "/__hindsight/generation" => {
            let g = generation.load(Ordering::SeqCst).to_string();
            return ok("text/plain", g.into_bytes());
        }
        "/__hindsight/reload.js" => {
            return ok("text/javascript", RELOAD_JS.as_bytes().to_vec());
        }
        _ => {}
    }
    let Some(path) = resolve(out, url) else {
        return Response::text(404, "not found");
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let kind = content_type(&path);
            let bytes = if kind.starts_with("text/html") {
                inject_reload(bytes)
            } else {
                bytes
            };
            ok(&kind, bytes)
        }
        Err(_) => Response::text(404, "not found"),
    }
}

/// The file a URL path names inside `out` (`/` → `index.html`); `None` for
/// paths that would leave it.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .ok()?
        .into_owned();
    let mut path = out.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains('\\') || seg.contains('\0') {
            return None;
        }
        path.push(seg);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    Some(path)
}

/// The MIME type of a site file, with a charset for text.
fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT || mime.subtype() == "javascript" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Adds the reload script before `</body>` (or at the end).
fn inject_reload(bytes: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes);
    match text.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_TAG}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{RELOAD_TAG}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tags")).unwrap();
        let out = dir.path();
        assert_eq!(resolve(out, "/").unwrap(), out.join("index.html"));
        assert_eq!(resolve(out, "/tags/").unwrap(), out.join("tags/index.html"));
        assert_eq!(resolve(out, "/a%20b.html").unwrap(), out.join("a b.html"));
        assert!(resolve(out, "/../etc/passwd").is_none());
        assert!(resolve(out, "/%2e%2e/x").is_none());
        assert!(resolve(out, "/a%5cb").is_none());
    }

    #[test]
    fn reload_script_goes_before_the_body_end() {
        let html = inject_reload(b"<html><body>x</body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body>x{RELOAD_TAG}</body></html>")
        );
        assert!(String::from_utf8(inject_reload(b"plain".to_vec()))
            .unwrap()
            .ends_with(RELOAD_TAG));
    }
}
