/*
 * The Lua face of codec_stream.h: the module's `codec` field, the NativeCodec of
 * ts/codec/native.ts (name "libz"), which the plugin's selectCodec picks up.
 */
#ifndef WS_CODEC_LUA_H
#define WS_CODEC_LUA_H

#include <lua.h>

/* Pushes the codec table: name, newInflateStream(windowBits), newDeflateStream(windowBits, level). */
void ws_codec_lua_push(lua_State *L);

#endif
