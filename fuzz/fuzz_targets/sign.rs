//! Any bytes as a payload: never a panic, whatever signs verifies back to the same claims, and the
//! quick scan of compact JSON agrees with the full lexer (the same report, or the same error).
#![no_main]
use libfuzzer_sys::fuzz_target;
use oo_jwt::{sign, verify, ErrorKind, Options};

fuzz_target!(|data: &[u8]| {
    let wanted = ["iat", "exp", "nbf"];
    assert_eq!(
        oo_jwt::json::scan_object(data, &wanted),
        oo_jwt::json::scan_object_lexer(data, &wanted)
    );
    let secret = b"fuzz-secret";
    for expires_in in [None, Some(300)] {
        let opts = Options {
            now: Some(1_700_000_000),
            expires_in,
            ..Default::default()
        };
        if let Ok(token) = sign(data, secret, &opts) {
            // The payload's own exp/nbf may lie anywhere in time: only a time error may refuse it.
            let d = match verify(token.as_bytes(), secret, &opts) {
                Ok(d) => d,
                Err(e) if matches!(e.kind(), ErrorKind::Expired | ErrorKind::NotYetValid) => {
                    continue
                }
                Err(e) => panic!("a token we signed does not verify: {e}"),
            };
            // Same members, same order, as the payload (plus iat/exp when asked).
            let input = oo_jwt::json::parse_object(data).unwrap();
            for ((k1, v1), (k2, v2)) in input.iter().zip(d.claims().iter()) {
                assert_eq!(k1, k2);
                assert_eq!(v1.to_string(), v2.to_string());
            }
        }
    }
});
