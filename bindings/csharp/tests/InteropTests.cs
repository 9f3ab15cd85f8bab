using System;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>Tokens built by hand with .NET's own HMACSHA256/384/512 against the library, both ways.</summary>
    [TestFixture]
    public class InteropTests
    {
        private static string B64Url(byte[] b)
        {
            return Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        private static byte[] FromB64Url(string s)
        {
            s = s.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
        }

        private static HMAC Mac(string alg, byte[] key)
        {
            switch (alg)
            {
                case "HS256": return new HMACSHA256(key);
                case "HS384": return new HMACSHA384(key);
                default: return new HMACSHA512(key);
            }
        }

        private static string HandSign(string alg, string claims, byte[] key)
        {
            string input = B64Url(Encoding.UTF8.GetBytes("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}")) + "." + B64Url(Encoding.UTF8.GetBytes(claims));
            using (HMAC h = Mac(alg, key))
                return input + "." + B64Url(h.ComputeHash(Encoding.ASCII.GetBytes(input)));
        }

        private static byte[] AllBytesKey()
        {
            var k = new byte[256];
            for (int i = 0; i < 256; i++) k[i] = (byte)i;
            return k;
        }

        [TestCase("HS256")]
        [TestCase("HS384")]
        [TestCase("HS512")]
        public void HandMadeTokensVerify(string alg)
        {
            byte[] key = AllBytesKey();
            string claims = "{\"key\":\"Khirz6zTPdfd7\",\"status\":2,\"url\":\"https://docs/x.docx\",\"users\":[\"6d5a81d0\"],\"é\":\"😀\"}";
            string token = HandSign(alg, claims, key);
            Assert.That(Jwt.Verify(token, key), Is.EqualTo(claims));

            // One bit of the signature flipped: the library must refuse it.
            string[] parts = token.Split('.');
            byte[] sig = FromB64Url(parts[2]);
            sig[sig.Length / 2] ^= 0x01;
            string forged = parts[0] + "." + parts[1] + "." + B64Url(sig);
            Assert.That(Assert.Throws<JwtException>(() => Jwt.Verify(forged, key)).Code, Is.EqualTo(ErrorCode.BadSignature));
            // The same token under a key one byte shorter.
            byte[] shorter = new byte[255];
            Array.Copy(key, shorter, 255);
            Assert.That(Assert.Throws<JwtException>(() => Jwt.Verify(token, shorter)).Code, Is.EqualTo(ErrorCode.BadSignature));
        }

        [TestCase("HS256")]
        [TestCase("HS384")]
        [TestCase("HS512")]
        public void LibraryTokensCheckByHand(string alg)
        {
            byte[] key = Encoding.UTF8.GetBytes("interop-secret-\u00e9-0123456789abcdef");
            string payload = "{\"document\":{\"key\":\"K\",\"url\":\"https://s/d.docx\"},\"n\":1}";
            string token = Jwt.Sign(payload, key, new JwtOptions { Algorithm = (Algorithm)Enum.Parse(typeof(Algorithm), alg) });
            Assert.That(token, Is.EqualTo(HandSign(alg, payload, key)));
            string[] parts = token.Split('.');
            Assert.That(Encoding.UTF8.GetString(FromB64Url(parts[0])), Is.EqualTo("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}"));
            Assert.That(Encoding.UTF8.GetString(FromB64Url(parts[1])), Is.EqualTo(payload));
            using (HMAC h = Mac(alg, key))
                Assert.That(FromB64Url(parts[2]), Is.EqualTo(h.ComputeHash(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]))));
        }

        [Test]
        public void KeysLongerThanTheBlockSizeAgree()
        {
            // HMAC hashes keys longer than the block (64 bytes for SHA-256) first; both sides must.
            var key = new byte[1000];
            new Random(7).NextBytes(key);
            string token = HandSign("HS256", "{\"a\":1}", key);
            Assert.That(Jwt.Verify(token, key), Is.EqualTo("{\"a\":1}"));
            Assert.That(Jwt.Sign("{\"a\":1}", key), Is.EqualTo(token));
        }
    }
}
