using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
#if NET5_0_OR_GREATER
using System.Reflection;
#endif

[assembly: InternalsVisibleTo("OoJwt.Tests")]

namespace OoJwt
{
    /// <summary>The header's <c>OoOptions</c>: integers only, 56 bytes on every platform. A test compares
    /// the fields, their offsets and the size with include/oo_jwt.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct OoOptions
    {
        public uint StructSize, Flags, Algorithm, Algorithms;
        public long Now, Leeway, ExpiresIn;
        public ulong MaxTokenLen, MaxJsonLen;

        public const uint OptNow = 1, OptLeeway = 2, OptExpiresIn = 4, OptUrlPathQuery = 8;
    }

    /// <summary>The C ABI of include/oo_jwt.h, one declaration per function (a test checks each against
    /// the header). Inputs are (pointer, length) pairs; results and the error message come back through
    /// <c>char**</c> out-pointers and are released with oo_free.</summary>
    [SuppressUnmanagedCodeSecurity]
    internal static unsafe class Native
    {
        // Mono maps this name with OoJwt.dll.config (<dllmap>) or finds liboo_jwt.so beside the assembly
        // or on the loader's path; .NET finds runtimes/<rid>/native/ from the package, or the file named
        // by OO_JWT_LIB (resolver below).
        internal const string Lib = "oo_jwt";
        internal const uint AbiMajor = 1, AbiMinor = 0;
        private const CallingConvention C = CallingConvention.Cdecl;

#if NET5_0_OR_GREATER
        static Native()
        {
            NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
        }

        // OO_JWT_LIB, else the multi-platform layout beside the application (dist/native/<platform>/, musl
        // as .NET's runtime identifier names it), else the runtime's own probing (the package's runtimes/).
        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        {
            string path = Environment.GetEnvironmentVariable("OO_JWT_LIB");
            if (name == Lib && !string.IsNullOrEmpty(path)) return NativeLibrary.Load(path);
            string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "windows"
                        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macos" : "linux";
            string arch = (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64" : "x86_64")
                          + (RuntimeInformation.RuntimeIdentifier.Contains("musl") ? "-musl" : "");
            string file = os == "windows" ? "oo_jwt.dll" : os == "macos" ? "liboo_jwt.dylib" : "liboo_jwt.so";
            string bundled = System.IO.Path.Combine(AppContext.BaseDirectory, "native", os + "-" + arch, file);
            return name == Lib && System.IO.File.Exists(bundled) ? NativeLibrary.Load(bundled) : IntPtr.Zero;
        }
#endif

        /// <summary>The library's ABI version, the first call into it; a library that cannot be loaded is a
        /// <see cref="DllNotFoundException"/> naming the file, where it was looked for and the fix.
        /// <code>uint abi = Native.Abi();</code></summary>
        internal static uint Abi()
        {
            try
            {
                return oo_abi_version();
            }
            catch (DllNotFoundException e)
            {
                throw Missing(e);
            }
        }

        // The raw loader error names only "oo_jwt": say which file, where (Mono's and .NET's order: beside
        // the assembly, then the system loader's path) and how a package user gets it there.
        internal static DllNotFoundException Missing(Exception e)
        {
            bool win = Environment.OSVersion.Platform == PlatformID.Win32NT;
            string file = win ? "oo_jwt.dll" : "liboo_jwt.so", env = win ? "PATH" : "LD_LIBRARY_PATH";
            string dir = System.IO.Path.GetDirectoryName(typeof(Native).Assembly.Location);
            string config = typeof(Native).Assembly.Location + ".config";
            string envValue = Environment.GetEnvironmentVariable(env);
            string searched = System.IO.Path.Combine(dir ?? ".", file) + " (beside OoJwt.dll)";
#if NET5_0_OR_GREATER
            string chosen = Environment.GetEnvironmentVariable("OO_JWT_LIB");
            if (!string.IsNullOrEmpty(chosen)) searched = chosen + " (OO_JWT_LIB)";
#endif
            return new DllNotFoundException(
                "OoJwt cannot load its native library " + file + " (DllImport \"" + Lib + "\"). Searched: " + searched
                + (System.IO.File.Exists(config) ? ", the dllmap of " + config : "")
                + ", " + env + " (" + (string.IsNullOrEmpty(envValue) ? "unset" : envValue) + ")"
                + ", the system library directories. Fix: copy runtimes/<rid>/native/" + file + " of the OoJwt package"
                + " (rid linux-x64, linux-arm64, linux-musl-x64 or win-x64) beside OoJwt.dll, as a .NET build with a"
                + " PackageReference does; under Mono another location can be mapped in OoJwt.dll.config:"
                + " <dllmap dll=\"" + Lib + "\" target=\"/path/to/" + file + "\"/>.", e);
        }

        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_sign(
            byte* payload, UIntPtr payloadLen, byte* secret, UIntPtr secretLen, OoOptions* options, IntPtr* outToken,
            IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_verify(
            byte* token, UIntPtr tokenLen, byte* secret, UIntPtr secretLen, OoOptions* options, IntPtr* outClaims,
            IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_decode_unverified(
            byte* token, UIntPtr tokenLen, OoOptions* options, IntPtr* outHeader, IntPtr* outClaims, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_sign_request(
            byte* body, UIntPtr bodyLen, byte* secret, UIntPtr secretLen, uint placement, OoOptions* options,
            IntPtr* outResult, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_verify_request(
            byte* body, UIntPtr bodyLen, byte* authorization, UIntPtr authorizationLen, byte* secret, UIntPtr secretLen,
            byte* prefix, UIntPtr prefixLen, OoOptions* options, IntPtr* outParams, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_sign_config(
            byte* config, UIntPtr configLen, byte* secret, UIntPtr secretLen, OoOptions* options, IntPtr* outConfig,
            IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_sign_editor_method(
            byte* method, UIntPtr methodLen, byte* parameters, UIntPtr parametersLen, byte* secret, UIntPtr secretLen,
            OoOptions* options, IntPtr* outParams, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_verify_download(
            byte* authorization, UIntPtr authorizationLen, byte* url, UIntPtr urlLen, byte* secret, UIntPtr secretLen,
            byte* prefix, UIntPtr prefixLen, OoOptions* options, IntPtr* outClaims, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_load_config(
            byte* localPath, UIntPtr localPathLen, byte* defaultPath, UIntPtr defaultPathLen, byte* envJson,
            UIntPtr envJsonLen, IntPtr* outSettings, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_verify_request_with_config(
            byte* body, UIntPtr bodyLen, byte* authorization, UIntPtr authorizationLen, byte* settingsJson,
            UIntPtr settingsLen, uint direction, OoOptions* options, IntPtr* outParams, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_verify_download_with_config(
            byte* authorization, UIntPtr authorizationLen, byte* url, UIntPtr urlLen, byte* settingsJson,
            UIntPtr settingsLen, OoOptions* options, IntPtr* outClaims, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern ErrorCode oo_download_token_expected(
            byte* url, UIntPtr urlLen, byte* settingsJson, UIntPtr settingsLen, byte* outExpected, IntPtr* outError);
        [DllImport(Lib, CallingConvention = C)] internal static extern void oo_free(IntPtr s);
        [DllImport(Lib, CallingConvention = C)] internal static extern IntPtr oo_status_name(int status);
        [DllImport(Lib, CallingConvention = C)] internal static extern IntPtr oo_version();
        [DllImport(Lib, CallingConvention = C)] internal static extern uint oo_abi_version();
    }

    /// <summary>
    /// One thread's memory for its calls, unmanaged (nothing to pin): the options, the out-pointers, then
    /// the UTF-8 of each input, encoded in one pass. Inputs are cleared when the call ends (they may be
    /// secrets) and a block grown past 16 KiB is given back; the finalizer frees it when the thread is gone.
    /// <code>using (Call c = Call.Begin(options, payload, secret)) return c.Result(Native.oo_sign(c.P(0), ...));</code>
    /// </summary>
    internal sealed unsafe class Call : IDisposable
    {
        private const int Kept = 16 * 1024;
        private static readonly int Head = sizeof(OoOptions) + 3 * IntPtr.Size; // then the inputs
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true); // never replaces: refuses
        private static readonly IntPtr Zeros = Marshal.AllocHGlobal(Kept); // zeroed once, never written again
        [ThreadStatic] private static Call _mine;
        internal byte* Buf;
        internal int Cap, Pos;
        private bool _options;
        private readonly int[] _off = new int[4], _len = new int[4];

        static Call()
        {
            Marshal.Copy(new byte[Kept], 0, Zeros, Kept);
        }

        private Call()
        {
            uint abi = Native.Abi();
            if (abi >> 16 != Native.AbiMajor || (abi & 0xFFFF) < Native.AbiMinor)
                throw new DllNotFoundException("liboo_jwt has ABI " + (abi >> 16) + "." + (abi & 0xFFFF) + ", OoJwt needs "
                                               + Native.AbiMajor + "." + Native.AbiMinor + " or a later 1.x");
        }

        ~Call()
        {
            Release();
        }

        /// <summary>Runs <paramref name="op"/> (one core function) with this thread's block; returns its
        /// first result.</summary>
        internal static string Run(Func<Call, ErrorCode> op, JwtOptions o, Input a, Input b = default(Input), Input c = default(Input),
                                   Input d = default(Input))
        {
            using (Call k = Begin(o, a, b, c, d)) return k.Result(op(k));
        }

        /// <summary>This thread's block with <paramref name="o"/> (null: no options) and the inputs in
        /// slots 0 to 3; unused slots are null inputs.</summary>
        internal static Call Begin(JwtOptions o, Input a, Input b = default(Input), Input c = default(Input), Input d = default(Input))
        {
            Call k = _mine ?? (_mine = new Call());
            long need = Head + Max(a) + Max(b) + Max(c) + Max(d);
            if (need > int.MaxValue) throw Fail(ErrorCode.TooLarge, "the inputs take more than 2 GiB as UTF-8");
            if (need > k.Cap) k.Grow((int)Math.Max(need, 1024));
            k._options = o != null;
            if (o != null) *(OoOptions*)k.Buf = Fill(o);
            k.Pos = Head;
            return k.Add(0, a).Add(1, b).Add(2, c).Add(3, d);
        }

        // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair, 2 units, is 4 bytes).
        // (Written without ?. and ??: their Nullable<int> is slow under Mono's JIT, and this runs per input.)
        private static long Max(Input x) => x.Text != null ? 3L * x.Text.Length : x.Bytes != null ? x.Bytes.Length : 0;

        /// <summary>The options as the core takes them: a flag only for what is given, 0 for the rest. An
        /// empty allow-list cannot be 0 (not given): it goes as a bit the core does not know, for the core to refuse.</summary>
        internal static OoOptions Fill(JwtOptions o)
        {
            return new OoOptions
            {
                StructSize = (uint)sizeof(OoOptions),
                Flags = (o.Now.HasValue ? OoOptions.OptNow : 0) | (o.Leeway.HasValue ? OoOptions.OptLeeway : 0)
                        | (o.ExpiresIn.HasValue ? OoOptions.OptExpiresIn : 0) | (o.PathAndQueryOnly ? OoOptions.OptUrlPathQuery : 0),
                Algorithm = (uint)o.Algorithm,
                Algorithms = o.Algorithms == 0 ? 0x80000000u : (uint)(o.Algorithms ?? 0),
                Now = o.Now ?? 0,
                Leeway = o.Leeway ?? 0,
                ExpiresIn = o.ExpiresIn ?? 0,
                MaxTokenLen = o.MaxTokenLength,
                MaxJsonLen = o.MaxJsonLength,
            };
        }

        private static JwtException Fail(ErrorCode code, string detail, Exception inner = null) =>
            new JwtException(code, Text(Native.oo_status_name((int)code)), detail, inner);

        private Call Add(int i, Input x)
        {
            int n = (int)Max(x);
            _off[i] = Pos;
            if (x.Bytes != null)
                fixed (byte* b = x.Bytes) Buffer.MemoryCopy(b, Buf + Pos, Cap - Pos, n);
            else if (x.Text != null)
            {
                try
                {
                    fixed (char* s = x.Text)
                    {
                        int ascii = Ascii(s, x.Text.Length, Buf + Pos);
                        n = ascii >= 0 ? ascii : Strict.GetBytes(s, x.Text.Length, Buf + Pos, Cap - Pos);
                    }
                }
                catch (EncoderFallbackException e)
                {
                    Pos += n; // part of it may be written
                    Dispose();
                    throw Fail(ErrorCode.InvalidArgument, "the string is not valid UTF-16 (lone surrogate): it has no UTF-8 form", e);
                }
            }
            _len[i] = x.Text == null && x.Bytes == null ? -1 : n;
            Pos += n;
            return this;
        }

        /// <summary>Tokens, keys and most JSON are ASCII: narrowed eight UTF-16 units at a time, which is
        /// faster than the encoder under Mono. Returns -1 at the first unit past 0x7F (then the encoder does
        /// the whole string).</summary>
        internal static int Ascii(char* s, int n, byte* d)
        {
            if (!BitConverter.IsLittleEndian) return -1;
            for (char* end = s + (n & ~7); s < end; s += 8, d += 8)
            {
                ulong a = *(ulong*)s, b = *(ulong*)(s + 4);
                if (((a | b) & 0xFF80FF80FF80FF80UL) != 0) return -1;
                a |= a >> 8;
                a &= 0x0000FFFF0000FFFFUL;
                b |= b >> 8;
                b &= 0x0000FFFF0000FFFFUL;
                *(ulong*)d = (a | a >> 16) & 0xFFFFFFFFUL | (b | b >> 16) << 32;
            }
            for (int i = 0; i < (n & 7); i++)
            {
                if (s[i] > 0x7F) return -1;
                d[i] = (byte)s[i];
            }
            return n;
        }

        /// <summary>The slot's pointer: NULL for a null input, a valid pointer for an empty one.</summary>
        internal byte* P(int slot) => _len[slot] < 0 ? null : Buf + _off[slot];

        internal UIntPtr N(int slot) => (UIntPtr)(uint)Math.Max(_len[slot], 0);

        internal OoOptions* Options => _options ? (OoOptions*)Buf : null;

        internal IntPtr* Out => (IntPtr*)(Buf + sizeof(OoOptions));

        internal IntPtr* Error => Out + 2;

        /// <summary>Throws the failure (status name and this call's message) unless <paramref name="rc"/> is OK.</summary>
        internal Call Check(ErrorCode rc) => rc == ErrorCode.Ok ? this : throw Fail(rc, Take(2));

        /// <summary>The first result of a call, copied and freed.</summary>
        internal string Result(ErrorCode rc) => Check(rc).Take(0);

        internal string Take(int i)
        {
            IntPtr p = Out[i];
            if (p == IntPtr.Zero) return null;
            Out[i] = IntPtr.Zero;
            try
            {
                return Text(p);
            }
            finally
            {
                Native.oo_free(p);
            }
        }

        /// <summary>Frees what the call returned and was not taken, clears the options and inputs.</summary>
        public void Dispose()
        {
            for (int i = 0; i < 3; i++) Take(i);
            Clear(Buf, Pos);
            if (Cap > Kept) Grow(1024);
        }

        /// <summary>Copies a NUL-terminated UTF-8 string owned by the library (not freed here).</summary>
        internal static string Text(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int n = StrLen((byte*)p);
            return Ascii((byte*)p, n) ?? Encoding.UTF8.GetString((byte*)p, n);
        }

        /// <summary>Tokens and most claims are ASCII: widened eight bytes at a time into a new string, which is
        /// faster than the decoder under Mono. Null at the first byte past 0x7F (then the decoder does it all).
        /// The string is written in place: it is a fresh allocation (for n &gt; 0) that nothing else has seen.</summary>
        internal static string Ascii(byte* p, int n)
        {
            if (!BitConverter.IsLittleEndian) return null;
            string r = new string('\0', n);
            fixed (char* start = r)
            {
                char* d = start;
                for (byte* end = p + (n & ~7); p < end; p += 8, d += 8)
                {
                    ulong w = *(ulong*)p;
                    if ((w & 0x8080808080808080UL) != 0) return null;
                    ulong lo = w & 0xFFFFFFFFUL, hi = w >> 32;
                    lo = (lo | lo << 16) & 0x0000FFFF0000FFFFUL;
                    hi = (hi | hi << 16) & 0x0000FFFF0000FFFFUL;
                    *(ulong*)d = (lo | lo << 8) & 0x00FF00FF00FF00FFUL;
                    *(ulong*)(d + 4) = (hi | hi << 8) & 0x00FF00FF00FF00FFUL;
                }
                for (int i = 0; i < (n & 7); i++)
                {
                    if (p[i] > 0x7F) return null;
                    d[i] = (char)p[i];
                }
            }
            return r;
        }

        /// <summary>strlen, eight bytes at a time once aligned (an aligned 8-byte read never crosses a
        /// page, so it cannot fault past the NUL); a byte loop is several times slower under Mono's JIT.</summary>
        internal static int StrLen(byte* s)
        {
            byte* p = s;
            for (; ((ulong)p & 7) != 0; p++) if (*p == 0) return (int)(p - s);
            ulong* w = (ulong*)p;
            while (((*w - 0x0101010101010101UL) & ~*w & 0x8080808080808080UL) == 0) w++;
            for (p = (byte*)w; *p != 0; p++) { }
            return (int)(p - s);
        }

        // A new zeroed block instead of the current one (whose content is no longer needed).
        private void Grow(int cap)
        {
            Release();
            Buf = (byte*)Marshal.AllocHGlobal(cap);
            Cap = cap;
            Clear(Buf, cap);
        }

        private void Release()
        {
            if (Buf == null) return;
            Clear(Buf, Cap);
            Marshal.FreeHGlobal((IntPtr)Buf);
            Buf = null;
        }

        // memset(p, 0, n) by copies of a zeroed block (netstandard2.0 has no Span to clear with).
        private static void Clear(byte* p, int n)
        {
            for (int k; n > 0; p += k, n -= k) Buffer.MemoryCopy((void*)Zeros, p, n, k = Math.Min(n, Kept));
        }
    }
}
