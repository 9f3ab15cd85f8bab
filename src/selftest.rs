//! Test-only entry points, built with the cargo feature `selftest` and never part of the release
//! library or the header (callers declare the prototype themselves).

use crate::ffi::{guard, OoStatus};
use libc::c_char;

/// Panics inside the library, so that a test can check that the panic boundary holds: returns
/// OO_INTERNAL, with a message naming the panic in `*out_error`.
///
/// ```c
/// int32_t oo_selftest_panic(char **out_error); /* declared by the test, not by oo_jwt.h */
/// char *err = NULL;
/// assert(oo_selftest_panic(&err) == OO_INTERNAL && strstr(err, "deliberate panic"));
/// oo_free(err);
/// ```
///
/// # Safety
/// `out_error` is NULL or points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oo_selftest_panic(out_error: *mut *mut c_char) -> OoStatus {
    guard(out_error, || {
        panic!("deliberate panic from oo_selftest_panic")
    })
}
