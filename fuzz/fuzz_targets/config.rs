//! Any bytes as a Docs local.json (and as a duration string): never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = oo_jwt::config::parse_duration(text);
    }
    let path = std::env::temp_dir().join(format!("oo-jwt-fuzz-local-{}.json", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(data)
        .unwrap();
    let env = [("JWT_ENABLED".to_string(), "true".to_string())];
    let _ = oo_jwt::config::load(&path, None, None);
    let _ = oo_jwt::config::load(&path, Some(&path), Some(&env));
});
