using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
#if NET5_0_OR_GREATER
using System.Reflection;
#endif

namespace OoJwt
{
    /// <summary>The C ABI of include/oo_jwt.h, one declaration per function. Inputs are (pointer, length)
    /// pairs; results come back through <c>char**</c> out-pointers and are released with oo_free.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct OoOptions
    {
        public uint StructSize;
        public uint Flags;
        public byte* Algorithm;
        public UIntPtr AlgorithmLen;
        public byte* Algorithms;
        public UIntPtr AlgorithmsLen;
        public long Now;
        public long Leeway;
        public long ExpiresIn;
        public ulong MaxTokenLen;
        public ulong MaxJsonLen;

        public const uint OptNow = 1;        // OO_OPT_NOW
        public const uint OptLeeway = 2;     // OO_OPT_LEEWAY
        public const uint OptExpiresIn = 4;  // OO_OPT_EXPIRES_IN
        public const uint OptUrlPathQuery = 8;  // OO_OPT_URL_PATH_QUERY
    }

    [SuppressUnmanagedCodeSecurity]
    internal static unsafe class Native
    {
        // Mono maps this name with OoJwt.dll.config (<dllmap>) or finds liboo_jwt.so beside the assembly
        // or on the loader's path; .NET finds runtimes/linux-x64/native/liboo_jwt.so from the package,
        // or the file named by OO_JWT_LIB (resolver below).
        internal const string Lib = "oo_jwt";

#if NET5_0_OR_GREATER
        static Native()
        {
            NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
        }

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (name != Lib) return IntPtr.Zero;
            string path = Environment.GetEnvironmentVariable("OO_JWT_LIB");
            if (!string.IsNullOrEmpty(path)) return NativeLibrary.Load(path);
            // A multi-platform layout beside the application (dist/native/<platform>/).
            string bundled = System.IO.Path.Combine(AppContext.BaseDirectory, "native", PlatformDir(), FileName());
            if (System.IO.File.Exists(bundled)) return NativeLibrary.Load(bundled);
            return IntPtr.Zero; // the runtime's own probing (the package's runtimes/ folder)
        }
#endif

        /// <summary>The library's file name on this OS: <c>oo_jwt.dll</c>, <c>liboo_jwt.dylib</c> or <c>liboo_jwt.so</c>.</summary>
        internal static string FileName() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "oo_jwt.dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "liboo_jwt.dylib"
            : "liboo_jwt.so";

        /// <summary>This platform's directory in dist/native/, e.g. <c>linux-x86_64</c>, <c>windows-x86_64</c>.</summary>
        internal static string PlatformDir()
        {
            string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "windows"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macos" : "linux";
            string arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64" : "x86_64";
            bool musl = false;
#if NET5_0_OR_GREATER
            // .NET's own runtime identifier names musl (linux-musl-x64) on Alpine.
            musl = os == "linux" && RuntimeInformation.RuntimeIdentifier.Contains("musl");
#endif
            return os + "-" + arch + (musl ? "-musl" : "");
        }

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_sign(byte* payload, UIntPtr payloadLen, byte* secret, UIntPtr secretLen,
                                           OoOptions* options, IntPtr* outToken);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_verify(byte* token, UIntPtr tokenLen, byte* secret, UIntPtr secretLen,
                                             OoOptions* options, IntPtr* outClaims);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_decode_unverified(byte* token, UIntPtr tokenLen, OoOptions* options,
                                                        IntPtr* outHeader, IntPtr* outClaims);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_sign_request(byte* body, UIntPtr bodyLen, byte* secret, UIntPtr secretLen,
                                                   uint placement, OoOptions* options, IntPtr* outResult);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_verify_request(byte* secret, UIntPtr secretLen, byte* body, UIntPtr bodyLen,
                                                     byte* authorization, UIntPtr authorizationLen,
                                                     byte* prefix, UIntPtr prefixLen,
                                                     OoOptions* options, IntPtr* outParams);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_sign_config(byte* config, UIntPtr configLen, byte* secret, UIntPtr secretLen,
                                                  OoOptions* options, IntPtr* outConfig);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_sign_editor_method(byte* method, UIntPtr methodLen, byte* parameters, UIntPtr parametersLen,
                                                         byte* secret, UIntPtr secretLen,
                                                         OoOptions* options, IntPtr* outParams);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_verify_download(byte* authorization, UIntPtr authorizationLen,
                                                      byte* url, UIntPtr urlLen, byte* secret, UIntPtr secretLen,
                                                      byte* prefix, UIntPtr prefixLen,
                                                      OoOptions* options, IntPtr* outClaims);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_load_config(byte* localPath, UIntPtr localPathLen,
                                                  byte* defaultPath, UIntPtr defaultPathLen,
                                                  byte* envJson, UIntPtr envJsonLen, IntPtr* outSettings);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_verify_request_with_config(byte* body, UIntPtr bodyLen,
                                                                 byte* authorization, UIntPtr authorizationLen,
                                                                 byte* settingsJson, UIntPtr settingsLen, uint direction,
                                                                 OoOptions* options, IntPtr* outParams);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_verify_download_with_config(byte* authorization, UIntPtr authorizationLen,
                                                                  byte* url, UIntPtr urlLen,
                                                                  byte* settingsJson, UIntPtr settingsLen,
                                                                  OoOptions* options, IntPtr* outClaims);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_download_token_expected(byte* url, UIntPtr urlLen, byte* settingsJson,
                                                              UIntPtr settingsLen, byte* outExpected);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void oo_free(IntPtr s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr oo_status_name(int status);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr oo_last_error_message();

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr oo_version();

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int oo_selftest_panic();
    }

    /// <summary>
    /// Per-thread buffers for one call: the UTF-8 of its string inputs, encoded in a single pass (no
    /// counting pass, no array per input). Cleared when the call ends, since inputs may be secrets. A
    /// buffer grown past 16 KiB for a large input is dropped afterwards rather than kept.
    /// </summary>
    internal sealed unsafe class Scratch
    {
        private const int MaxKept = 16 * 1024;
        private const int Slots = 8;

        [ThreadStatic]
        private static Scratch _cached;

        internal byte[] Bytes;
        private int _pos;
        private int _count;
        private bool _busy;
        private readonly int[] _off = new int[Slots];
        private readonly int[] _len = new int[Slots];

        /// <summary>Room for the inputs: the sum of <see cref="Max"/> of each string input.</summary>
        internal static Scratch Begin(int maxBytes)
        {
            Scratch s = _cached;
            if (s == null) _cached = s = new Scratch();
            else if (s._busy) s = new Scratch(); // not reached by this library's own paths; kept for safety
            s._busy = true;
            s._pos = 0;
            s._count = 0;
            if (s.Bytes == null || s.Bytes.Length < maxBytes) s.Bytes = new byte[Math.Max(maxBytes, 1024)];
            return s;
        }

        internal static int Max(string str)
        {
            return str == null ? 0 : Interop.Strict.GetMaxByteCount(str.Length);
        }

        /// <summary>Encodes <paramref name="str"/> (null: an absent input); returns its slot.</summary>
        internal int Add(string str)
        {
            int i = _count++;
            _off[i] = _pos;
            if (str == null)
            {
                _len[i] = -1;
                return i;
            }
            int n;
            try
            {
                n = Interop.Strict.GetBytes(str, 0, str.Length, Bytes, _pos);
            }
            catch (EncoderFallbackException e)
            {
                // Part of it may be written already: have End clear as far as it could reach.
                _pos = Math.Min(Bytes.Length, _pos + Max(str));
                throw Interop.NoUtf8(e);
            }
            _len[i] = n;
            _pos += n;
            return i;
        }

        /// <summary>The slot's pointer inside the pinned <see cref="Bytes"/> at <paramref name="b"/>: NULL
        /// for an absent input, a valid pointer (the buffer is never empty) for "".</summary>
        internal byte* Ptr(byte* b, int slot)
        {
            return _len[slot] < 0 ? null : b + _off[slot];
        }

        internal UIntPtr Len(int slot)
        {
            return _len[slot] < 0 ? UIntPtr.Zero : (UIntPtr)(uint)_len[slot];
        }

        internal void End()
        {
            Array.Clear(Bytes, 0, _pos);
            if (Bytes.Length > MaxKept) Bytes = null;
            _busy = false;
        }

        /// <summary>For the tests: this thread's kept buffer holds no byte of a past call.</summary>
        internal static bool ThreadBufferIsClear()
        {
            Scratch s = _cached;
            return s == null || s.Bytes == null || Array.TrueForAll(s.Bytes, x => x == 0);
        }
    }

    /// <summary>Type conversion only: C# strings to UTF-8, NUL-terminated UTF-8 back to strings, status
    /// codes to <see cref="JwtException"/>.</summary>
    internal static unsafe class Interop
    {
        // Strict: a string holding a lone surrogate has no UTF-8 form; it is refused, never replaced.
        internal static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        // Pinned for zero-length byte[] inputs, so that they reach the core as a non-NULL pointer with
        // length 0 (NULL means "absent" for optional inputs). Never written: the core reads 0 bytes of it.
        internal static readonly byte[] EmptyInput = new byte[1];

        private const int MaxKeptChars = 16 * 1024;

        [ThreadStatic]
        private static char[] _chars;

        internal static JwtException NoUtf8(Exception inner)
        {
            return new JwtException(ErrorCode.InvalidArgument, "invalid_argument",
                                    "the string is not valid UTF-16 (lone surrogate): it has no UTF-8 form", inner);
        }

        /// <summary>The array to pin for a byte[] input: null stays null (NULL pointer), an empty array
        /// becomes <see cref="EmptyInput"/> (a valid pointer; the length passed is still 0).</summary>
        internal static byte[] Pin(byte[] b)
        {
            return b != null && b.Length == 0 ? EmptyInput : b;
        }

        internal static UIntPtr Len(byte[] b)
        {
            return b == null ? UIntPtr.Zero : (UIntPtr)(uint)b.Length;
        }

        /// <summary>Copies a NUL-terminated UTF-8 string owned by the library (not freed here).</summary>
        internal static string FromUtf8(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            byte* b = (byte*)p;
            int n = StrLen(b);
            if (n == 0) return "";
            if (n > MaxKeptChars) return Encoding.UTF8.GetString(b, n);
            // Decoded into a per-thread buffer (one pass, unlike GetString's count-then-decode), then
            // copied into the string; the buffer is cleared as results may hold secrets (LoadConfig).
            char[] chars = _chars;
            if (chars == null || chars.Length < n) _chars = chars = new char[Math.Max(n, 1024)];
            fixed (char* c = chars)
            {
                int k = Encoding.UTF8.GetChars(b, n, c, chars.Length);
                string s = new string(c, 0, k);
                Array.Clear(chars, 0, k);
                return s;
            }
        }

        /// <summary>strlen, eight bytes at a time once aligned (an aligned 8-byte read never crosses a
        /// page, so it cannot fault past the NUL); a byte loop is several times slower under Mono's JIT.</summary>
        internal static int StrLen(byte* s)
        {
            byte* p = s;
            while (((ulong)p & 7) != 0)
            {
                if (*p == 0) return (int)(p - s);
                p++;
            }
            ulong* w = (ulong*)p;
            while (((*w - 0x0101010101010101UL) & ~*w & 0x8080808080808080UL) == 0) w++;
            p = (byte*)w;
            while (*p != 0) p++;
            return (int)(p - s);
        }

        /// <summary>The exception for a failed call. Must run right after that call, on the same thread,
        /// before any other call into the library (the message is thread-local and per call).</summary>
        internal static JwtException Error(int status)
        {
            string detail = FromUtf8(Native.oo_last_error_message());
            string name = FromUtf8(Native.oo_status_name(status));
            return new JwtException((ErrorCode)status, name, detail);
        }

        internal static string Algorithm(JwtOptions o)
        {
            return o == null ? null : o.Algorithm;
        }

        /// <summary>The allow-list as the core takes it: the names joined with commas (not checked here).</summary>
        internal static string Algorithms(JwtOptions o)
        {
            return o == null || o.Algorithms == null ? null : string.Join(",", o.Algorithms);
        }

        /// <summary>Fills <paramref name="native"/> from <paramref name="o"/>, the algorithm names taken from
        /// their scratch slots; returns the pointer to pass (NULL for every default).</summary>
        internal static OoOptions* Fill(JwtOptions o, OoOptions* native, Scratch s, byte* b, int algSlot, int algsSlot)
        {
            if (o == null) return null;
            native->StructSize = (uint)sizeof(OoOptions);
            native->Flags = 0;
            native->Algorithm = s.Ptr(b, algSlot);
            native->AlgorithmLen = s.Len(algSlot);
            native->Algorithms = s.Ptr(b, algsSlot);
            native->AlgorithmsLen = s.Len(algsSlot);
            native->Now = 0;
            native->Leeway = 0;
            native->ExpiresIn = 0;
            if (o.Now.HasValue) { native->Flags |= OoOptions.OptNow; native->Now = o.Now.Value; }
            if (o.Leeway.HasValue) { native->Flags |= OoOptions.OptLeeway; native->Leeway = o.Leeway.Value; }
            if (o.ExpiresIn.HasValue) { native->Flags |= OoOptions.OptExpiresIn; native->ExpiresIn = o.ExpiresIn.Value; }
            if (o.UrlMatch == UrlMatch.PathAndQuery) native->Flags |= OoOptions.OptUrlPathQuery;
            native->MaxTokenLen = o.MaxTokenLength;
            native->MaxJsonLen = o.MaxJsonLength;
            return native;
        }
    }
}
