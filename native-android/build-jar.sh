#!/usr/bin/env bash
# Builds the Android shim's jar without the Android SDK: javac compiles plugin/src/main/java against
# the signature-only stubs in test-stubs/ (kept off the jar; Solar2D's runtime supplies the real
# JNLua and Corona classes), at Java 8 level, which every Android toolchain dexes.
#
# Output:
#   build/plugin.websockets_native.jar     the shim's classes only
#   build/android/                         jar + metadata.lua: the `android` platform folder's native
#                                          part (the packaging step adds the plugin's Lua file to it)
# Prints the jar's path on its last line. Exits non-zero if javac or jar is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/build"
jar_name="plugin.websockets_native.jar"

for tool in javac jar; do
  command -v "$tool" >/dev/null || { echo "build-jar.sh: '$tool' not found (install a JDK)" >&2; exit 1; }
done

work="$out/jar"
rm -rf "$work" "$out/android" "$out/$jar_name"
mkdir -p "$work/stubs" "$work/classes" "$out/android"

find "$here/test-stubs" -name '*.java' > "$work/stub-sources.txt"
javac --release 8 -encoding UTF-8 -d "$work/stubs" @"$work/stub-sources.txt"

find "$here/plugin/src/main/java" -name '*.java' > "$work/sources.txt"
javac --release 8 -Xlint:all -Werror -encoding UTF-8 -cp "$work/stubs" -d "$work/classes" \
  @"$work/sources.txt"

# Only the shim's own package may be in the jar: a stub there would shadow the runtime's class.
if find "$work/classes" -name '*.class' | grep -v "/plugin/websockets_native/" | grep -q .; then
  echo "build-jar.sh: classes outside plugin/websockets_native/ were compiled into the jar" >&2
  exit 1
fi

jar --create --file "$out/$jar_name" -C "$work/classes" .
cp "$out/$jar_name" "$out/android/$jar_name"
cp "$here/metadata.lua" "$out/android/metadata.lua"
echo "$out/$jar_name"
