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

fn parse_doc(what: &str, text: &[u8], opts: &Options) -> Result<Map<String, Value>> {
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
    let body = body.filter(|b| !b.is_empty());
    let body_token = match body.map(|text| parse_body(text, opts)).transpose()? {
        // Docs reads `params.token` only when it is truthy: "", null, false and 0 mean no token.
        Some(Value::Object(mut doc)) => match doc.shift_remove("token") {
            Some(Value::String(t)) if !t.is_empty() => Some(t),
            Some(Value::String(_) | Value::Null | Value::Bool(false)) => None,
            Some(Value::Number(n)) if n.as_f64() == Some(0.0) => None,
            Some(other) => {
                return err(
                    ErrorKind::Malformed,
                    format!(
                        "the body's \"token\" is {}, not a string",
                        json::kind_name(&other)
                    ),
                )
            }
            None => None,
        },
        // An array or a scalar: Docs finds no token in it and falls back to the header.
        Some(_) | None => None,
    };
    let decoded = match (&body_token, bearer(authorization, prefix)) {
        (Some(t), _) => jwt::verify(t.as_bytes(), secret, opts)?,
        (None, Some(t)) => jwt::verify(t, secret, opts)?,
        (None, None) => {
            return missing_token(if authorization.is_some() {
                "no token in the body, and the header does not start with the expected prefix"
            } else {
                "no token in the body nor in the header"
            })
        }
    };
    Ok(params(decoded.claims()))
}

/// A request body: bounded, strict JSON of any type (non-JSON text is `invalid_json`).
fn parse_body(text: &[u8], opts: &Options) -> Result<Value> {
    if text.len() > opts.max_json_len {
        return err(
            ErrorKind::TooLarge,
            format!(
                "body is {} bytes, over the limit of {}",
                text.len(),
                opts.max_json_len
            ),
        );
    }
    json::parse(text).map_err(|e| Error::new(ErrorKind::InvalidJson, format!("body: {}", e.0)))
}

/// The claims with the members of `payload`, then of `query`, set over them.
fn params(mut claims: Map<String, Value>) -> Map<String, Value> {
    for wrapper in ["payload", "query"] {
        if let Some(Value::Object(inner)) = claims.get(wrapper).cloned() {
            for (k, v) in inner {
                claims.insert(k, v);
            }
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
                    Some(v) if !truthy(v) => {
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

/// Whether JavaScript counts the parsed JSON value `v` as true.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
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
    let signed_url = match decoded.claims().get("payload") {
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
