//! # oo-jwt
//!
//! Sign and verify the JSON Web Tokens that ONLYOFFICE Docs requires: one audited Rust core, exposed
//! through a C ABI (`include/oo_jwt.h`) to every language an integrator writes a document storage
//! service in.
//!
//! ```
//! use oo_jwt::{sign, verify, Options};
//! let opts = Options { now: Some(1_700_000_000), expires_in: Some(300), ..Default::default() };
//! let token = sign(br#"{"key":"Khirz6zTPdfd7","status":4}"#, b"outbox-secret", &opts)?;
//! let claims = verify(token.as_bytes(), b"outbox-secret", &opts)?.claims()?;
//! assert_eq!(claims["status"], 4);
//! # Ok::<(), oo_jwt::Error>(())
//! ```
//!
//! Modules: [`jwt`] (compact HMAC JWS), [`claims`] (time checks), [`onlyoffice`] (where Docs puts its
//! tokens), [`config`] (Docs' `local.json`), [`json`] (the strict parser), [`ffi`] (the C ABI).
#![deny(missing_docs)]
// Edition 2024 (for its merged doctests) with 2021's rule here: the unsafe fns are small private
// helpers and extern "C" entry points, each stating its contract under `# Safety`.
#![allow(unsafe_op_in_unsafe_fn)]

mod b64;
pub mod claims;
pub mod config;
mod error;
pub mod ffi;
pub mod json;
pub mod jwt;
pub mod onlyoffice;
mod per_thread;

pub use error::{Error, ErrorKind, Result, ALL_KINDS};
pub use jwt::{
    decode_unverified, sign, verify, Algorithm, AlgorithmSet, Decoded, Options, UrlMatch,
    DEFAULT_LEEWAY, DEFAULT_MAX_JSON_LEN, DEFAULT_MAX_TOKEN_LEN,
};
