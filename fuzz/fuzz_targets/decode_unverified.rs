//! Any bytes as a token to decode: never a panic; what decodes is a JSON object pair.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = oo_jwt::decode_unverified(data, &Default::default()) {
        // Re-parsed by the same strict parser (serde_json's own depth limit is lower than ours).
        let h = oo_jwt::json::parse(d.header_json.as_bytes()).unwrap();
        let c = oo_jwt::json::parse(d.claims_json.as_bytes()).unwrap();
        assert!(h.is_object() && c.is_object());
    }
});
