namespace OoJwt
{
    /// <summary>
    /// The optional arguments of every operation (each reads the ones that concern it). An unset property
    /// is "not given" and reaches the core as such, which then applies its own default; nothing is checked
    /// here (a negative leeway or an unknown algorithm bit is the core's <c>invalid_argument</c> /
    /// <c>unsupported_alg</c>). An instance may be shared between threads as long as nobody changes it.
    /// <code>Jwt.Verify(token, secret, new JwtOptions { Algorithms = Algorithm.HS256, Leeway = 5 });</code>
    /// </summary>
    public sealed class JwtOptions
    {
        /// <summary>The algorithm to sign with (exactly one); unset: the core's default.</summary>
        public Algorithm Algorithm { get; set; }

        /// <summary>The allow-list for verifying, an OR of <see cref="OoJwt.Algorithm"/> values; null: the
        /// core's default. An empty list (0 given) allows nothing: the core refuses it (<c>invalid_argument</c>).</summary>
        public Algorithm? Algorithms { get; set; }

        /// <summary>The current Unix time in seconds; null: the real clock.</summary>
        public long? Now { get; set; }

        /// <summary>The tolerance on <c>exp</c>/<c>nbf</c> in seconds; null: the core's default.</summary>
        public long? Leeway { get; set; }

        /// <summary>Seconds until <c>exp</c> when signing; null: the operation's default (see each).</summary>
        public long? ExpiresIn { get; set; }

        /// <summary>The longest token accepted, in bytes; 0: the core's default.</summary>
        public ulong MaxTokenLength { get; set; }

        /// <summary>The longest JSON document accepted, in bytes; 0: the core's default.</summary>
        public ulong MaxJsonLength { get; set; }

        /// <summary>The text before the token in an Authorization value (verify_request, verify_download);
        /// null: the core's default. <c>""</c> is "no prefix", not "not given".</summary>
        public string Prefix { get; set; }

        /// <summary>Downloads: compare only the path and query of the signed and the requested URL (behind a
        /// reverse proxy or TLS terminator) instead of the whole URL without the fragment.</summary>
        public bool PathAndQueryOnly { get; set; }
    }

    /// <summary>The result of <see cref="Jwt.DecodeUnverified"/>: the header and claims JSON of a token
    /// that was NOT verified (diagnostics only).</summary>
    public sealed class UnverifiedToken
    {
        /// <summary>The header JSON text.</summary>
        public string Header { get; }

        /// <summary>The claims JSON text.</summary>
        public string Claims { get; }

        internal UnverifiedToken(string header, string claims) => (Header, Claims) = (header, claims);
    }

    /// <summary>
    /// A secret or a token: a <c>string</c> (passed as its UTF-8 bytes) or a <c>byte[]</c> (passed as it is),
    /// both converted implicitly. A null string or array is "not given", judged by the core.
    /// <code>Jwt.Sign(payload, "secret"); Jwt.Sign(payload, secretBytes);</code>
    /// </summary>
    public struct Input
    {
        internal readonly string Text;
        internal readonly byte[] Bytes;

        private Input(string text, byte[] bytes) => (Text, Bytes) = (text, bytes);

        /// <summary>The string's UTF-8 bytes.</summary>
        public static implicit operator Input(string text) => new Input(text, null);

        /// <summary>The bytes as they are.</summary>
        public static implicit operator Input(byte[] bytes) => new Input(null, bytes);
    }
}
