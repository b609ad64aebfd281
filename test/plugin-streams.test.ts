// Streamed messages (SPEC section 9) at the plugin layer in real Lua, over the scripted transport and
// fake clock of test/lua/plugin-streams.lua: send's `fin` (frames, refusals, argument errors that
// send nothing) and ONMESSAGE's `isFinal` with `receiveFragments`. The four native interpreters and
// wasmoon: fengari, which spends most of its 5 s here loading the plugin, runs the same core paths
// in the core vectors (core-lua-vectors.test.ts), whose streamed-message cases cover its 32-bit
// integers.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NATIVE_RUNTIMES, PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/plugin-streams.lua");

describe.concurrent("streamed messages at the plugin layer", () => {
  for (const runtime of runtimesToTest([...NATIVE_RUNTIMES, "wasmoon"])) {
    it(runtime, async () => {
      if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
      const run = await runLua(runtime, SCRIPT, [], { timeoutMs: 60_000 });
      const failed = run.stdout.split("\n").filter((line) => line.startsWith("FAIL"));
      expect(failed, run.stdout + run.stderr).toEqual([]);
      expect(run.stdout, run.stderr).toMatch(/^RESULT ok$/m);
      expect(run.stdout.split("\n").filter((line) => line.startsWith("ok ")).length).toBe(7);
      expect(run.code).toBe(0);
    }, 90_000);
  }
});
