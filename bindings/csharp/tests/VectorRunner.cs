// The shared vector suite (docs/vectors.md): loads every tests/vectors/*.json and runs one case through
// the public OoJwt API. Used by the NUnit tests (one test per case id) and by tools/Conformance.cs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OoJwt.Tests
{
    public sealed class VectorCase
    {
        public string File;   // file stem, e.g. "sign"
        public string Id;
        public string Op;
        public JObject Input;
        public JObject Expect;

        public override string ToString() { return Id; }
    }

    public static class Vectors
    {
        /// <summary>OO_JWT_VECTORS, else ../../tests/vectors relative to the binding (the assembly is in build/).</summary>
        public static string Dir
        {
            get
            {
                string env = Environment.GetEnvironmentVariable("OO_JWT_VECTORS");
                if (!string.IsNullOrEmpty(env)) return env;
                string here = Path.GetDirectoryName(typeof(Vectors).Assembly.Location);
                return Path.GetFullPath(Path.Combine(here, "..", "..", "..", "tests", "vectors"));
            }
        }

        public static List<string> Files()
        {
            if (!Directory.Exists(Dir)) return new List<string>();
            var files = Directory.GetFiles(Dir, "*.json").Where(f => Path.GetFileName(f) != "manifest.json").ToList();
            files.Sort(StringComparer.Ordinal);
            CheckManifest(files);
            return files;
        }

        /// <summary>manifest.json names every vector file with its SHA-256 and case count: an emptied,
        /// deleted or added file throws here instead of running zero cases.</summary>
        private static void CheckManifest(List<string> files)
        {
            var manifest = (JObject)Json.Parse(System.IO.File.ReadAllText(Path.Combine(Dir, "manifest.json")))["files"];
            var names = files.Select(Path.GetFileName).ToList();
            var listed = manifest.Properties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (!names.SequenceEqual(listed))
                throw new InvalidDataException("vector files [" + string.Join(", ", names) + "] differ from manifest.json");
            foreach (string file in files)
            {
                string name = Path.GetFileName(file);
                byte[] bytes = System.IO.File.ReadAllBytes(file);
                string hash;
                using (var sha = System.Security.Cryptography.SHA256.Create())
                    hash = string.Concat(sha.ComputeHash(bytes).Select(b => b.ToString("x2")));
                if (hash != (string)manifest[name]["sha256"])
                    throw new InvalidDataException(name + ": SHA-256 differs from manifest.json");
                var cases = Json.Parse(new UTF8Encoding(false, true).GetString(bytes))["cases"] as JArray;
                if (cases == null || cases.Count == 0 || cases.Count != (int)manifest[name]["cases"])
                    throw new InvalidDataException(name + ": case count differs from manifest.json");
            }
        }

        public static List<VectorCase> Load(string file)
        {
            var root = (JObject)Json.Parse(System.IO.File.ReadAllText(file, new UTF8Encoding(false, true)));
            var list = new List<VectorCase>();
            foreach (JObject c in (JArray)root["cases"])
            {
                list.Add(new VectorCase
                {
                    File = Path.GetFileNameWithoutExtension(file),
                    Id = (string)c["id"],
                    Op = (string)c["op"],
                    Input = (JObject)c["input"] ?? new JObject(),
                    Expect = (JObject)c["expect"] ?? new JObject(),
                });
            }
            return list;
        }

        public static List<VectorCase> All()
        {
            return Files().SelectMany(Load).ToList();
        }
    }

    /// <summary>JSON parsing without Newtonsoft's date guessing, and comparison as parsed values (numbers by value).</summary>
    public static class Json
    {
        public static JToken Parse(string text)
        {
            using (var reader = new JsonTextReader(new StringReader(text)))
            {
                reader.DateParseHandling = DateParseHandling.None;
                reader.FloatParseHandling = FloatParseHandling.Double;
                JToken t = JToken.ReadFrom(reader);
                while (reader.Read())
                    if (reader.TokenType != JsonToken.Comment) throw new FormatException("text after the JSON value");
                return t;
            }
        }

        /// <summary>A number token's value as a double (through its text: big integers are BigInteger).</summary>
        public static double ToDouble(JToken t)
        {
            object v = ((JValue)t).Value;
            if (v is double) return (double)v;
            return double.Parse(Convert.ToString(v, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static bool IsNumber(JToken t) { return t.Type == JTokenType.Integer || t.Type == JTokenType.Float; }

        public static bool Equal(JToken a, JToken b)
        {
            if (IsNumber(a) && IsNumber(b))
            {
                object va = ((JValue)a).Value, vb = ((JValue)b).Value;
                if (a.Type == JTokenType.Integer && b.Type == JTokenType.Integer)
                    return Convert.ToString(va, CultureInfo.InvariantCulture) == Convert.ToString(vb, CultureInfo.InvariantCulture);
                return ToDouble(a) == ToDouble(b);
            }
            if (a.Type != b.Type) return false;
            switch (a.Type)
            {
                case JTokenType.Object:
                    var oa = (JObject)a; var ob = (JObject)b;
                    if (oa.Count != ob.Count) return false;
                    foreach (var p in oa.Properties())
                    {
                        JToken other;
                        if (!ob.TryGetValue(p.Name, out other) || !Equal(p.Value, other)) return false;
                    }
                    return true;
                case JTokenType.Array:
                    var aa = (JArray)a; var ab = (JArray)b;
                    if (aa.Count != ab.Count) return false;
                    for (int i = 0; i < aa.Count; i++) if (!Equal(aa[i], ab[i])) return false;
                    return true;
                default:
                    return JToken.DeepEquals(a, b);
            }
        }
    }

    public static class VectorRunner
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        public static byte[] Hex(string hex)
        {
            var b = new byte[hex.Length / 2];
            for (int i = 0; i < b.Length; i++) b[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
            return b;
        }

        private static string Str(JObject o, string key)
        {
            JToken t;
            if (!o.TryGetValue(key, out t) || t.Type == JTokenType.Null) return null;
            return (string)t;
        }

        private static byte[] Secret(JObject i)
        {
            if (i["secret_hex"] != null) return Hex((string)i["secret_hex"]);
            if (i["secret"] != null) return Strict.GetBytes((string)i["secret"]);
            return null;
        }

        // A name the header has no bit for (RS256, none, "", ...) is passed as a bit the core does not know,
        // for the core to refuse: unsupported_alg to sign with, invalid_argument in an allow-list.
        private const Algorithm UnknownAlgorithm = (Algorithm)0x80000000u;

        private static Algorithm Bit(string name)
        {
            Algorithm a;
            return Enum.GetNames(typeof(Algorithm)).Contains(name) && Enum.TryParse(name, false, out a) ? a : UnknownAlgorithm;
        }

        private static JwtOptions Options(JObject i)
        {
            string[] keys = { "algorithm", "algorithms", "now", "leeway", "expires_in", "max_token_len", "max_json_len", "url_match", "prefix" };
            if (!keys.Any(k => i[k] != null)) return null;
            var o = new JwtOptions();
            if (i["algorithm"] != null) o.Algorithm = Bit((string)i["algorithm"]);
            if (i["algorithms"] != null) o.Algorithms = ((JArray)i["algorithms"]).Select(x => Bit((string)x)).Aggregate((Algorithm)0, (x, y) => x | y);
            if (i["prefix"] != null) o.Prefix = (string)i["prefix"];
            if (i["now"] != null) o.Now = (long)i["now"];
            if (i["leeway"] != null) o.Leeway = (long)i["leeway"];
            if (i["expires_in"] != null) o.ExpiresIn = (long)i["expires_in"];
            if (i["max_token_len"] != null) o.MaxTokenLength = (ulong)i["max_token_len"];
            if (i["max_json_len"] != null) o.MaxJsonLength = (ulong)i["max_json_len"];
            string match = (string)i["url_match"];
            if (match != null && match != "full" && match != "path_and_query") throw new InvalidOperationException("unknown url_match " + match);
            o.PathAndQueryOnly = match == "path_and_query";
            return o;
        }

        /// <summary>Runs the case: null when it passes, else the failure message (naming the id).</summary>
        public static string Check(VectorCase c)
        {
            try
            {
                return Compare(c, Run(c));
            }
            catch (JwtException e)
            {
                JToken want = c.Expect["error"];
                if (want == null)
                    return string.Format("{0}: expected a result, got error {1} ({2}): {3}", c.Id, e.Name, e.Status, e.Detail);
                if (e.Name != (string)want)
                    return string.Format("{0}: expected error {1}, got {2} ({3}): {4}", c.Id, want, e.Name, e.Status, e.Detail);
                if ((ErrorCode)e.Status != e.Code || e.Code == ErrorCode.Ok)
                    return c.Id + ": inconsistent code " + e.Status;
                return null;
            }
            catch (Exception e)
            {
                return c.Id + ": " + e.GetType().Name + ": " + e.Message;
            }
        }

        private static string Compare(VectorCase c, Dictionary<string, string> got)
        {
            if (c.Expect["error"] != null)
                return string.Format("{0}: expected error {1}, got a result: {2}", c.Id, c.Expect["error"],
                                     string.Join(" ", got.Select(kv => kv.Key + "=" + kv.Value)));
            if (c.Expect.Count == 0) return c.Id + ": the case expects nothing";
            foreach (var p in c.Expect.Properties())
            {
                string actual;
                if (!got.TryGetValue(p.Name, out actual))
                    return string.Format("{0}: expects {1}, which {2} does not return here (got {3})", c.Id, p.Name, c.Op,
                                         string.Join(",", got.Keys));
                if (p.Name == "token")
                {
                    if (actual != (string)p.Value)
                        return string.Format("{0}: token differs\n  want {1}\n  got  {2}", c.Id, p.Value, actual);
                }
                else
                {
                    JToken parsed = Json.Parse(actual);
                    if (!Json.Equal(parsed, p.Value))
                        return string.Format("{0}: {1} differs\n  want {2}\n  got  {3}", c.Id, p.Name,
                                             p.Value.ToString(Formatting.None), actual);
                }
            }
            return null;
        }

        private static Dictionary<string, string> Run(VectorCase c)
        {
            JObject i = c.Input;
            JwtOptions o = Options(i);
            var r = new Dictionary<string, string>();
            switch (c.Op)
            {
                case "sign":
                    r["token"] = Jwt.Sign(Str(i, "payload"), Secret(i), o);
                    break;
                case "verify":
                    r["claims"] = i["token_hex"] != null
                        ? Jwt.Verify(Hex((string)i["token_hex"]), Secret(i), o)
                        : Jwt.Verify(Str(i, "token"), Secret(i), o);
                    break;
                case "decode_unverified":
                    UnverifiedToken u = i["token_hex"] != null
                        ? Jwt.DecodeUnverified(Hex((string)i["token_hex"]), o)
                        : Jwt.DecodeUnverified(Str(i, "token"), o);
                    r["header"] = u.Header;
                    r["claims"] = u.Claims;
                    break;
                case "sign_request":
                    string placement = Str(i, "placement");
                    if (placement == "header") r["token"] = Jwt.SignRequest(Str(i, "body"), Secret(i), Placement.Header, o);
                    else if (placement == "body" || placement == null) r["body"] = Jwt.SignRequest(Str(i, "body"), Secret(i), Placement.Body, o);
                    else throw new InvalidOperationException("unknown placement " + placement);
                    break;
                case "verify_request":
                    r["params"] = Jwt.VerifyRequest(Str(i, "body"), Str(i, "authorization"), Secret(i), o);
                    break;
                case "sign_config":
                    r["config"] = Jwt.SignConfig(Str(i, "config"), Secret(i), o);
                    break;
                case "sign_editor_method":
                    r["params"] = Jwt.SignEditorMethod(Str(i, "method"), Str(i, "params"), Secret(i), o);
                    break;
                case "verify_download":
                    r["claims"] = Jwt.VerifyDownload(Str(i, "authorization"), Str(i, "url"), Secret(i), o);
                    break;
                case "load_config":
                    r["config"] = LoadConfig(i);
                    break;
                case "verify_request_with_config":
                    r["params"] = Jwt.VerifyRequestWithConfig(Str(i, "body"), Str(i, "authorization"), LoadConfig(i),
                                                              Direction(Str(i, "direction")), o);
                    break;
                case "verify_download_with_config":
                    r["claims"] = Jwt.VerifyDownloadWithConfig(Str(i, "authorization"), Str(i, "url"), LoadConfig(i), o);
                    break;
                case "download_token_expected":
                    r["expected"] = Jwt.DownloadTokenExpected(Str(i, "url"), LoadConfig(i)) ? "true" : "false";
                    break;
                default:
                    throw new InvalidOperationException("unknown op " + c.Op);
            }
            return r;
        }

        // "inbox" / "outbox"; any other name is passed as a number the core refuses (invalid_argument).
        private static Direction Direction(string name)
        {
            return name == "inbox" ? OoJwt.Direction.Inbox : name == "outbox" ? OoJwt.Direction.Outbox : (Direction)uint.MaxValue;
        }

        private static string LoadConfig(JObject i)
        {
            string dir = Path.Combine(Path.GetTempPath(), "oojwt-cs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var files = i["files"] as JObject;
                if (files != null)
                    foreach (var f in files.Properties())
                        System.IO.File.WriteAllBytes(Path.Combine(dir, f.Name), Strict.GetBytes(((string)f.Value).Replace("@DIR@", dir)));
                string local = Str(i, "local"), def = Str(i, "default");
                Dictionary<string, string> env = null;
                var e = i["env"] as JObject;
                if (e != null)
                {
                    env = new Dictionary<string, string>();
                    foreach (var p in e.Properties())
                    {
                        if (p.Value.Type != JTokenType.String)
                            throw new InvalidOperationException("env value " + p.Name + " is not a string (IDictionary<string,string> API)");
                        env[p.Name] = (string)p.Value;
                    }
                }
                return Jwt.LoadConfig(local == null ? null : Path.Combine(dir, local),
                                      def == null ? null : Path.Combine(dir, def), env);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
