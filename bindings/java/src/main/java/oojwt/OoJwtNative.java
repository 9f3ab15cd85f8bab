package oojwt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

import java.util.Map;

/**
 * The C ABI of {@code include/oo_jwt.h}, bound with JNA direct mapping ({@link Native#register}).
 * Inputs are {@code (byte[], length)} pairs; {@code size_t} is a Java {@code long} (64-bit platforms only).
 *
 * <p>The library is looked up in this order: the system property {@code oojwt.library} (a file path),
 * the environment variable {@code OO_JWT_LIB} (a file path), then the name {@code oo_jwt} the way JNA
 * looks names up: {@code jna.library.path}, the system's library path, then the jar's own resource
 * for the running platform, under JNA's prefix and file name: {@code linux-x86-64/liboo_jwt.so},
 * {@code linux-aarch64/liboo_jwt.so}, {@code win32-x86-64/oo_jwt.dll}, {@code darwin-x86-64/} or
 * {@code darwin-aarch64/liboo_jwt.dylib}.
 */
final class OoJwtNative {
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
        NativeLibrary lib = NativeLibrary.getInstance(name,
                Map.of(Library.OPTION_CLASSLOADER, OoJwtNative.class.getClassLoader()));
        Native.register(OoJwtNative.class, lib);
        LIBRARY = lib.getFile() != null ? lib.getFile().getAbsolutePath() : name;
    }

    private OoJwtNative() {
    }

    static native int oo_sign(byte[] payload, long payloadLen, byte[] secret, long secretLen,
                              Pointer options, PointerByReference outToken);

    static native int oo_verify(byte[] token, long tokenLen, byte[] secret, long secretLen,
                                Pointer options, PointerByReference outClaims);

    static native int oo_decode_unverified(byte[] token, long tokenLen, Pointer options,
                                           PointerByReference outHeader, PointerByReference outClaims);

    static native int oo_sign_request(byte[] body, long bodyLen, byte[] secret, long secretLen, int placement,
                                      Pointer options, PointerByReference out);

    static native int oo_verify_request(byte[] secret, long secretLen, byte[] body, long bodyLen,
                                        byte[] authorization, long authorizationLen, byte[] prefix, long prefixLen,
                                        Pointer options, PointerByReference outParams);

    static native int oo_sign_config(byte[] config, long configLen, byte[] secret, long secretLen,
                                     Pointer options, PointerByReference outConfig);

    static native int oo_sign_editor_method(byte[] method, long methodLen, byte[] params, long paramsLen,
                                            byte[] secret, long secretLen, Pointer options, PointerByReference outParams);

    static native int oo_verify_download(byte[] authorization, long authorizationLen, byte[] url, long urlLen,
                                         byte[] secret, long secretLen, byte[] prefix, long prefixLen,
                                         Pointer options, PointerByReference outClaims);

    static native int oo_load_config(byte[] localPath, long localPathLen, byte[] defaultPath, long defaultPathLen,
                                     byte[] envJson, long envJsonLen, PointerByReference outSettings);

    static native int oo_verify_request_with_config(byte[] body, long bodyLen, byte[] authorization,
                                                    long authorizationLen, byte[] settingsJson, long settingsLen,
                                                    int direction, Pointer options, PointerByReference outParams);

    static native int oo_verify_download_with_config(byte[] authorization, long authorizationLen, byte[] url,
                                                     long urlLen, byte[] settingsJson, long settingsLen,
                                                     Pointer options, PointerByReference outClaims);

    /** {@code outExpected}: a one-byte array the core writes 0 or 1 into. */
    static native int oo_download_token_expected(byte[] url, long urlLen, byte[] settingsJson, long settingsLen,
                                                 byte[] outExpected);

    static native void oo_free(Pointer s);

    static native Pointer oo_status_name(int status);

    static native Pointer oo_last_error_message();

    static native Pointer oo_version();

    static native int oo_selftest_panic();

    /** {@code struct OoOptions}: used for its layout; {@link Options} writes it once into native memory. */
    @Structure.FieldOrder({"struct_size", "flags", "algorithm", "algorithm_len", "algorithms", "algorithms_len",
            "now", "leeway", "expires_in", "max_token_len", "max_json_len"})
    public static final class OoOptions extends Structure {
        public int struct_size;
        public int flags;
        public Pointer algorithm;
        public long algorithm_len;
        public Pointer algorithms;
        public long algorithms_len;
        public long now;
        public long leeway;
        public long expires_in;
        public long max_token_len;
        public long max_json_len;

        public OoOptions() {
            super();
        }

        public OoOptions(Pointer p) {
            super(p);
        }

        static final int SIZE = new OoOptions().size();
    }

    static final int OPT_NOW = 1;
    static final int OPT_LEEWAY = 2;
    static final int OPT_EXPIRES_IN = 4;
    static final int OPT_URL_PATH_QUERY = 8;
}
