using System;

namespace OoJwt
{
    /// <summary>
    /// The status codes of include/oo_jwt.h (<c>OoStatus</c>, <c>OO_*</c>); the numbers never change. A test
    /// parses the header and compares every member, both ways.
    /// <code>catch (JwtException e) when (e.Code == ErrorCode.Expired) { /* ask for a new token */ }</code>
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

    /// <summary>
    /// The HMAC algorithms (the header's <c>OoAlg</c>, <c>OO_HS*</c>), one bit each: one of them signs
    /// (<see cref="JwtOptions.Algorithm"/>), an OR of them is an allow-list (<see cref="JwtOptions.Algorithms"/>).
    /// <code>new JwtOptions { Algorithms = Algorithm.HS256 | Algorithm.HS512 }</code>
    /// </summary>
    [Flags]
    public enum Algorithm : uint
    {
        /// <summary>HMAC-SHA-256.</summary>
        HS256 = 1,
        /// <summary>HMAC-SHA-384.</summary>
        HS384 = 2,
        /// <summary>HMAC-SHA-512.</summary>
        HS512 = 4,
    }

    /// <summary>Where <see cref="Jwt.SignRequest"/> puts the token (the header's <c>OO_PLACEMENT_*</c>).</summary>
    public enum Placement : uint
    {
        /// <summary>The body with a <c>token</c> member added.</summary>
        Body = 0,
        /// <summary>The bare token for <c>Authorization: Bearer &lt;token&gt;</c>, signed over
        /// <c>{"payload": body}</c>.</summary>
        Header = 1,
    }

    /// <summary>Which side of Docs a request with settings comes from or goes to (the header's
    /// <c>OO_DIRECTION_*</c>): it picks the secret and the header prefix of the settings.</summary>
    public enum Direction : uint
    {
        /// <summary>Requests to Docs (command service, converter, editor configs).</summary>
        Inbox = 0,
        /// <summary>Requests from Docs (callbacks, downloads).</summary>
        Outbox = 1,
    }
}
