//! The one error taxonomy every layer shares (see `docs/semantics.md`).

use crate::ffi::OoStatus;
use std::fmt;

/// What went wrong. The numbers are the C status codes and are never renumbered.
///
/// ```
/// use oo_jwt::ErrorKind;
/// assert_eq!(ErrorKind::BadSignature.code(), 6);
/// assert_eq!(ErrorKind::from_name("expired"), Some(ErrorKind::Expired));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// NULL pointer, text that is not UTF-8, an option out of range.
    InvalidArgument,
    /// A payload, body or config to sign is not a JSON object.
    InvalidJson,
    /// The secret has zero bytes.
    EmptySecret,
    /// The token is not a well-formed JWT.
    Malformed,
    /// `alg` is `none`, unknown, not HMAC, or not in the allow-list.
    UnsupportedAlg,
    /// The HMAC does not match.
    BadSignature,
    /// `exp` + leeway ≤ now.
    Expired,
    /// `nbf` − leeway > now.
    NotYetValid,
    /// Input over the size limit.
    TooLarge,
    /// A request carries no token in the body nor in the header.
    MissingToken,
    /// An editor config lacks a required field or has a forbidden one; or a Docs config is unusable.
    InvalidConfig,
    /// A download token's `payload.url` is not the requested URL.
    UrlMismatch,
    /// A bug: a panic caught at the FFI boundary.
    Internal,
}

/// Every kind, in code order (`Internal` last).
pub const ALL_KINDS: [ErrorKind; 13] = [
    ErrorKind::InvalidArgument,
    ErrorKind::InvalidJson,
    ErrorKind::EmptySecret,
    ErrorKind::Malformed,
    ErrorKind::UnsupportedAlg,
    ErrorKind::BadSignature,
    ErrorKind::Expired,
    ErrorKind::NotYetValid,
    ErrorKind::TooLarge,
    ErrorKind::MissingToken,
    ErrorKind::InvalidConfig,
    ErrorKind::UrlMismatch,
    ErrorKind::Internal,
];

impl ErrorKind {
    /// The C ABI's status for this kind; its number and name are written once, in [`OoStatus`].
    pub const fn status(self) -> OoStatus {
        match self {
            ErrorKind::InvalidArgument => OoStatus::OoInvalidArgument,
            ErrorKind::InvalidJson => OoStatus::OoInvalidJson,
            ErrorKind::EmptySecret => OoStatus::OoEmptySecret,
            ErrorKind::Malformed => OoStatus::OoMalformed,
            ErrorKind::UnsupportedAlg => OoStatus::OoUnsupportedAlg,
            ErrorKind::BadSignature => OoStatus::OoBadSignature,
            ErrorKind::Expired => OoStatus::OoExpired,
            ErrorKind::NotYetValid => OoStatus::OoNotYetValid,
            ErrorKind::TooLarge => OoStatus::OoTooLarge,
            ErrorKind::MissingToken => OoStatus::OoMissingToken,
            ErrorKind::InvalidConfig => OoStatus::OoInvalidConfig,
            ErrorKind::UrlMismatch => OoStatus::OoUrlMismatch,
            ErrorKind::Internal => OoStatus::OoInternal,
        }
    }

    /// The stable status number of the C ABI.
    pub const fn code(self) -> i32 {
        self.status() as i32
    }

    /// The contract's name, e.g. `"bad_signature"`.
    pub fn name(self) -> &'static str {
        self.status().name()
    }

    /// The kind with this status number, if any.
    pub fn from_code(code: i32) -> Option<ErrorKind> {
        ALL_KINDS.iter().copied().find(|k| k.code() == code)
    }

    /// The kind with this contract name, if any.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ALL_KINDS.iter().copied().find(|k| k.name() == name)
    }
}

/// An error: its kind plus a message for humans (never containing secret bytes).
///
/// ```
/// let err = oo_jwt::verify(b"a.b", b"secret", &Default::default()).unwrap_err();
/// assert_eq!(err.kind(), oo_jwt::ErrorKind::Malformed);
/// assert!(err.to_string().starts_with("malformed: "));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn err<T>(kind: ErrorKind, message: impl Into<String>) -> Result<T> {
    Err(Error::new(kind, message))
}

/// Most characters of caller or token text a message ever quotes.
pub(crate) const PREVIEW_CHARS: usize = 32;

/// `text` quoted and escaped for a message, cut to [`PREVIEW_CHARS`] characters: a token's fields
/// are attacker-controlled, so a message never carries more than a short, printable prefix of them.
pub(crate) fn preview(text: &str) -> String {
    let mut shown: String = text.chars().take(PREVIEW_CHARS).collect();
    let cut = shown.len() < text.len();
    shown = format!("{shown:?}");
    if cut {
        shown.push_str(&format!("… ({} bytes)", text.len()));
    }
    shown
}

#[cfg(test)]
mod preview_tests {
    use super::preview;

    #[test]
    fn short_text_is_quoted_whole_and_long_text_is_cut() {
        assert_eq!(preview("RS256"), "\"RS256\"");
        assert_eq!(preview("a\u{1b}[2J"), "\"a\\u{1b}[2J\"");
        let long = "x".repeat(190_000);
        let p = preview(&long);
        assert!(p.len() < 60, "{p}");
        assert!(p.ends_with("… (190000 bytes)"), "{p}");
    }
}
