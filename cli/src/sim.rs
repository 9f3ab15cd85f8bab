//! `oo-jwt docs-sim`: ONLYOFFICE Docs' side of every JWT exchange, for integration tests and CI.
//!
//! Inbound (`serve`), it answers the command service, the converter and the builder as Docs does,
//! token check and answer codes included, and checks editor configs and editor-method objects as
//! the editor's connection does. Outbound (`session`), it runs an editing session against the
//! integrator's callback and file URLs, signing every request as Docs signs it. Every rule is
//! documented with where it comes from in Docs' source in `docs/docs-sim.md`.

use crate::http::{self, Message};
use oo_jwt::config::{DocsConfig, Side};
use oo_jwt::onlyoffice;
use oo_jwt::{ErrorKind, Options};
use serde_json::{json, Map, Value};
use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

/// The version `c=version` answers: Docs' own build number is not known here, so a plain marker.
pub const SIM_VERSION: &str = "0.0.0.0-docs-sim";

/// Docs' internal codes for a request's token check (`Common/sources/constants.js`).
const NO_ERROR: i32 = 0;
const VKEY: i32 = -120;
const VKEY_KEY_EXPIRE: i32 = -122;

/// Docs' `getRequestParams`: the request's parameters and the token check's code.
struct Params {
    code: i32,
    params: Map<String, Value>,
    /// Why the check failed (the library's message), for the `X-Docs-Sim-Reason` header.
    why: Option<String>,
}

/// JavaScript truthiness of a JSON value (Docs tests `params.token` so).
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(_) => true,
    }
}

fn request_params(cfg: &DocsConfig, req: &Message) -> Params {
    // A JSON body gives the parameters; a body that is empty or not JSON leaves the query's.
    let parsed: Option<Value> = if req.body.is_empty() {
        None
    } else {
        serde_json::from_slice(&req.body).ok()
    };
    let params = match parsed {
        Some(Value::Object(m)) => m,
        Some(v) if truthy(Some(&v)) => Map::new(),
        _ => req
            .query()
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    };
    if !cfg.inbox.enabled {
        return Params {
            code: NO_ERROR,
            params,
            why: None,
        };
    }
    // The library applies Docs' rule: a truthy `token` parameter is checked alone, otherwise the
    // inbox header with its prefix; the parameters are then the claims, `payload` and `query`.
    let body = serde_json::to_vec(&Value::Object(params.clone())).unwrap_or_default();
    let auth = req.header(&cfg.inbox.header).map(str::as_bytes);
    match onlyoffice::verify_request_with_config(
        cfg,
        Side::Inbox,
        Some(&body),
        auth,
        &Options::default(),
    ) {
        Ok(p) => Params {
            code: NO_ERROR,
            params: p,
            why: None,
        },
        Err(e) => Params {
            // jsonwebtoken's TokenExpiredError is the one failure Docs tells apart.
            code: if e.kind() == ErrorKind::Expired {
                VKEY_KEY_EXPIRE
            } else {
                VKEY
            },
            params,
            why: Some(e.to_string()),
        },
    }
}

/// An answer: status, content type, body, and the reason a token was refused.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub why: Option<String>,
}

fn json_answer(v: &Value, content_type: &'static str, why: Option<String>) -> Answer {
    Answer {
        status: 200,
        content_type,
        body: serde_json::to_vec(v).unwrap_or_default(),
        why,
    }
}

/// The command service (`commandFromServer`, `validateInputParams`, `commandHandle`).
fn command(cfg: &DocsConfig, req: &Message) -> Answer {
    let p = request_params(cfg, req);
    let mut out = Map::new();
    if let Some(k) = p.params.get("key") {
        out.insert("key".into(), k.clone());
    }
    let c = p.params.get("c").and_then(Value::as_str).unwrap_or("");
    let error = if p.code == VKEY_KEY_EXPIRE {
        7
    } else if p.code != NO_ERROR {
        6
    } else if ["version", "license", "getForgottenList"].contains(&c)
        || p.params.get("key").is_some_and(Value::is_string)
    {
        0
    } else {
        1
    };
    out.insert("error".into(), json!(error));
    if error == 0 {
        match c {
            "version" => {
                out.insert("version".into(), json!(SIM_VERSION));
            }
            // No editing session is open in the simulator: an empty list of users.
            "info" => {
                out.insert("users".into(), json!([]));
            }
            "drop" | "saved" | "forcesave" => {}
            "meta" if p.params.contains_key("meta") => {}
            "license" => {
                out.insert(
                    "license".into(),
                    json!({"end_date": null, "trial": false, "customization": false}),
                );
                out.insert("server".into(), json!({"resultType": 3, "packageType": 0}));
                out.insert("quota".into(), json!({}));
            }
            "getForgottenList" => {
                out.insert("keys".into(), json!([]));
            }
            // No forgotten files here.
            "getForgotten" | "deleteForgotten" => {
                out.insert("error".into(), json!(1));
            }
            _ => {
                out.insert("error".into(), json!(5));
            }
        }
    }
    json_answer(&Value::Object(out), "application/json", p.why)
}

/// Which of `json` and `xml` Express's `req.accepts` picks from the request's Accept header.
fn accepts_json(req: &Message, prefer_json: bool) -> bool {
    let Some(accept) = req.header("accept").map(str::to_ascii_lowercase) else {
        return prefer_json;
    };
    let json_at = accept.find("json");
    let xml_at = accept.find("xml");
    match (json_at, xml_at) {
        (Some(j), Some(x)) => j < x,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => prefer_json,
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn base_url(req: &Message) -> String {
    format!("http://{}", req.header("host").unwrap_or("127.0.0.1"))
}

/// The converter (`convertRequest`, `fillResponse`): `/converter` answers JSON, the older
/// `/ConvertService.ashx` XML, unless the Accept header prefers the other.
fn convert(cfg: &DocsConfig, req: &Message, prefer_json: bool) -> Answer {
    let p = request_params(cfg, req);
    let text = |k: &str, alt: &str| {
        p.params
            .get(k)
            .or_else(|| p.params.get(alt))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let outputtype = text("outputtype", "outputType");
    let filetype = text("filetype", "fileType");
    let key_ok = p
        .params
        .get("key")
        .is_none_or(|k| k.as_str().is_some_and(doc_id_ok));
    let ext_ok = |e: &str| e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric());
    let error = if p.code != NO_ERROR {
        Some(-8)
    } else if !key_ok
        || !ext_ok(&filetype)
        || outputtype.is_empty()
        || !ext_ok(&outputtype)
        || p.params.get("url").and_then(Value::as_str).is_none()
    {
        Some(-7)
    } else {
        None
    };
    let json = accepts_json(req, prefer_json);
    let key = p
        .params
        .get("key")
        .and_then(Value::as_str)
        .unwrap_or("conv")
        .to_string();
    let file_url = format!(
        "{}/cache/files/data/{key}/output.{outputtype}/output.{outputtype}",
        base_url(req)
    );
    if json {
        let v = match error {
            Some(e) => json!({"error": e}),
            None => {
                json!({"fileUrl": file_url, "fileType": outputtype, "percent": 100, "endConvert": true})
            }
        };
        return json_answer(&v, "application/json; charset=UTF-8", p.why);
    }
    let mut xml = String::from(r#"<?xml version="1.0" encoding="utf-8"?><FileResult>"#);
    match error {
        Some(e) => xml.push_str(&format!("<Error>{e}</Error>")),
        None => xml.push_str(&format!(
            "<FileUrl>{}</FileUrl><FileType>{}</FileType><Percent>100</Percent><EndConvert>True</EndConvert>",
            xml_escape(&file_url),
            xml_escape(&outputtype)
        )),
    }
    xml.push_str("</FileResult>");
    Answer {
        status: 200,
        content_type: "text/xml; charset=UTF-8",
        body: xml.into_bytes(),
        why: p.why,
    }
}

/// Docs' document key pattern (`DOC_ID_REGEX`): letters, digits and `.=_-`, at most 240 characters.
fn doc_id_ok(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 240
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._=-".contains(&b))
}

/// The builder (`builderRequest`, `fillResponseBuilder`): always JSON.
fn builder(cfg: &DocsConfig, req: &Message) -> Answer {
    let p = request_params(cfg, req);
    let v = if p.code != NO_ERROR {
        json!({"error": -8})
    } else if p.params.contains_key("key") || p.params.contains_key("url") || !req.body.is_empty() {
        let key = match p.params.get("key") {
            Some(k) => k.clone(),
            None => json!("bld_docs_sim"),
        };
        let k = key.as_str().unwrap_or("bld_docs_sim").to_string();
        json!({"key": key, "urls": {"output.docx": format!("{}/cache/files/data/{k}/output/output.docx", base_url(req))}, "end": true})
    } else {
        json!({"error": -1})
    };
    json_answer(&v, "application/json; charset=UTF-8", p.why)
}

fn verify_browser(cfg: &DocsConfig, token: &str) -> Result<Map<String, Value>, oo_jwt::Error> {
    let d = oo_jwt::verify(
        token.as_bytes(),
        &cfg.inbox.secret,
        &cfg.verify_options(&Options::default()),
    )?;
    d.claims()
}

/// Docs' close code for a token the editor's connection refused (`checkJwt`).
fn close_for(e: &oo_jwt::Error) -> Value {
    let code = if e.kind() == ErrorKind::Expired {
        4005
    } else {
        4006
    };
    json!({"code": code, "reason": "token:", "error": e.kind().name(), "message": e.to_string()})
}

fn get<'a>(v: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v.get(path[0])?;
    for k in &path[1..] {
        cur = cur.get(k)?;
    }
    Some(cur)
}

/// An editor config as `new DocsAPI.DocEditor(id, config)` receives it, checked as the editor's
/// connection checks it (`auth`, `validateAuthToken`, `fillDataFromJwt`).
fn editor_config(cfg: &DocsConfig, req: &Message) -> Answer {
    let Ok(Value::Object(config)) = serde_json::from_slice::<Value>(&req.body) else {
        return json_answer(
            &json!({"opens": false, "close": null, "message": "the body is not a JSON object (the editor config)"}),
            "application/json",
            None,
        );
    };
    let token = config.get("token").and_then(Value::as_str).unwrap_or("");
    if !cfg.browser_enabled && token.is_empty() {
        return json_answer(
            &json!({"opens": true, "close": null, "checked": false,
                    "message": "token.enable.browser is false and the config has no token: Docs opens it unchecked"}),
            "application/json",
            None,
        );
    }
    let decoded = match verify_browser(cfg, token) {
        Ok(d) => d,
        Err(e) => {
            let why = e.to_string();
            return json_answer(
                &json!({"opens": false, "close": close_for(&e)}),
                "application/json",
                Some(why),
            );
        }
    };
    let refuse = |code: u32, reason: &str, message: String| {
        json_answer(
            &json!({"opens": false, "close": {"code": code, "reason": reason, "message": message}}),
            "application/json",
            Some(message.clone()),
        )
    };
    let is_version = truthy(decoded.get("version"));
    let reconnect = get(&decoded, &["editorConfig", "ds_sessionTimeConnect"]).is_some();
    if !is_version && !reconnect {
        let sent_permissions = get(&config, &["document", "permissions"]);
        let sent_callback = get(&config, &["editorConfig", "callbackUrl"]);
        let sent_mode = get(&config, &["editorConfig", "mode"]);
        let missing = if !truthy(get(&decoded, &["document", "key"])) {
            Some("document.key")
        } else if truthy(sent_permissions) && !truthy(get(&decoded, &["document", "permissions"])) {
            Some("document.permissions")
        } else if !truthy(get(&decoded, &["document", "url"])) {
            Some("document.url")
        } else if truthy(sent_callback) && !truthy(get(&decoded, &["editorConfig", "callbackUrl"]))
        {
            Some("editorConfig.callbackUrl")
        } else if truthy(sent_mode)
            && sent_mode != Some(&json!("view"))
            && !truthy(get(&decoded, &["editorConfig", "mode"]))
        {
            Some("editorConfig.mode")
        } else {
            None
        };
        if let Some(m) = missing {
            return refuse(
                4006,
                "token:",
                format!("the token lacks {m}, which Docs requires in it (tokenRequiredParams)"),
            );
        }
        if let Some(signed) = get(&decoded, &["document", "permissions"])
            && truthy(Some(signed))
            && sent_permissions != Some(signed)
        {
            return refuse(
                4004,
                "access deny",
                "document.permissions differ between the config and its token".into(),
            );
        }
    }
    let opens = if is_version {
        json!({"kind": "version", "key": decoded.get("key"), "url": decoded.get("url"),
               "changesUrl": decoded.get("changesUrl"), "previous": decoded.get("previous")})
    } else {
        json!({"kind": if reconnect {"reconnection"} else {"document"},
               "key": get(&decoded, &["document", "key"]), "url": get(&decoded, &["document", "url"]),
               "fileType": get(&decoded, &["document", "fileType"]), "title": get(&decoded, &["document", "title"]),
               "permissions": get(&decoded, &["document", "permissions"]),
               "callbackUrl": get(&decoded, &["editorConfig", "callbackUrl"]),
               "mode": get(&decoded, &["editorConfig", "mode"]), "user": get(&decoded, &["editorConfig", "user"])})
    };
    json_answer(
        &json!({"opens": true, "close": null, "from_token": opens}),
        "application/json",
        None,
    )
}

/// A signed editor-method object, checked as Docs checks the token that comes with it, and what
/// Docs takes from the token (`commandImgurls`, `downloadAs`, `fillVersionHistoryFromJwt`).
pub fn editor_method(cfg: &DocsConfig, method: &str, object: &[u8]) -> Value {
    if !onlyoffice::EDITOR_METHODS.contains(&method) {
        return json!({"accepted": false, "message": format!("unknown method; one of {}", onlyoffice::EDITOR_METHODS.join(", "))});
    }
    let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(object) else {
        return json!({"accepted": false, "message": "the object is not a JSON object"});
    };
    let token = obj.get("token").and_then(Value::as_str).unwrap_or("");
    let unsigned = |names: &[&str]| {
        let mut m = Map::new();
        for n in names {
            if let Some(v) = obj.get(*n) {
                m.insert((*n).into(), v.clone());
            }
        }
        Value::Object(m)
    };
    if token.is_empty() {
        let (accepted, what) = match method {
            "setHistoryData" if cfg.browser_enabled => (
                false,
                "the version opens through the editor's connection, which refuses a missing token (close 4006)",
            ),
            "setHistoryData" => (true, "token.enable.browser is false: the unsigned values are used"),
            "insertImage" => (
                true,
                "Docs allows an image without a token and uses the unsigned url(s), but downloads them without the trust a token gives (private and local addresses are refused)",
            ),
            _ => (
                true,
                "without a token Docs checks the editor's session instead and uses the unsigned url and fileType, downloaded without the trust a token gives (private and local addresses are refused)",
            ),
        };
        let mut v = json!({"accepted": accepted, "signed": false, "message": what});
        if accepted {
            v["uses"] = unsigned(&["images", "url", "fileType", "key", "changesUrl", "previous"]);
        }
        return v;
    }
    if !cfg.browser_enabled && method == "insertImage" {
        return json!({"accepted": true, "signed": false, "uses": unsigned(&["images", "url"]),
                      "message": "token.enable.browser is false: Docs ignores the token and uses the unsigned url(s)"});
    }
    let decoded = match verify_browser(cfg, token) {
        Ok(d) => d,
        Err(e) => {
            let what = match method {
                "insertImage" => "Docs refuses the images (error VKEY_ENCRYPT, -121)",
                "setHistoryData" => "the editor's connection closes (Docs' close code below)",
                _ => "Docs answers 403 and loads nothing",
            };
            let mut v = json!({"accepted": false, "signed": true, "error": e.kind().name(),
                               "message": format!("{e}; {what}")});
            if method == "setHistoryData" {
                v["close"] = close_for(&e);
            }
            return v;
        }
    };
    let uses = match method {
        "insertImage" => match decoded.get("images") {
            Some(images) if truthy(Some(images)) => {
                let urls: Vec<Value> = images
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|i| i.get("url").cloned().unwrap_or(Value::Null))
                            .collect()
                    })
                    .unwrap_or_default();
                json!({"urls": urls})
            }
            _ => json!({"urls": [decoded.get("url").cloned().unwrap_or(Value::Null)]}),
        },
        "setHistoryData" => {
            let mut m = json!({"key": decoded.get("key"), "url": decoded.get("url")});
            if truthy(decoded.get("changesUrl")) && truthy(decoded.get("previous")) {
                m["changesUrl"] = decoded["changesUrl"].clone();
                m["previous"] = decoded["previous"].clone();
            }
            m
        }
        _ => {
            let mut m = json!({"url": decoded.get("url"), "fileType": decoded.get("fileType")});
            if let Some(k) = decoded.get("key") {
                m["key"] = k.clone();
            }
            m
        }
    };
    // What Docs reads but the token lacks: Docs then works with nothing (null), not the unsigned value.
    let mut missing = Vec::new();
    for (k, v) in uses.as_object().into_iter().flatten() {
        if v.is_null() || v.as_array().is_some_and(|a| a.iter().any(Value::is_null)) {
            missing.push(k.clone());
        }
    }
    if method == "setHistoryData" && !truthy(decoded.get("version")) {
        missing.push("version".into());
    }
    let differs: Vec<String> = obj
        .iter()
        .filter(|(k, v)| *k != "token" && decoded.get(*k).is_some_and(|d| d != *v))
        .map(|(k, _)| k.clone())
        .collect();
    let mut v = json!({"accepted": missing.is_empty(), "signed": true, "uses": uses});
    if !missing.is_empty() {
        v["message"] = json!(format!(
            "the token lacks {}: Docs reads it from the token only",
            missing.join(", ")
        ));
    }
    if !differs.is_empty() {
        v["unsigned_differs"] = json!(differs);
        v["note"] =
            json!("members outside the token differ from the token's: Docs uses the token's");
    }
    v
}

/// Answers one request to the simulator's inbound side.
pub fn answer(cfg: &DocsConfig, req: &Message) -> Answer {
    let path = req.path();
    let post = req.start == "POST";
    let get = req.start == "GET";
    match path {
        "/coauthoring/CommandService.ashx" if post || get => command(cfg, req),
        "/command" if post => command(cfg, req),
        "/ConvertService.ashx" if post || get => convert(cfg, req, false),
        "/converter" if post => convert(cfg, req, true),
        "/docbuilder" if post => builder(cfg, req),
        "/healthcheck" if get => Answer {
            status: 200,
            content_type: "text/plain",
            body: b"true".to_vec(),
            why: None,
        },
        "/docs-sim/editor-config" if post => editor_config(cfg, req),
        p if post && p.starts_with("/docs-sim/editor-method/") => {
            let method = &p["/docs-sim/editor-method/".len()..];
            json_answer(
                &editor_method(cfg, method, &req.body),
                "application/json",
                None,
            )
        }
        _ => Answer {
            status: 404,
            content_type: "text/plain",
            body: b"not a Docs endpoint the simulator answers (see docs/docs-sim.md)".to_vec(),
            why: None,
        },
    }
}

fn handle(cfg: &DocsConfig, stream: TcpStream, log: bool) {
    let req = match http::read_request(&stream) {
        Ok(r) => r,
        Err(e) => {
            let _ = http::respond(&stream, 400, "text/plain", e.to_string().as_bytes());
            return;
        }
    };
    let a = answer(cfg, &req);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        a.status,
        if a.status == 200 { "OK" } else { "Not Found" },
        a.content_type,
        a.body.len()
    );
    if let Some(why) = &a.why {
        // One header line: the library's message, with no line breaks.
        let clean: String = why.chars().filter(|c| !c.is_control()).take(300).collect();
        head.push_str(&format!("X-Docs-Sim-Reason: {clean}\r\n"));
    }
    head.push_str("\r\n");
    let mut w = &stream;
    let _ = w
        .write_all(head.as_bytes())
        .and_then(|()| w.write_all(&a.body))
        .and_then(|()| w.flush());
    if log {
        let shown = String::from_utf8_lossy(&a.body);
        let shown: String = shown.chars().take(200).collect();
        let _ = writeln!(
            io::stderr().lock(),
            "{} {} -> {} {}{}",
            req.start,
            req.path(),
            a.status,
            shown,
            a.why.map(|w| format!(" ({w})")).unwrap_or_default()
        );
    }
}

/// Serves the inbound endpoints until the process ends; prints `listening on http://ADDR` first.
pub fn serve(cfg: DocsConfig, listen: &str, quiet: bool) -> io::Result<()> {
    let l = TcpListener::bind(listen)?;
    {
        let mut out = io::stdout().lock();
        writeln!(out, "docs-sim: listening on http://{}", l.local_addr()?)?;
        out.flush()?;
    }
    let cfg = Arc::new(cfg);
    for conn in l.incoming() {
        let Ok(stream) = conn else { continue };
        let cfg = Arc::clone(&cfg);
        std::thread::spawn(move || handle(&cfg, stream, !quiet));
    }
    Ok(())
}
