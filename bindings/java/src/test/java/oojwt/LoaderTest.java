package oojwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A library that cannot be found gives an error saying which file, where it was looked for, and the fix. */
class LoaderTest {
    @Test
    void missingLibraryNamesFilePlacesAndFix() {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("JNA's list of attempts");
        UnsatisfiedLinkError e = OoJwtNative.notFound("oo_jwt", cause);
        String file = System.mapLibraryName("oo_jwt");
        for (String want : new String[] {file, com.sun.jna.Platform.RESOURCE_PREFIX + "/" + file,
                "jna.library.path", "system library paths", "make dist", "-Djna.library.path="}) {
            assertTrue(e.getMessage().contains(want), "says '" + want + "': " + e.getMessage());
        }
        assertEquals(cause, e.getCause());
    }

    /** A real JVM with {@code oojwt.library} naming a file that does not exist: the error names it. */
    @Test
    void missingNamedLibraryInAChildJvm(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("nowhere").resolve(System.mapLibraryName("oo_jwt")).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Doojwt.library=" + missing, "-cp",
                System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("oo-jwt: cannot load the native library " + missing), out);
        assertTrue(out.contains("unset it to use the copy in the jar"), out);
    }

    /** Run in the child JVM: the first call loads the library. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println(Jwt.version());
        }
    }
}
