package oojwt;

import java.nio.file.Path;

/** {@code make conformance}: one line per vector file, {@code CONFORMANCE java <file-stem> <passed> <failed>}. */
public final class Conformance {
    private Conformance() {
    }

    public static void main(String[] args) {
        int totalFailed = 0;
        for (Path f : Vectors.files()) {
            int passed = 0;
            int failed = 0;
            for (Vectors.Case c : Vectors.cases(f)) {
                try {
                    Vectors.check(c);
                    passed++;
                } catch (AssertionError | RuntimeException e) {
                    failed++;
                    System.err.println("FAIL " + e.getMessage());
                }
            }
            totalFailed += failed;
            System.out.println("CONFORMANCE java " + Vectors.stem(f) + " " + passed + " " + failed);
        }
        System.exit(totalFailed == 0 ? 0 : 1);
    }
}
