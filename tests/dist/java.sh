#!/usr/bin/env bash
# java.sh DIST VERSION: a scratch Maven project depending on oojwt:oo-jwt:VERSION from the file://
# repository dist/maven, offline (JNA and Maven's plugins from ~/.m2, where the wrapper's build put
# them; the repository's file: URL is the one remote allowed), compiles the README's program and runs
# it; a sign+verify checks that the library JNA loaded is the one extracted from the jar; then, with
# a copy of the jar lacking this platform's library, the error must name the file, where and the fix.
set -euo pipefail
source "$(dirname "$0")/common.sh"
dist=$1 version=$2
cd "$scratch"
# A copy left in ~/.m2 by an earlier run would hide this run's jar: resolved afresh every time.
rm -rf "$HOME/.m2/repository/oojwt/oo-jwt"
mkdir -p app/src/main/java/app && cd app
cat > pom.xml <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>scratch</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <repositories>
    <repository><id>oo-jwt-dist</id><url>file://$dist/maven</url></repository>
  </repositories>
  <dependencies>
    <dependency><groupId>oojwt</groupId><artifactId>oo-jwt</artifactId><version>$version</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
POM
readme_block "$root/bindings/java/README.md" java > src/main/java/app/App.java
[ -s src/main/java/app/App.java ] || fail "no readme-example block in bindings/java/README.md"
cat > src/main/java/app/Check.java <<'JAVA'
package app;

import oojwt.Jwt;
import oojwt.JwtException;

public class Check {
    public static void main(String[] args) {
        String secret = "a-packaged-secret-0123456789abcdef";
        String token = Jwt.sign("{\"key\":\"Khirz6zTPdfd7\",\"status\":2}", secret);
        String claims = Jwt.verify(token, secret);
        if (!claims.equals("{\"key\":\"Khirz6zTPdfd7\",\"status\":2}")) throw new AssertionError(claims);
        try {
            Jwt.verify(token, "another-secret-0123456789abcdefgh");
            throw new AssertionError("a wrong secret was accepted");
        } catch (JwtException e) {
            if (!e.errorName().equals("bad_signature")) throw e;
        }
        System.out.println(Jwt.libraryPath());
    }
}
JAVA
MVN_OFFLINE=(mvn -B -q -o -Daether.offline.protocols=file -Dstyle.color=never)
"${MVN_OFFLINE[@]}" compile dependency:build-classpath -Dmdep.outputFile=cp.txt > mvn.log 2>&1 \
  || { cat mvn.log; fail "the scratch Maven project does not build offline against dist/maven"; }
cmp -s "$HOME/.m2/repository/oojwt/oo-jwt/$version/oo-jwt-$version.jar" "$dist/maven/oojwt/oo-jwt/$version/oo-jwt-$version.jar" \
  || fail "the jar Maven resolved is not dist/maven's"
cp="target/classes:$(cat cp.txt)"
java -cp "$cp" app.App > app.log 2>&1 || { cat app.log; fail "the README program fails"; }
lib=$(java -cp "$cp" app.Check 2>&1) || { echo "$lib"; fail "sign+verify through the jar"; }
# JNA extracts a resource library to a temporary file (jna*.tmp or liboo_jwt...); never a system copy.
case $lib in /tmp/*|"$HOME"/.cache/*) ;; *) fail "the library was not taken from the jar: $lib";; esac
# The same program with this platform's library removed from a copy of the jar: the error must name the
# file, the places searched and the fix, not only JNA's list of attempts.
case $(uname -m) in x86_64) prefix=linux-x86-64;; aarch64) prefix=linux-aarch64;; *) fail "no JNA prefix for $(uname -m)";; esac
jar=$HOME/.m2/repository/oojwt/oo-jwt/$version/oo-jwt-$version.jar
cp "$jar" stripped.jar
zip -q -d stripped.jar "$prefix/liboo_jwt.so" || fail "the jar has no $prefix/liboo_jwt.so"
err=$(java -cp "$(echo "$cp" | sed "s#$jar#$PWD/stripped.jar#")" app.Check 2>&1) && fail "ran without its library: $err"
for want in "liboo_jwt.so" "$prefix/liboo_jwt.so" "jna.library.path" "system library paths" "make dist" "-Djna.library.path="; do
  case $err in *"$want"*) ;; *) echo "$err" | head -5; fail "the missing-library error does not say '$want'";; esac
done
echo "java: without $prefix/liboo_jwt.so in the jar: $(echo "$err" | grep -m1 'oo-jwt: native library')"
echo "java: oojwt:oo-jwt:$version from dist/maven in an offline Maven project, README program and sign+verify: ok ($lib)"
