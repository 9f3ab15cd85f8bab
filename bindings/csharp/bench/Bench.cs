// make bench: OoJwt against what JWT.NET (the library of ONLYOFFICE's C# example) is built on,
// HMACSHA256 + Newtonsoft.Json, on a ~300-byte Docs callback payload, in one run. Prints ns/op and ratios.
// Usage: mono Bench.exe [ITERATIONS]; OO_JWT_BENCH_JSON=<file> also writes the sign/verify figures there
// as JSON (for benches/report.py).
//
// The peer follows JWT.NET's own steps: sign = serialize header and payload with Newtonsoft, base64url,
// HMACSHA256 (a new instance per call, as JWT.NET's HMACSHA256Algorithm does); verify = split, decode and
// deserialize the header, check alg, HMAC and compare, decode and deserialize the payload, check exp/nbf.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using OoJwt;

internal static class Bench
{
    private const string Payload =
        "{\"key\":\"Khirz6zTPdfd7-4912\",\"status\":2,\"url\":\"https://docs.example.com/cache/files/Khirz6zTPdfd7_4912/" +
        "output.docx/output.docx?md5=Ks3pBo2YXXzCX5t5Wm2rbg&expires=1700003600&filename=output.docx\"," +
        "\"users\":[\"78e1e841\"],\"actions\":[{\"type\":0,\"userid\":\"78e1e841\"}],\"filetype\":\"docx\",\"notmodified\":false}";

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("outbox-secret-Rk5Tz8Wm2Qn6Yc1Jd0Xp");

    // ---- the peer -------------------------------------------------------------------------------
    private static string B64Url(byte[] b)
    {
        return Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static byte[] FromB64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        switch (s.Length % 4) { case 2: s += "=="; break; case 3: s += "="; break; }
        return Convert.FromBase64String(s);
    }

    private static readonly Dictionary<string, object> Header = new Dictionary<string, object> { { "alg", "HS256" }, { "typ", "JWT" } };

    private static string PeerSign(object payload, byte[] key)
    {
        string head = B64Url(Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(Header)));
        string body = B64Url(Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(payload)));
        string input = head + "." + body;
        using (var h = new HMACSHA256(key))
            return input + "." + B64Url(h.ComputeHash(Encoding.UTF8.GetBytes(input)));
    }

    private static string PeerVerify(string token, byte[] key, out Dictionary<string, object> claims)
    {
        string[] parts = token.Split('.');
        if (parts.Length != 3) throw new FormatException("token must have 3 parts");
        var header = JsonConvert.DeserializeObject<Dictionary<string, object>>(Encoding.UTF8.GetString(FromB64Url(parts[0])));
        if ((string)header["alg"] != "HS256") throw new InvalidOperationException("alg");
        byte[] sig = FromB64Url(parts[2]);
        byte[] mac;
        using (var h = new HMACSHA256(key))
            mac = h.ComputeHash(Encoding.UTF8.GetBytes(parts[0] + "." + parts[1]));
        int diff = sig.Length ^ mac.Length;
        for (int i = 0; i < mac.Length && i < sig.Length; i++) diff |= sig[i] ^ mac[i];
        if (diff != 0) throw new InvalidOperationException("signature");
        string json = Encoding.UTF8.GetString(FromB64Url(parts[1]));
        claims = JsonConvert.DeserializeObject<Dictionary<string, object>>(json);
        double now = (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        object v;
        if (claims.TryGetValue("exp", out v) && Convert.ToDouble(v) <= now) throw new InvalidOperationException("expired");
        if (claims.TryGetValue("nbf", out v) && Convert.ToDouble(v) > now) throw new InvalidOperationException("nbf");
        return json;
    }

    // ---- the core alone: the same C calls with the inputs already in UTF-8 and no result copied, to
    // show how much of OoJwt's time is the wrapper's (conversions, two P/Invoke transitions).
    [DllImport("oo_jwt", CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe int oo_sign(byte* p, UIntPtr pl, byte* k, UIntPtr kl, void* o, IntPtr* r, IntPtr* e);

    [DllImport("oo_jwt", CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe int oo_verify(byte* t, UIntPtr tl, byte* k, UIntPtr kl, void* o, IntPtr* r, IntPtr* e);

    [DllImport("oo_jwt", CallingConvention = CallingConvention.Cdecl)]
    private static extern void oo_free(IntPtr p);

    [DllImport("oo_jwt", CallingConvention = CallingConvention.Cdecl)]
    private static extern uint oo_abi_version();

    private static unsafe int RawSign(byte[] payload, byte[] key)
    {
        IntPtr r;
        int rc;
        fixed (byte* p = payload, k = key) rc = oo_sign(p, (UIntPtr)payload.Length, k, (UIntPtr)key.Length, null, &r, null);
        oo_free(r);
        return rc;
    }

    private static unsafe int RawVerify(byte[] token, byte[] key)
    {
        IntPtr r;
        int rc;
        fixed (byte* t = token, k = key) rc = oo_verify(t, (UIntPtr)token.Length, k, (UIntPtr)key.Length, null, &r, null);
        oo_free(r);
        return rc;
    }

    // ---- the floor: what any P/Invoke wrapper of this API must pay, each part alone. The wrapper takes
    // and returns JSON text, so its JSON step is the text's transcoding between .NET's UTF-16 strings and
    // the UTF-8 the core takes and returns.
    private static uint RoundTrip()
    {
        uint v = oo_abi_version();
        oo_free(IntPtr.Zero);
        return v;
    }

    // oo_sign on bytes prepared beforehand, the token read out as the string the caller gets, oo_free.
    private static unsafe string CallSign(byte[] payload, byte[] key)
    {
        IntPtr r;
        fixed (byte* p = payload, k = key)
            if (oo_sign(p, (UIntPtr)payload.Length, k, (UIntPtr)key.Length, null, &r, null) != 0) throw new Exception("oo_sign");
        try
        {
            byte* t = (byte*)r;
            return Encoding.UTF8.GetString(t, StrLen(t));
        }
        finally
        {
            oo_free(r);
        }
    }

    // oo_verify on the token's bytes prepared beforehand, the claims text located (its length) and freed;
    // turning that text into a string is the JSON step (VerifyJson).
    private static unsafe int CallVerify(byte[] token, byte[] key)
    {
        IntPtr r;
        fixed (byte* t = token, k = key)
            if (oo_verify(t, (UIntPtr)token.Length, k, (UIntPtr)key.Length, null, &r, null) != 0) throw new Exception("oo_verify");
        int n = StrLen((byte*)r);
        oo_free(r);
        return n;
    }

    // Call and JSON step in one function, as a wrapper with no overhead of its own would run them (the parts
    // timed apart, each in its own hot loop, add up to less).
    private static string CallSignWhole(string payload, byte[] key) => CallSign(SignJson(payload), key);

    private static unsafe string CallVerifyWhole(byte[] token, byte[] key)
    {
        IntPtr r;
        fixed (byte* t = token, k = key)
            if (oo_verify(t, (UIntPtr)token.Length, k, (UIntPtr)key.Length, null, &r, null) != 0) throw new Exception("oo_verify");
        try
        {
            return Encoding.UTF8.GetString((byte*)r, StrLen((byte*)r));
        }
        finally
        {
            oo_free(r);
        }
    }

    private static byte[] SignJson(string payload) => Encoding.UTF8.GetBytes(payload);

    private static string VerifyJson(byte[] claims) => Encoding.UTF8.GetString(claims);

    // strlen eight bytes at a time, as the wrapper reads its results (a byte loop is slower under Mono's JIT).
    private static unsafe int StrLen(byte* s)
    {
        byte* p = s;
        for (; ((ulong)p & 7) != 0; p++) if (*p == 0) return (int)(p - s);
        ulong* w = (ulong*)p;
        while (((*w - 0x0101010101010101UL) & ~*w & 0x8080808080808080UL) == 0) w++;
        for (p = (byte*)w; *p != 0; p++) { }
        return (int)(p - s);
    }

    // ---- timing ---------------------------------------------------------------------------------
    // Wall time is what a user sees, but this 2-core machine is shared: the CPU time of the process (all
    // its threads, so the garbage collector's work is counted) is the steadier figure, and the ratios
    // use it.
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Sec; public long Nsec; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGettime(int clock, out Timespec t);

    private const int ClockProcessCputimeId = 2; // Linux

    private static double CpuMs()
    {
        Timespec t;
        if (ClockGettime(ClockProcessCputimeId, out t) != 0) throw new InvalidOperationException("clock_gettime");
        return t.Sec * 1e3 + t.Nsec / 1e6;
    }

    private sealed class Case
    {
        public string Name;
        public Func<object> Op;
        public int Iterations;
        public readonly List<double> Cpu = new List<double>();
        public readonly List<double> Wall = new List<double>();
    }

    private static double Median(IEnumerable<double> xs)
    {
        var l = xs.OrderBy(x => x).ToList();
        return l[l.Count / 2];
    }

    // The cases are measured in turn within each round (ours, peer, ours, peer, ...), so that a burst of
    // load from the other users of the machine hits both sides alike; medians over the rounds.
    private static void Measure(List<Case> cases, int rounds)
    {
        foreach (Case c in cases)
            for (int i = 0; i < Math.Max(2000, c.Iterations / 5); i++) c.Op(); // warm-up (JIT, caches)
        for (int r = 0; r < rounds; r++)
            foreach (Case c in cases)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double c0 = CpuMs();
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < c.Iterations; i++) c.Op();
                sw.Stop();
                c.Cpu.Add((CpuMs() - c0) * 1e6 / c.Iterations);
                c.Wall.Add(sw.Elapsed.TotalMilliseconds * 1e6 / c.Iterations);
            }
        foreach (Case c in cases)
            Console.WriteLine("  {0,-50} {1,8:F0} ns/op CPU  {2,8:F0} ns/op wall  (median of {3} x {4})",
                              c.Name, Median(c.Cpu), Median(c.Wall), rounds, c.Iterations);
    }

    // Median over the rounds of peer/ours measured in the same round.
    private static double Ratio(Case peer, Case ours)
    {
        return Median(peer.Cpu.Zip(ours.Cpu, (p, o) => p / o));
    }

    private static int Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 20000;
        var payloadObject = JsonConvert.DeserializeObject<Dictionary<string, object>>(Payload);
        long now = (long)(DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        string token = Jwt.Sign(Payload, Secret, new JwtOptions { ExpiresIn = 3600, Now = now });
        string claimsJson = Jwt.Verify(token, Secret);

        // Both sides accept each other's tokens and agree on the claims before anything is timed.
        Dictionary<string, object> peerClaims;
        if (PeerVerify(token, Secret, out peerClaims) != claimsJson) throw new Exception("peer rejects or changes our token");
        var withExp = JsonConvert.DeserializeObject<Dictionary<string, object>>(claimsJson);
        if (Jwt.Verify(PeerSign(withExp, Secret), Secret) != claimsJson) throw new Exception("we reject the peer's token");
        if (PeerSign(payloadObject, Secret) != Jwt.Sign(Payload, Secret)) throw new Exception("tokens differ");

        Console.WriteLine("C# (Mono {0}) OoJwt {1} vs HMACSHA256 + Newtonsoft.Json {2}; payload {3} bytes, token {4} bytes; {5} cores",
                          MonoVersion(), Jwt.Version, typeof(JsonConvert).Assembly.GetName().Version,
                          Encoding.UTF8.GetByteCount(Payload), token.Length, Environment.ProcessorCount);
        byte[] payloadBytes = Encoding.UTF8.GetBytes(Payload), tokenBytes = Encoding.UTF8.GetBytes(token);
        if (RawSign(payloadBytes, Secret) != 0 || RawVerify(tokenBytes, Secret) != 0) throw new Exception("raw calls fail");
        const int Rounds = 7;

        Console.WriteLine("sign:");
        var oursSign = new Case { Name = "OoJwt Jwt.Sign(json)", Op = () => Jwt.Sign(Payload, Secret), Iterations = n };
        var peerSign = new Case { Name = "peer: Newtonsoft serialize + HMACSHA256 (object)", Op = () => PeerSign(payloadObject, Secret), Iterations = n / 4 };
        var rawSign = new Case { Name = "(core alone: raw oo_sign + oo_free, UTF-8 in)", Op = () => RawSign(payloadBytes, Secret), Iterations = n };
        var oursSignObj = new Case { Name = "OoJwt: JsonConvert.SerializeObject + Jwt.Sign", Op = () => Jwt.Sign(JsonConvert.SerializeObject(payloadObject), Secret), Iterations = n / 2 };
        Measure(new List<Case> { oursSign, peerSign, rawSign, oursSignObj }, Rounds);

        Console.WriteLine("verify:");
        var oursVerify = new Case { Name = "OoJwt Jwt.Verify -> claims JSON", Op = () => Jwt.Verify(token, Secret), Iterations = n };
        var peerVerify = new Case { Name = "peer: HMACSHA256 + Newtonsoft parse, exp check", Op = () => { Dictionary<string, object> c; return PeerVerify(token, Secret, out c); }, Iterations = n / 4 };
        var rawVerify = new Case { Name = "(core alone: raw oo_verify + oo_free, UTF-8 in)", Op = () => RawVerify(tokenBytes, Secret), Iterations = n };
        var oursVerifyDict = new Case { Name = "OoJwt: Jwt.Verify + JsonConvert -> Dictionary",
                                        Op = () => JsonConvert.DeserializeObject<Dictionary<string, object>>(Jwt.Verify(token, Secret)), Iterations = n / 2 };
        Measure(new List<Case> { oursVerify, peerVerify, rawVerify, oursVerifyDict }, Rounds);

        Console.WriteLine("floor (the same payload and token; P/Invoke as the wrapper declares it):");
        byte[] claimsBytes = Encoding.UTF8.GetBytes(claimsJson);
        if (CallSign(payloadBytes, Secret) != Jwt.Sign(Payload, Secret) || CallVerify(tokenBytes, Secret) != claimsBytes.Length)
            throw new Exception("direct calls disagree with the wrapper");
        var roundTrip = new Case { Name = "round trip: oo_abi_version() + oo_free(NULL)", Op = () => RoundTrip(), Iterations = n * 10 };
        var floorSign = new Case { Name = "oo_sign direct (UTF-8 in, token read out, oo_free)", Op = () => CallSign(payloadBytes, Secret), Iterations = n };
        var floorSignJson = new Case { Name = "JSON step of sign: payload text -> UTF-8", Op = () => SignJson(Payload), Iterations = n * 10 };
        var floorVerify = new Case { Name = "oo_verify direct (UTF-8 in, claims located, oo_free)", Op = () => CallVerify(tokenBytes, Secret), Iterations = n };
        var floorVerifyJson = new Case { Name = "JSON step of verify: claims UTF-8 -> text", Op = () => VerifyJson(claimsBytes), Iterations = n * 10 };
        var floorOursSign = new Case { Name = "OoJwt Jwt.Sign(json) (again, beside its floor)", Op = () => Jwt.Sign(Payload, Secret), Iterations = n };
        var floorOursVerify = new Case { Name = "OoJwt Jwt.Verify (again, beside its floor)", Op = () => Jwt.Verify(token, Secret), Iterations = n };
        var floorOursVerifyBytes = new Case { Name = "OoJwt Jwt.Verify, the token as UTF-8 bytes", Op = () => Jwt.Verify(tokenBytes, Secret), Iterations = n };
        var floorSignWhole = new Case { Name = "(call + JSON step of sign in one function)", Op = () => CallSignWhole(Payload, Secret), Iterations = n };
        var floorVerifyWhole = new Case { Name = "(call + JSON step of verify in one function)", Op = () => CallVerifyWhole(tokenBytes, Secret), Iterations = n };
        Measure(new List<Case> { roundTrip, floorOursSign, floorSign, floorSignJson, floorSignWhole, floorOursVerify, floorVerify, floorVerifyJson,
                                 floorVerifyWhole, floorOursVerifyBytes }, Rounds);
        // Overhead per round (wrapper - call - json, all from the same round), median over the rounds.
        Func<Case, Case, Case, double> overhead = (w, call, json) =>
            Median(Enumerable.Range(0, Rounds).Select(i => (w.Cpu[i] - call.Cpu[i] - json.Cpu[i]) / (call.Cpu[i] + json.Cpu[i])));
        double signOver = overhead(floorOursSign, floorSign, floorSignJson), verifyOver = overhead(floorOursVerify, floorVerify, floorVerifyJson);
        Console.WriteLine("  wrapper overhead above the floor (call + JSON step), CPU time, goal <= 15%: sign {0:F1}%, verify {1:F1}% "
                          + "(token as bytes: {2:F1}%)  (round trip {3:F0} ns)",
                          100 * signOver, 100 * verifyOver, 100 * overhead(floorOursVerifyBytes, floorVerify, floorVerifyJson), Median(roundTrip.Cpu));
        Func<Case, Case, double> overWhole = (w, whole) => Median(Enumerable.Range(0, Rounds).Select(i => (w.Cpu[i] - whole.Cpu[i]) / whole.Cpu[i]));
        Console.WriteLine("  against call + JSON step run in one function: sign {0:F1}%, verify {1:F1}% (token as bytes: {2:F1}%)",
                          100 * overWhole(floorOursSign, floorSignWhole), 100 * overWhole(floorOursVerify, floorVerifyWhole),
                          100 * overWhole(floorOursVerifyBytes, floorVerifyWhole));

        Console.WriteLine("ratio, CPU time (peer / OoJwt, median of the per-round ratios; higher is better; goal >= 8x):");
        Console.WriteLine("  sign   {0,5:F1}x   (the caller's own SerializeObject included: {1:F1}x; core alone: {2:F1}x)",
                          Ratio(peerSign, oursSign), Ratio(peerSign, oursSignObj), Ratio(peerSign, rawSign));
        Console.WriteLine("  verify {0,5:F1}x   (the caller's own DeserializeObject included: {1:F1}x; core alone: {2:F1}x)",
                          Ratio(peerVerify, oursVerify), Ratio(peerVerify, oursVerifyDict), Ratio(peerVerify, rawVerify));
        string jsonOut = Environment.GetEnvironmentVariable("OO_JWT_BENCH_JSON");
        if (!string.IsNullOrEmpty(jsonOut))
        {
            Func<string, Case, Case, object> row = (op, ours, peer) => new Dictionary<string, object> {
                { "op", op }, { "ns_per_op", Median(ours.Cpu) }, { "peer_ns_per_op", Median(peer.Cpu) }, { "ratio", Ratio(peer, ours) } };
            var report = new Dictionary<string, object> {
                { "language", "C#" },
                { "peer", "JWT.NET's way: HMACSHA256 + Newtonsoft.Json " + typeof(JsonConvert).Assembly.GetName().Version },
                { "payload_bytes", Encoding.UTF8.GetByteCount(Payload) },
                { "measure", string.Format("CPU time, median of {0} interleaved rounds", Rounds) },
                { "runtime", "Mono " + MonoVersion() },
                { "rows", new List<object> {
                    row("sign", oursSign, peerSign), row("verify", oursVerify, peerVerify),
                    row("sign (+ SerializeObject)", oursSignObj, peerSign), row("verify (Dictionary out)", oursVerifyDict, peerVerify) } },
                { "floor", new Dictionary<string, object> {
                    { "method", "CPU time per call, median of " + Rounds + " interleaved rounds in this run: the round trip is oo_abi_version() "
                                + "then oo_free(NULL) through the same [DllImport] P/Invoke the wrapper uses; call_ns is oo_sign/oo_verify "
                                + "called directly on UTF-8 bytes prepared beforehand (no options, as the rows), reading the token out as a "
                                + "string or the claims' length, then oo_free; the wrapper takes and returns JSON text, so json_ns is that "
                                + "text's transcoding (payload string to UTF-8 for sign, claims UTF-8 to string for verify, Encoding.UTF8); "
                                + "wrapper_ns is Jwt.Sign/Jwt.Verify (the token as a string) measured beside them in the same rounds; "
                                + "wrapper_token_bytes_ns is Jwt.Verify given the token as the UTF-8 bytes received; call_and_json_in_one_ns is the "
                                + "call and the JSON step run together in one function (timed apart, in their own loops, they add up to less)" },
                    { "round_trip_ns", Median(roundTrip.Cpu) },
                    { "sign", new Dictionary<string, object> {
                        { "wrapper_ns", Median(floorOursSign.Cpu) }, { "call_ns", Median(floorSign.Cpu) }, { "json_ns", Median(floorSignJson.Cpu) },
                        { "call_and_json_in_one_ns", Median(floorSignWhole.Cpu) } } },
                    { "verify", new Dictionary<string, object> {
                        { "wrapper_ns", Median(floorOursVerify.Cpu) }, { "call_ns", Median(floorVerify.Cpu) }, { "json_ns", Median(floorVerifyJson.Cpu) },
                        { "call_and_json_in_one_ns", Median(floorVerifyWhole.Cpu) }, { "wrapper_token_bytes_ns", Median(floorOursVerifyBytes.Cpu) } } } } } };
            System.IO.File.WriteAllText(jsonOut, JsonConvert.SerializeObject(report, Formatting.Indented));
        }
        return 0;
    }

    private static string MonoVersion()
    {
        Type t = Type.GetType("Mono.Runtime");
        if (t == null) return Environment.Version.ToString();
        var m = t.GetMethod("GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        return m == null ? "?" : ((string)m.Invoke(null, null)).Split(' ')[0];
    }
}
