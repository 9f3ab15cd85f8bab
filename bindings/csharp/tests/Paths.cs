using System;
using System.IO;

namespace OoJwt.Tests
{
    internal static class Paths
    {
        /// <summary>The repository root: OO_JWT_ROOT, else three levels above build/OoJwt.Tests.dll.</summary>
        public static string Root
        {
            get
            {
                string env = Environment.GetEnvironmentVariable("OO_JWT_ROOT");
                if (!string.IsNullOrEmpty(env)) return env;
                string here = Path.GetDirectoryName(typeof(Paths).Assembly.Location);
                return Path.GetFullPath(Path.Combine(here, "..", "..", ".."));
            }
        }

        public static string Header
        {
            get
            {
                string inc = Environment.GetEnvironmentVariable("OO_JWT_INCLUDE");
                if (string.IsNullOrEmpty(inc)) inc = Path.Combine(Root, "include");
                return Path.Combine(inc, "oo_jwt.h");
            }
        }
    }
}
