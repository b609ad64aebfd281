// The permessage-deflate negotiation vectors (test/vectors/deflate-negotiation.ts) on the built plugin
// in Lua, judged exactly as core-deflate-negotiation.test.ts judges the TypeScript.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";
import { ANSWER_VECTORS, OFFER_VECTORS, SERVER_VECTORS } from "./vectors/deflate-negotiation";
import { toLuaChunk } from "./vectors/lua-literal";

const VECTORS_FILE = path.join(PROJECT_ROOT, "test/.tmp/deflate-negotiation-vectors.lua");
const RUNNER = path.join(PROJECT_ROOT, "test/lua/deflate-negotiation.lua");

interface Line {
  kind: string;
  index: number;
  offer?: string;
  problem?: string;
  answer?: string;
  agreement?: unknown;
}

describe("permessage-deflate negotiation vectors on the built Lua", () => {
  mkdirSync(path.dirname(VECTORS_FILE), { recursive: true });
  writeFileSync(VECTORS_FILE, toLuaChunk({ offers: OFFER_VECTORS, answers: ANSWER_VECTORS, server: SERVER_VECTORS }));

  it.each(runtimesToTest(["lua5.1", "luajit", "lua5.3", "lua5.4", "wasmoon"]))("%s", async (runtime) => {
    const run = await runLua(runtime, RUNNER, [VECTORS_FILE]);
    const lines = run.stdout.trim().split("\n");
    expect(lines.pop(), run.stdout + run.stderr).toBe("DONE");
    const counts: Record<string, number> = {};
    for (const text of lines) {
      const line = JSON.parse(text) as Line;
      counts[line.kind] = (counts[line.kind] ?? 0) + 1;
      const label = `${line.kind} #${line.index}`;
      if (line.kind === "offer") {
        expect(line.offer, label).toBe(OFFER_VECTORS[line.index - 1].offer);
      } else if (line.kind === "answer") {
        const v = ANSWER_VECTORS[line.index - 1];
        if (v.problem !== undefined) expect(line.problem ?? "accepted", label).toContain(v.problem);
        else expect([line.problem, line.agreement], label).toEqual([undefined, v.agreement]);
      } else {
        const v = SERVER_VECTORS[line.index - 1];
        expect(line.answer, label).toBe(v.answer);
        if (v.agreement !== undefined) expect(line.agreement, label).toEqual(v.agreement);
      }
    }
    expect(counts).toEqual({ offer: OFFER_VECTORS.length, answer: ANSWER_VECTORS.length, server: SERVER_VECTORS.length });
  });
});
