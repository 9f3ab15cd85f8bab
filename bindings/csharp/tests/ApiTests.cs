using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>The public API on the real library: overloads, nulls, errors, type conversions.</summary>
    [TestFixture]
    public class ApiTests
    {
        private static readonly byte[] Key = Encoding.UTF8.GetBytes("api-test-secret-0123456789");
        private static readonly JwtOptions At = new JwtOptions { Now = 1700000000 };

        private static JwtException Throws(TestDelegate d)
        {
            return Assert.Throws<JwtException>(d);
        }

        [Test]
        public void VersionIsTheCratesVersion()
        {
            string cargo = File.ReadAllText(Path.Combine(Paths.Root, "Cargo.toml"));
            string version = Regex.Match(cargo, "^version = \"([^\"]+)\"", RegexOptions.Multiline).Groups[1].Value;
            Assert.That(Jwt.Version, Is.EqualTo(version));
        }

        [Test]
        public void SignThenVerifyWithStringAndByteSecrets()
        {
            string t1 = Jwt.Sign("{\"key\":\"k\",\"status\":2}", "api-test-secret-0123456789");
            string t2 = Jwt.Sign("{\"key\":\"k\",\"status\":2}", Key);
            Assert.That(t1, Is.EqualTo(t2));
            Assert.That(t1, Is.StringStarting("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
            Assert.That(Jwt.Verify(t1, Key), Is.EqualTo("{\"key\":\"k\",\"status\":2}"));
            Assert.That(Jwt.Verify(t1, "api-test-secret-0123456789"), Is.EqualTo("{\"key\":\"k\",\"status\":2}"));
            Assert.That(Jwt.Verify(Encoding.ASCII.GetBytes(t1), Key), Is.EqualTo("{\"key\":\"k\",\"status\":2}"));
        }

        [Test]
        public void ErrorsCarryCodeNameAndTheCoresMessage()
        {
            string token = Jwt.Sign("{\"a\":1}", Key);
            JwtException e = Throws(() => Jwt.Verify(token, "another secret"));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.BadSignature));
            Assert.That(e.Status, Is.EqualTo(6));
            Assert.That(e.Name, Is.EqualTo("bad_signature"));
            Assert.That(e.Detail, Is.Not.Empty);
            Assert.That(e.Message, Is.EqualTo("bad_signature: " + e.Detail));

            e = Throws(() => Jwt.Sign("[1]", Key));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidJson));
            // Algorithm values the header does not have reach the core, which refuses them.
            e = Throws(() => Jwt.Sign("{}", Key, new JwtOptions { Algorithm = (Algorithm)8 }));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.UnsupportedAlg));
            Assert.That(Throws(() => Jwt.Sign("{}", Key, new JwtOptions { Algorithm = Algorithm.HS256 | Algorithm.HS384 })).Code,
                        Is.EqualTo(ErrorCode.UnsupportedAlg));
            e = Throws(() => Jwt.Verify(token, Key, new JwtOptions { Algorithms = Algorithm.HS256 | (Algorithm)0x100 }));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidArgument));
            // An empty allow-list is not "not given" (all three): the core refuses it.
            e = Throws(() => Jwt.Verify(token, Key, new JwtOptions { Algorithms = 0 }));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidArgument));
            Assert.That(e.Name, Is.EqualTo("invalid_argument"));
            e = Throws(() => Jwt.Verify(token, Key, new JwtOptions { Leeway = -1 }));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidArgument));
        }

        [Test]
        public void OptionsReachTheCore()
        {
            string t = Jwt.Sign("{\"a\":1}", Key, new JwtOptions { Algorithm = Algorithm.HS512, ExpiresIn = 30, Now = 1700000000 });
            UnverifiedToken u = Jwt.DecodeUnverified(t);
            Assert.That(u.Header, Is.EqualTo("{\"alg\":\"HS512\",\"typ\":\"JWT\"}"));
            Assert.That(u.Claims, Is.EqualTo("{\"a\":1,\"iat\":1700000000,\"exp\":1700000030}"));
            Assert.That(Jwt.Verify(t, Key, new JwtOptions { Now = 1700000089 }), Is.EqualTo(u.Claims)); // leeway 60
            Assert.That(Throws(() => Jwt.Verify(t, Key, new JwtOptions { Now = 1700000090 })).Code, Is.EqualTo(ErrorCode.Expired));
            Assert.That(Throws(() => Jwt.Verify(t, Key, new JwtOptions { Now = 1700000031, Leeway = 0 })).Code, Is.EqualTo(ErrorCode.Expired));
            Assert.That(Throws(() => Jwt.Verify(t, Key, new JwtOptions { Now = 1700000000, Algorithms = Algorithm.HS256 | Algorithm.HS384 })).Code,
                        Is.EqualTo(ErrorCode.UnsupportedAlg));
            Assert.That(Jwt.Verify(t, Key, new JwtOptions { Now = 1700000000, Algorithms = Algorithm.HS256 | Algorithm.HS512 }),
                        Is.EqualTo(u.Claims));
            Assert.That(Throws(() => Jwt.Verify(t, Key, new JwtOptions { MaxTokenLength = 10 })).Code, Is.EqualTo(ErrorCode.TooLarge));
            Assert.That(Throws(() => Jwt.Sign("{\"a\":12345}", Key, new JwtOptions { MaxJsonLength = 5 })).Code, Is.EqualTo(ErrorCode.TooLarge));
        }

        [Test]
        public void NullRequiredInputsAreEmptyInputsJudgedByTheCore()
        {
            Assert.That(Throws(() => Jwt.Sign(null, Key)).Code, Is.EqualTo(ErrorCode.InvalidJson));
            Assert.That(Throws(() => Jwt.Sign("{}", (byte[])null)).Code, Is.EqualTo(ErrorCode.EmptySecret));
            Assert.That(Throws(() => Jwt.Sign("{}", "")).Code, Is.EqualTo(ErrorCode.EmptySecret));
            Assert.That(Throws(() => Jwt.Verify((string)null, Key)).Code, Is.EqualTo(ErrorCode.Malformed));
            Assert.That(Throws(() => Jwt.DecodeUnverified("")).Code, Is.EqualTo(ErrorCode.Malformed));
        }

        [Test]
        public void EmbeddedNulsReachTheCore()
        {
            string t1 = Jwt.Sign("{\"a\":1}", new byte[] { 0x61 });
            string t2 = Jwt.Sign("{\"a\":1}", new byte[] { 0x61, 0x00, 0x62 });
            Assert.That(t1, Is.Not.EqualTo(t2));
            Assert.That(Throws(() => Jwt.Verify(t2, new byte[] { 0x61 })).Code, Is.EqualTo(ErrorCode.BadSignature));
            Assert.That(Jwt.Verify(t2, "a\0b"), Is.EqualTo("{\"a\":1}"));
            Assert.That(Throws(() => Jwt.Verify(t1 + "\0", new byte[] { 0x61 })).Code, Is.EqualTo(ErrorCode.Malformed));
            Assert.That(Throws(() => Jwt.Sign("{\"a\":1}\0", Key)).Code, Is.EqualTo(ErrorCode.InvalidJson));
        }

        [Test]
        public void NonAsciiTextIsUtf8BothWays()
        {
            // The core re-emits strings as JSON.stringify does: the \u00e9 escape becomes the character.
            string t = Jwt.Sign("{\"name\":\"Документ €😀\",\"k\":\"\\u00e9\"}", "clé secrète");
            Assert.That(Jwt.Verify(t, Encoding.UTF8.GetBytes("clé secrète")), Is.EqualTo("{\"name\":\"Документ €😀\",\"k\":\"é\"}"));
        }

        [Test]
        public void LoneSurrogatesAreRefusedNotReplaced()
        {
            JwtException e = Throws(() => Jwt.Sign("{\"a\":\"\ud800\"}", Key));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidArgument));
            Assert.That(e.Name, Is.EqualTo("invalid_argument"));
            Assert.That(Throws(() => Jwt.Verify("x", "\udc00")).Code, Is.EqualTo(ErrorCode.InvalidArgument));
        }

        [Test]
        public void ClaimsComeBackAsTheTokensJsonText()
        {
            // Numbers, escapes and member order exactly as signed: the wrapper parses nothing.
            string payload = "{\"s\":\"a\\\"b\u00e9\",\"big\":12345678901234567890,\"f\":1.5,\"e\":-0.25,\"n\":null,\"arr\":[1,\"x\",[],{}],\"o\":{\"k\":false}}";
            string t = Jwt.Sign(payload, Key);
            Assert.That(Jwt.Verify(t, Key), Is.EqualTo(payload));
            Assert.That(Json.Equal(Json.Parse(Jwt.Verify(t, Key)), Json.Parse(payload)), Is.True);
        }

        [Test]
        public void RequestsBothPlacementsRoundTrip()
        {
            var o = new JwtOptions { Now = 1700000000 };
            string body = Jwt.SignRequest("{\"c\":\"info\",\"key\":\"K\"}", Key, Placement.Body, o);
            Assert.That(body, Is.StringStarting("{\"c\":\"info\",\"key\":\"K\",\"token\":\"eyJ"));
            string p = Jwt.VerifyRequest(body, null, Key, o);
            Assert.That(Json.Equal(Json.Parse(p), Json.Parse("{\"c\":\"info\",\"key\":\"K\",\"iat\":1700000000,\"exp\":1700000300}")), Is.True, p);

            string token = Jwt.SignRequest("{\"key\":\"K\",\"status\":2}", "api-test-secret-0123456789", Placement.Header, o);
            Assert.That(Jwt.DecodeUnverified(token).Claims, Is.EqualTo("{\"payload\":{\"key\":\"K\",\"status\":2},\"iat\":1700000000,\"exp\":1700000300}"));
            p = Jwt.VerifyRequest(null, "Bearer " + token, "api-test-secret-0123456789", o);
            Assert.That(Json.Equal(Json.Parse(p), Json.Parse("{\"payload\":{\"key\":\"K\",\"status\":2},\"iat\":1700000000,\"exp\":1700000300,\"key\":\"K\",\"status\":2}")), Is.True, p);
            Assert.That(Throws(() => Jwt.VerifyRequest(null, null, Key, o)).Code, Is.EqualTo(ErrorCode.MissingToken));
            Assert.That(Throws(() => Jwt.VerifyRequest("", "Basic abc", Key, o)).Code, Is.EqualTo(ErrorCode.MissingToken));
        }

        [Test]
        public void AnEmptyPrefixIsNotAnAbsentPrefix()
        {
            // "" must reach the core as a non-NULL pointer of length 0 (NULL would mean "Bearer ").
            string token = Jwt.SignRequest("{\"key\":\"K\"}", Key, Placement.Header, At);
            var noPrefix = new JwtOptions { Now = At.Now, Prefix = "" };
            Assert.That(Jwt.VerifyRequest(null, token, Key, noPrefix), Is.StringContaining("\"key\":\"K\""));
            Assert.That(Throws(() => Jwt.VerifyRequest(null, token, Key, At)).Code, Is.EqualTo(ErrorCode.MissingToken));
            Assert.That(Jwt.VerifyRequest(null, "Bearer " + token, Key, At), Is.StringContaining("\"key\":\"K\""));
            // The same for downloads.
            string dl = Jwt.Sign("{\"payload\":{\"url\":\"https://s/d.docx\"}}", Key);
            Assert.That(Jwt.VerifyDownload(dl, "https://s/d.docx", Key, noPrefix), Is.StringContaining("https://s/d.docx"));
            Assert.That(Throws(() => Jwt.VerifyDownload(dl, "https://s/d.docx", Key)).Code, Is.EqualTo(ErrorCode.MissingToken));
        }

        [Test]
        public void SignConfigAndVerifyDownload()
        {
            string config = Jwt.SignConfig("{\"document\":{\"key\":\"K\",\"url\":\"https://s/d.docx\"},\"editorConfig\":{}}", Key);
            Assert.That(config, Is.StringContaining("\"token\":\"eyJ"));
            JwtException e = Throws(() => Jwt.SignConfig("{\"document\":{\"key\":\"K\"}}", "k"));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidConfig));
            Assert.That(e.Detail, Is.StringContaining("document.url"));

            string dl = Jwt.Sign("{\"payload\":{\"url\":\"https://s/d.docx\"}}", Key);
            Assert.That(Jwt.VerifyDownload("Bearer " + dl, "https://s/d.docx", Key), Is.StringContaining("https://s/d.docx"));
            Assert.That(Jwt.VerifyDownload("JWT " + dl, "https://s/d.docx", "api-test-secret-0123456789", new JwtOptions { Prefix = "JWT " }), Is.StringContaining("url"));
            Assert.That(Throws(() => Jwt.VerifyDownload("Bearer " + dl, "https://s/other.docx", Key)).Code, Is.EqualTo(ErrorCode.UrlMismatch));
        }

        [Test]
        public void SignEditorMethodCoversTheObject()
        {
            string p = "{\"c\":\"add\",\"images\":[{\"fileType\":\"png\",\"url\":\"https://s/1.png\"}]}";
            string signed = Jwt.SignEditorMethod("insertImage", p, Key);
            Assert.That(signed, Is.StringStarting(p.Substring(0, p.Length - 1) + ",\"token\":\"eyJ"));
            string token = signed.Substring(signed.IndexOf("\"token\":\"", StringComparison.Ordinal) + 9).TrimEnd('}', '"');
            Assert.That(Jwt.Verify(token, Key), Is.EqualTo(p));
            Assert.That(Throws(() => Jwt.Verify(token, "another-secret")).Code, Is.EqualTo(ErrorCode.BadSignature));
            JwtException e = Throws(() => Jwt.SignEditorMethod("setRequestedDocument", "{\"c\":\"compare\",\"url\":\"https://s/b.docx\"}", Key));
            Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidConfig));
            Assert.That(e.Detail, Is.StringContaining("setRequestedDocument: fileType"));
            Assert.That(Throws(() => Jwt.SignEditorMethod("refreshFile", "{}", Key)).Code, Is.EqualTo(ErrorCode.InvalidConfig));
        }

        [Test]
        public void LoadConfigPassesTheEnvironmentMapAsJson()
        {
            string dir = Path.Combine(Path.GetTempPath(), "oojwt-cs-api-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string local = Path.Combine(dir, "local.json");
                File.WriteAllText(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"inbox\":{\"string\":\"in\"}}}}}");
                string s = Jwt.LoadConfig(local);
                Assert.That(s, Is.StringContaining("\"secret\":\"in\""));
                // A quote, backslash or line break is refused (the Docker entrypoint pastes JWT_SECRET into
                // JavaScript); what JSON escapes otherwise still goes through.
                string tricky = "q\"b\u0001é\t";
                s = Jwt.LoadConfig(local, null, new Dictionary<string, string> { { "JWT_SECRET", tricky }, { "JWT_ENABLED", "true" } });
                var parsed = Json.Parse(s);
                Assert.That((string)parsed["inbox"]["secret"], Is.EqualTo(tricky));
                Assert.That((string)parsed["inbox"]["secret_hex"], Is.EqualTo(BitConverter.ToString(Encoding.UTF8.GetBytes(tricky)).Replace("-", "").ToLowerInvariant()));
                Assert.That((bool)parsed["outbox"]["enabled"], Is.True);
                JwtException e = Throws(() => Jwt.LoadConfig(Path.Combine(dir, "missing.json")));
                Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidConfig));
                Assert.That(e.Detail, Is.StringContaining("missing.json"));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Test]
        public void VerifyRequestWithConfigUsesTheSettings()
        {
            string dir = Path.Combine(Path.GetTempPath(), "oojwt-cs-api-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string local = Path.Combine(dir, "local.json");
                File.WriteAllText(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"outbox\":{\"string\":\"out-secret\"}},"
                                         + "\"token\":{\"outbox\":{\"prefix\":\"Token \"},\"verifyOptions\":{\"clockTolerance\":5}}}}}");
                string settings = Jwt.LoadConfig(local);
                const long now = 1700000000;
                string token = Jwt.SignRequest("{\"key\":\"k\",\"status\":2}", "out-secret", Placement.Header, new JwtOptions { Now = now });
                var p = Json.Parse(Jwt.VerifyRequestWithConfig(null, "Token " + token, settings, Direction.Outbox, new JwtOptions { Now = now }));
                Assert.That((int)p["status"], Is.EqualTo(2));
                // The settings' 5 s tolerance applies, not the default 60.
                Assert.That(Throws(() => Jwt.VerifyRequestWithConfig(null, "Token " + token, settings, Direction.Outbox, new JwtOptions { Now = now + 305 })).Code,
                            Is.EqualTo(ErrorCode.Expired));
                Assert.That(Throws(() => Jwt.VerifyRequestWithConfig(null, "Bearer " + token, settings, Direction.Inbox, new JwtOptions { Now = now })).Code,
                            Is.EqualTo(ErrorCode.BadSignature));
                Assert.That(Throws(() => Jwt.VerifyRequestWithConfig(null, "Token " + token, settings, (Direction)7)).Code,
                            Is.EqualTo(ErrorCode.InvalidArgument));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Test]
        public void VerifyDownloadWithConfigAndDownloadTokenExpectedUseTheSettings()
        {
            string dir = Path.Combine(Path.GetTempPath(), "oojwt-cs-api-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string local = Path.Combine(dir, "local.json");
                File.WriteAllText(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"outbox\":{\"string\":\"out-secret\"}},"
                                         + "\"token\":{\"enable\":{\"request\":{\"outbox\":true}},"
                                         + "\"outbox\":{\"prefix\":\"Token \",\"urlExclusionRegex\":\"/public/\"},"
                                         + "\"verifyOptions\":{\"clockTolerance\":5}}}}}");
                string settings = Jwt.LoadConfig(local);
                const long now = 1700000000;
                const string url = "https://storage.example/files/a.docx";
                string token = Jwt.Sign("{\"payload\":{\"url\":\"" + url + "\"}}", "out-secret",
                                        new JwtOptions { Now = now, ExpiresIn = 300 });
                var c = Json.Parse(Jwt.VerifyDownloadWithConfig("Token " + token, url, settings, new JwtOptions { Now = now }));
                Assert.That((string)c["payload"]["url"], Is.EqualTo(url));
                // The settings' 5 s tolerance applies, not the default 60.
                Assert.That(Throws(() => Jwt.VerifyDownloadWithConfig("Token " + token, url, settings, new JwtOptions { Now = now + 306 })).Code,
                            Is.EqualTo(ErrorCode.Expired));
                const string proxied = "http://backend:8080/files/a.docx";
                Assert.That(Throws(() => Jwt.VerifyDownloadWithConfig("Token " + token, proxied, settings, new JwtOptions { Now = now })).Code,
                            Is.EqualTo(ErrorCode.UrlMismatch));
                c = Json.Parse(Jwt.VerifyDownloadWithConfig("Token " + token, proxied, settings,
                                                            new JwtOptions { Now = now, PathAndQueryOnly = true }));
                Assert.That((string)c["payload"]["url"], Is.EqualTo(url));
                Assert.That(Throws(() => Jwt.VerifyDownloadWithConfig("Bearer " + token, url, settings, new JwtOptions { Now = now })).Code,
                            Is.EqualTo(ErrorCode.MissingToken));
                const string excluded = "https://storage.example/public/a.docx";
                Assert.That(Throws(() => Jwt.VerifyDownloadWithConfig(null, excluded, settings)).Code,
                            Is.EqualTo(ErrorCode.MissingToken));
                Assert.That(Jwt.DownloadTokenExpected(url, settings), Is.True);
                Assert.That(Jwt.DownloadTokenExpected(excluded, settings), Is.False);
                Assert.That(Throws(() => Jwt.DownloadTokenExpected(url, "{}")).Code, Is.EqualTo(ErrorCode.InvalidConfig));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Test]
        public void LargeInputsAndResultsPassWhole()
        {
            // Past the 16 KiB the per-thread block keeps: grown for the call, given back after it.
            string big = "{\"s\":\"" + new string('x', 150000) + "é\",\"n\":1}";
            string t = Jwt.Sign(big, "k");
            using (Call c = Call.Begin(null, default(Input))) Assert.That(c.Cap, Is.LessThanOrEqualTo(16 * 1024));
            Assert.That(Jwt.Verify(t, "k"), Is.EqualTo(big));
            using (Call c = Call.Begin(null, t)) Assert.That(c.Cap, Is.GreaterThan(t.Length)); // the probe sees growth
            Assert.That(Jwt.Verify(t, "k", new JwtOptions { MaxTokenLength = 1000000 }), Is.EqualTo(big));
            // And small ones still work after it on this thread.
            Assert.That(Jwt.Verify(Jwt.Sign("{\"a\":1}", "k"), "k"), Is.EqualTo("{\"a\":1}"));
        }

        /// <summary>The inputs' UTF-8 is the encoder's, and the results' text the decoder's, for every length
        /// around the eight-unit steps of the ASCII paths and a non-ASCII unit (U+0080, U+00E9, U+20AC, a pair,
        /// a lone surrogate) at each position.</summary>
        [Test]
        public unsafe void InputsAreTheirUtf8WhateverTheLengthAndWhereverTheNonAscii()
        {
            var strict = new System.Text.UTF8Encoding(false, true);
            foreach (string odd in new[] { "\u0080", "\u00e9", "\u20ac", "\ud83d\ude00", "\ud83d", "\u007f" })
                for (int n = 0; n <= 19; n++)
                    for (int at = -1; at < n; at++)
                    {
                        string s = new string('a', n);
                        if (at >= 0) s = s.Substring(0, at) + System.Text.RegularExpressions.Regex.Unescape(odd) + s.Substring(at + 1);
                        byte[] want;
                        try
                        {
                            want = strict.GetBytes(s);
                        }
                        catch (System.Text.EncoderFallbackException)
                        {
                            Assert.That(Throws(() => Call.Begin(null, s).Dispose()).Code, Is.EqualTo(ErrorCode.InvalidArgument), s);
                            continue;
                        }
                        using (Call c = Call.Begin(null, "x" + s, s))
                        {
                            var got = new byte[(int)c.N(1)];
                            System.Runtime.InteropServices.Marshal.Copy((IntPtr)c.P(1), got, 0, got.Length);
                            Assert.That(got, Is.EqualTo(want), odd + " at " + at + " of " + n);
                        }
                        // And back: the results' text is the decoder's (the claims come back exactly).
                        string json = "{\"s\":\"" + s + "\"}";
                        Assert.That(Jwt.Verify(Jwt.Sign(json, "k"), "k"), Is.EqualTo(json), odd + " at " + at + " of " + n);
                        fixed (byte* p = want)
                            Assert.That(Call.Ascii(p, want.Length), Is.EqualTo(want.All(b => b < 0x80) ? s : null), odd + " at " + at + " of " + n);
                    }
        }

        /// <summary>A string holding a lone surrogate has no UTF-8 form: every string parameter refuses
        /// it with the contract's invalid_argument, never an EncoderFallbackException nor a U+FFFD
        /// that would sign or compare other text.</summary>
        [Test]
        public void ALoneSurrogateIsInvalidArgumentInEveryStringParameter()
        {
            const string Lone = "x\ud800y";
            string tok = Jwt.Sign("{}", Key);
            var env = new Dictionary<string, string> { { "JWT_SECRET", Lone } };
            TestDelegate[] calls =
            {
                () => Jwt.Sign(Lone, Key),
                () => Jwt.Sign("{}", Lone),
                () => Jwt.Verify(Lone, Key),
                () => Jwt.Verify(tok, Lone),
                () => Jwt.DecodeUnverified(Lone),
                () => Jwt.SignRequest(Lone, Key, Placement.Body),
                () => Jwt.SignRequest("{}", Lone, Placement.Header),
                () => Jwt.VerifyRequest(Lone, null, Key),
                () => Jwt.VerifyRequest(null, "Bearer " + Lone, Key),
                () => Jwt.VerifyRequest(null, "Bearer " + tok, Key, new JwtOptions { Prefix = Lone }),
                () => Jwt.VerifyRequest(null, "Bearer " + tok, Lone),
                () => Jwt.SignConfig(Lone, Key),
                () => Jwt.SignConfig("{}", Lone),
                () => Jwt.VerifyDownload(Lone, "https://h/x", Key),
                () => Jwt.VerifyDownload("Bearer " + tok, Lone, Key),
                () => Jwt.VerifyDownload("Bearer " + tok, "https://h/x", Lone),
                () => Jwt.VerifyDownload("Bearer " + tok, "https://h/x", Key, new JwtOptions { Prefix = Lone }),
                () => Jwt.SignEditorMethod(Lone, "{}", Key),
                () => Jwt.SignEditorMethod("insertImage", Lone, Key),
                () => Jwt.SignEditorMethod("insertImage", "{}", Lone),
                () => Jwt.VerifyRequestWithConfig(Lone, null, "{}", Direction.Inbox),
                () => Jwt.VerifyRequestWithConfig(null, Lone, "{}", Direction.Inbox),
                () => Jwt.VerifyRequestWithConfig(null, null, Lone, Direction.Inbox),
                () => Jwt.VerifyDownloadWithConfig(Lone, "https://h/x", "{}"),
                () => Jwt.VerifyDownloadWithConfig("Bearer " + tok, Lone, "{}"),
                () => Jwt.VerifyDownloadWithConfig("Bearer " + tok, "https://h/x", Lone),
                () => Jwt.DownloadTokenExpected(Lone, "{}"),
                () => Jwt.DownloadTokenExpected("https://h/x", Lone),
                () => Jwt.LoadConfig("/nonexistent/" + Lone + "/local.json"),
                () => Jwt.LoadConfig("/nonexistent/local.json", Lone),
                () => Jwt.LoadConfig("/nonexistent/local.json", null, env),
            };
            for (int i = 0; i < calls.Length; i++)
            {
                JwtException e = Throws(calls[i]);
                Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidArgument), "call " + i + ": " + e.Message);
                Assert.That(e.Name, Is.EqualTo("invalid_argument"), "call " + i);
                Assert.That(ThreadBufferIsClear(), Is.True, "call " + i);
            }
            // A well-formed pair is text like any other.
            Assert.That(Jwt.Verify(Jwt.Sign("{\"a\":\"\ud83d\ude00\"}", "k\ud83d\ude00"), "k\ud83d\ude00"),
                        Is.EqualTo("{\"a\":\"\ud83d\ude00\"}"));
        }

        [Test]
        public void NoInputIsLeftInThePerThreadBuffer()
        {
            Jwt.Sign("{\"payload\":\"p\"}", "a-secret-given-as-text", new JwtOptions { Algorithm = Algorithm.HS384 });
            Assert.That(ThreadBufferIsClear(), Is.True);
            Assert.Throws<JwtException>(() => Jwt.Verify("a.b.c", "another-secret"));
            Assert.That(ThreadBufferIsClear(), Is.True);
            Assert.Throws<JwtException>(() => Jwt.Sign("{\"a\":\"xxxxxxxx\ud800\"}", "secret-before-the-surrogate"));
            Assert.That(ThreadBufferIsClear(), Is.True);
        }

        private static unsafe bool BlockIsClear(Call c)
        {
            for (int i = 0; i < c.Cap; i++)
                if (c.Buf[i] != 0) return false;
            return true;
        }

        /// <summary>This thread's call block holds no byte of a past call.</summary>
        private static bool ThreadBufferIsClear()
        {
            using (Call c = Call.Begin(null, default(Input))) return BlockIsClear(c);
        }

        [Test]
        public void TheBufferCheckSeesALeftOverInput()
        {
            // The probe itself can fail: an input not yet cleared is seen.
            Call c = Call.Begin(new JwtOptions { Now = 1 }, "left-over");
            Assert.That(BlockIsClear(c), Is.False);
            c.Dispose();
            Assert.That(BlockIsClear(c), Is.True);
        }

        [Test]
        public void ErrorMessagesBelongToTheirCall()
        {
            // Each failure carries its own call's message, even with other failures in between.
            string token = Jwt.Sign("{\"a\":1}", Key, new JwtOptions { ExpiresIn = 10, Now = 1000 });
            JwtException expired = Throws(() => Jwt.Verify(token, Key, new JwtOptions { Now = 5000 }));
            JwtException malformed = Throws(() => Jwt.Verify("x.y", Key));
            JwtException badSig = Throws(() => Jwt.Verify(token, "other"));
            Assert.That(expired.Detail, Is.StringContaining("1010"));
            Assert.That(new[] { expired.Detail, malformed.Detail, badSig.Detail }.Distinct().Count(), Is.EqualTo(3));
            Assert.That(Jwt.Sign("{}", Key), Is.Not.Empty);
        }

        [Test]
        public void JwtExceptionSurvivesSerialization()
        {
            var e = new JwtException(ErrorCode.Expired, "expired", "exp 1 + leeway 0 <= now 5");
            var f = new BinaryFormatter();
            using (var ms = new MemoryStream())
            {
                f.Serialize(ms, e);
                ms.Position = 0;
                var back = (JwtException)f.Deserialize(ms);
                Assert.That(back.Code, Is.EqualTo(ErrorCode.Expired));
                Assert.That(back.Name, Is.EqualTo("expired"));
                Assert.That(back.Detail, Is.EqualTo(e.Detail));
                Assert.That(back.Message, Is.EqualTo("expired: exp 1 + leeway 0 <= now 5"));
            }
        }
    }
}
