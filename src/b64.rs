//! Canonical, unpadded base64url (RFC 7515 §2), strict in what it accepts.
//!
//! Anything but the canonical encoding of some byte string is rejected (no padding, no `+` or `/`, no
//! whitespace, no length ≡ 1 mod 4, no non-zero unused bits). That makes a token's bytes and its
//! meaning one-to-one, so a flipped character can never yield the same signature.
//!
//! Hand-written, safe code, rather than the `base64` crate's engine with the same strictness: it pays
//! for itself in a callback verify (docs/benchmarks.md, "Audit surface").

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

/// Marks a foreign byte in [`DEC`]: set bits above the 24 a quad decodes to.
const INVALID_24: u32 = 0xff00_0000;

/// [`DECODE`] for each position in a quad, shifted into place.
const DEC: [[u32; 256]; 4] = {
    let mut t = [[INVALID_24; 256]; 4];
    let mut p = 0;
    while p < 4 {
        let mut i = 0;
        while i < 64 {
            t[p][ALPHABET[i] as usize] = (i as u32) << (18 - 6 * p);
            i += 1;
        }
        p += 1;
    }
    t
};

/// Length of the encoding of `n` bytes.
pub(crate) const fn encoded_len(n: usize) -> usize {
    (n / 3) * 4 + [0, 2, 3][n % 3]
}

/// Two output characters for every 12-bit value, packed little-endian: halves the table lookups.
const ENC12: [u16; 4096] = {
    let mut t = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = ALPHABET[i >> 6] as u16 | (ALPHABET[i & 63] as u16) << 8;
        i += 1;
    }
    t
};

/// Appends the encoding of `input` to `out`.
pub(crate) fn encode_into(input: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(input.len()), 0);
    let dst = &mut out[start..];
    let (mut i, mut o) = (0, 0);
    // Six bytes in, eight characters out, from one 8-byte load while two bytes of slack remain.
    while i + 8 <= input.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&input[i..i + 8]);
        let n = u64::from_be_bytes(word);
        let quad = u64::from(ENC12[(n >> 52) as usize])
            | u64::from(ENC12[(n >> 40) as usize & 0xfff]) << 16
            | u64::from(ENC12[(n >> 28) as usize & 0xfff]) << 32
            | u64::from(ENC12[(n >> 16) as usize & 0xfff]) << 48;
        dst[o..o + 8].copy_from_slice(&quad.to_le_bytes());
        i += 6;
        o += 8;
    }
    let mut chunks = input[i..].chunks_exact(3);
    let mut quads = dst[o..].chunks_exact_mut(4);
    for (c, d) in (&mut chunks).zip(&mut quads) {
        let n = (usize::from(c[0]) << 16) | (usize::from(c[1]) << 8) | usize::from(c[2]);
        let pair = u32::from(ENC12[n >> 12]) | u32::from(ENC12[n & 0xfff]) << 16;
        d.copy_from_slice(&pair.to_le_bytes());
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
    // One byte of spare capacity: the NUL the C ABI appends, so handing it over reallocates nothing.
    let n = full * 3 + rem.saturating_sub(1);
    let mut out = Vec::with_capacity(n + 1);
    out.resize(n, 0);
    let (body, tail) = out.split_at_mut(full * 3);
    // Each table holds a character's six bits already in place, or INVALID_24 (bits above the 24
    // data bits) for a foreign byte: OR the four lookups, check the high byte once at the end.
    let mut bad = 0u32;
    let (mut i, mut o) = (0, 0);
    // Eight characters to six bytes, written as one 8-byte store while the output has the slack.
    while o + 8 <= body.len() {
        let c = &input[i..i + 8];
        let hi = DEC[0][c[0] as usize]
            | DEC[1][c[1] as usize]
            | DEC[2][c[2] as usize]
            | DEC[3][c[3] as usize];
        let lo = DEC[0][c[4] as usize]
            | DEC[1][c[5] as usize]
            | DEC[2][c[6] as usize]
            | DEC[3][c[7] as usize];
        bad |= hi | lo;
        let n = (u64::from(hi) << 40) | (u64::from(lo) << 16);
        body[o..o + 8].copy_from_slice(&n.to_be_bytes());
        i += 8;
        o += 6;
    }
    for (c, d) in input[i..full * 4]
        .chunks_exact(4)
        .zip(body[o..].chunks_exact_mut(3))
    {
        let n = DEC[0][c[0] as usize]
            | DEC[1][c[1] as usize]
            | DEC[2][c[2] as usize]
            | DEC[3][c[3] as usize];
        bad |= n;
        d.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    if bad >> 24 != 0 {
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

    /// RFC 4648 §5 the slow way, one bit at a time: the reference the fast paths are held to.
    fn naive(input: &[u8]) -> Vec<u8> {
        let bits: Vec<u8> = input
            .iter()
            .flat_map(|b| (0..8).rev().map(move |k| (b >> k) & 1))
            .collect();
        bits.chunks(6)
            .map(|c| {
                let v = (0..6).fold(0, |v, k| (v << 1) | c.get(k).copied().unwrap_or(0));
                ALPHABET[v as usize]
            })
            .collect()
    }

    #[test]
    fn matches_the_naive_encoding_at_every_length_and_offset() {
        // Pseudo-random bytes, every value present; lengths and offsets past several 8-byte steps.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let data: Vec<u8> = (0..700)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .chain(0..=255)
            .collect();
        for n in 0..200 {
            for at in [0, 1, 2, 3, 5, 16, 300, 750] {
                let d = &data[at..at + n];
                let want = naive(d);
                let mut e = b"prefix".to_vec();
                encode_into(d, &mut e);
                assert_eq!(&e[6..], &want[..], "encode, {n} bytes at {at}");
                assert_eq!(
                    decode(&want).as_deref(),
                    Some(d),
                    "decode, {n} bytes at {at}"
                );
            }
        }
        // Every 6-bit value in every position of a 16-character stretch.
        let all: Vec<u8> = ALPHABET.iter().cycle().take(64 * 17).copied().collect();
        for at in 0..16 {
            let t = &all[at..at + 64 * 16];
            let bytes = decode(t).unwrap();
            assert_eq!(naive(&bytes), t, "alphabet at offset {at}");
        }
    }

    #[test]
    fn rejects_a_foreign_byte_anywhere() {
        let data: Vec<u8> = (0..=255u8).rev().collect();
        for n in 1..60 {
            let mut e = Vec::new();
            encode_into(&data[..n], &mut e);
            for at in 0..e.len() {
                for bad in (0..=255u8).filter(|&b| !is_alphabet_byte(b)) {
                    let mut t = e.clone();
                    t[at] = bad;
                    assert!(decode(&t).is_none(), "{bad:#x} at {at} of {n}");
                }
            }
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
