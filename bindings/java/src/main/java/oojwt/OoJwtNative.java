package oojwt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

import java.util.Map;

/**
 * The C ABI of {@code include/oo_jwt.h}, bound with JNA direct mapping ({@link Native#register}); a test
 * parses the header and checks every function, constant and the {@code OoOptions} layout against this class.
 * Inputs are {@code (byte[], length)} pairs; {@code size_t} is a Java {@code long} (64-bit platforms only).
 * A {@code char **} out-parameter is a one-element {@code long[]}: the core writes the string's address
 * into it (no native memory to allocate per call or per thread, so virtual threads cost nothing extra).
 *
 * <p>The library is looked up in this order: the system property {@code oojwt.library} (a file path),
 * the environment variable {@code OO_JWT_LIB} (a file path), then the name {@code oo_jwt} the way JNA
 * looks names up: {@code jna.library.path}, the system's library path, then the jar's own resource
 * for the running platform, under JNA's prefix and file name: {@code linux-x86-64/liboo_jwt.so},
 * {@code linux-aarch64/liboo_jwt.so}, {@code win32-x86-64/oo_jwt.dll}, {@code darwin-x86-64/} or
 * {@code darwin-aarch64/liboo_jwt.dylib}.
 */
final class OoJwtNative {
    static final int ABI_MAJOR = 1;
    static final int ABI_MINOR = 0;
    static final int OPT_NOW = 1;
    static final int OPT_LEEWAY = 2;
    static final int OPT_EXPIRES_IN = 4;
    static final int OPT_URL_PATH_QUERY = 8;

    /** The library's file or name, as it was found. */
    static final String LIBRARY;

    static {
        if (Native.SIZE_T_SIZE != 8) {
            throw new UnsatisfiedLinkError("oo-jwt's Java wrapper needs a 64-bit JVM (size_t = 8 bytes)");
        }
        String name = System.getProperty("oojwt.library");
        if (name == null || name.isEmpty()) {
            name = System.getenv("OO_JWT_LIB");
        }
        if (name == null || name.isEmpty()) {
            name = "oo_jwt";
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(name,
                    Map.of(Library.OPTION_CLASSLOADER, OoJwtNative.class.getClassLoader()));
        } catch (UnsatisfiedLinkError e) {
            throw notFound(name, e);
        }
        Native.register(OoJwtNative.class, lib);
        LIBRARY = lib.getFile() != null ? lib.getFile().getAbsolutePath() : name;
        // A library of another major ABI version has other signatures: refuse it before any call.
        int abi = oo_abi_version();
        if (abi >>> 16 != ABI_MAJOR) {
            throw new UnsatisfiedLinkError(LIBRARY + " has ABI " + (abi >>> 16) + "." + (abi & 0xffff)
                    + "; this wrapper needs " + ABI_MAJOR + ".x");
        }
    }

    private OoJwtNative() {
    }

    /** JNA's own error lists every attempt at length; this one says what was looked for, where, and the fix. */
    static UnsatisfiedLinkError notFound(String name, UnsatisfiedLinkError cause) {
        String file = System.mapLibraryName("oo_jwt");
        String prefix = Platform.RESOURCE_PREFIX;
        String msg = !name.equals("oo_jwt")
                ? "oo-jwt: cannot load the native library " + name + " (named by oojwt.library or OO_JWT_LIB)"
                + "; point it at an existing " + file + ", or unset it to use the copy in the jar"
                : "oo-jwt: native library " + file + " not found for this platform (" + prefix + "). Searched:"
                + " the jar's resource " + prefix + "/" + file + " on the class path, jna.library.path ("
                + System.getProperty("jna.library.path", "not set") + "), and the system library paths."
                + " Fix: use the oo-jwt jar from `make dist` that carries " + prefix + "/" + file
                + ", or set -Djna.library.path=<directory holding " + file + ">";
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(msg);
        e.initCause(cause);
        return e;
    }

    static native int oo_sign(byte[] payload, long payloadLen, byte[] secret, long secretLen, Pointer options,
                              long[] outToken, long[] outError);

    static native int oo_verify(byte[] token, long tokenLen, byte[] secret, long secretLen, Pointer options,
                                long[] outClaims, long[] outError);

    static native int oo_decode_unverified(byte[] token, long tokenLen, Pointer options, long[] outHeader,
                                           long[] outClaims, long[] outError);

    static native int oo_sign_request(byte[] body, long bodyLen, byte[] secret, long secretLen, int placement,
                                      Pointer options, long[] out, long[] outError);

    static native int oo_verify_request(byte[] body, long bodyLen, byte[] authorization, long authorizationLen,
                                        byte[] secret, long secretLen, byte[] prefix, long prefixLen,
                                        Pointer options, long[] outParams, long[] outError);

    static native int oo_sign_config(byte[] config, long configLen, byte[] secret, long secretLen, Pointer options,
                                     long[] outConfig, long[] outError);

    static native int oo_sign_editor_method(byte[] method, long methodLen, byte[] params, long paramsLen,
                                            byte[] secret, long secretLen, Pointer options, long[] outParams,
                                            long[] outError);

    static native int oo_verify_download(byte[] authorization, long authorizationLen, byte[] url, long urlLen,
                                         byte[] secret, long secretLen, byte[] prefix, long prefixLen,
                                         Pointer options, long[] outClaims, long[] outError);

    static native int oo_load_config(byte[] localPath, long localPathLen, byte[] defaultPath, long defaultPathLen,
                                     byte[] envJson, long envJsonLen, long[] outSettings, long[] outError);

    static native int oo_verify_request_with_config(byte[] body, long bodyLen, byte[] authorization,
                                                    long authorizationLen, byte[] settingsJson, long settingsLen,
                                                    int direction, Pointer options, long[] outParams,
                                                    long[] outError);

    static native int oo_verify_download_with_config(byte[] authorization, long authorizationLen, byte[] url,
                                                     long urlLen, byte[] settingsJson, long settingsLen,
                                                     Pointer options, long[] outClaims, long[] outError);

    /** {@code outExpected}: a one-byte array the core writes 0 or 1 into. */
    static native int oo_download_token_expected(byte[] url, long urlLen, byte[] settingsJson, long settingsLen,
                                                 byte[] outExpected, long[] outError);

    static native void oo_free(long s);

    static native Pointer oo_status_name(int status);

    static native Pointer oo_version();

    static native int oo_abi_version();

    /** {@code struct OoOptions}: integers only, 56 bytes; {@link Options} writes one once and reuses it. */
    @Structure.FieldOrder({"struct_size", "flags", "algorithm", "algorithms", "now", "leeway", "expires_in",
            "max_token_len", "max_json_len"})
    public static final class OoOptions extends Structure {
        public int struct_size;
        public int flags;
        public int algorithm;
        public int algorithms;
        public long now;
        public long leeway;
        public long expires_in;
        public long max_token_len;
        public long max_json_len;
    }
}
