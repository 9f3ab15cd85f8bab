#!/usr/bin/env bash
# java.sh ROOT VERSION: the jar with every platform's library under JNA's resource prefixes
# (linux-x86-64, linux-aarch64, win32-x86-64; JNA extracts the one for the running JVM), installed as
# oojwt:oo-jwt:VERSION into the Maven repository dist/maven/ (a file:// repository: jar, pom, their
# SHA-1 and MD5 sums, maven-metadata.xml). The jar is built from a staged copy of bindings/java
# (main sources only, tests neither compiled nor run: the wrapper's own `make test-java` does that).
set -euo pipefail
root=$1 version=$2
stage=$root/target/dist/java native=$root/dist/native
repo=$root/dist/maven art=$root/dist/maven/oojwt/oo-jwt
rm -rf "$stage" "$repo" && mkdir -p "$stage" "$art/$version"
cp -r "$root/bindings/java/pom.xml" "$root/bindings/java/scripts" "$stage/"
mkdir -p "$stage/src" && cp -r "$root/bindings/java/src/main" "$stage/src/"
res=$stage/src/main/resources
mkdir -p "$res/linux-aarch64" "$res/win32-x86-64"
cp "$native/linux-aarch64/liboo_jwt.so" "$res/linux-aarch64/"
cp "$native/windows-x86_64/oo_jwt.dll" "$res/win32-x86-64/"
# The pom's own step bundles oojwt.lib as linux-x86-64/liboo_jwt.so.
"$stage/scripts/mvn-cached" -f "$stage/pom.xml" -Dmaven.test.skip=true -Doojwt.lib="$native/linux-x86_64/liboo_jwt.so" package
jar=$stage/target/oo-jwt.jar
for f in linux-x86-64/liboo_jwt.so linux-aarch64/liboo_jwt.so win32-x86-64/oo_jwt.dll oojwt/Jwt.class; do
  unzip -l "$jar" | grep -c " $f$" > /dev/null || { echo "$jar: no $f inside"; exit 1; }
done
# The library in the jar must be the platform's own file, byte for byte.
for p in "linux-x86-64/liboo_jwt.so linux-x86_64/liboo_jwt.so" "linux-aarch64/liboo_jwt.so linux-aarch64/liboo_jwt.so" \
         "win32-x86-64/oo_jwt.dll windows-x86_64/oo_jwt.dll"; do
  set -- $p; cmp -s <(unzip -p "$jar" "$1") "$native/$2" || { echo "$jar: $1 is not dist/native/$2"; exit 1; }
done
jna=$(sed -n 's|.*<jna.version>\(.*\)</jna.version>.*|\1|p' "$root/bindings/java/pom.xml")
cp "$jar" "$art/$version/oo-jwt-$version.jar"
# The published pom: coordinates and the one runtime dependency (the build's pom has test tools).
cat > "$art/$version/oo-jwt-$version.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>oojwt</groupId>
  <artifactId>oo-jwt</artifactId>
  <version>$version</version>
  <packaging>jar</packaging>
  <name>oo-jwt (Java)</name>
  <description>JWT for ONLYOFFICE Docs integrators: a JNA wrapper over the oo-jwt Rust core, with its native libraries (linux-x86-64, linux-aarch64, win32-x86-64).</description>
  <licenses><license><name>MIT</name></license></licenses>
  <dependencies>
    <dependency>
      <groupId>net.java.dev.jna</groupId>
      <artifactId>jna</artifactId>
      <version>$jna</version>
    </dependency>
  </dependencies>
</project>
POM
cat > "$art/maven-metadata.xml" <<META
<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>oojwt</groupId>
  <artifactId>oo-jwt</artifactId>
  <versioning>
    <latest>$version</latest>
    <release>$version</release>
    <versions><version>$version</version></versions>
    <lastUpdated>$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct)}" +%Y%m%d%H%M%S)</lastUpdated>
  </versioning>
</metadata>
META
for f in "$art/$version"/oo-jwt-* "$art/maven-metadata.xml"; do
  sha1sum "$f" | cut -d' ' -f1 > "$f.sha1"; md5sum "$f" | cut -d' ' -f1 > "$f.md5"
done
echo "dist/maven: oojwt:oo-jwt:$version ($(unzip -l "$jar" | grep -cE '\.(so|dll)$') platform libraries in the jar)"
