//! `oo-jwt docs-sim`, run as a user runs it: its answers to missing and bad tokens, and a session
//! against handlers that accept and refuse.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SECRET: &str = "sim-test-secret-0123456789abcdef";

/// A running `docs-sim serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args([
            "docs-sim",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--secret-env",
            "SIM_SECRET",
            "--quiet",
        ])
        .env("SIM_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn oo-jwt docs-sim serve");
    // The first line names the address: wait for it, with a bound, instead of sleeping.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("docs-sim serve names its address");
    let addr = line
        .trim()
        .strip_prefix("docs-sim: listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Server { child, addr }
}

/// One request; returns the status line's code, the headers and the body.
fn request(addr: &str, method: &str, path: &str, headers: &[&str], body: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.to_string(), body.to_string())
}

/// Signs `payload`; with `age`, as if signed that many seconds ago with a 300 s lifetime.
fn sign(payload: &str, secret: &str, age: Option<i64>) -> String {
    let now = oo_jwt::Options::default().now();
    let opts = oo_jwt::Options {
        expires_in: age.map(|_| 300),
        now: Some(now - age.unwrap_or(0)),
        ..Default::default()
    };
    oo_jwt::sign(payload.as_bytes(), secret.as_bytes(), &opts).unwrap()
}

#[test]
fn bad_tokens_get_docs_codes() {
    let s = serve();
    let a = s.addr.as_str();
    let good = sign(r#"{"c":"info","key":"k1"}"#, SECRET, None);
    let wrong = sign(
        r#"{"c":"info","key":"k1"}"#,
        "another-secret-0123456789abcdef0",
        None,
    );
    let expired = sign(r#"{"c":"info","key":"k1"}"#, SECRET, Some(3600));
    let body = |t: &str| format!(r#"{{"c":"info","key":"k1","token":"{t}"}}"#);

    // The command service: 6 for a missing or bad token, 7 for an expired one.
    for path in ["/command", "/coauthoring/CommandService.ashx"] {
        let (_, b) = request(a, "POST", path, &[], r#"{"c":"info","key":"k1"}"#);
        assert_eq!(b, r#"{"key":"k1","error":6}"#, "{path}, no token");
        let (h, b) = request(a, "POST", path, &[], &body(&wrong));
        assert_eq!(b, r#"{"key":"k1","error":6}"#, "{path}, wrong secret");
        assert!(h.contains("X-Docs-Sim-Reason: bad_signature"), "{h}");
        let (_, b) = request(a, "POST", path, &[], &body(&expired));
        assert_eq!(b, r#"{"key":"k1","error":7}"#, "{path}, expired");
        let (_, b) = request(a, "POST", path, &[], &body(&good));
        assert_eq!(b, r#"{"key":"k1","error":0,"users":[]}"#, "{path}, good");
    }
    // GET with the parameters in the query, as the old command service takes them.
    let (_, b) = request(
        a,
        "GET",
        &format!("/coauthoring/CommandService.ashx?c=info&key=k1&token={good}"),
        &[],
        "",
    );
    assert_eq!(b, r#"{"key":"k1","error":0,"users":[]}"#);
    // The header: only with the exact prefix.
    let header = sign(r#"{"payload":{"c":"info","key":"k1"}}"#, SECRET, None);
    let (_, b) = request(
        a,
        "POST",
        "/command",
        &[&format!("authorization: Bearer {header}")],
        r#"{"c":"info","key":"k1"}"#,
    );
    assert_eq!(b, r#"{"key":"k1","error":0,"users":[]}"#);
    let (_, b) = request(
        a,
        "POST",
        "/command",
        &[&format!("Authorization: bearer {header}")],
        r#"{"c":"info","key":"k1"}"#,
    );
    assert_eq!(b, r#"{"key":"k1","error":6}"#);

    // The converter: -8 in JSON, or in XML for the old path.
    let conv = r#"{"url":"http://s/a.docx","outputtype":"pdf"}"#;
    let (_, b) = request(a, "POST", "/converter", &[], conv);
    assert_eq!(b, r#"{"error":-8}"#);
    let (h, b) = request(a, "POST", "/ConvertService.ashx", &[], conv);
    assert_eq!(
        b,
        r#"<?xml version="1.0" encoding="utf-8"?><FileResult><Error>-8</Error></FileResult>"#
    );
    assert!(h.contains("Content-Type: text/xml"), "{h}");
    let (_, b) = request(
        a,
        "POST",
        "/converter",
        &[],
        &format!(r#"{{"url":"http://s/a.docx","outputtype":"pdf","token":"{expired}"}}"#),
    );
    assert_eq!(b, r#"{"error":-8}"#);

    // The builder: -8.
    let (_, b) = request(
        a,
        "POST",
        "/docbuilder",
        &[],
        r#"{"async":false,"url":"http://s/x"}"#,
    );
    assert_eq!(b, r#"{"error":-8}"#);
    let (h, _) = request(a, "GET", "/nowhere", &[], "");
    assert!(h.starts_with("HTTP/1.1 404"), "{h}");
}

/// A callback and file handler on loopback that answers every request with `answer`.
fn handler(answer: &'static str) -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut s) = conn else { continue };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = r.read_exact(&mut body);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    addr
}

fn session(addr: &str, json: bool) -> std::process::Output {
    let mut args = vec![
        "docs-sim".to_string(),
        "session".into(),
        "--secret-env".into(),
        "SIM_SECRET".into(),
        "--callback-url".into(),
        format!("http://{addr}/callback"),
        "--file-url".into(),
        format!("http://{addr}/file.docx"),
    ];
    if json {
        args.push("--json".into());
    }
    Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(&args)
        .env("SIM_SECRET", SECRET)
        .output()
        .unwrap()
}

#[test]
fn session_reports_each_step_and_fails_on_a_refusal() {
    let ok = handler(r#"{"error":0}"#);
    let o = session(&ok, false);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(*lines.last().unwrap(), "12 passed, 0 failed");
    assert!(lines[..12].iter().all(|l| l.starts_with("ok ")), "{text}");
    assert!(text.contains("re-signed without changesurl and history"));

    // Docs compares `error` with `==`: "0" passes, 1 does not.
    let loose = handler(r#"{"error":"0"}"#);
    assert!(session(&loose, false).status.success());
    let refusing = handler(r#"{"error":1}"#);
    let o = session(&refusing, true);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The download passes (any 200 with a body); every callback fails.
    assert_eq!(v["passed"], 1);
    assert_eq!(v["failed"], 11);
    assert!(v["steps"][1]["detail"]
        .as_str()
        .unwrap()
        .contains("Docs counts the callback as failed"));
}

#[test]
fn session_needs_its_urls_and_one_secret_source() {
    let o = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(["docs-sim", "session", "--secret-env", "SIM_SECRET"])
        .env("SIM_SECRET", SECRET)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--callback-url"));
    let o = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(["docs-sim", "serve", "--config", "x.json", "--for", "inbox"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("without --for"));
}
