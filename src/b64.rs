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

/// Two output characters for every 12-bit value: halves the table lookups of encoding.
const ENC12: [[u8; 2]; 4096] = {
    let mut t = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = [ALPHABET[i >> 6], ALPHABET[i & 63]];
        i += 1;
    }
    t
};

/// Appends the encoding of `input` to `out`.
pub(crate) fn encode_into(input: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(input.len()), 0);
    let dst = &mut out[start..];
    let mut chunks = input.chunks_exact(3);
    let mut quads = dst.chunks_exact_mut(4);
    for (c, d) in (&mut chunks).zip(&mut quads) {
        let n = (usize::from(c[0]) << 16) | (usize::from(c[1]) << 8) | usize::from(c[2]);
        let (hi, lo) = (ENC12[n >> 12], ENC12[n & 0xfff]);
        d.copy_from_slice(&[hi[0], hi[1], lo[0], lo[1]]);
    }
    let tail = quads.into_remainder();
    match *chunks.remainder() {
        [a] => {
            tail[0] = ALPHABET[(a >> 2) as usize];
            tail[1] = ALPHABET[((a & 3) << 4) as usize];
        }
        [a, b] => {
            tail[0] = ALPHABET[(a >> 2) as usize];
            tail[1] = ALPHABET[(((a & 3) << 4) | (b >> 4)) as usize];
            tail[2] = ALPHABET[((b & 15) << 2) as usize];
        }
        _ => {}
    }
}

/// True when `b` is in the base64url alphabet.
pub(crate) fn is_alphabet_byte(b: u8) -> bool {
    DECODE[b as usize] != INVALID
}

/// Decodes canonical unpadded base64url; `None` for anything else.
pub(crate) fn decode(input: &[u8]) -> Option<Vec<u8>> {
    let rem = input.len() % 4;
    if rem == 1 {
        return None;
    }
    let full = input.len() / 4;
    let mut out = vec![0u8; full * 3 + rem.saturating_sub(1)];
    let (body, tail) = out.split_at_mut(full * 3);
    // Any invalid character has its high bits set (INVALID = 0xff); OR them all and check once.
    let mut bad = 0u8;
    for (c, d) in input.chunks_exact(4).zip(body.chunks_exact_mut(3)) {
        let (a, b, x, y) = (
            DECODE[c[0] as usize],
            DECODE[c[1] as usize],
            DECODE[c[2] as usize],
            DECODE[c[3] as usize],
        );
        bad |= a | b | x | y;
        let n = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(x) << 6) | u32::from(y);
        d[0] = (n >> 16) as u8;
        d[1] = (n >> 8) as u8;
        d[2] = n as u8;
    }
    if bad & 0xc0 != 0 {
        return None;
    }
    match input[full * 4..] {
        [] => {}
        [a, b] => {
            let (a, b) = (DECODE[a as usize], DECODE[b as usize]);
            // The last character's low four bits are unused and must be zero.
            if (a | b) & 0xc0 != 0 || b & 0x0f != 0 {
                return None;
            }
            tail[0] = (a << 2) | (b >> 4);
        }
        [a, b, c] => {
            let (a, b, c) = (DECODE[a as usize], DECODE[b as usize], DECODE[c as usize]);
            if (a | b | c) & 0xc0 != 0 || c & 0x03 != 0 {
                return None;
            }
            tail[0] = (a << 2) | (b >> 4);
            tail[1] = (b << 4) | (c >> 2);
        }
        _ => return None,
    }
    Some(out)
}

/// Index of the first byte equal to `needle`, eight bytes at a time.
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(needle);
    let mut i = 0;
    while i + 8 <= hay.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&hay[i..i + 8]);
        let x = u64::from_le_bytes(w) ^ pattern;
        if (x.wrapping_sub(LO) & !x & HI) != 0 {
            break;
        }
        i += 8;
    }
    hay[i..].iter().position(|&b| b == needle).map(|p| p + i)
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
    fn finds_bytes() {
        let hay = b"abcdefghijklmnop.qrstuvwxyz.";
        for n in 0..hay.len() {
            assert_eq!(
                find_byte(&hay[n..], b'.'),
                hay[n..].iter().position(|&b| b == b'.')
            );
        }
        assert_eq!(find_byte(b"", b'.'), None);
        assert_eq!(find_byte(&[0x80, 0x2e ^ 0x80, 0xae], b'.'), None);
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
