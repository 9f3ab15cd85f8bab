//! `oo-jwt`: sign, verify and inspect ONLYOFFICE Docs tokens from the command line.
//!
//! Success prints the result on stdout and exits 0; failure prints one line
//! `error: <name>: <message>` on stderr (name from the contract's error table) and exits 1.

use oo_jwt::config::{self, DocsConfig};
use oo_jwt::onlyoffice::{self, Placement};
use oo_jwt::{claims, Algorithm, AlgorithmSet, Error, ErrorKind, Options, UrlMatch};
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
oo-jwt: sign, verify and inspect the JSON Web Tokens of ONLYOFFICE Docs

usage:
  oo-jwt sign    [PAYLOAD|-] SECRET [--alg HS256] [--expires-in SECONDS] [--now UNIX]
  oo-jwt verify  [TOKEN|-]   SECRET [--alg HS256]... [--leeway SECONDS] [--now UNIX]
  oo-jwt inspect [TOKEN|-]   [SECRET] [--alg …] [--leeway …] [--now …]
  oo-jwt request sign   [BODY|-] SECRET [--placement body|header] [--alg …] [--expires-in …] [--now …]
  oo-jwt request verify [BODY|-] SECRET [--authorization VALUE] [--prefix 'Bearer '] [--alg …] [--leeway …] [--now …]
  oo-jwt download verify URL SECRET --authorization VALUE [--prefix 'Bearer '] [--url-match full|path-and-query]
                           [--alg …] [--leeway …] [--now …]
  oo-jwt config show --config local.json [--default default.json] [--docker-env]

SECRET is one of:
  --secret-env VAR          the value of environment variable VAR
  --secret-file PATH        the file's raw bytes (a trailing newline is part of the secret)
  --config local.json --for inbox|outbox
                            the secret Docs uses in that direction (with its clock tolerance and prefix)
  --secret TEXT             visible to other users of this machine (ps, shell history): avoid

A payload, token or body is read from the argument, or from stdin when it is '-' or absent.
Requests to Docs (command, converter, docbuilder) use the inbox secret; callbacks and downloads from
Docs use the outbox secret; editor configs use the inbox secret.
A download's URL is the absolute URL of the request as Docs addressed it; both it and the token's
payload.url are compared as WHATWG URLs, whole or (--url-match path-and-query, behind a reverse
proxy) by path and query only, when URL may also be the request target alone (/path?query).";

struct Args {
    positional: Vec<String>,
    flags: Vec<(String, String)>,
    switches: Vec<String>,
}

const VALUE_FLAGS: &[&str] = &[
    "--secret",
    "--secret-env",
    "--secret-file",
    "--config",
    "--for",
    "--alg",
    "--leeway",
    "--now",
    "--expires-in",
    "--placement",
    "--authorization",
    "--prefix",
    "--default",
    "--url-match",
];
const SWITCHES: &[&str] = &["--docker-env", "--help", "-h"];

fn usage_err<T>(msg: impl Into<String>) -> Result<T, Error> {
    Err(Error::new(ErrorKind::InvalidArgument, msg))
}

fn parse_args(raw: Vec<String>) -> Result<Args, Error> {
    let mut a = Args {
        positional: vec![],
        flags: vec![],
        switches: vec![],
    };
    let mut it = raw.into_iter();
    while let Some(arg) = it.next() {
        if let Some((k, v)) = arg.split_once('=').filter(|(k, _)| VALUE_FLAGS.contains(k)) {
            a.flags.push((k.to_string(), v.to_string()));
        } else if VALUE_FLAGS.contains(&arg.as_str()) {
            match it.next() {
                Some(v) => a.flags.push((arg, v)),
                None => return usage_err(format!("{arg} needs a value")),
            }
        } else if SWITCHES.contains(&arg.as_str()) {
            a.switches.push(arg);
        } else if arg.starts_with("--") {
            return usage_err(format!("unknown option {arg} (see oo-jwt --help)"));
        } else {
            a.positional.push(arg);
        }
    }
    Ok(a)
}

impl Args {
    fn get(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn int(&self, name: &str) -> Result<Option<i64>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .or_else(|_| usage_err(format!("{name} wants whole seconds, got {v:?}"))),
        }
    }
    /// The positional input at `i`, or stdin when it is `-` or absent.
    fn input(&self, i: usize) -> Result<Vec<u8>, Error> {
        match self.positional.get(i).map(String::as_str) {
            Some("-") | None => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .or_else(|e| usage_err(format!("cannot read stdin: {e}")))?;
                // Shell pipelines add a newline; a token or JSON document never ends with one.
                while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    buf.pop();
                }
                Ok(buf)
            }
            Some(text) => Ok(text.as_bytes().to_vec()),
        }
    }
}

/// Docs settings a secret came from, and whether it is the inbox one.
type FromConfig = Option<(DocsConfig, bool)>;

/// The secret, and the Docs settings when it came from a config.
fn secret(a: &Args, required: bool) -> Result<Option<(Vec<u8>, FromConfig)>, Error> {
    let sources = ["--secret", "--secret-env", "--secret-file"]
        .iter()
        .filter(|s| a.get(s).is_some())
        .count()
        + usize::from(a.get("--for").is_some());
    if sources > 1 {
        return usage_err(
            "give exactly one of --secret-env, --secret-file, --config … --for, --secret",
        );
    }
    if let Some(var) = a.get("--secret-env") {
        return match std::env::var_os(var) {
            Some(v) => Ok(Some((v.into_encoded_bytes(), None))),
            None => usage_err(format!("environment variable {var} is not set")),
        };
    }
    if let Some(path) = a.get("--secret-file") {
        return std::fs::read(path)
            .map(|b| Some((b, None)))
            .or_else(|e| usage_err(format!("cannot read secret file {path}: {e}")));
    }
    if let Some(dir) = a.get("--for") {
        let inbox = match dir {
            "inbox" => true,
            "outbox" => false,
            _ => return usage_err(format!("--for is inbox or outbox, not {dir:?}")),
        };
        let cfg = load_config(a)?;
        let s = if inbox {
            cfg.inbox.secret.clone()
        } else {
            cfg.outbox.secret.clone()
        };
        return Ok(Some((s, Some((cfg, inbox)))));
    }
    if let Some(text) = a.get("--secret") {
        return Ok(Some((text.as_bytes().to_vec(), None)));
    }
    if required {
        return usage_err("no secret: give --secret-env VAR, --secret-file PATH, --config FILE --for inbox|outbox, or --secret TEXT");
    }
    Ok(None)
}

fn load_config(a: &Args) -> Result<DocsConfig, Error> {
    let Some(local) = a.get("--config") else {
        return usage_err("--config local.json is needed");
    };
    let mut env = Vec::new();
    if a.switches.iter().any(|s| s == "--docker-env") {
        for k in ["JWT_ENABLED", "JWT_SECRET", "JWT_HEADER"] {
            if let Ok(v) = std::env::var(k) {
                env.push((k.to_string(), v));
            }
        }
    }
    config::load(
        &PathBuf::from(local),
        a.get("--default").map(std::path::Path::new),
        &env,
    )
}

fn options(a: &Args, cfg: Option<&(DocsConfig, bool)>) -> Result<Options, Error> {
    let mut o = Options::default();
    if let Some((c, _)) = cfg {
        o.leeway = c.clock_tolerance;
    }
    let algs = a.all("--alg");
    if let Some(first) = algs.first() {
        o.algorithm = Algorithm::parse(first)?;
        o.algorithms = AlgorithmSet::parse(&algs)?;
    }
    if let Some(l) = a.int("--leeway")? {
        o.leeway = u64::try_from(l).or_else(|_| usage_err("--leeway must not be negative"))?;
    }
    o.now = a.int("--now")?;
    o.expires_in = a.int("--expires-in")?;
    Ok(o)
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| text.to_string())
}

/// `2023-11-14T22:13:20Z` for Unix seconds (proleptic Gregorian, UTC).
fn date(secs: f64) -> String {
    let s = secs.floor() as i64;
    let (days, rem) = (s.div_euclid(86_400), s.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn inspect(a: &Args) -> Result<(), Error> {
    let token = a.input(1)?;
    let secret = secret(a, false)?;
    let opts = options(a, secret.as_ref().and_then(|(_, c)| c.as_ref()))?;
    let d = oo_jwt::decode_unverified(&token, &opts)?;
    println!("UNVERIFIED: decoded without checking the signature; do not trust these values.");
    println!("header: {}", pretty(&d.header_json));
    println!("claims: {}", pretty(&d.claims_json));
    let claims_map = d.claims();
    for name in ["iat", "nbf", "exp"] {
        match claims_map.get(name) {
            Some(Value::Number(n)) => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                println!(
                    "{name}: {n} ({})",
                    if f.is_finite() {
                        date(f)
                    } else {
                        "not a finite time".into()
                    }
                );
            }
            Some(other) => println!("{name}: {other} (not a number: the token is malformed)"),
            None => {}
        }
    }
    let now = opts.now();
    println!("now: {now} ({})", date(now as f64));
    let verdict = match &secret {
        Some((s, _)) => match oo_jwt::verify(&token, s, &opts) {
            Ok(_) => "valid: the signature matches and the time claims hold".to_string(),
            Err(e) => format!("would fail: {e}"),
        },
        None => {
            let header = d.header();
            let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
            let alg_ok = Algorithm::from_name(alg).is_some_and(|x| opts.algorithms.contains(x));
            match (alg_ok, claims::check_time(&claims_map, now, opts.leeway)) {
                (false, _) => format!("would fail: unsupported_alg: algorithm {alg:?} is not allowed"),
                (true, Err(e)) => format!("would fail: {e}"),
                (true, Ok(())) => "signature not checked (give a secret to check it); algorithm and time claims are acceptable".into(),
            }
        }
    };
    println!("verdict: {verdict}");
    Ok(())
}

fn run(raw: Vec<String>) -> Result<(), Error> {
    let a = parse_args(raw)?;
    let cmd: Vec<&str> = a.positional.iter().map(String::as_str).collect();
    if a.switches.iter().any(|s| s == "--help" || s == "-h") || cmd.is_empty() {
        println!("{USAGE}");
        return Ok(());
    }
    match cmd[0] {
        "sign" => {
            let payload = a.input(1)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let mut opts = options(&a, cfg.as_ref())?;
            if let (Some((c, false)), None) = (&cfg, a.get("--alg")) {
                opts.algorithm = c.outbox_algorithm;
            }
            println!("{}", oo_jwt::sign(&payload, &s, &opts)?);
        }
        "verify" => {
            let token = a.input(1)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let opts = options(&a, cfg.as_ref())?;
            println!("{}", oo_jwt::verify(&token, &s, &opts)?.claims_json);
        }
        "inspect" => inspect(&a)?,
        "request" => {
            let sub = cmd.get(1).copied().unwrap_or("");
            let body = a.input(2)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let opts = options(&a, cfg.as_ref())?;
            match sub {
                "sign" => {
                    let p = a.get("--placement").unwrap_or("body");
                    let Some(placement) = Placement::from_name(p) else {
                        return usage_err(format!("--placement is body or header, not {p:?}"));
                    };
                    println!("{}", onlyoffice::sign_request(&body, &s, placement, &opts)?);
                }
                "verify" => {
                    let prefix = a
                        .get("--prefix")
                        .map(|p| p.as_bytes().to_vec())
                        .or_else(|| {
                            cfg.as_ref().map(|(c, inbox)| {
                                let d = if *inbox { &c.inbox } else { &c.outbox };
                                d.prefix.as_bytes().to_vec()
                            })
                        });
                    let body = (!body.is_empty()).then_some(body.as_slice());
                    let params = onlyoffice::verify_request(
                        &s,
                        body,
                        a.get("--authorization").map(str::as_bytes),
                        prefix.as_deref(),
                        &opts,
                    )?;
                    println!("{}", Value::Object(params));
                }
                _ => return usage_err("request takes sign or verify"),
            }
        }
        "download" if cmd.get(1) == Some(&"verify") => {
            let url = a.input(2)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let mut opts = options(&a, cfg.as_ref())?;
            opts.url_match = match a.get("--url-match").unwrap_or("full") {
                "full" => UrlMatch::Full,
                "path-and-query" => UrlMatch::PathAndQuery,
                m => return usage_err(format!("--url-match is full or path-and-query, not {m:?}")),
            };
            let prefix = a.get("--prefix").map(str::as_bytes);
            let auth = a.get("--authorization").map(str::as_bytes);
            let d = onlyoffice::verify_download(auth, &url, &s, prefix, &opts)?;
            println!("{}", d.claims_json);
        }
        "config" if cmd.get(1) == Some(&"show") => {
            let cfg = load_config(&a)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&cfg.to_json(true)).unwrap_or_default()
            );
        }
        other => return usage_err(format!("unknown command {other:?} (see oo-jwt --help)")),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
