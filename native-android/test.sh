#!/usr/bin/env bash
# 1. Compiles the Android transport shim with javac against signature-only stubs of JNLua/Corona
#    (test-stubs/), then runs its JUnit 4 tests against real TCP and TLS servers on 127.0.0.1.
# 2. Runs the shim end to end in the JVM (jvm-harness/run.sh): real JNI, real Lua 5.1, the built
#    plugin, real local servers, under -Xcheck:jni.
# What this cannot show (a device, Solar2D's own JNLua build, Conscrypt) is listed in README.md.
#
# Needs: a JDK (javac, java), JUnit 4 + Hamcrest jars (Debian: junit4), openssl.
# Missing tools: a skip message and exit 0, or exit 1 when CI=true.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

skip() {
  echo "native-android: SKIPPED: $1"
  if [ "${CI:-}" = "true" ]; then
    echo "native-android: CI=true, so a missing tool is a failure" >&2
    exit 1
  fi
  exit 0
}

first_existing() {
  for candidate in "$@"; do
    if [ -f "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

command -v javac >/dev/null || skip "javac not found (install a JDK, e.g. Debian default-jdk-headless)"
command -v java >/dev/null || skip "java not found"
command -v openssl >/dev/null || skip "openssl not found (the TLS tests make their certificates with it)"
junit="$(first_existing /usr/share/java/junit4.jar /usr/share/java/junit.jar)" \
  || skip "JUnit 4 jar not found in /usr/share/java (Debian package junit4)"
hamcrest="$(first_existing /usr/share/java/hamcrest-core.jar /usr/share/java/hamcrest.jar \
  /usr/share/java/hamcrest-all.jar)" || skip "Hamcrest jar not found in /usr/share/java"

out="$here/build/test"
rm -rf "$out"
mkdir -p "$out/classes" "$out/test-classes"

# The shim as shipped (Java 8 language level, which every Android toolchain dexes), plus stubs.
find "$here/plugin/src/main/java" "$here/test-stubs" -name '*.java' > "$out/main-sources.txt"
javac --release 8 -Xlint:all -Werror -encoding UTF-8 -d "$out/classes" @"$out/main-sources.txt"

find "$here/plugin/src/test/java" -name '*.java' > "$out/test-sources.txt"
javac -encoding UTF-8 -d "$out/test-classes" -cp "$out/classes:$junit:$hamcrest" \
  @"$out/test-sources.txt"

test_classes=()
while IFS= read -r file; do
  name="${file#"$here/plugin/src/test/java/"}"
  name="${name%.java}"
  test_classes+=("${name//\//.}")
done < <(find "$here/plugin/src/test/java" -name '*Test.java' | sort)

# The codec vectors: zlib's output made now by Node (test/codec/native-vectors.mjs).
command -v node >/dev/null || skip "node not found (it makes the codec vectors with zlib)"
node "$here/../test/codec/native-vectors.mjs" "$out/codec-vectors.txt"

java -Dcodec.vectors="$out/codec-vectors.txt" -cp "$out/classes:$out/test-classes:$junit:$hamcrest" \
  plugin.websockets_native.transport.RunAllTests "${test_classes[@]}"

bash "$here/jvm-harness/run.sh"
