package oojwt;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A callback from Docs, read from the VERIFIED parameters ({@link Jwt#handleCallback}), never from the
 * unsigned body. Each typed member is {@code null} when Docs did not send it (or sent another JSON type);
 * {@link #json()} is the whole verified parameters text and {@link #member} any member's JSON text.
 *
 * <pre>{@code
 * Callback cb = Jwt.handleCallback(body, request.getHeader("Authorization"), settings);
 * if (cb.status() == Callback.Status.READY_FOR_SAVING) save(cb.key(), cb.url());
 * }</pre>
 */
public final class Callback {
    /** Docs' callback statuses; a number Docs may add later is {@link #UNKNOWN}, see {@link #statusNumber()}. */
    public enum Status {
        /** 1: the document is being edited. */
        EDITING(1),
        /** 2: closed with changes; {@code url} holds the document to save. */
        READY_FOR_SAVING(2),
        /** 3: saving failed. */
        SAVE_ERROR(3),
        /** 4: closed with no changes. */
        CLOSED_NO_CHANGES(4),
        /** 6: force save; {@code url} holds the force-saved state. */
        FORCE_SAVE(6),
        /** 7: force saving failed. */
        FORCE_SAVE_ERROR(7),
        /** A status this wrapper does not know. */
        UNKNOWN(-1);

        private final int number;

        Status(int number) {
            this.number = number;
        }

        /** Docs' number ({@code -1} for {@link #UNKNOWN}). */
        public int number() {
            return number;
        }

        static Status of(int number) {
            for (Status s : values()) {
                if (s.number == number) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    /** The answer Docs expects: an HTTP status and its JSON body ({@code {"error":0}} or {@code {"error":1}}). */
    public record Answer(int status, String body) {
    }

    /** The integrator's code for one callback (save the file at {@code url} on 2 and 6, ...); may throw. */
    @FunctionalInterface
    public interface Handler {
        void onCallback(Callback callback) throws Exception;
    }

    private final String json;
    private final List<String> items;
    private final int statusNumber;

    private Callback(String json, List<String> items, int statusNumber) {
        this.json = json;
        this.items = items;
        this.statusNumber = statusNumber;
    }

    /**
     * Reads a callback from the verified parameters' JSON text (what {@link Jwt#verifyRequestWithConfig}
     * returned). Without a string {@code key} or an integer {@code status} it is not a Docs callback:
     * {@link ErrorCode#INVALID_JSON}, answered 400.
     * <pre>{@code Callback cb = Callback.of(Jwt.verifyRequestWithConfig(body, authorization, settings, Direction.OUTBOX));}</pre>
     */
    public static Callback of(String verifiedParamsJson) {
        List<String> items = items(verifiedParamsJson);
        Integer status = integer(find(items, "status"));
        if (string(find(items, "key")) == null || status == null) {
            throw new JwtException(ErrorCode.INVALID_JSON.number(), ErrorCode.INVALID_JSON.contractName(),
                    "the verified parameters are not a Docs callback: no string \"key\" or integer \"status\"");
        }
        return new Callback(verifiedParamsJson, items, status);
    }

    /**
     * The answer to give Docs after a callback: {@code failure} null → 200 {@code {"error":0}}; a body that
     * is not JSON or not a callback ({@link ErrorCode#INVALID_JSON}) → 400; any other token error → 403;
     * anything else (the integrator's own code, unusable settings) → 500. The body never holds the reason.
     * <pre>{@code
     * Callback.Answer a = Callback.answer(failure);
     * response.setStatus(a.status());
     * response.getWriter().write(a.body());
     * }</pre>
     */
    public static Answer answer(Throwable failure) {
        if (failure == null) {
            return new Answer(200, "{\"error\":0}");
        }
        ErrorCode code = failure instanceof JwtException e ? e.code() : ErrorCode.INTERNAL;
        int status = switch (code) {
            case INVALID_JSON -> 400;
            case INVALID_CONFIG, INTERNAL, UNKNOWN -> 500;
            default -> 403;
        };
        return new Answer(status, "{\"error\":1}");
    }

    /** The status as Docs' meaning, or {@link Status#UNKNOWN}. */
    public Status status() { return Status.of(statusNumber); }

    /** The status number as Docs sent it. */
    public int statusNumber() { return statusNumber; }

    /** The document key. */
    public String key() { return string(member("key")); }

    /** The edited document (statuses 2 and 6). */
    public String url() { return string(member("url")); }

    /** The changes archive. */
    public String changesurl() { return string(member("changesurl")); }

    /** The version history, as JSON text ({@code {"serverVersion":…,"changes":[…]}}). */
    public String history() { return member("history"); }

    /** The ids of the users in the document. */
    public List<String> users() {
        String users = member("users");
        if (users == null || users.charAt(0) != '[') {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (String item : items(users)) {
            ids.add(string(item));
        }
        return ids;
    }

    /** The users' actions ({@code [{"type":1,"userid":"…"}]}), as JSON text. */
    public String actions() { return member("actions"); }

    /** What started a force save: 0 command, 1 the Save button, 2 timer, 3 form submission. */
    public Integer forcesavetype() { return integer(member("forcesavetype")); }

    /** The type of the file at {@code url} ({@code "docx"}). */
    public String filetype() { return string(member("filetype")); }

    /** The {@code userdata} given to the force-save command. */
    public String userdata() { return string(member("userdata")); }

    /** The whole verified parameters, as the core returned them (JSON text). */
    public String json() { return json; }

    /** The JSON text of the top-level member {@code name}, or null when absent. */
    public String member(String name) {
        return find(items, name);
    }

    // The core's JSON text is valid JSON (its own serialisation), so the typed members need no parser:
    // split the outer object or array at its top level, and decode a string or an integer when asked.

    /** The raw texts of an object's keys and values (alternating) or of an array's elements. */
    static List<String> items(String json) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        boolean quoted = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{' || c == '[') {
                if (depth++ == 0) {
                    from = i + 1;
                }
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    add(out, json.substring(from, i));
                }
            } else if (depth == 1 && (c == ',' || c == ':')) {
                add(out, json.substring(from, i));
                from = i + 1;
            }
        }
        return out;
    }

    private static void add(List<String> out, String item) {
        String s = item.strip();
        if (!s.isEmpty()) { // only an empty {} or [] has an empty item
            out.add(s);
        }
    }

    private static String find(List<String> items, String name) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            if (name.equals(string(items.get(i)))) {
                return items.get(i + 1);
            }
        }
        return null;
    }

    /** The JSON text at {@code names} down nested objects, or null. */
    static String path(String json, String... names) {
        for (String name : names) {
            json = json != null && json.startsWith("{") ? find(items(json), name) : null;
        }
        return json;
    }

    /** A JSON string's value, or null for another type. */
    static String string(String raw) {
        if (raw == null || raw.charAt(0) != '"') {
            return null;
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                b.append(c);
            } else if ((c = raw.charAt(++i)) == 'u') {
                b.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                i += 4;
            } else { // \" \\ \/ \b \f \n \r \t
                b.append("\"\\/\b\f\n\r\t".charAt("\"\\/bfnrt".indexOf(c)));
            }
        }
        return b.toString();
    }

    /** A JSON number's value when it is an integer in int's range ({@code 2}, {@code 2.0}), else null. */
    static Integer integer(String raw) {
        try {
            return raw == null ? null : new BigDecimal(raw).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
