// The cross-language hook behind ./xsign:
//   xsign sign <secret> <payload-json>   prints the HS256 token (no iat/exp added)
//   xsign verify <secret> <token>        prints the claims JSON; or "error: <name>" on stderr, exit 1
using System;
using System.IO;
using System.Text;
using OoJwt;

internal static class XSign
{
    private static int Main(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false));
        try
        {
            if (args.Length != 3 || (args[0] != "sign" && args[0] != "verify"))
            {
                stderr.WriteLine("usage: xsign sign <secret> <payload-json> | xsign verify <secret> <token>");
                return 2;
            }
            string result = args[0] == "sign" ? Jwt.Sign(args[2], args[1]) : Jwt.Verify(args[2], args[1]);
            stdout.Write(result);
            stdout.Write('\n');
            return 0;
        }
        catch (JwtException e)
        {
            stderr.WriteLine("error: " + e.Name);
            return 1;
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }
}
