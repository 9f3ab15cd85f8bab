package oojwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The vector runner (docs/vectors.md): loads tests/vectors/*.json and runs a case through {@link Jwt}. */
final class Vectors {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private Vectors() {
    }

    /** One case of a vector file. */
    record Case(String file, String id, String op, JsonNode input, JsonNode expect) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** What an operation gave: a result (text or token) or the error's contract name (and message). */
    record Outcome(String error, String message, Map<String, String> result) {
        static Outcome ok(Map<String, String> result) {
            return new Outcome(null, null, result);
        }

        static Outcome failed(JwtException e) {
            return new Outcome(e.errorName(), e.detail(), null);
        }
    }

    /** The vectors directory: -Doojwt.vectors, $OO_JWT_VECTORS, else ../../tests/vectors. */
    static Path dir() {
        String d = System.getProperty("oojwt.vectors");
        if (d == null || d.isEmpty() || d.startsWith("${")) {
            d = System.getenv("OO_JWT_VECTORS");
        }
        if (d == null || d.isEmpty()) {
            d = "../../tests/vectors";
        }
        return Paths.get(d).toAbsolutePath().normalize();
    }

    /** The vector files, sorted by name, after checking them against manifest.json. */
    static List<Path> files() {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)
                            && !p.getFileName().toString().equals("manifest.json"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the vectors in " + dir(), e);
        }
        checkManifest(files);
        return files;
    }

    /**
     * manifest.json names every vector file with its SHA-256 and case count: an emptied, deleted or added
     * file fails here instead of running zero cases.
     */
    static void checkManifest(List<Path> files) {
        try {
            JsonNode manifest = JSON.readTree(dir().resolve("manifest.json").toFile()).get("files");
            List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
            List<String> listed = new ArrayList<>();
            manifest.fieldNames().forEachRemaining(listed::add);
            listed.sort(Comparator.naturalOrder());
            if (!names.equals(listed)) {
                throw new AssertionError("vector files " + names + " differ from manifest.json's " + listed);
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                byte[] bytes = Files.readAllBytes(f);
                String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
                if (!hash.equals(manifest.get(name).get("sha256").asText())) {
                    throw new AssertionError(name + ": SHA-256 differs from manifest.json");
                }
                JsonNode cases = JSON.readTree(bytes).get("cases");
                if (cases == null || !cases.isArray() || cases.size() == 0
                        || cases.size() != manifest.get(name).get("cases").asInt()) {
                    throw new AssertionError(name + ": case count differs from manifest.json");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir().resolve("manifest.json"), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<Case> out = new ArrayList<>();
            String stem = stem(file);
            for (JsonNode c : root.get("cases")) {
                out.add(new Case(stem, c.get("id").asText(), c.get("op").asText(), c.get("input"), c.get("expect")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Case> allCases() {
        List<Case> all = new ArrayList<>();
        for (Path f : files()) {
            all.addAll(cases(f));
        }
        return all;
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".json".length());
    }

    // ---- running a case ---------------------------------------------------------------------------------

    private static String text(JsonNode in, String key) {
        JsonNode v = in.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static byte[] secret(JsonNode in) {
        if (in.has("secret_hex")) {
            return HexFormat.of().parseHex(in.get("secret_hex").asText());
        }
        String s = text(in, "secret");
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] token(JsonNode in) {
        if (in.has("token_hex")) {
            return HexFormat.of().parseHex(in.get("token_hex").asText());
        }
        String s = text(in, "token");
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** A bit no {@link Algorithm} has: what a name the vectors use to test refusal ("RS256", "") becomes. */
    static final int UNKNOWN_ALG_BIT = 1 << 30;

    static int algorithmBits(String name) {
        for (Algorithm a : Algorithm.values()) {
            if (a.name().equals(name)) {
                return a.bit();
            }
        }
        return UNKNOWN_ALG_BIT;
    }

    /**
     * The options a case's input sets; null when it sets none (so the NULL path is exercised too). Names
     * of algorithms go through the public setters; a name no {@link Algorithm} has is set as an unknown bit
     * (package-private field), for the core to refuse.
     */
    static Options options(JsonNode in) {
        Options o = new Options();
        boolean any = false;
        if (in.has("algorithm")) {
            String name = in.get("algorithm").asText();
            if (algorithmBits(name) == UNKNOWN_ALG_BIT) {
                o.algorithm = UNKNOWN_ALG_BIT;
            } else {
                o.algorithm(Algorithm.valueOf(name));
            }
            any = true;
        }
        if (in.has("algorithms")) {
            List<Algorithm> known = new ArrayList<>();
            int unknown = 0;
            for (JsonNode n : in.get("algorithms")) {
                int bit = algorithmBits(n.asText());
                if (bit == UNKNOWN_ALG_BIT) {
                    unknown = bit;
                } else {
                    known.add(Algorithm.valueOf(n.asText()));
                }
            }
            if (unknown == 0) {
                o.algorithms(known.toArray(new Algorithm[0]));
            } else {
                o.algorithms = unknown | known.stream().mapToInt(Algorithm::bit).reduce(0, (a, b) -> a | b);
            }
            any = true;
        }
        if (in.has("now")) {
            o.now(in.get("now").asLong());
            any = true;
        }
        if (in.has("leeway")) {
            o.leeway(in.get("leeway").asLong());
            any = true;
        }
        if (in.has("expires_in")) {
            o.expiresIn(in.get("expires_in").asLong());
            any = true;
        }
        if (in.has("max_token_len")) {
            o.maxTokenLength(in.get("max_token_len").asLong());
            any = true;
        }
        if (in.has("max_json_len")) {
            o.maxJsonLength(in.get("max_json_len").asLong());
            any = true;
        }
        if (in.has("url_match")) {
            o.pathAndQueryOnly("path_and_query".equals(in.get("url_match").asText()));
            any = true;
        }
        if (in.has("prefix") && !in.get("prefix").isNull()) {
            o.prefix(in.get("prefix").asText());
            any = true;
        }
        if (in.has("placement")) {
            String placement = in.get("placement").asText();
            o.placement(switch (placement) {
                case "body" -> Placement.BODY;
                case "header" -> Placement.HEADER;
                default -> throw new AssertionError("unknown placement " + placement);
            });
            any = true;
        }
        return any ? o : null;
    }

    /** Runs the case's operation; throws {@link AssertionError} for an op this runner does not know. */
    static Outcome run(Case c) {
        JsonNode in = c.input();
        try {
            switch (c.op()) {
                case "sign":
                    return Outcome.ok(Map.of("token", Jwt.sign(text(in, "payload"), secret(in), options(in))));
                case "verify":
                    return Outcome.ok(Map.of("claims", Jwt.verify(token(in), secret(in), options(in))));
                case "decode_unverified": {
                    Decoded d = Jwt.decodeUnverified(token(in), options(in));
                    return Outcome.ok(Map.of("header", d.header(), "claims", d.claims()));
                }
                case "sign_request": {
                    String out = Jwt.signRequest(text(in, "body"), secret(in), options(in));
                    return Outcome.ok(Map.of("header".equals(text(in, "placement")) ? "token" : "body", out));
                }
                case "verify_request":
                    return Outcome.ok(Map.of("params", Jwt.verifyRequest(text(in, "body"),
                            text(in, "authorization"), secret(in), options(in))));
                case "sign_config":
                    return Outcome.ok(Map.of("config", Jwt.signConfig(text(in, "config"), secret(in), options(in))));
                case "sign_editor_method":
                    return Outcome.ok(Map.of("params", Jwt.signEditorMethod(text(in, "method"), text(in, "params"),
                            secret(in), options(in))));
                case "verify_download":
                    return Outcome.ok(Map.of("claims", Jwt.verifyDownload(text(in, "authorization"),
                            text(in, "url"), secret(in), options(in))));
                case "load_config":
                case "verify_request_with_config":
                case "verify_download_with_config":
                case "download_token_expected":
                    return loadConfig(c.op(), in);
                default:
                    throw new AssertionError(c.id() + ": unknown op " + c.op());
            }
        } catch (JwtException e) {
            return Outcome.failed(e);
        }
    }

    private static Outcome loadConfig(String op, JsonNode in) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("oojwt-java-cfg");
            String abs = dir.toAbsolutePath().toString();
            if (in.has("files")) {
                Iterator<Map.Entry<String, JsonNode>> it = in.get("files").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    Path p = dir.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.write(p, f.getValue().asText().replace("@DIR@", abs).getBytes(StandardCharsets.UTF_8));
                }
            }
            String local = text(in, "local");
            String dflt = text(in, "default");
            String env = in.has("env") && !in.get("env").isNull() ? JSON.writeValueAsString(in.get("env")) : null;
            String out = Jwt.loadConfig(local == null ? null : dir.resolve(local).toString(),
                    dflt == null ? null : dir.resolve(dflt).toString(), env);
            if (op.equals("verify_download_with_config")) {
                return Outcome.ok(Map.of("claims", Jwt.verifyDownloadWithConfig(text(in, "authorization"),
                        text(in, "url"), out, options(in))));
            }
            if (op.equals("download_token_expected")) {
                return Outcome.ok(Map.of("expected",
                        Boolean.toString(Jwt.downloadTokenExpected(text(in, "url"), out))));
            }
            if (op.equals("verify_request_with_config")) {
                return verifyRequestWithConfig(in, out);
            }
            return Outcome.ok(Map.of("config", out));
        } catch (JwtException e) {
            // The message names the temporary directory: written as @DIR@ so that runs compare equal.
            String abs = dir.toAbsolutePath().toString();
            return new Outcome(e.errorName(), e.detail().replace(abs, "@DIR@"), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /**
     * A direction the vectors name is a {@link Direction}; one no {@link Direction} has ("sideways") cannot
     * be written with the Java API, so it goes to the binding directly, for the core to refuse.
     */
    private static Outcome verifyRequestWithConfig(JsonNode in, String settings) {
        String direction = text(in, "direction");
        for (Direction d : Direction.values()) {
            if (d.name().toLowerCase(java.util.Locale.ROOT).equals(direction)) {
                return Outcome.ok(Map.of("params", Jwt.verifyRequestWithConfig(text(in, "body"),
                        text(in, "authorization"), settings, d, options(in))));
            }
        }
        byte[] b = Jwt.utf8(text(in, "body"));
        byte[] a = Jwt.utf8(text(in, "authorization"));
        byte[] st = Jwt.utf8(settings);
        long[] out = new long[1];
        long[] err = new long[1];
        Options o = options(in);
        int rc = OoJwtNative.oo_verify_request_with_config(b, b == null ? 0 : b.length, a, a == null ? 0 : a.length,
                st, st.length, 0xff, o == null ? null : o.toNative(), out, err);
        if (rc == 0) {
            OoJwtNative.oo_free(out[0]);
            throw new AssertionError("direction " + direction + " was accepted");
        }
        String message = new com.sun.jna.Pointer(err[0]).getString(0, "UTF-8");
        OoJwtNative.oo_free(err[0]);
        throw new JwtException(rc, Jwt.statusName(rc), message);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not a test failure
        }
    }

    // ---- checking a case ----------------------------------------------------------------------------------

    /** Runs the case and checks it against its expectation; the message names the id. */
    static void check(Case c) {
        Outcome got = run(c);
        String problem = problem(c, got);
        if (problem != null) {
            throw new AssertionError(c.id() + " (" + c.file() + ", " + c.op() + "): " + problem);
        }
    }

    /** Null when {@code got} is what the case expects, else what differs. */
    static String problem(Case c, Outcome got) {
        JsonNode expect = c.expect();
        if (expect.has("error")) {
            String want = expect.get("error").asText();
            if (got.error() == null) {
                return "expected error " + want + ", got success " + got.result();
            }
            return want.equals(got.error()) ? null
                    : "expected error " + want + ", got " + got.error() + ": " + got.message();
        }
        if (got.error() != null) {
            return "expected " + expect + ", got error " + got.error() + ": " + got.message();
        }
        Iterator<String> keys = expect.fieldNames();
        int n = 0;
        while (keys.hasNext()) {
            String key = keys.next();
            n++;
            String actual = got.result().get(key);
            if (actual == null) {
                return "expected a " + key + ", the operation gives " + got.result().keySet();
            }
            if (key.equals("token")) {
                String want = expect.get(key).asText();
                if (!want.equals(actual)) {
                    return "token differs:\n  want " + want + "\n  got  " + actual;
                }
            } else {
                JsonNode parsed;
                try {
                    parsed = JSON.readTree(actual);
                } catch (IOException e) {
                    return key + " is not JSON: " + actual;
                }
                if (!sameJson(expect.get(key), parsed)) {
                    return key + " differs:\n  want " + expect.get(key) + "\n  got  " + actual;
                }
            }
        }
        return n == got.result().size() ? null : "expected " + expect.fieldNames() + ", got " + got.result().keySet();
    }

    /** JSON equality as parsed values: objects unordered, arrays ordered, numbers by value. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.bigIntegerValue().equals(b.bigIntegerValue());
            }
            BigDecimal x = a.decimalValue();
            BigDecimal y = b.decimalValue();
            return x.compareTo(y) == 0 || a.doubleValue() == b.doubleValue();
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !sameJson(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
