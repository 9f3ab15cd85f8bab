//! 16 threads calling every operation with different secrets give exactly the results of a
//! sequential run, and at the C boundary each call hands back its own error message.

use oo_jwt::ffi;
use oo_jwt::onlyoffice::{self, Placement};
use oo_jwt::{config, Options};
use std::ffi::CStr;

const THREADS: usize = 16;
const ROUNDS: usize = 200;

/// Every operation once, for thread `t` in round `r`, as one comparable string.
fn every_operation(t: usize, r: usize, dir: &std::path::Path) -> String {
    let secret = format!("secret-of-thread-{t}-{}", "x".repeat(t));
    let s = secret.as_bytes();
    let opts = Options {
        now: Some(1_700_000_000 + r as i64),
        expires_in: Some(300),
        ..Default::default()
    };
    let payload = format!(
        r#"{{"key":"doc-{t}-{r}","status":{},"users":["u{t}"]}}"#,
        r % 7
    );
    let mut out = Vec::new();
    let token = oo_jwt::sign(payload.as_bytes(), s, &opts).unwrap();
    out.push(token.clone());
    out.push(
        oo_jwt::verify(token.as_bytes(), s, &opts)
            .unwrap()
            .claims_json,
    );
    out.push(format!(
        "{:?}",
        oo_jwt::verify(token.as_bytes(), b"wrong", &opts)
            .unwrap_err()
            .kind()
    ));
    out.push(
        oo_jwt::decode_unverified(token.as_bytes(), &opts)
            .unwrap()
            .claims_json,
    );
    let body = onlyoffice::sign_request(payload.as_bytes(), s, Placement::Body, &opts).unwrap();
    let header = onlyoffice::sign_request(payload.as_bytes(), s, Placement::Header, &opts).unwrap();
    let auth = format!("Bearer {header}");
    out.push(body.clone());
    out.push(header.clone());
    let params =
        onlyoffice::verify_request(s, Some(body.as_bytes()), Some(auth.as_bytes()), None, &opts)
            .unwrap();
    out.push(serde_json::Value::Object(params).to_string());
    let cfg = format!(
        r#"{{"document":{{"key":"k{t}","url":"https://example.com/{t}.docx"}},"editorConfig":{{"mode":"edit"}}}}"#
    );
    out.push(onlyoffice::sign_config(cfg.as_bytes(), s, &opts).unwrap());
    let url = format!("https://example.com/{t}.docx");
    let dl = onlyoffice::sign_request(
        format!(r#"{{"url":"{url}"}}"#).as_bytes(),
        s,
        Placement::Header,
        &opts,
    )
    .unwrap();
    let dl_auth = format!("Bearer {dl}");
    out.push(
        onlyoffice::verify_download(Some(dl_auth.as_bytes()), url.as_bytes(), s, None, &opts)
            .unwrap()
            .claims_json,
    );
    let c = config::load(&dir.join(format!("local-{t}.json")), None, None).unwrap();
    out.push(c.to_json(false).to_string());
    out.join("\n")
}

fn config_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("oo-jwt-conc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for t in 0..THREADS {
        std::fs::write(
            dir.join(format!("local-{t}.json")),
            format!(
                r#"{{"services":{{"CoAuthoring":{{"secret":{{"outbox":{{"string":"out-{t}"}}}},"token":{{"outbox":{{"expires":"{t}m"}}}}}}}}}}"#
            ),
        )
        .unwrap();
    }
    dir
}

#[test]
fn sixteen_threads_equal_a_sequential_run() {
    let dir = config_dir();
    let sequential: Vec<Vec<String>> = (0..THREADS)
        .map(|t| (0..ROUNDS).map(|r| every_operation(t, r, &dir)).collect())
        .collect();
    let parallel: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let dir = &dir;
                scope.spawn(move || (0..ROUNDS).map(|r| every_operation(t, r, dir)).collect())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(sequential, parallel);
}

#[test]
fn each_call_returns_its_own_error_message() {
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            scope.spawn(move || {
                for _ in 0..500 {
                    let mut out = std::ptr::null_mut();
                    // Never dereferenced: every call overwrites it.
                    let mut err: *mut std::ffi::c_char = std::ptr::NonNull::dangling().as_ptr();
                    // Even threads fail with empty_secret, odd ones with malformed.
                    let (token, secret): (&[u8], &[u8]) = if t % 2 == 0 {
                        (b"a.b.c", b"")
                    } else {
                        (b"abc", b"k")
                    };
                    let rc = unsafe {
                        ffi::oo_verify(
                            token.as_ptr(),
                            token.len(),
                            secret.as_ptr(),
                            secret.len(),
                            std::ptr::null(),
                            &mut out,
                            &mut err,
                        )
                    };
                    assert!(!err.is_null());
                    let msg = unsafe { CStr::from_ptr(err) }
                        .to_string_lossy()
                        .into_owned();
                    unsafe { ffi::oo_free(err) };
                    if t % 2 == 0 {
                        assert_eq!(rc, ffi::OoStatus::OoEmptySecret);
                        assert!(msg.contains("secret is empty"), "{msg}");
                    } else {
                        assert_eq!(rc, ffi::OoStatus::OoMalformed);
                        assert!(msg.contains("segments"), "{msg}");
                    }
                    assert!(out.is_null());
                }
            });
        }
    });
}
