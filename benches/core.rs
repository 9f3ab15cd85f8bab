//! Sign and verify at four ONLYOFFICE payload sizes, against the two baselines that frame them:
//! raw HMAC over the same signing input (the floor) and `jsonwebtoken`'s own encode/decode (the
//! crate we build on). `make bench` turns the output into docs/benchmarks.md.

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use oo_jwt::{Algorithm, Options};
use serde_json::{Map, Value};
use std::hint::black_box;

const SECRET: &[u8] = b"outbox-secret-Rk5Tz8Wm2Qn6Yc1Jd0";

/// The four payloads: a command (~40 B), a callback (~300 B), an editor config (~4 KB), a callback
/// with history (~64 KB).
pub fn payloads() -> Vec<(&'static str, String)> {
    let command = r#"{"c":"info","key":"Khirz6zTPdfd7"}"#.to_string();
    let callback = r#"{"actions":[{"type":0,"userid":"78e1e841"}],"changesurl":"https://documentserver/url-to-changes.zip","filetype":"docx","key":"Khirz6zTPdfd7","status":2,"url":"https://documentserver/url-to-edited-document.docx","users":["6d5a81d0"],"lastsave":"2026-11-22T07:35:51.000Z","notmodified":false}"#.to_string();
    let mut config = String::from(
        r#"{"document":{"fileType":"docx","key":"Khirz6zTPdfd7","title":"Example Document Title.docx","url":"https://example.com/url-to-example-document.docx","permissions":{"comment":true,"download":true,"edit":true,"fillForms":true,"print":true,"review":true}},"documentType":"word","editorConfig":{"callbackUrl":"https://example.com/url-to-callback.ashx","lang":"en","mode":"edit","user":{"id":"78e1e841","name":"Smith"},"recent":["#,
    );
    let mut i = 0;
    while config.len() < 4000 {
        config.push_str(&format!(r#"{{"folder":"Example Files","title":"Document {i}.docx","url":"https://example.com/files/document-{i}.docx"}},"#));
        i += 1;
    }
    config.pop();
    config.push_str("]}}");
    let mut history = String::from(
        r#"{"key":"Khirz6zTPdfd7","status":2,"url":"https://documentserver/url-to-edited-document.docx","history":{"serverVersion":"8.2.0","changes":["#,
    );
    i = 0;
    while history.len() < 64_000 {
        history.push_str(&format!(r#"{{"created":"2026-11-22 07:{:02}:{:02}","user":{{"id":"78e1e841","name":"Smith \u00e9"}},"documentSha256":"{:064x}"}},"#, i % 60, i % 60, i));
        i += 1;
    }
    history.pop();
    history.push_str("]}}");
    vec![
        ("command", command),
        ("callback", callback),
        ("config", config),
        ("history", history),
    ]
}

fn bench(c: &mut Criterion) {
    let opts = Options {
        now: Some(1_700_000_000),
        expires_in: Some(300),
        ..Default::default()
    };
    for (name, payload) in payloads() {
        let token = oo_jwt::sign(payload.as_bytes(), SECRET, &opts).unwrap();
        let signing_input = &token[..token.rfind('.').unwrap()];
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(payload.len() as u64));
        g.bench_function(BenchmarkId::new("sign", payload.len()), |b| {
            b.iter(|| oo_jwt::sign(black_box(payload.as_bytes()), SECRET, &opts).unwrap())
        });
        g.bench_function(BenchmarkId::new("verify", payload.len()), |b| {
            b.iter(|| oo_jwt::verify(black_box(token.as_bytes()), SECRET, &opts).unwrap())
        });
        // The limit: HMAC-SHA256 of the same signing input, key schedule included (RustCrypto,
        // through jsonwebtoken's own crypto::sign)...
        let ek_raw = EncodingKey::from_secret(SECRET);
        g.bench_function(BenchmarkId::new("hmac", payload.len()), |b| {
            b.iter(|| {
                jsonwebtoken::crypto::sign(
                    black_box(signing_input.as_bytes()),
                    &ek_raw,
                    jsonwebtoken::Algorithm::HS256,
                )
                .unwrap()
            })
        });
        // ...and with the key schedule already done, as oo-jwt keeps it per thread.
        g.bench_function(BenchmarkId::new("hmac_keyed", payload.len()), |b| {
            b.iter(|| {
                oo_jwt::jwt::hmac(
                    Algorithm::HS256,
                    SECRET,
                    black_box(signing_input.as_bytes()),
                )
                .unwrap()
            })
        });
        let claims: Map<String, Value> = serde_json::from_str(&payload).unwrap();
        let ek = EncodingKey::from_secret(SECRET);
        let dk = DecodingKey::from_secret(SECRET);
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        g.bench_function(
            BenchmarkId::new("jsonwebtoken_encode", payload.len()),
            |b| {
                b.iter(|| {
                    jsonwebtoken::encode(&Header::default(), black_box(&claims), &ek).unwrap()
                })
            },
        );
        g.bench_function(
            BenchmarkId::new("jsonwebtoken_decode", payload.len()),
            |b| {
                b.iter(|| {
                    jsonwebtoken::decode::<Map<String, Value>>(black_box(&token), &dk, &validation)
                        .unwrap()
                })
            },
        );
        g.finish();
    }
}

/// This thread's CPU time, in ns: what the audit group measures, so that the other users of a shared
/// machine slow each variant less than they would in wall time.
struct CpuTime;

fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

/// Every figure in ns, unscaled.
struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, _: f64, _: &mut [f64]) -> &'static str {
        "ns"
    }
    fn scale_throughputs(&self, _: f64, _: &Throughput, _: &mut [f64]) -> &'static str {
        "ns"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

/// What each hand-tuned part is worth: the callback signed and verified by the core as it is (`0`)
/// and with one part at a time replaced by its simplest form (`oo_jwt::audit`), in one run so the
/// ratios compare like with like. docs/benchmarks.md ("Audit surface") records the decisions.
fn audit(c: &mut Criterion<CpuTime>) {
    use oo_jwt::audit::*;
    let opts = Options {
        now: Some(1_700_000_000),
        expires_in: Some(300),
        ..Default::default()
    };
    let payload = payloads().swap_remove(1).1;
    let value: Value = serde_json::from_str(&payload).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let token = oo_jwt::sign(payload.as_bytes(), SECRET, &opts).unwrap();
    let claims = oo_jwt::verify(token.as_bytes(), SECRET, &opts)
        .unwrap()
        .claims_json;
    // Rounds of every variant in turn: each ratio is taken within a round, then the median over the
    // rounds (benches/report.py --audit), so that a burst of load slows both sides of a ratio alike.
    let rounds: u32 = std::env::var("OO_JWT_AUDIT_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut g = c.benchmark_group("audit");
    for round in 1..=rounds {
        macro_rules! sign {
            ($name:literal, $v:expr, $p:expr) => {
                // Every variant signs the very token the core does.
                assert_eq!(sign::<{ $v }>($p.as_bytes(), SECRET, &opts).unwrap(), token);
                g.bench_function(BenchmarkId::new(concat!("sign_", $name), round), |b| {
                    b.iter(|| sign::<{ $v }>(black_box($p.as_bytes()), SECRET, &opts).unwrap())
                });
            };
        }
        macro_rules! verify {
            ($name:literal, $v:expr) => {
                let got = verify::<{ $v }>(token.as_bytes(), SECRET, &opts).unwrap();
                assert_eq!(got.claims_json, claims);
                g.bench_function(BenchmarkId::new(concat!("verify_", $name), round), |b| {
                    b.iter(|| verify::<{ $v }>(black_box(token.as_bytes()), SECRET, &opts).unwrap())
                });
            };
        }
        sign!("as_is", 0, payload);
        verify!("as_is", 0);
        sign!("b64_scalar", B64_SCALAR, payload);
        verify!("b64_scalar", B64_SCALAR);
        sign!("b64_crate", B64_CRATE, payload);
        verify!("b64_crate", B64_CRATE);
        verify!("find_swar", FIND_SWAR);
        verify!("find_memchr", FIND_MEMCHR);
        verify!("find_plain", FIND_PLAIN);
        sign!("run_swar", RUN_SWAR, payload);
        verify!("run_swar", RUN_SWAR);
        sign!("run_plain", RUN_PLAIN, payload);
        verify!("run_plain", RUN_PLAIN);
        sign!("lexer_only", LEXER_ONLY, payload);
        verify!("lexer_only", LEXER_ONLY);
        sign!("tree", SIGN_TREE, payload);
        sign!("no_key_cache", NO_KEY_CACHE, payload);
        verify!("no_key_cache", NO_KEY_CACHE);
        sign!("pretty_as_is", 0, pretty);
        sign!("pretty_no_rewrite", SIGN_NO_REWRITE, pretty);
        sign!("after", B64_CRATE | RUN_SWAR, payload);
        verify!("after", B64_CRATE | FIND_MEMCHR | RUN_SWAR);
    }
    g.finish();
}

criterion_group! {
    name = audit_benches;
    config = Criterion::default().with_measurement(CpuTime).sample_size(10).warm_up_time(std::time::Duration::from_millis(200)).measurement_time(std::time::Duration::from_millis(500));
    targets = audit
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches, audit_benches);
