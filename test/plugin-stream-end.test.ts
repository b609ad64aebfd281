// How the plugin ends TCP (RFC 6455 section 7.1.1) in real Lua, over the scripted transport and fake
// clock of test/lua/plugin-stream-end.lua: the client session, the peer session and the lingering
// streams carry out the core's decision (Connection.transportEnd, drainTimeout, peerFinTimeout) to
// the second, with no timing of their own. The four native interpreters and wasmoon, as the streamed
// messages' cases (fengari runs the same core decisions in core-connection.test.ts's vectors).
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NATIVE_RUNTIMES, PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/plugin-stream-end.lua");

describe.concurrent("end of stream at the plugin layer: the core decides, the plugin carries it out", () => {
  for (const runtime of runtimesToTest([...NATIVE_RUNTIMES, "wasmoon"])) {
    it(runtime, async () => {
      if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
      const run = await runLua(runtime, SCRIPT, [], { timeoutMs: 60_000 });
      const failed = run.stdout.split("\n").filter((line) => line.startsWith("FAIL"));
      expect(failed, run.stdout + run.stderr).toEqual([]);
      expect(run.stdout, run.stderr).toMatch(/^RESULT ok$/m);
      expect(run.stdout.split("\n").filter((line) => line.startsWith("ok ")).length).toBe(9);
      expect(run.code).toBe(0);
    }, 90_000);
  }
});
