// The plugin layer (sessions, service loop, write queue, lingering streams) in real Lua on all six
// runtimes, over the scripted transport and fake clock of test/lua/plugin-layer.lua: backpressure,
// what the client queues for a peer that never reads, the budget per poll, timers judged after
// reading, nothing lost at close, poll waiting when idle, and the small API fixes. No wall clock.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/plugin-layer.lua");

describe.concurrent("plugin layer over a scripted transport and a fake clock", () => {
  for (const runtime of runtimesToTest()) {
    it(runtime, async () => {
      if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
      const run = await runLua(runtime, SCRIPT, [], { timeoutMs: 120_000 });
      const failed = run.stdout.split("\n").filter((line) => line.startsWith("FAIL"));
      expect(failed, run.stdout + run.stderr).toEqual([]);
      expect(run.stdout, run.stderr).toMatch(/^RESULT ok$/m);
      // Every case ran: a case that silently stopped the script would show here.
      expect(run.stdout.split("\n").filter((line) => line.startsWith("ok ")).length).toBe(41);
      expect(run.code).toBe(0);
    }, 150_000);
  }
});
