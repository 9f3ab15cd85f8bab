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

/// Stderr without the `--secret` warning, which many of these tests trigger on purpose.
fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter(|l| !l.starts_with("warning: --secret "))
        .collect::<Vec<_>>()
        .join("\n")
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
    // The one other line is the warning that --secret is visible to other users.
    assert_eq!(
        e.lines().filter(|l| !l.starts_with("warning: ")).count(),
        1,
        "{e}"
    );
    assert!(e.contains("error: bad_signature: "), "{e}");
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
fn editor_method_sign_from_stdin_and_argument() {
    // The token covers the whole object; the result is the object with `token` appended.
    let s = run(
        &[
            "editor-method",
            "sign",
            "insertImage",
            "--secret-env",
            "OO_TEST_SECRET",
        ],
        Some(r#"{"c":"add","images":[{"fileType":"png","url":"https://example.com/a.png"}]}"#),
    );
    assert!(s.status.success(), "{}", err(&s));
    let signed = out(&s);
    assert!(
        signed.starts_with(
            r#"{"c":"add","images":[{"fileType":"png","url":"https://example.com/a.png"}],"token":"eyJ"#
        ),
        "{signed}"
    );
    let token = signed
        .split(r#""token":""#)
        .nth(1)
        .unwrap()
        .trim_end_matches("\"}");
    let v = run(&["verify", token, "--secret-env", "OO_TEST_SECRET"], None);
    assert!(v.status.success(), "{}", err(&v));
    assert!(out(&v).contains("https://example.com/a.png"));

    let m = run(
        &[
            "editor-method",
            "sign",
            "setRevisedFile",
            r#"{"url":"https://example.com/b.docx"}"#,
            "--secret-env",
            "OO_TEST_SECRET",
        ],
        None,
    );
    assert_eq!(m.status.code(), Some(1));
    assert_eq!(
        err(&m),
        "error: invalid_config: setRevisedFile: fileType: missing; Docs takes it from the token"
    );
    let u = run(
        &[
            "editor-method",
            "sign",
            "refreshFile",
            "{}",
            "--secret-env",
            "OO_TEST_SECRET",
        ],
        None,
    );
    assert!(
        err(&u).starts_with("error: invalid_config: unknown editor method"),
        "{}",
        err(&u)
    );
}
/// Runs the CLI with raw (possibly non-UTF-8) arguments and extra environment, stdin empty.
fn run_os(args: &[&std::ffi::OsStr], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oo-jwt"));
    cmd.args(args).stdin(Stdio::null());
    // Only the variables a test names: never the Docker ones of the machine running the tests.
    for k in ["JWT_ENABLED", "JWT_SECRET", "JWT_HEADER", "JWT_IN_BODY"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("spawn oo-jwt")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("oo-jwt-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Not a panic (101), not a signal: one `error:` line and exit 1.
fn assert_one_error_line(o: &Output, name: &str) {
    assert_eq!(
        o.status.code(),
        Some(1),
        "status {:?}: {}",
        o.status,
        err(o)
    );
    let e = err(o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains(&format!("error: {name}: ")), "{e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn stdin_flood_is_refused_in_bounded_memory() {
    use std::os::unix::process::CommandExt;
    // 256 MiB of address space for the CLI, 300 MB piped in: reading it whole cannot fit, so this
    // passes only when the CLI stops after the limit (the bound is memory, not time).
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oo-jwt"));
    cmd.args(["verify", "-", "--secret-env", "OO_TEST_SECRET"])
        .env("OO_TEST_SECRET", "k")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 256 << 20,
                rlim_max: 256 << 20,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn oo-jwt");
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..300 {
            // The CLI closing the pipe early is the expected end.
            if input.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_one_error_line(&o, "too_large");
}

#[test]
fn stdin_at_the_limit_with_a_newline_is_read_whole() {
    // A token of exactly max_token_len bytes plus the pipeline's newline is not refused for size.
    let token = "a".repeat(256 * 1024);
    let o = run(
        &["verify", "--secret-env", "OO_TEST_SECRET"],
        Some(&format!("{token}\n")),
    );
    assert_one_error_line(&o, "malformed");
}

#[test]
fn full_stdout_is_an_error_line_not_a_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(["sign", "{\"a\":1}", "--secret-env", "OO_TEST_SECRET"])
        .env("OO_TEST_SECRET", "k")
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_one_error_line(&o, "invalid_argument");
    assert!(err(&o).contains("cannot write the output"), "{}", err(&o));
}

#[test]
fn a_closed_pipe_ends_quietly_without_a_panic() {
    use std::io::Read;
    // The reader takes one byte of a large output and closes its end, as `| head -c1` does.
    let payload = format!("{{\"a\":\"{}\"}}", "x".repeat(600_000));
    let mut child = Command::new(env!("CARGO_BIN_EXE_oo-jwt"))
        .args(["sign", "-", "--secret-env", "OO_TEST_SECRET"])
        .env("OO_TEST_SECRET", "k")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    let mut input = child.stdin.take().unwrap();
    input.write_all(payload.as_bytes()).unwrap();
    drop(input);
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    assert_ne!(o.status.code(), Some(101), "{}", err(&o));
    assert!(
        o.status.code().is_some(),
        "killed by a signal: {:?}",
        o.status
    );
    assert!(!err(&o).contains("panicked"), "{}", err(&o));
}

#[test]
fn a_non_utf8_argument_is_one_error_line() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"{\"a\":\"\xff\"}");
    let o = run_os(
        &["sign".as_ref(), bad, "--secret".as_ref(), "k".as_ref()],
        &[],
    );
    assert_one_error_line(&o, "invalid_argument");
    assert!(err(&o).contains("argument 2 is not UTF-8"), "{}", err(&o));
}

#[test]
fn a_non_utf8_jwt_secret_is_refused_not_dropped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("docker-env");
    let local = dir.join("local.json");
    std::fs::write(&local, "{}").unwrap();
    let token = out(&run(&["sign", "{\"a\":1}", "--secret", "secret"], None));
    let o = run_os(
        &[
            "verify".as_ref(),
            token.as_ref(),
            "--config".as_ref(),
            local.as_os_str(),
            "--for".as_ref(),
            "outbox".as_ref(),
            "--docker-env".as_ref(),
        ],
        &[("JWT_SECRET", std::ffi::OsStr::from_bytes(b"hunter\xff2"))],
    );
    // Before: the variable was skipped, Docs' default "secret" was used, and the token verified.
    assert_one_error_line(&o, "invalid_config");
    assert!(out(&o).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_mistyped_flag_never_echoes_its_value() {
    let o = run(&["verify", "x", "--secrte=hunter2"], None);
    assert_one_error_line(&o, "invalid_argument");
    assert!(!err(&o).contains("hunter2"), "{}", err(&o));
    assert!(err(&o).contains("--secrte"), "{}", err(&o));
    // Nor the value of a known flag that is refused.
    let o = run(&["verify", "x", "--secret-env", "hunter2"], None);
    assert!(!err(&o).contains("hunter2"), "{}", err(&o));
    let o = run(
        &["verify", "x", "--secret-file", "/nonexistent/hunter2"],
        None,
    );
    assert!(!err(&o).contains("hunter2"), "{}", err(&o));
    let o = run(&["hunter2"], None);
    assert!(!err(&o).contains("hunter2"), "{}", err(&o));
}

#[test]
fn a_huge_alg_is_quoted_short_and_escaped() {
    // A header whose alg is 190 KB of text with a terminal escape; base64url written by hand.
    fn b64(b: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut s = String::new();
        for c in b.chunks(3) {
            let n = (c[0] as u32) << 16
                | (*c.get(1).unwrap_or(&0) as u32) << 8
                | *c.get(2).unwrap_or(&0) as u32;
            for i in 0..=c.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        s
    }
    let header = format!("{{\"alg\":\"\\u001b[2J{}\"}}", "A".repeat(190_000));
    let token = format!("{}.{}.{}", b64(header.as_bytes()), b64(b"{}"), b64(b"sig"));
    let o = run(
        &["verify", "-", "--secret-env", "OO_TEST_SECRET"],
        Some(&token),
    );
    assert_one_error_line(&o, "unsupported_alg");
    let e = err(&o);
    assert!(
        e.len() < 200,
        "{} bytes: {}",
        e.len(),
        &e[..200.min(e.len())]
    );
    assert!(!e.contains('\u{1b}'), "{e}");
}

#[test]
fn verify_alg_is_judged_as_an_allow_list() {
    let o = run(&["verify", "x", "--secret", "k", "--alg", "RS256"], None);
    assert_one_error_line(&o, "unsupported_alg");
    assert!(!err(&o).contains("sign"), "{}", err(&o));
    assert!(err(&o).contains("verify"), "{}", err(&o));
    // Options of another operation are refused by name.
    let o = run(
        &["verify", "x", "--secret", "k", "--expires-in", "60"],
        None,
    );
    assert_one_error_line(&o, "invalid_argument");
    assert!(
        err(&o).contains("verify does not take --expires-in"),
        "{}",
        err(&o)
    );
    let o = run(&["sign", "{}", "--secret", "k", "--leeway", "60"], None);
    assert!(
        err(&o).contains("sign does not take --leeway"),
        "{}",
        err(&o)
    );
}

#[test]
fn secret_on_the_command_line_warns_once() {
    let o = run(&["sign", "{\"a\":1}", "--secret", "k"], None);
    assert!(o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(e.matches("warning: --secret").count(), 1, "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    let o = run(
        &["sign", "{\"a\":1}", "--secret-env", "OO_TEST_SECRET"],
        None,
    );
    assert!(o.stderr.is_empty(), "{}", err(&o));
}

#[test]
fn extra_arguments_and_repeated_secret_flags_are_refused() {
    let o = run(
        &["verify", "a", "b", "--secret-env", "OO_TEST_SECRET"],
        None,
    );
    assert_one_error_line(&o, "invalid_argument");
    let o = run(&["sign", "{}", "--secret", "a", "--secret", "b"], None);
    assert_one_error_line(&o, "invalid_argument");
    assert!(
        err(&o).contains("--secret is given more than once"),
        "{}",
        err(&o)
    );
    let o = run(&["config", "show", "extra", "--config", "x"], None);
    assert_one_error_line(&o, "invalid_argument");
}

#[test]
fn config_show_warns_of_the_default_secret_and_fingerprints() {
    let dir = scratch("show");
    let local = dir.join("local.json");
    std::fs::write(
        &local,
        r#"{"services":{"CoAuthoring":{"secret":{"outbox":{"string":"out-secret"}}}}}"#,
    )
    .unwrap();
    let o = run(
        &["config", "show", "--config", local.to_str().unwrap()],
        None,
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("inbox secret is Docs' shipped default"),
        "{}",
        err(&o)
    );
    assert!(!err(&o).contains("outbox secret is"), "{}", err(&o));
    let shown: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let (fi, fo) = (
        shown["inbox"]["fingerprint"].as_str().unwrap(),
        shown["outbox"]["fingerprint"].as_str().unwrap(),
    );
    assert_eq!(fi.len(), 16);
    assert_ne!(fi, fo);
    assert!(!out(&o).contains("out-secret"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_that_are_not_regular_are_refused_without_blocking() {
    let dir = scratch("files");
    let fifo = dir.join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let big = dir.join("big");
    std::fs::write(&big, vec![b'k'; 65 * 1024]).unwrap();
    let real = dir.join("real");
    std::fs::write(&real, "linked-secret").unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let token = out(&run(
        &["sign", "{\"a\":1}", "--secret", "linked-secret"],
        None,
    ));

    // Each case runs on its own thread; a hang is reported by the guard, not timed.
    let check = |path: &std::path::Path, local: bool| {
        let p = path.to_str().unwrap().to_string();
        let dir = dir.clone();
        let token = token.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let o = if local {
                let l = dir.join(format!("local-{}.json", p.len()));
                std::fs::write(
                    &l,
                    format!(r#"{{"services":{{"CoAuthoring":{{"secret":{{"inbox":{{"string":"","file":{p:?}}}}}}}}}}}"#),
                )
                .unwrap();
                run(
                    &[
                        "verify",
                        &token,
                        "--config",
                        l.to_str().unwrap(),
                        "--for",
                        "inbox",
                    ],
                    None,
                )
            } else {
                run(&["verify", &token, "--secret-file", &p], None)
            };
            let _ = tx.send(o);
        });
        // A guard against hanging forever, far above any real run; the result is not timed.
        rx.recv_timeout(std::time::Duration::from_secs(120))
            .expect("the CLI blocked on a file")
    };
    for local in [false, true] {
        let o = check(std::path::Path::new("/dev/zero"), local);
        assert_one_error_line(&o, "invalid_config");
        assert!(err(&o).contains("not a regular file"), "{}", err(&o));
        let o = check(&fifo, local);
        assert_one_error_line(&o, "invalid_config");
        let o = check(&big, local);
        assert_one_error_line(&o, "too_large");
        // A symlink to a regular file is followed.
        let o = check(&link, local);
        assert!(o.status.success(), "{}", err(&o));
    }
    // The config file itself is bounded too.
    let o = run(&["config", "show", "--config", "/dev/zero"], None);
    assert_one_error_line(&o, "invalid_config");
    let huge = dir.join("huge.json");
    let mut text = vec![b' '; 4 * 1024 * 1024];
    text.extend_from_slice(b"{}");
    std::fs::write(&huge, text).unwrap();
    let o = run(
        &["config", "show", "--config", huge.to_str().unwrap()],
        None,
    );
    assert_one_error_line(&o, "too_large");
    // A symlink to a regular config file is followed.
    let real_cfg = dir.join("real.json");
    std::fs::write(&real_cfg, "{}").unwrap();
    let link_cfg = dir.join("link.json");
    std::os::unix::fs::symlink(&real_cfg, &link_cfg).unwrap();
    let o = run(
        &["config", "show", "--config", link_cfg.to_str().unwrap()],
        None,
    );
    assert!(o.status.success(), "{}", err(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn request_verify_with_config_takes_prefix_and_tolerance_from_the_settings() {
    let dir = scratch("with-config");
    let local = dir.join("local.json");
    std::fs::write(
        &local,
        r#"{"services":{"CoAuthoring":{"secret":{"outbox":{"string":"out-secret"}},
            "token":{"outbox":{"prefix":"Token "},"verifyOptions":{"clockTolerance":5}}}}}"#,
    )
    .unwrap();
    let l = local.to_str().unwrap();
    let token_cfg = out(&run(
        &[
            "request",
            "sign",
            r#"{"key":"k","status":2}"#,
            "--placement",
            "header",
            "--config",
            l,
            "--for",
            "outbox",
            "--now",
            NOW,
        ],
        None,
    ));
    let auth = format!("Token {token_cfg}");
    let v = run(
        &[
            "request",
            "verify",
            "--authorization",
            &auth,
            "--config",
            l,
            "--for",
            "outbox",
            "--now",
            NOW,
        ],
        None,
    );
    assert!(v.status.success(), "{}", err(&v));
    assert!(out(&v).contains("\"status\":2"), "{}", out(&v));
    // 305 s later: past the 300 s expiry plus the settings' 5 s, though within the default 60.
    let late = (NOW.parse::<i64>().unwrap() + 305).to_string();
    let v = run(
        &[
            "request",
            "verify",
            "--authorization",
            &auth,
            "--config",
            l,
            "--for",
            "outbox",
            "--now",
            &late,
        ],
        None,
    );
    assert_one_error_line(&v, "expired");
    let v = run(
        &[
            "request",
            "verify",
            "--authorization",
            &auth,
            "--config",
            l,
            "--for",
            "outbox",
            "--prefix",
            "Bearer ",
        ],
        None,
    );
    assert_one_error_line(&v, "invalid_argument");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn docker_env_is_applied_as_the_entrypoint_applies_it() {
    let dir = scratch("docker");
    let local = dir.join("local.json");
    std::fs::write(&local, "{}").unwrap();
    let l = local.as_os_str();
    let show = |env: &[(&str, &std::ffi::OsStr)]| {
        run_os(
            &[
                "config".as_ref(),
                "show".as_ref(),
                "--config".as_ref(),
                l,
                "--docker-env".as_ref(),
            ],
            env,
        )
    };
    let o = show(&[("JWT_SECRET", "docker-secret".as_ref())]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        v["inbox"]["enabled"], true,
        "JWT_ENABLED unset is the image's true"
    );
    assert_eq!(v["inbox"]["fingerprint"], v["outbox"]["fingerprint"]);
    let o = show(&[
        ("JWT_SECRET", "docker-secret".as_ref()),
        ("JWT_ENABLED", "yes".as_ref()),
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["outbox"]["enabled"], false, "only \"true\" enables");
    // Unset: the image makes a random secret, which cannot be known here.
    let o = run_os(
        &[
            "config".as_ref(),
            "show".as_ref(),
            "--config".as_ref(),
            l,
            "--docker-env".as_ref(),
        ],
        &[],
    );
    assert_one_error_line(&o, "invalid_config");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn download_verify_compares_whatwg_urls_whole_or_by_path_and_query() {
    let s = run(
        &[
            "sign",
            r#"{"payload":{"url":"https://Storage/a b/../Résumé.docx#x"}}"#,
            "--secret-env",
            "OO_TEST_SECRET",
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
            "--secret-env",
            "OO_TEST_SECRET",
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

#[test]
fn download_verify_and_expects_token_with_the_settings() {
    let dir = scratch("download-config");
    let local = dir.join("local.json");
    std::fs::write(
        &local,
        r#"{"services":{"CoAuthoring":{"secret":{"outbox":{"string":"out-secret"}},
            "token":{"enable":{"request":{"outbox":true}},
                     "outbox":{"prefix":"Token ","urlExclusionRegex":"/public/"},
                     "verifyOptions":{"clockTolerance":5}}}}}"#,
    )
    .unwrap();
    let l = local.to_str().unwrap();
    let url = "https://storage.example/files/a.docx";
    let s = run(
        &[
            "sign",
            &format!(r#"{{"payload":{{"url":"{url}"}}}}"#),
            "--config",
            l,
            "--for",
            "outbox",
            "--now",
            NOW,
            "--expires-in",
            "300",
        ],
        None,
    );
    assert!(s.status.success(), "{}", err(&s));
    let auth = format!("Token {}", out(&s));
    let verify = |auth: &str, now: &str, extra: &[&str]| {
        let mut args = vec![
            "download", "verify", url, "--config", l, "--for", "outbox", "--now", now,
        ];
        if !auth.is_empty() {
            args.extend_from_slice(&["--authorization", auth]);
        }
        args.extend_from_slice(extra);
        run(&args, None)
    };
    // The settings' prefix "Token " finds the token, the outbox secret verifies it.
    let ok = verify(&auth, NOW, &[]);
    assert!(ok.status.success(), "{}", err(&ok));
    assert!(out(&ok).contains(url), "{}", out(&ok));
    // 305 s later: past the expiry plus the settings' 5 s, though within the default 60.
    let late = (NOW.parse::<i64>().unwrap() + 305).to_string();
    assert_one_error_line(&verify(&auth, &late, &[]), "expired");
    assert_one_error_line(&verify("", NOW, &[]), "missing_token");
    assert_one_error_line(
        &verify(&auth, NOW, &["--prefix", "Token "]),
        "invalid_argument",
    );
    assert_one_error_line(&verify(&auth, NOW, &["--leeway", "9"]), "invalid_argument");

    let expects = |url: &str| {
        let o = run(&["download", "expects-token", url, "--config", l], None);
        assert!(o.status.success(), "{}", err(&o));
        out(&o)
    };
    assert_eq!(expects(url), "true");
    assert_eq!(expects("https://storage.example/public/a.docx"), "false");
    assert_eq!(expects("https://storage.example/PUBLIC/a.docx"), "true");
    let o = run(&["download", "expects-token", "--config", l], None);
    assert_one_error_line(&o, "invalid_argument");
    let o = run(&["download", "expects-token", url], None);
    assert_one_error_line(&o, "invalid_argument");
    let o = run(
        &[
            "download",
            "expects-token",
            url,
            "--config",
            l,
            "--for",
            "outbox",
        ],
        None,
    );
    assert_one_error_line(&o, "invalid_argument");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn version_and_usage_name_the_secret_flags() {
    let v = run(&["--version"], None);
    assert!(v.status.success());
    assert_eq!(out(&v), format!("oo-jwt {}", env!("CARGO_PKG_VERSION")));
    let h = out(&run(&["--help"], None));
    for cmd in [
        "sign    [PAYLOAD|-] --secret-env VAR",
        "verify  [TOKEN|-]   --secret-env VAR",
        "sign-config [CONFIG|-] --secret-env VAR",
        "docs-sim session",
    ] {
        assert!(h.contains(cmd), "usage lacks {cmd:?}:\n{h}");
    }
    // No usage line reads as if the secret were a positional argument.
    assert!(!h.lines().any(|l| l.contains("] SECRET")), "{h}");
}

#[test]
fn config_without_for_says_for_is_missing() {
    let dir = scratch("config-no-for");
    let local = dir.join("local.json");
    std::fs::write(&local, r#"{"services":{"CoAuthoring":{"secret":{"inbox":{"string":"in-0123456789abcdef0123456789ab"}}}}}"#).unwrap();
    let l = local.to_str().unwrap();
    for args in [
        vec!["sign", "{}", "--config", l],
        vec!["inspect", "x.y.z", "--config", l],
        vec!["request", "verify", "{}", "--config", l],
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            err(&o).contains("--config needs --for inbox|outbox"),
            "{args:?}: {}",
            err(&o)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sign_config_signs_the_whole_editor_config() {
    let cfg = r#"{"document":{"fileType":"docx","key":"Khirz6zTPdfd7","title":"a.docx","url":"https://example.com/a.docx"},"editorConfig":{"callbackUrl":"https://example.com/cb","mode":"edit"}}"#;
    let s = run(
        &[
            "sign-config",
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            NOW,
        ],
        Some(cfg),
    );
    assert!(s.status.success(), "{}", err(&s));
    let signed: serde_json::Value = serde_json::from_str(&out(&s)).unwrap();
    let token = signed["token"].as_str().unwrap();
    let v = run(
        &[
            "verify",
            token,
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            NOW,
        ],
        None,
    );
    let claims: serde_json::Value = serde_json::from_str(&out(&v)).unwrap();
    assert_eq!(claims["document"], signed["document"]);
    assert_eq!(claims["editorConfig"], signed["editorConfig"]);
    // Docs would refuse a config without document.url: so does sign-config.
    let bad = run(
        &[
            "sign-config",
            r#"{"document":{"key":"k"}}"#,
            "--secret-env",
            "OO_TEST_SECRET",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        err(&bad).starts_with("error: invalid_config: "),
        "{}",
        err(&bad)
    );
}

fn hints(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("hint: ")).collect()
}

#[test]
fn inspect_says_verified_and_explains_the_classic_failures() {
    let dir = scratch("inspect-hints");
    let local = dir.join("local.json");
    std::fs::write(&local, r#"{"services":{"CoAuthoring":{"secret":{"inbox":{"string":"in-0123456789abcdef0123456789ab"},"outbox":{"string":"out-0123456789abcdef0123456789a"}}}}}"#).unwrap();
    let l = local.to_str().unwrap();
    let signed = |args: &[&str], input: &str| {
        let o = run(args, Some(input));
        assert!(o.status.success(), "{}", err(&o));
        out(&o)
    };
    // A callback token (outbox), inspected with the inbox secret: the other direction's matches.
    let cb = signed(
        &[
            "request",
            "sign",
            "--placement",
            "header",
            "--config",
            l,
            "--for",
            "outbox",
        ],
        r#"{"key":"k","status":2}"#,
    );
    let i = out(&run(
        &["inspect", &cb, "--config", l, "--for", "inbox"],
        None,
    ));
    assert!(i.starts_with("UNVERIFIED"), "{i}");
    assert_eq!(hints(&i).len(), 1, "{i}");
    assert!(
        hints(&i)[0].contains("verifies with the outbox secret, not the inbox one"),
        "{i}"
    );
    // The right secret: VERIFIED, never UNVERIFIED; a pasted header value is understood.
    let i = out(&run(
        &[
            "inspect",
            &format!("Bearer {cb}"),
            "--config",
            l,
            "--for",
            "outbox",
        ],
        None,
    ));
    assert!(i.starts_with("VERIFIED"), "{i}");
    assert!(!i.contains("UNVERIFIED"), "{i}");
    assert!(hints(&i).is_empty(), "{i}");
    // Signed with Docs' default secret, payload serialised twice.
    let t = signed(
        &["sign", "--secret", "secret"],
        r#"{"payload":"{\"c\":\"version\"}"}"#,
    );
    let i = out(&run(
        &["inspect", &t, "--config", l, "--for", "inbox"],
        None,
    ));
    let h = hints(&i);
    assert!(
        h.iter()
            .any(|x| x.contains("Docs' shipped default secret \"secret\"")),
        "{i}"
    );
    assert!(
        h.iter()
            .any(|x| x.contains("payload is a JSON string holding an object")),
        "{i}"
    );
    let i = out(&run(&["inspect", &t, "--secret", "secret"], None));
    assert!(
        i.starts_with("VERIFIED")
            && hints(&i)
                .iter()
                .any(|x| x.contains("the secret given is Docs' shipped default")),
        "{i}"
    );
    // A header token without the payload wrapper.
    let t = signed(
        &["sign", "--secret-env", "OO_TEST_SECRET"],
        r#"{"c":"info","key":"k"}"#,
    );
    let i = out(&run(
        &[
            "inspect",
            &format!("Bearer {t}"),
            "--secret-env",
            "OO_TEST_SECRET",
        ],
        None,
    ));
    assert!(
        hints(&i)
            .iter()
            .any(|x| x.contains("header token without a payload member")),
        "{i}"
    );
    // Clock skew: how far, and the tolerance.
    let t = signed(
        &[
            "sign",
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            NOW,
            "--expires-in",
            "300",
        ],
        r#"{"c":"info"}"#,
    );
    let i = out(&run(
        &[
            "inspect",
            &t,
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            "1700001000",
        ],
        None,
    ));
    assert!(
        hints(&i)
            .iter()
            .any(|x| x.contains("expired 700 s ago, beyond the tolerance of 60 s")),
        "{i}"
    );
    let t = signed(
        &["sign", "--secret-env", "OO_TEST_SECRET", "--now", NOW],
        r#"{"c":"info","nbf":1700000500}"#,
    );
    let i = out(&run(
        &[
            "inspect",
            &t,
            "--secret-env",
            "OO_TEST_SECRET",
            "--now",
            NOW,
        ],
        None,
    ));
    assert!(
        hints(&i)
            .iter()
            .any(|x| x.contains("nbf is 500 s in the future, beyond the tolerance of 60 s")),
        "{i}"
    );
    // A token cut by a proxy's 8 KiB header limit.
    let big = format!(r#"{{"payload":{{"history":"{}"}}}}"#, "a".repeat(7000));
    let t = signed(&["sign", "--secret-env", "OO_TEST_SECRET"], &big);
    assert!(t.len() > 8192);
    let cut = format!("Bearer {t}")[..8192].to_string();
    let o = run(&["inspect", &cut, "--secret-env", "OO_TEST_SECRET"], None);
    let text = format!("{}{}", out(&o), err(&o));
    assert!(
        text.contains("the token looks cut") && text.contains("8 KiB"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
