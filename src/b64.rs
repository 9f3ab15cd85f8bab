//! Canonical, unpadded base64url (RFC 7515 §2), strict in what it accepts.
//!
//! Hand-written rather than taken from a crate so that the one rule a verifier lives by is visible in
//! one screen: anything but the canonical encoding of some byte string is rejected (no padding, no `+`
//! or `/`, no whitespace, no length ≡ 1 mod 4, no non-zero unused bits). That makes a token's bytes and
//! its meaning one-to-one, so a flipped character can never yield the same signature.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const INVALID: u8 = 0xff;

const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Length of the encoding of `n` bytes.
pub(crate) const fn encoded_len(n: usize) -> usize {
    (n / 3) * 4 + [0, 2, 3][n % 3]
}

/// Appends the encoding of `input` to `out`.
pub(crate) fn encode_into(input: &[u8], out: &mut Vec<u8>) {
    out.reserve(encoded_len(input.len()));
    let mut chunks = input.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => out.extend_from_slice(&[
            ALPHABET[(a >> 2) as usize],
            ALPHABET[((a & 3) << 4) as usize],
        ]),
        [a, b] => out.extend_from_slice(&[
            ALPHABET[(a >> 2) as usize],
            ALPHABET[(((a & 3) << 4) | (b >> 4)) as usize],
            ALPHABET[((b & 15) << 2) as usize],
        ]),
        _ => {}
    }
}

/// True when `b` is in the base64url alphabet.
pub(crate) fn is_alphabet_byte(b: u8) -> bool {
    DECODE[b as usize] != INVALID
}

/// Decodes canonical unpadded base64url; `None` for anything else.
pub(crate) fn decode(input: &[u8]) -> Option<Vec<u8>> {
    if input.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 2);
    let mut chunks = input.chunks_exact(4);
    for c in &mut chunks {
        let (a, b, x, d) = (
            DECODE[c[0] as usize],
            DECODE[c[1] as usize],
            DECODE[c[2] as usize],
            DECODE[c[3] as usize],
        );
        if (a | b | x | d) & 0xc0 != 0 {
            return None;
        }
        let n = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(x) << 6) | u32::from(d);
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    match *chunks.remainder() {
        [] => {}
        [a, b] => {
            let (a, b) = (DECODE[a as usize], DECODE[b as usize]);
            // The last character's low four bits are unused and must be zero.
            if (a | b) & 0xc0 != 0 || b & 0x0f != 0 {
                return None;
            }
            out.push((a << 2) | (b >> 4));
        }
        [a, b, c] => {
            let (a, b, c) = (DECODE[a as usize], DECODE[b as usize], DECODE[c as usize]);
            if (a | b | c) & 0xc0 != 0 || c & 0x03 != 0 {
                return None;
            }
            out.push((a << 2) | (b >> 4));
            out.push((b << 4) | (c >> 2));
        }
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..data.len() {
            let mut e = Vec::new();
            encode_into(&data[..n], &mut e);
            assert_eq!(e.len(), encoded_len(n));
            assert_eq!(decode(&e).as_deref(), Some(&data[..n]));
        }
    }

    #[test]
    fn rejects_non_canonical() {
        assert_eq!(decode(b"Zm9v").as_deref(), Some(&b"foo"[..]));
        assert!(decode(b"Zm8=").is_none()); // padding
        assert!(decode(b"Zm9").is_none()); // unused bits set
        assert!(decode(b"Zm").is_none()); // unused bits set
        assert!(decode(b"Zg").is_some());
        assert!(decode(b"Zh").is_none());
        assert!(decode(b"a+b/").is_none());
        assert!(decode(b"abcde").is_none()); // length 1 mod 4
        assert!(decode(b"ab c").is_none());
    }
}
