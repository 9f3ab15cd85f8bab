//! Compact JWS with HMAC: `sign`, `verify`, `decode_unverified`, strict as `docs/semantics.md` says.

use crate::b64;
use crate::claims;
use crate::error::{err, ErrorKind, Result};
use crate::json;
use jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER;
use jsonwebtoken::crypto::{JwtSigner, JwtVerifier};
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde_json::{Map, Number, Value};
use std::alloc::Layout;
use std::borrow::Cow;
use std::mem::ManuallyDrop;

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

    /// This algorithm's bit in an [`AlgorithmSet`]: the C ABI's [`OoAlg`](crate::ffi::OoAlg).
    pub const fn bit(self) -> u32 {
        use crate::ffi::OoAlg;
        (match self {
            Algorithm::HS256 => OoAlg::OoHs256,
            Algorithm::HS384 => OoAlg::OoHs384,
            Algorithm::HS512 => OoAlg::OoHs512,
        }) as u32
    }

    /// The algorithm named `name`, or `unsupported_alg` naming it (for signing).
    pub fn parse(name: &str) -> Result<Algorithm> {
        Algorithm::from_name(name).ok_or_else(|| {
            crate::Error::new(
                ErrorKind::UnsupportedAlg,
                format!(
                    "cannot sign with {}: only HS256, HS384 and HS512",
                    crate::error::preview(name)
                ),
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

    /// The header this library writes, as JSON.
    const fn header_json(self) -> &'static str {
        match self {
            Algorithm::HS256 => r#"{"alg":"HS256","typ":"JWT"}"#,
            Algorithm::HS384 => r#"{"alg":"HS384","typ":"JWT"}"#,
            Algorithm::HS512 => r#"{"alg":"HS512","typ":"JWT"}"#,
        }
    }

    /// The length of this algorithm's HMAC tag in bytes.
    const fn mac_len(self) -> usize {
        match self {
            Algorithm::HS256 => 32,
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
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

    /// The set with these [`Algorithm::bit`]s (`OoAlg` in C); `None` when empty or with an unknown bit.
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
            let list: Vec<String> = names
                .iter()
                .take(4)
                .map(|n| crate::error::preview(n.as_ref()))
                .collect();
            crate::Error::new(
                ErrorKind::InvalidArgument,
                format!(
                    "algorithms [{}{}]: give a non-empty list of HS256, HS384, HS512",
                    list.join(", "),
                    if names.len() > 4 { ", …" } else { "" }
                ),
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

/// Default bound on a token's length: 32 MiB. Docs bounds neither a callback's history (one entry
/// of about 215 bytes per change of author since the last save) nor its body token; this admits
/// about 115 000 entries, far beyond a real editing session, and still bounds the work.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 32 * 1024 * 1024;
/// Default bound on a JSON document's length: 64 MiB, room for a callback body carrying the
/// largest default token beside the plain fields it signs.
pub const DEFAULT_MAX_JSON_LEN: usize = 64 * 1024 * 1024;
/// Default clock tolerance, as Docs' `verifyOptions.clockTolerance`.
pub const DEFAULT_LEEWAY: u64 = 60;

/// How `verify_download` compares the token's `payload.url` with the requested URL; both sides are
/// first parsed and serialised as WHATWG URLs (what Docs requests), without the fragment.
///
/// ```
/// use oo_jwt::{Options, UrlMatch};
/// let behind_a_proxy = Options { url_match: UrlMatch::PathAndQuery, ..Default::default() };
/// assert_eq!(Options::default().url_match, UrlMatch::Full);
/// # let _ = behind_a_proxy;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UrlMatch {
    /// The whole URL: scheme, user info, host, port, path and query.
    #[default]
    Full,
    /// Only the path and the query, for a service behind a reverse proxy or TLS terminator that
    /// sees another scheme, host or port than the one Docs was given.
    PathAndQuery,
}

/// Options of every operation; each operation reads the fields that concern it.
///
/// ```
/// let opts = oo_jwt::Options { now: Some(1_700_000_000), expires_in: Some(300), ..Default::default() };
/// let token = oo_jwt::sign(br#"{"key":"k"}"#, b"secret", &opts).unwrap();
/// let claims = oo_jwt::verify(token.as_bytes(), b"secret", &opts).unwrap().claims().unwrap();
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
    /// What `verify_download` compares of the two URLs.
    pub url_match: UrlMatch,
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
            url_match: UrlMatch::Full,
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

/// A token taken apart: its header and claims exactly as the token carries them (each a strict JSON
/// object, already validated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The header's JSON text (borrowed from a static for the headers this library writes, so
    /// that verifying such a token allocates nothing for it).
    pub header_json: Cow<'static, str>,
    /// The claims' JSON text.
    pub claims_json: String,
}

impl Decoded {
    /// The header, parsed, in the token's key order.
    ///
    /// `internal` if the text is not a strict JSON object: for a `Decoded` from this library that
    /// would be a bug (its validating scan and its parser disagreeing), never an empty header.
    ///
    /// ```
    /// let token = oo_jwt::sign(br#"{"key":"k"}"#, b"secret", &Default::default()).unwrap();
    /// let d = oo_jwt::decode_unverified(token.as_bytes(), &Default::default()).unwrap();
    /// assert_eq!(d.header()?["alg"], "HS256");
    /// # Ok::<(), oo_jwt::Error>(())
    /// ```
    pub fn header(&self) -> Result<Map<String, Value>> {
        parse_validated("header", &self.header_json)
    }

    /// The claims, parsed, in the token's key order.
    ///
    /// `internal` if the text is not a strict JSON object: for a `Decoded` from this library that
    /// would be a bug (its validating scan and its parser disagreeing), never empty claims.
    ///
    /// ```
    /// let token = oo_jwt::sign(br#"{"key":"k"}"#, b"secret", &Default::default()).unwrap();
    /// let d = oo_jwt::verify(token.as_bytes(), b"secret", &Default::default()).unwrap();
    /// assert_eq!(d.claims()?["key"], "k");
    /// # Ok::<(), oo_jwt::Error>(())
    /// ```
    pub fn claims(&self) -> Result<Map<String, Value>> {
        parse_validated("claims", &self.claims_json)
    }
}

/// Parses JSON text that was validated already; a failure is a bug, reported as `internal`.
fn parse_validated(what: &str, text: &str) -> Result<Map<String, Value>> {
    json::parse_object(text.as_bytes()).map_err(|e| {
        crate::Error::new(
            ErrorKind::Internal,
            format!(
                "a bug in oo-jwt: the {what} passed validation but do not parse: {}",
                e.0
            ),
        )
    })
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
    let scan = json::scan_object(payload, &["iat", "exp", "nbf"])
        .map_err(|e| crate::Error::new(ErrorKind::InvalidJson, format!("payload: {}", e.0)))?;
    for (name, m) in ["iat", "exp", "nbf"].iter().zip(&scan.members) {
        if let Some(m) = m {
            check_time_claim(name, m.kind, m.number)?;
        }
    }
    if !scan.canonical {
        // Whitespace, escapes, numbers or member order JavaScript writes otherwise: the tree
        // writes them as JSON.stringify does.
        let claims = json::parse_object(payload)
            .map_err(|e| crate::Error::new(ErrorKind::InvalidJson, format!("payload: {}", e.0)))?;
        return sign_claims(claims, secret, opts);
    }
    // Already in JSON.stringify's form: sign the bytes as given, appending iat/exp if asked.
    let Some(expires_in) = opts.expires_in else {
        return sign_bytes(payload, secret, opts.algorithm);
    };
    if scan.members[1].is_some() {
        return exp_conflict();
    }
    if scan.members[0].is_some_and(|iat| iat.number == "0") {
        // node signs `payload.iat || now`: a zero iat becomes now, in its place (the tree does it).
        let claims = json::parse_object(payload)
            .map_err(|e| crate::Error::new(ErrorKind::InvalidJson, format!("payload: {}", e.0)))?;
        return sign_claims(claims, secret, opts);
    }
    let mut claims = Vec::with_capacity(payload.len() + 40);
    claims.extend_from_slice(&payload[..payload.len() - 1]);
    let iat = match scan.members[0] {
        Some(iat) => iat.number.parse::<i64>().map_err(|_| iat.number),
        None => {
            let now = opts.now();
            claims.extend_from_slice(if scan.empty {
                b"\"iat\":"
            } else {
                b",\"iat\":"
            });
            push_int(&mut claims, now);
            Ok(now)
        }
    };
    claims.extend_from_slice(b",\"exp\":");
    match iat {
        // Exact in a double as node adds them: written as an integer, as JavaScript does.
        Ok(iat) => match iat.checked_add(expires_in) {
            Some(exp) if exp.unsigned_abs() <= 1 << 53 => push_int(&mut claims, exp),
            _ => claims.extend_from_slice(exp_after(&iat.to_string(), expires_in)?.as_bytes()),
        },
        // A fractional iat: node's double arithmetic, written as JavaScript writes it.
        Err(text) => claims.extend_from_slice(exp_after(text, expires_in)?.as_bytes()),
    }
    claims.push(b'}');
    sign_bytes(&claims, secret, opts.algorithm)
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

/// A time claim to be signed must be what verify accepts: a number (as node jsonwebtoken's sign
/// requires), and a finite one, or verify could never accept the token.
fn check_time_claim(name: &str, kind: json::Kind, number: &str) -> Result<()> {
    if kind != json::Kind::Number {
        return err(
            ErrorKind::InvalidArgument,
            format!(
                "the payload's \"{name}\" is {}; it must be a number of seconds",
                kind.name()
            ),
        );
    }
    if !number.parse::<f64>().is_ok_and(f64::is_finite) {
        return err(
            ErrorKind::InvalidArgument,
            format!("the payload's \"{name}\" is {number}, beyond every finite number of seconds"),
        );
    }
    Ok(())
}

fn exp_conflict<T>() -> Result<T> {
    err(
        ErrorKind::InvalidArgument,
        "the payload already has an \"exp\" claim; do not also give expires_in",
    )
}

/// Appends `n` in decimal, as serde_json and JSON.stringify write integers.
fn push_int(out: &mut Vec<u8>, n: i64) {
    // Decimal digits without the formatting machinery (this runs on every expiring sign).
    if n < 0 {
        out.push(b'-');
    }
    let mut v = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// `iat + expires_in` as node computes it (`timestamp + expiresIn` in doubles), as JavaScript
/// prints it: an integer sum has no `.0`.
fn exp_after(iat: &str, expires_in: i64) -> Result<String> {
    match iat.parse::<f64>().map(|f| f + expires_in as f64) {
        Ok(exp) if exp.is_finite() => Ok(ryu_js::Buffer::new().format_finite(exp).to_owned()),
        _ => exp_overflow(),
    }
}

fn exp_overflow<T>() -> Result<T> {
    err(ErrorKind::InvalidArgument, "iat + expires_in overflows")
}

/// Adds `iat`/`exp` per `opts.expires_in`, serializes and signs. Options and secret already checked.
pub(crate) fn sign_claims(
    mut claims: Map<String, Value>,
    secret: &[u8],
    opts: &Options,
) -> Result<String> {
    for name in ["iat", "exp", "nbf"] {
        if let Some(v) = claims.get(name) {
            check_time_claim(name, json::kind_of(v), &v.to_string())?;
        }
    }
    if let Some(expires_in) = opts.expires_in {
        if claims.contains_key("exp") {
            return exp_conflict();
        }
        // node: `payload.iat || now`, so a zero iat is replaced in its place, a missing one added.
        let iat = match claims.get_mut("iat") {
            Some(v) if v.as_f64() != Some(0.0) => v.to_string(),
            slot => {
                let now = opts.now();
                match slot {
                    Some(v) => *v = Value::from(now),
                    None => {
                        claims.insert("iat".into(), Value::from(now));
                    }
                }
                now.to_string()
            }
        };
        let exp = exp_after(&iat, expires_in)?;
        let exp = exp
            .parse::<Number>()
            .map_err(|_| crate::Error::new(ErrorKind::Internal, "exp is not a JSON number"))?;
        claims.insert("exp".into(), Value::Number(exp));
    }
    let mut body = Vec::with_capacity(256);
    json::write_js(&Value::Object(claims), &mut body);
    sign_bytes(&body, secret, opts.algorithm)
}

/// Signs already-serialized claims bytes.
pub(crate) fn sign_bytes(claims_json: &[u8], secret: &[u8], alg: Algorithm) -> Result<String> {
    let header = alg.header_b64();
    // Exactly the token and the NUL the C ABI appends, so handing it over reallocates nothing.
    let len = header.len()
        + 1
        + b64::encoded_len(claims_json.len())
        + 1
        + b64::encoded_len(alg.mac_len());
    let mut out = Vec::with_capacity(len + 1);
    out.extend_from_slice(header.as_bytes());
    out.push(b'.');
    b64::encode_into(claims_json, &mut out);
    let mac = hmac(alg, secret, &out)?;
    out.push(b'.');
    b64::encode_into(&mac, &mut out);
    debug_assert!(out.len() == len && out.capacity() == len + 1);
    // Only base64url and '.' were written.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// A secret's keyed HMAC state for one algorithm, ready to clone per message.
pub(crate) struct CachedKey {
    alg: Algorithm,
    secret: Vec<u8>,
    signer: ManuallyDrop<Box<dyn JwtSigner>>,
    verifier: ManuallyDrop<Box<dyn JwtVerifier>>,
}

impl Drop for CachedKey {
    fn drop(&mut self) {
        // Leave no copy of the secret behind in freed memory, nor of the keyed HMAC states, which
        // are worth the secret itself (they sign any message). The `hmac` crate does not wipe them.
        // SAFETY: the Vec's own initialised bytes, exclusively borrowed.
        unsafe { zero_volatile(self.secret.as_mut_ptr(), self.secret.len()) };
        // SAFETY: the fields are taken once, here, and never used again.
        unsafe {
            drop_wiped(ManuallyDrop::take(&mut self.signer));
            drop_wiped(ManuallyDrop::take(&mut self.verifier));
        }
    }
}

/// Writes `len` zero bytes at `p` with volatile stores, which the compiler may not remove as dead.
///
/// # Safety
/// `p` is valid for writes of `len` bytes.
pub(crate) unsafe fn zero_volatile(p: *mut u8, len: usize) {
    for i in 0..len {
        std::ptr::write_volatile(p.add(i), 0);
    }
}

/// Drops a boxed value, then zeroes its bytes before the memory goes back to the allocator. Only
/// the box's own bytes are wiped: the keyed HMAC states are held inline, with no heap of their own.
fn drop_wiped<T: ?Sized>(b: Box<T>) {
    let layout = Layout::for_value::<T>(&b);
    let raw = Box::into_raw(b);
    // SAFETY: `raw` comes from a Box, so it is valid, owned here, and was allocated by the global
    // allocator with `layout` (Box's own rule); it is dropped once, its bytes written only after
    // that, and the memory freed once with the same layout. A zero-sized value has no allocation.
    unsafe {
        std::ptr::drop_in_place(raw);
        let bytes = raw.cast::<u8>();
        zero_volatile(bytes, layout.size());
        if layout.size() != 0 {
            std::alloc::dealloc(bytes, layout);
        }
    }
}

/// Keyed states a thread used last. Services use one or two secrets (inbox, outbox) over and over;
/// keeping their HMAC key schedule saves two hash blocks and three allocations per call, which is
/// what a reusable key handle would give, without an API for it.
const KEY_CACHE_SLOTS: usize = 4;

fn with_key<T>(alg: Algorithm, secret: &[u8], f: impl FnOnce(&CachedKey) -> T) -> Result<T> {
    let mut f = Some(f);
    // Without the thread's state (a nested call, or no pthread key to be had), the key is built
    // for the one call and wiped after it.
    let cached = crate::per_thread::with(|s| {
        let f = f.take()?;
        Some(cached_key(&mut s.keys, &mut s.next_slot, alg, secret).map(f))
    })
    .flatten();
    match (cached, f) {
        (Some(result), _) => result,
        (None, Some(f)) => build_key(alg, secret).map(|k| f(&k)),
        (None, None) => err(ErrorKind::Internal, "HMAC key cache: the call was lost"),
    }
}

/// The slot holding `secret`'s key for `alg`, filled (evicting in turn) when none does.
fn cached_key<'a>(
    slots: &'a mut Vec<CachedKey>,
    next: &mut usize,
    alg: Algorithm,
    secret: &[u8],
) -> Result<&'a CachedKey> {
    if let Some(i) = slots
        .iter()
        .position(|k| k.alg == alg && k.secret == secret)
    {
        return Ok(&slots[i]);
    }
    let key = build_key(alg, secret)?;
    let slot = if slots.len() < KEY_CACHE_SLOTS {
        slots.push(key);
        slots.len() - 1
    } else {
        let s = *next;
        *next = (s + 1) % KEY_CACHE_SLOTS;
        slots[s] = key;
        s
    };
    Ok(&slots[slot])
}

fn build_key(alg: Algorithm, secret: &[u8]) -> Result<CachedKey> {
    let key_err = |e: jsonwebtoken::errors::Error| {
        crate::Error::new(ErrorKind::Internal, format!("HMAC key: {e}"))
    };
    // Built apart first, so that an error (the factories refuse only a key of another family,
    // which cannot happen here) still wipes what was made.
    let signer = (DEFAULT_PROVIDER.signer_factory)(&alg.jose(), &EncodingKey::from_secret(secret))
        .map_err(key_err)?;
    let verifier =
        match (DEFAULT_PROVIDER.verifier_factory)(&alg.jose(), &DecodingKey::from_secret(secret)) {
            Ok(v) => v,
            Err(e) => {
                drop_wiped(signer);
                return Err(key_err(e));
            }
        };
    Ok(CachedKey {
        alg,
        secret: secret.to_vec(),
        signer: ManuallyDrop::new(signer),
        verifier: ManuallyDrop::new(verifier),
    })
}

/// HMAC of `msg` under `key` with `alg`'s hash, through jsonwebtoken's RustCrypto provider.
///
/// ```
/// let tag = oo_jwt::jwt::hmac(oo_jwt::Algorithm::HS256, b"key", b"message").unwrap();
/// assert_eq!(tag.len(), 32);
/// assert!(oo_jwt::jwt::hmac_verify(oo_jwt::Algorithm::HS256, b"key", b"message", &tag).unwrap());
/// ```
pub fn hmac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    with_key(alg, key, |k| k.signer.try_sign(msg))?
        .map_err(|e| crate::Error::new(ErrorKind::Internal, format!("HMAC: {e}")))
}

/// Whether `tag` is `alg`'s HMAC of `msg` under `key`, compared in constant time.
pub fn hmac_verify(alg: Algorithm, key: &[u8], msg: &[u8], tag: &[u8]) -> Result<bool> {
    let tag = tag.to_vec();
    hmac_verify_vec(alg, key, msg, &tag)
}

fn hmac_verify_vec(alg: Algorithm, key: &[u8], msg: &[u8], tag: &Vec<u8>) -> Result<bool> {
    // RustCrypto's verify_slice: constant-time comparison (subtle), length mismatch rejected.
    with_key(alg, key, |k| k.verifier.verify(msg, tag).is_ok())
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

/// A token whose structure is sound: its segments decoded, its header parsed.
struct Parts<'a> {
    signing_input: &'a [u8],
    alg_name: Cow<'static, str>,
    header_json: Cow<'static, str>,
    claims: Vec<u8>,
    signature: Vec<u8>,
}

/// Steps 4 and 5 of docs/semantics.md: segments, canonical base64url, the header.
fn parse_structure(token: &[u8]) -> Result<Parts<'_>> {
    if token.is_empty() {
        return malformed("the token is empty");
    }
    // The dots, counted before splitting, so "a.b.c.d" is never read as three parts.
    let d1 = memchr::memchr(b'.', token);
    let d2 = d1.and_then(|d| memchr::memchr(b'.', &token[d + 1..]).map(|p| d + 1 + p));
    let (d1, d2) = match (d1, d2) {
        (Some(a), Some(b)) if memchr::memchr(b'.', &token[b + 1..]).is_none() => (a, b),
        _ => {
            let dots = token.iter().filter(|&&b| b == b'.').count();
            return malformed(format!(
                "a JWT has exactly 3 dot-separated segments, this has {}",
                dots + 1
            ));
        }
    };
    let (h, c, s) = (&token[..d1], &token[d1 + 1..d2], &token[d2 + 1..]);
    if h.is_empty() {
        return malformed("the header segment is empty");
    }
    // Decoding checks the alphabet too; the message names the first foreign byte when there is one.
    let decode = |seg: &[u8], what: &str| {
        b64::decode(seg).ok_or_else(|| {
            let msg = match token.iter().position(|&b| b != b'.' && !b64::is_alphabet_byte(b)) {
                Some(pos) => format!(
                    "byte 0x{:02x} at offset {pos} is not base64url (no padding, '+', '/' or whitespace)",
                    token[pos]
                ),
                None => format!("the {what} segment is not canonical unpadded base64url"),
            };
            crate::Error::new(ErrorKind::Malformed, msg)
        })
    };
    let claims = decode(c, "claims")?;
    let signature = decode(s, "signature")?;
    // The headers this library and Docs write need no parsing.
    if let Some(alg) = Algorithm::ALL
        .into_iter()
        .find(|a| a.header_b64().as_bytes() == h)
    {
        return Ok(Parts {
            signing_input: &token[..d2],
            alg_name: Cow::Borrowed(alg.name()),
            header_json: Cow::Borrowed(alg.header_json()),
            claims,
            signature,
        });
    }
    let header_bytes = decode(h, "header")?;
    let header = json::parse_object(&header_bytes)
        .map_err(|e| crate::Error::new(ErrorKind::Malformed, format!("header: {}", e.0)))?;
    let alg_name = match header.get("alg") {
        Some(Value::String(a)) => a.clone(),
        Some(other) => {
            return malformed(format!(
                "header: \"alg\" is {}, not a string",
                json::kind_name(other)
            ))
        }
        None => return malformed("header: no \"alg\""),
    };
    if header.contains_key("crit") {
        return malformed(
            "header: \"crit\" is present and no extension is understood (RFC 7515 4.1.11)",
        );
    }
    Ok(Parts {
        signing_input: &token[..d2],
        alg_name: Cow::Owned(alg_name),
        // parse_object succeeded, so the bytes are UTF-8.
        header_json: Cow::Owned(String::from_utf8(header_bytes).unwrap_or_default()),
        claims,
        signature,
    })
}

/// Validates the claims bytes (strict JSON object) and returns them as text with `exp`/`nbf`.
fn check_claims<const N: usize>(
    bytes: Vec<u8>,
    wanted: &[&str; N],
) -> Result<(String, [Option<f64>; N])> {
    let claims_err =
        |e: json::JsonError| crate::Error::new(ErrorKind::Malformed, format!("claims: {}", e.0));
    // UTF-8 checked once, here, with the message scan_object would give.
    let text = String::from_utf8(bytes)
        .map_err(|e| claims_err(json::JsonError::not_utf8(e.utf8_error())))?;
    let mut times = [None; N];
    {
        let scan = json::scan_str_object(&text, wanted).map_err(claims_err)?;
        for ((name, m), t) in wanted.iter().zip(&scan.members).zip(&mut times) {
            if let Some(m) = m {
                *t = Some(claims::time_value(name, m)?);
            }
        }
    }
    Ok((text, times))
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
    let alg = match Algorithm::from_name(&parts.alg_name) {
        Some(a) if opts.algorithms.contains(a) => a,
        _ => {
            return err(
                ErrorKind::UnsupportedAlg,
                format!(
                    "algorithm {} is not allowed",
                    crate::error::preview(&parts.alg_name)
                ),
            )
        }
    };
    if !hmac_verify_vec(alg, secret, parts.signing_input, &parts.signature)? {
        return err(
            ErrorKind::BadSignature,
            format!("the {} signature does not match", alg.name()),
        );
    }
    let (claims_json, times) = check_claims(parts.claims, &["exp", "nbf"])?;
    claims::check_times(times[0], times[1], opts.now(), opts.leeway)?;
    Ok(Decoded {
        header_json: parts.header_json,
        claims_json,
    })
}

/// Takes a token apart WITHOUT verifying it: for diagnostics only, never for a trust decision.
///
/// ```
/// let t = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7InVybCI6Imh0dHBzOi8vZXhhbXBsZS5jb20vdXJsLXRvLWV4YW1wbGUtZG9jdW1lbnQuZG9jeCJ9fQ.DnhdBVtn8sFo9Adfl6GuT_v53NVV5cQ0Vi9c8xRzrjs";
/// let d = oo_jwt::decode_unverified(t, &Default::default()).unwrap();
/// assert_eq!(d.header().unwrap()["alg"], "HS256");
/// assert_eq!(d.claims().unwrap()["payload"]["url"], "https://example.com/url-to-example-document.docx");
/// ```
pub fn decode_unverified(token: &[u8], opts: &Options) -> Result<Decoded> {
    check_token_len(token, opts)?;
    let parts = parse_structure(token)?;
    let (claims_json, _) = check_claims(parts.claims, &[])?;
    Ok(Decoded {
        header_json: parts.header_json,
        claims_json,
    })
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;
    use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering::SeqCst};

    thread_local! {
        /// Allocations made on this thread (a const-initialised Cell: counting allocates nothing).
        static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    /// Blocks watched at free time: the signer's and verifier's states and the secret's copy.
    static WATCHED: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];
    /// 0: not freed yet, 1: freed all zero, 2: freed with data in it.
    static SEEN: [AtomicU8; 3] = [const { AtomicU8::new(0) }; 3];

    /// The system allocator, looking into the watched blocks as they are freed.
    struct Watching;

    unsafe impl GlobalAlloc for Watching {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // try_with: no count while the thread's locals are being torn down.
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
            System.alloc(layout)
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            for (watched, seen) in WATCHED.iter().zip(&SEEN) {
                if !ptr.is_null() && watched.load(SeqCst) == ptr as usize {
                    let clean = (0..layout.size()).all(|i| *ptr.add(i) == 0);
                    seen.store(if clean { 1 } else { 2 }, SeqCst);
                    watched.store(0, SeqCst);
                }
            }
            System.dealloc(ptr, layout)
        }
    }

    #[global_allocator]
    static ALLOCATOR: Watching = Watching;

    #[test]
    fn evicted_keys_leave_no_secret_and_no_hmac_state_in_freed_memory() {
        use super::{with_key, Algorithm, JwtSigner, JwtVerifier, KEY_CACHE_SLOTS};
        // A new thread: its key cache starts empty, and nothing else frees these blocks.
        std::thread::spawn(|| {
            with_key(
                Algorithm::HS256,
                b"a secret that must not outlive its cache slot",
                |k| {
                    let signer: *const dyn JwtSigner = &**k.signer;
                    let verifier: *const dyn JwtVerifier = &**k.verifier;
                    WATCHED[0].store(signer.cast::<u8>() as usize, SeqCst);
                    WATCHED[1].store(verifier.cast::<u8>() as usize, SeqCst);
                    WATCHED[2].store(k.secret.as_ptr() as usize, SeqCst);
                },
            )
            .unwrap();
            // As many other secrets as there are slots: the first key is evicted, hence dropped.
            for i in 0..KEY_CACHE_SLOTS {
                with_key(
                    Algorithm::HS256,
                    format!("other secret {i}").as_bytes(),
                    |_| (),
                )
                .unwrap();
            }
        })
        .join()
        .unwrap();
        for (what, seen) in ["signer state", "verifier state", "secret copy"]
            .iter()
            .zip(&SEEN)
        {
            assert_eq!(
                seen.load(SeqCst),
                1,
                "{what}: 0 = never freed, 2 = freed unwiped"
            );
        }
    }

    /// Allocations `f` makes on this thread.
    fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = ALLOCATIONS.with(Cell::get);
        let out = f();
        (out, ALLOCATIONS.with(Cell::get) - before)
    }

    /// No allocation per call beyond the output, through the Rust API and the C ABI. The one
    /// allocation besides the output is the MAC's: jsonwebtoken's signer returns it as a
    /// Vec, and its verifier takes the token's MAC as a Vec.
    #[test]
    fn sign_and_verify_allocate_the_output_and_the_mac_only() {
        use super::{sign, verify, Options};
        use crate::ffi::{oo_free, oo_sign, oo_verify};
        use std::ptr::{null, null_mut};
        let secret = b"a secret for counting allocations, 32+ bytes";
        let payload =
            br#"{"key":"Khirz6zTPdfd7","status":2,"users":["78e1e841"],"url":"https://ds/x.docx"}"#;
        let opts = Options::default();
        // The first call fills this thread's key cache (an allocation made once per secret).
        let token = sign(payload, secret, &opts).unwrap();
        let (again, n) = allocations(|| sign(payload, secret, &opts).unwrap());
        assert_eq!(
            (again.as_str(), n),
            (token.as_str(), 2),
            "sign: token + MAC"
        );
        let (claims, n) = allocations(|| verify(token.as_bytes(), secret, &opts).unwrap());
        assert_eq!(claims.claims_json.as_bytes(), payload);
        assert_eq!(n, 2, "verify: claims + the token's MAC");
        // oo_sign and oo_verify take the same arguments: (input, secret, options, out, out_error).
        type CFn = unsafe extern "C" fn(
            *const u8,
            libc::size_t,
            *const u8,
            libc::size_t,
            *const crate::ffi::OoOptions,
            *mut *mut libc::c_char,
            *mut *mut libc::c_char,
        ) -> crate::ffi::OoStatus;
        let c_call = |f: CFn, input: &[u8], err: &mut *mut libc::c_char| unsafe {
            let mut out = null_mut();
            // Never dereferenced: the call must overwrite it.
            *err = std::ptr::NonNull::dangling().as_ptr();
            let status = f(
                input.as_ptr(),
                input.len(),
                secret.as_ptr(),
                secret.len(),
                null(),
                &mut out,
                err,
            );
            oo_free(out);
            assert!(err.is_null(), "a success sets *out_error to NULL");
            status as i32
        };
        let mut err = null_mut();
        let (status, n) = allocations(|| c_call(oo_sign, payload, &mut err));
        assert_eq!((status, n), (0, 2), "oo_sign: token + MAC");
        let (status, n) = allocations(|| c_call(oo_verify, token.as_bytes(), &mut err));
        assert_eq!((status, n), (0, 2), "oo_verify: claims + the token's MAC");
    }

    #[test]
    fn claims_that_do_not_parse_are_an_internal_error_not_an_empty_object() {
        use super::{Cow, Decoded};
        use crate::ErrorKind;
        let d = Decoded {
            header_json: Cow::Borrowed("{\"alg\":"),
            claims_json: "{\"a\":1,}".into(),
        };
        for got in [d.claims(), d.header()] {
            assert_eq!(got.map_err(|e| e.kind()), Err(ErrorKind::Internal));
        }
    }

    #[test]
    fn push_int_writes_what_display_writes() {
        let cases = [
            0,
            1,
            -1,
            9,
            10,
            -10,
            1_700_000_000,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ];
        for n in cases {
            let mut out = b"x".to_vec();
            super::push_int(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes(), "{n}");
        }
    }
}
