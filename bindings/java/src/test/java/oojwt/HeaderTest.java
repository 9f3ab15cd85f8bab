package oojwt;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything the wrapper restates from {@code include/oo_jwt.h} is checked here against the header itself
 * (parsed, not copied): every {@code OO_*} constant and enum member, every function's name, arity and
 * argument types, the {@code OoOptions} layout, and the status names the library gives.
 */
class HeaderTest {
    /** The header's text without its comments. */
    static String header() throws IOException {
        String path = System.getProperty("oojwt.include");
        if (path == null || path.isEmpty() || path.startsWith("${")) {
            path = "../../include/oo_jwt.h";
        }
        return Files.readString(Paths.get(path)).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    /** {@code #define OO_X N} and enum members {@code OO_X = N}, by name. */
    static Map<String, Long> headerConstants(String h) {
        Map<String, Long> out = new TreeMap<>();
        Matcher d = Pattern.compile("(?m)^\\s*#define\\s+(OO_\\w+)\\s+\\(?(?:\\(\\w+\\))?\\s*(-?(?:0x[0-9a-fA-F]+|\\d+))[uUlL]*\\)?\\s*$")
                .matcher(h);
        while (d.find()) {
            out.put(d.group(1), Long.decode(d.group(2)));
        }
        Matcher e = Pattern.compile("(?m)^\\s*(OO_\\w+)\\s*=\\s*(-?(?:0x[0-9a-fA-F]+|\\d+))[uUlL]*\\s*,?\\s*$").matcher(h);
        while (e.find()) {
            out.put(e.group(1), Long.decode(e.group(2)));
        }
        return out;
    }

    /** The same names, from the Java side. */
    static Map<String, Long> javaConstants() throws IllegalAccessException {
        Map<String, Long> out = new TreeMap<>();
        for (ErrorCode c : ErrorCode.values()) {
            if (c != ErrorCode.UNKNOWN) {
                out.put("OO_" + c.name(), (long) c.number());
            }
        }
        for (Algorithm a : Algorithm.values()) {
            out.put("OO_" + a.name(), (long) a.bit());
        }
        for (Placement p : Placement.values()) {
            out.put("OO_PLACEMENT_" + p.name(), (long) p.value());
        }
        for (Direction d : Direction.values()) {
            out.put("OO_DIRECTION_" + d.name(), (long) d.value());
        }
        for (Field f : OoJwtNative.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                f.setAccessible(true);
                out.put("OO_" + f.getName(), (long) f.getInt(null));
            }
        }
        return out;
    }

    @Test
    void everyConstantIsTheHeaders() throws Exception {
        Map<String, Long> header = headerConstants(header());
        assertTrue(header.containsKey("OO_BAD_SIGNATURE") && header.containsKey("OO_HS512")
                && header.containsKey("OO_OPT_NOW") && header.containsKey("OO_ABI_MAJOR"), "parsed: " + header);
        assertEquals(header, javaConstants());
    }

    @Test
    void statusNamesAreTheLibrarys() {
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c.contractName(), Jwt.statusName(c.number()), "oo_status_name(" + c.number() + ")");
            assertEquals(c, ErrorCode.of(c.number()));
        }
        assertEquals("unknown", Jwt.statusName(77));
        assertEquals(ErrorCode.UNKNOWN, ErrorCode.of(77));
        assertEquals((OoJwtNative.ABI_MAJOR << 16) | OoJwtNative.ABI_MINOR, Jwt.abiVersion());
    }

    /** A C parameter or return type, as the Java type the direct mapping must use for it. */
    static Class<?> javaType(String c) {
        String t = c.replace("struct ", "").replaceAll("\\s+", " ").replace(" *", "*").trim();
        return switch (t) {
            case "const uint8_t*", "uint8_t*" -> byte[].class;
            case "size_t", "uintptr_t", "int64_t", "uint64_t" -> long.class;
            case "int32_t", "uint32_t", "OoStatus", "OoAlg" -> int.class;
            case "const OoOptions*", "const char*" -> Pointer.class;
            case "char**" -> long[].class;
            case "char*" -> long.class;
            case "void" -> void.class;
            default -> throw new AssertionError("a C type this test does not map: " + c);
        };
    }

    @Test
    void everyFunctionIsDeclaredWithTheHeadersArguments() throws IOException {
        String h = header();
        Matcher m = Pattern.compile("(?m)^([A-Za-z_][\\w \\*]*?)\\b(oo_\\w+)\\s*\\(([^)]*)\\)\\s*;").matcher(h);
        Map<String, Method> declared = new TreeMap<>();
        for (Method j : OoJwtNative.class.getDeclaredMethods()) {
            if (Modifier.isNative(j.getModifiers())) {
                declared.put(j.getName(), j);
            }
        }
        List<String> inHeader = new ArrayList<>();
        while (m.find()) {
            String name = m.group(2);
            inHeader.add(name);
            Method j = declared.get(name);
            assertNotNull(j, name + " is in the header but not in OoJwtNative");
            List<Class<?>> want = new ArrayList<>();
            String params = m.group(3).trim();
            if (!params.equals("void")) {
                for (String p : params.split(",")) {
                    // The type is all but the parameter's name.
                    want.add(javaType(p.trim().replaceAll("\\w+$", "")));
                }
            }
            assertEquals(want, Arrays.asList(j.getParameterTypes()), name + "'s parameters");
            assertEquals(javaType(m.group(1)), j.getReturnType(), name + "'s return type");
        }
        assertTrue(inHeader.size() >= 16, "parsed only " + inHeader);
        assertEquals(new TreeMap<>(declared).keySet(), new java.util.TreeSet<>(inHeader),
                "OoJwtNative declares exactly the header's functions");
    }

    @Test
    void optionsLayoutIsTheHeaders() throws IOException {
        Matcher s = Pattern.compile("(?s)typedef struct OoOptions \\{(.*?)\\} OoOptions;").matcher(header());
        assertTrue(s.find(), "no OoOptions in the header");
        Matcher f = Pattern.compile("(\\w+)\\s+(\\w+)\\s*;").matcher(s.group(1));
        List<String> names = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        long size = 0;
        while (f.find()) {
            names.add(f.group(2));
            Class<?> t = javaType(f.group(1));
            types.add(t);
            int width = t == int.class ? 4 : 8;
            size = (size + width - 1) / width * width + width;
        }
        OoJwtNative.OoOptions o = new OoJwtNative.OoOptions();
        List<String> order = Arrays.asList(OoJwtNative.OoOptions.class.getAnnotation(Structure.FieldOrder.class).value());
        List<Class<?>> javaTypes = new ArrayList<>();
        for (String n : order) {
            try {
                javaTypes.add(OoJwtNative.OoOptions.class.getField(n).getType());
            } catch (NoSuchFieldException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(names, order);
        assertEquals(types, javaTypes);
        assertEquals(size, o.size());
        assertEquals(56, o.size(), "ABI 1.0's OoOptions has no pointer and no padding");
    }
}
