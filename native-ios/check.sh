#!/usr/bin/env bash
# What can be verified of the iOS/macOS shim without macOS (run by `npm run test:native`):
#   1. every source file compiles (clang -fsyntax-only -fblocks -Wall -Wextra -Werror): the Apple
#      files against the declaration stubs in stubs/ (Apple's SDK is not available here), the
#      portable files against Debian's Lua 5.1 headers;
#   2. the portable parts (byte buffer, shared stream state, options, failure mapping, PEM, clock,
#      the Lua face of a stream; a listener's state, failure mapping and Lua face) are built with Debian's clang + liblua5.1 and their unit tests run,
#      then run again under AddressSanitizer + UndefinedBehaviorSanitizer (memory errors, leaks) and
#      ThreadSanitizer (the network thread and the Lua thread sharing a stream's state).
# Nothing here links against Network.framework or runs on a device: see README.md.
#
# A missing tool (clang, Lua 5.1 headers, openssl) skips with a message, except under CI=true,
# where it fails: CI installs them (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "native-ios/check.sh: $1; CI must have it" >&2
    exit 1
  fi
  echo "native-ios/check.sh: skipping: $1" >&2
  exit 0
}

CC="${CC:-clang}"
command -v "$CC" >/dev/null || skip "$CC not installed (apt-get install clang)"
LUA_INCLUDE="${LUA_INCLUDE:-/usr/include/lua5.1}"
[ -f "$LUA_INCLUDE/lua.h" ] || skip "Lua 5.1 headers not found in $LUA_INCLUDE (apt-get install liblua5.1-0-dev)"
command -v openssl >/dev/null || skip "openssl not installed (the PEM tests need certificates)"

WARNINGS=(-Wall -Wextra -Werror)
PORTABLE_SOURCES=(src/byte_buffer.c src/clock.c src/failure.c src/open_options.c src/pem.c
  src/stream_lua.c src/stream_state.c src/listen_failure.c src/listener_state.c src/listener_lua.c)
# The permessage-deflate codec over libz (zlib.h: Debian zlib1g-dev).
CODEC_SOURCES=(src/codec_stream.c src/codec_lua.c)
APPLE_SOURCES=(src/apple/link_network.c src/apple/listener_network.c src/apple/module.c src/apple/trust.c)

echo "syntax: portable sources (C11, -pedantic)"
[ -f /usr/include/zlib.h ] || skip "zlib headers not found (apt-get install zlib1g-dev)"
for source in "${PORTABLE_SOURCES[@]}" "${CODEC_SOURCES[@]}"; do
  "$CC" -fsyntax-only -std=c11 -pedantic "${WARNINGS[@]}" -I"$LUA_INCLUDE" "$source"
done

echo "syntax: Apple sources against stubs/ (C11 + blocks)"
for source in "${APPLE_SOURCES[@]}"; do
  "$CC" -fsyntax-only -std=c11 -fblocks "${WARNINGS[@]}" -Istubs -I"$LUA_INCLUDE" "$source"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "unit tests: portable parts"
# A throwaway self-signed certificate: its PEM must decode to exactly the DER openssl writes, and a
# bundle with a private key between two copies must yield the two certificates only.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl x509 -in "$work/cert.pem" -outform der -out "$work/cert.der"
cat "$work/cert.pem" "$work/key.pem" "$work/cert.pem" >"$work/bundle.pem"

"$CC" -std=c11 "${WARNINGS[@]}" -g -I"$LUA_INCLUDE" -o "$work/run_tests" \
  "${PORTABLE_SOURCES[@]}" test/scripted_link.c test/scripted_listener_link.c test/run_tests.c -llua5.1 -lpthread
"$work/run_tests" "$work/cert.pem" "$work/cert.der" "$work/bundle.pem" test/stream_contract.lua test/listener_contract.lua

# The sanitizers need clang's runtime libraries (Debian: libclang-rt-<version>-dev for the installed
# clang). Without them a developer's machine skips with a note; under CI=true that is a failure.
for sanitizer in address,undefined thread; do
  if "$CC" -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize="$sanitizer" -fno-sanitize-recover=all \
    -I"$LUA_INCLUDE" -o "$work/run_tests_$sanitizer" "${PORTABLE_SOURCES[@]}" test/scripted_link.c \
    test/scripted_listener_link.c test/run_tests.c -llua5.1 -lpthread 2>"$work/sanitizer.log"; then
    echo "unit tests under -fsanitize=$sanitizer"
    "$work/run_tests_$sanitizer" "$work/cert.pem" "$work/cert.der" "$work/bundle.pem" test/stream_contract.lua test/listener_contract.lua
  else
    cat "$work/sanitizer.log" >&2
    skip "-fsanitize=$sanitizer does not link (clang's runtime libraries: apt-get install libclang-rt-$("$CC" -dumpversion | cut -d. -f1)-dev)"
  fi
done

echo "codec tests: libz on vectors zlib made now (test/codec/native-vectors.mjs)"
command -v node >/dev/null || skip "node not installed (it makes the codec vectors with zlib)"
node ../test/codec/native-vectors.mjs "$work/codec-vectors.txt"
"$CC" -std=c11 -pedantic "${WARNINGS[@]}" -g -I"$LUA_INCLUDE" -o "$work/codec_test" "${CODEC_SOURCES[@]}" \
  test/codec_test.c -llua5.1 -lz
"$work/codec_test" "$work/codec-vectors.txt"
if "$CC" -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
  -I"$LUA_INCLUDE" -o "$work/codec_test_asan" "${CODEC_SOURCES[@]}" test/codec_test.c -llua5.1 -lz \
  2>"$work/sanitizer.log"; then
  echo "codec tests under -fsanitize=address,undefined"
  "$work/codec_test_asan" "$work/codec-vectors.txt"
else
  cat "$work/sanitizer.log" >&2
  skip "-fsanitize=address,undefined does not link the codec test (clang's runtime libraries: apt-get install libclang-rt-$("$CC" -dumpversion | cut -d. -f1)-dev)"
fi
