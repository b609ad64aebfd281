// A Lua 5.4 state in wasmoon (Lua compiled to WebAssembly), driven through the raw C API.
//
// wasmoon's own value conversion turns Lua strings into JavaScript strings through UTF-8 and stops
// at the first NUL, both ways. Everything here that carries bytes therefore goes through the heap:
// `lua_tolstring` with a length slot and a copy out of the heap, and `lua_pushlstring` from a scratch
// area the bytes were copied into. The hot calls use the WebAssembly exports (`module._lua_*`)
// directly, skipping emscripten's ccall argument conversion. `lua_Integer` arguments are BigInts.
//
// The interface (run, callRef, callField, natives that receive a NativeCall) is shared with
// vm-fengari.mjs; host/lua-vm.mjs builds on it without knowing which runtime it drives.
import { createRequire } from "node:module";
import { LuaRef } from "./lua-ref.mjs";
import { RAISE, runNative } from "./native-call.mjs";

const require = createRequire(import.meta.url);

const LUA_OK = 0;
const LUA_MULTRET = -1;
const LUA_REGISTRYINDEX = -1000000 - 1000; // -LUAI_MAXSTACK - 1000, as wasmoon's Lua is built
const LUA_TNIL = 0;
const LUA_TBOOLEAN = 1;
const LUA_TNUMBER = 3;
const LUA_TSTRING = 4;
const LUA_TTABLE = 5;
const LUA_TFUNCTION = 6;
const TYPE_NAMES = ["nil", "boolean", "userdata", "number", "string", "table", "function", "userdata", "thread"];
const C_FUNCTION_SIGNATURE = "ii"; // int (*lua_CFunction)(lua_State *L)
const MIN_SCRATCH_BYTES = 64 * 1024;

export async function createWasmoonState() {
  const { LuaFactory } = require("wasmoon");
  const factory = new LuaFactory();
  const engine = await factory.createEngine({ injectObjects: false, enableProxy: false });
  return new WasmoonState(engine);
}

/** Copies bytes between JavaScript and the WebAssembly heap. */
class HeapBytes {
  constructor(module) {
    this.module = module;
    this.lengthSlot = module._malloc(4); // size_t is 32 bits on wasm32
    this.scratch = 0;
    this.scratchSize = 0;
  }

  /** Copies `bytes` into a scratch area and returns its address (valid until the next call). */
  place(bytes) {
    const m = this.module;
    if (bytes.length > this.scratchSize) {
      if (this.scratch) m._free(this.scratch);
      const size = Math.max(MIN_SCRATCH_BYTES, bytes.length * 2);
      this.scratch = m._malloc(size);
      this.scratchSize = this.scratch ? size : 0;
      if (!this.scratch) throw new Error(`out of WebAssembly memory placing ${bytes.length} bytes`);
    }
    m.HEAPU8.set(bytes, this.scratch); // HEAPU8 is re-read: growing the memory replaces the view
    return this.scratch;
  }

  /** The string at stack index `index` as a Buffer of its exact bytes, or null when not a string. */
  stringAt(L, index) {
    const m = this.module;
    const address = m._lua_tolstring(L, index, this.lengthSlot);
    if (!address) return null;
    const length = m.HEAPU32[this.lengthSlot >>> 2];
    return Buffer.from(m.HEAPU8.subarray(address, address + length)); // copies: Lua may collect it
  }
}

/**
 * What a native function sees of its call: argument access and result pushing, binary-safe.
 * One instance is reused for every call; native functions never call back into Lua.
 */
class WasmoonCall {
  constructor(module, heap) {
    this.m = module;
    this.heap = heap;
    this.L = 0;
  }
  /** Lua's own wording: bad argument #1 to 'random' (number expected, got string) */
  argumentError(i, expected) {
    return new TypeError(`bad argument #${i} to '${this.name}' (${expected} expected, got ${this.typeOf(i) === "nil" ? "no value" : this.typeOf(i)})`);
  }
  count() {
    return this.m._lua_gettop(this.L);
  }
  isNil(i) {
    return this.m._lua_type(this.L, i) <= LUA_TNIL; // none or nil
  }
  /** "nil", "boolean", "number", "string", ... as Lua's type() says (none is "nil"). */
  typeOf(i) {
    const t = this.m._lua_type(this.L, i);
    return t <= LUA_TNIL ? "nil" : TYPE_NAMES[t];
  }
  bytes(i) {
    const t = this.m._lua_type(this.L, i);
    if (t !== LUA_TSTRING && t !== LUA_TNUMBER) throw this.argumentError(i, "string");
    return this.heap.stringAt(this.L, i);
  }
  text(i) {
    return this.bytes(i).toString("utf8");
  }
  optText(i) {
    return this.isNil(i) ? undefined : this.text(i);
  }
  number(i) {
    if (this.m._lua_type(this.L, i) !== LUA_TNUMBER) throw this.argumentError(i, "number");
    return this.m._lua_tonumberx(this.L, i, 0);
  }
  boolean(i) {
    return this.m._lua_toboolean(this.L, i) !== 0;
  }
  pushNil() {
    this.m._lua_pushnil(this.L);
  }
  pushBoolean(b) {
    this.m._lua_pushboolean(this.L, b ? 1 : 0);
  }
  pushInteger(n) {
    this.m._lua_pushinteger(this.L, BigInt(n));
  }
  pushNumber(x) {
    this.m._lua_pushnumber(this.L, x);
  }
  pushBytes(bytes) {
    this.m._lua_pushlstring(this.L, this.heap.place(bytes), bytes.length);
  }
  pushText(s) {
    this.pushBytes(Buffer.from(String(s), "utf8"));
  }
}

class WasmoonState {
  constructor(engine) {
    this.kind = "wasmoon";
    this.engine = engine;
    this.lua = engine.global.lua; // wasmoon's LuaWasm: cwrapped API for the rarely used calls
    this.m = this.lua.module;
    this.L = engine.global.address;
    this.heap = new HeapBytes(this.m);
    this.call = new WasmoonCall(this.m, this.heap);
  }

  /**
   * Loads `source` (a Buffer) as a chunk named `chunkName`, calls it with `args` and returns its
   * results. Throws an Error carrying the Lua message when loading or running fails.
   */
  run(source, chunkName, args = []) {
    const { m, L } = this;
    const base = m._lua_gettop(L);
    const address = this.heap.place(source);
    if (this.lua.luaL_loadbufferx(L, address, source.length, chunkName, null) !== LUA_OK) {
      throw this.popError(base);
    }
    for (const a of args) this.push(a);
    return this.protectedCall(base, args.length);
  }

  /** Calls the function `ref` with `args` and returns its results. */
  callRef(ref, args = []) {
    const { m, L } = this;
    const base = m._lua_gettop(L);
    m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(ref.id));
    for (const a of args) this.push(a);
    return this.protectedCall(base, args.length);
  }

  /** Calls `ref[name](...args)` and returns its results. */
  callField(ref, name, args = []) {
    const { m, L } = this;
    const base = m._lua_gettop(L);
    m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(ref.id));
    this.lua.lua_getfield(L, -1, name);
    this.lua.lua_remove(L, -2);
    for (const a of args) this.push(a);
    return this.protectedCall(base, args.length);
  }

  protectedCall(base, argCount) {
    const { m, L } = this;
    if (m._lua_pcallk(L, argCount, LUA_MULTRET, 0, 0, 0) !== LUA_OK) throw this.popError(base);
    const results = [];
    for (let i = base + 1; i <= m._lua_gettop(L); i++) results.push(this.valueAt(i));
    m._lua_settop(L, base);
    return results;
  }

  popError(base) {
    const message = this.heap.stringAt(this.L, -1);
    this.m._lua_settop(this.L, base);
    return new Error(message ? message.toString("utf8") : "(error object is not a string)");
  }

  /** Pushes a JavaScript value: nil, boolean, number, text, bytes, array, LuaRef or record. */
  push(value) {
    const { m, L } = this;
    const c = this.call;
    c.L = L;
    if (value === undefined || value === null) c.pushNil();
    else if (typeof value === "boolean") c.pushBoolean(value);
    else if (typeof value === "number") Number.isInteger(value) ? c.pushInteger(value) : c.pushNumber(value);
    else if (typeof value === "string") c.pushText(value);
    else if (value instanceof Uint8Array) c.pushBytes(value);
    else if (value instanceof LuaRef) m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(value.id));
    else if (Array.isArray(value)) {
      m._lua_createtable(L, value.length, 0);
      value.forEach((item, i) => {
        this.push(item);
        m._lua_rawseti(L, -2, BigInt(i + 1));
      });
    } else if (typeof value === "object") {
      m._lua_createtable(L, 0, 0);
      // A record; its functions become native functions (NativeCall convention).
      for (const [name, item] of Object.entries(value)) {
        if (typeof item === "function") this.pushNative(item, name);
        else this.push(item);
        this.lua.lua_setfield(L, -2, name);
      }
    } else throw new TypeError(`cannot pass a ${typeof value} to Lua`);
  }

  /**
   * Pushes `fn(call) -> result count` as a C function. A JavaScript exception becomes a Lua error;
   * lua_error is raised outside the try block so the unwinding never passes through a JS catch.
   */
  pushNative(fn, name = "?") {
    const { m } = this;
    const call = this.call;
    const pointer = m.addFunction((L) => {
      const count = runNative(call, L, name, fn);
      return count === RAISE ? m._lua_error(L) : count;
    }, C_FUNCTION_SIGNATURE);
    m._lua_pushcclosure(this.L, pointer, 0);
  }

  valueAt(i) {
    const { m, L } = this;
    const t = m._lua_type(L, i);
    if (t === LUA_TNIL) return undefined;
    if (t === LUA_TBOOLEAN) return m._lua_toboolean(L, i) !== 0;
    if (t === LUA_TNUMBER) return m._lua_tonumberx(L, i, 0);
    if (t === LUA_TSTRING) return this.heap.stringAt(L, i).toString("utf8");
    if (t === LUA_TTABLE || t === LUA_TFUNCTION) {
      m._lua_pushvalue(L, i);
      return new LuaRef(this.lua.luaL_ref(L, LUA_REGISTRYINDEX));
    }
    return undefined;
  }

  close() {
    this.engine.global.close();
  }
}
