//! Timing check, dudect-style: rejecting a forged signature must take the same time
//! whichever byte of the signature is wrong, so an attacker cannot learn the genuine HMAC one byte at a
//! time by watching how long a refusal takes.
//!
//! Method (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", DATE 2017):
//! two classes of forged tokens of identical length, interleaved at random, each `oo_jwt::verify` call
//! timed on its own; the measurements are cropped at a series of upper percentiles (timing noise is
//! one-sided: interrupts and preemption only ever add time) and Welch's t-statistic is computed for
//! every crop. The code is judged constant-time when max |t| < 4.5, dudect's threshold.
//!
//! The tests are `#[ignore]`d (they are statistics, not unit tests); run them with
//! `cargo test --release --test main timing:: -- --ignored --nocapture` (`make test-timing`).
//! `OO_TIMING_SAMPLES` sets the samples per class (default 200 000).
//!
//! A comparison over the threshold is measured again, up to 3 times in all, and fails only when every
//! attempt is over it: on a shared machine a burst of noise can push one of the 101 crops past 4.5
//! once, whereas a real leak shows on every attempt (the positive control's |t| is in the hundreds).
//!
//! A positive control runs the same harness on `verify` followed by a deliberately leaky, early-exit
//! comparison: it must be detected (|t| well above 4.5), which shows the harness has the power to see
//! a leak of a few nanoseconds behind the noise of a full `verify`.

use oo_jwt::{jwt, verify, Algorithm, ErrorKind, Options};
use std::hint::black_box;

const THRESHOLD: f64 = 4.5;
const DEFAULT_SAMPLES: usize = 200_000;
const WARMUP: usize = 20_000;
/// Distinct forged tokens per class; each measurement picks one at random.
const POOL: usize = 256;
/// Crops, as in dudect: the measurements below the 1 - 0.5^(10 (k+1) / CROPS) percentile.
const CROPS: usize = 100;

/// xorshift64*: enough randomness to interleave the classes, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn byte_nonzero(&mut self) -> u8 {
        loop {
            let b = (self.next() >> 56) as u8;
            if b != 0 {
                return b;
            }
        }
    }
}

/// Canonical unpadded base64url, written here so that the test does not lean on the code it checks.
fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A cycle counter where there is one (rdtsc, fenced), else the monotonic clock in nanoseconds.
#[inline(always)]
fn ticks() -> u64 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: lfence and rdtsc exist on every x86_64 CPU and touch no memory.
    unsafe {
        use core::arch::x86_64::{_mm_lfence, _rdtsc};
        _mm_lfence();
        let t = _rdtsc();
        _mm_lfence();
        t
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        use std::sync::OnceLock;
        use std::time::Instant;
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_nanos() as u64
    }
}

/// Welch's t-test, accumulated online (Welford), as dudect does.
#[derive(Clone, Default)]
struct TTest {
    n: [f64; 2],
    mean: [f64; 2],
    m2: [f64; 2],
}

impl TTest {
    fn push(&mut self, class: usize, x: f64) {
        self.n[class] += 1.0;
        let d = x - self.mean[class];
        self.mean[class] += d / self.n[class];
        self.m2[class] += d * (x - self.mean[class]);
    }
    fn t(&self) -> f64 {
        if self.n[0] < 2.0 || self.n[1] < 2.0 {
            return 0.0;
        }
        let v0 = self.m2[0] / (self.n[0] - 1.0);
        let v1 = self.m2[1] / (self.n[1] - 1.0);
        let se = (v0 / self.n[0] + v1 / self.n[1]).sqrt();
        if se == 0.0 {
            return 0.0;
        }
        (self.mean[0] - self.mean[1]) / se
    }
}

/// The genuine token and what is needed to forge ones that differ from it in chosen places.
struct Setup {
    secret: Vec<u8>,
    signing_input: String,
    mac: Vec<u8>,
    opts: Options,
}

fn setup() -> Setup {
    let secret = b"kT9vQ2mX7rL4pW8zN3bF6hJ1sD5gA0cE".to_vec(); // 32 random-looking bytes
                                                               // A Docs-like callback of ~300 bytes.
    let payload = concat!(
        r#"{"key":"Khirz6zTPdfd7-2026-11-22","status":2,"#,
        r#""url":"https://documentserver/cache/files/data/Khirz6zTPdfd7_1234/output.docx/output.docx","#,
        r#""changesurl":"https://documentserver/cache/files/data/Khirz6zTPdfd7_1234/changes.zip/changes.zip","#,
        r#""users":["6d5a81d0"],"actions":[{"type":0,"userid":"78e1e841"}],"lastsave":"2026-11-22T09:00:00.000Z"}"#
    );
    assert!(
        (280..=340).contains(&payload.len()),
        "payload is {} bytes",
        payload.len()
    );
    let opts = Options {
        now: Some(1_800_000_000),
        ..Default::default()
    };
    let token = oo_jwt::sign(payload.as_bytes(), &secret, &opts).unwrap();
    verify(token.as_bytes(), &secret, &opts).expect("the genuine token verifies");
    let dot = token.rfind('.').unwrap();
    let signing_input = token[..dot].to_string();
    let mac = jwt::hmac(Algorithm::HS256, &secret, signing_input.as_bytes()).unwrap();
    assert_eq!(
        b64url(&mac),
        token[dot + 1..],
        "test encoder agrees with the signer"
    );
    Setup {
        secret,
        signing_input,
        mac,
        opts,
    }
}

/// How a forged signature is made from the genuine one.
#[derive(Clone, Copy, Debug)]
enum Forge {
    /// The first byte differs (by a random non-zero xor), the other 31 are genuine.
    FirstByte,
    /// The last byte differs, the first 31 are genuine.
    LastByte,
    /// 32 random bytes.
    Random,
}

impl Forge {
    fn name(self) -> &'static str {
        match self {
            Forge::FirstByte => "byte 0 differs",
            Forge::LastByte => "byte 31 differs",
            Forge::Random => "wholly random",
        }
    }
}

struct Forged {
    token: Vec<u8>,
    signature: Vec<u8>,
}

fn forge(s: &Setup, how: Forge, rng: &mut Rng) -> Vec<Forged> {
    (0..POOL)
        .map(|_| {
            let mut sig = s.mac.clone();
            match how {
                Forge::FirstByte => sig[0] ^= rng.byte_nonzero(),
                Forge::LastByte => sig[31] ^= rng.byte_nonzero(),
                Forge::Random => {
                    while sig == s.mac {
                        sig.iter_mut().for_each(|b| *b = rng.next() as u8);
                    }
                }
            }
            let token = format!("{}.{}", s.signing_input, b64url(&sig)).into_bytes();
            let e = verify(&token, &s.secret, &s.opts).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BadSignature, "{how:?}: {e}");
            Forged {
                token,
                signature: sig,
            }
        })
        .collect()
}

/// The comparison this library must NOT use: returns at the first differing byte.
#[inline(never)]
fn leaky_eq(a: &[u8], b: &[u8]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    a.len() == b.len()
}

struct Report {
    samples: [usize; 2],
    /// (label, n0, n1, mean0, mean1, |t|) for a few crops, for the table.
    rows: Vec<(String, usize, usize, f64, f64, f64)>,
    max_t: f64,
    max_at: String,
}

/// Measures `classes[0]` against `classes[1]`, `n` samples each, randomly interleaved.
/// `leak`: also run the leaky comparison after `verify` (the positive control).
fn measure(s: &Setup, classes: [&[Forged]; 2], n: usize, leak: bool, rng: &mut Rng) -> Report {
    let run = |f: &Forged| {
        let r = verify(black_box(&f.token), &s.secret, &s.opts);
        let bad = matches!(&r, Err(e) if e.kind() == ErrorKind::BadSignature);
        if leak {
            black_box(leaky_eq(&f.signature, &s.mac));
        }
        black_box(r.is_err() && bad)
    };
    // Warm-up: caches, branch predictors, the key cache, CPU frequency.
    for i in 0..WARMUP {
        let class = classes[i & 1];
        black_box(run(&class[rng.next() as usize % POOL]));
    }
    // Both classes in one random order: exactly n of each.
    let mut order: Vec<u8> = (0..2 * n).map(|i| (i >= n) as u8).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.next() as usize % (i + 1));
    }
    let picks: Vec<usize> = (0..2 * n).map(|_| rng.next() as usize % POOL).collect();
    let mut times = vec![0u64; 2 * n];
    // Every measurement verifies the same buffer (the chosen token copied in, untimed), so that
    // the two classes never differ by where their bytes sit in memory.
    let mut buf = Forged {
        token: classes[0][0].token.clone(),
        signature: classes[0][0].signature.clone(),
    };
    for i in 0..2 * n {
        let f = &classes[order[i] as usize][picks[i]];
        buf.token.copy_from_slice(&f.token);
        buf.signature.copy_from_slice(&f.signature);
        let t0 = ticks();
        let ok = run(black_box(&buf));
        let t1 = ticks();
        assert!(ok, "a forged token was not refused with bad_signature");
        times[i] = t1.wrapping_sub(t0);
    }
    // Crop thresholds from the pooled distribution, as dudect's prepare_percentiles.
    let mut sorted = times.clone();
    sorted.sort_unstable();
    let pct = |q: f64| sorted[((q * sorted.len() as f64) as usize).min(sorted.len() - 1)] as f64;
    let mut crops: Vec<(String, f64)> = vec![("none".into(), f64::INFINITY)];
    for k in 0..CROPS {
        let q = 1.0 - 0.5f64.powf(10.0 * (k as f64 + 1.0) / CROPS as f64);
        crops.push((format!("p{:.2}", 100.0 * q), pct(q)));
    }
    let mut tests = vec![TTest::default(); crops.len()];
    for i in 0..2 * n {
        let (c, x) = (order[i] as usize, times[i] as f64);
        for (t, (_, limit)) in tests.iter_mut().zip(&crops) {
            if x < *limit || limit.is_infinite() {
                t.push(c, x);
            }
        }
    }
    let mut max_t = 0.0f64;
    let mut max_at = String::new();
    let mut rows = Vec::new();
    let shown = [0usize, 5, 10, 20, 40, 70, 100];
    for (k, (t, (label, _))) in tests.iter().zip(&crops).enumerate() {
        let a = t.t().abs();
        if a > max_t {
            max_t = a;
            max_at = label.clone();
        }
        if shown.contains(&k) {
            rows.push((
                label.clone(),
                t.n[0] as usize,
                t.n[1] as usize,
                t.mean[0],
                t.mean[1],
                a,
            ));
        }
    }
    Report {
        samples: [n, n],
        rows,
        max_t,
        max_at,
    }
}

fn samples() -> usize {
    std::env::var("OO_TIMING_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n >= 1000)
        .unwrap_or(DEFAULT_SAMPLES)
}

fn print(title: &str, names: [&str; 2], r: &Report) {
    let unit = if cfg!(target_arch = "x86_64") {
        "cycles"
    } else {
        "ns"
    };
    println!("\n{title}: class A = {}, class B = {}", names[0], names[1]);
    println!(
        "  {:>8} | {:>9} | {:>9} | {:>11} | {:>11} | {:>7}",
        "crop",
        "n A",
        "n B",
        format!("mean A {unit}"),
        format!("mean B {unit}"),
        "|t|"
    );
    for (label, n0, n1, m0, m1, t) in &r.rows {
        println!("  {label:>8} | {n0:>9} | {n1:>9} | {m0:>11.1} | {m1:>11.1} | {t:>7.2}");
    }
    println!(
        "  samples {} + {}, max |t| = {:.2} (at crop {}), threshold {THRESHOLD}: {}",
        r.samples[0],
        r.samples[1],
        r.max_t,
        r.max_at,
        if r.max_t < THRESHOLD {
            "no leak detected"
        } else {
            "LEAK DETECTED"
        }
    );
}

/// The tests share two cores with everything else: never let them measure at the same time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Attempts before a result over the threshold counts: on a shared machine one burst of noise in
/// one of the 101 crops can reach 4.5; a real leak does so on every attempt.
const ATTEMPTS: usize = 3;

/// The smallest max |t| over up to `ATTEMPTS` independent measurements (stopping at the first
/// one under the threshold).
fn compare(a: Forge, b: Forge, seed: u64) -> f64 {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = setup();
    let mut rng = Rng(seed);
    let ca = forge(&s, a, &mut rng);
    let cb = forge(&s, b, &mut rng);
    let mut best = f64::INFINITY;
    for attempt in 1..=ATTEMPTS {
        let r = measure(&s, [&ca, &cb], samples(), false, &mut rng);
        let title = format!("verify, HS256, ~300-byte payload (attempt {attempt}/{ATTEMPTS})");
        print(&title, [a.name(), b.name()], &r);
        best = best.min(r.max_t);
        if r.max_t < THRESHOLD {
            break;
        }
    }
    best
}

#[test]
#[ignore = "statistical timing check: cargo test --release --test main timing:: -- --ignored --nocapture"]
fn rejection_time_does_not_depend_on_which_signature_byte_differs() {
    let t = compare(Forge::FirstByte, Forge::LastByte, 0x9E37_79B9_7F4A_7C15);
    assert!(
        t < THRESHOLD,
        "max |t| = {t:.2} >= {THRESHOLD}: rejection time depends on where the signature differs \
         (rerun on a quiet machine before concluding)"
    );
}

#[test]
#[ignore = "statistical timing check: cargo test --release --test main timing:: -- --ignored --nocapture"]
fn rejection_time_is_the_same_for_a_near_miss_and_a_random_signature() {
    let t = compare(Forge::FirstByte, Forge::Random, 0xD1B5_4A32_D192_ED03);
    assert!(
        t < THRESHOLD,
        "max |t| = {t:.2} >= {THRESHOLD}: rejection time depends on the signature's content \
         (rerun on a quiet machine before concluding)"
    );
}

#[test]
#[ignore = "statistical timing check: cargo test --release --test main timing:: -- --ignored --nocapture"]
fn calibration_two_pools_of_the_same_class_look_alike() {
    // A/A test: both classes are "byte 0 differs" (independent pools). Any |t| here is the
    // harness's own false-positive level on this machine.
    let t = compare(Forge::FirstByte, Forge::FirstByte, 0xA076_1D64_78BD_642F);
    assert!(
        t < THRESHOLD,
        "A/A max |t| = {t:.2}: the machine is too noisy to judge"
    );
}

#[test]
#[ignore = "statistical timing check: cargo test --release --test main timing:: -- --ignored --nocapture"]
fn harness_detects_a_leaky_comparison() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = setup();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let ca = forge(&s, Forge::FirstByte, &mut rng);
    let cb = forge(&s, Forge::LastByte, &mut rng);
    let r = measure(&s, [&ca, &cb], samples(), true, &mut rng);
    print(
        "positive control: verify + an early-exit byte comparison",
        [Forge::FirstByte.name(), Forge::LastByte.name()],
        &r,
    );
    assert!(
        r.max_t >= THRESHOLD,
        "the harness did not detect a 32-byte early-exit comparison (max |t| = {:.2}): it has too \
         little power on this machine to vouch for the other results",
        r.max_t
    );
}
