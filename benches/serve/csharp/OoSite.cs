// The per-request bench's "oo" side: OoJwt.AspNet's callback handler, the settings loaded once per process
// from the Docs local.json named by OO_SERVE_CONFIG (Jwt.LoadConfig).
using System;
using System.Linq;
using System.Web;
using OoJwt;
using OoJwt.AspNet;

namespace Bench.Serve
{
    public sealed class OoCallback : CallbackHandler
    {
        private static readonly string Config = Jwt.LoadConfig(Environment.GetEnvironmentVariable("OO_SERVE_CONFIG"));

        protected override string Settings => Config;

        // What a storage's save code reads: status, key, url and the history's length.
        protected override void OnCallback(Callback cb, HttpContext context)
        {
            int changes = cb.History?.Element("changes")?.Elements().Count() ?? 0;
            if (cb.Key == null || (cb.Status == CallbackStatus.ReadyForSaving && cb.Url == null) || changes < 0)
                throw new InvalidOperationException("incomplete callback");
        }
    }
}
