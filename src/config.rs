//! Reading an ONLYOFFICE Docs configuration into the settings an integrator needs, resolved the way
//! Docs resolves them: node-config's merge of `default.json`, `production-linux.json` and
//! `local.json`, the secret chosen after the merge as Docs' `getSecretByElem` chooses it, the Docker
//! image's `JWT_*` variables as its entrypoint writes them, and `token.verifyOptions` as
//! jsonwebtoken 9 reads it (`docs/semantics.md`, "load_config").

use crate::error::{err, Error, ErrorKind, Result};
use crate::json;
use crate::jwt::{Algorithm, AlgorithmSet};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// The keys of Docs' shipped `default.json` this crate reads, with Docs' values.
const BUILTIN_DEFAULT: &str = r#"{"services":{"CoAuthoring":{
  "secret":{"browser":{"string":"secret","file":""},"inbox":{"string":"secret","file":""},
            "outbox":{"string":"secret","file":""},"session":{"string":"secret","file":""}},
  "token":{"enable":{"browser":false,"request":{"inbox":false,"outbox":false}},
    "browser":{"secretFromInbox":true},
    "inbox":{"header":"Authorization","prefix":"Bearer ","inBody":false},
    "outbox":{"header":"Authorization","prefix":"Bearer ","algorithm":"HS256","expires":"5m",
              "inBody":false,"urlExclusionRegex":""},
    "session":{"algorithm":"HS256","expires":"30d"},
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
    /// Docs sends no token on a download whose URL contains this text (`urlExclusionRegex`, which
    /// Docs escapes before use, so it is a plain substring); `None` when empty.
    pub outbox_url_exclusion: Option<String>,
    /// Tolerance on `exp`/`nbf`, in seconds (`verifyOptions.clockTolerance`).
    pub clock_tolerance: u64,
    /// Algorithms Docs accepts on tokens it verifies (`verifyOptions.algorithms`, HMAC ones).
    pub algorithms: AlgorithmSet,
    /// Settings Docs ignores that this configuration sets, one sentence each.
    pub ignored: Vec<String>,
}

/// Which direction a request travels, and so which secret, prefix and header it uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Requests to Docs: command, converter, docbuilder (and editor configs).
    Inbox,
    /// Requests from Docs: callbacks and downloads.
    Outbox,
}

impl Side {
    /// `"inbox"` or `"outbox"`.
    pub fn from_name(name: &str) -> Option<Side> {
        match name {
            "inbox" => Some(Side::Inbox),
            "outbox" => Some(Side::Outbox),
            _ => None,
        }
    }
}

fn invalid<T>(msg: impl Into<String>) -> Result<T> {
    err(ErrorKind::InvalidConfig, msg)
}

/// Longest configuration file read (Docs' own `default.json` is a few tens of KiB).
pub const MAX_CONFIG_FILE_LEN: usize = 4 * 1024 * 1024;
/// Longest secret file read.
pub const MAX_SECRET_FILE_LEN: usize = 64 * 1024;

/// Reads at most `limit` bytes of the regular file at `path` (a symlink to a regular file is
/// followed); `what` names the file in errors (the path is shown only if `what` holds it).
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
    // The library names the file: its caller chose the path (the CLI's own flags never reach here
    // for secrets, only for config files).
    let what = format!("{what} {}", path.display());
    let bytes = read_bounded(path, MAX_CONFIG_FILE_LEN, &what)?;
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

/// The secret of element `secret.<name>` of the merged settings, chosen as Docs' `getSecretByElem`
/// chooses it: a non-empty `string` wins; only when it is empty (or absent) is a non-empty `file`
/// read; otherwise there is no secret (empty). Values that are not strings are refused: Docs would
/// hand them to its HMAC key constructor, which throws.
fn secret_of(merged: &Map<String, Value>, name: &str) -> Result<Vec<u8>> {
    let path = ["secret", name];
    let elem = match get(merged, &path) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(elem)) => elem,
        Some(other) => {
            return invalid(format!(
                "{} is {}, not an object",
                dotted(&path),
                json::kind_name(other)
            ))
        }
    };
    let text = |key: &str| -> Result<String> {
        match elem.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => invalid(format!(
                "{}.{key} is {}, not a string",
                dotted(&path),
                json::kind_name(other)
            )),
        }
    };
    let (string, file) = (text("string")?, text("file")?);
    if !string.is_empty() {
        return Ok(string.into_bytes());
    }
    if !file.is_empty() {
        return read_bounded(
            Path::new(&file),
            MAX_SECRET_FILE_LEN,
            &format!("secret file {file:?} of {}", dotted(&path)),
        );
    }
    Ok(Vec::new())
}

/// Parses a duration as the `ms` package (2.1) that jsonwebtoken 9 uses for a string `expiresIn`,
/// into whole seconds, floored as jsonwebtoken floors `exp` (`iat` is whole, so
/// `floor(iat + ms / 1000) = iat + floor(ms / 1000)`). `None` where `ms` gives `undefined` or the
/// duration is negative.
///
/// ```
/// use oo_jwt::config::parse_duration;
/// assert_eq!(parse_duration("5m"), Some(300));
/// assert_eq!(parse_duration("30d"), Some(2_592_000));
/// assert_eq!(parse_duration("1.5h"), Some(5400));
/// assert_eq!(parse_duration("300"), Some(0)); // no unit: milliseconds
/// assert_eq!(parse_duration("5x"), None);
/// assert_eq!(parse_duration(" 5m"), None); // ms does not trim
/// ```
pub fn parse_duration(t: &str) -> Option<i64> {
    if t.len() > 100 {
        return None;
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(t.len());
    let (num, unit) = (
        &t[..split],
        t[split..].trim_start_matches(' ').to_ascii_lowercase(),
    );
    let digits = num.strip_prefix('-').unwrap_or(num);
    if num.starts_with('-')
        || digits.is_empty()
        || digits.ends_with('.')
        || digits.contains('-')
        || digits.matches('.').count() > 1
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

/// `token.verifyOptions` as jsonwebtoken 9.0.2's `verify` reads it: the clock tolerance and the
/// HMAC allow-list it implies; every option that would change accept/refuse in a way this library
/// does not reproduce is refused by name.
fn verify_options(merged: &Map<String, Value>) -> Result<(u64, AlgorithmSet)> {
    let base = ["token", "verifyOptions"];
    let opts = match get(merged, &base) {
        Some(Value::Object(o)) => o,
        Some(other) => {
            return invalid(format!(
                "{} is {}, not an object",
                dotted(&base),
                json::kind_name(other)
            ))
        }
        // node-config's get() throws on a missing key: Docs would not start.
        None => return invalid(format!("{} is missing", dotted(&base))),
    };
    let name = |k: &str| format!("{}.{k}", dotted(&base));
    let refuse = |k: &str, why: &str| invalid::<(u64, AlgorithmSet)>(format!("{} {why}", name(k)));
    for (k, v) in opts {
        match k.as_str() {
            "clockTolerance" | "algorithms" | "complete" => {}
            "allowInvalidAsymmetricKeyTypes" if !v.is_boolean() => {
                return refuse(k, "is not a boolean: jsonwebtoken then refuses every token");
            }
            "nonce" => {
                return refuse(k, "is set: jsonwebtoken then requires a matching nonce claim (or refuses every token); oo-jwt does not check it");
            }
            "ignoreExpiration" | "ignoreNotBefore" | "clockTimestamp" | "maxAge" | "audience"
            | "issuer" | "subject" | "jwtid"
                if json::truthy(v) =>
            {
                return refuse(k, "is set: it changes which tokens Docs accepts in a way oo-jwt does not reproduce; remove it");
            }
            // jsonwebtoken reads no other option.
            _ => {}
        }
    }
    let tolerance = match opts.get("clockTolerance") {
        // `options.clockTolerance || 0`
        None => 0,
        Some(v) if !json::truthy(v) => 0,
        // A fraction is floored: with whole-second clocks and claims that is at most one second
        // stricter, at the `exp` edge only, where refusing the file would refuse every token.
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f >= 0.0 && f <= u32::MAX as f64 => f.floor() as u64,
            _ => return refuse("clockTolerance", "is not a non-negative number of seconds"),
        },
        Some(_) => {
            // A string would be concatenated, not added, by jsonwebtoken: expiry would never apply.
            return refuse("clockTolerance", "is not a number");
        }
    };
    let algorithms = match opts.get("algorithms") {
        // `if (!options.algorithms)`: a shared secret gets the three HMAC algorithms.
        None => AlgorithmSet::ALL,
        Some(v) if !json::truthy(v) => AlgorithmSet::ALL,
        Some(Value::Array(list)) => {
            let mut names = Vec::new();
            for v in list {
                match v.as_str() {
                    Some("none") => {
                        return refuse(
                            "algorithms",
                            "lists \"none\": Docs would then accept unsigned tokens",
                        )
                    }
                    Some(n) if Algorithm::from_name(n).is_some() => names.push(n),
                    // Other names never verify with a shared secret in jsonwebtoken.
                    _ => {}
                }
            }
            match AlgorithmSet::from_names(&names) {
                Some(set) => set,
                None => {
                    return refuse(
                        "algorithms",
                        "lists none of HS256, HS384, HS512: Docs would refuse every token",
                    )
                }
            }
        }
        Some(other) => {
            return refuse(
                "algorithms",
                &format!("is {}, not an array of names", json::kind_name(other)),
            )
        }
    };
    Ok((tolerance, algorithms))
}

/// Where Docs' settings come from.
///
/// ```
/// use oo_jwt::config::Sources;
/// let s = Sources::local("/etc/onlyoffice/documentserver/local.json");
/// assert!(s.env.is_none());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `local.json`.
    pub local: PathBuf,
    /// `default.json`; `None`: the `default.json` beside `local.json` when there is one, else a
    /// built-in copy of the keys of Docs' shipped `default.json` this crate reads.
    pub default: Option<PathBuf>,
    /// The Docker image's variables (`JWT_ENABLED`, `JWT_SECRET`, `JWT_HEADER`, `JWT_IN_BODY`),
    /// applied as its entrypoint applies them; `None`: not a Docker installation. `Some` of an
    /// empty list is a container started with none of them set.
    pub env: Option<Vec<(String, String)>>,
}

impl Sources {
    /// `local` alone: the other files found beside it, no Docker variables.
    pub fn local(local: impl Into<PathBuf>) -> Sources {
        Sources {
            local: local.into(),
            ..Default::default()
        }
    }
}

/// Reads `local` (over `default`, or over Docs' built-in defaults when `None`), then applies the
/// Docker variables in `env` (`None`: not Docker). See [`load_sources`].
///
/// ```no_run
/// let cfg = oo_jwt::config::load(std::path::Path::new("/etc/onlyoffice/documentserver/local.json"), None, None).unwrap();
/// let callback_secret = cfg.outbox.secret;
/// ```
pub fn load(
    local: &Path,
    default: Option<&Path>,
    env: Option<&[(String, String)]>,
) -> Result<DocsConfig> {
    load_sources(&Sources {
        local: local.to_path_buf(),
        default: default.map(Path::to_path_buf),
        env: env.map(<[_]>::to_vec),
    })
}

/// The Docker entrypoint's edits of `local.json`: every `JWT_*` variable is written, an unset or
/// empty one taking the image's default.
fn docker_layer(env: &[(String, String)], ignored: &mut Vec<String>) -> Result<Map<String, Value>> {
    let var = |name: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    // The entrypoint pastes these into a single-quoted JavaScript string: a quote, a backslash or
    // a line break would change (or break) the value Docs receives.
    let pasted = |name: &str, v: &str| -> Result<()> {
        if v.contains(['\'', '\\', '\n', '\r', '\u{2028}', '\u{2029}']) {
            return invalid(format!(
                "{name} holds a quote, backslash or line break, which the Docker entrypoint pastes into a JavaScript string: Docs would not get this value"
            ));
        }
        Ok(())
    };
    let enabled = var("JWT_ENABLED").is_none_or(|v| v == "true");
    let Some(secret) = var("JWT_SECRET") else {
        return invalid("JWT_SECRET is unset or empty: the Docker image then generates a random secret at start (documentserver-jwt-status.sh prints it); give that value");
    };
    pasted("JWT_SECRET", secret)?;
    let header = var("JWT_HEADER").unwrap_or("Authorization");
    pasted("JWT_HEADER", header)?;
    if var("JWT_IN_BODY").is_some() {
        ignored.push("JWT_IN_BODY is written to token.*.inBody, which Docs never reads".into());
    }
    let s = json!({"string": secret});
    let layer = json!({"services": {"CoAuthoring": {
        "token": {"enable": {"browser": enabled, "request": {"inbox": enabled, "outbox": enabled}},
                  "inbox": {"header": header}, "outbox": {"header": header}},
        "secret": {"inbox": s, "outbox": s, "session": s, "browser": s}
    }}});
    match layer {
        Value::Object(m) => Ok(m),
        _ => err(ErrorKind::Internal, "docker layer is not an object"),
    }
}

/// Resolves Docs' settings from `sources`, as Docs does:
///
/// 1. node-config merges `default.json`, then `production-linux.json`, then `local.json`, then
///    `local-production-linux.json` (the last three when present; objects member by member at every
///    depth, scalars and arrays replace). The Docker variables, when given, are edits of `local.json`.
/// 2. Each secret is chosen after the merge (non-empty `string`, else non-empty `file`).
/// 3. `token.verifyOptions` is read as jsonwebtoken 9 reads it; an option oo-jwt cannot honour
///    is refused by name.
///
/// Every file is read with a size bound and must be a regular file (a symlink to one is followed).
///
/// ```no_run
/// use oo_jwt::config::{load_sources, Sources};
/// let cfg = load_sources(&Sources::local("/etc/onlyoffice/documentserver/local.json")).unwrap();
/// for w in cfg.warnings() { eprintln!("warning: {w}"); }
/// ```
pub fn load_sources(sources: &Sources) -> Result<DocsConfig> {
    let local_dir = sources
        .local
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let beside = |dir: &Path, name: &str| {
        let p = dir.join(name);
        p.exists().then_some(p)
    };
    let default_path = sources
        .default
        .clone()
        .or_else(|| beside(&local_dir, "default.json"));
    let mut merged = match &default_path {
        Some(p) => read_json(p, "default config")?,
        None => json::parse_object(BUILTIN_DEFAULT.as_bytes())
            .map_err(|e| Error::new(ErrorKind::Internal, e.0))?,
    };
    let config_dir = default_path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| local_dir.clone());
    // Whether a file other than default.json names secret.browser (said to be ignored if it differs).
    let mut browser_set = false;
    let mut layer = |merged: &mut Map<String, Value>, over: Map<String, Value>| {
        browser_set |= get(&over, &["secret", "browser"]).is_some();
        merge(merged, over);
    };
    if let Some(p) = beside(&config_dir, "production-linux.json") {
        layer(&mut merged, read_json(&p, "production-linux.json")?);
    }
    layer(&mut merged, read_json(&sources.local, "local config")?);
    let mut ignored = Vec::new();
    if let Some(env) = &sources.env {
        merge(&mut merged, docker_layer(env, &mut ignored)?);
    }
    if let Some(p) = beside(&local_dir, "local-production-linux.json") {
        layer(&mut merged, read_json(&p, "local-production-linux.json")?);
    }

    let inbox_secret = secret_of(&merged, "inbox")?;
    let outbox_secret = secret_of(&merged, "outbox")?;
    // Docs checks editor configs with the inbox secret; secret.browser is never read.
    if browser_set && secret_of(&merged, "browser").ok().as_deref() != Some(inbox_secret.as_slice())
    {
        ignored.push("services.CoAuthoring.secret.browser differs from the inbox secret, but Docs checks editor configs with the inbox secret and never reads secret.browser".into());
    }
    for side in ["inbox", "outbox"] {
        if get(&merged, &["token", side, "inBody"]).is_some_and(json::truthy) {
            ignored.push(format!(
                "services.CoAuthoring.token.{side}.inBody is set, but Docs never reads it"
            ));
        }
    }
    let enabled = [
        boolean(&merged, &["token", "enable", "request", "inbox"])?,
        boolean(&merged, &["token", "enable", "request", "outbox"])?,
        boolean(&merged, &["token", "enable", "browser"])?,
    ];
    let alg_name = string(&merged, &["token", "outbox", "algorithm"])?;
    let Some(outbox_algorithm) = Algorithm::from_name(&alg_name) else {
        return err(
            ErrorKind::UnsupportedAlg,
            format!(
                "{} is {}; only HS256, HS384 and HS512 are supported",
                dotted(&["token", "outbox", "algorithm"]),
                crate::error::preview(&alg_name)
            ),
        );
    };
    let expires_path = ["token", "outbox", "expires"];
    let outbox_expires_in = match get(&merged, &expires_path) {
        // jsonwebtoken's sign takes a whole number as seconds and refuses any other number.
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= i64::MAX as f64 => f as i64,
            _ => {
                return invalid(format!(
                    "{} is not a whole, non-negative number of seconds",
                    dotted(&expires_path)
                ))
            }
        },
        Some(Value::String(s)) => match parse_duration(s) {
            Some(d) => d,
            None => {
                return invalid(format!(
                    "{} is {}, not a duration such as \"5m\"",
                    dotted(&expires_path),
                    crate::error::preview(s)
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
    let exclusion_path = ["token", "outbox", "urlExclusionRegex"];
    let outbox_url_exclusion = match get(&merged, &exclusion_path) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return invalid(format!(
                "{} is {}, not a string",
                dotted(&exclusion_path),
                json::kind_name(other)
            ))
        }
    };
    let (clock_tolerance, algorithms) = verify_options(&merged)?;
    Ok(DocsConfig {
        inbox: Direction {
            enabled: enabled[0],
            secret: inbox_secret,
            header: string(&merged, &["token", "inbox", "header"])?,
            prefix: string(&merged, &["token", "inbox", "prefix"])?,
        },
        outbox: Direction {
            enabled: enabled[1],
            secret: outbox_secret,
            header: string(&merged, &["token", "outbox", "header"])?,
            prefix: string(&merged, &["token", "outbox", "prefix"])?,
        },
        browser_enabled: enabled[2],
        outbox_algorithm,
        outbox_expires_in,
        outbox_url_exclusion,
        clock_tolerance,
        algorithms,
        ignored,
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

fn names(set: AlgorithmSet) -> Vec<&'static str> {
    Algorithm::ALL
        .into_iter()
        .filter(|a| set.contains(*a))
        .map(Algorithm::name)
        .collect()
}

impl DocsConfig {
    /// What an integrator should know about these settings, one sentence each: a secret that is
    /// Docs' shipped default `secret` (anyone can sign with it), a direction with no secret, and
    /// the settings Docs ignores ([`DocsConfig::ignored`]).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        for (name, d) in [("inbox", &self.inbox), ("outbox", &self.outbox)] {
            if d.secret == DOCS_DEFAULT_SECRET {
                w.push(format!(
                    "the {name} secret is Docs' shipped default \"secret\": anyone can sign tokens Docs accepts; set services.CoAuthoring.secret.{name}.string"
                ));
            } else if d.secret.is_empty() {
                w.push(format!(
                    "there is no {name} secret (string and file both empty): Docs can neither sign nor verify in that direction"
                ));
            }
        }
        w.extend(self.ignored.iter().cloned());
        w
    }

    /// The direction `side`.
    pub fn side(&self, side: Side) -> &Direction {
        match side {
            Side::Inbox => &self.inbox,
            Side::Outbox => &self.outbox,
        }
    }

    /// The options Docs verifies with: its clock tolerance and allow-list over `base` (whose `now`
    /// and size limits are kept).
    ///
    /// ```
    /// let cfg = oo_jwt::config::DocsConfig::from_json(&serde_json::json!({
    ///     "inbox": {"secret_hex": "6b", "header": "Authorization", "prefix": "Bearer "},
    ///     "outbox": {"secret_hex": "6b", "header": "Authorization", "prefix": "Bearer "},
    ///     "clock_tolerance": 5})).unwrap();
    /// assert_eq!(cfg.verify_options(&Default::default()).leeway, 5);
    /// ```
    pub fn verify_options(&self, base: &crate::Options) -> crate::Options {
        crate::Options {
            leeway: self.clock_tolerance,
            algorithms: self.algorithms,
            ..base.clone()
        }
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
                       "algorithm": self.outbox_algorithm.name(), "expires_in": self.outbox_expires_in,
                       "url_exclusion": self.outbox_url_exclusion},
            "browser": {"enabled": self.browser_enabled, "secret": in_s, "secret_hex": in_h, "fingerprint": in_f},
            "clock_tolerance": self.clock_tolerance,
            "algorithms": names(self.algorithms),
            "warnings": self.warnings()
        })
    }

    /// The settings back from [`DocsConfig::to_json`]`(false)` (what `oo_load_config` returns), for
    /// verifying with them. Reads each direction's `secret_hex`, `header` and `prefix`,
    /// `clock_tolerance`, `algorithms` (absent: all three), and the outbox's `algorithm`,
    /// `expires_in`, `url_exclusion` when present; anything else malformed is `invalid_config`.
    pub fn from_json(v: &Value) -> Result<DocsConfig> {
        let bad = |what: &str| invalid::<DocsConfig>(format!("settings: {what}"));
        let Some(root) = v.as_object() else {
            return bad("not a JSON object");
        };
        fn dir(root: &Map<String, Value>, name: &str) -> Result<Direction> {
            let Some(d) = root.get(name).and_then(Value::as_object) else {
                return invalid(format!("settings: {name} is not an object"));
            };
            let text = |k: &str| {
                d.get(k)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| {
                        Error::new(
                            ErrorKind::InvalidConfig,
                            format!("settings: {name}.{k} is not a string"),
                        )
                    })
            };
            let hex_text = text("secret_hex")?;
            let secret = unhex(&hex_text).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidConfig,
                    format!("settings: {name}.secret_hex is not hex"),
                )
            })?;
            Ok(Direction {
                enabled: d.get("enabled").and_then(Value::as_bool).unwrap_or(true),
                secret,
                header: text("header")?,
                prefix: text("prefix")?,
            })
        }
        let (inbox, outbox) = (dir(root, "inbox")?, dir(root, "outbox")?);
        let out = root.get("outbox").and_then(Value::as_object);
        let clock_tolerance = match root.get("clock_tolerance").map(Value::as_u64) {
            Some(Some(t)) => t,
            _ => return bad("clock_tolerance is not a whole number of seconds"),
        };
        let algorithms = match root.get("algorithms") {
            None => AlgorithmSet::ALL,
            Some(Value::Array(list)) => {
                let names: Option<Vec<&str>> = list.iter().map(Value::as_str).collect();
                match names.and_then(|n| AlgorithmSet::from_names(&n)) {
                    Some(set) => set,
                    None => {
                        return bad("algorithms is not a non-empty list of HS256, HS384, HS512")
                    }
                }
            }
            Some(_) => return bad("algorithms is not an array"),
        };
        let outbox_algorithm = match out.and_then(|o| o.get("algorithm")) {
            None => Algorithm::HS256,
            Some(a) => match a.as_str().and_then(Algorithm::from_name) {
                Some(a) => a,
                None => return bad("outbox.algorithm is not HS256, HS384 or HS512"),
            },
        };
        let outbox_expires_in = match out.and_then(|o| o.get("expires_in")) {
            None => crate::onlyoffice::DEFAULT_REQUEST_EXPIRES_IN,
            Some(e) => match e.as_i64() {
                Some(e) if e >= 0 => e,
                _ => return bad("outbox.expires_in is not a whole number of seconds"),
            },
        };
        let outbox_url_exclusion = match out.and_then(|o| o.get("url_exclusion")) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return bad("outbox.url_exclusion is not a string or null"),
        };
        Ok(DocsConfig {
            browser_enabled: root
                .get("browser")
                .and_then(|b| b.get("enabled"))
                .and_then(Value::as_bool)
                .unwrap_or(inbox.enabled),
            inbox,
            outbox,
            outbox_algorithm,
            outbox_expires_in,
            outbox_url_exclusion,
            clock_tolerance,
            algorithms,
            ignored: Vec::new(),
        })
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_defaults_are_docs_shipped_keys() {
        let fixture = include_str!("../tests/fixtures/docs/default.json");
        let parse = |t: &str| Value::Object(json::parse_object(t.as_bytes()).unwrap());
        assert_eq!(parse(BUILTIN_DEFAULT), parse(fixture));
    }
}
