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
    serve_with(&["--secret-env", "SIM_SECRET"])
}

fn serve_with(settings: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(["docs-sim", "serve", "--listen", "127.0.0.1:0", "--quiet"])
        .args(settings)
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
    // A handler that answers {"error":0} to everything passes Docs' steps but not the security ones:
    // it takes a forged callback and serves the file without a token.
    let ok = handler(r#"{"error":0}"#);
    let o = session(&ok, false);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(*lines.last().unwrap(), "12 passed, 2 failed");
    assert!(lines[..12].iter().all(|l| l.starts_with("ok ")), "{text}");
    assert!(text.contains("re-signed without changesurl and history"));
    assert!(
        lines[12].starts_with("FAIL 13 security: ")
            && lines[12].contains("does not verify the token"),
        "{text}"
    );
    assert!(
        lines[13].starts_with("FAIL 14 security: ")
            && lines[13].contains("anyone with the URL gets the file"),
        "{text}"
    );

    // Docs compares `error` with `==`: "0" passes, 1 does not.
    let loose = handler(r#"{"error":"0"}"#);
    let v: serde_json::Value = serde_json::from_slice(&session(&loose, true).stdout).unwrap();
    assert_eq!(v["passed"], 12, "{v}");
    let refusing = handler(r#"{"error":1}"#);
    let o = session(&refusing, true);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The download passes (any 200 with a body), every callback fails, the forged one is refused.
    assert_eq!(v["passed"], 2);
    assert_eq!(v["failed"], 12);
    assert!(v["steps"][1]["detail"]
        .as_str()
        .unwrap()
        .contains("Docs counts the callback as failed"));
    assert_eq!(v["steps"][12]["ok"], true, "{v}");
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

/// Every member named `url`, at any depth, set to `to` (a page changing the object after signing).
fn retarget(v: &mut serde_json::Value, to: &str) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "url" || k == "changesUrl" {
                    *x = serde_json::Value::String(to.into());
                } else {
                    retarget(x, to);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| retarget(x, to)),
        _ => {}
    }
}

fn check_method(
    method: &str,
    object: &serde_json::Value,
    secret: &str,
) -> (bool, serde_json::Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args([
            "docs-sim",
            "editor-method",
            method,
            &object.to_string(),
            "--secret-env",
            "SIM_SECRET",
        ])
        .env("SIM_SECRET", secret)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{method}: {}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(o.status.success(), v["accepted"] == true, "{v}");
    (o.status.success(), v)
}

/// What Docs takes from the token of `method`, read from the signed claims.
fn docs_takes(method: &str, claims: &serde_json::Value) -> serde_json::Value {
    match method {
        "insertImage" => match claims.get("images") {
            Some(serde_json::Value::Array(a)) => {
                serde_json::json!({"urls": a.iter().map(|i| i["url"].clone()).collect::<Vec<_>>()})
            }
            _ => serde_json::json!({"urls": [claims["url"].clone()]}),
        },
        "setHistoryData" => {
            let mut m = serde_json::json!({"key": claims["key"], "url": claims["url"]});
            if claims.get("changesUrl").is_some() && claims.get("previous").is_some() {
                m["changesUrl"] = claims["changesUrl"].clone();
                m["previous"] = claims["previous"].clone();
            }
            m
        }
        _ => {
            let mut m = serde_json::json!({"url": claims["url"], "fileType": claims["fileType"]});
            if let Some(k) = claims.get("key") {
                m["key"] = k.clone();
            }
            m
        }
    }
}

#[test]
fn editor_method_objects_are_checked_as_docs_checks_them() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/editor_methods.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let methods = oo_jwt::onlyoffice::EDITOR_METHODS;
    let method_of = |id: &str| {
        *methods
            .iter()
            .find(|m| id.starts_with(&format!("em-{}-", m.to_ascii_lowercase())))
            .unwrap_or_else(|| panic!("{id}: no method"))
    };
    let (mut valid, mut outside, mut wrong) = (0, 0, 0);
    for case in doc["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let secret = case["input"]["secret"].as_str().unwrap_or("");
        if id.ends_with("-valid") {
            let method = method_of(id);
            let object = &case["expect"]["params"];
            let (ok, v) = check_method(method, object, secret);
            assert!(ok, "{id}: {v}");
            let mut claims = object.clone();
            claims.as_object_mut().unwrap().remove("token");
            assert_eq!(v["uses"], docs_takes(method, &claims), "{id}");
            assert!(v.get("unsigned_differs").is_none(), "{id}: {v}");
            valid += 1;
        } else if id.ends_with("-outside-only") {
            let method = method_of(id);
            let claims = &case["expect"]["claims"];
            let mut object = claims.clone();
            retarget(&mut object, "https://attacker.example/other.bin");
            object["token"] = case["input"]["token"].clone();
            let (ok, v) = check_method(method, &object, secret);
            // Docs uses the token's values, never the changed ones beside it.
            assert!(ok, "{id}: {v}");
            assert_eq!(v["uses"], docs_takes(method, claims), "{id}");
            assert!(!v["uses"].to_string().contains("attacker"), "{id}: {v}");
            assert!(
                v["unsigned_differs"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty()),
                "{id}: {v}"
            );
            outside += 1;
        } else if id.ends_with("-wrong-secret") {
            let method = method_of(id);
            let object = serde_json::json!({"token": case["input"]["token"]});
            let (ok, v) = check_method(method, &object, secret);
            assert!(!ok, "{id}: {v}");
            assert_eq!(v["error"], "bad_signature", "{id}");
            wrong += 1;
        }
    }
    assert_eq!(
        (valid, outside, wrong),
        (8, 8, 8),
        "every method, each kind of case"
    );

    // A token that lacks what Docs reads from it: Docs has nothing to use.
    let token = oo_jwt::sign(br#"{"c":"add"}"#, SECRET.as_bytes(), &Default::default()).unwrap();
    let (ok, v) = check_method(
        "insertImage",
        &serde_json::json!({"c": "add", "url": "http://s/a.png", "token": token}),
        SECRET,
    );
    assert!(!ok, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("the token lacks urls"),
        "{v}"
    );
    let (ok, v) = check_method("openDocument", &serde_json::json!({}), SECRET);
    assert!(
        !ok && v["message"].as_str().unwrap().starts_with("unknown method"),
        "{v}"
    );
}

#[test]
fn serve_reads_docs_own_settings_header_prefix_and_switch() {
    let dir = std::env::temp_dir().join(format!("oo-jwt-sim-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A custom inbox header and prefix, as token.inbox.header/prefix set them.
    let custom = dir.join("custom.json");
    std::fs::write(&custom, format!(r#"{{"services":{{"CoAuthoring":{{"secret":{{"inbox":{{"string":"{SECRET}"}},"outbox":{{"string":"{SECRET}"}}}},"token":{{"enable":{{"browser":true,"request":{{"inbox":true,"outbox":true}}}},"inbox":{{"header":"AuthorizationJwt","prefix":"JWT "}}}}}}}}}}"#)).unwrap();
    let s = serve_with(&["--config", custom.to_str().unwrap()]);
    let t = sign(r#"{"payload":{"c":"info","key":"k1"}}"#, SECRET, None);
    let body = r#"{"c":"info","key":"k1"}"#;
    let (_, b) = request(
        &s.addr,
        "POST",
        "/command",
        &[&format!("authorizationjwt: JWT {t}")],
        body,
    );
    assert_eq!(b, r#"{"key":"k1","error":0,"users":[]}"#);
    let (_, b) = request(
        &s.addr,
        "POST",
        "/command",
        &[&format!("Authorization: Bearer {t}")],
        body,
    );
    assert_eq!(
        b, r#"{"key":"k1","error":6}"#,
        "the default header is not read"
    );
    let (_, b) = request(
        &s.addr,
        "POST",
        "/command",
        &[&format!("AuthorizationJwt: Bearer {t}")],
        body,
    );
    assert_eq!(
        b, r#"{"key":"k1","error":6}"#,
        "the default prefix is not taken"
    );
    drop(s);
    // token.enable.request.inbox off: nothing is checked, the parameters are used as sent.
    let off = dir.join("off.json");
    std::fs::write(&off, format!(r#"{{"services":{{"CoAuthoring":{{"secret":{{"inbox":{{"string":"{SECRET}"}},"outbox":{{"string":"{SECRET}"}}}},"token":{{"enable":{{"browser":false,"request":{{"inbox":false,"outbox":false}}}}}}}}}}}}"#)).unwrap();
    let s = serve_with(&["--config", off.to_str().unwrap()]);
    let (_, b) = request(&s.addr, "POST", "/command", &[], body);
    assert_eq!(b, r#"{"key":"k1","error":0,"users":[]}"#);
    // A client that asks leave to send its body (Expect: 100-continue) is answered at once.
    let (h, b) = request(
        &s.addr,
        "POST",
        "/converter",
        &["Expect: 100-continue"],
        r#"{"url":"http://s/a","outputtype":"pdf","key":"c1"}"#,
    );
    assert_eq!(h, "HTTP/1.1 100 Continue");
    assert!(
        b.starts_with("HTTP/1.1 200 OK") && b.contains(r#""endConvert":true"#),
        "{b}"
    );
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}
