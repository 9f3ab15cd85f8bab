//! Just enough HTTP/1.1 for the simulator, on std's sockets: one request per connection
//! (`Connection: close`), bodies framed by `Content-Length`, chunked encoding, or the end of the
//! stream. Plain HTTP only: the simulator talks to services under test, on loopback or a test network.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Longest request or status line plus headers read (Docs' own front proxy allows far less).
const MAX_HEAD: usize = 1024 * 1024;
/// Longest body read (a docbuilder script or a downloaded test document).
pub const MAX_BODY: usize = 64 * 1024 * 1024;
/// How long one read or write may stall before the exchange is given up.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A request received by the simulator, or a response received from the integrator.
#[derive(Debug, Default)]
pub struct Message {
    /// Request: the method; response: the status code as text.
    pub start: String,
    /// Request: the target (`/path?query`); response: the reason phrase.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Message {
    /// The first header named `name`, compared case-insensitively as HTTP does.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The target's path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
    /// The query's `name=value` pairs, percent-decoded (`+` is a space, as in a form).
    pub fn query(&self) -> Vec<(String, String)> {
        let Some((_, q)) = self.target.split_once('?') else {
            return vec![];
        };
        url::form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

fn read_line(r: &mut impl BufRead, budget: &mut usize) -> io::Result<String> {
    let mut line = Vec::new();
    r.by_ref()
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if line.len() > *budget {
        return Err(bad("the head is too large"));
    }
    *budget -= line.len();
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| bad("a header line is not UTF-8"))
}

/// Reads one message: start line, headers, body. `is_response` lets a body run to the end of the
/// stream when it has neither length nor chunking (a request then has no body).
fn read_message(stream: &TcpStream, is_response: bool) -> io::Result<Message> {
    let mut r = BufReader::new(stream);
    let mut budget = MAX_HEAD;
    let first = read_line(&mut r, &mut budget)?;
    if first.is_empty() {
        return Err(bad("the connection closed before a message"));
    }
    let mut parts = first.splitn(3, ' ');
    let (a, b, c) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let mut m = Message::default();
    if is_response {
        if !a.starts_with("HTTP/1.") {
            return Err(bad("the answer is not HTTP/1.x"));
        }
        m.start = b.to_string();
        m.target = c.to_string();
    } else {
        m.start = a.to_string();
        m.target = b.to_string();
    }
    loop {
        let line = read_line(&mut r, &mut budget)?;
        if line.is_empty() {
            break;
        }
        let Some((k, v)) = line.split_once(':') else {
            return Err(bad("a header line has no ':'"));
        };
        m.headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    // A client that waits for leave to send its body (curl does for large bodies) gets it at once.
    if !is_response
        && m.header("expect")
            .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
    {
        let mut w = stream;
        w.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        w.flush()?;
    }
    let chunked = m
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        loop {
            let size_line = read_line(&mut r, &mut budget)?;
            let size_text = size_line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                // Trailers, then the blank line.
                while !read_line(&mut r, &mut budget)?.is_empty() {}
                break;
            }
            if m.body.len() + size > MAX_BODY {
                return Err(bad("the body is too large"));
            }
            let start = m.body.len();
            m.body.resize(start + size, 0);
            r.read_exact(&mut m.body[start..])?;
            read_line(&mut r, &mut budget)?;
        }
    } else if let Some(len) = m.header("content-length") {
        let len: usize = len.parse().map_err(|_| bad("bad Content-Length"))?;
        if len > MAX_BODY {
            return Err(bad("the body is too large"));
        }
        m.body.resize(len, 0);
        r.read_exact(&mut m.body)?;
    } else if is_response && m.start != "204" && m.start != "304" {
        r.take(MAX_BODY as u64 + 1).read_to_end(&mut m.body)?;
        if m.body.len() > MAX_BODY {
            return Err(bad("the body is too large"));
        }
    }
    Ok(m)
}

/// Reads the request on an accepted connection.
pub fn read_request(stream: &TcpStream) -> io::Result<Message> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    read_message(stream, false)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        _ => "Status",
    }
}

/// Writes a whole response and closes the exchange.
pub fn respond(
    mut stream: &TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

/// Sends one request to `url` (http only) and returns the response (`start` is the status code).
pub fn send(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
) -> io::Result<Message> {
    let u = url::Url::parse(url).map_err(|e| bad(format!("not a URL: {e}")))?;
    if u.scheme() != "http" {
        return Err(bad(format!(
            "{}: the simulator speaks plain http only (run the service under test on http)",
            u.scheme()
        )));
    }
    let host = u.host_str().ok_or_else(|| bad("the URL has no host"))?;
    let port = u.port_or_known_default().unwrap_or(80);
    let addr = (host.trim_matches(['[', ']']), port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| bad("the host does not resolve"))?;
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let target = &u[url::Position::BeforePath..url::Position::AfterQuery];
    let host_header = match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: oo-jwt-docs-sim\r\nConnection: close\r\n"
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    let mut w = &stream;
    w.write_all(head.as_bytes())?;
    if let Some(b) = body {
        w.write_all(b)?;
    }
    w.flush()?;
    read_message(&stream, true)
}
