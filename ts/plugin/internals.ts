/**
 * The protocol core and kernels as they are inside the built plugin, reachable from Lua as
 * `require("plugin.websockets")._core`. Not part of the public API: it exists so that the tests can
 * run the same vectors against the shipped artifact in every runtime.
 */
import * as kernels from "../../lua/kernels";

export const internals = {
  kernels,
};
