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

/// Bench-only: the core with one part at a time replaced by its simplest form, so that
/// `benches/core.rs` measures what each part is worth in one run.
#[doc(hidden)]
pub mod audit {
    /// Hand-written base64 without its SSSE3 blocks.
    pub const B64_SCALAR: u32 = 1;
    /// The `base64` crate instead of the hand-written base64.
    pub const B64_CRATE: u32 = 2;
    /// Dots found by `iter().position` instead of SSE2.
    pub const FIND_PLAIN: u32 = 4;
    /// String runs found by `iter().position` instead of SSE2.
    pub const RUN_PLAIN: u32 = 8;
    /// The lexer alone, without the quick pass in front of it.
    pub const LEXER_ONLY: u32 = 16;
    /// Sign through the tree alone (parse, write), without the as-given and rewrite paths.
    pub const SIGN_TREE: u32 = 32;
    /// Non-canonical payloads through the tree instead of the one-pass rewrite.
    pub const SIGN_NO_REWRITE: u32 = 64;
    /// A keyed HMAC state built per call instead of the per-thread cache.
    pub const NO_KEY_CACHE: u32 = 128;
    /// Dots found by the `memchr` crate.
    pub const FIND_MEMCHR: u32 = 256;
    /// Dots found by the SWAR loop (what non-x86 targets run) instead of SSE2.
    pub const FIND_SWAR: u32 = 512;
    /// String runs found by the SWAR loop instead of SSE2.
    pub const RUN_SWAR: u32 = 1024;

    /// [`crate::sign`] with variant `V`.
    pub fn sign<const V: u32>(p: &[u8], s: &[u8], o: &crate::Options) -> crate::Result<String> {
        crate::jwt::sign_v::<V>(p, s, o)
    }

    /// [`crate::verify`] with variant `V`.
    pub fn verify<const V: u32>(
        t: &[u8],
        s: &[u8],
        o: &crate::Options,
    ) -> crate::Result<crate::Decoded> {
        crate::jwt::verify_v::<V>(t, s, o)
    }
}
