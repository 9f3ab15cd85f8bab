using System;
using System.IO;
using System.Linq;
using System.Web;
using OoJwt;
using OoJwt.AspNet;

namespace OoJwt.TestSite
{
    /// <summary>The end-to-end test's site: settings from OO_JWT_SITE_CONFIG (a Docs local.json, through
    /// LoadConfig); each verified callback appended as one line to OO_JWT_SITE_LOG.</summary>
    internal static class Site
    {
        internal static readonly string Settings =
            Jwt.LoadConfig(Environment.GetEnvironmentVariable("OO_JWT_SITE_CONFIG"));
        internal static readonly object Lock = new object();
    }

    public sealed class Callbacks : CallbackHandler
    {
        protected override string Settings => Site.Settings;

        protected override void OnCallback(Callback cb, HttpContext context)
        {
            // The test's way to make the integrator's save code fail on a verified callback.
            if (cb.Key == "site-save-fails") throw new IOException("storage unavailable");
            int changes = cb.History?.Element("changes")?.Elements().Count() ?? -1;
            string line = string.Join("\t", cb.Key, ((int)cb.Status).ToString(), cb.Url != null ? "url" : "-",
                cb.ChangesUrl != null ? "changesurl" : "-", "changes=" + changes,
                "users=" + (cb.Users == null ? "-" : string.Join(",", cb.Users)),
                "forcesavetype=" + (cb.ForceSaveType.HasValue ? ((int)cb.ForceSaveType.Value).ToString() : "-"),
                "userdata=" + (cb.UserData ?? "-"));
            lock (Site.Lock) File.AppendAllText(Environment.GetEnvironmentVariable("OO_JWT_SITE_LOG"), line + "\n");
        }
    }

    public sealed class Files : DownloadHandler
    {
        protected override string Settings => Site.Settings;

        protected override void Serve(HttpContext context)
        {
            context.Response.ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            context.Response.BinaryWrite(new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x6f, 0x6f, 0x2d, 0x6a, 0x77, 0x74 });
        }
    }
}
