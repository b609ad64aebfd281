// Runs a JavaScript native on behalf of Lua (shared by vm-wasmoon.mjs and vm-fengari.mjs).

/** What runNative returns when the native threw: its message is on the Lua stack, to be raised. */
export const RAISE = -1;

/**
 * Calls `fn(call)` for the Lua state `L` and returns its result count. A JavaScript exception is
 * turned into its message, pushed for the caller to raise with lua_error outside any JS try block,
 * so Lua's unwinding never passes through a JavaScript catch.
 */
export function runNative(call, L, name, fn) {
  call.L = L;
  call.name = name;
  try {
    return fn(call);
  } catch (e) {
    call.L = L;
    call.pushText(e && e.message ? e.message : String(e));
    return RAISE;
  }
}
