// A Lua 5.3 state in fengari (Lua written in JavaScript), driven through its C-shaped API.
//
// fengari's Lua strings are byte arrays (Uint8Array): bytes pass through lua_pushstring (which
// copies) and lua_tolstring untouched, NUL included. Its integers are 32-bit and wrap silently, so
// integers outside that range are pushed as floats.
//
// Same interface as vm-wasmoon.mjs: run, callField, and native functions that receive a NativeCall.
import { createRequire } from "node:module";
import { LuaRef } from "./lua-ref.mjs";
import { RAISE, runNative } from "./native-call.mjs";

const require = createRequire(import.meta.url);
const INT32_MAX = 2 ** 31 - 1;

export function createFengariState() {
  return new FengariState(require("fengari"));
}

/** What a native function sees of its call; one instance, reused (natives never call into Lua). */
class FengariCall {
  constructor(lua) {
    this.lua = lua;
    this.L = null;
  }
  /** Lua's own wording: bad argument #1 to 'random' (number expected, got string) */
  argumentError(i, expected) {
    return new TypeError(`bad argument #${i} to '${this.name}' (${expected} expected, got ${this.typeOf(i) === "nil" ? "no value" : this.typeOf(i)})`);
  }
  count() {
    return this.lua.lua_gettop(this.L);
  }
  isNil(i) {
    return this.lua.lua_isnoneornil(this.L, i);
  }
  /** "nil", "boolean", "number", "string", ... as Lua's type() says (none is "nil"). */
  typeOf(i) {
    return this.isNil(i) ? "nil" : Buffer.from(this.lua.lua_typename(this.L, this.lua.lua_type(this.L, i))).toString();
  }
  bytes(i) {
    const t = this.lua.lua_type(this.L, i);
    if (t !== this.lua.LUA_TSTRING && t !== this.lua.LUA_TNUMBER) {
      throw this.argumentError(i, "string");
    }
    const bytes = this.lua.lua_tolstring(this.L, i);
    return Buffer.from(bytes); // a copy: the array is the interned string itself
  }
  text(i) {
    return this.bytes(i).toString("utf8");
  }
  optText(i) {
    return this.isNil(i) ? undefined : this.text(i);
  }
  number(i) {
    if (this.lua.lua_type(this.L, i) !== this.lua.LUA_TNUMBER) throw this.argumentError(i, "number");
    return this.lua.lua_tonumber(this.L, i);
  }
  boolean(i) {
    return this.lua.lua_toboolean(this.L, i);
  }
  pushNil() {
    this.lua.lua_pushnil(this.L);
  }
  pushBoolean(b) {
    this.lua.lua_pushboolean(this.L, b ? 1 : 0);
  }
  pushInteger(n) {
    if (Math.abs(n) <= INT32_MAX) this.lua.lua_pushinteger(this.L, n);
    else this.lua.lua_pushnumber(this.L, n);
  }
  pushNumber(x) {
    this.lua.lua_pushnumber(this.L, x);
  }
  pushBytes(bytes) {
    if (bytes.length === 0) this.lua.lua_pushliteral(this.L, "");
    else this.lua.lua_pushstring(this.L, bytes); // copies the bytes into a new Lua string
  }
  pushText(s) {
    this.pushBytes(Buffer.from(String(s), "utf8"));
  }
}

class FengariState {
  constructor(fengari) {
    this.kind = "fengari";
    this.lua = fengari.lua;
    this.lauxlib = fengari.lauxlib;
    this.to_luastring = fengari.to_luastring;
    this.L = this.lauxlib.luaL_newstate();
    fengari.lualib.luaL_openlibs(this.L);
    this.call = new FengariCall(this.lua);
  }

  run(source, chunkName, args = []) {
    const { lua, L } = this;
    const base = lua.lua_gettop(L);
    if (this.lauxlib.luaL_loadbuffer(L, source, source.length, this.to_luastring(chunkName)) !== lua.LUA_OK) {
      throw this.popError(base);
    }
    for (const a of args) this.push(a);
    return this.protectedCall(base, args.length);
  }

  callRef(ref, args = []) {
    const { lua, L } = this;
    const base = lua.lua_gettop(L);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref.id);
    for (const a of args) this.push(a);
    return this.protectedCall(base, args.length);
  }

  callField(ref, name, args = []) {
    const { lua, L } = this;
    const base = lua.lua_gettop(L);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref.id);
    lua.lua_getfield(L, -1, this.to_luastring(name));
    lua.lua_remove(L, -2);
    for (const a of args) this.push(a);
    return this.protectedCall(base, args.length);
  }

  protectedCall(base, argCount) {
    const { lua, L } = this;
    if (lua.lua_pcall(L, argCount, lua.LUA_MULTRET, 0) !== lua.LUA_OK) throw this.popError(base);
    const results = [];
    for (let i = base + 1; i <= lua.lua_gettop(L); i++) results.push(this.valueAt(i));
    lua.lua_settop(L, base);
    return results;
  }

  popError(base) {
    const { lua, L } = this;
    const message = lua.lua_type(L, -1) === lua.LUA_TSTRING ? Buffer.from(lua.lua_tolstring(L, -1)).toString("utf8") : null;
    lua.lua_settop(L, base);
    return new Error(message ?? "(error object is not a string)");
  }

  push(value) {
    const { lua, L } = this;
    const c = this.call;
    c.L = L;
    if (value === undefined || value === null) c.pushNil();
    else if (typeof value === "boolean") c.pushBoolean(value);
    else if (typeof value === "number") Number.isInteger(value) ? c.pushInteger(value) : c.pushNumber(value);
    else if (typeof value === "string") c.pushText(value);
    else if (value instanceof Uint8Array) c.pushBytes(value);
    else if (value instanceof LuaRef) lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, value.id);
    else if (Array.isArray(value)) {
      lua.lua_createtable(L, value.length, 0);
      value.forEach((item, i) => {
        this.push(item);
        lua.lua_rawseti(L, -2, i + 1);
      });
    } else if (typeof value === "object") {
      lua.lua_createtable(L, 0, 0);
      // A record; its functions become native functions (NativeCall convention).
      for (const [name, item] of Object.entries(value)) {
        if (typeof item === "function") this.pushNative(item, name);
        else this.push(item);
        lua.lua_setfield(L, -2, this.to_luastring(name));
      }
    } else throw new TypeError(`cannot pass a ${typeof value} to Lua`);
  }

  /** Pushes `fn(call) -> result count` as a function; a JavaScript exception becomes a Lua error. */
  pushNative(fn, name = "?") {
    const { lua } = this;
    const call = this.call;
    lua.lua_pushcfunction(this.L, (L) => {
      const count = runNative(call, L, name, fn);
      return count === RAISE ? lua.lua_error(L) : count;
    });
  }

  valueAt(i) {
    const { lua, L } = this;
    const t = lua.lua_type(L, i);
    if (t === lua.LUA_TNIL) return undefined;
    if (t === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, i);
    if (t === lua.LUA_TNUMBER) return lua.lua_tonumber(L, i);
    if (t === lua.LUA_TSTRING) return Buffer.from(lua.lua_tolstring(L, i)).toString("utf8");
    if (t === lua.LUA_TTABLE || t === lua.LUA_TFUNCTION) {
      lua.lua_pushvalue(L, i);
      return new LuaRef(this.lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX));
    }
    return undefined;
  }

  close() {}
}
