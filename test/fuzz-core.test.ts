// Seeded fuzzing of the built protocol core (test/lua/core-fuzz.lua): 30,000 random and mutated server
// streams, split at random points, each checked against a reference model and the event invariants.
// The seed is printed; set FUZZ_SEED to replay a run, FUZZ_INPUTS to change its size (a fresh seed every run,
// so the runs add up; `FUZZ_INPUTS=1000000 npx vitest run test/fuzz-core.test.ts` for a long one).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/core-fuzz.lua");
const INPUTS = Number(process.env.FUZZ_INPUTS ?? 30_000);

describe("protocol core fuzzing", () => {
  // LuaJIT for speed: the same script runs unchanged on the other runtimes.
  for (const runtime of runtimesToTest(["luajit"])) {
    it(`${INPUTS} inputs on ${runtime}`, async () => {
      const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
      console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
      const run = await runLua(runtime, SCRIPT, [seed, String(INPUTS)], { timeoutMs: 90_000 });
      expect(run.timedOut, "the fuzzer hung").toBe(false);
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain(`FUZZ seed=${seed} inputs=${INPUTS}`);
      expect(run.stdout.trim().split("\n").pop(), run.stdout.slice(0, 2000)).toBe("OK");
      expect(run.code).toBe(0);
    });
  }
});
