// Reconnect (SPEC section 8) in real Lua on all six runtimes, over the scripted transport and fake
// clock of test/lua/reconnect.lua: the ends that retry and never do, the schedule and its jitter,
// the wait (CONNECTING, send refused, close() cancelling it), maxAttempts, the reset at open, the
// option errors, and Solar2D's suspend/resume. No wall clock.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/reconnect.lua");

describe.concurrent("reconnect over a scripted transport and a fake clock", () => {
  for (const runtime of runtimesToTest()) {
    it(runtime, async () => {
      if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
      const run = await runLua(runtime, SCRIPT, [], { timeoutMs: 60_000 });
      const failed = run.stdout.split("\n").filter((line) => line.startsWith("FAIL"));
      expect(failed, run.stdout + run.stderr).toEqual([]);
      expect(run.stdout, run.stderr).toMatch(/^RESULT ok$/m);
      // Every case ran: a case that silently stopped the script would show here.
      expect(run.stdout.split("\n").filter((line) => line.startsWith("ok ")).length).toBe(12);
      expect(run.code).toBe(0);
    }, 90_000);
  }
});
