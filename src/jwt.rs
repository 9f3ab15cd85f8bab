//! Compact JWS with HMAC: `sign`, `verify`, `decode_unverified`, strict as `docs/semantics.md` says.

use crate::b64;
use crate::claims;
use crate::error::{err, ErrorKind, Result};
use crate::json;
use jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER;
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde_json::{Map, Number, Value};

/// The HMAC algorithms this library signs and verifies with. Nothing else is ever accepted.
///
/// ```
/// use oo_jwt::Algorithm;
/// assert_eq!(Algorithm::from_name("HS384"), Some(Algorithm::HS384));
/// assert_eq!(Algorithm::from_name("none"), None);
/// assert_eq!(Algorithm::from_name("hs256"), None); // exact and case-sensitive
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA-256, what ONLYOFFICE Docs uses by default.
    #[default]
    HS256,
    /// HMAC-SHA-384.
    HS384,
    /// HMAC-SHA-512.
    HS512,
}

impl Algorithm {
    /// All three, in order.
    pub const ALL: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// The JOSE name (`"HS256"`).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// The algorithm with exactly this JOSE name.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// This algorithm's bit in an [`AlgorithmSet`] (and in the C ABI's `OO_ALG_*`).
    pub const fn bit(self) -> u32 {
        match self {
            Algorithm::HS256 => 1,
            Algorithm::HS384 => 2,
            Algorithm::HS512 => 4,
        }
    }

    /// The algorithm named `name`, or `unsupported_alg` naming it (for signing).
    pub fn parse(name: &str) -> Result<Algorithm> {
        Algorithm::from_name(name).ok_or_else(|| {
            crate::Error::new(
                ErrorKind::UnsupportedAlg,
                format!("cannot sign with {name:?}: only HS256, HS384 and HS512"),
            )
        })
    }

    fn jose(self) -> jsonwebtoken::Algorithm {
        match self {
            Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
            Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
            Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        }
    }

    /// The base64url of this algorithm's fixed header `{"alg":"…","typ":"JWT"}`.
    const fn header_b64(self) -> &'static str {
        match self {
            Algorithm::HS256 => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
            Algorithm::HS384 => "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9",
            Algorithm::HS512 => "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9",
        }
    }
}

/// An allow-list of algorithms for verification; never empty.
///
/// ```
/// use oo_jwt::{Algorithm, AlgorithmSet};
/// let only = AlgorithmSet::from_bits(Algorithm::HS256.bit()).unwrap();
/// assert!(only.contains(Algorithm::HS256) && !only.contains(Algorithm::HS512));
/// assert!(AlgorithmSet::from_bits(0).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmSet(u32);

impl AlgorithmSet {
    /// HS256, HS384 and HS512: what Docs accepts.
    pub const ALL: AlgorithmSet = AlgorithmSet(7);

    /// The set with these `OO_ALG_*` bits; `None` when empty or with an unknown bit.
    pub fn from_bits(bits: u32) -> Option<AlgorithmSet> {
        (bits != 0 && bits & !7 == 0).then_some(AlgorithmSet(bits))
    }

    /// The set of these names; `None` when empty or when a name is not HS256/HS384/HS512.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Option<AlgorithmSet> {
        let mut bits = 0;
        for n in names {
            bits |= Algorithm::from_name(n.as_ref())?.bit();
        }
        AlgorithmSet::from_bits(bits)
    }

    /// Like [`AlgorithmSet::from_names`], with `invalid_argument` explaining a refusal.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<AlgorithmSet> {
        AlgorithmSet::from_names(names).ok_or_else(|| {
            let list: Vec<&str> = names.iter().map(|n| n.as_ref()).collect();
            crate::Error::new(
                ErrorKind::InvalidArgument,
                format!("algorithms {list:?}: give a non-empty list of HS256, HS384, HS512"),
            )
        })
    }

    /// The bits.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// Whether `alg` is allowed.
    pub fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }
}

impl Default for AlgorithmSet {
    fn default() -> Self {
        AlgorithmSet::ALL
    }
}

/// Default bound on a token's length: 256 KiB.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 256 * 1024;
/// Default bound on a JSON document's length: 1 MiB.
pub const DEFAULT_MAX_JSON_LEN: usize = 1024 * 1024;
/// Default clock tolerance, as Docs' `verifyOptions.clockTolerance`.
pub const DEFAULT_LEEWAY: u64 = 60;

/// Options of every operation; each operation reads the fields that concern it.
///
/// ```
/// let opts = oo_jwt::Options { now: Some(1_700_000_000), expires_in: Some(300), ..Default::default() };
/// let token = oo_jwt::sign(br#"{"key":"k"}"#, b"secret", &opts).unwrap();
/// let claims = oo_jwt::verify(token.as_bytes(), b"secret", &opts).unwrap().claims;
/// assert_eq!(claims["exp"], 1_700_000_300);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Algorithm to sign with.
    pub algorithm: Algorithm,
    /// Algorithms a token may use.
    pub algorithms: AlgorithmSet,
    /// Seconds of tolerance on `exp` and `nbf`.
    pub leeway: u64,
    /// Fixed current time (Unix seconds) instead of the clock.
    pub now: Option<i64>,
    /// Seconds until `exp` when signing (adds `iat` and `exp`). `None`: no claim added, except that
    /// `sign_request` then uses 300 as Docs does.
    pub expires_in: Option<i64>,
    /// Longest token accepted, in bytes.
    pub max_token_len: usize,
    /// Longest JSON document accepted, in bytes.
    pub max_json_len: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            algorithm: Algorithm::HS256,
            algorithms: AlgorithmSet::ALL,
            leeway: DEFAULT_LEEWAY,
            now: None,
            expires_in: None,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            max_json_len: DEFAULT_MAX_JSON_LEN,
        }
    }
}

impl Options {
    /// `now`, or the clock's whole seconds.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        })
    }
}

/// A token taken apart: its header and claims, parsed and as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The header object.
    pub header: Map<String, Value>,
    /// The claims object.
    pub claims: Map<String, Value>,
    /// The header exactly as the token carries it.
    pub header_json: String,
    /// The claims exactly as the token carries them.
    pub claims_json: String,
}

/// Signs a JSON object `payload` with `secret`.
///
/// The header is `{"alg":"HS256","typ":"JWT"}` (or HS384/HS512 per `opts.algorithm`); the claims
/// are the payload as compact JSON in its own key order, plus `iat` and `exp` when
/// `opts.expires_in` is set, byte for byte what node `jsonwebtoken` emits.
///
/// ```
/// let token = oo_jwt::sign(br#"{"c":"info","key":"Khirz6zTPdfd7"}"#, b"secret", &Default::default()).unwrap();
/// assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
/// ```
pub fn sign(payload: &[u8], secret: &[u8], opts: &Options) -> Result<String> {
    check_expires_in(opts)?;
    if payload.len() > opts.max_json_len {
        return err(
            ErrorKind::TooLarge,
            format!(
                "payload is {} bytes, over the limit of {}",
                payload.len(),
                opts.max_json_len
            ),
        );
    }
    check_secret(secret)?;
    let claims = json::parse_object(payload)
        .map_err(|e| crate::Error::new(ErrorKind::InvalidJson, format!("payload: {}", e.0)))?;
    sign_claims(claims, secret, opts)
}

pub(crate) fn check_expires_in(opts: &Options) -> Result<()> {
    match opts.expires_in {
        Some(e) if e < 0 => err(
            ErrorKind::InvalidArgument,
            format!("expires_in must not be negative, got {e}"),
        ),
        _ => Ok(()),
    }
}

pub(crate) fn check_secret(secret: &[u8]) -> Result<()> {
    if secret.is_empty() {
        return err(
            ErrorKind::EmptySecret,
            "the secret is empty: ONLYOFFICE Docs rejects every token then; set a real secret",
        );
    }
    Ok(())
}

/// Adds `iat`/`exp` per `opts.expires_in`, serializes and signs. Options and secret already checked.
pub(crate) fn sign_claims(
    mut claims: Map<String, Value>,
    secret: &[u8],
    opts: &Options,
) -> Result<String> {
    // As node jsonwebtoken's sign: registered time claims must be numbers, or verify could never
    // accept the token.
    for name in ["iat", "exp", "nbf"] {
        match claims.get(name) {
            None | Some(Value::Number(_)) => {}
            Some(other) => {
                return err(
                    ErrorKind::InvalidArgument,
                    format!(
                        "the payload's \"{name}\" is {}; it must be a number of seconds",
                        json::kind_name(other)
                    ),
                )
            }
        }
    }
    if let Some(expires_in) = opts.expires_in {
        add_expiry(&mut claims, expires_in, opts)?;
    }
    let mut body = Vec::with_capacity(256);
    json::write(&Value::Object(claims), &mut body);
    sign_bytes(&body, secret, opts.algorithm)
}

fn add_expiry(claims: &mut Map<String, Value>, expires_in: i64, opts: &Options) -> Result<()> {
    if claims.contains_key("exp") {
        return err(
            ErrorKind::InvalidArgument,
            "the payload already has an \"exp\" claim; do not also give expires_in",
        );
    }
    let exp = match claims.get("iat") {
        None => {
            let now = opts.now();
            claims.insert("iat".into(), Value::from(now));
            now.checked_add(expires_in).map(Value::from)
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => i.checked_add(expires_in).map(Value::from),
            None => n
                .as_f64()
                .and_then(|f| Number::from_f64(f + expires_in as f64))
                .map(Value::Number),
        },
        Some(_) => {
            return err(
                ErrorKind::InvalidArgument,
                "the payload's \"iat\" is not a number",
            )
        }
    };
    match exp {
        Some(exp) => {
            claims.insert("exp".into(), exp);
            Ok(())
        }
        None => err(ErrorKind::InvalidArgument, "iat + expires_in overflows"),
    }
}

/// Signs already-serialized claims bytes.
pub(crate) fn sign_bytes(claims_json: &[u8], secret: &[u8], alg: Algorithm) -> Result<String> {
    let header = alg.header_b64();
    let mut out = Vec::with_capacity(header.len() + 2 + b64::encoded_len(claims_json.len()) + 88);
    out.extend_from_slice(header.as_bytes());
    out.push(b'.');
    b64::encode_into(claims_json, &mut out);
    let mac = hmac(alg, secret, &out)?;
    out.push(b'.');
    b64::encode_into(&mac, &mut out);
    // Only base64url and '.' were written.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// HMAC of `msg` under `key` with `alg`'s hash, through jsonwebtoken's RustCrypto provider.
pub fn hmac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    let signer = (DEFAULT_PROVIDER.signer_factory)(&alg.jose(), &EncodingKey::from_secret(key))
        .map_err(|e| crate::Error::new(ErrorKind::Internal, format!("HMAC key: {e}")))?;
    signer
        .try_sign(msg)
        .map_err(|e| crate::Error::new(ErrorKind::Internal, format!("HMAC: {e}")))
}

/// Whether `tag` is `alg`'s HMAC of `msg` under `key`, compared in constant time.
pub fn hmac_verify(alg: Algorithm, key: &[u8], msg: &[u8], tag: &[u8]) -> Result<bool> {
    let verifier = (DEFAULT_PROVIDER.verifier_factory)(&alg.jose(), &DecodingKey::from_secret(key))
        .map_err(|e| crate::Error::new(ErrorKind::Internal, format!("HMAC key: {e}")))?;
    // RustCrypto's verify_slice: constant-time comparison (subtle), length mismatch rejected.
    Ok(verifier.verify(msg, &tag.to_vec()).is_ok())
}

/// The parts of a token whose structure is sound: segments, decoded bytes, parsed header.
struct Parts<'a> {
    signing_input: &'a [u8],
    header: Map<String, Value>,
    header_json: String,
    claims_bytes: Vec<u8>,
    signature: Vec<u8>,
}

fn malformed<T>(msg: impl Into<String>) -> Result<T> {
    err(ErrorKind::Malformed, msg)
}

fn check_token_len(token: &[u8], opts: &Options) -> Result<()> {
    if token.len() > opts.max_token_len {
        return err(
            ErrorKind::TooLarge,
            format!(
                "token is {} bytes, over the limit of {}",
                token.len(),
                opts.max_token_len
            ),
        );
    }
    Ok(())
}

fn parse_structure(token: &[u8]) -> Result<Parts<'_>> {
    if token.is_empty() {
        return malformed("the token is empty");
    }
    // Count before splitting, so "a.b.c.d" is never read as three parts.
    let dots = token.iter().filter(|&&b| b == b'.').count();
    if dots != 2 {
        return malformed(format!(
            "a JWT has exactly 3 dot-separated segments, this has {}",
            dots + 1
        ));
    }
    if let Some(pos) = token
        .iter()
        .position(|&b| b != b'.' && !b64::is_alphabet(&[b]))
    {
        return malformed(format!(
            "byte 0x{:02x} at offset {pos} is not base64url (no padding, '+', '/' or whitespace)",
            token[pos]
        ));
    }
    let d1 = token.iter().position(|&b| b == b'.').unwrap_or(0);
    let d2 = d1 + 1 + token[d1 + 1..].iter().position(|&b| b == b'.').unwrap_or(0);
    let (h, c, s) = (&token[..d1], &token[d1 + 1..d2], &token[d2 + 1..]);
    if h.is_empty() {
        return malformed("the header segment is empty");
    }
    let decode = |seg: &[u8], what: &str| {
        b64::decode(seg).ok_or_else(|| {
            crate::Error::new(
                ErrorKind::Malformed,
                format!("the {what} segment is not canonical unpadded base64url"),
            )
        })
    };
    let header_bytes = decode(h, "header")?;
    let claims_bytes = decode(c, "claims")?;
    let signature = decode(s, "signature")?;
    let header = json::parse_object(&header_bytes)
        .map_err(|e| crate::Error::new(ErrorKind::Malformed, format!("header: {}", e.0)))?;
    match header.get("alg") {
        Some(Value::String(_)) => {}
        Some(other) => {
            return malformed(format!(
                "header: \"alg\" is {}, not a string",
                json::kind_name(other)
            ))
        }
        None => return malformed("header: no \"alg\""),
    }
    if header.contains_key("crit") {
        return malformed(
            "header: \"crit\" is present and no extension is understood (RFC 7515 4.1.11)",
        );
    }
    Ok(Parts {
        signing_input: &token[..d2],
        // parse_object succeeded, so the bytes are UTF-8.
        header_json: String::from_utf8(header_bytes).unwrap_or_default(),
        header,
        claims_bytes,
        signature,
    })
}

fn parse_claims(bytes: Vec<u8>) -> Result<(Map<String, Value>, String)> {
    let map = json::parse_object(&bytes)
        .map_err(|e| crate::Error::new(ErrorKind::Malformed, format!("claims: {}", e.0)))?;
    Ok((map, String::from_utf8(bytes).unwrap_or_default()))
}

/// Verifies `token` with `secret` and returns its header and claims.
///
/// Strict: exactly three canonical base64url segments, strict JSON objects, `alg` in
/// `opts.algorithms`, the HMAC compared in constant time before any claim is read, then `exp`/`nbf`
/// with `opts.leeway`. `iat` is not checked. See `docs/semantics.md` for the exact order.
///
/// ```
/// use oo_jwt::{verify, ErrorKind, Options};
/// // The callback sample of ONLYOFFICE's documentation, signed with an empty secret.
/// let t = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6IktoaXJ6NnpUUGRmZDciLCJzdGF0dXMiOjR9fQ.MfVoGT-aYuPJfjQAaxwBv7-CqBylDae2AF9K5TpLf-E";
/// assert_eq!(verify(t, b"", &Options::default()).unwrap_err().kind(), ErrorKind::EmptySecret);
/// assert_eq!(verify(t, b"secret", &Options::default()).unwrap_err().kind(), ErrorKind::BadSignature);
/// ```
pub fn verify(token: &[u8], secret: &[u8], opts: &Options) -> Result<Decoded> {
    check_token_len(token, opts)?;
    check_secret(secret)?;
    let parts = parse_structure(token)?;
    let alg_name = match parts.header.get("alg") {
        Some(Value::String(s)) => s.as_str(),
        _ => "",
    };
    let alg = match Algorithm::from_name(alg_name) {
        Some(a) if opts.algorithms.contains(a) => a,
        _ => {
            return err(
                ErrorKind::UnsupportedAlg,
                format!("algorithm {alg_name:?} is not allowed"),
            )
        }
    };
    if !hmac_verify(alg, secret, parts.signing_input, &parts.signature)? {
        return err(
            ErrorKind::BadSignature,
            format!("the {} signature does not match", alg.name()),
        );
    }
    let (claims, claims_json) = parse_claims(parts.claims_bytes)?;
    claims::check_time(&claims, opts.now(), opts.leeway)?;
    Ok(Decoded {
        header: parts.header,
        header_json: parts.header_json,
        claims,
        claims_json,
    })
}

/// Takes a token apart WITHOUT verifying it: for diagnostics only, never for a trust decision.
///
/// ```
/// let t = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7InVybCI6Imh0dHBzOi8vZXhhbXBsZS5jb20vdXJsLXRvLWV4YW1wbGUtZG9jdW1lbnQuZG9jeCJ9fQ.DnhdBVtn8sFo9Adfl6GuT_v53NVV5cQ0Vi9c8xRzrjs";
/// let d = oo_jwt::decode_unverified(t, &Default::default()).unwrap();
/// assert_eq!(d.header["alg"], "HS256");
/// assert_eq!(d.claims["payload"]["url"], "https://example.com/url-to-example-document.docx");
/// ```
pub fn decode_unverified(token: &[u8], opts: &Options) -> Result<Decoded> {
    check_token_len(token, opts)?;
    let parts = parse_structure(token)?;
    let (claims, claims_json) = parse_claims(parts.claims_bytes)?;
    Ok(Decoded {
        header: parts.header,
        header_json: parts.header_json,
        claims,
        claims_json,
    })
}
