#include "open_options.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "pem.h"

#define WS_DEFAULT_TIMEOUT_SECONDS 10.0

static int option_error(lua_State *L, const char *field, const char *expected) {
  return luaL_error(L, "bad option '%s' to 'open' (%s expected, got %s)", field, expected,
                    luaL_typename(L, -1));
}

/* Pushes options[field] and returns its Lua type. */
static int get_field(lua_State *L, int index, const char *field) {
  lua_getfield(L, index, field);
  return lua_type(L, -1);
}

static void mark_unusable(ws_open_options *options, ws_failure_category category, const char *field,
                          const char *problem) {
  if (options->unusable) return; /* the first problem is the one reported */
  options->unusable = 1;
  options->unusable_category = category;
  snprintf(options->unusable_reason, sizeof options->unusable_reason, "unusable '%s' option: %s", field,
           problem);
}

/* Copies options[field] into `out`. Returns 1 when a usable string was copied. */
static int read_string(lua_State *L, int index, const char *field, char *out, size_t size, int required,
                       ws_open_options *options, ws_failure_category category) {
  size_t length = 0;
  const char *value;
  int type = get_field(L, index, field);
  if (type == LUA_TNIL && !required) {
    lua_pop(L, 1);
    return 0;
  }
  if (type != LUA_TSTRING) option_error(L, field, "string");
  value = lua_tolstring(L, -1, &length);
  if (length == 0 || length >= size || memchr(value, '\0', length) != NULL) {
    mark_unusable(options, category, field,
                  length == 0 ? "empty string" : length >= size ? "too long" : "embedded NUL");
    lua_pop(L, 1);
    return 0;
  }
  memcpy(out, value, length + 1);
  lua_pop(L, 1);
  return 1;
}

/* Points options->ca_pem at the PEM text of options.ca (any bytes; decoding checks them later). */
static int read_pem(lua_State *L, int index, ws_open_options *options) {
  size_t length = 0;
  int type = get_field(L, index, "ca");
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return 0;
  }
  if (type != LUA_TSTRING) option_error(L, "ca", "string");
  /* The table at `index` keeps the string alive for the rest of open(). */
  options->ca_pem = lua_tolstring(L, -1, &length);
  options->ca_length = length;
  lua_pop(L, 1);
  if (length == 0 || length > WS_PEM_MAX_BYTES) {
    mark_unusable(options, WS_FAILURE_TLS, "ca", length == 0 ? "empty string" : "larger than 4 MiB");
    options->ca_pem = NULL;
    options->ca_length = 0;
    return 0;
  }
  return 1;
}

static int read_boolean(lua_State *L, int index, const char *field, int fallback) {
  int type = get_field(L, index, field);
  int value = fallback;
  if (type == LUA_TBOOLEAN) {
    value = lua_toboolean(L, -1);
  } else if (type != LUA_TNIL) {
    option_error(L, field, "boolean");
  }
  lua_pop(L, 1);
  return value;
}

static ws_tls_version read_tls_version(lua_State *L, int index) {
  static const struct {
    const char *name;
    ws_tls_version version;
  } versions[] = {{"1.0", WS_TLS_1_0}, {"1.1", WS_TLS_1_1}, {"1.2", WS_TLS_1_2}, {"1.3", WS_TLS_1_3}};
  size_t i;
  const char *name;
  int type = get_field(L, index, "minTls");
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return WS_TLS_1_2;
  }
  if (type != LUA_TSTRING) option_error(L, "minTls", "string");
  name = lua_tostring(L, -1);
  for (i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    if (strcmp(name, versions[i].name) == 0) {
      lua_pop(L, 1);
      return versions[i].version;
    }
  }
  luaL_error(L, "bad option 'minTls' to 'open' (\"1.0\", \"1.1\", \"1.2\" or \"1.3\" expected, got \"%s\")",
             name);
  return WS_TLS_1_2; /* not reached: luaL_error does not return */
}

static unsigned read_port(lua_State *L, int index) {
  lua_Number port;
  if (get_field(L, index, "port") != LUA_TNUMBER) option_error(L, "port", "number");
  port = lua_tonumber(L, -1);
  if (!(port >= 1 && port <= 65535) || port != (lua_Number)(unsigned)port) {
    luaL_error(L, "bad option 'port' to 'open' (integer 1-65535 expected, got %f)", (double)port);
  }
  lua_pop(L, 1);
  return (unsigned)port;
}

static double read_timeout(lua_State *L, int index) {
  double timeout = WS_DEFAULT_TIMEOUT_SECONDS;
  int type = get_field(L, index, "timeout");
  if (type == LUA_TNUMBER) {
    timeout = (double)lua_tonumber(L, -1);
    if (!(timeout > 0)) luaL_error(L, "bad option 'timeout' to 'open' (positive number expected)");
  } else if (type != LUA_TNIL) {
    option_error(L, "timeout", "number");
  }
  lua_pop(L, 1);
  return timeout;
}

void ws_open_options_read(lua_State *L, int index, ws_open_options *options) {
  if (index < 0 && index > LUA_REGISTRYINDEX) index = lua_gettop(L) + index + 1;
  luaL_checktype(L, index, LUA_TTABLE);
  memset(options, 0, sizeof *options);

  read_string(L, index, "host", options->host, sizeof options->host, 1, options, WS_FAILURE_DNS);
  options->port = read_port(L, index);
  options->secure = read_boolean(L, index, "secure", 0);
  memcpy(options->server_name, options->host, sizeof options->host);
  read_string(L, index, "serverName", options->server_name, sizeof options->server_name, 0, options,
              WS_FAILURE_DNS);
  options->min_tls = read_tls_version(L, index);
  options->verify = read_boolean(L, index, "verify", 1);
  options->has_ca = read_pem(L, index, options);
  options->timeout = read_timeout(L, index);
}
