using System;
using System.Collections.Generic;
using System.Text;

namespace OoJwt
{
    /// <summary>
    /// HMAC JWTs for ONLYOFFICE Docs integrations, over the oo-jwt core (liboo_jwt.so). Every method
    /// converts its arguments to UTF-8 (pointer, length) pairs, calls the core, copies the returned
    /// string and frees it; all JWT logic is in the core. Failures throw <see cref="JwtException"/>.
    /// Thread-safe.
    ///
    /// <para>A null required input (payload, secret, token, ...) is passed as an empty input and judged
    /// by the core; a null optional input (body, authorization, prefix, default path, environment) means
    /// "absent". A secret given as a string is its UTF-8 bytes.</para>
    /// </summary>
    public static unsafe class Jwt
    {
        /// <summary>The core's version (<c>oo_version()</c>), e.g. "0.1.0".</summary>
        public static string Version
        {
            get { return Interop.FromUtf8(Native.oo_version()); }
        }

        // Every operation below follows one pattern: the string inputs are encoded into the thread's
        // Scratch, byte[] inputs are pinned as they are, the core is called, a failure is turned into a
        // JwtException at once (same thread, before any other call into the library), the result is copied
        // and then freed in `finally`, where the scratch is cleared too. A secret or token is either text
        // (`...Text`, `isText`) or bytes.

        // ---- sign -------------------------------------------------------------------------------

        /// <summary>Signs the JSON object text <paramref name="payloadJson"/>; returns the token.
        /// Reads Algorithm, ExpiresIn, Now, MaxJsonLength.</summary>
        public static string Sign(string payloadJson, byte[] secret, JwtOptions options = null)
        {
            return SignCore(payloadJson, secret, null, false, options);
        }

        /// <summary><see cref="Sign(string, byte[], JwtOptions)"/> with the secret's UTF-8 bytes.</summary>
        public static string Sign(string payloadJson, string secret, JwtOptions options = null)
        {
            return SignCore(payloadJson, null, secret, true, options);
        }

        private static string SignCore(string payloadJson, byte[] secretBytes, string secretText, bool isText, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(payloadJson) + Scratch.Max(secretText) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iPayload = s.Add(payloadJson), iSecret = s.Add(secretText), iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_sign(s.Ptr(b, iPayload), s.Len(iPayload),
                                            isText ? s.Ptr(b, iSecret) : pk, isText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                            po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- verify -----------------------------------------------------------------------------

        /// <summary>Verifies <paramref name="token"/>; returns the claims JSON exactly as the token
        /// carries them. Reads Algorithms, Leeway, Now, MaxTokenLength.</summary>
        public static string Verify(string token, byte[] secret, JwtOptions options = null)
        {
            return VerifyCore(null, token, true, secret, null, false, options);
        }

        /// <summary><see cref="Verify(string, byte[], JwtOptions)"/> with the secret's UTF-8 bytes.</summary>
        public static string Verify(string token, string secret, JwtOptions options = null)
        {
            return VerifyCore(null, token, true, null, secret, true, options);
        }

        /// <summary>Verifies <paramref name="token"/> given as raw bytes (as received); returns the claims
        /// JSON exactly as the token carries them. Reads Algorithms, Leeway, Now, MaxTokenLength.</summary>
        public static string Verify(byte[] token, byte[] secret, JwtOptions options = null)
        {
            return VerifyCore(token, null, false, secret, null, false, options);
        }

        private static string VerifyCore(byte[] tokenBytes, string tokenText, bool tokenIsText,
                                         byte[] secretBytes, string secretText, bool secretIsText, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(tokenText) + Scratch.Max(secretText) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iToken = s.Add(tokenText), iSecret = s.Add(secretText), iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pt = Interop.Pin(tokenBytes), pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_verify(tokenIsText ? s.Ptr(b, iToken) : pt, tokenIsText ? s.Len(iToken) : Interop.Len(tokenBytes),
                                              secretIsText ? s.Ptr(b, iSecret) : pk, secretIsText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                              po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        /// <summary>
        /// <see cref="Verify(string, byte[], JwtOptions)"/>, with the claims as a dictionary (C# cannot
        /// overload on the return type alone, hence the name). Objects are
        /// <c>Dictionary&lt;string, object&gt;</c>, arrays <c>List&lt;object&gt;</c>, integers that fit
        /// <c>long</c>, other numbers <c>double</c>, then <c>string</c>, <c>bool</c> and <c>null</c>.
        /// </summary>
        public static Dictionary<string, object> VerifyClaims(string token, byte[] secret, JwtOptions options = null)
        {
            return (Dictionary<string, object>)ClaimsReader.Parse(Verify(token, secret, options));
        }

        /// <summary><see cref="VerifyClaims(string, byte[], JwtOptions)"/> with the secret's UTF-8 bytes.</summary>
        public static Dictionary<string, object> VerifyClaims(string token, string secret, JwtOptions options = null)
        {
            return (Dictionary<string, object>)ClaimsReader.Parse(Verify(token, secret, options));
        }

        // ---- decode_unverified ------------------------------------------------------------------

        /// <summary>Takes <paramref name="token"/> apart WITHOUT verifying it: for diagnostics only,
        /// never a trust decision. Reads MaxTokenLength.</summary>
        public static UnverifiedToken DecodeUnverified(string token, JwtOptions options = null)
        {
            return DecodeCore(null, token, true, options);
        }

        /// <summary>Takes <paramref name="token"/> (raw bytes) apart WITHOUT verifying it: for diagnostics
        /// only, never a trust decision. Reads MaxTokenLength.</summary>
        public static UnverifiedToken DecodeUnverified(byte[] token, JwtOptions options = null)
        {
            return DecodeCore(token, null, false, options);
        }

        private static UnverifiedToken DecodeCore(byte[] tokenBytes, string tokenText, bool isText, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(tokenText) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr header = IntPtr.Zero, claims = IntPtr.Zero;
            try
            {
                int iToken = s.Add(tokenText), iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pt = Interop.Pin(tokenBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_decode_unverified(isText ? s.Ptr(b, iToken) : pt, isText ? s.Len(iToken) : Interop.Len(tokenBytes),
                                                         po, &header, &claims);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return new UnverifiedToken(Interop.FromUtf8(header), Interop.FromUtf8(claims));
            }
            finally
            {
                Native.oo_free(header);
                Native.oo_free(claims);
                s.End();
            }
        }

        // ---- sign_request -----------------------------------------------------------------------

        /// <summary>Signs a request to Docs (command service, converter, docbuilder). Body placement:
        /// returns the body JSON with a <c>token</c> member added; header placement: returns the bare token
        /// for <c>Authorization: Bearer &lt;token&gt;</c>. Reads Algorithm, ExpiresIn (default 300), Now,
        /// MaxJsonLength.</summary>
        public static string SignRequest(string bodyJson, byte[] secret, Placement placement, JwtOptions options = null)
        {
            return SignRequestCore(bodyJson, secret, null, false, placement, options);
        }

        /// <summary><see cref="SignRequest(string, byte[], Placement, JwtOptions)"/> with the secret's
        /// UTF-8 bytes.</summary>
        public static string SignRequest(string bodyJson, string secret, Placement placement, JwtOptions options = null)
        {
            return SignRequestCore(bodyJson, null, secret, true, placement, options);
        }

        private static string SignRequestCore(string bodyJson, byte[] secretBytes, string secretText, bool isText,
                                              Placement placement, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(bodyJson) + Scratch.Max(secretText) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iBody = s.Add(bodyJson), iSecret = s.Add(secretText), iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_sign_request(s.Ptr(b, iBody), s.Len(iBody),
                                                    isText ? s.Ptr(b, iSecret) : pk, isText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                                    (uint)placement, po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- verify_request ---------------------------------------------------------------------

        /// <summary>
        /// Verifies a request the way Docs does: a <c>token</c> in <paramref name="body"/> first (no
        /// fallback), else the <paramref name="authorization"/> header value after the exact
        /// <paramref name="prefix"/> (null: "Bearer "), else <c>missing_token</c>. Returns the trusted
        /// parameters JSON (claims, then <c>payload</c>'s members, then <c>query</c>'s). Null body or
        /// authorization: absent. Reads Algorithms, Leeway, Now, MaxTokenLength, MaxJsonLength.
        /// </summary>
        public static string VerifyRequest(byte[] secret, string body, string authorization, string prefix = null,
                                           JwtOptions options = null)
        {
            return VerifyRequestCore(secret, null, false, body, authorization, prefix, options);
        }

        /// <summary><see cref="VerifyRequest(byte[], string, string, string, JwtOptions)"/> with the
        /// secret's UTF-8 bytes.</summary>
        public static string VerifyRequest(string secret, string body, string authorization, string prefix = null,
                                           JwtOptions options = null)
        {
            return VerifyRequestCore(null, secret, true, body, authorization, prefix, options);
        }

        private static string VerifyRequestCore(byte[] secretBytes, string secretText, bool isText, string body,
                                                string authorization, string prefix, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(secretText) + Scratch.Max(body) + Scratch.Max(authorization) +
                                      Scratch.Max(prefix) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iSecret = s.Add(secretText), iBody = s.Add(body), iAuth = s.Add(authorization), iPre = s.Add(prefix);
                int iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_verify_request(isText ? s.Ptr(b, iSecret) : pk, isText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                                      s.Ptr(b, iBody), s.Len(iBody), s.Ptr(b, iAuth), s.Len(iAuth),
                                                      s.Ptr(b, iPre), s.Len(iPre), po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- sign_config ------------------------------------------------------------------------

        /// <summary>Signs an editor config; returns the config JSON with <c>token</c> added
        /// (<c>invalid_config</c> names a missing <c>document.key</c>/<c>document.url</c> or a forbidden
        /// top-level key). Reads Algorithm, ExpiresIn (default: none), Now, MaxJsonLength.</summary>
        public static string SignConfig(string configJson, byte[] secret, JwtOptions options = null)
        {
            return SignConfigCore(configJson, secret, null, false, options);
        }

        /// <summary><see cref="SignConfig(string, byte[], JwtOptions)"/> with the secret's UTF-8 bytes.</summary>
        public static string SignConfig(string configJson, string secret, JwtOptions options = null)
        {
            return SignConfigCore(configJson, null, secret, true, options);
        }

        private static string SignConfigCore(string configJson, byte[] secretBytes, string secretText, bool isText, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(configJson) + Scratch.Max(secretText) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iConfig = s.Add(configJson), iSecret = s.Add(secretText), iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_sign_config(s.Ptr(b, iConfig), s.Len(iConfig),
                                                   isText ? s.Ptr(b, iSecret) : pk, isText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                                   po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- sign_editor_method -----------------------------------------------------------------

        /// <summary>Signs the parameter object of a <c>docEditor</c> method (<c>insertImage</c>,
        /// <c>setHistoryData</c>, <c>setRequestedDocument</c>, ...) with the browser (inbox) secret; returns
        /// the object JSON with <c>token</c> added (<c>invalid_config</c> names the method and a member Docs
        /// reads from the token that is missing). Reads Algorithm, ExpiresIn (default: none), Now,
        /// MaxJsonLength.
        /// <code>string signed = Jwt.SignEditorMethod("setRevisedFile", "{\"fileType\":\"docx\",\"url\":\"https://s/b.docx\"}", secret);</code></summary>
        public static string SignEditorMethod(string method, string paramsJson, byte[] secret, JwtOptions options = null)
        {
            return SignEditorMethodCore(method, paramsJson, secret, null, false, options);
        }

        /// <summary><see cref="SignEditorMethod(string, string, byte[], JwtOptions)"/> with the secret's UTF-8 bytes.</summary>
        public static string SignEditorMethod(string method, string paramsJson, string secret, JwtOptions options = null)
        {
            return SignEditorMethodCore(method, paramsJson, null, secret, true, options);
        }

        private static string SignEditorMethodCore(string method, string paramsJson, byte[] secretBytes, string secretText, bool isText, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(method) + Scratch.Max(paramsJson) + Scratch.Max(secretText) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iMethod = s.Add(method), iParams = s.Add(paramsJson), iSecret = s.Add(secretText), iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_sign_editor_method(s.Ptr(b, iMethod), s.Len(iMethod), s.Ptr(b, iParams), s.Len(iParams),
                                                          isText ? s.Ptr(b, iSecret) : pk, isText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                                          po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- verify_download --------------------------------------------------------------------

        /// <summary>Verifies a download from Docs: the <paramref name="authorization"/> value after
        /// <paramref name="prefix"/> (null: "Bearer ") must be a valid token whose <c>payload.url</c> names
        /// <paramref name="url"/>, the absolute URL of the request as Docs addressed it; both are compared as
        /// WHATWG URLs without the fragment, whole or (<see cref="JwtOptions.UrlMatch"/>) by path and query.
        /// A <paramref name="url"/> that does not parse is <c>invalid_argument</c>. Returns the claims JSON.</summary>
        public static string VerifyDownload(string authorization, string url, byte[] secret, string prefix = null,
                                            JwtOptions options = null)
        {
            return VerifyDownloadCore(authorization, url, secret, null, false, prefix, options);
        }

        /// <summary><see cref="VerifyDownload(string, string, byte[], string, JwtOptions)"/> with the
        /// secret's UTF-8 bytes.</summary>
        public static string VerifyDownload(string authorization, string url, string secret, string prefix = null,
                                            JwtOptions options = null)
        {
            return VerifyDownloadCore(authorization, url, null, secret, true, prefix, options);
        }

        private static string VerifyDownloadCore(string authorization, string url, byte[] secretBytes, string secretText,
                                                 bool isText, string prefix, JwtOptions options)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(authorization) + Scratch.Max(url) + Scratch.Max(secretText) +
                                      Scratch.Max(prefix) + Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iAuth = s.Add(authorization), iUrl = s.Add(url), iSecret = s.Add(secretText), iPre = s.Add(prefix);
                int iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes, pk = Interop.Pin(secretBytes))
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_verify_download(s.Ptr(b, iAuth), s.Len(iAuth), s.Ptr(b, iUrl), s.Len(iUrl),
                                                       isText ? s.Ptr(b, iSecret) : pk, isText ? s.Len(iSecret) : Interop.Len(secretBytes),
                                                       s.Ptr(b, iPre), s.Len(iPre), po, &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- load_config ------------------------------------------------------------------------

        /// <summary>
        /// Reads an ONLYOFFICE Docs configuration: <paramref name="localPath"/> (local.json) over
        /// <paramref name="defaultPath"/> (default.json; null: Docs' built-in defaults), then the Docker
        /// variables in <paramref name="environment"/> (JWT_SECRET, JWT_ENABLED, JWT_HEADER; null: none;
        /// the process environment is never read). Returns the resolved settings JSON (shape in
        /// docs/semantics.md), secrets included in clear and as hex.
        /// </summary>
        public static string LoadConfig(string localPath, string defaultPath = null,
                                        IDictionary<string, string> environment = null)
        {
            string env = environment == null ? null : EnvironmentJson(environment);
            Scratch s = Scratch.Begin(Scratch.Max(localPath) + Scratch.Max(defaultPath) + Scratch.Max(env));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iLocal = s.Add(localPath), iDef = s.Add(defaultPath), iEnv = s.Add(env);
                fixed (byte* b = s.Bytes)
                {
                    int rc = Native.oo_load_config(s.Ptr(b, iLocal), s.Len(iLocal), s.Ptr(b, iDef), s.Len(iDef),
                                                   s.Ptr(b, iEnv), s.Len(iEnv), &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- verify_request_with_config ---------------------------------------------------------

        /// <summary>
        /// Verifies a request with the settings <see cref="LoadConfig"/> returned (that JSON text, unchanged):
        /// <paramref name="direction"/> "inbox" (requests to Docs) or "outbox" (callbacks from Docs) picks the
        /// secret and prefix; the clock tolerance and allow-list are the settings'. From
        /// <paramref name="options"/> only Now, MaxTokenLength and MaxJsonLength are read. Returns the trusted
        /// parameters JSON, as <c>VerifyRequest</c> does.
        /// <code>string p = Jwt.VerifyRequestWithConfig(Jwt.LoadConfig(localJson), "outbox", body, authorization);</code>
        /// </summary>
        public static string VerifyRequestWithConfig(string settingsJson, string direction, string body,
                                                     string authorization, JwtOptions options = null)
        {
            // Any other name reaches the core as a direction it refuses (invalid_argument).
            uint d = direction == "inbox" ? 0u : direction == "outbox" ? 1u : 0xFFFFFFFFu;
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(settingsJson) + Scratch.Max(body) + Scratch.Max(authorization) +
                                      Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iSet = s.Add(settingsJson), iBody = s.Add(body), iAuth = s.Add(authorization);
                int iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes)
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_verify_request_with_config(s.Ptr(b, iBody), s.Len(iBody), s.Ptr(b, iAuth),
                                                                  s.Len(iAuth), s.Ptr(b, iSet), s.Len(iSet), d, po,
                                                                  &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        // ---- verify_download_with_config --------------------------------------------------------

        /// <summary>
        /// Verifies a download from Docs with the settings <see cref="LoadConfig"/> returned (that JSON text,
        /// unchanged): the outbox secret, prefix, clock tolerance and allow-list are the settings'. From
        /// <paramref name="options"/> only Now, MaxTokenLength and UrlMatch are read. Otherwise as
        /// <c>VerifyDownload</c>. A token is always required (missing_token), even for a URL Docs downloads
        /// without one: ask <see cref="DownloadTokenExpected"/> first. Returns the claims JSON.
        /// <code>string claims = Jwt.VerifyDownloadWithConfig(settings, authorization, requestUrl);</code>
        /// </summary>
        public static string VerifyDownloadWithConfig(string settingsJson, string authorization, string url,
                                                      JwtOptions options = null)
        {
            string alg = Interop.Algorithm(options), algs = Interop.Algorithms(options);
            Scratch s = Scratch.Begin(Scratch.Max(settingsJson) + Scratch.Max(authorization) + Scratch.Max(url) +
                                      Scratch.Max(alg) + Scratch.Max(algs));
            IntPtr result = IntPtr.Zero;
            try
            {
                int iSet = s.Add(settingsJson), iAuth = s.Add(authorization), iUrl = s.Add(url);
                int iAlg = s.Add(alg), iAlgs = s.Add(algs);
                OoOptions native;
                fixed (byte* b = s.Bytes)
                {
                    OoOptions* po = Interop.Fill(options, &native, s, b, iAlg, iAlgs);
                    int rc = Native.oo_verify_download_with_config(s.Ptr(b, iAuth), s.Len(iAuth), s.Ptr(b, iUrl),
                                                                   s.Len(iUrl), s.Ptr(b, iSet), s.Len(iSet), po,
                                                                   &result);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return Interop.FromUtf8(result);
            }
            finally
            {
                Native.oo_free(result);
                s.End();
            }
        }

        /// <summary>
        /// Whether Docs sends a token when it downloads <paramref name="url"/>, with the settings
        /// <see cref="LoadConfig"/> returned: outbox tokens enabled and the URL not containing
        /// <c>token.outbox.urlExclusionRegex</c> (plain text). Pass the URL exactly as given to Docs
        /// (<c>document.url</c>, ...), not the request URL as received.
        /// <code>if (!Jwt.DownloadTokenExpected(settings, documentUrl)) { /* Docs sends no token */ }</code>
        /// </summary>
        public static bool DownloadTokenExpected(string settingsJson, string url)
        {
            Scratch s = Scratch.Begin(Scratch.Max(settingsJson) + Scratch.Max(url));
            try
            {
                int iSet = s.Add(settingsJson), iUrl = s.Add(url);
                byte expected = 0;
                fixed (byte* b = s.Bytes)
                {
                    int rc = Native.oo_download_token_expected(s.Ptr(b, iUrl), s.Len(iUrl), s.Ptr(b, iSet),
                                                               s.Len(iSet), &expected);
                    if (rc != 0) throw Interop.Error(rc);
                }
                return expected == 1;
            }
            finally
            {
                s.End();
            }
        }

        // The environment map as the JSON object text the C ABI takes (type conversion: strings only).
        private static string EnvironmentJson(IDictionary<string, string> environment)
        {
            var sb = new StringBuilder("{");
            bool first = true;
            foreach (KeyValuePair<string, string> kv in environment)
            {
                if (!first) sb.Append(',');
                first = false;
                JsonString(sb, kv.Key);
                sb.Append(':');
                if (kv.Value == null) sb.Append("null");
                else JsonString(sb, kv.Value);
            }
            return sb.Append('}').ToString();
        }

        private static void JsonString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s ?? "")
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                else sb.Append(c);
            }
            sb.Append('"');
        }
    }
}
