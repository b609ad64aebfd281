// The base64 codec binary messages use across Solar2D's HTML5 bridge (ts/plugin/bridge-base64.ts),
// inside the built plugin on every runtime: test/lua/bridge-base64.lua checks RFC 4648's vectors
// and round trips of every length and byte value. Only HTML5 builds use it, where the engine is
// Lua 5.1 compiled to wasm: the native runtimes and wasmoon cover that; fengari, which no Solar2D
// platform runs, would add 9 s for nothing.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NATIVE_RUNTIMES, PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/bridge-base64.lua");

describe("bridge base64", () => {
  for (const runtime of runtimesToTest([...NATIVE_RUNTIMES, "wasmoon"])) {
    it(runtime, async () => {
      const run = await runLua(runtime, SCRIPT);
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe("ok");
    });
  }
});
