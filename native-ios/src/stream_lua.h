/*
 * The Lua face of a stream: `open(options)` and the methods of the stream it returns (Stream in
 * ts/transport/contract.ts): step, write, read, buffered, close, and __gc, which closes.
 *
 * Threading: every function here runs on the thread that runs Lua, and only when Lua calls it
 * (the plugin polls from enterFrame or WebSockets.poll). The network side never calls into Lua;
 * it only fills the stream's ws_stream_state under its lock. So there is nothing to hop back to
 * the main queue with dispatch_async, and events keep the order in which the plugin polls them.
 */
#ifndef WS_STREAM_LUA_H
#define WS_STREAM_LUA_H

#include <lua.h>

/* The registry name of the streams' metatable. */
#define WS_STREAM_METATABLE "plugin.websockets_native.stream"

/* Creates the streams' metatable; call once when the module loads. */
void ws_stream_lua_register(lua_State *L);

/* open(options) -> stream. Raises only for malformed options; network failures show in step(). */
int ws_stream_lua_open(lua_State *L);

struct ws_link;
struct ws_stream_state;

/* Creates the link of a stream for its new state; returns NULL after ending the state with the
 * reason when it cannot. */
typedef struct ws_link *(*ws_stream_link_start)(void *context, struct ws_stream_state *state);

/* Pushes a stream whose link `start` creates (a listener's accepted connection); the stream is then
 * the same object open() returns. Raises only when out of memory. */
void ws_stream_lua_push_started(lua_State *L, ws_stream_link_start start, void *context);

#endif
