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
    encode_into_v::<0>(input, out)
}

/// The engine of the `base64` crate, configured as strictly as [`decode`].
const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    base64::engine::GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

pub(crate) fn encode_into_v<const V: u32>(input: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(input.len()), 0);
    let dst = &mut out[start..];
    if V & crate::audit::B64_CRATE != 0 {
        use base64::Engine;
        let _ = ENGINE.encode_slice(input, dst);
        return;
    }
    let (mut i, mut o) = if V & crate::audit::B64_SCALAR != 0 {
        (0, 0)
    } else {
        simd::encode(input, dst)
    };
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
    decode_v::<0>(input)
}

pub(crate) fn decode_v<const V: u32>(input: &[u8]) -> Option<Vec<u8>> {
    if V & crate::audit::B64_CRATE != 0 {
        use base64::Engine;
        let n = input.len() / 4 * 3 + 3;
        let mut out = vec![0; n];
        let len = ENGINE.decode_slice(input, &mut out).ok()?;
        out.truncate(len);
        return Some(out);
    }
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
    // Any invalid character has its high bits set (INVALID = 0xff); OR them all and check once.
    // Each table holds a character's six bits already in place, or INVALID_24 (bits above the 24
    // data bits) for a foreign byte: OR the four lookups, check the high byte once at the end.
    let mut bad = 0u32;
    let (mut i, mut o) = if V & crate::audit::B64_SCALAR != 0 {
        (0, 0)
    } else {
        simd::decode(input, body)?
    };
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

/// Sixteen characters per step with SSSE3 (checked at run time; every x86-64 CPU of the last fifteen
/// years has it), for the bulk of a segment; the scalar loops above finish the rest and check the
/// tail's canonical form. Each returns how far it got: (input read, output written).
mod simd {
    #[cfg(target_arch = "x86_64")]
    pub(super) fn encode(input: &[u8], dst: &mut [u8]) -> (usize, usize) {
        if input.len() >= 16 && std::is_x86_feature_detected!("ssse3") {
            // SAFETY: SSSE3 is present (checked just above).
            unsafe { ssse3::encode(input, dst) }
        } else {
            (0, 0)
        }
    }

    /// `None` when a character outside the alphabet is found.
    #[cfg(target_arch = "x86_64")]
    pub(super) fn decode(input: &[u8], body: &mut [u8]) -> Option<(usize, usize)> {
        if input.len() >= 16 && std::is_x86_feature_detected!("ssse3") {
            // SAFETY: SSSE3 is present (checked just above).
            unsafe { ssse3::decode(input, body) }
        } else {
            Some((0, 0))
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    pub(super) fn encode(_: &[u8], _: &mut [u8]) -> (usize, usize) {
        (0, 0)
    }

    #[cfg(not(target_arch = "x86_64"))]
    pub(super) fn decode(_: &[u8], _: &mut [u8]) -> Option<(usize, usize)> {
        Some((0, 0))
    }

    /// Wojciech Muła's and Daniel Lemire's SSE methods, with the base64url alphabet.
    #[cfg(target_arch = "x86_64")]
    mod ssse3 {
        use std::arch::x86_64::*;

        /// 12 bytes to 16 characters per step, while 16 bytes can be loaded and 16 stored.
        ///
        /// # Safety
        /// The CPU has SSSE3. Every load and store is bounds-checked by the loop condition.
        #[target_feature(enable = "ssse3")]
        pub(super) unsafe fn encode(input: &[u8], dst: &mut [u8]) -> (usize, usize) {
            // Per 32-bit lane, bytes 1, 0, 2, 1 of each 3-byte group: the four 6-bit fields then
            // sit where one multiply-high and one multiply-low move them to the bytes' low bits.
            let spread = _mm_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
            // Added to a 6-bit value to give its character, chosen by the value's range:
            // [0] 26..=51 'a'.., [1..=10] 52..=61 '0'.., [11] 62 '-', [12] 63 '_', [13] 0..=25 'A'...
            let shift = _mm_setr_epi8(
                (b'a' - 26) as i8,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'0' as i8 - 52,
                b'-' as i8 - 62,
                (b'_' - 63) as i8,
                b'A' as i8,
                0,
                0,
            );
            let (mut i, mut o) = (0, 0);
            while i + 16 <= input.len() && o + 16 <= dst.len() {
                let x = _mm_loadu_si128(input.as_ptr().add(i).cast::<__m128i>());
                let x = _mm_shuffle_epi8(x, spread);
                let hi = _mm_mulhi_epu16(
                    _mm_and_si128(x, _mm_set1_epi32(0x0fc0_fc00)),
                    _mm_set1_epi32(0x0400_0040),
                );
                let lo = _mm_mullo_epi16(
                    _mm_and_si128(x, _mm_set1_epi32(0x003f_03f0)),
                    _mm_set1_epi32(0x0100_0010),
                );
                let values = _mm_or_si128(hi, lo);
                // 0 for 26..=51, 1..=12 for 52..=63, 13 for 0..=25.
                let range = _mm_or_si128(
                    _mm_subs_epu8(values, _mm_set1_epi8(51)),
                    _mm_and_si128(_mm_cmpgt_epi8(_mm_set1_epi8(26), values), _mm_set1_epi8(13)),
                );
                let chars = _mm_add_epi8(values, _mm_shuffle_epi8(shift, range));
                _mm_storeu_si128(dst.as_mut_ptr().add(o).cast::<__m128i>(), chars);
                i += 12;
                o += 16;
            }
            (i, o)
        }

        /// 16 characters to 12 bytes per step, while 16 characters can be loaded and 16 bytes
        /// stored; `None` at the first block holding a byte outside the alphabet.
        ///
        /// # Safety
        /// The CPU has SSSE3. Every load and store is bounds-checked by the loop condition.
        #[target_feature(enable = "ssse3")]
        pub(super) unsafe fn decode(input: &[u8], body: &mut [u8]) -> Option<(usize, usize)> {
            // Signed compares: bytes 0x80..=0xff are negative, so they fall in no range.
            let within = |c: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(c, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmpgt_epi8(_mm_set1_epi8(hi as i8 + 1), c),
                )
            };
            let (mut i, mut o) = (0, 0);
            while i + 16 <= input.len() && o + 16 <= body.len() {
                let c = _mm_loadu_si128(input.as_ptr().add(i).cast::<__m128i>());
                let upper = within(c, b'A', b'Z');
                let lower = within(c, b'a', b'z');
                let digit = within(c, b'0', b'9');
                let dash = _mm_cmpeq_epi8(c, _mm_set1_epi8(b'-' as i8));
                let under = _mm_cmpeq_epi8(c, _mm_set1_epi8(b'_' as i8));
                let valid = _mm_or_si128(
                    _mm_or_si128(upper, lower),
                    _mm_or_si128(digit, _mm_or_si128(dash, under)),
                );
                if _mm_movemask_epi8(valid) != 0xffff {
                    return None;
                }
                // Each class's character-to-value offset, selected by its mask.
                let offset = _mm_or_si128(
                    _mm_or_si128(
                        _mm_and_si128(upper, _mm_set1_epi8(-(b'A' as i8))),
                        _mm_and_si128(lower, _mm_set1_epi8(26 - b'a' as i8)),
                    ),
                    _mm_or_si128(
                        _mm_and_si128(digit, _mm_set1_epi8(52 - b'0' as i8)),
                        _mm_or_si128(
                            _mm_and_si128(dash, _mm_set1_epi8(62 - b'-' as i8)),
                            _mm_and_si128(under, _mm_set1_epi8(63 - b'_' as i8)),
                        ),
                    ),
                );
                let values = _mm_add_epi8(c, offset);
                // Pairs of 6-bit values to 12 bits, pairs of those to 24, then the three bytes of
                // each lane in big-endian order.
                let pairs = _mm_maddubs_epi16(values, _mm_set1_epi32(0x0140_0140));
                let lanes = _mm_madd_epi16(pairs, _mm_set1_epi32(0x0001_1000));
                let bytes = _mm_shuffle_epi8(
                    lanes,
                    _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1),
                );
                _mm_storeu_si128(body.as_mut_ptr().add(o).cast::<__m128i>(), bytes);
                i += 16;
                o += 12;
            }
            Some((i, o))
        }
    }
}

/// Index of the first byte equal to `needle`: sixteen bytes at a time with SSE2 (part of every
/// x86-64), eight at a time elsewhere.
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    find_byte_v::<0>(hay, needle)
}

pub(crate) fn find_byte_v<const V: u32>(hay: &[u8], needle: u8) -> Option<usize> {
    if V & crate::audit::FIND_PLAIN != 0 {
        return hay.iter().position(|&b| b == needle);
    }
    if V & crate::audit::FIND_MEMCHR != 0 {
        return memchr::memchr(needle, hay);
    }
    if V & crate::audit::FIND_SWAR != 0 {
        return find_byte_swar(hay, needle);
    }
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        let mut i = 0;
        while i + 16 <= hay.len() {
            // SAFETY: SSE2 is in the x86-64 baseline; the load reads hay[i..i + 16], in bounds.
            let mask = unsafe {
                let x = _mm_loadu_si128(hay.as_ptr().add(i).cast::<__m128i>());
                _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(needle as i8))) as u32
            };
            if mask != 0 {
                return Some(i + mask.trailing_zeros() as usize);
            }
            i += 16;
        }
        find_byte_swar(&hay[i..], needle).map(|p| p + i)
    }
    #[cfg(not(target_arch = "x86_64"))]
    find_byte_swar(hay, needle)
}

/// [`find_byte`] eight bytes at a time.
fn find_byte_swar(hay: &[u8], needle: u8) -> Option<usize> {
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
        // Pseudo-random bytes, every value present; lengths and offsets past several SIMD blocks.
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
        // Every 6-bit value in every position of a 16-character block.
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
    fn finds_bytes() {
        let hay = b"abcdefghijklmnop.qrstuvwxyz.0123456789abcdefghijklmnopqrst.uvwxyz";
        for n in 0..hay.len() {
            for m in n..hay.len() {
                let want = hay[n..m].iter().position(|&b| b == b'.');
                assert_eq!(find_byte(&hay[n..m], b'.'), want);
                assert_eq!(find_byte_swar(&hay[n..m], b'.'), want);
            }
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
