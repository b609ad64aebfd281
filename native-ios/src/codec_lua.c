#include "codec_lua.h"

#include <lauxlib.h>
#include <stdlib.h>

#include "codec_stream.h"

#define CODEC_METATABLE "plugin.websockets_native.CodecStream"

typedef struct {
  ws_codec_stream *stream;
} codec_handle;

static ws_codec_stream *check_stream(lua_State *L) {
  codec_handle *handle = luaL_checkudata(L, 1, CODEC_METATABLE);
  if (handle->stream == NULL) luaL_error(L, "codec stream is closed");
  return handle->stream;
}

static int push_stream(lua_State *L, ws_codec_stream *stream) {
  if (stream == NULL) return luaL_error(L, "cannot start a zlib stream (bad arguments or out of memory)");
  codec_handle *handle = lua_newuserdata(L, sizeof *handle);
  handle->stream = stream;
  luaL_getmetatable(L, CODEC_METATABLE);
  lua_setmetatable(L, -2);
  return 1;
}

static int codec_new_inflate(lua_State *L) {
  return push_stream(L, ws_inflate_new((int)luaL_checkinteger(L, 1)));
}

static int codec_new_deflate(lua_State *L) {
  return push_stream(L, ws_deflate_new((int)luaL_checkinteger(L, 1), (int)luaL_checkinteger(L, 2)));
}

/* s:push(bytes) */
static int stream_push(lua_State *L) {
  ws_codec_stream *stream = check_stream(L);
  size_t length;
  const char *data = luaL_checklstring(L, 2, &length);
  if (ws_inflate_push(stream, (const unsigned char *)data, length) != 0) return luaL_error(L, "out of memory");
  return 0;
}

/* s:pull(max) -> bytes, "full" | "drained" | "ended" | nil, message */
static int stream_pull(lua_State *L) {
  ws_codec_stream *stream = check_stream(L);
  lua_Integer max = luaL_checkinteger(L, 2);
  luaL_argcheck(L, max > 0, 2, "max must be positive");
  unsigned char *out = malloc((size_t)max);
  if (out == NULL) return luaL_error(L, "out of memory");
  size_t produced;
  ws_pull_state state = ws_inflate_pull(stream, out, (size_t)max, &produced);
  if (state == WS_PULL_ERROR) {
    free(out);
    lua_pushnil(L);
    lua_pushstring(L, ws_codec_error(stream));
    return 2;
  }
  lua_pushlstring(L, (const char *)out, produced);
  free(out);
  lua_pushstring(L, state == WS_PULL_FULL ? "full" : state == WS_PULL_ENDED ? "ended" : "drained");
  return 2;
}

static void emit_to_buffer(void *context, const unsigned char *bytes, size_t count) {
  luaL_addlstring((luaL_Buffer *)context, (const char *)bytes, count);
}

/* s:deflate(bytes, flush) -> bytes | nil, message */
static int stream_deflate(lua_State *L) {
  ws_codec_stream *stream = check_stream(L);
  size_t length;
  const char *data = luaL_checklstring(L, 2, &length);
  int flush = lua_toboolean(L, 3);
  luaL_Buffer buffer;
  luaL_buffinit(L, &buffer);
  if (ws_deflate_run(stream, (const unsigned char *)data, length, flush, emit_to_buffer, &buffer) != 0) {
    luaL_pushresult(&buffer);
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_pushstring(L, ws_codec_error(stream));
    return 2;
  }
  luaL_pushresult(&buffer);
  return 1;
}

static int stream_reset(lua_State *L) {
  ws_codec_reset(check_stream(L));
  return 0;
}

static int stream_close(lua_State *L) {
  codec_handle *handle = luaL_checkudata(L, 1, CODEC_METATABLE);
  ws_codec_free(handle->stream);
  handle->stream = NULL;
  return 0;
}

static const luaL_Reg stream_methods[] = {
    {"push", stream_push},   {"pull", stream_pull},   {"deflate", stream_deflate},
    {"reset", stream_reset}, {"close", stream_close}, {NULL, NULL},
};

void ws_codec_lua_push(lua_State *L) {
  if (luaL_newmetatable(L, CODEC_METATABLE)) {
    lua_newtable(L);
    luaL_register(L, NULL, stream_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, stream_close);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  lua_newtable(L);
  lua_pushliteral(L, "libz");
  lua_setfield(L, -2, "name");
  lua_pushcfunction(L, codec_new_inflate);
  lua_setfield(L, -2, "newInflateStream");
  lua_pushcfunction(L, codec_new_deflate);
  lua_setfield(L, -2, "newDeflateStream");
}
