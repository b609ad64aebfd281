// A Lua table or function kept alive in the Lua registry so JavaScript can hand it back to Lua later
// (shared by vm-wasmoon.mjs and vm-fengari.mjs).
export class LuaRef {
  constructor(id) {
    this.id = id;
  }
}
