// The per-request bench's "peer" side: the callback handler of ONLYOFFICE's C# integration example (its
// TrackManager), with its JwtManager.Decode done the way JWT.NET does it (JWT.NET is built on HMACSHA256 and
// Newtonsoft.Json): the body read with JavaScriptSerializer; the body's token, else the Authorization header's
// after "Bearer "; the token's header parsed and its alg checked, the HMAC compared, the payload parsed and exp
// checked; the verified JSON read again with JavaScriptSerializer, its payload member when the token came from the
// header; status, key, url and the history's length read; 200 {"error":0}, or 403 {"error":1} when refused.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using System.Web.Script.Serialization;
using Newtonsoft.Json;

namespace Bench.Serve
{
    public sealed class PeerCallback : IHttpHandler
    {
        private static readonly byte[] Secret = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("OO_SERVE_SECRET") ?? "");

        public bool IsReusable => true;

        private static byte[] FromB64Url(string s)
        {
            s = s.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4) { case 2: s += "=="; break; case 3: s += "="; break; }
            return Convert.FromBase64String(s);
        }

        // JWT.NET's JwtBuilder.WithAlgorithm(HMACSHA256).WithSecret(secret).MustVerifySignature().Decode(token).
        private static string Decode(string token)
        {
            string[] parts = token.Split('.');
            if (parts.Length != 3) throw new FormatException("token must have 3 parts");
            var header = JsonConvert.DeserializeObject<Dictionary<string, object>>(Encoding.UTF8.GetString(FromB64Url(parts[0])));
            if (!header.TryGetValue("alg", out object alg) || (alg as string) != "HS256") throw new InvalidOperationException("alg");
            byte[] sig = FromB64Url(parts[2]), mac;
            using (var h = new HMACSHA256(Secret)) mac = h.ComputeHash(Encoding.UTF8.GetBytes(parts[0] + "." + parts[1]));
            int diff = sig.Length ^ mac.Length;
            for (int i = 0; i < mac.Length && i < sig.Length; i++) diff |= sig[i] ^ mac[i];
            if (diff != 0) throw new InvalidOperationException("signature");
            string json = Encoding.UTF8.GetString(FromB64Url(parts[1]));
            var claims = JsonConvert.DeserializeObject<Dictionary<string, object>>(json);
            double now = (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
            if (claims.TryGetValue("exp", out object exp) && Convert.ToDouble(exp) <= now) throw new InvalidOperationException("expired");
            if (claims.TryGetValue("nbf", out object nbf) && Convert.ToDouble(nbf) > now) throw new InvalidOperationException("nbf");
            return json;
        }

        public void ProcessRequest(HttpContext context)
        {
            var jss = new JavaScriptSerializer { MaxJsonLength = int.MaxValue };
            context.Response.ContentType = "application/json";
            try
            {
                string body;
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = reader.ReadToEnd();
                var data = jss.Deserialize<Dictionary<string, object>>(body);
                string token;
                if (data.ContainsKey("token")) token = Decode(data["token"].ToString());
                else
                {
                    string auth = context.Request.Headers["Authorization"];
                    if (auth == null || !auth.StartsWith("Bearer ")) throw new InvalidOperationException("no token");
                    token = Decode(auth.Substring("Bearer ".Length));
                }
                data = jss.Deserialize<Dictionary<string, object>>(token);
                if (data.ContainsKey("payload")) data = (Dictionary<string, object>)data["payload"];
                int status = Convert.ToInt32(data["status"]);
                string key = (string)data["key"];
                string url = data.ContainsKey("url") ? (string)data["url"] : null;
                int changes = data.TryGetValue("history", out object h) && h is Dictionary<string, object> history
                              && history.TryGetValue("changes", out object c) && c is ICollection list ? list.Count : 0;
                if (key == null || (status == 2 && url == null) || changes < 0) throw new InvalidOperationException("incomplete callback");
            }
            catch (Exception)
            {
                context.Response.StatusCode = 403;
                context.Response.Write("{\"error\":1}");
                return;
            }
            context.Response.Write("{\"error\":0}");
        }
    }
}
