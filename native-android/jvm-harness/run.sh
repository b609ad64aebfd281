#!/usr/bin/env bash
# The Android transport end to end in the JVM: the shim's Java code, unchanged, under the harness's
# com.naef.jnlua (a JNI bridge over Debian's liblua5.1) and Corona stand-ins, running the built
# plugin/websockets.lua against real local servers (servers.mjs), under -Xcheck:jni.
#
# Usage: run.sh [scenario.lua ...]   (default: every scenarios/*.lua, in name order)
# The JVM runs with LC_ALL=C.UTF-8: file names are UTF-8, as on Android.
# Prints one line per check and `jvm e2e: N passed, N failed`; fails on any failed check and on
# any warning of the JVM's JNI checker.
#
# Needs: a JDK, gcc (or $CC), pkg-config and liblua5.1-0-dev, node, openssl, and plugin/websockets.lua
# (npm run build). Missing tools: a skip message and exit 0, or exit 1 when CI=true.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
android="$(dirname "$here")"
root="$(dirname "$android")"

skip() {
  echo "jvm e2e: SKIPPED: $1"
  if [ "${CI:-}" = "true" ]; then
    echo "jvm e2e: CI=true, so a missing tool is a failure" >&2
    exit 1
  fi
  exit 0
}

CC="${CC:-gcc}"
command -v javac >/dev/null || skip "javac not found (install a JDK)"
command -v "$CC" >/dev/null || skip "$CC not found (Debian: gcc)"
command -v pkg-config >/dev/null || skip "pkg-config not found (Debian: pkg-config)"
pkg-config --exists lua5.1 || skip "Lua 5.1 development files not found (Debian: liblua5.1-0-dev)"
command -v node >/dev/null || skip "node not found"
command -v openssl >/dev/null || skip "openssl not found (the servers make a test CA with it)"
[ -f "$root/plugin/websockets.lua" ] || skip "plugin/websockets.lua not built (npm run build)"

# The servers start first (making their certificates overlaps the compiling): they print their
# config line, then serve until their stdin closes or they are killed.
coproc SERVERS { exec node "$here/servers.mjs"; }
servers_pid="$SERVERS_PID"
trap 'kill "$servers_pid" 2>/dev/null || true' EXIT

java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
out="$android/build/jvm-harness"
rm -rf "$out"
mkdir -p "$out/classes"

# The bridge, over the system's Lua 5.1.
# shellcheck disable=SC2046
"$CC" -std=c11 -O1 -g -Wall -Wextra -Werror -fPIC -shared \
  -I"$java_home/include" -I"$java_home/include/linux" $(pkg-config --cflags lua5.1) \
  -o "$out/libjnlua_harness.so" "$here/native/jnlua_bridge.c" $(pkg-config --libs lua5.1)

# The shim exactly as shipped (Java 8 level), against the harness's JNLua and Corona classes.
find "$android/plugin/src/main/java" "$here/java" -name '*.java' > "$out/sources.txt"
javac --release 8 -Xlint:all,-options -Werror -encoding UTF-8 -d "$out/classes" @"$out/sources.txt"

if [ "$#" -gt 0 ]; then
  scenarios=("$@")
else
  scenarios=("$here"/scenarios/*.lua)
fi

IFS= read -r config_line <&"${SERVERS[0]}"
config="${config_line#harness.config=}"

set +e
LC_ALL=C.UTF-8 java -Xcheck:jni -Djnlua.library="$out/libjnlua_harness.so" -Dharness.config="$config" \
  -cp "$out/classes" harness.Main "$here/lua" "$root" "${scenarios[@]}" 2>&1 | tee "$out/output.txt"
status="${PIPESTATUS[0]}"
set -e

# The bridge must still reproduce the two JNI misuses that crash an app on a device (an exception
# pending inside a coroutine, NewStringUTF given 4-byte UTF-8); otherwise a clean run proves nothing.
LC_ALL=C.UTF-8 java -Xcheck:jni -Djnlua.library="$out/libjnlua_harness.so" -cp "$out/classes" \
  harness.Main "$here/lua" "$root" "$here/selfcheck/jni-misuse.lua" > "$out/selfcheck.txt" 2>&1 || true
if ! grep -q "JNI call made with exception pending" "$out/selfcheck.txt" \
    || ! grep -q "^JNI error: toString() of a Lua string that is not modified UTF-8" "$out/selfcheck.txt"; then
  cat "$out/selfcheck.txt" >&2
  echo "jvm e2e: FAILED: the bridge no longer reports the JNI misuses of selfcheck/jni-misuse.lua" >&2
  exit 1
fi

# -Xcheck:jni reports misuse of JNI (a call with an exception pending, a missing exception check,
# bad modified UTF-8, ...) as warnings and carries on: here any of them is a failure.
if grep -E "WARNING in native method|JNI (warning|error)|^FATAL ERROR" "$out/output.txt" >/dev/null; then
  echo "jvm e2e: FAILED: the JNI checker reported the warnings above" >&2
  exit 1
fi
exit "$status"
