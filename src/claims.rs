//! Registered time claims: `exp` and `nbf` are checked, `iat` never is (Docs does not check it).

use crate::error::{err, ErrorKind, Result};
use crate::json::{self, Kind, Member};
use serde_json::{Map, Value};

/// Checks `exp` and `nbf` against `now` with `leeway` seconds of tolerance, as node `jsonwebtoken`
/// does: expired when `exp + leeway <= now`, not yet valid when `nbf - leeway > now`. Either claim,
/// when present, must be a JSON number (`malformed` otherwise).
///
/// ```
/// use oo_jwt::claims::check_time;
/// let c = serde_json::json!({"exp": 1000, "nbf": 900}).as_object().unwrap().clone();
/// assert!(check_time(&c, 1059, 60).is_ok());
/// assert_eq!(check_time(&c, 1060, 60).unwrap_err().kind(), oo_jwt::ErrorKind::Expired);
/// assert_eq!(check_time(&c, 839, 60).unwrap_err().kind(), oo_jwt::ErrorKind::NotYetValid);
/// ```
pub fn check_time(claims: &Map<String, Value>, now: i64, leeway: u64) -> Result<()> {
    let number = |name: &str| -> Result<Option<f64>> {
        match claims.get(name) {
            None => Ok(None),
            Some(v) => {
                let text = v.to_string();
                let m = Member {
                    kind: json::kind_of(v),
                    number: &text,
                    raw: &text,
                };
                time_value(name, &m).map(Some)
            }
        }
    };
    check_times(number("exp")?, number("nbf")?, now, leeway)
}

/// The seconds a time claim stands for: a finite JSON number, else `malformed`.
pub(crate) fn time_value(name: &str, m: &Member) -> Result<f64> {
    if m.kind != Kind::Number {
        return err(
            ErrorKind::Malformed,
            format!("claims: \"{name}\" is {}, not a number", m.kind.name()),
        );
    }
    match m.number.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        _ => err(
            ErrorKind::Malformed,
            format!("claims: \"{name}\" is not a finite number"),
        ),
    }
}

/// The comparison itself, on already-extracted values.
pub(crate) fn check_times(exp: Option<f64>, nbf: Option<f64>, now: i64, leeway: u64) -> Result<()> {
    let (now_f, leeway_f) = (now as f64, leeway as f64);
    if let Some(exp) = exp
        && exp + leeway_f <= now_f
    {
        return err(
            ErrorKind::Expired,
            format!("the token expired at {exp} (now {now}, leeway {leeway} s)"),
        );
    }
    if let Some(nbf) = nbf
        && nbf - leeway_f > now_f
    {
        return err(
            ErrorKind::NotYetValid,
            format!("the token is not valid before {nbf} (now {now}, leeway {leeway} s)"),
        );
    }
    Ok(())
}
