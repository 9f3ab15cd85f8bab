namespace OoJwt
{
    /// <summary>
    /// The contract's status codes. The numbers are the C header's (<c>OO_*</c> in include/oo_jwt.h) and
    /// never change; a test parses the header and compares.
    /// </summary>
    public enum ErrorCode
    {
        /// <summary><c>ok</c> (never carried by an exception).</summary>
        Ok = 0,
        /// <summary><c>invalid_argument</c>: NULL pointer, text that is not UTF-8, an option out of range.</summary>
        InvalidArgument = 1,
        /// <summary><c>invalid_json</c>: a payload, body or config to sign is not a JSON object.</summary>
        InvalidJson = 2,
        /// <summary><c>empty_secret</c>: the secret has zero bytes.</summary>
        EmptySecret = 3,
        /// <summary><c>malformed</c>: the token is not a well-formed JWT.</summary>
        Malformed = 4,
        /// <summary><c>unsupported_alg</c>: <c>alg</c> is none, unknown, not HMAC or not allowed.</summary>
        UnsupportedAlg = 5,
        /// <summary><c>bad_signature</c>: the HMAC does not match.</summary>
        BadSignature = 6,
        /// <summary><c>expired</c>: <c>exp</c> + leeway &lt;= now.</summary>
        Expired = 7,
        /// <summary><c>not_yet_valid</c>: <c>nbf</c> - leeway &gt; now.</summary>
        NotYetValid = 8,
        /// <summary><c>too_large</c>: input over the size limit.</summary>
        TooLarge = 9,
        /// <summary><c>missing_token</c>: a request carries no token in the body nor in the header.</summary>
        MissingToken = 10,
        /// <summary><c>invalid_config</c>: an editor config or a Docs configuration is unusable.</summary>
        InvalidConfig = 11,
        /// <summary><c>url_mismatch</c>: a download token's <c>payload.url</c> is not the requested URL.</summary>
        UrlMismatch = 12,
        /// <summary><c>internal</c>: a bug (a panic caught at the library's boundary).</summary>
        Internal = 255,
    }
}
