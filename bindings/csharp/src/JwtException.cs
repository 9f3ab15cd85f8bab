using System;
using System.Runtime.Serialization;

namespace OoJwt
{
    /// <summary>
    /// Every failure of the library: <see cref="Code"/> (the header's number), <see cref="Name"/> (the
    /// contract's name, e.g. <c>bad_signature</c>) and <see cref="Detail"/> (the core's message for this
    /// call). <see cref="Exception.Message"/> is <c>"name: detail"</c>.
    /// <code>catch (JwtException e) { log.Warn(e.Name + ": " + e.Detail); }</code>
    /// </summary>
    [Serializable]
    public sealed class JwtException : Exception
    {
        /// <summary>The status code, equal to the C header's <c>OO_*</c> value.</summary>
        public ErrorCode Code { get; private set; }

        /// <summary>The contract's name of the code (<c>oo_status_name</c>), e.g. <c>expired</c>.</summary>
        public string Name { get; private set; }

        /// <summary>The core's message for this failure, without the name.</summary>
        public string Detail { get; private set; }

        /// <summary>The status code as a number (<c>(int)Code</c>).</summary>
        public int Status => (int)Code;

        /// <summary>Creates the exception for a status; <paramref name="inner"/> when a C# value could not
        /// be passed at all (a string with no UTF-8 form).</summary>
        public JwtException(ErrorCode code, string name, string detail, Exception inner = null)
            : base(string.IsNullOrEmpty(detail) ? name : name + ": " + detail, inner)
        {
            Code = code;
            Name = name;
            Detail = detail ?? "";
        }

#if !NET8_0_OR_GREATER
        // Formatter serialization (.NET Framework remoting, AppDomains); obsolete from .NET 8 (SYSLIB0051).
        private JwtException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Code = (ErrorCode)info.GetInt32("OoJwt.Code");
            Name = info.GetString("OoJwt.Name");
            Detail = info.GetString("OoJwt.Detail");
        }

        /// <inheritdoc/>
        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue("OoJwt.Code", (int)Code);
            info.AddValue("OoJwt.Name", Name);
            info.AddValue("OoJwt.Detail", Detail);
        }
#endif
    }
}
