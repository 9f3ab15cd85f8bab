using System;
using System.Collections.Generic;
using System.Linq;
#if NET5_0_OR_GREATER
using System.Text.Json;
#endif

namespace OoJwt
{
    /// <summary>
    /// HMAC JWTs for ONLYOFFICE Docs integrations, over the oo-jwt core (liboo_jwt). Each method passes
    /// its arguments to the core as UTF-8 (pointer, length) pairs and returns the core's JSON text; every
    /// JWT decision is the core's. Failures throw <see cref="JwtException"/>. Thread-safe.
    ///
    /// <para>The arguments come in one order: what the operation is about, then the secret (or settings),
    /// then the options. A null input is "not given": optional ones (body, authorization, default path,
    /// environment) are absent, required ones are judged by the core (<c>empty_secret</c>, ...).</para>
    /// <code>string token = Jwt.Sign("{\"key\":\"k\"}", "secret");</code>
    /// </summary>
    public static unsafe partial class Jwt
    {
        /// <summary>The core's version (<c>oo_version()</c>), e.g. "0.1.0".</summary>
        public static string Version
        {
            get
            {
                Native.Abi(); // a missing library: the explained error, not the loader's bare one
                return Call.Text(Native.oo_version());
            }
        }

        /// <summary>Signs the JSON object text <paramref name="payload"/>; returns the token. Reads
        /// Algorithm, ExpiresIn (unset: no <c>iat</c>/<c>exp</c>), Now, MaxJsonLength.
        /// <code>string token = Jwt.Sign("{\"key\":\"k\",\"status\":2}", secret);</code></summary>
        public static string Sign(string payload, Input secret, JwtOptions options = null) =>
            Call.Run(c => Native.oo_sign(c.P(0), c.N(0), c.P(1), c.N(1), c.Options, c.Out, c.Error),
                     options, payload, secret);

        /// <summary>Verifies <paramref name="token"/> (text, or bytes as received); returns the claims JSON
        /// exactly as the token carries them. Reads Algorithms, Leeway, Now, MaxTokenLength.
        /// <code>string claims = Jwt.Verify(token, secret, new JwtOptions { Algorithms = Algorithm.HS256 });</code></summary>
        public static string Verify(Input token, Input secret, JwtOptions options = null) =>
            Call.Run(c => Native.oo_verify(c.P(0), c.N(0), c.P(1), c.N(1), c.Options, c.Out, c.Error),
                     options, token, secret);

#if NET5_0_OR_GREATER
        /// <summary><see cref="Verify"/>, with the claims parsed by System.Text.Json (.NET 5 and later
        /// builds only; the element owns its memory).
        /// <code>long status = Jwt.VerifyClaims(token, secret).GetProperty("status").GetInt64();</code></summary>
        public static JsonElement VerifyClaims(Input token, Input secret, JwtOptions options = null)
        {
            using (JsonDocument d = JsonDocument.Parse(Verify(token, secret, options))) return d.RootElement.Clone();
        }
#endif

        /// <summary>Takes <paramref name="token"/> apart WITHOUT verifying it: for diagnostics only, never a
        /// trust decision. Reads MaxTokenLength.
        /// <code>string header = Jwt.DecodeUnverified(token).Header;</code></summary>
        public static UnverifiedToken DecodeUnverified(Input token, JwtOptions options = null)
        {
            using (Call c = Call.Begin(options, token))
            {
                c.Check(Native.oo_decode_unverified(c.P(0), c.N(0), c.Options, c.Out, c.Out + 1, c.Error));
                return new UnverifiedToken(c.Take(0), c.Take(1));
            }
        }

        /// <summary>Signs a request to Docs (command service, converter, docbuilder). Body placement: returns
        /// the body JSON with a <c>token</c> member added; header placement: returns the bare token for
        /// <c>Authorization: Bearer &lt;token&gt;</c>. Reads Algorithm, ExpiresIn (unset: the core's default
        /// for requests), Now, MaxJsonLength.
        /// <code>string body = Jwt.SignRequest("{\"c\":\"info\",\"key\":\"k\"}", secret);</code></summary>
        public static string SignRequest(string body, Input secret, Placement placement = Placement.Body, JwtOptions options = null) =>
            Call.Run(c => Native.oo_sign_request(c.P(0), c.N(0), c.P(1), c.N(1), (uint)placement,
                                                 c.Options, c.Out, c.Error), options, body, secret);

        /// <summary>Verifies a request the way Docs does: a <c>token</c> in <paramref name="body"/> first (no
        /// fallback), else the <paramref name="authorization"/> value after the prefix, else
        /// <c>missing_token</c>. Returns the trusted parameters JSON (claims, then <c>payload</c>'s members,
        /// then <c>query</c>'s). Reads Prefix, Algorithms, Leeway, Now, MaxTokenLength, MaxJsonLength.
        /// <code>string p = Jwt.VerifyRequest(body, request.Headers["Authorization"], secret);</code></summary>
        public static string VerifyRequest(string body, string authorization, Input secret, JwtOptions options = null) =>
            Call.Run(c => Native.oo_verify_request(c.P(0), c.N(0), c.P(1), c.N(1), c.P(2), c.N(2), c.P(3), c.N(3),
                                                   c.Options, c.Out, c.Error), options, body, authorization, secret, options?.Prefix);

        /// <summary>Signs an editor config; returns the config JSON with <c>token</c> added
        /// (<c>invalid_config</c> names a missing <c>document.key</c>/<c>document.url</c> or a forbidden
        /// top-level key). Reads Algorithm, ExpiresIn (unset: none), Now, MaxJsonLength.
        /// <code>string signed = Jwt.SignConfig(configJson, inboxSecret);</code></summary>
        public static string SignConfig(string config, Input secret, JwtOptions options = null) =>
            Call.Run(c => Native.oo_sign_config(c.P(0), c.N(0), c.P(1), c.N(1), c.Options, c.Out, c.Error),
                     options, config, secret);

        /// <summary>Signs the parameter object of a <c>docEditor</c> method (<c>insertImage</c>,
        /// <c>setHistoryData</c>, <c>setRequestedDocument</c>, ...) with the browser (inbox) secret; returns the
        /// object JSON with <c>token</c> added (<c>invalid_config</c> names the method and a member Docs reads
        /// from the token that is missing). Reads Algorithm, ExpiresIn (unset: none), Now, MaxJsonLength.
        /// <code>string signed = Jwt.SignEditorMethod("setRevisedFile", "{\"fileType\":\"docx\",\"url\":\"https://s/b.docx\"}", secret);</code></summary>
        public static string SignEditorMethod(string method, string parameters, Input secret, JwtOptions options = null) =>
            Call.Run(c => Native.oo_sign_editor_method(c.P(0), c.N(0), c.P(1), c.N(1), c.P(2), c.N(2),
                                                       c.Options, c.Out, c.Error), options, method, parameters, secret);

        /// <summary>Verifies a download from Docs: the <paramref name="authorization"/> value after the prefix
        /// must be a valid token whose <c>payload.url</c> names <paramref name="url"/>, the absolute URL of the
        /// request as Docs addressed it; both are compared as WHATWG URLs without the fragment, whole or
        /// (<see cref="JwtOptions.PathAndQueryOnly"/>) by path and query. A <paramref name="url"/> that does
        /// not parse is <c>invalid_argument</c>. Returns the claims JSON. Reads Prefix, PathAndQueryOnly,
        /// Algorithms, Leeway, Now, MaxTokenLength.
        /// <code>string claims = Jwt.VerifyDownload(request.Headers["Authorization"], requestUrl, secret);</code></summary>
        public static string VerifyDownload(string authorization, string url, Input secret, JwtOptions options = null) =>
            Call.Run(c => Native.oo_verify_download(c.P(0), c.N(0), c.P(1), c.N(1), c.P(2), c.N(2), c.P(3), c.N(3),
                                                    c.Options, c.Out, c.Error), options, authorization, url, secret, options?.Prefix);

        /// <summary>Reads an ONLYOFFICE Docs configuration: <paramref name="localPath"/> (local.json) over
        /// <paramref name="defaultPath"/> (default.json; null: Docs' built-in defaults), then the Docker
        /// variables in <paramref name="environment"/> (JWT_SECRET, JWT_ENABLED, JWT_HEADER; null: none; the
        /// process environment is never read). Returns the resolved settings JSON (shape in
        /// docs/semantics.md), secrets included in clear and as hex.
        /// <code>string settings = Jwt.LoadConfig("/etc/onlyoffice/documentserver/local.json");</code></summary>
        public static string LoadConfig(string localPath, string defaultPath = null, IDictionary<string, string> environment = null) =>
            Call.Run(c => Native.oo_load_config(c.P(0), c.N(0), c.P(1), c.N(1), c.P(2), c.N(2), c.Out, c.Error),
                     null, localPath, defaultPath, EnvironmentJson(environment));

        /// <summary>Verifies a request with the <paramref name="settings"/> <see cref="LoadConfig"/> returned
        /// (that JSON text, unchanged): <paramref name="direction"/> picks the secret and prefix; the clock
        /// tolerance and allow-list are the settings'. Reads Now, MaxTokenLength, MaxJsonLength. Returns the
        /// trusted parameters JSON, as <see cref="VerifyRequest"/> does.
        /// <code>string p = Jwt.VerifyRequestWithConfig(body, authorization, settings, Direction.Outbox);</code></summary>
        public static string VerifyRequestWithConfig(string body, string authorization, string settings, Direction direction,
                                                     JwtOptions options = null) =>
            Call.Run(c => Native.oo_verify_request_with_config(c.P(0), c.N(0), c.P(1), c.N(1), c.P(2), c.N(2), (uint)direction,
                                                               c.Options, c.Out, c.Error), options, body, authorization, settings);

        /// <summary>Verifies a download from Docs with the <paramref name="settings"/> <see cref="LoadConfig"/>
        /// returned: the outbox secret, prefix, clock tolerance and allow-list are the settings'. Reads
        /// PathAndQueryOnly, Now, MaxTokenLength. Otherwise as <see cref="VerifyDownload"/>. A token is always
        /// required (<c>missing_token</c>), even for a URL Docs downloads without one: ask
        /// <see cref="DownloadTokenExpected"/> first. Returns the claims JSON.
        /// <code>string claims = Jwt.VerifyDownloadWithConfig(authorization, requestUrl, settings);</code></summary>
        public static string VerifyDownloadWithConfig(string authorization, string url, string settings, JwtOptions options = null) =>
            Call.Run(c => Native.oo_verify_download_with_config(c.P(0), c.N(0), c.P(1), c.N(1), c.P(2), c.N(2),
                                                                c.Options, c.Out, c.Error), options, authorization, url, settings);

        /// <summary>Whether Docs sends a token when it downloads <paramref name="url"/>, with the
        /// <paramref name="settings"/> <see cref="LoadConfig"/> returned: outbox tokens enabled and the URL not
        /// containing <c>token.outbox.urlExclusionRegex</c> (plain text). Pass the URL exactly as given to Docs
        /// (<c>document.url</c>, ...), not the request URL as received.
        /// <code>if (!Jwt.DownloadTokenExpected(documentUrl, settings)) { /* Docs sends no token */ }</code></summary>
        public static bool DownloadTokenExpected(string url, string settings)
        {
            byte expected = 0;
            using (Call c = Call.Begin(null, url, settings))
                c.Check(Native.oo_download_token_expected(c.P(0), c.N(0), c.P(1), c.N(1), &expected, c.Error));
            return expected != 0;
        }

        // The environment map as the JSON object text the C ABI takes: strings only, every character JSON
        // needs escaped written as \uXXXX.
        private static string EnvironmentJson(IDictionary<string, string> environment) => environment == null ? null
            : "{" + string.Join(",", environment.Select(kv => JsonString(kv.Key) + ":" + (kv.Value == null ? "null" : JsonString(kv.Value)))) + "}";

        private static string JsonString(string s) =>
            "\"" + string.Concat((s ?? "").Select(ch => ch < 0x20 || ch == '"' || ch == '\\' ? "\\u" + ((int)ch).ToString("x4") : ch.ToString())) + "\"";
    }
}
