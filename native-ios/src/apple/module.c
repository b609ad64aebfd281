/*
 * plugin.websockets_native for iOS and macOS: the transport the plugin's Lua layer finds with
 * pcall(require, "plugin.websockets_native") (ts/transport/contract.ts, Transport):
 *   name = "apple", open(options) -> stream, listen(options) -> listener (NWListener, plain TCP),
 *   random(count) (SecRandomCopyBytes), now().
 * There is no wait(): Solar2D's enterFrame drives the polling.
 */
#include <CoronaLua.h>
#include <CoronaMacros.h>
#include <Security/Security.h>

#include "../clock.h"
#include "../listener_lua.h"
#include "../codec_lua.h"
#include "../stream_lua.h"

/* random(count): `count` cryptographically strong bytes for masking keys and handshake nonces. */
static int module_random(lua_State *L) {
  lua_Integer remaining = luaL_checkinteger(L, 1);
  luaL_Buffer buffer;
  luaL_argcheck(L, remaining >= 0, 1, "count must not be negative");
  luaL_buffinit(L, &buffer);
  while (remaining > 0) {
    size_t chunk = remaining < (lua_Integer)LUAL_BUFFERSIZE ? (size_t)remaining : (size_t)LUAL_BUFFERSIZE;
    char *space = luaL_prepbuffer(&buffer);
    /* Never fall back to weaker randomness: a predictable mask defeats RFC 6455 section 10.3. */
    if (SecRandomCopyBytes(kSecRandomDefault, chunk, space) != errSecSuccess) {
      return luaL_error(L, "random: SecRandomCopyBytes failed");
    }
    luaL_addsize(&buffer, chunk);
    remaining -= (lua_Integer)chunk;
  }
  luaL_pushresult(&buffer);
  return 1;
}

/* now(): monotonic seconds, for the plugin's timers. */
static int module_now(lua_State *L) {
  lua_pushnumber(L, (lua_Number)ws_monotonic_seconds());
  return 1;
}

static const luaL_Reg module_functions[] = {
    {"open", ws_stream_lua_open},
    {"listen", ws_listener_lua_listen},
    {"random", module_random},
    {"now", module_now},
    {NULL, NULL},
};

/* Solar2D finds this by name (dlsym of "luaopen_" + the module name with '.' turned into '_'). */
CORONA_EXPORT int luaopen_plugin_websockets_native(lua_State *L) {
  ws_stream_lua_register(L);
  ws_listener_lua_register(L);
  lua_newtable(L);
  luaL_register(L, NULL, module_functions);
  lua_pushliteral(L, "apple");
  lua_setfield(L, -2, "name");
  ws_codec_lua_push(L); /* libz for permessage-deflate (src/codec_lua.c) */
  lua_setfield(L, -2, "codec");
  return 1;
}
