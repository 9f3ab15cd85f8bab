//! Any bytes as a token: never a panic; an `ok` only for a token whose MAC really is the secret's.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oo_jwt::{verify, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        now: Some(1_700_000_000),
        ..Default::default()
    };
    for secret in [&b"oo-jwt-test-secret-7Hq2Zp9Lx4VbN3"[..], b"secret"] {
        if let Ok(d) = verify(data, secret, &opts) {
            // Accepted: re-signing what it carries under the same secret must give the same MAC.
            let head = &data[..data.iter().rposition(|&b| b == b'.').unwrap()];
            let alg = oo_jwt::Algorithm::from_name(d.header().unwrap()["alg"].as_str().unwrap()).unwrap();
            let mac = oo_jwt::jwt::hmac(alg, secret, head).unwrap();
            assert!(oo_jwt::jwt::hmac_verify(alg, secret, head, &mac).unwrap());
            // And a strict parser's output is valid JSON.
            assert!(oo_jwt::json::parse(d.claims_json.as_bytes())
                .unwrap()
                .is_object());
        }
    }
});
