//! Hostile sizes and shapes: each is answered with the right error, in memory bounded by the input's
//! size (measured with a counting allocator) and in time printed for SECURITY.md.

use oo_jwt::onlyoffice;
use oo_jwt::{ErrorKind, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Instant;

/// Counts the heap bytes of the thread that allocates them, so that the other tests of the same
/// test binary, running on other threads, do not enter a measurement.
struct Counting;

thread_local! {
    // Const Cells without destructors: reading them allocates nothing.
    static CURRENT: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grow(by: usize) {
    let _ = CURRENT.try_with(|c| {
        let now = c.get().wrapping_add(by);
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn shrink(by: usize) {
    let _ = CURRENT.try_with(|c| c.set(c.get().wrapping_sub(by)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grow(l.size());
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        shrink(l.size());
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            grow(new - l.size());
        } else {
            shrink(l.size() - new);
        }
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f`, returns (its error kind, extra peak heap bytes of this thread, milliseconds).
fn measure<T>(f: impl FnOnce() -> oo_jwt::Result<T>) -> (Option<ErrorKind>, usize, f64) {
    let base = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let t = Instant::now();
    let r = f();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let kind = r.err().map(|e| e.kind());
    (kind, PEAK.with(Cell::get).wrapping_sub(base), ms)
}

fn b64(bytes: &[u8]) -> String {
    // A tiny encoder for building hostile tokens (the crate's own is private on purpose).
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..=c.len() {
            out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

/// A genuinely signed token with these claims bytes (built through the public API's HMAC).
fn signed(claims: &[u8], secret: &[u8]) -> String {
    let head = format!("{}.{}", b64(br#"{"alg":"HS256","typ":"JWT"}"#), b64(claims));
    let mac = oo_jwt::jwt::hmac(oo_jwt::Algorithm::HS256, secret, head.as_bytes()).unwrap();
    format!("{head}.{}", b64(&mac))
}

struct Row {
    what: &'static str,
    input_bytes: usize,
    got: Option<ErrorKind>,
    peak: usize,
    ms: f64,
}

fn check(
    rows: &mut Vec<Row>,
    what: &'static str,
    input_bytes: usize,
    want: Option<ErrorKind>,
    max_peak: usize,
    m: (Option<ErrorKind>, usize, f64),
) {
    let (got, peak, ms) = m;
    assert_eq!(got, want, "{what}");
    assert!(
        peak <= max_peak,
        "{what}: peak heap {peak} bytes > bound {max_peak}"
    );
    rows.push(Row {
        what,
        input_bytes,
        got,
        peak,
        ms,
    });
}

#[test]
fn hostile_inputs_are_refused_in_bounded_memory() {
    let secret = b"limits-secret";
    let mut rows = Vec::new();
    let big = Options {
        max_token_len: 1 << 30,
        max_json_len: 1 << 30,
        ..Default::default()
    };
    let dflt = Options::default();

    // 100 MB inputs: refused by length before any work, with no allocation worth the name.
    let hundred_mb = vec![b'A'; 100 * 1024 * 1024];
    check(
        &mut rows,
        "verify: 100 MB token",
        hundred_mb.len(),
        Some(ErrorKind::TooLarge),
        4096,
        measure(|| oo_jwt::verify(&hundred_mb, secret, &dflt)),
    );
    check(
        &mut rows,
        "sign: 100 MB payload",
        hundred_mb.len(),
        Some(ErrorKind::TooLarge),
        4096,
        measure(|| oo_jwt::sign(&hundred_mb, secret, &dflt)),
    );
    check(
        &mut rows,
        "verify_request: 100 MB body",
        hundred_mb.len(),
        Some(ErrorKind::TooLarge),
        4096,
        measure(|| onlyoffice::verify_request(secret, Some(&hundred_mb), None, None, &dflt)),
    );
    // The same with the limits lifted: one linear scan, still no copy of the input.
    check(
        &mut rows,
        "verify: 100 MB token, limit lifted",
        hundred_mb.len(),
        Some(ErrorKind::Malformed),
        4096,
        measure(|| oo_jwt::verify(&hundred_mb, secret, &big)),
    );
    check(
        &mut rows,
        "sign: 100 MB non-JSON payload, limit lifted",
        hundred_mb.len(),
        Some(ErrorKind::InvalidJson),
        4096,
        measure(|| oo_jwt::sign(&hundred_mb, secret, &big)),
    );
    drop(hundred_mb);

    // 65 536 dots.
    let dots = vec![b'.'; 65_536];
    check(
        &mut rows,
        "verify: 65 536 dots",
        dots.len(),
        Some(ErrorKind::Malformed),
        4096,
        measure(|| oo_jwt::verify(&dots, secret, &dflt)),
    );
    let dotted: Vec<u8> = b"eyJhbGciOiJIUzI1NiJ9.".repeat(12_000);
    check(
        &mut rows,
        "decode_unverified: 12 000 segments",
        dotted.len(),
        Some(ErrorKind::Malformed),
        4096,
        measure(|| oo_jwt::decode_unverified(&dotted, &dflt)),
    );

    // 100 000-deep nesting: the parser stops at depth 129.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_claims = format!(r#"{{"a":{deep}}}"#);
    check(
        &mut rows,
        "sign: payload nested 100 000 deep",
        deep_claims.len(),
        Some(ErrorKind::InvalidJson),
        64 * 1024,
        measure(|| oo_jwt::sign(deep_claims.as_bytes(), secret, &dflt)),
    );
    let deep_token = signed(deep_claims.as_bytes(), secret);
    check(
        &mut rows,
        "verify: signed claims nested 100 000 deep",
        deep_token.len(),
        Some(ErrorKind::Malformed),
        deep_claims.len() + 64 * 1024,
        measure(|| oo_jwt::verify(deep_token.as_bytes(), secret, &big)),
    );
    let deep_header = format!(
        "{}.{}.AAAA",
        b64(format!(r#"{{"alg":"HS256","x":{deep}}}"#).as_bytes()),
        b64(b"{}")
    );
    check(
        &mut rows,
        "verify: header nested 100 000 deep",
        deep_header.len(),
        Some(ErrorKind::Malformed),
        2 * deep_header.len(),
        measure(|| oo_jwt::verify(deep_header.as_bytes(), secret, &big)),
    );
    let deep_objects = format!(
        r#"{{"a":{}1{}}}"#,
        r#"{"a":"#.repeat(100_000),
        "}".repeat(100_000)
    );
    check(
        &mut rows,
        "verify_request: body of objects nested 100 000 deep",
        deep_objects.len(),
        Some(ErrorKind::InvalidJson),
        64 * 1024,
        measure(|| {
            onlyoffice::verify_request(secret, Some(deep_objects.as_bytes()), None, None, &dflt)
        }),
    );

    // 1 000 000-member objects: refused by a 1 MiB size limit; with the limit lifted, parsed in linear
    // time (hashed duplicate check) and memory proportional to the input.
    let mut members = String::from("{");
    for i in 0..1_000_000 {
        members.push_str(&format!("\"k{i}\":{i},"));
    }
    let unique = format!("{}\"end\":0}}", members);
    let with_dup = format!("{}\"k999999\":0}}", members);
    check(
        &mut rows,
        "sign: 1 000 000 members, 1 MiB limit",
        unique.len(),
        Some(ErrorKind::TooLarge),
        4096,
        measure(|| {
            let one_mib = Options {
                max_json_len: 1 << 20,
                ..Default::default()
            };
            oo_jwt::sign(unique.as_bytes(), secret, &one_mib)
        }),
    );
    check(
        &mut rows,
        "sign: 1 000 000 members, duplicate last, limit lifted",
        with_dup.len(),
        Some(ErrorKind::InvalidJson),
        40 * with_dup.len(),
        measure(|| oo_jwt::sign(with_dup.as_bytes(), secret, &big)),
    );
    let token = signed(unique.as_bytes(), secret);
    check(
        &mut rows,
        "verify: 1 000 000-member claims, limit lifted",
        token.len(),
        None,
        40 * token.len(),
        measure(|| oo_jwt::verify(token.as_bytes(), secret, &big)),
    );
    let token_dup = signed(with_dup.as_bytes(), secret);
    check(
        &mut rows,
        "verify: 1 000 000-member claims, duplicate last",
        token_dup.len(),
        Some(ErrorKind::Malformed),
        40 * token_dup.len(),
        measure(|| oo_jwt::verify(token_dup.as_bytes(), secret, &big)),
    );

    println!("| input | bytes | answer | peak heap | time |\n|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} KiB | {:.1} ms |",
            r.what,
            r.input_bytes,
            r.got.map_or("ok", |k| k.name()),
            r.peak / 1024,
            r.ms
        );
    }
}
