// The hand-written builder of Huffman decoding tables (lua/kernels/inflate.lua), which the codec runs
// instead of buildDecodeTable wherever it runs on lua/codec-kernels.lua, must build entry for entry
// the table the TypeScript reference builds (ts/codec/huffman-decode.ts, under Node), or refuse the
// same lengths with the same message: complete codes of every depth (with sub-tables), incomplete and
// over-subscribed ones, a lone code, no code at all, into a fresh array and into a reused one, in
// every runtime (fengari's 32-bit integers included). What the fast decoding loop of that file does
// with the tables is held to the TypeScript loop by the codec vectors (test/codec-lua-vectors.test.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildDecodeTableHere } from "../ts/codec/huffman-decode";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";
import { toLuaChunk } from "./vectors/lua-literal";
import { seededRandom } from "./support/seeded-random";

const VECTORS_FILE = path.join(PROJECT_ROOT, "test/.tmp/inflate-kernel-vectors.lua");
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/inflate-kernel.lua");

/** The code lengths of a random complete prefix code of `codes` codes (at most 15 bits) over `count` symbols. */
function completeLengths(random: () => number, count: number, codes: number): number[] {
  const depths = [0];
  while (depths.length < codes) {
    const splittable = depths.map((d, i) => [d, i]).filter(([d]) => d < 15);
    const [d, i] = splittable[Math.floor(random() * splittable.length)];
    depths.splice(i, 1, d + 1, d + 1);
  }
  const lengths = new Array<number>(count).fill(0);
  const symbols = [...Array(count).keys()].sort(() => random() - 0.5);
  depths.forEach((d, k) => (lengths[symbols[k]] = d));
  return lengths;
}

interface Vector {
  lengths: number[];
  count: number;
  maxRootBits: number;
  complete: boolean;
  reuse: boolean;
  size: number;
  expected: string;
}

function vector(lengths: number[], count: number, maxRootBits: number, complete: boolean, reuse: boolean): Vector {
  const built = buildDecodeTableHere(lengths, count, maxRootBits, complete);
  const expected = typeof built === "string" ? `error ${built}` : `${built.rootBits} ${built.rootSize} ${built.entries.join(",")}`;
  return { lengths, count, maxRootBits, complete, reuse, size: typeof built === "string" ? 0 : built.entries.length, expected };
}

function vectors(): Vector[] {
  const random = seededRandom(11);
  const list: Vector[] = [];
  for (let k = 0; k < 60; k++) {
    const count = [19, 30, 286, 288][k % 4];
    const codes = 2 + Math.floor(random() * (count - 1));
    const lengths = completeLengths(random, count, codes);
    const maxRootBits = count === 19 ? 7 : count === 30 ? 7 : 9;
    list.push(vector(lengths, count, maxRootBits, k % 7 === 0, k % 3 === 0));
    // The same with one code dropped: incomplete (refused but for literal/distance codes of one code).
    const dropped = [...lengths];
    dropped[dropped.findIndex((l) => l > 0)] = 0;
    list.push(vector(dropped, count, maxRootBits, k % 5 === 0, false));
    // One length shortened: over-subscribed.
    const over = [...lengths];
    const longest = over.indexOf(Math.max(...over));
    over[longest] -= 1;
    list.push(vector(over, count, maxRootBits, false, false));
  }
  const lone = new Array<number>(30).fill(0);
  lone[3] = 1;
  list.push(vector(lone, 30, 7, false, false), vector(lone, 30, 7, true, false));
  list.push(vector(new Array<number>(30).fill(0), 30, 7, false, false));
  const lonelong = new Array<number>(30).fill(0);
  lonelong[5] = 2;
  list.push(vector(lonelong, 30, 7, false, false));
  return list;
}

describe("the hand-written Huffman table builder", () => {
  const list = vectors();
  mkdirSync(path.dirname(VECTORS_FILE), { recursive: true });
  writeFileSync(VECTORS_FILE, toLuaChunk(list));

  it("has vectors of every kind: tables with sub-tables, and each refusal", () => {
    expect(list.some((v) => v.expected.includes("-") && !v.expected.startsWith("error") && v.expected.split(",").length > 512)).toBe(true);
    expect(list.some((v) => v.expected === "error incomplete Huffman code")).toBe(true);
    expect(list.some((v) => v.expected === "error over-subscribed Huffman code")).toBe(true);
    expect(list.some((v) => v.reuse && !v.expected.startsWith("error"))).toBe(true);
  });

  for (const runtime of runtimesToTest()) {
    it(`builds the reference's tables in ${runtime}`, async () => {
      const run = await runLua(runtime, SCRIPT, [VECTORS_FILE], { timeoutMs: 60_000 });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines.length).toBe(list.length);
      list.forEach((v, i) => expect(lines[i], `vector ${i}`).toBe(v.expected));
    });
  }
});
