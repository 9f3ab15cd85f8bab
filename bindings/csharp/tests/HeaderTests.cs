using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>The C# side of the ABI against include/oo_jwt.h, parsed here (nothing copied): every
    /// constant, every function's DllImport, the OoOptions layout, the status names.</summary>
    [TestFixture]
    public class HeaderTests
    {
        private static string Header() { return File.ReadAllText(Paths.Header); }

        // The header without what a feature build adds (#if defined(...) ... #endif blocks): the release ABI.
        private static string ReleaseHeader()
        {
            return Regex.Replace(Header(), @"^#if\b.*?^#endif\b[^\n]*", "", RegexOptions.Multiline | RegexOptions.Singleline);
        }

        // "OO_BAD_SIGNATURE" -> "BadSignature", "max_token_len" -> "MaxTokenLen", "HS256" -> "Hs256"
        private static string Pascal(string snake)
        {
            return string.Concat(snake.Split('_').Where(w => w.Length > 0).Select(w => w.Substring(0, 1).ToUpperInvariant() + w.Substring(1).ToLowerInvariant()));
        }

        private static long Number(string text)
        {
            text = text.TrimEnd('u', 'U', 'l', 'L');
            return text.StartsWith("0x") ? Convert.ToInt64(text.Substring(2), 16) : long.Parse(text);
        }

        /// <summary>Every OO_* constant with a value: #defines and enum members.</summary>
        private static Dictionary<string, long> Constants()
        {
            var d = new Dictionary<string, long>();
            foreach (Match m in Regex.Matches(Header(), @"^\s*#define (OO_[A-Z0-9_]+) \(?(-?(?:0x[0-9A-Fa-f]+|\d+)[uUlL]*)\)?\s*$", RegexOptions.Multiline))
                d.Add(m.Groups[1].Value, Number(m.Groups[2].Value));
            foreach (Match m in Regex.Matches(Header(), @"^\s*(OO_[A-Z0-9_]+) = (-?(?:0x[0-9A-Fa-f]+|\d+)[uUlL]*),?\s*$", RegexOptions.Multiline))
                d.Add(m.Groups[1].Value, Number(m.Groups[2].Value));
            Assert.That(d.Count, Is.GreaterThanOrEqualTo(27), "too few OO_* constants found in " + Paths.Header);
            return d;
        }

        /// <summary>The members of the header's status enum (OoStatus).</summary>
        private static Dictionary<string, long> Statuses()
        {
            Match body = Regex.Match(Header(), @"enum OoStatus\b[^{;]*\{(.*?)\}", RegexOptions.Singleline);
            Assert.That(body.Success, Is.True, "no enum OoStatus in the header");
            var names = Regex.Matches(body.Groups[1].Value, @"^\s*(OO_[A-Z0-9_]+) =", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value);
            Dictionary<string, long> all = Constants();
            return names.ToDictionary(n => n, n => all[n]);
        }

        private static readonly BindingFlags Consts = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

        /// <summary>The C# value standing for a header constant, by the header's naming; null when none.</summary>
        private static long? CSharpValue(string name, ICollection<string> statuses)
        {
            Func<Type, string, long?> member = (t, n) => Enum.GetNames(t).FirstOrDefault(x => string.Equals(x, n, StringComparison.OrdinalIgnoreCase)) is string found
                ? Convert.ToInt64(Enum.Parse(t, found)) : (long?)null;
            Func<Type, string, long?> field = (t, n) => t.GetField(n, Consts) is FieldInfo f && f.IsLiteral ? Convert.ToInt64(f.GetRawConstantValue()) : (long?)null;
            if (statuses.Contains(name)) return member(typeof(ErrorCode), Pascal(name.Substring(3)));
            if (Regex.IsMatch(name, "^OO_HS[0-9]+$")) return member(typeof(Algorithm), name.Substring(3));
            if (name.StartsWith("OO_PLACEMENT_")) return member(typeof(Placement), Pascal(name.Substring(13)));
            if (name.StartsWith("OO_DIRECTION_")) return member(typeof(Direction), Pascal(name.Substring(13)));
            if (name.StartsWith("OO_OPT_")) return field(typeof(OoOptions), "Opt" + Pascal(name.Substring(7)));
            if (name.StartsWith("OO_ABI_")) return field(typeof(Native), "Abi" + Pascal(name.Substring(7)));
            return null;
        }

        [Test]
        public void EveryConstantOfTheHeaderHasTheSameValueInCSharp()
        {
            Dictionary<string, long> statuses = Statuses();
            foreach (var kv in Constants())
            {
                long? mine = CSharpValue(kv.Key, statuses.Keys);
                Assert.That(mine.HasValue, Is.True, kv.Key + " has no C# counterpart");
                Assert.That(mine.Value, Is.EqualTo(kv.Value), kv.Key);
            }
        }

        [Test]
        public void EveryCSharpConstantIsInTheHeader()
        {
            Dictionary<string, long> header = Constants();
            Func<string, string> upper = s => Regex.Replace(s, "(?<=[a-z0-9])(?=[A-Z])", "_").ToUpperInvariant();
            var mine = new List<KeyValuePair<string, long>>();
            foreach (ErrorCode c in Enum.GetValues(typeof(ErrorCode))) mine.Add(new KeyValuePair<string, long>("OO_" + upper(c.ToString()), (long)c));
            foreach (Algorithm a in Enum.GetValues(typeof(Algorithm))) mine.Add(new KeyValuePair<string, long>("OO_" + a, (long)a));
            foreach (Placement p in Enum.GetValues(typeof(Placement))) mine.Add(new KeyValuePair<string, long>("OO_PLACEMENT_" + upper(p.ToString()), (long)p));
            foreach (Direction d in Enum.GetValues(typeof(Direction))) mine.Add(new KeyValuePair<string, long>("OO_DIRECTION_" + upper(d.ToString()), (long)d));
            foreach (FieldInfo f in typeof(OoOptions).GetFields(Consts).Concat(typeof(Native).GetFields(Consts)).Where(f => f.IsLiteral && f.FieldType != typeof(string)))
                if (f.Name.StartsWith("Opt") || f.Name.StartsWith("Abi"))
                    mine.Add(new KeyValuePair<string, long>("OO_" + upper(f.Name.Substring(0, 3)) + "_" + upper(f.Name.Substring(3)), Convert.ToInt64(f.GetRawConstantValue())));
            Assert.That(mine.Count, Is.GreaterThanOrEqualTo(27));
            foreach (var kv in mine)
            {
                Assert.That(header.ContainsKey(kv.Key), Is.True, kv.Key + " (C#) is not in the header");
                Assert.That(header[kv.Key], Is.EqualTo(kv.Value), kv.Key);
            }
        }

        [Test]
        public void StatusNamesAreTheHeadersNamesAndEveryStatusIsAnErrorCode()
        {
            // OO_BAD_SIGNATURE is "bad_signature", OO_OK is "ok": asked of the real library.
            Dictionary<string, long> statuses = Statuses();
            Assert.That(statuses.Count, Is.EqualTo(Enum.GetValues(typeof(ErrorCode)).Length));
            foreach (var kv in statuses)
            {
                Assert.That(Call.Text(Native.oo_status_name((int)kv.Value)), Is.EqualTo(kv.Key.Substring(3).ToLowerInvariant()), kv.Key);
                Assert.That(Enum.IsDefined(typeof(ErrorCode), (int)kv.Value), Is.True, kv.Key);
            }
            Assert.That(Call.Text(Native.oo_status_name(77)), Is.EqualTo("unknown"));
            Assert.That(Call.Text(Native.oo_status_name(-1)), Is.EqualTo("unknown"));
        }

        [Test]
        public void TheLibrarysAbiVersionIsTheHeaders()
        {
            Dictionary<string, long> d = Constants();
            Assert.That((long)Native.oo_abi_version(), Is.EqualTo((d["OO_ABI_MAJOR"] << 16) | d["OO_ABI_MINOR"]));
        }

        // C type in the header -> the blittable C# type of its DllImport.
        private static readonly Dictionary<string, Type> CTypes = new Dictionary<string, Type>
        {
            { "const uint8_t*", typeof(byte*) }, { "uint8_t*", typeof(byte*) }, { "uintptr_t", typeof(UIntPtr) },
            { "size_t", typeof(UIntPtr) }, { "const OoOptions*", typeof(OoOptions*) }, { "const struct OoOptions*", typeof(OoOptions*) },
            { "char**", typeof(IntPtr*) }, { "char*", typeof(IntPtr) }, { "const char*", typeof(IntPtr) },
            { "uint32_t", typeof(uint) }, { "int32_t", typeof(int) }, { "OoStatus", typeof(ErrorCode) }, { "void", typeof(void) },
        };

        private static Type CType(string decl)
        {
            string t = Regex.Replace(decl.Trim(), @"\s*\*", "*");
            Type mapped;
            Assert.That(CTypes.TryGetValue(t, out mapped), Is.True, "unknown C type '" + t + "'");
            return mapped;
        }

        [Test]
        public void EveryFunctionOfTheHeaderHasAMatchingDllImport()
        {
            var header = new Dictionary<string, Type[]>();
            foreach (Match m in Regex.Matches(ReleaseHeader(), @"^([A-Za-z_][A-Za-z0-9_ ]*?[ *]+)(oo_[a-z0-9_]+)\(([^)]*)\);", RegexOptions.Multiline))
            {
                var types = new List<Type> { CType(m.Groups[1].Value) };
                string ps = m.Groups[3].Value.Trim();
                if (ps != "void")
                    foreach (string p in ps.Split(','))
                        types.Add(CType(Regex.Replace(p.Trim(), @"[A-Za-z_][A-Za-z0-9_]*$", "")));
                header.Add(m.Groups[2].Value, types.ToArray());
            }
            Assert.That(header.Count, Is.GreaterThanOrEqualTo(16), "too few functions found in the header");
            var imports = typeof(Native).GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
                                        .Where(mi => mi.GetCustomAttributes(typeof(DllImportAttribute), false).Length > 0)
                                        .ToDictionary(mi => mi.Name);
            Assert.That(imports.Keys.OrderBy(k => k), Is.EqualTo(header.Keys.OrderBy(k => k)), "DllImports vs the header's functions");
            foreach (var kv in header)
            {
                MethodInfo mi = imports[kv.Key];
                var mine = new[] { mi.ReturnType }.Concat(mi.GetParameters().Select(p => p.ParameterType)).ToArray();
                Assert.That(mine, Is.EqualTo(kv.Value), kv.Key + ": return type and parameters");
                var attr = (DllImportAttribute)mi.GetCustomAttributes(typeof(DllImportAttribute), false)[0];
                Assert.That(attr.CallingConvention, Is.EqualTo(CallingConvention.Cdecl), kv.Key);
                Assert.That(attr.Value, Is.EqualTo(Native.Lib), kv.Key);
            }
        }

        [Test]
        public void OptionsStructHasTheHeadersLayout()
        {
            Match body = Regex.Match(Header(), @"typedef struct OoOptions \{(.*?)\} OoOptions;", RegexOptions.Singleline);
            Assert.That(body.Success, Is.True);
            var sizes = new Dictionary<string, int> { { "uint32_t", 4 }, { "int32_t", 4 }, { "uint64_t", 8 }, { "int64_t", 8 } };
            var types = new Dictionary<string, Type> { { "uint32_t", typeof(uint) }, { "int32_t", typeof(int) }, { "uint64_t", typeof(ulong) }, { "int64_t", typeof(long) } };
            var fields = Regex.Matches(body.Groups[1].Value, @"^\s*([a-z0-9_]+) ([a-z0-9_]+);", RegexOptions.Multiline).Cast<Match>().ToList();
            Assert.That(fields.Count, Is.EqualTo(9));
            int offset = 0, align = 1;
            var managed = typeof(OoOptions).GetFields(BindingFlags.Instance | BindingFlags.Public).ToList();
            Assert.That(managed.Count, Is.EqualTo(fields.Count), "field count");
            foreach (Match f in fields)
            {
                string ctype = f.Groups[1].Value, name = Pascal(f.Groups[2].Value);
                Assert.That(sizes.ContainsKey(ctype), Is.True, "OoOptions." + f.Groups[2].Value + ": " + ctype + " (integers only)");
                int size = sizes[ctype];
                offset = (offset + size - 1) / size * size; // C's natural alignment
                align = Math.Max(align, size);
                FieldInfo mine = typeof(OoOptions).GetField(name);
                Assert.That(mine, Is.Not.Null, "OoOptions." + name);
                Assert.That(mine.FieldType, Is.EqualTo(types[ctype]), name);
                Assert.That((int)Marshal.OffsetOf(typeof(OoOptions), name), Is.EqualTo(offset), name + " offset");
                offset += size;
            }
            int total = (offset + align - 1) / align * align;
            Assert.That(total, Is.EqualTo(56));
            Assert.That(Marshal.SizeOf(typeof(OoOptions)), Is.EqualTo(total));
            unsafe { Assert.That(sizeof(OoOptions), Is.EqualTo(total)); }
        }

        [Test]
        public void OptionsNotGivenReachTheCoreAsNotGiven()
        {
            // An empty JwtOptions: no flag, every field 0, only the size set (no default restated here).
            OoOptions none = Call.Fill(new JwtOptions());
            Assert.That(none.StructSize, Is.EqualTo(56));
            Assert.That(new[] { none.Flags, none.Algorithm, none.Algorithms }, Is.All.EqualTo(0));
            Assert.That(new[] { none.Now, none.Leeway, none.ExpiresIn }, Is.All.EqualTo(0));
            Assert.That(new[] { none.MaxTokenLen, none.MaxJsonLen }, Is.All.EqualTo(0));
            // Zero given is given: the flags say so.
            OoOptions all = Call.Fill(new JwtOptions { Now = 0, Leeway = 0, ExpiresIn = 0, PathAndQueryOnly = true,
                                                       Algorithm = Algorithm.HS384, Algorithms = Algorithm.HS256 | Algorithm.HS512,
                                                       MaxTokenLength = 7, MaxJsonLength = 9 });
            Assert.That(all.Flags, Is.EqualTo(OoOptions.OptNow | OoOptions.OptLeeway | OoOptions.OptExpiresIn | OoOptions.OptUrlPathQuery));
            Assert.That(new[] { all.Algorithm, all.Algorithms }, Is.EqualTo(new[] { 2u, 5u }));
            Assert.That(new[] { all.MaxTokenLen, all.MaxJsonLen }, Is.EqualTo(new[] { 7ul, 9ul }));
            // An empty allow-list given is not 0 (not given): a bit no OoAlg has, which the core refuses.
            uint empty = Call.Fill(new JwtOptions { Algorithms = 0 }).Algorithms;
            Assert.That(empty, Is.Not.EqualTo(0u));
            Assert.That(empty & (uint)(Algorithm.HS256 | Algorithm.HS384 | Algorithm.HS512), Is.EqualTo(0u));
        }
    }
}
