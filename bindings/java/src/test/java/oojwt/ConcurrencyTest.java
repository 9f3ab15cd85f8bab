package oojwt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 16 threads running the vectors give what one thread gives: results, error names and messages alike. */
class ConcurrencyTest {
    static final int THREADS = 16;

    /** Cases whose outcome does not depend on the real clock. */
    static boolean deterministic(Vectors.Case c) {
        if (c.input().has("now")) {
            return true;
        }
        return switch (c.op()) {
            case "decode_unverified", "load_config" -> true;
            case "sign", "sign_config" -> !c.input().has("expires_in");
            default -> false;
        };
    }

    @Test
    void sixteenThreadsGiveTheSequentialResults() throws Exception {
        List<Vectors.Case> cases = new ArrayList<>();
        for (Vectors.Case c : Vectors.allCases()) {
            if (deterministic(c)) {
                cases.add(c);
            }
        }
        assertTrue(cases.size() > 100, "too few deterministic vector cases: " + cases.size());
        List<Vectors.Outcome> sequential = new ArrayList<>();
        for (Vectors.Case c : cases) {
            sequential.add(Vectors.run(c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < cases.size(); i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new Random(seed));
                    List<String> diffs = new ArrayList<>();
                    for (int i : order) {
                        Vectors.Outcome got = Vectors.run(cases.get(i));
                        if (!got.equals(sequential.get(i))) {
                            diffs.add(cases.get(i).id() + ": " + got + " != " + sequential.get(i));
                        }
                    }
                    return diffs;
                }));
            }
            List<String> diffs = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                diffs.addAll(f.get());
            }
            assertEquals(List.of(), diffs.subList(0, Math.min(diffs.size(), 20)), diffs.size() + " differences");
        } finally {
            pool.shutdownNow();
        }
    }
}
