using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

[assembly: InternalsVisibleTo("OoJwt.Tests")]

namespace OoJwt
{
    /// <summary>
    /// Turns JSON text the core returned (already validated by it as strict JSON) into
    /// Dictionary/List/long/double/string/bool/null, for <see cref="Jwt.VerifyClaims(string, byte[], JwtOptions)"/>.
    /// Conversion only: it makes no JWT decision. Text it cannot read raises FormatException.
    /// </summary>
    internal sealed class ClaimsReader
    {
        private readonly string _s;
        private int _i;
        private int _depth;

        private ClaimsReader(string s)
        {
            _s = s;
        }

        internal static object Parse(string json)
        {
            var r = new ClaimsReader(json);
            r.Ws();
            object v = r.Value();
            r.Ws();
            if (r._i != json.Length) throw r.Fail("text after the value");
            return v;
        }

        private FormatException Fail(string what)
        {
            return new FormatException("JSON: " + what + " at offset " + _i);
        }

        private void Ws()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r')) _i++;
        }

        private char Peek()
        {
            if (_i >= _s.Length) throw Fail("unexpected end");
            return _s[_i];
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Fail("expected '" + c + "'");
            _i++;
        }

        private void Word(string w)
        {
            if (string.CompareOrdinal(_s, _i, w, 0, w.Length) != 0) throw Fail("expected " + w);
            _i += w.Length;
        }

        private object Value()
        {
            char c = Peek();
            switch (c)
            {
                case '{': return Obj();
                case '[': return Arr();
                case '"': return Str();
                case 't': Word("true"); return true;
                case 'f': Word("false"); return false;
                case 'n': Word("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return Num();
                    throw Fail("unexpected character");
            }
        }

        private Dictionary<string, object> Obj()
        {
            if (++_depth > 512) throw Fail("nesting too deep");
            Expect('{');
            var d = new Dictionary<string, object>(StringComparer.Ordinal);
            Ws();
            if (Peek() == '}') { _i++; _depth--; return d; }
            while (true)
            {
                Ws();
                string k = Str();
                Ws();
                Expect(':');
                Ws();
                d[k] = Value();
                Ws();
                if (Peek() == ',') { _i++; continue; }
                Expect('}');
                _depth--;
                return d;
            }
        }

        private List<object> Arr()
        {
            if (++_depth > 512) throw Fail("nesting too deep");
            Expect('[');
            var l = new List<object>();
            Ws();
            if (Peek() == ']') { _i++; _depth--; return l; }
            while (true)
            {
                Ws();
                l.Add(Value());
                Ws();
                if (Peek() == ',') { _i++; continue; }
                Expect(']');
                _depth--;
                return l;
            }
        }

        private string Str()
        {
            Expect('"');
            int start = _i;
            // Common case: no escape, one Substring.
            while (_i < _s.Length && _s[_i] != '"' && _s[_i] != '\\') _i++;
            if (Peek() == '"') return _s.Substring(start, _i++ - start);
            var sb = new StringBuilder(_s, start, _i - start, _i - start + 16);
            while (true)
            {
                int run = _i;
                while (_i < _s.Length && _s[_i] != '"' && _s[_i] != '\\') _i++;
                sb.Append(_s, run, _i - run);
                char c = Peek();
                _i++;
                if (c == '"') return sb.ToString();
                char e = Peek();
                _i++;
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_i + 4 > _s.Length) throw Fail("short \\u escape");
                        int code;
                        if (!int.TryParse(_s.Substring(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                            throw Fail("bad \\u escape");
                        sb.Append((char)code);
                        _i += 4;
                        break;
                    default: throw Fail("bad escape");
                }
            }
        }

        private object Num()
        {
            int start = _i;
            bool negative = _s[_i] == '-';
            if (negative) _i++;
            // Integers that fit a long, without a Substring.
            long value = 0;
            bool fits = true;
            int digits = _i;
            while (_i < _s.Length && _s[_i] >= '0' && _s[_i] <= '9')
            {
                int d = _s[_i] - '0';
                if (value > (long.MaxValue - d) / 10) fits = false;
                else value = value * 10 + d;
                _i++;
            }
            bool integral = _i > digits;
            while (_i < _s.Length)
            {
                char c = _s[_i];
                if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') { integral = false; _i++; continue; }
                break;
            }
            if (integral && fits) return negative ? -value : value;
            if (integral && negative && _s.Substring(start, _i - start) == "-9223372036854775808") return long.MinValue;
            double d2;
            if (double.TryParse(_s.Substring(start, _i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out d2)) return d2;
            throw Fail("bad number");
        }
    }
}
