//! `oo-jwt docs-sim session`: Docs' outbound side of an editing session, run against the
//! integrator's callback URL and file URL, every request signed as Docs signs it.

use crate::http;
use oo_jwt::config::DocsConfig;
use oo_jwt::onlyoffice::{self, Placement};
use oo_jwt::Options;
use serde_json::{json, Map, Value};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// Docs re-signs the header without `changesurl` and `history` when its token reaches this many
/// characters (`checkAndFixAuthorizationLength`: 8 KiB of header budget less 1 KiB for the rest).
pub const HEADER_TOKEN_LIMIT: usize = 7168;

/// One step's outcome.
pub struct Step {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// What the session runs against.
pub struct Target {
    pub callback_url: String,
    pub file_url: String,
    pub changes_url: Option<String>,
    pub key: String,
    /// Where the simulator serves the edited file and changes the callbacks point at.
    pub storage_listen: String,
}

fn outbox_options(cfg: &DocsConfig) -> Options {
    Options {
        algorithm: cfg.outbox_algorithm,
        expires_in: Some(cfg.outbox_expires_in),
        ..Options::default()
    }
}

/// JavaScript's `0 == value` for what a JSON answer may hold (Docs compares the answer's `error`
/// with `==`, so `"0"` and `false` pass too).
fn loosely_zero(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::String(s)) => s.trim().is_empty() || s.trim().parse::<f64>() == Ok(0.0),
        Some(Value::Bool(b)) => !b,
        _ => false,
    }
}

fn short(bytes: &[u8]) -> String {
    let s: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    if bytes.len() > 120 {
        format!("{s}…")
    } else {
        s
    }
}

/// Sends one callback as `sendServerRequest` does: the body token over the whole object, the header
/// token over `{"payload": object}`, re-signed without `changesurl`/`history` when too long.
fn callback(cfg: &DocsConfig, url: &str, data: Map<String, Value>) -> Result<String, String> {
    let mut body = data.clone();
    let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
    let mut note = String::new();
    if onlyoffice::download_token_expected(cfg, url.as_bytes()) {
        let opts = outbox_options(cfg);
        let full = serde_json::to_vec(&Value::Object(data)).unwrap_or_default();
        let signed_body =
            onlyoffice::sign_request(&full, &cfg.outbox.secret, Placement::Body, &opts)
                .map_err(|e| format!("cannot sign: {e}"))?;
        let body_token = serde_json::from_str::<Value>(&signed_body)
            .ok()
            .and_then(|v| v.get("token").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default();
        let mut header_token =
            onlyoffice::sign_request(&full, &cfg.outbox.secret, Placement::Header, &opts)
                .map_err(|e| format!("cannot sign: {e}"))?;
        if header_token.len() >= HEADER_TOKEN_LIMIT {
            let was = header_token.len();
            body.shift_remove("changesurl");
            body.insert("history".into(), json!({}));
            let reduced = serde_json::to_vec(&Value::Object(body.clone())).unwrap_or_default();
            header_token =
                onlyoffice::sign_request(&reduced, &cfg.outbox.secret, Placement::Header, &opts)
                    .map_err(|e| format!("cannot sign: {e}"))?;
            note = format!(
                "; header token {was} chars >= {HEADER_TOKEN_LIMIT}: re-signed without changesurl and history ({} chars), which only the body token still holds",
                header_token.len()
            );
        }
        body.insert("token".into(), Value::String(body_token));
        headers.push((
            cfg.outbox.header.clone(),
            format!("{}{header_token}", cfg.outbox.prefix),
        ));
    } else {
        note = "; no token (outbox tokens off, or the URL matches urlExclusionRegex)".into();
    }
    let text = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();
    let r =
        http::send("POST", url, &headers, Some(&text)).map_err(|e| format!("no answer: {e}"))?;
    if r.start != "200" {
        return Err(format!("HTTP {} {}: {}", r.start, r.target, short(&r.body)));
    }
    match serde_json::from_slice::<Value>(&r.body) {
        Ok(v) if loosely_zero(v.get("error")) => Ok(format!("{}{note}", short(&r.body))),
        Ok(_) => Err(format!(
            "answered {}: Docs counts the callback as failed (it wants {{\"error\":0}}){note}",
            short(&r.body)
        )),
        Err(_) => Err(format!(
            "the answer is not JSON: {}: Docs counts the callback as failed",
            short(&r.body)
        )),
    }
}

/// Downloads `url` as `downloadUrlPromise` does: `Authorization` over `{"payload":{"url":url}}`.
fn download(cfg: &DocsConfig, url: &str) -> Result<String, String> {
    let mut headers = vec![];
    let mut note = "";
    if onlyoffice::download_token_expected(cfg, url.as_bytes()) {
        let body = serde_json::to_vec(&json!({"url": url})).unwrap_or_default();
        let token = onlyoffice::sign_request(
            &body,
            &cfg.outbox.secret,
            Placement::Header,
            &outbox_options(cfg),
        )
        .map_err(|e| format!("cannot sign: {e}"))?;
        headers.push((
            cfg.outbox.header.clone(),
            format!("{}{token}", cfg.outbox.prefix),
        ));
    } else {
        note = "; no token (outbox tokens off, or the URL matches urlExclusionRegex)";
    }
    let r = http::send("GET", url, &headers, None).map_err(|e| format!("no answer: {e}"))?;
    if r.start != "200" {
        return Err(format!(
            "HTTP {} {}: {}: Docs cannot open the file",
            r.start,
            r.target,
            short(&r.body)
        ));
    }
    if r.body.is_empty() {
        return Err("200 with an empty body: Docs cannot open an empty file".into());
    }
    Ok(format!("200, {} bytes{note}", r.body.len()))
}

/// Serves the files a save callback points at (`url`, `changesurl`) and records what was fetched.
struct Storage {
    base: String,
    fetched: Arc<Mutex<Vec<String>>>,
}

fn storage(listen: &str) -> std::io::Result<Storage> {
    let l = TcpListener::bind(listen)?;
    let base = format!("http://{}", l.local_addr()?);
    let fetched = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&fetched);
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(stream) = conn else { continue };
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                let Ok(req) = http::read_request(&stream) else {
                    return;
                };
                let path = req.path().to_string();
                if req.start == "GET" && path.starts_with("/cache/files/") {
                    if let Ok(mut s) = seen.lock() {
                        s.push(path.clone());
                    }
                    let body: &[u8] = if path.ends_with(".zip") {
                        b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                    } else {
                        b"docs-sim: the edited document"
                    };
                    let _ = http::respond(&stream, 200, "application/octet-stream", body);
                } else {
                    let _ = http::respond(&stream, 404, "text/plain", b"not found");
                }
            });
        }
    });
    Ok(Storage { base, fetched })
}

fn action(kind: u8, user: &str) -> Value {
    json!({"type": kind, "userid": user})
}

fn history(n: usize) -> Value {
    let changes: Vec<Value> = (0..n)
        .map(|i| json!({"created": format!("2026-01-01 10:{:02}:{:02}", i / 60 % 60, i % 60), "user": {"id": format!("uid-{}", i % 2 + 1), "name": format!("Docs-sim user {}", i % 2 + 1)}}))
        .collect();
    json!({"serverVersion": "9.0.0", "changes": changes})
}

/// Runs the scenario; each step is judged on its own (a failed step does not stop the others).
pub fn run(cfg: &DocsConfig, t: &Target) -> Result<Vec<Step>, String> {
    let store = storage(&t.storage_listen).map_err(|e| format!("--storage-listen: {e}"))?;
    let mut steps = Vec::new();
    let mut push = |name: String, r: Result<String, String>| {
        let (ok, detail) = match r {
            Ok(d) => (true, d),
            Err(d) => (false, d),
        };
        steps.push(Step { name, ok, detail });
    };
    let files = |key: &str| {
        (
            format!(
                "{}/cache/files/data/{key}/output.docx/output.docx",
                store.base
            ),
            format!(
                "{}/cache/files/data/{key}/changes.zip/changes.zip",
                store.base
            ),
        )
    };
    let cb = |key: &str, status: u8, fields: Value| {
        let mut m = Map::new();
        m.insert("key".into(), json!(key));
        m.insert("status".into(), json!(status));
        for (k, v) in fields.as_object().into_iter().flatten() {
            m.insert(k.clone(), v.clone());
        }
        callback(cfg, &t.callback_url, m)
    };
    let fetched_note = |url: &str| {
        let path = url.split_once("/cache/").map(|(_, p)| p).unwrap_or("");
        let got = store
            .fetched
            .lock()
            .map(|f| f.iter().any(|p| p.ends_with(path)))
            .unwrap_or(false);
        if got {
            "; the handler fetched url"
        } else {
            "; the handler did not fetch url before answering"
        }
    };
    let lastsave = "2026-01-01T10:00:00.000Z";
    let (u1, u2) = ("uid-1", "uid-2");

    // Session 1: open, a second user, force save, close and save.
    let k = t.key.as_str();
    let (url, changes) = files(k);
    push(
        "open: Docs downloads document.url".into(),
        download(cfg, &t.file_url),
    );
    if let Some(c) = &t.changes_url {
        push(
            "history: Docs downloads a version's changesUrl".into(),
            download(cfg, c),
        );
    }
    push(
        format!("callback status 1 ({k}): {u1} opens the document"),
        cb(k, 1, json!({"users": [u1], "actions": [action(1, u1)]})),
    );
    push(
        format!("callback status 1 ({k}): {u2} joins, editing"),
        cb(k, 1, json!({"users": [u1, u2], "actions": [action(1, u2)]})),
    );
    let r = cb(
        k,
        6,
        json!({"url": url, "changesurl": changes, "history": history(2), "users": [u1, u2],
               "actions": [action(2, u1)], "lastsave": lastsave, "notmodified": false,
               "forcesavetype": 1, "userdata": "docs-sim-userdata", "filetype": "docx"}),
    )
    .map(|d| format!("{d}{}", fetched_note(&url)));
    push(
        format!("callback status 6 ({k}): force save (forcesavetype 1, the Save button)"),
        r,
    );
    push(
        format!("callback status 1 ({k}): {u1} leaves"),
        cb(k, 1, json!({"users": [u2], "actions": [action(0, u1)]})),
    );
    let r = cb(
        k,
        2,
        json!({"url": url, "changesurl": changes, "history": history(3), "users": [u2],
               "actions": [action(0, u2)], "lastsave": lastsave, "notmodified": false,
               "filetype": "docx"}),
    )
    .map(|d| format!("{d}{}", fetched_note(&url)));
    push(
        format!("callback status 2 ({k}): closed, ready for saving"),
        r,
    );

    // Session 2: closed with no changes.
    let k2 = format!("{k}-nochange");
    push(
        format!("callback status 1 ({k2}): {u1} opens"),
        cb(&k2, 1, json!({"users": [u1], "actions": [action(1, u1)]})),
    );
    push(
        format!("callback status 4 ({k2}): closed with no changes"),
        cb(&k2, 4, json!({"actions": [action(0, u1)]})),
    );

    // Session 3: force save error, then save error.
    let k3 = format!("{k}-error");
    let (url3, changes3) = files(&k3);
    push(
        format!("callback status 1 ({k3}): {u1} opens"),
        cb(&k3, 1, json!({"users": [u1], "actions": [action(1, u1)]})),
    );
    push(
        format!("callback status 7 ({k3}): force saving failed"),
        cb(
            &k3,
            7,
            json!({"url": url3, "changesurl": changes3, "history": history(1), "users": [u1],
                   "actions": [action(2, u1)], "lastsave": lastsave, "forcesavetype": 1,
                   "userdata": "docs-sim-userdata", "filetype": "docx"}),
        ),
    );
    push(
        format!("callback status 3 ({k3}): saving failed"),
        cb(
            &k3,
            3,
            json!({"url": url3, "changesurl": changes3, "history": history(1), "users": [u1],
                   "actions": [action(0, u1)], "lastsave": lastsave, "notmodified": false,
                   "filetype": "docx"}),
        ),
    );

    // Session 4: a history long enough that Docs cuts the header token.
    let k4 = format!("{k}-long");
    let (url4, changes4) = files(&k4);
    push(
        format!("callback status 2 ({k4}): a long history, the header token over {HEADER_TOKEN_LIMIT} characters"),
        cb(
            &k4,
            2,
            json!({"url": url4, "changesurl": changes4, "history": history(120), "users": [u1],
                   "actions": [action(0, u1)], "lastsave": lastsave, "notmodified": false,
                   "filetype": "docx"}),
        ),
    );

    // Beyond Docs' own part: a handler must refuse what Docs did not sign (tokens on only).
    if onlyoffice::download_token_expected(cfg, t.callback_url.as_bytes()) {
        let mut forged = cfg.clone();
        forged.outbox.secret = b"docs-sim-forged-secret-not-the-outbox-one".to_vec();
        let k5 = format!("{k}-forged");
        let (url5, _) = files(&k5);
        let r = callback(
            &forged,
            &t.callback_url,
            serde_json::from_value(json!({"key": k5, "status": 2, "url": url5, "users": [u1],
                                          "actions": [action(0, u1)], "filetype": "docx"}))
            .unwrap_or_default(),
        );
        push(
            "security: a status-2 callback signed with another secret is refused".into(),
            match r {
                Ok(d) => Err(format!(
                    "accepted ({d}): the handler does not verify the token, so anyone can post a callback"
                )),
                Err(d) => Ok(format!("refused ({d})")),
            },
        );
    }
    if onlyoffice::download_token_expected(cfg, t.file_url.as_bytes()) {
        let r = http::send("GET", &t.file_url, &[], None);
        push(
            "security: document.url without a token is refused".into(),
            match r {
                Ok(m) if m.start == "200" => Err(
                    "served (200): the file server does not check Docs' token, so anyone with the URL gets the file"
                        .into(),
                ),
                Ok(m) => Ok(format!("refused (HTTP {})", m.start)),
                Err(e) => Err(format!("no answer: {e}")),
            },
        );
    }
    Ok(steps)
}
