//! Reading an ONLYOFFICE Docs configuration (`local.json` over `default.json`, plus Docker's
//! variables) into the settings an integrator needs: secrets, enable flags, headers, prefixes.

use crate::error::{err, Error, ErrorKind, Result};
use crate::json;
use crate::jwt::Algorithm;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Docs' own `default.json` values for the keys this crate reads.
const BUILTIN_DEFAULT: &str = r#"{"services":{"CoAuthoring":{
  "secret":{"inbox":{"string":"secret"},"outbox":{"string":"secret"},"session":{"string":"secret"}},
  "token":{"enable":{"browser":false,"request":{"inbox":false,"outbox":false}},
    "inbox":{"header":"Authorization","prefix":"Bearer "},
    "outbox":{"header":"Authorization","prefix":"Bearer ","algorithm":"HS256","expires":"5m"},
    "verifyOptions":{"clockTolerance":60}}}}}"#;

/// One direction's resolved settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Direction {
    /// Whether Docs requires tokens in this direction.
    pub enabled: bool,
    /// The secret's bytes (a file's bytes kept whole, trailing newline included).
    pub secret: Vec<u8>,
    /// Header carrying the token (`Authorization` by default).
    pub header: String,
    /// Prefix before the token in that header (`Bearer ` by default).
    pub prefix: String,
}

/// Resolved settings of a Docs installation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocsConfig {
    /// Requests to Docs (command, converter, docbuilder) and editor configs.
    pub inbox: Direction,
    /// Requests from Docs (callbacks, downloads).
    pub outbox: Direction,
    /// Whether editor configs must carry a token (they use the inbox secret).
    pub browser_enabled: bool,
    /// Algorithm Docs signs its requests with.
    pub outbox_algorithm: Algorithm,
    /// Lifetime of Docs' request tokens, in seconds.
    pub outbox_expires_in: i64,
    /// Tolerance on `exp`/`nbf`, in seconds.
    pub clock_tolerance: u64,
}

fn invalid<T>(msg: impl Into<String>) -> Result<T> {
    err(ErrorKind::InvalidConfig, msg)
}

/// Longest configuration file read (Docs' own `default.json` is a few tens of KiB).
pub const MAX_CONFIG_FILE_LEN: usize = 4 * 1024 * 1024;
/// Longest secret file read.
pub const MAX_SECRET_FILE_LEN: usize = 64 * 1024;

/// Reads at most `limit` bytes of the regular file at `path` (a symlink to a regular file is
/// followed); `what` names the file in errors, the path is never shown.
///
/// A device (`/dev/zero`), a FIFO, a socket or a directory is refused with `invalid_config`
/// without reading it, and a FIFO is opened non-blocking so that opening one never waits for a
/// writer; a file over `limit` bytes is `too_large`, noticed after reading `limit + 1` bytes.
///
/// ```
/// use oo_jwt::{config::read_bounded, ErrorKind};
/// let e = read_bounded(std::path::Path::new("/dev/zero"), 64, "secret file").unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::InvalidConfig);
/// ```
pub fn read_bounded(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let cannot = |e: std::io::Error| {
        Error::new(
            ErrorKind::InvalidConfig,
            format!("cannot read the {what}: {e}"),
        )
    };
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    open.custom_flags(libc::O_NONBLOCK);
    let file = open.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return invalid(format!(
            "the {what} is not a regular file (a device, FIFO, socket or directory is never read)"
        ));
    }
    let mut buf = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(cannot)?;
    if buf.len() > limit {
        return err(
            ErrorKind::TooLarge,
            format!("the {what} is over the limit of {limit} bytes"),
        );
    }
    Ok(buf)
}

fn read_json(path: &Path, what: &str) -> Result<Map<String, Value>> {
    let bytes = read_bounded(path, MAX_CONFIG_FILE_LEN, what)?;
    json::parse_object(&bytes)
        .map_err(|e| Error::new(ErrorKind::InvalidJson, format!("the {what}: {}", e.0)))
}

/// `base` with `over` merged in, as node's `config` merges local.json over default.json.
fn merge(base: &mut Map<String, Value>, over: Map<String, Value>) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn at<'a>(root: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let mut cur = root.get(path[0])?;
    for p in &path[1..] {
        cur = cur.as_object()?.get(*p)?;
    }
    Some(cur)
}

const CO: [&str; 2] = ["services", "CoAuthoring"];

fn get<'a>(root: &'a Map<String, Value>, rest: &[&str]) -> Option<&'a Value> {
    let mut p: Vec<&str> = CO.to_vec();
    p.extend_from_slice(rest);
    at(root, &p)
}

fn dotted(rest: &[&str]) -> String {
    let mut p: Vec<&str> = CO.to_vec();
    p.extend_from_slice(rest);
    p.join(".")
}

fn string(root: &Map<String, Value>, rest: &[&str]) -> Result<String> {
    match get(root, rest) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => invalid(format!(
            "{} is {}, not a string",
            dotted(rest),
            json::kind_name(other)
        )),
        None => invalid(format!("{} is missing", dotted(rest))),
    }
}

fn boolean(root: &Map<String, Value>, rest: &[&str]) -> Result<bool> {
    match get(root, rest) {
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => invalid(format!(
            "{} is {}, not a boolean",
            dotted(rest),
            json::kind_name(other)
        )),
        None => invalid(format!("{} is missing", dotted(rest))),
    }
}

/// Where a secret comes from.
#[derive(Clone, Debug)]
enum SecretSource {
    Text(String),
    File(String),
}

/// The secret element `name` as one source states it, if it does.
fn secret_in(source: &Map<String, Value>, name: &str) -> Result<Option<SecretSource>> {
    let Some(elem) = get(source, &["secret", name]) else {
        return Ok(None);
    };
    let Value::Object(elem) = elem else {
        return invalid(format!(
            "{} is {}, not an object",
            dotted(&["secret", name]),
            json::kind_name(elem)
        ));
    };
    match (elem.get("file"), elem.get("string")) {
        (Some(Value::String(f)), _) => Ok(Some(SecretSource::File(f.clone()))),
        (Some(other), _) => invalid(format!(
            "{}.file is {}, not a string",
            dotted(&["secret", name]),
            json::kind_name(other)
        )),
        (None, Some(Value::String(s))) => Ok(Some(SecretSource::Text(s.clone()))),
        (None, Some(other)) => invalid(format!(
            "{}.string is {}, not a string",
            dotted(&["secret", name]),
            json::kind_name(other)
        )),
        (None, None) => Ok(None),
    }
}

/// Parses a duration in the `ms` package's format into whole seconds (floored).
///
/// ```
/// use oo_jwt::config::parse_duration;
/// assert_eq!(parse_duration("5m"), Some(300));
/// assert_eq!(parse_duration("30d"), Some(2_592_000));
/// assert_eq!(parse_duration("1.5h"), Some(5400));
/// assert_eq!(parse_duration("300"), Some(0)); // no unit: milliseconds
/// assert_eq!(parse_duration("5x"), None);
/// ```
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(t.len());
    let (num, unit) = (
        &t[..split],
        t[split..].trim_start_matches(' ').to_ascii_lowercase(),
    );
    if num.is_empty() || num.starts_with('-') || num.ends_with('.') || num.matches('.').count() > 1
    {
        return None;
    }
    let n: f64 = num.parse().ok()?;
    let ms_per = match unit.as_str() {
        "" | "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1.0,
        "s" | "sec" | "secs" | "second" | "seconds" => 1e3,
        "m" | "min" | "mins" | "minute" | "minutes" => 6e4,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3.6e6,
        "d" | "day" | "days" => 8.64e7,
        "w" | "week" | "weeks" => 6.048e8,
        "y" | "yr" | "yrs" | "year" | "years" => 3.15576e10,
        _ => return None,
    };
    let secs = (n * ms_per / 1000.0).floor();
    (secs.is_finite() && secs <= i64::MAX as f64).then_some(secs as i64)
}

/// Reads `local` (over `default`, or over Docs' built-in defaults when `None`), then applies the
/// Docker variables in `env` (`JWT_ENABLED`, `JWT_SECRET`, `JWT_HEADER`).
///
/// ```no_run
/// let cfg = oo_jwt::config::load(std::path::Path::new("/etc/onlyoffice/documentserver/local.json"), None, &[]).unwrap();
/// let callback_secret = cfg.outbox.secret;
/// ```
pub fn load(local: &Path, default: Option<&Path>, env: &[(String, String)]) -> Result<DocsConfig> {
    let base = match default {
        Some(p) => read_json(p, "default config")?,
        None => json::parse_object(BUILTIN_DEFAULT.as_bytes())
            .map_err(|e| Error::new(ErrorKind::Internal, e.0))?,
    };
    let local = read_json(local, "local config")?;
    let mut merged = base.clone();
    merge(&mut merged, local.clone());
    let env_get = |name: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };

    let mut secrets = Vec::new();
    for name in ["inbox", "outbox"] {
        let mut src = None;
        for layer in [&base, &local] {
            if let Some(s) = secret_in(layer, name)? {
                src = Some(s);
            }
        }
        if let Some(s) = env_get("JWT_SECRET") {
            src = Some(SecretSource::Text(s));
        }
        let bytes = match src {
            Some(SecretSource::Text(s)) => s.into_bytes(),
            Some(SecretSource::File(f)) => read_bounded(
                Path::new(&f),
                MAX_SECRET_FILE_LEN,
                &format!("secret file of {}", dotted(&["secret", name])),
            )?,
            None => Vec::new(),
        };
        secrets.push(bytes);
    }
    let outbox_secret = secrets.pop().unwrap_or_default();
    let inbox_secret = secrets.pop().unwrap_or_default();

    let mut enabled = [
        boolean(&merged, &["token", "enable", "request", "inbox"])?,
        boolean(&merged, &["token", "enable", "request", "outbox"])?,
        boolean(&merged, &["token", "enable", "browser"])?,
    ];
    if let Some(v) = env_get("JWT_ENABLED") {
        let on = match v.as_str() {
            "true" => true,
            "false" => false,
            _ => return invalid(format!("JWT_ENABLED is {v:?}, not \"true\" or \"false\"")),
        };
        enabled = [on; 3];
    }
    let mut inbox_header = string(&merged, &["token", "inbox", "header"])?;
    let mut outbox_header = string(&merged, &["token", "outbox", "header"])?;
    if let Some(h) = env_get("JWT_HEADER") {
        inbox_header = h.clone();
        outbox_header = h;
    }
    let alg_name = string(&merged, &["token", "outbox", "algorithm"])?;
    let Some(outbox_algorithm) = Algorithm::from_name(&alg_name) else {
        return err(
            ErrorKind::UnsupportedAlg,
            format!(
                "{} is {alg_name:?}; only HS256, HS384 and HS512 are supported",
                dotted(&["token", "outbox", "algorithm"])
            ),
        );
    };
    let expires_path = ["token", "outbox", "expires"];
    let outbox_expires_in = match get(&merged, &expires_path) {
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f >= 0.0 && f <= i64::MAX as f64 => f.floor() as i64,
            _ => return invalid(format!("{} is {n}, not a duration", dotted(&expires_path))),
        },
        Some(Value::String(s)) => match parse_duration(s) {
            Some(d) => d,
            None => {
                return invalid(format!(
                    "{} is {s:?}, not a duration such as \"5m\"",
                    dotted(&expires_path)
                ))
            }
        },
        Some(other) => {
            return invalid(format!(
                "{} is {}, not a duration",
                dotted(&expires_path),
                json::kind_name(other)
            ))
        }
        None => return invalid(format!("{} is missing", dotted(&expires_path))),
    };
    let tol_path = ["token", "verifyOptions", "clockTolerance"];
    let clock_tolerance = match get(&merged, &tol_path) {
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f >= 0.0 && f <= u32::MAX as f64 => f.floor() as u64,
            _ => {
                return invalid(format!(
                    "{} is {n}, not a non-negative number of seconds",
                    dotted(&tol_path)
                ))
            }
        },
        Some(other) => {
            return invalid(format!(
                "{} is {}, not a number",
                dotted(&tol_path),
                json::kind_name(other)
            ))
        }
        None => return invalid(format!("{} is missing", dotted(&tol_path))),
    };
    Ok(DocsConfig {
        inbox: Direction {
            enabled: enabled[0],
            secret: inbox_secret,
            header: inbox_header,
            prefix: string(&merged, &["token", "inbox", "prefix"])?,
        },
        outbox: Direction {
            enabled: enabled[1],
            secret: outbox_secret,
            header: outbox_header,
            prefix: string(&merged, &["token", "outbox", "prefix"])?,
        },
        browser_enabled: enabled[2],
        outbox_algorithm,
        outbox_expires_in,
        clock_tolerance,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn secret_json(secret: &[u8], mask: bool) -> (Value, Value) {
    if mask {
        let shown = if secret.is_empty() {
            "(empty)".to_string()
        } else {
            format!("({} bytes, masked)", secret.len())
        };
        return (Value::String(shown), Value::Null);
    }
    let text = std::str::from_utf8(secret)
        .map(|s| Value::String(s.into()))
        .unwrap_or(Value::Null);
    (text, Value::String(hex(secret)))
}

/// The secret Docs ships in `default.json` for every direction.
pub const DOCS_DEFAULT_SECRET: &[u8] = b"secret";

/// The label a secret's fingerprint is computed over.
const FINGERPRINT_LABEL: &[u8] = b"oo-jwt secret fingerprint v1";

/// A short, non-reversible name for a secret, to tell secrets apart without showing them: the
/// first 8 bytes (16 hex digits) of HMAC-SHA256 keyed by the secret over a fixed label. Never a
/// plain hash of the secret (a short secret's hash is a dictionary lookup away); `None` when empty.
///
/// ```
/// let f = oo_jwt::config::fingerprint(b"secret").unwrap();
/// assert_eq!(f.len(), 16);
/// assert_ne!(Some(f), oo_jwt::config::fingerprint(b"secret\n"));
/// ```
pub fn fingerprint(secret: &[u8]) -> Option<String> {
    if secret.is_empty() {
        return None;
    }
    crate::jwt::hmac(Algorithm::HS256, secret, FINGERPRINT_LABEL)
        .ok()
        .map(|mac| hex(&mac[..8]))
}

impl DocsConfig {
    /// What an integrator should know about these settings, one sentence each: a secret that is
    /// Docs' shipped default `secret`, which anyone can sign with.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        for (name, d) in [("inbox", &self.inbox), ("outbox", &self.outbox)] {
            if d.secret == DOCS_DEFAULT_SECRET {
                w.push(format!(
                    "the {name} secret is Docs' shipped default \"secret\": anyone can sign tokens Docs accepts; set services.CoAuthoring.secret.{name}.string"
                ));
            }
        }
        w
    }

    /// The settings as the JSON document of `docs/semantics.md`; `mask` hides the secrets (for display).
    pub fn to_json(&self, mask: bool) -> Value {
        let (in_s, in_h) = secret_json(&self.inbox.secret, mask);
        let (out_s, out_h) = secret_json(&self.outbox.secret, mask);
        let (in_f, out_f) = (
            fingerprint(&self.inbox.secret),
            fingerprint(&self.outbox.secret),
        );
        json!({
            "inbox": {"enabled": self.inbox.enabled, "secret": in_s.clone(), "secret_hex": in_h.clone(),
                      "fingerprint": in_f.clone(),
                      "header": self.inbox.header, "prefix": self.inbox.prefix},
            "outbox": {"enabled": self.outbox.enabled, "secret": out_s, "secret_hex": out_h,
                       "fingerprint": out_f,
                       "header": self.outbox.header, "prefix": self.outbox.prefix,
                       "algorithm": self.outbox_algorithm.name(), "expires_in": self.outbox_expires_in},
            "browser": {"enabled": self.browser_enabled, "secret": in_s, "secret_hex": in_h, "fingerprint": in_f},
            "clock_tolerance": self.clock_tolerance,
            "warnings": self.warnings()
        })
    }
}
