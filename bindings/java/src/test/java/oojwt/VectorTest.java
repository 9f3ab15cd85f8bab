package oojwt;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every case of every tests/vectors/*.json file, one test per case id. */
class VectorTest {
    @TestFactory
    Stream<DynamicNode> vectors() {
        List<Path> files = Vectors.files();
        assertFalse(files.isEmpty(), "no vector files in " + Vectors.dir());
        return files.stream().map(f -> DynamicContainer.dynamicContainer(Vectors.stem(f),
                Vectors.cases(f).stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> Vectors.check(c)))));
    }

    @Test
    void idsAreUniqueAcrossFiles() {
        Map<String, String> seen = new HashMap<>();
        List<Vectors.Case> all = Vectors.allCases();
        assertTrue(all.size() > 0, "no vector cases");
        for (Vectors.Case c : all) {
            String before = seen.put(c.id(), c.file());
            assertTrue(before == null, "id " + c.id() + " is in " + before + " and " + c.file());
        }
    }

    @Test
    void theRunnerSeesAWrongExpectation() {
        Vectors.Case sign = Vectors.allCases().stream()
                .filter(c -> c.op().equals("sign") && c.expect().has("token")).findFirst().orElseThrow();
        Vectors.check(sign);
        String token = sign.expect().get("token").asText();
        Vectors.Case wrongToken = new Vectors.Case(sign.file(), sign.id(), sign.op(), sign.input(),
                Vectors.JSON.createObjectNode().put("token", token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")));
        AssertionErrorCheck.assertThrowsAssertion(() -> Vectors.check(wrongToken), sign.id());
        Vectors.Case wrongError = new Vectors.Case(sign.file(), sign.id(), sign.op(), sign.input(),
                Vectors.JSON.createObjectNode().put("error", "bad_signature"));
        AssertionErrorCheck.assertThrowsAssertion(() -> Vectors.check(wrongError), sign.id());

        Vectors.Case failing = Vectors.allCases().stream()
                .filter(c -> c.op().equals("verify") && c.expect().has("error")).findFirst().orElseThrow();
        Vectors.check(failing);
        String other = failing.expect().get("error").asText().equals("expired") ? "malformed" : "expired";
        Vectors.Case wrongName = new Vectors.Case(failing.file(), failing.id(), failing.op(), failing.input(),
                Vectors.JSON.createObjectNode().put("error", other));
        AssertionErrorCheck.assertThrowsAssertion(() -> Vectors.check(wrongName), failing.id());
    }

    @Test
    void anUnknownOpIsAFailure() {
        Vectors.Case c = new Vectors.Case("x", "unknown-op", "frobnicate", Vectors.JSON.createObjectNode(),
                Vectors.JSON.createObjectNode().put("error", "malformed"));
        AssertionErrorCheck.assertThrowsAssertion(() -> Vectors.check(c), "unknown-op");
    }
}
