//! The ONLYOFFICE Docs protocol: where tokens sit in requests, callbacks, downloads and editor
//! configs, and which parameters a verified request yields (`docs/semantics.md`).

use crate::error::{err, Error, ErrorKind, Result};
use crate::json;
use crate::jwt::{self, Decoded, Options, UrlMatch};
use serde_json::{Map, Value};

/// The `Authorization` prefix Docs uses by default: compared exactly, space included.
pub const DEFAULT_PREFIX: &str = "Bearer ";
/// Token lifetime Docs gives its own requests (`token.outbox.expires` = `5m`).
pub const DEFAULT_REQUEST_EXPIRES_IN: i64 = 300;

/// Where a request token travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In the JSON body's `token` member, signed over the body's own fields (recommended by Docs).
    Body,
    /// In `Authorization: Bearer <token>`, signed over `{"payload": body}`.
    Header,
}

impl Placement {
    /// `"body"` or `"header"`.
    pub fn from_name(name: &str) -> Option<Placement> {
        match name {
            "body" => Some(Placement::Body),
            "header" => Some(Placement::Header),
            _ => None,
        }
    }
}

/// Refuses a document over `opts.max_json_len` before it is parsed.
fn check_json_len(what: &str, text: &[u8], opts: &Options) -> Result<()> {
    if text.len() > opts.max_json_len {
        return err(
            ErrorKind::TooLarge,
            format!(
                "{what} is {} bytes, over the limit of {}",
                text.len(),
                opts.max_json_len
            ),
        );
    }
    Ok(())
}

fn parse_doc(what: &str, text: &[u8], opts: &Options) -> Result<Map<String, Value>> {
    check_json_len(what, text, opts)?;
    json::parse_object(text)
        .map_err(|e| Error::new(ErrorKind::InvalidJson, format!("{what}: {}", e.0)))
}

fn with_token(mut doc: Map<String, Value>, token: String) -> String {
    doc.insert("token".into(), Value::String(token));
    let mut out = Vec::new();
    json::write_js(&Value::Object(doc), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Signs a request from the storage service to Docs (command, converter, docbuilder).
///
/// `Body` placement returns the body (compact JSON) with a `token` member added; `Header` returns the
/// bare token over `{"payload": body}` for `Authorization: Bearer <token>`. The token expires after
/// `opts.expires_in`, 300 s when unset, as Docs' own.
///
/// ```
/// use oo_jwt::onlyoffice::{sign_request, Placement};
/// let opts = oo_jwt::Options { now: Some(1_700_000_000), ..Default::default() };
/// let body = sign_request(br#"{"c":"info","key":"Khirz6zTPdfd7"}"#, b"inbox-secret", Placement::Body, &opts).unwrap();
/// assert!(body.starts_with(r#"{"c":"info","key":"Khirz6zTPdfd7","token":"eyJ"#));
/// ```
pub fn sign_request(
    body: &[u8],
    secret: &[u8],
    placement: Placement,
    opts: &Options,
) -> Result<String> {
    let mut opts = opts.clone();
    opts.expires_in = Some(opts.expires_in.unwrap_or(DEFAULT_REQUEST_EXPIRES_IN));
    jwt::check_expires_in(&opts)?;
    let doc = parse_doc("body", body, &opts)?;
    jwt::check_secret(secret)?;
    match placement {
        Placement::Body => {
            if doc.contains_key("token") {
                return err(
                    ErrorKind::InvalidArgument,
                    "the body already has a \"token\" member",
                );
            }
            let token = jwt::sign_claims(doc.clone(), secret, &opts)?;
            Ok(with_token(doc, token))
        }
        Placement::Header => {
            let mut wrapped = Map::new();
            wrapped.insert("payload".into(), Value::Object(doc));
            jwt::sign_claims(wrapped, secret, &opts)
        }
    }
}

fn bearer<'a>(authorization: Option<&'a [u8]>, prefix: Option<&[u8]>) -> Option<&'a [u8]> {
    let prefix = prefix.unwrap_or(DEFAULT_PREFIX.as_bytes());
    authorization.and_then(|h| h.strip_prefix(prefix))
}

fn missing_token<T>(what: &str) -> Result<T> {
    err(ErrorKind::MissingToken, what)
}

/// Verifies a request the way Docs does and returns its trusted parameters.
///
/// A body `token` is verified alone (no fallback to the header); a `token` of `""`, `null`, `false`
/// or `0`, or a JSON body that is not an object, counts as no body token, as in Docs. Otherwise the
/// `authorization` value must start with `prefix` (default `"Bearer "`); otherwise `missing_token`. The parameters
/// are the claims, with the members of `payload` then of `query` set over them; unsigned body
/// fields never appear. Use the outbox secret for callbacks from Docs, the inbox secret for requests
/// to it.
///
/// ```
/// use oo_jwt::onlyoffice::verify_request;
/// let body = br#"{"key":"Khirz6zTPdfd7","status":4}"#; // the header token of the docs' callback sample
/// let auth = b"Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6IktoaXJ6NnpUUGRmZDciLCJzdGF0dXMiOjR9fQ.MfVoGT-aYuPJfjQAaxwBv7-CqBylDae2AF9K5TpLf-E";
/// let e = verify_request(b"outbox", Some(body), Some(auth), None, &Default::default()).unwrap_err();
/// assert_eq!(e.kind(), oo_jwt::ErrorKind::BadSignature); // it was signed with an empty secret
/// ```
pub fn verify_request(
    secret: &[u8],
    body: Option<&[u8]>,
    authorization: Option<&[u8]>,
    prefix: Option<&[u8]>,
    opts: &Options,
) -> Result<Map<String, Value>> {
    let decoded = verify_request_token(secret, body, authorization, prefix, opts)?;
    Ok(params(decoded.claims()?))
}

/// [`verify_request`]'s parameters as compact JSON text (`json::write`'s form), as the C ABI
/// returns them. Claims with no `payload` or `query` object are the parameters as they stand, and
/// canonical claims text is already what writing them would give: such text is returned as it
/// came, without building it.
pub(crate) fn verify_request_json(
    secret: &[u8],
    body: Option<&[u8]>,
    authorization: Option<&[u8]>,
    prefix: Option<&[u8]>,
    opts: &Options,
) -> Result<String> {
    let decoded = verify_request_token(secret, body, authorization, prefix, opts)?;
    let as_is = match json::scan_str_object(&decoded.claims_json, &["payload", "query"]) {
        Ok(scan) => {
            scan.canonical
                && scan
                    .members
                    .iter()
                    .all(|m| m.is_none_or(|m| m.kind != json::Kind::Object))
        }
        Err(_) => false,
    };
    if as_is {
        return Ok(decoded.claims_json);
    }
    let mut out = Vec::new();
    json::write(&Value::Object(params(decoded.claims()?)), &mut out);
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Finds the token Docs would verify (the body's, else the header's) and verifies it.
fn verify_request_token(
    secret: &[u8],
    body: Option<&[u8]>,
    authorization: Option<&[u8]>,
    prefix: Option<&[u8]>,
    opts: &Options,
) -> Result<Decoded> {
    let body = body.filter(|b| !b.is_empty());
    let body_token = body
        .map(|text| body_token(text, opts))
        .transpose()?
        .flatten();
    match (&body_token, bearer(authorization, prefix)) {
        (Some(t), _) => jwt::verify(t.as_bytes(), secret, opts),
        (None, Some(t)) => jwt::verify(t, secret, opts),
        (None, None) => missing_token(if authorization.is_some() {
            "no token in the body, and the header does not start with the expected prefix"
        } else {
            "no token in the body nor in the header"
        }),
    }
}

/// A request body's `token`: the body is bounded and validated as strict JSON of any type
/// (non-JSON text is `invalid_json`), but only its top-level `token` is read out, so that a large
/// callback is not built as a tree only to be dropped.
fn body_token(text: &[u8], opts: &Options) -> Result<Option<String>> {
    check_json_len("body", text, opts)?;
    let invalid = |e: json::JsonError| Error::new(ErrorKind::InvalidJson, format!("body: {}", e.0));
    let first = text
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        // An array or a scalar: Docs finds no token in it and falls back to the header.
        json::parse(text).map_err(invalid)?;
        return Ok(None);
    }
    let scan = json::scan_object(text, &["token"]).map_err(invalid)?;
    let Some(m) = scan.members[0] else {
        return Ok(None);
    };
    // Docs reads `params.token` only when it is truthy: "", null, false and 0 mean no token.
    match m.kind {
        json::Kind::String => {
            let t = json::string_value(m.raw).map_err(invalid)?;
            Ok(Some(t).filter(|t| !t.is_empty()))
        }
        json::Kind::Null => Ok(None),
        json::Kind::Bool if m.raw == "false" => Ok(None),
        json::Kind::Number if m.raw.parse::<f64>() == Ok(0.0) => Ok(None),
        kind => err(
            ErrorKind::Malformed,
            format!("the body's \"token\" is {}, not a string", kind.name()),
        ),
    }
}

/// The claims with the members of `payload`, then of `query`, set over them; both objects are
/// the claims' own (a `query` member of `payload` is a parameter, not the query), as in Docs.
fn params(mut claims: Map<String, Value>) -> Map<String, Value> {
    let wrappers = ["payload", "query"].map(|w| match claims.get(w) {
        Some(Value::Object(inner)) => Some(inner.clone()),
        _ => None,
    });
    for inner in wrappers.into_iter().flatten() {
        for (k, v) in inner {
            claims.insert(k, v);
        }
    }
    claims
}

/// Signs an editor config for the browser (`config.token`, inbox secret) and returns the config
/// (compact JSON) with `token` added.
///
/// Refuses with `invalid_config` (the message names the field) when `document.key` or
/// `document.url` is missing, or a top-level `url`, `payload`, `key` or `token` is present.
///
/// ```
/// let cfg = br#"{"document":{"fileType":"docx","key":"k1","title":"a.docx","url":"https://example.com/a.docx"},"editorConfig":{"callbackUrl":"https://example.com/cb"}}"#;
/// let signed = oo_jwt::onlyoffice::sign_config(cfg, b"inbox-secret", &Default::default()).unwrap();
/// assert!(signed.contains(r#""token":"eyJ"#));
/// ```
pub fn sign_config(config: &[u8], secret: &[u8], opts: &Options) -> Result<String> {
    jwt::check_expires_in(opts)?;
    let doc = parse_doc("config", config, opts)?;
    jwt::check_secret(secret)?;
    let invalid =
        |field: &str, why: &str| err::<String>(ErrorKind::InvalidConfig, format!("{field}: {why}"));
    for forbidden in ["url", "payload", "key", "token"] {
        if doc.contains_key(forbidden) {
            return invalid(
                forbidden,
                "a top-level member Docs treats as a different kind of token",
            );
        }
    }
    match doc.get("document") {
        Some(Value::Object(d)) => {
            for field in ["key", "url"] {
                // Docs' check is JavaScript truthiness, and it closes the editor (4006) on failure.
                let why = match d.get(field) {
                    None => "missing; Docs requires it",
                    Some(v) if !json::truthy(v) => {
                        "empty (or null, false, 0); Docs refuses the token then"
                    }
                    Some(_) => continue,
                };
                return invalid(&format!("document.{field}"), why);
            }
        }
        Some(other) => {
            return invalid(
                "document",
                &format!("{}, not an object", json::kind_name(other)),
            )
        }
        None => {
            return invalid(
                "document",
                "missing; Docs requires document.key and document.url",
            )
        }
    }
    let token = jwt::sign_claims(doc.clone(), secret, opts)?;
    Ok(with_token(doc, token))
}

/// Verifies a file, changes or image download from Docs (GET, header token only, outbox secret):
/// the token's `payload.url` must name the requested `url`. Returns the claims.
///
/// Docs signs `document.url` exactly as the integrator wrote it, then requests its WHATWG URL
/// serialisation (spaces and non-ASCII percent-encoded, dot segments removed, scheme and host
/// lower-cased, default port dropped, fragment not sent). So both sides are parsed and serialised
/// the same way, without the fragment, and compared: the whole URL, or only the path and query when
/// `opts.url_match` is [`UrlMatch::PathAndQuery`](crate::UrlMatch) (behind a reverse proxy). Pass
/// as `url` the absolute URL of the request as Docs addressed it (scheme, host, port, then the
/// request target exactly as received, percent-encoding untouched); with `PathAndQuery`, the request
/// target alone (starting with `/`) or an absolute URL with any scheme and host. A `url` that does
/// not parse is `invalid_argument`; a `payload.url` that does not parse, or names another resource,
/// is `url_mismatch`.
///
/// ```
/// use oo_jwt::{onlyoffice::verify_download, ErrorKind};
/// let e = verify_download(None, b"https://example.com/a.docx", b"outbox", None, &Default::default()).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::MissingToken);
/// let e = verify_download(None, b"not a url", b"outbox", None, &Default::default()).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::InvalidArgument);
/// ```
pub fn verify_download(
    authorization: Option<&[u8]>,
    url: &[u8],
    secret: &[u8],
    prefix: Option<&[u8]>,
    opts: &Options,
) -> Result<Decoded> {
    let requested = std::str::from_utf8(url)
        .map_err(|_| Error::new(ErrorKind::InvalidArgument, "the requested URL is not UTF-8"))
        .and_then(|u| {
            // Comparing path and query only, the request target as received ("/a.docx?x") will do:
            // it is resolved against a placeholder origin, whose scheme and host are not compared.
            let base = (opts.url_match == UrlMatch::PathAndQuery && u.starts_with('/'))
                .then(|| url::Url::parse("http://request.invalid/").ok())
                .flatten();
            url::Url::options()
                .base_url(base.as_ref())
                .parse(u)
                .map_err(|e| {
                    Error::new(
                        ErrorKind::InvalidArgument,
                        format!("the requested URL does not parse as a WHATWG URL: {e}"),
                    )
                })
        })?;
    let Some(token) = bearer(authorization, prefix) else {
        return missing_token("a download carries its token in the header, and there is none");
    };
    let decoded = jwt::verify(token, secret, opts)?;
    let signed_url = match decoded.claims()?.get("payload") {
        Some(Value::Object(p)) => match p.get("url") {
            Some(Value::String(u)) => Some(u.clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(signed_url) = signed_url else {
        return err(
            ErrorKind::UrlMismatch,
            "the token has no payload.url string to match the requested URL",
        );
    };
    let signed = url::Url::parse(&signed_url).map_err(|e| {
        Error::new(
            ErrorKind::UrlMismatch,
            format!("the token's payload.url does not parse as a WHATWG URL: {e}"),
        )
    })?;
    if url_key(&signed, opts.url_match) == url_key(&requested, opts.url_match) {
        Ok(decoded)
    } else {
        err(
            ErrorKind::UrlMismatch,
            match opts.url_match {
                UrlMatch::Full => "the token's payload.url is not the requested URL",
                UrlMatch::PathAndQuery => {
                    "the token's payload.url has another path or query than the requested URL"
                }
            },
        )
    }
}

/// The part of a parsed URL's serialisation that `how` compares: never the fragment.
fn url_key(u: &url::Url, how: UrlMatch) -> &str {
    use url::Position;
    match how {
        UrlMatch::Full => &u[..Position::AfterQuery],
        UrlMatch::PathAndQuery => &u[Position::BeforePath..Position::AfterQuery],
    }
}

/// The eight `docEditor` methods whose parameter object carries a `token`, in the order of the
/// API reference.
pub const EDITOR_METHODS: [&str; 8] = [
    "insertImage",
    "setHistoryData",
    "setMailMergeRecipients",
    "setReferenceData",
    "setReferenceSource",
    "setRequestedDocument",
    "setRequestedSpreadsheet",
    "setRevisedFile",
];

/// Checks that `obj.name` is a non-empty string; `path` is how the message names the member.
fn need_string(method: &str, obj: &Map<String, Value>, name: &str, path: &str) -> Result<()> {
    let why = match obj.get(name) {
        None => "missing; Docs takes it from the token",
        Some(Value::String(s)) if !s.is_empty() => return Ok(()),
        Some(Value::String(_)) => "empty; Docs takes it from the token",
        Some(_) => "not a string",
    };
    err(ErrorKind::InvalidConfig, format!("{method}: {path}: {why}"))
}

/// The members Docs reads from the token of each method, checked on the object to sign.
fn check_editor_method(method: &str, doc: &Map<String, Value>) -> Result<()> {
    let invalid = |path: &str, why: &str| {
        err::<()>(ErrorKind::InvalidConfig, format!("{method}: {path}: {why}"))
    };
    match method {
        // Docs takes `images[].url` from the token when it has `images`, else the token's `url`.
        "insertImage" => match doc.get("images") {
            Some(Value::Array(images)) => {
                if images.is_empty() {
                    return invalid("images", "empty; Docs would insert nothing");
                }
                for (i, image) in images.iter().enumerate() {
                    match image {
                        Value::Object(o) => {
                            need_string(method, o, "url", &format!("images[{i}].url"))?
                        }
                        other => {
                            return invalid(
                                &format!("images[{i}]"),
                                &format!("{}, not an object", json::kind_name(other)),
                            )
                        }
                    }
                }
                Ok(())
            }
            Some(other) => invalid(
                "images",
                &format!("{}, not an array", json::kind_name(other)),
            ),
            None => need_string(method, doc, "url", "url"),
        },
        // A version opens from the token's `key` and `url`, and only when its `version` is truthy;
        // with `changesUrl`, the previous version comes from `previous.key` and `previous.url`.
        "setHistoryData" => {
            need_string(method, doc, "key", "key")?;
            need_string(method, doc, "url", "url")?;
            match doc.get("version") {
                Some(v) if json::truthy(v) => {}
                Some(_) => return invalid("version", "falsy; Docs would not open it as a version"),
                None => return invalid("version", "missing; Docs takes it from the token"),
            }
            if doc.contains_key("changesUrl") {
                need_string(method, doc, "changesUrl", "changesUrl")?;
                match doc.get("previous") {
                    Some(Value::Object(p)) => {
                        need_string(method, p, "key", "previous.key")?;
                        need_string(method, p, "url", "previous.url")?;
                    }
                    Some(other) => {
                        return invalid(
                            "previous",
                            &format!("{}, not an object", json::kind_name(other)),
                        )
                    }
                    None => return invalid("previous", "missing; changesUrl needs it"),
                }
            }
            Ok(())
        }
        // The file is fetched and converted from the token's `url` and `fileType`; for the two
        // reference methods an optional `key` (the linked file's co-editing session) is also read
        // from the token, and the whole object is signed, so it is inside when given.
        "setMailMergeRecipients"
        | "setReferenceData"
        | "setReferenceSource"
        | "setRequestedDocument"
        | "setRequestedSpreadsheet"
        | "setRevisedFile" => {
            need_string(method, doc, "fileType", "fileType")?;
            need_string(method, doc, "url", "url")
        }
        _ => invalid("method", "unknown"),
    }
}

/// Signs the parameter object of a `docEditor` method (`insertImage`, `setHistoryData`,
/// `setMailMergeRecipients`, `setReferenceData`, `setReferenceSource`, `setRequestedDocument`,
/// `setRequestedSpreadsheet`, `setRevisedFile`) and returns the object (compact JSON) with `token`
/// added. Use the browser secret (the inbox secret unless Docs sets it apart).
///
/// The token covers the whole object, so every member Docs reads from it (`docs/semantics.md`)
/// is inside. Refuses with `invalid_config`, naming the method and the member, an unknown method,
/// an object that already has a `token`, and one without a member Docs takes from the token
/// (for `insertImage`, each `images[].url`, or `url` without `images`; for `setHistoryData`,
/// `key`, `url`, a truthy `version`, and with `changesUrl` also `previous.key` and `previous.url`;
/// for the others `fileType` and `url`).
///
/// ```
/// use oo_jwt::onlyoffice::sign_editor_method;
/// let params = br#"{"c":"add","images":[{"fileType":"png","url":"https://example.com/a.png"}]}"#;
/// let signed = sign_editor_method("insertImage", params, b"inbox-secret", &Default::default()).unwrap();
/// assert!(signed.starts_with(r#"{"c":"add","images":[{"fileType":"png","url":"https://example.com/a.png"}],"token":"eyJ"#));
/// let e = sign_editor_method("insertImage", br#"{"c":"add"}"#, b"inbox-secret", &Default::default()).unwrap_err();
/// assert_eq!(e.kind(), oo_jwt::ErrorKind::InvalidConfig);
/// ```
pub fn sign_editor_method(
    method: &str,
    params: &[u8],
    secret: &[u8],
    opts: &Options,
) -> Result<String> {
    jwt::check_expires_in(opts)?;
    if !EDITOR_METHODS.contains(&method) {
        return err(
            ErrorKind::InvalidConfig,
            "unknown editor method: expected one of insertImage, setHistoryData, \
             setMailMergeRecipients, setReferenceData, setReferenceSource, setRequestedDocument, \
             setRequestedSpreadsheet, setRevisedFile",
        );
    }
    let doc = parse_doc("params", params, opts)?;
    jwt::check_secret(secret)?;
    if doc.contains_key("token") {
        return err(
            ErrorKind::InvalidConfig,
            format!("{method}: token: the object is already signed"),
        );
    }
    check_editor_method(method, &doc)?;
    let token = jwt::sign_claims(doc.clone(), secret, opts)?;
    Ok(with_token(doc, token))
}

/// Verifies a request with a Docs installation's loaded settings: the secret, `Authorization`
/// prefix, clock tolerance and allow-list of direction `side` come from `settings`
/// (`config::load`), so nothing is wired by hand. Only `opts.now`, `opts.max_token_len` and
/// `opts.max_json_len` are read from `opts`. Otherwise as [`verify_request`].
///
/// ```
/// use oo_jwt::{config::{DocsConfig, Side}, onlyoffice::{sign_request, verify_request_with_config, Placement}};
/// let settings = DocsConfig::from_json(&serde_json::json!({
///     "inbox": {"secret_hex": "696e", "header": "Authorization", "prefix": "Bearer "},
///     "outbox": {"secret_hex": "6f7574", "header": "Authorization", "prefix": "JWT "},
///     "clock_tolerance": 60})).unwrap();
/// let opts = oo_jwt::Options { now: Some(1_700_000_000), ..Default::default() };
/// let token = sign_request(br#"{"key":"k","status":2}"#, b"out", Placement::Header, &opts).unwrap();
/// let auth = format!("JWT {token}");
/// let params = verify_request_with_config(&settings, Side::Outbox, None, Some(auth.as_bytes()), &opts).unwrap();
/// assert_eq!(params["status"], 2);
/// ```
pub fn verify_request_with_config(
    settings: &crate::config::DocsConfig,
    side: crate::config::Side,
    body: Option<&[u8]>,
    authorization: Option<&[u8]>,
    opts: &Options,
) -> Result<Map<String, Value>> {
    let d = settings.side(side);
    verify_request(
        &d.secret,
        body,
        authorization,
        Some(d.prefix.as_bytes()),
        &settings.verify_options(opts),
    )
}

/// Verifies a download from Docs with a Docs installation's loaded settings: the outbox secret,
/// `Authorization` prefix, clock tolerance and allow-list come from `settings` (`config::load`).
/// Only `opts.now`, `opts.max_token_len` and `opts.url_match` are read from `opts`. Otherwise as
/// [`verify_download`]: `url` is the URL of the request as Docs addressed it.
///
/// A token is always required here, even for a URL Docs downloads without one
/// (`token.outbox.urlExclusionRegex`, or outbox tokens disabled): a missing one is
/// `missing_token`. Ask [`download_token_expected`] first to tell such a download apart.
///
/// ```
/// use oo_jwt::{config::DocsConfig, onlyoffice::verify_download_with_config, ErrorKind, Options};
/// let settings = DocsConfig::from_json(&serde_json::json!({
///     "inbox": {"secret_hex": "696e", "header": "Authorization", "prefix": "Bearer "},
///     "outbox": {"secret_hex": "6f7574", "header": "Authorization", "prefix": "JWT "},
///     "clock_tolerance": 60})).unwrap();
/// let opts = Options { now: Some(1_700_000_000), ..Default::default() };
/// let url = "https://storage.example/a.docx";
/// let token = oo_jwt::sign(format!(r#"{{"payload":{{"url":"{url}"}}}}"#).as_bytes(), b"out", &opts).unwrap();
/// let auth = format!("JWT {token}");
/// let d = verify_download_with_config(&settings, Some(auth.as_bytes()), url.as_bytes(), &opts).unwrap();
/// assert_eq!(d.claims().unwrap()["payload"]["url"], url);
/// let e = verify_download_with_config(&settings, None, url.as_bytes(), &opts).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::MissingToken);
/// ```
pub fn verify_download_with_config(
    settings: &crate::config::DocsConfig,
    authorization: Option<&[u8]>,
    url: &[u8],
    opts: &Options,
) -> Result<Decoded> {
    let d = settings.side(crate::config::Side::Outbox);
    verify_download(
        authorization,
        url,
        &d.secret,
        Some(d.prefix.as_bytes()),
        &settings.verify_options(opts),
    )
}

/// Whether Docs sends a token when it downloads `url`, as Docs decides it
/// (`canIncludeOutboxAuthorization`): outbox tokens are enabled (`token.enable.request.outbox`) and
/// `url` does not contain the exclusion text (`token.outbox.urlExclusionRegex`, which Docs escapes
/// before use, so a plain substring test, case-sensitive; no exclusion text: always).
///
/// Docs tests the URL it was given, before it serialises it for the request: pass `url` exactly as
/// the integrator wrote it into the editor config or request (`document.url`, a `changesurl`, an
/// image or comparison URL), not the request URL as the download server received it, whose
/// percent-encoding, case and dot segments Docs may have changed.
///
/// ```
/// use oo_jwt::{config::DocsConfig, onlyoffice::download_token_expected};
/// let settings = DocsConfig::from_json(&serde_json::json!({
///     "inbox": {"secret_hex": "696e", "header": "Authorization", "prefix": "Bearer "},
///     "outbox": {"secret_hex": "6f7574", "header": "Authorization", "prefix": "Bearer ",
///                "url_exclusion": "/public/"},
///     "clock_tolerance": 60})).unwrap();
/// assert!(download_token_expected(&settings, b"https://storage.example/files/a.docx"));
/// assert!(!download_token_expected(&settings, b"https://storage.example/public/a.docx"));
/// ```
pub fn download_token_expected(settings: &crate::config::DocsConfig, url: &[u8]) -> bool {
    if !settings.outbox.enabled {
        return false;
    }
    match settings.outbox_url_exclusion.as_deref() {
        None | Some("") => true,
        Some(text) => !url.windows(text.len()).any(|w| w == text.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The C ABI's text path (body scanned, canonical claims passed through) gives exactly what
    /// building the parameters and writing them gives, and the same errors.
    #[test]
    fn request_json_is_the_written_parameters() {
        let opts = Options {
            now: Some(1_700_000_000),
            ..Default::default()
        };
        let s = b"request-json-secret-0123456789abcd";
        let sign = |claims: &str| jwt::sign(claims.as_bytes(), s, &opts).unwrap();
        let plain = sign(r#"{"key":"k","status":2,"history":{"changes":[{"a":1}]}}"#);
        let wrapped = sign(r#"{"payload":{"key":"k","status":6},"key":"outer","query":{"q":1}}"#);
        let odd = sign(r#"{ "key" : "k", "n": 1.50, "s": "\u00e9" }"#);
        let header = format!("Bearer {}", sign(r#"{"payload":{"key":"h"}}"#));
        let mut bodies: Vec<String> = [&plain, &wrapped, &odd]
            .iter()
            .flat_map(|t| {
                [
                    format!(r#"{{"key":"x","token":"{t}"}}"#),
                    format!(" \n{{ \"token\" : \"{t}\", \"z\": [1, 2] }}"),
                    format!(r#"{{"token":"\u0065{}"}}"#, &t[1..]),
                ]
            })
            .collect();
        for tok in [
            r#""""#, "null", "false", "0", "0.0", "-0", "true", "1", "[]", "{}", r#""x""#,
        ] {
            bodies.push(format!(r#"{{"key":"x","token":{tok}}}"#));
        }
        for other in [
            "[1]",
            "\"s\"",
            "3",
            "{}",
            "{\"token\":1,\"token\":2}",
            "{\"a\":",
            "not json",
        ] {
            bodies.push(other.to_string());
        }
        for body in &bodies {
            for auth in [None, Some(header.as_bytes())] {
                let built = verify_request(s, Some(body.as_bytes()), auth, None, &opts).map(|p| {
                    let mut out = Vec::new();
                    json::write(&Value::Object(p), &mut out);
                    String::from_utf8(out).unwrap()
                });
                let text = verify_request_json(s, Some(body.as_bytes()), auth, None, &opts);
                match (built, text) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{body}"),
                    (Err(a), Err(b)) => {
                        assert_eq!((a.kind(), a.message()), (b.kind(), b.message()), "{body}")
                    }
                    (a, b) => panic!("{body}: {a:?} against {b:?}"),
                }
            }
        }
    }
}
