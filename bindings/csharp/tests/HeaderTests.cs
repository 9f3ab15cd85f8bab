using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>The C# constants against include/oo_jwt.h, parsed here (not copied).</summary>
    [TestFixture]
    public class HeaderTests
    {
        private static Dictionary<string, long> Defines()
        {
            var d = new Dictionary<string, long>();
            foreach (Match m in Regex.Matches(File.ReadAllText(Paths.Header), @"^#define (OO_[A-Z0-9_]+) (\d+)\s*$", RegexOptions.Multiline))
                d[m.Groups[1].Value] = long.Parse(m.Groups[2].Value);
            Assert.That(d, Is.Not.Empty, "no #define in " + Paths.Header);
            return d;
        }

        private static Dictionary<string, long> StatusDefines()
        {
            return Defines().Where(kv => !kv.Key.StartsWith("OO_OPT_") && !kv.Key.StartsWith("OO_PLACEMENT_") && !kv.Key.StartsWith("OO_DIRECTION_"))
                            .ToDictionary(kv => kv.Key, kv => kv.Value);
        }

        // OO_BAD_SIGNATURE -> BadSignature
        private static string Pascal(string define)
        {
            return string.Concat(define.Substring(3).Split('_').Select(w => w.Substring(0, 1) + w.Substring(1).ToLowerInvariant()));
        }

        [Test]
        public void ErrorCodeNumbersEqualTheHeaders()
        {
            Dictionary<string, long> header = StatusDefines();
            Assert.That(header.Count, Is.GreaterThanOrEqualTo(14));
            foreach (var kv in header)
            {
                ErrorCode code;
                Assert.That(Enum.TryParse(Pascal(kv.Key), false, out code), Is.True, "no ErrorCode member for " + kv.Key);
                Assert.That((long)code, Is.EqualTo(kv.Value), kv.Key);
            }
            foreach (ErrorCode code in Enum.GetValues(typeof(ErrorCode)))
                Assert.That(header.ContainsKey("OO_" + Regex.Replace(code.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant()),
                            Is.True, "ErrorCode." + code + " is not in the header");
        }

        [Test]
        public void StatusNamesAreTheContractsNames()
        {
            // OO_BAD_SIGNATURE is "bad_signature", OO_OK is "ok": asked of the core, on the real library.
            foreach (var kv in StatusDefines())
                Assert.That(Interop.FromUtf8(Native.oo_status_name((int)kv.Value)), Is.EqualTo(kv.Key.Substring(3).ToLowerInvariant()), kv.Key);
            Assert.That(Interop.FromUtf8(Native.oo_status_name(77)), Is.EqualTo("unknown"));
        }

        [Test]
        public void OptionFlagsAndPlacementsEqualTheHeaders()
        {
            Dictionary<string, long> d = Defines();
            Assert.That(d["OO_OPT_NOW"], Is.EqualTo(OoOptions.OptNow));
            Assert.That(d["OO_OPT_LEEWAY"], Is.EqualTo(OoOptions.OptLeeway));
            Assert.That(d["OO_OPT_EXPIRES_IN"], Is.EqualTo(OoOptions.OptExpiresIn));
            Assert.That(d["OO_PLACEMENT_BODY"], Is.EqualTo((long)Placement.Body));
            Assert.That(d["OO_PLACEMENT_HEADER"], Is.EqualTo((long)Placement.Header));
        }

        [Test]
        public unsafe void OptionsStructHasTheHeadersLayout()
        {
            // Fields of the header's struct OoOptions, in order, with their C types.
            string text = File.ReadAllText(Paths.Header);
            Match body = Regex.Match(text, @"typedef struct OoOptions \{(.*?)\} OoOptions;", RegexOptions.Singleline);
            Assert.That(body.Success, Is.True);
            var fields = Regex.Matches(body.Groups[1].Value, @"^\s*(?:const )?([a-z0-9_]+ \*?)([a-z_]+);", RegexOptions.Multiline)
                              .Cast<Match>().Select(m => m.Groups[1].Value.Trim() + " " + m.Groups[2].Value).ToList();
            Assert.That(fields, Is.EqualTo(new[]
            {
                "uint32_t struct_size", "uint32_t flags", "uint8_t * algorithm", "size_t algorithm_len",
                "uint8_t * algorithms", "size_t algorithms_len", "int64_t now", "int64_t leeway", "int64_t expires_in",
                "uint64_t max_token_len", "uint64_t max_json_len",
            }));
            var managed = typeof(OoOptions).GetFields().Where(f => !f.IsLiteral && !f.IsStatic).Select(f => f.FieldType.Name).ToArray();
            Assert.That(managed, Is.EqualTo(new[]
            {
                "UInt32", "UInt32", "Byte*", "UIntPtr", "Byte*", "UIntPtr", "Int64", "Int64", "Int64", "UInt64", "UInt64",
            }));
            Assert.That(sizeof(OoOptions), Is.EqualTo(IntPtr.Size == 8 ? 80 : 64));
        }
    }
}
