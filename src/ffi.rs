//! The C ABI: every `extern "C"` function of the library, and nothing else.
//!
//! Each entry point validates every pointer, runs the safe Rust API inside a panic boundary, returns
//! its status, hands the message of a failure back through its last parameter (`out_error`), and
//! writes its other outputs only on success. No state is kept between two calls but the per-thread
//! HMAC key cache, so a caller may move between OS threads from one call to the next.

use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{self, Algorithm, AlgorithmSet, Options};
use crate::onlyoffice::{self, Placement};
use libc::{c_char, size_t};
use std::ffi::CString;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// The status every function returns. The numbers are part of the ABI and never change; the names
/// (`oo_status_name`, the contract's `"bad_signature"`) are the variants' names without `Oo`, in
/// snake case, so this enum is the one place both are written.
///
/// ```c
/// OoStatus rc = oo_verify(tok, tok_len, key, key_len, NULL, &claims, &err);
/// if (rc == OO_EXPIRED) { /* ... */ }
/// ```
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OoStatus {
    /// Success.
    OoOk = 0,
    /// NULL pointer, text that is not UTF-8, an option out of range.
    OoInvalidArgument = 1,
    /// A payload, body or config to sign is not a JSON object.
    OoInvalidJson = 2,
    /// The secret has zero bytes (Docs itself rejects every token then).
    OoEmptySecret = 3,
    /// Not three canonical base64url segments, header or claims not a strict JSON object, `alg`
    /// missing or not a string, a `crit` header, `exp`/`nbf` present but not numbers.
    OoMalformed = 4,
    /// `alg` is `none`, unknown, not HMAC, or not in the allow-list; or an algorithm to sign with
    /// that is not exactly one known `OoAlg` bit.
    OoUnsupportedAlg = 5,
    /// The HMAC does not match.
    OoBadSignature = 6,
    /// `exp` + leeway <= now.
    OoExpired = 7,
    /// `nbf` - leeway > now.
    OoNotYetValid = 8,
    /// Input over the size limit (32 MiB token, 64 MiB JSON by default).
    OoTooLarge = 9,
    /// A request to verify carries no token in the body nor in the header.
    OoMissingToken = 10,
    /// An editor config lacks a field Docs requires or has a forbidden top-level key; or a Docs
    /// configuration file is unreadable or unusable.
    OoInvalidConfig = 11,
    /// A download token's `payload.url` is not the URL that was requested.
    OoUrlMismatch = 12,
    /// A bug: a panic caught at the FFI boundary.
    OoInternal = 255,
}

/// Every status, in number order (a unit test checks it against the generated header).
const STATUSES: [OoStatus; 14] = [
    OoStatus::OoOk,
    OoStatus::OoInvalidArgument,
    OoStatus::OoInvalidJson,
    OoStatus::OoEmptySecret,
    OoStatus::OoMalformed,
    OoStatus::OoUnsupportedAlg,
    OoStatus::OoBadSignature,
    OoStatus::OoExpired,
    OoStatus::OoNotYetValid,
    OoStatus::OoTooLarge,
    OoStatus::OoMissingToken,
    OoStatus::OoInvalidConfig,
    OoStatus::OoUrlMismatch,
    OoStatus::OoInternal,
];

impl OoStatus {
    /// The status with this number, if any.
    ///
    /// ```
    /// use oo_jwt::ffi::OoStatus;
    /// assert_eq!(OoStatus::from_code(6), Some(OoStatus::OoBadSignature));
    /// assert_eq!(OoStatus::from_code(13), None);
    /// ```
    pub fn from_code(code: i32) -> Option<OoStatus> {
        STATUSES.into_iter().find(|&s| s as i32 == code)
    }

    /// The contract's name (`"bad_signature"`): the variant's name without `Oo`, in snake case.
    ///
    /// ```
    /// assert_eq!(oo_jwt::ffi::OoStatus::OoNotYetValid.name(), "not_yet_valid");
    /// ```
    pub fn name(self) -> &'static str {
        // The CStr's bytes are ASCII letters and underscores, so to_str cannot fail.
        status_names()[self.index()].to_str().unwrap_or("unknown")
    }

    fn index(self) -> usize {
        STATUSES.iter().position(|&s| s == self).unwrap_or(0)
    }
}

/// The names of `STATUSES`, made once from the variants' names.
fn status_names() -> &'static [CString] {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    NAMES.get_or_init(|| {
        STATUSES
            .iter()
            .map(|s| {
                let variant = format!("{s:?}");
                let mut name = String::new();
                for c in variant.trim_start_matches("Oo").chars() {
                    if c.is_ascii_uppercase() && !name.is_empty() {
                        name.push('_');
                    }
                    name.push(c.to_ascii_lowercase());
                }
                CString::new(name).unwrap_or_default()
            })
            .collect()
    })
}

/// The HMAC algorithms, one bit each: `OoOptions.algorithm` takes one, `OoOptions.algorithms` an OR
/// of them.
///
/// ```c
/// OoOptions o = {0};
/// o.algorithm = OO_HS512;                 /* sign with HS512 */
/// o.algorithms = OO_HS256 | OO_HS512;     /* verify: accept these two only */
/// ```
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OoAlg {
    /// HMAC-SHA-256, what Docs signs with by default.
    OoHs256 = 1,
    /// HMAC-SHA-384.
    OoHs384 = 2,
    /// HMAC-SHA-512.
    OoHs512 = 4,
}

/// The major ABI version: a change here means an incompatible header (see docs/abi.md).
pub const OO_ABI_MAJOR: u32 = 1;
/// The minor ABI version: functions or trailing OoOptions fields added compatibly.
pub const OO_ABI_MINOR: u32 = 0;

/// `OoOptions.flags`: `now` is set (otherwise the real clock is used).
pub const OO_OPT_NOW: u32 = 1;
/// `OoOptions.flags`: `leeway` is set (otherwise 60 seconds).
pub const OO_OPT_LEEWAY: u32 = 2;
/// `OoOptions.flags`: `expires_in` is set (otherwise: no `iat`/`exp` added; 300 s for oo_sign_request).
pub const OO_OPT_EXPIRES_IN: u32 = 4;
/// `OoOptions.flags`: oo_verify_download compares only the path and query of the two URLs
/// (otherwise the whole URL), for a service behind a reverse proxy or TLS terminator.
pub const OO_OPT_URL_PATH_QUERY: u32 = 8;

/// oo_verify_request_with_config: a request to Docs (command, converter, docbuilder): inbox settings.
pub const OO_DIRECTION_INBOX: u32 = 0;
/// oo_verify_request_with_config: a request from Docs (callback, download): outbox settings.
pub const OO_DIRECTION_OUTBOX: u32 = 1;

/// oo_sign_request: the token goes into the body's `token` member.
pub const OO_PLACEMENT_BODY: u32 = 0;
/// oo_sign_request: the token is for `Authorization: Bearer <token>`, over `{"payload": body}`.
pub const OO_PLACEMENT_HEADER: u32 = 1;

/// Options for every operation. A NULL `OoOptions*` means every default, and a zeroed field means
/// that field's default, so `OoOptions o = {0};` is valid.
///
/// Each operation reads only its own fields (its doc comment lists them) and ignores the others,
/// whatever they hold: the signing functions read `algorithm`, `expires_in`, `now`, `max_json_len`;
/// the verifying functions read `algorithms`, `leeway`, `now`, `max_token_len` (and
/// oo_verify_request `max_json_len`); oo_decode_unverified reads `max_token_len` only. `struct_size`
/// and `flags` are checked by every operation.
///
/// `struct_size` is the size of the struct the caller was built with: the library reads that many
/// bytes and no more. A size smaller than this version's (an older caller) must end at the end of a
/// field and cover at least `struct_size` and `flags`; the fields beyond it take their defaults, and
/// an `OO_OPT_*` bit whose field lies beyond it is OO_INVALID_ARGUMENT. A size larger than this
/// version's is OO_INVALID_ARGUMENT.
///
/// Example: `OoOptions o = {0}; o.flags = OO_OPT_NOW; o.now = 1700000000;`
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OoOptions {
    /// `sizeof(OoOptions)`, or 0 (meaning this version's size). Lets the struct grow compatibly.
    pub struct_size: u32,
    /// `OO_OPT_*` bits saying which of `now`, `leeway`, `expires_in` are set, and how URLs compare.
    pub flags: u32,
    /// The `OoAlg` to sign with (exactly one bit); 0 means the core's default (HS256). Zero or
    /// several bits, or an unknown bit, is OO_UNSUPPORTED_ALG. Read by the signing functions only.
    pub algorithm: u32,
    /// Allow-list for verification: an OR of `OoAlg` bits; 0 means the core's default (all three).
    /// An unknown bit is OO_INVALID_ARGUMENT. Read by the verifying functions only.
    pub algorithms: u32,
    /// Current Unix time in seconds, when `flags` has OO_OPT_NOW.
    pub now: i64,
    /// Tolerance on `exp`/`nbf` in seconds (>= 0), when `flags` has OO_OPT_LEEWAY. Read by the
    /// verifying functions only.
    pub leeway: i64,
    /// Seconds until `exp` (>= 0) when signing, when `flags` has OO_OPT_EXPIRES_IN. Read by the
    /// signing functions only.
    pub expires_in: i64,
    /// Longest token accepted in bytes; 0 means 33554432 (32 MiB).
    pub max_token_len: u64,
    /// Longest JSON document accepted in bytes; 0 means 67108864 (64 MiB).
    pub max_json_len: u64,
}

fn invalid_arg<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error::new(ErrorKind::InvalidArgument, msg))
}

/// Runs `f` behind the panic boundary and turns its outcome into a status. The message goes to
/// `*out_error` (when `out_error` is not NULL): NULL on success, the detail on failure.
pub(crate) fn guard(out_error: *mut *mut c_char, f: impl FnOnce() -> Result<()>) -> OoStatus {
    let outcome = catch_unwind(AssertUnwindSafe(f));
    let result = outcome.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::new(
            ErrorKind::Internal,
            format!("a bug in oo-jwt (panic caught at the C boundary): {what}"),
        ))
    });
    let (status, message) = match result {
        Ok(()) => (OoStatus::OoOk, None),
        Err(e) => (e.kind().status(), Some(e)),
    };
    if !out_error.is_null() {
        // Building the message must not unwind out of an extern "C" function, and a failure never
        // comes back without one.
        let text = message.map(|e| {
            catch_unwind(AssertUnwindSafe(|| {
                CString::new(e.message().replace('\0', "\\0")).unwrap_or_default()
            }))
            .ok()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| c"no detail (the status says what failed)".to_owned())
        });
        // SAFETY: the caller vouches that a non-NULL `out_error` points to writable storage.
        unsafe { *out_error = text.map_or(std::ptr::null_mut(), CString::into_raw) };
    }
    status
}

/// Borrows a required (pointer, length) input. NULL with length 0 is the empty input.
unsafe fn bytes<'a>(ptr: *const u8, len: size_t, what: &str) -> Result<&'a [u8]> {
    if ptr.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return invalid_arg(format!("{what} is NULL with a length of {len}"));
    }
    if len > isize::MAX as usize {
        return invalid_arg(format!("{what}: length out of range"));
    }
    Ok(std::slice::from_raw_parts(ptr, len))
}

/// Borrows an optional input: NULL means absent.
unsafe fn opt_bytes<'a>(ptr: *const u8, len: size_t, what: &str) -> Result<Option<&'a [u8]>> {
    if ptr.is_null() {
        return Ok(None);
    }
    bytes(ptr, len, what).map(Some)
}

fn utf8<'a>(b: &'a [u8], what: &str) -> Result<&'a str> {
    std::str::from_utf8(b).or_else(|_| invalid_arg(format!("{what} is not UTF-8")))
}

/// Size of this version's OoOptions.
const OPTIONS_V1_SIZE: usize = std::mem::size_of::<OoOptions>();

/// Which options an operation reads; it ignores the others, whatever they hold.
#[derive(Clone, Copy)]
struct Reads {
    /// `algorithm` and `expires_in`.
    signing: bool,
    /// `algorithms` and `leeway`.
    verifying: bool,
    /// The OO_OPT_URL_PATH_QUERY flag.
    url_match: bool,
    now: bool,
    max_token_len: bool,
    max_json_len: bool,
}

const SIGNING: Reads = Reads {
    signing: true,
    verifying: false,
    url_match: false,
    now: true,
    max_token_len: false,
    max_json_len: true,
};
const VERIFYING: Reads = Reads {
    signing: false,
    verifying: true,
    url_match: true,
    now: true,
    max_token_len: true,
    max_json_len: false,
};
const VERIFYING_REQUEST: Reads = Reads {
    max_json_len: true,
    ..VERIFYING
};
/// The loaded settings give the algorithms and the tolerance; the caller gives the clock and sizes.
const WITH_SETTINGS: Reads = Reads {
    signing: false,
    verifying: false,
    url_match: false,
    now: true,
    max_token_len: true,
    max_json_len: true,
};
/// A download with the loaded settings: the caller gives the clock, the token size and the URL
/// comparison.
const DOWNLOAD_WITH_SETTINGS: Reads = Reads {
    url_match: true,
    max_json_len: false,
    ..WITH_SETTINGS
};
const DECODING: Reads = Reads {
    signing: false,
    verifying: false,
    url_match: false,
    now: false,
    max_token_len: true,
    max_json_len: false,
};

/// The end offset of every field of this version's OoOptions, in order.
const OPTION_FIELD_ENDS: [(usize, &str); 9] = {
    use std::mem::{offset_of, size_of};
    [
        (
            offset_of!(OoOptions, struct_size) + size_of::<u32>(),
            "struct_size",
        ),
        (offset_of!(OoOptions, flags) + size_of::<u32>(), "flags"),
        (
            offset_of!(OoOptions, algorithm) + size_of::<u32>(),
            "algorithm",
        ),
        (
            offset_of!(OoOptions, algorithms) + size_of::<u32>(),
            "algorithms",
        ),
        (offset_of!(OoOptions, now) + size_of::<i64>(), "now"),
        (offset_of!(OoOptions, leeway) + size_of::<i64>(), "leeway"),
        (
            offset_of!(OoOptions, expires_in) + size_of::<i64>(),
            "expires_in",
        ),
        (
            offset_of!(OoOptions, max_token_len) + size_of::<u64>(),
            "max_token_len",
        ),
        (
            offset_of!(OoOptions, max_json_len) + size_of::<u64>(),
            "max_json_len",
        ),
    ]
};

/// Copies the caller's OoOptions, reading only the `struct_size` bytes the caller says it has
/// (a caller built against a smaller, older struct owns no more); the fields beyond are zero,
/// which means their defaults.
unsafe fn read_options(ptr: *const OoOptions) -> Result<OoOptions> {
    let struct_size = std::ptr::read_unaligned(ptr.cast::<u32>());
    let size = match struct_size as usize {
        0 => OPTIONS_V1_SIZE,
        s => s,
    };
    if size > OPTIONS_V1_SIZE {
        return invalid_arg(format!(
            "OoOptions.struct_size is {struct_size}, larger than this version's {OPTIONS_V1_SIZE}: \
             the caller was built against a newer oo_jwt.h than this library"
        ));
    }
    let min = OPTION_FIELD_ENDS[1].0;
    if size < min || !OPTION_FIELD_ENDS.iter().any(|&(end, _)| end == size) {
        return invalid_arg(format!(
            "OoOptions.struct_size is {struct_size}: give sizeof(OoOptions) ({OPTIONS_V1_SIZE}) or 0; \
             a smaller size must end at a field's end and cover struct_size and flags ({min} bytes)"
        ));
    }
    let mut c = OoOptions {
        struct_size: 0,
        flags: 0,
        algorithm: 0,
        algorithms: 0,
        now: 0,
        leeway: 0,
        expires_in: 0,
        max_token_len: 0,
        max_json_len: 0,
    };
    // SAFETY: the caller vouches for `size` readable bytes at `ptr` (its struct_size), and `size`
    // is at most the size of `c`, whose fields accept any bytes.
    std::ptr::copy_nonoverlapping(
        ptr.cast::<u8>(),
        (&mut c as *mut OoOptions).cast::<u8>(),
        size,
    );
    for (bit, field) in [
        (OO_OPT_NOW, std::mem::offset_of!(OoOptions, now)),
        (OO_OPT_LEEWAY, std::mem::offset_of!(OoOptions, leeway)),
        (
            OO_OPT_EXPIRES_IN,
            std::mem::offset_of!(OoOptions, expires_in),
        ),
    ] {
        if c.flags & bit != 0 && field >= size {
            let name = OPTION_FIELD_ENDS
                .iter()
                .find(|&&(end, _)| end > field)
                .map_or("?", |&(_, n)| n);
            return invalid_arg(format!(
                "OoOptions.flags sets the bit of `{name}`, which lies beyond struct_size {struct_size}"
            ));
        }
    }
    Ok(c)
}

/// The options `ptr` gives for an operation that reads `reads`; NULL means every default.
unsafe fn options(ptr: *const OoOptions, reads: Reads) -> Result<Options> {
    let mut o = Options::default();
    if ptr.is_null() {
        return Ok(o);
    }
    let c = read_options(ptr)?;
    if c.flags & !(OO_OPT_NOW | OO_OPT_LEEWAY | OO_OPT_EXPIRES_IN | OO_OPT_URL_PATH_QUERY) != 0 {
        return invalid_arg(format!("OoOptions.flags has unknown bits: {:#x}", c.flags));
    }
    if reads.signing {
        if c.algorithm != 0 {
            o.algorithm = Algorithm::ALL
                .into_iter()
                .find(|a| a.bit() == c.algorithm)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::UnsupportedAlg,
                        format!(
                            "OoOptions.algorithm is {:#x}: cannot sign with it; give exactly one of \
                             OO_HS256, OO_HS384, OO_HS512 (or 0 for the default)",
                            c.algorithm
                        ),
                    )
                })?;
        }
        if c.flags & OO_OPT_EXPIRES_IN != 0 {
            if c.expires_in < 0 {
                return invalid_arg(format!(
                    "OoOptions.expires_in must not be negative, got {}",
                    c.expires_in
                ));
            }
            o.expires_in = Some(c.expires_in);
        }
    }
    if reads.verifying {
        if c.algorithms != 0 {
            o.algorithms = AlgorithmSet::from_bits(c.algorithms).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!(
                        "OoOptions.algorithms is {:#x}: give an OR of OO_HS256, OO_HS384, OO_HS512 \
                         (or 0 for all three)",
                        c.algorithms
                    ),
                )
            })?;
        }
        if c.flags & OO_OPT_LEEWAY != 0 {
            if c.leeway < 0 {
                return invalid_arg(format!(
                    "OoOptions.leeway must not be negative, got {}",
                    c.leeway
                ));
            }
            o.leeway = c.leeway as u64;
        }
    }
    if reads.now && c.flags & OO_OPT_NOW != 0 {
        o.now = Some(c.now);
    }
    if reads.url_match && c.flags & OO_OPT_URL_PATH_QUERY != 0 {
        o.url_match = crate::jwt::UrlMatch::PathAndQuery;
    }
    if reads.max_token_len && c.max_token_len != 0 {
        o.max_token_len = usize::try_from(c.max_token_len).unwrap_or(usize::MAX);
    }
    if reads.max_json_len && c.max_json_len != 0 {
        o.max_json_len = usize::try_from(c.max_json_len).unwrap_or(usize::MAX);
    }
    Ok(o)
}

/// `s` as a C string; `what` names it in the error.
fn c_string(s: String, what: &str) -> Result<CString> {
    // Outputs are base64url, dots and strict JSON, which cannot hold a NUL; checked all the same
    // (memchr), once: from_vec_unchecked does not scan again.
    let bytes = s.into_bytes();
    if memchr::memchr(0, &bytes).is_some() {
        return Err(Error::new(
            ErrorKind::Internal,
            format!("{what} contains a NUL byte"),
        ));
    }
    // SAFETY: no NUL in `bytes`, checked just above.
    Ok(unsafe { CString::from_vec_unchecked(bytes) })
}

/// Hands `s` to the caller through `out` (already checked non-NULL).
unsafe fn give(out: *mut *mut c_char, s: String) -> Result<()> {
    *out = c_string(s, "output")?.into_raw();
    Ok(())
}

fn check_out(out: *mut *mut c_char, what: &str) -> Result<()> {
    if out.is_null() {
        return invalid_arg(format!("{what} is NULL"));
    }
    Ok(())
}

/// Signs the JSON object `payload` with `secret`; on OO_OK, `*out_token` receives the token
/// (free it with oo_free).
///
/// Reads `algorithm`, `expires_in`, `now`, `max_json_len` from `options` (NULL: defaults) and
/// ignores the verifying options.
///
/// ```c
/// char *token = NULL;
/// if (oo_sign((const uint8_t *)"{\"key\":\"k\"}", 11, (const uint8_t *)"secret", 6, NULL, &token,
///             NULL) == OO_OK) {
///     puts(token);
///     oo_free(token);
/// }
/// ```
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_token` points to writable storage;
/// `out_error` is NULL or points to writable storage (so for every function below).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_sign(
    payload: *const u8,
    payload_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    options: *const OoOptions,
    out_token: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_token, "out_token")?;
        let payload = bytes(payload, payload_len, "payload")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let opts = self::options(options, SIGNING)?;
        give(out_token, jwt::sign(payload, secret, &opts)?)
    })
}

/// Verifies `token` with `secret`; on OO_OK, `*out_claims` receives the claims JSON exactly as the
/// token carries them (free it with oo_free).
///
/// Reads `algorithms`, `leeway`, `now`, `max_token_len` from `options` (NULL: defaults) and
/// ignores the signing options (`algorithm`, `expires_in`).
///
/// ```c
/// char *claims = NULL, *err = NULL;
/// OoStatus rc = oo_verify((const uint8_t *)tok, strlen(tok), key, key_len, NULL, &claims, &err);
/// if (rc != OO_OK) fprintf(stderr, "%s: %s\n", oo_status_name(rc), err);
/// else puts(claims);
/// oo_free(claims);
/// oo_free(err);
/// ```
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_claims` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_verify(
    token: *const u8,
    token_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    options: *const OoOptions,
    out_claims: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_claims, "out_claims")?;
        let token = bytes(token, token_len, "token")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let opts = self::options(options, VERIFYING)?;
        give(out_claims, jwt::verify(token, secret, &opts)?.claims_json)
    })
}

/// Takes `token` apart WITHOUT verifying it (diagnostics only, never a trust decision); on OO_OK,
/// `*out_header` and `*out_claims` receive the header and claims JSON (free both with oo_free).
///
/// Reads `max_token_len` from `options` and ignores every other option.
///
/// # Safety
/// Every pointer is NULL or valid for its length; both out pointers point to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_decode_unverified(
    token: *const u8,
    token_len: size_t,
    options: *const OoOptions,
    out_header: *mut *mut c_char,
    out_claims: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_header, "out_header")?;
        check_out(out_claims, "out_claims")?;
        let token = bytes(token, token_len, "token")?;
        let opts = self::options(options, DECODING)?;
        let d = jwt::decode_unverified(token, &opts)?;
        let header = c_string(d.header_json.into_owned(), "header")?;
        give(out_claims, d.claims_json)?;
        *out_header = header.into_raw();
        Ok(())
    })
}

/// Signs a request from the storage service to Docs. With OO_PLACEMENT_BODY, `*out` receives the
/// body JSON with a `token` member added; with OO_PLACEMENT_HEADER, the bare token for
/// `Authorization: Bearer <token>`, signed over `{"payload": body}` (free it with oo_free).
///
/// Reads `algorithm`, `expires_in` (default 300), `now`, `max_json_len` from `options` and ignores
/// the verifying options.
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_sign_request(
    body: *const u8,
    body_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    placement: u32,
    options: *const OoOptions,
    out: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out, "out")?;
        let body = bytes(body, body_len, "body")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let placement = match placement {
            OO_PLACEMENT_BODY => Placement::Body,
            OO_PLACEMENT_HEADER => Placement::Header,
            p => {
                return invalid_arg(format!(
                    "placement {p} is neither OO_PLACEMENT_BODY nor OO_PLACEMENT_HEADER"
                ));
            }
        };
        let opts = self::options(options, SIGNING)?;
        give(
            out,
            onlyoffice::sign_request(body, secret, placement, &opts)?,
        )
    })
}

/// Verifies a request the way Docs does (a body `token` first, with no fallback, where "", null,
/// false, 0 or a non-object JSON body mean none; else the `authorization` value after the exact
/// `prefix`; else OO_MISSING_TOKEN). On OO_OK,
/// `*out_params` receives the trusted parameters: the claims with the members of `payload`, then of
/// `query`, set over them (free it with oo_free).
///
/// `body` NULL or empty: no body. `authorization` NULL: no header. `prefix` NULL: "Bearer ".
/// Reads `algorithms`, `leeway`, `now`, `max_token_len`, `max_json_len` from `options` and ignores
/// the signing options (`algorithm`, `expires_in`).
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_params` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_verify_request(
    body: *const u8,
    body_len: size_t,
    authorization: *const u8,
    authorization_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    prefix: *const u8,
    prefix_len: size_t,
    options: *const OoOptions,
    out_params: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_params, "out_params")?;
        let body = opt_bytes(body, body_len, "body")?;
        let authorization = opt_bytes(authorization, authorization_len, "authorization")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let prefix = opt_bytes(prefix, prefix_len, "prefix")?;
        let opts = self::options(options, VERIFYING_REQUEST)?;
        let params = onlyoffice::verify_request_json(secret, body, authorization, prefix, &opts)?;
        give(out_params, params)
    })
}

/// Signs an editor config; on OO_OK, `*out_config` receives the config JSON with `token` added
/// (free it with oo_free). OO_INVALID_CONFIG names a missing `document.key`/`document.url` or a
/// forbidden top-level `url`, `payload`, `key`, `token`.
///
/// Reads `algorithm`, `expires_in` (default: none), `now`, `max_json_len` from `options` and
/// ignores the verifying options.
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_config` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_sign_config(
    config: *const u8,
    config_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    options: *const OoOptions,
    out_config: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_config, "out_config")?;
        let config = bytes(config, config_len, "config")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let opts = self::options(options, SIGNING)?;
        give(out_config, onlyoffice::sign_config(config, secret, &opts)?)
    })
}

/// Signs the parameter object of a `docEditor` method (`method`: `insertImage`, `setHistoryData`,
/// `setMailMergeRecipients`, `setReferenceData`, `setReferenceSource`, `setRequestedDocument`,
/// `setRequestedSpreadsheet` or `setRevisedFile`); on OO_OK, `*out_params` receives the object JSON
/// with `token` added (free it with oo_free). OO_INVALID_CONFIG names the method and the member: an
/// unknown method, an object already signed, or a member Docs takes from the token missing.
///
/// Reads `algorithm`, `expires_in` (default: none), `now`, `max_json_len` from `options`. The
/// library keeps no pointer after the call returns.
///
/// ```c
/// char *signed_params = NULL;
/// const char *p = "{\"c\":\"add\",\"images\":[{\"fileType\":\"png\",\"url\":\"https://example.com/a.png\"}]}";
/// if (oo_sign_editor_method("insertImage", 11, (const uint8_t *)p, strlen(p),
///                           (const uint8_t *)"inbox-secret", 12, NULL, &signed_params, NULL) == OO_OK) {
///     /* send signed_params to the page for docEditor.insertImage(...) */
///     oo_free(signed_params);
/// }
/// ```
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_params` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_sign_editor_method(
    method: *const u8,
    method_len: size_t,
    params: *const u8,
    params_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    options: *const OoOptions,
    out_params: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_params, "out_params")?;
        let method = bytes(method, method_len, "method")?;
        let params = bytes(params, params_len, "params")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let opts = self::options(options, SIGNING)?;
        // A name that is not UTF-8 is no method's name: refused as unknown.
        let method = std::str::from_utf8(method).unwrap_or("");
        give(
            out_params,
            onlyoffice::sign_editor_method(method, params, secret, &opts)?,
        )
    })
}

/// Verifies a download from Docs: the `authorization` value after `prefix` (NULL: "Bearer ") must be
/// a valid token whose `payload.url` names `url`: both are parsed and serialised as WHATWG URLs
/// (what Docs requests) and compared without the fragment, whole, or only path and query with
/// OO_OPT_URL_PATH_QUERY. `url` is the absolute URL of the request as Docs addressed it; one that
/// does not parse is OO_INVALID_ARGUMENT. On OO_OK, `*out_claims` receives the claims JSON (free it
/// with oo_free).
///
/// Reads `algorithms`, `leeway`, `now`, `max_token_len` and the OO_OPT_URL_PATH_QUERY flag from
/// `options` (NULL: defaults) and ignores the signing options (`algorithm`, `expires_in`).
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_claims` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_verify_download(
    authorization: *const u8,
    authorization_len: size_t,
    url: *const u8,
    url_len: size_t,
    secret: *const u8,
    secret_len: size_t,
    prefix: *const u8,
    prefix_len: size_t,
    options: *const OoOptions,
    out_claims: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_claims, "out_claims")?;
        let authorization = opt_bytes(authorization, authorization_len, "authorization")?;
        let url = bytes(url, url_len, "url")?;
        let secret = bytes(secret, secret_len, "secret")?;
        let prefix = opt_bytes(prefix, prefix_len, "prefix")?;
        let opts = self::options(options, VERIFYING)?;
        let d = onlyoffice::verify_download(authorization, url, secret, prefix, &opts)?;
        give(out_claims, d.claims_json)
    })
}

/// Reads an ONLYOFFICE Docs configuration as Docs resolves it: `default_path` (default.json; NULL:
/// the default.json beside local.json, else Docs' built-in defaults), then production-linux.json
/// when present beside it, then `local_path` (local.json), then the Docker image's variables in
/// `env_json` (a JSON object such as `{"JWT_SECRET":"…"}`, applied as the image's entrypoint applies
/// them, unset ones taking the image's defaults; NULL: not Docker; the process environment is never
/// read). Secrets are chosen after the merge (a non-empty `string`, else a non-empty `file`).
/// On OO_OK, `*out_settings` receives the resolved settings JSON, secrets included in clear and
/// as hex (free it with oo_free). Its shape is in docs/semantics.md.
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_settings` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_load_config(
    local_path: *const u8,
    local_path_len: size_t,
    default_path: *const u8,
    default_path_len: size_t,
    env_json: *const u8,
    env_json_len: size_t,
    out_settings: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_settings, "out_settings")?;
        let local = utf8(
            bytes(local_path, local_path_len, "local_path")?,
            "local_path",
        )?;
        let default = match opt_bytes(default_path, default_path_len, "default_path")? {
            Some(p) => Some(utf8(p, "default_path")?),
            None => None,
        };
        let env = match opt_bytes(env_json, env_json_len, "env_json")? {
            Some(text) => Some(env_pairs(text)?),
            None => None,
        };
        if local.is_empty() {
            return invalid_arg("local_path is empty");
        }
        let cfg = config::load(
            std::path::Path::new(local),
            default.map(std::path::Path::new),
            env.as_deref(),
        )?;
        give(out_settings, cfg.to_json(false).to_string())
    })
}

/// Verifies a request with the settings `oo_load_config` returned: `settings_json` is that JSON
/// text, unchanged (the caller keeps ownership of it and of every input; nothing is retained after
/// the call). `direction` (OO_DIRECTION_INBOX or OO_DIRECTION_OUTBOX) picks the secret and
/// `Authorization` prefix; the clock tolerance and allow-list are the settings'. From `options`
/// only `now`, `max_token_len` and `max_json_len` are read. Otherwise as oo_verify_request: on
/// OO_OK, `*out_params` receives the trusted parameters (free it with oo_free).
///
/// ```c
/// char *settings = NULL, *params = NULL;
/// if (oo_load_config((const uint8_t *)"local.json", 10, NULL, 0, NULL, 0, &settings, NULL) == OO_OK &&
///     oo_verify_request_with_config(body, body_len, auth, auth_len, (const uint8_t *)settings,
///                                   strlen(settings), OO_DIRECTION_OUTBOX, NULL, &params,
///                                   NULL) == OO_OK)
///     puts(params);
/// oo_free(params);
/// oo_free(settings);
/// ```
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_params` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_verify_request_with_config(
    body: *const u8,
    body_len: size_t,
    authorization: *const u8,
    authorization_len: size_t,
    settings_json: *const u8,
    settings_len: size_t,
    direction: u32,
    options: *const OoOptions,
    out_params: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_params, "out_params")?;
        let body = opt_bytes(body, body_len, "body")?;
        let authorization = opt_bytes(authorization, authorization_len, "authorization")?;
        // A NULL settings pointer is refused before the direction is judged, as before.
        bytes(settings_json, settings_len, "settings_json")?;
        let side = match direction {
            OO_DIRECTION_INBOX => config::Side::Inbox,
            OO_DIRECTION_OUTBOX => config::Side::Outbox,
            d => {
                return invalid_arg(format!(
                    "direction {d} is neither OO_DIRECTION_INBOX nor OO_DIRECTION_OUTBOX"
                ))
            }
        };
        let cfg = settings_arg(settings_json, settings_len)?;
        let opts = self::options(options, WITH_SETTINGS)?;
        let d = cfg.side(side);
        let params = onlyoffice::verify_request_json(
            &d.secret,
            body,
            authorization,
            Some(d.prefix.as_bytes()),
            &cfg.verify_options(&opts),
        )?;
        give(out_params, params)
    })
}

/// The settings JSON `oo_load_config` returned, read back.
/// The thread keeps the last settings it read (`per_thread`): a server passing the same text with
/// every request has it parsed once per thread.
unsafe fn settings_arg(
    settings_json: *const u8,
    settings_len: size_t,
) -> Result<std::rc::Rc<config::DocsConfig>> {
    let settings = bytes(settings_json, settings_len, "settings_json")?;
    let cached = crate::per_thread::with(|st| {
        st.settings
            .as_ref()
            .filter(|c| c.text == settings)
            .map(|c| c.config.clone())
    })
    .flatten();
    if let Some(cfg) = cached {
        return Ok(cfg);
    }
    let tree = serde_json::Value::Object(
        crate::json::parse_object(settings)
            .or_else(|e| invalid_arg(format!("settings_json: {}", e.0)))?,
    );
    let cfg = std::rc::Rc::new(config::DocsConfig::from_json(&tree)?);
    crate::per_thread::with(|st| {
        st.settings = Some(crate::per_thread::CachedSettings {
            text: settings.to_vec(),
            config: cfg.clone(),
        })
    });
    Ok(cfg)
}

/// Verifies a download from Docs with the settings `oo_load_config` returned (`settings_json`, that
/// JSON text unchanged; the caller keeps ownership of every input, nothing is retained): the outbox
/// secret, `Authorization` prefix, clock tolerance and allow-list are the settings'. Otherwise as
/// oo_verify_download: `url` is the URL of the request as Docs addressed it. A token is always
/// required here, even for a URL Docs downloads without one (ask oo_download_token_expected
/// first): none is OO_MISSING_TOKEN. On OO_OK, `*out_claims` receives the claims JSON (free it
/// with oo_free).
///
/// Reads `now`, `max_token_len` and the OO_OPT_URL_PATH_QUERY flag from `options` (NULL:
/// defaults) and ignores every other option.
///
/// ```c
/// char *claims = NULL;
/// if (oo_verify_download_with_config(auth, auth_len, url, url_len, (const uint8_t *)settings,
///                                    strlen(settings), NULL, &claims, NULL) == OO_OK)
///     puts(claims);
/// oo_free(claims);
/// ```
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_claims` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_verify_download_with_config(
    authorization: *const u8,
    authorization_len: size_t,
    url: *const u8,
    url_len: size_t,
    settings_json: *const u8,
    settings_len: size_t,
    options: *const OoOptions,
    out_claims: *mut *mut c_char,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        check_out(out_claims, "out_claims")?;
        let authorization = opt_bytes(authorization, authorization_len, "authorization")?;
        let url = bytes(url, url_len, "url")?;
        let cfg = settings_arg(settings_json, settings_len)?;
        let opts = self::options(options, DOWNLOAD_WITH_SETTINGS)?;
        let d = onlyoffice::verify_download_with_config(&cfg, authorization, url, &opts)?;
        give(out_claims, d.claims_json)
    })
}

/// Whether Docs sends a token when it downloads `url`, with the settings `oo_load_config` returned
/// (`settings_json`, unchanged): outbox tokens are enabled and `url` does not contain the
/// exclusion text (`token.outbox.urlExclusionRegex`, a plain substring). Pass `url` exactly as the
/// integrator gave it to Docs (`document.url`, ...), not the request URL as received. On OO_OK,
/// `*out_expected` receives 1 (a token is sent: require it) or 0 (Docs sends none). Reads no
/// option. On error `*out_expected` is left unchanged.
///
/// ```c
/// uint8_t expected = 1;
/// if (oo_download_token_expected(url, url_len, (const uint8_t *)settings, strlen(settings),
///                                &expected, NULL) == OO_OK && !expected)
///     serve_without_token();
/// ```
///
/// # Safety
/// Every pointer is NULL or valid for its length; `out_expected` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_download_token_expected(
    url: *const u8,
    url_len: size_t,
    settings_json: *const u8,
    settings_len: size_t,
    out_expected: *mut u8,
    out_error: *mut *mut c_char,
) -> OoStatus {
    guard(out_error, || {
        if out_expected.is_null() {
            return invalid_arg("out_expected is NULL");
        }
        let url = bytes(url, url_len, "url")?;
        let cfg = settings_arg(settings_json, settings_len)?;
        let expected = onlyoffice::download_token_expected(&cfg, url);
        *out_expected = u8::from(expected);
        Ok(())
    })
}

fn env_pairs(text: &[u8]) -> Result<Vec<(String, String)>> {
    let map =
        crate::json::parse_object(text).or_else(|e| invalid_arg(format!("env_json: {}", e.0)))?;
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            other => invalid_arg(format!(
                "env_json: {k} is {}, not a string",
                crate::json::kind_name(&other)
            )),
        })
        .collect()
}

/// Releases a string this library returned. `oo_free(NULL)` does nothing. Never pass anything else,
/// nor the same pointer twice.
///
/// # Safety
/// `s` is NULL or a pointer returned through an `out` parameter of this library, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_free(s: *mut c_char) {
    if !s.is_null() {
        let _ = catch_unwind(AssertUnwindSafe(|| drop(CString::from_raw(s))));
    }
}

/// The contract's name of a status code (`"bad_signature"`), or `"unknown"`: the `OoStatus`
/// variant's name. Static: never free it.
///
/// ```c
/// if (rc != OO_OK) { fprintf(stderr, "%s: %s\n", oo_status_name(rc), err); oo_free(err); }
/// ```
#[unsafe(no_mangle)]
pub extern "C" fn oo_status_name(status: i32) -> *const c_char {
    catch_unwind(|| match OoStatus::from_code(status) {
        Some(s) => status_names()[s.index()].as_ptr(),
        None => c"unknown".as_ptr(),
    })
    .unwrap_or(c"unknown".as_ptr())
}

/// The library's version, e.g. `"0.1.0"` (the crate's version; the ABI's is `oo_abi_version`).
/// Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn oo_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The ABI this library implements: `(OO_ABI_MAJOR << 16) | OO_ABI_MINOR`. A caller built against
/// a header of the same major version and a minor version no newer than the library's can use it.
///
/// ```c
/// uint32_t abi = oo_abi_version();
/// if (abi >> 16 != OO_ABI_MAJOR || (abi & 0xffff) < OO_ABI_MINOR) abort();
/// ```
#[unsafe(no_mangle)]
pub extern "C" fn oo_abi_version() -> u32 {
    (OO_ABI_MAJOR << 16) | OO_ABI_MINOR
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header cbindgen made from `OoStatus` lists exactly `STATUSES`, with the same numbers, and
    /// each name is the member's name without `OO_`, in lower case.
    #[test]
    fn statuses_are_the_headers_enum() {
        let header = include_str!("../include/oo_jwt.h");
        let body = header
            .split("enum OoStatus")
            .nth(1)
            .and_then(|s| s.split("};").next())
            .expect("enum OoStatus in the header");
        let members: Vec<(String, i32)> = body
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("OO_"))
            .map(|l| {
                let (name, num) = l.trim_end_matches(',').split_once(" = ").unwrap();
                (name.to_string(), num.parse().unwrap())
            })
            .collect();
        let ours: Vec<(String, i32)> = STATUSES
            .iter()
            .map(|&s| (format!("OO_{}", s.name().to_uppercase()), s as i32))
            .collect();
        assert_eq!(members, ours);
        for &s in &STATUSES {
            let name = unsafe { std::ffi::CStr::from_ptr(oo_status_name(s as i32)) };
            assert_eq!(name.to_str(), Ok(s.name()));
        }
        for code in [-1, 13, 254, 256, i32::MAX] {
            let name = unsafe { std::ffi::CStr::from_ptr(oo_status_name(code)) };
            assert_eq!(name.to_str(), Ok("unknown"));
        }
    }

    /// The thread's cached settings serve only the very same text: settings with another secret
    /// take effect on the next call, and switching back works too.
    #[test]
    fn settings_cache_follows_the_text() {
        let settings = |outbox_hex: &str| {
            format!(
                r#"{{"inbox":{{"secret_hex":"696e626f78","header":"Authorization","prefix":"Bearer "}},"outbox":{{"secret_hex":"{outbox_hex}","header":"Authorization","prefix":"Bearer "}},"clock_tolerance":60}}"#
            )
        };
        let (a, b) = (settings("6f7574626f782d61"), settings("6f7574626f782d62"));
        let token = crate::sign(
            br#"{"key":"k","status":2}"#,
            b"outbox-a",
            &Default::default(),
        )
        .unwrap();
        let body = format!(r#"{{"token":"{token}"}}"#);
        let call = |settings: &str| {
            let mut out: *mut c_char = std::ptr::null_mut();
            let status = unsafe {
                oo_verify_request_with_config(
                    body.as_ptr(),
                    body.len(),
                    std::ptr::null(),
                    0,
                    settings.as_ptr(),
                    settings.len(),
                    OO_DIRECTION_OUTBOX,
                    std::ptr::null(),
                    &mut out,
                    std::ptr::null_mut(),
                )
            };
            unsafe { oo_free(out.cast()) };
            status
        };
        assert_eq!(call(&a), OoStatus::OoOk);
        assert_eq!(call(&a), OoStatus::OoOk);
        assert_eq!(call(&b), OoStatus::OoBadSignature);
        assert_eq!(call(&a), OoStatus::OoOk);
    }

    /// 56 bytes with no padding and no pointer, so every platform lays it out alike.
    #[test]
    fn options_layout() {
        use std::mem::{align_of, offset_of, size_of};
        assert_eq!(size_of::<OoOptions>(), 56);
        assert_eq!(align_of::<OoOptions>(), 8);
        let ends: Vec<usize> = OPTION_FIELD_ENDS.iter().map(|&(end, _)| end).collect();
        assert_eq!(ends, [4, 8, 12, 16, 24, 32, 40, 48, 56]);
        assert_eq!(offset_of!(OoOptions, max_json_len), 48);
    }

    /// `out_error`: NULL over whatever it held on success, a message on every failure (an empty
    /// one included), and a NULL `out_error` is never written.
    #[test]
    fn guard_hands_back_the_message() {
        let text = |p: *mut c_char| unsafe { std::ffi::CStr::from_ptr(p) }.to_owned();
        let mut err: *mut c_char = std::ptr::NonNull::dangling().as_ptr();
        assert_eq!(guard(&mut err, || Ok(())), OoStatus::OoOk);
        assert!(err.is_null());
        let failure = |m: &'static str| move || Err(Error::new(ErrorKind::Malformed, m));
        assert_eq!(guard(&mut err, failure("bad\0byte")), OoStatus::OoMalformed);
        assert_eq!(text(err).to_str(), Ok("bad\\0byte"));
        unsafe { oo_free(err) };
        assert_eq!(guard(&mut err, failure("")), OoStatus::OoMalformed);
        assert!(text(err).to_str().unwrap().starts_with("no detail"));
        unsafe { oo_free(err) };
        assert_eq!(
            guard(std::ptr::null_mut(), failure("x")),
            OoStatus::OoMalformed
        );
    }

    #[test]
    fn abi_version() {
        assert_eq!(oo_abi_version(), 0x0001_0000);
    }
}
