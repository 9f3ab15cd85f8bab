package oojwt;

import com.sun.jna.Pointer;
import oojwt.bench.JwtBench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The floor of {@link FloorBench} again, by this thread's CPU time and in interleaved rounds (every
 * figure is taken in each round, the best round kept): on a shared machine, JMH's wall time for one
 * benchmark after another follows the other users' load, which can differ between the wrapper's row and
 * the direct call it contains by more than the overhead being measured. The same operations as the JMH
 * floor and rows, in the bench's own JVM.
 */
public final class FloorCpu {
    private static long sink;

    private FloorCpu() {
    }

    /** {@code {"method", "round_trip_ns", "sign": {...}, "verify": {...}}}, as the {@code floor} key. */
    public static Map<String, Object> measure(int rounds) {
        byte[] payloadBytes = JwtBench.PAYLOAD.getBytes(StandardCharsets.UTF_8);
        byte[] secret = JwtBench.SECRET.getBytes(StandardCharsets.UTF_8);
        String token = Jwt.sign(JwtBench.PAYLOAD, secret, new Options().expiresIn(86_400));
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        byte[] claims = Jwt.verify(token, secret, null).getBytes(StandardCharsets.UTF_8);
        long[] out = new long[1];
        long[] err = new long[1];
        Runnable[] ops = {
            () -> {
                sink += OoJwtNative.oo_abi_version();
                OoJwtNative.oo_free(0);
            },
            () -> sink += Jwt.sign(JwtBench.PAYLOAD, secret, null).length(),
            () -> {
                OoJwtNative.oo_sign(payloadBytes, payloadBytes.length, secret, secret.length, null, out, err);
                sink += new Pointer(out[0]).getString(0, "UTF-8").length();
                OoJwtNative.oo_free(out[0]);
            },
            () -> sink += JwtBench.PAYLOAD.getBytes(StandardCharsets.UTF_8).length,
            () -> sink += Jwt.verify(token, secret, null).length(),
            () -> {
                OoJwtNative.oo_verify(tokenBytes, tokenBytes.length, secret, secret.length, null, out, err);
                sink += new Pointer(out[0]).getString(0, "UTF-8").length();
                OoJwtNative.oo_free(out[0]);
            },
            () -> sink += new String(claims, StandardCharsets.UTF_8).length(),
        };
        // Calls per round: about the same CPU time for each figure.
        int[] calls = {100_000, 5_000, 5_000, 200_000, 5_000, 5_000, 200_000};
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] best = new double[ops.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = -5; r < rounds; r++) { // the first five rounds warm the JIT up
            for (int k = 0; k < ops.length; k++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < calls[k]; i++) {
                    ops[k].run();
                }
                double ns = (cpu.getCurrentThreadCpuTime() - t0) / (double) calls[k];
                if (r >= 0) {
                    best[k] = Math.min(best[k], ns);
                }
            }
        }
        Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("method", String.format("this thread's CPU time, best of %d interleaved rounds in the bench's own JVM"
                + " (each round takes every figure once), the same operations as the floor key", rounds));
        floor.put("round_trip_ns", best[0]);
        floor.put("sign", op(best[1], best[2], best[3]));
        floor.put("verify", op(best[4], best[5], best[6]));
        return floor;
    }

    private static Map<String, Double> op(double wrapper, double call, double json) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("wrapper_ns", wrapper);
        m.put("call_ns", call);
        m.put("json_ns", json);
        return m;
    }
}
