//! `oo-jwt`: sign, verify and inspect ONLYOFFICE Docs tokens from the command line.
//!
//! Success prints the result on stdout and exits 0; failure prints one line
//! `error: <name>: <message>` on stderr (name from the contract's error table) and exits 1.

mod http;
mod session;
mod sim;

use oo_jwt::config::{self, DocsConfig, Side};
use oo_jwt::onlyoffice::{self, Placement};
use oo_jwt::{claims, Algorithm, AlgorithmSet, Error, ErrorKind, Options, UrlMatch};
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
oo-jwt: sign, verify and inspect the JSON Web Tokens of ONLYOFFICE Docs

usage (--secret-env VAR stands for any SECRET source, listed below):
  oo-jwt sign    [PAYLOAD|-] --secret-env VAR [--alg HS256] [--expires-in SECONDS] [--now UNIX]
  oo-jwt verify  [TOKEN|-]   --secret-env VAR [--alg HS256]... [--leeway SECONDS] [--now UNIX]
  oo-jwt inspect [TOKEN|-]   [--secret-env VAR] [--alg …]... [--leeway …] [--now …]
  oo-jwt sign-config [CONFIG|-] --secret-env VAR [--alg …] [--expires-in …] [--now …]
  oo-jwt request sign   [BODY|-] --secret-env VAR [--placement body|header] [--alg …] [--expires-in …] [--now …]
  oo-jwt request verify [BODY|-] --secret-env VAR [--authorization VALUE] [--prefix 'Bearer '] [--alg …]...
                        [--leeway …] [--now …]
  oo-jwt download verify URL --secret-env VAR --authorization VALUE [--prefix 'Bearer ']
                         [--url-match full|path-and-query] [--alg …]... [--leeway …] [--now …]
  oo-jwt download expects-token URL --config local.json [--default default.json] [--docker-env]
  oo-jwt editor-method sign METHOD [PARAMS|-] --secret-env VAR [--alg …] [--expires-in …] [--now …]
  oo-jwt config show --config local.json [--default default.json] [--docker-env]
  oo-jwt docs-sim serve [--listen 127.0.0.1:8000] (--config local.json | --secret-env VAR) [--quiet]
  oo-jwt docs-sim session --callback-url URL --file-url URL [--changes-url URL] [--key KEY]
                          [--storage-listen 127.0.0.1:0] (--config local.json | --secret-env VAR) [--json]
  oo-jwt docs-sim editor-method METHOD [OBJECT|-] (--config local.json | --secret-env VAR)
  oo-jwt --version

SECRET is one of:
  --secret-env VAR          the value of environment variable VAR
  --secret-file PATH        the file's raw bytes (a trailing newline is part of the secret)
  --config local.json --for inbox|outbox [--default default.json] [--docker-env]
                            the secret Docs uses in that direction; its clock tolerance, allow-list and
                            prefix come with it (request verify takes no --prefix/--alg/--leeway then)
  --secret TEXT             visible to other users of this machine (ps, shell history): avoid

Each command takes only its own options, each once (--alg: once to sign, repeatable to verify).
A payload, token or body is read from the argument, or from stdin when it is '-' or absent (stdin is
read up to the size limit and no further). --config reads Docs' files as Docs does: default.json (the
given one, or the one beside local.json), production-linux.json, local.json; --docker-env applies the
Docker image's JWT_ENABLED, JWT_SECRET, JWT_HEADER, JWT_IN_BODY. config show masks the secrets, prints a
fingerprint of each, and warns on stderr of Docs' default secret and of settings Docs ignores.
Requests to Docs (command, converter, docbuilder) use the inbox secret; callbacks and downloads from
Docs use the outbox secret; editor configs and editor method objects (METHOD: insertImage,
setHistoryData, setMailMergeRecipients, setReferenceData, setReferenceSource, setRequestedDocument,
setRequestedSpreadsheet, setRevisedFile) use the inbox secret, which is the browser secret.
A download's URL is the absolute URL of the request as Docs addressed it; both it and the token's
payload.url are compared as WHATWG URLs, whole or (--url-match path-and-query, behind a reverse
proxy) by path and query only, when URL may also be the request target alone (/path?query).
With --config … --for outbox, download verify takes the outbox secret, prefix, clock tolerance and
allow-list from the settings (no --prefix/--alg/--leeway) and always requires a token.
download expects-token prints true when Docs sends a token downloading URL, false when it sends none
(outbox tokens disabled, or URL contains token.outbox.urlExclusionRegex as plain text); URL is the
URL exactly as the integrator gave it to Docs (document.url, …), not the request URL as received.
request verify prints the parameters Docs would use: the token's claims with the members of its
payload (and query) merged over them, as Docs merges them; a header token's fields therefore appear
both under payload (as signed) and at the top level (as used).
sign-config signs an editor config (the object given to new DocsAPI.DocEditor) with the inbox secret.
inspect accepts a header value as pasted (Bearer eyJ…); with a secret that verifies it says VERIFIED,
and it explains the usual failures in hint: lines (wrong direction's secret, Docs' default secret,
payload as a string, a header token without payload, clock skew, a token cut by a header limit).
docs-sim plays ONLYOFFICE Docs for tests: serve answers the command service, converter and builder
as Docs does and checks editor configs (POST /docs-sim/editor-config) and editor-method objects
(POST /docs-sim/editor-method/METHOD); session sends an editing session's callbacks and downloads
to the integrator, signed as Docs signs them, one line per step and a summary (exit 1 on a failure).
--config alone gives both directions' settings; one secret source gives the same secret to both
(Docs' defaults otherwise). See docs/docs-sim.md.";

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
    "--listen",
    "--callback-url",
    "--file-url",
    "--changes-url",
    "--key",
    "--storage-listen",
];
const SWITCHES: &[&str] = &[
    "--docker-env",
    "--help",
    "-h",
    "--json",
    "--quiet",
    "--version",
];

/// Flags that choose the secret (every command that takes a secret takes all of them).
const SECRET_FLAGS: &[&str] = &[
    "--secret",
    "--secret-env",
    "--secret-file",
    "--config",
    "--for",
    "--default",
    "--docker-env",
];

fn usage_err<T>(msg: impl Into<String>) -> Result<T, Error> {
    Err(Error::new(ErrorKind::InvalidArgument, msg))
}

/// A flag's name for a message: its value is never shown (a mistyped `--secrte=…` would leak it),
/// and the name is quoted, escaped and cut short.
fn flag_name(arg: &str) -> String {
    let name = arg.split_once('=').map_or(arg, |(k, _)| k);
    let shown: String = name.chars().take(32).collect();
    let shown = format!("{shown:?}");
    if shown.len() < name.len() {
        format!("{shown}…")
    } else {
        shown
    }
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
            return usage_err(format!(
                "unknown option {} (see oo-jwt --help)",
                flag_name(&arg)
            ));
        } else {
            a.positional.push(arg);
        }
    }
    Ok(a)
}

/// What one command accepts: how many positional words (the command's own included) and which flags.
struct Spec {
    name: &'static str,
    positional: usize,
    flags: &'static [&'static str],
    /// Flags that may be given more than once.
    repeatable: &'static [&'static str],
}

impl Args {
    /// Refuses what `spec`'s command does not read: extra positional arguments, foreign flags, and
    /// a flag given twice (the second would silently win).
    fn check(&self, spec: &Spec) -> Result<(), Error> {
        if self.positional.len() > spec.positional {
            return usage_err(format!(
                "{} takes at most {} argument{} after the command, got {}",
                spec.name,
                spec.positional - spec.name.split(' ').count(),
                if spec.positional - spec.name.split(' ').count() == 1 {
                    ""
                } else {
                    "s"
                },
                self.positional.len() - spec.name.split(' ').count()
            ));
        }
        for (i, (k, _)) in self.flags.iter().enumerate() {
            let own = spec.flags.contains(&k.as_str())
                || SECRET_FLAGS.contains(&k.as_str()) && spec.flags.contains(&"SECRET");
            if !own {
                return usage_err(format!("{} does not take {k}", spec.name));
            }
            if !spec.repeatable.contains(&k.as_str()) && self.flags[..i].iter().any(|(p, _)| p == k)
            {
                return usage_err(format!("{k} is given more than once"));
            }
        }
        for s in &self.switches {
            let own = s == "--help"
                || s == "-h"
                || spec.flags.contains(&s.as_str())
                || SECRET_FLAGS.contains(&s.as_str()) && spec.flags.contains(&"SECRET");
            if !own {
                return usage_err(format!("{} does not take {s}", spec.name));
            }
        }
        Ok(())
    }
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
                .or_else(|_| usage_err(format!("{name} wants whole seconds"))),
        }
    }
    /// The positional input at `i`, or stdin when it is `-` or absent; stdin is read up to `limit`
    /// bytes (plus a line ending) and no further, so a flood is refused in bounded memory.
    fn input(&self, i: usize, limit: usize) -> Result<Vec<u8>, Error> {
        match self.positional.get(i).map(String::as_str) {
            Some("-") | None => {
                let mut buf = Vec::new();
                // Two bytes beyond the limit: room for a trailing "\r\n", and one more to tell a
                // document of exactly `limit` bytes from a longer one.
                let cap = limit.saturating_add(3) as u64;
                std::io::stdin()
                    .lock()
                    .take(cap)
                    .read_to_end(&mut buf)
                    .or_else(|e| usage_err(format!("cannot read stdin: {e}")))?;
                // Shell pipelines add a newline; a token or JSON document never ends with one.
                while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    buf.pop();
                }
                if buf.len() > limit {
                    return Err(Error::new(
                        ErrorKind::TooLarge,
                        format!("stdin holds more than the limit of {limit} bytes"),
                    ));
                }
                Ok(buf)
            }
            Some(text) => Ok(text.as_bytes().to_vec()),
        }
    }
}

/// Docs settings a secret came from, and whether it is the inbox one.
type FromConfig = Option<(DocsConfig, bool)>;

/// Longest secret file read; a longer one is refused rather than read into memory.
const MAX_SECRET_FILE: usize = config::MAX_SECRET_FILE_LEN;

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
            // The variable's name is not shown: a secret typed here by mistake would be echoed.
            None => usage_err("the environment variable named by --secret-env is not set"),
        };
    }
    if let Some(path) = a.get("--secret-file") {
        return config::read_bounded(std::path::Path::new(path), MAX_SECRET_FILE, "--secret-file")
            .map(|b| Some((b, None)));
    }
    if let Some(dir) = a.get("--for") {
        let inbox = match dir {
            "inbox" => true,
            "outbox" => false,
            _ => return usage_err("--for is inbox or outbox"),
        };
        let cfg = load_config(a)?;
        let s = if inbox {
            cfg.inbox.secret.clone()
        } else {
            cfg.outbox.secret.clone()
        };
        return Ok(Some((s, Some((cfg, inbox)))));
    }
    if a.get("--config").is_some() {
        return usage_err(
            "--config needs --for inbox|outbox: which of Docs' secrets to use (inbox: requests to Docs, editor configs; outbox: callbacks and downloads from Docs)",
        );
    }
    if let Some(text) = a.get("--secret") {
        warn("--secret puts the secret where other users of this machine can read it (ps, shell history); prefer --secret-env or --secret-file");
        return Ok(Some((text.as_bytes().to_vec(), None)));
    }
    if required {
        return usage_err("no secret: give --secret-env VAR, --secret-file PATH, --config FILE --for inbox|outbox, or --secret TEXT");
    }
    Ok(None)
}

/// One `warning:` line on stderr (a failed write to stderr is ignored: there is nowhere else to say it).
fn warn(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {msg}");
}

fn load_config(a: &Args) -> Result<DocsConfig, Error> {
    let Some(local) = a.get("--config") else {
        return usage_err("--config local.json is needed");
    };
    let mut env = None;
    if a.switches.iter().any(|s| s == "--docker-env") {
        let mut vars = Vec::new();
        for k in ["JWT_ENABLED", "JWT_SECRET", "JWT_HEADER", "JWT_IN_BODY"] {
            if let Some(v) = std::env::var_os(k) {
                // Never dropped when not UTF-8: falling back to the config's secret would verify
                // with a secret the caller did not mean.
                let v = v.into_string().map_err(|_| {
                    Error::new(
                        ErrorKind::InvalidConfig,
                        format!("{k} is not UTF-8; Docker's entrypoint writes it into local.json as JSON text, which must be UTF-8"),
                    )
                })?;
                vars.push((k.to_string(), v));
            }
        }
        env = Some(vars);
    }
    config::load(
        &PathBuf::from(local),
        a.get("--default").map(std::path::Path::new),
        env.as_deref(),
    )
}

/// The options of a signing command: `--alg` names the one algorithm to sign with.
fn sign_options(a: &Args, cfg: Option<&(DocsConfig, bool)>) -> Result<Options, Error> {
    let mut o = Options::default();
    if let Some((c, false)) = cfg {
        o.algorithm = c.outbox_algorithm;
    }
    if let Some(name) = a.get("--alg") {
        o.algorithm = Algorithm::from_name(name).ok_or_else(|| {
            Error::new(
                ErrorKind::UnsupportedAlg,
                "--alg: cannot sign with that algorithm; give HS256, HS384 or HS512",
            )
        })?;
    }
    o.now = a.int("--now")?;
    o.expires_in = a.int("--expires-in")?;
    Ok(o)
}

/// The options of a verifying command: each `--alg` adds one algorithm to the allow-list.
fn verify_options(a: &Args, cfg: Option<&(DocsConfig, bool)>) -> Result<Options, Error> {
    let mut o = Options::default();
    if let Some((c, _)) = cfg {
        o = c.verify_options(&o);
    }
    let algs = a.all("--alg");
    if !algs.is_empty() {
        o.algorithms = AlgorithmSet::from_names(&algs).ok_or_else(|| {
            Error::new(
                ErrorKind::UnsupportedAlg,
                "--alg: cannot verify with that algorithm; allow HS256, HS384 or HS512",
            )
        })?;
    }
    if let Some(l) = a.int("--leeway")? {
        o.leeway = u64::try_from(l).or_else(|_| usage_err("--leeway must not be negative"))?;
    }
    o.now = a.int("--now")?;
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

/// base64url without padding, as JWT segments are written; `None` for any other text.
fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// Whether `token`'s signature is `alg`'s HMAC under `secret`, whatever its time claims say.
fn signature_matches(token: &[u8], alg: Option<Algorithm>, secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(token) else {
        return false;
    };
    let (Some(alg), Some((input, sig))) = (alg, text.rsplit_once('.')) else {
        return false;
    };
    let Some(tag) = b64url_decode(sig) else {
        return false;
    };
    !secret.is_empty()
        && oo_jwt::jwt::hmac_verify(alg, secret, input.as_bytes(), &tag).unwrap_or(false)
}

/// Length of an HMAC signature segment for `alg` (unpadded base64url).
fn signature_chars(alg: Algorithm) -> usize {
    match alg {
        Algorithm::HS256 => 43,
        Algorithm::HS384 => 64,
        Algorithm::HS512 => 86,
    }
}

/// Header size limits a token commonly meets on its way: Docs' own cut, then proxies' buffers.
const HEADER_LIMITS: [(usize, &str); 4] = [
    (
        4096,
        "4 KiB (some proxies' and load balancers' header limit)",
    ),
    (
        7168,
        "7,168 (where Docs re-signs its own header token smaller)",
    ),
    (
        8192,
        "8 KiB (nginx large_client_header_buffers, Apache LimitRequestFieldSize)",
    ),
    (16384, "16 KiB (Node's default maxHeaderSize)"),
];

/// A line when `token` looks cut short: a missing or short signature segment, and a length at or
/// just under a common header limit.
fn cut_hint(token: &[u8], alg: Option<Algorithm>, prefix_len: usize) -> Option<String> {
    let text = String::from_utf8_lossy(token);
    let segments = text.split('.').count();
    let sig_len = text.rsplit('.').next().map_or(0, str::len);
    let short_sig = match alg {
        Some(a) => segments == 3 && sig_len < signature_chars(a),
        None => false,
    };
    let total = token.len() + prefix_len;
    let near = HEADER_LIMITS
        .iter()
        .find(|(limit, _)| total <= *limit && *limit - total <= 256);
    if !(segments < 3 || short_sig || near.is_some()) {
        return None;
    }
    let what = if segments < 3 {
        format!("it has {segments} segment(s), not 3")
    } else if short_sig {
        format!(
            "its signature is {sig_len} characters where {} needs {}",
            alg.map_or("", Algorithm::name),
            alg.map_or(0, signature_chars)
        )
    } else {
        "it does not verify".to_string()
    };
    Some(match near {
        Some((_, name)) => format!(
            "the token looks cut: {what}, and the header value is {total} characters, at or just under {name}; raise the limit on every proxy between Docs and this service, or send the token in the body"
        ),
        None => format!(
            "the token looks cut: {what} ({total} characters with its prefix); a proxy's header size limit may have truncated it: send the token in the body, or raise the limit"
        ),
    })
}

fn inspect(a: &Args, out: &mut String) -> Result<(), Error> {
    let secret = secret(a, false)?;
    let opts = verify_options(a, secret.as_ref().and_then(|(_, c)| c.as_ref()))?;
    let raw = a.input(1, opts.max_token_len)?;
    // A pasted header value (`Bearer eyJ…`): the prefix is set apart, and the token is a header token.
    let (token, prefix_len) = match raw.iter().rposition(|b| *b == b' ') {
        Some(i) if raw[i + 1..].starts_with(b"eyJ") => (raw[i + 1..].to_vec(), i + 1),
        _ => (raw, 0),
    };
    let header_alg = |t: &[u8]| {
        let text = String::from_utf8_lossy(t);
        let head = text.split('.').next().unwrap_or("");
        b64url_decode(head)
            .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
            .and_then(|h| {
                h.get("alg")
                    .and_then(Value::as_str)
                    .and_then(Algorithm::from_name)
            })
    };
    let alg = header_alg(&token);
    let d = match oo_jwt::decode_unverified(&token, &opts) {
        Ok(d) => d,
        Err(e) => {
            return Err(match cut_hint(&token, alg, prefix_len) {
                Some(h) if e.kind() == ErrorKind::Malformed => {
                    Error::new(e.kind(), format!("{}; hint: {h}", e.message()))
                }
                _ => e,
            });
        }
    };
    let verified = secret
        .as_ref()
        .map(|(s, _)| oo_jwt::verify(&token, s, &opts));
    if matches!(verified, Some(Ok(_))) {
        let _ = writeln!(
            out,
            "VERIFIED: the signature matches the secret given and the time claims hold."
        );
    } else {
        let _ = writeln!(
            out,
            "UNVERIFIED: decoded without checking the signature; do not trust these values."
        );
    }
    let _ = writeln!(out, "header: {}", pretty(&d.header_json));
    let _ = writeln!(out, "claims: {}", pretty(&d.claims_json));
    let claims_map = d.claims()?;
    let time = |name: &str| claims_map.get(name).and_then(Value::as_f64);
    for name in ["iat", "nbf", "exp"] {
        match claims_map.get(name) {
            Some(Value::Number(n)) => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                let _ = writeln!(
                    out,
                    "{name}: {n} ({})",
                    if f.is_finite() {
                        date(f)
                    } else {
                        "not a finite time".into()
                    }
                );
            }
            Some(other) => {
                let _ = writeln!(
                    out,
                    "{name}: {other} (not a number: the token is malformed)"
                );
            }
            None => {}
        }
    }
    let now = opts.now();
    let _ = writeln!(out, "now: {now} ({})", date(now as f64));
    let verdict = match &verified {
        Some(Ok(_)) => "valid: the signature matches and the time claims hold".to_string(),
        Some(Err(e)) => format!("would fail: {e}"),
        None => {
            let alg_ok = alg.is_some_and(|x| opts.algorithms.contains(x));
            match (alg_ok, claims::check_time(&claims_map, now, opts.leeway)) {
                (false, _) => {
                    let header = d.header()?;
                    let name = header.get("alg").and_then(Value::as_str).unwrap_or("");
                    let shown: String = name.chars().take(32).collect();
                    format!("would fail: unsupported_alg: algorithm {shown:?} is not allowed")
                }
                (true, Err(e)) => format!("would fail: {e}"),
                (true, Ok(())) => "signature not checked (give a secret to check it); algorithm and time claims are acceptable".into(),
            }
        }
    };
    let _ = writeln!(out, "verdict: {verdict}");

    // The classic failures, one line each.
    let mut hints = Vec::new();
    let failed_kind = match &verified {
        Some(Err(e)) => Some(e.kind()),
        _ => None,
    };
    if failed_kind == Some(ErrorKind::BadSignature) {
        if let Some((_, Some((cfg, inbox)))) = &secret {
            let (mine, other, other_s) = if *inbox {
                ("inbox", "outbox", &cfg.outbox.secret)
            } else {
                ("outbox", "inbox", &cfg.inbox.secret)
            };
            if signature_matches(&token, alg, other_s) {
                hints.push(format!(
                    "the token verifies with the {other} secret, not the {mine} one: it was signed for the other direction (requests to Docs and editor configs use the inbox secret; callbacks and downloads from Docs the outbox secret)"
                ));
            }
        }
        if signature_matches(&token, alg, config::DOCS_DEFAULT_SECRET) {
            hints.push("the token was signed with Docs' shipped default secret \"secret\": the signer still runs with the default; set the same secret on both sides".into());
        }
        if let Some(h) = cut_hint(&token, alg, prefix_len) {
            hints.push(h);
        }
    }
    if let Some((s, _)) = &secret
        && s.as_slice() == config::DOCS_DEFAULT_SECRET
    {
        hints.push("the secret given is Docs' shipped default \"secret\": anyone can sign tokens with it; set services.CoAuthoring.secret.*.string".into());
    }
    let leeway = opts.leeway as f64;
    let now_f = now as f64;
    if let Some(exp) = time("exp")
        && exp + leeway < now_f
    {
        let late = now_f - exp;
        let lifetime = time("iat").map(|iat| exp - iat);
        hints.push(format!(
            "expired {late} s ago, beyond the tolerance of {leeway} s{}: if it was just signed, the signer's clock is about {late} s behind this one (check NTP on both), or its lifetime is too short",
            lifetime.map(|l| format!(" (its lifetime was {l} s)")).unwrap_or_default()
        ));
    }
    if let Some(t) = time("nbf")
        && t > now_f + leeway
    {
        hints.push(format!(
            "nbf is {} s in the future, beyond the tolerance of {leeway} s: the signer's clock is ahead of this one by about that much (check NTP on both)",
            t - now_f
        ));
    } else if let Some(t) = time("iat")
        && t > now_f + leeway
    {
        hints.push(format!(
            "iat is {} s in the future (tolerance {leeway} s): the signer's clock is ahead of this one by about that much; Docs does not refuse a future iat, but exp moves with it (check NTP on both)",
            t - now_f
        ));
    }
    if let Some(Value::String(p)) = claims_map.get("payload") {
        let is_object = serde_json::from_str::<Value>(p).is_ok_and(|v| v.is_object());
        hints.push(if is_object {
            "payload is a JSON string holding an object, not an object: Docs reads no parameter from it; sign {\"payload\":{...}}, not {\"payload\":\"{...}\"} (the object was serialised twice)".to_string()
        } else {
            "payload is a string, not an object: Docs reads no parameter from it".to_string()
        });
    }
    if prefix_len > 0 && !claims_map.contains_key("payload") {
        hints.push("a header token without a payload member: Docs signs header tokens over {\"payload\": …} and a download check reads payload.url; wrap the request's fields in payload".into());
    }
    for h in hints {
        let _ = writeln!(out, "hint: {h}");
    }
    Ok(())
}

const SIGN: Spec = Spec {
    name: "sign",
    positional: 2,
    flags: &["SECRET", "--alg", "--expires-in", "--now"],
    repeatable: &[],
};
const SIGN_CONFIG: Spec = Spec {
    name: "sign-config",
    positional: 2,
    flags: &["SECRET", "--alg", "--expires-in", "--now"],
    repeatable: &[],
};
const VERIFY: Spec = Spec {
    name: "verify",
    positional: 2,
    flags: &["SECRET", "--alg", "--leeway", "--now"],
    repeatable: &["--alg"],
};
const INSPECT: Spec = Spec {
    name: "inspect",
    positional: 2,
    flags: &["SECRET", "--alg", "--leeway", "--now"],
    repeatable: &["--alg"],
};
const REQUEST_SIGN: Spec = Spec {
    name: "request sign",
    positional: 3,
    flags: &["SECRET", "--placement", "--alg", "--expires-in", "--now"],
    repeatable: &[],
};
const REQUEST_VERIFY: Spec = Spec {
    name: "request verify",
    positional: 3,
    flags: &[
        "SECRET",
        "--authorization",
        "--prefix",
        "--alg",
        "--leeway",
        "--now",
    ],
    repeatable: &["--alg"],
};
const EDITOR_METHOD_SIGN: Spec = Spec {
    name: "editor-method sign",
    positional: 4,
    flags: &["SECRET", "--alg", "--expires-in", "--now"],
    repeatable: &[],
};
const DOWNLOAD_VERIFY: Spec = Spec {
    name: "download verify",
    positional: 3,
    flags: &[
        "SECRET",
        "--authorization",
        "--prefix",
        "--url-match",
        "--alg",
        "--leeway",
        "--now",
    ],
    repeatable: &["--alg"],
};
const DOWNLOAD_EXPECTS_TOKEN: Spec = Spec {
    name: "download expects-token",
    positional: 3,
    flags: &["--config", "--default", "--docker-env"],
    repeatable: &[],
};
const CONFIG_SHOW: Spec = Spec {
    name: "config show",
    positional: 2,
    flags: &["--config", "--default", "--docker-env"],
    repeatable: &[],
};

/// Runs the command and returns what it prints on stdout.
fn run(raw: Vec<String>) -> Result<String, Error> {
    let a = parse_args(raw)?;
    let mut out = String::new();
    let cmd: Vec<&str> = a.positional.iter().map(String::as_str).collect();
    if a.switches.iter().any(|s| s == "--version") && cmd.is_empty() {
        let _ = writeln!(out, "oo-jwt {}", env!("CARGO_PKG_VERSION"));
        return Ok(out);
    }
    if a.switches.iter().any(|s| s == "--help" || s == "-h") || cmd.is_empty() {
        let _ = writeln!(out, "{USAGE}");
        return Ok(out);
    }
    match cmd[0] {
        "sign" => {
            a.check(&SIGN)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let opts = sign_options(&a, cfg.as_ref())?;
            let payload = a.input(1, opts.max_json_len)?;
            let _ = writeln!(out, "{}", oo_jwt::sign(&payload, &s, &opts)?);
        }
        "verify" => {
            a.check(&VERIFY)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let opts = verify_options(&a, cfg.as_ref())?;
            let token = a.input(1, opts.max_token_len)?;
            let _ = writeln!(out, "{}", oo_jwt::verify(&token, &s, &opts)?.claims_json);
        }
        "sign-config" => {
            a.check(&SIGN_CONFIG)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let opts = sign_options(&a, cfg.as_ref())?;
            let config = a.input(1, opts.max_json_len)?;
            let _ = writeln!(out, "{}", onlyoffice::sign_config(&config, &s, &opts)?);
        }
        "inspect" => {
            a.check(&INSPECT)?;
            inspect(&a, &mut out)?
        }
        "request" => match cmd.get(1).copied().unwrap_or("") {
            "sign" => {
                a.check(&REQUEST_SIGN)?;
                let (s, cfg) = secret(&a, true)?.unwrap_or_default();
                let opts = sign_options(&a, cfg.as_ref())?;
                let placement = match a.get("--placement") {
                    None => Placement::Body,
                    Some(p) => Placement::from_name(p).ok_or_else(|| {
                        Error::new(ErrorKind::InvalidArgument, "--placement is body or header")
                    })?,
                };
                let body = a.input(2, opts.max_json_len)?;
                let _ = writeln!(
                    out,
                    "{}",
                    onlyoffice::sign_request(&body, &s, placement, &opts)?
                );
            }
            "verify" => {
                a.check(&REQUEST_VERIFY)?;
                let (s, cfg) = secret(&a, true)?.unwrap_or_default();
                let opts = verify_options(&a, cfg.as_ref())?;
                let body = a.input(2, opts.max_json_len)?;
                let body = (!body.is_empty()).then_some(body.as_slice());
                let authorization = a.get("--authorization").map(str::as_bytes);
                let params = match &cfg {
                    // The settings give the secret, prefix, tolerance and allow-list: one call.
                    Some((c, inbox)) => {
                        for f in ["--prefix", "--leeway", "--alg"] {
                            if a.get(f).is_some() {
                                return usage_err(format!(
                                    "{f} is not taken with --config: the Docs settings give it"
                                ));
                            }
                        }
                        let side = if *inbox { Side::Inbox } else { Side::Outbox };
                        onlyoffice::verify_request_with_config(c, side, body, authorization, &opts)?
                    }
                    None => onlyoffice::verify_request(
                        &s,
                        body,
                        authorization,
                        a.get("--prefix").map(str::as_bytes),
                        &opts,
                    )?,
                };
                let _ = writeln!(out, "{}", Value::Object(params));
            }
            _ => return usage_err("request takes sign or verify"),
        },
        "editor-method" if cmd.get(1) == Some(&"sign") => {
            a.check(&EDITOR_METHOD_SIGN)?;
            let Some(method) = cmd.get(2).copied() else {
                return usage_err("editor-method sign needs METHOD (see oo-jwt --help)");
            };
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let opts = sign_options(&a, cfg.as_ref())?;
            let params = a.input(3, opts.max_json_len)?;
            let _ = writeln!(
                out,
                "{}",
                onlyoffice::sign_editor_method(method, &params, &s, &opts)?
            );
        }
        "download" if cmd.get(1) == Some(&"verify") => {
            a.check(&DOWNLOAD_VERIFY)?;
            let (s, cfg) = secret(&a, true)?.unwrap_or_default();
            let mut opts = verify_options(&a, cfg.as_ref())?;
            opts.url_match = match a.get("--url-match").unwrap_or("full") {
                "full" => UrlMatch::Full,
                "path-and-query" => UrlMatch::PathAndQuery,
                _ => return usage_err("--url-match is full or path-and-query"),
            };
            let url = a.input(2, opts.max_json_len)?;
            let auth = a.get("--authorization").map(str::as_bytes);
            if let Some((c, false)) = &cfg {
                // The outbox settings give the secret, prefix, tolerance and allow-list: one call.
                for f in ["--prefix", "--leeway", "--alg"] {
                    if a.get(f).is_some() {
                        return usage_err(format!(
                            "{f} is not taken with --config … --for outbox: the Docs settings give it"
                        ));
                    }
                }
                let d = onlyoffice::verify_download_with_config(c, auth, &url, &opts)?;
                let _ = writeln!(out, "{}", d.claims_json);
                return Ok(out);
            }
            // With --config the prefix is the settings' own for the direction, unless given.
            let prefix = match (a.get("--prefix"), &cfg) {
                (Some(p), _) => Some(p.as_bytes().to_vec()),
                (None, Some((c, inbox))) => {
                    let side = if *inbox { Side::Inbox } else { Side::Outbox };
                    Some(c.side(side).prefix.as_bytes().to_vec())
                }
                (None, None) => None,
            };
            let d = onlyoffice::verify_download(auth, &url, &s, prefix.as_deref(), &opts)?;
            let _ = writeln!(out, "{}", d.claims_json);
        }
        "download" if cmd.get(1) == Some(&"expects-token") => {
            a.check(&DOWNLOAD_EXPECTS_TOKEN)?;
            let Some(url) = cmd.get(2).copied() else {
                return usage_err(
                    "download expects-token needs URL, as given to Docs (see oo-jwt --help)",
                );
            };
            let cfg = load_config(&a)?;
            let expected = onlyoffice::download_token_expected(&cfg, url.as_bytes());
            let _ = writeln!(out, "{expected}");
        }
        "config" if cmd.get(1) == Some(&"show") => {
            a.check(&CONFIG_SHOW)?;
            let cfg = load_config(&a)?;
            for w in cfg.warnings() {
                warn(&w);
            }
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&cfg.to_json(true)).unwrap_or_default()
            );
        }
        _ => return usage_err("unknown command (see oo-jwt --help)"),
    }
    Ok(out)
}

/// The arguments as text; one that is not UTF-8 is refused by its position (its bytes may be a secret).
fn arguments() -> Result<Vec<String>, Error> {
    std::env::args_os()
        .skip(1)
        .enumerate()
        .map(|(i, a)| {
            a.into_string().map_err(|_| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!("argument {} is not UTF-8", i + 1),
                )
            })
        })
        .collect()
}

const DOCS_SIM_SERVE: Spec = Spec {
    name: "docs-sim serve",
    positional: 2,
    flags: &["SECRET", "--listen", "--quiet"],
    repeatable: &[],
};
const DOCS_SIM_SESSION: Spec = Spec {
    name: "docs-sim session",
    positional: 2,
    flags: &[
        "SECRET",
        "--callback-url",
        "--file-url",
        "--changes-url",
        "--key",
        "--storage-listen",
        "--json",
    ],
    repeatable: &[],
};
const DOCS_SIM_EDITOR_METHOD: Spec = Spec {
    name: "docs-sim editor-method",
    positional: 4,
    flags: &["SECRET"],
    repeatable: &[],
};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The simulator's Docs settings: Docs' own files (`--config`, both directions), or one secret for
/// both directions with Docs' defaults otherwise (as the Docker image's `JWT_SECRET` sets them).
fn sim_settings(a: &Args) -> Result<DocsConfig, Error> {
    if a.get("--for").is_some() {
        return usage_err(
            "docs-sim takes --config without --for: it plays Docs in both directions",
        );
    }
    if a.get("--config").is_some() {
        if ["--secret", "--secret-env", "--secret-file"]
            .iter()
            .any(|f| a.get(f).is_some())
        {
            return usage_err(
                "give either --config or one of --secret-env, --secret-file, --secret",
            );
        }
        let cfg = load_config(a)?;
        for w in cfg.warnings() {
            warn(&w);
        }
        return Ok(cfg);
    }
    let Some((s, _)) = secret(a, true)? else {
        return usage_err("no secret");
    };
    let side =
        serde_json::json!({"secret_hex": hex(&s), "header": "Authorization", "prefix": "Bearer "});
    let mut outbox = side.clone();
    outbox["algorithm"] = "HS256".into();
    outbox["expires_in"] = onlyoffice::DEFAULT_REQUEST_EXPIRES_IN.into();
    DocsConfig::from_json(
        &serde_json::json!({"inbox": side, "outbox": outbox, "clock_tolerance": 60}),
    )
}

/// Prints `text` on stdout; false when stdout is gone.
fn print(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_ok()
}

fn docs_sim(a: &Args) -> Result<ExitCode, Error> {
    let cmd: Vec<&str> = a.positional.iter().map(String::as_str).collect();
    match cmd.get(1).copied().unwrap_or("") {
        "serve" => {
            a.check(&DOCS_SIM_SERVE)?;
            let cfg = sim_settings(a)?;
            let listen = a.get("--listen").unwrap_or("127.0.0.1:8000");
            let quiet = a.switches.iter().any(|s| s == "--quiet");
            sim::serve(cfg, listen, quiet)
                .or_else(|e| usage_err(format!("--listen {listen}: {e}")))?;
            Ok(ExitCode::SUCCESS)
        }
        "session" => {
            a.check(&DOCS_SIM_SESSION)?;
            let cfg = sim_settings(a)?;
            let (Some(callback_url), Some(file_url)) =
                (a.get("--callback-url"), a.get("--file-url"))
            else {
                return usage_err("docs-sim session needs --callback-url URL and --file-url URL");
            };
            let now = Options::default().now();
            let target = session::Target {
                callback_url: callback_url.into(),
                file_url: file_url.into(),
                changes_url: a.get("--changes-url").map(str::to_string),
                key: a
                    .get("--key")
                    .map_or_else(|| format!("docs-sim-{now}"), str::to_string),
                storage_listen: a.get("--storage-listen").unwrap_or("127.0.0.1:0").into(),
            };
            let steps = session::run(&cfg, &target).or_else(usage_err)?;
            let passed = steps.iter().filter(|s| s.ok).count();
            let failed = steps.len() - passed;
            let text = if a.switches.iter().any(|s| s == "--json") {
                let list: Vec<Value> = steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| serde_json::json!({"step": i + 1, "name": s.name, "ok": s.ok, "detail": s.detail}))
                    .collect();
                format!(
                    "{}\n",
                    serde_json::json!({"steps": list, "passed": passed, "failed": failed})
                )
            } else {
                let mut t = String::new();
                for (i, s) in steps.iter().enumerate() {
                    let _ = writeln!(
                        t,
                        "{} {:2} {}: {}",
                        if s.ok { "ok  " } else { "FAIL" },
                        i + 1,
                        s.name,
                        s.detail
                    );
                }
                let _ = writeln!(t, "{passed} passed, {failed} failed");
                t
            };
            let shown = print(&text);
            Ok(if failed == 0 && shown {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "editor-method" => {
            a.check(&DOCS_SIM_EDITOR_METHOD)?;
            let Some(method) = cmd.get(2).copied() else {
                return usage_err("docs-sim editor-method needs METHOD (see oo-jwt --help)");
            };
            let cfg = sim_settings(a)?;
            let object = a.input(3, Options::default().max_json_len)?;
            let v = sim::editor_method(&cfg, method, &object);
            let accepted = v["accepted"] == Value::Bool(true);
            let shown = print(&format!("{v}\n"));
            Ok(if accepted && shown {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        _ => usage_err("docs-sim takes serve, session or editor-method (see oo-jwt --help)"),
    }
}

fn main() -> ExitCode {
    let raw = arguments();
    if let Ok(r) = &raw
        && r.first().map(String::as_str) == Some("docs-sim")
        && !r.iter().any(|x| x == "--help" || x == "-h")
    {
        return match parse_args(r.clone()).and_then(|a| docs_sim(&a)) {
            Ok(code) => code,
            Err(e) => {
                let _ = writeln!(std::io::stderr().lock(), "error: {e}");
                ExitCode::from(1)
            }
        };
    }
    let printed = raw.and_then(run);
    match printed {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                // The reader has gone (`| head -c1`): stop quietly, as other Unix tools do.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(1),
                Err(e) => {
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "error: invalid_argument: cannot write the output: {e}"
                    );
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {e}");
            ExitCode::from(1)
        }
    }
}
