//! The `oo-jwt` command line, run as a user would run it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(args)
        .env("OO_TEST_SECRET", "s3cret-from-env")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn oo-jwt");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim_end().to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim_end().to_string()
}

const NOW: &str = "1700000000";

#[test]
fn sign_then_verify_through_stdin_and_env() {
    let s = run(
        &[
            "sign",
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            NOW,
            "--expires-in",
            "300",
        ],
        Some("{\"key\":\"Khirz6zTPdfd7\",\"status\":4}\n"),
    );
    assert!(s.status.success(), "{}", err(&s));
    let token = out(&s);
    let v = run(
        &[
            "verify",
            &token,
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            NOW,
        ],
        None,
    );
    assert!(v.status.success(), "{}", err(&v));
    assert_eq!(
        out(&v),
        r#"{"key":"Khirz6zTPdfd7","status":4,"iat":1700000000,"exp":1700000300}"#
    );
}

#[test]
fn failure_is_one_line_with_the_error_name() {
    let s = run(&["sign", "{\"a\":1}", "--secret", "right"], None);
    let token = out(&s);
    let v = run(&["verify", &token, "--secret", "wrong"], None);
    assert_eq!(v.status.code(), Some(1));
    assert!(out(&v).is_empty());
    let e = err(&v);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("error: bad_signature: "), "{e}");
    let v = run(&["verify", "not-a-token", "--secret", "x"], None);
    assert!(err(&v).starts_with("error: malformed: "), "{}", err(&v));
    let v = run(&["verify", &token, "--secret", ""], None);
    assert!(err(&v).starts_with("error: empty_secret: "), "{}", err(&v));
    let v = run(&["verify", &token], None);
    assert!(
        err(&v).starts_with("error: invalid_argument: no secret"),
        "{}",
        err(&v)
    );
    let v = run(
        &["verify", &token, "--secret", "right", "--alg", "HS384"],
        None,
    );
    assert!(
        err(&v).starts_with("error: unsupported_alg: "),
        "{}",
        err(&v)
    );
}

#[test]
fn secret_file_keeps_its_trailing_newline() {
    let dir = std::env::temp_dir().join(format!("oo-jwt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, "s3cret\n").unwrap();
    let f = file.to_str().unwrap();
    let token = out(&run(&["sign", "{\"a\":1}", "--secret-file", f], None));
    assert!(run(&["verify", &token, "--secret", "s3cret\n"], None)
        .status
        .success());
    assert!(!run(&["verify", &token, "--secret", "s3cret"], None)
        .status
        .success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn inspect_labels_unverified_and_explains() {
    let token = out(&run(
        &[
            "sign",
            "{\"a\":1}",
            "--secret",
            "k",
            "--now",
            NOW,
            "--expires-in",
            "60",
        ],
        None,
    ));
    let i = run(&["inspect", &token, "--now", "1800000000"], None);
    assert!(i.status.success());
    let text = out(&i);
    assert!(text.starts_with("UNVERIFIED"), "{text}");
    assert!(
        text.contains("exp: 1700000060 (2023-11-14T22:14:20Z)"),
        "{text}"
    );
    assert!(text.contains("verdict: would fail: expired"), "{text}");
    let i = run(
        &["inspect", &token, "--secret", "other", "--now", NOW],
        None,
    );
    assert!(
        out(&i).contains("verdict: would fail: bad_signature"),
        "{}",
        out(&i)
    );
}

#[test]
fn request_and_config_commands() {
    let dir = std::env::temp_dir().join(format!("oo-jwt-cli-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let local = dir.join("local.json");
    std::fs::write(
        &local,
        r#"{"services":{"CoAuthoring":{"secret":{"inbox":{"string":"in-secret"},"outbox":{"string":"out-secret"}},
            "token":{"enable":{"browser":true,"request":{"inbox":true,"outbox":true}}}}}}"#,
    )
    .unwrap();
    let l = local.to_str().unwrap();
    let body = r#"{"key":"Khirz6zTPdfd7","status":2,"url":"https://docs.example/cache/x.docx"}"#;
    let signed = out(&run(
        &["request", "sign", body, "--config", l, "--for", "outbox"],
        None,
    ));
    assert!(signed.contains("\"token\":\"eyJ"), "{signed}");
    let v = run(
        &[
            "request", "verify", &signed, "--config", l, "--for", "outbox",
        ],
        None,
    );
    assert!(v.status.success(), "{}", err(&v));
    assert!(out(&v).contains("\"status\":2"));
    let v = run(
        &[
            "request", "verify", &signed, "--config", l, "--for", "inbox",
        ],
        None,
    );
    assert!(err(&v).starts_with("error: bad_signature"), "{}", err(&v));
    let tokenless = run(&["request", "verify", body, "--secret", "x"], None);
    assert!(err(&tokenless).starts_with("error: missing_token"));
    let shown = run(&["config", "show", "--config", l], None);
    let text = out(&shown);
    assert!(
        text.contains("masked") && !text.contains("in-secret"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn download_verify_compares_whatwg_urls_whole_or_by_path_and_query() {
    let s = run(
        &[
            "sign",
            r#"{"payload":{"url":"https://Storage/a b/../Résumé.docx#x"}}"#,
            "--secret",
            "outbox",
            "--now",
            NOW,
            "--expires-in",
            "300",
        ],
        None,
    );
    assert!(s.status.success(), "{}", err(&s));
    let auth = format!("Bearer {}", out(&s));
    let verify = |url: &str, extra: &[&str]| {
        let mut args = vec![
            "download",
            "verify",
            url,
            "--secret",
            "outbox",
            "--now",
            NOW,
            "--authorization",
            &auth,
        ];
        args.extend_from_slice(extra);
        run(&args, None)
    };
    let ok = verify("https://storage/R%C3%A9sum%C3%A9.docx", &[]);
    assert!(ok.status.success(), "{}", err(&ok));
    assert!(out(&ok).contains("Résumé"));
    let proxied = "http://127.0.0.1:8080/R%C3%A9sum%C3%A9.docx";
    let e = verify(proxied, &[]);
    assert!(err(&e).starts_with("error: url_mismatch:"), "{}", err(&e));
    let ok = verify(proxied, &["--url-match", "path-and-query"]);
    assert!(ok.status.success(), "{}", err(&ok));
    let e = verify("/R%C3%A9sum%C3%A9.docx", &[]);
    assert!(
        err(&e).starts_with("error: invalid_argument:"),
        "{}",
        err(&e)
    );
    let ok = verify("/R%C3%A9sum%C3%A9.docx", &["--url-match", "path-and-query"]);
    assert!(ok.status.success(), "{}", err(&ok));
    let e = verify(proxied, &["--url-match", "host"]);
    assert!(
        err(&e).starts_with("error: invalid_argument:"),
        "{}",
        err(&e)
    );
}
