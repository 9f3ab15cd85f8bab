using System;
using System.IO;
using System.Text;
using System.Web;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("OoJwt.Tests")]

namespace OoJwt.AspNet
{
    /// <summary>
    /// A classic ASP.NET (<c>System.Web</c>) handler for Docs' callbacks, over <see cref="Jwt.HandleCallback"/>
    /// and <see cref="CallbackAnswer"/>: it reads the body and the settings' outbox header, verifies, calls
    /// <see cref="OnCallback"/> with the verified callback and answers as Docs expects (200 <c>{"error":0}</c>;
    /// <c>{"error":1}</c> with 403, 400 or 500). It logs nothing (no token, no secret reaches a log).
    /// <code>
    /// public sealed class DocsCallback : CallbackHandler
    /// {
    ///     static readonly string Config = Jwt.LoadConfig("/etc/onlyoffice/documentserver/local.json");
    ///     protected override string Settings => Config;
    ///     protected override void OnCallback(Callback cb, HttpContext context) { if (cb.Url != null) Save(cb.Key, cb.Url); }
    /// }
    /// </code>
    /// Web.config: <c>&lt;add verb="POST" path="callback" type="MyApp.DocsCallback, MyApp"/&gt;</c> under
    /// <c>system.web/httpHandlers</c> (or <c>system.webServer/handlers</c> on IIS).
    /// </summary>
    public abstract class CallbackHandler : IHttpHandler
    {
        /// <summary>The settings, the JSON text <see cref="Jwt.LoadConfig"/> returned (load it once).</summary>
        protected abstract string Settings { get; }

        /// <summary>The integrator's code for a verified callback (save the file at <see cref="Callback.Url"/> on
        /// status 2 and 6, ...). An exception it throws is answered 500 <c>{"error":1}</c>.</summary>
        protected abstract void OnCallback(Callback callback, HttpContext context);

        /// <summary>Called before any answer other than 200 is written, with the answer and its cause: a refused
        /// callback's <see cref="JwtException"/> (whose <see cref="Exception.Message"/> never holds a token or a
        /// secret) or the exception <see cref="OnCallback"/> threw. For logging or counting; does nothing by default.</summary>
        protected virtual void OnRefused(CallbackAnswer answer, Exception error) { }

        /// <summary>True: the handler keeps no state between requests.</summary>
        public virtual bool IsReusable => true;

        /// <summary>Verifies the callback, hands it to <see cref="OnCallback"/>, writes Docs' answer.</summary>
        public void ProcessRequest(HttpContext context)
        {
            CallbackAnswer answer;
            Exception error = null;
            try
            {
                string settings = Settings;
                string body;
                using (var reader = new StreamReader(context.Request.InputStream, new UTF8Encoding(false)))
                    body = reader.ReadToEnd();
                Callback callback = Jwt.HandleCallback(body, context.Request.Headers[Header(settings, "outbox")], settings);
                try
                {
                    OnCallback(callback, context);
                    answer = CallbackAnswer.Ok;
                }
                catch (Exception e)
                {
                    error = e;
                    answer = CallbackAnswer.SaveFailed;
                }
            }
            catch (Exception e)
            {
                // A refused callback (403/400), or settings that could not be loaded (500).
                error = e;
                answer = CallbackAnswer.For(e);
            }
            if (error != null) OnRefused(answer, error);
            context.Response.StatusCode = answer.StatusCode;
            context.Response.ContentType = "application/json";
            context.Response.Write(answer.Body);
        }

        /// <summary>The header name of a direction in the settings (Docs' <c>token.outbox.header</c>). The
        /// settings are one text loaded once: the last answer is kept for as long as the same text is asked
        /// about (parsing it costs more than verifying a typical callback).</summary>
        internal static string Header(string settings, string direction)
        {
            HeaderName last = _last;
            if (last != null && last.Direction == direction && string.Equals(last.Settings, settings, StringComparison.Ordinal))
                return last.Name;
            string name = (string)Callback.ParseJson(settings).Element(direction)?.Element("header") ?? "Authorization";
            _last = new HeaderName(settings, direction, name);
            return name;
        }

        private static volatile HeaderName _last;

        // Immutable: a reader sees the three fields of one answer, whichever thread wrote it.
        private sealed class HeaderName
        {
            internal readonly string Settings, Direction, Name;

            internal HeaderName(string settings, string direction, string name) => (Settings, Direction, Name) = (settings, direction, name);
        }
    }

    /// <summary>
    /// A classic ASP.NET handler for a file served to Docs, over <see cref="Jwt.CheckDownload"/>: when Docs
    /// signs downloads of the URL, its token must verify for it, or the answer is 403 and nothing is served.
    /// <code>
    /// public sealed class DocsFile : DownloadHandler
    /// {
    ///     protected override string Settings => DocsCallback.Config;
    ///     protected override void Serve(HttpContext context) => context.Response.TransmitFile(PathOf(context.Request));
    /// }
    /// </code>
    /// </summary>
    public abstract class DownloadHandler : IHttpHandler
    {
        /// <summary>The settings, the JSON text <see cref="Jwt.LoadConfig"/> returned.</summary>
        protected abstract string Settings { get; }

        /// <summary>Writes the file; called only when the request passed the check.</summary>
        protected abstract void Serve(HttpContext context);

        /// <summary>The URL Docs was given for this file. The request URL by default; behind a proxy that
        /// rewrites host or path, return the URL written into the editor config.</summary>
        protected virtual string DocumentUrl(HttpRequest request) => request.Url.AbsoluteUri;

        /// <summary>True: the handler keeps no state between requests.</summary>
        public virtual bool IsReusable => true;

        /// <summary>Checks Docs' token for the URL, then serves the file or answers 403.</summary>
        public void ProcessRequest(HttpContext context)
        {
            string settings = Settings;
            try
            {
                Jwt.CheckDownload(context.Request.Headers[CallbackHandler.Header(settings, "outbox")],
                                  DocumentUrl(context.Request), settings);
            }
            catch (JwtException)
            {
                context.Response.StatusCode = 403;
                return;
            }
            Serve(context);
        }
    }
}
