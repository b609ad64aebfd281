#include "listener_lua.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "listener_link.h"
#include "listener_state.h"
#include "stream_lua.h"

/* The userdata behind one Lua listener object. */
typedef struct ws_listener_handle {
  ws_listener_state *state;  /* shared with the link; NULL only if creating it failed */
  ws_listener_link *link;    /* NULL once closed, or if it could not start */
  int closed;
} ws_listener_handle;

static ws_listener_handle *check_listener(lua_State *L) {
  return (ws_listener_handle *)luaL_checkudata(L, 1, WS_LISTENER_METATABLE);
}

static int listener_step(lua_State *L) {
  ws_listener_handle *listener = check_listener(L);
  ws_listen_failure category = WS_LISTEN_OTHER;
  char message[WS_MESSAGE_MAX];
  switch (ws_listener_state_step(listener->state, &category, message)) {
    case WS_LISTEN_LISTENING:
      lua_pushliteral(L, "listening");
      return 1;
    case WS_LISTEN_FAILED:
      lua_pushliteral(L, "failed");
      lua_pushstring(L, ws_listen_failure_name(category));
      lua_pushstring(L, message);
      return 3;
    case WS_LISTEN_STARTING:
    default:
      lua_pushliteral(L, "starting");
      return 1;
  }
}

typedef struct accept_context {
  void *pending;
  char peer_host[WS_HOST_MAX];
  unsigned peer_port;
} accept_context;

static ws_link *start_accepted(void *context, ws_stream_state *state) {
  accept_context *accepting = (accept_context *)context;
  void *pending = accepting->pending;
  accepting->pending = NULL; /* consumed, whatever happens */
  return ws_listener_link_accept(pending, state, accepting->peer_host, &accepting->peer_port);
}

static int listener_accept(lua_State *L) {
  ws_listener_handle *listener = check_listener(L);
  accept_context accepting;
  accepting.pending = listener->closed ? NULL : ws_listener_state_take(listener->state);
  if (accepting.pending == NULL) {
    lua_pushnil(L);
    return 1;
  }
  accepting.peer_host[0] = '\0';
  accepting.peer_port = 0;
  /* Should Lua run out of memory for the stream's userdata, that raises before start_accepted has
   * run and this one connection stays unreleased until the process ends: accepted, never served. */
  ws_stream_lua_push_started(L, start_accepted, &accepting);
  lua_pushstring(L, accepting.peer_host);
  lua_pushnumber(L, (lua_Number)accepting.peer_port);
  return 3;
}

static int listener_port(lua_State *L) {
  ws_listener_handle *listener = check_listener(L);
  lua_pushnumber(L, (lua_Number)ws_listener_state_port(listener->state));
  return 1;
}

static void close_listener(ws_listener_handle *listener) {
  if (listener->closed) return;
  listener->closed = 1;
  /* Failing the state discards every connection still waiting: their clients see the close. */
  if (listener->state != NULL) ws_listener_state_fail(listener->state, WS_LISTEN_OTHER, "the listener was closed");
  if (listener->link != NULL) {
    ws_listener_link_close(listener->link);
    listener->link = NULL;
  }
}

static int listener_close(lua_State *L) {
  close_listener(check_listener(L));
  return 0;
}

static int listener_gc(lua_State *L) {
  ws_listener_handle *listener = (ws_listener_handle *)lua_touserdata(L, 1);
  close_listener(listener);
  if (listener->state != NULL) {
    ws_listener_state_release(listener->state);
    listener->state = NULL;
  }
  return 0;
}

static int listener_tostring(lua_State *L) {
  lua_pushfstring(L, "websockets_native listener (%p)", lua_touserdata(L, 1));
  return 1;
}

static const luaL_Reg listener_methods[] = {
    {"step", listener_step}, {"accept", listener_accept}, {"port", listener_port},
    {"close", listener_close}, {NULL, NULL},
};

void ws_listener_lua_register(lua_State *L) {
  luaL_newmetatable(L, WS_LISTENER_METATABLE);
  lua_newtable(L);
  luaL_register(L, NULL, listener_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, listener_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, listener_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, "listener");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

/* A number field in 0..maximum, or `fallback` when absent; anything else raises. */
static unsigned option_number(lua_State *L, int index, const char *key, unsigned fallback, unsigned maximum) {
  lua_Number value;
  lua_getfield(L, index, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return fallback;
  }
  if (lua_type(L, -1) != LUA_TNUMBER) {
    luaL_error(L, "bad option '%s' to 'listen' (number expected, got %s)", key, luaL_typename(L, -1));
  }
  value = lua_tonumber(L, -1);
  lua_pop(L, 1);
  if (!(value >= 0 && value <= (lua_Number)maximum) || value != (lua_Number)(unsigned)value) {
    luaL_error(L, "bad option '%s' to 'listen' (an integer from 0 to %u expected)", key, maximum);
  }
  return (unsigned)value;
}

/* Reads { host, port, backlog, tls }. A host that does not fit fails in step() as "bad host". */
static int read_listen_options(lua_State *L, int index, ws_listen_options *options, char *unusable,
                               size_t unusable_size) {
  size_t length = 0;
  const char *host = "0.0.0.0";
  luaL_checktype(L, index, LUA_TTABLE);
  unusable[0] = '\0';
  lua_getfield(L, index, "host");
  if (lua_type(L, -1) == LUA_TSTRING) {
    host = lua_tolstring(L, -1, &length);
  } else if (!lua_isnil(L, -1)) {
    luaL_error(L, "bad option 'host' to 'listen' (string expected, got %s)", luaL_typename(L, -1));
  } else {
    length = strlen(host);
  }
  if (length == 0 || length >= WS_HOST_MAX || strlen(host) != length) {
    snprintf(unusable, unusable_size, "cannot listen on '%.64s': not a host name or address", host);
    options->host[0] = '\0';
  } else {
    memcpy(options->host, host, length + 1);
  }
  lua_pop(L, 1);
  options->port = option_number(L, index, "port", 0, 65535);
  options->backlog = option_number(L, index, "backlog", 128, WS_LISTEN_QUEUE_MAX);
  if (options->backlog == 0) options->backlog = 1;
  lua_getfield(L, index, "tls");
  options->tls = !lua_isnil(L, -1) && !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
  lua_pop(L, 1);
  return unusable[0] == '\0';
}

int ws_listener_lua_listen(lua_State *L) {
  ws_listen_options options;
  char unusable[WS_MESSAGE_MAX];
  ws_listener_handle *listener;
  int usable = read_listen_options(L, 1, &options, unusable, sizeof unusable);

  listener = (ws_listener_handle *)lua_newuserdata(L, sizeof *listener);
  listener->state = NULL;
  listener->link = NULL;
  listener->closed = 0;
  luaL_getmetatable(L, WS_LISTENER_METATABLE);
  lua_setmetatable(L, -2);

  listener->state = ws_listener_state_create(options.backlog, ws_listener_link_discard);
  if (listener->state == NULL) return luaL_error(L, "listen: out of memory");
  if (!usable) {
    ws_listener_state_fail(listener->state, WS_LISTEN_BAD_HOST, unusable);
  } else {
    listener->link = ws_listener_link_open(&options, listener->state);
  }
  return 1;
}
