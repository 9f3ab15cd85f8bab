// Cold start "peer": one token verified the way JWT.NET does it (ONLYOFFICE's C# example uses JWT.NET, which is
// built on HMACSHA256 and Newtonsoft.Json): split, header parsed and alg checked, HMAC compared, payload parsed,
// exp checked; exit 0 only when the claims' key is OO_COLD_KEY.
using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;

internal static class Peer
{
    private static byte[] FromB64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        switch (s.Length % 4) { case 2: s += "=="; break; case 3: s += "="; break; }
        return Convert.FromBase64String(s);
    }

    private static int Main()
    {
        try
        {
            string token = Environment.GetEnvironmentVariable("OO_COLD_TOKEN") ?? "";
            byte[] key = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("OO_COLD_SECRET") ?? "");
            string[] parts = token.Split('.');
            if (parts.Length != 3) return 1;
            var header = JsonConvert.DeserializeObject<Dictionary<string, object>>(Encoding.UTF8.GetString(FromB64Url(parts[0])));
            if (!header.TryGetValue("alg", out object alg) || (alg as string) != "HS256") return 1;
            byte[] sig = FromB64Url(parts[2]), mac;
            using (var h = new HMACSHA256(key)) mac = h.ComputeHash(Encoding.UTF8.GetBytes(parts[0] + "." + parts[1]));
            int diff = sig.Length ^ mac.Length;
            for (int i = 0; i < mac.Length && i < sig.Length; i++) diff |= sig[i] ^ mac[i];
            if (diff != 0) return 1;
            var claims = JsonConvert.DeserializeObject<Dictionary<string, object>>(Encoding.UTF8.GetString(FromB64Url(parts[1])));
            double now = (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
            if (claims.TryGetValue("exp", out object exp) && Convert.ToDouble(exp) <= now) return 1;
            return claims.TryGetValue("key", out object k) && (k as string) == Environment.GetEnvironmentVariable("OO_COLD_KEY") ? 0 : 1;
        }
        catch (Exception)
        {
            return 1;
        }
    }
}
