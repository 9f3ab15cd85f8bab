// Cold start "oo": the installed OoJwt package verifies one token (OO_COLD_TOKEN, HS256, OO_COLD_SECRET);
// exit 0 only when the claims' key is OO_COLD_KEY. The claims are read with the JSON reader the package
// itself offers (Callback.ParseJson).
using System;
using OoJwt;

internal static class Oo
{
    private static int Main()
    {
        try
        {
            string claims = Jwt.Verify(Environment.GetEnvironmentVariable("OO_COLD_TOKEN"),
                                       Environment.GetEnvironmentVariable("OO_COLD_SECRET"),
                                       new JwtOptions { Algorithms = Algorithm.HS256 });
            return (string)Callback.ParseJson(claims).Element("key") == Environment.GetEnvironmentVariable("OO_COLD_KEY") ? 0 : 1;
        }
        catch (JwtException)
        {
            return 1;
        }
    }
}
