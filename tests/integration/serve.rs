//! `hindsight serve` on a real repository: serves the site with the reload
//! script, shows an uncommitted edit after a rebuild, and stops on Ctrl-C.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A plain HTTP/1.0 GET: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw[9..12].parse().unwrap();
    let body = raw.split_once("\r\n\r\n").map_or("", |x| x.1).to_string();
    (status, body)
}

#[test]
fn serves_rebuilds_on_change_and_stops_on_ctrl_c() {
    let pm = "postmortems/2024-05-01-cache-stampede.md";
    let served = serve(
        pm,
        "# Cache stampede on the catalog\n\n## Summary\nThe catalog cache expired at once.\n",
    );
    let (mut child, mut lines, addr) = (served.child, served.lines, served.addr);
    let (r, dir) = (served.repo, served.dir);
    let out = dir.path().join("site");

    let (status, home) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Cache stampede on the catalog"));
    assert!(
        home.contains("/__hindsight/reload.js"),
        "reload script injected"
    );
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("__hindsight"),
        "the built files are not changed"
    );
    assert_eq!(get(&addr, "/__hindsight/generation").1, "1");
    // A file beside the site, reached by climbing out of it in any spelling.
    std::fs::write(dir.path().join("beside.txt"), "not for the browser").unwrap();
    for url in [
        "/../beside.txt",
        "/%2e%2e/beside.txt",
        "/..%2fbeside.txt",
        "/%2e%2e%2fbeside.txt",
        "/.%2e/beside.txt",
        "/tags/../../beside.txt",
        "/..%5cbeside.txt",
    ] {
        let (status, body) = get(&addr, url);
        assert_eq!(status, 404, "{url}");
        assert!(!body.contains("not for the browser"), "{url}");
    }

    // An uncommitted edit shows after the rebuild.
    r.write(
        pm,
        "# Thundering herd on the catalog\n\n## Summary\nThe catalog cache expired at once.\n",
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&addr, "/__hindsight/generation").1 == "1" {
        assert!(Instant::now() < deadline, "no rebuild within 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    let rebuilt = lines.next().unwrap().unwrap();
    assert!(
        rebuilt.starts_with("Rebuilt after a change to "),
        "{rebuilt}"
    );
    assert!(get(&addr, "/").1.contains("Thundering herd on the catalog"));

    // Ctrl-C (SIGINT) stops it cleanly.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "still running 10 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert_eq!(
        rest.last().map(String::as_str),
        Some("Stopped."),
        "{rest:?}"
    );
}

/// A running `hindsight serve` over a one-postmortem repository.
struct Served {
    child: std::process::Child,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
    addr: String,
    repo: TestRepo,
    dir: tempfile::TempDir,
}

/// Starts `hindsight serve` on a free port over a repository holding
/// `text` at `path`, into `<dir>/site`.
fn serve(path: &str, text: &str) -> Served {
    let repo = TestRepo::new();
    repo.write(path, text);
    repo.commit("Add", ALICE_NEW, T0);
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["serve", "--port", "0", "-q", "--repo"])
        .arg(repo.path())
        .arg("--out")
        .arg(dir.path().join("site"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|s| s.strip_suffix("/ (Ctrl-C to stop)"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    Served {
        child,
        lines,
        addr,
        repo,
        dir,
    }
}

#[test]
fn other_hosts_are_refused_and_stuck_clients_block_nobody() {
    let big = format!(
        "# Big page\n\n## Summary\n{}\n",
        "many words here ".repeat(40_000)
    );
    let served = serve("postmortems/2024-05-01-big.md", &big);
    let (mut child, addr) = (served.child, served.addr.clone());
    // DNS rebinding: the browser sends the attacker's host name.
    let port = addr.rsplit(':').next().unwrap();
    for host in [
        format!("evil.example:{port}"),
        "localhost".into(),
        format!("127.0.0.1:{port}.evil.example"),
    ] {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        assert!(raw.starts_with("HTTP/1.1 421"), "{host}: {raw:.80}");
    }
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw:.80}");

    // Clients that ask for a large page and never read, and clients that
    // never finish their request, hold no worker the others need.
    let mut stuck = Vec::new();
    for _ in 0..8 {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET /postmortems/2024-05-01-big.html HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        stuck.push(s);
    }
    for _ in 0..8 {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "GET / HTTP/1.1\r\nHo").unwrap();
        stuck.push(s);
    }
    let started = Instant::now();
    let (status, body) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("Big page"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(stuck);
    let _ = child.kill();
    let _ = child.wait();
}
