#include "stream_lua.h"

#include <lauxlib.h>

#include "link.h"
#include "open_options.h"
#include "stream_state.h"

/* The userdata behind one Lua stream object. */
typedef struct ws_stream_handle {
  ws_stream_state *state; /* shared with the link; NULL only if creating it failed */
  ws_link *link;          /* NULL once closed, or if it could not start */
  int closed;
} ws_stream_handle;

static ws_stream_handle *check_stream(lua_State *L) {
  return (ws_stream_handle *)luaL_checkudata(L, 1, WS_STREAM_METATABLE);
}

/* Pushes nil, category, reason: the contract's way of saying a stream is broken. */
static int push_failure(lua_State *L, ws_failure_category category, const char *message) {
  lua_pushnil(L);
  lua_pushstring(L, ws_failure_category_name(category));
  lua_pushstring(L, message);
  return 3;
}

static int stream_step(lua_State *L) {
  ws_stream_handle *stream = check_stream(L);
  ws_failure_category category = WS_FAILURE_CLOSED;
  char message[WS_MESSAGE_MAX];
  switch (ws_stream_state_step(stream->state, &category, message)) {
    case WS_STEP_OPEN:
      lua_pushliteral(L, "open");
      return 1;
    case WS_STEP_FAILED:
      lua_pushliteral(L, "failed");
      lua_pushstring(L, ws_failure_category_name(category));
      lua_pushstring(L, message);
      return 3;
    case WS_STEP_CONNECTING:
    default:
      lua_pushliteral(L, "connecting");
      return 1;
  }
}

static int stream_write(lua_State *L) {
  ws_stream_handle *stream = check_stream(L);
  size_t length = 0;
  /* lua_tolstring, not lua_tostring: the data is binary and may hold NUL bytes. */
  const char *data = luaL_checklstring(L, 2, &length);
  ws_failure_category category = WS_FAILURE_CLOSED;
  char message[WS_MESSAGE_MAX];
  int ended = 0;
  size_t accepted = ws_stream_state_accept_send(stream->state, length, &ended, &category, message);
  if (ended) return push_failure(L, category, message);
  if (accepted > 0 && stream->link != NULL) {
    ws_link_send(stream->link, (const unsigned char *)data, accepted);
  }
  lua_pushnumber(L, (lua_Number)accepted);
  return 1;
}

/* read([maxBytes]): what arrived since the last call, at most maxBytes of it when given; the rest
 * stays in the state for the next call. */
static int stream_read(lua_State *L) {
  ws_stream_handle *stream = check_stream(L);
  lua_Integer max = luaL_optinteger(L, 2, 0); /* 0 or absent: everything */
  const unsigned char *bytes = NULL;
  size_t count = 0;
  int resume = 0;
  ws_failure_category category = WS_FAILURE_CLOSED;
  char message[WS_MESSAGE_MAX];
  switch (ws_stream_state_take(stream->state, &bytes, &count, &resume, &category, message)) {
    case WS_TAKE_BYTES:
      /* Resume before copying: if the copy raises (out of memory), the bytes stay in the state
       * for the next read, and receiving must not stay paused. */
      if (resume && stream->link != NULL) ws_link_resume_receiving(stream->link);
      if (max > 0 && (size_t)max < count) {
        lua_pushlstring(L, (const char *)bytes, (size_t)max);
        ws_stream_state_taken_part(stream->state, (size_t)max);
      } else {
        lua_pushlstring(L, (const char *)bytes, count);
        ws_stream_state_taken(stream->state);
      }
      return 1;
    case WS_TAKE_ENDED:
      return push_failure(L, category, message);
    case WS_TAKE_EMPTY:
    default:
      if (resume && stream->link != NULL) ws_link_resume_receiving(stream->link);
      lua_pushliteral(L, "");
      return 1;
  }
}

static int stream_buffered(lua_State *L) {
  ws_stream_handle *stream = check_stream(L);
  lua_pushnumber(L, (lua_Number)ws_stream_state_unsent(stream->state));
  return 1;
}

static void close_stream(ws_stream_handle *stream) {
  if (stream->closed) return;
  stream->closed = 1;
  if (stream->state != NULL) ws_stream_state_end(stream->state, WS_FAILURE_CLOSED, "the stream was closed");
  if (stream->link != NULL) {
    ws_link_close(stream->link);
    stream->link = NULL;
  }
}

static int stream_close(lua_State *L) {
  close_stream(check_stream(L));
  return 0;
}

static int stream_gc(lua_State *L) {
  ws_stream_handle *stream = (ws_stream_handle *)lua_touserdata(L, 1);
  close_stream(stream);
  if (stream->state != NULL) {
    ws_stream_state_release(stream->state);
    stream->state = NULL;
  }
  return 0;
}

static int stream_tostring(lua_State *L) {
  lua_pushfstring(L, "websockets_native stream (%p)", lua_touserdata(L, 1));
  return 1;
}

static const luaL_Reg stream_methods[] = {
    {"step", stream_step},         {"write", stream_write}, {"read", stream_read},
    {"buffered", stream_buffered}, {"close", stream_close}, {NULL, NULL},
};

void ws_stream_lua_register(lua_State *L) {
  luaL_newmetatable(L, WS_STREAM_METATABLE);
  lua_newtable(L);
  luaL_register(L, NULL, stream_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, stream_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, stream_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, "stream");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

int ws_stream_lua_open(lua_State *L) {
  ws_open_options options;
  ws_stream_handle *stream;
  /* Read the options first: if they are malformed this raises before anything is allocated. */
  ws_open_options_read(L, 1, &options);

  stream = (ws_stream_handle *)lua_newuserdata(L, sizeof *stream);
  stream->state = NULL;
  stream->link = NULL;
  stream->closed = 0;
  luaL_getmetatable(L, WS_STREAM_METATABLE);
  lua_setmetatable(L, -2); /* from here on __gc releases whatever the handle holds */

  stream->state = ws_stream_state_create();
  if (stream->state == NULL) return luaL_error(L, "open: out of memory");
  if (options.unusable) {
    /* Reported like a network failure, through step(), as the contract asks of open(). */
    ws_stream_state_end(stream->state, options.unusable_category, options.unusable_reason);
  } else {
    stream->link = ws_link_open(&options, stream->state);
  }
  return 1;
}

void ws_stream_lua_push_started(lua_State *L, ws_stream_link_start start, void *context) {
  ws_stream_handle *stream = (ws_stream_handle *)lua_newuserdata(L, sizeof *stream);
  stream->state = NULL;
  stream->link = NULL;
  stream->closed = 0;
  luaL_getmetatable(L, WS_STREAM_METATABLE);
  lua_setmetatable(L, -2);
  stream->state = ws_stream_state_create();
  if (stream->state == NULL) {
    luaL_error(L, "accept: out of memory");
    return;
  }
  stream->link = start(context, stream->state);
}
