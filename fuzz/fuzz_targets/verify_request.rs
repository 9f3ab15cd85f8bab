//! Any bytes as a request: the body up to the first newline, the Authorization value after it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oo_jwt::onlyoffice::verify_request;

fuzz_target!(|data: &[u8]| {
    let (body, auth) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let opts = oo_jwt::Options {
        now: Some(1_700_000_000),
        ..Default::default()
    };
    let _ = verify_request(
        b"outbox-secret-Rk5Tz8Wm2Qn6Yc1Jd0",
        Some(body),
        auth,
        None,
        &opts,
    );
    let _ = verify_request(b"secret", None, Some(data), Some(b""), &opts);
});
