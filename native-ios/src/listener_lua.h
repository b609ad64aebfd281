/*
 * The Lua face of a listener: `listen(options)` and the methods of the listener it returns
 * (Listener in ts/transport/contract.ts): step, accept, port, close, and __gc, which closes.
 * Accepted connections are pushed as the same stream objects open() returns (stream_lua.c).
 *
 * Threading as for streams: everything here runs on the Lua thread when Lua calls it; the network
 * side only fills the listener's ws_listener_state under its lock.
 */
#ifndef WS_LISTENER_LUA_H
#define WS_LISTENER_LUA_H

#include <lua.h>

#define WS_LISTENER_METATABLE "plugin.websockets_native.listener"

/* Creates the listeners' metatable; call once when the module loads (after the streams'). */
void ws_listener_lua_register(lua_State *L);

/* listen(options) -> listener. Raises only for malformed options; failures show in step(). */
int ws_listener_lua_listen(lua_State *L);

#endif
