using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Formatters.Binary;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>The Dictionary conversion of VerifyClaims against Newtonsoft.Json on every JSON result of
    /// the vectors, and a few edges.</summary>
    [TestFixture]
    public class ClaimsReaderTests
    {
        private static bool Same(object mine, JToken theirs)
        {
            switch (theirs.Type)
            {
                case JTokenType.Object:
                    var d = mine as Dictionary<string, object>;
                    var o = (JObject)theirs;
                    return d != null && d.Count == o.Count && o.Properties().All(p => d.ContainsKey(p.Name) && Same(d[p.Name], p.Value))
                           && d.Keys.SequenceEqual(o.Properties().Select(p => p.Name));
                case JTokenType.Array:
                    var l = mine as List<object>;
                    var a = (JArray)theirs;
                    return l != null && l.Count == a.Count && l.Zip(a, Same).All(x => x);
                case JTokenType.Integer:
                    if (mine is long) return Convert.ToString(((JValue)theirs).Value, CultureInfo.InvariantCulture) == ((long)mine).ToString(CultureInfo.InvariantCulture);
                    return mine is double && (double)mine == Json.ToDouble(theirs);
                case JTokenType.Float:
                    return mine is double && (double)mine == Json.ToDouble(theirs);
                case JTokenType.String:
                    return mine is string && (string)mine == (string)theirs;
                case JTokenType.Boolean:
                    return mine is bool && (bool)mine == (bool)theirs;
                case JTokenType.Null:
                    return mine == null;
                default:
                    return false;
            }
        }

        [Test]
        public void AgreesWithNewtonsoftOnEveryJsonResultOfTheVectors()
        {
            int n = 0;
            foreach (VectorCase c in Vectors.All())
                foreach (var p in c.Expect.Properties().Where(p => p.Value.Type == JTokenType.Object))
                {
                    string text = p.Value.ToString(Formatting.None);
                    object mine = ClaimsReader.Parse(text);
                    Assert.That(Same(mine, Json.Parse(text)), Is.True, c.Id + ": " + text);
                    n++;
                }
            Assert.That(n, Is.GreaterThan(100));
        }

        [TestCase("{\"a\":9223372036854775807,\"b\":-9223372036854775808,\"c\":9223372036854775808,\"d\":-0,\"e\":1E+2}")]
        [TestCase("{ \"s\" : \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude00x\" , \"t\":[ ] , \"u\" : { } }")]
        [TestCase("{\"deep\":[[[[{\"a\":[1,2.5,-3e-2,true,false,null]}]]]]}")]
        public void Edges(string text)
        {
            Assert.That(Same(ClaimsReader.Parse(text), Json.Parse(text)), Is.True, text);
        }

        [Test]
        public void LongBoundaries()
        {
            var d = (Dictionary<string, object>)ClaimsReader.Parse("{\"a\":9223372036854775807,\"b\":-9223372036854775808,\"c\":9223372036854775808}");
            Assert.That(d["a"], Is.EqualTo(long.MaxValue));
            Assert.That(d["b"], Is.EqualTo(long.MinValue));
            Assert.That(d["c"], Is.TypeOf<double>());
        }

        [TestCase("{")]
        [TestCase("{\"a\":1} x")]
        [TestCase("{\"a\":tru}")]
        [TestCase("{\"a\":\"\\q\"}")]
        public void UnreadableTextIsAFormatException(string text)
        {
            Assert.Throws<FormatException>(() => ClaimsReader.Parse(text));
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
