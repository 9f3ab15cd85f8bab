//! Any bytes as a payload: never a panic, whatever signs verifies back to the claims node would sign, the
//! quick scan agrees with the full lexer (the same report, or the same error), and text it calls
//! canonical is what the tree's writer gives.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oo_jwt::{sign, verify, ErrorKind, Options};

fuzz_target!(|data: &[u8]| {
    let wanted = ["iat", "exp", "nbf"];
    let scan = oo_jwt::json::scan_object(data, &wanted);
    assert_eq!(scan, oo_jwt::json::scan_object_lexer(data, &wanted));
    // Text the scan calls canonical is signed as given: it must be what the tree's writer gives.
    if let Ok(scan) = scan {
        if scan.canonical {
            let mut js = Vec::new();
            oo_jwt::json::write_js(&oo_jwt::json::parse(data).unwrap(), &mut js);
            assert_eq!(js, data);
        }
    }
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
            // The payload as JSON.stringify writes it (numbers, array-index names first), plus
            // iat/exp when asked; a zero iat becomes now then, as in node.
            let mut js = Vec::new();
            oo_jwt::json::write_js(&oo_jwt::json::parse(data).unwrap(), &mut js);
            if expires_in.is_none() {
                assert_eq!(d.claims_json.as_bytes(), &js[..]);
            }
            let want = oo_jwt::json::parse_object(&js).unwrap();
            for ((k1, v1), (k2, v2)) in want.iter().zip(d.claims().unwrap().iter()) {
                assert_eq!(k1, k2);
                if k1 != "iat" {
                    assert_eq!(v1.to_string(), v2.to_string());
                }
            }
        }
    }
});
