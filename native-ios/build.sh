#!/usr/bin/env bash
# Builds the iOS/macOS transport shim on macOS with Xcode's command line tools:
#   build/iphone/libplugin_websockets_native.a          iOS devices (arm64), iOS 13+
#   build/iphone-sim/libplugin_websockets_native.a      iOS Simulator (arm64 + x86_64)
#   build/mac-sim/plugin_websockets_native.dylib        Solar2D Simulator on macOS (arm64 + x86_64), 10.15+
# `npm run package` puts them into the iphone, iphone-sim and mac-sim archives when they exist.
#
# Needs Solar2D Native's headers (CoronaLua.h, CoronaMacros.h, lua.h): set SOLAR2D_NATIVE to the
# "Native" folder of a Solar2D install (default: the link Solar2D's setup creates).
#
# This script only runs on macOS. It has not been run by the project's automated checks, which run
# on Linux; there, check.sh syntax-checks the same sources against stubs and unit-tests the
# portable parts.
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(uname -s)" != "Darwin" ]; then
  echo "native-ios/build.sh needs macOS with Xcode (xcrun); on other systems run native-ios/check.sh" >&2
  exit 1
fi

SOLAR2D_NATIVE="${SOLAR2D_NATIVE:-$HOME/Library/Application Support/Corona/Native}"
CORONA_INCLUDE="$SOLAR2D_NATIVE/Corona/shared/include/Corona"
LUA_INCLUDE="$SOLAR2D_NATIVE/Corona/shared/include/lua"
for header in "$CORONA_INCLUDE/CoronaLua.h" "$LUA_INCLUDE/lua.h"; do
  [ -f "$header" ] || { echo "missing $header: set SOLAR2D_NATIVE to Solar2D's Native folder" >&2; exit 1; }
done

# Network.framework's TLS minimum (sec_protocol_options_set_min_tls_protocol_version) needs
# iOS 13 / macOS 10.15.
IOS_MIN=13.0
MACOS_MIN=10.15
LIBRARY=plugin_websockets_native
SOURCES=(src/byte_buffer.c src/clock.c src/failure.c src/open_options.c src/pem.c src/stream_lua.c
  src/stream_state.c src/listen_failure.c src/listener_state.c src/listener_lua.c src/codec_stream.c src/codec_lua.c
  src/apple/link_network.c src/apple/listener_network.c src/apple/module.c src/apple/trust.c)
CFLAGS=(-std=c11 -fblocks -O2 -Wall -Wextra -fvisibility=hidden -I"$CORONA_INCLUDE" -I"$LUA_INCLUDE")

rm -rf build
mkdir -p build/objects build/iphone build/iphone-sim build/mac-sim

# compile SDK TARGET: one static library for one architecture, in build/objects/TARGET.a
compile() {
  local sdk="$1" target="$2" objects=()
  mkdir -p "build/objects/$target"
  for source in "${SOURCES[@]}"; do
    local object="build/objects/$target/$(basename "${source%.c}").o"
    xcrun --sdk "$sdk" clang "${CFLAGS[@]}" -target "$target" -c "$source" -o "$object"
    objects+=("$object")
  done
  xcrun --sdk "$sdk" libtool -static -o "build/objects/$target.a" "${objects[@]}"
}

compile iphoneos "arm64-apple-ios$IOS_MIN"
cp "build/objects/arm64-apple-ios$IOS_MIN.a" "build/iphone/lib$LIBRARY.a"

compile iphonesimulator "arm64-apple-ios$IOS_MIN-simulator"
compile iphonesimulator "x86_64-apple-ios$IOS_MIN-simulator"
xcrun lipo -create -output "build/iphone-sim/lib$LIBRARY.a" \
  "build/objects/arm64-apple-ios$IOS_MIN-simulator.a" "build/objects/x86_64-apple-ios$IOS_MIN-simulator.a"

# The Simulator loads the dylib and supplies Lua itself, so Lua's symbols are looked up at load time.
for arch in arm64 x86_64; do
  xcrun --sdk macosx clang "${CFLAGS[@]}" -target "$arch-apple-macos$MACOS_MIN" -dynamiclib \
    -install_name "@rpath/$LIBRARY.dylib" -undefined dynamic_lookup \
    -framework Network -framework Security -framework CoreFoundation -lz \
    "${SOURCES[@]}" -o "build/objects/$LIBRARY-$arch.dylib"
done
xcrun lipo -create -output "build/mac-sim/$LIBRARY.dylib" \
  "build/objects/$LIBRARY-arm64.dylib" "build/objects/$LIBRARY-x86_64.dylib"

rm -rf build/objects
echo "built:"
ls -l build/iphone build/iphone-sim build/mac-sim
