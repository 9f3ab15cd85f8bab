//! Strict JSON: the parser every untrusted document goes through, and the compact writer whose bytes
//! match `JSON.stringify`.
//!
//! serde_json alone accepts duplicate member names (the last one wins), which lets an attacker show one
//! `alg` to a checker and another to a user. This parser refuses them, bounds nesting, and keeps both
//! key order and the text of numbers. It has two modes over one lexer: [`parse`] builds a
//! `serde_json::Value`; [`scan_object`] only validates, and reports what the hot paths need (the
//! top-level time claims, and whether the text is already in `JSON.stringify` form), without building
//! anything.

use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::collections::HashSet;

/// Deepest nesting of arrays and objects accepted anywhere (the outermost one counts as 1).
pub const MAX_DEPTH: usize = 128;

/// Why a document was refused (the caller picks the error kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

impl JsonError {
    /// The refusal of text that is not UTF-8.
    pub fn not_utf8(e: std::str::Utf8Error) -> JsonError {
        JsonError(format!(
            "not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    }
}

type Res<T> = std::result::Result<T, JsonError>;

/// Parses `input` as one strict JSON value (surrounding whitespace allowed).
///
/// ```
/// # use oo_jwt::json::parse;
/// assert!(parse(br#"{"a":1,"a":2}"#).is_err());
/// assert_eq!(parse(br#" {"b":1.0,"a":[true]} "#).unwrap().to_string(), r#"{"b":1.0,"a":[true]}"#);
/// ```
pub fn parse(input: &[u8]) -> Res<Value> {
    let mut p = Lexer::new(input)?;
    p.ws();
    let v = p.value(0)?;
    p.end()?;
    Ok(v)
}

/// Parses `input` and requires a JSON object.
pub fn parse_object(input: &[u8]) -> Res<Map<String, Value>> {
    match parse(input)? {
        Value::Object(m) => Ok(m),
        other => Err(JsonError(format!(
            "expected a JSON object, found {}",
            kind_name(&other)
        ))),
    }
}

/// The JSON type of a value, as [`scan_object`] reports top-level members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool,
    /// a number
    Number,
    /// a string
    String,
    /// an array
    Array,
    /// an object
    Object,
}

impl Kind {
    /// "an array", "a string", … for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// A top-level member [`scan_object`] was asked about: its type, and its text when a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// The value's type.
    pub kind: Kind,
    /// The number's text (empty for other kinds).
    pub number: &'a str,
    /// The value's JSON text for a string (quotes included), number, boolean or null; empty for an
    /// array or an object.
    pub raw: &'a str,
}

/// What validating an object taught, without building it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan<'a, const N: usize> {
    /// The text is exactly what [`write_js`] would emit for it: compact, escaped as
    /// `JSON.stringify` escapes, every number as JavaScript prints it, members in JavaScript's order.
    pub canonical: bool,
    /// The object has no members.
    pub empty: bool,
    /// The top-level members named in the request, in the request's order (an array, so that a
    /// scan allocates nothing).
    pub members: [Option<Member<'a>>; N],
}

/// Validates `input` as a strict JSON object (same rules as [`parse`]) and reports the top-level
/// members named in `wanted`.
///
/// ```
/// # use oo_jwt::json::{scan_object, Kind};
/// let s = scan_object(br#"{"key":"k","exp":1700000300}"#, &["exp", "nbf"]).unwrap();
/// assert!(s.canonical);
/// assert_eq!(s.members[0].unwrap().number, "1700000300");
/// assert!(s.members[1].is_none());
/// assert!(!scan_object(br#"{ "key" : "k" }"#, &[]).unwrap().canonical);
/// ```
pub fn scan_object<'a, const N: usize>(input: &'a [u8], wanted: &[&str; N]) -> Res<Scan<'a, N>> {
    let text = std::str::from_utf8(input).map_err(JsonError::not_utf8)?;
    scan_str_object(text, wanted)
}

/// [`scan_object`] for text already known to be UTF-8.
pub fn scan_str_object<'a, const N: usize>(text: &'a str, wanted: &[&str; N]) -> Res<Scan<'a, N>> {
    // Nearly every token and payload is already compact with plain strings: one quick pass settles
    // it. Anything else (or anything wrong) goes through the full lexer, which words the errors.
    if let Some(scan) = scan_canonical(text, wanted) {
        return Ok(scan);
    }
    scan_object_lexer(text.as_bytes(), wanted)
}

/// [`scan_object`] by the full lexer only: the reference the quick pass is tested against.
#[doc(hidden)]
pub fn scan_object_lexer<'a, const N: usize>(
    input: &'a [u8],
    wanted: &[&str; N],
) -> Res<Scan<'a, N>> {
    let mut p = Lexer::new(input)?;
    p.ws();
    if p.peek() != Some(b'{') {
        let kind = match p.skip(0) {
            Ok(k) => k.name(),
            Err(e) => return Err(e),
        };
        return Err(JsonError(format!("expected a JSON object, found {kind}")));
    }
    let mut members = [None; N];
    let empty = p.skip_object(1, &mut |key, member| {
        if let Some(i) = wanted.iter().position(|w| *w == key) {
            members[i] = Some(member);
        }
    })?;
    p.end()?;
    Ok(Scan {
        canonical: p.canonical,
        empty,
        members,
    })
}

/// Live member names the quick pass tracks at once (over all open objects); more sends the text to
/// the full lexer, whose hash set bounds the cost of huge objects.
const QUICK_KEYS: usize = 64;

/// The quick pass of [`scan_object`]: succeeds only on an object that is valid, compact (no
/// whitespace), with no exponent, no escape in a member name and no duplicate member name — and then
/// gives exactly what the full lexer gives. Escapes in string values are checked here, and decide
/// `canonical` as the lexer decides it. `None` for anything else, valid or not.
fn scan_canonical<'a, const N: usize>(text: &'a str, wanted: &[&str; N]) -> Option<Scan<'a, N>> {
    let s = text.as_bytes();
    if s.len() < 2 || s[0] != b'{' {
        return None;
    }
    let mut members = [None; N];
    let mut canonical = true;
    if s == b"{}" {
        return Some(Scan {
            canonical: true,
            empty: true,
            members,
        });
    }
    // Open containers (true = object) and, per open object, where its names start in `keys`.
    let mut is_object = [false; MAX_DEPTH + 1];
    let mut key_base = [0u8; MAX_DEPTH + 1];
    let mut keys = [(0u32, 0u32); QUICK_KEYS];
    let mut nkeys = 0usize;
    let mut depth = 1usize;
    is_object[1] = true;
    let mut i = 1usize;
    // Index in `wanted` of the top-level member whose value comes next.
    let mut pending: Option<usize> = None;
    // At the start of a member (after `{` or `,` in an object).
    'member: loop {
        if s.get(i) != Some(&b'"') {
            return None;
        }
        let start = i + 1;
        let end = start + plain_run(&s[start..]);
        if s.get(end) != Some(&b'"') {
            return None;
        }
        let key = &s[start..end];
        // A name that may be an array index: JavaScript may move it, the lexer decides.
        if key.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let base = key_base[depth] as usize;
        for &(a, b) in &keys[base..nkeys] {
            if &s[a as usize..b as usize] == key {
                return None;
            }
        }
        if nkeys == QUICK_KEYS {
            return None;
        }
        keys[nkeys] = (start as u32, end as u32);
        nkeys += 1;
        if depth == 1 {
            pending = wanted.iter().position(|w| w.as_bytes() == key);
        }
        i = end + 1;
        if s.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
        // A value, then what follows it, until the next member name.
        'value: loop {
            let at = i;
            let kind = match *s.get(i)? {
                b'"' => {
                    let mut j = i + 1;
                    loop {
                        j += plain_run(&s[j..]);
                        match s.get(j) {
                            Some(b'"') => break,
                            Some(b'\\') => j = quick_escape(s, j, &mut canonical)?,
                            _ => return None,
                        }
                    }
                    i = j + 1;
                    Kind::String
                }
                b'{' | b'[' => {
                    let object = s[i] == b'{';
                    if depth == MAX_DEPTH {
                        return None;
                    }
                    if let (1, Some(w)) = (depth, pending.take()) {
                        let kind = if object { Kind::Object } else { Kind::Array };
                        members[w] = Some(Member {
                            kind,
                            number: "",
                            raw: "",
                        });
                    }
                    depth += 1;
                    is_object[depth] = object;
                    key_base[depth] = nkeys as u8;
                    i += 1;
                    match (object, s.get(i)) {
                        (true, Some(b'}')) | (false, Some(b']')) => {
                            i += 1;
                            depth -= 1;
                        }
                        (true, _) => continue 'member,
                        (false, _) => continue 'value,
                    }
                    Kind::Object // already recorded: not read below
                }
                b't' if s[i..].starts_with(b"true") => {
                    i += 4;
                    Kind::Bool
                }
                b'f' if s[i..].starts_with(b"false") => {
                    i += 5;
                    Kind::Bool
                }
                b'n' if s[i..].starts_with(b"null") => {
                    i += 4;
                    Kind::Null
                }
                b'-' | b'0'..=b'9' => {
                    if s[i] == b'-' {
                        i += 1;
                    }
                    match s.get(i) {
                        Some(b'0') => i += 1,
                        Some(b'1'..=b'9') => i += digits(&s[i..]),
                        _ => return None,
                    }
                    if s.get(i) == Some(&b'.') {
                        i += 1;
                        let d = digits(&s[i..]);
                        if d == 0 {
                            return None;
                        }
                        i += d;
                    }
                    if let Some(b'e' | b'E') = s.get(i) {
                        return None;
                    }
                    if !js_plain(&s[at..i]) {
                        return None;
                    }
                    Kind::Number
                }
                _ => return None,
            };
            if let (1, Some(w)) = (depth, pending.take()) {
                let number = if kind == Kind::Number {
                    &text[at..i]
                } else {
                    ""
                };
                members[w] = Some(Member {
                    kind,
                    number,
                    raw: &text[at..i],
                });
            }
            // After a value: `,` or the close of the innermost container, maybe several closes.
            loop {
                match s.get(i) {
                    Some(b',') => {
                        i += 1;
                        if is_object[depth] {
                            continue 'member;
                        }
                        continue 'value;
                    }
                    Some(b'}') if is_object[depth] => {
                        nkeys = key_base[depth] as usize;
                        i += 1;
                        depth -= 1;
                    }
                    Some(b']') if !is_object[depth] => {
                        i += 1;
                        depth -= 1;
                    }
                    _ => return None,
                }
                if depth == 0 {
                    if i != s.len() {
                        return None;
                    }
                    return Some(Scan {
                        canonical,
                        empty: false,
                        members,
                    });
                }
            }
        }
    }
}

/// The quick pass's check of one escape (`s[j]` is its backslash): the index after it, clearing
/// `canonical` where `JSON.stringify` writes the character otherwise, exactly as `Lexer::escape`
/// does. `None` for what the lexer refuses (it words the error).
fn quick_escape(s: &[u8], j: usize, canonical: &mut bool) -> Option<usize> {
    match *s.get(j + 1)? {
        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => Some(j + 2),
        b'/' => {
            *canonical = false;
            Some(j + 2)
        }
        b'u' => {
            let (cp, end) = u_escape(s, j + 2).ok()?;
            if !u_escape_canonical(cp, &s[j + 2..j + 6]) {
                *canonical = false;
            }
            Some(end)
        }
        _ => None,
    }
}

/// Why a `\u` escape is refused, with the offset the lexer's message names.
enum UEscapeError {
    Truncated(usize),
    Invalid(usize),
    LoneSurrogate(usize),
}

/// Decodes the `\u` escape whose four hex digits start at `at` (a surrogate pair as one code point):
/// the code point and the index after the escape. The lexer and the quick pass both use it, so they
/// accept exactly the same escapes.
fn u_escape(s: &[u8], at: usize) -> Result<(u32, usize), UEscapeError> {
    let hi = hex4(s, at)?;
    if (0xd800..0xdc00).contains(&hi) {
        if s.get(at + 4..at + 6) != Some(b"\\u") {
            return Err(UEscapeError::LoneSurrogate(at + 4));
        }
        let lo = hex4(s, at + 6)?;
        if !(0xdc00..0xe000).contains(&lo) {
            return Err(UEscapeError::LoneSurrogate(at + 10));
        }
        Ok((0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00), at + 10))
    } else if (0xdc00..0xe000).contains(&hi) {
        Err(UEscapeError::LoneSurrogate(at + 4))
    } else {
        Ok((hi, at + 4))
    }
}

/// The four hex digits (either case) at `at` as a number.
fn hex4(s: &[u8], at: usize) -> Result<u32, UEscapeError> {
    let h = s.get(at..at + 4).ok_or(UEscapeError::Truncated(at))?;
    h.iter()
        .try_fold(0u32, |n, &c| Some(n * 16 + (c as char).to_digit(16)?))
        .ok_or(UEscapeError::Invalid(at))
}

/// Whether `JSON.stringify` writes code point `cp` as this very `\u` escape (`digits` are its four
/// hex digits): only controls without a short form are escaped that way, in lowercase.
fn u_escape_canonical(cp: u32, digits: &[u8]) -> bool {
    let short = matches!(cp, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
    let lower = digits.iter().all(|c| !c.is_ascii_uppercase());
    cp < 0x20 && !short && lower
}

/// Length of the leading run of ASCII digits.
fn digits(s: &[u8]) -> usize {
    s.iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len())
}

/// The JSON type of `v`.
pub fn kind_of(v: &Value) -> Kind {
    match v {
        Value::Null => Kind::Null,
        Value::Bool(_) => Kind::Bool,
        Value::Number(_) => Kind::Number,
        Value::String(_) => Kind::String,
        Value::Array(_) => Kind::Array,
        Value::Object(_) => Kind::Object,
    }
}

/// Appends `s` as a JSON string literal escaped as `JSON.stringify` escapes it.
fn write_str(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    loop {
        // Skip to the next byte that needs an escape (plain_run stops at exactly those, and at '"').
        i += plain_run(&bytes[i..]);
        let Some(&b) = bytes.get(i) else { break };
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ],
            // Not reached: plain_run stops only at the bytes above.
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(esc);
        i += 1;
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// "an array", "a string", … for messages.
pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether JavaScript prints the number whose (valid JSON) text is `t` exactly as `t`: no exponent,
/// not `-0`, at most 15 significant digits (so the double holds them and its shortest form is
/// these very digits), no trailing zero in a fraction, and not below 1e-6 (printed with an
/// exponent). Cheap enough for every number of every payload; anything else goes to [`js_number`].
fn js_plain(t: &[u8]) -> bool {
    let (neg, t) = match t.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    if t.iter().any(|&c| c == b'e' || c == b'E') {
        return false;
    }
    match t.iter().position(|&c| c == b'.') {
        // An integer: "-0" is the only one JavaScript rewrites below 16 digits.
        None => t.len() <= 15 && !(neg && t == b"0"),
        Some(dot) => {
            let (int, frac) = (&t[..dot], &t[dot + 1..]);
            if frac.last() == Some(&b'0') {
                return false;
            }
            if int == b"0" {
                let zeros = frac.iter().take_while(|&&c| c == b'0').count();
                zeros < 6 && frac.len() - zeros <= 15
            } else {
                int.len() + frac.len() <= 15
            }
        }
    }
}

/// The text `JSON.stringify` writes for the JSON number `text`, where that text has the same exact
/// decimal value: `1.0` → `1`, `1E5` → `100000`, `-0` → `0`, `1e21` → `1e+21`. Where JavaScript
/// would change the value (more digits than a double holds, beyond the double's range), `text`
/// itself, so that what the caller signed never changes.
///
/// ```
/// use oo_jwt::json::js_number;
/// assert_eq!(js_number("1.0"), "1");
/// assert_eq!(js_number("1.7e9"), "1700000000");
/// assert_eq!(js_number("1e21"), "1e+21");
/// assert_eq!(js_number("-0"), "0");
/// assert_eq!(js_number("12345678901234567890"), "12345678901234567890");
/// ```
pub fn js_number(text: &str) -> Cow<'_, str> {
    if js_plain(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let Ok(f) = text.parse::<f64>() else {
        return Cow::Borrowed(text);
    };
    if !f.is_finite() {
        return Cow::Borrowed(text);
    }
    let mut buf = ryu_js::Buffer::new();
    let js = buf.format_finite(f);
    if js == text {
        return Cow::Borrowed(text);
    }
    match (decimal(js.as_bytes()), decimal(text.as_bytes())) {
        (Some(a), Some(b)) if a == b => Cow::Owned(js.to_owned()),
        _ => Cow::Borrowed(text),
    }
}

/// The exact decimal value of a JSON (or JavaScript) number's text as (negative, significant
/// digits without leading or trailing zeros, position of the decimal point before them); zero is
/// `(false, [], 0)` whatever its sign and exponent.
fn decimal(t: &[u8]) -> Option<(bool, Vec<u8>, i64)> {
    let (neg, t) = match t.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (mant, exp) = match t.iter().position(|&c| c == b'e' || c == b'E') {
        Some(e) => {
            let x = &t[e + 1..];
            let (eneg, x) = match x.first() {
                Some(b'-') => (true, &x[1..]),
                Some(b'+') => (false, &x[1..]),
                _ => (false, x),
            };
            // Saturating: an exponent this large never matches JavaScript's text anyway.
            let mut v: i64 = 0;
            for &c in x {
                if !c.is_ascii_digit() {
                    return None;
                }
                v = v.saturating_mul(10).saturating_add(i64::from(c - b'0'));
            }
            (&t[..e], if eneg { -v } else { v })
        }
        None => (t, 0),
    };
    let (int, frac) = match mant.iter().position(|&c| c == b'.') {
        Some(d) => (&mant[..d], &mant[d + 1..]),
        None => (mant, &[][..]),
    };
    let mut digits: Vec<u8> = int.iter().chain(frac).copied().collect();
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut point = exp.saturating_add(int.len() as i64);
    let lead = digits.iter().take_while(|&&c| c == b'0').count();
    digits.drain(..lead);
    point = point.saturating_sub(lead as i64);
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        return Some((false, digits, 0));
    }
    Some((neg, digits, point))
}

/// Whether `key` is a canonical array index (`0`, or digits without a leading zero, up to
/// 2^32 - 2): the member names JavaScript objects list first, in ascending numeric order.
///
/// ```
/// assert!(oo_jwt::json::is_array_index("0") && oo_jwt::json::is_array_index("4294967294"));
/// assert!(!oo_jwt::json::is_array_index("01") && !oo_jwt::json::is_array_index("4294967295"));
/// ```
pub fn is_array_index(key: &str) -> bool {
    let b = key.as_bytes();
    if b.is_empty() || b.len() > 10 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if b.len() > 1 && b[0] == b'0' {
        return false;
    }
    key.parse::<u64>().is_ok_and(|n| n <= 4_294_967_294)
}

/// Appends what `JSON.stringify` writes for `v` (as node parsed it from the same text): compact,
/// strings escaped as [`write`] escapes them, numbers by [`js_number`], and in every object the
/// array-index member names first in ascending order, then the others in their order.
///
/// ```
/// let v = oo_jwt::json::parse(br#"{"b":1.0,"10":1E5,"2":[-0,1e21],"a":{"1":"x","0":"y"}}"#).unwrap();
/// let mut out = Vec::new();
/// oo_jwt::json::write_js(&v, &mut out);
/// assert_eq!(out, br#"{"2":[0,1e+21],"10":100000,"b":1,"a":{"0":"y","1":"x"}}"#);
/// ```
pub fn write_js(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Number(n) => out.extend_from_slice(js_number(&n.to_string()).as_bytes()),
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_js(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut indices: Vec<(u64, &String, &Value)> = map
                .iter()
                .filter(|(k, _)| is_array_index(k))
                .map(|(k, v)| (k.parse::<u64>().unwrap_or(0), k, v))
                .collect();
            indices.sort_unstable_by_key(|e| e.0);
            let rest = map.iter().filter(|(k, _)| !is_array_index(k));
            out.push(b'{');
            let members = indices.into_iter().map(|(_, k, v)| (k, v)).chain(rest);
            for (i, (k, v)) in members.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(k, out);
                out.push(b':');
                write_js(v, out);
            }
            out.push(b'}');
        }
        other => write(other, out),
    }
}

/// Appends the compact JSON of `v` to `out`, escaping strings as `JSON.stringify` does.
pub fn write(v: &Value, out: &mut Vec<u8>) {
    // serde_json's compact writer escapes exactly `"`, `\`, and U+0000..U+001F (as \b \f \n \r \t or
    // lowercase \u00xx), which is JSON.stringify's set for well-formed strings; numbers keep their text
    // (arbitrary_precision). Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(out, v);
}

struct Lexer<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    /// Still in `write`'s form so far.
    canonical: bool,
    /// Member names of the objects being validated, innermost last (one buffer for all of them).
    keys: Vec<Cow<'a, str>>,
}

/// Length of the leading run of `s` free of `"`, `\\` and control characters.
fn plain_run(s: &[u8]) -> usize {
    s.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(s.len())
}

/// Past this many members, duplicate checks switch from a linear scan to a hash set.
const LINEAR_KEYS: usize = 16;

impl<'a> Lexer<'a> {
    fn new(input: &'a [u8]) -> Res<Self> {
        let text = std::str::from_utf8(input).map_err(JsonError::not_utf8)?;
        Ok(Lexer {
            s: input,
            text,
            i: 0,
            canonical: true,
            keys: Vec::new(),
        })
    }

    fn fail<T>(&self, what: &str) -> Res<T> {
        Err(JsonError(format!("{what} at offset {}", self.i)))
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn end(&mut self) -> Res<()> {
        self.ws();
        if self.i != self.s.len() {
            return self.fail("trailing characters after the JSON value");
        }
        Ok(())
    }

    fn ws(&mut self) {
        let start = self.i;
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
        if self.i != start {
            self.canonical = false;
        }
    }

    fn literal(&mut self, word: &str) -> Res<()> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            self.fail("invalid literal")
        }
    }

    fn enter(&self, depth: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return self.fail(&format!("nesting deeper than {MAX_DEPTH}"));
        }
        Ok(())
    }

    fn expect(&mut self, c: u8, what: &str) -> Res<()> {
        self.ws();
        if self.peek() != Some(c) {
            return self.fail(what);
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    /// After a member or element: true at the closing `close`, false after a `,`.
    fn next_or_close(&mut self, close: u8, what: &str) -> Res<bool> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                self.ws();
                Ok(false)
            }
            Some(c) if c == close => {
                self.i += 1;
                Ok(true)
            }
            _ => self.fail(what),
        }
    }

    /// Validates a number and returns its text.
    fn number(&mut self) -> Res<&'a str> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.fail("invalid number");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.fail("invalid number");
            }
            self.digits();
        }
        if !js_plain(&self.s[start..self.i]) {
            // JavaScript may print this number otherwise: only write_js settles it.
            self.canonical = false;
        }
        Ok(&self.text[start..self.i])
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    /// Validates a string (the cursor on its opening quote) and returns its decoded value, borrowed
    /// from the input when it has no escape.
    fn string(&mut self) -> Res<Cow<'a, str>> {
        self.i += 1;
        let start = self.i;
        // Fast run to the closing quote, the first escape or a control character.
        self.i += plain_run(&self.s[self.i..]);
        match self.peek() {
            Some(b'"') => {
                self.i += 1;
                return Ok(Cow::Borrowed(&self.text[start..self.i - 1]));
            }
            Some(b'\\') => {}
            Some(_) => return self.fail("control character in string"),
            None => return self.fail("unterminated string"),
        }
        let mut out = String::from(&self.text[start..self.i]);
        let mut run = self.i;
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return self.fail("unterminated string");
            };
            match c {
                b'"' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.i]);
                    self.escape(&mut out)?;
                    run = self.i;
                }
                0..=0x1f => return self.fail("control character in string"),
                _ => self.i += plain_run(&self.s[self.i..]),
            }
        }
    }

    /// Decodes one escape (the cursor on its backslash) into `out`.
    fn escape(&mut self, out: &mut String) -> Res<()> {
        self.i += 1;
        let Some(&e) = self.s.get(self.i) else {
            return self.fail("unterminated string");
        };
        self.i += 1;
        match e {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => {
                // JSON.stringify never escapes '/'.
                self.canonical = false;
                out.push('/')
            }
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let at = self.i;
                let cp = match u_escape(self.s, at) {
                    Ok((cp, end)) => {
                        self.i = end;
                        cp
                    }
                    Err(e) => {
                        let (what, pos) = match e {
                            UEscapeError::Truncated(pos) => ("truncated \\u escape", pos),
                            UEscapeError::Invalid(pos) => ("invalid \\u escape", pos),
                            UEscapeError::LoneSurrogate(pos) => {
                                ("lone surrogate in \\u escape", pos)
                            }
                        };
                        self.i = pos;
                        return self.fail(what);
                    }
                };
                if !u_escape_canonical(cp, &self.s[at..at + 4]) {
                    self.canonical = false;
                }
                match char::from_u32(cp) {
                    Some(ch) => out.push(ch),
                    None => return self.fail("invalid \\u escape"),
                }
            }
            _ => return self.fail("invalid escape"),
        }
        Ok(())
    }

    // ---- building mode ----

    fn value(&mut self, depth: usize) -> Res<Value> {
        match self.peek() {
            None => self.fail("unexpected end of input"),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Value::String(self.string()?.into_owned())),
            Some(b't') => self.literal("true").map(|_| Value::Bool(true)),
            Some(b'f') => self.literal("false").map(|_| Value::Bool(false)),
            Some(b'n') => self.literal("null").map(|_| Value::Null),
            Some(b'-' | b'0'..=b'9') => {
                let text = self.number()?;
                match text.parse::<Number>() {
                    Ok(n) => Ok(Value::Number(n)),
                    Err(_) => self.fail("number out of range"),
                }
            }
            Some(_) => self.fail("unexpected character"),
        }
    }

    fn object(&mut self, depth: usize) -> Res<Value> {
        self.enter(depth)?;
        self.i += 1;
        let mut map = Map::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(map));
        }
        loop {
            if self.peek() != Some(b'"') {
                return self.fail("expected a member name");
            }
            let at = self.i;
            let key = self.string()?;
            self.expect(b':', "expected ':'")?;
            let v = self.value(depth)?;
            if map.contains_key(key.as_ref()) {
                return Err(JsonError(format!(
                    "duplicate member name {} at offset {at}",
                    crate::error::preview(&key)
                )));
            }
            map.insert(key.into_owned(), v);
            if self.next_or_close(b'}', "expected ',' or '}'")? {
                return Ok(Value::Object(map));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Res<Value> {
        self.enter(depth)?;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.next_or_close(b']', "expected ',' or ']'")? {
                return Ok(Value::Array(items));
            }
        }
    }

    // ---- validating mode ----

    fn skip(&mut self, depth: usize) -> Res<Kind> {
        match self.peek() {
            None => self.fail("unexpected end of input"),
            Some(b'{') => self
                .skip_object(depth + 1, &mut |_, _| {})
                .map(|_| Kind::Object),
            Some(b'[') => self.skip_array(depth + 1).map(|_| Kind::Array),
            Some(b'"') => self.string().map(|_| Kind::String),
            Some(b't') => self.literal("true").map(|_| Kind::Bool),
            Some(b'f') => self.literal("false").map(|_| Kind::Bool),
            Some(b'n') => self.literal("null").map(|_| Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(|_| Kind::Number),
            Some(_) => self.fail("unexpected character"),
        }
    }

    /// Validates an object, calling `seen` with each member's name and kind; true when it is empty.
    fn skip_object(&mut self, depth: usize, seen: &mut dyn FnMut(&str, Member<'a>)) -> Res<bool> {
        self.enter(depth)?;
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(true);
        }
        let base = self.keys.len();
        let mut many: Option<HashSet<Cow<'a, str>>> = None;
        loop {
            if self.peek() != Some(b'"') {
                return self.fail("expected a member name");
            }
            let at = self.i;
            let key = self.string()?;
            if is_array_index(&key) {
                // JavaScript puts such members first, in ascending order: only write_js does that.
                self.canonical = false;
            }
            let duplicate = match &mut many {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let dup = self.keys[base..].contains(&key);
                    self.keys.push(key.clone());
                    if self.keys.len() - base > LINEAR_KEYS {
                        many = Some(self.keys.drain(base..).collect());
                    }
                    dup
                }
            };
            if duplicate {
                return Err(JsonError(format!(
                    "duplicate member name {} at offset {at}",
                    crate::error::preview(&key)
                )));
            }
            self.expect(b':', "expected ':'")?;
            let start = self.i;
            let kind = self.skip(depth)?;
            let number = if kind == Kind::Number {
                &self.text[start..self.i]
            } else {
                ""
            };
            let raw = match kind {
                Kind::Array | Kind::Object => "",
                _ => &self.text[start..self.i],
            };
            seen(&key, Member { kind, number, raw });
            if self.next_or_close(b'}', "expected ',' or '}'")? {
                self.keys.truncate(base);
                return Ok(false);
            }
        }
    }

    fn skip_array(&mut self, depth: usize) -> Res<()> {
        self.enter(depth)?;
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.skip(depth)?;
            if self.next_or_close(b']', "expected ',' or ']'")? {
                return Ok(());
            }
        }
    }
}
/// The value of a JSON string literal (quotes included) that a scan has validated, such as a
/// [`Member`]'s `raw` text.
///
/// ```
/// assert_eq!(oo_jwt::json::string_value(r#""a\u0062c""#).unwrap(), "abc");
/// ```
pub fn string_value(raw: &str) -> Res<String> {
    let mut p = Lexer::new(raw.as_bytes())?;
    if p.peek() != Some(b'"') {
        return p.fail("expected a string");
    }
    let v = p.string()?.into_owned();
    p.end()?;
    Ok(v)
}

/// JavaScript truthiness, as Docs tests a member before using it: `null`, `false`, `0`, `NaN` and
/// `""` are false; everything else, empty arrays and objects included, is true.
///
/// ```
/// use serde_json::json;
/// assert!(!oo_jwt::json::truthy(&json!(0)) && !oo_jwt::json::truthy(&json!("")));
/// assert!(oo_jwt::json::truthy(&json!([])) && oo_jwt::json::truthy(&json!("0")));
/// ```
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(s: &str) -> String {
        let mut out = Vec::new();
        write(&parse(s.as_bytes()).unwrap(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keeps_order_and_number_text() {
        assert_eq!(
            compact(r#"{ "z" : 1.50, "a" : [ 1e3 , -0 , 12345678901234567890123 ] }"#),
            r#"{"z":1.50,"a":[1e+3,-0,12345678901234567890123]}"#
        );
    }

    #[test]
    fn escapes_like_json_stringify() {
        assert_eq!(
            compact(r#"["\u00e9\/\u0001\u001f\b\f\n\r\t\"\\\u2028\ud83d\ude00<"]"#),
            "[\"\u{e9}/\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\\u{2028}\u{1f600}<\"]"
        );
    }

    #[test]
    fn refuses_what_is_not_strict_json() {
        for bad in [
            r#"{"a":1,"a":1}"#,
            r#"{"a":{"b":1,"b":2}}"#,
            "[1,]",
            "{,}",
            "NaN",
            "[Infinity]",
            "01",
            "1.",
            ".5",
            "+1",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\t\"",
            "'a'",
            "[1] x",
            "",
            "{\"a\":1 /*c*/}",
            "\"\\x41\"",
            "[1e]",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(parse(b"\xff").is_err());
        assert!(parse(b"\"\\u0000\"").is_ok());
    }

    #[test]
    fn plain_run_stops_at_every_special_byte() {
        for filler in [b'a', b' ', 0x7f, 0x80, 0xc3, 0xff] {
            for special in [b'"', b'\\', 0u8, 0x1f, b'\n'] {
                for at in 0..48 {
                    let mut s = vec![filler; 50];
                    s[at] = special;
                    assert_eq!(plain_run(&s), at, "{special:#x} at {at} in {filler:#x}");
                }
            }
            assert_eq!(plain_run(&[filler; 37]), 37);
        }
        assert_eq!(
            plain_run(&[0x80, 0xff, b' ', b'~', 0xc3, 0xa9, 0x7f, b'a', b'b']),
            9
        );
        assert_eq!(plain_run(b""), 0);
    }

    #[test]
    fn numbers_as_javascript_prints_them_unless_the_value_would_change() {
        for (text, js) in [
            ("1.0", "1"),
            ("1E5", "100000"),
            ("1.7e9", "1700000000"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("0e10", "0"),
            ("1e21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("0.0000001", "1e-7"),
            ("0.000001", "0.000001"),
            ("1.50", "1.5"),
            ("123456789012345", "123456789012345"),
            ("1234567890123456", "1234567890123456"),
            ("9007199254740993", "9007199254740993"),
            ("12345678901234567890", "12345678901234567890"),
            ("1.00000000000000000001", "1.00000000000000000001"),
            ("1e400", "1e400"),
            ("1e-400", "1e-400"),
            ("5e-324", "5e-324"),
            ("-1.5E-7", "-1.5e-7"),
            ("0.1", "0.1"),
            ("100", "100"),
        ] {
            assert_eq!(js_number(text), js, "{text}");
            // The quick test never claims a text that JavaScript would print otherwise.
            if js_plain(text.as_bytes()) {
                assert_eq!(js, text);
            }
        }
    }

    #[test]
    fn array_index_names_first_in_ascending_order_at_every_depth() {
        let v = parse(br#"{"b":0,"4294967295":1,"4294967294":2,"01":3,"1":4,"0":5,"a":[{"z":0,"10":1,"9":2}]}"#).unwrap();
        let mut out = Vec::new();
        write_js(&v, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"0":5,"1":4,"4294967294":2,"b":0,"4294967295":1,"01":3,"a":[{"9":2,"10":1,"z":0}]}"#
        );
        let scan = scan_object(br#"{"a":{"1":0}}"#, &[]).unwrap();
        assert!(!scan.canonical);
        let scan = scan_object(br#"{"1a":0,"x":1.5}"#, &[]).unwrap();
        assert!(scan.canonical);
    }

    #[test]
    fn bounds_depth() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).is_err());
        let huge = "{\"a\":".repeat(100_000);
        assert!(parse(huge.as_bytes()).is_err());
    }
}
