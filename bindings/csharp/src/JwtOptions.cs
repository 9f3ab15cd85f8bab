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

        /// <summary>Longest token accepted in bytes; 0 means the default (262 144).</summary>
        public ulong MaxTokenLength { get; set; }

        /// <summary>Longest JSON document accepted in bytes; 0 means the default (1 048 576).</summary>
        public ulong MaxJsonLength { get; set; }
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
