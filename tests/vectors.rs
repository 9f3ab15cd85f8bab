//! Runs every case of `tests/vectors/*.json` through the Rust API, and the HMAC primitive vectors of
//! `tests/vectors/primitives/`. A failure names the case id.

use oo_jwt::onlyoffice::{self, Placement};
use oo_jwt::{config, jwt, Algorithm, AlgorithmSet, Error, ErrorKind, Options, UrlMatch};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    std::env::var_os("OO_JWT_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"))
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A JSON number's exact decimal value as (negative, digits without leading or trailing zeros,
/// exponent): `1`, `1.0`, `10e-1` and `0.1e1` are equal; digits beyond 2^53 still count.
fn decimal(text: &str) -> (bool, String, i64) {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().expect("exponent")),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let mut exp = exp - frac.len() as i64;
    let trimmed = all.trim_start_matches('0');
    let digits = trimmed.trim_end_matches('0');
    if digits.is_empty() {
        return (false, "0".into(), 0);
    }
    exp += (trimmed.len() - digits.len()) as i64;
    (neg, digits.to_string(), exp)
}

/// JSON equality with numbers compared by exact decimal value (1.0 == 1, but no rounding through a
/// double: the crate keeps each number's text), objects regardless of key order.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => decimal(&x.to_string()) == decimal(&y.to_string()),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn json_eq_compares_numbers_exactly() {
    let n = |t: &str| serde_json::from_str::<Value>(t).unwrap();
    assert!(json_eq(&n("1"), &n("1.0")));
    assert!(json_eq(&n("100"), &n("1e2")));
    assert!(json_eq(&n("-0.5"), &n("-5E-1")));
    assert!(json_eq(&n("0"), &n("-0.0")));
    // Equal as doubles, different as numbers.
    assert!(!json_eq(&n("9007199254740993"), &n("9007199254740992")));
    assert!(!json_eq(&n("1.00000000000000001"), &n("1")));
    assert!(!json_eq(
        &n("123456789012345678901234567890"),
        &n("123456789012345678901234567891")
    ));
    assert!(!json_eq(&n("1"), &n("-1")));
    assert!(!json_eq(&n("true"), &n("1")));
}

fn str_of<'a>(input: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    input.get(key).and_then(Value::as_str)
}

fn secret(input: &Map<String, Value>) -> Vec<u8> {
    if let Some(h) = str_of(input, "secret_hex") {
        return unhex(h);
    }
    str_of(input, "secret").unwrap_or("").as_bytes().to_vec()
}

fn token(input: &Map<String, Value>) -> Vec<u8> {
    if let Some(h) = str_of(input, "token_hex") {
        return unhex(h);
    }
    str_of(input, "token").unwrap_or("").as_bytes().to_vec()
}

fn options(input: &Map<String, Value>) -> Result<Options, Error> {
    let mut o = Options::default();
    if let Some(a) = str_of(input, "algorithm") {
        o.algorithm = Algorithm::parse(a)?;
    }
    if let Some(list) = input.get("algorithms").and_then(Value::as_array) {
        let names: Vec<&str> = list.iter().map(|v| v.as_str().unwrap_or("?")).collect();
        o.algorithms = AlgorithmSet::parse(&names)?;
    }
    if let Some(l) = input.get("leeway").and_then(Value::as_i64) {
        o.leeway = u64::try_from(l)
            .map_err(|_| Error::new(ErrorKind::InvalidArgument, "negative leeway"))?;
    }
    o.now = input.get("now").and_then(Value::as_i64);
    o.expires_in = input.get("expires_in").and_then(Value::as_i64);
    if let Some(n) = input.get("max_token_len").and_then(Value::as_u64) {
        o.max_token_len = n as usize;
    }
    if let Some(n) = input.get("max_json_len").and_then(Value::as_u64) {
        o.max_json_len = n as usize;
    }
    o.url_match = match str_of(input, "url_match") {
        None | Some("full") => UrlMatch::Full,
        Some("path_and_query") => UrlMatch::PathAndQuery,
        Some(other) => panic!("unknown url_match {other:?}"),
    };
    Ok(o)
}

enum Got {
    Token(String),
    Json(&'static str, Value),
    Decoded(Value, Value),
}

fn parse_out(s: &str) -> Value {
    serde_json::from_str(s).expect("the core returned invalid JSON")
}

/// Writes a config case's `files` into a fresh directory and loads its settings.
fn load_settings(id: &str, input: &Map<String, Value>) -> Result<config::DocsConfig, Error> {
    let dir = std::env::temp_dir().join(format!("oo-jwt-vec-{}-{id}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dir_text = dir.to_str().unwrap();
    if let Some(files) = input.get("files").and_then(Value::as_object) {
        for (name, text) in files {
            let text = text.as_str().unwrap().replace("@DIR@", dir_text);
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let local = dir.join(str_of(input, "local").unwrap_or("local.json"));
    let default = str_of(input, "default").map(|d| dir.join(d));
    // Present (even empty): a Docker installation; absent: not Docker.
    let env: Option<Vec<(String, String)>> = input.get("env").and_then(Value::as_object).map(|m| {
        m.iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect()
    });
    let result = config::load(&local, default.as_deref(), env.as_deref());
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The settings as the C ABI's `*_with_config` functions see them: load_config's JSON text, read back.
fn settings_as_c_reads_them(
    id: &str,
    input: &Map<String, Value>,
) -> Result<config::DocsConfig, Error> {
    config::DocsConfig::from_json(&load_settings(id, input)?.to_json(false))
}

fn load_config(id: &str, input: &Map<String, Value>) -> Result<Got, Error> {
    Ok(Got::Json(
        "config",
        load_settings(id, input)?.to_json(false),
    ))
}

/// Loads the settings, then verifies through the C ABI's path: the settings as the JSON text
/// load_config returns, read back, so that the round trip is exercised too.
fn verify_request_with_config(
    id: &str,
    input: &Map<String, Value>,
    opts: &Options,
) -> Result<Got, Error> {
    let settings = settings_as_c_reads_them(id, input)?;
    let Some(side) = str_of(input, "direction").and_then(config::Side::from_name) else {
        return Err(Error::new(ErrorKind::InvalidArgument, "direction"));
    };
    let bytes = |k: &str| str_of(input, k).map(str::as_bytes);
    let params = onlyoffice::verify_request_with_config(
        &settings,
        side,
        bytes("body"),
        bytes("authorization"),
        opts,
    )?;
    Ok(Got::Json("params", Value::Object(params)))
}

/// Loads the settings (read back from their JSON, as the C ABI does) and verifies a download.
fn verify_download_with_config(
    id: &str,
    input: &Map<String, Value>,
    opts: &Options,
) -> Result<Got, Error> {
    let settings = settings_as_c_reads_them(id, input)?;
    let d = onlyoffice::verify_download_with_config(
        &settings,
        str_of(input, "authorization").map(str::as_bytes),
        str_of(input, "url").unwrap_or("").as_bytes(),
        opts,
    )?;
    Ok(Got::Json("claims", parse_out(&d.claims_json)))
}

/// Loads the settings (read back from their JSON) and asks whether Docs sends a download token.
fn download_token_expected(id: &str, input: &Map<String, Value>) -> Result<Got, Error> {
    let settings = settings_as_c_reads_them(id, input)?;
    let url = str_of(input, "url").unwrap_or("").as_bytes();
    Ok(Got::Json(
        "expected",
        Value::Bool(onlyoffice::download_token_expected(&settings, url)),
    ))
}

fn run(id: &str, op: &str, input: &Map<String, Value>) -> Result<Got, Error> {
    let opts = options(input)?;
    let body = |k: &str| input.get(k).and_then(Value::as_str).map(str::as_bytes);
    let text = |k: &str| str_of(input, k).unwrap_or("").as_bytes();
    let prefix = str_of(input, "prefix").map(str::as_bytes);
    match op {
        "sign" => Ok(Got::Token(oo_jwt::sign(
            text("payload"),
            &secret(input),
            &opts,
        )?)),
        "verify" => {
            let d = oo_jwt::verify(&token(input), &secret(input), &opts)?;
            Ok(Got::Json("claims", parse_out(&d.claims_json)))
        }
        "decode_unverified" => {
            let d = oo_jwt::decode_unverified(&token(input), &opts)?;
            Ok(Got::Decoded(
                parse_out(&d.header_json),
                parse_out(&d.claims_json),
            ))
        }
        "sign_request" => {
            let placement = Placement::from_name(str_of(input, "placement").unwrap_or("body"))
                .expect("placement");
            let out = onlyoffice::sign_request(text("body"), &secret(input), placement, &opts)?;
            Ok(match placement {
                Placement::Body => Got::Json("body", parse_out(&out)),
                Placement::Header => Got::Token(out),
            })
        }
        "verify_request" => {
            let p = onlyoffice::verify_request(
                &secret(input),
                body("body"),
                body("authorization"),
                prefix,
                &opts,
            )?;
            Ok(Got::Json("params", Value::Object(p)))
        }
        "sign_config" => {
            let out = onlyoffice::sign_config(text("config"), &secret(input), &opts)?;
            Ok(Got::Json("config", parse_out(&out)))
        }
        "verify_download" => {
            let d = onlyoffice::verify_download(
                body("authorization"),
                text("url"),
                &secret(input),
                prefix,
                &opts,
            )?;
            Ok(Got::Json("claims", parse_out(&d.claims_json)))
        }
        "sign_editor_method" => {
            let method = input["method"].as_str().expect("method");
            let out =
                onlyoffice::sign_editor_method(method, text("params"), &secret(input), &opts)?;
            Ok(Got::Json("params", parse_out(&out)))
        }
        "load_config" => load_config(id, input),
        "verify_request_with_config" => verify_request_with_config(id, input, &opts),
        "verify_download_with_config" => verify_download_with_config(id, input, &opts),
        "download_token_expected" => download_token_expected(id, input),
        other => panic!("unknown op {other:?}"),
    }
}

fn check(case: &Value) -> Result<(), String> {
    let id = case["id"].as_str().ok_or("case without id")?;
    let op = case["op"].as_str().ok_or("case without op")?;
    let empty = Map::new();
    let input = case["input"].as_object().unwrap_or(&empty);
    let expect = case["expect"].as_object().ok_or("case without expect")?;
    let got = std::panic::catch_unwind(|| run(id, op, input))
        .map_err(|_| format!("{id}: PANIC in op {op}"))?;
    match (got, expect.get("error").and_then(Value::as_str)) {
        (Err(e), Some(want)) if e.kind().name() == want => Ok(()),
        (Err(e), Some(want)) => Err(format!("{id}: expected error {want}, got {e}")),
        (Err(e), None) => Err(format!("{id}: expected success, got {e}")),
        (Ok(_), Some(want)) => Err(format!("{id}: expected error {want}, got success")),
        (Ok(Got::Token(t)), None) => match expect.get("token").and_then(Value::as_str) {
            Some(want) if want == t => Ok(()),
            Some(want) => Err(format!("{id}: token\n   got {t}\n  want {want}")),
            None => Err(format!("{id}: got a token, expect has no \"token\"")),
        },
        (Ok(Got::Json(key, v)), None) => match expect.get(key) {
            Some(want) if json_eq(want, &v) => Ok(()),
            Some(want) => Err(format!("{id}: {key}\n   got {v}\n  want {want}")),
            None => Err(format!("{id}: got {key}, expect has no {key:?}")),
        },
        (Ok(Got::Decoded(h, c)), None) => match (expect.get("header"), expect.get("claims")) {
            (Some(wh), Some(wc)) if json_eq(wh, &h) && json_eq(wc, &c) => Ok(()),
            _ => Err(format!(
                "{id}: decoded header {h} claims {c}, expected {expect:?}"
            )),
        },
    }
}

fn vector_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "manifest.json"))
        .collect();
    files.sort();
    files
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks `files` (name -> bytes) against the manifest's `section` (`files` or `primitives`): the same
/// names, each file's SHA-256, and its number of cases. Returns name -> case count.
fn check_manifest(section: &str, files: &[(String, Vec<u8>)]) -> Map<String, Value> {
    let path = vectors_dir().join("manifest.json");
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .expect("manifest.json is JSON");
    let want = manifest[section]
        .as_object()
        .unwrap_or_else(|| panic!("manifest.json has no {section:?}"))
        .clone();
    let mut have: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut named: Vec<&str> = want.keys().map(String::as_str).collect();
    have.sort_unstable();
    named.sort_unstable();
    assert_eq!(have, named, "vector files differ from manifest.json's {section:?} (run tests/vectors/manifest.py --write after a deliberate change)");
    let mut counts = Map::new();
    for (name, bytes) in files {
        let entry = &want[name];
        assert_eq!(
            entry["sha256"].as_str(),
            Some(sha256_hex(bytes).as_str()),
            "{name}: SHA-256 differs from manifest.json"
        );
        let doc: Value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let n = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no \"cases\" list"))
            .len();
        let want_n = entry["cases"].as_u64().expect("manifest case count");
        assert_eq!(
            n as u64, want_n,
            "{name}: {n} cases, manifest.json says {want_n}"
        );
        assert!(n > 0, "{name}: no cases");
        counts.insert(name.clone(), Value::from(n));
    }
    counts
}

#[test]
fn every_vector_case() {
    let (mut passed, mut failures) = (0usize, Vec::new());
    let mut ids = std::collections::HashSet::new();
    let files: Vec<(String, Vec<u8>)> = vector_files()
        .iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(f).unwrap())
        })
        .collect();
    let counts = check_manifest("files", &files);
    for (name, bytes) in &files {
        let doc: Value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cases = doc["cases"].as_array().expect("cases");
        let (mut p, mut f) = (0, 0);
        for case in cases {
            let id = case["id"].as_str().unwrap_or("?").to_string();
            if !ids.insert(id.clone()) {
                failures.push(format!("{id}: duplicate id"));
            }
            match check(case) {
                Ok(()) => p += 1,
                Err(msg) => {
                    f += 1;
                    failures.push(msg)
                }
            }
        }
        assert_eq!(
            Some((p + f) as u64),
            counts[name].as_u64(),
            "{name}: ran {} cases",
            p + f
        );
        println!("{name}: {p} passed, {f} failed");
        println!(
            "CONFORMANCE rust {} {p} {f}",
            name.trim_end_matches(".json")
        );
        passed += p;
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("vectors: {passed} passed, {} failed", failures.len());
    assert!(passed > 0, "no vector ran");
    assert!(
        failures.is_empty(),
        "{} vector cases failed",
        failures.len()
    );
}

#[test]
fn hmac_primitive_vectors() {
    let path = vectors_dir().join("primitives/hmac.json");
    let Ok(bytes) = std::fs::read(&path) else {
        panic!("{} is missing", path.display());
    };
    let mut prims: Vec<(String, Vec<u8>)> = std::fs::read_dir(vectors_dir().join("primitives"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    prims.sort();
    check_manifest("primitives", &prims);
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let mut failures = Vec::new();
    let cases = doc["cases"].as_array().unwrap();
    for c in cases {
        let id = c["id"].as_str().unwrap();
        let alg = Algorithm::from_name(c["alg"].as_str().unwrap()).unwrap();
        let (key, msg, tag) = (
            unhex(c["key_hex"].as_str().unwrap()),
            unhex(c["msg_hex"].as_str().unwrap()),
            unhex(c["tag_hex"].as_str().unwrap()),
        );
        let valid = c["valid"].as_bool().unwrap();
        let mac = jwt::hmac(alg, &key, &msg).unwrap();
        let matches = match c["truncated_bits"].as_u64() {
            Some(bits) => mac[..bits as usize / 8] == tag[..],
            None => jwt::hmac_verify(alg, &key, &msg, &tag).unwrap(),
        };
        if matches != valid {
            failures.push(format!(
                "{id}: HMAC match {matches}, expected valid={valid}"
            ));
        }
    }
    println!(
        "hmac: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The default limits, which the vector files cannot hold (a 32 MiB token): the largest accepted
/// sizes reach the parser, one byte more is `too_large`.
#[test]
fn default_limits_are_32_mib_token_and_64_mib_json() {
    let dflt = Options::default();
    let token = vec![b'A'; oo_jwt::DEFAULT_MAX_TOKEN_LEN];
    let kind = |r: oo_jwt::Result<oo_jwt::Decoded>| r.unwrap_err().kind();
    assert_eq!(
        kind(oo_jwt::verify(&token, b"k", &dflt)),
        ErrorKind::Malformed
    );
    let mut over = token;
    over.push(b'A');
    assert_eq!(
        kind(oo_jwt::verify(&over, b"k", &dflt)),
        ErrorKind::TooLarge
    );
    drop(over);
    let body = vec![b' '; oo_jwt::DEFAULT_MAX_JSON_LEN];
    let params = |b: &[u8]| onlyoffice::verify_request(b"k", Some(b), None, None, &dflt);
    assert_eq!(params(&body).unwrap_err().kind(), ErrorKind::InvalidJson);
    let mut over = body;
    over.push(b' ');
    assert_eq!(params(&over).unwrap_err().kind(), ErrorKind::TooLarge);
}

/// Where two checks give the same error kind, the message tells which one refused: a dropped check
/// (the header's emptiness, a time claim's type) would otherwise pass as the later one.
#[test]
fn refusals_name_their_reason() {
    fn b64u(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }
    let key = b"a-test-secret";
    let token = |claims: &str| {
        let signing_input = format!(
            "{}.{}",
            b64u(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64u(claims.as_bytes())
        );
        let mac = jwt::hmac(Algorithm::HS256, key, signing_input.as_bytes()).unwrap();
        format!("{signing_input}.{}", b64u(&mac))
    };
    let opts = Options {
        now: Some(1_700_000_000),
        ..Default::default()
    };
    assert!(oo_jwt::verify(token(r#"{"exp":1800000000}"#).as_bytes(), key, &opts).is_ok());
    for (claims, says) in [
        (
            r#"{"exp":"1800000000"}"#,
            r#""exp" is a string, not a number"#,
        ),
        (r#"{"nbf":true}"#, r#""nbf" is a boolean, not a number"#),
        (r#"{"exp":1e400}"#, r#""exp" is not a finite number"#),
    ] {
        let e = oo_jwt::verify(token(claims).as_bytes(), key, &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed, "{claims}");
        assert!(e.message().contains(says), "{claims}: {e}");
    }
    let e = oo_jwt::verify(b".eyJhIjoxfQ.AAAA", key, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed);
    assert!(e.message().contains("header segment is empty"), "{e}");
    // A body token "" counts as absent, as in Docs: with no header either, nothing was sent.
    let e =
        onlyoffice::verify_request(key, Some(br#"{"token":""}"#), None, None, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingToken);
}

/// The Rust API's environment is a list, so a name can appear twice: the last entry wins, as in a
/// shell's environment (maps in the vectors and the C ABI cannot hold a name twice).
#[test]
fn load_config_env_last_entry_wins() {
    let dir = std::env::temp_dir().join(format!("oo-jwt-vec-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let local = dir.join("local.json");
    std::fs::write(&local, "{}").unwrap();
    let env = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let c = config::load(
        &local,
        None,
        Some(&env(&[
            ("JWT_SECRET", "first-secret"),
            ("JWT_ENABLED", "false"),
            ("JWT_SECRET", "last-secret"),
            ("JWT_ENABLED", "true"),
        ])),
    );
    let _ = std::fs::remove_dir_all(&dir);
    let c = c.unwrap();
    assert_eq!(c.inbox.secret, b"last-secret");
    assert_eq!(c.outbox.secret, b"last-secret");
    assert!(c.inbox.enabled && c.outbox.enabled && c.browser_enabled);
}
