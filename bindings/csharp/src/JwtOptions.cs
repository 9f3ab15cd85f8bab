using System.Collections.Generic;

namespace OoJwt
{
    /// <summary>
    /// Options for every operation (each reads the ones that concern it); <c>null</c> or an unset
    /// property means the core's default. Values are passed to the core as they are: an unknown
    /// algorithm name or a negative leeway is answered by the core (<c>unsupported_alg</c>,
    /// <c>invalid_argument</c>), never checked here. An instance may be shared between threads as long as
    /// nobody changes it.
    /// </summary>
    public sealed class JwtOptions
    {
        /// <summary>Algorithm to sign with: "HS256" (default when null), "HS384" or "HS512".</summary>
        public string Algorithm { get; set; }

        /// <summary>Allow-list for verification (joined with commas for the core); null means
        /// HS256, HS384, HS512. An empty list is the core's <c>invalid_argument</c>.</summary>
        public IEnumerable<string> Algorithms { get; set; }

        /// <summary>Current Unix time in seconds; null means the real clock.</summary>
        public long? Now { get; set; }

        /// <summary>Tolerance on <c>exp</c>/<c>nbf</c> in seconds; null means 60.</summary>
        public long? Leeway { get; set; }

        /// <summary>Seconds until <c>exp</c> when signing; null means no <c>iat</c>/<c>exp</c> added
        /// (300 for <see cref="Jwt.SignRequest(string, byte[], Placement, JwtOptions)"/>).</summary>
        public long? ExpiresIn { get; set; }

        /// <summary>Longest token accepted in bytes; 0 means the default (33 554 432 = 32 MiB).</summary>
        public ulong MaxTokenLength { get; set; }

        /// <summary>Longest JSON document accepted in bytes; 0 means the default (67 108 864 = 64 MiB).</summary>
        public ulong MaxJsonLength { get; set; }

        /// <summary>What <see cref="Jwt.VerifyDownload(string, string, byte[], string, JwtOptions)"/>
        /// compares of the two URLs (both parsed and serialised as WHATWG URLs); default the whole URL.</summary>
        public UrlMatch UrlMatch { get; set; }
    }

    /// <summary>How a download's signed <c>payload.url</c> is compared with the requested URL.</summary>
    public enum UrlMatch
    {
        /// <summary>The whole URL without the fragment.</summary>
        Full = 0,
        /// <summary>Only the path and the query (the <c>OO_OPT_URL_PATH_QUERY</c> flag), for a service
        /// behind a reverse proxy or TLS terminator.</summary>
        PathAndQuery = 1,
    }

    /// <summary>Where <see cref="Jwt.SignRequest(string, byte[], Placement, JwtOptions)"/> puts the
    /// token (the header's <c>OO_PLACEMENT_*</c>).</summary>
    public enum Placement
    {
        /// <summary>The body with a <c>token</c> member added.</summary>
        Body = 0,
        /// <summary>The bare token for <c>Authorization: Bearer &lt;token&gt;</c>, signed over
        /// <c>{"payload": body}</c>.</summary>
        Header = 1,
    }

    /// <summary>The result of <see cref="Jwt.DecodeUnverified(string, JwtOptions)"/>: the header and
    /// claims JSON of a token that was NOT verified (diagnostics only).</summary>
    public sealed class UnverifiedToken
    {
        /// <summary>The header JSON text.</summary>
        public string Header { get; private set; }

        /// <summary>The claims JSON text.</summary>
        public string Claims { get; private set; }

        internal UnverifiedToken(string header, string claims)
        {
            Header = header;
            Claims = claims;
        }
    }
}
