//! Strict JSON: the parser every untrusted document goes through, and the compact writer whose bytes
//! match `JSON.stringify`.
//!
//! serde_json alone accepts duplicate member names (the last one wins), which lets an attacker show one
//! `alg` to a checker and another to a user. This parser refuses them, bounds nesting, and keeps both
//! key order and the text of numbers, producing a `serde_json::Value` for the rest of the crate.

use serde_json::{Map, Number, Value};

/// Deepest nesting of arrays and objects accepted anywhere.
pub const MAX_DEPTH: usize = 128;

/// Why a document was refused (the caller picks the error kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

type Res<T> = std::result::Result<T, JsonError>;

/// Parses `input` as one strict JSON value (surrounding whitespace allowed).
///
/// ```
/// # use oo_jwt::json::parse;
/// assert!(parse(br#"{"a":1,"a":2}"#).is_err());
/// assert_eq!(parse(br#" {"b":1.0,"a":[true]} "#).unwrap().to_string(), r#"{"b":1.0,"a":[true]}"#);
/// ```
pub fn parse(input: &[u8]) -> Res<Value> {
    let text = std::str::from_utf8(input).map_err(|e| {
        JsonError(format!(
            "not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return p.fail("trailing characters after the JSON value");
    }
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

/// Appends the compact JSON of `v` to `out`, escaping strings as `JSON.stringify` does.
pub fn write(v: &Value, out: &mut Vec<u8>) {
    // serde_json's compact writer escapes exactly `"`, `\`, and U+0000..U+001F (as \b \f \n \r \t or
    // lowercase \u00xx), which is JSON.stringify's set for well-formed strings; numbers keep their text
    // (arbitrary_precision). Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(out, v);
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn fail<T>(&self, what: &str) -> Res<T> {
        Err(JsonError(format!("{what} at offset {}", self.i)))
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Res<Value> {
        match self.s.get(self.i) {
            None => self.fail("unexpected end of input"),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.fail("unexpected character"),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Res<Value> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
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

    fn object(&mut self, depth: usize) -> Res<Value> {
        self.enter(depth)?;
        self.i += 1;
        let mut map = Map::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return self.fail("expected a member name");
            }
            let at = self.i;
            let key = self.string()?;
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return self.fail("expected ':'");
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth)?;
            if map.contains_key(&key) {
                return Err(JsonError(format!(
                    "duplicate member name {key:?} at offset {at}"
                )));
            }
            map.insert(key, v);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                _ => return self.fail("expected ',' or '}'"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Res<Value> {
        self.enter(depth)?;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.fail("expected ',' or ']'"),
            }
        }
    }

    fn number(&mut self) -> Res<Value> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail("invalid number"),
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                return self.fail("invalid number");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if !matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                return self.fail("invalid number");
            }
            self.digits();
        }
        let text = &self.text[start..self.i];
        match text.parse::<Number>() {
            Ok(n) => Ok(Value::Number(n)),
            Err(_) => self.fail("number out of range"),
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn hex4(&mut self) -> Res<u32> {
        let h = self.s.get(self.i..self.i + 4).ok_or(JsonError(format!(
            "truncated \\u escape at offset {}",
            self.i
        )))?;
        let mut n = 0u32;
        for &c in h {
            let d = (c as char)
                .to_digit(16)
                .ok_or_else(|| JsonError(format!("invalid \\u escape at offset {}", self.i)))?;
            n = n * 16 + d;
        }
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self) -> Res<String> {
        self.i += 1; // opening quote
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return self.fail("unterminated string");
            };
            match c {
                b'"' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    let Some(&e) = self.s.get(self.i) else {
                        return self.fail("unterminated string");
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xd800..0xdc00).contains(&hi) {
                                if !self.s[self.i..].starts_with(b"\\u") {
                                    return self.fail("lone surrogate in \\u escape");
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return self.fail("lone surrogate in \\u escape");
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else if (0xdc00..0xe000).contains(&hi) {
                                return self.fail("lone surrogate in \\u escape");
                            } else {
                                hi
                            };
                            match char::from_u32(cp) {
                                Some(ch) => out.push(ch),
                                None => return self.fail("invalid \\u escape"),
                            }
                        }
                        _ => return self.fail("invalid escape"),
                    }
                    run = self.i;
                }
                0..=0x1f => return self.fail("control character in string"),
                _ => self.i += 1,
            }
        }
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
    fn bounds_depth() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).is_err());
        let huge = "{\"a\":".repeat(100_000);
        assert!(parse(huge.as_bytes()).is_err());
    }
}
