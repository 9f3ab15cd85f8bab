package cold;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;

import java.util.Map;

/**
 * The library load alone: JNA's NativeLibrary of {@code oo_jwt} found the way the wrapper finds it (the
 * installed jar's own resource for this platform, extracted by JNA), no wrapper class, no call.
 */
public final class Load {
    private Load() {
    }

    public static void main(String[] args) {
        NativeLibrary lib = NativeLibrary.getInstance("oo_jwt", Map.of(Library.OPTION_CLASSLOADER, Load.class.getClassLoader()));
        if (lib.getFile() == null) {
            System.exit(1);
        }
    }
}
