//! Properties over generated inputs: sign→verify round-trips for any JSON object, secret and
//! algorithm; verify never panics; no single-byte change to a valid token is ever accepted.

use oo_jwt::{sign, verify, Algorithm, ErrorKind, Options};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e15f64..1e15)
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((".{0,12}", inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("[a-zA-Z_][a-zA-Z0-9_]{0,10}|.{1,8}", json_value()), 0..10).prop_map(
        |kv| {
            kv.into_iter()
                .filter(|(k, _)| k != "exp" && k != "nbf" && k != "iat")
                .collect()
        },
    )
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::HS256),
        Just(Algorithm::HS384),
        Just(Algorithm::HS512)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn sign_then_verify_round_trips(
        claims in json_object(),
        secret in prop::collection::vec(any::<u8>(), 1..100),
        alg in algorithm(),
        expires_in in prop::option::of(0i64..1_000_000),
    ) {
        let opts = Options { algorithm: alg, now: Some(1_700_000_000), expires_in, ..Default::default() };
        let payload = serde_json::to_vec(&Value::Object(claims.clone())).unwrap();
        let token = sign(&payload, &secret, &opts).unwrap();
        let d = verify(token.as_bytes(), &secret, &opts).unwrap();
        let header = d.header().unwrap();
        prop_assert_eq!(header["alg"].as_str(), Some(alg.name()));
        let got = d.claims().unwrap();
        // Numbers come back as JavaScript prints them (1.0 as 1), so compare in that form.
        let js = |v: &Value| {
            let mut out = Vec::new();
            oo_jwt::json::write_js(v, &mut out);
            String::from_utf8(out).unwrap()
        };
        for (k, v) in &claims {
            prop_assert_eq!(got.get(k).map(js), Some(js(v)));
        }
        prop_assert_eq!(got.len(), claims.len() + if expires_in.is_some() { 2 } else { 0 });
        // Another secret never verifies it.
        let mut other = secret.clone();
        other[0] ^= 1;
        prop_assert_eq!(verify(token.as_bytes(), &other, &opts).unwrap_err().kind(), ErrorKind::BadSignature);
    }

    #[test]
    fn verify_never_panics(token in prop::collection::vec(any::<u8>(), 0..400), secret in prop::collection::vec(any::<u8>(), 0..40)) {
        let _ = verify(&token, &secret, &Options::default());
        let _ = oo_jwt::decode_unverified(&token, &Options::default());
    }

    #[test]
    fn verify_never_panics_on_token_like_text(token in "[A-Za-z0-9_=+/ .-]{0,300}") {
        let _ = verify(token.as_bytes(), b"secret", &Options::default());
    }

    #[test]
    fn no_single_byte_change_is_accepted(
        claims in json_object(),
        alg in algorithm(),
        pos_seed in any::<usize>(),
        replacement in any::<u8>(),
    ) {
        let opts = Options { algorithm: alg, now: Some(1_700_000_000), ..Default::default() };
        let payload = serde_json::to_vec(&Value::Object(claims)).unwrap();
        let token = sign(&payload, b"flip-secret", &opts).unwrap();
        let mut bytes = token.into_bytes();
        let pos = pos_seed % bytes.len();
        prop_assume!(bytes[pos] != replacement);
        bytes[pos] = replacement;
        // Canonical base64url makes every text a distinct byte string, so no change keeps the MAC.
        prop_assert!(verify(&bytes, b"flip-secret", &opts).is_err());
    }
}

/// Exhaustively: every position of a token, every base64url character and '.', is refused.
#[test]
fn every_single_character_substitution_is_refused() {
    let opts = Options {
        now: Some(1_700_000_000),
        ..Default::default()
    };
    let token = sign(br#"{"key":"Khirz6zTPdfd7","status":2}"#, b"k", &opts).unwrap();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    let mut tried = 0;
    for pos in 0..token.len() {
        for &c in alphabet {
            let mut b = token.clone().into_bytes();
            if b[pos] == c {
                continue;
            }
            b[pos] = c;
            tried += 1;
            assert!(
                verify(&b, b"k", &opts).is_err(),
                "accepted a change at {pos} to {}",
                c as char
            );
        }
    }
    assert!(tried > 5000);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The sign fast path (payload already in JSON.stringify form, signed as given) and the tree
    /// path (parsed and written again) agree: the same object signs to the same token however it is spaced or escaped.
    #[test]
    fn fast_and_slow_sign_paths_agree(claims in json_object(), expires_in in prop::option::of(0i64..1000)) {
        let opts = Options { now: Some(1_700_000_000), expires_in, ..Default::default() };
        let value = Value::Object(claims);
        let compact = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        // Escaping every '/' and every non-ASCII character is valid JSON that is not in canonical form.
        let escaped: String = compact.chars().map(|c| match c {
            '/' => "\\/".to_string(),
            c if !c.is_ascii() => c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04X}")).collect(),
            c => c.to_string(),
        }).collect();
        let scan = oo_jwt::json::scan_object(compact.as_bytes(), &[]).unwrap();
        let mut rewritten = Vec::new();
        oo_jwt::json::write_js(&oo_jwt::json::parse(compact.as_bytes()).unwrap(), &mut rewritten);
        let rewritten = String::from_utf8(rewritten).unwrap();
        // Canonical means signed as given: only right when the text is already JavaScript's.
        if scan.canonical {
            prop_assert_eq!(&rewritten, &compact);
        }
        let t1 = sign(compact.as_bytes(), b"k", &opts).unwrap();
        if expires_in.is_none() {
            let claims = verify(t1.as_bytes(), b"k", &opts).unwrap().claims_json;
            prop_assert_eq!(claims, rewritten);
        }
        let t2 = sign(pretty.as_bytes(), b"k", &opts).unwrap();
        prop_assert_eq!(&t1, &t2);
        // '/' and non-ASCII characters only occur inside strings, where `\/` and `\uXXXX` (surrogate
        // pairs beyond the BMP) are valid escapes of the same characters, also after an escaped
        // backslash: the escaped text is always the same object, so it must sign (no skipping).
        let t3 = sign(escaped.as_bytes(), b"k", &opts);
        prop_assert!(t3.is_ok(), "escaped form refused: {:?} for {}", t3, escaped);
        prop_assert_eq!(&t1, &t3.unwrap());
    }
}

fn object_text() -> impl Strategy<Value = String> {
    // Top-level names include the time claims, so that the reported members are exercised too.
    let name = prop_oneof![
        Just("\"exp\"".to_string()),
        Just("\"iat\"".to_string()),
        "[a-z]{0,3}".prop_map(|k| Value::String(k).to_string()),
        escaped_string(),
    ];
    // Values: serde_json's text, number texts it never writes (exponents, leading zeros), strings
    // with every kind of escape.
    let value = prop_oneof![
        json_value().prop_map(|v| v.to_string()),
        "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?",
        "-?0[0-9]{1,2}",
        escaped_string(),
    ];
    prop::collection::vec((name, value), 0..8).prop_map(|kv| {
        let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        format!("{{{}}}", body.join(","))
    })
}

/// Whether byte `i` of JSON text lies inside a string literal.
fn inside_string(text: &[u8], i: usize) -> bool {
    let (mut inside, mut escaped) = (false, false);
    for &b in &text[..i] {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// A JSON string literal made of escapes of every kind (short forms, '/', \u in either case, controls,
/// surrogate pairs, lone surrogates) and plain text, ASCII or not.
fn escaped_string() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        prop::sample::select(vec![
            "\\/", "\\n", "\\b", "\\t", "\\\"", "\\\\", "\\f", "\\r"
        ])
        .prop_map(str::to_string),
        "[0-9a-fA-F]{4}".prop_map(|h| format!("\\u{h}")),
        (0u32..0x20).prop_map(|u| format!("\\u{u:04x}")),
        (0u32..0x20).prop_map(|u| format!("\\u{u:04X}")),
        (0xd800u32..0xe000).prop_map(|u| format!("\\u{u:04x}")),
        (0xd800u32..0xdc00, 0xdc00u32..0xe000).prop_map(|(h, l)| format!("\\u{h:04x}\\u{l:04X}")),
        "[a-zé €]{0,3}",
    ];
    prop::collection::vec(part, 0..5).prop_map(|parts| format!("\"{}\"", parts.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// `scan_object`'s quick pass for compact text agrees with the full lexer on every input: the
    /// same report for valid text (duplicates included), the same error otherwise. Mutations put
    /// structural, escape, exponent and control bytes anywhere.
    #[test]
    fn quick_scan_agrees_with_the_lexer(
        text in object_text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(
            b"\"{}[],:\\ 0123456789eE.-+tfnul\x1f\x7fa".to_vec())), 0..3),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = text.into_bytes();
        for (at, b) in edits {
            let i = at.index(bytes.len() + 1);
            bytes.insert(i, b);
        }
        if truncate {
            let n = cut.index(bytes.len() + 1);
            bytes.truncate(n);
        }
        let wanted = ["iat", "exp", "nbf", ""];
        let quick = oo_jwt::json::scan_object(&bytes, &wanted);
        let lexer = oo_jwt::json::scan_object_lexer(&bytes, &wanted);
        prop_assert_eq!(&quick, &lexer, "input {:?}", String::from_utf8_lossy(&bytes));
    }

    /// On whole objects (escapes of every kind, maybe spaced out), the quick pass agrees with the
    /// lexer, and text the scan calls canonical (which sign signs as given) is exactly what the
    /// tree's writer gives for it.
    #[test]
    fn quick_scan_agrees_with_the_lexer_on_escapes_and_canonical_text_is_the_writers(
        text in object_text(),
        spaces in prop::collection::vec(any::<prop::sample::Index>(), 0..2),
    ) {
        let mut bytes = text.into_bytes();
        // A space after a structural byte is always outside a string, so the text stays valid.
        for at in spaces {
            let structural: Vec<usize> = (0..bytes.len()).filter(|&i| b"{,:[".contains(&bytes[i]) && !inside_string(&bytes, i)).collect();
            if !structural.is_empty() {
                bytes.insert(structural[at.index(structural.len())] + 1, b' ');
            }
        }
        let wanted = ["iat", "exp", "nbf", ""];
        let quick = oo_jwt::json::scan_object(&bytes, &wanted);
        let lexer = oo_jwt::json::scan_object_lexer(&bytes, &wanted);
        prop_assert_eq!(&quick, &lexer, "input {:?}", String::from_utf8_lossy(&bytes));
        if let Ok(scan) = quick && scan.canonical {
            let mut js = Vec::new();
            oo_jwt::json::write_js(&oo_jwt::json::parse(&bytes).unwrap(), &mut js);
            prop_assert_eq!(&js, &bytes, "input {:?}", String::from_utf8_lossy(&bytes));
        }
    }
}

/// Names that collide on purpose: the claims, `payload` and `query` share them, so the property
/// sees which one wins.
fn colliding_object() -> impl Strategy<Value = Map<String, Value>> {
    let name = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("key".to_string()),
        Just("payload".to_string()),
        Just("query".to_string()),
        "[a-z]{1,3}",
    ];
    prop::collection::vec((name, json_value()), 0..6).prop_map(|kv| kv.into_iter().collect())
}

/// A body to sign: top-level members, and maybe `payload` and `query` objects (or other values).
fn request_body() -> impl Strategy<Value = Map<String, Value>> {
    let wrapper = prop_oneof![
        3 => colliding_object().prop_map(Value::Object),
        1 => json_value(),
    ];
    (
        colliding_object(),
        prop::option::of(wrapper.clone()),
        prop::option::of(wrapper),
    )
        .prop_map(|(mut body, payload, query)| {
            body.extend(payload.map(|p| ("payload".to_string(), p)));
            body.extend(query.map(|q| ("query".to_string(), q)));
            body
        })
}

/// What `verify_request` must give, stated on its own: the token's claims, then every member of
/// the claims' `payload` object set over them, then every member of their `query` object.
fn expected_params(claims: &Map<String, Value>) -> Map<String, Value> {
    let mut want = claims.clone();
    for wrapper in ["payload", "query"] {
        if let Some(Value::Object(members)) = claims.get(wrapper) {
            for (k, v) in members {
                want.insert(k.clone(), v.clone());
            }
        }
    }
    want
}

/// Map equality that also compares key order and number text.
fn same_map(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    serde_json::to_string(a).unwrap() == serde_json::to_string(b).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Body placement: the token in the body's `token` member; an unsigned member added to the body
    /// after signing never reaches the parameters.
    #[test]
    fn verify_request_params_are_the_claims_with_payload_then_query_body(
        body in request_body(),
        alg in algorithm(),
    ) {
        use oo_jwt::onlyoffice::{sign_request, verify_request, Placement};
        let opts = Options { algorithm: alg, now: Some(1_700_000_000), ..Default::default() };
        let secret = b"a request secret of 32 bytes....";
        let signed = sign_request(&serde_json::to_vec(&body).unwrap(), secret, Placement::Body, &opts)
            .unwrap();
        let mut sent: Map<String, Value> = serde_json::from_str(&signed).unwrap();
        let token = sent["token"].as_str().unwrap().to_string();
        let claims = oo_jwt::decode_unverified(token.as_bytes(), &opts).unwrap().claims().unwrap();
        sent.insert("unsigned-extra".into(), Value::from("not signed"));
        let got = verify_request(secret, Some(&serde_json::to_vec(&sent).unwrap()), None, None, &opts)
            .unwrap();
        prop_assert!(same_map(&got, &expected_params(&claims)), "got {:?}\nclaims {:?}", got, claims);
        prop_assert!(!got.contains_key("unsigned-extra"));
    }

    /// Header placement: `Authorization: Bearer <token>`, for tokens from `sign_request` (claims
    /// `{"payload": body}`) and from `sign` over any claims (top-level `payload` and `query`).
    #[test]
    fn verify_request_params_are_the_claims_with_payload_then_query_header(
        body in request_body(),
        wrap in any::<bool>(),
        alg in algorithm(),
    ) {
        use oo_jwt::onlyoffice::{sign_request, verify_request, Placement};
        let opts = Options { algorithm: alg, now: Some(1_700_000_000), ..Default::default() };
        let secret = b"a request secret of 32 bytes....";
        let text = serde_json::to_vec(&body).unwrap();
        let token = if wrap {
            sign_request(&text, secret, Placement::Header, &opts).unwrap()
        } else {
            sign(&text, secret, &opts).unwrap()
        };
        let claims = oo_jwt::decode_unverified(token.as_bytes(), &opts).unwrap().claims().unwrap();
        let auth = format!("Bearer {token}");
        // The body travels alongside, unsigned, without a token of its own.
        let got = verify_request(secret, Some(&text), Some(auth.as_bytes()), None, &opts).unwrap();
        prop_assert!(same_map(&got, &expected_params(&claims)), "got {:?}\nclaims {:?}", got, claims);
    }
}
