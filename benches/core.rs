//! Sign and verify at four ONLYOFFICE payload sizes, against the two baselines that frame them:
//! raw HMAC over the same signing input (the floor) and `jsonwebtoken`'s own encode/decode (the
//! crate we build on). `make bench` turns the output into docs/benchmarks.md.

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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
