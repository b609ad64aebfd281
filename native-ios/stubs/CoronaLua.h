/* Stub for the syntax check only (see native-ios/stubs/README.md): Solar2D's CoronaLua.h, as far
 * as the shim uses it: the Lua 5.1 headers (here Debian's, /usr/include/lua5.1) and the macros. */
#ifndef WS_STUB_CORONA_LUA_H
#define WS_STUB_CORONA_LUA_H

#include "CoronaMacros.h"

#ifdef __cplusplus
extern "C" {
#endif
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#ifdef __cplusplus
}
#endif

#endif
