//! The HTTP side of `hindsight serve`: GET and HEAD on 127.0.0.1, one
//! request per connection, parsed by httparse. A preview server still
//! meets the browser's web: every connection has its own thread, read and
//! write deadlines and a cap on how many are open, so clients that never
//! read (or never finish a request) cannot stop it answering; and only
//! `Host` values of this machine at this port are answered, so a page
//! elsewhere cannot reach it through DNS rebinding.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Connections served at once; more are told 503 and closed.
const MAX_CONNECTIONS: usize = 64;
/// How long a client may take to send its request.
const READ_DEADLINE: Duration = Duration::from_secs(10);
/// How long a client may take to read the answer.
const WRITE_DEADLINE: Duration = Duration::from_secs(30);
/// The largest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// What a handler answers.
pub(super) struct Response {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` value.
    pub content_type: String,
    /// The body (left out for HEAD).
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text answer.
    pub(super) fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8".into(),
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A listening server.
pub(super) struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0 picks a free port).
    pub(super) fn bind(port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            addr,
            stopping: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The address it listens on.
    pub(super) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Something that stops [`Server::run`] from another thread.
    pub(super) fn stopper(&self) -> Stopper {
        Stopper {
            addr: self.addr,
            stopping: self.stopping.clone(),
        }
    }

    /// Answers requests with `handler(path)` until stopped.
    pub(super) fn run(self, handler: Arc<dyn Fn(&str) -> Response + Send + Sync>) {
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            if self.stopping.load(Ordering::SeqCst) {
                break;
            }
            let Ok(mut stream) = stream else { continue };
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let _ = write_response(&mut stream, &Response::text(503, "busy"), false);
                continue;
            }
            let (open, handler, port) = (open.clone(), handler.clone(), self.addr.port());
            std::thread::spawn(move || {
                serve_one(stream, port, handler.as_ref());
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    }
}

/// Stops a running server.
#[derive(Clone)]
pub(super) struct Stopper {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
}

impl Stopper {
    /// Makes the accept loop end (a connection wakes it).
    pub(super) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Reads one request and answers it.
fn serve_one(mut stream: TcpStream, port: u16, handler: &(dyn Fn(&str) -> Response + Sync)) {
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    let response_for = |request: &httparse::Request<'_, '_>| -> (Response, bool) {
        let method = request.method.unwrap_or("");
        let head_only = method == "HEAD";
        if method != "GET" && !head_only {
            return (Response::text(405, "only GET and HEAD"), false);
        }
        let host = request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("host"))
            .map(|h| String::from_utf8_lossy(h.value).into_owned());
        match host {
            Some(h) if host_is_local(&h, port) => {}
            _ => {
                return (
                    Response::text(421, "this server answers only http://127.0.0.1, localhost and [::1] at its own port"),
                    head_only,
                )
            }
        }
        (handler(request.path.unwrap_or("/")), head_only)
    };
    let (response, head_only) = match request.parse(&head) {
        Ok(httparse::Status::Complete(_)) => response_for(&request),
        _ => (Response::text(400, "bad request"), false),
    };
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let _ = write_response(&mut stream, &response, head_only);
}

/// Reads up to the end of the request head, within [`READ_DEADLINE`].
fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let started = Instant::now();
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = READ_DEADLINE.checked_sub(started.elapsed())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        let n = stream.read(&mut buf).ok()?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Some(head)
}

/// Writes the answer within [`WRITE_DEADLINE`], in pieces, so a client that
/// reads slowly is dropped when the time is up.
fn write_response(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    let started = Instant::now();
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if head_only {
        return stream.flush();
    }
    for piece in r.body.chunks(64 * 1024) {
        let left = WRITE_DEADLINE
            .checked_sub(started.elapsed())
            .ok_or(std::io::ErrorKind::TimedOut)?;
        stream.set_write_timeout(Some(left.max(Duration::from_millis(1))))?;
        stream.write_all(piece)?;
    }
    stream.flush()
}

/// Whether a `Host` header names this machine at `port`.
pub(super) fn host_is_local(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_at_this_port_is_answered() {
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST:8000",
            "[::1]:8000",
        ] {
            assert!(host_is_local(ok, 8000), "{ok}");
        }
        for bad in [
            "evil.example:8000",
            "127.0.0.1:8001",
            "localhost",
            "127.0.0.1.evil.example:8000",
            "",
            "localhost:8000.evil.example",
        ] {
            assert!(!host_is_local(bad, 8000), "{bad}");
        }
    }
}
