//! Each thread's state (its HMAC key cache), kept so that calls from
//! thread-exit destructors work and leak nothing.
//!
//! Rust's `thread_local!` values with destructors are torn down before the C library runs the
//! destructors of `pthread_key_create` keys, and one first touched from such a destructor is never
//! dropped. Here the state hangs off a pthread key of the library's own instead: its destructor
//! frees the state, and when a later destructor of the same thread calls the library again, the
//! new state is set on the key again, so the C library calls the destructor once more (POSIX
//! repeats the rounds while values remain, up to `PTHREAD_DESTRUCTOR_ITERATIONS`).

use crate::config::DocsConfig;
use crate::jwt::{zero_volatile, CachedKey};
use std::cell::Cell;
#[cfg(unix)]
use std::ffi::c_void;
use std::rc::Rc;
#[cfg(unix)]
use std::sync::OnceLock;

/// What a thread keeps between calls.
#[derive(Default)]
pub(crate) struct State {
    /// The keyed HMAC states of the secrets used last, and the next slot to evict.
    pub(crate) keys: Vec<CachedKey>,
    pub(crate) next_slot: usize,
    /// The settings text of the last `*_with_config` call and what it resolved to: a server passes
    /// the same settings with every request, and reading them costs more than a small verify.
    pub(crate) settings: Option<CachedSettings>,
    /// Set while `with` lends the state out, so that a nested call cannot alias it.
    busy: bool,
}

/// A settings text (it holds the secrets, in hex) and its resolved settings; both wiped when
/// replaced or when the thread exits, as the cached keys are.
pub(crate) struct CachedSettings {
    pub(crate) text: Vec<u8>,
    pub(crate) config: Rc<DocsConfig>,
}

impl Drop for CachedSettings {
    fn drop(&mut self) {
        // SAFETY: the Vecs' own initialised bytes, exclusively borrowed.
        unsafe { zero_volatile(self.text.as_mut_ptr(), self.text.len()) };
        if let Some(c) = Rc::get_mut(&mut self.config) {
            for d in [&mut c.inbox, &mut c.outbox] {
                // SAFETY: as above.
                unsafe { zero_volatile(d.secret.as_mut_ptr(), d.secret.len()) };
            }
        }
    }
}

thread_local! {
    /// This thread's state, or null. A const Cell of a raw pointer has no destructor, so it stays
    /// readable for as long as the thread runs any code, destructors included.
    static STATE: Cell<*mut State> = const { Cell::new(std::ptr::null_mut()) };
}

#[cfg(unix)]
fn key() -> Option<libc::pthread_key_t> {
    static KEY: OnceLock<Option<libc::pthread_key_t>> = OnceLock::new();
    *KEY.get_or_init(|| {
        let mut key: libc::pthread_key_t = 0;
        // SAFETY: `key` is writable; `release` has the signature pthread destructors need.
        (unsafe { libc::pthread_key_create(&mut key, Some(release)) } == 0).then_some(key)
    })
}

/// The key's destructor: frees a thread's state as the thread exits.
#[cfg(unix)]
unsafe extern "C" fn release(p: *mut c_void) {
    let state = p.cast::<State>();
    let _ = STATE.try_with(|s| {
        if s.get() == state {
            s.set(std::ptr::null_mut());
        }
    });
    // SAFETY: `p` is the Box `with` leaked and set on the key, handed back once by the C library.
    // Dropping it wipes the cached keys; a panic must not unwind into the C library.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(unsafe { Box::from_raw(state) })
    }));
}

/// Arranges for `p` to be freed when the thread exits; false when that cannot be arranged.
#[cfg(unix)]
fn arm(p: *mut State) -> bool {
    // SAFETY: `key` was created by pthread_key_create; `p` is a live Box.
    key().is_some_and(|key| unsafe { libc::pthread_setspecific(key, p.cast()) } == 0)
}

/// Windows has no pthread keys: the state is freed by a thread-local owner's destructor, which
/// Rust's runtime runs from the thread's TLS callbacks as the thread exits.
#[cfg(not(unix))]
fn arm(_: *mut State) -> bool {
    struct Owner;
    impl Drop for Owner {
        fn drop(&mut self) {
            let p = STATE.try_with(|s| s.replace(std::ptr::null_mut()));
            if let Some(p) = p.ok().filter(|p| !p.is_null()) {
                // SAFETY: `p` is the Box `lend` leaked for this thread, taken out of STATE just
                // above so that it is freed once.
                drop(unsafe { Box::from_raw(p) });
            }
        }
    }
    thread_local! {
        static OWNER: Owner = const { Owner };
    }
    OWNER.try_with(|_| ()).is_ok()
}

/// Runs `f` on this thread's state, creating it on first use; `None` when there is no state to
/// lend (the key could not be created, or a call is already using it).
pub(crate) fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE
        .try_with(|cell| {
            let mut p = cell.get();
            if p.is_null() {
                p = Box::into_raw(Box::default());
                if !arm(p) {
                    // SAFETY: `p` came from Box::into_raw just above and was handed to no one.
                    drop(unsafe { Box::from_raw(p) });
                    return None;
                }
                cell.set(p);
            }
            // SAFETY: `p` is this thread's live state, used by this thread only; `busy` keeps a
            // nested call from taking a second reference to it.
            let state = unsafe { &mut *p };
            if state.busy {
                return None;
            }
            state.busy = true;
            /// Clears `busy` however `f` ends, unwinding included.
            struct Lent(*mut State);
            impl Drop for Lent {
                fn drop(&mut self) {
                    // SAFETY: the state outlives this guard (only `release` frees it, at exit).
                    unsafe { (*self.0).busy = false };
                }
            }
            let _lent = Lent(p);
            Some(f(state))
        })
        .ok()
        .flatten()
}
