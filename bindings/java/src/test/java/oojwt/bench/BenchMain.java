package oojwt.bench;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link JwtBench} and the floor rows ({@link oojwt.FloorBench}) with JMH (one fork, 3 x 1 s warm-up, 20 x 0.2 s
 * measured per benchmark: about a minute and a half)
 * and prints ns/op and the ratios against fusionauth-jwt: of the means, and of the best iterations (the
 * figure least disturbed by other processes on a shared 2-core machine). With OO_JWT_BENCH_JSON=&lt;file&gt; it also
 * writes the sign/verify figures (best iterations, and the means) there as JSON, for benches/report.py.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int warmups = Integer.getInteger("bench.warmups", 3);
        int iterations = Integer.getInteger("bench.iterations", 20);
        Options opts = new OptionsBuilder()
                .include(JwtBench.class.getName() + "\\.")
                .include(oojwt.FloorBench.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.milliseconds(200))
                .threads(1)
                .jvmArgsAppend("-Xms256m", "-Xmx256m")
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, double[]> byName = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double best = Double.MAX_VALUE;
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    best = Math.min(best, i.getPrimaryResult().getScore());
                }
            }
            byName.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(), best});
        }
        System.out.printf("payload: %d bytes of JSON, HS256, JMH average time, 1 thread%n",
                JwtBench.PAYLOAD.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        for (Map.Entry<String, double[]> e : byName.entrySet()) {
            System.out.printf("%-20s mean %9.1f ns/op (± %.1f)   best iteration %9.1f ns/op%n", e.getKey(),
                    e.getValue()[0], e.getValue()[1], e.getValue()[2]);
        }
        ratio(byName, "sign", "ooJwtSign", "fusionAuthSign");
        ratio(byName, "sign (+ Jackson map to JSON)", "ooJwtSignJackson", "fusionAuthSign");
        ratio(byName, "verify", "ooJwtVerify", "fusionAuthVerify");
        ratio(byName, "verify (+ Jackson parse)", "ooJwtVerifyJackson", "fusionAuthVerify");
        Map<String, Object> floor = floor(byName);
        Map<String, Object> floorCpu = oojwt.FloorCpu.measure(Integer.getInteger("bench.cpu.rounds", 30));
        System.out.printf("floor by CPU time, interleaved rounds: JNA round trip %.1f ns%n", (Double) floorCpu.get("round_trip_ns"));
        for (String op : new String[] {"sign", "verify"}) {
            @SuppressWarnings("unchecked")
            Map<String, Double> f = (Map<String, Double>) floorCpu.get(op);
            double w = f.get("wrapper_ns");
            double c = f.get("call_ns");
            double j = f.get("json_ns");
            System.out.printf("floor by CPU time: %-6s wrapper %8.1f ns = call %8.1f + json %6.1f (floor %8.1f) + overhead %6.1f ns (%.1f%% of the floor)%n",
                    op, w, c, j, c + j, w - c - j, 100 * (w - c - j) / (c + j));
        }
        String jsonOut = System.getenv("OO_JWT_BENCH_JSON");
        if (jsonOut != null && !jsonOut.isEmpty()) {
            List<Object> rows = new ArrayList<>();
            row(rows, byName, "sign", "ooJwtSign", "fusionAuthSign");
            row(rows, byName, "verify", "ooJwtVerify", "fusionAuthVerify");
            row(rows, byName, "sign (+ Jackson map to JSON)", "ooJwtSignJackson", "fusionAuthSign");
            row(rows, byName, "verify (+ Jackson parse)", "ooJwtVerifyJackson", "fusionAuthVerify");
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("language", "Java");
            String jar = io.fusionauth.jwt.domain.JWT.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            jar = jar.substring(jar.lastIndexOf('/') + 1).replaceAll("^fusionauth-jwt-|\\.jar$", "");
            report.put("peer", "fusionauth-jwt " + jar);
            report.put("payload_bytes", JwtBench.PAYLOAD.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            report.put("measure", String.format("wall time, best of %d JMH iterations of 0.2 s (1 fork, 1 thread; "
                    + "the means, disturbed by the other users of a shared machine, are in the printed output)", iterations));
            report.put("runtime", "Java " + System.getProperty("java.version"));
            report.put("rows", rows);
            if (floor != null) {
                report.put("floor", floor);
            }
            report.put("floor_cpu", floorCpu);
            JwtBench.MAPPER.writerWithDefaultPrettyPrinter().writeValue(new java.io.File(jsonOut), report);
        }
    }

    /**
     * The {@code floor} object (best iterations, as the rows) and its printed lines: the JNA round trip, and
     * for sign and verify the wrapper's figure against the direct call plus the JSON step.
     */
    private static Map<String, Object> floor(Map<String, double[]> r) {
        for (String k : new String[] {"floorRoundTrip", "floorSignCall", "floorSignJson", "floorVerifyCall",
                "floorVerifyJson", "ooJwtSign", "ooJwtVerify"}) {
            if (!r.containsKey(k)) {
                return null;
            }
        }
        Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("method", "JMH average time, best of the measured iterations as the rows, in the same run; through the"
                + " wrapper's JNA direct mapping: round trip = oo_abi_version() + oo_free(NULL); call = oo_sign/oo_verify"
                + " on bytes and out-arrays prepared beforehand (no options), the result read out as the wrapper reads it"
                + " (JNA getString) and oo_free; the JDK has no JSON library and the wrapper takes and returns JSON text,"
                + " so json = that text's UTF-8 conversion (payload String to bytes; claims bytes to String, which the"
                + " verify call's getString also does: counted twice)");
        floor.put("round_trip_ns", r.get("floorRoundTrip")[2]);
        System.out.printf("floor: JNA round trip (oo_abi_version + oo_free(NULL)) %.1f ns%n", r.get("floorRoundTrip")[2]);
        floor.put("sign", floorOp(r, "sign", "ooJwtSign", "floorSignCall", "floorSignJson"));
        floor.put("verify", floorOp(r, "verify", "ooJwtVerify", "floorVerifyCall", "floorVerifyJson"));
        return floor;
    }

    private static Map<String, Object> floorOp(Map<String, double[]> r, String op, String wrapper, String call, String json) {
        double w = r.get(wrapper)[2];
        double c = r.get(call)[2];
        double j = r.get(json)[2];
        System.out.printf("floor: %-6s wrapper %8.1f ns = call %8.1f + json %6.1f (floor %8.1f) + overhead %6.1f ns (%.1f%% of the floor)%n",
                op, w, c, j, c + j, w - c - j, 100 * (w - c - j) / (c + j));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wrapper_ns", w);
        m.put("call_ns", c);
        m.put("json_ns", j);
        return m;
    }

    private static void row(List<Object> rows, Map<String, double[]> r, String op, String ours, String peer) {
        if (r.containsKey(ours) && r.containsKey(peer)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op);
            m.put("ns_per_op", r.get(ours)[2]);
            m.put("peer_ns_per_op", r.get(peer)[2]);
            m.put("ratio", r.get(peer)[2] / r.get(ours)[2]);
            m.put("mean_ns_per_op", r.get(ours)[0]);
            m.put("peer_mean_ns_per_op", r.get(peer)[0]);
            m.put("mean_ratio", r.get(peer)[0] / r.get(ours)[0]);
            rows.add(m);
        }
    }

    private static void ratio(Map<String, double[]> r, String what, String ours, String peer) {
        if (r.containsKey(ours) && r.containsKey(peer)) {
            System.out.printf("ratio %-30s oo-jwt %.2fx fusionauth-jwt (mean), %.2fx (best iterations)%n", what + ":",
                    r.get(peer)[0] / r.get(ours)[0], r.get(peer)[2] / r.get(ours)[2]);
        }
    }
}
